"""Turn case records into RDF quads: one named graph per source document, with its provenance."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from .._version import __version__
from ..model import CaseRecord
from .summary import Count, Summary
from ..places import country_name, other_names
from ..taxonomy import challenges, ontology_path
from ..vocab import (
    CG,
    CGC,
    DCTERMS,
    GEONAMES,
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
    TACTIC_BASE,
    WGS,
    XSD,
    Terms,
    mint,
    node,
    slug,
    link_iri,
)

__all__ = ["case_key", "case_iri", "case_quads", "vocabulary_quads", "sort_quads",
           "city_node", "summary_quads"]


_CG = Terms(CG)
_DCTERMS = Terms(DCTERMS)
_PROV = Terms(PROV)
_RDF = Terms(RDF)
_RDFS = Terms(RDFS)
_SDO = Terms(SDO)
_SKOS = Terms(SKOS)
_ORG = Terms(ORG)
_OWL = Terms(OWL)
_WGS = Terms(WGS)
_XSD = Terms(XSD)

_CODE_MATCHES = {"code": _CG.byCode, "name": _CG.byName, "paraphrase": _CG.byParaphrase}
_OUTCOMES = {"completely": _CG.completelySolved, "partly": _CG.partlySolved, "not": _CG.notSolved}


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

    def add(subject: NamedNode, predicate: NamedNode, obj: NamedNode | Literal) -> None:
        quads.append(Quad(subject, predicate, obj, graph))

    def text(subject: NamedNode, predicate: NamedNode, value: str | None) -> None:
        if value:
            add(subject, predicate, Literal(value, language=lang))

    case = mint("case", *key)
    source = mint("source", record.sha256)
    activity = mint("ingest", record.sha256)
    agent = mint("agent", "casegraph", slug(__version__))

    # Provenance: the graph was generated from the document by this version of casegraph.
    add(graph, _RDF.type, _PROV.Bundle)
    add(graph, _PROV.wasDerivedFrom, source)
    add(graph, _PROV.wasGeneratedBy, activity)
    add(graph, _PROV.generatedAtTime, _datetime(ingested_at))
    add(source, _RDF.type, _PROV.Entity)
    add(source, _RDF.type, _SDO.DigitalDocument)
    add(source, _SDO.name, Literal(record.file_name))
    add(source, _SDO.sha256, Literal(record.sha256))
    add(source, _SDO.encodingFormat, Literal(record.media_type))
    add(activity, _RDF.type, _PROV.Activity)
    add(activity, _PROV.used, source)
    add(activity, _PROV.wasAssociatedWith, agent)
    add(activity, _PROV.endedAtTime, _datetime(ingested_at))
    add(agent, _RDF.type, _PROV.SoftwareAgent)
    add(agent, _SDO.name, Literal("casegraph"))
    add(agent, _SDO.softwareVersion, Literal(__version__))

    # The case.
    add(case, _RDF.type, _CG.CaseExample)
    add(case, _DCTERMS.source, source)
    add(case, _PROV.wasDerivedFrom, source)
    add(case, _DCTERMS.language, Literal(lang, datatype=_XSD.language))
    if record.title:
        text(case, _DCTERMS.title, record.title)
        text(case, _SKOS.prefLabel, record.title)
    text(case, _DCTERMS.abstract, record.summary)
    text(case, _CG.difference, record.difference)
    if record.budget:
        text(case, _CG.budget, record.budget)
    if record.start_year is not None:
        add(case, _SDO.startDate, Literal(f"{record.start_year:04d}", datatype=_XSD.gYear))
    if record.end_year is not None:
        add(case, _SDO.endDate, Literal(f"{record.end_year:04d}", datatype=_XSD.gYear))
    if record.prepared:
        add(case, _DCTERMS.created, Literal(record.prepared, datatype=_XSD.gYearMonth))
    for url in record.links:
        # A record may come from elsewhere than this casegraph's extraction: every link is
        # made an IRI here too, and one that cannot be is left out rather than minted.
        iri = link_iri(url)
        if iri is not None:
            add(case, _RDFS.seeAlso, NamedNode(iri))
    for name in record.authors:
        person = mint("person", slug(name))
        add(case, _DCTERMS.creator, person)
        add(person, _RDF.type, _SDO.Person)
        add(person, _SDO.name, Literal(name))

    if record.network:
        network = mint("network", slug(record.network))
        add(case, _CG.network, network)
        add(network, _RDF.type, _CG.Network)
        add(network, _RDF.type, _ORG.OrganizationalCollaboration)
        add(network, _SKOS.prefLabel, Literal(record.network))

    country = None
    if record.country:
        country = mint("country", record.country.lower())
        add(country, _RDF.type, _SDO.Country)
        add(country, _SDO.identifier, Literal(record.country))
        add(country, _SKOS.notation, Literal(record.country))
        add(country, _SKOS.prefLabel, Literal(country_name(record.country), language="en"))
        add(case, _SDO.countryOfOrigin, country)
        # Whether the document states the country or the gazetteer gave it from the city.
        add(case, _CG.countrySource, _CG.inferred if record.country_source == "inferred"
                                     else _CG.stated)
    if record.city:
        city = mint("city", (record.country or "xx").lower(), slug(record.city))
        add(case, _SDO.contentLocation, city)
        add(city, _RDF.type, _SDO.City)
        add(city, _SDO.name, Literal(record.city))
        add(city, _SKOS.prefLabel, Literal(record.city))
        if country is not None:
            add(city, _SDO.containedInPlace, country)
        place = record.place
        for name in other_names(place) if place is not None else ():
            # The city as the document named it ("Stadt Wien": Wien), beside GeoNames' name.
            add(city, _SKOS.altLabel, Literal(name))
        if place is not None and place.geonames_id is not None:
            add(city, _OWL.sameAs, NamedNode(f"{GEONAMES}{place.geonames_id}/"))
            add(city, _WGS.lat, Literal(f"{place.latitude:.5f}", datatype=_XSD.decimal))
            add(city, _WGS.long, Literal(f"{place.longitude:.5f}", datatype=_XSD.decimal))

    if record.action:
        action = mint("case", *key, "action")
        add(case, _CG.action, action)
        add(action, _RDF.type, _CG.Action)
        text(action, _DCTERMS.description, record.action)

    # The challenge the case faced, one occurrence per code, so that tactics and the outcome
    # attach to the occurrence rather than to the code.
    occurrences: list[tuple[NamedNode, str | None]] = []
    for item in record.challenge_codes:
        occurrence = mint("case", *key, "challenge", item.code)
        occurrences.append((occurrence, item.code))
        add(occurrence, _CG.challenge, node(CGC[item.code]))
        add(occurrence, _CG.asWritten, Literal(item.as_written, language=lang))
        add(occurrence, _CG.codeSource, _CG.assigned if item.source == "assigned"
                                            else _CG.stated)
        # How the document named it: a paraphrase match is a guess a curator should confirm.
        add(occurrence, _CG.codeMatch, _CODE_MATCHES[item.match])
    if not occurrences and (record.challenge or record.how_overcome):
        occurrences.append((mint("case", *key, "challenge", "uncoded"), None))
    for occurrence, _code in occurrences:
        add(case, _CG.faced, occurrence)
        add(occurrence, _RDF.type, _CG.ChallengeOccurrence)
        text(occurrence, _DCTERMS.description, record.challenge)
        text(occurrence, _CG.howOvercome, record.how_overcome)
        if record.outcome:
            add(occurrence, _CG.outcome, _OUTCOMES[record.outcome])
            add(occurrence, _CG.outcomeSource, (_CG.assigned if record.outcome_source ==
                                                   "assigned" else _CG.stated))

    # Tactics, each with its evidence, attached to the challenge they were used against.
    for used in record.tactics:
        assignment = mint("case", *key, "tactic", used.id)
        for target in [o for o, _ in occurrences] or [case]:
            add(target, _CG.usedTactic, assignment)
        add(assignment, _RDF.type, _CG.TacticAssignment)
        add(assignment, _CG.tactic, node(TACTIC_BASE + used.id))
        add(assignment, _CG.evidence, Literal(used.evidence, language=lang))
        add(assignment, _CG.section, Literal(used.section))
        if used.pattern:
            add(assignment, _CG.matchedPattern, Literal(used.pattern))
        add(assignment, _CG.confidence, Literal(f"{used.confidence:.2f}",
                                               datatype=_XSD.decimal))
        add(assignment, _CG.curated, Literal("true" if used.curated else "false",
                                            datatype=_XSD.boolean))

    for position, statement in enumerate(record.lessons, start=1):
        lesson = mint("case", *key, "lesson", str(position))
        add(case, _CG.lesson, lesson)
        add(lesson, _RDF.type, _CG.Lesson)
        add(lesson, _SDO.position, Literal(str(position), datatype=_XSD.integer))
        text(lesson, _SDO.text, statement)
        topics = record.lesson_topics[position - 1] if position <= len(record.lesson_topics) \
            else ()
        for topic in topics:
            concept = CGC[topic] if topic in challenges() else TACTIC_BASE + topic
            add(lesson, _DCTERMS.subject, node(concept))
    return quads


def _datetime(moment: datetime) -> Literal:
    value = moment.astimezone(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Literal(value, datatype=_XSD.dateTime)


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
    # A quad's N-Quads text is its terms separated by spaces. A term is a prefix of another
    # only as a literal is of the same literal with a language tag or a datatype (next
    # character @ or ^, above the space), so sorting by graph and then by that text sorts by
    # graph, subject, predicate and object; the text is made in one call instead of four.
    return sorted(dict.fromkeys(quads), key=_sort_key)


def _sort_key(quad: Quad) -> tuple[str, str]:
    return (str(quad.graph_name), str(quad))


# --- the corpus statistics, in a named graph of their own ----------------------------------------


def city_node(country: str | None, city: str) -> NamedNode:
    """The IRI of a city, by its country code and name."""
    return mint("city", (country or "xx").lower(), slug(city))


def summary_quads(summary: Summary) -> list[Quad]:
    """The statistics of the corpus as summary nodes in the graph ``graph/summary``, which the
    named queries read. The graph is derived data: every build writes it anew."""
    graph = NamedNode(GRAPH_SUMMARY)
    quads: list[Quad] = []

    def add(subject: NamedNode, predicate: NamedNode, obj: NamedNode | Literal) -> None:
        quads.append(Quad(subject, predicate, obj, graph))

    def number(value: int) -> Literal:
        return Literal(str(value), datatype=_XSD.integer)

    def counts(subject: NamedNode, count: Count, kind: NamedNode) -> None:
        add(subject, _RDF.type, kind)
        add(subject, _CG.caseCount, number(len(count.cases)))
        add(subject, _CG.cityCount, number(len(count.cities)))
        add(subject, _CG.countryCount, number(len(count.countries)))
        add(subject, _CG.cityNames, Literal(count.city_names()))
        add(subject, _CG.countryCodes, Literal(count.country_codes()))

    add(graph, _RDF.type, _PROV.Entity)
    add(graph, _DCTERMS.description, Literal(
        "Statistics of the case graphs of one build, derived by casegraph for the named "
        "queries.", language="en"))
    add(graph, _PROV.wasAttributedTo, mint("agent", "casegraph", slug(__version__)))

    for (code, tactic), count in sorted(summary.challenge_tactic.items()):
        item = mint("summary", "challenge-tactic", code, tactic)
        counts(item, count, _CG.ChallengeTacticSummary)
        add(item, _CG.challenge, node(CGC[code]))
        add(item, _CG.tactic, NamedNode(TACTIC_BASE + tactic))
        for outcome, predicate in (("completely", _CG.completelySolvedCount),
                                   ("partly", _CG.partlySolvedCount),
                                   ("not", _CG.notSolvedCount)):
            add(item, predicate, number(len(count.outcomes.get(outcome, ()))))
    for code in challenges():
        count = summary.challenges.get(code) or Count()
        item = mint("summary", "challenge", code)
        counts(item, count, _CG.ChallengeSummary)
        add(item, _CG.challenge, node(CGC[code]))
        add(item, _CG.assignmentCount, number(count.assignments))
    for tactic_id, count in sorted(summary.tactics.items()):
        item = mint("summary", "tactic", tactic_id)
        counts(item, count, _CG.TacticSummary)
        add(item, _CG.tactic, NamedNode(TACTIC_BASE + tactic_id))
    for name, count in sorted(summary.networks.items()):
        network = mint("network", slug(name))
        item = mint("summary", "network", slug(name))
        counts(item, count, _CG.NetworkSummary)
        add(item, _DCTERMS.subject, network)
        add(item, _CG.challengeCodes, Literal("; ".join(sorted(count.challenges))))
        add(network, _SKOS.prefLabel, Literal(name))
    for code, count in sorted(summary.countries.items()):
        country = mint("country", code.lower())
        item = mint("summary", "country", code.lower())
        counts(item, count, _CG.CountrySummary)
        add(item, _DCTERMS.subject, country)
        add(item, _CG.networkNames, Literal("; ".join(sorted(count.networks))))
        add(item, _CG.challengeCodes, Literal("; ".join(sorted(count.challenges))))
        add(country, _SDO.identifier, Literal(code))
        add(country, _SKOS.prefLabel, Literal(country_name(code), language="en"))
    for (country_code, city_name) in sorted(summary.cities):
        city = city_node(country_code or None, city_name)
        add(city, _SDO.name, Literal(city_name))
        if country_code:
            add(city, _SDO.containedInPlace, mint("country", country_code.lower()))
    for mine in summary.city_summaries:
        country_code, city_name = mine.city
        item = mint("summary", "city", (country_code or "xx").lower(), slug(city_name))
        add(item, _RDF.type, _CG.CitySummary)
        add(item, _CG.city, city_node(country_code or None, city_name))
        for code in mine.challenges:
            add(item, _CG.challenge, node(CGC[code]))
        for tactic_id in mine.tactics:
            add(item, _CG.tactic, NamedNode(TACTIC_BASE + tactic_id))
    return quads
