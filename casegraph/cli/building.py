"""The commands that read documents: build the graph, or show what one document gives."""

from __future__ import annotations

import sys

import click

from .base import ProgressBar, cli, echo_text
from .options import answer_formats, format_option, out_option


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@out_option
@click.option("--strict", is_flag=True,
              help="Write nothing if any document is rejected (default: build the rest).")
@click.option("--encoding", default=None, metavar="NAME",
              help="Encoding of .txt/.md files, instead of detecting it (e.g. cp1252).")
@click.option("--wait", is_flag=True,
              help="If another build is writing OUT, wait for it to finish (default: stop).")
@click.option("--full", is_flag=True,
              help="Read every document again (default: keep the graphs of documents that "
                   "have not changed since the last build in OUT).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def build(paths: tuple[str, ...], out: str, strict: bool, encoding: str | None, wait: bool,
          full: bool, quiet: bool) -> None:
    """Build the knowledge graph from case-example documents.

    PATHS are files or folders (default: data/cases); folders are read recursively for .txt,
    .md, .rst, .docx and .pdf files. The graph goes to OUT/graph.trig (sorted, stable in git)
    and to an Oxigraph store in OUT/store that the other commands read. Only what changed since
    the last build in OUT is read again (--full: everything); the result is the same. A
    document that cannot be read is reported on stderr and skipped; the exit status is then
    1. The previous output stays in place until the new one is complete. One build at a time writes OUT: a second one stops
    with an error naming the first, or with --wait waits for it.

    \b
    Examples:
      casegraph build
      casegraph build reports/ extra/lyon.docx --out lyon-graph
      casegraph build --strict data/cases
      casegraph build --wait            # after the build that is writing casegraph-out/
      casegraph build --full            # read every document again
    """
    from ..ingest.pipeline import DEFAULT_CASES
    from ..ingest.pipeline import build as run_build
    from ..graph.store import LockHolder, hold_output

    def say_waiting(holder: LockHolder) -> None:
        if not quiet:
            click.echo(f"{out}: waiting for {holder} to finish", err=True)

    targets = paths or (DEFAULT_CASES,)
    show_bar = not quiet and sys.stderr.isatty()
    with hold_output(out, wait=wait, waiting=say_waiting) as tidied:
        if not quiet:
            for note in tidied:
                click.echo(note, err=True)
        with ProgressBar(show_bar) as progress:
            report = run_build(targets, out, strict=strict, encoding=encoding,
                               progress=progress, full=full, phase=progress.phase)
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
        kept = f"; {report.reused} unchanged, kept" if report.reused else ""
        summary = (f"built {built} case(s) into {report.out} ({report.quads} quads{kept}); "
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



@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@format_option(answer_formats("parse"), default="json")
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
    from ..ingest.pipeline import parse_documents
    from ..views.answers import record_text, to_json

    records, rejected, _ = parse_documents(files, encoding=encoding)
    for rejection in rejected:
        click.echo(str(rejection), err=True)
    if fmt == "json":
        echo_text(to_json([r.to_json() for r in records]) + "\n")
    else:
        for index, record in enumerate(records):
            if index:
                click.echo("")
            echo_text(record_text(record.to_json()))
    if rejected:
        sys.exit(1)
