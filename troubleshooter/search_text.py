"""Turns English and Korean text into the terms the error search ranks on."""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

# A person may paste a whole log; nobody's error message is longer than this, and the GUI
# searches on every keystroke, so the rest is ignored rather than slowing every answer down.
MAX_QUERY_CHARS = 8000

# Word pairs share the postings of single words; this prefix keeps them apart.
SHINGLE_PREFIX = "\x02"

_LATIN_WORD = re.compile(r"[A-Za-z0-9]+")
_CAMEL_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_TOKEN = re.compile(r"[A-Za-z0-9]+|[\uac00-\ud7a3]+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_DOTTED_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)+(?![\w]|\.\d)")

ENGLISH_STOPWORDS = frozenset("""
a an the is are was were be been being am to of and or in on at for with from by as it its
this that these those my i me we our you your he she they them their please can could will
would shall should do does did done have has had how what why when where which who whom so
if then than but also just into onto there here any some such very too own same about via
again get got gets getting let lets may might must now only other out over per s t
doesn isn don didn wasn aren couldn won hasn haven because every each whenever while since
need needs needed help want wants know tell show shows showing see seeing hi hello hey thanks thank
problem problems issue issues thing things something anything everything keep keeps kept still yet
already guys anyone someone somebody idea ideas work works worked working
see look looks looking feel seem seems want know come comes give ask try tried trying other others
same own few many much more most lot lots like way really actually maybe make sure
""".split())

# Spellings people use for the same thing; the first of each group is what both documents and
# queries are rewritten to, so "스냅샷" (the common spelling) finds "스냅숏" (Microsoft's).
_KOREAN_VARIANTS = (
    ("스냅숏", ("스냅샷", "스냅 샷", "스냅 숏")),
    ("프로비전", ("프로비저닝", "프로비져닝", "프로비전닝")),
    ("확장", ("익스텐션", "확장 프로그램")),
    ("기록기", ("라이터", "작성기")),
    ("탑재 지점", ("마운트 지점", "마운트 포인트", "마운트포인트", "탑재 포인트")),
    ("탑재", ("마운트",)),
    # resources/glossary.yaml's term for a file-system freeze; the checks used to say 동결
    ("고정 해제", ("해동", "동결 해제")),
    ("고정", ("동결", "프리즈", "프리징")),
    ("복구 지점", ("복원 지점", "복원 시점")),
    ("리소스 그룹", ("자원 그룹",)),
    ("스토리지", ("저장소",)),
    ("자격증명모음", ("자격 증명 모음", "볼트", "보관소")),
    ("에이전트", ("에이젼트", "에이전드")),
    ("가상머신", ("가상 머신", "가상 컴퓨터", "가상컴퓨터", "가상 시스템")),
    ("재배포", ("재배포가능", )),
    ("recovery services", ("복구 서비스", "복구서비스", "리커버리 서비스")),
    ("key vault", ("키 자격 증명 모음", "키 자격증명모음", "키 보관소", "키볼트", "키 볼트")),
    ("허용목록", ("허용 목록", "화이트리스트", "화이트 리스트")),
    ("업데이트", ("업그레이드",)),
    ("다시시작", ("다시 시작", "재시작", "재부팅", "리부팅", "재가동", "재기동")),
    # "not there" and "does not" carry the meaning of many messages; keep them as words
    ("없음", ("없습니다", "없어요", "없어서", "없는데", "없다", "없네요")),
    ("않음", ("않습니다", "않아요", "않는다", "않네요", "않아서", "않는데")),
    ("오래 걸리", ("느려요", "느림", "느린", "느려서", "느립니다", "느리다", "느려졌", "느려")),
    ("windows", ("윈도우즈", "윈도우", "윈도")),
    ("linux", ("리눅스",)),
    ("bitlocker", ("비트로커", "비트 로커")),
    ("바이러스 백신", ("안티바이러스", "안티 바이러스", "백신 프로그램", "백신")),
    ("proxy", ("프록시",)),
    ("dhcp", ("디에이치씨피",)),
    ("vss", ("볼륨 섀도 복사본 서비스", "볼륨 섀도 복사 서비스")),
)
_VARIANT_TO_CANONICAL = {variant: canonical for canonical, variants in _KOREAN_VARIANTS
                         for variant in variants}


