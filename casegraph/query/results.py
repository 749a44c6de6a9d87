"""Query results as text: W3C SPARQL JSON, CSV and TSV, an aligned table or a Markdown table."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from ..errors import QueryError
from ..vocab import PREFIXES
from .sparql import Results, Term

__all__ = ["FORMATS", "GRAPH_FORMATS", "format_results", "to_rdf", "to_json", "to_csv", "to_tsv",
           "to_table", "to_markdown", "terminal_width", "spreadsheet_cell", "sorted_json"]

FORMATS = ("table", "csv", "tsv", "json", "md", "turtle", "trig", "nt", "jsonld")
#: The formats of a CONSTRUCT or DESCRIBE query's answer, a graph ("table" writes Turtle).
GRAPH_FORMATS = ("turtle", "trig", "nt", "jsonld")

#: What a spreadsheet starts a formula (or a DDE command) with, when a cell begins with it
#: (OWASP, "CSV Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: The prefixes the aligned table shortens IRIs with, in the order they are tried.
_PREFIXES = tuple((f"{name}:", PREFIXES[name])
                  for name in ("cg", "cgt", "cgc", "id", "skos", "schema", "xsd"))


def format_results(results: Results, fmt: str, *, width: int | None = None,
                   raw: bool = False) -> str:
    """The results in one of FORMATS; ``width`` is the aligned table's (default: the
    terminal's); ``raw`` keeps CSV and TSV cells that a spreadsheet would run as formulas
    exactly. A graph
    (CONSTRUCT, DESCRIBE) is written in GRAPH_FORMATS only; an ASK answer has no CSV or TSV
    form (the W3C formats define none): both are refused with a QueryError."""
    if results.triples is not None:
        if fmt not in (*GRAPH_FORMATS, "table"):
            raise QueryError(f"a CONSTRUCT or DESCRIBE answer is a graph: write it with "
                             f"--format {', '.join(GRAPH_FORMATS)}", where="--format")
        return to_rdf(results, "turtle" if fmt == "table" else fmt)
    if fmt in GRAPH_FORMATS:
        raise QueryError(f"{fmt} is for the graph a CONSTRUCT or DESCRIBE query answers; "
                         "write rows with --format table, csv, tsv, json or md",
                         where="--format")
    if results.boolean is not None and fmt in ("csv", "tsv"):
        raise QueryError(f"an ASK answer has no {fmt.upper()} form (the W3C SPARQL results "
                         "formats define CSV and TSV for SELECT only): use --format json, "
                         "table or md", where="--format")
    if fmt == "json":
        return to_json(results)
    if fmt == "csv":
        return to_csv(results, raw=raw)
    if fmt == "tsv":
        return to_tsv(results, raw=raw)
    if fmt == "md":
        return to_markdown(results)
    if fmt == "table":
        return to_table(results, width=width)
    raise ValueError(f"unknown format {fmt!r}")


def to_rdf(results: Results, fmt: str) -> str:
    """A graph answer as Turtle or TriG (with casegraph's prefixes), N-Triples (a sorted line
    per triple) or JSON-LD."""
    from rdflib import Dataset

    if fmt == "nt":
        return "".join(sorted(f"{' '.join(_turtle(t) for t in triple)} .\n"
                              for triple in results.triples or ()))
    dataset = Dataset()  # TriG writes the triples as the default graph, with no name
    for name, namespace in sorted(PREFIXES.items()):
        dataset.bind(name, namespace)
    for triple in results.triples or ():
        dataset.default_graph.add(triple)
    if fmt == "jsonld":
        context = {name: str(namespace) for name, namespace in sorted(PREFIXES.items())}
        text = dataset.default_graph.serialize(format="json-ld", context=context,
                                               auto_compact=True)
        return json.dumps(sorted_json(json.loads(text)), indent=2, ensure_ascii=False,
                          sort_keys=True) + "\n"
    text = (dataset if fmt == "trig" else dataset.default_graph).serialize(format=fmt)
    return text if text.endswith("\n") else text + "\n"


def sorted_json(value: Any) -> Any:
    """JSON-LD with every array sorted (their order means nothing outside @list, which
    casegraph never writes), so the same graph is written the same way each time."""
    if isinstance(value, dict):
        return {k: sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def to_json(results: Results) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    data: dict[str, Any]
    if results.boolean is not None:
        data = {"head": {}, "boolean": results.boolean}
    else:
        bindings = [{name: _json_term(term) for name, term in zip(results.variables, row)
                     if term is not None} for row in results.rows]
        data = {"head": {"vars": list(results.variables)}, "results": {"bindings": bindings}}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def spreadsheet_cell(text: str) -> str:
    """``text`` as a cell that a spreadsheet shows and does not run: a leading ``'`` before
    what would start a formula (OWASP's rule). A number such as -3 becomes text too: the rule
    cannot tell it from ``-2+3``."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def to_csv(results: Results, *, raw: bool = False) -> str:
    """SPARQL 1.1 Query Results CSV Format: values without types or language tags, CRLF.

    Unless ``raw``, a value a spreadsheet would run as a formula is neutralised
    (:func:`spreadsheet_cell`); a CSV is mostly opened in one."""
    cell = str if raw else spreadsheet_cell
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if results.boolean is not None:
        writer.writerow(["boolean"])
        writer.writerow(["true" if results.boolean else "false"])
        return buffer.getvalue()
    writer.writerow(results.variables)
    for row in results.rows:
        writer.writerow([cell(_plain(term)) for term in row])
    return buffer.getvalue()


def _escape_lexical(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))


