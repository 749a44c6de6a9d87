"""The commands that read the built graph as it is: counts, tactics in use, validation, the
named queries and any SPARQL, and pushing the graph to a server."""

from __future__ import annotations

import sys
from typing import Any

import click

from .base import ProgressBar, cli, echo_text
from .options import (LazyChoice, LazyHelpOption, answer_formats, format_option, graph_options,
                      out_option, server_options)

@cli.command()
@graph_options()
@format_option(answer_formats("stats"), default="table")
def stats(source: Any, fmt: str) -> None:
    """Count the cases, cities, countries, networks, challenges, tactics and lessons.

    \b
    Examples:
      casegraph stats
      casegraph stats --out lyon-graph --format json
      casegraph stats --endpoint http://127.0.0.1:7878/query
    """
    from ..query.stats import graph_stats
    from ..views.answers import stats_text, to_json

    with source.open() as graph:
        counts = graph_stats(graph)
    echo_text(to_json(counts) + "\n" if fmt == "json" else stats_text(counts))


@cli.command()
@graph_options()
@format_option(answer_formats("tactics"), default="table")
@click.option("--candidates", is_flag=True,
              help="Instead, list the sentences of 'how was it overcome' that no tactic was "
                   "tagged from, grouped across cases by similarity: practices the vocabulary "
                   "may lack, for a curator.")
@click.option("--similarity", type=click.FloatRange(0.0, 1.0), default=0.25,
              show_default=True, metavar="X",
              help="With --candidates: how alike (TF-IDF cosine) sentences must be to share a "
                   "group.")
def tactics(source: Any, fmt: str, candidates: bool, similarity: float) -> None:
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
    from ..query.stats import tactic_candidates, tactic_usage
    from ..views.answers import candidates_text, tactic_usage_text, to_json

    with source.open() as graph:
        rows = tactic_candidates(graph, similarity) if candidates else tactic_usage(graph)
    if fmt == "json":
        echo_text(to_json(rows) + "\n")
    else:
        echo_text(candidates_text(rows) if candidates else tactic_usage_text(rows))


@cli.command()
@graph_options()
@format_option(answer_formats("validate"), default="table")
def validate(source: Any, fmt: str) -> None:
    """Check the built graph against the SHACL shapes in ontology/shapes.ttl.

    Prints one line per finding: the document, the severity, the field and what is wrong.
    The exit status is 1 when there is any violation; warnings alone leave it 0.

    \b
    Examples:
      casegraph validate
      casegraph validate --format json | jq '.[] | select(.severity == "violation")'
      casegraph validate --endpoint http://127.0.0.1:7878/query
    """
    from ..query.validate import validate_graph
    from ..views.answers import findings_text, to_json

    with source.open() as graph:
        findings = validate_graph(graph)
    if fmt == "json":
        echo_text(to_json([f.__dict__ for f in findings]) + "\n")
    else:
        echo_text(findings_text(findings))
    if any(f.severity == "violation" for f in findings):
        sys.exit(1)


@cli.command("queries")
@format_option(answer_formats("queries"), default="table")
def list_queries(fmt: str) -> None:
    """List the named queries, with their parameters.

    \b
    Examples:
      casegraph queries
      casegraph queries --format json | jq '.[].name'
    """
    from ..query.queries import named_queries
    from ..views.answers import queries_json, queries_text, to_json

    known = list(named_queries().values())
    echo_text(to_json(queries_json(known)) + "\n" if fmt == "json" else queries_text(known))


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{value!r}: write NAME=VALUE", param_hint="--param")
        params[key.strip()] = text
    return params


def _result_formats() -> tuple[str, ...]:
    from ..query.results import FORMATS

    return FORMATS


@cli.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "param_values", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the query; repeat for more. Values as you know them: "
                   "challenge=IC4, city=Nantes, tactic='SWOT analysis'.")
@click.option("--file", "query_file", type=click.Path(dir_okay=False, allow_dash=True),
              default=None, help="Run the SPARQL query in this .rq file ('-': read it from "
                                 "standard input).")
@click.option("--sparql", default=None, metavar="TEXT", help="Run this SPARQL query.")
@format_option(_result_formats, default="table",
               help="table for reading; csv, tsv and json (W3C SPARQL results formats) and md "
                    "for other tools; a CONSTRUCT or DESCRIBE answer as turtle (also what "
                    "table writes), trig, nt (N-Triples) or jsonld.")
@click.option("--raw", is_flag=True,
              help="csv, tsv: every value exactly, as the W3C formats have it (by default a cell "
                   "that begins with = + - @, tab or CR gets a leading ' so that a spreadsheet "
                   "shows it and runs no formula).")
