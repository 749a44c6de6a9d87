"""Reading the built graph stays on this machine: on the embedded store and in memory, a query
that would reach a server or fetch a document (SERVICE, FROM or FROM NAMED of a graph the build
does not hold, LOAD) is refused before anything is sent, unless --allow-federation is given;
and bad input on the command line is one line, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from casegraph.query.local import MemoryBackend, OxigraphBackend
from casegraph.cli import cli
from casegraph.errors import QueryError
from conftest import ROOT
from test_http_client import Answer, Listener, Seen, listen  # noqa: F401 - fixture

BACKENDS = ("oxigraph", "memory")
REMOTE_ROWS = (b'{"head": {"vars": ["x"]}, "results": {"bindings": '
               b'[{"x": {"type": "literal", "value": "REMOTE-ROW"}}]}}')
TURTLE = b"<urn:fetched:s> <urn:fetched:p> <urn:fetched:o> ."


def sparql_or_turtle(seen: Seen) -> Answer:
    """A SPARQL endpoint for /sparql, a Turtle document for anything else."""
    if seen.path.startswith("/sparql"):
        return 200, {"Content-Type": "application/sparql-results+json"}, REMOTE_ROWS
    return 200, {"Content-Type": "text/turtle"}, TURTLE


@pytest.fixture()
def remote(listen: Callable[[Callable[[Seen], Answer]], Listener]) -> Listener:
    return listen(sparql_or_turtle)


def case_graph(out: Path) -> str:
    backend = OxigraphBackend(out)
    rows = backend.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?c a "
                         "<https://w3id.org/casegraph/ontology#CaseExample> } }")
    return str(rows.rows[0][0])


def ask(runner: CliRunner, out: Path, backend: str, sparql: str, *extra: str) -> object:
    return runner.invoke(cli, ["query", "--out", str(out), "--backend", backend,
                               "--sparql", sparql, "--format", "csv", *extra])


def reaching(remote: Listener) -> dict[str, str]:
    return {
        "service": f"SELECT * WHERE {{ SERVICE <{remote.url('/sparql')}> {{ ?x ?p ?o }} }}",
        "service-silent": ("PREFIX far: <" + remote.url("/") + ">\n"
                           "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT far:sparql "
                           "{ ?x ?p ?o } } } LIMIT 1"),
        "service-in-subquery": ("SELECT * WHERE { { SELECT ?x WHERE { SERVICE <"
                                + remote.url("/sparql") + "> { ?x ?p ?o } } } }"),
        "service-variable": ("SELECT * WHERE { VALUES ?far { <" + remote.url("/sparql")
                             + "> } SERVICE ?far { ?x ?p ?o } }"),
        "from": f"SELECT * FROM <{remote.url('/f.ttl')}> WHERE {{ ?s ?p ?o }}",
        "from-named": (f"SELECT * FROM NAMED <{remote.url('/g.ttl')}> "
                       "WHERE { GRAPH ?g { ?s ?p ?o } }"),
        "comment-ended-by-cr": ("SELECT * WHERE { # a comment\rSERVICE <"
                                + remote.url("/sparql") + "> { ?x ?p ?o } }"),
        "escaped-keyword": ("SELECT * WHERE { \\u0053ERVICE <" + remote.url("/sparql")
                            + "> { ?x ?p ?o } }"),
        # rdflib lends a query the prefixes of the graph it runs on, without PREFIX lines.
        "prefix-of-the-graph": "SELECT * WHERE { SERVICE cg:far { ?x ?p ?o } }",
    }


@pytest.mark.parametrize("kind", ["service", "service-silent", "service-in-subquery",
                                  "service-variable", "from", "from-named",
                                  "comment-ended-by-cr", "escaped-keyword",
                                  "prefix-of-the-graph"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_query_that_reaches_out_is_refused_and_nothing_is_sent(
        runner: CliRunner, seed_out: Path, remote: Listener, backend: str, kind: str) -> None:
    result = ask(runner, seed_out, backend, reaching(remote)[kind])
    assert remote.requests == []
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("Error: ")
    if kind == "comment-ended-by-cr" and backend == "memory":
        # rdflib's comments end at LF only: the rest is comment, and the query a syntax error.
        assert "SPARQL syntax error" in result.stderr
    else:
        assert "--allow-federation" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("backend", BACKENDS)
def test_with_allow_federation_a_service_is_asked(runner: CliRunner, seed_out: Path,
                                                  remote: Listener, backend: str) -> None:
    result = ask(runner, seed_out, backend, reaching(remote)["service"], "--allow-federation")
    assert result.exit_code == 0, result.output
    assert "REMOTE-ROW" in result.stdout
    assert [r.method for r in remote.requests] in (["POST"], ["GET"])


def test_with_allow_federation_rdflib_fetches_from(runner: CliRunner, seed_out: Path,
                                                   remote: Listener) -> None:
    result = ask(runner, seed_out, "memory", reaching(remote)["from"], "--allow-federation")
    assert result.exit_code == 0, result.output
    assert "urn:fetched:o" in result.stdout
    assert [r.path for r in remote.requests] == ["/f.ttl"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_from_a_graph_of_the_build_runs_offline(runner: CliRunner, seed_out: Path,
                                                remote: Listener, backend: str) -> None:
    graph = case_graph(seed_out)
    result = ask(runner, seed_out, backend,
                 f"SELECT (COUNT(*) AS ?n) FROM <{graph}> FROM NAMED <{graph}> "
                 f"WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert result.exit_code == 0, result.output
    assert int(result.stdout.split()[1]) > 100


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_words_service_and_from_in_a_string_or_a_name_are_no_federation(
        runner: CliRunner, seed_out: Path, remote: Listener, backend: str) -> None:
    target = remote.url("/sparql")
    sparql = (f"# SERVICE <{target}> {{ }} and FROM <{target}>\n"
              "SELECT ?service ?from WHERE { VALUES (?service ?from) "
              f'{{ ("SERVICE <{target}> {{ ?x ?p ?o }}" \'\'\'FROM <{target}>\'\'\') }} }}')
    result = ask(runner, seed_out, backend, sparql)
    assert result.exit_code == 0, result.output
    assert f"SERVICE <{target}>" in result.stdout
    assert remote.requests == []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_unreachable_service_is_one_line(runner: CliRunner, seed_out: Path,
                                            backend: str) -> None:
    sparql = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{free_port()}/sparql> {{ ?s ?p ?o }} }}"
    result = runner.invoke(cli, ["query", "--out", str(seed_out), "--backend", backend,
                                 "--sparql", sparql, "--allow-federation"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the query failed: ")
    assert result.stderr.count("\n") == 1, result.stderr


def test_the_library_refuses_too(seed_out: Path, remote: Listener) -> None:
    """The backends refuse by default, so that no command can reach out by accident."""
    service = reaching(remote)["service"]
    for backend in (OxigraphBackend(seed_out), MemoryBackend(seed_out)):
        with pytest.raises(QueryError, match="SERVICE <http://127.0.0.1"):
            backend.query(service)
    memory = MemoryBackend(seed_out)
    for update in (f"LOAD <{remote.url('/f.ttl')}>",
                   f"INSERT {{ ?s ?p ?o }} USING <{remote.url('/u.ttl')}> WHERE {{ ?s ?p ?o }}",
                   f"INSERT {{ ?x ?p ?o }} WHERE {{ SERVICE <{remote.url('/sparql')}> "
                   "{ ?x ?p ?o } }"):
        with pytest.raises(QueryError, match="--allow-federation"):
            memory.update(update)
    assert remote.requests == []
    allowed = MemoryBackend(seed_out, allow_federation=True)
    allowed.update(f"LOAD <{remote.url('/f.ttl')}> INTO GRAPH <urn:loaded>")
    assert [r.path for r in remote.requests] == ["/f.ttl"]


def test_other_read_commands_stay_offline(runner: CliRunner, seed_out: Path, remote: Listener,
                                          tmp_path: Path) -> None:
    """viz, export, report, patterns, similar, recommend and stats take no SPARQL of the
    user's: they run casegraph's own queries, which the same check lets through."""
    for arguments in (["viz", "-o", str(tmp_path / "page.html")],
                      ["export", "--format", "graphml", "-o", str(tmp_path / "g.graphml")],
                      ["report", "-o", str(tmp_path / "report.html")],
                      ["patterns", "--min-cities", "1"], ["similar", "Nantes"],
                      ["recommend", "--city", "Nantes"], ["stats"]):
        result = runner.invoke(cli, [*arguments, "--out", str(seed_out)])
        assert result.exit_code == 0, (arguments, result.output)
    assert remote.requests == []


# --- bytes that are not UTF-8 on the command line ------------------------------------------------


@pytest.mark.parametrize(("arguments", "named"), [
    (["query", "city-profile", "-p", "city=Nan\udcfftes"], "--param: 'city=Nan\\xfftes'"),
    (["query", "--sparql", 'SELECT * WHERE { ?s ?p "\udcff" }'],
     "--sparql: 'SELECT * WHERE { ?s ?p \"\\xff\" }'"),
    (["recommend", "--city", "\udcff", "--challenge", "IC2"], "--city: '\\xff'"),
    (["viz", "--view", "city:\udcff"], "--view: 'city:\\xff'"),
    (["similar", "N\udce9ntes"], "CASE_OR_CITY: 'N\\xe9ntes'"),
])
def test_an_argument_that_is_not_utf8_is_one_line(runner: CliRunner, seed_out: Path,
                                                  arguments: list[str], named: str) -> None:
    result = runner.invoke(cli, [*arguments, "--out", str(seed_out)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {named} is not valid UTF-8\n"


def test_a_non_utf8_byte_in_argv_is_one_line(seed_out: Path) -> None:
    environment = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "casegraph", "query", "city-profile",
                           "-p", b"city=Nan\xfftes", "--out", str(seed_out)],
                          capture_output=True, env=environment, timeout=120)
    assert done.returncode == 1
    assert done.stderr == b"Error: --param: 'city=Nan\\xfftes' is not valid UTF-8\n"
