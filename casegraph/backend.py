"""The stores a query can run on, behind one interface: the embedded Oxigraph store, an rdflib
in-memory dataset, and any SPARQL 1.1 server (query, update and the Graph Store Protocol)."""

from __future__ import annotations

import json
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from .errors import QueryError, StoreError
from .store import STORE_NAME, TRIG_NAME

__all__ = [
    "Term",
    "Results",
    "Backend",
    "OxigraphBackend",
    "MemoryBackend",
    "Endpoint",
    "RemoteBackend",
    "PushReport",
    "open_backend",
    "push_graphs",
    "query_form",
    "bind_values",
    "normalise_term",
    "BACKENDS",
    "ENV_USER",
    "ENV_PASSWORD",
    "ENV_TOKEN",
]

Term = URIRef | Literal | BNode

#: The names of the local backends, for ``--backend``.
BACKENDS = ("oxigraph", "memory")

#: Where credentials for a SPARQL server come from: the environment, never the command line.
ENV_USER = "CASEGRAPH_ENDPOINT_USER"
ENV_PASSWORD = "CASEGRAPH_ENDPOINT_PASSWORD"
ENV_TOKEN = "CASEGRAPH_ENDPOINT_TOKEN"

_RESULTS_JSON = "application/sparql-results+json"


@dataclass(frozen=True)
class Results:
    """The answer to a query: variables and rows of terms (None where unbound), or for an ASK
    query the boolean."""

    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None

    def column(self, name: str) -> list[Term | None]:
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def dicts(self) -> list[dict[str, Term | None]]:
        return [dict(zip(self.variables, row)) for row in self.rows]


class Backend(Protocol):
    """A store casegraph can query. ``bindings`` bind variables to RDF terms, never as text."""

    name: str

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Results: ...

    def update(self, sparql: str) -> None: ...

    def close(self) -> None: ...


# --- the query text: form, and a bound VALUES block for servers ----------------------------------

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<word>[A-Za-z_][A-Za-z0-9_-]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


def _tokens(sparql: str) -> Iterator[tuple[str, str, int]]:
    """(kind, text, offset) of each token outside comments and white space."""
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield kind, match.group(), match.start()


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; or UPDATE for a SPARQL update."""
    for kind, text, _ in _tokens(sparql):
        if kind != "word":
            continue
        upper = text.upper()
        if upper in _FORMS:
            return upper
        if upper in _UPDATES:
            return "UPDATE"
    raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE found")


def _where_brace(sparql: str) -> int:
    """The offset just after the brace that opens the query's WHERE group: the first brace
    outside parentheses after the query form (after WHERE for CONSTRUCT, whose first brace is
    its template)."""
    form: str | None = None
    parens = 0
    where_seen = False
    for kind, text, offset in _tokens(sparql):
        if kind == "word":
            upper = text.upper()
            if form is None and upper in _FORMS:
                form = upper
            elif upper == "WHERE" and parens == 0:
                where_seen = True
        elif text == "(":
            parens += 1
        elif text == ")":
            parens -= 1
        elif text == "{" and parens == 0 and form is not None:
            if form != "CONSTRUCT" or where_seen:
                return offset + 1
    raise QueryError("cannot bind parameters: the query has no WHERE group")


def _serialise(term: Term) -> str:
    """An RDF term in SPARQL syntax, checked so that a value can only ever stay a value."""
    if isinstance(term, URIRef):
        value = str(term)
        if re.search(r'[<>"{}|^`\\\x00-\x20]', value):
            raise QueryError(f"not a valid IRI: {value!r}")
        return f"<{value}>"
    if isinstance(term, Literal):
        lexical = (str(term).replace("\\", "\\\\").replace('"', '\\"')
                   .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))
        if term.language:
            if not _LANGUAGE.match(term.language):
                raise QueryError(f"not a valid language tag: {term.language!r}")
            return f'"{lexical}"@{term.language}'
        if term.datatype is not None:
            return f'"{lexical}"^^{_serialise(URIRef(term.datatype))}'
        return f'"{lexical}"'
    raise QueryError("a blank node cannot be bound to a query parameter")


def bind_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """The query with a VALUES block binding each variable, as the first element of its WHERE
    group: how parameters reach a server, which has no other way to take them. Every value is
    serialised as an RDF term and checked, so quotes or braces in it stay inside the value.

    When the WHERE group opens with a GRAPH pattern and every bound variable occurs in it,
    the block goes inside that graph pattern instead: the same join, which Oxigraph then
    starts from the bound values rather than from the whole graph (10x faster)."""
    if not bindings:
        return sparql
    names = list(bindings)
    for name in names:
        if not _VARIABLE.match(name):
            raise QueryError(f"not a valid variable name: {name!r}")
    terms = " ".join(_serialise(bindings[name]) for name in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }} "
    at = _where_brace(sparql)
    inner = _leading_graph_group(sparql, at)
    if inner is not None:
        start, end = inner
        body = sparql[start:end]
        if all(re.search(rf"[?$]{name}\b", body) for name in names):
            at = start
    return sparql[:at] + block + sparql[at:]


def _leading_graph_group(sparql: str, after: int) -> tuple[int, int] | None:
    """(start, end) of the body of a ``GRAPH <iri> { ... }`` or ``GRAPH ?g { ... }`` that opens
    the group at ``after``."""
    tokens = list(_tokens(sparql[after:]))
    if len(tokens) < 3 or tokens[0][1].upper() != "GRAPH":
        return None
    if tokens[1][0] == "iri":
        brace = 2
    elif tokens[1][1] in ("?", "$") and len(tokens) > 3 and tokens[2][0] == "word":
        brace = 3
    else:
        return None
    if tokens[brace][1] != "{":
        return None
    depth = 0
    for _, text, offset in tokens[brace:]:
        if text == "{":
            depth += 1
        elif text == "}":
            depth -= 1
            if depth == 0:
                return after + tokens[brace][2] + 1, after + offset
    return None


# --- what a local query may reach: the built graph only, unless federation is allowed -----------

#: Keywords with which a query or an update can make a store fetch from elsewhere.
_REACHING = {"SERVICE", "FROM", "LOAD", "USING"}
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescaped(sparql: str) -> str:
    """The text with its \\u and \\U escapes replaced, as rdflib reads a query before parsing
    it: an escaped keyword is still a keyword."""

    def character(match: re.Match[str]) -> str:
        try:
            return chr(int(match[1] or match[2], 16))
        except (ValueError, OverflowError):
            return match[0]

    return _CODEPOINT.sub(character, sparql)


def _may_reach(sparql: str) -> bool:
    """Whether a keyword that can fetch from elsewhere occurs outside strings and comments: a
    cheap test that casegraph's own queries pass without being parsed again."""
    return any(kind == "word" and text.upper() in _REACHING
               for kind, text, _ in _tokens(_unescaped(sparql)))


