"""Ranks resolution steps against an error message, error code or description a person types."""

from __future__ import annotations

import math
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from collections.abc import Mapping
from typing import Iterable, Iterator

from troubleshooter.flows.model import (ChoiceStep, CheckStep, FlowSet, GotoStep, InfoStep,
                                        ResolutionStep)
from troubleshooter.flows.platform_view import step_for_platform
from troubleshooter.i18n import LANGUAGES, Text, pick
from troubleshooter.search_text import (MAX_QUERY_CHARS, alnum_tokens, bounded_edit_distance,
                                        code_key, document_terms, looks_like_code, normalize,
                                        query_terms, strip_noise, surface_words, syllable_terms,
                                        word_trigrams)
from troubleshooter.search_vocabulary import Ranking, vocabulary

# The words and tuning numbers (field weights, code bonuses, relevance thresholds) are data:
# resources/search-vocabulary.yaml, read by troubleshooter.search_vocabulary. What stays here
# bounds the work a hostile paste can cause, whatever the vocabulary says.
# The whole of a pasted log, up to 2 MB, is scanned for codes written whole (about 30 ms a
# megabyte): a log's last line, where the error usually is, must count as much as its first.
MAX_CODE_SCAN_CHARS = 2_000_000
MAX_QUERY_TERMS = 400  # distinct terms; a pasted log beyond this adds nothing but time
MAX_TYPO_LOOKUPS = 24
MAX_LIMIT = 100


@dataclass(frozen=True)
class SearchHit:
    flow: str
    step: str
    title: str
    refs: tuple[str, ...]
    error_codes: tuple[str, ...]
    score: float
    text: str
    # the fix is for the other OS than the platform the search was asked for (ranked last)
    platform_mismatch: bool = False
    # the date Microsoft retired what the fix is about (ranked below current fixes), or None
    retired: str | None = None

    def to_dict(self) -> dict:
        return {"flow": self.flow, "step": self.step, "title": self.title, "refs": list(self.refs),
                "error_codes": list(self.error_codes), "score": self.score, "text": self.text,
                "platform_mismatch": self.platform_mismatch, "retired": self.retired}


OPERATING_SYSTEMS = ("windows", "linux")


def step_platforms(step: ResolutionStep) -> frozenset[str]:
    """The operating systems a fix is for: those the step declares, else the one OS all its
    commands run on; empty when it is for any VM (portal or Azure CLI steps, or both OSes)."""
    declared = frozenset(step.platforms) & frozenset(OPERATING_SYSTEMS)
    if declared:
        return declared
    systems = {command.platform for command in step.commands} & set(OPERATING_SYSTEMS)
    return frozenset(systems) if len(systems) == 1 else frozenset()


def step_text(step: ResolutionStep, lang: str) -> str:
    """The whole of a step in one language: title, body, then the commands with their notes."""
    parts = [pick(step.title, lang), pick(step.body, lang)]
    for command in step.commands:
        line = f"[{command.platform}, {command.shell}] {command.text}"
        if command.note:
            line += f"\n    {pick(command.note, lang)}"
        parts.append(line)
    return "\n\n".join(part for part in parts if part)


def _all_languages(texts: Iterable[Text | None]) -> str:
    """Every language of the texts in one string: a step is found in either language."""
    return "\n".join(text.get(lang, "") for text in texts if text for lang in LANGUAGES)


def _resolutions_reached(flows: FlowSet, flow_id: str, step_id: str | None,
                         depth: int = 3) -> Iterator[tuple[str, str]]:
    """Resolution steps an answer leads to before the next question is asked."""
    flow = flows.flows.get(flow_id)
    if flow is None:
        return
    step = flow.steps.get(step_id or flow.start)
    if step is None:
        return
    if isinstance(step, ResolutionStep):
        yield flow_id, step.id
    elif depth > 0:
        if isinstance(step, CheckStep):
            # "ok" means the check found nothing wrong, so it leads away from this answer's fix
            targets = [(flow_id, t) for outcome, t in step.routes() if outcome != "ok"]
        elif isinstance(step, InfoStep):
            targets = [(flow_id, step.next)]
        elif isinstance(step, GotoStep):
            targets = [(step.flow, step.step)]
        else:
            targets = []
        for target_flow, target_step in targets:
            yield from _resolutions_reached(flows, target_flow, target_step, depth - 1)


