"""A corpus of secret shapes as VMs print them, and of harmless look-alikes that must stay.

SECRETS: (class, text, the parts of it that must vanish). HARMLESS: (what it is, text) that
redaction must leave exactly as it is. Both are used by test_redaction_corpus.py, which also
measures detect-secrets' detectors against ours on the same corpus when it is installed.
"""

from __future__ import annotations

import base64
import hashlib


def _key(seed: str) -> str:
    """An 88-character storage account key (64 random-looking bytes in base64)."""
    return base64.b64encode(hashlib.sha512(seed.encode()).digest()).decode()


KEY1, KEY2, KEY3 = _key("key1"), _key("key2"), _key("bare")
PUTTY_PRIVATE = "AAABAQCcrsoUfPyE1Zws9xJHpz8nL2eD3gHt5mVq7Ri9XoPbYpTqWuFz\nAAAAgQDmCJYfS4cC1bnR2bM0hZx5PqlwN8"
PGP_BODY = "lQOYBGVzdXJlAQgA2xKQ9ZHk7mWfPZp8e3wD1cVbN5mHgJqR\n=Xq7P"

SECRETS: list[tuple[str, str, list[str]]] = [
    # SAS signatures, URL-encoded or JSON-escaped
    ("sas url-encoded", "uploading to https%3A%2F%2Facct.blob.core.windows.net%2Fc%2Fb%3Fsv%3D2022-11-02%26sr%3Db"
                        "%26sig%3DQx7Lm2Rt9Pa4Kd8Vn3Zs5Wy1Hc6Jf0Ub%252Bmno%253D%26se%3D2030-01-01",
     ["Qx7Lm2Rt9Pa4Kd8Vn3Zs5Wy1Hc6Jf0Ub"]),
    ("sas json-escaped", '{"uri": "https://a.blob.core.windows.net/c/b?sv=2022-11-02\\u0026sr=b\\u0026'
                         'sig=Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1%3D\\u0026se=2030"}', ["Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1"]),
    ("sas html-escaped", "<StatusUploadBlob>https://a.blob.core.windows.net/s?sv=2020&amp;sr=b&amp;"
                         "sig=Hb4Gv6Fc8Dx0Sz2Aq1Wj3Ek5Rl7Tn9Ym%3D&amp;se=2030</StatusUploadBlob>",
     ["Hb4Gv6Fc8Dx0Sz2Aq1Wj3Ek5Rl7Tn9Ym"]),
    # storage keys
    ("bare storage key", f"the key is {KEY3} and it works", [KEY3[:40]]),
    ("az storage account keys list (json)",
     '[\n  {\n    "creationTime": "2026-01-01T00:00:00+00:00",\n    "keyName": "key1",\n    "permissions": "FULL",\n'
     f'    "value": "{KEY1}"\n  }},\n  {{\n    "keyName": "key2",\n    "permissions": "FULL",\n'
     f'    "value": "{KEY2}"\n  }}\n]', [KEY1[:40], KEY2[:40]]),
    ("az storage account keys list (table)",
     f"KeyName    Permissions    Value\n---------  -------------  -----\nkey1       FULL           {KEY1}\n"
     f"key2       FULL           {KEY2}", [KEY1[:40], KEY2[:40]]),
    ("az storage account keys list (tsv)", f"2026-01-01T00:00:00+00:00\tkey1\tFULL\t{KEY1}", [KEY1[:40]]),
    # passwords on command lines
    ("mysqldump -p", "mysqldump -u root -pMy5qlDump!Pw --all-databases > /backup/all.sql", ["My5qlDump!Pw"]),
    ("mysql -p quoted", "mysql -h db -u app -p'Qu0ted Mysql' shop", ["Qu0ted Mysql"]),
    ("mysql --password", "mysql --password=LongForm5ql db", ["LongForm5ql"]),
    ("sshpass -p", "sshpass -p 'Sshp4ss!Word' ssh admin@10.0.0.4 uptime", ["Sshp4ss!Word"]),
    ("sshpass -p joined", "sshpass -pJoinedSshp4ss scp f admin@h:/tmp", ["JoinedSshp4ss"]),
    ("curl -u", "curl -s -u alice:Curl5ecretPw https://api.example.com/x", ["Curl5ecretPw"]),
    ("curl --user quoted", 'curl --user "bob:Quoted Curl Pw" https://h/', ["Quoted Curl Pw"]),
    ("net user", "net user backupadmin N3tUs3r!Pw /add /y", ["N3tUs3r!Pw"]),
    ("net user quoted", 'net user "Backup Operator" "Sp4ced Pw" /domain', ["Sp4ced Pw"]),
    ("net use", r"net use Z: \\srv\share N3tUseP4ss /user:CORP\svc", ["N3tUseP4ss"]),
    ("az login -p", "az login -u admin@contoso.com -p AzL0ginPw!", ["AzL0ginPw!"]),
    ("az login service principal", "az login --service-principal -u 11111111-2222-3333-4444-555555555555 "
                                   "-p Sp~Secret.Az_Login0 --tenant contoso.onmicrosoft.com", ["Sp~Secret.Az_Login0"]),
    ("ConvertTo-SecureString", "$pw = ConvertTo-SecureString 'P0wershellPw!' -AsPlainText -Force", ["P0wershellPw!"]),
    ("ConvertTo-SecureString -String", 'ConvertTo-SecureString -String "Str1ngPsPw" -AsPlainText -Force',
     ["Str1ngPsPw"]),
    ("echo | sudo -S", "echo 'Sud0Pipe!Pw' | sudo -S systemctl restart walinuxagent", ["Sud0Pipe!Pw"]),
    ("echo | sudo -S bare", "echo Sud0BarePw|sudo -kS true", ["Sud0BarePw"]),
    ("client_secret url-encoded", "body=grant_type%3Dclient_credentials%26client_id%3Dabc%26"
                                  "client_secret%3DCs~8Q%7ENotReal.Secret0%26scope%3Dx", ["Cs~8Q%7ENotReal.Secret0"]),
    # password hashes from shadow files
    ("shadow sha-512", "root:$6$rounds=5000$S4ltS4lt$Hq0N2fXbW9rYpL3vK8sT1mC7dA5eG6hJ4iU2oZ0xQ9wE1rT3yU5iO7pA9sD"
                       "1fG3hJ5kL7zX9cV1bN3mQ5w.:19000:0:99999:7:::", ["Hq0N2fXbW9rYpL3vK8sT1mC7dA5"]),
    ("shadow yescrypt", "azureuser:$y$j9T$F5Jx7Q2b9kR1v3Nw5zP0o.$eG7hK9mL1nB3vC5xZ7aS9dF1gH3jK5lQ7wE9rT1yU2:"
                        "19500:0:99999:7:::", ["eG7hK9mL1nB3vC5xZ7aS9dF1gH3jK5lQ7wE9rT1yU2"]),
    ("shadow md5", "old:$1$Sa1tMd5x$Md5HashValueXyZ0123456.:18000:0:99999:7:::", ["Md5HashValueXyZ0123456"]),
    # private keys
    ("pgp private key", f"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n{PGP_BODY}\n-----END PGP PRIVATE KEY BLOCK-----",
     ["lQOYBGVzdXJlAQgA2xKQ9ZHk7mWfPZp8e3wD1cVbN5mHgJqR"]),
    ("putty private key", "PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: rsa-key-2026\nPublic-Lines: 1\n"
                          "AAAAB3NzaC1yc2EAAAADAQABAAABAQCc\nPrivate-Lines: 2\n" + PUTTY_PRIVATE
                          + "\nPrivate-MAC: 8a1f0c6d2e4b7a9c3f5e1d0b8a6c4e2f0d9b7a5c3e1f0a8b6c4d2e0f9a7b5c3d",
     ["AAABAQCcrsoUfPyE1Zws9xJHpz8nL2eD3gHt5mVq7Ri9XoPbYpTqWuFz", "AAAAgQDmCJYfS4cC1bnR2bM0hZx5PqlwN8"]),
    # API-key headers
    ("Ocp-Apim-Subscription-Key", 'curl -H "Ocp-Apim-Subscription-Key: 0123456789abcdef0123456789abcdef" https://h/',
     ["0123456789abcdef0123456789abcdef"]),
    ("X-Functions-Key", "X-Functions-Key: FnK3y-aBcDeFgHiJkLmNoPqRsTuVwXyZ012345==", ["FnK3y-aBcDeFgHiJkLmNoPq"]),
    ("x-api-key", "request headers: {'x-api-key': 'ApiK3yValue0123', 'accept': 'json'}", ["ApiK3yValue0123"]),
    # a "password" inside a JSON string inside a status file
    ("password in a JSON string", '[{"status": {"formattedMessage": {"message": "{\\"user\\": \\"a\\", '
                                  '\\"password\\": \\"Inn3rJs0nPw\\"}"}}}]', ["Inn3rJs0nPw"]),
    ("password in a twice-escaped JSON string", '{"m": "{\\\\\\"password\\\\\\": \\\\\\"Tw1ceEscPw\\\\\\"}"}',
     ["Tw1ceEscPw"]),
    # name/value pairs where the name says secret
    ("name sasUri", '{"name": "sasUri", "value": "https://a.blob.core.windows.net/c?sv=1&sr=c&sig=PairS4sSig"}',
     ["PairS4sSig"]),
    ("name adminPwd", '{"name": "adminPwd", "value": "Adm1nPwdValue"}', ["Adm1nPwdValue"]),
    ("name adminPwd reversed", '{"value": "Adm1nPwdRev", "name": "adminPwd"}', ["Adm1nPwdRev"]),
    ("name vmPassword nested quotes", '{"name":"vmAdminPassword","type":"SecureString","value":"Nest3dPw"}',
     ["Nest3dPw"]),
]