def _algebra_nodes(node: Any) -> Iterator[Any]:
    """Every node of an rdflib query or update algebra."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _algebra_nodes(value)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            yield from _algebra_nodes(value)


def _shown_term(term: Any) -> str:
    return f"<{term}>" if isinstance(term, URIRef) else f"?{term}" if term else "?"


def _reach(node: Any, holds: Callable[[str], bool]) -> str | None:
    """What one algebra node would fetch: a SERVICE, a LOAD, a USING (which rdflib loads from
    its IRI), or a FROM or FROM NAMED of a graph the store does not hold. (A CompValue's
    ``get`` answers a missing key with the key itself; its attributes answer None.)"""
    if node.name == "ServiceGraphPattern":
        return f"SERVICE {_shown_term(node.term)}"
    if node.name == "Load":
        return f"LOAD {_shown_term(node.iri)}"
    if node.name == "UsingClause":
        return (f"USING NAMED <{node.named}>" if node.named is not None
                else f"USING <{node.default}>")
    if node.name == "DatasetClause":
        iri = str(node.named if node.named is not None else node.default)
        if not holds(iri):
            return f"FROM NAMED <{iri}>" if node.named is not None else f"FROM <{iri}>"
    return None


def _reaching(sparql: str, holds: Callable[[str], bool], *, update: bool = False,
              namespaces: Mapping[str, Any] | None = None) -> str | None:
    """What in a query (or an update) would make the store fetch from elsewhere, or None.

    Read from the query's algebra as rdflib parses it (with the prefixes ``namespaces`` the
    store lends it), so that the same words in a string, a comment or a variable's name count
    for nothing. ``holds`` says whether the store holds a named graph. Raises what rdflib
    raises for a query it cannot parse."""
    if not _may_reach(sparql):
        return None
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    init = dict(namespaces or {})
    algebra: Any = (translateUpdate(parseUpdate(sparql), initNs=init).algebra if update
                    else translateQuery(parseQuery(sparql), initNs=init).algebra)
    for node in _algebra_nodes(algebra):
        found = _reach(node, holds)
        if found is not None:
            return found
    return None


def _refused(found: str) -> QueryError:
    return QueryError(f"{found} would reach beyond the built graph; queries here run "
                      "offline: pass --allow-federation to let this one reach out")


def _check_offline(sparql: str, holds: Callable[[str], bool]) -> None:
    """Refuse a query that would reach beyond the store, or that rdflib cannot parse while it
    names SERVICE or FROM: the store that runs it, parsing differently, might reach out."""
    try:
        found = _reaching(sparql, holds)
    except Exception as e:  # noqa: BLE001 - rdflib raises bare Exceptions for bad queries
        raise QueryError("the query names SERVICE or FROM and casegraph cannot tell where "
                         f"they lead (rdflib: {_one_line(e)[:120]}); queries here run "
                         "offline: pass --allow-federation to run it as it is") from None
    if found is not None:
        raise _refused(found)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


# --- terms: one canonical form, whichever store answered -----------------------------------------

_INTEGER_TYPES = {str(XSD[t]) for t in ("integer", "int", "long", "short", "byte",
                                         "nonNegativeInteger", "positiveInteger",
                                         "unsignedInt", "unsignedLong")}


_XSD_INTEGER = str(XSD.integer)
_CANONICAL_INTEGER = re.compile(r"^(0|-?[1-9][0-9]*)$")


def _canonical_language(tag: str) -> str:
    """BCP 47 case: language lower case, script title case, region upper case (en-GB)."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


