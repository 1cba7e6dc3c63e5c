"""Remove secrets (passwords, tokens, signatures, keys) and optionally identifiers from text that leaves the program.

`redact_text` works on free text: config files, logs, command output, status messages.
`redact_data` works on the structures checks report as facts, where a secret's name and its value
may sit in different strings (`{"name": "password", "value": "..."}`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, Callable

MASK = "***"
IDENTIFIER_MASK = "[hidden]"

# A name is a secret's name when, lower-cased and stripped of everything but letters and digits,
# it contains one of these words (Provisioning.RootPassword, StorageAccountKey, client_secret ...)
_SECRET_WORDS = (
    "password", "passwd", "passphrase", "passwort", "secret", "credential", "apikey", "privatekey",
    "accountkey", "accesskey", "sharedkey", "sharedaccesskey", "sharedaccesssignature", "connectionstring",
    "sastoken", "sasurl", "accesstoken", "refreshtoken", "idtoken", "authtoken", "bearertoken", "apitoken",
    "signingkey", "encryptionkey", "storagekey", "masterkey", "subscriptionkey", "primarykey", "secondarykey",
    "secretkey", "clientkey", "protectedsettings", "xmssignature", "wpapsk", "presharedkey", "sasuri",
    "functionskey", "functionkey", "hostmasterkey",
)
# ... or is exactly one of these (short words that mean a secret only on their own: sig=, pwd=).
_SECRET_EXACT = frozenset({"pwd", "pass", "pw", "psk", "sig", "signature", "token", "sas", "auth", "authorization",
                           "proxyauthorization", "cookie", "setcookie"})
# Names that contain a secret word but hold a setting about the secret, not the secret itself
# (waagent.conf's Provisioning.DeleteRootPassword=y, Provisioning.PasswordCryptId=6).
_SETTING_PREFIXES = ("delete", "regenerate", "disable", "enable", "allow", "require", "has", "is", "use", "no")
_SETTING_SUFFIXES = ("cryptid", "saltlength", "length", "enabled", "expiry", "expiration", "expires", "file",
                     "path", "type", "policy", "format", "set", "present", "count", "thumbprint", "age", "flags",
                     "name", "header")
# Names that end in one of these hold a password however they begin (adminPwd, dbPasswd).
_SECRET_ENDINGS = ("pwd", "passwd")


def is_secret_name(name: object) -> bool:
    """Whether a setting, parameter or field called `name` holds a secret."""
    if not isinstance(name, str) or len(name) > 120:
        return False
    normal = re.sub(r"[^a-z0-9]", "", name.lower())
    if not normal:
        return False
    if normal in _SECRET_EXACT:
        return True
    if not any(word in normal for word in _SECRET_WORDS) and not normal.endswith(_SECRET_ENDINGS):
        return False
    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", name.rsplit(".", 1)[-1])
    first_word = words[0].lower() if words else ""
    return not (first_word in _SETTING_PREFIXES or normal.endswith(_SETTING_SUFFIXES))


# A value: a double-quoted string with escapes, a single-quoted one, or one bare word.
_QUOTED = r"\"(?:[^\"\\\r\n]|\\.)*\"|'[^'\r\n]*'"
# (a backslash before a quote ends it: that is an escaped string's end, as in {\"pw\": \"x\"})
_BARE = r"(?:[^\s&;,\"'<>)\]}\\]|\\(?![\"']))+"
_NAME = r"[A-Za-z_][\w.\-]{0,119}"
# The field that holds a setting's name, and the one that holds its value, when they are apart:
# name/key/setting_name/ParameterName ... and value/val/data/setting_value ...
_NAME_FIELDS = r"(?:[A-Za-z][A-Za-z0-9]{0,30}[_\-.]?)?(?:name|key|setting|parameter|property|variable|field)"
_VALUE_FIELDS = r"(?:[A-Za-z][A-Za-z0-9]{0,30}[_\-.]?)?(?:value|val|data|content)"


def _masked_value(value: str) -> str:
    """MASK in place of a value, keeping its quotes so JSON and config files keep their shape."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[0] + MASK + value[0]
    return MASK


