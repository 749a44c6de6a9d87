"""The casegraph command line: the only module that prints, reads arguments or exits."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from typing import Any

import click

from . import __version__
from .errors import CasegraphError
from .files import printable
from .store import DEFAULT_OUT

_OUT_HELP = "Folder of the built graph (graph.trig, the Oxigraph store, manifest.json)."


class _Command(click.Command):
    """Refuses, in one line naming it, a text argument that is not UTF-8. Python keeps the
    bytes of another encoding as lone surrogates, which fail far from where they came in.
    File names are left alone: the system takes them back as the same bytes."""

    def invoke(self, ctx: click.Context) -> Any:
        for param in self.params:
            if isinstance(param.type, click.Path):
                continue
            values = ctx.params.get(param.name or "")
            for value in values if isinstance(values, tuple) else (values,):
                if isinstance(value, str) and _SURROGATE.search(value):
                    raise click.ClickException(
                        f"{_param_name(param)}: '{_shown_bytes(value)}' is not valid UTF-8")
        return super().invoke(ctx)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _param_name(param: click.Parameter) -> str:
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return param.human_readable_name


def _shown_bytes(value: str, most: int = 60) -> str:
    """The text as the bytes it came from, undecodable ones as \\xNN, on one line, cut short."""
    shown = printable(value)
    return shown if len(shown) <= most else shown[:most - 1] + "…"


class _Group(click.Group):
    """Turns every CasegraphError into one 'Error: ...' line and exit status 1."""

    command_class = _Command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CasegraphError as e:
            raise click.ClickException(str(e)) from e


def _out_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--out", "out", default=DEFAULT_OUT, show_default=True,
                        type=click.Path(file_okay=False), help=_OUT_HELP)(function)


def _format_option(*choices: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0],
                        show_default=True, help="Output format.")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"],
                                           "max_content_width": 100})
@click.version_option(__version__, prog_name="casegraph")
def cli() -> None:
    """Turn city case-example documents into a traceable RDF knowledge graph.

    \b
    Typical use:
      casegraph build                      # reads data/cases, writes casegraph-out/
      casegraph stats                      # what the graph holds
      casegraph validate                   # SHACL check, by case and field
      casegraph tactics                    # tactics in use, by cases and cities
      casegraph parse report.docx          # what casegraph reads in one document
      casegraph queries                    # the named questions
      casegraph query tactics-for-challenge -p challenge=IC4
      casegraph push --endpoint http://127.0.0.1:7878/query
      casegraph viz                        # an offline HTML explorer of the graph
      casegraph export --format graphml    # for Gephi; also ttl, trig, jsonld, nt, csv, kumu
      casegraph patterns --challenge IC2   # practices that transfer, with cities and evidence
      casegraph similar Nantes             # the most similar cases, and why
      casegraph recommend --city Tallinn --challenge IC4
      casegraph report                     # one offline report, a section per challenge
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_out_option
@click.option("--strict", is_flag=True,
              help="Write nothing if any document is rejected (default: build the rest).")
@click.option("--encoding", default=None, metavar="NAME",
              help="Encoding of .txt/.md files, instead of detecting it (e.g. cp1252).")
@click.option("--wait", is_flag=True,
              help="If another build is writing OUT, wait for it to finish (default: stop).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def build(paths: tuple[str, ...], out: str, strict: bool, encoding: str | None, wait: bool,
          quiet: bool) -> None:
    """Build the knowledge graph from case-example documents.

    PATHS are files or folders (default: data/cases); folders are read recursively for .txt,
    .md, .rst, .docx and .pdf files. The graph goes to OUT/graph.trig (sorted, stable in git)
    and to an Oxigraph store in OUT/store that the other commands read. A document that cannot be read
    is reported on stderr and skipped; the exit status is then 1. The previous output stays in
    place until the new one is complete. One build at a time writes OUT: a second one stops
    with an error naming the first, or with --wait waits for it.

    \b
    Examples:
      casegraph build
      casegraph build reports/ extra/lyon.docx --out lyon-graph
      casegraph build --strict data/cases
      casegraph build --wait            # after the build that is writing casegraph-out/
    """
    from .pipeline import DEFAULT_CASES
    from .pipeline import build as run_build
    from .store import LockHolder, hold_output

    def say_waiting(holder: LockHolder) -> None:
        if not quiet:
            click.echo(f"{out}: waiting for {holder} to finish", err=True)

    targets = paths or (DEFAULT_CASES,)
    show_bar = not quiet and sys.stderr.isatty()
    with hold_output(out, wait=wait, waiting=say_waiting) as tidied:
        if not quiet:
            for note in tidied:
                click.echo(note, err=True)
        with _ProgressBar(show_bar) as progress:
            report = run_build(targets, out, strict=strict, encoding=encoding,
                               progress=progress)
    for rejection in report.rejected:
        click.echo(str(rejection), err=True)
    if report.passed_over and not quiet:
        click.echo(f"passed over {len(report.passed_over)} file(s) of other types "
                   f"(first: {report.passed_over[0]})", err=True)
    if not quiet:
        for record in report.records:
            for warning in record.warnings:
                click.echo(f"{record.source}: warning: {warning}", err=True)
    built, rejected = len(report.records), len(report.rejected)
    if report.written:
        summary = (f"built {built} case(s) into {report.out} ({report.quads} quads); "
                   f"{rejected} document(s) rejected")
    elif strict and rejected:
        summary = (f"--strict: {rejected} document(s) rejected, nothing written; "
                   f"{report.out} is unchanged")
    else:
        summary = f"no case built; {rejected} document(s) rejected; {report.out} is unchanged"
    if not quiet or rejected:
        click.echo(summary, err=True)
    if rejected or not report.written:
        sys.exit(1)


