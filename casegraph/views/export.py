"""Exports of a built graph to the tools people use: RDF files, Gephi and Cytoscape, Kumu, CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analysis.graphs import GraphData, full_graph, read_graph_data
from ..errors import StoreError
from ..files import write_atomic
from ..query.local import open_store
from ..query.results import spreadsheet_cell
from ..vocab import PREFIXES

if TYPE_CHECKING:
    import networkx as nx

    from ..query.source import Graph

__all__ = [
    "EXPORTS",
    "ExportFormat",
    "export_format",
    "formats",
    "FORMATS",
    "RDF_FORMATS",
    "JSONLD_CONTEXT",
    "Export",
    "default_name",
    "export_from",
    "export_rdf",
    "export_graph",
    "export_graph_data",
    "write_export",
]

#: The JSON-LD context, written into the file: no remote @context is ever fetched or named.
JSONLD_CONTEXT: dict[str, Any] = dict(sorted(PREFIXES.items()))


@dataclass(frozen=True)
class Export:
    """An export: file name -> bytes (one file, or nodes.csv and edges.csv), and what it holds."""

    files: dict[str, bytes]
    nodes: int = 0
    edges: int = 0
    quads: int = 0


@dataclass(frozen=True)
class ExportFormat:
    """One format of ``casegraph export``.

    ``reads`` is what it is made from: "statements", the built graph's quads, sorted (RDF
    formats, from the build on this machine), or "cases", the typed graph of
    :func:`export_graph`. ``make`` turns that into file name -> bytes (``raw`` keeps cells a
    spreadsheet would run as formulas); ``name`` is the file, or the folder for several
    files, an export goes to by default."""

    key: str
    name: str
    reads: str
    make: Callable[..., dict[str, bytes]]
    help: str


#: The formats of ``casegraph export``, in the order the command lists them. A new format is
#: one more entry (see :func:`export_format`).
EXPORTS: dict[str, ExportFormat] = {}


def export_format(key: str, name: str, reads: str, help: str,
                  ) -> Callable[[Callable[..., dict[str, bytes]]], Callable[..., dict[str, bytes]]]:
    """Register the function that makes one export format."""
    if reads not in ("statements", "cases"):
        raise ValueError(f"an export reads statements or cases, not {reads!r}")

    def register(make: Callable[..., dict[str, bytes]]) -> Callable[..., dict[str, bytes]]:
        EXPORTS[key] = ExportFormat(key, name, reads, make, help)
        return make

    return register


def formats(reads: str | None = None) -> tuple[str, ...]:
    """The export formats, or those that read ``reads``."""
    return tuple(k for k, f in EXPORTS.items() if reads is None or f.reads == reads)


def default_name(fmt: str) -> str:
    """The file (or, for csv, folder) name an export goes to by default."""
    return EXPORTS[fmt].name


# --- RDF -----------------------------------------------------------------------------------------


def export_from(graph: Graph, fmt: str, *, raw: bool = False) -> Export:
    """An export of the graph open in ``graph``: the statements of the build it was opened
    from, or the typed graph of its cases read with SPARQL (from any store)."""
    if fmt not in EXPORTS:
        raise ValueError(f"unknown export format {fmt!r}")
    if EXPORTS[fmt].reads == "statements":
        if graph.source.remote:
            raise StoreError(f"{fmt} exports the statements of a build on this machine; a "
                             f"server exports its own RDF (from a server: "
                             f"{', '.join(formats('cases'))})", where=fmt)
        return export_rdf(graph.source.out, fmt)
    return export_graph_data(read_graph_data(graph), fmt, raw=raw)


def export_rdf(out: str | Path, fmt: str) -> Export:
    """The built graph in ``out`` in one of the formats that read statements: Turtle or
    N-Triples (the union of the named graphs), TriG or JSON-LD (one named graph per document).
    Statements are sorted: the same graph, the same bytes."""
    entry = _entry(fmt, "statements")
    with open_store(out) as store:
        quads = sorted(store, key=lambda q: (str(q.graph_name), str(q.subject),
                                             str(q.predicate), str(q.object)))
    files = entry.make(quads)
    return Export(files, quads=len(quads) if fmt in ("trig", "jsonld") else
                  len({q.triple for q in quads}))


def _entry(fmt: str, reads: str) -> ExportFormat:
    entry = EXPORTS.get(fmt)
    if entry is None or entry.reads != reads:
        raise ValueError(f"not a format that reads {reads}: {fmt}")
    return entry


def _triples(quads: list[Any]) -> list[Any]:
    return sorted({q.triple for q in quads},
                  key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


@export_format("ttl", "casegraph.ttl", "statements",
               "all statements in one graph, as Turtle")
def _turtle(quads: list[Any]) -> dict[str, bytes]:
    import pyoxigraph as ox

    return {"casegraph.ttl": _serialise(_triples(quads), ox.RdfFormat.TURTLE)}


@export_format("trig", "casegraph.trig", "statements", "one named graph per document")
def _trig(quads: list[Any]) -> dict[str, bytes]:
    import pyoxigraph as ox

    return {"casegraph.trig": _serialise(quads, ox.RdfFormat.TRIG)}


@export_format("jsonld", "casegraph.jsonld", "statements",
               "one named graph per document, JSON-LD with a local @context")
def _jsonld_file(quads: list[Any]) -> dict[str, bytes]:
    return {"casegraph.jsonld": _jsonld(quads)}


@export_format("nt", "casegraph.nt", "statements",
               "all statements in one graph, as sorted N-Triples")
def _ntriples(quads: list[Any]) -> dict[str, bytes]:
    import pyoxigraph as ox

    data = _serialise(_triples(quads), ox.RdfFormat.N_TRIPLES)
    return {"casegraph.nt": b"".join(sorted(data.splitlines(keepends=True)))}


def _serialise(statements: list[Any], fmt: Any) -> bytes:
    import pyoxigraph as ox

    data = ox.serialize(statements, format=fmt, prefixes=PREFIXES)
    return data if data is not None else b""


def _jsonld(quads: list[Any]) -> bytes:
    """JSON-LD compacted with the fixed local context, sorted for stable bytes."""
    import pyoxigraph as ox
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(data=_serialise(quads, ox.RdfFormat.N_QUADS), format="nquads")
    text = dataset.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True)
    document = _sorted_json(json.loads(text))
    return (json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()


def _sorted_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


# --- nodes and edges -------------------------------------------------------------------------------


def export_graph(data: GraphData) -> nx.DiGraph:
    """The full typed graph with scalar attributes only, in sorted order: what GraphML, GEXF,
    CSV and Kumu hold. ``cases`` becomes a count; edges get ``weight`` (cases) too."""
    import networkx as nx

    source = full_graph(data)
    graph = nx.DiGraph()
    for key in sorted(source.nodes):
        attrs = source.nodes[key]
        graph.add_node(key, type=attrs["type"], label=attrs["label"], iri=attrs["iri"],
                       cases=len(attrs["cases"]))
    for u, v in sorted(source.edges):
        attrs = source.edges[u, v]
        graph.add_edge(u, v, kind=attrs["kind"], label=attrs["label"],
                       weight=len(attrs["cases"]))
    return graph


def export_graph_data(data: GraphData, fmt: str, *, raw: bool = False) -> Export:
    """The graph in one of the formats that read cases: GraphML, GEXF, CSV (nodes.csv and
    edges.csv) or a Kumu blueprint.

    CSV is for spreadsheets: a cell that one would run as a formula gets a leading ``'``
    (:func:`~casegraph.query.results.spreadsheet_cell`) unless ``raw``."""
    entry = _entry(fmt, "cases")
    graph = export_graph(data)
    return Export(entry.make(graph, raw=raw), nodes=graph.number_of_nodes(),
                  edges=graph.number_of_edges())


@export_format("graphml", "casegraph.graphml", "cases", "for Gephi and Cytoscape")
def _graphml(graph: nx.DiGraph, *, raw: bool = False) -> dict[str, bytes]:
    import networkx as nx

    return {"casegraph.graphml": ("\n".join(nx.generate_graphml(graph)) + "\n").encode("utf-8")}


@export_format("gexf", "casegraph.gexf", "cases", "for Gephi")
def _gexf_file(graph: nx.DiGraph, *, raw: bool = False) -> dict[str, bytes]:
    return {"casegraph.gexf": _gexf(graph)}


@export_format("csv", "casegraph-csv", "cases", "nodes.csv and edges.csv in a folder")
def _csv_files(graph: nx.DiGraph, *, raw: bool = False) -> dict[str, bytes]:
    return _csv(graph, raw=raw)


@export_format("kumu", "casegraph.kumu.json", "cases", "a Kumu blueprint")
def _kumu_file(graph: nx.DiGraph, *, raw: bool = False) -> dict[str, bytes]:
    return {"casegraph.kumu.json": _kumu(graph)}


def _gexf(graph: nx.DiGraph) -> bytes:
    import networkx as nx

    text = "\n".join(nx.generate_gexf(graph)) + "\n"
    # networkx stamps today's date into <meta>: drop it, so the same graph gives the same bytes.
    text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)
    return text.encode("utf-8")


def _csv(graph: nx.DiGraph, *, raw: bool) -> dict[str, bytes]:
    nodes = _table(["id", "label", "type", "iri", "cases"], raw=raw,
                   rows=([key, attrs["label"], attrs["type"], attrs["iri"], attrs["cases"]]
                         for key, attrs in graph.nodes(data=True)))
    edges = _table(["source", "target", "kind", "label", "weight"], raw=raw,
                   rows=([u, v, attrs["kind"], attrs["label"], attrs["weight"]]
                         for u, v, attrs in graph.edges(data=True)))
    return {"nodes.csv": nodes, "edges.csv": edges}


def _table(header: list[str], rows: Iterable[list[Any]], *, raw: bool) -> bytes:
    """One CSV file, its cells neutralised for spreadsheets unless ``raw``."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row if raw else [spreadsheet_cell(str(cell)) for cell in row])
    return buffer.getvalue().encode("utf-8")


