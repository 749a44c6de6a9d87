"""The options the commands share, each declared once, and choices read from the library's
registries (export formats, local backends, output formats) when they are first needed, so
that ``casegraph --help`` imports none of them."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from ..layout import DEFAULT_OUT

__all__ = ["LazyChoice", "answer_formats", "out_option", "format_option", "graph_options", "server_options",
           "output_option", "challenge_option", "backend_names", "endpoint_of"]

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

_OUT_HELP = "Folder of the built graph (graph.trig, the Oxigraph store, manifest.json)."


class LazyChoice(click.Choice):
    """A choice whose values come from a registry of the library, read when first needed."""

    def __init__(self, load: Callable[[], Sequence[str]], case_sensitive: bool = True) -> None:
        self._load = load
        self._choices: tuple[str, ...] | None = None
        self.case_sensitive = case_sensitive

    @property
    def choices(self) -> Sequence[Any]:  # type: ignore[override]
        if self._choices is None:
            self._choices = tuple(self._load())
        return self._choices


class LazyHelpOption(click.Option):
    """An option whose help text is made when help is shown (from a registry)."""

    def __init__(self, *args: Any, help_from: Callable[[], str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._help_from = help_from

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        if self._help_from is not None:
            self.help = self._help_from()
            self._help_from = None
        return super().get_help_record(ctx)


def backend_names() -> tuple[str, ...]:
    from ..query.source import BACKENDS

    return BACKENDS


def answer_formats(command: str) -> Callable[[], Sequence[str]]:
    """The output formats the library writes a command's answer in."""

    def load() -> Sequence[str]:
        from ..views.answers import FORMATS

        return FORMATS[command]

    return load


def out_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--out", "out", default=DEFAULT_OUT, show_default=True,
                        type=click.Path(file_okay=False), help=_OUT_HELP)(function)


def format_option(choices: Sequence[str] | Callable[[], Sequence[str]], *,
                  default: str | None = None, help: str = "Output format.",
                  required: bool = False) -> Decorator:
    """--format: choices given, or read from a registry when first needed."""
    kind: click.Choice = (LazyChoice(choices) if callable(choices)
                          else click.Choice(list(choices)))
    first = default if default is not None or callable(choices) else choices[0]
    return click.option("--format", "fmt", type=kind, default=None if required else first,
                        required=required, show_default=not required, help=help)


def output_option(help: str, *, dir_okay: bool = False) -> Decorator:
    return click.option("-o", "--output", "output", type=click.Path(dir_okay=dir_okay),
                        default=None, help=help)


def challenge_option(help: str) -> Decorator:
    return click.option("--challenge", default=None, metavar="CODE", help=help)


_ENDPOINT_HELP = ("A SPARQL 1.1 server's query URL, instead of the built store (or its root "
                  "URL, such as http://127.0.0.1:7878: the query URL is found). Credentials "
                  "come from CASEGRAPH_ENDPOINT_USER and CASEGRAPH_ENDPOINT_PASSWORD (or "
                  "CASEGRAPH_ENDPOINT_TOKEN).")


def _server_decorators(service_urls: bool) -> list[Decorator]:
    options: list[Decorator] = [
        click.option("--endpoint", metavar="URL", default=None, help=_ENDPOINT_HELP)]
    if service_urls:
        options += [
            click.option("--update-endpoint", metavar="URL", default=None,
                         help="The server's update URL, where it does not follow from "
                              "--endpoint."),
            click.option("--gsp-endpoint", metavar="URL", default=None,
                         help="The server's Graph Store Protocol URL, where it does not "
                              "follow from --endpoint."),
        ]
    options.append(click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0,
                                show_default=True,
                                help="Seconds to wait for the server's answer."))
    return options


def endpoint_of(url: str | None, update_url: str | None, gsp_url: str | None,
                timeout: float) -> Any:
    """The server the options name, or None."""
    from ..query.remote import endpoint_at

    if url is None:
        if update_url or gsp_url:
            raise click.UsageError("--update-endpoint and --gsp-endpoint need --endpoint")
        return None
    endpoint, found_by = endpoint_at(url, update_url, gsp_url, timeout=timeout)
    if found_by is not None:
        click.echo(f"--endpoint: {found_by} found at {url}: its query URL is "
                   f"{endpoint.query_url}", err=True)
    return endpoint


def graph_options(*, service_urls: bool = False, federation: bool = False,
                  backend_help: str = "The local store: the embedded Oxigraph store, or "
                                      "rdflib in memory.") -> Decorator:
    """--out, --backend, --endpoint and --timeout (with ``service_urls``, --update-endpoint
    and --gsp-endpoint; with ``federation``, --allow-federation), handed to the command as
    one ``source``: a :class:`~casegraph.query.source.Source` it opens with ``source.open()``.
    """

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def run(*args: Any, out: str, backend: str, endpoint: str | None, timeout: float,
                update_endpoint: str | None = None, gsp_endpoint: str | None = None,
                allow_federation: bool = False, **kwargs: Any) -> Any:
            from ..query.source import Source

            source = Source(Path(out), backend,
                            endpoint_of(endpoint, update_endpoint, gsp_endpoint, timeout),
                            allow_federation)
            return command(*args, source=source, **kwargs)

        decorated: Callable[..., Any] = run
        if federation:
            decorated = click.option(
                "--allow-federation", is_flag=True,
                help="Let the query reach other servers and documents: SERVICE, and FROM or "
                     "FROM NAMED of a graph the build does not hold (default: refused; nothing "
                     "is sent). With --endpoint, the server decides.")(decorated)
        for option in reversed(_server_decorators(service_urls)):
            decorated = option(decorated)
        decorated = click.option("--backend", type=LazyChoice(backend_names),
                                 default="oxigraph", show_default=True,
                                 help=backend_help)(decorated)
        return out_option(decorated)

    return decorate


def server_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """--endpoint with its update and Graph Store Protocol URLs and --timeout, handed to the
    command as ``endpoint`` (an :class:`~casegraph.query.remote.Endpoint`, or None)."""

    @functools.wraps(function)
    def run(*args: Any, endpoint: str | None, update_endpoint: str | None,
            gsp_endpoint: str | None, timeout: float, **kwargs: Any) -> Any:
        return function(*args, endpoint=endpoint_of(endpoint, update_endpoint, gsp_endpoint,
                                                    timeout), **kwargs)

    decorated: Callable[..., Any] = run
    for option in reversed(_server_decorators(True)):
        decorated = option(decorated)
    return decorated
