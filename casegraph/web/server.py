"""What ``casegraph serve`` makes from the build before it listens: the cases, the explorer
and report pages, the named queries as the editor's examples, and the documents the build
read; then the server itself, run by uvicorn on one socket."""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..analysis.graphs import GraphData
from ..layout import read_manifest
from ..query.queries import NamedQuery, named_queries, resolve_parameters
from ..query.sparql import Backend, bind_values
from .app import Built, Lazy, Limits, make_app

__all__ = ["prepare", "listen", "run"]


def _examples(data: GraphData) -> dict[str, str]:
    """An example value of each kind of parameter: what the cases name most often."""
    def most(values: Iterator[str]) -> str | None:
        counted = Counter(v for v in values if v)
        return min(counted, key=lambda v: (-counted[v], v)) if counted else None

    found = {
        "challenge": most(c.code for case in data.cases for c in case.challenges),
        "tactic": most(t.tactic for case in data.cases for t in case.tactics),
        "city": most(case.city_name for case in data.cases),
        "country": most(case.country_code for case in data.cases),
        "network": most(case.network_name for case in data.cases),
    }
    return {kind: value for kind, value in found.items() if value is not None}


def example_text(query: NamedQuery, values: dict[str, str], graph: Backend) -> str:
    """A named query as the editor shows it: with each required parameter (and a city) bound
    in a VALUES block to an example from this build, and a comment saying so."""
    # A city is bound even where the query takes none: what is asked of every city at once
    # (pairs of similar cities) grows with the square of the cities.
    given = {p.name: values[p.kind] for p in query.parameters
             if (p.required or p.kind == "city") and p.kind in values}
    try:
        bindings = resolve_parameters(query, given, graph)
    except Exception:  # noqa: BLE001 - an example that cannot be bound is shown unbound
        bindings = {}
    if not bindings:
        return query.text
    said = ", ".join(f"{name} = {given.get(name, '')}".rstrip(" =") for name in bindings)
    return (f"# Example: {said}. Change the VALUES block to ask about another.\n"
            + bind_values(query.text, bindings))


def _documents(out: Path) -> tuple[dict[str, dict[str, Any]], dict[str, Path | None]]:
    """The documents of the build by case IRI, and where each lies now by its sha256 (None
    when it is gone). Whether it is unchanged is checked when it is asked for."""
    manifest = read_manifest(out) or {}
    by_case: dict[str, dict[str, Any]] = {}
    files: dict[str, Path | None] = {}
    for entry in manifest.get("documents", []):
        sha = entry.get("sha256")
        if not sha or not entry.get("case"):
            continue
        by_case[entry["case"]] = entry
        source = entry.get("source", "")
        files[sha] = next((p for p in (Path(source), out.parent / source) if p.is_file()),
                          None)
    return by_case, files


def prepare(source: Any, *, progress: Callable[[str], None] = lambda _: None) -> Built:
    """The pages of the build ``source`` opens, made once."""
    from ..analysis.graphs import read_graph_data, resolve_view
    from ..views.explorer import render_page
    from ..views.report import build_report, render_html

    out = Path(source.out)
    with source.open() as graph:
        progress("reading the cases")
        data = read_graph_data(graph)
        view = resolve_view("full", graph)
        values = _examples(data)
        examples = tuple((query, example_text(query, values, graph))
                         for query in named_queries().values())
    explorer = Lazy(lambda: render_page(data, view).html)
    report = Lazy(lambda: render_html(build_report(data)))
    documents, files = _documents(out)
    return Built(data, explorer, report, examples, documents, files)


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (0: any free port). Raises OSError."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host.strip("[]"), port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def run(out: Path, built: Built, limits: Limits, sock: socket.socket, host: str, *,
        access_log: bool = False) -> None:
    """Serve until interrupted; with ``access_log``, a line per request on stderr."""
    import copy

    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    logging = copy.deepcopy(LOGGING_CONFIG)
    logging["handlers"]["access"]["stream"] = "ext://sys.stderr"  # stdout: the addresses
    config = uvicorn.Config(make_app(out, built, limits, host=host), log_config=logging,
                            log_level="info" if access_log else "warning",
                            access_log=access_log, lifespan="on", timeout_graceful_shutdown=5)
    uvicorn.Server(config).run(sockets=[sock])
