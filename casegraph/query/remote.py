"""A SPARQL 1.1 server over HTTP: queries, updates and the Graph Store Protocol, with
credentials from the environment kept to the server's origin and out of every message, and
the built graph pushed to it one named graph at a time."""

from __future__ import annotations

import json
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef

from ..errors import QueryError, StoreError
from ..vocab import BASE, PROV, RDF
from .local import open_store
from .servers import SERVERS, Server, row_limit_headers, service_urls
from .sparql import (Results, Term, bind_values, graph_results, names_dataset, query_form,
                     results_of, split_prologue, statements_by_query)

__all__ = [
    "Endpoint",
    "RemoteBackend",
    "PushReport",
    "push_graphs",
    "endpoint_at",
    "find_endpoint",
    "is_root",
    "pushed_before",
    "PUSHED_GRAPH",
    "PUSH_METHODS",
    "UPDATE_CHUNK",
    "ENV_USER",
    "ENV_PASSWORD",
    "ENV_TOKEN",
]

#: Where credentials for a SPARQL server come from: the environment, never the command line.
ENV_USER = "CASEGRAPH_ENDPOINT_USER"
ENV_PASSWORD = "CASEGRAPH_ENDPOINT_PASSWORD"
ENV_TOKEN = "CASEGRAPH_ENDPOINT_TOKEN"

_RESULTS_JSON = "application/sparql-results+json"
#: What a CONSTRUCT or DESCRIBE query's answer is asked as, and how each type is read.
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_RDF_PARSERS = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle",
                "application/x-turtle": "turtle", "application/rdf+xml": "xml",
                "application/ld+json": "json-ld"}


@dataclass(frozen=True)
class Endpoint:
    """Where a SPARQL server takes queries, updates and Graph Store Protocol requests.

    Only the query URL must be given: the others follow the layout of the server product it
    belongs to (see :data:`casegraph.query.servers.SERVERS`).
    """

    query_url: str
    update_url: str | None = None
    gsp_url: str | None = None
    timeout: float = 60.0

    def __post_init__(self) -> None:
        for option, url in (("--endpoint", self.query_url), ("--update-endpoint", self.update_url),
                            ("--gsp-endpoint", self.gsp_url)):
            if url is not None:
                _check_url(url, option)
        guessed_update, guessed_gsp = service_urls(self.query_url)
        if self.update_url is None:
            object.__setattr__(self, "update_url", guessed_update)
        if self.gsp_url is None:
            object.__setattr__(self, "gsp_url", guessed_gsp)


#: A URL's host and port: urlsplit reads ``[::1]]`` or ``[::1]x`` as ``::1`` without a word.
_HOST_PORT = re.compile(r"(?:\[[^\]]*\]|[^\s\[\]:]+)(?::[0-9]*)?")


def _check_url(url: str, option: str) -> None:
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - a port out of range or not a number raises only when read
    except ValueError as e:
        raise StoreError(f"not a valid URL: {_without_userinfo(url)!r} ({e})",
                         where=option) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an http(s) URL: {_safe(url)}", where=option)
    if (not all(c.isprintable() and not c.isspace() for c in url)
            or not _HOST_PORT.fullmatch(parts.netloc.rpartition("@")[2])):
        raise StoreError(f"not a valid URL: {_without_userinfo(url)!r} (a space, a control "
                         "character, or a malformed host or port)", where=option)
    if parts.username or parts.password:
        raise StoreError(
            f"credentials do not belong in the URL; set {ENV_USER} and {ENV_PASSWORD} "
            f"(or {ENV_TOKEN}) in the environment instead", where=option)


def _without_userinfo(url: str) -> str:
    """The text of a URL, even one that does not parse, without user name and password."""
    return re.sub(r"^([^:/?#]*://)[^/?#]*@", r"\1", url)


