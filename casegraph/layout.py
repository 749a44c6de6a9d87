"""The build's output folder, as the build writes it and every reader finds it, and the SPARQL
casegraph ships with it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_OUT", "TRIG_NAME", "STORE_NAME", "MANIFEST_NAME", "PARTS_NAME",
           "TABLE_NAME", "TABLE_QUERIES", "read_manifest", "sparql_text",
           "table_queries_digest", "table_stamp", "table_belongs", "manifest_digest",
           "plain_value", "TABLE_FORMAT"]

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
#: The analysis table: the rows of the queries the views read, per graph (JSON lines).
TABLE_NAME = "analysis.jsonl"
#: The queries whose rows the analysis table keeps; each projects ?g, the graph of its row.
TABLE_QUERIES = ("viz-cases", "viz-challenges", "viz-tactics", "viz-lessons", "viz-links",
                 "viz-names", "analyse-challenge-texts")


def read_manifest(out: str | Path) -> dict[str, Any] | None:
    """The manifest of a previous build in this folder, or None."""
    path = Path(out) / MANIFEST_NAME
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def sparql_text(name: str) -> str:
    """The text of one of casegraph's own SPARQL queries (``stats`` -> sparql/stats.rq)."""
    from importlib import resources

    return resources.files("casegraph").joinpath("sparql", f"{name}.rq").read_text("utf-8")


#: Bumped when the layout of a line of the analysis table changes.
TABLE_FORMAT = 1

_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def table_queries_digest() -> str:
    """The digest of the text of the analysis table's queries: a table made by other queries
    belongs to another casegraph."""
    import hashlib

    digest = hashlib.sha256()
    for name in TABLE_QUERIES:
        digest.update(name.encode() + b"\n" + sparql_text(name).encode("utf-8") + b"\n")
    return digest.hexdigest()


def table_stamp(manifest_sha256: str) -> dict[str, Any]:
    """What the first line of an analysis table says it was made from: this layout, this
    casegraph, these queries, and the manifest (by its sha256) written with it."""
    from ._version import __version__

    return {"format": TABLE_FORMAT, "casegraph": __version__, "queries": table_queries_digest(),
            "manifest": manifest_sha256}


def table_belongs(first: object, manifest_sha256: str | None) -> bool:
    """Whether a table whose first line is ``first`` was written with the manifest of this
    digest, by this casegraph, from these queries."""
    stamp = table_stamp(manifest_sha256 or "")
    return (manifest_sha256 is not None and isinstance(first, dict)
            and all(first.get(key) == value for key, value in stamp.items()))


def manifest_digest(out: str | Path) -> str | None:
    """The sha256 of the manifest's bytes in ``out``, or None when there is none."""
    import hashlib

    try:
        return hashlib.sha256((Path(out) / MANIFEST_NAME).read_bytes()).hexdigest()
    except OSError:
        return None


def plain_value(term: Any) -> Any:
    """A pyoxigraph term as the reading commands take it, and the analysis table keeps it: an
    xsd:integer as int, any other term as its text, None where unbound."""
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    if datatype is not None and datatype.value == _XSD_INTEGER:
        try:
            return int(term.value)
        except ValueError:
            return term.value
    return term.value
