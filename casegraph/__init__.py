"""casegraph: city case-example documents in, a traceable RDF knowledge graph out.

>>> import casegraph
>>> casegraph.build(["data/cases"], "casegraph-out")             # doctest: +SKIP
>>> with casegraph.open_graph("casegraph-out") as graph:          # doctest: +SKIP
...     ic4 = casegraph.ask(graph, "tactics-for-challenge", challenge="IC4").values()
...     best = casegraph.patterns(graph, "IC2", top=5)
...     casegraph.write_explorer(graph, "casegraph.html")

The names below are loaded when first used, so that importing casegraph (and starting the
command line) stays quick. docs/api.md describes each.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

#: Each public name, and the module it comes from.
_NAMES = {
    **{name: "casegraph.api" for name in (
        "build", "ask", "sparql", "named_queries", "cases", "stats",
        "validate", "patterns", "similar", "recommend", "write_explorer", "report",
        "write_report", "export")},
    "open_graph": "casegraph.query.source",
    "Graph": "casegraph.query.source",
    "Source": "casegraph.query.source",
    "Results": "casegraph.query.sparql",
    "GraphData": "casegraph.analysis.graphs",
    "full_graph": "casegraph.analysis.graphs",
    "challenge_tactic_graph": "casegraph.analysis.graphs",
    "city_tactic_graph": "casegraph.analysis.graphs",
    "case_tactic_graph": "casegraph.analysis.graphs",
    "city_graph": "casegraph.analysis.graphs",
    "communities": "casegraph.analysis.structure",
    "tactic_centrality": "casegraph.analysis.structure",
    "plot_heatmap": "casegraph.views.report",
    "CasegraphError": "casegraph.errors",
    "QueryError": "casegraph.errors",
    "QueryParameterError": "casegraph.errors",
    "AmbiguousNameError": "casegraph.errors",
    "StoreError": "casegraph.errors",
    "AnalysisError": "casegraph.errors",
}

__all__ = ["__version__", *_NAMES]


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'casegraph' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from .analysis.graphs import (
        GraphData,
        case_tactic_graph,
        challenge_tactic_graph,
        city_graph,
        city_tactic_graph,
        full_graph,
    )
    from .analysis.structure import communities, tactic_centrality
    from .api import (
        ask,
        build,
        cases,
        export,
        named_queries,
        patterns,
        recommend,
        report,
        similar,
        sparql,
        stats,
        validate,
        write_explorer,
        write_report,
    )
    from .errors import (
        AmbiguousNameError,
        AnalysisError,
        CasegraphError,
        QueryError,
        QueryParameterError,
        StoreError,
    )
    from .query.source import Graph, Source, open_graph
    from .query.sparql import Results
    from .views.report import plot_heatmap
