"""The build output: graph.trig, the embedded Oxigraph store and the manifest, written atomically."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import queue
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Any, BinaryIO

from pyoxigraph import NamedNode, Quad, RdfFormat, Store, serialize

from ..errors import StoreError
from ..layout import (MANIFEST_NAME, PARTS_NAME, STORE_NAME, TABLE_NAME, TRIG_NAME,
                      manifest_digest)
from ..vocab import PREFIXES
from .table import previous_lines, write_table

__all__ = [
    "Base",
    "GraphBlock",
    "LockHolder",
    "Output",
    "OutputWriter",
    "graph_blocks",
    "hold_output",
    "open_output",
    "write_output",
]

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


# --- one build at a time per output folder -------------------------------------------------------

#: How long to wait for a lock's holder to write its name into the lock file it just took.
_HOLDER_PATIENCE = 1.0

#: The lock files this process holds: lock file -> (its descriptor, the thread holding it).
_HELD: dict[Path, tuple[int, int]] = {}


@dataclass(frozen=True)
class LockHolder:
    """The build that holds an output's lock, as its lock file says."""

    pid: int | None
    started: str | None

    def __str__(self) -> str:
        if self.pid is None:
            return "another build"
        since = f", started {self.started}" if self.started else ""
        return f"another build (PID {self.pid}{since})"


def _beside(out: Path, kind: str) -> Path:
    """``casegraph-out`` -> ``.casegraph-out.<kind>`` in the same folder, where a rename into
    place cannot cross file systems."""
    return out.resolve().parent / f".{out.name}.{kind}"


@contextmanager
def hold_output(
    out: str | Path,
    *,
    wait: bool = False,
    waiting: Callable[[LockHolder], None] | None = None,
) -> Iterator[tuple[str, ...]]:
    """Hold the lock of the output folder ``out``, so that no other build writes it meanwhile.

    The lock is an exclusive ``flock`` on ``.OUT.lock`` beside the output; the file names the
    process holding it and since when. The kernel lets go of the lock when that process ends,
    however it ends, so a killed build never blocks the next. When another build holds it,
    this raises :class:`StoreError` naming that build, or with ``wait`` calls ``waiting`` with
    it and waits. Holding the lock again in the thread that holds it (the CLI takes it before
    the build opens its writer) only nests.

    Yields one line for each thing a killed build had left beside the output and that taking
    the lock put right (see :func:`_tidy`).
    """
    out = Path(out)
    path = _beside(out, "lock")
    held = _HELD.get(path)
    if held is not None and held[1] == threading.get_ident():
        yield ()
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"cannot create the output folder: {e.strerror or e}",
                         where=str(out)) from e
    descriptor = _lock(path, out, wait=wait, waiting=waiting)
    _HELD[path] = (descriptor, threading.get_ident())
    try:
        yield tuple(_tidy(out))
    finally:
        del _HELD[path]
        _unlock(path, descriptor)


def _lock(path: Path, out: Path, *, wait: bool,
          waiting: Callable[[LockHolder], None] | None) -> int:
    """The lock file at ``path``, open and locked, with this process's name in it."""
    told = False
    while True:
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as e:
            raise StoreError(f"cannot create the lock file {path.name}: {e.strerror or e}",
                             where=str(out)) from e
        try:
            if not _flock(descriptor, block=False):
                holder = _holder(path)
                if not wait:
                    raise StoreError(f"{holder} is writing this output; let it finish, or "
                                     "build with --wait to start when it has", where=str(out))
                if waiting is not None and not told:
                    waiting(holder)
                    told = True
                _flock(descriptor, block=True)
            if _same_file(descriptor, path):
                _write_holder(descriptor)
                return descriptor
        except OSError as e:  # a file system without locks, a full disk
            os.close(descriptor)
            raise StoreError(f"cannot lock {path.name}: {e.strerror or e}",
                             where=str(out)) from e
        except BaseException:
            os.close(descriptor)
            raise
        # The holder removed the file as it let go: lock the file that is there now.
        os.close(descriptor)


