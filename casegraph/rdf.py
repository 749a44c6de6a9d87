"""Turn case records into RDF quads: one named graph per source document, with its provenance."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timezone

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from . import __version__
from .model import CaseRecord
from .summary import Count, Summary
from .places import country_name
from .tactics import TACTIC_BASE
from .taxonomy import challenges, ontology_path
from .vocab import (
    CG,
    CGC,
    DCTERMS,
    GRAPH_CHALLENGES,
    GRAPH_TACTICS,
    GRAPH_ONTOLOGY,
    GRAPH_SUMMARY,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    WGS,
    XSD,
    mint,
    node,
    slug,
)

__all__ = ["case_key", "case_iri", "case_quads", "vocabulary_quads", "sort_quads",
           "city_node", "summary_quads"]

_OUTCOMES = {"completely": CG.completelySolved, "partly": CG.partlySolved, "not": CG.notSolved}
_IRI_SAFE = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def case_key(record: CaseRecord) -> tuple[str, str, str]:
    """The natural key of a case: network, city and title, as IRI path segments."""
    fallback = record.file_name.rsplit(".", 1)[0] if record.file_name else "untitled"
    return (
        slug(record.network or "no-network"),
        slug(record.city or "no-city"),
        slug(record.title or fallback, max_length=60),
    )


def case_iri(record: CaseRecord) -> NamedNode:
    """The IRI of the case a record describes."""
    return mint("case", *case_key(record))


def graph_iri(record: CaseRecord) -> NamedNode:
    """The named graph that holds everything one document says."""
    return mint("graph", *case_key(record))


def case_quads(record: CaseRecord, *, ingested_at: datetime) -> list[Quad]:
    """Every quad one document contributes, all in that document's named graph."""
    key = case_key(record)
    graph = mint("graph", *key)
    quads: list[Quad] = []
    lang = record.language or "en"

    def add(subject: NamedNode, predicate: object, obj: NamedNode | Literal) -> None:
        quads.append(Quad(subject, node(str(predicate)), obj, graph))

    def text(subject: NamedNode, predicate: object, value: str | None) -> None:
        if value:
            add(subject, predicate, Literal(value, language=lang))

    case = mint("case", *key)
    source = mint("source", record.sha256)
    activity = mint("ingest", record.sha256)
    agent = mint("agent", "casegraph", slug(__version__))

    # Provenance: the graph was generated from the document by this version of casegraph.
    add(graph, RDF.type, node(PROV.Bundle))
    add(graph, PROV.wasDerivedFrom, source)
    add(graph, PROV.wasGeneratedBy, activity)
    add(graph, PROV.generatedAtTime, _datetime(ingested_at))
    add(source, RDF.type, node(PROV.Entity))
    add(source, RDF.type, node(SDO.DigitalDocument))
    add(source, SDO.name, Literal(record.file_name))
    add(source, SDO.sha256, Literal(record.sha256))
    add(source, SDO.encodingFormat, Literal(record.media_type))
    add(activity, RDF.type, node(PROV.Activity))
    add(activity, PROV.used, source)
    add(activity, PROV.wasAssociatedWith, agent)
    add(activity, PROV.endedAtTime, _datetime(ingested_at))
    add(agent, RDF.type, node(PROV.SoftwareAgent))
    add(agent, SDO.name, Literal("casegraph"))
    add(agent, SDO.softwareVersion, Literal(__version__))

    # The case.
    add(case, RDF.type, node(CG.CaseExample))
    add(case, DCTERMS.source, source)
    add(case, PROV.wasDerivedFrom, source)
    add(case, DCTERMS.language, Literal(lang, datatype=node(XSD.language)))
    if record.title:
        text(case, DCTERMS.title, record.title)
        text(case, SKOS.prefLabel, record.title)
    text(case, DCTERMS.abstract, record.summary)
    text(case, CG.difference, record.difference)
    if record.budget:
        text(case, CG.budget, record.budget)
    if record.start_year is not None:
        add(case, SDO.startDate, Literal(f"{record.start_year:04d}", datatype=node(XSD.gYear)))
    if record.end_year is not None:
        add(case, SDO.endDate, Literal(f"{record.end_year:04d}", datatype=node(XSD.gYear)))
    if record.prepared:
        add(case, DCTERMS.created, Literal(record.prepared, datatype=node(XSD.gYearMonth)))
    for url in record.links:
        if _IRI_SAFE.match(url):
            add(case, RDFS.seeAlso, NamedNode(url))
    for name in record.authors:
        person = mint("person", slug(name))
        add(case, DCTERMS.creator, person)
        add(person, RDF.type, node(SDO.Person))
        add(person, SDO.name, Literal(name))

    if record.network:
        network = mint("network", slug(record.network))
        add(case, CG.network, network)
        add(network, RDF.type, node(CG.Network))
        add(network, RDF.type, node(ORG.OrganizationalCollaboration))
        add(network, SKOS.prefLabel, Literal(record.network))

    country = None
    if record.country:
        country = mint("country", record.country.lower())
        add(country, RDF.type, node(SDO.Country))
        add(country, SDO.identifier, Literal(record.country))
        add(country, SKOS.notation, Literal(record.country))
        add(country, SKOS.prefLabel, Literal(country_name(record.country), language="en"))
        add(case, SDO.countryOfOrigin, country)
    if record.city:
        city = mint("city", (record.country or "xx").lower(), slug(record.city))
        add(case, SDO.contentLocation, city)
        add(city, RDF.type, node(SDO.City))
        add(city, SDO.name, Literal(record.city))
        add(city, SKOS.prefLabel, Literal(record.city))
        if country is not None:
            add(city, SDO.containedInPlace, country)
        place = record.place
        if place is not None and place.geonames_id is not None:
            add(city, OWL.sameAs, NamedNode(f"https://sws.geonames.org/{place.geonames_id}/"))
            add(city, WGS.lat, Literal(f"{place.latitude:.5f}", datatype=node(XSD.decimal)))
            add(city, WGS.long, Literal(f"{place.longitude:.5f}", datatype=node(XSD.decimal)))

    if record.action:
        action = mint("case", *key, "action")
        add(case, CG.action, action)
        add(action, RDF.type, node(CG.Action))
        text(action, DCTERMS.description, record.action)

    # The challenge the case faced, one occurrence per code, so that tactics and the outcome
    # attach to the occurrence rather than to the code.
    occurrences: list[tuple[NamedNode, str | None]] = []
    for item in record.challenge_codes:
        occurrence = mint("case", *key, "challenge", item.code)
        occurrences.append((occurrence, item.code))
        add(occurrence, CG.challenge, node(CGC[item.code]))
        add(occurrence, CG.asWritten, Literal(item.as_written, language=lang))
        add(occurrence, CG.codeSource, node(CG.assigned if item.source == "assigned"
                                            else CG.stated))
    if not occurrences and (record.challenge or record.how_overcome):
        occurrences.append((mint("case", *key, "challenge", "uncoded"), None))
    for occurrence, _code in occurrences:
        add(case, CG.faced, occurrence)
        add(occurrence, RDF.type, node(CG.ChallengeOccurrence))
        text(occurrence, DCTERMS.description, record.challenge)
        text(occurrence, CG.howOvercome, record.how_overcome)
        if record.outcome:
            add(occurrence, CG.outcome, node(_OUTCOMES[record.outcome]))
            add(occurrence, CG.outcomeSource, node(CG.assigned if record.outcome_source ==
                                                   "assigned" else CG.stated))

    # Tactics, each with its evidence, attached to the challenge they were used against.
    for used in record.tactics:
        assignment = mint("case", *key, "tactic", used.id)
        for target in [o for o, _ in occurrences] or [case]:
            add(target, CG.usedTactic, assignment)
        add(assignment, RDF.type, node(CG.TacticAssignment))
        add(assignment, CG.tactic, node(TACTIC_BASE + used.id))
        add(assignment, CG.evidence, Literal(used.evidence, language=lang))
        add(assignment, CG.section, Literal(used.section))
        if used.pattern:
            add(assignment, CG.matchedPattern, Literal(used.pattern))
        add(assignment, CG.confidence, Literal(f"{used.confidence:.2f}",
                                               datatype=node(XSD.decimal)))
        add(assignment, CG.curated, Literal("true" if used.curated else "false",
                                            datatype=node(XSD.boolean)))

    for position, statement in enumerate(record.lessons, start=1):
        lesson = mint("case", *key, "lesson", str(position))
        add(case, CG.lesson, lesson)
        add(lesson, RDF.type, node(CG.Lesson))
        add(lesson, SDO.position, Literal(str(position), datatype=node(XSD.integer)))
        text(lesson, SDO.text, statement)
        topics = record.lesson_topics[position - 1] if position <= len(record.lesson_topics) \
            else ()
        for topic in topics:
            concept = CGC[topic] if topic in challenges() else TACTIC_BASE + topic
            add(lesson, DCTERMS.subject, node(concept))
    return quads


