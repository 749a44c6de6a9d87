"""The cg: vocabulary, the standard ones casegraph reuses, and the one function that mints IRIs."""

from __future__ import annotations

import string
import unicodedata
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
    "link_iri",
    "BASE",
    "CG",
    "CGC",
    "CGT",
    "CHALLENGE_BASE",
    "TACTIC_BASE",
    "COUNTRY_BASE",
    "GEONAMES",
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
#: The tactics vocabulary's concepts (ontology/tactics.ttl).
CGT = Namespace(BASE + "tactic/")
CHALLENGE_BASE = str(CGC)
TACTIC_BASE = str(CGT)
#: Countries, by their ISO 3166-1 alpha-2 code in lower case (id/country/fr).
COUNTRY_BASE = _ID + "country/"
#: GeoNames' IRIs of places (https://sws.geonames.org/ID/), which cities are owl:sameAs.
GEONAMES = "https://sws.geonames.org/"
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
    CitySummary: URIRef
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
    "cgt": str(CGT),
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


# --- web addresses -------------------------------------------------------------------------------

#: The ASCII an IRI holds as it is (RFC 3987): letters, digits, unreserved and reserved marks.
#: The brackets belong to the host alone and ``#`` starts the fragment, once.
_IRI_ASCII = frozenset(string.ascii_letters + string.digits + "-._~:/?@!$&'()*+,;=")
_HEX = frozenset(string.hexdigits)
#: The letters beyond ASCII an IRI may hold (RFC 3987 "ucschar"); private use and the
#: non-characters at the end of each plane are not among them.
_UCSCHAR = ((0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF),
            *((plane << 16, (plane << 16) + 0xFFFD) for plane in range(1, 14)),
            (0xE1000, 0xEFFFD))


def link_iri(url: str) -> str | None:
    """A web address as an IRI, or None when it cannot be one.

    Documents carry addresses with what an IRI may not hold: U+FFFD where a byte was lost,
    spaces, controls, ``<>"{}|\\^`` and backticks. Those are percent-encoded as UTF-8, while
    letters beyond ASCII stay as they are (``https://zürich.example/straße``); an address that
    is still no IRI (``https://example.org:8o8o/``) gives None. The result is its own IRI.
    """
    scheme, separator, rest = url.partition("://")
    if not separator:
        return None
    end = min((rest.index(mark) for mark in "/?#" if mark in rest), default=len(rest))
    authority, tail = rest[:end], rest[end:]
    if not authority:
        return None
    path, hashed, fragment = tail.partition("#")
    iri = (f"{scheme}://{_percent_encoded(authority, '[]')}{_percent_encoded(path)}"
           + (f"#{_percent_encoded(fragment)}" if hashed else ""))
    try:
        NamedNode(iri)
    except ValueError:
        return None
    return iri


def _percent_encoded(text: str, also: str = "") -> str:
    """``text`` with what an IRI may not hold here percent-encoded as UTF-8; a ``%`` that
    already starts an escape stays, so that encoding twice changes nothing."""
    out = []
    for index, ch in enumerate(text):
        escape = text[index + 1:index + 3]
        if ch in _IRI_ASCII or ch in also or _iri_letter(ch) or \
                (ch == "%" and len(escape) == 2 and _HEX.issuperset(escape)):
            out.append(ch)
        else:
            out.append("".join(f"%{byte:02X}" for byte in ch.encode("utf-8", "surrogatepass")))
    return "".join(out)


def _iri_letter(ch: str) -> bool:
    """A character beyond ASCII an IRI may hold and a reader can see: not a space, a control or
    an invisible format mark (a right-to-left override would show the address reversed)."""
    point = ord(ch)
    return (any(low <= point <= high for low, high in _UCSCHAR)
            and unicodedata.category(ch)[0] not in "ZC")
