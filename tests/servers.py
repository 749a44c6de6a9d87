"""Real SPARQL 1.1 servers (Oxigraph, Virtuoso 7) on 127.0.0.1, as session-scoped pytest fixtures.

conftest.py registers this module as a pytest plugin, so every test module can ask for the
fixtures by name; ``from servers import Server, clear`` brings the helpers.
Each fixture starts its own throwaway server in a temporary directory on free loopback
ports and stops it at the end of the session. docs/servers.md lists how the two differ.

A missing server binary skips the tests that need it, loudly; with
``CASEGRAPH_REQUIRE_SERVERS=1`` (set in CI) it fails them instead.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = [
    "OxigraphProcess",
    "Server",
    "ServerStartError",
    "VirtuosoProcess",
    "clear",
    "skip_or_fail",
    "oxigraph_server",
    "virtuoso_server",
]

#: Set to 1 in CI: a missing server binary is then a failure, not a skip.
REQUIRE_ENV = "CASEGRAPH_REQUIRE_SERVERS"

#: Virtuoso cuts every SELECT result at this many rows (``ResultSetMaxRows``). The value is
#: deliberately tiny so that the tests meet the cut: real Virtuoso endpoints truncate results
#: silently (status 200, one response header), and casegraph's client has to page around it.
VIRTUOSO_MAX_ROWS = 50

#: Graphs a fresh Virtuoso database already holds: its own metadata, not user data.
#: ``clear`` leaves them alone, and a client listing graphs should filter them out. The last
#: one is named after the [URIQA] DefaultHost, unset in our ini.
VIRTUOSO_SYSTEM_GRAPHS = frozenset(
    {
        "http://www.openlinksw.com/schemas/virtrdf#",
        "http://www.w3.org/ns/ldp#",
        "http://localuriqaserver/sparql",
    }
)

_START_TIMEOUT_S = 60.0
_STOP_TIMEOUT_S = 30.0
_START_ATTEMPTS = 3  # a port found free can be taken before the server binds it


class ServerStartError(RuntimeError):
    """A server process did not come up; the message carries the tail of its log."""


@dataclass(frozen=True)
class Server:
    """A running SPARQL 1.1 server: where to query, update and load graphs, and as whom."""

    name: str
    query_url: str
    update_url: str
    #: SPARQL 1.1 Graph Store HTTP Protocol endpoint; name the graph with ``?graph=IRI``.
    gsp_url: str
    user: str | None = None
    password: str | None = None
    auth_query_url: str | None = None
    auth_update_url: str | None = None
    auth_gsp_url: str | None = None
    #: Rows after which the server silently cuts a SELECT result; None when it never does.
    max_rows: int | None = None
    #: Graphs that belong to the server itself, present in a fresh store.
    system_graphs: frozenset[str] = frozenset()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:]) or f"(empty log at {path})"


class _ServerProcess(ABC):
    """One server process in its own directory: start it, wait for it, stop it."""

    name = ""
    binary = ""
    install_hint = ""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None
        self.http_port = 0

    # What each server kind fills in.
    @abstractmethod
    def _command(self) -> list[str]:
        """The command line that starts the server in the foreground."""

    def _prepare(self) -> None:
        """Write configuration and choose ports before a start attempt."""
        self.http_port = _free_port()

    def _after_ready(self) -> None:
        """Configure the running server (permissions and so on)."""

    @abstractmethod
    def _ready_url(self) -> str:
        """A URL that answers 200 once the server takes queries."""

    def _logs(self) -> list[Path]:
        return [self.directory / "server.log"]

    @abstractmethod
    def describe(self) -> Server:
        """Where the running server takes queries, updates and Graph Store requests."""

    # Shared lifecycle.
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def start(self) -> Server:
        binary = shutil.which(self.binary)
        if binary is None:
            raise FileNotFoundError(self.binary)
        for _ in range(_START_ATTEMPTS):
            self._prepare()
            with open(self.directory / "server.log", "ab") as log:
                self.process = subprocess.Popen(
                    [binary, *self._command()[1:]],
                    cwd=self.directory,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            if self._wait_ready():
                self._after_ready()
                return self.describe()
            self.stop()
        raise ServerStartError(
            f"{self.name} did not start after {_START_ATTEMPTS} attempts in {self.directory}; "
            f"last log lines:\n" + "\n---\n".join(_tail(path) for path in self._logs())
        )

    def _wait_ready(self) -> bool:
        """Poll until the server answers; False when the process dies (a port race, say)."""
        assert self.process is not None
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(self._ready_url(), timeout=1) as response:
                    if response.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        self.stop()
        raise ServerStartError(
            f"{self.name} did not answer {self._ready_url()} within {_START_TIMEOUT_S:.0f} s; "
            f"last log lines:\n" + "\n---\n".join(_tail(path) for path in self._logs())
        )

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class OxigraphProcess(_ServerProcess):
    """``oxigraph serve`` from the PyPI package ``oxigraph``, with a persistent store on disk."""

    name = "oxigraph"
    binary = "oxigraph"
    install_hint = "pip install 'oxigraph>=0.5,<0.6' (it is in the test extra: pip install -e '.[test]')"

    def _command(self) -> list[str]:
        # No --union-default-graph: casegraph's queries name their graphs with GRAPH.
        return [
            self.binary,
            "serve",
            "--location",
            str(self.directory / "store"),
            "--bind",
            f"127.0.0.1:{self.http_port}",
        ]

    def _ready_url(self) -> str:
        return f"{self.base_url}/query?query=ASK%7B%7D"

    def describe(self) -> Server:
        return Server(
            name=self.name,
            query_url=f"{self.base_url}/query",
            update_url=f"{self.base_url}/update",
            gsp_url=f"{self.base_url}/store",
        )


_VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {d}/virtuoso-temp.db
TransactionFile    = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 60
O_DIRECT             = 0
CaseMode             = 2
AllowOSCalls         = 0
DirsAllowed          = ., {d}
NumberOfBuffers      = 2000
MaxDirtyBuffers      = 1200
MaxQueryMem          = 64M
ThreadsPerQuery      = 2
AsyncQueueMaxThreads = 4
IndexTreeMaps        = 8
VectorSize           = 100
MaxVectorSize        = 10000

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {d}
MaxClientConnections = 5
ServerThreads        = 5
MaxKeepAlives        = 5
KeepAliveTimeout     = 10
Charset              = UTF-8
EnabledDavVSP        = 0
HTTPProxyEnabled     = 0

[SPARQL]
; Deliberately small: see VIRTUOSO_MAX_ROWS in tests/servers.py.
ResultSetMaxRows           = {max_rows}
MaxQueryExecutionTime      = 60
MaxQueryCostEstimationTime = 400
"""