HARMLESS: list[tuple[str, str]] = [
    ("guid in a path", "/var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/status/"
                       "3f2504e0-4f89-11d3-9a0c-0305e82c3301.status"),
    ("guid in a resource id", "/subscriptions/3f2504e0-4f89-11d3-9a0c-0305e82c3301/resourceGroups/rg/providers/"
                              "Microsoft.Compute/virtualMachines/vm1"),
    ("base64 sha-256 in a log", "2026-12-01T10:00:00Z INFO Downloaded package sha256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
    ("base64 md5 header", "Content-MD5: 1B2M2Y8AsgTpgAmY7PhCfg=="),
    ("base64 etag in a log", "2026-12-01 INFO goal state etag MTIzNDU2Nzg5MDEyMzQ1Njc4OTA= incarnation 3"),
    ("base64 certificate thumbprint", "Certificate thumbprint: 8A1F0C6D2E4B7A9C3F5E1D0B8A6C4E2F0D9B7A5C"),
    ("sig as a word", "ExtHandler received sig 15 (SIGTERM), stopping handlers"),
    ("sig file", "gpg: verifying walinuxagent-2.9.tar.gz.sig: Good signature"),
    ("signal handler", "signal handler for sig SIGCHLD installed"),
    ("ssh -p port", "ssh -p 2222 admin@10.0.0.4 uptime"),
    ("mysql -P port", "mysql -h db -P 3306 -u app --ssl-mode=REQUIRED"),
    ("ps -u root", "ps -u root -o pid,comm"),
    ("tar with p", "tar -xzpf backup.tar.gz -C /restore"),
    ("net user without a password", "net user backupadmin /domain"),
    ("net user prompt", "net user backupadmin * /add"),
    ("echo to sudo tee", "echo 'vm.swappiness=10' | sudo tee -a /etc/sysctl.conf"),
    ("ConvertTo-SecureString of a variable", "ConvertTo-SecureString $encrypted -Key $aesKey"),
    ("locked shadow entries", "daemon:*:19000:0:99999:7:::\nnobody:!:19000::::::"),
    ("dollar six in a shell line", "echo $6 $HOME"),
    ("password as a word", "Reason: the password for the backup vault expired; reset it in the portal"),
    ("password setting", "Provisioning.DeleteRootPassword=y\nProvisioning.PasswordCryptId=6"),
    ("ssh password authentication", "PasswordAuthentication no\nPermitRootLogin prohibit-password"),
    ("public key lines", "Public-Lines: 1\nAAAAB3NzaC1yc2EAAAADAQABAAABAQCc"),
    ("key names", '{"keyName": "key1", "permissions": "FULL"}'),
    ("api key setting name", "ApiKeyHeaderName: Ocp-Apim-Subscription-Key"),
    ("iso times", "2026-12-01T10:00:00.123456Z snapshot 01:50:10 done"),
    ("url-encoded ordinary query", "GET /api/search?q%3Dbackup%26lang%3Den HTTP/1.1"),
    ("escaped JSON without a secret", '{"message": "{\\"user\\": \\"azureuser\\", \\"state\\": \\"ready\\"}"}'),
    ("learn link", "https://learn.microsoft.com/azure/backup/backup-azure-vms-troubleshoot?tabs=linux#sig"),
    ("name/value of a setting", '{"name": "location", "value": "koreacentral"}'),
    ("curl without a user", "curl -sS -o /dev/null -w %{http_code} https://h/"),
    ("ucs hash-like version", "walinuxagent 2.9.1.1 ($Id$ 6$ build)"),
]
