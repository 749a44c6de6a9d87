"""Files on disk: atomic writes, and file names as casegraph shows and stores them."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from .errors import StoreError

__all__ = ["printable", "sha256_of", "write_atomic"]

#: Characters that would break a line of output or move the cursor: C0 and C1 controls, DEL,
#: and the Unicode line and paragraph separators.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(name: str | os.PathLike[str] | bytes) -> str:
    """A file name (or a message naming one) as one printable line of valid UTF-8.

    On Linux a file name is bytes: those that are not UTF-8 reach Python as lone surrogates,
    which can neither be printed nor stored in RDF, and a name may hold a newline that would
    forge a second ``<file>: <what is wrong>`` line. Both are shown as escapes
    (``caf\\xe9.txt``, ``a\\nb.txt``); a name that is neither keeps its form, so the same
    file is always named the same way.
    """
    text = os.fsdecode(name) if isinstance(name, (bytes, os.PathLike)) else name
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogatepass")
    decoded = raw.decode("utf-8", "backslashreplace")
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), decoded)


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half
    of one. The folder is created when it is missing."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                             dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide a shared page from others
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as e:
        raise StoreError(f"cannot write the file: {e.strerror or e}", where=str(target)) from e
    return target


def sha256_of(path: Path) -> str | None:
    """The hex sha256 of a file's bytes, or None when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
