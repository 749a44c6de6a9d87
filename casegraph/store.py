"""The build output: graph.trig, the embedded Oxigraph store and the manifest, written atomically."""

from __future__ import annotations

import json
import os
import queue
import shutil
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import groupby
from pathlib import Path
from typing import Any, BinaryIO

from pyoxigraph import NamedNode, Quad, QuerySolutions, RdfFormat, Store, serialize

from .errors import StoreError
from .vocab import PREFIXES

__all__ = [
    "DEFAULT_OUT",
    "GraphBlock",
    "Output",
    "OutputWriter",
    "graph_blocks",
    "open_output",
    "write_output",
    "read_manifest",
    "open_store",
    "select",
    "load_query",
]

DEFAULT_OUT = "casegraph-out"
TRIG_NAME = "graph.trig"
STORE_NAME = "store"
MANIFEST_NAME = "manifest.json"
PARTS_NAME = "graph.trig.parts"

#: Quads handed to the store's bulk loader at a time: large enough to load fast, small enough
#: that the loader's memory stays well under a gigabyte.
STORE_BATCH = 250_000
#: Batches waiting for the loader thread before ``add`` waits for it (bounds memory).
STORE_QUEUE = 2


@dataclass(frozen=True)
class Output:
    """What a build wrote, and where."""

    path: Path
    quads: int


def read_manifest(out: str | Path) -> dict[str, Any] | None:
    """The manifest of a previous build in this folder, or None."""
    path = Path(out) / MANIFEST_NAME
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise StoreError("exists and is not a folder; choose another --out", where=str(out))
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST_NAME).exists():
        raise StoreError(
            "folder exists and is not a casegraph output (no manifest.json); casegraph will "
            "not replace it: choose another --out",
            where=str(out),
        )


@dataclass(frozen=True)
class GraphBlock:
    """One named graph as TriG text, without the prefix lines: the unit of the output."""

    key: str
    """The graph's name as N-Triples writes it (``<https://...>``); graph.trig is in this order."""
    trig: bytes
    quads: int


@lru_cache(maxsize=1)
def _trig_header() -> bytes:
    """The prefix lines the TriG serialiser writes before the first graph."""
    probe = NamedNode("urn:casegraph:probe")
    lines = _trig([Quad(probe, probe, probe, probe)]).splitlines(keepends=True)
    return b"".join(line for line in lines if line.startswith(b"@prefix "))


def graph_blocks(quads: Iterable[Quad]) -> list[GraphBlock]:
    """Sorted quads as one TriG block per graph, in order.

    The serialiser writes a graph as one block, so graph.trig is the prefix lines followed by
    the blocks of every graph in order of graph name: blocks made one document at a time
    assemble into exactly the text that serialising all the quads at once writes.
    """
    header = _trig_header()
    blocks = []
    for graph, group in groupby(quads, key=lambda q: q.graph_name):
        members = list(group)
        data = _trig(members)
        if not data.startswith(header):  # pragma: no cover - a change in pyoxigraph
            raise StoreError("the TriG serialiser wrote an unexpected header")
        blocks.append(GraphBlock(str(graph), data[len(header):], len(members)))
    return blocks


def _trig(quads: Sequence[Quad]) -> bytes:
    return serialize(quads, format=RdfFormat.TRIG, prefixes=PREFIXES) or b""


class OutputWriter:
    """A build output being written into a staging folder beside ``out``.

    Graph blocks are added as documents are built: each goes to the store (in batches) and to
    a scratch file, so that a build holds no more than a batch of quads in memory. ``commit``
    writes graph.trig in graph order and the manifest, then swaps the staging folder in by
    renaming; ``discard`` (or leaving :func:`open_output` without committing) removes it, and
    the previous output stays as it was.
    """

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        _check_target(self.out)
        parent = self.out.resolve().parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create the output folder: {e.strerror or e}",
                             where=str(self.out)) from e
        self._staging = parent / f".{self.out.name}.staging-{os.getpid()}"
        self._retired = parent / f".{self.out.name}.old-{os.getpid()}"
        shutil.rmtree(self._staging, ignore_errors=True)
        self.quads = 0
        self._index: list[tuple[str, int, int]] = []
        self._offset = 0
        self._pending: list[bytes] = []
        self._pending_quads = 0
        self._parts: BinaryIO | None = None
        self._loader: _Loader | None = None
        try:
            self._staging.mkdir()
            self._parts = (self._staging / PARTS_NAME).open("w+b")
            self._loader = _Loader(Store(str(self._staging / STORE_NAME)))
        except OSError as e:
            self.discard()
            raise StoreError(f"cannot write the graph: {e.strerror or e}",
                             where=str(self.out)) from e

    def add(self, blocks: Iterable[GraphBlock]) -> None:
        """Add graphs to the output; each graph name at most once per build."""
        assert self._parts is not None, "the output was already committed or discarded"
        try:
            for block in blocks:
                self._parts.write(block.trig)
                self._index.append((block.key, self._offset, len(block.trig)))
                self._offset += len(block.trig)
                self.quads += block.quads
                self._pending.append(block.trig)
                self._pending_quads += block.quads
            if self._pending_quads >= STORE_BATCH:
                self._load_pending()
        except OSError as e:
            raise StoreError(f"cannot write the graph: {e.strerror or e}",
                             where=str(self.out)) from e

    def _load_pending(self) -> None:
        if self._pending and self._loader is not None:
            self._loader.load(_trig_header() + b"".join(self._pending))
        self._pending = []
        self._pending_quads = 0

    def commit(self, manifest: dict[str, Any]) -> Output:
        """Finish graph.trig, the store and the manifest, and put them in place of ``out``."""
        assert self._parts is not None and self._loader is not None, "nothing to commit"
        out, staging, retired = self.out, self._staging, self._retired
        try:
            self._load_pending()
            self._loader.finish()
            self._loader = None  # the database is closed before the folder is renamed
            self._write_trig()
            with (staging / MANIFEST_NAME).open("w", encoding="utf-8") as handle:
                # Written as it is encoded: for a large corpus the text is hundreds of MB.
                json.dump(manifest, handle, indent=2, ensure_ascii=False, sort_keys=True)
                handle.write("\n")
            if out.exists():
                os.rename(out, retired)
            os.rename(staging, out)
        except OSError as e:
            self.discard()
            if retired.exists() and not out.exists():
                os.rename(retired, out)
            raise StoreError(f"cannot write the graph: {e.strerror or e}",
                             where=str(out)) from e
        shutil.rmtree(retired, ignore_errors=True)
        return Output(out, self.quads)

    def _write_trig(self) -> None:
        assert self._parts is not None
        parts = self._parts
        self._index.sort()
        for (key, _, _), (following, _, _) in zip(self._index, self._index[1:]):
            if key == following:
                raise StoreError(f"graph {key} was added twice", where=str(self.out))
        parts.flush()
        with (self._staging / TRIG_NAME).open("wb") as trig:
            if self._index:
                trig.write(_trig_header())
            for _, offset, length in self._index:
                parts.seek(offset)
                trig.write(parts.read(length))
        parts.close()
        self._parts = None
        (self._staging / PARTS_NAME).unlink()

    def discard(self) -> None:
        """Remove everything written; the previous output is untouched."""
        if self._parts is not None:
            self._parts.close()
            self._parts = None
        if self._loader is not None:
            self._loader.abandon()
            self._loader = None
        shutil.rmtree(self._staging, ignore_errors=True)


