"""The cross-city questions as one call each, on an open graph: practices that transfer,
similar cases, and recommendations for one city. The command line and the Python API both
ask them here; names are read as users write them (IC4 or the challenge's name, Nantes or
'Mantova, IT')."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import AmbiguousNameError, QueryParameterError
from ..query.queries import challenge_code, resolve
from ..query.sparql import Backend
from .analyse import Practice, Recommendation, Similarity, Target, find_target, rank_practices
from .analyse import recommend as rank_recommendations
from .analyse import similar as rank_similar
from .graphs import GraphData, read_challenge_matches, read_challenge_texts, read_graph_data

__all__ = ["Patterns", "Similar", "Recommended", "patterns", "similar", "recommend",
           "city_iri"]


@dataclass(frozen=True)
class Patterns:
    """Practices ranked by how well they transfer, against ``challenge`` (its code) or all."""

    challenge: str | None
    min_cities: int
    practices: tuple[Practice, ...]


@dataclass(frozen=True)
class Similar:
    """The cases most like ``target`` (a city's cases, or one case)."""

    target: Target
    cases: tuple[Similarity, ...]


@dataclass(frozen=True)
class Recommended:
    """Practices from other cities for ``city``; ``target`` is the city's cases when the
    graph has it, else None."""

    city: str
    target: Target | None
    challenge: str | None
    practices: tuple[Recommendation, ...]


def city_iri(text: str, graph: Backend, where: str | None = None) -> str | None:
    """The IRI of the city a user names, or None when the graph has no such city; a name that
    stands for more than one city is an :class:`~casegraph.errors.AmbiguousNameError`."""
    try:
        return str(resolve("city", text, graph, where=where))
    except AmbiguousNameError:
        raise
    except QueryParameterError:
        return None


def patterns(graph: Backend, challenge: str | None = None, *, min_cities: int = 2,
             top: int | None = None, data: GraphData | None = None) -> Patterns:
    """Practices (a tactic used against a challenge) ranked by how well they transfer; see
    :func:`casegraph.analysis.analyse.rank_practices`. ``data``: the cases, when already
    read from ``graph``."""
    code = challenge_code(challenge, where="--challenge")
    found = rank_practices(data or read_graph_data(graph), code, min_cities)
    return Patterns(code, min_cities, tuple(found[:top] if top is not None else found))


def similar(graph: Backend, case_or_city: str, *, top: int = 5,
            data: GraphData | None = None) -> Similar:
    """The cases most similar to a city's cases or to one case (its source file name or
    title), with why."""
    data = data or read_graph_data(graph)
    texts = read_challenge_texts(graph)
    target = find_target(data, case_or_city, city=city_iri(case_or_city, graph, "CASE_OR_CITY"))
    return Similar(target, tuple(rank_similar(data, target, top, texts)))


def recommend(graph: Backend, city: str, challenge: str | None = None, *,
              description: str | None = None, top: int = 10, include_used: bool = False,
              data: GraphData | None = None) -> Recommended:
    """Practices from other cities for ``city`` (in the graph or not; one not in the graph
    needs ``challenge``), each with its evidence and lessons."""
    code = challenge_code(challenge, where="--challenge")
    data = data or read_graph_data(graph)
    texts, matches = read_challenge_texts(graph), read_challenge_matches(graph)
    iri = city_iri(city, graph, "--city")
    target = find_target(data, city, city=iri) if iri is not None else None
    name = target.name if target else city
    found = rank_recommendations(data, city=name, challenge=code, description=description,
                                 target=target, texts=texts, matches=matches,
                                 include_used=include_used, top=top)
    return Recommended(name, target, code, tuple(found))