def _kumu(graph: nx.DiGraph) -> bytes:
    """A Kumu blueprint: elements and connections, which Kumu matches by label; labels that
    two nodes share get the node id in brackets so that every connection finds its element."""
    seen = Counter(attrs["label"] for _, attrs in graph.nodes(data=True))
    labels = {key: attrs["label"] if seen[attrs["label"]] == 1 else f"{attrs['label']} ({key})"
              for key, attrs in graph.nodes(data=True)}
    elements = [{"label": labels[key], "type": attrs["type"].title(),
                 "tags": [attrs["type"]], "casegraph id": key, "iri": attrs["iri"],
                 "cases": attrs["cases"]}
                for key, attrs in graph.nodes(data=True)]
    connections = [{"from": labels[u], "to": labels[v], "type": attrs["label"],
                    "direction": "directed", "weight": attrs["weight"]}
                   for u, v, attrs in graph.edges(data=True)]
    blueprint = {"elements": elements, "connections": connections}
    return (json.dumps(blueprint, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def write_export(export: Export, target: str | Path) -> list[Path]:
    """Write an export atomically: its one file to ``target``, or its files into the folder
    ``target`` (csv)."""
    path = Path(target)
    if len(export.files) == 1:
        (data,) = export.files.values()
        return [write_atomic(path, data)]
    return [write_atomic(path / name, data) for name, data in sorted(export.files.items())]


#: The export formats by what they read (kept for scripts that imported them).
RDF_FORMATS = formats("statements")
FORMATS = formats()