def _safe(url: str) -> str:
    """The URL without any user information, for messages."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        return _without_userinfo(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if port:
        host += f":{port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, ""))


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port): where credentials may go. None for a URL that does not parse."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
    except ValueError:
        return None
    return parts.scheme, parts.hostname or "", port


def _origin_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


#: The redirects a server may answer with. casegraph follows them itself (see
#: :meth:`RemoteBackend._request`), never urllib.
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: Redirects one query follows, within the endpoint's origin, before casegraph gives up.
_MOST_REDIRECTS = 5
#: Characters of a server's error body shown in a message, once credentials are taken out.
_EXCERPT = 200

#: A field or header line that names a credential, from its name to the end of the line: what
#: a server that echoes the request, or a proxy's error page, would show of it.
_CREDENTIAL_FIELD = re.compile(
    r"""["']?\b(?:proxy-authorization|authori[sz]ation|set-cookie2?|cookie2?|x-api-key"""
    r"""|api[-_]?key|[a-z]+[-_]token|client[-_]secret|secret|passw(?:or)?d)["']?\s*[:=].*""",
    re.IGNORECASE)
#: A credential written after its scheme name without the header's name.
_CREDENTIAL_VALUE = re.compile(
    r"\b(?:Digest\s+\w+\s*=.*|(?:Basic|Bearer)\s+[A-Za-z0-9._~+/-]{8,}=*)", re.IGNORECASE)


