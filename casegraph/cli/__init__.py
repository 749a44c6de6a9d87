"""The casegraph command line: the only package that prints, reads arguments or exits.

Each command module adds its commands to :data:`cli`: ``building`` (build, parse),
``reading`` (stats, tactics, validate, queries, query, push), ``viewing`` (viz, export,
report), ``analysing`` (patterns, similar, recommend) and ``serving`` (serve). The options they share are declared
once, in ``options``."""

from __future__ import annotations

from . import analysing, building, reading, serving, viewing  # noqa: F401 - each adds its commands
from .base import cli

__all__ = ["cli", "main"]


def main() -> None:
    """The console script."""
    cli(prog_name="casegraph")
