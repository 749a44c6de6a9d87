"""Stores behind one interface: pushing a build to real servers, credentials from the
environment only, timeouts, and clear errors when a server is down or refuses."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from casegraph.query.remote import Endpoint, RemoteBackend, push_graphs
from casegraph.cli import cli
from casegraph.errors import StoreError
from casegraph.query.source import open_graph
from conftest import SEED, build_corpus, copy_build, first_corpus
from servers import Server, clear

COUNT_CASES = ("PREFIX cg: <https://w3id.org/casegraph/ontology#>\n"
               "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a cg:CaseExample } }")
COUNT_TRIPLES = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                 'FILTER (STRSTARTS(STR(?g), "https://w3id.org/casegraph/") '
                 "&& ?g != <https://w3id.org/casegraph/graph/pushed>) }")
CASE_GRAPHS = ("PREFIX cg: <https://w3id.org/casegraph/ontology#>\n"
               "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?c a cg:CaseExample } } ORDER BY ?g")


@pytest.fixture(scope="module")
def corpus_out(first_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_build(first_build, tmp_path_factory.mktemp("store") / "out")


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Server:
    return request.getfixturevalue(f"{request.param}_server")  # type: ignore[no-any-return]


def _count(remote: RemoteBackend, query: str) -> int:
    return int(remote.query(query).rows[0][0])  # type: ignore[arg-type]


def _remote(server: Server) -> RemoteBackend:
    return RemoteBackend(Endpoint(server.query_url, server.update_url, server.gsp_url))


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_push_loads_every_graph_and_replaces_on_repeat(server: Server, corpus_out: Path,
                                                       method: str) -> None:
    clear(server)
    remote = _remote(server)
    report = push_graphs(corpus_out, remote, method=method)
    assert len(report.graphs) == 13 + 4  # one per case, three vocabularies and the summary
    assert _count(remote, COUNT_CASES) == 13
    triples = _count(remote, COUNT_TRIPLES)
    assert triples == report.triples
    # The server's copy of a case is changed by hand; pushing again restores it exactly.
    case_graph = next(g for g in report.graphs if "/id/graph/stay-tuned/nantes/" in g)
    remote.update(f"INSERT DATA {{ GRAPH <{case_graph}> {{ <urn:x> <urn:y> \"stale\" }} }}")
    assert _count(remote, COUNT_TRIPLES) == triples + 1
    push_graphs(corpus_out, remote, method=method)
    assert _count(remote, COUNT_TRIPLES) == triples
    assert _count(remote, COUNT_CASES) == 13


def _case_graphs(remote: RemoteBackend) -> list[str]:
    return [str(row["g"]) for row in remote.query(CASE_GRAPHS).values()]


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_push_drops_the_graphs_of_removed_and_renamed_documents(
        server: Server, corpus_out: Path, tmp_path: Path, runner: CliRunner,
        method: str) -> None:
    """A document removed, another renamed (its title, and so its graph, changes): after the
    next push the server holds exactly the build's case graphs, and a graph casegraph never
    pushed is still there."""
    clear(server)
    remote = _remote(server)
    remote.update("INSERT DATA { GRAPH <urn:someone:else> { <urn:x> <urn:y> \"kept\" } }")
    first = push_graphs(corpus_out, remote, method=method)
    assert len(first.added) == 17 and not first.replaced and not first.dropped
    cases = first_corpus(tmp_path / "cases")
    (cases / "stay-tuned-ghent.txt").unlink()
    nantes = cases / "stay-tuned-nantes.txt"
    text = nantes.read_text(encoding="utf-8")
    assert "Growing up Well in Nantes" in text
    nantes.write_text(text.replace("Growing up Well in Nantes", "Growing up in Nantes"),
                      encoding="utf-8")
    smaller = build_corpus(tmp_path / "smaller", cases)
    before = _case_graphs(remote)
    args = ["push", "--out", str(smaller), "--method", method, "--endpoint", server.query_url]
    result = runner.invoke(cli, args + ["--no-prune"])
    assert result.exit_code == 0, result.output
    assert "0 dropped" in result.stderr
    assert set(before) <= set(_case_graphs(remote))
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(": 0 added, 16 replaced, 2 dropped\n"), result.stderr
    with open_graph(smaller) as built:
        expected = [str(row["g"]) for row in built.query(CASE_GRAPHS).values()]
    assert _case_graphs(remote) == expected and len(expected) == 12
    assert not any("/ghent/" in g for g in expected)
    assert _count(remote, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:someone:else> "
                          "{ ?s ?p ?o } }") == 1
    # Commands reading the server and the build agree on the removed city.
    gone = runner.invoke(cli, ["similar", "Ghent", "--endpoint", server.query_url])
    assert gone.exit_code != 0 and "Ghent" in gone.stderr
    assert runner.invoke(cli, ["stats", "--endpoint", server.query_url]).stdout == \
        runner.invoke(cli, ["stats", "--out", str(smaller)]).stdout


def test_update_method_stays_under_server_request_limits(corpus_out: Path,
                                                         virtuoso_server: Server) -> None:
    clear(virtuoso_server)
    report = push_graphs(corpus_out, _remote(virtuoso_server), method="update")
    biggest = max(report.sizes.values())
    assert biggest > 500  # the ontology graphs need more than one INSERT DATA each
    assert report.requests > len(report.graphs) * 2


def test_push_command(runner: CliRunner, oxigraph_server: Server,
                      tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(SEED), "--out", str(out)]).exit_code == 0
    clear(oxigraph_server)
    result = runner.invoke(cli, ["push", "--out", str(out), "--endpoint",
                                 oxigraph_server.query_url])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("pushed 5 graph(s), ")
    answer = runner.invoke(cli, ["query", "--endpoint", oxigraph_server.query_url,
                                 "--sparql", COUNT_CASES, "--format", "csv"])
    assert answer.stdout_bytes == b"n\r\n1\r\n"


def test_credentials_come_from_the_environment(virtuoso_server: Server, corpus_out: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    assert virtuoso_server.auth_query_url and virtuoso_server.password
    endpoint = Endpoint(virtuoso_server.auth_query_url)
    assert endpoint.gsp_url == virtuoso_server.auth_gsp_url
    monkeypatch.delenv("CASEGRAPH_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("CASEGRAPH_ENDPOINT_PASSWORD", raising=False)
    with pytest.raises(StoreError, match="HTTP 401: not allowed; set CASEGRAPH_ENDPOINT_USER"):
        RemoteBackend(endpoint).query(COUNT_CASES)
    monkeypatch.setenv("CASEGRAPH_ENDPOINT_USER", virtuoso_server.user or "")
    monkeypatch.setenv("CASEGRAPH_ENDPOINT_PASSWORD", "wrong-secret-41")
    with pytest.raises(StoreError) as refused:
        RemoteBackend(endpoint).query(COUNT_CASES)
    assert "wrong-secret-41" not in str(refused.value)
    assert "check the credentials" in str(refused.value)
    monkeypatch.setenv("CASEGRAPH_ENDPOINT_PASSWORD", virtuoso_server.password)
    clear(virtuoso_server)
    remote = RemoteBackend(endpoint)
    push_graphs(corpus_out, remote)  # Digest-authenticated Graph Store Protocol
    assert _count(remote, COUNT_CASES) == 13


def test_credentials_in_the_url_are_refused(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "gaps", "--endpoint",
                                 "http://dba:s3cret@127.0.0.1:1/sparql"])
    assert result.exit_code == 1
    assert "credentials do not belong in the URL; set CASEGRAPH_ENDPOINT_USER" in result.stderr
    assert "s3cret" not in result.output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_server_that_is_down(runner: CliRunner) -> None:
    url = f"http://127.0.0.1:{_free_port()}/query"
    result = runner.invoke(cli, ["query", "gaps", "--endpoint", url])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {url}: connection refused: is the SPARQL server running?\n"


@pytest.fixture()
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    stop.set()
    thread.join(timeout=5)
    for connection in accepted:
        connection.close()
    listener.close()


def test_requests_time_out(runner: CliRunner, silent_server: str) -> None:
    result = runner.invoke(cli, ["query", "gaps", "--endpoint", silent_server,
                                 "--timeout", "0.5"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {silent_server}: no answer within 0.5 s (--timeout)\n"


def test_server_errors_are_reported_with_the_servers_words(oxigraph_server: Server) -> None:
    remote = _remote(oxigraph_server)
    with pytest.raises(StoreError, match=r"HTTP 400"):
        remote.update("INSERT DATA { this is not sparql }")


def test_endpoint_layouts() -> None:
    assert Endpoint("http://h:7878/query").update_url == "http://h:7878/update"
    assert Endpoint("http://h:7878/query").gsp_url == "http://h:7878/store"
    assert Endpoint("http://h:8890/sparql").gsp_url == "http://h:8890/sparql-graph-crud"
    assert Endpoint("http://h:3030/ds/sparql").update_url == "http://h:3030/ds/update"
    assert Endpoint("http://h:3030/ds/query").gsp_url == "http://h:3030/ds/data"
    graphdb = Endpoint("http://h:7200/repositories/cases")
    assert graphdb.update_url == "http://h:7200/repositories/cases/statements"
    assert Endpoint("http://h/x", gsp_url="http://h/y").gsp_url == "http://h/y"
    with pytest.raises(StoreError, match="not an http"):
        Endpoint("ftp://h/sparql")


#: Commands that read the graph, each with what it writes: a file (-o) or standard output.
READERS = {
    "viz": (["viz", "--view", "full"], "page.html"),
    "viz-challenge": (["viz", "--view", "challenge:IC4"], "ic4.html"),
    "export-graphml": (["export", "--format", "graphml"], "graph.graphml"),
    "export-kumu": (["export", "--format", "kumu"], "kumu.json"),
    "patterns": (["patterns", "--format", "json"], None),
    "similar": (["similar", "Nantes", "--format", "json"], None),
    "recommend": (["recommend", "--city", "Nantes", "--challenge", "IC2", "--format", "json"],
                  None),
    "report": (["report", "--format", "md"], "report.md"),
    "stats": (["stats", "--format", "json"], None),
    "tactics": (["tactics", "--format", "json"], None),
}


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_server_gives_the_same_pages_exports_and_analyses(
        runner: CliRunner, server: Server, corpus_out: Path, tmp_path: Path,
        reader: str) -> None:
    """Read from a server the build was pushed to, every command writes what it writes from
    the build itself, byte for byte."""
    clear(server)
    push_graphs(corpus_out, _remote(server))
    arguments, file_name = READERS[reader]
    written = []
    for source in (["--out", str(corpus_out)], ["--endpoint", server.query_url]):
        target = tmp_path / source[0].strip("-") / (file_name or "stdout")
        extra = ["-o", str(target)] if file_name else []
        result = runner.invoke(cli, [*arguments, *source, *extra])
        assert result.exit_code == 0, result.output
        written.append(target.read_bytes() if file_name else result.stdout_bytes)
    assert written[0] == written[1]
    assert len(written[0]) > 100


def test_a_server_cannot_stand_in_for_graph_trig(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "--format", "ttl", "--endpoint",
                                 "http://127.0.0.1:9/query"])
    assert result.exit_code == 2
    assert "a server exports its own RDF" in result.stderr


def test_validate_reads_a_server_as_it_reads_the_build(runner: CliRunner, oxigraph_server: Server,
                                                       corpus_out: Path) -> None:
    clear(oxigraph_server)
    push_graphs(corpus_out, _remote(oxigraph_server))
    found = []
    for source in (["--out", str(corpus_out)], ["--endpoint", oxigraph_server.query_url]):
        result = runner.invoke(cli, ["validate", "--format", "json", *source])
        assert result.exit_code == 0, result.output
        found.append(result.stdout)
    assert found[0] == found[1] and found[0].startswith("[")
