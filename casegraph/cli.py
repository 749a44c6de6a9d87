"""The casegraph command line: the only module that prints, reads arguments or exits."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

from . import __version__
from .errors import CasegraphError
from .store import DEFAULT_OUT

_OUT_HELP = "Folder of the built graph (graph.trig, the Oxigraph store, manifest.json)."


class _Group(click.Group):
    """Turns every CasegraphError into one 'Error: ...' line and exit status 1."""

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
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_out_option
@click.option("--strict", is_flag=True,
              help="Write nothing if any document is rejected (default: build the rest).")
@click.option("--encoding", default=None, metavar="NAME",
              help="Encoding of .txt/.md files, instead of detecting it (e.g. cp1252).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def build(paths: tuple[str, ...], out: str, strict: bool, encoding: str | None,
          quiet: bool) -> None:
    """Build the knowledge graph from case-example documents.

    PATHS are files or folders (default: data/cases); folders are read recursively for .txt,
    .md, .docx and .pdf files. The graph goes to OUT/graph.trig (sorted, stable in git) and to
    an Oxigraph store in OUT/store that the other commands read. A document that cannot be read
    is reported on stderr and skipped; the exit status is then 1. The previous output stays in
    place until the new one is complete.

    \b
    Examples:
      casegraph build
      casegraph build reports/ extra/lyon.docx --out lyon-graph
      casegraph build --strict data/cases
    """
    from .pipeline import DEFAULT_CASES
    from .pipeline import build as run_build

    targets = paths or (DEFAULT_CASES,)
    show_bar = not quiet and sys.stderr.isatty()
    with _ProgressBar(show_bar) as progress:
        report = run_build(targets, out, strict=strict, encoding=encoding, progress=progress)
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

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._bar: Any = None

    def __enter__(self) -> _ProgressBar:
        return self

    def __call__(self, done: int, total: int, path: str) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total, label="reading", file=sys.stderr,
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
def tactics(out: str, fmt: str) -> None:
    """List the tactics vocabulary with how many cases and cities use each tactic.

    Tactics come from ontology/tactics.ttl; the most used come first.

    \b
    Examples:
      casegraph tactics
      casegraph tactics --format json | jq '.[] | select(.cities >= 2)'
    """
    from .stats import tactic_usage

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


def main() -> None:
    """The console script."""
    cli(prog_name="casegraph")