def _canonical_decimal(lexical: str) -> str:
    try:
        value = Decimal(lexical)
    except InvalidOperation:
        return lexical
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0")
        if text.endswith("."):
            text += "0"
    else:
        text += ".0"
    return "0.0" if text in ("-0.0",) else text


def _canonical_double(lexical: str) -> str:
    """XSD canonical form of a double: 1.5E3, not 1500 or 1500.0."""
    try:
        value = float(lexical)
    except ValueError:
        return lexical
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "INF" if value > 0 else "-INF"
    if value == 0:
        return "-0.0E0" if str(value).startswith("-") else "0.0E0"
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    text = "".join(map(str, digits))
    mantissa = text[0] + "." + (text[1:] or "0")
    return f"{'-' if sign else ''}{mantissa}E{int(exponent) + len(text) - 1}"


def normalise_term(term: Term | None) -> Term | None:
    """The same value in one form, so that every store gives the same answer: language tags in
    BCP 47 case (servers give en-GB back as en-gb), xsd:string as a plain literal, integers,
    decimals, doubles, booleans (Virtuoso says 0 and 1) and UTC date-times in their canonical
    lexical forms."""
    if not isinstance(term, Literal):
        return term
    if term.language:
        canonical = _canonical_language(term.language)
        return term if canonical == term.language else Literal(str(term), lang=canonical)
    datatype = str(term.datatype) if term.datatype is not None else None
    lexical = str(term)
    if datatype is None:
        return term
    if datatype == str(XSD.string):
        return Literal(lexical)
    if datatype == _XSD_INTEGER and _CANONICAL_INTEGER.match(lexical):
        return term
    if datatype in _INTEGER_TYPES:
        try:
            return Literal(str(int(lexical.strip())), datatype=XSD.integer, normalize=False)
        except ValueError:
            return term
    if datatype == str(XSD.decimal):
        return Literal(_canonical_decimal(lexical.strip()), datatype=XSD.decimal, normalize=False)
    if datatype in (str(XSD.double), str(XSD.float)):
        return Literal(_canonical_double(lexical.strip()), datatype=term.datatype,
                       normalize=False)
    if datatype == str(XSD.boolean):
        flag = {"1": "true", "0": "false"}.get(lexical.strip(), lexical.strip().lower())
        return Literal(flag, datatype=XSD.boolean, normalize=False)
    if datatype == str(XSD.dateTime):
        fixed = re.sub(r"(\.0+)?(\+00:00|-00:00)?$", "", lexical.strip())
        if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?", fixed) and (
                lexical.strip() != fixed or not lexical.endswith("Z")):
            fixed += "Z"
        return Literal(fixed, datatype=XSD.dateTime, normalize=False)
    return term


def _results(variables: list[str], rows: list[list[Term | None]]) -> Results:
    return Results(tuple(variables),
                   tuple(tuple(normalise_term(t) for t in row) for row in rows))


# --- the embedded Oxigraph store -----------------------------------------------------------------


