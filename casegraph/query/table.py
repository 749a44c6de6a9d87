"""The analysis table a build writes beside its store (see :mod:`casegraph.graph.table`), read:
the rows of the views' queries without asking the store, when the table belongs to the build
beside it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..layout import TABLE_NAME, TABLE_QUERIES, manifest_digest, table_belongs

__all__ = ["Table", "read_table"]

class Table:
    """The rows of each table query, as :meth:`~casegraph.query.sparql.Backend.values` gives
    them (without ``g``), over every graph of the build."""

    def __init__(self, variables: dict[str, list[str]],
                 rows: dict[str, list[list[Any]]]) -> None:
        self._variables = variables
        self._rows = rows

    def values(self, name: str) -> list[dict[str, Any]] | None:
        """The rows of one query as dicts, or None for a query the table does not hold."""
        if name not in self._variables:
            return None
        names = self._variables[name]
        return [dict(zip(names, row)) for row in self._rows.get(name, [])]


def read_table(out: str | Path) -> Table | None:
    """The analysis table of the build in ``out``, or None when there is none, or it was not
    written with the manifest beside it, by this casegraph, from these queries: a reader then
    asks the store."""
    out = Path(out)
    try:
        with (out / TABLE_NAME).open(encoding="utf-8") as handle:
            first = json.loads(handle.readline() or "null")
            if not table_belongs(first, manifest_digest(out)):
                return None
            variables = {name: list(first["variables"][name]) for name in TABLE_QUERIES}
            rows: dict[str, list[list[Any]]] = {name: [] for name in TABLE_QUERIES}
            for line in handle:
                _, found = json.loads(line)
                for name, more in found.items():
                    rows[name].extend(more)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Table(variables, rows)