def _flock(descriptor: int, *, block: bool) -> bool:
    """Lock ``descriptor`` exclusively; False if another holds it and ``block`` is not set."""
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if block else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _same_file(descriptor: int, path: Path) -> bool:
    try:
        here, there = os.fstat(descriptor), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _write_holder(descriptor: int) -> None:
    started = datetime.now(tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    data = json.dumps({"pid": os.getpid(), "started": started}) + "\n"
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, data.encode("utf-8"), 0)


def _holder(path: Path) -> LockHolder:
    """Who holds the lock, from its file; a holder that has only just taken the lock is
    given a moment to write its name."""
    deadline = time.monotonic() + _HOLDER_PATIENCE
    while True:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return LockHolder(int(data["pid"]), str(data.get("started") or "") or None)
        except (OSError, ValueError, TypeError, KeyError):
            if time.monotonic() > deadline:
                return LockHolder(None, None)
            time.sleep(0.05)


def _unlock(path: Path, descriptor: int) -> None:
    """Remove the lock file, then let go of it; a build waiting on the removed file finds it
    gone and locks the next one (see :func:`_lock`)."""
    try:
        if _same_file(descriptor, path):
            path.unlink()
    except OSError:
        pass
    finally:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        os.close(descriptor)


def _forget_locks() -> None:
    """A forked worker closes its copies of the lock files: the locks stay its parent's, and
    do not outlive the parent in a worker that has not yet died."""
    for descriptor, _ in _HELD.values():
        try:
            os.close(descriptor)
        except OSError:
            pass
    _HELD.clear()


os.register_at_fork(after_in_child=_forget_locks)


def _tidy(out: Path) -> list[str]:
    """Put right what stopped builds left beside ``out``; one line for each kind of repair.

    Only the holder of the lock calls this, so no build is writing ``out``: every staging or
    retired folder beside it is a leftover, whatever its PID. A build stopped between the two
    renames of its commit leaves no output and the previous one retired: that one is put
    back, since the new output was never reported built.
    """
    staging, retired = _leftovers(out)
    notes = []
    if retired and not os.path.lexists(out):
        previous = max(retired, key=_modified)
        retired.remove(previous)
        try:
            os.rename(previous, out)
        except OSError as e:
            raise StoreError(f"cannot put back the previous output from {previous.name}: "
                             f"{e.strerror or e}", where=str(out)) from e
        notes.append(f"{out}: restored the previous output from {previous.name}, left by a "
                     "build stopped while replacing it")
    stale = sorted(staging + retired)
    if stale:
        size = sum(_size(folder) for folder in stale)
        for folder in stale:
            shutil.rmtree(folder, ignore_errors=True)
        who = "a build" if len(stale) == 1 else "builds"
        notes.append(f"{out}: removed {', '.join(f.name for f in stale)} ({_amount(size)}), "
                     f"left by {who} that stopped before cleaning up")
    return notes


def _leftovers(out: Path) -> tuple[list[Path], list[Path]]:
    """The staging and the retired folders beside ``out``: ``.OUT.staging-PID``,
    ``.OUT.old-PID``."""
    staging_prefix, retired_prefix = _beside(out, "staging-").name, _beside(out, "old-").name
    staging: list[Path] = []
    retired: list[Path] = []
    for entry in out.resolve().parent.iterdir():
        for prefix, found in ((staging_prefix, staging), (retired_prefix, retired)):
            if (entry.name.startswith(prefix) and entry.name[len(prefix):].isdigit()
                    and entry.is_dir() and not entry.is_symlink()):
                found.append(entry)
    return staging, retired


def _modified(folder: Path) -> float:
    """When the output in ``folder`` was written: its manifest's time, else the folder's."""
    for path in (folder / MANIFEST_NAME, folder):
        try:
            return path.stat().st_mtime
        except OSError:
            continue
    return 0.0


