"""Transferable practices: practices ranked across cities, similar cases, recommendations.

Plain functions of a :class:`~casegraph.graphs.GraphData` (read from the store by the one RDF
to networkx bridge, ``casegraph.graphs``) returning lists of frozen dataclasses. Every result
says why it is there, and every order is total, so the same graph gives the same answer.

A *practice* is a tactic used against a challenge: ``(IC4, prioritising-actions)``.

Transferability score of a practice (:func:`rank_practices`)::

    score = cities + countries + sum over cities of OUTCOME_WEIGHTS[outcome]

``cities`` and ``countries`` count the distinct places that used the tactic against the
challenge; each city adds the weight of the best outcome it reported for that challenge
(completely solved 1, partly solved 0.5, unknown 0, not solved -1). A practice used in two
cities of two countries, one of which partly solved the challenge, scores 2 + 2 + 0.5 = 4.5.

Similarity of two cases (:func:`similar`) is the mean of three numbers in [0, 1]: the Jaccard
index of the challenge codes they faced, the Jaccard index of the tactics they used, and the
cosine similarity of the TF-IDF vectors (weighted as scikit-learn weighs them) of their
challenge texts.

Recommendation score (:func:`recommend`)::

    score = transferability (counting other cities only) x (1 + relevance)

where ``relevance`` in [0, 1] is how close the closest case behind the practice is to the
city asking: its case similarity for a city in the graph, the TF-IDF cosine between the
given description and the case's challenge text for a city that is not.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import AnalysisError
from .graphs import Case, GraphData, case_tactic_graph, challenge_tactic_graph, city_graph
from ..taxonomy import fold

__all__ = [
    "OUTCOME_WEIGHTS",
    "MATCH_WEIGHTS",
    "Use",
    "LessonQuote",
    "Practice",
    "Similarity",
    "Recommendation",
    "Target",
    "rank_practices",
    "similar",
    "recommend",
    "find_target",
    "case_text",
    "text_similarities",
    "jaccard",
    "projections",
]

#: What each outcome adds to a practice's score, per city (its best outcome counts).
OUTCOME_WEIGHTS: Mapping[str, float] = {
    "completely solved": 1.0,
    "partly solved": 0.5,
    "unknown": 0.0,
    "not solved": -1.0,
}

#: What a practice used against a mapped challenge of the other scheme counts for
#: (skos:closeMatch, skos:relatedMatch between URBACT's IC1-IC5 and UIA's challenges).
MATCH_WEIGHTS: Mapping[str, float] = {"close": 0.75, "related": 0.5}

_OUTCOME_ORDER = ("completely solved", "partly solved", "unknown", "not solved")


@dataclass(frozen=True)
class Use:
    """One case's use of a practice: where, with what outcome, and the sentence that shows it."""

    city: str
    country: str
    case: str
    title: str
    outcome: str
    evidence: str


@dataclass(frozen=True)
class LessonQuote:
    """A lesson, from a case behind a practice, whose text mentions the tactic."""

    city: str
    case: str
    text: str


@dataclass(frozen=True)
class Practice:
    """A tactic used against a challenge, its transferability score and why."""

    challenge: str
    challenge_label: str
    tactic: str
    label: str
    family: str
    score: float
    cities: tuple[str, ...]
    countries: tuple[str, ...]
    outcomes: Mapping[str, str]
    outcome_points: float
    not_solved: int
    uses: tuple[Use, ...]
    lessons: tuple[LessonQuote, ...]

    @property
    def explanation(self) -> str:
        """The score in words: which cities, which outcomes, how it adds up."""
        return (f"{self.label} was used against {self.challenge} ({self.challenge_label}) in "
                f"{_count(len(self.cities), 'city', 'cities')} ({', '.join(self.cities)}) and "
                f"{_count(len(self.countries), 'country', 'countries')} "
                f"({', '.join(self.countries)}). Outcomes: "
                f"{'; '.join(f'{c} {o}' for c, o in self.outcomes.items())}. "
                f"Score {_count(len(self.cities), 'city', 'cities')} + "
                f"{_count(len(self.countries), 'country', 'countries')} "
                f"{'+' if self.outcome_points >= 0 else '-'} {abs(self.outcome_points):g} "
                f"for outcomes = {self.score:g}."
                + (f" {_count(len(self.lessons), 'lesson mentions', 'lessons mention')} it."
                   if self.lessons else ""))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["outcomes"] = dict(self.outcomes)
        data["explanation"] = self.explanation
        return data


