"""The challenge schemes (URBACT IC1–IC5, UIA's seven), read from ontology/challenges.ttl."""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .wordforms import fold

__all__ = [
    "Challenge",
    "challenges",
    "challenge",
    "find_codes",
    "match_challenge_name",
    "mentioned_challenges",
    "match_paraphrase",
    "ontology_path",
]

_CODE = re.compile(
    r"\b(?P<scheme>IC|UIA)\s*[-–—.]?\s*(?P<number>\d{1,2})\b(?!\s*[.,]\d)", re.IGNORECASE
)
_NAME_MATCH_RATIO = 0.86


@dataclass(frozen=True)
class Challenge:
    """One challenge concept: its notation, official name and every name it is known by."""

    code: str
    iri: str
    label: str
    labels: tuple[str, ...]
    scheme: str
    definition: str = ""


def ontology_path(name: str) -> str:
    """The path of one of the bundled ontology files (``casegraph.ttl``, ``shapes.ttl``, ...)."""
    return str(resources.files("casegraph.ontology").joinpath(name))


@lru_cache(maxsize=1)
def challenges() -> dict[str, Challenge]:
    """Every challenge of the bundled schemes, keyed by code, in code order."""
    from rdflib import Graph
    from rdflib.namespace import SKOS

    graph = Graph()
    graph.parse(ontology_path("challenges.ttl"), format="turtle")
    found: dict[str, Challenge] = {}
    for concept in graph.subjects(SKOS.notation, None):
        code = str(graph.value(concept, SKOS.notation))
        label = str(graph.value(concept, SKOS.prefLabel))
        names = [label, *sorted(str(a) for a in graph.objects(concept, SKOS.altLabel)),
                 *sorted(str(a) for a in graph.objects(concept, SKOS.hiddenLabel))]
        scheme = str(graph.value(concept, SKOS.inScheme))
        definition = str(graph.value(concept, SKOS.definition) or "")
        found[code] = Challenge(code, str(concept), label, tuple(names), scheme, definition)
    return dict(sorted(found.items(), key=lambda kv: _code_key(kv[0])))


def _code_key(code: str) -> tuple[str, int]:
    prefix, _, number = code.rpartition("-") if "-" in code else (code[:2], "", code[2:])
    return prefix, int(number) if number.isdigit() else 0


def challenge(code: str) -> Challenge | None:
    """The challenge with this code, written any common way (``IC4``, ``ic 4``, ``UIA 3``)."""
    match = _CODE.fullmatch(code.strip())
    if match is None:
        return challenges().get(code.strip())
    return challenges().get(_normal_code(match))


def _normal_code(match: re.Match[str]) -> str:
    scheme = match["scheme"].upper()
    number = int(match["number"])
    return f"IC{number}" if scheme == "IC" else f"UIA-{number}"


def find_codes(text: str) -> list[tuple[str, bool]]:
    """Every challenge code written in the text, as (code, known), in order of appearance."""
    out: list[tuple[str, bool]] = []
    for match in _CODE.finditer(text):
        code = _normal_code(match)
        if all(code != c for c, _ in out):
            out.append((code, code in challenges()))
    return out


@lru_cache(maxsize=1)
def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, item in challenges().items():
        for name in item.labels:
            index.setdefault(fold(name), code)
    return index


def mentioned_challenges(text: str) -> list[str]:
    """The codes of the challenges a sentence mentions, by code or by a name of 12+ letters."""
    found = [code for code, known in find_codes(text) if known]
    folded = f" {fold(text)} "
    for name, code in _name_index().items():
        if len(name) >= 12 and f" {name} " in folded and code not in found:
            found.append(code)
    return found


@lru_cache(maxsize=8192)
def match_challenge_name(text: str, *, whole: bool = False) -> str | None:
    """The code of the challenge this short text names, by official name or a known short form.

    The text is a line such as a list item, not prose: it matches when it is a name, starts
    with one, or is a near spelling of one. With ``whole``, only a name or a near spelling of
    one, the whole text.
    """
    folded = fold(text)
    if not folded or len(folded) > 300:
        return None
    index = _name_index()
    if folded in index:
        return index[folded]
    best: tuple[int, str] | None = None
    for name, code in index.items():
        if whole:
            break
        if len(name) >= 12 and (folded.startswith(name + " ") or folded.endswith(" " + name)):
            if best is None or len(name) > best[0]:
                best = (len(name), code)
    if best is not None:
        return best[1]
    close = difflib.get_close_matches(folded, list(index), n=1, cutoff=_NAME_MATCH_RATIO)
    return index[close[0]] if close else None


#: Words that say nothing of which challenge a text means.
_STOPWORDS = frozenset(
    "the a an of and or to for in on with by from into as at its their our we they it is are "
    "was were be been that this these those how who what which people all more very off up "
    "out so not only also there them then than when where while getting keeping making".split())
#: The least share of a line's weighted words a challenge must hold to be its paraphrase, and
#: how far ahead of the next challenge it must be.
_PARAPHRASE_SCORE = 0.5
_PARAPHRASE_LEAD = 1.4


def _stems(text: str) -> set[str]:
    """The content words of a text, cut to five letters: 'involved', 'involvement' -> 'invol'."""
    return {word[:5] for word in fold(text).split() if len(word) > 2 and word not in _STOPWORDS}


@lru_cache(maxsize=1)
def _profiles() -> tuple[dict[str, set[str]], dict[str, float]]:
    """Each challenge's words (names and definition), and each word's weight: rarer across the
    challenges, heavier."""
    profiles = {code: _stems(" ".join((*item.labels, item.definition)))
                for code, item in challenges().items()}
    counts: dict[str, int] = {}
    for words in profiles.values():
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    weights = {word: math.log(1 + len(profiles) / count) for word, count in counts.items()}
    return profiles, weights


@lru_cache(maxsize=4096)
def match_paraphrase(text: str) -> tuple[str, ...]:
    """The challenges a short line names in other words than their names, or ().

    "turning the plan into concrete actions people commit to" -> ('IC4',). Each part of a list
    separated by semicolons must name one; a line that names none clearly names nothing. The
    match is by shared content words, weighted by how few challenges use each, so it is less
    sure than a code or a name: callers report it as a paraphrase.
    """
    parts = [p for p in re.split(r"\s*;\s*", text) if p.strip()]
    found: list[str] = []
    profiles, weights = _profiles()
    for part in parts:
        words = _stems(part)
        if len(words) < 3:
            return ()
        total = sum(weights.get(word, math.log(1 + len(profiles))) for word in words)
        scored = sorted(((sum(weights[w] for w in words & profile) / total, code)
                         for code, profile in profiles.items()), reverse=True)
        (best, code), (second, _) = scored[0], scored[1]
        if best < _PARAPHRASE_SCORE or best < second * _PARAPHRASE_LEAD:
            return ()
        if code not in found:
            found.append(code)
    return tuple(found)