class _Counter:
    def __init__(self):
        self.count = 0

    def sub(self, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str | None], text: str) -> str:
        def one(match: re.Match[str]) -> str:
            replaced = replace(match)
            if replaced is None or replaced == match.group(0):
                return match.group(0)
            self.count += 1
            return replaced

        return pattern.sub(one, text)


def _fixed(template: str) -> Callable[[re.Match[str]], str]:
    return lambda match: match.expand(template)


def _named_value(match: re.Match[str]) -> str | None:
    """`name<sep>value` where the name says the value is a secret."""
    if not is_secret_name(match.group("name")):
        return None
    value = match.group("value")
    if not value or value.strip("\"'") in ("", MASK):
        return None
    return match.group("head") + _masked_value(value)


def _split_pair(match: re.Match[str]) -> str | None:
    """A name in one string and its value in the next: {"name": "password", "value": "..."}."""
    if not is_secret_name(match.group("name").strip("\"'")):
        return None
    start, end = match.span("value")
    value = match.group("value")
    if value.strip("\"'") in ("", MASK):
        return None
    whole = match.group(0)
    offset = match.start(0)
    return whole[:start - offset] + _masked_value(value) + whole[end - offset:]


def _xml_element(match: re.Match[str]) -> str | None:
    if not is_secret_name(match.group("tag").split(":")[-1]) or not match.group("value").strip():
        return None
    return match.group("open") + MASK + match.group("close")


_VALUE = rf"(?P<value>{_QUOTED}|{_BARE})"
# One argument on a command line: quoted (with spaces) or a bare word.
# A backslash before a quote is JSON's escape, not part of the word (the string is redacted decoded).
_ARGUMENT = r"\"[^\"\n]*\"|'[^'\n]*'|(?:[^\s'\"|;&\\]|\\(?![\"']))+"


def _masked_argument(match: re.Match[str]) -> str | None:
    value = match.group("value")
    if value.strip("\"'") in ("", MASK):
        return None
    return match.group("head") + _masked_value(value)


def _user_and_password(match: re.Match[str]) -> str | None:
    """user:password as an option's argument; the user stays, the password goes."""
    value = match.group("value")
    quote = value[0] if value[:1] in "\"'" and value[-1:] == value[:1] and len(value) > 1 else ""
    inner = value[1:-1] if quote else value
    user, colon, password = inner.partition(":")
    if not colon or not password or password == MASK or "//" in inner:
        return None
    return match.group("head") + quote + user + ":" + MASK + quote

