"""The shape of the case graph: communities, tactic centrality, the challenge x tactic matrix, gaps.

Plain functions of a networkx projection (``graphs.city_tactic_graph``) or of a
:class:`~casegraph.graphs.GraphData`, returning lists and frozen dataclasses in a total order, so
the same graph gives the same answer; the one random algorithm (Louvain) takes ``seed=``.

Which centrality, and why: a tactic's *betweenness* (exact, normalised) in the city-tactic graph
of one challenge is the share of shortest paths between its other nodes that run through the
tactic. A tactic high on it joins cities that otherwise share little: it is where an exchange
between two groups of cities would start. Its *degree* (the cities that used it, and their
share of the challenge's cities) is what the transferability score already counts, so it is
shown next to betweenness rather than instead of it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .graphs import GraphData

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "COMMUNITY_SEED",
    "TacticCentrality",
    "Matrix",
    "Gaps",
    "communities",
    "tactic_centrality",
    "betweenness",
    "challenge_tactic_matrix",
    "find_gaps",
    "code_order",
]

#: The seed of the Louvain communities: the same graph, the same communities.
COMMUNITY_SEED = 7


def code_order(code: str) -> tuple[Any, ...]:
    """Challenge codes in the order people read them: IC1 < IC2 < IC10 < UIA-1."""
    return tuple(int(part) if part.isdigit() else part.lower()
                 for part in re.split(r"(\d+)", code))


def communities(graph: nx.Graph, *, seed: int = COMMUNITY_SEED, weight: str | None = "weight",
                resolution: float = 1.0) -> list[list[str]]:
    """Louvain communities (networkx ``louvain_communities``, seeded) of ``graph``: lists of
    node ids, each sorted, the largest first, ties broken by their first node. The graph is
    copied in sorted order first, so the answer does not depend on the order it was built in."""
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return []
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes))
    ordered.add_edges_from(sorted(
        (min(u, v), max(u, v), {"weight": attrs.get(weight, 1) if weight else 1})
        for u, v, attrs in graph.edges(data=True)))
    found = nx.community.louvain_communities(ordered, weight="weight", resolution=resolution,
                                             seed=seed)
    groups = [sorted(group) for group in found]
    return sorted(groups, key=lambda group: (-len(group), group[0]))


@dataclass(frozen=True)
class TacticCentrality:
    """How central a tactic is in a city-tactic graph: the cities that used it, their share of
    the graph's cities (degree centrality) and its betweenness centrality."""

    tactic: str
    label: str
    cities: tuple[str, ...]
    degree: float
    betweenness: float


def tactic_centrality(graph: nx.Graph) -> list[TacticCentrality]:
    """The tactics of a city-tactic graph (``graphs.city_tactic_graph``), most between first,
    then by cities, then by tactic id. ``degree`` = cities using the tactic / all cities;
    ``betweenness`` = the exact, normalised betweenness centrality (unweighted: a path through
    a tactic is a path whatever the number of cases behind it), as networkx defines it and
    rustworkx computes it (Brandes' algorithm in Rust: 0.5 s in Python per challenge at 10,000
    cases, 15 ms here; a test holds the two equal)."""
    if graph.number_of_nodes() == 0:
        return []
    between = betweenness(graph)
    city_count = sum(1 for _, attrs in graph.nodes(data=True) if attrs["type"] == "city")
    found = []
    for key, attrs in graph.nodes(data=True):
        if attrs["type"] != "tactic":
            continue
        cities = tuple(sorted(graph.nodes[c]["label"] for c in graph.neighbors(key)))
        found.append(TacticCentrality(
            key.partition("/")[2], attrs["label"], cities,
            round(len(cities) / city_count, 6) if city_count else 0.0,
            round(between[key], 6)))
    return sorted(found, key=lambda t: (-t.betweenness, -len(t.cities), t.tactic))


def betweenness(graph: nx.Graph) -> dict[Any, float]:
    """networkx's ``betweenness_centrality(graph, normalized=True)`` of an undirected graph,
    computed by rustworkx."""
    import rustworkx as rx

    copy = rx.PyGraph()
    index = {node: copy.add_node(node) for node in graph.nodes}
    copy.add_edges_from_no_data([(index[u], index[v]) for u, v in graph.edges])
    found = rx.graph_betweenness_centrality(copy, normalized=True)
    return {node: found[position] for node, position in index.items()}


@dataclass(frozen=True)
class Matrix:
    """Challenges (rows) x tactics (columns): the number of cities that used the tactic against
    the challenge."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]

    def cell(self, row: str, column: str) -> int:
        return self.values[self.rows.index(row)][self.columns.index(column)]


def challenge_tactic_matrix(data: GraphData,
                            challenges: Iterable[str] | None = None) -> Matrix:
    """The challenge x tactic matrix of the heatmap. Rows: ``challenges`` (default: every
    challenge a case faced), in code order; columns: the tactics used against them, the most
    widely used first (total cities over the rows), ties by tactic id."""
    cities: dict[tuple[str, str], set[str]] = defaultdict(set)
    faced = {f.code for case in data.cases for f in case.challenges if f.code}
    rows = sorted(faced if challenges is None else set(challenges), key=code_order)
    for case in data.cases:
        for use in case.tactics:
            if use.challenge in rows:
                cities[(use.challenge, use.tactic)].add(case.city or case.iri)
    totals: dict[str, int] = defaultdict(int)
    for (_, tactic), where in cities.items():
        totals[tactic] += len(where)
    columns = sorted(totals, key=lambda t: (-totals[t], t))
    values = tuple(tuple(len(cities.get((row, column), ())) for column in columns)
                   for row in rows)
    return Matrix(tuple(rows), tuple(columns), values)


@dataclass(frozen=True)
class Gaps:
    """Where the evidence is thin: challenges of the vocabulary no case faced, challenges faced
    with no tactic documented against them, and tactics used in one city only, with its name."""

    unfaced: tuple[str, ...]
    undocumented: tuple[str, ...]
    single_city: tuple[tuple[str, str], ...]


def find_gaps(data: GraphData, challenge: str | None = None) -> Gaps:
    """The gaps of the whole graph, or of one challenge: then ``single_city`` counts only uses
    against it. Codes in code order; tactics by id."""
    faced = {f.code for case in data.cases for f in case.challenges if f.code}
    documented = {u.challenge for case in data.cases for u in case.tactics if u.challenge}
    known = set(data.challenge_labels) | faced
    if challenge is not None:
        known &= {challenge}
    cities: dict[str, dict[str, str]] = defaultdict(dict)  # tactic -> city IRI -> its name
    for case in data.cases:
        for use in case.tactics:
            if challenge is None or use.challenge == challenge:
                cities[use.tactic][case.city or case.iri] = case.city_name or case.title
    return Gaps(
        unfaced=tuple(sorted(known - faced, key=code_order)),
        undocumented=tuple(sorted((known & faced) - documented, key=code_order)),
        single_city=tuple((tactic, next(iter(where.values())))
                          for tactic, where in sorted(cities.items()) if len(where) == 1))
