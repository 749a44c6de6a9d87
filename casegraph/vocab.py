"""The cg: vocabulary, the standard ones casegraph reuses, and the one function that mints IRIs."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pyoxigraph import NamedNode
from rdflib import URIRef
from rdflib.namespace import (
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    DefinedNamespace,
    Namespace,
)
from slugify import slugify

__all__ = [
    "BASE",
    "CG",
    "CGC",
    "ID",
    "GRAPH_CHALLENGES",
    "GRAPH_TACTICS",
    "GRAPH_SUMMARY",
    "GRAPH_ONTOLOGY",
    "PREFIXES",
    "mint",
    "node",
    "Terms",
    "slug",
    "DCTERMS",
    "ORG",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SDO",
    "SKOS",
    "WGS",
    "XSD",
]

BASE = "https://w3id.org/casegraph/"
ID = Namespace(BASE + "id/")
_ID = str(ID)
CGC = Namespace(BASE + "challenge/")
#: WGS84 Basic Geo (rdflib's WGS namespace spells it with https, which is not the W3C IRI).
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GRAPH_ONTOLOGY = BASE + "graph/ontology"
GRAPH_CHALLENGES = BASE + "graph/challenges"
GRAPH_TACTICS = BASE + "graph/tactics"
GRAPH_SUMMARY = BASE + "graph/summary"


class CG(DefinedNamespace):
    """The casegraph ontology: only what SKOS, DCTERMS, PROV-O, schema.org, ORG and WGS84 lack."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # Classes
    CaseExample: URIRef
    Action: URIRef
    ChallengeOccurrence: URIRef
    Lesson: URIRef
    Network: URIRef
    TacticAssignment: URIRef
    Summary: URIRef
    ChallengeTacticSummary: URIRef
    ChallengeSummary: URIRef
    TacticSummary: URIRef
    NetworkSummary: URIRef
    CountrySummary: URIRef
    CityPairSummary: URIRef
    # Properties
    network: URIRef
    action: URIRef
    faced: URIRef
    challenge: URIRef
    asWritten: URIRef
    codeSource: URIRef
    codeMatch: URIRef
    countrySource: URIRef
    howOvercome: URIRef
    outcome: URIRef
    difference: URIRef
    lesson: URIRef
    budget: URIRef
    usedTactic: URIRef
    tactic: URIRef
    evidence: URIRef
    section: URIRef
    matchedPattern: URIRef
    confidence: URIRef
    curated: URIRef
    outcomeSource: URIRef
    pattern: URIRef
    city: URIRef
    caseCount: URIRef
    cityCount: URIRef
    countryCount: URIRef
    completelySolvedCount: URIRef
    partlySolvedCount: URIRef
    notSolvedCount: URIRef
    assignmentCount: URIRef
    cityNames: URIRef
    countryCodes: URIRef
    networkNames: URIRef
    challengeCodes: URIRef
    sharedChallengeCount: URIRef
    sharedTacticCount: URIRef
    sharedChallenges: URIRef
    sharedTactics: URIRef
    # Individuals
    stated: URIRef
    assigned: URIRef
    CodeSources: URIRef
    inferred: URIRef
    ValueSources: URIRef
    byCode: URIRef
    byName: URIRef
    byParaphrase: URIRef
    CodeMatches: URIRef
    Outcomes: URIRef
    completelySolved: URIRef
    partlySolved: URIRef
    notSolved: URIRef


PREFIXES = {
    "cg": str(CG._NS),
    "cgc": str(CGC),
    "cgt": BASE + "tactic/",
    "id": str(ID),
    "dcterms": str(DCTERMS),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SDO),
    "skos": str(SKOS),
    "geo": str(WGS),
    "xsd": str(XSD),
}


@lru_cache(maxsize=None)
def node(term: str) -> NamedNode:
    """An rdflib term (or an IRI string) as a pyoxigraph node."""
    return NamedNode(str(term))


class Terms:
    """The terms of an rdflib namespace as pyoxigraph nodes, each made once: looking a term up
    in the namespace costs more than making the quad it goes into (``Terms(RDF).type``)."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> NamedNode:
        term = node(getattr(self._namespace, name))
        setattr(self, name, term)
        return term


def slug(text: str, *, max_length: int = 0) -> str:
    """The IRI-safe, lower-case ASCII form of a natural key part (``Łódź`` -> ``lodz``)."""
    return _slug(text, max_length)


@lru_cache(maxsize=16384)
def _slug(text: str, max_length: int) -> str:
    # slugify is slow and a build asks for the same few names (cities, networks, people) often.
    value = slugify(text, max_length=max_length, word_boundary=bool(max_length))
    return value or "unnamed"


def mint(kind: str, *keys: str) -> NamedNode:
    """The IRI of a thing of this kind, from its natural key: the same key, the same IRI."""
    # Not through node()'s cache: a build mints IRIs in proportion to the corpus.
    return NamedNode(_ID + "/".join([kind, *keys]))