def _answers_leading_to(flows: FlowSet) -> dict[tuple[str, str], list[Text]]:
    """(flow id, step id) of each resolution -> the labels and hints of the answers that lead
    to it: how the wizard itself words the problem the step fixes."""
    answers: dict[tuple[str, str], list[Text]] = defaultdict(list)
    for flow in flows:
        for step in flow.steps.values():
            if not isinstance(step, ChoiceStep):
                continue
            for option in step.options:
                for address in set(_resolutions_reached(flows, flow.id, option.next)):
                    answers[address].append(option.label)
                    if option.hint:
                        answers[address].append(option.hint)
    return answers


def _field_texts(step: ResolutionStep, answers: list[Text], cases: dict) -> dict[str, str]:
    """The text of each field of the ranking's `fields` for one step, both languages together."""
    return {
        "title": _all_languages([step.title]),
        "messages": _all_languages(step.messages),
        "codes": "\n".join(step.error_codes + step.refs),  # a ticket may name the case: "B17"
        "case": _all_languages(cases[ref].title for ref in step.refs if ref in cases),
        "options": _all_languages(answers),
        "commands": "\n".join(c.text for c in step.commands),
        "body": "\n".join([_all_languages([step.body]),
                           _all_languages(c.note for c in step.commands),
                           _all_languages(link.title for link in step.links)]),
    }