# Order matters: whole blocks and URLs first, then names and their values.
# A rule may name needles (lower-case): it runs only on a text that holds one of them.
_RULES: list[tuple] = [
    # PEM private keys (also cut ones, and ones inside a JSON string with \n escapes)
    (re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----.*?"
                r"(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\Z)", re.DOTALL),
     _fixed("-----PRIVATE KEY " + MASK + "-----")),
    # PuTTY private keys: the lines after Private-Lines (the public part and the MAC may stay)
    (re.compile(r"(?m)^(?P<head>Private-Lines:[ \t]*\d+[ \t]*\r?\n)(?:[A-Za-z0-9+/=]+[ \t]*(?:\r?\n|\Z))+"),
     _fixed(r"\g<head>" + MASK + "\n")),
    # password hashes, as shadow files and useradd -p hold them ($6$ SHA-512, $y$ yescrypt, $1$ MD5 ...)
    (re.compile(r"(?<![\w$])\$(?:1|2[abxy]|5|6|7|y|gy|sha1|md5)\$[^\s:\"']{8,}"), _fixed(MASK)),
    # a bare storage account key: 64 bytes in base64 (az storage account keys list, a key pasted alone)
    (re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])"), _fixed(MASK)),
    # scheme://user:password@host  (proxy URLs, git remotes, connection URLs); a password may hold '@'
    (re.compile(r"(?P<scheme>(?<![a-z0-9+.\-])[a-z][a-z0-9+.\-]{0,30}://)[^\s/@:'\"<>]*:[^\s/'\"<>]*@(?=[^\s@/]*(?:[\s/'\"<>]|$))",
                re.IGNORECASE),
     _fixed(r"\g<scheme>" + MASK + ":" + MASK + "@")),
    # scheme://token@host (a user part alone is often a token, e.g. https://ghp_xxx@github.com)
    (re.compile(r"(?P<scheme>(?<![a-z0-9+.\-])(?:https?|socks[45]?h?)://)[^\s/@:'\"<>]{16,}@", re.IGNORECASE),
     _fixed(r"\g<scheme>" + MASK + "@")),
    # user:password@proxy:port without a scheme (http_proxy=alice:pw@proxy:3128, HttpProxy.Host=...)
    (re.compile(r"(?<![\w.%+\-/:@\\])(?P<user>[\w.%+\-\\]{1,64}):(?P<pw>[^\s/@:'\"<>]+)@(?=[A-Za-z0-9\[][\w.\-\]:]*)"),
     lambda m: None if m.group("user").lower() in ("mailto", "sip") else m.group("user") + ":" + MASK + "@"),
    # Authorization: Bearer/Basic/SharedKey ... and bare "Bearer eyJ..." tokens
    (re.compile(r"(?P<head>\b(?:proxy-)?authorization\s*[:=]\s*)"
                r"(?P<kind>(?:bearer|basic|sharedkey|sharedaccesssignature|negotiate|ntlm|digest)\s+)?"
                r"""(?P<rest>[^\r\n"']+)""", re.IGNORECASE),
     lambda m: None if m.group("rest").strip() == MASK else m.group("head") + (m.group("kind") or "") + MASK),
    (re.compile(r"(?P<head>\bbearer\s+)(?!\*\*\*)[A-Za-z0-9\-._~+/]{8,}=*", re.IGNORECASE), _fixed(r"\g<head>" + MASK)),
    # JSON web tokens anywhere (three base64url parts, the first one a JSON header)
    (re.compile(r"\beyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*"), _fixed(MASK)),
    # BitLocker recovery passwords (eight groups of six digits), wherever a tool prints them
    (re.compile(r"(?<![\d-])\d{6}(?:-\d{6}){7}(?![\d-])"), _fixed(MASK)),
    # Split pairs: {"name": "password", "value": "..."}, {'key': 'StorageAccountKey', 'value': ...}
    (re.compile(rf"(?<![\w])(?P<q1>[\"']?){_NAME_FIELDS}(?P=q1)\s*[:=]\s*(?P<name>{_QUOTED}|[\w.\-]+)\s*[,;]?\s*"
                # up to three other fields of the same object between them ("type": "SecureString")
                rf"(?:(?P<q3>[\"'])[A-Za-z][\w\-]{{0,40}}(?P=q3)\s*:\s*(?:{_QUOTED}|[\w.\-]+)\s*,\s*){{0,3}}"
                rf"(?P<q2>[\"']?){_VALUE_FIELDS}(?P=q2)\s*[:=]\s*{_VALUE}", re.IGNORECASE),
     _split_pair),
    # ... the other way round: {"value": "...", "name": "password"}
    (re.compile(rf"(?<![\w])(?P<q2>[\"']?){_VALUE_FIELDS}(?P=q2)\s*[:=]\s*{_VALUE}\s*[,;]?\s*"
                rf"(?P<q1>[\"']?){_NAME_FIELDS}(?P=q1)\s*[:=]\s*(?P<name>{_QUOTED}|[\w.\-]+)", re.IGNORECASE),
     _split_pair),
    # XML attributes: <add key="StorageAccountKey" value="..."/>
    (re.compile(rf"\b{_NAME_FIELDS}\s*=\s*(?P<name>{_QUOTED})\s+{_VALUE_FIELDS}\s*=\s*(?P<value>{_QUOTED})",
                re.IGNORECASE), _split_pair),
    # PowerShell lists:  Name  : Password  /  Value : ...
    (re.compile(r"(?im)^[ \t]*name[ \t]*:[ \t]*(?P<name>[^\r\n]+?)[ \t]*\r?\n[ \t]*value[ \t]*:[ \t]*(?P<value>[^\r\n]*)$"),
     _split_pair),
    # XML elements: <AdminPassword>...</AdminPassword>, <UserPassword>
    (re.compile(r"(?P<open><(?P<tag>[\w:.\-]{1,80})(?:\s[^<>]*)?>)(?P<value>[^<]{1,4096})(?P<close></(?P=tag)\s*>)"),
     _xml_element),
    # Whole lines of config files: Provisioning.RootPassword=..., StorageAccountKey = a b c, password: x
    (re.compile(rf"(?m)^(?P<head>[ \t]*(?:[#;][ \t]*)?(?:export[ \t]+|set[ \t]+|\$env:)?(?P<name>{_NAME})[ \t]*[=:][ \t]*)"
                # an INI value may go on over indented lines
                r"(?P<value>[^\r\n]*?[^\s][^\r\n]*?(?:\r?\n[ \t]+[^\s][^\r\n]*?)*)[ \t]*$"), _named_value),
    # command-line options: --password x, -Password x, /p:x, /password:x
    (re.compile(r"(?P<head>(?<![\w/])(?:--?(?:password|passwd|pwd|pass|secret|client-secret|clientsecret|"
                r"token|access-token|account-key|accountkey|sas-token|sastoken|api-key|apikey)"
                r"|-(?:Password|Credential|AccessToken|SasToken|AccountKey|ClientSecret|PlainTextPassword))"
                r"(?:\s+|=|:))(?P<value>\"[^\"\r\n]*\"|'[^'\r\n]*'|[^\s\"']+)",
                re.IGNORECASE),
     lambda m: None if m.group("value").strip("\"'") == MASK else m.group("head") + _masked_value(m.group("value"))),
    (re.compile(r"(?P<head>(?<![\w:])/(?:p|pw|pwd|pass|password|passwd)\s*:\s*)(?P<value>\"[^\"\r\n]*\"|[^\s\"']+)",
                re.IGNORECASE),
     lambda m: None if m.group("value").strip("\"'") == MASK else m.group("head") + _masked_value(m.group("value"))),
    *(  # programs that take a password as an argument of their own making
        (re.compile(head + r"(?P<value>" + _ARGUMENT + ")", flags), _masked_argument, needles)
        for head, flags, needles in (
            (r"(?P<head>\b(?:mysql\w*|mariadb\w*)\b[^\n|;&]*?\s-p)(?=\S)", 0, ("mysql", "mariadb")),  # -pSecret
            (r"(?P<head>\bsshpass\b[^\n|;&]*?\s-p\s*)", 0, ("sshpass",)),
            (r"(?P<head>\baz\s+login\b[^\n|;&]*?\s(?:-p|--password)(?:\s+|=))", 0, ("login",)),
            (r"(?P<head>\bConvertTo-SecureString\s+(?:-String\s+)?)(?![$-])", re.IGNORECASE, ("securestring",)),
            (r"(?P<head>\bnet(?:\.exe)?\s+user\s+(?:\"[^\"\n]+\"|[^\s\"/]+)\s+)(?![*/])", re.IGNORECASE, ("user",)),
            (r"(?P<head>\bnet(?:\.exe)?\s+use\s+(?:[A-Za-z]:\s+|\*\s+)?\\\\\S+\s+)(?![*/])", re.IGNORECASE,
             ("use",)),
        )),
    # echo Secret | sudo -S ...
    (re.compile(r"(?P<head>\b(?:echo|printf)(?:\s+-[neE]+)?\s+)(?P<value>" + _ARGUMENT + r")"
                r"(?=\s*\|\s*sudo\b[^\n|]*?\s-[A-Za-z]*S)"), _masked_argument, ("sudo",)),
    # curl -u user:password, --user, --proxy-user (a user alone, without a colon, stays)
    (re.compile(r"(?P<head>(?<![\w-])(?:-u|-U|--user|--proxy-user)(?:\s+|=)?)(?P<value>" + _ARGUMENT + ")"),
     _user_and_password, ("-u", "--user", "--proxy-user")),
    # a query's or a JSON string's pairs behind escaped separators: \u0026sig=..., %26sig%3D...
    (re.compile(r"(?P<head>(?:\\u0026|\\u003[fF]|&amp;|&#0*38;)(?P<name>[A-Za-z_][\w.\-]{0,119})=)"
                r"(?P<value>(?:(?!\\u0026|&amp;)[^\s&;,\"'<>\\])+)"), _named_value, ("\\u00", "&amp;", "&#")),
    (re.compile(r"(?P<head>(?:(?<=%26)|(?<=%3[fF])|(?<=%3[bB])|(?<![\w%.\-]))(?P<name>[A-Za-z_][\w.\-]{0,119})%3[dD])"
                r"(?P<value>(?:[^\s&%\"'<>\\]|%(?!26|3[bB])[0-9A-Fa-f]{2})+)"), _named_value, ("%3d",)),
    # "password" inside a JSON string inside JSON: {\"password\": \"...\"} (escaped once or more)
    (re.compile(r"(?P<head>(?P<esc>\\+)\"(?P<name>[^\"\\\n]{1,120})(?P=esc)\"\s*:\s*(?P=esc)\")"
                r"(?P<value>(?:(?!(?P=esc)\").)+)(?=(?P=esc)\")"), _named_value, ('\\"',)),
]