@dataclass(frozen=True)
class Similarity:
    """A case similar to the one asked about, and by how much on each count."""

    case: str
    title: str
    city: str
    country: str
    score: float
    challenges: float
    tactics: float
    text: float
    shared_challenges: tuple[str, ...]
    shared_tactics: tuple[str, ...]

    @property
    def explanation(self) -> str:
        shared_c = ", ".join(self.shared_challenges) or "none"
        shared_t = ", ".join(self.shared_tactics) or "none"
        return (f"shares challenges {shared_c} (Jaccard {self.challenges:.2f}) and tactics "
                f"{shared_t} (Jaccard {self.tactics:.2f}); challenge texts alike at "
                f"{self.text:.2f} (TF-IDF cosine); score = mean = {self.score:.2f}")

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["explanation"] = self.explanation
        return data


@dataclass(frozen=True)
class Recommendation:
    """A practice from other cities, scored for the city asking."""

    practice: Practice
    score: float
    relevance: float
    closest_case: str
    closest_city: str
    relevance_basis: str
    already_used: bool = False
    for_challenge: str = ""
    match: str = ""

    @property
    def explanation(self) -> str:
        used = " The city already uses it against this challenge." if self.already_used else ""
        mapped, factor = "", ""
        if self.match:
            weight = MATCH_WEIGHTS[self.match]
            mapped = (f" The challenge schemes map {self.practice.challenge} to "
                      f"{self.for_challenge} (skos:{self.match}Match), so it counts x{weight:g}.")
            factor = f" x {weight:g}"
        if self.relevance_basis == "none":
            return (f"{self.practice.explanation}{mapped} No description given, so every case "
                    f"behind it weighs the same: recommendation score "
                    f"{f'{self.practice.score:g}{factor} = ' if factor else '= '}"
                    f"{self.score:g}.{used}")
        else:
            closeness = (f"closest case behind it: {self.closest_city}, "
                         f"'{self.closest_case}' ({self.relevance_basis} "
                         f"{self.relevance:.2f})")
        return (f"{self.practice.explanation}{mapped} Recommendation score "
                f"{self.practice.score:g}{factor} x (1 + {self.relevance:.2f}) = "
                f"{self.score:.2f}; {closeness}.{used}")

    def to_json(self) -> dict[str, Any]:
        return {"score": self.score, "for_challenge": self.for_challenge,
                "match": self.match, "relevance": self.relevance,
                "relevance_basis": self.relevance_basis, "closest_case": self.closest_case,
                "closest_city": self.closest_city, "already_used": self.already_used,
                "practice": self.practice.to_json(), "explanation": self.explanation}


@dataclass(frozen=True)
class Target:
    """What a user asked about: a city (its cases) or one case, as indexes into the cases."""

    kind: str
    name: str
    cases: tuple[int, ...] = field(default=())


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _city(case: Case) -> str:
    return case.city_name or case.title


def _country(case: Case) -> str:
    return case.country_code or case.country_name or "?"


def _outcome_for(case: Case, challenge: str) -> str:
    return next((c.outcome for c in case.challenges if c.code == challenge), "unknown")


def _best(outcomes: Iterable[str]) -> str:
    present = set(outcomes)
    return next((o for o in _OUTCOME_ORDER if o in present), "unknown")


# --- transferable practices ---------------------------------------------------------------------


