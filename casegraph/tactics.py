"""The tactics vocabulary (ontology/tactics.ttl) and the tagger that finds tactics in a case's text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from .cache import cached, digest
from .model import TacticAssignment
from .taxonomy import ontology_path
from .vocab import CG
from .wordforms import TermIndex, stems

__all__ = ["Tactic", "tactics", "tactic", "tag_tactics", "find_tactics", "sentences",
           "compile_pattern", "SECTION_CONFIDENCE"]

#: Where a sentence stands says how sure a match is: the "how was it overcome" section reports
#: what the city did; the summary and the difference made mostly repeat it; lessons are advice
#: that may or may not describe the city's own practice. The challenge section describes the
#: problem, not the response, and is not read.
SECTION_CONFIDENCE: dict[str, float] = {
    "how_overcome": 0.9,
    "action": 0.8,
    "summary": 0.7,
    "difference": 0.7,
    "lessons": 0.6,
}

_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[\"'“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class Tactic:
    """One tactic concept: its id, label, family and the patterns that recognise it."""

    id: str
    iri: str
    label: str
    family: str
    family_label: str
    definition: str
    patterns: tuple[str, ...]
    labels: tuple[tuple[str, str], ...] = ()
    """(language, label) of the labels that are matched by word stem."""

    @cached_property
    def compiled(self) -> tuple[re.Pattern[str], ...]:
        return tuple(compile_pattern(p) for p in self.patterns)


@lru_cache(maxsize=None)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A vocabulary pattern as a regular expression: whole words, any letter case, and a space
    (outside a character class) matching any run of white space."""
    out: list[str] = []
    in_class = escaped = False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == "]":
            in_class = False
            out.append(ch)
        elif ch == " " and not in_class:
            out.append(r"\s+")
        else:
            out.append(ch)
    return re.compile(r"\b(?:" + "".join(out) + r")\b", re.IGNORECASE)