# name=value and name: value inside a line (query strings, connection strings, environments,
# "status: password: ..."). Only the name and its separator are matched, and the value is looked
# for after it, so that "unknown: password: x" finds the second pair too: a pattern that took
# "unknown: password:" as a name and its value would have hidden it.
_INLINE_NAME = re.compile(rf"(?<![\w.\-/\\])(?P<name>{_NAME})\s*(?:=|:(?!//))\s*")
# "password": "x" in JSON or YAML, 'client_secret': 'x' in a Python repr, "key" => "x" in Perl or Ruby;
# looked for the same way, so that a harmless "message": "..." does not hide the pairs inside it.
_QUOTED_NAME = re.compile(r"(?P<q>[\"'])(?P<name>[^\"'\\\r\n]{1,120})(?P=q)\s*[:=]>?\s*")
_VALUE_AT = re.compile(_VALUE)


def _redact_inline_pairs(text: str, counter: _Counter, names: re.Pattern[str] = _INLINE_NAME) -> str:
    parts: list[str] = []
    done = 0
    for match in names.finditer(text):
        if match.start() < done or not is_secret_name(match.group("name")):
            continue
        value = _VALUE_AT.match(text, match.end())
        if value is None or value.group("value").strip("\"'") in ("", MASK):
            continue
        parts += [text[done:value.start()], _masked_value(value.group("value"))]
        done = value.end()
        counter.count += 1
    return "".join(parts) + text[done:] if parts else text


