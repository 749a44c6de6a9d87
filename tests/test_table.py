"""The analysis table a build writes beside its store holds what the store answers, and a
reading command reads it only when it belongs to the build beside it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from casegraph.analysis.graphs import read_graph_data
from casegraph.ingest.pipeline import build
from casegraph.layout import TABLE_NAME, TABLE_QUERIES
from casegraph.query.local import OxigraphBackend
from casegraph.query.remote import Endpoint
from casegraph.query.source import Graph, Source, open_graph
from conftest import copy_build, first_corpus


@pytest.fixture()
def out(first_build: Path, tmp_path: Path) -> Path:
    return copy_build(first_build, tmp_path / "out")


def _asked_of_the_store(out: Path) -> object:
    backend = OxigraphBackend(out)
    try:
        return read_graph_data(backend)
    finally:
        backend.close()


def test_the_table_holds_what_the_store_answers(out: Path) -> None:
    with open_graph(out) as graph:
        assert all(graph.prepared(name) is not None for name in TABLE_QUERIES)
        assert graph.prepared("stats") is None  # not a query the table keeps
        from_table = read_graph_data(graph)
    assert from_table == _asked_of_the_store(out)
    assert len(from_table.cases) == 13
    assert sum(len(case.tactics) for case in from_table.cases) > 13


def test_every_row_of_the_table_is_a_row_of_the_store(out: Path) -> None:
    """Row for row, not only once made into cases: the same rows, in any order."""
    from casegraph.query.sparql import load_query

    backend = OxigraphBackend(out)
    with open_graph(out) as graph:
        for name in TABLE_QUERIES:
            asked = backend.values(load_query(name))
            for row in asked:
                del row["g"]
            key = lambda row: json.dumps(row, sort_keys=True)  # noqa: E731
            assert sorted(map(key, graph.prepared(name) or [])) == sorted(map(key, asked)), name
    backend.close()


@pytest.mark.parametrize("change", ["manifest", "header", "line"])
def test_a_table_not_of_the_build_beside_it_is_not_read(out: Path, change: str) -> None:
    expected = _asked_of_the_store(out)
    if change == "manifest":  # another build's manifest beside this table
        manifest = out / "manifest.json"
        manifest.write_text(manifest.read_text("utf-8") + "\n", encoding="utf-8")
    elif change == "header":  # a table made by other queries
        lines = (out / TABLE_NAME).read_text("utf-8").splitlines(keepends=True)
        first = json.loads(lines[0])
        first["queries"] = "0" * 64
        (out / TABLE_NAME).write_text(json.dumps(first) + "\n" + "".join(lines[1:]), "utf-8")
    else:  # a damaged line
        with (out / TABLE_NAME).open("a", encoding="utf-8") as handle:
            handle.write('["https://w3id.org/casegraph/id/graph/x", {"viz-cases": [[1, \n')
    with open_graph(out) as graph:
        assert graph.prepared("viz-cases") is None
        assert read_graph_data(graph) == expected


def test_a_graph_read_from_a_server_never_reads_a_table(out: Path) -> None:
    local = OxigraphBackend(out)
    graph = Graph(Source(out, endpoint=Endpoint("http://127.0.0.1:9/query")), local)
    assert graph.prepared("viz-cases") is None
    local.close()


def test_a_build_without_its_table_writes_it_again(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    cases = first_corpus(tmp_path / "cases")
    out = tmp_path / "out"
    build([cases], out)
    written = (out / TABLE_NAME).read_bytes()
    (out / TABLE_NAME).unlink()
    report = build([cases], out)
    assert report.reused == 13
    assert (out / TABLE_NAME).read_bytes() == written
    shutil.rmtree(out)
    build([cases], out)
    assert (out / TABLE_NAME).read_bytes() == written  # the same bytes from the same input


def test_a_build_with_a_table_of_other_queries_writes_it_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A casegraph whose table queries changed (an upgrade) does not leave the old table."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    cases = first_corpus(tmp_path / "cases")
    out = tmp_path / "out"
    build([cases], out)
    written = (out / TABLE_NAME).read_text("utf-8").splitlines(keepends=True)
    first = json.loads(written[0])
    first["queries"] = "0" * 64
    (out / TABLE_NAME).write_text(json.dumps(first) + "\n" + "".join(written[1:]), "utf-8")
    build([cases], out)
    assert (out / TABLE_NAME).read_text("utf-8").splitlines(keepends=True) == written


@pytest.mark.parametrize("ask_all_above", [0.0, 1.0], ids=["every-graph", "changed-graphs"])
def test_a_rebuild_asks_the_changed_graphs_or_all_and_writes_the_same_table(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ask_all_above: float) -> None:
    from casegraph.graph import table

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(table, "_ASK_ALL_ABOVE", ask_all_above)
    cases = first_corpus(tmp_path / "cases")
    out, scratch = tmp_path / "out", tmp_path / "scratch"
    build([cases], out)
    edited = sorted(cases.iterdir())[3]
    edited.write_text(edited.read_text("utf-8").replace(" the ", " the whole ", 1), "utf-8")
    (cases / sorted(p.name for p in cases.iterdir())[5]).unlink()
    assert build([cases], out).reused == 11
    build([cases], scratch, full=True)
    assert (out / TABLE_NAME).read_bytes() == (scratch / TABLE_NAME).read_bytes()