@dataclass(frozen=True)
class _Moved:
    """A redirect the server answered with: its status and where it pointed."""

    code: int
    location: str | None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hands every redirect back as an HTTPError instead of following it: urllib would follow
    one to any origin with the Authorization header, and turn a POST into a GET."""

    def http_error_302(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                       headers: Any) -> None:
        return None

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class RemoteBackend:
    """A SPARQL 1.1 server over HTTP. Credentials come from the environment
    (CASEGRAPH_ENDPOINT_USER and CASEGRAPH_ENDPOINT_PASSWORD for HTTP Basic or Digest
    authentication, or CASEGRAPH_ENDPOINT_TOKEN for a bearer token), go only to the origins of
    the endpoint's URLs and never appear in messages. Every request has a timeout. Results cut
    at a server's row limit (Virtuoso's ResultSetMaxRows) are fetched again page by page, so
    the answer is complete."""

    name = "remote"

    def __init__(self, endpoint: Endpoint, *, as_local: bool = False) -> None:
        """``as_local``: a query that names no dataset of its own (FROM, FROM NAMED) is asked
        of the dataset the built store has, whose default graph is the union of casegraph's
        graphs and whose named graphs are those graphs, given to the server as the SPARQL
        Protocol's ``default-graph-uri`` and ``named-graph-uri``: the same answer as from the
        build (a server's own default graph is not the union)."""
        self.endpoint = endpoint
        self.as_local = as_local
        self._graphs: list[str] | None = None
        self._opener = _opener(endpoint)
        self._token = os.environ.get(ENV_TOKEN) or None
        self._secrets = _secrets(self._token, os.environ.get(ENV_USER),
                                 os.environ.get(ENV_PASSWORD))

    # HTTP ---------------------------------------------------------------------------------------

    def _request(self, url: str, *, method: str = "POST", data: bytes | None = None,
                 content_type: str | None = None, accept: str | None = None,
                 follow: bool = False,
                 option: str = "--endpoint") -> tuple[bytes, Mapping[str, str]]:
        """The body and headers of the answer to one request.

        A query (``follow``) follows a redirect within the origin of ``url``, with the same
        method and body. Any other redirect is an error that says where it pointed: a write
        sent elsewhere, or turned into a GET, would be reported as done while nothing was
        written. ``option`` is where the user gives the URL instead."""
        headers = {"User-Agent": "casegraph"}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        target = url
        for _ in range(_MOST_REDIRECTS + 1):
            answer = self._send(target, method, data, headers)
            if not isinstance(answer, _Moved):
                return answer
            target = self._redirect(url, target, answer, follow, option)
        raise StoreError(f"more than {_MOST_REDIRECTS} redirects, the last to "
                         f"{self._shown(target)}", where=_safe(url))

    def _redirect(self, url: str, target: str, moved: _Moved, follow: bool,
                  option: str) -> str:
        """Where a redirect may be followed to; else the error that says where it pointed."""
        if not moved.location:
            raise StoreError(f"HTTP {moved.code}: a redirect that says nowhere (no Location)",
                             where=_safe(url))
        new = urllib.parse.urljoin(target, moved.location)
        shown = self._shown(new)
        if not follow:
            raise StoreError(
                f"HTTP {moved.code}: the server redirected to {shown}; casegraph does not "
                f"follow a redirect of a write: if that is the right URL, give it as {option}",
                where=_safe(url))
        if _origin(new) != _origin(url) or urllib.parse.urlsplit(new).scheme not in (
                "http", "https"):
            raise StoreError(
                f"HTTP {moved.code}: the server redirected the query to another origin, "
                f"{shown}; casegraph follows redirects within {_safe(_origin_url(url))} only "
                f"and sends no credentials elsewhere: if you trust it, give it as {option}",
                where=_safe(url))
        return new

    def _send(self, url: str, method: str, data: bytes | None,
              headers: Mapping[str, str]) -> tuple[bytes, Mapping[str, str]] | _Moved:
        request = urllib.request.Request(url, data=data, method=method, headers=dict(headers))
        shown = _safe(url)
        try:
            with self._opener.open(request, timeout=self.endpoint.timeout) as response:
                return response.read(), {k.lower(): v for k, v in response.headers.items()}
        except urllib.error.HTTPError as e:
            if e.code in _REDIRECTS:
                location = e.headers.get("Location") if e.headers else None
                e.close()
                return _Moved(e.code, location)
            raise self._refusal(e, shown) from None
        except urllib.error.URLError as e:
            reason = e.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise StoreError(f"no answer within {self.endpoint.timeout:g} s "
                                 "(--timeout)", where=shown) from None
            if isinstance(reason, ConnectionRefusedError):
                raise StoreError("connection refused: is the SPARQL server running?",
                                 where=shown) from None
            raise StoreError(f"cannot reach the SPARQL server: {self._redact(str(reason))}",
                             where=shown) from None
        except (TimeoutError, socket.timeout):
            raise StoreError(f"no answer within {self.endpoint.timeout:g} s (--timeout)",
                             where=shown) from None
        except UnicodeError:
            raise StoreError("cannot send the request: the URL or a credential in the "
                             "environment holds characters HTTP cannot carry", where=shown
                             ) from None
        except (ConnectionError, OSError) as e:
            raise StoreError(f"the connection failed: {self._redact(str(e))}",
                             where=shown) from None

    def _refusal(self, error: urllib.error.HTTPError, shown: str) -> StoreError:
        """The error for a status the server refused with, in its own words where they carry
        no credential."""
        if error.code in (401, 403):
            hint = (f"; set {ENV_USER} and {ENV_PASSWORD} (or {ENV_TOKEN})"
                    if not (os.environ.get(ENV_USER) or self._token) else
                    "; check the credentials in the environment")
            return StoreError(f"HTTP {error.code}: not allowed{hint}", where=shown,
                              status=error.code)
        try:
            body = error.read(8192).decode("utf-8", "replace")
        except (OSError, ValueError, AttributeError):
            body = ""
        reason = self._redact(str(error.reason or ""))
        excerpt = self._redact(body)
        head = f"HTTP {error.code} {reason}".rstrip()
        return StoreError(f"{head}: {excerpt}" if excerpt else head, where=shown,
                          status=error.code)

    def _redact(self, text: str) -> str:
        """Text from a server, fit to show: the configured token and password (as they are,
        in Basic form and URL-encoded) and any field or header line naming a credential taken
        out, on one line, cut short."""
        for secret in self._secrets:
            text = text.replace(secret, "[removed]")
        text = _CREDENTIAL_FIELD.sub("[removed]", text)
        text = _CREDENTIAL_VALUE.sub("[removed]", text)
        text = " ".join(text.split())
        return text if len(text) <= _EXCERPT else text[:_EXCERPT - 1].rstrip() + "…"

    def _shown(self, url: str) -> str:
        return self._redact(_safe(url))

    # query --------------------------------------------------------------------------------------

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> Results:
        form = query_form(sparql)
        if form not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            raise QueryError("only SELECT, ASK, CONSTRUCT and DESCRIBE queries are supported"
                             if form != "UPDATE" else
                             "this is a SPARQL update, not a query")
        text = bind_values(sparql, bindings or {})
        try:
            if form in ("CONSTRUCT", "DESCRIBE"):
                return self._graph_query(text)
            body, headers = self._post_query(text)
        except StoreError as e:
            if e.status != 404:
                raise
            raise StoreError(e.message + _elsewhere(self.endpoint), where=e.where,
                             status=404) from None
        data = _json(body, self.endpoint.query_url)
        if "boolean" in data:
            return Results(boolean=bool(data["boolean"]))
        variables, rows = _bindings(data)
        limit = next((headers[h] for h in row_limit_headers() if h in headers), None)
        if limit and limit.strip().isdigit() and len(rows) >= int(limit.strip()) > 0:
            rows = self._all_pages(text, variables, int(limit.strip()))
        return results_of(variables, rows)

    def _post_query(self, text: str, accept: str = _RESULTS_JSON,
                    ) -> tuple[bytes, Mapping[str, str]]:
        fields = [("query", text)]
        if self.as_local and not names_dataset(text):
            graphs = self._casegraph_graphs()
            fields += [("default-graph-uri", g) for g in graphs]
            fields += [("named-graph-uri", g) for g in graphs]
        form = urllib.parse.urlencode(fields).encode("utf-8")
        return self._request(self.endpoint.query_url, data=form,
                             content_type="application/x-www-form-urlencoded",
                             accept=accept, follow=True)

    def _casegraph_graphs(self) -> list[str]:
        """The named graphs casegraph wrote on the server (sparql/graphs.rq), asked once."""
        if self._graphs is None:
            from .sparql import load_query

            self.as_local, asked = False, self.as_local
            try:  # asked as any query is, so that a server's row limit is paged around
                rows = self.query(load_query("graphs")).rows
            finally:
                self.as_local = asked
            self._graphs = [str(row[0]) for row in rows if isinstance(row[0], URIRef)]
        return self._graphs

    def _graph_query(self, text: str) -> Results:
        """A CONSTRUCT or DESCRIBE query's triples, asked as N-Triples (Turtle or RDF/XML
        where the server prefers them)."""
        from rdflib import Graph

        body, headers = self._post_query(text, _GRAPH_ACCEPT)
        kind = headers.get("content-type", "").split(";")[0].strip().lower()
        graph = Graph()
        try:
            graph.parse(data=body.decode("utf-8"), format=_RDF_PARSERS.get(kind, "turtle"))
        except Exception as e:  # noqa: BLE001 - rdflib's parsers raise many kinds
            raise StoreError(f"the server's answer is not RDF ({kind or 'no type'}): "
                             f"{self._redact(str(e))}", where=_safe(self.endpoint.query_url)
                             ) from None
        return graph_results(graph)

    def _all_pages(self, text: str, variables: list[str],
                   page: int) -> list[list[Term | None]]:
        """Every row of a query whose answer the server cut at ``page`` rows, fetched as the
        ordered subquery of LIMIT/OFFSET pages."""
        prologue, body = split_prologue(text)
        rows: list[list[Term | None]] = []
        offset = 0
        while True:
            paged = (f"{prologue}\nSELECT * WHERE {{ {{ {body}\n }} }} "
                     f"LIMIT {page} OFFSET {offset}")
            answer, _ = self._post_query(paged)
            names, chunk = _bindings(_json(answer, self.endpoint.query_url))
            order = [names.index(v) if v in names else None for v in variables]
            rows.extend([[row[i] if i is not None else None for i in order] for row in chunk])
            if len(chunk) < page:
                return rows
            offset += page

    # update and the Graph Store Protocol --------------------------------------------------------

    def update(self, sparql: str) -> None:
        url = self.endpoint.update_url or self.endpoint.query_url
        form = urllib.parse.urlencode({"update": sparql}).encode("utf-8")
        self._request(url, data=form, content_type="application/x-www-form-urlencoded",
                      option="--update-endpoint")

    def put_graph(self, graph: str, turtle: bytes) -> None:
        """Replace one named graph with the given Turtle (Graph Store Protocol PUT)."""
        if not self.endpoint.gsp_url:
            raise StoreError("no Graph Store Protocol URL known for this server; give "
                             "--gsp-endpoint, or use --method update"
                             + _elsewhere(self.endpoint), where=_safe(self.endpoint.query_url))
        url = _with_query(self.endpoint.gsp_url, {"graph": graph})
        self._request(url, method="PUT", data=turtle, content_type="text/turtle",
                      option="--gsp-endpoint")

    def values(self, sparql: str,
               bindings: Mapping[str, Term] | None = None) -> list[dict[str, Any]]:
        return self.query(sparql, bindings).values()

    def statements(self) -> Any:
        return statements_by_query(self)

    def close(self) -> None:
        pass


# --- finding a server's URLs from its root ------------------------------------------------------


def is_root(url: str) -> bool:
    """Whether ``url`` is a server's root (no path), where no SPARQL server answers queries."""
    try:
        return urllib.parse.urlsplit(url).path in ("", "/")
    except ValueError:
        return False


def endpoint_at(url: str, update_url: str | None = None, gsp_url: str | None = None, *,
                timeout: float = 60.0) -> tuple[Endpoint, str | None]:
    """The endpoint a user names: its query URL as given, or, given a server's root URL, the
    one :func:`find_endpoint` finds there, with the name of the layout it was found by (None
    when the URL was taken as given)."""
    if not is_root(url):
        return Endpoint(url, update_url, gsp_url, timeout), None
    found, name = find_endpoint(url, timeout=timeout)
    return Endpoint(found.query_url, update_url, gsp_url, timeout), name


def find_endpoint(url: str, *, timeout: float = 60.0) -> tuple[Endpoint, str]:
    """The endpoint of the SPARQL server whose root URL is ``url``, and the name of the layout
    it was found by: each known server's query URL (Oxigraph ``/query``, Virtuoso ``/sparql``)
    is asked ``ASK {}``, and Fuseki's datasets and GraphDB's repositories are listed, each
    asked in turn. A server with several datasets, or none found, is an error that names the
    URLs to try."""
    _check_url(url, "--endpoint")
    root = url.rstrip("/")
    probe = min(timeout, 10.0)
    try:  # a server that cannot be reached is said so, not searched for
        RemoteBackend(Endpoint(root + "/", timeout=probe))._request(
            root + "/", method="GET", follow=True)
    except StoreError as e:
        if e.status is None:
            raise
    tried: list[str] = []
    for server in SERVERS:
        if not server.root_path:
            continue
        tried.append(root + server.root_path)
        if server.listed is None:
            if _answers_sparql(root + server.root_path, probe):
                return Endpoint(root + server.root_path, timeout=timeout), server.name
            continue
        found = [c for c in _listed(root, server, probe) if _answers_sparql(c, probe)]
        if len(found) == 1:
            return Endpoint(found[0], timeout=timeout), server.name
        if found:
            raise StoreError(f"the {server.name} server at {_safe(url)} has {len(found)} "
                             f"datasets; give one as --endpoint: {', '.join(found)}",
                             where="--endpoint")
    examples = ", ".join(f"{s.example} ({s.name})" for s in SERVERS)
    raise StoreError(f"no SPARQL server found at {_safe(url)} (tried {', '.join(tried)}); give "
                     f"the server's query URL, such as {examples}", where="--endpoint")


def _answers_sparql(url: str, timeout: float) -> bool:
    """Whether ``url`` answers ``ASK {}`` as a SPARQL query service does."""
    try:
        body, _ = RemoteBackend(Endpoint(url, timeout=timeout))._post_query("ASK {}")
        return isinstance(_json(body, url).get("boolean"), bool)
    except (StoreError, QueryError, AttributeError):
        return False


def _listed(root: str, server: Server, timeout: float) -> list[str]:
    """The query URLs of the datasets or repositories a server lists at its root path."""
    assert server.listed is not None
    probe = RemoteBackend(Endpoint(root + "/", timeout=timeout))
    try:
        body, _ = probe._request(root + server.root_path, method="GET",
                                 accept=f"{_RESULTS_JSON}, application/json", follow=True)
        return [root + path for path in server.listed(_json(body, root))]
    except (StoreError, AttributeError, TypeError):
        return []


def _elsewhere(endpoint: Endpoint) -> str:
    """For a URL that is no SPARQL service: where the server at its root answers queries, as
    a clause to add to the error, or nothing."""
    parts = urllib.parse.urlsplit(endpoint.query_url)
    root = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    try:
        found, name = find_endpoint(root, timeout=min(endpoint.timeout, 10.0))
    except StoreError:
        return ""
    if found.query_url == endpoint.query_url:
        return ""
    return f"; the {name} server at {root} answers queries at {found.query_url}: give that " \
           "as --endpoint"


def _opener(endpoint: Endpoint) -> urllib.request.OpenerDirector:
    """An opener that follows no redirect, and answers a Basic or Digest challenge only from
    the origins of the endpoint's URLs (anywhere in them: a query may be redirected within)."""
    user, password = os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)
    handlers: list[urllib.request.BaseHandler] = [_NoRedirects()]
    if user and password is not None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        for url in (endpoint.query_url, endpoint.update_url, endpoint.gsp_url):
            if url:
                manager.add_password(None, _origin_url(url), user, password)
        handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
        handlers.append(urllib.request.HTTPBasicAuthHandler(manager))
    return urllib.request.build_opener(*handlers)