# A JSON string literal with at least one escape in it: a status file's message, a command line
# or a whole JSON document kept as a string inside JSON.
_ESCAPED_JSON_STRING = re.compile(r'"(?=(?:[^"\\\r\n]|\\.)*\\)((?:[^"\\\r\n]|\\.){0,1048576})"')
_NESTING = 4  # JSON in a string in JSON ... deeper than this is not looked into


def _redact_json_strings(text: str, counter: _Counter, depth: int) -> str:
    """Each escaped JSON string redacted as the text it stands for, then escaped again, so that
    \\" and \\n and \\t hide no secret from the rules."""
    done: dict[str, tuple[str, int]] = {}  # a log repeats its messages

    def one(match: re.Match[str]) -> str:
        literal = match.group(0)
        if literal not in done:
            try:
                decoded = json.loads(literal)
            except ValueError:
                decoded = None
            cleaned, found = _redact(decoded, depth + 1) if isinstance(decoded, str) else (literal, 0)
            done[literal] = (json.dumps(cleaned, ensure_ascii=False) if found else literal, found)
        replaced, found = done[literal]
        counter.count += found
        return replaced

    return _ESCAPED_JSON_STRING.sub(one, text)


def _redact(text: str, depth: int) -> tuple[str, int]:
    counter = _Counter()
    # Strings inside first: the rules below then find their secrets already masked, and cannot
    # take a string's escapes for part of a value.
    if depth < _NESTING and "\\" in text:
        text = _redact_json_strings(text, counter, depth)
    lowered = text.lower()
    for pattern, replace, *needles in _RULES:
        if needles and not any(needle in lowered for needle in needles[0]):
            continue
        text = counter.sub(pattern, replace, text)
    text = _redact_inline_pairs(text, counter, _QUOTED_NAME)
    text = _redact_inline_pairs(text, counter)
    return text, counter.count


def redact_text_counted(text: str) -> tuple[str, int]:
    """The text with every credential we recognise replaced by ***, and how many were replaced."""
    if not text or not isinstance(text, str):
        return text, 0
    return _redact(text, 0)


def redact_text(text: str) -> str:
    """The text with every credential we recognise replaced by ***; other words are untouched."""
    return redact_text_counted(text)[0]