class SearchIndex:
    """BM25F over every resolution step of a flow set, with exact and near error-code matches."""

    def __init__(self, flows: FlowSet):
        """Raises VocabularyError (a FlowError) when the search vocabulary cannot be used."""
        self._ranking = ranking = vocabulary().ranking
        self._steps: list[tuple[str, ResolutionStep]] = []
        self._platforms: list[frozenset[str]] = []
        answers = _answers_leading_to(flows)
        from troubleshooter.flows.catalog import catalog  # with YAML: only a build needs the cases' titles

        cases = catalog()
        field_terms: list[dict[str, Counter]] = []
        trigram_counts: list[Counter] = []
        syllable_counts: list[Counter] = []
        self._codes: dict[str, set[int]] = defaultdict(set)
        self._surface_terms: dict[str, str] = {}  # a word as the steps write it -> its term
        for flow in flows:
            for step in flow.steps.values():
                if not isinstance(step, ResolutionStep):
                    continue
                index = len(self._steps)
                self._steps.append((flow.id, step))
                self._platforms.append(step_platforms(step))
                for code in step.error_codes:
                    if code_key(code):
                        self._codes[code_key(code)].add(index)
                # each text is normalised once: it is the costliest part of the build
                texts = {name: normalize(text) for name, text in
                         _field_texts(step, answers.get((flow.id, step.id), []), cases).items()}
                fields = {name: Counter(document_terms(text, normalized=True)) for name, text in texts.items()}
                field_terms.append(fields)
                everything = "\n".join(texts.values())
                surfaces = surface_words(everything, normalized=True)
                self._surface_terms.update(surfaces)
                trigram_counts.append(_trigrams_of(Counter(word for word, _ in surfaces)))
                syllable_counts.append(Counter(syllable_terms(everything, normalized=True)))
        self._postings, self._idf = _bm25f_postings(field_terms, ranking)
        self._trigram_postings, _ = _bm25_postings(trigram_counts, ranking)
        self._syllable_postings, self._syllable_idf = _bm25_postings(syllable_counts, ranking)
        self._derive()

    def _derive(self) -> None:
        """The lookup tables made from the index itself: cheap, so a cached index makes them again."""
        self._by_trigram: dict[str, list[str]] | None = None
        self._code_keys = sorted(self._codes)
        self._longest_code = max(map(len, self._code_keys), default=0)
        self._codes_by_start: dict[str, list[str]] = defaultdict(list)
        for key in self._code_keys:
            self._codes_by_start[key[:2]].append(key)

    @property
    def _vocabulary_by_trigram(self) -> dict[str, list[str]]:
        """trigram -> the steps' words with it, made by the first misspelt word (most searches have none)."""
        if self._by_trigram is None:
            self._by_trigram = _trigram_vocabulary(self._surface_terms)
        return self._by_trigram

    # -- the cache's form ------------------------------------------------------------------------

    POSTINGS_TABLES = ("postings", "trigram_postings", "syllable_postings")

    def cache_parts(self) -> tuple[dict, dict[str, dict[str, list]]]:
        """The index as JSON-ready data: the small part, and its three postings tables (term -> entries)."""
        header = {"steps": [[flow_id, step.id] for flow_id, step in self._steps],
                  "codes": {key: sorted(steps) for key, steps in self._codes.items()},
                  "surface_terms": self._surface_terms}
        return header, {name: getattr(self, f"_{name}") for name in self.POSTINGS_TABLES}

    @classmethod
    def from_parts(cls, flows: FlowSet, header: dict, tables: dict[str, Mapping]) -> "SearchIndex":
        """The index `cache_parts` gave, over `flows`, with its tables as mappings (read lazily by the
        cache); raises ValueError (or KeyError, TypeError) when it is not an index of these flows."""
        index = cls.__new__(cls)
        index._ranking = vocabulary().ranking
        index._steps = []
        for flow_id, step_id in header["steps"]:
            step = flows.resolve(str(flow_id), str(step_id))
            if not isinstance(step, ResolutionStep):
                raise ValueError(f"{flow_id}/{step_id} is not a resolution")
            index._steps.append((flow_id, step))
        if sorted((f, s.id) for f, s in index._steps) != sorted((f.id, s.id) for f in flows for s in f.steps.values()
                                                               if isinstance(s, ResolutionStep)):
            raise ValueError("the index was made for other flows")
        index._platforms = [step_platforms(step) for _, step in index._steps]
        index._codes = defaultdict(set, {str(key): set(map(int, steps)) for key, steps in header["codes"].items()})
        index._surface_terms = {str(k): str(v) for k, v in header["surface_terms"].items()}
        documents = len(index._steps)
        index._postings = tables["postings"]
        index._trigram_postings = tables["trigram_postings"]
        index._syllable_postings = tables["syllable_postings"]
        # A term's idf follows from how many steps it is in (see _bm25f_postings): not stored.
        index._idf = _IdfOf(index._postings, documents)
        index._syllable_idf = _IdfOf(index._syllable_postings, documents)
        index._derive()
        return index

    def __len__(self) -> int:
        return len(self._steps)

    def steps(self) -> list[tuple[str, ResolutionStep]]:
        """(flow id, step) of every step the index ranks."""
        return list(self._steps)

    def search(self, query: str, lang: str = "en", limit: int = 5,
               platform: str | None = None) -> list[SearchHit]:
        """The best steps for `query`, best first; [] when nothing matches well enough.

        A fix for what Microsoft has retired counts half (the ranking's retired_factor), so it
        comes after a current fix unless it matches more than twice as well; with `platform`
        ("windows" or "linux") fixes only for the other OS come last. Each hit says which of the two it is.
        """
        if not isinstance(query, str) or limit <= 0 or not self._steps:
            return []
        ranking = self._ranking
        scores = [0.0] * len(self._steps)
        bonus = [0.0] * len(self._steps)
        matched = [0.0] * len(self._steps)
        # A code is looked up as written, far into a pasted log: whatever looks like noise around
        # it is no code, and a log writes its codes whole. Misspelt or split codes, and words,
        # are looked for where a person types them, once the noise is gone.
        self._add_exact_codes(query[:MAX_CODE_SCAN_CHARS], bonus)
        query = strip_noise(query[:MAX_QUERY_CHARS])
        self._add_code_matches(query, bonus)
        asked = self._add_word_matches(query, scores, matched)
        other_os = self._other_platform(platform)
        if other_os:
            # a fix made for the VM's OS goes before a general one that matches about as well
            own_os = frozenset(OPERATING_SYSTEMS) - other_os
            scores = [score * ranking.own_platform_factor if self._platforms[i] == own_os else score
                      for i, score in enumerate(scores)]
        # A retired fix (classic VMs, say) goes after a current one that matches about as well,
        # yet one that matches far better, such as its own portal message, is still found first.
        # A rare cause goes after a common one that answers the same error about as well.
        totals = [(score + extra) * (ranking.retired_factor if self._steps[i][1].retired else 1.0)
                  * _likelihood_factor(self._steps[i][1], ranking)
                  for i, (score, extra) in enumerate(zip(scores, bonus))]
        ranked = sorted(range(len(self._steps)),
                        key=lambda i: (-totals[i], self._steps[i][0], self._steps[i][1].id))
        found: list[int] = []
        for i in ranked[:MAX_LIMIT]:
            if totals[i] <= 0.0:
                break
            # a step scoring close to a good first hit is shown even if it says less of the query
            near_the_best = bool(found) and totals[i] >= ranking.near_the_best * totals[ranked[0]]
            if not bonus[i] and not near_the_best and not self._relevant(scores[i], matched[i], asked):
                break
            found.append(i)
        mismatched = {i for i in found if other_os and self._platforms[i] == other_os}
        # sorted() is stable: within each group the order by score stays
        found.sort(key=lambda i: i in mismatched)
        hits = []
        for i in found[:min(limit, MAX_LIMIT)]:
            flow_id, step = self._steps[i]
            hits.append(SearchHit(flow_id, step.id, pick(step.title, lang), tuple(step.refs),
                                  tuple(step.error_codes), round(totals[i], 4),
                                  # what the hit shows is the VM's OS's part of the fix, as its page shows it
                                  step_text(step_for_platform(step, platform), lang),
                                  platform_mismatch=i in mismatched,
                                  retired=step.retired))
        return hits

    @staticmethod
    def _other_platform(platform: str | None) -> frozenset[str]:
        """The OS whose fixes do not apply on `platform`; empty for None or an unknown name."""
        if not isinstance(platform, str) or platform.lower() not in OPERATING_SYSTEMS:
            return frozenset()
        return frozenset(OPERATING_SYSTEMS) - {platform.lower()}

    def _relevant(self, score: float, matched: float, asked: float) -> bool:
        """Most of what a short query says, or much of what a long one says. One or two common
        words of an unrelated sentence are neither, nor is a word that only looks like one."""
        ranking = self._ranking
        coverage = matched / asked if asked > 0 else 0.0
        if coverage >= ranking.min_coverage and score >= ranking.min_score_if_covered:
            return True
        if coverage < ranking.min_coverage_of_long_query:
            return False
        # a portal message pasted with its recommended action says more than the step does; a
        # step that answers much of it, or answers it strongly, is still the answer
        return matched >= ranking.min_matched_information or score >= ranking.strong_answer_score

    def _add_code_matches(self, query: str, bonus: list[float]) -> None:
        """An error code anywhere in the query, in any case, with one or more typos (by its
        length), or written as separate words."""
        ranking = self._ranking
        typo_lookups = 0
        tokens = alnum_tokens(query)
        for written in dict.fromkeys(tokens):
            token = written.lower()
            exact = self._codes.get(token)
            if exact:
                for i in exact:
                    bonus[i] = max(bonus[i], ranking.exact_code_bonus)
                continue
            if (len(token) < ranking.min_code_length_for_typos or typo_lookups >= MAX_TYPO_LOOKUPS
                    or not (looks_like_code(written) or self._unknown_word(token))):
                continue
            typo_lookups += 1
            self._add_near_codes(token, bonus, ranking.fuzzy_code_bonus, ranking.fuzzy_code_bonus_per_edit,
                                 prefixes=True)
        self._add_split_codes(tokens, bonus)

    def _add_exact_codes(self, query: str, bonus: list[float]) -> None:
        for written in dict.fromkeys(alnum_tokens(query)):
            for i in self._codes.get(written.lower(), ()):
                bonus[i] = max(bonus[i], self._ranking.exact_code_bonus)

    def _add_split_codes(self, tokens: list[str], bonus: list[float]) -> None:
        """Neighbouring words that together spell a code: exactly anywhere, and with a typo in
        a short query."""
        ranking = self._ranking
        lowered = [token.lower() for token in tokens]
        near = len(tokens) <= ranking.max_tokens_for_split_typos
        seen: set[str] = set()
        for start in range(len(lowered)):
            joined = lowered[start]
            for end in range(start + 1, min(start + ranking.max_split_code_parts, len(lowered))):
                joined += lowered[end]
                if len(joined) > self._longest_code + 3:
                    break
                if joined in seen:
                    continue
                seen.add(joined)
                for i in self._codes.get(joined, ()):
                    bonus[i] = max(bonus[i], ranking.split_code_bonus)
                if near and len(joined) >= ranking.min_code_length_for_typos and joined not in self._codes:
                    self._add_near_codes(joined, bonus, ranking.near_split_code_bonus,
                                         ranking.near_split_code_bonus_per_edit, prefixes=False)

    def _add_near_codes(self, token: str, bonus: list[float], best: float, per_edit: float,
                        prefixes: bool) -> None:
        """Codes within a few edits of `token` (more edits for longer codes), or that it begins."""
        ranking = self._ranking
        allowed = _typos_allowed(len(token), ranking)
        # words that spell a code begin where it begins; only a code pasted whole is compared
        # with every code (a typo in its first letters is rare, and the comparison is slow)
        keys = self._code_keys if prefixes else self._codes_by_start.get(token[:2], [])
        if len(token) >= ranking.min_code_end_length:
            # "CrossSubscriptionRestoreInvalidTenant": a code without its "UserError" in front
            keys = list(dict.fromkeys(keys + [key for key in self._code_keys if key.endswith(token)]))
        for key in keys:
            if prefixes and key.startswith(token):  # still being typed in the wizard's search box
                found = min(ranking.prefix_code_bonus, best)
            elif len(token) >= ranking.min_code_end_length and key.endswith(token):
                found = min(ranking.prefix_code_bonus, best)
            elif abs(len(key) - len(token)) > allowed:
                continue
            else:
                distance = bounded_edit_distance(token, key, allowed)
                found = best - per_edit * distance if distance <= allowed else 0.0
            for i in self._codes[key] if found else ():
                bonus[i] = max(bonus[i], found)

    def _unknown_word(self, token: str) -> bool:
        """A lower-case run the steps never use as a word: a code typed without its capitals."""
        return token.isalnum() and token not in self._surface_terms

    def _add_word_matches(self, query: str, scores: list[float], matched: list[float]) -> float:
        """Adds each step's BM25F score and the information (idf) of the query words it has;
        returns the information of the whole query, unknown words counting as rare ones."""
        ranking = self._ranking
        weights, pairs = query_terms(query)
        unseen = _idf(0, len(self._steps))
        asked = 0.0
        unknown_terms: dict[str, float] = {}
        unknown_hangul: list[str] = []
        for term, query_weight in list(weights.items())[:MAX_QUERY_TERMS]:
            postings = self._postings.get(term)
            if postings:
                idf = self._idf[term] * query_weight
                asked += idf
                for i, weight, credit in postings:
                    scores[i] += query_weight * weight
                    matched[i] += credit * idf
            elif len(term) > 2 and not term.replace(".", "").isdigit():
                # a stray number, address or letter in a paste says nothing
                if term.isascii():
                    unknown_terms[term] = query_weight
                else:
                    asked += unseen * query_weight
                    unknown_hangul.append(term)
        for pair in pairs[:MAX_QUERY_TERMS]:
            for i, weight, _ in self._postings.get(pair, ()):
                scores[i] += ranking.shingle_weight * weight
        if unknown_terms:
            # a misspelt word asks for what its correction means, an unknown one for a rare word;
            # in a pasted message most unknown words are the names of the VM, vault or group
            unknown_share = ranking.unknown_word_share_in_paste if len(weights) >= ranking.paste_terms else 1.0
            misspelt = {term: word for word, term in reversed(surface_words(query[:MAX_QUERY_CHARS]))
                        if term in unknown_terms}
            lookups = 0
            for term, query_weight in unknown_terms.items():
                meaning = 0.0
                if term in misspelt and lookups < MAX_TYPO_LOOKUPS:
                    lookups += 1
                    meaning = self._add_typo_matches(misspelt[term], scores, matched)
                asked += (meaning or unseen * unknown_share) * query_weight
        self._add_syllable_matches(unknown_hangul[:MAX_QUERY_TERMS], scores, matched)
        return asked

    def _add_typo_matches(self, word: str, scores: list[float], matched: list[float]) -> float:
        """A word no step contains: the nearest words the steps do contain, and its trigrams as
        a weak hint. Returns the information (idf) of the corrections, 0 if there are none."""
        ranking = self._ranking
        allowed = 1 if len(word) < ranking.word_length_for_two_typos else 2
        grams = set(word_trigrams(word))
        candidates = set()
        for gram in grams:
            candidates.update(self._vocabulary_by_trigram.get(gram, ()))
        if len(word) < ranking.same_first_letter_below:
            candidates = {candidate for candidate in candidates if candidate[0] == word[0]}
        # a word being typed ("bitlo") stands for the words it begins, as a typo does for its fix
        corrections = {self._surface_terms[candidate] for candidate in candidates
                       if candidate.startswith(word)
                       or bounded_edit_distance(word, candidate, allowed) <= allowed}
        meaning = 0.0
        for term in corrections:
            share = 1.0 / len(corrections)
            meaning += share * self._idf[term]
            for i, weight, credit in self._postings.get(term, ()):
                scores[i] += ranking.corrected_word_factor * share * weight
                matched[i] += credit * share * self._idf[term]
        for gram in grams:
            for i, weight in self._trigram_postings.get(gram, ()):
                scores[i] += ranking.trigram_weight * weight / len(grams)
        return meaning

    def _add_syllable_matches(self, terms: list[str], scores: list[float], matched: list[float]) -> None:
        """Korean bigrams no step contains, by their syllables: a weak hint, like trigrams."""
        for term in terms:
            syllables = set(term)
            for syllable in syllables:
                share = self._ranking.syllable_weight / len(syllables)
                for i, weight in self._syllable_postings.get(syllable, ()):
                    scores[i] += share * weight
                    matched[i] += share * self._syllable_idf[syllable]


