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
from casegraph.views.export import FORMATS, JSONLD_CONTEXT
from conftest import copy_build

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
    for graph in (nx.read_graphml(exported["graphml"]), nx.read_gexf(exported["gexf"])):
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
    blueprint = json.loads(exported["kumu"].read_text(encoding="utf-8"))
    assert set(blueprint) == {"elements", "connections"}
    labels = [e["label"] for e in blueprint["elements"]]
    assert len(labels) == len(set(labels)) == 138  # connections find their element by label
    assert {e["type"] for e in blueprint["elements"]} >= {"Case", "City", "Challenge", "Tactic"}
    for connection in blueprint["connections"]:
        assert connection["from"] in labels and connection["to"] in labels
        assert connection["direction"] == "directed" and connection["type"]


def test_csv_node_and_edge_lists(exported: dict[str, Path]) -> None:
    folder = exported["csv"]
    nodes = list(csv.DictReader(io.StringIO((folder / "nodes.csv").read_text("utf-8"))))
    edges = list(csv.DictReader(io.StringIO((folder / "edges.csv").read_text("utf-8"))))
    assert list(nodes[0]) == ["id", "label", "type", "iri", "cases"]
    assert list(edges[0]) == ["source", "target", "kind", "label", "weight"]
    ids = {n["id"] for n in nodes}
    assert all(e["source"] in ids and e["target"] in ids for e in edges)
    assert {"source": NANTES, "target": "challenge/IC4", "kind": "faced", "label": "faced",
            "weight": "1"} in edges


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
