"""The build: documents in, one knowledge graph out, with bad documents reported and skipped."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from .curation import apply_curation, read_curation, sidecar_path
from .errors import CasegraphError, CurationError, DuplicateCaseError, StoreError
from .extract import parse_case
from .model import CaseRecord
from .rdf import case_iri, case_quads, graph_iri, sort_quads, vocabulary_quads
from .read import find_documents, read_document
from .store import DEFAULT_OUT, read_manifest, write_output

__all__ = ["BuildReport", "Rejection", "build", "parse_documents", "DEFAULT_CASES"]

DEFAULT_CASES = "data/cases"

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
class BuildReport:
    """What a build read, built, rejected and wrote."""

    out: Path
    records: tuple[CaseRecord, ...]
    rejected: tuple[Rejection, ...]
    passed_over: tuple[str, ...] = ()
    quads: int = 0
    written: bool = False
    warnings: tuple[str, ...] = field(default=())


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
        try:
            record = parse_case(read_document(path, encoding=encoding))
            sidecar = sidecar_path(path)
            if sidecar.is_file():
                record = apply_curation(record, read_curation(sidecar))
            records.append(record)
        except CurationError as e:
            rejected.append(Rejection(e.where or str(path), e.message))
        except CasegraphError as e:
            rejected.append(Rejection(str(path), e.message))
        except Exception as e:  # noqa: BLE001 - one document's bug must not cost the batch
            rejected.append(Rejection(str(path), f"unexpected error, please report it: "
                                                 f"{type(e).__name__}: {e}"))
        if progress is not None:
            progress(done, len(files), str(path))
    return records, rejected, [str(p) for p in passed_over]


def build(
    paths: Iterable[str | Path] = (DEFAULT_CASES,),
    out: str | Path = DEFAULT_OUT,
    *,
    strict: bool = False,
    encoding: str | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> BuildReport:
    """Build the knowledge graph of the documents under ``paths`` into the folder ``out``.

    A document that cannot be read or parsed is rejected and the others are still built;
    with ``strict`` any rejection leaves the previous output untouched. The time of ingest of a
    document is kept from the previous build when its bytes have not changed, so that
    rebuilding the same documents writes the same graph; ``SOURCE_DATE_EPOCH`` fixes it.
    """
    paths = list(paths)
    out = Path(out)
    records, rejected, passed_over = parse_documents(paths, encoding=encoding,
                                                     progress=progress)
    kept: list[CaseRecord] = []
    first_of: dict[str, CaseRecord] = {}
    for record in records:
        key = case_iri(record).value
        if key in first_of:
            other = first_of[key]
            error = DuplicateCaseError(
                f"describes the same case as {other.source} ({record.city}: {record.title}); "
                "keep one of them",
                where=record.source,
            )
            rejected.append(Rejection(record.source, error.message))
            continue
        first_of[key] = record
        kept.append(record)
    rejected.sort(key=lambda r: r.path)

    if not kept:
        if not records and not rejected:
            shown = ", ".join(str(p) for p in paths)
            raise StoreError(f"no case-example documents (.txt, .md, .docx, .pdf) in {shown}")
        return BuildReport(out, (), tuple(rejected), tuple(passed_over))
    if strict and rejected:
        return BuildReport(out, tuple(kept), tuple(rejected), tuple(passed_over))

    previous = _previous_ingests(out)
    moment = _ingest_time(now)
    quads = vocabulary_quads()
    documents = []
    for record in kept:
        ingested = previous.get(record.sha256) or moment
        quads.extend(case_quads(record, ingested_at=ingested))
        documents.append({
            "source": record.source,
            "sha256": record.sha256,
            "graph": graph_iri(record).value,
            "case": case_iri(record).value,
            "ingested_at": _iso(ingested),
            "warnings": list(record.warnings),
        })
    ordered = sort_quads(quads)
    manifest = {
        "casegraph": __version__,
        "documents": documents,
        "rejected": [{"source": r.path, "reason": r.reason} for r in rejected],
        "quads": len(ordered),
    }
    output = write_output(out, ordered, manifest)
    return BuildReport(out, tuple(kept), tuple(rejected), tuple(passed_over), output.quads,
                       written=True)


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
