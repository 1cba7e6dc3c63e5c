"""Every known shape of secret is recognised in text and in facts, and is counted; settings stay readable."""

from __future__ import annotations

import pytest

from troubleshooter.redact import (MASK, is_secret_name, redact_data, redact_data_counted, redact_text,
                                   redact_text_counted)

PEM = ("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAPemBodySecret0\nAbCdEf0123\n"
       "-----END RSA PRIVATE KEY-----")
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJKd3RTZWNyZXQifQ.SigJwtPart0"


@pytest.mark.parametrize("text, secret", [
    ("Provisioning.RootPassword=RootPw0rdValue", "RootPw0rdValue"),
    ("StorageAccountKey = abc def+/==", "abc def"),
    ("password: correct horse battery", "horse battery"),
    ('{"password": "correct horse battery"}', "horse battery"),
    ("client_secret=Cl1ent~Secret.Value", "Cl1ent~Secret.Value"),
    ("HttpProxy.Host=alice:Pr0xyPw@proxy.corp:3128", "Pr0xyPw"),
    ("http_proxy=http://alice:p@ss@proxy.corp:3128", "ss@proxy"[:2] + "@"),
    ("https://a.blob.core.windows.net/c?sv=2022-11-02&sig=SasSig%2Bvalue%3D&se=2030", "SasSig%2Bvalue"),
    ("SharedAccessSignature=sv=2019&sig=SasSig2Value", "SasSig2Value"),
    ("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=AccKeyZm9v+/==;EndpointSuffix=core", "AccKeyZm9v"),
    ("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=SbKeyValue0=",
     "SbKeyValue0"),
    ("Authorization: Bearer BearerTok3nValue", "BearerTok3nValue"),
    (f"token {JWT}", "SigJwtPart0"),
    (f"key file:\n{PEM}\nrest", "PemBodySecret0"),
    (PEM.replace("\n", "\\n"), "PemBodySecret0"),
    (PEM[:60], "MIIEpAIBAAK"),
    ('{"name": "password", "value": "SplitJsonPw"}', "SplitJsonPw"),
    ('{"value": "SplitReversedPw", "name": "client_secret"}', "SplitReversedPw"),
    ("{'key': 'StorageAccountKey', 'value': 'SplitReprKey'}", "SplitReprKey"),
    ('<add key="StorageAccountKey" value="XmlAttrKey0" />', "XmlAttrKey0"),
    ("<AdminPassword>XmlElemPw0</AdminPassword>", "XmlElemPw0"),
    ("Name  : Password\nValue : PsListPw0", "PsListPw0"),
    ("setting_name=StorageAccountKey setting_value=SnakePairKey0", "SnakePairKey0"),
    ('{"ParameterName": "client_secret", "ParameterValue": "CamelPair0"}', "CamelPair0"),
    ("export DB_PASSWORD='Exp0rtPw'", "Exp0rtPw"),
    ("[settings]\nsecret = IniSecret0", "IniSecret0"),
    ("    Numerical Password:\n      ID: {1F2E}\n      Password:\n        "
     "123456-234567-345678-456789-567890-678901-789012-890123", "123456-234567"),
])
def test_every_shape_is_redacted_and_counted(text, secret):
    cleaned, count = redact_text_counted(text)
    assert secret not in cleaned, cleaned
    assert MASK in cleaned and count >= 1
    assert redact_text(cleaned) == cleaned and redact_text_counted(cleaned)[1] == 0  # nothing left to find


@pytest.mark.parametrize("text", [
    "Extensions.Enabled=y\nProvisioning.Agent=auto\nHttpProxy.Host=proxy.corp\nHttpProxy.Port=3128",
    "Provisioning.DeleteRootPassword=y\nProvisioning.PasswordCryptId=6\nProvisioning.PasswordCryptSaltLength=10",
    "MountsToSkip = /mnt/resource\nfsfreeze: True\nSafeFreezeWaitInSeconds=600",
    "Writer name: 'SqlServerWriter' State: [1] Stable at 01:50:10",
    "Reason: the password for the backup vault expired",
    "https://learn.microsoft.com/azure/backup/backup-azure-vms-troubleshoot?tabs=linux",
    "bypass_list=localhost;168.63.129.16",
])
def test_settings_and_ordinary_words_stay(text):
    assert redact_text_counted(text) == (text, 0)


@pytest.mark.parametrize("name, secret", [
    ("Provisioning.RootPassword", True), ("StorageAccountKey", True), ("password", True), ("client_secret", True),
    ("sig", True), ("SharedAccessKey", True), ("protectedSettings", True), ("x-ms-signature", True),
    ("Provisioning.DeleteRootPassword", False), ("Provisioning.PasswordCryptId", False), ("key", False),
    ("HasPrivateKey", False), ("is_password_set", False), ("IssuerSecret", True), ("UserPassword", True),
    ("PasswordAuthentication", True),
    ("name", False), ("MountsToSkip", False), ("bypass_list", False), ("HttpProxy.Host", False),
])
def test_secret_names(name, secret):
    assert is_secret_name(name) is secret


def test_facts_split_across_keys_values_and_lists():
    facts = {"setting": {"key": "StorageAccountKey", "value": "FactKey0"},
             "parameter": {"ParameterName": "AccountKey", "ParameterValue": "FactCamel0"},
             "pairs": [{"name": "password", "value": "FactPw0"}, {"name": "MountsToSkip", "value": "/mnt"}],
             "sections": {"Logging": {"client_secret": "FactSecret0", "level": "info"}},
             "command": ["mysql", "--password", "FactCmdPw0", "-u", "root"],
             "password_set": True,
             "note": "proxy http://bob:FactUrlPw0@proxy:8080"}
    cleaned, count = redact_data_counted(facts)
    flat = repr(cleaned)
    for secret in ("FactKey0", "FactCamel0", "FactPw0", "FactSecret0", "FactCmdPw0", "FactUrlPw0"):
        assert secret not in flat
    assert count == 6
    assert cleaned["pairs"][1] == {"name": "MountsToSkip", "value": "/mnt"}
    assert cleaned["sections"]["Logging"]["level"] == "info" and cleaned["password_set"] is True
    assert cleaned["command"][:2] == ["mysql", "--password"] and cleaned["command"][3:] == ["-u", "root"]
    assert redact_data(cleaned) == cleaned


def test_an_ini_value_continued_on_indented_lines_is_masked_whole():
    text = "[s]\nStorageAccountKey = first\n    SecondLineSecret\n\t ThirdLineSecret\nMountsToSkip = /mnt"
    cleaned = redact_text(text)
    assert "SecondLineSecret" not in cleaned and "ThirdLineSecret" not in cleaned
    assert cleaned.endswith("MountsToSkip = /mnt")


def test_network_manager_keyfile_secrets():
    text = "[wifi-security]\nkey-mgmt=wpa-psk\npsk=WifiPsk0\npsk-flags=0\n[802-1x]\nprivate-key-password=Eap0Pw"
    cleaned = redact_text(text)
    assert "WifiPsk0" not in cleaned and "Eap0Pw" not in cleaned and "psk-flags=0" in cleaned


def test_a_secret_pair_right_after_another_pair_on_the_line():
    # A status message as an extension writes it: "<state>: password: <value>". The first pair's
    # value ends in the second pair's name; both must be read as pairs.
    text, count = redact_text_counted("[?] unknown: password: St-Pw-4455-fig; token= abc123")
    assert "St-Pw-4455-fig" not in text and "abc123" not in text and count == 2
