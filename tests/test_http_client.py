"""The HTTP client against real servers on 127.0.0.1: redirects are followed only within the
endpoint's origin and only for queries, credentials never travel to another origin, a write is
never turned into a GET, and an error body is shown only without credentials."""

from __future__ import annotations

import base64
import http.server
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from casegraph.cli import cli
from servers import Server, clear

TOKEN = "tok-7f3a9c1e5b"
USER, PASSWORD = "curator", "pw-91c4e7d2"
BASIC = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
REDIRECTS = (301, 302, 303, 307, 308)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class Seen:
    """One request as a listener received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Answer = tuple[int, dict[str, str], bytes]


class Listener:
    """An HTTP server in a thread on a free loopback port (an origin of its own) that records
    every request it receives and answers with ``answer(request)``."""

    def __init__(self, answer: Callable[[Seen], Answer]) -> None:
        self.requests: list[Seen] = []
        recorded = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                seen = Seen(self.command, self.path, dict(self.headers.items()),
                            self.rfile.read(length))
                recorded.append(seen)
                status, headers, body = answer(seen)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = _any

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture()
def listen() -> Iterator[Callable[[Callable[[Seen], Answer]], Listener]]:
    """Start listeners; each is stopped when the test ends."""
    started: list[Listener] = []

    def start(answer: Callable[[Seen], Answer]) -> Listener:
        started.append(Listener(answer))
        return started[-1]

    yield start
    for listener in started:
        listener.close()


def redirect(code: int, location: str) -> Callable[[Seen], Answer]:
    return lambda seen: (code, {"Location": location}, b"moved")


def echo(seen: Seen) -> Answer:
    """A 500 whose body is the request's own header lines, as some proxies send."""
    lines = [f"{seen.method} {seen.path}"] + [f"{k}: {v}" for k, v in seen.headers.items()]
    return 500, {"Content-Type": "text/plain"}, "\n".join(lines).encode()


def proxy_to(server: Server, moves: dict[str, tuple[int, str]]) -> Callable[[Seen], Answer]:
    """Paths in ``moves`` redirect (code, location); anything else is passed on to the real
    server's query, update or store URL of the same path, and its answer passed back."""
    base = urllib.parse.urlsplit(server.query_url)

    def answer(seen: Seen) -> Answer:
        if seen.path.split("?")[0] in moves:
            code, location = moves[seen.path.split("?")[0]]
            return code, {"Location": location}, b""
        target = urllib.parse.urlunsplit((base.scheme, base.netloc, "", "", "")) + seen.path
        kept = {k: v for k, v in seen.headers.items() if k.lower() in ("content-type", "accept")}
        request = urllib.request.Request(target, data=seen.body if seen.method != "GET" else None,
                                         method=seen.method, headers=kept)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return (response.status, {"Content-Type": response.headers["Content-Type"] or ""},
                        response.read())
        except urllib.error.HTTPError as e:
            return e.code, {"Content-Type": "text/plain"}, e.read()

    return answer


