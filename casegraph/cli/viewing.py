"""The commands that write the graph out for people and other tools: the explorer page, the
exports and the report."""

from __future__ import annotations

from typing import Any

import click

from .base import cli, working
from .options import LazyChoice, LazyHelpOption, challenge_option, graph_options, output_option


@cli.command()
@graph_options(backend_help="The local store to read the graph from.")
@click.option("--view", "view_name", default="full", show_default=True, metavar="VIEW",
              help="full (every case), challenges (challenges x tactics, edge width = cities), "
                   "city:NAME or challenge:CODE (one city's or one challenge's cases). Names as "
                   "in 'casegraph query': city:Nantes, city:'Mantova, IT', challenge:IC4.")
@output_option("The HTML file to write (default: OUT/casegraph.html, or "
               "OUT/casegraph-VIEW.html for another view; with --endpoint, in the current "
               "folder).")
@click.option("--max-nodes", type=click.IntRange(min=0), default=None, metavar="N",
              help="Above N nodes the full view folds cases and lessons into their cities "
                   "(default 1500; 0: never).")
def viz(source: Any, view_name: str, output: str | None, max_nodes: int | None) -> None:
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
    from ..analysis.graphs import read_graph_data, resolve_view
    from ..views.explorer import DEFAULT_MAX_NODES, page_name, render_page, write_page

    with source.open() as graph, working(
            "viz: reading the cases and laying out the graph"):
        view = resolve_view(view_name, graph)
        data = read_graph_data(graph)
    page = render_page(data, view,
                       max_nodes=DEFAULT_MAX_NODES if max_nodes is None else max_nodes)
    if output is None:
        output = str(source.beside() / page_name(view, view_name))
    path = write_page(page, output)
    folded = "; cases and lessons folded into cities" if page.aggregated else ""
    click.echo(f"wrote {path} ({page.nodes} nodes, {page.edges} edges{folded})", err=True)


def _export_formats() -> tuple[str, ...]:
    from ..views.export import formats

    return formats()


def _export_help() -> str:
    from ..views.export import EXPORTS

    return "; ".join(f"{key}: {entry.help}" for key, entry in EXPORTS.items()) + "."


@cli.command()
@graph_options(backend_help="The local store to read nodes and edges from.")
@click.option("--format", "fmt", required=True, type=LazyChoice(_export_formats),
              cls=LazyHelpOption, help_from=_export_help)
@output_option("The file to write, or for csv the folder (default: OUT/casegraph.FORMAT, "
               "OUT/casegraph-csv/; with --endpoint, in the current folder).", dir_okay=True)
@click.option("--raw", is_flag=True,
              help="csv: keep cells that begin with = + - @, tab or CR exactly (by default "
                   "they get a leading ' so that a spreadsheet shows them and runs no formula).")
def export(source: Any, fmt: str, output: str | None, raw: bool) -> None:
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
    from ..views.export import EXPORTS, default_name, export_from, formats

    if EXPORTS[fmt].reads == "statements" and source.remote:
        raise click.UsageError(f"--format {fmt} exports the built graph.trig; a server "
                               "exports its own RDF (--endpoint works with "
                               f"{', '.join(formats('cases'))})")
    with source.open() as graph, working(
            "export: reading the graph"):
        result = export_from(graph, fmt, raw=raw)
    what = (f"{result.quads} statements" if EXPORTS[fmt].reads == "statements"
            else f"{result.nodes} nodes, {result.edges} edges")
    target = output if output is not None else str(source.beside() / default_name(fmt))
    from ..views.export import write_export

    paths = write_export(result, target)
    click.echo(f"wrote {', '.join(str(p) for p in paths)} ({what})", err=True)


def _report_formats() -> tuple[str, ...]:
    from ..views.report import FORMATS

    return tuple(FORMATS)


@cli.command("report")
@graph_options(backend_help="The local store to read the graph from.")
@click.option("--format", "fmt", type=LazyChoice(_report_formats), default="html",
              show_default=True, help="Output format.")
@output_option("The file to write (default: OUT/casegraph-report.html or .md; with "
               "--endpoint, in the current folder). Markdown also writes its heatmap next to "
               "it, as NAME-heatmap.png.")
@challenge_option("Only this challenge's section: IC2, UIA-4, or its name (default: one "
                  "section per challenge that cases faced).")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True,
              help="How many transferable practices each section lists.")
def report_command(source: Any, fmt: str, output: str | None, challenge: str | None,
                   top: int) -> None:
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
    from ..api import report
    from ..views.report import write_report

    with source.open() as graph, working(
            "report: reading the cases and analysing each challenge"):
        found = report(graph, challenge=challenge, top=top)
    if output is None:
        output = str(source.beside() / f"casegraph-report.{fmt}")
    paths = write_report(found, output, fmt)
    click.echo(f"wrote {', '.join(str(p) for p in paths)} ({len(found.sections)} challenge "
               f"section(s); heatmap {len(found.matrix.rows)} challenges x "
               f"{len(found.matrix.columns)} tactics)", err=True)
