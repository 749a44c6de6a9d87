"""The command group, and what every command shares: one error line for every CasegraphError,
text arguments checked for UTF-8, and a progress bar on a terminal."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from .._version import __version__
from ..errors import CasegraphError
from ..files import printable

__all__ = ["cli", "ProgressBar", "echo_text"]


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


def echo_text(text: str) -> None:
    """Print text the library made, which ends its own lines."""
    click.echo(text, nl=False)


class ProgressBar:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""

    def __init__(self, enabled: bool, label: str = "reading") -> None:
        self.enabled = enabled
        self.label = label
        self._bar: Any = None
        self._step: float | None = None

    def __enter__(self) -> ProgressBar:
        return self

    def __call__(self, done: int, total: int, path: str) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr,
                                          show_pos=True)
            self._bar.__enter__()
        self._bar.update(1)

    def phase(self, label: str) -> None:
        """A step after the documents are read: the bar is closed and the step named on a
        line of its own, with the seconds the one before took."""
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
        now = time.monotonic()
        if self._step is not None:
            click.echo(f"  ({now - self._step:.1f} s)", file=sys.stderr)
        click.echo(f"{label}…", file=sys.stderr, nl=False)
        self._step = now

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
        if self._step is not None:
            click.echo(f"  ({time.monotonic() - self._step:.1f} s)", file=sys.stderr)
            self._step = None


@contextmanager
def working(label: str) -> Iterator[None]:
    """A spinner and ``label`` on stderr while a command works, on a terminal only (nothing
    when stderr is piped or redirected); gone when the work is done."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(label, spinner="dots"):
        yield
