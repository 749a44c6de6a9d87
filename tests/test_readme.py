"""The README's table of commands against the command line itself: every command and every
option is in the table, the table names nothing the CLI lacks, and the values it lists for an
option with a fixed set of values are that set."""

from __future__ import annotations

import re
from dataclasses import dataclass

import click
import pytest

from casegraph.cli import cli
from conftest import ROOT

README = ROOT / "README.md"

#: A cell border: a pipe that is not written ``\|`` (a pipe inside a cell's text).
_BORDER = re.compile(r"(?<!\\)\|")
#: An option as the README writes it: -o, --min-cities; not the dash inside a word (co-design).
_OPTION = re.compile(r"(?<![\w\\-])(--?[A-Za-z][\w-]*)")
#: An option and the values it takes, ``--format table\|json``.
_VALUES = re.compile(r"(?<![\w\\-])(--?[A-Za-z][\w-]*) ([^\s\]`()]*\\\|[^\s\]`()]*)")
#: The command(s) a row is about: ``casegraph build``, ``casegraph stats\|validate``, or
#: ``casegraph --version`` for the options of ``casegraph`` itself.
_COMMAND = re.compile(r"^`casegraph ((?:[a-z][\w-]*)(?:\\\|[a-z][\w-]*)*|-)")


@dataclass(frozen=True)
class Row:
    """One row of a table of commands: the commands it is about and the whole row's text."""

    line: int
    commands: tuple[str, ...]
    text: str

    def options(self) -> set[str]:
        return set(_OPTION.findall(self.text))

    def values(self) -> dict[str, set[str]]:
        """The values the row lists for each option that is given a list (``a\\|b``)."""
        return {option: set(values.split("\\|")) for option, values in _VALUES.findall(self.text)}


def readme_rows() -> list[Row]:
    """The rows of every README table whose first column is a ``casegraph`` command line."""
    rows = []
    for number, line in enumerate(README.read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in _BORDER.split(line.strip())[1:-1]]
        found = _COMMAND.match(cells[0]) if cells else None
        if found is None:
            continue
        names = "" if found.group(1) == "-" else found.group(1)
        rows.append(Row(number, tuple(names.split("\\|")), line))
    return rows


ROWS = readme_rows()


def _commands() -> dict[str, click.Command]:
    """The CLI's commands by name, and ``""`` for ``casegraph`` itself."""
    return {"": cli, **cli.commands}


def _help_names(command: click.Command) -> set[str]:
    option = command.get_help_option(click.Context(command))
    return set(option.opts) if option is not None else set()


def _options(command: click.Command) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option) and not p.hidden]


def _label(name: str) -> str:
    return f"casegraph {name}".strip()


def _rows_of(name: str) -> list[Row]:
    return [row for row in ROWS if name in row.commands]


def test_the_readme_has_a_table_of_commands() -> None:
    assert len(ROWS) >= len(cli.commands), "no table of commands found in README.md"


def test_every_readme_command_exists() -> None:
    unknown = {(row.line, name) for row in ROWS for name in row.commands
               if name not in _commands()}
    assert not unknown, f"README.md lists commands casegraph does not have: {sorted(unknown)}"


@pytest.mark.parametrize("name", sorted(_commands()), ids=lambda name: name or "casegraph")
def test_every_command_and_option_is_in_the_readme(name: str) -> None:
    command = _commands()[name]
    rows = _rows_of(name)
    if name:
        assert rows, f"README.md has no row for `{_label(name)}`"
    written = set().union(*(row.options() for row in rows))
    missing = ["/".join(option.opts) for option in _options(command)
               if not written & {*option.opts, *option.secondary_opts}]
    assert not missing, (f"`{_label(name)}` options missing from its README rows "
                         f"(lines {[row.line for row in rows]}): {missing}")


@pytest.mark.parametrize("name", sorted(_commands()), ids=lambda name: name or "casegraph")
def test_no_readme_option_is_unknown(name: str) -> None:
    command = _commands()[name]
    known = _help_names(command).union(
        *({*option.opts, *option.secondary_opts} for option in _options(command)))
    unknown = {(row.line, option) for row in _rows_of(name) for option in row.options() - known}
    assert not unknown, f"README.md gives `{_label(name)}` options it lacks: {sorted(unknown)}"


@pytest.mark.parametrize("name", sorted(_commands()), ids=lambda name: name or "casegraph")
def test_the_values_listed_for_an_option_are_its_choices(name: str) -> None:
    by_name = {opt: option for option in _options(_commands()[name]) for opt in option.opts}
    for row in _rows_of(name):
        for opt, values in row.values().items():
            option = by_name.get(opt)
            if option is None or not isinstance(option.type, click.Choice):
                continue
            choices = {str(choice) for choice in option.type.choices}
            assert values == choices, (f"README.md line {row.line}: `{_label(name)} {opt}` "
                                       f"lists {sorted(values)}, the CLI takes {sorted(choices)}")


def test_the_parser_reads_a_row_as_written() -> None:
    row = Row(1, ("query",), r"| `casegraph query NAME [-p k=v ...]` / `--file q.rq` | "
                             r"`--format table\|csv` (`--raw`), co-design |")
    assert row.options() == {"-p", "--file", "--format", "--raw"}
    assert row.values() == {"--format": {"table", "csv"}}