class _ProgressBar:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""

    def __init__(self, enabled: bool, label: str = "reading") -> None:
        self.enabled = enabled
        self.label = label
        self._bar: Any = None

    def __enter__(self) -> _ProgressBar:
        return self

    def __call__(self, done: int, total: int, path: str) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr,
                                          show_pos=True)
            self._bar.__enter__()
        self._bar.update(1)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@_format_option("json", "table")
@click.option("--encoding", default=None, metavar="NAME",
              help="Encoding of .txt/.md files, instead of detecting it.")
def parse(files: tuple[str, ...], fmt: str, encoding: str | None) -> None:
    """Show what casegraph extracts from documents, without building anything.

    JSON is a list with one object per document. Documents that cannot be read are reported on
    stderr, one line each, and the exit status is then 1.

    \b
    Examples:
      casegraph parse data/cases/stay-tuned-nantes.txt
      casegraph parse data/cases/* --format table
    """
    from .pipeline import parse_documents

    records, rejected, _ = parse_documents(files, encoding=encoding)
    for rejection in rejected:
        click.echo(str(rejection), err=True)
    if fmt == "json":
        click.echo(json.dumps([r.to_json() for r in records], indent=2, ensure_ascii=False))
    else:
        for index, record in enumerate(records):
            if index:
                click.echo("")
            click.echo(_field_table(record.to_json()))
    if rejected:
        sys.exit(1)


def _list_item(value: Any) -> str:
    if isinstance(value, dict) and "code" in value:
        return f"{value['code']} {value['label']} (as written: {value['as_written']})"
    if isinstance(value, dict) and "evidence" in value:
        return f"{value['id']} ({value['confidence']:.2f}): {value['evidence']}"
    return str(value)


def _field_table(data: dict[str, Any]) -> str:
    width = max(len(k) for k in data)
    lines = []
    for key, value in data.items():
        if isinstance(value, list):
            items = [_list_item(v) for v in value]
            shown = ("\n" + " " * (width + 2)).join(items) if items else "-"
        else:
            shown = "-" if value is None else str(value).replace("\n\n", "\n").replace(
                "\n", "\n" + " " * (width + 2))
        lines.append(f"{key:<{width}}  {shown}")
    return "\n".join(lines)


@cli.command()
@_out_option
@_format_option("table", "json")
def stats(out: str, fmt: str) -> None:
    """Count the cases, cities, countries, networks, challenges, tactics and lessons.

    \b
    Examples:
      casegraph stats
      casegraph stats --out lyon-graph --format json
    """
    from .stats import graph_stats

    counts = graph_stats(out)
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2))
    else:
        width = max(len(k) for k in counts)
        for key, value in counts.items():
            click.echo(f"{key:<{width}}  {value:>8}")


@cli.command()
@_out_option
@_format_option("table", "json")
@click.option("--candidates", is_flag=True,
              help="Instead, list the sentences of 'how was it overcome' that no tactic was "
                   "tagged from, grouped across cases by similarity: practices the vocabulary "
                   "may lack, for a curator.")
@click.option("--similarity", type=click.FloatRange(0.0, 1.0), default=0.25,
              show_default=True, metavar="X",
              help="With --candidates: how alike (TF-IDF cosine) sentences must be to share a "
                   "group.")
