"""The named SPARQL queries: their catalogue, their parameters, and how a value as a user types
it ("IC4", "Nantes") becomes the RDF term the query is bound with."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ..errors import AmbiguousNameError, QueryError, QueryParameterError
from ..places import find_place, resolve_country
from ..tactics import tactic, tactics
from ..taxonomy import challenge, challenges, fold, match_challenge_name
from ..vocab import CHALLENGE_BASE, COUNTRY_BASE, TACTIC_BASE
from .sparql import Backend, Results, Term, load_query, query_form

__all__ = [
    "KINDS",
    "Parameter",
    "NamedQuery",
    "named_queries",
    "named_query",
    "read_query",
    "parse_query_text",
    "resolve_parameters",
    "resolve",
    "challenge_code",
    "run_query",
]

#: The kinds of parameter a query header may declare, and what a user may type for each.
KINDS = {
    "challenge": "a challenge code (IC4, UIA-2), its name or a short form",
    "tactic": "a tactic id (swot-analysis) or its label",
    "city": "a city as written in the cases (Nantes), or 'City, CC'",
    "country": "a country name, ISO code or abbreviation (France, FR, Fr)",
    "network": "a network's name (Stay Tuned)",
    "integer": "a whole number",
    "string": "any text",
    "iri": "an IRI",
}

_HEADER = re.compile(r"^#\s?(?P<key>[a-z-]+):\s*(?P<value>.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<kind>[a-z]+)"
    r"(?:\s*,\s*(?P<mode>required|optional|default\s+[^)]*))?\)\s*(?P<text>.*)$")


@dataclass(frozen=True)
class Parameter:
    """A parameter a query takes: a variable of the query, bound to an RDF term."""

    name: str
    kind: str
    required: bool = False
    default: str | None = None
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with its header: a title, a description and its parameters. ``lists``
    names the columns that hold '; '-separated lists, which casegraph sorts."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    parameters: tuple[Parameter, ...] = ()
    lists: tuple[str, ...] = ()

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


def parse_query_text(name: str, text: str) -> NamedQuery:
    """A query and the header at its top: ``# title:``, ``# description:``, ``# param:`` and
    ``# lists:`` lines, an indented ``#`` line continuing the one before."""
    fields: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if match:
            fields.append((match["key"], match["value"].strip()))
        elif fields and line.startswith("#  "):
            key, value = fields[-1]
            fields[-1] = (key, f"{value} {line[1:].strip()}")
    title = description = ""
    parameters: list[Parameter] = []
    lists: tuple[str, ...] = ()
    for key, value in fields:
        if key == "title":
            title = value
        elif key == "description":
            description = value
        elif key == "lists":
            lists = tuple(v.strip() for v in value.split(",") if v.strip())
        elif key == "param":
            parameters.append(_parameter(name, value))
    return NamedQuery(name, text, title, description, tuple(parameters), lists)


def _parameter(query: str, line: str) -> Parameter:
    match = _PARAM.match(line)
    if match is None or match["kind"] not in KINDS:
        raise QueryError(f"bad parameter line in the query header: {line!r}; expected "
                         "'NAME (KIND[, required|optional|default VALUE]) description' with "
                         f"KIND one of {', '.join(KINDS)}", where=query)
    mode = (match["mode"] or "optional").strip()
    default = mode[len("default"):].strip() if mode.startswith("default") else None
    return Parameter(match["name"], match["kind"], mode == "required", default,
                     match["text"].strip())


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped with casegraph, by name."""
    folder = resources.files("casegraph").joinpath("sparql", "named")
    found: dict[str, NamedQuery] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            found[name] = parse_query_text(name, entry.read_text(encoding="utf-8"))
    return dict(sorted(found.items()))


def named_query(name: str) -> NamedQuery:
    """A named query; an unknown name is an error that lists the names there are."""
    known = named_queries()
    if name in known:
        return known[name]
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise QueryError(f"no query named {name!r}{hint}; the named queries are: "
                     f"{', '.join(known)} (see 'casegraph queries')")


def read_query(path: str | Path) -> NamedQuery:
    """A query from a .rq file; its header, if it has one, declares its parameters."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        reason = getattr(e, "strerror", None) or str(e)
        raise QueryError(f"cannot read the query: {reason}", where=str(path)) from e
    return parse_query_text(path.stem, text)


