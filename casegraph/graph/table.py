"""The analysis table: what the views, the analyses and the report read of the cases, written by
the build beside the store, so that a reading command reads it without asking the store again.

It holds the rows of the queries :data:`~casegraph.layout.TABLE_QUERIES` (sparql/viz-*.rq and
analyse-challenge-texts.rq), asked of the finished store by the build itself, a line per graph:
the same rows a reading command would get from the store, in a stable order. A rebuild asks them again only of the
graphs it changed, and keeps the lines of the others. The first line says what the table was
made from (casegraph's version, the queries' text, and the digest of the manifest written
with it), so a reader can tell a table that belongs to the build beside it from any other,
and then asks the store instead.

Each line of a graph is ``[graph IRI, {query: [[value, ...], ...]}]``, the values of a row in
the order of the query's variables (``?g`` left out): an xsd:integer as a number, any other
term as its text, null where unbound.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..layout import (TABLE_NAME, TABLE_QUERIES, manifest_digest, plain_value, sparql_text,
                      table_belongs, table_stamp)

__all__ = ["table_is_current", "write_table", "previous_lines"]

#: Above this share of the graphs changed, a rebuild asks the queries of every graph at once
#: (asked of named graphs, Oxigraph takes about 8 ms a graph; of all of them, 1.2 ms).
_ASK_ALL_ABOVE = 0.1


def _ask(store: Any, graphs: list[str] | None,
         ) -> tuple[dict[str, list[str]], Iterator[tuple[str, dict[str, list[str]]]]]:
    """Each query's variables (``?g`` left out), and (graph IRI, query -> rows as JSON text)
    a graph at a time in graph order, asked of every graph (``graphs`` None) or of those
    only. Every table query is ordered by ``?g``, so the rows of one graph are together and
    only one graph's rows are held at a time (at 100,000 cases all of them took 1.9 GB)."""
    import pyoxigraph as ox

    variables: dict[str, list[str]] = {}
    streams = []
    named = None if graphs is None else [ox.NamedNode(g) for g in graphs]
    for name in TABLE_QUERIES:
        solutions = store.query(sparql_text(name), named_graphs=named)
        names = [v.value for v in solutions.variables]
        at = names.index("g")
        variables[name] = names[:at] + names[at + 1:]
        streams.append(_by_graph(name, at, solutions))
    return variables, _together(heapq.merge(*streams, key=lambda item: item[0]))


def _by_graph(name: str, at: int, solutions: Iterable[Any],
              ) -> Iterator[tuple[str, str, list[str]]]:
    """(graph, query, rows) of one query's solutions, a graph at a time."""
    current: str | None = None
    rows: list[str] = []
    for solution in solutions:
        values = [plain_value(term) for term in solution]
        graph = values.pop(at)
        if graph != current:
            if current is not None:
                if graph < current:
                    raise RuntimeError(f"{name}: the store did not order the rows by graph")
                yield current, name, rows
            current, rows = graph, []
        rows.append(_json(values))
    if current is not None:
        yield current, name, rows


def _together(merged: Iterable[tuple[str, str, list[str]]],
              ) -> Iterator[tuple[str, dict[str, list[str]]]]:
    """The rows of each graph's queries, merged into one item per graph."""
    current: str | None = None
    found: dict[str, list[str]] = {}
    for graph, name, rows in merged:
        if graph != current:
            if current is not None:
                yield current, found
            current, found = graph, {}
        found[name] = rows
    if current is not None:
        yield current, found


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _line(graph: str, rows: dict[str, list[str]]) -> str:
    """A graph's line: its rows of each query, sorted by their text."""
    queries = ",".join(f"{_json(name)}:[{','.join(sorted(rows[name]))}]"
                       for name in TABLE_QUERIES if name in rows)
    return f"[{_json(graph)},{{{queries}}}]\n"


def _graph_of(line: str) -> str:
    """The graph IRI a line of a table is for, read without decoding the rest of it."""
    graph, _ = json.JSONDecoder().raw_decode(line, 1)
    return str(graph)


def previous_lines(path: Path, manifest_sha256: str | None) -> dict[str, str] | None:
    """The lines of the table at ``path`` by graph, if it was written with the manifest whose
    digest is given, by this casegraph and these queries; else None."""
    try:
        with path.open(encoding="utf-8") as handle:
            if not table_belongs(json.loads(handle.readline() or "null"), manifest_sha256):
                return None
            return {_graph_of(line): line for line in handle if line.strip()}
    except (OSError, ValueError):
        return None


def table_is_current(out: Path) -> bool:
    """Whether the build in ``out`` has a table written with its manifest, by this casegraph,
    from these queries (what a build with nothing to change checks before it writes nothing)."""
    try:
        with (out / TABLE_NAME).open(encoding="utf-8") as handle:
            first = json.loads(handle.readline() or "null")
    except (OSError, ValueError):
        return False
    return table_belongs(first, manifest_digest(out))


def write_table(target: Path, store_path: Path, graphs: Iterable[str], changed: set[str] | None,
                manifest_sha256: str, previous: dict[str, str] | None) -> None:
    """Write the table of the store at ``store_path`` (closed, finished) to ``target``:
    ``graphs`` are all the graphs of the build, ``changed`` those whose text is new in it
    (None: all of them); the lines of the others are taken from ``previous``."""
    import pyoxigraph as ox

    every = sorted(graphs)
    reuse = previous or {}
    if changed is None or previous is None:
        ask: set[str] | None = None
    else:
        ask = {g for g in every if g in changed or g not in reuse}
        if len(ask) > _ASK_ALL_ABOVE * max(len(every), 1):
            ask = None
    store = ox.Store.read_only(str(store_path))
    try:
        variables, fresh = _ask(store, None if ask is None else sorted(ask))
        with target.open("w", encoding="utf-8") as handle:
            first = {**table_stamp(manifest_sha256), "variables": variables}
            handle.write(json.dumps(first, sort_keys=True) + "\n")
            for line in _lines(every, ask, fresh, reuse):
                handle.write(line)
    finally:
        del store


def _lines(every: list[str], ask: set[str] | None,
           fresh: Iterator[tuple[str, dict[str, list[str]]]],
           reuse: dict[str, str]) -> Iterator[str]:
    """The table's lines in graph order: a graph asked, from ``fresh`` (in graph order too),
    any other from the previous table."""
    upcoming = next(fresh, None)
    for graph in every:
        while upcoming is not None and upcoming[0] < graph:  # not a graph of the build
            upcoming = next(fresh, None)
        if ask is None or graph in ask:
            if upcoming is not None and upcoming[0] == graph:
                yield _line(graph, upcoming[1])
                upcoming = next(fresh, None)
        elif graph in reuse:
            yield reuse[graph]