def tactics(out: str, fmt: str, candidates: bool, similarity: float) -> None:
    """List the tactics vocabulary with how many cases and cities use each tactic.

    Tactics come from ontology/tactics.ttl; the most used come first. With --candidates, the
    sentences no tactic was found in, grouped, with the document each comes from.

    \b
    Examples:
      casegraph tactics
      casegraph tactics --format json | jq '.[] | select(.cities >= 2)'
      casegraph tactics --candidates
      casegraph tactics --candidates --format json | jq '.[] | select(.cases >= 2)'
    """
    from .stats import tactic_candidates, tactic_usage

    if candidates:
        groups = tactic_candidates(out, similarity)
        if fmt == "json":
            click.echo(json.dumps(groups, indent=2, ensure_ascii=False))
            return
        for group in groups:
            click.echo(f"{group['cases']} case(s): {', '.join(group['terms'])}")  # type: ignore[arg-type]
            for item in group["sentences"]:  # type: ignore[attr-defined]
                click.echo(f"  {item['document']}: {item['text']}")
        click.echo(f"{len(groups)} group(s) of sentences no tactic was tagged from")
        return
    rows = tactic_usage(out)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    id_width = max(len(str(r["id"])) for r in rows)
    label_width = max(len(str(r["label"])) for r in rows)
    click.echo(f"{'tactic':<{id_width}}  {'label':<{label_width}}  cases  cities  family")
    for row in rows:
        click.echo(f"{row['id']!s:<{id_width}}  {row['label']!s:<{label_width}}  "
                   f"{row['cases']:>5}  {row['cities']:>6}  {row['family']}")