# --- values as users type them -> RDF terms -------------------------------------------------------


def resolve_parameters(query: NamedQuery, given: Mapping[str, str],
                       backend: Backend) -> dict[str, Term]:
    """The RDF term for each parameter, from the values given as text. A query with no header
    at all takes any parameter, as a plain literal, or an IRI written ``<...>``."""
    declared = {p.name: p for p in query.parameters}
    if query.title or declared:
        unknown = [k for k in given if k not in declared]
        if unknown:
            raise QueryParameterError(
                f"query {query.name!r} has no parameter {unknown[0]!r}; its parameters are: "
                + ("; ".join(f"{p.name} ({p.kind}{', required' if p.required else ''})"
                             for p in query.parameters) or "none"))
    else:
        declared = {k: Parameter(k, "string") for k in given}
    bound: dict[str, Term] = {}
    for parameter in declared.values():
        value = given.get(parameter.name, parameter.default)
        if value is None:
            if parameter.required:
                raise QueryParameterError(
                    f"query {query.name!r} needs --param {parameter.name}=VALUE: "
                    f"{parameter.description or KINDS[parameter.kind]}")
            continue
        bound[parameter.name] = resolve_value(parameter, value, backend)
    return bound


def resolve_value(parameter: Parameter, value: str, backend: Backend) -> Term:
    """One parameter's value as an RDF term."""
    return resolve(parameter.kind, value, backend, where=f"--param {parameter.name}")


