"""The public API: one import, names loaded when used, and the same answers as the command line,
which reads the graph the same way."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import casegraph
from casegraph.cli import cli
from conftest import ROOT, first_corpus


@pytest.fixture(scope="module")
def api_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first corpus built through the API."""
    folder = tmp_path_factory.mktemp("api")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        report = casegraph.build([first_corpus(folder / "cases")], folder / "out")
    assert report.written and not report.rejected, report.rejected
    return folder / "out"


def _cli_json(*args: str) -> object:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _as_json(value: object) -> object:
    """A value as JSON gives it back (tuples as lists)."""
    return json.loads(json.dumps(value, ensure_ascii=False))


def test_importing_casegraph_loads_nothing_heavy() -> None:
    code = ("import sys, casegraph; "
            "print(sorted(m for m in ('rdflib', 'pyoxigraph', 'networkx', 'click') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_every_public_name_resolves() -> None:
    for name in casegraph.__all__:
        assert getattr(casegraph, name) is not None, name
    assert sorted(casegraph.__all__) == dir(casegraph)
    with pytest.raises(AttributeError):
        casegraph.no_such_name  # noqa: B018
    assert (Path(casegraph.__file__).parent / "py.typed").is_file()


def test_api_answers_as_the_command_line_does(api_out: Path) -> None:
    out = str(api_out)
    with casegraph.open_graph(api_out) as graph:
        assert casegraph.stats(graph) == _cli_json("stats", "--out", out, "--format", "json")
        practices = casegraph.patterns(graph, "Involving local stakeholders", top=5)
        assert _as_json([p.to_json() for p in practices]) == _cli_json(
            "patterns", "--out", out, "--challenge", "IC2", "--top", "5", "--format", "json")
        similar = casegraph.similar(graph, "Nantes", top=3)
        assert _as_json([s.to_json() for s in similar]) == _cli_json(
            "similar", "Nantes", "--out", out, "--top", "3", "--format", "json")["similar"]
        found = casegraph.recommend(graph, "Tallinn", "IC4", top=3)
        assert _as_json([r.to_json() for r in found]) == _cli_json(
            "recommend", "--out", out, "--city", "Tallinn", "--challenge", "IC4", "--top", "3",
            "--format", "json")
        tactics = casegraph.ask(graph, "tactics-for-challenge", challenge="IC4")
        assert tactics.rows and tactics.values()[0].keys() == set(tactics.variables)
        count = casegraph.sparql(graph, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert count.values() == [{"n": casegraph.stats(graph)["triples"]}]
        assert _as_json([f.__dict__ for f in casegraph.validate(graph)]) == _cli_json(
            "validate", "--out", out, "--format", "json")


@pytest.mark.slow
def test_api_writes_what_the_command_line_writes(api_out: Path, tmp_path: Path) -> None:
    out = str(api_out)
    with casegraph.open_graph(api_out) as graph:
        data = casegraph.cases(graph)
        page = casegraph.write_explorer(graph, tmp_path / "api.html", view="challenges",
                                        data=data)
        (exported,) = casegraph.export(graph, "graphml", tmp_path / "api.graphml")
        (rdf,) = casegraph.export(graph, "nt", tmp_path / "api.nt")
        (tmp_path / "api").mkdir()
        written = casegraph.write_report(casegraph.report(graph, data=data),
                                         tmp_path / "api" / "report.md", "md")
    runner = CliRunner()
    for args in (["viz", "--view", "challenges", "-o", str(tmp_path / "cli.html")],
                 ["export", "--format", "graphml", "-o", str(tmp_path / "cli.graphml")],
                 ["export", "--format", "nt", "-o", str(tmp_path / "cli.nt")],
                 ["report", "--format", "md", "-o", str(tmp_path / "report.md")]):
        result = runner.invoke(cli, [*args, "--out", out])
        assert result.exit_code == 0, result.output
    assert page.read_bytes() == (tmp_path / "cli.html").read_bytes()
    assert exported.read_bytes() == (tmp_path / "cli.graphml").read_bytes()
    assert rdf.read_bytes() == (tmp_path / "cli.nt").read_bytes()
    assert [p.read_bytes() for p in written] == [
        (tmp_path / name).read_bytes() for name in ("report.md", "report-heatmap.png")]


def test_results_as_a_dataframe(api_out: Path) -> None:
    pytest.importorskip("pandas")
    with casegraph.open_graph(api_out, backend="memory") as graph:
        results = casegraph.ask(graph, "cases-by-country", country="Fr")
    frame = results.to_dataframe()
    assert list(frame.columns) == list(results.variables)
    assert frame.to_dict("records") == results.values()


def test_a_graph_is_opened_once_and_closed(api_out: Path) -> None:
    graph = casegraph.open_graph(api_out)
    with graph as same:
        assert same is graph and same.source.out == api_out and not same.source.remote
        assert casegraph.stats(same)["cases"] == 13
    with pytest.raises(casegraph.StoreError, match="run 'casegraph build' first"):
        casegraph.open_graph(api_out.parent / "nothing-built")
    with pytest.raises(casegraph.StoreError, match="unknown backend"):
        casegraph.open_graph(api_out, backend="sqlite")


def test_a_name_for_two_cities_is_ambiguous() -> None:
    from rdflib import Literal, URIRef

    from casegraph.query.local import MemoryBackend
    from casegraph.query.queries import resolve
    from casegraph.vocab import GRAPH_SUMMARY, ID, SDO

    backend = MemoryBackend()
    summary = backend.dataset.graph(URIRef(GRAPH_SUMMARY))
    for code in ("ES", "VE"):
        city, country = URIRef(ID[f"city/{code.lower()}/valencia"]), URIRef(ID[f"c/{code}"])
        summary.add((city, SDO.name, Literal("Valencia")))
        summary.add((city, SDO.containedInPlace, country))
        summary.add((country, SDO.identifier, Literal(code)))
    with pytest.raises(casegraph.AmbiguousNameError, match="Valencia, ES; Valencia, VE") as e:
        resolve("city", "Valencia", backend, where="--city")
    assert isinstance(e.value, casegraph.QueryParameterError) and e.value.where == "--city"
    assert resolve("city", "Valencia, VE", backend) == URIRef(ID["city/ve/valencia"])
    with pytest.raises(casegraph.QueryParameterError, match="no city 'Vigo'"):
        resolve("city", "Vigo", backend)


def test_the_notebook_uses_only_the_public_api() -> None:
    notebook = json.loads((ROOT / "notebooks" / "casegraph-tour.ipynb").read_text("utf-8"))
    imported: set[str] = set()
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if isinstance(node, ast.Import):
                imported.update(a.name for a in node.names if a.name.startswith("casegraph"))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("casegraph"):
                imported.add(str(node.module))
    assert imported == {"casegraph"}