def _turtle(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    lexical = f'"{_escape_lexical(str(term))}"'
    if term.language:
        return f"{lexical}@{term.language}"
    if term.datatype is not None:
        return f"{lexical}^^<{term.datatype}>"
    return lexical


def to_tsv(results: Results, *, raw: bool = False) -> str:
    """SPARQL 1.1 Query Results TSV Format: '?var' headers, terms in Turtle/N-Triples syntax.

    Unless ``raw``, a term a spreadsheet would run as a formula is neutralised: spreadsheets
    take the quotes of ``"=1+1"`` for the field's quotes, so the literal's text is looked at
    too."""
    cell = _turtle if raw else _tsv_cell
    if results.boolean is not None:
        return "?boolean\n" + ("true" if results.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in results.variables)]
    lines += ["\t".join(cell(term) for term in row) for row in results.rows]
    return "\n".join(lines) + "\n"


def _tsv_cell(term: Term | None) -> str:
    text = _turtle(term)
    if text.startswith('"') and text[1:].startswith(_FORMULA_STARTS):
        return f"'{text}"
    return spreadsheet_cell(text)


def _display(term: Term | None) -> str:
    """A term as a person reads it: IRIs shortened with casegraph's prefixes, literals bare."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        value = str(term)
        for prefix, namespace in _PREFIXES:
            if value.startswith(namespace) and len(value) > len(namespace):
                return prefix + value[len(namespace):]
        return value
    if isinstance(term, Literal):
        return " ".join(str(term).split())
    return f"_:{term}"


_NUMBERS = frozenset(str(XSD[name]) for name in (
    "integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"))


def _is_number(term: Term | None) -> bool:
    return isinstance(term, Literal) and str(term.datatype) in _NUMBERS


def terminal_width() -> int:
    """The terminal's width in columns (``COLUMNS`` where set; 100 when there is none)."""
    import shutil

    return max(shutil.get_terminal_size((100, 24)).columns, 20)


#: A column narrower than this (or than its name) is not worth reading: a table that cannot
#: give every column that much is shown a row at a time instead.
_NARROWEST = 8


def to_table(results: Results, *, width: int | None = None) -> str:
    """An aligned text table that fits ``width`` columns (default: the terminal's), laid out
    by rich: long cells wrap rather than being cut, a column of numbers is right-aligned, wide
    characters count double; then a line saying how many rows. Where the columns cannot all
    have a readable width, each row is shown as a block of ``name  value`` lines instead, as
    psql's expanded display does."""
    if results.boolean is not None:
        return ("true" if results.boolean else "false") + "\n"
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    width = width or terminal_width()
    names = results.variables
    shown = [[_display(term) for term in row] for row in results.rows]
    numeric = [bool(cells) and all(_is_number(t) for t in cells)
               for cells in ([row[i] for row in results.rows if row[i] is not None]
                             for i in range(len(names)))]
    needed = sum(min(max([cell_len(n)] + [cell_len(r[i]) for r in shown]),
                     max(cell_len(n), _NARROWEST)) for i, n in enumerate(names))
    tables: list[Table] = []
    if needed + 3 * (len(names) - 1) <= width:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, highlight=False)
        for name, right in zip(names, numeric):
            table.add_column(Text(name), justify="right" if right else "left",
                             overflow="fold")
        for row in shown:
            table.add_row(*map(Text, row))
        tables.append(table)
    else:
        for number, row in enumerate(shown, start=1):
            table = Table(box=None, show_header=False, pad_edge=False, highlight=False,
                          title=Text(f"row {number}"), title_justify="left")
            table.add_column(no_wrap=True)
            table.add_column(overflow="fold")
            for name, value in zip(names, row):
                table.add_row(Text(name), Text(value))
            tables.append(table)
    lines = _rendered(tables, width)
    count = len(results.rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


def _rendered(tables: list[Any], width: int) -> list[str]:
    """Rich renderables as plain lines of at most ``width`` cells, without trailing spaces."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(width=width, file=buffer, color_system=None, force_terminal=False,
                      force_jupyter=False, legacy_windows=False, emoji=False, markup=False,
                      highlight=False, no_color=True)
    for table in tables:
        console.print(table)
    return [line.rstrip() for line in buffer.getvalue().splitlines()]


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def to_markdown(results: Results) -> str:
    """A GitHub-flavoured Markdown table, with every value in full."""
    if results.boolean is not None:
        return ("true" if results.boolean else "false") + "\n"
    lines = ["| " + " | ".join(results.variables) + " |",
             "|" + "|".join(" --- " for _ in results.variables) + "|"]
    for row in results.rows:
        lines.append("| " + " | ".join(_md_cell(_display(t)) for t in row) + " |")
    return "\n".join(lines) + "\n"
