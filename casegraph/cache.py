"""Indexes made from the libraries' data once, kept on disk between runs.

Some lookups casegraph needs are slow to make and never change while their inputs do not: the
city gazetteer's name indexes take about 4.5 s of CPU to make from GeoNames and 0.1 s to
read back. :func:`cached` keeps such a value in the user's cache folder (``CASEGRAPH_CACHE_DIR``
when set, else the platform's: ``~/.cache/casegraph`` on Linux), under a name made from
everything it was made from, so a new version of casegraph, of its code or of a library makes
a new file and the old one is removed. The cache is only ever a shortcut: a folder that
cannot be written, or a file that cannot be read, costs the time of making the value again
and nothing else.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

__all__ = ["cache_dir", "cached", "digest"]

T = TypeVar("T")

#: Bumped when the layout of what :func:`cached` writes changes.
_FORMAT = "1"


def cache_dir() -> Path:
    """Where casegraph keeps what it made once: ``CASEGRAPH_CACHE_DIR``, or the platform's user
    cache folder."""
    chosen = os.environ.get("CASEGRAPH_CACHE_DIR", "").strip()
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("casegraph", appauthor=False))


def cached(name: str, made_from: Iterable[str], make: Callable[[], T], *,
           libraries: Iterable[str] = ()) -> T:
    """The value ``make()`` gives, read from the cache when it was made before from the same
    ``made_from`` (file digests, settings), by the same Python and the same versions of the
    ``libraries`` (distribution names); else made and kept for next time."""
    from importlib.metadata import version

    parts = (_FORMAT, sys.version, *made_from, *(f"{lib} {version(lib)}" for lib in libraries))
    key = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:20]
    folder = cache_dir()
    path = folder / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as handle:
            value: T = pickle.load(handle)
            return value
    except Exception:  # noqa: BLE001 - missing, unreadable, truncated or from another layout
        pass
    value = make()
    _keep(folder, name, path, value)
    return value


def _keep(folder: Path, name: str, path: Path, value: object) -> None:
    """Write the value beside its older versions atomically, then remove those; any failure
    (a read-only home, a full disk) leaves the cache as it was."""
    temporary: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        temporary = None
        for old in folder.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def digest(path: str | Path) -> str:
    """The sha256 of a file's bytes, to name a cached value after the code that made it."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