class VirtuosoProcess(_ServerProcess):
    """``virtuoso-t`` from Debian's virtuoso-opensource-7-bin, with a minimal loopback-only ini."""

    name = "virtuoso"
    binary = "virtuoso-t"
    install_hint = (
        "apt-get install -y --no-install-recommends virtuoso-opensource-7-bin "
        "(provides virtuoso-t and isql-vt)"
    )
    #: The stock administrator account of a fresh database; tolerable only because the
    #: instance listens on 127.0.0.1 and is thrown away after the session.
    user = "dba"
    password = "dba"

    def __init__(self, directory: Path) -> None:
        super().__init__(directory)
        self.sql_port = 0

    def _prepare(self) -> None:
        super()._prepare()
        self.sql_port = _free_port()
        ini = _VIRTUOSO_INI.format(
            d=self.directory,
            sql_port=self.sql_port,
            http_port=self.http_port,
            max_rows=VIRTUOSO_MAX_ROWS,
        )
        (self.directory / "virtuoso.ini").write_text(ini, encoding="utf-8")

    def _command(self) -> list[str]:
        # -f keeps it in the foreground, so the Popen pid is the server's own.
        return [self.binary, "-f", "-c", "virtuoso.ini"]

    def _ready_url(self) -> str:
        return f"{self.base_url}/sparql?query=ASK%7B%7D"

    def _logs(self) -> list[Path]:
        return [self.directory / "server.log", self.directory / "virtuoso.log"]

    def _after_ready(self) -> None:
        # Anonymous SPARQL UPDATE and Graph Store writes, for this throwaway instance only.
        self.isql('GRANT SPARQL_UPDATE TO "SPARQL";')

    def isql(self, statement: str) -> str:
        """Run one SQL statement as dba; isql-vt exits 0 even when the SQL fails."""
        isql = shutil.which("isql-vt")
        if isql is None:
            raise ServerStartError(f"isql-vt not found; {self.install_hint}")
        result = subprocess.run(
            [isql, f"127.0.0.1:{self.sql_port}", self.user, self.password, "EXEC=" + statement],
            capture_output=True,
            text=True,
            timeout=60,
        )
        output = result.stdout + result.stderr
        if result.returncode != 0 or "*** Error" in output:
            raise ServerStartError(f"isql-vt failed on {statement!r}:\n{output}")
        return output

    def describe(self) -> Server:
        return Server(
            name=self.name,
            query_url=f"{self.base_url}/sparql",
            update_url=f"{self.base_url}/sparql",
            gsp_url=f"{self.base_url}/sparql-graph-crud",
            user=self.user,
            password=self.password,
            auth_query_url=f"{self.base_url}/sparql-auth",
            auth_update_url=f"{self.base_url}/sparql-auth",
            auth_gsp_url=f"{self.base_url}/sparql-graph-crud-auth",
            max_rows=VIRTUOSO_MAX_ROWS,
            system_graphs=VIRTUOSO_SYSTEM_GRAPHS,
        )


