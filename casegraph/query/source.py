"""The one way to read a built graph: :func:`open_graph` opens the build in a folder (the
embedded Oxigraph store, or its graph.trig in rdflib's memory) or a SPARQL server, once, as a
context manager, and every reading command and the Python API query what it gives."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import StoreError
from ..layout import DEFAULT_OUT
from .local import LOCAL_BACKENDS
from .remote import Endpoint, RemoteBackend, endpoint_at
from .sparql import Backend, Results, Term
from .table import Table, read_table

__all__ = ["BACKENDS", "Source", "Graph", "open_graph"]

#: The names of the local backends, for ``--backend``.
BACKENDS = tuple(LOCAL_BACKENDS)


@dataclass(frozen=True)
class Source:
    """Where to read the graph: a SPARQL server when ``endpoint`` is given, else the build in
    ``out`` with the local ``backend``, which reaches no other server or document unless
    ``allow_federation`` (a server decides that for itself)."""

    out: Path = field(default_factory=lambda: Path(DEFAULT_OUT))
    backend: str = "oxigraph"
    endpoint: Endpoint | None = None
    allow_federation: bool = False

    @property
    def remote(self) -> bool:
        return self.endpoint is not None

    def beside(self) -> Path:
        """Where a page or file made from this graph goes by default: into the build it was
        read from; for a graph read from a server, the current folder (a folder made in place
        of a build would stop the next 'casegraph build' from writing there)."""
        return Path(".") if self.remote else Path(self.out)

    def open(self) -> Graph:
        if self.endpoint is not None:
            return Graph(self, RemoteBackend(self.endpoint))
        kind = LOCAL_BACKENDS.get(self.backend)
        if kind is None:
            raise StoreError(f"unknown backend {self.backend!r}; choose one of: "
                             f"{', '.join(BACKENDS)}", where="--backend")
        return Graph(self, kind(self.out, allow_federation=self.allow_federation))


class Graph:
    """An open graph to read, from wherever its :class:`Source` says. Use it as a context
    manager; it is a :class:`~casegraph.query.sparql.Backend`, so anything that queries a
    store queries it."""

    def __init__(self, source: Source, backend: Backend) -> None:
        self.source = source
        self.backend = backend
        self.name = backend.name
        self._table: Table | None | bool = False  # False: not looked for yet

    def prepared(self, name: str) -> list[dict[str, Any]] | None:
        """The rows of one of the queries the views and analyses read (layout.TABLE_QUERIES)
        from the analysis table the build wrote beside its store, as :meth:`values` gives
        them; None when the graph is read from a server, or the build has no table that
        belongs to it: ask the store."""
        if self.source.remote:
            return None
        if self._table is False:
            self._table = read_table(self.source.out)
        return self._table.values(name) if isinstance(self._table, Table) else None

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Results:
        return self.backend.query(sparql, bindings)

    def values(self, sparql: str,
               bindings: Mapping[str, Term] | None = None) -> list[dict[str, Any]]:
        """The rows of a SELECT query as plain values: an integer as int, any other term as
        its text, None where unbound."""
        return self.backend.values(sparql, bindings)

    def update(self, sparql: str) -> None:
        self.backend.update(sparql)

    def statements(self) -> Any:
        """Every statement of the named graphs, as one rdflib Graph."""
        return self.backend.statements()

    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        where = self.source.endpoint.query_url if self.source.endpoint else self.source.out
        return f"<Graph {self.name} {where}>"


def open_graph(out: str | Path = DEFAULT_OUT, *, backend: str = "oxigraph",
               endpoint: str | Endpoint | None = None, timeout: float = 60.0,
               allow_federation: bool = False) -> Graph:
    """Open the graph to read: the build in ``out`` with the local ``backend`` ("oxigraph" or
    "memory"), or the SPARQL server whose query URL is ``endpoint`` (given its root URL,
    ``http://127.0.0.1:7878``, casegraph finds the query URL by the known servers' layouts).

    >>> with open_graph("casegraph-out") as graph:            # doctest: +SKIP
    ...     rows = graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    """
    if isinstance(endpoint, str):
        endpoint = endpoint_at(endpoint, timeout=timeout)[0]
    return Source(Path(out), backend, endpoint, allow_federation).open()