def _from_oxigraph(term: Any) -> Term | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return _iri(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return _literal(term.value, term.language, term.datatype.value)
    raise StoreError(f"unsupported term in a result: {term!r}")


# Results repeat the same few IRIs, numbers and names row after row; rdflib terms are slow
# to make, so each is made once (and normalised once).
@lru_cache(maxsize=65536)
def _iri(value: str) -> URIRef:
    return URIRef(value)


@lru_cache(maxsize=65536)
def _literal(value: str, language: str | None, datatype: str) -> Term | None:
    if language:
        return normalise_term(Literal(value, lang=language))
    return normalise_term(Literal(value, datatype=URIRef(datatype), normalize=False))


class OxigraphBackend:
    """The embedded on-disk store that ``casegraph build`` writes, opened read-only. The default
    graph is the union of the named graphs, so that a query needs no GRAPH pattern.

    A query stays on this machine: SERVICE, or FROM and FROM NAMED of a graph the store does
    not hold, is refused unless ``allow_federation``."""

    name = "oxigraph"

    def __init__(self, out: str | Path, *, allow_federation: bool = False) -> None:
        import pyoxigraph as ox

        path = Path(out) / STORE_NAME
        if not path.is_dir():
            raise StoreError("no graph has been built here; run 'casegraph build' first",
                             where=str(out))
        try:
            self._store: Any = ox.Store.read_only(str(path))
        except OSError as e:
            raise StoreError(f"cannot open the store: {e}", where=str(path)) from e
        self.allow_federation = allow_federation

    def _holds(self, graph: str) -> bool:
        import pyoxigraph as ox

        try:
            return bool(self._store.contains_named_graph(ox.NamedNode(graph)))
        except ValueError:
            return False

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Results:
        import pyoxigraph as ox

        if not self.allow_federation:
            _check_offline(sparql, self._holds)
        # Parameters go in as a VALUES block at the head of the WHERE group rather than as
        # Oxigraph substitutions: the values are the same checked RDF terms, and Oxigraph then
        # starts its joins from them (20x faster on tactics-for-challenge at 1k cases).
        text = bind_values(sparql, bindings or {})
        try:
            answer = self._store.query(text, use_default_graph_as_union=True)
            if isinstance(answer, ox.QueryBoolean):
                return Results(boolean=bool(answer))
            if not isinstance(answer, ox.QuerySolutions):
                raise QueryError("only SELECT and ASK queries are supported here")
            names = [v.value for v in answer.variables]
            # A solution iterates over its values in the order of the variables; solutions are
            # computed (and a SERVICE asked) as they are read.
            rows = tuple(tuple(map(_from_oxigraph, solution)) for solution in answer)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from e
        except (OSError, RuntimeError) as e:
            raise QueryError(f"the query failed: {_one_line(e)}") from e
        return Results(tuple(names), rows)  # terms made by _literal are normalised already

    def update(self, sparql: str) -> None:
        raise StoreError("the built store is read-only: change the documents and run "
                         "'casegraph build' again")

    def close(self) -> None:
        self._store = None


# --- rdflib, in memory ----------------------------------------------------------------------------


class MemoryBackend:
    """The built graph loaded from graph.trig into an rdflib dataset in memory (default graph:
    the union of the named graphs). Slower than Oxigraph; useful where only rdflib is at hand.

    rdflib asks a SERVICE, and fetches the IRI of a FROM or FROM NAMED graph it does not hold,
    of a LOAD and of a USING; all of these are refused unless ``allow_federation``."""

    name = "memory"

    def __init__(self, out: str | Path | None = None, *,
                 allow_federation: bool = False) -> None:
        from rdflib import Dataset

        self._dataset = Dataset(default_union=True)
        self.allow_federation = allow_federation
        if out is not None:
            path = Path(out) / TRIG_NAME
            if not path.is_file():
                raise StoreError("no graph has been built here; run 'casegraph build' first",
                                 where=str(out))
            self._dataset.parse(str(path), format="trig")

    @property
    def dataset(self) -> Any:
        return self._dataset

    def _holds(self, graph: str) -> bool:
        """Whether the dataset has triples in ``graph``: rdflib fetches an empty one."""
        return len(self._dataset.get_context(URIRef(graph))) > 0

    def _check_offline(self, sparql: str, *, update: bool = False) -> None:
        """Refuse what would reach beyond the dataset, read by the parser (and with the
        prefixes) that rdflib then runs the query with; a query it cannot parse fails here
        as it would there."""
        if not self.allow_federation:
            found = _reaching(sparql, self._holds, update=update,
                              namespaces=dict(self._dataset.namespaces()))
            if found is not None:
                raise _refused(found)

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Results:
        from pyparsing import ParseException

        init: dict[str, Any] = dict(bindings or {})
        rows: list[list[Term | None]] | None = None
        try:
            self._check_offline(sparql)
            answer = self._dataset.query(sparql, initBindings=init)
            if answer.type == "ASK":
                return Results(boolean=bool(answer.askAnswer))
            names = [str(v) for v in answer.vars or []]
            if answer.type == "SELECT":
                rows = [[row[i] for i in range(len(names))]  # type: ignore[index,misc]
                        for row in answer]
        except QueryError:
            raise
        except ParseException as e:
            raise QueryError(f"SPARQL syntax error: {e}") from e
        except Exception as e:  # noqa: BLE001 - rdflib raises bare Exceptions for bad queries
            raise QueryError(f"the query failed: {_one_line(e)}") from e
        if rows is None:
            raise QueryError("only SELECT and ASK queries are supported here")
        return _results(names, rows)

    def update(self, sparql: str) -> None:
        try:
            self._check_offline(sparql, update=True)
            self._dataset.update(sparql)
        except QueryError:
            raise
        except Exception as e:  # noqa: BLE001 - rdflib raises bare Exceptions for bad updates
            raise QueryError(f"the update failed: {_one_line(e)}") from e

    def close(self) -> None:
        pass


# --- a SPARQL 1.1 server --------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """Where a SPARQL server takes queries, updates and Graph Store Protocol requests.

    Only the query URL must be given: the others follow the layouts of common servers
    (Oxigraph /query -> /update, /store; Virtuoso /sparql -> /sparql, /sparql-graph-crud;
    Fuseki /DATASET/query|sparql -> /DATASET/update, /DATASET/data; GraphDB
    /repositories/ID -> /repositories/ID/statements, /repositories/ID/rdf-graphs/service).
    """

    query_url: str
    update_url: str | None = None
    gsp_url: str | None = None
    timeout: float = 60.0

    def __post_init__(self) -> None:
        for option, url in (("--endpoint", self.query_url), ("--update-endpoint", self.update_url),
                            ("--gsp-endpoint", self.gsp_url)):
            if url is not None:
                _check_url(url, option)
        guessed_update, guessed_gsp = _guess_urls(self.query_url)
        if self.update_url is None:
            object.__setattr__(self, "update_url", guessed_update)
        if self.gsp_url is None:
            object.__setattr__(self, "gsp_url", guessed_gsp)


#: A URL's host and port: urlsplit reads ``[::1]]`` or ``[::1]x`` as ``::1`` without a word.
_HOST_PORT = re.compile(r"(?:\[[^\]]*\]|[^\s\[\]:]+)(?::[0-9]*)?")


def _check_url(url: str, option: str) -> None:
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - a port out of range or not a number raises only when read
    except ValueError as e:
        raise StoreError(f"not a valid URL: {_without_userinfo(url)!r} ({e})",
                         where=option) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an http(s) URL: {_safe(url)}", where=option)
    if (not all(c.isprintable() and not c.isspace() for c in url)
            or not _HOST_PORT.fullmatch(parts.netloc.rpartition("@")[2])):
        raise StoreError(f"not a valid URL: {_without_userinfo(url)!r} (a space, a control "
                         "character, or a malformed host or port)", where=option)
    if parts.username or parts.password:
        raise StoreError(
            f"credentials do not belong in the URL; set {ENV_USER} and {ENV_PASSWORD} "
            f"(or {ENV_TOKEN}) in the environment instead", where=option)


def _without_userinfo(url: str) -> str:
    """The text of a URL, even one that does not parse, without user name and password."""
    return re.sub(r"^([^:/?#]*://)[^/?#]*@", r"\1", url)


def _safe(url: str) -> str:
    """The URL without any user information, for messages."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        return _without_userinfo(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if port:
        host += f":{port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, ""))


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port): where credentials may go. None for a URL that does not parse."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
    except ValueError:
        return None
    return parts.scheme, parts.hostname or "", port


