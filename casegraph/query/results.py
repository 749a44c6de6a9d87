"""Query results as text: W3C SPARQL JSON, CSV and TSV, an aligned table or a Markdown table."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Any

from rdflib import BNode, Literal, URIRef

from ..errors import QueryError
from ..vocab import PREFIXES
from .sparql import Results, Term

__all__ = ["FORMATS", "GRAPH_FORMATS", "format_results", "to_rdf", "to_json", "to_csv", "to_tsv", "to_table", "to_markdown",
           "spreadsheet_cell"]

FORMATS = ("table", "csv", "tsv", "json", "md", "turtle", "trig", "nt", "jsonld")
#: The formats of a CONSTRUCT or DESCRIBE query's answer, a graph ("table" writes Turtle).
GRAPH_FORMATS = ("turtle", "trig", "nt", "jsonld")

#: What a spreadsheet starts a formula (or a DDE command) with, when a cell begins with it
#: (OWASP, "CSV Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: The prefixes the aligned table shortens IRIs with, in the order they are tried.
_PREFIXES = tuple((f"{name}:", PREFIXES[name])
                  for name in ("cg", "cgt", "cgc", "id", "skos", "schema", "xsd"))


def format_results(results: Results, fmt: str, *, width: int | None = 60,
                   raw: bool = False) -> str:
    """The results in one of FORMATS; ``width`` cuts long cells in the aligned table only;
    ``raw`` keeps CSV and TSV cells that a spreadsheet would run as formulas exactly. A graph
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

    dataset = Dataset()  # TriG then writes the triples as the default graph, with no name
    for name, namespace in sorted(PREFIXES.items()):
        dataset.bind(name, namespace)
    graph = dataset.default_graph if fmt == "trig" else dataset.graph()
    for name, namespace in sorted(PREFIXES.items()):
        graph.bind(name, namespace)
    for triple in results.triples or ():
        graph.add(triple)
    if fmt == "trig":
        graph = dataset
    if fmt == "nt":
        return "".join(sorted(f"{' '.join(_turtle(t) for t in triple)} .\n"
                              for triple in results.triples or ()))
    if fmt == "jsonld":
        context = {name: str(namespace) for name, namespace in sorted(PREFIXES.items())}
        data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
        return json.dumps(_ordered(data), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    text = graph.serialize(format=fmt)
    return text if text.endswith("\n") else text + "\n"


def _ordered(value: Any) -> Any:
    """JSON-LD with every array sorted (their order means nothing outside @list, which a
    query's graph does not make), so the same graph is written the same way each time."""
    if isinstance(value, dict):
        return {k: (_ordered(v) if k != "@context" else v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_ordered(v) for v in value]
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


def _cell_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _cut(text: str, width: int | None) -> str:
    if width is None or len(text) <= width:
        return text
    return text[: width - 1] + "…"


def to_table(results: Results, *, width: int | None = 60) -> str:
    """An aligned text table for the terminal; a line saying how many rows."""
    if results.boolean is not None:
        return ("true" if results.boolean else "false") + "\n"
    header = list(results.variables)
    cells = [[_cut(_display(term), width) for term in row] for row in results.rows]
    widths = [max([_cell_width(h)] + [_cell_width(r[i]) for r in cells])
              for i, h in enumerate(header)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _cell_width(v))
                         for v, w in zip(values, widths)).rstrip()

    out = [line(header), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out) + "\n"


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