def rank_practices(data: GraphData, challenge: str | None = None, min_cities: int = 2, *,
                   exclude_cities: Iterable[str] = ()) -> list[Practice]:
    """Practices (tactic x challenge) ranked by transferability, best first.

    ``challenge`` keeps one challenge code; ``min_cities`` drops practices used in fewer
    cities; ``exclude_cities`` (city names) leaves those cities' cases out altogether. Ties are
    broken by cities, countries, cases, then challenge code and tactic id.
    """
    excluded = {fold(c) for c in exclude_cities}
    cases_of: dict[tuple[str, str], dict[int, None]] = defaultdict(dict)  # ordered, unique
    for index, case in enumerate(data.cases):
        if excluded and fold(_city(case)) in excluded:
            continue
        for use in case.tactics:
            if use.challenge and (challenge is None or use.challenge == challenge):
                cases_of[(use.challenge, use.tactic)][index] = None
    practices = []
    for (code, tactic), indexes in cases_of.items():
        practice = _practice(data, code, tactic, list(indexes))
        if len(practice.cities) >= min_cities:
            practices.append(practice)
    return sorted(practices, key=lambda p: (-p.score, -len(p.cities), -len(p.countries),
                                            -len(p.uses), p.challenge, p.tactic))


def _practice(data: GraphData, code: str, tactic: str, indexes: Sequence[int]) -> Practice:
    by_city: dict[str, list[str]] = defaultdict(list)
    countries: set[str] = set()
    uses: list[Use] = []
    lessons: list[LessonQuote] = []
    for index in indexes:
        case = data.cases[index]
        city, outcome = _city(case), _outcome_for(case, code)
        by_city[city].append(outcome)
        countries.add(_country(case))
        evidence = sorted({u.evidence for u in case.tactics
                           if u.tactic == tactic and u.challenge == code and u.evidence})
        uses.append(Use(city, _country(case), case.iri, case.title, outcome,
                        " ".join(evidence)))
        lessons += [LessonQuote(city, case.iri, lesson.text) for lesson in case.lessons
                    if "tactic/" + tactic in lesson.mentions]
    outcomes = {city: _best(found) for city, found in sorted(by_city.items())}
    points = sum(OUTCOME_WEIGHTS[o] for o in outcomes.values())
    score = len(outcomes) + len(countries) + points
    return Practice(
        challenge=code, challenge_label=data.challenge_labels.get(code, code), tactic=tactic,
        label=data.tactic_labels.get(tactic, tactic),
        family=data.tactic_families.get(tactic, ""), score=score,
        cities=tuple(outcomes), countries=tuple(sorted(countries)), outcomes=outcomes,
        outcome_points=points,
        not_solved=sum(1 for o in outcomes.values() if o == "not solved"),
        uses=tuple(sorted(uses, key=lambda u: (u.city, u.case))),
        lessons=tuple(sorted(set(lessons), key=lambda q: (q.city, q.case, q.text))))


# --- similar cases ------------------------------------------------------------------------------


def jaccard(first: Iterable[str], second: Iterable[str]) -> float:
    """|A & B| / |A | B|; 0 for two empty sets."""
    a, b = set(first), set(second)
    return len(a & b) / len(a | b) if a | b else 0.0


def case_text(case: Case, texts: Mapping[str, str] | None = None) -> str:
    """The challenge text of a case: ``texts[case.iri]`` where given (see
    ``graphs.read_challenge_texts``), else what the case's challenges say as written and how
    they were overcome."""
    if texts is not None and texts.get(case.iri):
        return texts[case.iri]
    return "\n\n".join(dict.fromkeys(
        part for c in case.challenges for part in (c.as_written, c.how_overcome) if part))


#: The words of a text TF-IDF compares, as scikit-learn's ``TfidfVectorizer`` finds them.
_WORD = re.compile(r"(?u)\b\w\w+\b")


