"""The processes that answer the endpoint's queries. Each holds the build's Oxigraph store
open read-only and answers one query at a time, written straight in the format asked for;
the server ends a process whose query runs past its time (Oxigraph cannot stop a query) and
starts another in its place."""

from __future__ import annotations

import io
import multiprocessing
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Ask", "Answer", "Refusal", "Worker", "FORMS_FORMATS", "preferences", "choose"]

#: The media types each form of query is answered in, the first the default.
FORMS_FORMATS: dict[str, tuple[str, ...]] = {
    "SELECT": ("application/sparql-results+json", "application/sparql-results+xml",
               "text/csv", "text/tab-separated-values"),
    "ASK": ("application/sparql-results+json", "application/sparql-results+xml"),
    "CONSTRUCT": ("text/turtle", "application/ld+json", "application/n-triples",
                  "application/rdf+xml"),
}
FORMS_FORMATS["DESCRIBE"] = FORMS_FORMATS["CONSTRUCT"]


# --- in which format: what the client accepts, and what the endpoint writes -----------------

#: Short names for ``format=`` (and ``output=``, as some clients send), as media types.
_SHORT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
          "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
          "ttl": "text/turtle", "jsonld": "application/ld+json",
          "json-ld": "application/ld+json", "nt": "application/n-triples",
          "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
          "rdf": "application/rdf+xml"}

#: A media type a client may ask for, as the ones the endpoint writes.
_ALIASES = {"application/json": ("application/sparql-results+json", "application/ld+json"),
            "application/xml": ("application/sparql-results+xml", "application/rdf+xml"),
            "text/xml": ("application/sparql-results+xml", "application/rdf+xml"),
            "text/plain": ("application/n-triples",),
            "application/x-turtle": ("text/turtle",)}


