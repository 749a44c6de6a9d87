"""Exports: each format parses back with the library its users use, and is byte-stable."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner

from casegraph.cli import cli
from casegraph.views.export import FORMATS, JSONLD_CONTEXT, graphml_id
from conftest import FIXTURES, copy_build

NANTES = "case/stay-tuned/nantes/growing-up-well-in-nantes-giving-a-global-strategy-a-local"


@pytest.fixture(scope="module")
def built(first_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_build(first_build, tmp_path_factory.mktemp("export") / "out")


def _export(out: Path, fmt: str, target: Path) -> Path:
    result = CliRunner().invoke(cli, ["export", "--out", str(out), "--format", fmt, "-o",
                                      str(target)])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"wrote {target}")
    return target


@pytest.fixture(scope="module")
def exported(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("files")
    return {fmt: _export(built, fmt, folder / f"graph.{fmt}") for fmt in FORMATS}


@pytest.fixture(scope="module")
def reference(built: Path) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.parse(built / "graph.trig", format="trig")
    return dataset


def _value(term: object) -> object:
    """A term compared by value: 0.90 and 0.9 are one decimal, whichever parser read it."""
    if isinstance(term, rdflib.Literal):
        return (term.datatype, term.language, term.toPython() if term.datatype else str(term))
    return term


def _triples(graph: rdflib.Graph) -> set[tuple[object, object, object]]:
    return {(s, p, _value(o)) for s, p, o in graph.triples((None, None, None))}


def _quads(dataset: rdflib.Dataset) -> set[tuple[object, ...]]:
    return {(s, p, _value(o), g) for s, p, o, g in dataset.quads((None, None, None, None))}


def test_turtle_and_ntriples_hold_every_statement(exported: dict[str, Path],
                                                  reference: rdflib.Dataset) -> None:
    union = {quad[:3] for quad in _quads(reference)}
    for fmt, parser in (("ttl", "turtle"), ("nt", "nt")):
        graph = rdflib.Graph().parse(exported[fmt], format=parser)
        assert _triples(graph) == union, fmt


def test_trig_and_jsonld_keep_the_named_graphs(exported: dict[str, Path],
                                               reference: rdflib.Dataset) -> None:
    expected = _quads(reference)
    for fmt, parser in (("trig", "trig"), ("jsonld", "json-ld")):
        dataset = rdflib.Dataset()
        dataset.parse(exported[fmt], format=parser)
        assert _quads(dataset) == expected, fmt


def test_jsonld_context_is_local(exported: dict[str, Path]) -> None:
    document = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    assert document["@context"] == JSONLD_CONTEXT  # an object, never a URL to fetch
    assert isinstance(document["@context"], dict)
    assert '"@context": "http' not in exported["jsonld"].read_text(encoding="utf-8")


def test_graphml_and_gexf_keep_types_and_labels(exported: dict[str, Path]) -> None:
    graphml = nx.relabel_nodes(nx.read_graphml(exported["graphml"]),
                               lambda n: n.replace(":", "/"))  # GraphML ids are name tokens
    for graph in (graphml, nx.read_gexf(exported["gexf"])):
        assert graph.is_directed()
        assert graph.nodes[NANTES]["type"] == "case"
        assert graph.nodes[NANTES]["label"].startswith("Growing up Well in Nantes")
        assert graph.nodes["city/fr/nantes"]["type"] == "city"
        assert graph.nodes["city/fr/nantes"]["label"] == "Nantes"
        assert graph.nodes["challenge/IC4"]["label"].startswith("Moving from strategy")
        assert {a["type"] for _, a in graph.nodes(data=True)} == {
            "case", "city", "country", "network", "challenge", "tactic", "lesson"}
        assert graph.has_edge(NANTES, "challenge/IC4")
        assert graph.number_of_nodes() == 138


def test_kumu_blueprint(exported: dict[str, Path]) -> None:
    """Kumu's own fields (id, label, type, description, tags) and the facts as fields;
    connections run between element ids."""
    blueprint = json.loads(exported["kumu"].read_text(encoding="utf-8"))
    assert set(blueprint) == {"elements", "connections"}
    elements = {e["id"]: e for e in blueprint["elements"]}
    assert len(elements) == len(blueprint["elements"]) == 138
    assert {e["type"] for e in elements.values()} >= {"Case", "City", "Challenge", "Tactic"}
    nantes = elements[NANTES]
    assert nantes["description"].startswith("As part of Stay Tuned")  # the case's summary
    assert (nantes["country"], nantes["network"], nantes["source"]) == (
        "France", "Stay Tuned", "stay-tuned-nantes.txt")
    assert nantes["tags"] == ["case"] and "latitude" in nantes
    tactic = elements["tactic/swot-analysis"]
    assert tactic["family"] and tactic["family"] in tactic["tags"]
    lesson = next(e for e in elements.values() if e["type"] == "Lesson")
    assert lesson["description"] and lesson["source"]
    for connection in blueprint["connections"]:
        assert connection["from"] in elements and connection["to"] in elements
        assert connection["direction"] == "directed" and connection["type"]
    used = [c for c in blueprint["connections"] if c["type"] == "used tactic"]
    assert used and all(c.get("description") for c in used)


def test_csv_node_and_edge_lists(exported: dict[str, Path]) -> None:
    import pandas as pd

    folder = exported["csv"]
    nodes = list(csv.DictReader(io.StringIO((folder / "nodes.csv").read_text("utf-8"))))
    edges = list(csv.DictReader(io.StringIO((folder / "edges.csv").read_text("utf-8"))))
    # the columns there were, then the facts
    assert list(nodes[0]) == ["id", "label", "type", "iri", "cases", "description", "country",
                              "country_code", "network", "outcome", "family", "source",
                              "latitude", "longitude"]
    assert list(edges[0]) == ["source", "target", "kind", "label", "weight", "evidence"]
    ids = {n["id"] for n in nodes}
    assert all(e["source"] in ids and e["target"] in ids for e in edges)
    assert {"source": NANTES, "target": "challenge/IC4", "kind": "faced", "label": "faced",
            "weight": "1", "evidence": ""} in edges
    table = pd.read_csv(folder / "nodes.csv")
    cities = table[table["type"] == "city"]
    assert cities["latitude"].notna().sum() >= len(cities) - 2  # two towns the gazetteer lacks
    nantes = cities[cities["id"] == "city/fr/nantes"].iloc[0]
    assert (round(nantes["latitude"], 1), round(nantes["longitude"], 1)) == (47.2, -1.6)
    assert set(table[table["type"] == "case"]["outcome"]) <= {
        "completely solved", "partly solved", "not solved", "unknown"}


def test_gexf_is_gexf_1_3_with_the_explorers_positions(exported: dict[str, Path]) -> None:
    """networkx wrote GEXF 1.2draft with <graph name="">, which fails that schema, and no
    positions; the export is GEXF 1.3, valid against its schema."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(FIXTURES / "gexf-1.3" / "gexf.xsd")))
    document = etree.parse(str(exported["gexf"]))
    assert schema.validate(document), schema.error_log
    ns = {"g": "http://gexf.net/1.3"}
    nodes = document.findall(".//g:node", ns)
    assert len(nodes) == 138
    assert all(n.find("g:position", ns) is not None and n.find("g:color", ns) is not None
               for n in nodes)
    positions = {(p.get("x"), p.get("y")) for p in document.findall(".//g:position", ns)}
    assert len(positions) > 100  # laid out, not piled at the origin
    graph = nx.read_gexf(exported["gexf"])
    assert graph.nodes[NANTES]["source"] == "stay-tuned-nantes.txt"
    assert graph.nodes["city/fr/nantes"]["latitude"] == pytest.approx(47.2, abs=0.1)


