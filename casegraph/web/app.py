"""``casegraph serve``: one local, read-only web server over a build. A SPARQL 1.1 Protocol
endpoint (GET and POST), answered by worker processes that hold the Oxigraph store open
read-only, with a time and size limit per query and no update of any kind; the query editor;
the explorer, the report and a page per case. Built on starlette, run by uvicorn."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import threading
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..analysis.graphs import GraphData
from ..layout import STORE_NAME
from ..errors import QueryError
from ..files import sha256_of
from ..query.sparql import one_line, query_form
from .pages import STYLE, Site
from .worker import FORMS_FORMATS, Answer, Ask, Refusal, Worker, preferences

__all__ = ["Limits", "Built", "make_app", "is_loopback", "ENDPOINT_PATH"]

ENDPOINT_PATH = "/sparql"


@dataclass(frozen=True)
class Limits:
    """What one query may take: seconds of running, bytes of query text, bytes of answer;
    and how many queries run at once (a worker process each)."""

    timeout: float = 30.0
    max_query_bytes: int = 64 * 1024
    max_answer_bytes: int = 64 * 1024 * 1024
    workers: int = 2

    def described(self) -> dict[str, str]:
        return {"time": f"{self.timeout:g} seconds",
                "query text": f"{self.max_query_bytes:,} bytes",
                "answer": f"{self.max_answer_bytes:,} bytes",
                "queries at once": f"{self.workers}"}


class Lazy:
    """A page made the first time it is asked for (or warmed up beforehand), then kept."""

    def __init__(self, make: Callable[[], str]) -> None:
        self._make: Callable[[], str] | None = make
        self._text = ""
        self._lock = threading.Lock()

    def get(self) -> str:
        with self._lock:
            if self._make is not None:
                self._text = self._make()
                self._make = None
            return self._text


@dataclass(frozen=True)
class Built:
    """What the server shows of the build: the cases, and the pages made from them."""

    data: GraphData
    explorer: Lazy
    report: Lazy
    examples: tuple[tuple[Any, str], ...]
    documents: Mapping[str, Mapping[str, Any]]
    #: Where each document the build read lies now, by sha256 (None: not there); whether it
    #: is unchanged is checked when it is asked for.
    files: Mapping[str, Path | None]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# --- the workers ---------------------------------------------------------------------------------


class Pool:
    """The worker processes, each answering one query at a time; a query waits for a free
    one for as long as it may run."""

    def __init__(self, store: Path, limits: Limits) -> None:
        self.limits = limits
        self._workers = [Worker(store) for _ in range(limits.workers)]
        self._idle: asyncio.Queue[Worker] | None = None

    async def ask(self, ask: Ask) -> Answer | Refusal:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for worker in self._workers:
                self._idle.put_nowait(worker)
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.limits.timeout)
        except TimeoutError:
            return Refusal(503, "every query process is busy: try again in a moment")
        try:
            return await asyncio.to_thread(worker.ask, ask, self.limits.timeout)
        finally:
            self._idle.put_nowait(worker)

    def close(self) -> None:
        for worker in self._workers:
            worker.close()


def _is_update(sparql: str) -> bool:
    """Whether a text the store would not run as a query is a SPARQL update (read only then:
    rdflib's parser is slow beside Oxigraph's)."""
    try:
        return query_form(sparql) == "UPDATE"
    except QueryError:
        return False


# --- the application ------------------------------------------------------------------------------


def _asset(*parts: str) -> bytes:
    return resources.files("casegraph").joinpath("templates", *parts).read_bytes()


_STATIC = {
    "yasgui.min.js": (("yasgui", "yasgui.min.js"), "text/javascript; charset=utf-8"),
    "yasgui.min.css": (("yasgui", "yasgui.min.css"), "text/css; charset=utf-8"),
    "editor.js": (("editor.js",), "text/javascript; charset=utf-8"),
}

#: What the server's pages may load and ask: the server itself, nothing else.
_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline'; "
           "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
           "connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'")

#: An IRI that can be written between < and > as it is.
_IRI = re.compile(r"[^<>\"{}|^`\\\s]+")

_HEADERS = {"Content-Security-Policy": _POLICY, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer"}


def _service_description(base: str) -> str:
    """The endpoint's SPARQL 1.1 Service Description, in Turtle."""
    formats = sorted({m for kinds in FORMS_FORMATS.values() for m in kinds})
    listed = " ,\n    ".join(f"<http://www.w3.org/ns/formats/{_FORMAT_NAMES[m]}>"
                             for m in formats)
    return (
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n\n"
        f"[] a sd:Service ;\n  sd:endpoint <{base}> ;\n"
        "  sd:supportedLanguage sd:SPARQL11Query ;\n"
        "  sd:feature sd:UnionDefaultGraph ;\n"
        f"  sd:resultFormat\n    {listed} .\n")