_OPTION = re.compile(r"^(?:--?|/)(?P<name>[A-Za-z][\w\-]*)$")


def redact_data_counted(value: Any) -> tuple[Any, int]:
    """`value` (dicts, lists, strings, numbers) with every secret in it masked, and how many were.

    Besides the text of every string, a value is masked when its key names a secret, when a
    sibling field names one ({"key": "StorageAccountKey", "value": ...}), and when it follows a
    secret option in a list (["mysql", "--password", "..."])."""
    counter = [0]
    return _redact_value(value, counter), counter[0]


def redact_data(value: Any) -> Any:
    return redact_data_counted(value)[0]


def _mask_all(value: Any, counter: list[int]) -> Any:
    if isinstance(value, dict):
        return {key: _mask_all(item, counter) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_mask_all(item, counter) for item in value)
    if value is None or isinstance(value, bool) or value == "" or value == MASK:
        return value
    counter[0] += 1
    return MASK


def _redact_value(value: Any, counter: list[int]) -> Any:
    if isinstance(value, str):
        text, found = redact_text_counted(value)
        counter[0] += found
        return text
    if isinstance(value, dict):
        name_fields = [key for key, item in value.items() if isinstance(key, str)
                       and re.fullmatch(_NAME_FIELDS, key, re.IGNORECASE) and is_secret_name(item)]
        cleaned = {}
        for key, item in value.items():
            clean_key = _redact_value(key, counter) if isinstance(key, str) else key
            if (is_secret_name(key) or (name_fields and key not in name_fields)) and not isinstance(item, bool):
                cleaned[clean_key] = _mask_all(item, counter)
            else:
                cleaned[clean_key] = _redact_value(item, counter)
        return cleaned
    if isinstance(value, (list, tuple)):
        items = list(value)
        cleaned_items = []
        mask_next = False
        for item in items:
            if mask_next and isinstance(item, (str, int, float)) and not isinstance(item, bool):
                cleaned_items.append(_mask_all(item, counter))
                mask_next = False
                continue
            option = _OPTION.match(item) if isinstance(item, str) else None
            mask_next = bool(option and is_secret_name(option.group("name")))
            cleaned_items.append(_redact_value(item, counter))
        return type(value)(cleaned_items) if isinstance(value, tuple) else cleaned_items
    return value


_GUID = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
# A GUID written without its dashes (a vmId in some logs); other hashes have other lengths.
_BARE_GUID = re.compile(r"(?<![0-9A-Za-z])[0-9a-fA-F]{32}(?![0-9A-Za-z])")
# Octets may carry leading zeros (010.001.002.003); each is checked to be 255 or less.
_IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
# IPv6: at least two colons and hex groups; kept strict enough not to eat times like 01:50:10.
_IPV6 = re.compile(r"(?<![0-9A-Fa-f:.])(?=[0-9A-Fa-f:]*:[0-9A-Fa-f]*:)(?:[0-9A-Fa-f]{1,4}|:)(?::[0-9A-Fa-f]{0,4}){2,7}"
                   r"(?:%[0-9A-Za-z]+)?(?![0-9A-Fa-f:])")
# MAC addresses with dashes (Windows), dots (switches), colons, or bare after a "mac" name (IMDS).
_MACS = (re.compile(r"(?<![\w-])[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}(?![\w-])"),
         re.compile(r"(?<![\w.])[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){2}(?![\w.])"),
         re.compile(r"(?<![\w:])[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}(?![\w:])"))
_NAMED_MAC = re.compile(r"(?i)(?P<head>mac(?:_?address)?[\"']?\s*[:=]\s*[\"']?)[0-9A-F]{12}(?![0-9A-Za-z])")
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
# An Azure resource id: the subscription, the resource group and every resource's name are the VM's own.
_RESOURCE_ID = re.compile(r"(?i)/subscriptions/[^/\s\"'<>?#]+(?:/[^/\s\"'<>?#]+)*")
# A storage account (or a managed disk's account) is the first label of its endpoint.
_STORAGE_ACCOUNT = re.compile(r"(?i)(?<![\w\-.])[a-z0-9][a-z0-9\-]{0,62}(?=(?:\.z\d+)?\.(?:blob|file|queue|table|dfs|web)"
                              r"\.(?:core\.windows\.net|core\.chinacloudapi\.cn|core\.usgovcloudapi\.net|storage\.azure\.net)\b)")