def test_graphml_is_valid_and_carries_the_facts(exported: dict[str, Path]) -> None:
    """Valid against the GraphML 1.0 schema (node ids with / in them were not: an id is an
    XML name token)."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(FIXTURES / "graphml-1.0" / "graphml.xsd")))
    document = etree.parse(str(exported["graphml"]))
    assert schema.validate(document), schema.error_log
    graph = nx.read_graphml(exported["graphml"])
    nantes = graph.nodes[graphml_id(NANTES)]
    assert graphml_id(NANTES) == NANTES.replace("/", ":")
    assert nantes["iri"].endswith(NANTES)
    assert nantes["description"] and nantes["outcome"] and nantes["network"] == "Stay Tuned"
    evidence = [a["evidence"] for u, v, a in graph.edges(data=True) if a["kind"] == "used"]
    assert evidence and all(evidence)


def test_same_graph_same_bytes(built: Path, exported: dict[str, Path], tmp_path: Path) -> None:
    for fmt in FORMATS:
        again = _export(built, fmt, tmp_path / f"again.{fmt}")
        if fmt == "csv":
            for name in ("nodes.csv", "edges.csv"):
                assert (again / name).read_bytes() == (exported[fmt] / name).read_bytes()
        else:
            assert again.read_bytes() == exported[fmt].read_bytes(), fmt


def test_default_target_and_errors(built: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "--out", str(built), "--format", "graphml"])
    assert result.exit_code == 0
    assert (built / "casegraph.graphml").is_file()
    result = runner.invoke(cli, ["export", "--out", str(tmp_path / "none"), "--format", "ttl"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "run 'casegraph build' first" in result.stderr
    result = runner.invoke(cli, ["export", "--out", str(built), "--format", "xlsx"])
    assert result.exit_code == 2