def _likelihood_factor(step: ResolutionStep, ranking: Ranking) -> float:
    likelihood = getattr(step, "likelihood", None)
    return ranking.likelihood_factors.get(likelihood.level, 1.0) if likelihood is not None else 1.0


def _typos_allowed(length: int, ranking: Ranking) -> int:
    """Edits a code of this length may carry and still be recognised: the long codes of today
    ("UserErrorCrossSubscriptionRestoreNotSupportedForCRR") differ from each other by more."""
    if length < ranking.code_length_for_two_typos:
        return 1
    return 2 if length < ranking.code_length_for_three_typos else 3


def _trigrams_of(words: Counter) -> Counter:
    """Trigrams of a step's Latin words, cut up the same way as a misspelt query word."""
    grams: Counter = Counter()
    for word, count in words.items():
        for gram in word_trigrams(word):
            grams[gram] += count
    return grams


def _idf(document_frequency: int, documents: int) -> float:
    return math.log(1.0 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))


def _bm25f_postings(field_terms: list[dict[str, Counter]], ranking: Ranking
                    ) -> tuple[dict[str, list[tuple[int, float, float]]], dict[str, float]]:
    """term -> [(step index, the term's whole BM25F contribution to that step, how much the
    term says about the step)], and term -> idf.

    Every part of a query term's score depends only on the step, so it is computed once here
    and a search only adds numbers up. A word found only in a step's body says less about it
    than one in its title, messages or codes: prose mentions all sorts of things in passing.
    """
    documents = len(field_terms)
    average = {name: max(1.0, sum(sum(d[name].values()) for d in field_terms) / max(documents, 1))
               for name in ranking.fields}
    pseudo_tf: dict[str, dict[int, float]] = defaultdict(dict)
    beyond_body: set[tuple[str, int]] = set()
    for i, fields in enumerate(field_terms):
        for name, counts in fields.items():
            length = sum(counts.values())
            b = ranking.fields[name].length_normalisation
            field_weight = ranking.fields[name].weight
            norm = 1.0 - b + b * length / average[name]
            for term, count in counts.items():
                pseudo_tf[term][i] = pseudo_tf[term].get(i, 0.0) + field_weight * count / norm
                if name != "body":
                    beyond_body.add((term, i))
    postings, idfs = {}, {}
    k1 = ranking.k1
    for term, by_doc in pseudo_tf.items():
        idf = idfs[term] = _idf(len(by_doc), documents)
        postings[term] = [(i, idf * tf * (k1 + 1.0) / (k1 + tf),
                           1.0 if (term, i) in beyond_body else ranking.body_only_credit)
                          for i, tf in by_doc.items()]
    return postings, idfs