def _origin_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def _guess_urls(query_url: str) -> tuple[str, str | None]:
    parts = urllib.parse.urlsplit(query_url)
    path = parts.path.rstrip("/")

    def at(new_path: str) -> str:
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

    if path == "/query":                                       # Oxigraph server
        return at("/update"), at("/store")
    if path in ("/sparql", "/sparql-auth"):                    # Virtuoso
        return query_url, at(path.replace("/sparql", "/sparql-graph-crud"))
    match = re.fullmatch(r"(/.+)/(query|sparql)", path)        # Fuseki
    if match:
        return at(match[1] + "/update"), at(match[1] + "/data")
    match = re.fullmatch(r"(.*/repositories/[^/]+)", path)     # GraphDB, RDF4J
    if match:
        return at(match[1] + "/statements"), at(match[1] + "/rdf-graphs/service")
    return query_url, None


#: The redirects a server may answer with. casegraph follows them itself (see
#: :meth:`RemoteBackend._request`), never urllib.
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: Redirects one query follows, within the endpoint's origin, before casegraph gives up.
_MOST_REDIRECTS = 5
#: Characters of a server's error body shown in a message, once credentials are taken out.
_EXCERPT = 200

#: A field or header line that names a credential, from its name to the end of the line: what
#: a server that echoes the request, or a proxy's error page, would show of it.
_CREDENTIAL_FIELD = re.compile(
    r"""["']?\b(?:proxy-authorization|authori[sz]ation|set-cookie2?|cookie2?|x-api-key"""
    r"""|api[-_]?key|[a-z]+[-_]token|client[-_]secret|secret|passw(?:or)?d)["']?\s*[:=].*""",
    re.IGNORECASE)
#: A credential written after its scheme name without the header's name.
_CREDENTIAL_VALUE = re.compile(
    r"\b(?:Digest\s+\w+\s*=.*|(?:Basic|Bearer)\s+[A-Za-z0-9._~+/-]{8,}=*)", re.IGNORECASE)