def _size(folder: Path) -> int:
    total = 0
    for root, _, names in os.walk(folder):
        for name in names:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return total


def _amount(size: int) -> str:
    return f"{size / 1e6:.0f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"


class OutputWriter:
    """A build output being written into a staging folder beside ``out``.

    Graph blocks are added as documents are built: each goes to the store (in batches) and to
    a scratch file, so that a build holds no more than a batch of quads in memory. ``commit``
    writes graph.trig in graph order and the manifest, then swaps the staging folder in by
    renaming; ``discard`` (or leaving :func:`open_output` without committing) removes it, and
    the previous output stays as it was.

    The writer holds the output's lock (:func:`hold_output`) from its start to its commit or
    discard, and fails at once if another build holds it; ``tidied`` says what taking the
    lock put right.

    With ``base``, the previous build in ``out`` (see :meth:`Base.of`), the store starts as a
    copy of the previous one (hard links: no data is copied) and only what differs is loaded:
    a graph added with the same TriG text as in the base stays as it is, one with other text
    replaces it, and a graph of the base not added again is dropped at the commit. The
    result is the store and the graph.trig a build from scratch writes.
    """

    def __init__(self, out: str | Path, base: Base | None = None) -> None:
        self.out = Path(out)
        self.base = base
        self._staging = _beside(self.out, f"staging-{os.getpid()}")
        self._retired = _beside(self.out, f"old-{os.getpid()}")
        self.quads = 0
        self._index: list[tuple[str, int, int, int]] = []
        self._offset = 0
        self._pending: list[bytes] = []
        self._pending_quads = 0
        self._changed: set[str] = set()
        self._parts: BinaryIO | None = None
        self._loader: _Loader | None = None
        self._hold = ExitStack()
        self.tidied = self._hold.enter_context(hold_output(self.out))
        try:
            _check_target(self.out)
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging.mkdir()
            self._parts = (self._staging / PARTS_NAME).open("w+b")
            store = self._staging / STORE_NAME
            if base is not None:
                Store.read_only(str(self.out / STORE_NAME)).backup(str(store))
            self._loader = _Loader(Store(str(store)), compact=base is None)
        except BaseException as e:
            # Interrupted too (SIGTERM, Ctrl-C): the staging folder goes with the writer.
            self.discard()
            if isinstance(e, OSError):
                raise StoreError(f"cannot write the graph: {e.strerror or e}",
                                 where=str(self.out)) from e
            raise

    def add(self, blocks: Iterable[GraphBlock]) -> None:
        """Add graphs to the output; each graph name at most once per build."""
        assert self._parts is not None, "the output was already committed or discarded"
        try:
            for block in blocks:
                self._write_part(block.key, block.trig, block.quads)
                if self.base is not None and block.key in self.base.graphs:
                    if self.base.text(block.key) == block.trig:
                        continue
                    self._load_pending()
                    assert self._loader is not None
                    self._loader.drop(block.key)
                self._pending.append(block.trig)
                self._pending_quads += block.quads
                self._changed.add(block.key)
            if self._pending_quads >= STORE_BATCH:
                self._load_pending()
        except OSError as e:
            raise StoreError(f"cannot write the graph: {e.strerror or e}",
                             where=str(self.out)) from e

    def keep(self, key: str) -> None:
        """Keep a graph of the base as it is: its text goes into graph.trig, and the store
        already holds it."""
        assert self._parts is not None and self.base is not None
        try:
            self._write_part(key, self.base.text(key), self.base.graphs[key][2])
        except OSError as e:
            raise StoreError(f"cannot write the graph: {e.strerror or e}",
                             where=str(self.out)) from e

    def _write_part(self, key: str, trig: bytes, quads: int) -> None:
        assert self._parts is not None
        self._parts.write(trig)
        self._index.append((key, self._offset, len(trig), quads))
        self._offset += len(trig)
        self.quads += quads

    def _load_pending(self) -> None:
        if self._pending and self._loader is not None:
            self._loader.load(_trig_header() + b"".join(self._pending))
        self._pending = []
        self._pending_quads = 0

    def commit(self, manifest: dict[str, Any], *,
               phase: Callable[[str], None] | None = None) -> Output:
        """Finish graph.trig, the store and the manifest, and put them in place of ``out``;
        ``phase`` is told of each step as it starts."""
        assert self._parts is not None and self._loader is not None, "nothing to commit"
        out, staging, retired = self.out, self._staging, self._retired
        say = phase or (lambda step: None)
        try:
            say(f"finishing the store ({self.quads:,} quads) and compacting it")
            self._load_pending()
            if self.base is not None:
                added = {key for key, *_ in self._index}
                for key in sorted(set(self.base.graphs) - added):
                    self._loader.drop(key)
            self._loader.finish()
            self._loader = None  # the database is closed before the folder is renamed
            say("writing graph.trig")
            manifest = {**manifest, "graphs": self._write_trig()}
            say("writing the manifest")
            with (staging / MANIFEST_NAME).open("w", encoding="utf-8") as handle:
                # Written as it is encoded: for a large corpus the text is hundreds of MB.
                digest = hashlib.sha256()
                for text in manifest_text(manifest):
                    handle.write(text)
                    digest.update(text.encode("utf-8"))
            say("writing the analysis table")
            self._write_table(manifest["graphs"], digest.hexdigest())
            if out.exists():
                os.rename(out, retired)
            os.rename(staging, out)
        except BaseException as e:
            # An interrupt between the renames must not leave the folder without an output.
            try:
                if retired.exists() and not out.exists():
                    os.rename(retired, out)
            finally:
                self.discard()
            if isinstance(e, OSError):
                raise StoreError(f"cannot write the graph: {e.strerror or e}",
                                 where=str(out)) from e
            raise
        shutil.rmtree(retired, ignore_errors=True)
        if self.base is not None:
            self.base.close()
        self._hold.close()
        return Output(out, self.quads)

    def _write_table(self, graphs: Iterable[str], manifest_sha256: str) -> None:
        """The analysis table of the finished store (see :mod:`casegraph.graph.table`): asked
        of the graphs this build changed, the previous table's lines kept for the others."""
        previous = None
        if self.base is not None:
            previous = previous_lines(self.out / TABLE_NAME, manifest_digest(self.out))
        def iri(key: str) -> str:  # a graph's key is its name as N-Triples writes it
            return key[1:-1]

        write_table(self._staging / TABLE_NAME, self._staging / STORE_NAME, map(iri, graphs),
                    None if self.base is None else set(map(iri, self._changed)),
                    manifest_sha256, previous)

    def _write_trig(self) -> dict[str, list[int]]:
        """Write graph.trig in graph order; where each graph's text is in it: graph name ->
        [offset, length, quads], for the next build to reuse."""
        assert self._parts is not None
        parts = self._parts
        self._index.sort()
        for (key, *_), (following, *_) in zip(self._index, self._index[1:]):
            if key == following:
                raise StoreError(f"graph {key} was added twice", where=str(self.out))
        parts.flush()
        where: dict[str, list[int]] = {}
        with (self._staging / TRIG_NAME).open("wb") as trig:
            if self._index:
                trig.write(_trig_header())
            for key, offset, length, quads in self._index:
                parts.seek(offset)
                where[key] = [trig.tell(), length, quads]
                trig.write(parts.read(length))
        parts.close()
        self._parts = None
        (self._staging / PARTS_NAME).unlink()
        return where

    def discard(self) -> None:
        """Remove everything written; the previous output is untouched."""
        if self._parts is not None:
            self._parts.close()
            self._parts = None
        if self._loader is not None:
            self._loader.abandon()
            self._loader = None
        shutil.rmtree(self._staging, ignore_errors=True)
        if self.base is not None:
            self.base.close()
        self._hold.close()