def _secrets(token: str | None, user: str | None, password: str | None) -> tuple[str, ...]:
    """Every form in which a server could echo the configured credentials, longest first."""
    import base64

    values = [v for v in (token, password) if v]
    if user and password:
        basic = f"{user}:{password}".encode("utf-8", "surrogateescape")
        values.append(base64.b64encode(basic).decode("ascii"))
    values += [urllib.parse.quote(v, safe="", errors="replace") for v in list(values)]
    values += [urllib.parse.quote_plus(v, safe="", errors="replace") for v in list(values)]
    return tuple(sorted(set(values), key=len, reverse=True))


def _with_query(url: str, params: Mapping[str, str]) -> str:
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query) + list(params.items())
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path,
                                    urllib.parse.urlencode(query), ""))


def _json(body: bytes, url: str) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise StoreError("the server did not answer in SPARQL JSON results format",
                         where=_safe(url)) from e
    if not isinstance(data, dict):
        raise StoreError("the server did not answer in SPARQL JSON results format",
                         where=_safe(url))
    return data


def _bindings(data: Mapping[str, Any]) -> tuple[list[str], list[list[Term | None]]]:
    variables = [str(v) for v in data.get("head", {}).get("vars", [])]
    rows: list[list[Term | None]] = []
    for binding in data.get("results", {}).get("bindings", []):
        rows.append([_json_term(binding.get(name)) for name in variables])
    return variables, rows


