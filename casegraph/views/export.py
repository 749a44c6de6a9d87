"""Exports of a built graph to the tools people use: RDF files, Gephi and Cytoscape, Kumu, CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analysis.graphs import GraphData, full_graph, node_id, read_graph_data
from ..errors import StoreError
from ..files import write_atomic
from ..query.local import open_store
from ..query.results import sorted_json, spreadsheet_cell
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
    "NODE_FIELDS",
    "EDGE_FIELDS",
    "GEXF_NS",
    "graphml_id",
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
    document = sorted_json(json.loads(text))
    return (json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()


# --- nodes and edges -------------------------------------------------------------------------------


#: The node attributes every export carries, in this order ("" where one does not apply).
NODE_FIELDS = ("label", "type", "iri", "cases", "description", "country", "country_code",
               "network", "outcome", "family", "source", "latitude", "longitude")
#: The edge attributes.
EDGE_FIELDS = ("kind", "label", "weight", "evidence")


def export_graph(data: GraphData) -> nx.DiGraph:
    """The full typed graph with scalar attributes only, in sorted order: what GraphML, GEXF,
    CSV and Kumu hold. Each node has :data:`NODE_FIELDS`: what it is, what it says
    (``description``: a case's summary, a lesson's text, a tactic's family and label, a
    city's country), where it is (``latitude``, ``longitude``, on cities and cases whose city
    the gazetteer placed), and the document it comes from (``source``); ``cases`` is a count.
    Edges have ``weight`` (cases) and, from a case to a tactic, the ``evidence`` sentence."""
    import networkx as nx

    source = full_graph(data)
    facts = _node_facts(data)
    graph = nx.DiGraph()
    for key in sorted(source.nodes):
        attrs = source.nodes[key]
        found: dict[str, Any] = dict.fromkeys(  # text fields empty; coordinates only if known
            (f for f in NODE_FIELDS if f not in ("latitude", "longitude")), "")
        found.update(type=attrs["type"], label=attrs["label"], iri=attrs["iri"],
                     cases=len(attrs["cases"]), **facts.get(key, {}))
        graph.add_node(key, **found)
    evidence = _evidence(data)
    for u, v in sorted(source.edges):
        attrs = source.edges[u, v]
        graph.add_edge(u, v, kind=attrs["kind"], label=attrs["label"],
                       weight=len(attrs["cases"]), evidence=evidence.get((u, v), ""))
    return graph


def _node_facts(data: GraphData) -> dict[str, dict[str, Any]]:
    """What the typed graph's nodes say beyond their type and label, by node id."""
    facts: dict[str, dict[str, Any]] = {}
    for case in data.cases:
        me = node_id(case.iri)
        place = ({"latitude": case.latitude, "longitude": case.longitude}
                 if case.latitude is not None and case.longitude is not None else {})
        facts[me] = {"description": " ".join(case.summary.split()),
                     "country": case.country_name, "country_code": case.country_code,
                     "network": case.network_name, "outcome": "; ".join(case.outcomes),
                     "source": case.source, **place}
        if case.city:
            facts.setdefault(node_id(case.city), {
                "description": ", ".join(p for p in (case.city_name, case.country_name) if p),
                "country": case.country_name, "country_code": case.country_code, **place})
        if case.country:
            facts.setdefault(node_id(case.country), {"country": case.country_name,
                                                     "country_code": case.country_code})
        for lesson in case.lessons:
            facts[node_id(lesson.iri)] = {"description": " ".join(lesson.text.split()),
                                          "source": case.source, "country": case.country_name,
                                          "country_code": case.country_code,
                                          "network": case.network_name}
    for tactic, family in data.tactic_families.items():
        label = data.tactic_labels.get(tactic, tactic)
        facts["tactic/" + tactic] = {
            "family": family, "description": f"{label} ({family})" if family else label}
    for code, label in data.challenge_labels.items():
        facts["challenge/" + code] = {"description": f"{code}: {label}"}
    return facts


def _evidence(data: GraphData) -> dict[tuple[str, str], str]:
    """The evidence sentences of each case -> tactic edge, joined with " | "."""
    found: dict[tuple[str, str], list[str]] = {}
    for case in data.cases:
        for use in case.tactics:
            sentences = found.setdefault((node_id(case.iri), "tactic/" + use.tactic), [])
            text = " ".join(use.evidence.split())
            if text and text not in sentences:
                sentences.append(text)
    return {edge: " | ".join(sorted(texts)) for edge, texts in found.items()}