def _glossary_variants() -> dict[str, str]:
    """resources/glossary.yaml's refused variants -> its term (as rewritten above): the flows
    write the term, and a person may still type a variant. Read here so that a term the glossary
    gains is found by its variants without a change to this table."""
    import yaml  # the flows' own YAML library; imported late, most commands never search

    from troubleshooter.resources import resource_path

    try:
        entries = yaml.safe_load(resource_path("glossary.yaml").read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError):
        return {}
    found = {}
    for entry in entries if isinstance(entries, list) else ():
        term = entry.get("ko") if isinstance(entry, dict) else None
        if not isinstance(term, str) or not term.strip():
            continue
        for variant in entry.get("variants") or ():
            if isinstance(variant, str) and variant.strip() and variant not in _VARIANT_TO_CANONICAL:
                found[variant] = _VARIANT_TO_CANONICAL.get(term, term)
    return found


_VARIANT_TO_CANONICAL.update(_glossary_variants())

# English phrasings of one thing, rewritten the same way in documents and queries: people write
# "can't" where the portal says "unable to", "whitelist" where the docs say "allow list".
_ENGLISH_REWRITES = tuple((re.compile(pattern, re.IGNORECASE), replacement) for pattern, replacement in (
    (r"\b(?:can ?not|can['’]?t|couldn['’]?t|unable to|not able to|fails? to|failed to)\b", " unable "),
    (r"\b(?:doesn|don|isn|aren|wasn|weren|didn|won|hasn|haven)['’]?t\b|\bno\b|\bnone\b", " not "),
    (r"\btim(?:ed|es|e|ing)?[ -]?outs?\b", " timeout "),
    (r"\b(?:white|allow)[ -]?list(?:ed|ing|s)?\b", " allowlist "),
    (r"\bmount[ -]?points?\b", " mountpoint "),
    (r"\bfile[ -]?systems?\b", " filesystem "),
    (r"\bdata[ -]?cent(?:er|re)s?\b", " datacenter "),
    (r"\bsnap[ -]shots?\b", " snapshot "),
    (r"\bfs[ -]?freez(?:e|es|ing)?\b", " freeze "),
    (r"\bupgrad(?:e|es|ed|ing)\b", " update "),
    (r"\b(?:re-?boot(?:s|ed|ing)?)\b", " restart "),
    (r"\bvm[ -]?agents?\b", " vm agent "),
    (r"\banti[ -]?virus(?:es)?\b|\bav (?=software|product|scanner|exclusion)", " antivirus "),
    (r"\bapp[ -]locker\b", " applocker "),
    # a distribution says "Linux" as far as the fixes go: they are written per OS, not per distro
    (r"\b(?:ubuntu|debian|cent ?os|rhel|red ?hat(?: enterprise linux)?|suse|sles|opensuse|oracle linux|"
     r"alma ?linux|rocky ?linux|rocky|fedora|cbl-mariner|mariner|azure linux|kali|mint)\b", " linux "),
))

# Korean words that say nothing about which problem it is ("how", "please", "very").
_KOREAN_STOP_RUNS = frozenset("""
방법 어떻게 어떡해 왜 뭐 뭔가 무엇 무슨 좀 너무 계속 자꾸 그냥 제발 알려 주세요 알려주세요 해결 해결법 해결방법 문제
있나요 하나요 해야 되나요 안 돼요 됩니다 해요 나요 요 때문 때문에
""".split())
_VARIANT_PATTERN = re.compile("|".join(sorted(map(re.escape, _VARIANT_TO_CANONICAL), key=len, reverse=True)))

# Particles and verb endings glued to Korean words. Only one is removed, and only when two
# syllables stay, so "스냅숏이" and "스냅숏을" index like "스냅숏" while short words survive.
_KOREAN_SUFFIXES = tuple(sorted("""
이 가 을 를 은 는 에 의 도 로 만 와 과 랑 께
에서 으로 에게 까지 부터 처럼 보다 이나 라고 이라 이랑 하고 이란 에는 에도 으로는 에서는 에서도 로는 이라고 이라는
입니다 습니다 합니다 됩니다 했습니다 되었습니다 됐습니다 않습니다 없습니다 했어요 해요 돼요 됐어요 되요 나요 어요 아요
하세요 하는 하고 했는데 되는 되어 된 할 함 됨 하지 되지 해서 라서 이라서 이라 인데 는데
""".split(), key=len, reverse=True))
_KOREAN_SUFFIX_SET = frozenset(_KOREAN_SUFFIXES)
_KOREAN_SUFFIX_LENGTHS = sorted({len(suffix) for suffix in _KOREAN_SUFFIXES}, reverse=True)