def manifest_text(manifest: dict[str, Any]) -> Iterator[str]:
    """The manifest as JSON, in pieces: its keys in order, and each item of a list or a mapping
    (a document, a graph) on a line of its own, written by the json module's C encoder (with
    ``indent`` the encoder is pure Python: 2 s for the manifest of 10,000 documents)."""
    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    keys = sorted(manifest)
    yield "{\n"
    for number, key in enumerate(keys):
        value, after = manifest[key], ",\n" if number < len(keys) - 1 else "\n"
        if isinstance(value, list) and value:
            items = [f"    {one(item)}" for item in value]
            yield f"  {one(key)}: [\n" + ",\n".join(items) + "\n  ]" + after
        elif isinstance(value, dict) and value:
            items = [f"    {one(name)}: {one(value[name])}" for name in sorted(value)]
            yield f"  {one(key)}: {{\n" + ",\n".join(items) + "\n  }" + after
        else:
            yield f"  {one(key)}: {one(value)}" + after
    yield "}\n"


class Base:
    """The previous build in an output folder, for a build that changes only what differs:
    its graph.trig, opened for reading, and where each graph's text is in it."""

    def __init__(self, trig: BinaryIO, graphs: dict[str, tuple[int, int, int]]) -> None:
        self._trig = trig
        self.graphs = graphs

    @classmethod
    def of(cls, out: str | Path, manifest: dict[str, Any] | None) -> Base | None:
        """The base a build can start from: None when ``out`` holds no complete build with
        the index of its graphs (then everything is built from scratch)."""
        folder = Path(out)
        index = (manifest or {}).get("graphs")
        if not isinstance(index, dict) or not (folder / STORE_NAME).is_dir():
            return None
        try:
            graphs = {str(k): (int(v[0]), int(v[1]), int(v[2])) for k, v in index.items()}
            trig = (folder / TRIG_NAME).open("rb")
        except (OSError, TypeError, ValueError, IndexError):
            return None
        return cls(trig, graphs)

    def text(self, key: str) -> bytes:
        """The TriG text of one graph of the base."""
        offset, length, _ = self.graphs[key]
        self._trig.seek(offset)
        data = self._trig.read(length)
        if len(data) != length:
            raise StoreError("graph.trig is shorter than its manifest says; run "
                             "'casegraph build --full'")
        return data

    def close(self) -> None:
        self._trig.close()