def export_graph_data(data: GraphData, fmt: str, *, raw: bool = False) -> Export:
    """The graph in one of the formats that read cases: GraphML, GEXF, CSV (nodes.csv and
    edges.csv) or a Kumu blueprint.

    CSV is for spreadsheets: a cell that one would run as a formula gets a leading ``'``
    (:func:`~casegraph.query.results.spreadsheet_cell`) unless ``raw``."""
    entry = _entry(fmt, "cases")
    graph = export_graph(data)
    if fmt == "gexf":  # the explorer's picture of the same graph: its positions and colours
        from .explorer import LAYOUT_SEED, NODE_STYLES, _layout

        positions = _layout(full_graph(data), LAYOUT_SEED)
        for key, attrs in graph.nodes(data=True):
            attrs["_position"] = positions.get(key, (0, 0))
            attrs["_colour"] = NODE_STYLES[attrs["type"]][0]
    return Export(entry.make(graph, raw=raw), nodes=graph.number_of_nodes(),
                  edges=graph.number_of_edges())


@export_format("graphml", "casegraph.graphml", "cases", "for Gephi and Cytoscape")
def _graphml(graph: nx.DiGraph, *, raw: bool = False) -> dict[str, bytes]:
    import networkx as nx

    named = nx.relabel_nodes(graph, {key: graphml_id(key) for key in graph.nodes}, copy=True)
    return {"casegraph.graphml": ("\n".join(nx.generate_graphml(named)) + "\n").encode("utf-8")}


def graphml_id(key: str) -> str:
    """A node id as GraphML has them, an XML name token: ``city/fr/nantes`` -> ``city:fr:nantes``
    (the node's ``iri`` says the rest)."""
    return re.sub(r"[^\w.:-]", ":", key)


@export_format("gexf", "casegraph.gexf", "cases", "for Gephi")
def _gexf_file(graph: nx.DiGraph, *, raw: bool = False) -> dict[str, bytes]:
    return {"casegraph.gexf": _gexf(graph)}


@export_format("csv", "casegraph-csv", "cases", "nodes.csv and edges.csv in a folder")
def _csv_files(graph: nx.DiGraph, *, raw: bool = False) -> dict[str, bytes]:
    return _csv(graph, raw=raw)


@export_format("kumu", "casegraph.kumu.json", "cases", "a Kumu blueprint")
def _kumu_file(graph: nx.DiGraph, *, raw: bool = False) -> dict[str, bytes]:
    return {"casegraph.kumu.json": _kumu(graph)}


#: GEXF 1.3's namespace (https://gexf.net/schema.html).
GEXF_NS = "http://gexf.net/1.3"
_GEXF_TYPES = {int: "integer", float: "double", str: "string"}