@dataclass(frozen=True)
class _Moved:
    """A redirect the server answered with: its status and where it pointed."""

    code: int
    location: str | None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hands every redirect back as an HTTPError instead of following it: urllib would follow
    one to any origin with the Authorization header, and turn a POST into a GET."""

    def http_error_302(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                       headers: Any) -> None:
        return None

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class RemoteBackend:
    """A SPARQL 1.1 server over HTTP. Credentials come from the environment
    (CASEGRAPH_ENDPOINT_USER and CASEGRAPH_ENDPOINT_PASSWORD for HTTP Basic or Digest
    authentication, or CASEGRAPH_ENDPOINT_TOKEN for a bearer token), go only to the origins of
    the endpoint's URLs and never appear in messages. Every request has a timeout. Results cut
    at a server's row limit (Virtuoso's ResultSetMaxRows) are fetched again page by page, so
    the answer is complete."""

    name = "remote"

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self._opener = _opener(endpoint)
        self._token = os.environ.get(ENV_TOKEN) or None
        self._secrets = _secrets(self._token, os.environ.get(ENV_USER),
                                 os.environ.get(ENV_PASSWORD))

    # HTTP ---------------------------------------------------------------------------------------

    def _request(self, url: str, *, method: str = "POST", data: bytes | None = None,
                 content_type: str | None = None, accept: str | None = None,
                 follow: bool = False,
                 option: str = "--endpoint") -> tuple[bytes, Mapping[str, str]]:
        """The body and headers of the answer to one request.

        A query (``follow``) follows a redirect within the origin of ``url``, with the same
        method and body. Any other redirect is an error that says where it pointed: a write
        sent elsewhere, or turned into a GET, would be reported as done while nothing was
        written. ``option`` is where the user gives the URL instead."""
        headers = {"User-Agent": "casegraph"}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        target = url
        for _ in range(_MOST_REDIRECTS + 1):
            answer = self._send(target, method, data, headers)
            if not isinstance(answer, _Moved):
                return answer
            target = self._redirect(url, target, answer, follow, option)
        raise StoreError(f"more than {_MOST_REDIRECTS} redirects, the last to "
                         f"{self._shown(target)}", where=_safe(url))

    def _redirect(self, url: str, target: str, moved: _Moved, follow: bool,
                  option: str) -> str:
        """Where a redirect may be followed to; else the error that says where it pointed."""
        if not moved.location:
            raise StoreError(f"HTTP {moved.code}: a redirect that says nowhere (no Location)",
                             where=_safe(url))
        new = urllib.parse.urljoin(target, moved.location)
        shown = self._shown(new)
        if not follow:
            raise StoreError(
                f"HTTP {moved.code}: the server redirected to {shown}; casegraph does not "
                f"follow a redirect of a write: if that is the right URL, give it as {option}",
                where=_safe(url))
        if _origin(new) != _origin(url) or urllib.parse.urlsplit(new).scheme not in (
                "http", "https"):
            raise StoreError(
                f"HTTP {moved.code}: the server redirected the query to another origin, "
                f"{shown}; casegraph follows redirects within {_safe(_origin_url(url))} only "
                f"and sends no credentials elsewhere: if you trust it, give it as {option}",
                where=_safe(url))
        return new

    def _send(self, url: str, method: str, data: bytes | None,
              headers: Mapping[str, str]) -> tuple[bytes, Mapping[str, str]] | _Moved:
        request = urllib.request.Request(url, data=data, method=method, headers=dict(headers))
        shown = _safe(url)
        try:
            with self._opener.open(request, timeout=self.endpoint.timeout) as response:
                return response.read(), {k.lower(): v for k, v in response.headers.items()}
        except urllib.error.HTTPError as e:
            if e.code in _REDIRECTS:
                location = e.headers.get("Location") if e.headers else None
                e.close()
                return _Moved(e.code, location)
            raise self._refusal(e, shown) from None
        except urllib.error.URLError as e:
            reason = e.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise StoreError(f"no answer within {self.endpoint.timeout:g} s "
                                 "(--timeout)", where=shown) from None
            if isinstance(reason, ConnectionRefusedError):
                raise StoreError("connection refused: is the SPARQL server running?",
                                 where=shown) from None
            raise StoreError(f"cannot reach the SPARQL server: {self._redact(str(reason))}",
                             where=shown) from None
        except (TimeoutError, socket.timeout):
            raise StoreError(f"no answer within {self.endpoint.timeout:g} s (--timeout)",
                             where=shown) from None
        except UnicodeError:
            raise StoreError("cannot send the request: the URL or a credential in the "
                             "environment holds characters HTTP cannot carry", where=shown
                             ) from None
        except (ConnectionError, OSError) as e:
            raise StoreError(f"the connection failed: {self._redact(str(e))}",
                             where=shown) from None

    def _refusal(self, error: urllib.error.HTTPError, shown: str) -> StoreError:
        """The error for a status the server refused with, in its own words where they carry
        no credential."""
        if error.code in (401, 403):
            hint = (f"; set {ENV_USER} and {ENV_PASSWORD} (or {ENV_TOKEN})"
                    if not (os.environ.get(ENV_USER) or self._token) else
                    "; check the credentials in the environment")
            return StoreError(f"HTTP {error.code}: not allowed{hint}", where=shown)
        try:
            body = error.read(8192).decode("utf-8", "replace")
        except (OSError, ValueError, AttributeError):
            body = ""
        reason = self._redact(str(error.reason or ""))
        excerpt = self._redact(body)
        head = f"HTTP {error.code} {reason}".rstrip()
        return StoreError(f"{head}: {excerpt}" if excerpt else head, where=shown)

    def _redact(self, text: str) -> str:
        """Text from a server, fit to show: the configured token and password (as they are,
        in Basic form and URL-encoded) and any field or header line naming a credential taken
        out, on one line, cut short."""
        for secret in self._secrets:
            text = text.replace(secret, "[removed]")
        text = _CREDENTIAL_FIELD.sub("[removed]", text)
        text = _CREDENTIAL_VALUE.sub("[removed]", text)
        text = " ".join(text.split())
        return text if len(text) <= _EXCERPT else text[:_EXCERPT - 1].rstrip() + "…"

    def _shown(self, url: str) -> str:
        return self._redact(_safe(url))

    # query --------------------------------------------------------------------------------------

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Results:
        form = query_form(sparql)
        if form not in ("SELECT", "ASK"):
            raise QueryError("only SELECT and ASK queries are supported here"
                             if form != "UPDATE" else
                             "this is a SPARQL update, not a query")
        text = bind_values(sparql, bindings or {})
        body, headers = self._post_query(text)
        data = _json(body, self.endpoint.query_url)
        if "boolean" in data:
            return Results(boolean=bool(data["boolean"]))
        variables, rows = _bindings(data)
        limit = headers.get("x-sparql-maxrows")
        if limit and limit.strip().isdigit() and len(rows) >= int(limit.strip()) > 0:
            rows = self._all_pages(text, variables, int(limit.strip()))
        return _results(variables, rows)

    def _post_query(self, text: str) -> tuple[bytes, Mapping[str, str]]:
        form = urllib.parse.urlencode({"query": text}).encode("utf-8")
        return self._request(self.endpoint.query_url, data=form,
                             content_type="application/x-www-form-urlencoded",
                             accept=_RESULTS_JSON, follow=True)

    def _all_pages(self, text: str, variables: list[str],
                   page: int) -> list[list[Term | None]]:
        """Every row of a query whose answer the server cut at ``page`` rows, fetched as the
        ordered subquery of LIMIT/OFFSET pages."""
        prologue, body = _split_prologue(text)
        rows: list[list[Term | None]] = []
        offset = 0
        while True:
            paged = (f"{prologue}\nSELECT * WHERE {{ {{ {body}\n }} }} "
                     f"LIMIT {page} OFFSET {offset}")
            answer, _ = self._post_query(paged)
            names, chunk = _bindings(_json(answer, self.endpoint.query_url))
            order = [names.index(v) if v in names else None for v in variables]
            rows.extend([[row[i] if i is not None else None for i in order] for row in chunk])
            if len(chunk) < page:
                return rows
            offset += page

    # update and the Graph Store Protocol --------------------------------------------------------

    def update(self, sparql: str) -> None:
        url = self.endpoint.update_url or self.endpoint.query_url
        form = urllib.parse.urlencode({"update": sparql}).encode("utf-8")
        self._request(url, data=form, content_type="application/x-www-form-urlencoded",
                      option="--update-endpoint")

    def put_graph(self, graph: str, turtle: bytes) -> None:
        """Replace one named graph with the given Turtle (Graph Store Protocol PUT)."""
        if not self.endpoint.gsp_url:
            raise StoreError("no Graph Store Protocol URL known for this server; give "
                             "--gsp-endpoint, or use --method update",
                             where=_safe(self.endpoint.query_url))
        url = _with_query(self.endpoint.gsp_url, {"graph": graph})
        self._request(url, method="PUT", data=turtle, content_type="text/turtle",
                      option="--gsp-endpoint")

    def close(self) -> None:
        pass


def _opener(endpoint: Endpoint) -> urllib.request.OpenerDirector:
    """An opener that follows no redirect, and answers a Basic or Digest challenge only from
    the origins of the endpoint's URLs (anywhere in them: a query may be redirected within)."""
    user, password = os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)
    handlers: list[urllib.request.BaseHandler] = [_NoRedirects()]
    if user and password is not None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        for url in (endpoint.query_url, endpoint.update_url, endpoint.gsp_url):
            if url:
                manager.add_password(None, _origin_url(url), user, password)
        handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
        handlers.append(urllib.request.HTTPBasicAuthHandler(manager))
    return urllib.request.build_opener(*handlers)