@pytest.fixture()
def token(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("CASEGRAPH_ENDPOINT_TOKEN", TOKEN)
    monkeypatch.delenv("CASEGRAPH_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("CASEGRAPH_ENDPOINT_PASSWORD", raising=False)
    return TOKEN


@pytest.fixture()
def password(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("CASEGRAPH_ENDPOINT_TOKEN", raising=False)
    monkeypatch.setenv("CASEGRAPH_ENDPOINT_USER", USER)
    monkeypatch.setenv("CASEGRAPH_ENDPOINT_PASSWORD", PASSWORD)
    return PASSWORD


def query(runner: CliRunner, endpoint: str, *extra: str) -> object:
    return runner.invoke(cli, ["query", "--endpoint", endpoint, "--sparql", COUNT,
                               "--format", "csv", *extra])


def one_line(stderr: str) -> str:
    assert stderr.count("\n") == 1 and stderr.startswith("Error: "), stderr
    assert "Traceback" not in stderr
    return stderr


# --- redirects to another origin -----------------------------------------------------------------


@pytest.mark.parametrize("code", REDIRECTS)
def test_a_query_is_not_followed_to_another_origin_nor_the_token_sent(
        runner: CliRunner, listen: Callable[..., Listener], token: str, code: int) -> None:
    elsewhere = listen(echo)
    moving = listen(redirect(code, elsewhere.url("/sparql")))
    result = query(runner, moving.url("/sparql"))
    assert result.exit_code == 1
    message = one_line(result.stderr)
    assert f"redirected the query to another origin, {elsewhere.url('/sparql')}" in message
    assert elsewhere.requests == []
    assert moving.requests[0].headers["Authorization"] == f"Bearer {token}"
    assert token not in result.output


@pytest.mark.parametrize("code", REDIRECTS)
def test_basic_credentials_are_not_sent_to_another_origin(
        runner: CliRunner, listen: Callable[..., Listener], password: str, code: int) -> None:
    elsewhere = listen(echo)

    def guarded(seen: Seen) -> Answer:
        if "Authorization" not in seen.headers:
            return 401, {"WWW-Authenticate": 'Basic realm="cases"'}, b"who are you?"
        return code, {"Location": elsewhere.url("/sparql")}, b""

    moving = listen(guarded)
    result = query(runner, moving.url("/sparql"))
    assert result.exit_code == 1
    one_line(result.stderr)
    assert moving.requests[-1].headers["Authorization"] == f"Basic {BASIC}"
    assert elsewhere.requests == []


def test_digest_credentials_are_not_sent_to_another_origin(
        runner: CliRunner, listen: Callable[..., Listener], password: str) -> None:
    elsewhere = listen(echo)

    def guarded(seen: Seen) -> Answer:
        if not seen.headers.get("Authorization", "").startswith("Digest "):
            return 401, {"WWW-Authenticate": 'Digest realm="cases", nonce="n0nce", qop="auth"'}, b""
        return 307, {"Location": elsewhere.url("/sparql")}, b""

    moving = listen(guarded)
    result = query(runner, moving.url("/sparql"))
    assert result.exit_code == 1
    assert 'username="curator"' in moving.requests[-1].headers["Authorization"]
    assert elsewhere.requests == []


def test_a_redirect_to_another_scheme_or_port_of_the_same_host_is_another_origin(
        runner: CliRunner, listen: Callable[..., Listener], token: str) -> None:
    moving = listen(redirect(307, "https://127.0.0.1/sparql"))
    result = query(runner, moving.url("/sparql"))
    assert result.exit_code == 1
    assert "another origin, https://127.0.0.1/sparql" in one_line(result.stderr)


# --- redirects within the origin ----------------------------------------------------------------


@pytest.mark.parametrize("code", REDIRECTS)
def test_a_query_follows_a_redirect_within_the_origin_as_a_post(
        runner: CliRunner, listen: Callable[..., Listener], oxigraph_server: Server,
        seed_out: Path, token: str, code: int) -> None:
    clear(oxigraph_server)
    assert runner.invoke(cli, ["push", "--out", str(seed_out), "-q", "--endpoint",
                               oxigraph_server.query_url]).exit_code == 0
    proxy = listen(proxy_to(oxigraph_server, {"/old": (code, "/query")}))
    result = query(runner, proxy.url("/old"))
    direct = query(runner, oxigraph_server.query_url)
    assert result.exit_code == 0, result.output
    assert result.stdout == direct.stdout and int(result.stdout.split()[1]) > 1000
    # casegraph's graphs are listed first (the dataset an ad-hoc query is asked of), then the
    # query itself: each is redirected and followed.
    assert len(proxy.requests) == 4
    first, second = proxy.requests[2:]
    assert (first.method, first.path, second.method, second.path) == ("POST", "/old",
                                                                      "POST", "/query")
    assert second.body == first.body and b"COUNT" in urllib.parse.unquote_to_bytes(second.body)
    assert second.headers["Authorization"] == f"Bearer {token}"


READERS = {
    "viz": (["viz"], "page.html"),
    "export": (["export", "--format", "graphml"], "graph.graphml"),
    "report": (["report", "--format", "html"], "report.html"),
}


@pytest.mark.parametrize("reader", sorted(READERS))
def test_pages_read_through_a_redirect_are_those_of_the_build(
        runner: CliRunner, listen: Callable[..., Listener], oxigraph_server: Server,
        seed_out: Path, tmp_path: Path, reader: str) -> None:
    clear(oxigraph_server)
    assert runner.invoke(cli, ["push", "--out", str(seed_out), "-q", "--endpoint",
                               oxigraph_server.query_url]).exit_code == 0
    proxy = listen(proxy_to(oxigraph_server, {"/old": (302, "/query")}))
    arguments, name = READERS[reader]
    written = []
    for source in (["--out", str(seed_out)], ["--endpoint", proxy.url("/old")]):
        target = tmp_path / source[0].strip("-") / name
        result = runner.invoke(cli, [*arguments, *source, "-o", str(target)])
        assert result.exit_code == 0, result.output
        written.append(target.read_bytes())
    assert written[0] == written[1] and len(written[0]) > 500
    assert {r.method for r in proxy.requests} == {"POST"}


def test_a_redirect_loop_ends(runner: CliRunner, listen: Callable[..., Listener]) -> None:
    looping = listen(redirect(307, "/sparql"))
    result = query(runner, looping.url("/sparql"))
    assert result.exit_code == 1
    assert "redirect" in one_line(result.stderr)
    assert len(looping.requests) <= 10


# --- writes are never redirected ----------------------------------------------------------------


@pytest.mark.parametrize("code", REDIRECTS)
@pytest.mark.parametrize("method", ["update", "gsp"])
def test_a_push_that_is_redirected_fails_and_says_where(
        runner: CliRunner, listen: Callable[..., Listener], oxigraph_server: Server,
        seed_out: Path, method: str, code: int) -> None:
    clear(oxigraph_server)
    moves = {"/update": (code, "/real-update"), "/store": (code, "/real-store")}
    proxy = listen(proxy_to(oxigraph_server, moves))
    result = runner.invoke(cli, ["push", "--out", str(seed_out), "--method", method,
                                 "--endpoint", proxy.url("/query")])
    assert result.exit_code == 1
    target = proxy.url("/real-update" if method == "update" else "/real-store")
    assert f"redirected to {target}" in one_line(result.stderr)
    assert "graph(s)" not in result.output  # no summary of a push done
    # The list of graphs pushed before is read (a query), then the first write is refused.
    assert [(r.method, r.path.partition("?")[0]) for r in proxy.requests] == [
        ("POST", "/query"), ("POST", "/update") if method == "update" else ("PUT", "/store")]
    assert query(runner, oxigraph_server.query_url).stdout.split() == ["n", "0"]


@pytest.mark.parametrize("code", REDIRECTS)
def test_a_push_is_not_reported_done_when_a_redirect_led_to_a_page_that_says_ok(
        runner: CliRunner, listen: Callable[..., Listener], seed_out: Path, code: int) -> None:
    """urllib used to follow the redirect of a POST as a GET to a page that answered 200, and
    the push said 'pushed 5 graph(s)' with nothing written."""

    def moving(seen: Seen) -> Answer:
        if seen.path.startswith("/update"):
            return code, {"Location": "/welcome"}, b""
        if seen.path.startswith("/query"):  # nothing pushed before
            return 200, {"Content-Type": "application/sparql-results+json"}, \
                b'{"head": {"vars": ["g"]}, "results": {"bindings": []}}'
        return 200, {"Content-Type": "text/html"}, b"<p>welcome</p>"

    server = listen(moving)
    result = runner.invoke(cli, ["push", "--out", str(seed_out), "--method", "update",
                                 "--endpoint", server.url("/query")])
    assert result.exit_code == 1
    assert f"redirected to {server.url('/welcome')}" in one_line(result.stderr)
    assert [(r.method, r.path) for r in server.requests] == [("POST", "/query"),
                                                             ("POST", "/update")]


def test_an_update_redirected_across_origins_sends_nothing_there(
        listen: Callable[..., Listener], token: str) -> None:
    from casegraph.query.remote import Endpoint, RemoteBackend
    from casegraph.errors import StoreError

    elsewhere = listen(echo)
    moving = listen(redirect(308, elsewhere.url("/update")))
    remote = RemoteBackend(Endpoint(moving.url("/query"), update_url=moving.url("/update")))
    with pytest.raises(StoreError, match="redirected to http://127.0.0.1:[0-9]+/update"):
        remote.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert elsewhere.requests == []


# --- error bodies --------------------------------------------------------------------------------


def test_an_echoed_bearer_token_is_not_shown(runner: CliRunner, listen: Callable[..., Listener],
                                             token: str) -> None:
    echoing = listen(echo)
    result = query(runner, echoing.url("/sparql"))
    assert result.exit_code == 1
    message = one_line(result.stderr)
    assert "HTTP 500" in message
    assert token not in message and "Bearer" not in message
    assert "authorization" not in message.lower()


def test_echoed_basic_credentials_are_not_shown(runner: CliRunner, listen: Callable[..., Listener],
                                                password: str) -> None:
    def guarded(seen: Seen) -> Answer:
        if "Authorization" not in seen.headers:
            return 401, {"WWW-Authenticate": 'Basic realm="cases"'}, b""
        body = (f"bad request; you sent {seen.headers['Authorization']} "
                f'{{"authorization": "{seen.headers["Authorization"]}", "password": "{PASSWORD}"}}'
                f"\nCookie: session=abc\n").encode()
        return 500, {"Content-Type": "text/plain"}, body

    result = query(runner, listen(guarded).url("/sparql"))
    assert result.exit_code == 1
    message = one_line(result.stderr)
    assert "bad request" in message
    for secret in (BASIC, PASSWORD, "session=abc"):
        assert secret not in message


def test_echoed_digest_credentials_are_not_shown(runner: CliRunner,
                                                 listen: Callable[..., Listener],
                                                 password: str) -> None:
    def guarded(seen: Seen) -> Answer:
        if not seen.headers.get("Authorization", "").startswith("Digest "):
            return 401, {"WWW-Authenticate": 'Digest realm="cases", nonce="n0nce", qop="auth"'}, b""
        return echo(seen)

    result = query(runner, listen(guarded).url("/sparql"))
    assert result.exit_code == 1
    message = one_line(result.stderr)
    assert "HTTP 500" in message
    assert "response=" not in message and "Digest" not in message


def test_an_error_body_is_cut_short(runner: CliRunner, listen: Callable[..., Listener]) -> None:
    wordy = listen(lambda seen: (400, {}, b"Syntax error: " + b"x " * 5000))
    result = query(runner, wordy.url("/sparql"))
    message = one_line(result.stderr)
    assert "Syntax error: x x" in message and len(message) < 400


def test_a_redirect_location_with_credentials_is_shown_without_them(
        runner: CliRunner, listen: Callable[..., Listener], token: str) -> None:
    moving = listen(redirect(302, f"http://someone:{TOKEN}@127.0.0.2:9/x?access_token={TOKEN}"))
    result = query(runner, moving.url("/sparql"))
    message = one_line(result.stderr)
    assert "another origin" in message and TOKEN not in message and "someone" not in message


# --- endpoint URLs ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://[::1/sparql", "http://[zz]:80/", "http://h:99999/q",
                                 "http://h:port/q", "http://[::1]]/q"])
@pytest.mark.parametrize("option", ["--endpoint", "--update-endpoint", "--gsp-endpoint"])
def test_a_malformed_endpoint_url_is_one_line(runner: CliRunner, url: str, option: str) -> None:
    given = ["--endpoint", "http://127.0.0.1:9/query"] if option != "--endpoint" else []
    result = runner.invoke(cli, ["push", *given, option, url])
    assert result.exit_code == 1
    message = one_line(result.stderr)
    assert message.startswith(f"Error: {option}: not a valid URL: {url!r}")


def test_a_malformed_url_keeps_its_credentials_out_of_the_message(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "gaps", "--endpoint", "http://dba:s3cret@[::1/q"])
    assert result.exit_code == 1
    assert "s3cret" not in one_line(result.stderr)