def _gexf(graph: nx.DiGraph) -> bytes:
    """GEXF 1.3 (valid against its schema, which networkx's 1.2draft writer is not): every
    attribute declared and given, and the explorer's positions and colours as viz data."""
    from xml.etree import ElementTree as ET

    root = ET.Element("gexf", {"xmlns": GEXF_NS, "version": "1.3"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "casegraph"
    ET.SubElement(meta, "description").text = (
        "Case examples: cases, cities, countries, networks, challenges, tactics and lessons")
    body = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    node_fields = [f for f in NODE_FIELDS if f not in ("label",)]
    edge_fields = [f for f in EDGE_FIELDS if f not in ("label", "weight")]
    for kind, fields, sample in (("node", node_fields, _field_types(graph, True)),
                                 ("edge", edge_fields, _field_types(graph, False))):
        declared = ET.SubElement(body, "attributes", {"class": kind})
        for number, name in enumerate(fields):
            ET.SubElement(declared, "attribute", {"id": str(number), "title": name,
                                                  "type": _GEXF_TYPES[sample[name]]})
    nodes = ET.SubElement(body, "nodes", {"count": str(graph.number_of_nodes())})
    for key, attrs in graph.nodes(data=True):
        node = ET.SubElement(nodes, "node", {"id": key, "label": _token(attrs["label"])})
        _attvalues(node, node_fields, attrs)
        if "_colour" in attrs:
            colour = attrs["_colour"].lstrip("#")
            ET.SubElement(node, "color", {"r": str(int(colour[0:2], 16)),
                                          "g": str(int(colour[2:4], 16)),
                                          "b": str(int(colour[4:6], 16))})
            x, y = attrs["_position"]
            ET.SubElement(node, "position", {"x": f"{x:g}", "y": f"{-y:g}", "z": "0"})
            ET.SubElement(node, "size", {"value": "10"})
    edges = ET.SubElement(body, "edges", {"count": str(graph.number_of_edges())})
    for number, (u, v, attrs) in enumerate(graph.edges(data=True)):
        edge = ET.SubElement(edges, "edge", {"id": str(number), "source": u, "target": v,
                                             "label": _token(attrs["label"]),
                                             "weight": str(attrs["weight"])})
        _attvalues(edge, edge_fields, attrs)
    ET.indent(root, space=" ")
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n")


def _field_types(graph: nx.DiGraph, nodes: bool) -> dict[str, type]:
    """The type of each attribute: a number where every value given is one, else text."""
    items = (attrs for _, attrs in graph.nodes(data=True)) if nodes else \
        (attrs for _, _, attrs in graph.edges(data=True))
    found: dict[str, type] = {}
    for attrs in items:
        for name, value in attrs.items():
            kind = type(value) if type(value) in (int, float) else str
            before = found.get(name, kind)
            found[name] = kind if before is kind else (float if {before, kind} <= {int, float}
                                                       else str)
    return {**{f: str for f in (*NODE_FIELDS, *EDGE_FIELDS)}, **found}


def _attvalues(element: Any, fields: list[str], attrs: dict[str, Any]) -> None:
    from xml.etree import ElementTree as ET

    values = ET.SubElement(element, "attvalues")
    for number, name in enumerate(fields):
        value = attrs.get(name)
        if value is not None and value != "":
            ET.SubElement(values, "attvalue", {"for": str(number), "value": str(value)})


def _token(text: str) -> str:
    """A label as an xs:token: one line, single spaces."""
    return " ".join(str(text).split())


def _csv(graph: nx.DiGraph, *, raw: bool) -> dict[str, bytes]:
    def cell(value: Any) -> Any:
        return "" if value is None else value

    nodes = _table(["id", *NODE_FIELDS], raw=raw,
                   rows=([key, *(cell(attrs.get(f)) for f in NODE_FIELDS)]
                         for key, attrs in graph.nodes(data=True)))
    edges = _table(["source", "target", *EDGE_FIELDS], raw=raw,
                   rows=([u, v, *(cell(attrs.get(f)) for f in EDGE_FIELDS)]
                         for u, v, attrs in graph.edges(data=True)))
    return {"nodes.csv": nodes, "edges.csv": edges}


def _table(header: list[str], rows: Iterable[list[Any]], *, raw: bool) -> bytes:
    """One CSV file, its cells neutralised for spreadsheets unless ``raw``."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        # A number casegraph wrote (a count, a coordinate) is written as one: only text can
        # carry a formula.
        writer.writerow(row if raw else [spreadsheet_cell(cell) if isinstance(cell, str)
                                         else cell for cell in row])
    return buffer.getvalue().encode("utf-8")


def _kumu(graph: nx.DiGraph) -> bytes:
    """A Kumu blueprint (Kumu's JSON import): elements with Kumu's ``id``, ``label``,
    ``type``, ``description`` and ``tags``, and the other facts as fields; connections
    ``from`` and ``to`` element ids, with their ``type``, ``direction`` and, for a tactic a
    case used, the evidence as their ``description``."""
    elements = []
    for key, attrs in graph.nodes(data=True):
        element: dict[str, Any] = {"id": key, "label": attrs["label"],
                                   "type": attrs["type"].title(),
                                   "description": attrs["description"],
                                   "tags": sorted({attrs["type"], *(
                                       [attrs["family"]] if attrs["family"] else [])})}
        for name in NODE_FIELDS:
            if name not in ("type", "label", "description") and attrs.get(name) not in (
                    None, ""):
                element[name.replace("_", " ")] = attrs[name]
        elements.append(element)
    connections = []
    for u, v, attrs in graph.edges(data=True):
        connection: dict[str, Any] = {"from": u, "to": v, "type": attrs["label"],
                                      "direction": "directed", "weight": attrs["weight"]}
        if attrs["evidence"]:
            connection["description"] = attrs["evidence"]
        connections.append(connection)
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
