"""What every store shares: a query's text (its form, parameters bound as a VALUES block,
what in it would reach beyond the built graph), the answer, and RDF terms in one canonical
form whichever store gave them. casegraph's own queries are .rq files read with
:func:`load_query`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Protocol

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from ..errors import QueryError
from ..layout import sparql_text

__all__ = [
    "Term",
    "Results",
    "plain",
    "Backend",
    "load_query",
    "statements_by_query",
    "query_form",
    "bind_values",
    "split_prologue",
    "check_offline",
    "reaching",
    "names_dataset",
    "refused",
    "normalise_term",
    "results_of",
    "graph_results",
    "one_line",
]

Term = URIRef | Literal | BNode


@dataclass(frozen=True)
class Results:
    """The answer to a query: variables and rows of terms (None where unbound), for an ASK
    query the boolean, for a CONSTRUCT or DESCRIBE query the triples."""

    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    #: A CONSTRUCT or DESCRIBE query's answer: its triples, sorted; None for other forms.
    triples: tuple[tuple[Term, Term, Term], ...] | None = None

    def column(self, name: str) -> list[Term | None]:
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def dicts(self) -> list[dict[str, Term | None]]:
        """Each row as a mapping of variable names to terms."""
        return [dict(zip(self.variables, row)) for row in self.rows]

    def values(self) -> list[dict[str, Any]]:
        """Each row as a mapping of variable names to plain values: an integer as int, any
        other term as its text (an IRI, a literal's lexical form), None where unbound."""
        return [dict(zip(self.variables, map(plain, row))) for row in self.rows]

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame of plain values (pandas must be installed)."""
        try:
            import pandas
        except ImportError as e:
            raise QueryError("results as a DataFrame need pandas: pip install pandas") from e
        return pandas.DataFrame([list(map(plain, row)) for row in self.rows],
                                columns=list(self.variables))


_INTEGER = str(XSD.integer)


def plain(term: Term | None) -> Any:
    """A term as a plain Python value: an xsd:integer as int, else its text; None stays."""
    if term is None:
        return None
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == _INTEGER:
        try:
            return int(str(term))
        except ValueError:
            return str(term)
    return str(term)


class Backend(Protocol):
    """A store casegraph can query. ``bindings`` bind variables to RDF terms, never as text."""

    name: str

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Results: ...

    def values(self, sparql: str,
               bindings: Mapping[str, Term] | None = None) -> list[dict[str, Any]]:
        """The rows of a SELECT query as plain values (see :meth:`Results.values`): what a
        store can give quicker than terms."""
        ...

    def update(self, sparql: str) -> None: ...

    def statements(self) -> Any:
        """Every statement of the named graphs, as one rdflib Graph."""
        ...

    def close(self) -> None: ...


def statements_by_query(backend: Backend) -> Any:
    """Every statement of casegraph's named graphs, read with SELECT queries a graph at a
    time: for a store that has no quicker way to give them (a server, which may cut an answer
    at a row limit and page the rest)."""
    from rdflib import Graph

    graph = Graph()
    for (name,) in backend.query(load_query("graphs")).rows:
        if name is None:
            continue
        for s, p, o in backend.query(load_query("statements"), {"g": name}).rows:
            if s is not None and p is not None and o is not None:
                graph.add((s, p, o))
    return graph


def load_query(name: str) -> str:
    """The text of one of casegraph's own SPARQL queries (``stats`` -> sparql/stats.rq)."""
    return sparql_text(name)


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


#: rdflib's names of the query forms.
_PARSED_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
                 "DescribeQuery": "DESCRIBE"}


@lru_cache(maxsize=512)
def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; or UPDATE for a SPARQL update. Read with rdflib's
    SPARQL parser; a text it cannot parse (a store's own extension of SPARQL) is read by its
    first keyword, and the store that runs it decides."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return _PARSED_FORMS[parseQuery(sparql)[1].name]
    except Exception:  # noqa: BLE001 - pyparsing's errors, and rdflib's bare Exceptions
        pass
    try:
        parseUpdate(sparql)
        return "UPDATE"
    except Exception:  # noqa: BLE001 - as above
        return _first_form(sparql)


def _first_form(sparql: str) -> str:
    """The query form named by the first keyword that names one."""
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



def split_prologue(sparql: str) -> tuple[str, str]:
    """(PREFIX and BASE declarations, the rest of the query)."""
    for kind, text, offset in _tokens(sparql):
        if kind == "word" and text.upper() in _FORMS:
            return sparql[:offset], sparql[offset:]
    return "", sparql




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


def names_dataset(sparql: str) -> bool:
    """Whether a query says its own dataset (FROM or FROM NAMED, outside strings and
    comments)."""
    return any(kind == "word" and text.upper() == "FROM"
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


def reaching(sparql: str, holds: Callable[[str], bool], *, update: bool = False,
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


def refused(found: str) -> QueryError:
    return QueryError(f"{found} would reach beyond the built graph; queries here run "
                      "offline: pass --allow-federation to let this one reach out")


def check_offline(sparql: str, holds: Callable[[str], bool]) -> None:
    """Refuse a query that would reach beyond the store, or that rdflib cannot parse while it
    names SERVICE or FROM: the store that runs it, parsing differently, might reach out."""
    try:
        found = reaching(sparql, holds)
    except Exception as e:  # noqa: BLE001 - rdflib raises bare Exceptions for bad queries
        raise QueryError("the query names SERVICE or FROM and casegraph cannot tell where "
                         f"they lead (rdflib: {one_line(e)[:120]}); queries here run "
                         "offline: pass --allow-federation to run it as it is") from None
    if found is not None:
        raise refused(found)


def one_line(error: BaseException) -> str:
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


def graph_results(triples: Any) -> Results:
    """The answer of a CONSTRUCT or DESCRIBE query from (subject, predicate, object) terms, in
    one canonical form and order whichever store gave them."""
    found = {tuple(normalise_term(t) for t in triple) for triple in triples}
    return Results(triples=tuple(sorted(found, key=lambda t: tuple(  # type: ignore[arg-type]
        (type(term).__name__, str(term), str(getattr(term, "datatype", "") or ""),
         str(getattr(term, "language", "") or "")) for term in t))))


def results_of(variables: list[str], rows: list[list[Term | None]]) -> Results:
    return Results(tuple(variables),
                   tuple(tuple(normalise_term(t) for t in row) for row in rows))