def _secrets(token: str | None, user: str | None, password: str | None) -> tuple[str, ...]:
    """Every form in which a server could echo the configured credentials, longest first."""
    import base64

    values = [v for v in (token, password) if v]
    if user and password:
        basic = f"{user}:{password}".encode("utf-8", "surrogateescape")
        values.append(base64.b64encode(basic).decode("ascii"))
    values += [urllib.parse.quote(v, safe="", errors="replace") for v in list(values)]
    values += [urllib.parse.quote_plus(v, safe="", errors="replace") for v in list(values)]
    return tuple(sorted(set(values), key=len, reverse=True))


def _with_query(url: str, params: Mapping[str, str]) -> str:
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query) + list(params.items())
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path,
                                    urllib.parse.urlencode(query), ""))


def _json(body: bytes, url: str) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise StoreError("the server did not answer in SPARQL JSON results format",
                         where=_safe(url)) from e
    if not isinstance(data, dict):
        raise StoreError("the server did not answer in SPARQL JSON results format",
                         where=_safe(url))
    return data


def _bindings(data: Mapping[str, Any]) -> tuple[list[str], list[list[Term | None]]]:
    variables = [str(v) for v in data.get("head", {}).get("vars", [])]
    rows: list[list[Term | None]] = []
    for binding in data.get("results", {}).get("bindings", []):
        rows.append([_json_term(binding.get(name)) for name in variables])
    return variables, rows