def preferences(accept: str, short: str | None) -> tuple[str, ...]:
    """The media types a request accepts, best first (``*/*``-style ranges kept), from its
    Accept header and a ``format`` parameter, which wins."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        kind, *params = (p.strip() for p in part.split(";"))
        if not kind:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, index, kind.lower()))
    found = [kind for _, _, kind in sorted(ranked)]
    if short:
        found.insert(0, _SHORT.get(short.lower(), short.lower()))
    return tuple(found)


def choose(form: str, wanted: Sequence[str]) -> str | None:
    """The media type to write a ``form`` answer in, for what the client accepts (empty:
    the form's default); None when the endpoint writes none of them."""
    offered = FORMS_FORMATS[form]
    if not wanted:
        return offered[0]
    for kind in wanted:
        if kind in ("*/*", "*"):
            return offered[0]
        for media in offered:
            if media == kind or media in _ALIASES.get(kind, ()) or (
                    kind.endswith("/*") and media.startswith(kind[:-1])):
                return media
    return None



@dataclass(frozen=True)
class Ask:
    """One query for a worker: its text, the media types the client accepts, best first
    (see :func:`preferences`), the dataset the request named (empty: the union of the
    build's graphs) and the largest answer."""

    sparql: str
    accept: tuple[str, ...] = ()
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_bytes: int = 0


@dataclass(frozen=True)
class Answer:
    media_type: str
    body: bytes


@dataclass(frozen=True)
class Refusal:
    """A query the endpoint does not answer: the HTTP status and one line saying why."""

    status: int
    message: str


class _TooLarge(Exception):
    pass


class _Capped(io.RawIOBase):
    """A buffer that stops the writer once the answer passes ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.size += len(chunk)
        if self.limit and self.size > self.limit:
            raise _TooLarge()
        self.parts.append(chunk)
        return len(chunk)


def answer(store: Any, ask: Ask) -> Answer | Refusal:
    """Run one query on the read-only store and write its answer, or say why not."""
    import pyoxigraph as ox

    from ..query.sparql import one_line, reaching

    # Oxigraph fetches nothing for a FROM it does not hold (the graph is empty), but it
    # would ask a SERVICE: that alone is refused.
    try:
        found = reaching(ask.sparql, lambda graph: True)
    except Exception as e:  # noqa: BLE001 - rdflib raises bare Exceptions for bad queries
        return Refusal(400, "the query names SERVICE and casegraph cannot tell where it "
                            f"leads (rdflib: {one_line(e)[:120]})")
    if found is not None:
        return Refusal(403, f"{found} would reach beyond this endpoint: it answers from the "
                            "build alone, and asks no other service")
    dataset: dict[str, Any] = {"use_default_graph_as_union": not ask.default_graphs}
    try:
        if ask.default_graphs:
            dataset["default_graph"] = [ox.NamedNode(g) for g in ask.default_graphs]
        if ask.named_graphs:
            dataset["named_graphs"] = [ox.NamedNode(g) for g in ask.named_graphs]
        found = store.query(ask.sparql, **dataset)
        form = ("ASK" if isinstance(found, ox.QueryBoolean) else
                "CONSTRUCT" if isinstance(found, ox.QueryTriples) else "SELECT")
        media = choose(form, ask.accept)
        if media is None:
            return Refusal(406, f"a {form} query's answer is written as "
                                f"{', '.join(FORMS_FORMATS[form])}")
        out = _Capped(ask.max_bytes)
        kind = ox.RdfFormat if form == "CONSTRUCT" else ox.QueryResultsFormat
        found.serialize(out, format=kind.from_media_type(media))
    except _TooLarge:
        return Refusal(422, f"the answer is larger than the endpoint's limit of "
                            f"{ask.max_bytes:,} bytes: add a LIMIT or ask for less")
    except SyntaxError as e:
        return Refusal(400, f"SPARQL syntax error: {one_line(e)}")
    except ValueError as e:  # a bad IRI in the request's dataset
        return Refusal(400, f"bad request: {one_line(e)}")
    except (OSError, RuntimeError) as e:
        return Refusal(500, f"the query failed: {one_line(e)}")
    return Answer(media, b"".join(out.parts))


def _serve(store_path: str, connection: Any) -> None:
    """A worker process's loop: open the store, then answer each query sent."""
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(store_path)
    except OSError as e:
        connection.send(Refusal(500, f"cannot open the store: {e}"))
        return
    connection.send(None)  # ready
    while True:
        try:
            ask = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(answer(store, ask))


class Worker:
    """One answering process and the pipe to it. :meth:`ask` blocks (call it from a thread)
    and ends the process when the query runs past ``timeout`` seconds."""

    def __init__(self, store: Path) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(str(self.store), child),
                                        daemon=True, name="casegraph-serve-worker")
        self._process.start()
        child.close()
        self._ready = False

    def _wait_ready(self) -> Refusal | None:
        if self._ready:
            return None
        if not self._connection.poll(120):
            return Refusal(503, "the query process did not start")
        hello = self._connection.recv()
        if isinstance(hello, Refusal):
            return hello
        self._ready = True
        return None

    def ask(self, query: Ask, timeout: float) -> Answer | Refusal:
        with self._lock:
            try:
                failed = self._wait_ready()
                if failed is not None:
                    self._restart()
                    return failed
                self._connection.send(query)
                if self._connection.poll(timeout):
                    reply: Answer | Refusal = self._connection.recv()
                    return reply
            except (EOFError, OSError, BrokenPipeError):
                self._restart()
                return Refusal(500, "the query process ended while answering")
            self._restart()
            return Refusal(503, f"the query ran past the endpoint's limit of {timeout:g} "
                                "seconds and was stopped: add a LIMIT or narrow the patterns")

    def _restart(self) -> None:
        self._process.kill()
        self._process.join(5)
        self._connection.close()
        self._start()

    def close(self) -> None:
        self._process.kill()
        self._process.join(5)
        self._connection.close()