def _json_term(value: Mapping[str, str] | None) -> Term | None:
    if value is None:
        return None
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        language = value.get("xml:lang")
        if language:
            return Literal(text, lang=language)
        datatype = value.get("datatype")
        return Literal(text, datatype=URIRef(datatype) if datatype else None, normalize=False)
    raise StoreError(f"unknown term type in the server's answer: {kind!r}")


# --- pushing a built graph to a server ---------------------------------------------------------


@dataclass(frozen=True)
class PushReport:
    """What a push did: the named graphs it sent (``added`` where casegraph had not pushed
    them before, ``replaced`` where it had), those it ``dropped`` because the build no longer
    has them, and the triples it sent."""

    graphs: tuple[str, ...] = ()
    triples: int = 0
    requests: int = 0
    method: str = "gsp"
    sizes: dict[str, int] = field(default_factory=dict)
    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()


#: How a push sends each graph, by the name ``--method`` takes.
PUSH_METHODS: dict[str, str] = {
    "gsp": "PUT each graph (Graph Store Protocol)",
    "update": "DROP and INSERT DATA in small chunks, for servers without the protocol",
}

#: Triples per INSERT DATA request: small enough for servers that refuse large updates.
UPDATE_CHUNK = 500

#: The graph in which casegraph lists, on a server, the graphs it pushed there
#: (``<PUSHED_GRAPH> prov:hadMember <graph>``): what the next push may drop, and nothing else.
PUSHED_GRAPH = BASE + "graph/pushed"