class _Loader:
    """The store being loaded by a thread of its own, so that documents go on being built
    while it loads (the bulk loader releases the interpreter lock).

    Batches queue up to :data:`STORE_QUEUE`; a loading error is raised by the next call.
    ``finish`` waits for the last batch, compacts the store (queries on a compacted store run
    about twice as fast) and closes it.
    """

    def __init__(self, store: Store) -> None:
        self._store: Store | None = store
        self._batches: queue.Queue[bytes | None] = queue.Queue(maxsize=STORE_QUEUE)
        self._error: BaseException | None = None
        self._abandoned = False
        self._thread = threading.Thread(target=self._run, args=(store,),
                                        name="casegraph-store-loader", daemon=True)
        self._thread.start()

    def _run(self, store: Store) -> None:
        # After an error, or once abandoned, the batches still queued are taken and dropped.
        while (batch := self._batches.get()) is not None:
            if self._error is None and not self._abandoned:
                try:
                    store.bulk_load(batch, RdfFormat.TRIG)
                except BaseException as e:  # noqa: BLE001 - handed to the building thread
                    self._error = e

    def _check(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            if isinstance(error, OSError):
                raise error
            raise StoreError(f"the store refused the graph: {error}")

    def load(self, batch: bytes) -> None:
        self._check()
        self._batches.put(batch)

    def finish(self) -> None:
        self._batches.put(None)
        self._thread.join()
        self._check()
        assert self._store is not None
        self._store.optimize()
        self._store.flush()
        self._store = None

    def abandon(self) -> None:
        self._abandoned = True
        self._batches.put(None)
        self._thread.join()
        self._store = None


@contextmanager
def open_output(out: str | Path) -> Iterator[OutputWriter]:
    """An :class:`OutputWriter` for ``out`` that is discarded unless it was committed."""
    writer = OutputWriter(out)
    try:
        yield writer
    finally:
        if writer._parts is not None:
            writer.discard()


def write_output(out: str | Path, quads: Sequence[Quad], manifest: dict[str, Any]) -> Output:
    """Write sorted quads as graph.trig, the Oxigraph store and manifest.json into ``out``,
    all or nothing (see :class:`OutputWriter`)."""
    with open_output(out) as writer:
        writer.add(graph_blocks(quads))
        return writer.commit(manifest)


@contextmanager
def open_store(out: str | Path) -> Iterator[Store]:
    """The built store in ``out``, opened read-only."""
    path = Path(out) / STORE_NAME
    if not path.is_dir():
        raise StoreError("no graph has been built here; run 'casegraph build' first",
                         where=str(out))
    try:
        store = Store.read_only(str(path))
    except OSError as e:
        raise StoreError(f"cannot open the store: {e}", where=str(path)) from e
    try:
        yield store
    finally:
        del store


def load_query(name: str) -> str:
    """The text of one of casegraph's own SPARQL queries (``stats`` -> sparql/stats.rq)."""
    return resources.files("casegraph").joinpath("sparql", f"{name}.rq").read_text("utf-8")


def select(store: Store, query: str) -> list[dict[str, Any]]:
    """Run a SELECT query; each row maps variable names to Python values (str, int, float)."""
    solutions = store.query(query)
    if not isinstance(solutions, QuerySolutions):
        raise StoreError("expected a SELECT query")
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        row: dict[str, Any] = {}
        for name in names:
            term = solution[name]
            row[name] = None if term is None else _python(term)
        rows.append(row)
    return rows


def _python(term: Any) -> Any:
    datatype = getattr(term, "datatype", None)
    value = term.value
    if datatype is not None and datatype.value.endswith(("#integer", "#long", "#int")):
        return int(value)
    return value
