"""The SPARQL server products casegraph knows, in one table: how each lays out its query,
update and Graph Store Protocol URLs, and what it does differently. A server not in the table
works too, given its URLs; adding one is one more :class:`Server` in :data:`SERVERS`."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Server", "SERVERS", "server_for", "service_urls", "row_limit_headers"]


@dataclass(frozen=True)
class Server:
    """One server product.

    ``query_path`` matches the path of its query URL (with the part it shares with the other
    URLs as the group ``base``); ``update_path`` and ``gsp_path`` are that base's update and
    Graph Store Protocol paths (``{base}`` and ``{path}``, the query path itself, filled in),
    None where it has no such service. ``row_limit_header`` names the response header in
    which it says it cut an answer at a row limit, for casegraph to fetch the rest page by
    page."""

    name: str
    query_path: re.Pattern[str]
    update_path: str
    gsp_path: str | None
    example: str
    row_limit_header: str | None = None
    #: From the server's root URL: its query path, or (with ``listed``) the path whose JSON
    #: lists its datasets or repositories, which ``listed`` turns into their query paths.
    root_path: str = ""
    listed: Callable[[Any], list[str]] | None = None


def _fuseki_datasets(listing: Any) -> list[str]:
    """Query paths from Fuseki's /$/datasets: ``{"datasets": [{"ds.name": "/ds"}, ...]}``."""
    names = [d.get("ds.name") for d in listing.get("datasets", []) if isinstance(d, dict)]
    return sorted(f"/{n.strip('/')}/query" for n in names if isinstance(n, str) and n.strip("/"))


def _graphdb_repositories(listing: Any) -> list[str]:
    """Query paths from GraphDB's /repositories: SPARQL results, one ``?id`` per row."""
    rows = listing.get("results", {}).get("bindings", [])
    ids = [row.get("id", {}).get("value") for row in rows if isinstance(row, dict)]
    return sorted(f"/repositories/{urllib.parse.quote(i, safe='')}"
                  for i in ids if isinstance(i, str) and i)


SERVERS: tuple[Server, ...] = (
    Server("Oxigraph", re.compile(r"(?P<base>)/query"), "{base}/update", "{base}/store",
           "http://127.0.0.1:7878/query", root_path="/query"),
    # Virtuoso takes updates at its query URL; /sparql-auth is the same with authentication.
    Server("Virtuoso", re.compile(r"(?P<base>)/sparql(?P<auth>-auth)?"), "{path}",
           "{base}/sparql-graph-crud{auth}", "http://127.0.0.1:8890/sparql",
           row_limit_header="x-sparql-maxrows", root_path="/sparql"),
    Server("Fuseki", re.compile(r"(?P<base>/.+)/(?:query|sparql)"), "{base}/update",
           "{base}/data", "http://127.0.0.1:3030/DATASET/query", root_path="/$/datasets",
           listed=_fuseki_datasets),
    Server("GraphDB", re.compile(r"(?P<base>.*/repositories/[^/]+)"), "{base}/statements",
           "{base}/rdf-graphs/service", "http://127.0.0.1:7200/repositories/ID",
           root_path="/repositories", listed=_graphdb_repositories),
)


def server_for(query_url: str) -> tuple[Server, dict[str, str]] | None:
    """The first server whose query URL layout ``query_url`` follows, with the parts of its
    path; None for a layout no server in the table has."""
    path = urllib.parse.urlsplit(query_url).path.rstrip("/")
    for server in SERVERS:
        match = server.query_path.fullmatch(path)
        if match:
            parts = {k: v or "" for k, v in match.groupdict().items()}
            return server, {**parts, "path": path}
    return None


def service_urls(query_url: str) -> tuple[str, str | None]:
    """The update and Graph Store Protocol URLs that go with a query URL, as the server whose
    layout it follows has them; for an unknown layout, updates go to the query URL and no
    Graph Store Protocol URL is known."""
    found = server_for(query_url)
    if found is None:
        return query_url, None
    server, parts = found
    split = urllib.parse.urlsplit(query_url)

    def at(template: str) -> str:
        path = template.format(**parts)
        if path == parts["path"]:
            return query_url
        return urllib.parse.urlunsplit((split.scheme, split.netloc, path, "", ""))

    return at(server.update_path), at(server.gsp_path) if server.gsp_path else None


def row_limit_headers() -> tuple[str, ...]:
    """The headers in which a server says it cut an answer short, lower case."""
    return tuple(sorted({s.row_limit_header for s in SERVERS if s.row_limit_header}))