def push_graphs(out: str | Path, remote: RemoteBackend, *, method: str = "gsp",
                prune: bool = True,
                progress: Callable[[int, int, str], None] | None = None) -> PushReport:
    """Load the build in ``out`` into a server, one named graph at a time, each replacing
    whatever the server held under that graph's name.

    ``method`` "gsp" PUTs each graph with the Graph Store Protocol; "update" drops it and
    inserts it again in chunks of SPARQL INSERT DATA, for servers without the protocol.

    The server keeps, in :data:`PUSHED_GRAPH`, the list of graphs casegraph pushed to it. With
    ``prune`` the graphs of that list the build no longer has (a removed or renamed document)
    are dropped, so that the server holds exactly the build; graphs casegraph did not push are
    never touched. The list is widened before anything is sent and narrowed after the last
    drop, so a push cut short leaves every graph it sent on the list for the next one.
    """
    if method not in PUSH_METHODS:
        raise StoreError(f"unknown push method {method!r}; choose {' or '.join(PUSH_METHODS)}",
                         where="--method")
    with open_store(out) as store:
        return _push(store, remote, method, prune, progress)


def pushed_before(remote: RemoteBackend) -> set[str]:
    """The graphs casegraph lists on the server as pushed there."""
    rows = remote.query(
        f"SELECT ?g WHERE {{ GRAPH <{PUSHED_GRAPH}> {{ <{PUSHED_GRAPH}> <{PROV.hadMember}> ?g }} }}"
    ).rows
    return {str(row[0]) for row in rows if isinstance(row[0], URIRef)}