# The VM network's DNS suffix is unique to the virtual network: xxxx.ax.internal.cloudapp.net.
_INTERNAL_DNS = re.compile(r"(?i)(?<![\w\-.])[a-z0-9\-]+(?:\.[a-z0-9\-]+)*(?=\.internal\.cloudapp\.net\b)")
# Well-known platform addresses are the same on every Azure VM and help support read the evidence.
_PUBLIC_PLATFORM_ADDRESSES = {"168.63.129.16", "169.254.169.254", "127.0.0.1", "0.0.0.0", "255.255.255.255"}


def _looks_like_ipv6(candidate: str) -> bool:
    groups = [group for group in candidate.split("%")[0].split(":") if group]
    # Times such as 10:30:00 have three short decimal groups; "std::" and "d::" have one group.
    if "::" in candidate:
        return len(groups) >= 2
    return len(groups) >= 4 or (len(groups) >= 3 and any(c in "abcdefABCDEF" for c in "".join(groups)))


def _masked_ipv4(match: re.Match[str]) -> str:
    octets = [int(octet) for octet in match.group(0).split(".")]
    if any(octet > 255 for octet in octets) or ".".join(map(str, octets)) in _PUBLIC_PLATFORM_ADDRESSES:
        return match.group(0)
    return IDENTIFIER_MASK


def _masked_resource_id(match: re.Match[str]) -> str:
    """/subscriptions/S/resourceGroups/G/providers/Namespace/type/NAME/type/NAME: S, G and the names go."""
    parts = match.group(0).split("/")
    after_provider = None
    for index in range(2, len(parts)):
        before = parts[index - 1].lower()
        if before in ("subscriptions", "resourcegroups"):
            parts[index] = IDENTIFIER_MASK
        elif before == "providers":
            after_provider = index  # the namespace stays; then type/name pairs
        elif after_provider is not None and (index - after_provider) % 2 == 0:
            parts[index] = IDENTIFIER_MASK
    return "/".join(parts)


def _identifier_variants(identifiers: Iterable[str]) -> set[str]:
    """Each identifier, and a DNS name's first label too (vm01 of vm01.internal.cloudapp.net)."""
    names = set()
    for identifier in identifiers:
        identifier = (identifier or "").strip()
        if len(identifier) >= 2:
            names.add(identifier)
            first = identifier.split(".")[0]
            if "." in identifier and len(first) >= 2 and not first.isdigit():
                names.add(first)
    return names


def mask_identifiers(text: str, identifiers: Iterable[str] = ()) -> str:
    """The text with the given identifiers (subscription, vmId, host name...) in any case and with
    any suffix after a separator (vm01-nic, vm01_OsDisk, vm01.contoso.local), resource ids,
    storage accounts, e-mail addresses, the network's DNS suffix, GUIDs, MACs and IP addresses masked."""
    if not text:
        return text
    text = _RESOURCE_ID.sub(_masked_resource_id, text)
    text = _STORAGE_ACCOUNT.sub(IDENTIFIER_MASK, text)
    text = _INTERNAL_DNS.sub(IDENTIFIER_MASK, text)
    text = _EMAIL.sub(IDENTIFIER_MASK, text)
    for identifier in sorted(_identifier_variants(identifiers), key=len, reverse=True):
        text = re.sub(r"(?<![A-Za-z0-9])" + re.escape(identifier) + r"(?![A-Za-z0-9])", IDENTIFIER_MASK, text,
                      flags=re.IGNORECASE)
    text = _GUID.sub(IDENTIFIER_MASK, text)
    text = _BARE_GUID.sub(IDENTIFIER_MASK, text)
    text = _NAMED_MAC.sub(lambda match: match.group("head") + IDENTIFIER_MASK, text)
    for mac in _MACS:
        text = mac.sub(IDENTIFIER_MASK, text)
    text = _IPV4.sub(_masked_ipv4, text)
    text = _IPV6.sub(lambda m: IDENTIFIER_MASK if _looks_like_ipv6(m.group(0)) and m.group(0) != "::1"
                     else m.group(0), text)
    return text