# What a pasted portal message carries besides the problem: ids, times, addresses and the
# labels in front of them. None of it says which problem it is, and its fragments ("0e4b",
# "fedcba", "12", "2026") would otherwise be taken for words, typos of words, or numbers the
# steps mention ("12 hours"). Error codes are never noise: numeric codes are six digits
# (320001), Windows errors are 0x and eight hex digits, and neither pattern below takes them.
_HEX = "[0-9A-Fa-f]"
_MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|" \
          "oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
_WEEKDAYS = "mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
_NOISE_PATTERNS = tuple(re.compile(pattern, re.IGNORECASE) for pattern in (
    r"\b(?:https?|ftp)://\S+|\bwww\.\S+",  # URLs
    r"/subscriptions/\S+",  # Azure resource ids
    rf"\{{?\b{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}\b\}}?",  # GUIDs
    # dates and times: 2026-11-30T02:00:13.512Z, 12/1/2026, 2026. 12. 1., 3:14:07 AM, 오전 3:14
    r"\b\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?(?:Z\b|[+-]\d{2}:?\d{2}\b)?",
    r"\b\d{1,4}/\d{1,2}/\d{1,4}\b",
    r"\b\d{4}\.\s*\d{1,2}\.\s*\d{1,2}\.?",
    # Mon, 30 Nov 2026 / November 30, 2026 / Monday 30 November
    rf"\b(?:{_WEEKDAYS}),?\s+(?=\d|{_MONTHS})|\b\d{{1,2}}\s+(?:{_MONTHS})\b\.?,?(?:\s+\d{{4}})?"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b,?(?:\s+\d{{4}})?",
    r"\b\d{4}년\s*\d{1,2}월\s*\d{1,2}일|\b\d{1,2}월\s*\d{1,2}일",
    # (not the port after an address: 168.63.129.16:32526)
    r"(?:오전|오후)?\s*(?<![\w.:])\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?![\d:])(?:\s*[AP]\.?M\b\.?)?"
    r"(?:\s*(?:UTC|GMT|KST)\b)?",
    r"\b(?:UTC|GMT|KST)(?:[+-]\d{1,2}(?::?\d{2})?)?\b",
    # ids without dashes: long hex runs with digits in them, and long digit runs (a job number)
    r"\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b",
    r"(?<![\w.])\d{7,}(?![\w.])",
    # the labels of the ids and times above, in the English and the Korean portal
    r"\b(?:job|activity|correlation|request|tracking|operation|client|session|subscription|tenant|"
    r"object|principal|resource|event|run)[ _-]?ids?\b|\bactivityid\b|\bjobid\b|\brequestid\b",
    r"(?:작업|활동|상관\s*관계|요청|추적|구독|테넌트|리소스|개체)\s*ID",
    r"\b(?:start(?:ed)?|end(?:ed)?|elapsed)\s+(?:time|at|on)\b|\bduration\b",
    r"(?:시작|종료|경과)\s*시간|기간:",
    r"\b(?:error\s*code|error\s*message|recommended\s*action|error\s*details)\b|\berrorcode\b",
    r"오류\s*코드|오류\s*메시지|권장\s*(?:작업|조치)|오류\s*세부\s*정보",
    # the job's details block that comes with a pasted failure, with the values that say nothing
    r"(?:\bbackup\s+management\s+type|백업\s*관리\s*유형)\s*[:|]?\s*(?:azure\s+virtual\s+machines?|azure\s*vms?)?",
    r"(?:\bitem\s+name|\bentity\s+friendly\s+name|항목\s*이름|구독\s*이름)\s*[:|]?\s*[\w.-]*",
    r"\b(?:vm|virtual\s+machine|vault|resource\s+group|subscription)\s+name\s*[:|]\s*[\w.-]*",
    r"\b(?:backup\s+size|data\s+transferred|job\s+details|failure\s+details)\b",
    r"백업\s*크기|전송된\s*데이터|작업\s*세부\s*정보|실패\s*세부\s*정보",
    # resource names as people make them: words and numbers joined by two or more hyphens
    r"\b(?=[\w-]*\d)[A-Za-z0-9]+(?:-[A-Za-z0-9]+){2,}\b",
))