def _push(store: Any, remote: RemoteBackend, method: str, prune: bool,
          progress: Callable[[int, int, str], None] | None) -> PushReport:
    import pyoxigraph as ox

    graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    before = pushed_before(remote)
    stale = sorted(g for g in before - set(graphs) if g.startswith(BASE)) if prune else []
    sizes: dict[str, int] = {}
    requests = _send_list(remote, method, before | set(graphs)) if set(graphs) - before else 0
    total = len(graphs) + len(stale)
    for done, graph in enumerate(graphs, start=1):
        triples = sorted((ox.Triple(q.subject, q.predicate, q.object)
                          for q in store.quads_for_pattern(None, None, None,
                                                           ox.NamedNode(graph))), key=str)
        sizes[graph] = len(triples)
        requests += _send_graph(remote, method, graph, triples)
        if progress is not None:
            progress(done, total, graph)
    for done, graph in enumerate(stale, start=len(graphs) + 1):
        remote.update(f"DROP SILENT GRAPH <{graph}>")
        requests += 1
        if progress is not None:
            progress(done, total, graph)
    if stale:
        requests += _send_list(remote, method, (before - set(stale)) | set(graphs))
    return PushReport(tuple(graphs), sum(sizes.values()), requests, method, sizes,
                      added=tuple(g for g in graphs if g not in before),
                      replaced=tuple(g for g in graphs if g in before), dropped=tuple(stale))


def _send_list(remote: RemoteBackend, method: str, graphs: set[str]) -> int:
    """Write the list of pushed graphs; the requests it took."""
    import pyoxigraph as ox

    me = ox.NamedNode(PUSHED_GRAPH)
    triples = [ox.Triple(me, ox.NamedNode(RDF.type), ox.NamedNode(PROV.Collection))]
    triples += [ox.Triple(me, ox.NamedNode(PROV.hadMember), ox.NamedNode(g))
                for g in sorted(graphs)]
    return _send_graph(remote, method, PUSHED_GRAPH, triples)


def _send_graph(remote: RemoteBackend, method: str, graph: str, triples: list[Any]) -> int:
    """Replace one graph on the server with ``triples``; the requests it took."""
    import pyoxigraph as ox

    if method == "gsp":
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        remote.put_graph(graph, data if isinstance(data, bytes) else b"")
        return 1
    remote.update(f"DROP SILENT GRAPH <{graph}>")
    requests = 1
    for start in range(0, len(triples), UPDATE_CHUNK):
        chunk = triples[start:start + UPDATE_CHUNK]
        lines = "\n".join(f"{t} ." for t in chunk)
        remote.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{lines}\n}} }}")
        requests += 1
    return requests