_FORMAT_NAMES = {"application/sparql-results+json": "SPARQL_Results_JSON",
                 "application/sparql-results+xml": "SPARQL_Results_XML",
                 "text/csv": "SPARQL_Results_CSV",
                 "text/tab-separated-values": "SPARQL_Results_TSV",
                 "text/turtle": "Turtle", "application/ld+json": "JSON-LD",
                 "application/n-triples": "N-Triples", "application/rdf+xml": "RDF_XML"}


def make_app(out: Path, built: Built, limits: Limits, *, host: str = "127.0.0.1") -> Any:
    """The starlette application over the build in ``out``."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import (FileResponse, HTMLResponse, PlainTextResponse,
                                     RedirectResponse, Response)
    from starlette.routing import Route

    from . import pages

    site = Site(ENDPOINT_PATH, built.documents)
    by_path = {pages.case_path(case): case for case in built.data.cases}
    front = pages.front_page(built.data, site, limits.described())
    editor = pages.editor_page(built.examples, site)
    cases = pages.cases_page(built.data)
    pool: dict[str, Pool] = {}

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        pool["workers"] = Pool(out / STORE_NAME, limits)
        # The explorer's layout and the report take seconds on a large build: they are made
        # while the endpoint already answers.
        warming = [asyncio.create_task(asyncio.to_thread(lazy.get))
                   for lazy in (built.explorer, built.report)]
        try:
            yield
        finally:
            pool["workers"].close()
            for task in warming:
                task.cancel()

    def page(text: str, status: int = 200) -> Response:
        return HTMLResponse(text, status, headers=_HEADERS)

    def refusal(status: int, message: str) -> Response:
        return PlainTextResponse(message + "\n", status, headers={"Cache-Control": "no-store"})

    async def read_body(request: Request) -> bytes | None:
        """The request's body, or None once it passes what a query may be."""
        cap = limits.max_query_bytes + 64 * 1024  # room for the form's other fields
        received = bytearray()
        async for chunk in request.stream():
            received += chunk
            if len(received) > cap:
                return None
        return bytes(received)

    async def sparql(request: Request) -> Response:
        from urllib.parse import parse_qs

        params: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            params.setdefault(key, []).append(value)
        query: str | None = None
        if request.method == "POST":
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = await read_body(request)
            if body is None:
                return refusal(413, f"the query is larger than the endpoint's limit of "
                                    f"{limits.max_query_bytes:,} bytes")
            if kind == "application/sparql-update":
                return refusal(403, "this endpoint is read-only: it runs no update of any kind")
            if kind == "application/x-www-form-urlencoded":
                for key, values in parse_qs(body.decode("utf-8", "replace"),
                                            keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
            elif kind == "application/sparql-query":
                query = body.decode("utf-8", "replace")
            elif kind or body:
                return refusal(415, "send the query as application/sparql-query, or as the "
                                    "form field 'query' (application/x-www-form-urlencoded)")
        if "update" in params:
            return refusal(403, "this endpoint is read-only: it runs no update of any kind")
        if query is None:
            given = params.get("query", [])
            if len(given) > 1:
                return refusal(400, "give one 'query', not several")
            query = given[0] if given else None
        if query is None:
            wanted = request.headers.get("accept", "")
            if request.method == "GET" and "text/html" in wanted and "turtle" not in wanted:
                return RedirectResponse("/editor", 303)  # a browser: the editor
            if request.method == "GET":
                base = str(request.url.replace(query=""))
                return Response(_service_description(base), media_type="text/turtle")
            return refusal(400, "no query: send one as 'query'")
        if len(query.encode("utf-8")) > limits.max_query_bytes:
            return refusal(413, f"the query is larger than the endpoint's limit of "
                                f"{limits.max_query_bytes:,} bytes")
        short = next(iter(params.get("format") or params.get("output") or ()), None)
        ask = Ask(query, preferences(request.headers.get("accept", ""), short),
                  tuple(params.get("default-graph-uri", ())),
                  tuple(params.get("named-graph-uri", ())), limits.max_answer_bytes)
        reply = await pool["workers"].ask(ask)
        if isinstance(reply, Refusal):
            if reply.status == 400 and await asyncio.to_thread(_is_update, query):
                return refusal(403, "this endpoint is read-only: it runs no update of any kind")
            return refusal(reply.status, reply.message)
        charset = "" if reply.media_type == "application/ld+json" else "; charset=utf-8"
        return Response(reply.body, headers={"Content-Type": reply.media_type + charset,
                                             "Vary": "Accept", "Cache-Control": "no-store"})

    async def front_page(request: Request) -> Response:
        return page(front)

    async def editor_page(request: Request) -> Response:
        return page(editor)

    async def explorer_page(request: Request) -> Response:
        return page(await asyncio.to_thread(built.explorer.get))

    async def report_page(request: Request) -> Response:
        return page(await asyncio.to_thread(built.report.get))

    async def cases_page(request: Request) -> Response:
        return page(cases)

    async def case_page(request: Request) -> Response:
        path = request.url.path.rstrip("/")
        as_rdf = path.endswith(".ttl")
        case = by_path.get(path[:-len(".ttl")] if as_rdf else path)
        if case is None:
            return refusal(404, f"no case at {request.url.path}: see /cases")
        graph = (built.documents.get(case.iri) or {}).get("graph")
        wanted = request.headers.get("accept", "")
        if graph and _IRI.fullmatch(graph) and (as_rdf or ("text/turtle" in wanted and "text/html" not in wanted)):
            # The case's named graph, as the build wrote it: what the page shows, as data.
            reply = await pool["workers"].ask(Ask(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                ("text/turtle",), max_bytes=limits.max_answer_bytes))
            if isinstance(reply, Refusal):
                return refusal(reply.status, reply.message)
            return Response(reply.body, headers={"Content-Type": "text/turtle; charset=utf-8",
                                                 "Vary": "Accept"})
        return page(pages.case_page(case, site))

    async def document(request: Request) -> Response:
        sha = request.path_params["sha256"]
        if sha not in built.files:
            return refusal(404, "the build read no document with that sha256")
        path = built.files[sha]
        if path is None or not await asyncio.to_thread(sha256_of, path) == sha:
            return refusal(410, "the document is no longer where the build read it, or has "
                                "changed since: run 'casegraph build' again")
        return FileResponse(path, headers={"X-Content-Type-Options": "nosniff"},
                            content_disposition_type="inline"
                            if path.suffix.lower() in (".txt", ".md", ".pdf") else "attachment")

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204)

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name == "casegraph.css":
            return Response(STYLE, media_type="text/css")
        if name not in _STATIC:
            return refusal(404, f"no file {name}")
        parts, media = _STATIC[name]
        return Response(_asset(*parts), headers={"Content-Type": media,
                                                 "Cache-Control": "max-age=3600"})

    routes = [
        Route("/", front_page), Route("/editor", editor_page),
        Route("/explorer", explorer_page), Route("/report", report_page),
        Route("/cases", cases_page), Route("/cases/{rest:path}", case_page),
        Route("/documents/{sha256}", document),
        Route("/static/{name}", static), Route("/favicon.ico", no_icon),
        Route(ENDPOINT_PATH, sparql, methods=["GET", "POST"]),
    ]
    middleware = []
    if is_loopback(host):  # a page elsewhere cannot reach this server by a name of its own
        middleware.append(Middleware(TrustedHostMiddleware,
                                     allowed_hosts=["127.0.0.1", "localhost", "[::1]", "::1"]))
    async def failed(request: Request, error: Exception) -> Response:
        return refusal(500, f"the server failed: {one_line(error)}")

    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                     exception_handlers={Exception: failed})