def _required_words(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case ASCII strings one of which every match of the regex contains, or None.

    Matching a regular expression is slow; looking for a word is fast. A text (lower-cased)
    that holds none of these strings cannot match, so most patterns need never run. The
    analysis reads the parsed expression; anything it does not understand gives None, which
    means "always run the expression".
    """
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(regex.pattern, regex.flags)
        found = _required(list(parsed), _constants)
    except Exception:  # noqa: BLE001 - an optimisation only: never worth failing for
        return None
    return tuple(sorted(found)) if found else None


def _required(items: list[Any], constants: Any) -> set[str] | None:
    """The best set of required strings of a sequence of parsed regex items."""
    best: set[str] | None = None

    def consider(option: set[str] | None) -> None:
        nonlocal best
        if option and all(option) and (best is None or
                                       min(map(len, option)) > min(map(len, best))):
            best = option

    run = ""
    for op, arg in items:
        if op == constants.LITERAL and arg < 128:
            run += chr(arg).lower()
            continue
        consider({run} if run else None)
        run = ""
        if op == constants.SUBPATTERN:
            consider(_required(list(arg[-1]), constants))
        elif op == constants.BRANCH:
            branches = [_required(list(b), constants) for b in arg[1]]
            if all(branches):
                consider(set().union(*branches))  # type: ignore[arg-type]
        elif op in (constants.MAX_REPEAT, constants.MIN_REPEAT) and arg[0] >= 1:
            consider(_required(list(arg[2]), constants))
    consider({run} if run else None)
    return best


_ASCII_LETTER = re.compile(r"[a-z]", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _folds_to_ascii(ch: str) -> bool:
    return _ASCII_LETTER.fullmatch(ch) is not None


def _lowered(text: str) -> str | None:
    """The text in lower case, for word look-ups; None when a character of it matches an ASCII
    letter while ignoring case without being one (the Kelvin sign, the long s), where a word
    look-up could miss what the expression finds."""
    if not text.isascii() and any(_folds_to_ascii(ch) for ch in set(text) if ord(ch) > 127):
        return None
    return text.lower()


@lru_cache(maxsize=1)
def tactics() -> dict[str, Tactic]:
    """Every tactic of the vocabulary (not the families), keyed by id, in id order."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import SKOS

    graph = Graph()
    graph.parse(ontology_path("tactics.ttl"), format="turtle")
    pattern = URIRef(CG.pattern)
    found: dict[str, Tactic] = {}
    # A tactic is a concept under a family; the families themselves are not tagged.
    for concept in set(graph.subjects(SKOS.broader, None)):
        family = graph.value(concept, SKOS.broader)
        # The labels matched by word stem: the preferred label, the hidden labels (terms for
        # search, SKOS's own use of them), and the other labels of the languages besides
        # English, whose English alternatives describe rather than name.
        labels = sorted({(label.language or "en", str(label))
                         for predicate in (SKOS.prefLabel, SKOS.hiddenLabel, SKOS.altLabel)
                         for label in graph.objects(concept, predicate)
                         if isinstance(label, Literal) and not (
                             predicate == SKOS.altLabel and (label.language or "en") == "en")})
        found[str(graph.value(concept, SKOS.notation))] = Tactic(
            id=str(graph.value(concept, SKOS.notation)),
            iri=str(concept),
            label=str(graph.value(concept, SKOS.prefLabel)),
            family=str(graph.value(family, SKOS.notation)) if family is not None else "",
            family_label=str(graph.value(family, SKOS.prefLabel)) if family is not None else "",
            definition=str(graph.value(concept, SKOS.definition) or ""),
            patterns=tuple(sorted(str(p) for p in graph.objects(concept, pattern))),
            labels=tuple(labels),
        )
    return dict(sorted(found.items()))


@dataclass(frozen=True)
class _Index:
    """The vocabulary's patterns, indexed by the words that their matches must contain."""

    items: tuple[Tactic, ...]
    by_word: dict[str, tuple[tuple[int, int], ...]]
    """word -> (tactic position, pattern position) of each pattern that needs the word."""
    always: tuple[tuple[int, int], ...]
    """Patterns no word look-up can rule out."""


@lru_cache(maxsize=1)
def _index() -> _Index:
    items = tuple(tactics().values())
    by_word: dict[str, list[tuple[int, int]]] = {}
    always: list[tuple[int, int]] = []
    for t, item in enumerate(items):
        for position, regex in enumerate(item.compiled):
            words = _required_words(regex)
            if words is None:
                always.append((t, position))
            for word in words or ():
                by_word.setdefault(word, []).append((t, position))
    return _Index(items, {w: tuple(refs) for w, refs in by_word.items()}, tuple(always))


def _present(lowered: str) -> list[str]:
    """The indexed words that a lower-case text holds."""
    return [word for word in _index().by_word if word in lowered]


def _candidates(lowered: str | None, words: list[str] | None = None,
                ) -> list[tuple[Tactic, list[tuple[str, re.Pattern[str]]]]]:
    """The tactics, in id order, with those of their patterns (in order) that can match in a
    text whose lower-case form is ``lowered``; every pattern when it is None. ``words``, when
    given, are the only indexed words worth looking for (those of a text this one is part of).
    """
    index = _index()
    if lowered is None:
        return [(item, list(zip(item.patterns, item.compiled))) for item in index.items]
    hits: dict[int, set[int]] = {}
    for word in index.by_word if words is None else words:
        refs = index.by_word[word]
        if word in lowered:
            for t, position in refs:
                hits.setdefault(t, set()).add(position)
    for t, position in index.always:
        hits.setdefault(t, set()).add(position)
    out = []
    for t in sorted(hits):
        item = index.items[t]
        out.append((item, [(item.patterns[i], item.compiled[i]) for i in sorted(hits[t])]))
    return out


def tactic(name: str) -> Tactic | None:
    """A tactic by its id (``swot-analysis``) or its label, in any letter case."""
    known = tactics()
    key = name.strip().lower()
    if key in known:
        return known[key]
    for item in known.values():
        if item.label.lower() == key:
            return item
    return None


def sentences(text: str) -> list[str]:
    """The sentences of a text, paragraph by paragraph."""
    out: list[str] = []
    for paragraph in text.split("\n\n"):
        out.extend(s.strip() for s in _SENTENCE.split(paragraph) if s.strip())
    return out


#: Labels too common to stand for a tactic on their own: a one-word label such as "pilot" or
#: "training" is matched only through the tactic's patterns, which read its context.
_GENERIC_LABELS = frozenset(
    "pilot training test testing plan planning event events data network support monitoring "
    "evaluation mapping partnership outreach indicators indicator project action strategy "
    "programme program group meeting meetings coaching funding".split())


@lru_cache(maxsize=1)
def _terms() -> TermIndex:
    """Every tactic's labels, in every language they are given in, for matching by stem; kept
    in casegraph's cache (stemming them all takes a second)."""
    from . import wordforms

    made_from = [digest(ontology_path("tactics.ttl")), digest(__file__), digest(wordforms.__file__)]
    return cached("tactic-terms", made_from, _make_terms, libraries=("snowballstemmer",))


def _make_terms() -> TermIndex:
    return TermIndex(
        (item.id, label, language) for item in tactics().values()
        for language, label in item.labels
        if not (len(stems(label, language)) == 1 and label.casefold() in _GENERIC_LABELS))


def _label_matches(text: str, language: str) -> dict[str, str]:
    """The tactics whose labels a text names, in any word form: id -> "label@xx: the label"."""
    found: dict[str, str] = {}
    for key, label, lang in _terms().find(text, (language, "en")):
        found.setdefault(key, f"label@{lang}: {label}")
    return found


def find_tactics(text: str, language: str = "en", *, labels: bool = True) -> list[str]:
    """The ids of the tactics a short text (a lesson, say) mentions, in id order: by the
    vocabulary's patterns, or (``labels``) by a label in the text's language or English, in
    any word form."""
    found = {item.id for item, patterns in _candidates(_lowered(text))
             if any(regex.search(text) for _, regex in patterns)}
    return sorted(found | (set(_label_matches(text, language)) if labels else set()))


def tag_tactics(sections: dict[str, str | None], language: str = "en", *,
                labels: bool = True) -> tuple[TacticAssignment, ...]:
    """The tactics the case's text describes, one assignment per tactic, with its evidence.

    Each assignment keeps the sentence that supports it, the section it stands in, the pattern
    that matched and a confidence; where several sentences match, the most confident section
    wins, then the earliest sentence.
    """
    best: dict[str, TacticAssignment] = {}
    # The indexed words of the whole text, looked for once: a section holds only some of them.
    everything = _lowered("\n".join(t for t in sections.values() if t))
    in_text = None if everything is None else _present(everything)
    for section, confidence in SECTION_CONFIDENCE.items():
        text = sections.get(section)
        if not text:
            continue
        # A tactic takes the first sentence of the section that one of its patterns matches,
        # unless a more confident section already gave it one. A sentence lies inside its
        # paragraph, so a pattern whose words the paragraph lacks cannot match any sentence
        # of it, and is not tried.
        whole = _lowered(text)
        words = None if whole is None or in_text is None else \
            [word for word in in_text if word in whole]
        for paragraph in text.split("\n\n"):
            lowered = None if whole is None else paragraph.lower()
            split: list[str] | None = None
            for item, patterns in _candidates(lowered, words):
                current = best.get(item.id)
                if current is not None and current.confidence >= confidence:
                    continue
                if split is None:
                    split = [s.strip() for s in _SENTENCE.split(paragraph) if s.strip()]
                found = _first_match(split, patterns)
                if found is not None:
                    sentence, raw = found
                    best[item.id] = TacticAssignment(
                        id=item.id,
                        label=item.label,
                        evidence=sentence,
                        section=section,
                        pattern=raw,
                        confidence=confidence,
                    )
    # A label named in other word forms, or in the text's language: a little less sure than
    # a pattern, which was written for the phrase.
    for section, confidence in SECTION_CONFIDENCE.items():
        text = sections.get(section)
        if not text or not labels:
            continue
        for sentence in sentences(text):
            for key, pattern in _label_matches(sentence, language).items():
                current = best.get(key)
                if current is not None and current.confidence >= confidence - _LABEL_DOUBT:
                    continue
                best[key] = TacticAssignment(
                    id=key, label=tactics()[key].label, evidence=sentence, section=section,
                    pattern=pattern, confidence=round(confidence - _LABEL_DOUBT, 2))
    return tuple(best[key] for key in sorted(best))


#: How much less sure a label match is than a pattern match in the same section.
_LABEL_DOUBT = 0.1


def _first_match(split: list[str],
                 patterns: list[tuple[str, re.Pattern[str]]]) -> tuple[str, str] | None:
    """The first sentence one of the patterns matches, and the first pattern that does."""
    for sentence in split:
        for raw, regex in patterns:
            if regex.search(sentence):
                return sentence, raw
    return None