def _datetime(moment: datetime) -> Literal:
    value = moment.astimezone(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Literal(value, datatype=node(XSD.dateTime))


def vocabulary_quads() -> list[Quad]:
    """The ontology and the challenge schemes, each in a named graph of its own."""
    quads: list[Quad] = []
    for file_name, graph in (("casegraph.ttl", GRAPH_ONTOLOGY),
                             ("challenges.ttl", GRAPH_CHALLENGES),
                             ("tactics.ttl", GRAPH_TACTICS)):
        target = NamedNode(graph)
        for triple in parse(path=ontology_path(file_name), format=RdfFormat.TURTLE):
            quads.append(Quad(triple.subject, triple.predicate, triple.object, target))
    return quads


def sort_quads(quads: Iterable[Quad]) -> list[Quad]:
    """Quads in a stable order (graph, subject, predicate, object), without repeats."""
    # The four terms as N-Triples writes them identify a quad, as its whole text does.
    unique = {_sort_key(q): q for q in quads}
    return [unique[k] for k in sorted(unique)]


def _sort_key(quad: Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


# --- the corpus statistics, in a named graph of their own ----------------------------------------


def city_node(country: str | None, city: str) -> NamedNode:
    """The IRI of a city, by its country code and name."""
    return mint("city", (country or "xx").lower(), slug(city))


def summary_quads(summary: Summary) -> list[Quad]:
    """The statistics of the corpus as summary nodes in the graph ``graph/summary``, which the
    named queries read. The graph is derived data: every build writes it anew."""
    graph = NamedNode(GRAPH_SUMMARY)
    quads: list[Quad] = []

    def add(subject: NamedNode, predicate: object, obj: NamedNode | Literal) -> None:
        quads.append(Quad(subject, node(str(predicate)), obj, graph))

    def number(value: int) -> Literal:
        return Literal(str(value), datatype=node(XSD.integer))

    def counts(subject: NamedNode, count: Count, kind: object) -> None:
        add(subject, RDF.type, node(kind))
        add(subject, CG.caseCount, number(len(count.cases)))
        add(subject, CG.cityCount, number(len(count.cities)))
        add(subject, CG.countryCount, number(len(count.countries)))
        add(subject, CG.cityNames, Literal(count.city_names()))
        add(subject, CG.countryCodes, Literal(count.country_codes()))

    add(graph, RDF.type, node(PROV.Entity))
    add(graph, DCTERMS.description, Literal(
        "Statistics of the case graphs of one build, derived by casegraph for the named "
        "queries.", language="en"))
    add(graph, PROV.wasAttributedTo, mint("agent", "casegraph", slug(__version__)))

    for (code, tactic), count in sorted(summary.challenge_tactic.items()):
        item = mint("summary", "challenge-tactic", code, tactic)
        counts(item, count, CG.ChallengeTacticSummary)
        add(item, CG.challenge, node(CGC[code]))
        add(item, CG.tactic, NamedNode(TACTIC_BASE + tactic))
        for outcome, predicate in (("completely", CG.completelySolvedCount),
                                   ("partly", CG.partlySolvedCount),
                                   ("not", CG.notSolvedCount)):
            add(item, predicate, number(len(count.outcomes.get(outcome, ()))))
    for code in challenges():
        count = summary.challenges.get(code) or Count()
        item = mint("summary", "challenge", code)
        counts(item, count, CG.ChallengeSummary)
        add(item, CG.challenge, node(CGC[code]))
        add(item, CG.assignmentCount, number(count.assignments))
    for tactic_id, count in sorted(summary.tactics.items()):
        item = mint("summary", "tactic", tactic_id)
        counts(item, count, CG.TacticSummary)
        add(item, CG.tactic, NamedNode(TACTIC_BASE + tactic_id))
    for name, count in sorted(summary.networks.items()):
        network = mint("network", slug(name))
        item = mint("summary", "network", slug(name))
        counts(item, count, CG.NetworkSummary)
        add(item, DCTERMS.subject, network)
        add(item, CG.challengeCodes, Literal("; ".join(sorted(count.challenges))))
        add(network, SKOS.prefLabel, Literal(name))
    for code, count in sorted(summary.countries.items()):
        country = mint("country", code.lower())
        item = mint("summary", "country", code.lower())
        counts(item, count, CG.CountrySummary)
        add(item, DCTERMS.subject, country)
        add(item, CG.networkNames, Literal("; ".join(sorted(count.networks))))
        add(item, CG.challengeCodes, Literal("; ".join(sorted(count.challenges))))
        add(country, SDO.identifier, Literal(code))
        add(country, SKOS.prefLabel, Literal(country_name(code), language="en"))
    for (country_code, city_name) in sorted(summary.cities):
        city = city_node(country_code or None, city_name)
        add(city, SDO.name, Literal(city_name))
        if country_code:
            add(city, SDO.containedInPlace, mint("country", country_code.lower()))
    for pair in summary.pairs:
        first = city_node(pair.city[0] or None, pair.city[1])
        second = city_node(pair.other[0] or None, pair.other[1])
        low, high = sorted((first, second), key=lambda n: n.value)
        item = mint("summary", "city-pair", *low.value.rsplit("/", 2)[1:],
                    *high.value.rsplit("/", 2)[1:])
        add(item, RDF.type, node(CG.CityPairSummary))
        add(item, CG.city, first)
        add(item, CG.city, second)
        add(item, CG.sharedChallengeCount, number(len(pair.challenges)))
        add(item, CG.sharedTacticCount, number(len(pair.tactics)))
        add(item, CG.sharedChallenges, Literal("; ".join(pair.challenges)))
        add(item, CG.sharedTactics, Literal("; ".join(pair.tactics)))
    return quads
