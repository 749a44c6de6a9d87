"""The summary graph grows with the corpus, not with pairs of cities: one city summary per city,
which ``similar-cities`` joins when it is asked, with the same answer for one city as the
answer for every city gives."""

from __future__ import annotations

from itertools import permutations
from pathlib import Path

import pyoxigraph as ox
import pytest

from casegraph.graph.rdf import city_node, sort_quads, summary_quads
from casegraph.graph.summary import CaseFacts, summarise
from casegraph.layout import STORE_NAME
from casegraph.query.local import OxigraphBackend
from casegraph.query.queries import named_queries, run_query
from casegraph.vocab import CG, GRAPH_SUMMARY, RDF
from conftest import build_corpus

City = tuple[str, str]

_TYPE = ox.NamedNode(str(RDF.type))
_CITY_SUMMARY = ox.NamedNode(str(CG.CitySummary))
_SUMMARY = ox.NamedNode(GRAPH_SUMMARY)
#: The class of the pair summaries the summary graph no longer holds.
_CITY_PAIR_SUMMARY = ox.NamedNode("https://w3id.org/casegraph/ontology#CityPairSummary")


def _facts(n: int) -> list[CaseFacts]:
    """Cases in ``n`` cities that all faced IC1 and used co-design against it; some also faced
    IC2 or used focus groups, in a few countries and one city without a country. One more city
    used a tactic against nothing it faced, and one faced nothing: neither shares anything."""
    facts = []
    for i in range(n):
        country = ("FR", "DE", "IT", "")[i % 4]
        challenges = ("IC1", "IC2") if i % 2 else ("IC1",)
        tactics = ("co-design", "focus-group") if i % 3 == 0 else ("co-design",)
        facts.append(CaseFacts(f"urn:case:{i}", (country, f"Town {i}"), country or None, None,
                               challenges, None, tactics, True))
    facts.append(CaseFacts("urn:case:unfaced", ("NL", "Nowhere"), "NL", None, (), None,
                           ("co-design",), False))
    facts.append(CaseFacts("urn:case:bare", ("BE", "Bare"), "BE", None, (), None, (), False))
    return facts


def _quads(n: int) -> list[ox.Quad]:
    return sort_quads(summary_quads(summarise(_facts(n))))


def test_one_city_summary_per_city_with_what_its_cases_faced_and_used() -> None:
    summary = summarise(_facts(6))
    by_city = {s.city: s for s in summary.city_summaries}
    assert list(by_city) == sorted(summary.cities) and len(by_city) == 8
    assert by_city[("DE", "Town 1")].challenges == ("IC1", "IC2")
    assert by_city[("FR", "Town 0")].tactics == ("co-design", "focus-group")
    assert by_city[("NL", "Nowhere")].tactics == ()  # used against no challenge it faced
    assert by_city[("BE", "Bare")].challenges == ()
    quads = _quads(6)
    kinds = {q.object for q in quads if q.predicate == _TYPE}
    assert _CITY_PAIR_SUMMARY not in kinds
    assert sum(1 for q in quads if q.object == _CITY_SUMMARY) == 8
    assert not [q for q in quads if "city-pair" in str(q.subject)]


def test_the_summary_grows_linearly_when_every_city_shares_a_challenge() -> None:
    sizes = [len(_quads(n)) for n in range(4, 40)]
    # A city adds its name, country, summary, city, two challenges and two tactics at most.
    assert all(0 < later - earlier <= 8 for earlier, later in zip(sizes, sizes[1:]))
    # Twelve cities on, the countries, challenges and tactics come round again.
    assert len({later - earlier for earlier, later in zip(sizes, sizes[12:])}) == 1


def test_the_summary_is_the_same_whatever_the_order_of_the_cases() -> None:
    facts = _facts(9)
    assert _quads(9) == sort_quads(summary_quads(summarise(reversed(facts))))


