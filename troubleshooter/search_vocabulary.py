"""The error search's words and numbers, read from resources/search-vocabulary.yaml.

The file is read with the flows' safe YAML reader, checked against its JSON schema and against
the rules below (what a schema cannot say: nothing listed twice, a stop word is not also a
synonym, the glossary's refused variants still find its terms), then compiled once. Every
problem names the file, line and column, like the flow linter's. A vocabulary that passed is
cached under the hash of its files, as the flows are, so a start-up reads one small JSON file
instead of importing the YAML parser and the schema validator.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from troubleshooter import __version__
from troubleshooter.digest import cache_hash
from troubleshooter.fileio import UnreadableFileError, read_regular_file
from troubleshooter.flows.errors import FlowError, FlowProblem
from troubleshooter.flows.limits import MAX_FILE_BYTES
from troubleshooter.resources import resource_path

if TYPE_CHECKING:
    from troubleshooter.flows.yamlsafe import Positions


# The YAML parser (about 45 ms and a few MB) is for checking the file; a start that finds the
# vocabulary in its cache never loads it.
def load_yaml(text: str, file: str):
    from troubleshooter.flows.yamlsafe import load_yaml as load

    return load(text, file)


def position_of(positions: Positions, path) -> tuple[int, int]:
    from troubleshooter.flows.yamlsafe import position_of as position

    return position(positions, path)

VOCABULARY_FILE = "search-vocabulary.yaml"
SCHEMA_FILE = "search-vocabulary.schema.json"
GLOSSARY_FILE = "glossary.yaml"
CACHE_FORMAT = 1
MAX_CACHE_BYTES = 1024 * 1024  # the cache of the built-in vocabulary is about 10 KB


class VocabularyError(FlowError):
    """The vocabulary file cannot be used; carries every problem found, each at a place in a file."""


@dataclass(frozen=True)
class FieldWeight:
    weight: float
    length_normalisation: float  # BM25's b


@dataclass(frozen=True)
class Ranking:
    """The tuning numbers of the `ranking:` section; resources/search-vocabulary.yaml says what
    each one does."""

    fields: dict[str, FieldWeight]
    k1: float
    hint_length_normalisation: float
    trigram_weight: float
    shingle_weight: float
    syllable_weight: float
    corrected_word_factor: float
    body_only_credit: float
    exact_code_bonus: float
    fuzzy_code_bonus: float
    fuzzy_code_bonus_per_edit: float
    prefix_code_bonus: float
    split_code_bonus: float
    near_split_code_bonus: float
    near_split_code_bonus_per_edit: float
    max_split_code_parts: int
    max_tokens_for_split_typos: int
    min_code_length_for_typos: int
    min_code_end_length: int
    code_length_for_two_typos: int
    code_length_for_three_typos: int
    word_length_for_two_typos: int
    same_first_letter_below: int
    min_coverage: float
    min_score_if_covered: float
    min_matched_information: float
    min_coverage_of_long_query: float
    strong_answer_score: float
    paste_terms: int
    unknown_word_share_in_paste: float
    near_the_best: float
    own_platform_factor: float
    retired_factor: float
    likelihood_factors: dict[str, float]


@dataclass(frozen=True)
class SearchVocabulary:
    """The vocabulary compiled for the search: sets to look words up in, patterns to rewrite with."""

    english_stop_words: frozenset[str]
    english_rewrites: tuple[tuple[re.Pattern, str], ...]  # (pattern, replacement), in order
    korean_variants: dict[str, str]  # variant -> canonical form, the glossary's variants included
    korean_stop_words: frozenset[str]
    korean_suffixes: frozenset[str]
    korean_suffix_lengths: tuple[int, ...]  # longest first
    noise_labels: tuple[re.Pattern, ...]
    ranking: Ranking
    variant_pattern: re.Pattern | None = dataclasses.field(default=None, compare=False)

    def rewrite_korean_variants(self, text: str) -> str:
        """`text` with every variant replaced by its canonical form, longest variant first."""
        if self.variant_pattern is None:
            return text
        variants = self.korean_variants
        return self.variant_pattern.sub(lambda m: " " + variants[m.group(0)] + " ", text)


# --- reading ---------------------------------------------------------------------------------

def vocabulary_path() -> Path:
    return resource_path(VOCABULARY_FILE)


def _schema_path() -> Path:
    # The schema belongs to the program, wherever the vocabulary being checked lies.
    return resource_path(SCHEMA_FILE)


def _glossary_path() -> Path:
    return resource_path(GLOSSARY_FILE)


def _read_text(path: Path) -> str:
    from troubleshooter.flows.loader import read_source_text

    try:
        return read_source_text(path, "the search vocabulary")
    except FlowError as exc:
        raise VocabularyError(exc.problems) from None


@dataclass(frozen=True)
class _GlossaryEntry:
    term: str
    variants: tuple[str, ...]
    line: int


def _glossary_entries(path: Path) -> list[_GlossaryEntry]:
    """The Korean terms of the glossary and the variants it refuses. A glossary that does not
    load adds nothing: the flow linter reports its problems."""
    try:
        data, positions = load_yaml(_read_text(path), str(path))
    except FlowError:
        return []
    entries = []
    for i, entry in enumerate(data if isinstance(data, list) else ()):
        term = entry.get("ko") if isinstance(entry, dict) else None
        if not isinstance(term, str) or not term.strip():
            continue
        variants = tuple(v for v in entry.get("variants") or () if isinstance(v, str) and v.strip())
        entries.append(_GlossaryEntry(term, variants, position_of(positions, (i,))[0]))
    return entries


def check_vocabulary(path: Path | None = None, glossary_path: Path | None = None
                     ) -> tuple[list[FlowProblem], SearchVocabulary | None, dict | None]:
    """(problems, the compiled vocabulary, its checked data) of a vocabulary file; the
    vocabulary is None when the file cannot be used at all."""
    path = Path(path) if path is not None else vocabulary_path()
    glossary_path = Path(glossary_path) if glossary_path is not None else _glossary_path()
    file = str(path)
    try:
        text = _read_text(path)
        if not text.strip():
            return [FlowProblem(file, 1, 1, "the file is empty; expected the sections "
                                            "english, korean, noise_labels and ranking")], None, None
        data, positions = load_yaml(text, file)
    except FlowError as exc:
        return list(exc.problems), None, None
    problems = _structure_problems(data, positions, file)
    if problems:
        return problems, None, None
    glossary = _glossary_entries(glossary_path)
    problems = _pattern_problems(data, positions, file)
    if problems:
        return problems, None, None
    payload = {"vocabulary": data, "glossary": [[e.term, list(e.variants)] for e in glossary]}
    vocabulary = _compile(payload)
    problems = (_repeat_problems(data, positions, file) + _overlap_problems(data, positions, file)
                + _ranking_problems(data, positions, file)
                + _glossary_problems(vocabulary, data, positions, file, glossary, str(glossary_path)))
    return sorted(set(problems)), vocabulary, payload


def read_vocabulary(path: Path | None = None, glossary_path: Path | None = None) -> SearchVocabulary:
    """The vocabulary of `path` (by default the program's); raises VocabularyError."""
    problems, vocabulary, _ = check_vocabulary(path, glossary_path)
    if problems or vocabulary is None:
        raise VocabularyError(problems)
    return vocabulary


# --- structure (the schema) ---------------------------------------------------------------------

@lru_cache(maxsize=1)
def _validator():
    import jsonschema  # imported here: a cached vocabulary (every start but the first) never needs it

    schema = json.loads(_schema_path().read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _where(path: Iterable[Any]) -> str:
    where = ""
    for part in path:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    return where or "the file"


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    return {dict: "a map", list: "a list", str: "text", int: "a number", float: "a number",
            type(None): "nothing (an empty value)"}.get(type(value), type(value).__name__)


_PLAIN_TYPES = {"object": "a map of 'key: value' lines", "array": "a list", "string": "text",
                "integer": "a whole number", "number": "a number"}


def _describe(error) -> str:
    where = _where(error.absolute_path)
    v = error.validator
    if v == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(str(k) for k in error.instance if k not in allowed)
        keys = ", ".join(f"'{k}'{_did_you_mean(k, allowed)}" for k in extra)
        return f"unknown key {keys} in {where}; allowed keys are {', '.join(allowed)}"
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"{where} is missing the required key '{missing}'"
    if v == "type":
        expected = _PLAIN_TYPES.get(str(error.validator_value), str(error.validator_value))
        hint = "; put it in quotes to make it text" if expected == "text" and \
            isinstance(error.instance, (int, float, bool)) else ""
        return f"{where} must be {expected}, not {_type_name(error.instance)}{hint}"
    if v in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        kind = "a whole number" if error.schema.get("type") == "integer" else "a number"
        return f"{where} is {error.instance}; expected {kind} from {low} to {high}"
    if v == "pattern":
        meaning = error.schema.get("description", f"text matching {error.validator_value}")
        return f"{where} is {error.instance!r}; expected {meaning}"
    if v in ("minItems", "minProperties", "minLength"):
        return f"{where} is empty; it needs at least one entry"
    return f"{where}: {error.message[:200]}"


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    import difflib  # for a lint message only

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _structure_problems(data: Any, positions: Positions, file: str) -> list[FlowProblem]:
    if not isinstance(data, dict):
        return [FlowProblem(file, 1, 1, f"the file holds {_type_name(data)}; expected a map with the "
                                        "sections english, korean, noise_labels and ranking")]
    problems = []
    for error in _validator().iter_errors(data):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = error.schema.get("properties", {})
            path += (next((k for k in error.instance if k not in allowed), ""),)  # the unknown key itself
        line, column = position_of(positions, path)
        problems.append(FlowProblem(file, line, column, _describe(error)))
    return sorted(set(problems))


# --- rules the schema cannot say ------------------------------------------------------------

def _at(positions: Positions, file: str, path: tuple, message: str) -> FlowProblem:
    line, column = position_of(positions, path)
    return FlowProblem(file, line, column, message)


# Texts a pattern is tried on: one that matches nothing at some place in them would insert its
# replacement between every two characters of every text.
_EMPTY_MATCH_PROBES = ("", " a ", "error 1 가 ")


def _pattern_problems(data: dict, positions: Positions, file: str) -> list[FlowProblem]:
    problems = []
    places = [(("english", "rewrites", i, "pattern"), rewrite["pattern"])
              for i, rewrite in enumerate(data["english"]["rewrites"])]
    places += [(("noise_labels", i), pattern) for i, pattern in enumerate(data["noise_labels"])]
    for path, pattern in places:
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except (re.error, OverflowError, RecursionError) as exc:
            where = f" at character {exc.pos + 1}" if getattr(exc, "pos", None) is not None else ""
            problems.append(_at(positions, file, path, f"{_where(path)} is not a valid regular expression: "
                                                       f"{getattr(exc, 'msg', exc)}{where}"))
            continue
        if any(m.start() == m.end() for probe in _EMPTY_MATCH_PROBES for m in compiled.finditer(probe)):
            problems.append(_at(positions, file, path, f"{_where(path)} can match an empty text, so it would "
                                                       "rewrite every text everywhere; make it match at least "
                                                       "one character"))
    return problems


def _listed_twice(items: list[str], path: tuple, positions: Positions, file: str, what: str) -> list[FlowProblem]:
    problems, first = [], {}
    for i, item in enumerate(items):
        if item in first:
            line = position_of(positions, path + (first[item],))[0]
            problems.append(_at(positions, file, path + (i,),
                                f"{what} '{item}' is listed twice in {_where(path)} (first on line {line}); "
                                "list it once"))
        first.setdefault(item, i)
    return problems


def _repeat_problems(data: dict, positions: Positions, file: str) -> list[FlowProblem]:
    problems = []
    problems += _listed_twice(data["english"]["stop_words"], ("english", "stop_words"), positions, file, "stop word")
    problems += _listed_twice(data["korean"]["stop_words"], ("korean", "stop_words"), positions, file, "stop word")
    problems += _listed_twice(data["korean"]["suffixes"], ("korean", "suffixes"), positions, file, "suffix")
    groups = data["korean"]["variants"]
    canonical_at: dict[str, int] = {}
    variant_at: dict[str, tuple] = {}
    for g, group in enumerate(groups):
        path = ("korean", "variants", g)
        canonical = group["canonical"]
        if canonical in canonical_at:
            line = position_of(positions, ("korean", "variants", canonical_at[canonical]))[0]
            problems.append(_at(positions, file, path + ("canonical",),
                                f"a synonym group for '{canonical}' is already given on line {line}; "
                                "merge the two groups into one"))
        canonical_at.setdefault(canonical, g)
        for v, variant in enumerate(group["variants"]):
            if variant in variant_at:
                line = position_of(positions, variant_at[variant])[0]
                problems.append(_at(positions, file, path + ("variants", v),
                                    f"variant '{variant}' is already listed on line {line}; a spelling "
                                    "can be rewritten to one canonical form only"))
            variant_at.setdefault(variant, path + ("variants", v))
    for g, group in enumerate(groups):
        if group["canonical"] in variant_at:
            line = position_of(positions, variant_at[group["canonical"]])[0]
            problems.append(_at(positions, file, ("korean", "variants", g, "canonical"),
                                f"canonical form '{group['canonical']}' is also a variant on line {line}: "
                                "texts that write it would be rewritten again, queries rewritten to it "
                                "would not; use one form"))
    return problems


def _overlap_problems(data: dict, positions: Positions, file: str) -> list[FlowProblem]:
    """A stop word that is also a synonym: the synonym would be thrown away, or would throw the
    stop word's meaning back in."""
    korean_synonyms = {}
    for g, group in enumerate(data["korean"]["variants"]):
        korean_synonyms.setdefault(group["canonical"], ("korean", "variants", g, "canonical"))
        for v, variant in enumerate(group["variants"]):
            korean_synonyms.setdefault(variant, ("korean", "variants", g, "variants", v))
    english_synonyms = {}
    for i, rewrite in enumerate(data["english"]["rewrites"]):
        for word in rewrite["becomes"].lower().split():
            english_synonyms.setdefault(word, ("english", "rewrites", i, "becomes"))
    for g, group in enumerate(data["korean"]["variants"]):
        for word in re.findall(r"[a-z0-9]+", group["canonical"].lower()):
            english_synonyms.setdefault(word, ("korean", "variants", g, "canonical"))
    return [
        *_stop_words_among(data, positions, file, "korean", korean_synonyms,
                           "stop word '{word}' is also a synonym on line {line}; a word is either "
                           "ignored or rewritten, not both: remove it from one of the lists"),
        *_stop_words_among(data, positions, file, "english", english_synonyms,
                           "stop word '{word}' is also what a rewrite produces on line {line}; the "
                           "rewritten word would be thrown away: remove it from one of the lists"),
    ]


def _stop_words_among(data: dict, positions: Positions, file: str, language: str, synonyms: dict,
                      message: str) -> list[FlowProblem]:
    """`language`'s stop words that are also in `synonyms` (word -> where it is given)."""
    problems = []
    for i, word in enumerate(data[language]["stop_words"]):
        if word in synonyms:
            line = position_of(positions, synonyms[word])[0]
            problems.append(_at(positions, file, (language, "stop_words", i), message.format(word=word, line=line)))
    return problems


def _ranking_problems(data: dict, positions: Positions, file: str) -> list[FlowProblem]:
    ranking = data["ranking"]
    problems = []
    if ranking["code_length_for_three_typos"] <= ranking["code_length_for_two_typos"]:
        problems.append(_at(positions, file, ("ranking", "code_length_for_three_typos"),
                            "ranking.code_length_for_three_typos must be longer than "
                            "ranking.code_length_for_two_typos: longer codes may carry more typos"))
    for name in ("fuzzy_code_bonus", "prefix_code_bonus", "split_code_bonus", "near_split_code_bonus"):
        if ranking[name] > ranking["exact_code_bonus"]:
            problems.append(_at(positions, file, ("ranking", name),
                                f"ranking.{name} is larger than ranking.exact_code_bonus; a code written "
                                "exactly must count at least as much as a near one"))
    return problems


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _glossary_problems(vocabulary: SearchVocabulary, data: dict, positions: Positions, file: str,
                       glossary: list[_GlossaryEntry], glossary_file: str) -> list[FlowProblem]:
    """The flows write the glossary's terms; a person may type a variant it refuses. Rewritten by
    this vocabulary, each variant must come out as (part of) what its term comes out as, or the
    person would not find the steps."""
    listed = {}
    for g, group in enumerate(data["korean"]["variants"]):
        listed.setdefault(group["canonical"], ("korean", "variants", g, "canonical"))
        for v, variant in enumerate(group["variants"]):
            listed[variant] = ("korean", "variants", g, "variants", v)
    problems = []
    for entry in glossary:
        term_becomes = vocabulary.rewrite_korean_variants(entry.term)
        for variant in entry.variants:
            variant_becomes = vocabulary.rewrite_korean_variants(variant)
            if _squeezed(variant_becomes) in _squeezed(term_becomes):
                continue
            message = (f"the glossary ({glossary_file}:{entry.line}) refuses '{variant}' for '{entry.term}', "
                       f"but this vocabulary rewrites '{variant}' to '{' '.join(variant_becomes.split())}' and "
                       f"'{entry.term}' to '{' '.join(term_becomes.split())}': a person who types the variant would "
                       "not find the steps that use the term; list the variant under the term's canonical form")
            if variant in listed:
                problems.append(_at(positions, file, listed[variant], message))
            else:
                problems.append(FlowProblem(glossary_file, entry.line, 1, message))
    return problems


# --- compiling --------------------------------------------------------------------------------

def _compile(payload: dict) -> SearchVocabulary:
    """The vocabulary from checked data (the file's and the glossary's, as cached)."""
    data = payload["vocabulary"]
    variants = {variant: group["canonical"] for group in data["korean"]["variants"]
                for variant in group["variants"]}
    # The glossary's refused variants find its term (as the table above rewrites it), unless
    # the table already says where they go.
    for term, glossary_variants in payload["glossary"]:
        for variant in glossary_variants:
            if variant not in variants:
                variants[variant] = variants.get(term, term)
    pattern = re.compile("|".join(sorted(map(re.escape, variants), key=len, reverse=True))) if variants else None
    ranking = dict(data["ranking"])
    ranking["fields"] = {name: FieldWeight(**numbers) for name, numbers in ranking["fields"].items()}
    return SearchVocabulary(
        english_stop_words=frozenset(data["english"]["stop_words"]),
        english_rewrites=tuple((re.compile(rewrite["pattern"], re.IGNORECASE), f" {rewrite['becomes']} ")
                               for rewrite in data["english"]["rewrites"]),
        korean_variants=variants,
        korean_stop_words=frozenset(data["korean"]["stop_words"]),
        korean_suffixes=frozenset(data["korean"]["suffixes"]),
        korean_suffix_lengths=tuple(sorted({len(suffix) for suffix in data["korean"]["suffixes"]}, reverse=True)),
        noise_labels=tuple(re.compile(pattern, re.IGNORECASE) for pattern in data["noise_labels"]),
        ranking=Ranking(**ranking),
        variant_pattern=pattern,
    )


# --- the program's vocabulary, cached ---------------------------------------------------------

def _fingerprint(files: list[Path]) -> str | None:
    digest = cache_hash(f"{CACHE_FORMAT}\0{__version__}\0".encode())
    for path in files:
        try:
            data = read_regular_file(path, MAX_FILE_BYTES)
        except UnreadableFileError:
            return None
        digest.update(path.name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def _cache_name(key: str) -> str:
    return f"search-vocabulary-{key[:32]}.json"


def _cached(key: str) -> SearchVocabulary | None:
    from troubleshooter.data_cache import cache_directories

    for directory in cache_directories():
        try:
            return _compile(json.loads(read_regular_file(directory / _cache_name(key), MAX_CACHE_BYTES)))
        except (UnreadableFileError, ValueError, KeyError, TypeError, AttributeError, re.error, RecursionError):
            continue  # missing, damaged or written by something else: check the file in full
    return None


def save_cache(key: str, payload: dict, directory: Path) -> Path | None:
    """Remember that the files fingerprinted as `key` passed; older cache files there go."""
    from troubleshooter.data_cache import keep

    return keep(directory, _cache_name(key), payload, "search-vocabulary")


def _program_files() -> list[Path]:
    return [vocabulary_path(), _schema_path(), _glossary_path()]


@lru_cache(maxsize=1)
def vocabulary() -> SearchVocabulary:
    """The program's vocabulary, checked on first use and kept; raises VocabularyError."""
    key = _fingerprint(_program_files())
    if key is not None and (cached := _cached(key)) is not None:
        return cached
    problems, compiled, payload = check_vocabulary()
    if problems or compiled is None or payload is None:
        raise VocabularyError(problems)
    if key is not None:
        from troubleshooter.data_cache import cache_directories

        save_cache(key, payload, cache_directories()[-1])
    return compiled


def write_bundled_cache(directory: Path) -> Path:
    """Check the program's vocabulary and write its cache into `directory` (the executable's
    bundled cache folder, beside the compiled flows). Raises VocabularyError."""
    problems, compiled, payload = check_vocabulary()
    key = _fingerprint(_program_files())
    if problems or payload is None or key is None:
        raise VocabularyError(problems)
    target = save_cache(key, payload, directory)
    if target is None:
        raise OSError(f"cannot write the search vocabulary's cache into {directory}")
    return target


# --- lint -------------------------------------------------------------------------------------

@dataclass
class LintReport:
    """The flows' lint report and the search vocabulary's problems, for `lint`."""

    flows_report: Any  # troubleshooter.flows.lint.LintReport, or None when only a vocabulary was named
    vocabulary_problems: list[FlowProblem]
    # the vocabulary named on the command line, described in the summary (the built-in one,
    # checked with the built-in flows, passes silently: the summary stays the flows' one line)
    named_vocabulary: SearchVocabulary | None = None

    @property
    def problems(self) -> list[FlowProblem]:
        flow_problems = self.flows_report.problems if self.flows_report is not None else []
        return list(flow_problems) + self.vocabulary_problems

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        parts = [self.flows_report.summary()] if self.flows_report is not None else []
        words = self.named_vocabulary
        if words is not None:
            parts.append(f"search vocabulary: {len(words.korean_variants)} Korean variants, "
                         f"{len(words.english_rewrites)} English rewrites, "
                         f"{len(words.english_stop_words) + len(words.korean_stop_words)} stop words")
        return "; ".join(parts)


def lint_paths(paths: Iterable[Path] | None = None, config=None) -> LintReport:
    """What `lint` reports: with no paths, the built-in flows and the search vocabulary; else
    the files named, a file named like the vocabulary (search-vocabulary.yaml) linted as one."""
    from troubleshooter.flows.lint import lint_paths as lint_flow_paths

    if paths is None:
        return LintReport(lint_flow_paths(None, config), check_vocabulary()[0])
    paths = [Path(p) for p in paths]
    vocabularies = [p for p in paths if p.name == VOCABULARY_FILE and not p.is_dir()]
    flow_paths = [p for p in paths if p not in vocabularies]
    problems: list[FlowProblem] = []
    named = None
    for path in vocabularies:
        found, named, _ = check_vocabulary(path)
        problems.extend(found)
    return LintReport(lint_flow_paths(flow_paths, config) if flow_paths else None, problems, named)