class _Loader:
    """The store being loaded by a thread of its own, so that documents go on being built
    while it loads (the bulk loader releases the interpreter lock).

    Batches queue up to :data:`STORE_QUEUE`; a loading error is raised by the next call.
    ``finish`` waits for the last batch, compacts the store (queries on a compacted store run
    about twice as fast) and closes it.
    """

    def __init__(self, store: Store, *, compact: bool = True) -> None:
        self._store: Store | None = store
        self._compact = compact
        self._batches: queue.Queue[bytes | str | None] = queue.Queue(maxsize=STORE_QUEUE)
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
                    if isinstance(batch, str):
                        store.remove_graph(NamedNode(batch[1:-1]))
                    else:
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

    def drop(self, key: str) -> None:
        """Remove a named graph (``key``: its name as N-Triples writes it), in turn with the
        batches before and after it."""
        self._check()
        self._batches.put(key)

    def finish(self) -> None:
        self._batches.put(None)
        self._thread.join()
        self._check()
        assert self._store is not None
        if self._compact:
            self._store.optimize()
        self._store.flush()
        self._store = None

    def abandon(self) -> None:
        self._abandoned = True
        self._batches.put(None)
        self._thread.join()
        self._store = None


@contextmanager
def open_output(out: str | Path, base: Base | None = None) -> Iterator[OutputWriter]:
    """An :class:`OutputWriter` for ``out`` that is discarded unless it was committed."""
    writer = OutputWriter(out, base)
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