def resolve(kind: str, value: str, graph: Backend, *, where: str | None = None) -> Term:
    """The RDF term a name of one of the :data:`KINDS` stands for, as a user writes it
    ("IC4", "Nantes", "Mantova, IT", "SWOT analysis"). Cities and networks are looked up in
    ``graph``. Raises :class:`~casegraph.errors.AmbiguousNameError` when the name stands for
    more than one thing, and :class:`~casegraph.errors.QueryParameterError` when for
    nothing; ``where`` is what the error names as the value's origin."""
    text = value.strip()
    backend = graph
    if text.startswith("<") and text.endswith(">") and kind != "string":
        return URIRef(text[1:-1])
    if kind == "string":
        return Literal(value)
    if kind == "iri":
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", text):
            raise QueryParameterError(f"not an IRI: {value!r}", where=where)
        return URIRef(text)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", text):
            raise QueryParameterError(f"not a whole number: {value!r}", where=where)
        return Literal(str(int(text)), datatype=XSD.integer)
    if kind == "challenge":
        return URIRef(CHALLENGE_BASE + _challenge_code(text, where))
    if kind == "tactic":
        found = tactic(text)
        if found is None:
            close = difflib.get_close_matches(text.lower(), list(tactics()), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise QueryParameterError(f"no tactic {value!r} in the vocabulary{hint} "
                                      "(see 'casegraph tactics')", where=where)
        return URIRef(TACTIC_BASE + found.id)
    if kind == "country":
        code = resolve_country(text)
        if code is None:
            raise QueryParameterError(f"no country {value!r}: give a name or an ISO code",
                                      where=where)
        return URIRef(COUNTRY_BASE + code.lower())
    if kind == "city":
        return _city(text, backend, where)
    if kind == "network":
        return _network(text, backend, where)
    raise QueryParameterError(f"unknown parameter kind {kind!r}", where=where)


def challenge_code(text: str | None, *, where: str | None = None) -> str | None:
    """The code of the challenge a user names (IC4, UIA-2, its name or a short form), or None
    for None; an unknown challenge is a :class:`~casegraph.errors.QueryParameterError`."""
    return None if text is None else _challenge_code(text.strip(), where)


def _challenge_code(text: str, where: str | None) -> str:
    item = challenge(text)
    if item is not None:
        return item.code
    code = match_challenge_name(text)
    if code is not None:
        return code
    raise QueryParameterError(f"no challenge {text!r}; the challenges are: "
                              f"{', '.join(challenges())}, by code, name or short form",
                              where=where)


# Cities and networks are looked up in the build's summary graph, which names each once; a
# server loaded without it is searched case graph by case graph instead (slower).


def _city(text: str, backend: Backend, where: str | None) -> URIRef:
    wanted_country = None
    name = text
    if "," in text:
        head, _, tail = text.rpartition(",")
        country = resolve_country(tail)
        if country is not None:
            name, wanted_country = head, country
    # The name as written usually is the name in the graph: look that up first, and read every
    # city's name only when it is not.
    rows: list[dict[str, Term | None]] = []
    for written in dict.fromkeys((name.strip(), name.strip().title())):
        rows += backend.query(load_query("names-cities"), {"name": Literal(written)}).dicts()
    matches = _city_matches(rows, name, wanted_country)
    if not matches:
        rows = (backend.query(load_query("names-cities")).dicts()
                or backend.query(load_query("names-cities-in-cases")).dicts())
        matches = _city_matches(rows, name, wanted_country)
    if not matches:
        # The graph names a city as the gazetteer does: "Ghent" is Gent, "Stadt Wien" Vienna.
        place = find_place(name, wanted_country)
        if place is not None:
            matches = _city_matches(rows, place.name, wanted_country or place.country)
    if len(matches) == 1:
        return URIRef(matches[0][2])
    if len(matches) > 1:
        raise AmbiguousNameError(
            f"{text!r} names more than one city: "
            f"{'; '.join(f'{n}, {c}' for n, c, _ in matches)}; write 'City, CC'", where=where)
    names = sorted({str(r["name"]) for r in rows})
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise QueryParameterError(f"no city {text!r} in the graph{hint} ({len(names)} cities: "
                              "see 'casegraph query cases-by-country')", where=where)


def _city_matches(rows: list[dict[str, Term | None]], name: str,
                  country: str | None) -> list[tuple[str, str, str]]:
    known = sorted({(str(r["name"]), str(r["code"] or ""), str(r["city"])) for r in rows})
    return [k for k in known if fold(k[0]) == fold(name) and (country is None or k[1] == country)]


def _network(text: str, backend: Backend, where: str | None) -> URIRef:
    rows = (backend.query(load_query("names-networks")).dicts()
            or backend.query(load_query("names-networks-in-cases")).dicts())
    known = sorted({(str(r["name"]), str(r["network"])) for r in rows})
    for name, iri in known:
        if fold(name) == fold(text):
            return URIRef(iri)
    raise QueryParameterError(f"no network {text!r} in the graph; the networks are: "
                              f"{', '.join(n for n, _ in known)}", where=where)


# --- running ---------------------------------------------------------------------------------------


def run_query(backend: Backend, query: NamedQuery,
              params: Mapping[str, str] | None = None) -> Results:
    """Run a query with its parameters bound. Columns of parameters that were bound are left
    out (they only repeat the question), and list columns are sorted, so that every store gives
    the same answer."""
    if query_form(query.text) == "UPDATE":
        raise QueryError("this is a SPARQL update, not a query: casegraph query only reads; "
                         "change the documents and run 'casegraph build' to change the graph")
    bindings = resolve_parameters(query, params or {}, backend)
    results = backend.query(query.text, bindings)
    if results.boolean is not None or results.triples is not None:
        return results
    keep = [i for i, v in enumerate(results.variables) if v not in bindings]
    lists = {results.variables.index(c) for c in query.lists if c in results.variables}
    rows = tuple(tuple(_sorted_list(row[i]) if i in lists else row[i] for i in keep)
                 for row in results.rows)
    return replace(results, variables=tuple(results.variables[i] for i in keep), rows=rows)


def _sorted_list(term: Term | None) -> Term | None:
    if not isinstance(term, Literal):
        return term
    return _sorted_text(str(term))


@lru_cache(maxsize=4096)
def _sorted_text(text: str) -> Literal:
    items = sorted({item.strip() for item in text.split(";") if item.strip()})
    return Literal("; ".join(items))
