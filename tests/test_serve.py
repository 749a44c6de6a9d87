"""``casegraph serve`` as its users meet it: a real server process on a loopback port, queried
by SPARQLWrapper, rdflib's SPARQLStore, casegraph's own ``--endpoint`` and plain HTTP, and its
query editor driven in headless Chromium."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from click.testing import CliRunner

from casegraph.cli import cli
from casegraph.query.local import OxigraphBackend
from conftest import CORPUS, build_corpus, copy_build

pytestmark = pytest.mark.server

ARTIFACTS = Path(__file__).parent / "artifacts"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
#: A query no store finishes: the cube of every statement.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Served:
    """A running ``casegraph serve`` and what it printed."""

    def __init__(self, out: Path, *extra: str) -> None:
        self.out = out
        self.process = subprocess.Popen(
            [sys.executable, "-m", "casegraph", "serve", "--out", str(out), "--port", "0",
             *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        assert self.process.stdout is not None
        first = self.process.stdout.readline()
        if not first.startswith("casegraph serve: "):
            self.process.kill()
            raise AssertionError(f"serve did not start: {first!r} "
                                 f"{self.process.stderr.read() if self.process.stderr else ''}")
        self.url = first.split()[2]
        self.endpoint = self.url + "sparql"
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url, timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError("serve did not answer")

    def stop(self) -> str:
        self.process.send_signal(signal.SIGINT)
        try:
            _, err = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
        return err


@pytest.fixture(scope="module")
def built(first_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_build(first_build, tmp_path_factory.mktemp("serve") / "out")


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[Served]:
    server = Served(built, "--timeout", "3", "--max-query-size", "4096",
                    "--max-answer-size", "200000")
    yield server
    server.stop()


def _local(built: Path, sparql: str) -> Any:
    backend = OxigraphBackend(built)
    try:
        return backend.query(sparql)
    finally:
        backend.close()


def _count(built: Path) -> int:
    return int(str(_local(built, COUNT).rows[0][0]))


def _post(served: Served, data: dict[str, str] | None = None, **kwargs: Any) -> httpx.Response:
    return httpx.post(served.endpoint, data=data, timeout=30, **kwargs)


# --- SPARQL clients --------------------------------------------------------------------------------


def test_sparqlwrapper_reads_every_result_format(served: Served, built: Path) -> None:
    from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

    expected = _count(built)
    for method in ("GET", "POST"):
        client = SPARQLWrapper(served.endpoint)
        client.setMethod(method)
        client.setQuery(COUNT)
        client.setReturnFormat(JSON)
        answer = client.query().convert()
        assert int(answer["results"]["bindings"][0]["n"]["value"]) == expected
        client.setReturnFormat(XML)
        document = client.query().convert()
        assert int(document.getElementsByTagName("literal")[0].firstChild.data) == expected
        client.setReturnFormat(CSV)
        rows = list(csv.reader(io.StringIO(client.query().convert().decode("utf-8"))))
        assert rows == [["n"], [str(expected)]]
        client.setReturnFormat(TSV)
        lines = client.query().convert().decode("utf-8").splitlines()
        assert lines[0] == "?n" and int(lines[1].split("^^")[0].strip('"')) == expected


def test_construct_comes_as_turtle_and_json_ld(served: Served, built: Path) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic
    from SPARQLWrapper import JSONLD, TURTLE, SPARQLWrapper

    query = ("PREFIX cg: <https://w3id.org/casegraph/ontology#> "
             "CONSTRUCT { ?case ?p ?o } WHERE { ?case a cg:CaseExample ; ?p ?o }")
    local = Graph()
    for triple in _local(built, query).triples:
        local.add(triple)
    client = SPARQLWrapper(served.endpoint)
    client.setQuery(query)
    client.setReturnFormat(TURTLE)
    turtle = Graph().parse(data=client.query().convert(), format="turtle")
    client.setReturnFormat(JSONLD)
    jsonld = client.query().convert()
    assert len(local) > 50
    assert isomorphic(turtle, local) and isomorphic(jsonld, local)
    described = httpx.get(served.endpoint, params={"query": "DESCRIBE ?c WHERE { ?c a "
                                                    "<https://w3id.org/casegraph/ontology#"
                                                    "CaseExample> } LIMIT 1"},
                          headers={"Accept": "application/ld+json"}, timeout=30)
    assert described.status_code == 200
    assert described.headers["content-type"].startswith("application/ld+json")
    assert json.loads(described.text)


def test_rdflib_sparql_store_queries_it(served: Served, built: Path) -> None:
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    query = ("PREFIX schema: <https://schema.org/> PREFIX cg: <https://w3id.org/casegraph/"
             "ontology#> SELECT ?case ?city WHERE { ?case a cg:CaseExample ; "
             "schema:contentLocation ?c . ?c schema:name ?city } ORDER BY ?case ?city")
    remote = Graph(SPARQLStore(served.endpoint, returnFormat="json"))
    got = [(str(r[0]), str(r[1])) for r in remote.query(query)]
    expected = [(str(r[0]), str(r[1])) for r in _local(built, query).rows]
    assert got == expected and len(got) >= 13


def test_casegraph_reads_it_as_an_endpoint(served: Served, built: Path) -> None:
    """The named queries give the same rows through the server as from the build: the
    endpoint is found from its root URL and honours default-graph-uri and named-graph-uri."""
    runner = CliRunner()
    for args in (["tactics-for-challenge", "--param", "challenge=IC4"], ["cases-by-country"]):
        local = runner.invoke(cli, ["query", *args, "--out", str(built), "--format", "csv"])
        remote = runner.invoke(cli, ["query", *args, "--endpoint", served.url,
                                     "--format", "csv"])
        assert local.exit_code == 0 and remote.exit_code == 0, remote.output
        assert remote.stdout == local.stdout and local.stdout.count("\n") > 2


# --- what it refuses --------------------------------------------------------------------------------


def test_no_update_of_any_kind(served: Served, built: Path) -> None:
    before = _count(built)
    insert = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    answers = [
        _post(served, {"update": insert}),
        _post(served, content=insert, headers={"Content-Type": "application/sparql-update"}),
        _post(served, {"query": insert}),
        httpx.get(served.endpoint, params={"update": insert}, timeout=30),
        _post(served, {"query": "DROP ALL"}),
    ]
    assert [a.status_code for a in answers] == [403] * 5
    assert all("read-only" in a.text for a in answers)
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(served.endpoint)
    client.setMethod(POST)
    client.setQuery(insert)
    with pytest.raises((SPARQLWrapperException, OSError)):
        client.query()
    assert int(json.loads(_post(served, {"query": COUNT}).text)
               ["results"]["bindings"][0]["n"]["value"]) == before


def test_service_calls_are_refused(served: Served) -> None:
    for query in ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
                  "SELECT * WHERE { SERVICE SILENT <https://query.wikidata.org/sparql> "
                  "{ ?s ?p ?o } } LIMIT 1"):
        answer = _post(served, {"query": query})
        assert answer.status_code == 403, answer.text
        assert "SERVICE" in answer.text and "beyond this endpoint" in answer.text


def test_oversized_query_and_answer_are_refused(served: Served) -> None:
    padded = COUNT + " #" + "x" * 5000
    assert _post(served, {"query": padded}).status_code == 413
    assert _post(served, content=padded,
                 headers={"Content-Type": "application/sparql-query"}).status_code == 413
    assert httpx.get(served.endpoint, params={"query": padded}, timeout=30).status_code == 413
    big = _post(served, {"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert big.status_code == 422 and "200,000 bytes" in big.text
    assert _post(served, {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"}).status_code == 200


def test_a_query_past_its_time_is_stopped_and_the_next_one_answered(served: Served) -> None:
    started = time.monotonic()
    answer = _post(served, {"query": ENDLESS})
    took = time.monotonic() - started
    assert answer.status_code == 503 and "3 seconds" in answer.text
    assert took < 20
    for _ in range(3):  # both workers, one of them started again
        assert _post(served, {"query": COUNT}).status_code == 200


def test_bad_requests_get_one_clear_line(served: Served) -> None:
    syntax = _post(served, {"query": "SELEC * WHERE { ?s ?p ?o }"})
    assert syntax.status_code == 400 and syntax.text.count("\n") == 1
    assert _post(served, {"query": COUNT},
                 headers={"Accept": "image/png"}).status_code == 406
    assert _post(served, content=b"query=x",
                 headers={"Content-Type": "text/plain"}).status_code == 415
    assert _post(served, {}).status_code == 400
    description = httpx.get(served.endpoint, timeout=30)
    assert description.status_code == 200 and "sd:SPARQL11Query" in description.text
    browsing = httpx.get(served.endpoint, headers={"Accept": "text/html,*/*;q=0.8"}, timeout=30)
    assert browsing.status_code == 303 and browsing.headers["location"] == "/editor"


# --- the pages ---------------------------------------------------------------------------------------


def test_pages_and_documents(served: Served, built: Path) -> None:
    for path in ("", "editor", "explorer", "report", "cases"):
        page = httpx.get(served.url + path, timeout=30)
        assert page.status_code == 200 and page.text.startswith("<!DOCTYPE html>"), path
        assert page.headers["x-content-type-options"] == "nosniff"
    listing = httpx.get(served.url + "cases", timeout=30).text
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    documents = manifest["documents"]
    assert listing.count('href="/cases/') == len(documents)
    entry = next(d for d in documents if "nantes" in d["source"].lower())
    tail = entry["case"].rsplit("/case/", 1)[1]
    page = httpx.get(f"{served.url}cases/{tail}", timeout=30)
    assert page.status_code == 200
    assert "Tactics and their evidence" in page.text and "<blockquote>" in page.text
    assert f'/documents/{entry["sha256"]}' in page.text
    document = httpx.get(f'{served.url}documents/{entry["sha256"]}', timeout=30)
    assert document.status_code == 200
    assert hashlib.sha256(document.content).hexdigest() == entry["sha256"]
    from rdflib import Graph, URIRef

    for data in (httpx.get(f"{served.url}cases/{tail}.ttl", timeout=30),
                 httpx.get(f"{served.url}cases/{tail}", headers={"Accept": "text/turtle"},
                           timeout=30)):
        assert data.headers["content-type"].startswith("text/turtle")
        graph = Graph().parse(data=data.text, format="turtle")
        assert len(list(graph.predicate_objects(URIRef(entry["case"])))) > 5
    assert httpx.get(served.url + "documents/" + "0" * 64, timeout=30).status_code == 404
    assert httpx.get(served.url + "cases/no/such/case", timeout=30).status_code == 404
    # A page elsewhere that renames itself to this address is not let in.
    assert httpx.get(served.url, headers={"Host": "attacker.example"},
                     timeout=30).status_code == 400


def test_the_editor_runs_a_named_query_without_leaving_the_machine(
        served: Served, built: Path, browser: Any) -> None:
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
    page.goto(served.url + "editor")
    page.wait_for_function("window.casegraphEditor !== undefined", timeout=30_000)
    page.click("#examples button[data-query='tactics-for-challenge']")
    page.wait_for_selector(".yasr table tbody tr", timeout=30_000)
    shown = page.locator(".yasr table tbody tr").count()
    text = page.evaluate("window.casegraphEditor.yasgui.getTab().getQuery()")
    first = text.splitlines()[0]  # "# Example: challenge = IC2. Change the VALUES ..."
    assert first.startswith("# Example: challenge = ") and "VALUES" in text
    code = first.split("= ", 1)[1].split(".", 1)[0]
    local = CliRunner().invoke(cli, ["query", "tactics-for-challenge", "--param",
                                     f"challenge={code}", "--out", str(built), "--format",
                                     "json"])
    expected = len(json.loads(local.stdout)["results"]["bindings"])
    assert expected > 0 and shown == min(expected, 50)  # the table shows 50 rows a page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-editor.png"))
    # A case's IRI in the results opens its page on this server.
    page.click("#examples button[data-query='evidence-for-challenge']")
    page.wait_for_selector(".yasr table tbody a[href^='/cases/']", timeout=30_000)
    assert page.locator(".yasr a[href^='https://w3id.org/casegraph/id/case/']").count() == 0
    href = page.locator(".yasr table tbody a[href^='/cases/']").first.get_attribute("href")
    page.goto(served.url + href.lstrip("/"))  # YASR's first click on a cut cell widens it
    page.wait_for_selector("h2:text('Tactics and their evidence')", timeout=30_000)
    page.close()
    base = urlsplit(served.url)
    outside = [u for u in requests if not u.startswith(("data:", "blob:"))
               and urlsplit(u).netloc != base.netloc]
    assert outside == [] and urlsplit(served.url).hostname == "127.0.0.1"
    assert errors == []


def test_a_case_page_in_the_browser(served: Served, built: Path, browser: Any) -> None:
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    entry = next(d for d in manifest["documents"] if "nantes" in d["source"].lower())
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    page.goto(served.url + "cases")
    page.click(f'a[href="/cases/{entry["case"].rsplit("/case/", 1)[1]}"]')
    page.wait_for_selector("h2:text('Tactics and their evidence')")
    assert page.locator("blockquote").count() >= 3
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-case.png"), full_page=False)
    page.click("text=Show in the explorer")
    page.wait_for_selector("body[data-ready='1']", timeout=15_000)
    assert page.evaluate("casegraph.network.getSelectedNodes()") == [
        entry["case"].split("/id/", 1)[1]]
    page.close()
    assert problems == []


def test_a_document_changed_since_the_build_is_not_served_as_its_evidence(
        tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    document = cases / "stay-tuned-nantes.txt"
    document.write_bytes((CORPUS / "stay-tuned-nantes.txt").read_bytes())
    out = build_corpus(tmp_path / "out", cases)
    sha = hashlib.sha256(document.read_bytes()).hexdigest()
    server = Served(out)
    try:
        assert httpx.get(f"{server.url}documents/{sha}", timeout=30).status_code == 200
        document.write_text("changed", encoding="utf-8")
        gone = httpx.get(f"{server.url}documents/{sha}", timeout=30)
        assert gone.status_code == 410 and "casegraph build" in gone.text
    finally:
        server.stop()


# --- how it listens -------------------------------------------------------------------------------------


def test_it_warns_loudly_off_loopback_and_needs_a_build(built: Path, tmp_path: Path) -> None:
    server = Served(built, "--host", "0.0.0.0", "--access-log")
    httpx.post(server.url.replace("0.0.0.0", "127.0.0.1") + "sparql", data={"query": COUNT},
               timeout=30)
    err = server.stop()
    assert "WARNING" in err and "0.0.0.0" in err and "--host 127.0.0.1" in err
    assert '"POST /sparql HTTP/1.1" 200' in err
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        busy = subprocess.run([sys.executable, "-m", "casegraph", "serve", "--out", str(built),
                               "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert busy.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in busy.stderr
    assert busy.stderr.strip().count("\n") == 0
    missing = subprocess.run([sys.executable, "-m", "casegraph", "serve", "--out",
                              str(tmp_path / "nothing")], capture_output=True, text=True,
                             timeout=60)
    assert missing.returncode == 1
    assert missing.stderr.strip().count("\n") == 0 and "casegraph build" in missing.stderr