def skip_or_fail(what: str, message: str) -> None:
    """A program the tests need is not installed: fail when ``CASEGRAPH_REQUIRE_SERVERS=1``
    (as in CI), else skip, loudly, saying what to install."""
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{message} ({REQUIRE_ENV}=1)", pytrace=False)
    warnings.warn(f"SKIPPING {what} tests: {message}", stacklevel=3)
    pytest.skip(f"SKIPPED, {what} not installed: {message}")


def _missing(kind: type[_ServerProcess]) -> None:
    skip_or_fail(f"{kind.name} server",
                 f"{kind.name} server tests need `{kind.binary}` on PATH: {kind.install_hint}")


def _serve(kind: type[_ServerProcess], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if shutil.which(kind.binary) is None:
        _missing(kind)
    server = kind(tmp_path_factory.mktemp(kind.name))
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """An Oxigraph server with an empty on-disk store, for the whole session."""
    yield from _serve(OxigraphProcess, tmp_path_factory)


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A Virtuoso 7 server with a fresh database and anonymous updates allowed."""
    yield from _serve(VirtuosoProcess, tmp_path_factory)


def clear(server: Server) -> None:
    """Drop every user graph (and the default graph's triples), leaving system graphs alone."""
    if server.name != "virtuoso":
        _post_update(server, "DROP ALL")
        return
    # Virtuoso answers DROP ALL with 200 and drops nothing, so drop the graphs one by one.
    # Plain DROP GRAPH fails on graphs never made with CREATE GRAPH; DROP SILENT does not.
    # The listing is cut at max_rows, hence the loop.
    while True:
        graphs = _select_graphs(server) - server.system_graphs
        if not graphs:
            return
        _post_update(server, " ".join(f"DROP SILENT GRAPH <{graph}> ;" for graph in graphs))


def _select_graphs(server: Server) -> set[str]:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    request = urllib.request.Request(
        server.query_url,
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        bindings = json.load(response)["results"]["bindings"]
    return {row["g"]["value"] for row in bindings}


def _post_update(server: Server, update: str) -> None:
    request = urllib.request.Request(
        server.update_url,
        data=update.encode(),
        headers={"Content-Type": "application/sparql-update; charset=utf-8"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