def strip_noise(text: str) -> str:
    """`text` without ids, timestamps, URLs and their labels: what is left says the problem."""
    for pattern in _NOISE_PATTERNS:
        text = pattern.sub(" ", text)
    return text


def normalize(text: str) -> str:
    """Unicode-normalised text with spelling variants in both languages rewritten to one."""
    text = unicodedata.normalize("NFKC", text)
    text = _VARIANT_PATTERN.sub(lambda m: " " + _VARIANT_TO_CANONICAL[m.group(0)] + " ", text)
    if _ASCII_LETTER.search(text):
        for pattern, replacement in _ENGLISH_REWRITES:
            text = pattern.sub(replacement, text)
    return text


def split_camel(word: str) -> list[str]:
    """'ExtensionSnapshotFailedCOM' -> ['Extension', 'Snapshot', 'Failed', 'COM']."""
    return _CAMEL_PART.findall(word)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stemmer: failed/failing/fails -> fail, writers -> writer, states -> stat.

    Over-stemming is harmless as long as documents and queries are stemmed the same way; the
    aim is that inflections of one word meet, not that the stems are real words.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix, keep in (("ations", 3), ("ation", 3), ("ingly", 3), ("ings", 3), ("ing", 3),
                         ("edly", 3), ("ed", 3), ("able", 4)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            word = word[:-len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] != "s":
        word = word[:-1]  # stopped -> stopp -> stop; cancelled and cancel meet at "cancel"
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if word.endswith("at") and len(word) >= 5:
        word = word[:-2]  # communicate, communicating and communication all meet at "communic"
    return word


def strip_korean_suffix(run: str) -> str:
    for length in _KOREAN_SUFFIX_LENGTHS:  # longest first
        if len(run) - length >= 2 and run[-length:] in _KOREAN_SUFFIX_SET:
            return run[:-length]
    return run


@lru_cache(maxsize=65536)
def hangul_terms(run: str) -> tuple[str, ...]:
    """Character bigrams of a Hangul run after its particle is removed (a lone syllable as is)."""
    if run in _KOREAN_SUFFIX_SET or run in _KOREAN_STOP_RUNS:
        return ()  # a particle left alone by a rewritten word before it, or a filler word
    run = strip_korean_suffix(run)
    if run in _KOREAN_STOP_RUNS:
        return ()
    if len(run) == 1:
        return (run,)
    return tuple(run[i:i + 2] for i in range(len(run) - 1))


@lru_cache(maxsize=65536)
def latin_terms(word: str) -> tuple[str, ...]:
    """Stemmed lower-case words of one alphanumeric run; a camelCase run also yields its whole."""
    parts = split_camel(word)
    terms = [stem(p.lower()) for p in parts if p.lower() not in ENGLISH_STOPWORDS]
    if len(parts) > 1:
        terms.append(word.lower())
    return tuple(terms)


def _term_runs(text: str) -> tuple[list[list[str]], list[str]]:
    """The terms of `text` as runs (the terms of one word, in order) plus the extra whole-word
    terms: camelCase codes and dotted numbers such as "168.63.129.16" or "2.6.1198.718", which
    are terms of their own so that the whole outranks a step that only shares small numbers."""
    text = normalize(text)
    runs: list[list[str]] = []
    extras: list[str] = []
    for token in _TOKEN.findall(text):
        if _HANGUL.match(token):
            terms = list(hangul_terms(token))
        else:
            terms = list(latin_terms(token))
            if len(terms) > 1 and terms[-1] == token.lower():
                extras.append(terms.pop())
        if terms:
            runs.append(terms)
    extras.extend(_DOTTED_NUMBER.findall(text))
    return runs, extras


def word_terms(text: str) -> list[str]:
    """Every word-level term of `text`, repeats kept (for term frequencies)."""
    runs, extras = _term_runs(text)
    return [term for run in runs for term in run] + extras


def document_terms(text: str) -> list[str]:
    """word_terms(text) and the neighbouring word pairs, so a pasted message that follows a
    step's wording word for word outranks a step that has the same words scattered about."""
    runs, extras = _term_runs(text)
    return [term for run in runs for term in run] + extras + _pairs(runs)


def _pairs(runs: list[list[str]]) -> list[str]:
    """Neighbouring words: the last term of each word with the first of the next. Bigrams of
    one Korean word are not paired; they already say that word."""
    return [SHINGLE_PREFIX + a[-1] + " " + b[0] for a, b in zip(runs, runs[1:])]


def query_terms(text: str) -> tuple[dict[str, float], list[str]]:
    """(term -> weight, neighbouring pairs) of a query.

    A Korean word of n syllables gives n - 1 bigrams; each counts 1/sqrt(n - 1) so that a long
    Korean word weighs more than a short one, but not n - 1 times a whole English word.
    """
    runs, extras = _term_runs(text)
    weights: dict[str, float] = {}
    for run in runs:
        weight = 1.0 if len(run) == 1 or run[0].isascii() else 1.0 / math.sqrt(len(run))
        for term in run:
            weights[term] = max(weights.get(term, 0.0), weight)
    for term in extras:
        weights[term] = 1.0
    return weights, list(dict.fromkeys(_pairs(runs)))


def syllable_terms(text: str) -> list[str]:
    """The Hangul syllables of `text`, particles removed: where a conjugated or misspelt Korean
    word still meets the documents when its bigrams do not."""
    syllables: list[str] = []
    for run in _HANGUL_RUN.findall(normalize(text)):
        if run not in _KOREAN_SUFFIX_SET:
            syllables.extend(strip_korean_suffix(run))
    return syllables


def surface_words(text: str) -> list[tuple[str, str]]:
    """(lower-case word as written, its term) for each Latin word of four letters or more:
    typos are made, and corrected, in the written form ("servcies" is one swap from
    "services", but its stem is two edits from theirs)."""
    words = []
    for token in _LATIN_WORD.findall(normalize(text)):
        for part in split_camel(token):
            word = part.lower()
            if len(word) >= 4 and word.isalpha() and word not in ENGLISH_STOPWORDS:
                words.append((word, stem(word)))
    return words


@lru_cache(maxsize=65536)
def word_trigrams(word: str) -> tuple[str, ...]:
    """The trigrams of one lower-case word ("^wo", "wor", "ord", "rd$"); none for short words,
    numbers and stopwords."""
    if len(word) < 4 or word.isdigit() or word in ENGLISH_STOPWORDS:
        return ()
    padded = f"^{word}$"
    return tuple(padded[i:i + 3] for i in range(len(padded) - 2))


def code_key(code: str) -> str:
    """How error codes are compared: case and punctuation do not matter."""
    return "".join(_LATIN_WORD.findall(unicodedata.normalize("NFKC", code))).lower()


def alnum_tokens(text: str) -> list[str]:
    """The alphanumeric runs of `text` as written: where an error code inside a message hides."""
    return _LATIN_WORD.findall(unicodedata.normalize("NFKC", text))


def looks_like_code(token: str) -> bool:
    """camelCase ("UserErrorFsFreezeFailed"), or one run too long for an English word: a token
    worth comparing with the error codes letter by letter."""
    if len(token) >= 16:
        return True
    capitals = sum(1 for c in token[1:] if c.isupper())
    return capitals >= 2 and any(c.islower() for c in token)


def contains_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def bounded_edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of two neighbours counts once), or limit + 1
    as soon as it is certain to exceed `limit`. Only the band of cells within `limit` of the
    diagonal is computed: a path outside it costs more than `limit` anyway, and today's codes
    are 50 letters long."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    over = limit + 1
    width = len(b) + 1
    previous2: list[int] | None = None
    previous = [j if j <= limit else over for j in range(width)]
    for i in range(1, len(a) + 1):
        current = [over] * width
        if i <= limit:
            current[0] = i
        low, high = max(1, i - limit), min(len(b), i + limit)
        row_min = current[0]
        for j in range(low, high + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (previous2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2]
                    and a[i - 2] == b[j - 1]):
                value = min(value, previous2[j - 2] + 1)
            current[j] = min(value, over)
            row_min = min(row_min, current[j])
        if row_min > limit:
            return over
        previous2, previous = previous, current
    return min(previous[len(b)], over)
