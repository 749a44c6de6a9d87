"""The built graph on this machine: the embedded Oxigraph store that ``casegraph build``
writes, or its graph.trig loaded into rdflib in memory. Either is opened read-only, and a
query on it reaches no other server or document unless federation is allowed."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from rdflib import BNode, Literal, URIRef

from ..errors import QueryError, StoreError
from ..layout import STORE_NAME, TRIG_NAME, plain_value
from .sparql import (Results, Term, bind_values, check_offline, normalise_term, one_line,
                     graph_results, reaching, refused, results_of)

__all__ = ["LOCAL_BACKENDS", "OxigraphBackend", "MemoryBackend", "open_store", "not_built"]

_T = TypeVar("_T")

#: The local backends by the name ``--backend`` takes.
LOCAL_BACKENDS: dict[str, type[Any]] = {}


def not_built(out: str | Path) -> StoreError:
    """The one error for a folder that holds no build."""
    return StoreError("no graph has been built here; run 'casegraph build' first",
                      where=str(out))


def read_only_store(out: str | Path) -> Any:
    """The pyoxigraph store built in ``out``, opened read-only; the one place a build's store
    is opened for reading."""
    import pyoxigraph as ox

    path = Path(out) / STORE_NAME
    if not path.is_dir():
        raise not_built(out)
    try:
        return ox.Store.read_only(str(path))
    except OSError as e:
        raise StoreError(f"cannot open the store: {e}", where=str(path)) from e


@contextmanager
def open_store(out: str | Path) -> Iterator[Any]:
    """The pyoxigraph store built in ``out``, opened read-only, for one block."""
    store = read_only_store(out)
    try:
        yield store
    finally:
        del store


# --- the embedded Oxigraph store -----------------------------------------------------------------


def _from_oxigraph(term: Any) -> Term | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return _iri(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return _literal(term.value, term.language, term.datatype.value)
    raise StoreError(f"unsupported term in a result: {term!r}")


# Results repeat the same few IRIs, numbers and names row after row; rdflib terms are slow
# to make, so each is made once (and normalised once).
@lru_cache(maxsize=65536)
def _iri(value: str) -> URIRef:
    return URIRef(value)


@lru_cache(maxsize=65536)
def _literal(value: str, language: str | None, datatype: str) -> Term | None:
    if language:
        return normalise_term(Literal(value, lang=language))
    return normalise_term(Literal(value, datatype=URIRef(datatype), normalize=False))


class OxigraphBackend:
    """The embedded on-disk store that ``casegraph build`` writes, opened read-only. The default
    graph is the union of the named graphs, so that a query needs no GRAPH pattern.

    A query stays on this machine: SERVICE, or FROM and FROM NAMED of a graph the store does
    not hold, is refused unless ``allow_federation``."""

    name = "oxigraph"

    def __init__(self, out: str | Path, *, allow_federation: bool = False) -> None:
        self._store: Any = read_only_store(out)
        self.allow_federation = allow_federation

    def _holds(self, graph: str) -> bool:
        import pyoxigraph as ox

        try:
            return bool(self._store.contains_named_graph(ox.NamedNode(graph)))
        except ValueError:
            return False

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Results:
        answer = self._answer(sparql, bindings, graphs=True)
        if isinstance(answer, bool):
            return Results(boolean=answer)
        if isinstance(answer, Results):
            return answer
        names, solutions = answer
        # A solution iterates over its values in the order of the variables; solutions are
        # computed (and a SERVICE asked) as they are read.
        rows = self._read(lambda: tuple(tuple(map(_from_oxigraph, s)) for s in solutions))
        return Results(names, rows)  # terms made by _literal are normalised already

    def values(self, sparql: str,
               bindings: Mapping[str, Term] | None = None) -> list[dict[str, Any]]:
        """The rows of a SELECT query as plain values (see :meth:`Results.values`), read
        straight from the store's terms: no rdflib term is made."""
        answer = self._answer(sparql, bindings)
        if isinstance(answer, (bool, Results)):
            raise QueryError("only a SELECT query has rows")
        names, solutions = answer
        return self._read(lambda: [dict(zip(names, map(plain_value, s))) for s in solutions])

    def _answer(self, sparql: str, bindings: Mapping[str, Term] | None, *, graphs: bool = False,
                ) -> bool | Results | tuple[tuple[str, ...], Any]:
        """An ASK query's answer, a SELECT query's variables and its solutions, to read, or
        (with ``graphs``) a CONSTRUCT or DESCRIBE query's triples."""
        import pyoxigraph as ox

        if not self.allow_federation:
            check_offline(sparql, self._holds)
        # Parameters go in as a VALUES block at the head of the WHERE group rather than as
        # Oxigraph substitutions: the values are the same checked RDF terms, and Oxigraph then
        # starts its joins from them (20x faster on tactics-for-challenge at 1k cases).
        text = bind_values(sparql, bindings or {})
        answer = self._read(lambda: self._store.query(text, use_default_graph_as_union=True))
        if isinstance(answer, ox.QueryBoolean):
            return bool(answer)
        if isinstance(answer, ox.QueryTriples) and graphs:
            triples = answer
            return self._read(lambda: graph_results(
                (_from_oxigraph(t.subject), _from_oxigraph(t.predicate), _from_oxigraph(t.object))
                for t in triples))
        if not isinstance(answer, ox.QuerySolutions):
            raise QueryError("only SELECT and ASK queries have rows")
        return tuple(v.value for v in answer.variables), answer

    @staticmethod
    def _read(step: Callable[[], _T]) -> _T:
        """One step of running a query, with the store's errors told as casegraph's."""
        try:
            return step()
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from e
        except (OSError, RuntimeError) as e:
            raise QueryError(f"the query failed: {one_line(e)}") from e

    def statements(self) -> Any:
        import pyoxigraph as ox
        from rdflib import Graph

        quads = self._store.quads_for_pattern(None, None, None, None)
        data = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads
                             if not isinstance(q.graph_name, ox.DefaultGraph)),
                            format=ox.RdfFormat.N_TRIPLES) or b""
        graph = Graph()
        graph.parse(data=data.decode("utf-8"), format="nt")
        return graph

    def update(self, sparql: str) -> None:
        raise StoreError("the built store is read-only: change the documents and run "
                         "'casegraph build' again")

    def close(self) -> None:
        self._store = None