def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, kept in the cache so that asking needs no import of
    scikit-learn (about 2 s)."""
    from ..cache import cached

    return frozenset(cached("english-stop-words", [], _make_stop_words,
                            libraries=("scikit-learn",)))


def _make_stop_words() -> tuple[str, ...]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return tuple(sorted(ENGLISH_STOP_WORDS))


def text_similarities(documents: Sequence[str], query: str) -> list[float]:
    """TF-IDF cosine similarity between ``query`` and each document, fitted on the documents
    and the query; 0 where there are no words to compare.

    The weighting is scikit-learn's ``TfidfVectorizer(stop_words="english",
    sublinear_tf=True)`` (lower-cased words of two or more letters, ``1 + ln tf``, smoothed idf
    ``1 + ln((1 + n) / (1 + df))``, rows of unit length), computed for the one row asked about
    rather than as the whole matrix: the same scores (a test compares them), without the
    library's import and its n-by-vocabulary matrix.
    """
    if not query.strip() or not any(d.strip() for d in documents):
        return [0.0] * len(documents)
    stop = english_stop_words()
    counts: list[dict[str, int]] = []
    frequency: dict[str, int] = defaultdict(int)
    for text in (*documents, query):
        found: dict[str, int] = defaultdict(int)
        for word in _WORD.findall(text.lower()):
            if word not in stop:
                found[word] += 1
        counts.append(found)
        for word in found:
            frequency[word] += 1
    total = len(counts) + 1
    idf = {word: math.log(total / (df + 1)) + 1 for word, df in frequency.items()}
    weights = [{word: (1 + math.log(tf)) * idf[word] for word, tf in found.items()}
               for found in counts]
    asked = weights.pop()
    asked_norm = math.sqrt(sum(w * w for w in asked.values()))
    if not asked_norm:
        return [0.0] * len(documents)
    scores = []
    for row in weights:
        norm = math.sqrt(sum(w * w for w in row.values()))
        dot = sum(w * row[word] for word, w in asked.items() if word in row)
        scores.append(round(dot / (norm * asked_norm), 6) if norm else 0.0)
    return scores


def find_target(data: GraphData, text: str, *, city: str | None = None) -> Target:
    """The city or case a user means: ``city`` (a city IRI, as ``queries.resolve_value`` gives
    it) when given, else a case by IRI, source file name (with or without suffix) or title
    (whole or a unique part of it, any letter case)."""
    if city is not None:
        chosen = tuple(i for i, c in enumerate(data.cases) if c.city == city)
        if chosen:
            return Target("city", _city(data.cases[chosen[0]]), chosen)
    wanted = fold(text)
    for index, case in enumerate(data.cases):
        stem = case.source.rsplit(".", 1)[0]
        if text.strip() in (case.iri, case.source) or wanted in (fold(stem), fold(case.title)):
            return Target("case", case.title, (index,))
    partial = [i for i, c in enumerate(data.cases) if wanted and wanted in fold(c.title)]
    if len(partial) == 1:
        return Target("case", data.cases[partial[0]].title, (partial[0],))
    if len(partial) > 1:
        names = "; ".join(data.cases[i].title for i in partial)
        raise AnalysisError(f"{text!r} is part of more than one case title: {names}",
                            where="CASE_OR_CITY")
    cities = sorted({_city(c) for c in data.cases})
    raise AnalysisError(f"no city or case {text!r} in the graph; give a city "
                        f"({', '.join(cities)}), a case's source file name or its title",
                        where="CASE_OR_CITY")


def _case_similarities(data: GraphData, target: Target,
                       texts: Mapping[str, str] | None) -> list[Similarity]:
    mine = [data.cases[i] for i in target.cases]
    my_challenges = {c.code for case in mine for c in case.challenges if c.code}
    my_tactics = {t.tactic for case in mine for t in case.tactics}
    others = [i for i in range(len(data.cases)) if i not in target.cases
              and not (target.kind == "city" and data.cases[i].city == mine[0].city)]
    cosines = text_similarities([case_text(data.cases[i], texts) for i in others],
                                "\n\n".join(case_text(c, texts) for c in mine))
    found = []
    for index, cosine in zip(others, cosines):
        case = data.cases[index]
        challenges = {c.code for c in case.challenges if c.code}
        tactics = {t.tactic for t in case.tactics}
        by_challenge, by_tactic = jaccard(my_challenges, challenges), jaccard(my_tactics, tactics)
        found.append(Similarity(
            case.iri, case.title, _city(case), _country(case),
            round((by_challenge + by_tactic + cosine) / 3, 6), round(by_challenge, 6),
            round(by_tactic, 6), cosine, tuple(sorted(my_challenges & challenges)),
            tuple(sorted(my_tactics & tactics))))
    return sorted(found, key=lambda s: (-s.score, -s.challenges, -s.tactics, s.case))


def similar(data: GraphData, target: Target, top: int = 5,
            texts: Mapping[str, str] | None = None) -> list[Similarity]:
    """The ``top`` cases most similar to a case or to a city's cases (the city's own cases
    left out), best first; ties broken by challenges, tactics, then case IRI."""
    if not target.cases:
        raise AnalysisError(f"{target.name!r} has no case in the graph", where="CASE_OR_CITY")
    return _case_similarities(data, target, texts)[:max(top, 0)]


# --- recommendations ----------------------------------------------------------------------------


def recommend(data: GraphData, *, city: str, challenge: str | None = None,
              description: str | None = None, target: Target | None = None,
              texts: Mapping[str, str] | None = None,
              matches: Mapping[str, Mapping[str, str]] | None = None,
              include_used: bool = False, top: int | None = None) -> list[Recommendation]:
    """Practices from other cities for ``city``, best first.

    A city in the graph is given as ``target`` (its cases); without ``challenge`` it gets
    practices for every challenge its cases faced, and practices it already uses against that
    challenge are left out (kept and marked with ``include_used``). A city not in the graph
    needs ``challenge``; ``description`` (its own words about the challenge) weights the
    practices by how close the cases behind them are to it. ``matches`` (see
    ``graphs.read_challenge_matches``) adds practices used against mapped challenges of the
    other scheme, at MATCH_WEIGHTS. Each tactic is listed once, for its best practice.
    """
    known = target is not None and bool(target.cases)
    if not known and challenge is None:
        raise AnalysisError(f"{city!r} is not in the graph: give the challenge it faces "
                            "(and a short description of it) to get recommendations",
                            where="--city")
    mine = [data.cases[i] for i in target.cases] if target is not None and known else []
    codes = ([challenge] if challenge is not None else
             sorted({c.code for case in mine for c in case.challenges if c.code}))
    if not codes:
        raise AnalysisError(f"the cases of {city!r} name no coded challenge; give one",
                            where="--challenge")
    used = {(t.challenge, t.tactic) for case in mine for t in case.tactics}
    names = {_city(case) for case in mine} or {city}

    relevance: dict[str, float] = {}
    if mine and target is not None:
        basis = "case similarity"
        relevance = {s.case: s.score for s in _case_similarities(data, target, texts)}
    elif description and description.strip():
        basis = "TF-IDF cosine to the description"
        cosines = text_similarities([case_text(c, texts) for c in data.cases], description)
        relevance = {c.iri: s for c, s in zip(data.cases, cosines)}
    else:
        basis = "none"

    found = []
    for code in codes:
        sources = [(code, "")] + sorted((matches or {}).get(code, {}).items())
        for source, kind in sources:
            weight = MATCH_WEIGHTS[kind] if kind else 1.0
            for practice in rank_practices(data, source, min_cities=1, exclude_cities=names):
                already = bool({(code, practice.tactic), (source, practice.tactic)} & used)
                if already and not include_used:
                    continue
                best = max(practice.uses, key=lambda u: (relevance.get(u.case, 0.0), u.case))
                closeness = relevance.get(best.case, 0.0)
                found.append(Recommendation(
                    practice, round(practice.score * weight * (1 + closeness), 6), closeness,
                    best.title, best.city, basis, already, code, kind))
    found.sort(key=lambda r: (r.already_used, -r.score, -len(r.practice.cities), bool(r.match),
                              r.for_challenge, r.practice.challenge, r.practice.tactic))
    seen: set[str] = set()
    unique = []
    for item in found:  # each tactic once, for its best practice
        if item.practice.tactic not in seen:
            seen.add(item.practice.tactic)
            unique.append(item)
    return unique if top is None else unique[:max(top, 0)]


# --- the networkx projections, for notebooks and reports -----------------------------------------


def projections(data: GraphData) -> dict[str, Any]:
    """The three networkx projections by name: ``case-tactic`` (bipartite), ``challenge-tactic``
    (weight = cities) and ``city-city`` (weight = shared challenges + tactics)."""
    return {"case-tactic": case_tactic_graph(data),
            "challenge-tactic": challenge_tactic_graph(data),
            "city-city": city_graph(data)}