def _bm25_postings(counts: list[Counter], ranking: Ranking
                   ) -> tuple[dict[str, list[tuple[int, float]]], dict[str, float]]:
    """term -> [(step index, BM25 score)] and term -> idf, for the typo hints (trigrams, syllables)."""
    b, k1 = ranking.hint_length_normalisation, ranking.k1
    documents = len(counts)
    lengths = [sum(c.values()) for c in counts]
    average = max(1.0, sum(lengths) / max(documents, 1))
    by_term: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, counter in enumerate(counts):
        for term, count in counter.items():
            by_term[term].append((i, count))
    postings, idfs = {}, {}
    for term, entries in by_term.items():
        idf = idfs[term] = _idf(len(entries), documents)
        postings[term] = [(i, idf * count * (k1 + 1.0) / (count + k1 * (1.0 - b + b * lengths[i] / average)))
                          for i, count in entries]
    return postings, idfs


def _trigram_vocabulary(words: Iterable[str]) -> dict[str, list[str]]:
    """trigram -> the steps' Latin words containing it: where a misspelt word looks for itself."""
    vocabulary: dict[str, list[str]] = defaultdict(list)
    for word in words:
        for gram in set(word_trigrams(word)):
            vocabulary[gram].append(word)
    return vocabulary


class _IdfOf(Mapping):
    """term -> idf, from the number of steps the term's postings name."""

    def __init__(self, postings: Mapping, documents: int):
        self._postings = postings
        self._documents = documents

    def __getitem__(self, term: str) -> float:
        return _idf(len(self._postings[term]), self._documents)

    def __iter__(self) -> Iterator[str]:
        return iter(self._postings)

    def __len__(self) -> int:
        return len(self._postings)


