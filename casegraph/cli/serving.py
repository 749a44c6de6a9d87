"""``casegraph serve``: the build offered to a programme office's readers from one local,
read-only web server."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .base import cli
from .options import out_option


def _warn_open(host: str, port: int) -> None:
    lines = [
        f"WARNING: casegraph serve is listening on {host}, not on this machine alone.",
        f"Anyone who can reach port {port} of this machine can read the whole graph, its "
        "evidence and the documents it was read from.",
        "Use --host 127.0.0.1 (the default) to keep it to this machine.",
    ]
    for line in lines:
        click.secho(line, err=True, fg="red", bold=True)


@cli.command()
@out_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. Anything but a loopback address (127.0.0.1, "
                   "::1, localhost) lets other machines in, and the command says so loudly.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port to listen on (0: any free port; the address is printed).")
@click.option("--timeout", "query_timeout", type=click.FloatRange(min=0.1), default=30.0,
              show_default=True, metavar="SECONDS",
              help="A query running longer is stopped and answered 503.")
@click.option("--max-query-size", type=click.IntRange(min=256), default=64 * 1024,
              show_default=True, metavar="BYTES", help="A longer query text is refused (413).")
@click.option("--max-answer-size", type=click.IntRange(min=1024), default=64 * 1024 * 1024,
              show_default=True, metavar="BYTES",
              help="A larger answer is refused (422): add a LIMIT.")
@click.option("--workers", type=click.IntRange(1, 32), default=2, show_default=True,
              help="Queries answered at once, each in a process of its own.")
@click.option("--access-log", is_flag=True,
              help="Print a line per request on stderr (address, request, status).")
def serve(out: str, host: str, port: int, query_timeout: float, max_query_size: int,
          max_answer_size: int, workers: int, access_log: bool) -> None:
    """Serve the build, read-only, to a browser and to SPARQL clients.

    \b
    One local web server over the build in --out:
      /sparql    a SPARQL 1.1 Protocol endpoint (GET and POST; results as JSON, XML,
                 CSV or TSV; CONSTRUCT and DESCRIBE as Turtle, JSON-LD, N-Triples or
                 RDF/XML). No update of any kind, no SERVICE; each query has a time and
                 size limit.
      /editor    a query editor (YASGUI) with the named queries as examples
      /explorer  the explorer page;  /report  the report
      /cases     a page per case with its evidence and its source document

    It listens on 127.0.0.1 unless told otherwise. The default graph is the union of
    the build's graphs, as in 'casegraph query'. Stop it with Ctrl+C.

    \b
    Examples:
      casegraph serve                               # http://127.0.0.1:8000/
      casegraph serve --out casegraph-out --port 8080
      casegraph query --endpoint http://127.0.0.1:8000/ tactics-for-challenge \\
          --param challenge=IC4                     # from another terminal
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * {?s ?p ?o} LIMIT 3' \\
          http://127.0.0.1:8000/sparql
    """
    from ..layout import STORE_NAME
    from ..query.local import not_built
    from ..query.source import Source
    from ..web.app import Limits, is_loopback
    from ..web.server import listen, prepare, run

    folder = Path(out)
    if not (folder / STORE_NAME).is_dir():
        raise not_built(out)
    try:
        sock = listen(host, port)
    except OSError as e:
        raise click.ClickException(f"cannot listen on {host}:{port}: "
                                   f"{e.strerror or e}; choose another --port or --host")
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    url = f"http://{shown}:{sock.getsockname()[1]}/"

    def progress(step: str) -> None:
        if sys.stderr.isatty():
            click.echo(f"serve: {step}…", err=True)

    built = prepare(Source(folder), progress=progress)
    limits = Limits(query_timeout, max_query_size, max_answer_size, workers)
    if not is_loopback(host):
        _warn_open(host, sock.getsockname()[1])
    click.echo(f"casegraph serve: {url} (read-only, {len(built.data.cases):,} cases)")
    click.echo(f"  SPARQL endpoint  {url}sparql")
    click.echo(f"  query editor     {url}editor")
    click.echo(f"  explorer         {url}explorer")
    click.echo(f"  report           {url}report")
    click.echo(f"  cases            {url}cases")
    click.echo("Press Ctrl+C to stop.")
    sys.stdout.flush()
    try:
        run(folder, built, limits, sock, host, access_log=access_log)
    except KeyboardInterrupt:  # pragma: no cover - uvicorn handles the signal itself
        pass
    finally:
        sock.close()