@pytest.fixture(scope="module")
def summary_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding only the summary graph of :func:`_facts` (11 cities), which is all that
    ``similar-cities`` and the lookup of a city's name read."""
    out = tmp_path_factory.mktemp("summary")
    store = ox.Store(str(out / STORE_NAME))
    store.extend(_quads(11))
    store.flush()
    del store
    return out


def _shared(facts: list[CaseFacts]) -> dict[tuple[City, City], tuple[set[str], set[str]]]:
    """What every ordered pair of cities shares, worked out pair by pair."""
    challenges: dict[City, set[str]] = {}
    tactics: dict[City, set[str]] = {}
    for f in facts:
        assert f.city is not None
        challenges.setdefault(f.city, set()).update(f.challenges)
        tactics.setdefault(f.city, set()).update(f.tactics if f.faced_any else ())
    shared = {}
    for city, other in permutations(challenges, 2):
        both = (challenges[city] & challenges[other], tactics[city] & tactics[other])
        if both[0] or both[1]:
            shared[(city, other)] = both
    return shared


def test_similar_cities_shares_what_the_cases_share(summary_only: Path) -> None:
    backend = OxigraphBackend(summary_only)
    rows = run_query(backend, named_queries()["similar-cities"]).dicts()
    names = {city_node(c or None, n).value: (c, n) for c, n in summarise(_facts(11)).cities}
    got = {}
    for row in rows:
        city = names[str(row["city"])]
        other = next(k for k in names.values() if k[1] == str(row["other_city"]))
        assert str(row["city_name"]) == city[1]
        assert (str(row["other_country"]) if row["other_country"] else "") == other[0]
        challenges = {c for c in str(row["challenges"]).split("; ") if c}
        tactics = {t for t in str(row["tactics"]).split("; ") if t}
        assert int(str(row["n_challenges"])) == len(challenges)
        assert int(str(row["n_tactics"])) == len(tactics)
        assert int(str(row["shared"])) == len(challenges) + len(tactics)
        got[(city, other)] = (challenges, tactics)
    assert got == _shared(_facts(11))
    assert len(rows) == len(got) == 11 * 10


def test_similar_cities_of_one_city_is_its_rows_of_every_city(summary_only: Path) -> None:
    backend = OxigraphBackend(summary_only)
    query = named_queries()["similar-cities"]
    every = run_query(backend, query)
    at = every.variables.index("city")
    countries = {name: country for country, name in summarise(_facts(11)).cities}
    for name in ("Town 2", "Town 3", "Town 10", "Nowhere"):
        one = run_query(backend, query, {"city": name})
        iri = city_node(countries[name] or None, name).value
        assert one.variables == every.variables[:at] + every.variables[at + 1:]
        assert list(one.rows) == [row[:at] + row[at + 1:] for row in every.rows
                                  if str(row[at]) == iri]
        assert bool(one.rows) == (name != "Nowhere")


def test_a_build_writes_one_city_summary_per_city(tmp_path: Path) -> None:
    out = build_corpus(tmp_path / "out")
    store = ox.Store.read_only(str(out / STORE_NAME))
    located = ox.NamedNode("https://schema.org/contentLocation")
    cities = {q.object for q in store.quads_for_pattern(None, located, None)}
    summaries = list(store.quads_for_pattern(None, _TYPE, _CITY_SUMMARY, _SUMMARY))
    kinds = {q.object for q in store.quads_for_pattern(None, _TYPE, None, _SUMMARY)}
    about = {q.object for q in store.quads_for_pattern(None, ox.NamedNode(str(CG.city)), None,
                                                       _SUMMARY)}
    assert len(summaries) == len(cities) == len(about) and about == cities
    assert _CITY_PAIR_SUMMARY not in kinds
    del store
    backend = OxigraphBackend(out)
    every = run_query(backend, named_queries()["similar-cities"])
    at = every.variables.index("city")
    one = run_query(backend, named_queries()["similar-cities"], {"city": "Nantes"})
    nantes = [row[:at] + row[at + 1:] for row in every.rows if str(row[1]) == "Nantes"]
    assert one.rows and list(one.rows) == nantes