_default_lock = threading.Lock()


def load_index(flows: FlowSet, path) -> SearchIndex | None:
    """The index kept at `path` (troubleshooter.search_cache) over `flows`, or None when it is
    missing or does not fit them."""
    from troubleshooter.search_cache import read_parts

    parts = read_parts(path, SearchIndex.POSTINGS_TABLES)
    if parts is None:
        return None
    try:
        return SearchIndex.from_parts(flows, *parts)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def save_index(index: SearchIndex, path):
    """Keep `index` at `path` (troubleshooter.search_cache); None when it cannot be written."""
    from troubleshooter.search_cache import write_parts

    return write_parts(*index.cache_parts(), path)


def cached_index(flows: FlowSet, config=None, *, key: str | None = None) -> SearchIndex:
    """The index of `flows` (the configuration's flows) from the data cache, or built and then
    kept there; `key` is search_cache.index_key(config) when the caller has it already."""
    from troubleshooter.config import current
    from troubleshooter.data_cache import cache_directories
    from troubleshooter.search_cache import cache_name, index_key

    key = key or index_key(config)
    if key is not None:
        for directory in cache_directories():
            index = load_index(flows, directory / cache_name(key))
            if index is not None:
                return index
    index = SearchIndex(flows)
    if key is not None:
        save_index(index, (config or current()).cache_dir / cache_name(key))
    return index


def write_bundled_index(directory) -> object:
    """Build the built-in flows' index and write it into `directory` (the executable's bundled
    cache folder, beside the compiled flows). Raises FlowError or VocabularyError, or OSError."""
    from troubleshooter.flows.compiled import load_checked_flows
    from troubleshooter.search_cache import cache_name, index_key

    key = index_key(with_sources=False)
    target = save_index(SearchIndex(load_checked_flows()), directory / cache_name(key or ""))
    if key is None or target is None:
        raise OSError(f"cannot write the search index's cache into {directory}")
    return target


@lru_cache(maxsize=1)
def _build_default_index() -> SearchIndex:
    from troubleshooter.flows.lint import load_checked_flows

    return cached_index(load_checked_flows())


def default_index() -> SearchIndex:
    """The index of the built-in flows, from the data cache or built on first use, and kept
    (raises FlowError if the flows do not load)."""
    with _default_lock:  # the GUI may ask from two threads at start-up; build only once
        return _build_default_index()