# --- rdflib, in memory ----------------------------------------------------------------------------


class MemoryBackend:
    """The built graph loaded from graph.trig into an rdflib dataset in memory (default graph:
    the union of the named graphs). Slower than Oxigraph; useful where only rdflib is at hand.

    rdflib asks a SERVICE, and fetches the IRI of a FROM or FROM NAMED graph it does not hold,
    of a LOAD and of a USING; all of these are refused unless ``allow_federation``."""

    name = "memory"

    def __init__(self, out: str | Path | None = None, *,
                 allow_federation: bool = False) -> None:
        from rdflib import Dataset

        self._dataset = Dataset(default_union=True)
        self.allow_federation = allow_federation
        if out is not None:
            path = Path(out) / TRIG_NAME
            if not path.is_file():
                raise not_built(out)
            self._dataset.parse(str(path), format="trig")

    @property
    def dataset(self) -> Any:
        return self._dataset

    def _holds(self, graph: str) -> bool:
        """Whether the dataset has triples in ``graph``: rdflib fetches an empty one."""
        return len(self._dataset.get_context(URIRef(graph))) > 0

    def _check_offline(self, sparql: str, *, update: bool = False) -> None:
        """Refuse what would reach beyond the dataset, read by the parser (and with the
        prefixes) that rdflib then runs the query with; a query it cannot parse fails here
        as it would there."""
        if not self.allow_federation:
            found = reaching(sparql, self._holds, update=update,
                              namespaces=dict(self._dataset.namespaces()))
            if found is not None:
                raise refused(found)

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Results:
        from pyparsing import ParseException

        init: dict[str, Any] = dict(bindings or {})
        rows: list[list[Term | None]] | None = None
        try:
            self._check_offline(sparql)
            answer = self._dataset.query(sparql, initBindings=init)
            if answer.type == "ASK":
                return Results(boolean=bool(answer.askAnswer))
            names = [str(v) for v in answer.vars or []]
            if answer.type == "SELECT":
                rows = [[row[i] for i in range(len(names))]  # type: ignore[index,misc]
                        for row in answer]
            elif answer.type in ("CONSTRUCT", "DESCRIBE") and answer.graph is not None:
                return graph_results(answer.graph)
        except QueryError:
            raise
        except ParseException as e:
            raise QueryError(f"SPARQL syntax error: {e}") from e
        except Exception as e:  # noqa: BLE001 - rdflib raises bare Exceptions for bad queries
            raise QueryError(f"the query failed: {one_line(e)}") from e
        if rows is None:
            raise QueryError("only SELECT, ASK, CONSTRUCT and DESCRIBE queries are supported")
        return results_of(names, rows)

    def statements(self) -> Any:
        from rdflib import Graph

        graph = Graph()
        for s, p, o, _ in self._dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph

    def values(self, sparql: str,
               bindings: Mapping[str, Term] | None = None) -> list[dict[str, Any]]:
        return self.query(sparql, bindings).values()

    def update(self, sparql: str) -> None:
        try:
            self._check_offline(sparql, update=True)
            self._dataset.update(sparql)
        except QueryError:
            raise
        except Exception as e:  # noqa: BLE001 - rdflib raises bare Exceptions for bad updates
            raise QueryError(f"the update failed: {one_line(e)}") from e

    def close(self) -> None:
        pass




LOCAL_BACKENDS.update({"oxigraph": OxigraphBackend, "memory": MemoryBackend})
