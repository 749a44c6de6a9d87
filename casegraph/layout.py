"""The build's output folder, as the build writes it and every reader finds it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_OUT", "TRIG_NAME", "STORE_NAME", "MANIFEST_NAME", "PARTS_NAME",
           "read_manifest"]

#: Where ``casegraph build`` writes, and every reading command reads, by default.
DEFAULT_OUT = "casegraph-out"
#: The sorted TriG file, one named graph per document (stable in git).
TRIG_NAME = "graph.trig"
#: The embedded Oxigraph store the reading commands open.
STORE_NAME = "store"
#: What was built from what: documents, their sha256, casegraph's version.
MANIFEST_NAME = "manifest.json"
#: The per-graph TriG blocks a build keeps to write graph.trig in order.
PARTS_NAME = "graph.trig.parts"


def read_manifest(out: str | Path) -> dict[str, Any] | None:
    """The manifest of a previous build in this folder, or None."""
    path = Path(out) / MANIFEST_NAME
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