@cli.command()
@_out_option
@_format_option("table", "json")
def validate(out: str, fmt: str) -> None:
    """Check the built graph against the SHACL shapes in ontology/shapes.ttl.

    Prints one line per finding: the document, the severity, the field and what is wrong.
    The exit status is 1 when there is any violation; warnings alone leave it 0.

    \b
    Examples:
      casegraph validate
      casegraph validate --format json | jq '.[] | select(.severity == "violation")'
    """
    from .validate import validate_graph

    findings = validate_graph(out)
    violations = sum(1 for f in findings if f.severity == "violation")
    warnings = sum(1 for f in findings if f.severity == "warning")
    if fmt == "json":
        click.echo(json.dumps([f.__dict__ for f in findings], indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            click.echo(str(finding))
        click.echo(f"{violations} violation(s), {warnings} warning(s)")
    if violations:
        sys.exit(1)


# --- queries -------------------------------------------------------------------------------------


_ENDPOINT = click.option(
    "--endpoint", metavar="URL", default=None,
    help="A SPARQL 1.1 server's query URL, instead of the built store. Credentials come from "
         "CASEGRAPH_ENDPOINT_USER and CASEGRAPH_ENDPOINT_PASSWORD (or CASEGRAPH_ENDPOINT_TOKEN).")
_UPDATE_ENDPOINT = click.option(
    "--update-endpoint", metavar="URL", default=None,
    help="The server's update URL, where it does not follow from --endpoint.")
_GSP_ENDPOINT = click.option(
    "--gsp-endpoint", metavar="URL", default=None,
    help="The server's Graph Store Protocol URL, where it does not follow from --endpoint.")
_TIMEOUT = click.option(
    "--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
    help="Seconds to wait for the server's answer.")


def _endpoint_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """--endpoint, the update and Graph Store Protocol URLs, and --timeout."""
    return _ENDPOINT(_UPDATE_ENDPOINT(_GSP_ENDPOINT(_TIMEOUT(function))))


def _reading_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """--endpoint and --timeout, for a command that reads the graph from a server instead of
    the built store."""
    return _ENDPOINT(_TIMEOUT(function))


def _reading_store(out: str, backend: str, endpoint: str | None, timeout: float) -> Any:
    """The store a reading command reads: the server at ``endpoint``, else the build in
    ``out`` opened with ``backend``."""
    from .backend import open_backend

    return open_backend(out, backend, endpoint=_endpoint(endpoint, None, None, timeout))


def _endpoint(url: str | None, update_url: str | None, gsp_url: str | None,
              timeout: float) -> Any:
    from .backend import Endpoint

    if url is None:
        if update_url or gsp_url:
            raise click.UsageError("--update-endpoint and --gsp-endpoint need --endpoint")
        return None
    return Endpoint(url, update_url, gsp_url, timeout)


@cli.command("queries")
@_format_option("table", "json")
def list_queries(fmt: str) -> None:
    """List the named queries, with their parameters.

    \b
    Examples:
      casegraph queries
      casegraph queries --format json | jq '.[].name'
    """
    from .queries import named_queries

    known = named_queries()
    if fmt == "json":
        data = [{"name": q.name, "title": q.title, "description": q.description,
                 "parameters": [{"name": p.name, "kind": p.kind, "required": p.required,
                                 "default": p.default, "description": p.description}
                                for p in q.parameters]}
                for q in known.values()]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for query in known.values():
        click.echo(f"{query.name}  -  {query.title}")
        click.echo(f"    {query.description}")
        for p in query.parameters:
            need = "required" if p.required else (f"default {p.default}" if p.default
                                                  else "optional")
            click.echo(f"    --param {p.name}=...  ({p.kind}, {need}) {p.description}")
        click.echo("")


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{value!r}: write NAME=VALUE", param_hint="--param")
        params[key.strip()] = text
    return params


@cli.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "param_values", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the query; repeat for more. Values as you know them: "
                   "challenge=IC4, city=Nantes, tactic='SWOT analysis'.")
@click.option("--file", "query_file", type=click.Path(dir_okay=False), default=None,
              help="Run the SPARQL query in this .rq file.")
@click.option("--sparql", default=None, metavar="TEXT", help="Run this SPARQL query.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]),
              default="table", show_default=True,
              help="table for reading; csv, tsv and json (W3C SPARQL results formats) and md "
                   "for other tools.")
@click.option("--backend", type=click.Choice(["oxigraph", "memory"]), default="oxigraph",
              show_default=True,
              help="The local store: the embedded Oxigraph store, or rdflib in memory.")
@click.option("--raw", is_flag=True,
              help="csv, tsv: every value exactly, as the W3C formats have it (by default a cell "
                   "that begins with = + - @, tab or CR gets a leading ' so that a spreadsheet "
                   "shows it and runs no formula).")
@_out_option
@_endpoint_options
@click.option("--allow-federation", is_flag=True,
              help="Let the query reach other servers and documents: SERVICE, and FROM or FROM "
                   "NAMED of a graph the build does not hold (default: refused; nothing is "
                   "sent). With --endpoint, the server decides.")
def query(name: str | None, param_values: tuple[str, ...], query_file: str | None,
          sparql: str | None, fmt: str, backend: str, raw: bool, out: str,
          endpoint: str | None, update_endpoint: str | None, gsp_endpoint: str | None,
          timeout: float, allow_federation: bool) -> None:
    """Ask the graph: a named query, a .rq file or a SPARQL text.

    Parameters are bound as RDF terms, never pasted into the query. Queries read the union of
    the named graphs locally; against a server, write GRAPH patterns as the named queries do.

    \b
    Examples:
      casegraph query tactics-for-challenge --param challenge=IC4
      casegraph query city-profile -p city=Nantes --format md
      casegraph query cross-city-tactics -p min_cities=3 --format csv > patterns.csv
      casegraph query --file my.rq --format json
      casegraph query --sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
      casegraph query gaps --endpoint http://127.0.0.1:7878/query
      casegraph query --file federated.rq --allow-federation
    """
    from .backend import open_backend
    from .queries import named_query, parse_query_text, read_query, run_query
    from .results import format_results

    chosen = [x for x in (name, query_file, sparql) if x is not None]
    if len(chosen) != 1:
        raise click.UsageError("give one of: a query NAME, --file FILE or --sparql TEXT "
                               "(see 'casegraph queries')")
    if name is not None:
        named = named_query(name)
    elif query_file is not None:
        named = read_query(query_file)
    else:
        named = parse_query_text("--sparql", sparql or "")
    store = open_backend(out, backend,
                         endpoint=_endpoint(endpoint, update_endpoint, gsp_endpoint, timeout),
                         allow_federation=allow_federation)
    try:
        results = run_query(store, named, _params(param_values))
    finally:
        store.close()
    click.echo(format_results(results, fmt, raw=raw), nl=False)


@cli.command()
@_out_option
@_endpoint_options
@click.option("--method", type=click.Choice(["gsp", "update"]), default="gsp",
              show_default=True,
              help="gsp: PUT each graph (Graph Store Protocol); update: DROP and INSERT DATA "
                   "in small chunks, for servers without the protocol.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def push(out: str, endpoint: str | None, update_endpoint: str | None,
         gsp_endpoint: str | None, timeout: float, method: str, quiet: bool) -> None:
    """Load the built graph into a SPARQL server, one named graph per case.

    Each graph replaces whatever the server held under its name; the vocabulary graphs go
    too. Credentials come from the environment, never from the command line.

    \b
    Examples:
      casegraph push --endpoint http://127.0.0.1:7878/query
      CASEGRAPH_ENDPOINT_USER=dba CASEGRAPH_ENDPOINT_PASSWORD=... \\
        casegraph push --endpoint http://127.0.0.1:8890/sparql-auth
      casegraph push --endpoint https://example.org/ds/sparql --method update
    """
    from .backend import RemoteBackend, push_graphs

    target = _endpoint(endpoint, update_endpoint, gsp_endpoint, timeout)
    if target is None:
        raise click.UsageError("push needs --endpoint URL")
    with _ProgressBar(not quiet and sys.stderr.isatty(), "pushing") as progress:
        report = push_graphs(out, RemoteBackend(target), method=method, progress=progress)
    if not quiet:
        click.echo(f"pushed {len(report.graphs)} graph(s), {report.triples} triples, in "
                   f"{report.requests} request(s) ({report.method})", err=True)


# --- the explorer page and exports ---------------------------------------------------------------


@cli.command()
@_out_option
@click.option("--view", "view_name", default="full", show_default=True, metavar="VIEW",
              help="full (every case), challenges (challenges x tactics, edge width = cities), "
                   "city:NAME or challenge:CODE (one city's or one challenge's cases). Names as "
                   "in 'casegraph query': city:Nantes, city:'Mantova, IT', challenge:IC4.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default=None,
              help="The HTML file to write (default: OUT/casegraph.html, or "
                   "OUT/casegraph-VIEW.html for another view; with --endpoint, in the current "
                   "folder).")
@click.option("--max-nodes", type=click.IntRange(min=0), default=None, metavar="N",
              help="Above N nodes the full view folds cases and lessons into their cities "
                   "(default 1500; 0: never).")
@click.option("--backend", type=click.Choice(["oxigraph", "memory"]), default="oxigraph",
              show_default=True, help="The local store to read the graph from.")
@_reading_options
def viz(out: str, view_name: str, output: str | None, max_nodes: int | None,
        backend: str, endpoint: str | None, timeout: float) -> None:
    """Write an interactive explorer of the graph: one HTML file that works offline.

    The page needs no network: vis-network is inside it. Search by name, filter by type,
    challenge, country, network and outcome, click a case to read its tactics with their
    evidence, its lessons and its source document. Send the file to colleagues as it is.

    \b
    Examples:
      casegraph viz                               # casegraph-out/casegraph.html
      casegraph viz --view challenges -o patterns.html
      casegraph viz --view city:Nantes
      casegraph viz --view challenge:IC2 -o ic2.html
      casegraph viz --endpoint http://127.0.0.1:7878/query -o shared.html
    """
    from pathlib import Path

    from .graphs import read_graph_data, resolve_view
    from .render import DEFAULT_MAX_NODES, render_page, write_page

    store = _reading_store(out, backend, endpoint, timeout)
    try:
        view = resolve_view(view_name, store)
        data = read_graph_data(store)
    finally:
        store.close()
    page = render_page(data, view,
                       max_nodes=DEFAULT_MAX_NODES if max_nodes is None else max_nodes)
    if output is None:
        suffix = "" if view.kind == "full" else "-" + _file_part(view_name)
        output = str(_beside(out, endpoint) / f"casegraph{suffix}.html")
    path = write_page(page, output)
    folded = "; cases and lessons folded into cities" if page.aggregated else ""
    click.echo(f"wrote {path} ({page.nodes} nodes, {page.edges} edges{folded})", err=True)


def _beside(out: str, endpoint: str | None) -> Any:
    """Where a page or file goes by default: into the build it was read from; for a graph read
    from a server, the current folder (a folder made in place of a build would stop the next
    'casegraph build' from writing there)."""
    from pathlib import Path

    return Path(".") if endpoint is not None else Path(out)


def _file_part(text: str) -> str:
    from .vocab import slug

    kind, _, value = text.partition(":")
    return slug(f"{kind} {value}")


@cli.command()
@_out_option
@click.option("--format", "fmt", required=True,
              type=click.Choice(["ttl", "trig", "jsonld", "nt", "graphml", "gexf", "csv",
                                 "kumu"]),
              help="ttl, nt: all statements in one graph; trig, jsonld: one named graph per "
                   "document (JSON-LD with a local @context); graphml, gexf: for Gephi and "
                   "Cytoscape; csv: nodes.csv and edges.csv; kumu: a Kumu blueprint.")
@click.option("-o", "--output", "output", type=click.Path(), default=None,
              help="The file to write, or for csv the folder (default: OUT/casegraph.FORMAT, "
                   "OUT/casegraph-csv/; with --endpoint, in the current folder).")
@click.option("--backend", type=click.Choice(["oxigraph", "memory"]), default="oxigraph",
              show_default=True, help="The local store to read nodes and edges from.")
@click.option("--raw", is_flag=True,
              help="csv: keep cells that begin with = + - @, tab or CR exactly (by default "
                   "they get a leading ' so that a spreadsheet shows them and runs no formula).")
@_reading_options
def export(out: str, fmt: str, output: str | None, backend: str, raw: bool,
           endpoint: str | None, timeout: float) -> None:
    """Export the built graph for other tools.

    Output is sorted: the same graph gives the same bytes.

    \b
    Examples:
      casegraph export --format ttl -o graph.ttl
      casegraph export --format graphml            # casegraph-out/casegraph.graphml, for Gephi
      casegraph export --format csv -o tables/     # tables/nodes.csv, tables/edges.csv
      casegraph export --format kumu -o kumu.json
      casegraph export --format gexf --endpoint http://127.0.0.1:7878/query -o shared.gexf
    """
    from pathlib import Path

    from .export import RDF_FORMATS, default_name, export_graph_data, export_rdf, write_export
    from .graphs import read_graph_data

    if fmt in RDF_FORMATS:
        if endpoint is not None:
            raise click.UsageError(f"--format {fmt} exports the built graph.trig; a server "
                                   "exports its own RDF (--endpoint works with graphml, gexf, "
                                   "csv and kumu)")
        result = export_rdf(out, fmt)
        what = f"{result.quads} statements"
    else:
        store = _reading_store(out, backend, endpoint, timeout)
        try:
            data = read_graph_data(store)
        finally:
            store.close()
        result = export_graph_data(data, fmt, raw=raw)
        what = f"{result.nodes} nodes, {result.edges} edges"
    target = output if output is not None else str(_beside(out, endpoint) / default_name(fmt))
    paths = write_export(result, target)
    click.echo(f"wrote {', '.join(str(p) for p in paths)} ({what})", err=True)


# --- transferable practices ----------------------------------------------------------------------


def _analysis_inputs(out: str, endpoint: str | None = None, timeout: float = 60.0,
                     ) -> tuple[Any, Any, dict[str, str], dict[str, dict[str, str]]]:
    """The open store (the build in ``out``, or the server at ``endpoint``), the cases read
    from it, their challenge texts and the mappings between the challenge schemes."""
    from .graphs import read_challenge_matches, read_challenge_texts, read_graph_data

    store = _reading_store(out, "oxigraph", endpoint, timeout)
    try:
        return (store, read_graph_data(store), read_challenge_texts(store),
                read_challenge_matches(store))
    except BaseException:
        store.close()
        raise


def _challenge_code(text: str | None, store: Any) -> str | None:
    """IC4, UIA-2, a challenge's name or short form -> its code."""
    from .errors import QueryParameterError
    from .queries import Parameter, resolve_value

    if text is None:
        return None
    try:
        term = resolve_value(Parameter("challenge", "challenge"), text, store)
    except QueryParameterError as e:
        raise QueryParameterError(e.message, where="--challenge") from e
    return str(term).rsplit("/", 1)[-1]


def _city_iri(text: str, store: Any, where: str) -> str | None:
    """The IRI of the city a user names, or None when the graph has no such city."""
    from .errors import QueryParameterError
    from .queries import Parameter, resolve_value

    try:
        return str(resolve_value(Parameter("city", "city"), text, store))
    except QueryParameterError as e:
        if "more than one city" in e.message:
            raise QueryParameterError(e.message, where=where) from e
        return None


def _quote(text: str, most: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


def _practice_lines(explanation: str, practice: Any, md: bool) -> list[str]:
    bullet = "- " if md else "   "
    lines = [f"{bullet}why: {explanation}"]
    for use in practice.uses:
        evidence = f'"{_quote(use.evidence)}"' if use.evidence else "(no sentence)"
        lines.append(f"{bullet}evidence, {use.city} ({use.country}, {use.outcome}): {evidence}")
    for lesson in practice.lessons:
        lines.append(f'{bullet}lesson, {lesson.city}: "{_quote(lesson.text)}"')
    return lines


def _echo_practices(rows: list[tuple[str, str, Any]], fmt: str, title: str,
                    empty: str) -> None:
    """rows: (heading of the item, its explanation, the practice behind it)."""
    if fmt == "md":
        click.echo(f"# {title}\n")
    if not rows:
        click.echo(empty)
        return
    for rank, (heading, explanation, practice) in enumerate(rows, 1):
        if fmt == "md":
            click.echo(f"## {rank}. {heading}\n")
            click.echo("\n".join(_practice_lines(explanation, practice, True)) + "\n")
        else:
            click.echo(f"{rank}. {heading}")
            click.echo("\n".join(_practice_lines(explanation, practice, False)))
            click.echo("")


@cli.command()
@_out_option
@click.option("--challenge", default=None, metavar="CODE",
              help="Only practices used against this challenge: IC2, UIA-4, or its name.")
@click.option("--min-cities", type=click.IntRange(min=1), default=2, show_default=True,
              help="Leave out practices used in fewer cities.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many practices to list.")
@_format_option("table", "json", "md")
@_reading_options
def patterns(out: str, challenge: str | None, min_cities: int, top: int, fmt: str,
             endpoint: str | None, timeout: float) -> None:
    """Rank practices (a tactic used against a challenge) by how well they transfer.

    A practice ranks higher when more cities and countries used it against the same challenge
    and when they solved it: score = cities + countries + per city 1 (completely solved),
    0.5 (partly), 0 (unknown) or -1 (not solved). Each comes with its cities, outcomes,
    evidence sentences and the lessons that mention it.

    \b
    Examples:
      casegraph patterns
      casegraph patterns --challenge IC2
      casegraph patterns --challenge "Involving local stakeholders" --min-cities 1 --format md
      casegraph patterns --format json | jq '.[0].explanation'
    """
    from .analyse import rank_practices

    store, data, _, _ = _analysis_inputs(out, endpoint, timeout)
    try:
        code = _challenge_code(challenge, store)
    finally:
        store.close()
    found = rank_practices(data, code, min_cities)[:top]
    if fmt == "json":
        click.echo(json.dumps([p.to_json() for p in found], indent=2, ensure_ascii=False))
        return
    scope = f" against {code}" if code else ""
    _echo_practices(
        [(f"{p.label} [{p.challenge}]  score {p.score:g}", p.explanation, p) for p in found], fmt,
        f"Transferable practices{scope}",
        f"no practice{scope} was used in {min_cities} or more cities; try --min-cities 1")


@cli.command()
@click.argument("case_or_city")
@_out_option
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True,
              help="How many cases to list.")
@_format_option("table", "json", "md")
@_reading_options
def similar(case_or_city: str, out: str, top: int, fmt: str, endpoint: str | None,
            timeout: float) -> None:
    """List the cases most similar to a city's cases or to one case, and why.

    Similarity is the mean of three numbers between 0 and 1: shared challenges (Jaccard),
    shared tactics (Jaccard) and how alike the challenge texts are (TF-IDF cosine). A city's
    own cases are left out. CASE_OR_CITY is a city (Nantes, 'Mantova, IT'), a case's source
    file name or (part of) its title.

    \b
    Examples:
      casegraph similar Nantes
      casegraph similar stay-tuned-ghent.txt --top 3
      casegraph similar "Palazzo Te" --format json
    """
    from .analyse import find_target
    from .analyse import similar as find_similar

    store, data, texts, _ = _analysis_inputs(out, endpoint, timeout)
    try:
        city = _city_iri(case_or_city, store, "CASE_OR_CITY")
    finally:
        store.close()
    target = find_target(data, case_or_city, city=city)
    found = find_similar(data, target, top, texts)
    if fmt == "json":
        click.echo(json.dumps({"target": {"kind": target.kind, "name": target.name},
                               "similar": [s.to_json() for s in found]},
                              indent=2, ensure_ascii=False))
        return
    if fmt == "md":
        click.echo(f"# Cases similar to {target.name}\n")
    else:
        click.echo(f"Cases similar to {target.name} ({target.kind}):")
    for rank, item in enumerate(found, 1):
        head = f"{rank}. {item.city} ({item.country}): {item.title}  score {item.score:.2f}"
        click.echo(f"## {head}\n\n{item.explanation}\n" if fmt == "md"
                   else f"{head}\n   {item.explanation}")


@cli.command()
@_out_option
@click.option("--city", required=True, metavar="NAME",
              help="The city asking: one in the graph (Nantes, 'Mantova, IT') or any other "
                   "(then --challenge is needed).")
@click.option("--challenge", default=None, metavar="CODE",
              help="The challenge it faces: IC4, UIA-2, or its name (default: every "
                   "challenge the city's cases faced).")
@click.option("--description", default=None, metavar="TEXT",
              help="A few sentences on the city's challenge; for a city not in the graph, "
                   "practices from cases with a similar challenge text rank higher.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many practices to list.")
@click.option("--include-used", is_flag=True,
              help="Also list (marked) practices the city already uses against the challenge.")
@_format_option("table", "json", "md")
@_reading_options
def recommend(out: str, city: str, challenge: str | None, description: str | None, top: int,
              include_used: bool, fmt: str, endpoint: str | None, timeout: float) -> None:
    """Recommend practices from other cities, with their evidence and lessons.

    Each practice's transferability score (see 'casegraph patterns', counting other cities
    only) is multiplied by 1 + relevance: how close the closest case behind it is to the city
    (case similarity for a city in the graph, TF-IDF similarity to --description for one that
    is not). Practices used against a challenge of the other scheme that the vocabulary maps
    to this one (IC1 ~ UIA-3) count x0.75 (close match) or x0.5 (related match). Each tactic
    is listed once.

    \b
    Examples:
      casegraph recommend --city Nantes
      casegraph recommend --city Ghent --challenge IC2 --format md
      casegraph recommend --city Tallinn --challenge IC4 \\
        --description "Our strategy for early school leaving stays on paper"
    """
    from .analyse import find_target
    from .analyse import recommend as find_recommendations

    store, data, texts, matches = _analysis_inputs(out, endpoint, timeout)
    try:
        code = _challenge_code(challenge, store)
        iri = _city_iri(city, store, "--city")
    finally:
        store.close()
    target = find_target(data, city, city=iri) if iri is not None else None
    found = find_recommendations(data, city=target.name if target else city, challenge=code,
                                 description=description, target=target, texts=texts,
                                 matches=matches, include_used=include_used, top=top)
    if fmt == "json":
        click.echo(json.dumps([r.to_json() for r in found], indent=2, ensure_ascii=False))
        return
    where = "in the graph" if target else "not in the graph"
    scope = f" against {code}" if code else ""
    _echo_practices(
        [(f"{r.practice.label} [{r.practice.challenge}"
          + (f" ~ {r.for_challenge}" if r.match else "") + f"]  score {r.score:.2f}"
          + ("  (already used)" if r.already_used else ""), r.explanation, r.practice)
         for r in found], fmt,
        f"Practices for {target.name if target else city} ({where}){scope}",
        f"no other city documented a practice{scope}")



@cli.command("report")
@_out_option
@_format_option("html", "md")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default=None,
              help="The file to write (default: OUT/casegraph-report.html or .md; with "
                   "--endpoint, in the current folder). Markdown "
                   "also writes its heatmap next to it, as NAME-heatmap.png.")
