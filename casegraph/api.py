"""casegraph from Python: what the command line does, as functions on an open graph.

Everything here is also in the package's namespace (``import casegraph``); see docs/api.md.
A function that asks the graph takes an open :class:`~casegraph.query.source.Graph` (from
:func:`open_graph`); those that work on the cases (patterns, the networkx projections) also
take the :class:`~casegraph.analysis.graphs.GraphData` read once with :func:`cases`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .layout import DEFAULT_OUT

if TYPE_CHECKING:
    from .analysis.analyse import Practice, Recommendation, Similarity
    from .analysis.graphs import GraphData
    from .ingest.pipeline import BuildReport
    from .query.sparql import Results
    from .query.source import Graph
    from .query.validate import Finding
    from .views.report import Report

__all__ = [
    "build",
    "ask",
    "sparql",
    "named_queries",
    "cases",
    "stats",
    "validate",
    "patterns",
    "similar",
    "recommend",
    "write_explorer",
    "report",
    "write_report",
    "export",
]


def build(paths: Iterable[str | Path] = ("data/cases",), out: str | Path = DEFAULT_OUT, *,
          strict: bool = False, encoding: str | None = None, wait: bool = False,
          full: bool = False,
          progress: Callable[[int, int, str], None] | None = None) -> BuildReport:
    """Build the graph of the documents under ``paths`` into ``out``, as ``casegraph build``
    does: rejected documents are listed in the report and the rest is built (``strict``:
    nothing is written if any is rejected); one build at a time writes ``out`` (``wait``:
    wait for the one writing it, else raise :class:`~casegraph.errors.StoreError`). Only the
    documents changed since the last build in ``out`` are read again (``full``: all); the
    output is the same either way, and ``report.reused`` says how many were kept."""
    from .graph.store import hold_output
    from .ingest.pipeline import build as run

    with hold_output(out, wait=wait):
        return run(paths, out, strict=strict, encoding=encoding, progress=progress,
                   full=full)


def ask(graph: Graph, name: str, **params: str) -> Results:
    """Run a named query (see :func:`named_queries`) with its parameters as users write them:
    ``ask(graph, "tactics-for-challenge", challenge="IC4")``. The results give their rows
    as terms (``.rows``, ``.dicts()``), plain values (``.values()``) or a pandas DataFrame
    (``.to_dataframe()``)."""
    from .query.queries import named_query, run_query

    return run_query(graph, named_query(name), params)


def sparql(graph: Graph, text: str, **params: str) -> Results:
    """Run a SPARQL SELECT or ASK query; ``params`` bind variables to plain literals (or an
    IRI written ``<...>``), never pasted into the text."""
    from .query.queries import parse_query_text, run_query

    return run_query(graph, parse_query_text("sparql", text), params)


def named_queries() -> dict[str, Any]:
    """The named queries by name, each with its title, description and parameters."""
    from .query.queries import named_queries as catalogue

    return dict(catalogue())


def cases(graph: Graph) -> GraphData:
    """The cases of the graph, read once, for the analyses and networkx projections
    (:func:`~casegraph.analysis.graphs.city_tactic_graph` and the rest)."""
    from .analysis.graphs import read_graph_data

    return read_graph_data(graph)


def stats(graph: Graph) -> dict[str, int]:
    """What ``casegraph stats`` counts: cases, cities, countries, networks, challenges,
    tactics, lessons and triples."""
    from .query.stats import graph_stats

    return graph_stats(graph)


def validate(graph: Graph) -> list[Finding]:
    """The SHACL findings of the graph, by document, severity and field."""
    from .query.validate import validate_graph

    return validate_graph(graph)


def patterns(graph: Graph, challenge: str | None = None, *, min_cities: int = 2,
             top: int | None = None, data: GraphData | None = None) -> list[Practice]:
    """Practices ranked by how well they transfer, against one challenge (IC2, its name) or
    all; ``data``: the cases, when read already."""
    from .analysis.ask import patterns as answer

    return list(answer(graph, challenge, min_cities=min_cities, top=top, data=data).practices)


def similar(graph: Graph, case_or_city: str, *, top: int = 5,
            data: GraphData | None = None) -> list[Similarity]:
    """The cases most similar to a city's cases or to one case, with why."""
    from .analysis.ask import similar as answer

    return list(answer(graph, case_or_city, top=top, data=data).cases)


def recommend(graph: Graph, city: str, challenge: str | None = None, *,
              description: str | None = None, top: int = 10, include_used: bool = False,
              data: GraphData | None = None) -> list[Recommendation]:
    """Practices from other cities for ``city``, with their evidence and lessons; a city
    not in the graph needs ``challenge``, and ranks better with a ``description``."""
    from .analysis.ask import recommend as answer

    return list(answer(graph, city, challenge, description=description, top=top,
                    include_used=include_used, data=data).practices)


def write_explorer(graph: Graph, path: str | Path, *, view: str = "full",
                   max_nodes: int | None = None, data: GraphData | None = None) -> Path:
    """Write the offline HTML explorer of a view ("full", "challenges", "city:NAME",
    "challenge:CODE") to ``path``."""
    from .analysis.graphs import read_graph_data, resolve_view
    from .views.explorer import DEFAULT_MAX_NODES, render_page, write_page

    chosen = resolve_view(view, graph)
    page = render_page(data or read_graph_data(graph), chosen,
                       max_nodes=DEFAULT_MAX_NODES if max_nodes is None else max_nodes)
    return write_page(page, path)


def report(graph: Graph, *, challenge: str | None = None, top: int = 5,
           data: GraphData | None = None) -> Report:
    """The per-challenge report as data: sections, practices, centrality, communities, gaps
    and the challenge x tactic matrix (``plot_heatmap(report.matrix)`` draws it)."""
    from .analysis.graphs import read_graph_data
    from .query.queries import challenge_code
    from .views.report import build_report

    code = challenge_code(challenge, where="--challenge")
    return build_report(data or read_graph_data(graph), challenge=code, top=top)


def write_report(found: Report, path: str | Path, fmt: str = "html") -> tuple[Path, ...]:
    """Write a report as one self-contained HTML file, or as Markdown with its heatmap PNG
    beside it; the paths written."""
    from .views.report import write_report as write

    return write(found, path, fmt)


def export(graph: Graph, fmt: str, path: str | Path | None = None, *,
           raw: bool = False) -> list[Path]:
    """Export the graph in one of the formats of ``casegraph export`` (ttl, trig, jsonld, nt
    from the build; graphml, gexf, csv, kumu from any store) to ``path`` (default: beside
    the build, as the command line names it); the paths written."""
    from .views.export import default_name, export_from, write_export

    target = Path(path) if path is not None else graph.source.beside() / default_name(fmt)
    return write_export(export_from(graph, fmt, raw=raw), target)
