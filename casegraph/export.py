"""Exports of a built graph to the tools people use: RDF files, Gephi and Cytoscape, Kumu, CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .files import write_atomic
from .graphs import GraphData, full_graph
from .results import spreadsheet_cell
from .store import open_store
from .vocab import PREFIXES

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "FORMATS",
    "RDF_FORMATS",
    "JSONLD_CONTEXT",
    "Export",
    "default_name",
    "export_rdf",
    "export_graph",
    "export_graph_data",
    "write_export",
]

#: The formats of ``casegraph export``: RDF first, then the node-and-edge formats.
RDF_FORMATS = ("ttl", "trig", "jsonld", "nt")
FORMATS = (*RDF_FORMATS, "graphml", "gexf", "csv", "kumu")

_SUFFIXES = {"ttl": ".ttl", "trig": ".trig", "jsonld": ".jsonld", "nt": ".nt",
             "graphml": ".graphml", "gexf": ".gexf", "csv": "", "kumu": ".kumu.json"}

#: The JSON-LD context, written into the file: no remote @context is ever fetched or named.
JSONLD_CONTEXT: dict[str, Any] = dict(sorted(PREFIXES.items()))


@dataclass(frozen=True)
class Export:
    """An export: file name -> bytes (one file, or nodes.csv and edges.csv), and what it holds."""

    files: dict[str, bytes]
    nodes: int = 0
    edges: int = 0
    quads: int = 0


def default_name(fmt: str) -> str:
    """The file (or, for csv, folder) name an export goes to by default."""
    return "casegraph" + _SUFFIXES[fmt] if fmt != "csv" else "casegraph-csv"


# --- RDF -----------------------------------------------------------------------------------------


def export_rdf(out: str | Path, fmt: str) -> Export:
    """The whole built graph as Turtle or N-Triples (the union of the named graphs), TriG or
    JSON-LD (one named graph per document). Statements are sorted: the same graph, the same
    bytes."""
    import pyoxigraph as ox

    with open_store(out) as store:
        quads = sorted(store, key=lambda q: (str(q.graph_name), str(q.subject),
                                             str(q.predicate), str(q.object)))
    name = default_name(fmt)
    if fmt == "trig":
        data = _serialise(quads, ox.RdfFormat.TRIG)
        return Export({name: data}, quads=len(quads))
    if fmt == "jsonld":
        return Export({name: _jsonld(quads)}, quads=len(quads))
    triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate),
                                                               str(t.object)))
    if fmt == "ttl":
        data = _serialise(triples, ox.RdfFormat.TURTLE)
    else:
        data = _serialise(triples, ox.RdfFormat.N_TRIPLES)
        data = b"".join(sorted(data.splitlines(keepends=True)))
    return Export({name: data}, quads=len(triples))


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
    """The graph as GraphML, GEXF, CSV (nodes.csv and edges.csv) or a Kumu blueprint.

    CSV is for spreadsheets: a cell that one would run as a formula gets a leading ``'``
    (:func:`~casegraph.results.spreadsheet_cell`) unless ``raw``."""
    graph = export_graph(data)
    name = default_name(fmt)
    if fmt == "graphml":
        import networkx as nx

        files = {name: ("\n".join(nx.generate_graphml(graph)) + "\n").encode("utf-8")}
    elif fmt == "gexf":
        files = {name: _gexf(graph)}
    elif fmt == "csv":
        files = _csv(graph, raw=raw)
    elif fmt == "kumu":
        files = {name: _kumu(graph)}
    else:
        raise ValueError(f"not a graph format: {fmt}")
    return Export(files, nodes=graph.number_of_nodes(), edges=graph.number_of_edges())


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