@click.option("--challenge", default=None, metavar="CODE",
              help="Only this challenge's section: IC2, UIA-4, or its name (default: one "
                   "section per challenge that cases faced).")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True,
              help="How many transferable practices each section lists.")
@_reading_options
def report_command(out: str, fmt: str, output: str | None, challenge: str | None,
                   top: int, endpoint: str | None, timeout: float) -> None:
    """Write an offline report, one section per challenge the cases faced.

    Each section lists the cases, the top transferable practices with their explanations (as
    'casegraph patterns' ranks them), the centrality of the tactics (betweenness in the
    challenge's city-tactic graph, and the cities using each), the communities of cities and
    tactics (Louvain, fixed seed) and the tactics used in one city only. The report opens
    with a challenge x tactic heatmap and closes with the gaps of the whole graph. HTML is one
    self-contained file (the heatmap inline); the same graph gives the same bytes.

    \b
    Examples:
      casegraph report                             # casegraph-out/casegraph-report.html
      casegraph report --challenge IC2 -o ic2.html
      casegraph report --format md -o report.md    # report.md and report-heatmap.png
    """
    from pathlib import Path

    from .report import build_report, write_markdown

    store, data, _, _ = _analysis_inputs(out, endpoint, timeout)
    try:
        code = _challenge_code(challenge, store)
    finally:
        store.close()
    found = build_report(data, challenge=code, top=top)
    if output is None:
        output = str(_beside(out, endpoint) / f"casegraph-report.{fmt}")
    if fmt == "md":
        paths = write_markdown(found, output)
    else:
        from .render import write_report

        paths = (write_report(found, output),)
    click.echo(f"wrote {', '.join(str(p) for p in paths)} ({len(found.sections)} challenge "
               f"section(s); heatmap {len(found.matrix.rows)} challenges x "
               f"{len(found.matrix.columns)} tactics)", err=True)


def main() -> None:
    """The console script."""
    cli(prog_name="casegraph")
