"""The server fixtures are real: Graph Store writes, queries, updates and auth over plain HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message

import pytest

from servers import (
    REQUIRE_ENV,
    OxigraphProcess,
    Server,
    _missing,
    clear,
)

EX = "http://example.org/"
TURTLE = f"""@prefix ex: <{EX}> .
ex:nantes ex:label "Nantes"@fr , "Nantes"@en-GB ; ex:population 320732 .
ex:lyon ex:label "Lyon" .
""".encode()


@pytest.fixture(params=["oxigraph_server", "virtuoso_server"])
def server(request: pytest.FixtureRequest) -> Server:
    """Each test below runs once against each server."""
    found: Server = request.getfixturevalue(request.param)
    return found


def _open(
    server: Server,
    url: str,
    *,
    data: bytes | None = None,
    method: str | None = None,
    headers: dict[str, str] | None = None,
    auth: bool = False,
) -> tuple[int, Message, bytes]:
    opener = urllib.request.build_opener()
    if auth:
        assert server.user is not None and server.password is not None
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, server.user, server.password)
        opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def put_graph(server: Server, graph: str, body: bytes, *, auth: bool = False) -> int:
    url = server.auth_gsp_url if auth else server.gsp_url
    assert url is not None
    status, _, text = _open(
        server,
        f"{url}?{urllib.parse.urlencode({'graph': graph})}",
        data=body,
        method="PUT",
        headers={"Content-Type": "text/turtle"},
        auth=auth,
    )
    assert status in (200, 201, 204), text[:500]
    return status


def select(server: Server, query: str, *, auth: bool = False) -> tuple[list[dict[str, str]], Message]:
    url = server.auth_query_url if auth else server.query_url
    assert url is not None
    status, headers, text = _open(
        server,
        url,
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json"},
        auth=auth,
    )
    assert status == 200, text[:500]
    bindings = json.loads(text)["results"]["bindings"]
    return [{name: term["value"] for name, term in row.items()} for row in bindings], headers


def update(server: Server, text: str, *, auth: bool = False) -> None:
    url = server.auth_update_url if auth else server.update_url
    assert url is not None
    status, _, body = _open(
        server,
        url,
        data=text.encode(),
        headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        auth=auth,
    )
    assert status in (200, 204), body[:500]


def labels(server: Server, graph: str, *, auth: bool = False) -> set[str]:
    rows, _ = select(
        server, f"SELECT ?label WHERE {{ GRAPH <{graph}> {{ ?s <{EX}label> ?label }} }}", auth=auth
    )
    return {row["label"] for row in rows}


def user_graphs(server: Server) -> set[str]:
    rows, _ = select(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {row["g"] for row in rows} - server.system_graphs


def test_graph_store_put_is_read_back_and_replaced(server: Server) -> None:
    graph = f"{EX}graph/put"
    put_graph(server, graph, TURTLE)
    assert labels(server, graph) == {"Nantes", "Lyon"}
    rows, _ = select(server, f"SELECT ?n WHERE {{ GRAPH <{graph}> {{ ?s <{EX}population> ?n }} }}")
    assert rows == [{"n": "320732"}]

    put_graph(server, graph, f'<{EX}lille> <{EX}label> "Lille" .'.encode())
    assert labels(server, graph) == {"Lille"}


def test_update_inserts_and_deletes(server: Server) -> None:
    graph = f"{EX}graph/update"
    update(server, f'INSERT DATA {{ GRAPH <{graph}> {{ <{EX}a> <{EX}label> "Ålesund" }} }}')
    assert labels(server, graph) == {"Ålesund"}
    update(server, f'DELETE DATA {{ GRAPH <{graph}> {{ <{EX}a> <{EX}label> "Ålesund" }} }}')
    assert labels(server, graph) == set()


def test_clear_drops_every_user_graph(server: Server) -> None:
    for index in range(3):
        put_graph(server, f"{EX}graph/clear/{index}", TURTLE)
    assert {f"{EX}graph/clear/{index}" for index in range(3)} <= user_graphs(server)
    clear(server)
    assert user_graphs(server) == set()
    # The server still works afterwards (Virtuoso keeps its system graphs).
    put_graph(server, f"{EX}graph/after-clear", TURTLE)
    assert labels(server, f"{EX}graph/after-clear") == {"Nantes", "Lyon"}


def test_oxigraph_has_no_auth_and_no_row_limit(oxigraph_server: Server) -> None:
    assert (oxigraph_server.user, oxigraph_server.auth_query_url, oxigraph_server.max_rows) == (
        None,
        None,
        None,
    )


def test_virtuoso_digest_endpoints(virtuoso_server: Server) -> None:
    server = virtuoso_server
    graph = f"{EX}graph/auth"
    assert server.auth_gsp_url is not None and server.auth_update_url is not None
    status, _, _ = _open(
        server,
        f"{server.auth_gsp_url}?{urllib.parse.urlencode({'graph': graph})}",
        data=TURTLE,
        method="PUT",
        headers={"Content-Type": "text/turtle"},
    )
    assert status == 401

    put_graph(server, graph, TURTLE, auth=True)
    assert labels(server, graph, auth=True) == {"Nantes", "Lyon"}
    update(server, f'INSERT DATA {{ GRAPH <{graph}> {{ <{EX}b> <{EX}label> "Brest" }} }}', auth=True)
    assert labels(server, graph) == {"Nantes", "Lyon", "Brest"}


def test_virtuoso_cuts_results_at_max_rows(virtuoso_server: Server) -> None:
    server = virtuoso_server
    assert server.max_rows is not None
    graph = f"{EX}graph/rows"
    count = server.max_rows + 10
    triples = " ".join(f'<{EX}item/{i}> <{EX}label> "item {i}" .' for i in range(count))
    update(server, f"INSERT DATA {{ GRAPH <{graph}> {{ {triples} }} }}")

    rows, headers = select(server, f"SELECT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert len(rows) == server.max_rows
    assert headers["X-SPARQL-MaxRows"] == str(server.max_rows)
    rows, _ = select(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert rows == [{"n": str(count)}]


def test_missing_server_fails_when_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(REQUIRE_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match="pip install 'oxigraph"):
        _missing(OxigraphProcess)


def test_missing_server_skips_loudly_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(REQUIRE_ENV, raising=False)
    with pytest.warns(UserWarning, match="SKIPPING oxigraph"):
        with pytest.raises(pytest.skip.Exception, match="pip install 'oxigraph"):
            _missing(OxigraphProcess)