def _json_term(value: Mapping[str, str] | None) -> Term | None:
    if value is None:
        return None
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        language = value.get("xml:lang")
        if language:
            return Literal(text, lang=language)
        datatype = value.get("datatype")
        return Literal(text, datatype=URIRef(datatype) if datatype else None, normalize=False)
    raise StoreError(f"unknown term type in the server's answer: {kind!r}")


def _split_prologue(sparql: str) -> tuple[str, str]:
    """(PREFIX and BASE declarations, the rest of the query)."""
    for kind, text, offset in _tokens(sparql):
        if kind == "word" and text.upper() in _FORMS:
            return sparql[:offset], sparql[offset:]
    return "", sparql


# --- opening, and pushing a built graph to a server ----------------------------------------------


def open_backend(out: str | Path, kind: str = "oxigraph", *,
                 endpoint: Endpoint | None = None, allow_federation: bool = False) -> Backend:
    """The store to query: a server when ``endpoint`` is given, else the build in ``out`` opened
    with the named local backend, which reaches no other server or document unless
    ``allow_federation`` (a server decides that for itself)."""
    if endpoint is not None:
        return RemoteBackend(endpoint)
    if kind == "oxigraph":
        return OxigraphBackend(out, allow_federation=allow_federation)
    if kind == "memory":
        return MemoryBackend(out, allow_federation=allow_federation)
    raise StoreError(f"unknown backend {kind!r}; choose one of: {', '.join(BACKENDS)}",
                     where="--backend")


@dataclass(frozen=True)
class PushReport:
    """What a push sent: the named graphs and their triples."""

    graphs: tuple[str, ...] = ()
    triples: int = 0
    requests: int = 0
    method: str = "gsp"
    sizes: dict[str, int] = field(default_factory=dict)


#: Triples per INSERT DATA request: small enough for servers that refuse large updates.
UPDATE_CHUNK = 500


def push_graphs(out: str | Path, remote: RemoteBackend, *, method: str = "gsp",
                progress: Callable[[int, int, str], None] | None = None) -> PushReport:
    """Load the build in ``out`` into a server, one named graph at a time, each replacing
    whatever the server held under that graph's name.

    ``method`` "gsp" PUTs each graph with the Graph Store Protocol; "update" drops it and
    inserts it again in chunks of SPARQL INSERT DATA, for servers without the protocol.
    """
    import pyoxigraph as ox

    if method not in ("gsp", "update"):
        raise StoreError(f"unknown push method {method!r}; choose gsp or update",
                         where="--method")
    path = Path(out) / STORE_NAME
    if not path.is_dir():
        raise StoreError("no graph has been built here; run 'casegraph build' first",
                         where=str(out))
    store = ox.Store.read_only(str(path))
    graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    sizes: dict[str, int] = {}
    requests = 0
    for done, graph in enumerate(graphs, start=1):
        triples = sorted((ox.Triple(q.subject, q.predicate, q.object)
                          for q in store.quads_for_pattern(None, None, None,
                                                           ox.NamedNode(graph))), key=str)
        sizes[graph] = len(triples)
        if method == "gsp":
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            remote.put_graph(graph, data if isinstance(data, bytes) else b"")
            requests += 1
        else:
            remote.update(f"DROP SILENT GRAPH <{graph}>")
            requests += 1
            for start in range(0, len(triples), UPDATE_CHUNK):
                chunk = triples[start:start + UPDATE_CHUNK]
                lines = "\n".join(f"{t} ." for t in chunk)
                remote.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{lines}\n}} }}")
                requests += 1
        if progress is not None:
            progress(done, len(graphs), graph)
    del store
    return PushReport(tuple(graphs), sum(sizes.values()), requests, method, sizes)