def test_the_push_still_works_without_redirects(runner: CliRunner, oxigraph_server: Server,
                                                seed_out: Path) -> None:
    clear(oxigraph_server)
    result = runner.invoke(cli, ["push", "--out", str(seed_out), "--method", "update",
                                 "--endpoint", oxigraph_server.query_url])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("pushed 5 graph(s), ")
    assert int(query(runner, oxigraph_server.query_url).stdout.split()[1]) > 1000


# --- finding the query URL from a server's root URL --------------------------------------------


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Server:
    return request.getfixturevalue(f"{request.param}_server")  # type: ignore[no-any-return]


def _root(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.mark.parametrize("slash", ["", "/"])
def test_the_root_url_a_server_prints_is_enough(runner: CliRunner, server: Server,
                                                seed_out: Path, slash: str) -> None:
    """`oxigraph serve` prints its root URL; Virtuoso's welcome page is at its root: push and
    query find /query or /sparql there and say so."""
    clear(server)
    root = _root(server.query_url) + slash
    pushed = runner.invoke(cli, ["push", "--out", str(seed_out), "--endpoint", root])
    assert pushed.exit_code == 0, pushed.output
    found = f"--endpoint: {server.name.capitalize()} found at {root}: its query URL is " \
            f"{server.query_url}\n"
    assert pushed.stderr.startswith(found), pushed.stderr
    assert ": 5 added, 0 replaced, 0 dropped" in pushed.stderr
    answer = query(runner, root)
    assert answer.exit_code == 0 and answer.stderr == found
    assert answer.stdout == query(runner, server.query_url).stdout


def test_a_wrong_path_names_the_url_to_try(runner: CliRunner, oxigraph_server: Server) -> None:
    wrong = _root(oxigraph_server.query_url) + "/sparql/query"
    result = query(runner, wrong)
    assert result.exit_code == 1
    assert one_line(result.stderr).endswith(
        f"answers queries at {oxigraph_server.query_url}: give that as --endpoint\n")


def _sparql_service(listing: dict[str, bytes]) -> Callable[[Seen], Answer]:
    """A server that lists datasets at the paths of ``listing`` and answers ASK at */query
    and /repositories/* only."""

    def answer(seen: Seen) -> Answer:
        path = urllib.parse.unquote(seen.path.split("?")[0])
        if path in listing:
            return 200, {"Content-Type": "application/json"}, listing[path]
        if seen.method == "POST" and (path.endswith("/query") and path != "/query"
                                      or path.startswith("/repositories/")):
            return 200, {"Content-Type": "application/sparql-results+json"}, \
                b'{"head": {}, "boolean": true}'
        return 404, {"Content-Type": "text/plain"}, b"not here"

    return answer


def test_fuseki_and_graphdb_are_found_by_their_listings(
        runner: CliRunner, listen: Callable[..., Listener]) -> None:
    from casegraph.query.remote import find_endpoint

    fuseki = listen(_sparql_service({"/$/datasets": json.dumps(
        {"datasets": [{"ds.name": "/cases", "ds.state": True}]}).encode()}))
    endpoint, name = find_endpoint(fuseki.url("/"))
    assert (name, endpoint.query_url) == ("Fuseki", fuseki.url("/cases/query"))
    assert (endpoint.update_url, endpoint.gsp_url) == (fuseki.url("/cases/update"),
                                                       fuseki.url("/cases/data"))
    graphdb = listen(_sparql_service({"/repositories": json.dumps({
        "head": {"vars": ["uri", "id"]}, "results": {"bindings": [
            {"id": {"type": "literal", "value": "city-cases"},
             "uri": {"type": "uri", "value": "http://x/repositories/city-cases"}}]}}).encode()}))
    endpoint, name = find_endpoint(graphdb.url())
    assert (name, endpoint.query_url) == ("GraphDB", graphdb.url("/repositories/city-cases"))
    assert endpoint.gsp_url == graphdb.url("/repositories/city-cases/rdf-graphs/service")


def test_a_server_with_several_datasets_lists_them(
        runner: CliRunner, listen: Callable[..., Listener]) -> None:
    fuseki = listen(_sparql_service({"/$/datasets": json.dumps(
        {"datasets": [{"ds.name": "/b"}, {"ds.name": "/a"}]}).encode()}))
    result = query(runner, fuseki.url("/"))
    assert result.exit_code == 1
    assert one_line(result.stderr) == (
        f"Error: --endpoint: the Fuseki server at {fuseki.url('/')} has 2 datasets; give one "
        f"as --endpoint: {fuseki.url('/a/query')}, {fuseki.url('/b/query')}\n")


def test_a_root_with_no_sparql_says_what_was_tried(
        runner: CliRunner, listen: Callable[..., Listener]) -> None:
    nothing = listen(lambda seen: (404, {}, b"no"))
    result = query(runner, nothing.url())
    assert result.exit_code == 1
    message = one_line(result.stderr)
    assert f"no SPARQL server found at {nothing.url()} (tried {nothing.url('/query')}, " \
           f"{nothing.url('/sparql')}, " in message
    assert "http://127.0.0.1:7878/query (Oxigraph)" in message
