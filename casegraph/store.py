"""The build output: graph.trig, the embedded Oxigraph store and the manifest, written atomically."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pyoxigraph import Quad, QuerySolutions, RdfFormat, Store, serialize

from .errors import StoreError
from .vocab import PREFIXES

__all__ = [
    "DEFAULT_OUT",
    "Output",
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


def write_output(out: str | Path, quads: Sequence[Quad], manifest: dict[str, Any]) -> Output:
    """Write graph.trig, the Oxigraph store and manifest.json into ``out``, all or nothing.

    Everything is written into a staging folder beside ``out`` and swapped in by renaming, so
    that a failed or interrupted build leaves the previous output as it was.
    """
    out = Path(out)
    _check_target(out)
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"cannot create the output folder: {e.strerror or e}",
                         where=str(out)) from e
    staging = parent / f".{out.name}.staging-{os.getpid()}"
    retired = parent / f".{out.name}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir()
        serialize(quads, str(staging / TRIG_NAME), RdfFormat.TRIG, prefixes=PREFIXES)
        store = Store(str(staging / STORE_NAME))
        store.bulk_extend(quads)
        store.flush()
        del store
        (staging / MANIFEST_NAME).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        if out.exists():
            os.rename(out, retired)
        os.rename(staging, out)
    except OSError as e:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not out.exists():
            os.rename(retired, out)
        raise StoreError(f"cannot write the graph: {e.strerror or e}", where=str(out)) from e
    shutil.rmtree(retired, ignore_errors=True)
    return Output(out, len(quads))


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
