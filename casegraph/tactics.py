"""The tactics vocabulary (ontology/tactics.ttl) and the tagger that finds tactics in a case's text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .model import TacticAssignment
from .taxonomy import ontology_path

__all__ = ["Tactic", "tactics", "tactic", "tag_tactics", "find_tactics", "sentences",
           "compile_pattern", "TACTIC_BASE", "SECTION_CONFIDENCE"]

TACTIC_BASE = "https://w3id.org/casegraph/tactic/"
_CG_PATTERN = "https://w3id.org/casegraph/ontology#pattern"

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

    @property
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


@lru_cache(maxsize=1)
def tactics() -> dict[str, Tactic]:
    """Every tactic of the vocabulary (not the families), keyed by id, in id order."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import SKOS

    graph = Graph()
    graph.parse(ontology_path("tactics.ttl"), format="turtle")
    pattern = URIRef(_CG_PATTERN)
    found: dict[str, Tactic] = {}
    for concept in graph.subjects(pattern, None):
        family = graph.value(concept, SKOS.broader)
        found[str(graph.value(concept, SKOS.notation))] = Tactic(
            id=str(graph.value(concept, SKOS.notation)),
            iri=str(concept),
            label=str(graph.value(concept, SKOS.prefLabel)),
            family=str(graph.value(family, SKOS.notation)) if family is not None else "",
            family_label=str(graph.value(family, SKOS.prefLabel)) if family is not None else "",
            definition=str(graph.value(concept, SKOS.definition) or ""),
            patterns=tuple(sorted(str(p) for p in graph.objects(concept, pattern))),
        )
    return dict(sorted(found.items()))


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


def find_tactics(text: str) -> list[str]:
    """The ids of the tactics a short text (a lesson, say) mentions, in id order."""
    return [item.id for item in tactics().values()
            if any(regex.search(text) for regex in item.compiled)]


def tag_tactics(sections: dict[str, str | None]) -> tuple[TacticAssignment, ...]:
    """The tactics the case's text describes, one assignment per tactic, with its evidence.

    Each assignment keeps the sentence that supports it, the section it stands in, the pattern
    that matched and a confidence; where several sentences match, the most confident section
    wins, then the earliest sentence.
    """
    best: dict[str, TacticAssignment] = {}
    for section, confidence in SECTION_CONFIDENCE.items():
        text = sections.get(section)
        if not text:
            continue
        for sentence in sentences(text):
            for item in tactics().values():
                for raw, regex in zip(item.patterns, item.compiled):
                    if regex.search(sentence):
                        current = best.get(item.id)
                        if current is None or confidence > current.confidence:
                            best[item.id] = TacticAssignment(
                                id=item.id,
                                label=item.label,
                                evidence=sentence,
                                section=section,
                                pattern=raw,
                                confidence=confidence,
                            )
                        break
    return tuple(best[key] for key in sorted(best))