@graph_options(service_urls=True, federation=True)
def query(name: str | None, param_values: tuple[str, ...], query_file: str | None,
          sparql: str | None, fmt: str, raw: bool, source: Any) -> None:
    """Ask the graph: a named query, a .rq file or a SPARQL text.

    Parameters are bound as RDF terms, never pasted into the query. One dataset rule on every
    store: the default graph is the union of casegraph's named graphs, and GRAPH ?g ranges
    over them. Against a server, a query of yours that names no FROM gets that dataset through
    the SPARQL Protocol (default-graph-uri, named-graph-uri), so it answers as the build does.

    \b
    Examples:
      casegraph query tactics-for-challenge --param challenge=IC4
      casegraph query city-profile -p city=Nantes --format md
      casegraph query cross-city-tactics -p min_cities=3 --format csv > patterns.csv
      casegraph query --file my.rq --format json
      curl -s https://example.org/question.rq | casegraph query --file -
      casegraph query --sparql 'DESCRIBE <https://w3id.org/casegraph/tactic/swot-analysis>'
      casegraph query --file neighbours.rq --format jsonld > neighbours.jsonld
      casegraph query --sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
      casegraph query gaps --endpoint http://127.0.0.1:7878/query
      casegraph query --file federated.rq --allow-federation
    """
    from ..query.queries import named_query, parse_query_text, read_query, run_query
    from ..query.results import format_results

    chosen = [x for x in (name, query_file, sparql) if x is not None]
    if len(chosen) != 1:
        raise click.UsageError("give one of: a query NAME, --file FILE or --sparql TEXT "
                               "(see 'casegraph queries')")
    if name is not None:
        named = named_query(name)
    elif query_file == "-":
        named = parse_query_text("stdin", sys.stdin.read())
    elif query_file is not None:
        named = read_query(query_file)
    else:
        named = parse_query_text("--sparql", sparql or "")
    with source.open() as graph:
        if name is None and hasattr(graph.backend, "as_local"):
            graph.backend.as_local = True  # a server answers as the build does
        results = run_query(graph, named, _params(param_values))
    echo_text(format_results(results, fmt, raw=raw))


def _push_methods() -> tuple[str, ...]:
    from ..query.remote import PUSH_METHODS

    return tuple(PUSH_METHODS)


def _push_help() -> str:
    from ..query.remote import PUSH_METHODS

    return "; ".join(f"{name}: {text}" for name, text in PUSH_METHODS.items()) + "."


@cli.command()
@out_option
@server_options
@click.option("--method", type=LazyChoice(_push_methods), default="gsp", show_default=True,
              cls=LazyHelpOption, help_from=_push_help)
@click.option("--prune/--no-prune", default=True, show_default=True,
              help="Drop the graphs casegraph pushed to this server before and the build no "
                   "longer has (removed or renamed documents); --no-prune keeps them. Graphs "
                   "casegraph did not push are never touched.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def push(out: str, endpoint: Any, method: str, prune: bool, quiet: bool) -> None:
    """Load the built graph into a SPARQL server, one named graph per case.

    Each graph replaces whatever the server held under its name; the vocabulary graphs and
    the summary go too. casegraph lists what it pushed in a graph of its own
    (https://w3id.org/casegraph/graph/pushed), and drops the graphs on that list that the
    build no longer has, so that the server answers as the build does. Credentials come from
    the environment, never from the command line.

    \b
    Examples:
      casegraph push --endpoint http://127.0.0.1:7878/query
      CASEGRAPH_ENDPOINT_USER=dba CASEGRAPH_ENDPOINT_PASSWORD=... \\
        casegraph push --endpoint http://127.0.0.1:8890/sparql-auth
      casegraph push --endpoint https://example.org/ds/sparql --method update
      casegraph push --endpoint http://127.0.0.1:7878/query --no-prune
    """
    from ..query.remote import RemoteBackend, push_graphs

    if endpoint is None:
        raise click.UsageError("push needs --endpoint URL")
    with ProgressBar(not quiet and sys.stderr.isatty(), "pushing") as progress:
        report = push_graphs(out, RemoteBackend(endpoint), method=method, prune=prune,
                             progress=progress)
    if not quiet:
        click.echo(f"pushed {len(report.graphs)} graph(s), {report.triples} triples, in "
                   f"{report.requests} request(s) ({report.method}): "
                   f"{len(report.added)} added, {len(report.replaced)} replaced, "
                   f"{len(report.dropped)} dropped", err=True)
