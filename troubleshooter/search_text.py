"""Turns English and Korean text into the terms the error search ranks on."""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from troubleshooter.search_vocabulary import vocabulary

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

# What a pasted portal message carries besides the problem: ids, times, addresses and the
# labels in front of them. None of it says which problem it is, and its fragments ("0e4b",
# "fedcba", "12", "2026") would otherwise be taken for words, typos of words, or numbers the
# steps mention ("12 hours"). Error codes are never noise: numeric codes are six digits
# (320001), Windows errors are 0x and eight hex digits, and neither pattern below takes them.
# The values are recognised here by their shape; the labels are words, in the vocabulary file.
_HEX = "[0-9A-Fa-f]"
_MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|" \
          "oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
_WEEKDAYS = "mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
_NOISE_VALUES = tuple(re.compile(pattern, re.IGNORECASE) for pattern in (
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
))
# resource names as people make them: words and numbers joined by two or more hyphens (after
# the labels, which take the names that follow them whole)
_NOISE_NAMES = re.compile(r"\b(?=[\w-]*\d)[A-Za-z0-9]+(?:-[A-Za-z0-9]+){2,}\b", re.IGNORECASE)


def strip_noise(text: str) -> str:
    """`text` without ids, timestamps, URLs and their labels: what is left says the problem."""
    for pattern in _NOISE_VALUES + vocabulary().noise_labels:
        text = pattern.sub(" ", text)
    return _NOISE_NAMES.sub(" ", text)


def normalize(text: str) -> str:
    """Unicode-normalised text with spelling variants in both languages rewritten to one."""
    words = vocabulary()
    text = words.rewrite_korean_variants(unicodedata.normalize("NFKC", text))
    if _ASCII_LETTER.search(text):
        for pattern, replacement in words.english_rewrites:
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
    """`run` without the particle or verb ending glued to it: only one is removed, and only when
    two syllables stay, so "스냅샷이" and "스냅샷을" index like "스냅샷" while short words survive."""
    words = vocabulary()
    for length in words.korean_suffix_lengths:  # longest first
        if len(run) - length >= 2 and run[-length:] in words.korean_suffixes:
            return run[:-length]
    return run


@lru_cache(maxsize=65536)
def hangul_terms(run: str) -> tuple[str, ...]:
    """Character bigrams of a Hangul run after its particle is removed (a lone syllable as is)."""
    words = vocabulary()
    if run in words.korean_suffixes or run in words.korean_stop_words:
        return ()  # a particle left alone by a rewritten word before it, or a filler word
    run = strip_korean_suffix(run)
    if run in words.korean_stop_words:
        return ()
    if len(run) == 1:
        return (run,)
    return tuple(run[i:i + 2] for i in range(len(run) - 1))


@lru_cache(maxsize=65536)
def latin_terms(word: str) -> tuple[str, ...]:
    """Stemmed lower-case words of one alphanumeric run; a camelCase run also yields its whole."""
    parts = split_camel(word)
    stop_words = vocabulary().english_stop_words
    terms = [stem(p.lower()) for p in parts if p.lower() not in stop_words]
    if len(parts) > 1:
        terms.append(word.lower())
    return tuple(terms)


def _term_runs(text: str, normalized: bool = False) -> tuple[list[list[str]], list[str]]:
    """The terms of `text` as runs (the terms of one word, in order) plus the extra whole-word
    terms: camelCase codes and dotted numbers such as "168.63.129.16" or "2.6.1198.718", which
    are terms of their own so that the whole outranks a step that only shares small numbers."""
    if not normalized:
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


def document_terms(text: str, *, normalized: bool = False) -> list[str]:
    """word_terms(text) and the neighbouring word pairs, so a pasted message that follows a
    step's wording word for word outranks a step that has the same words scattered about.
    `normalized`: the text has been through normalize() already (it must not go twice)."""
    runs, extras = _term_runs(text, normalized)
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


def syllable_terms(text: str, *, normalized: bool = False) -> list[str]:
    """The Hangul syllables of `text`, particles removed: where a conjugated or misspelt Korean
    word still meets the documents when its bigrams do not."""
    syllables: list[str] = []
    suffixes = vocabulary().korean_suffixes
    for run in _HANGUL_RUN.findall(text if normalized else normalize(text)):
        if run not in suffixes:
            syllables.extend(strip_korean_suffix(run))
    return syllables


def surface_words(text: str, *, normalized: bool = False) -> list[tuple[str, str]]:
    """(lower-case word as written, its term) for each Latin word of four letters or more:
    typos are made, and corrected, in the written form ("servcies" is one swap from
    "services", but its stem is two edits from theirs)."""
    words = []
    stop_words = vocabulary().english_stop_words
    for token in _LATIN_WORD.findall(text if normalized else normalize(text)):
        for part in split_camel(token):
            word = part.lower()
            if len(word) >= 4 and word.isalpha() and word not in stop_words:
                words.append((word, stem(word)))
    return words


@lru_cache(maxsize=65536)
def word_trigrams(word: str) -> tuple[str, ...]:
    """The trigrams of one lower-case word ("^wo", "wor", "ord", "rd$"); none for short words,
    numbers and stopwords."""
    if len(word) < 4 or word.isdigit() or word in vocabulary().english_stop_words:
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
