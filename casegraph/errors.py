"""The exceptions casegraph raises: one root, one subclass per pipeline stage."""

from __future__ import annotations


class CasegraphError(Exception):
    """Root of every error casegraph raises on purpose.

    ``where`` names the input the error is about (a file, an option, a value); the
    message then reads ``<where>: <what is wrong>``.
    """

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class DocumentReadError(CasegraphError):
    """A document could not be read as text (format, encoding, size, corruption)."""


class TemplateError(CasegraphError):
    """A document's text is not a case example in any template casegraph knows."""


class CurationError(CasegraphError):
    """A curator's sidecar file is malformed or names unknown tactics or codes."""


class DuplicateCaseError(CasegraphError):
    """Two documents in one batch describe the same case."""


class StoreError(CasegraphError):
    """The graph output or store could not be written or read. ``status`` is the HTTP status a
    server refused with, where one did."""

    def __init__(self, message: str, *, where: str | None = None,
                 status: int | None = None) -> None:
        super().__init__(message, where=where)
        self.status = status


class ValidationError(CasegraphError):
    """The SHACL validation could not be run."""


class QueryError(CasegraphError):
    """A query could not be found, read or run."""


class QueryParameterError(QueryError):
    """A query parameter is unknown, missing, or its value names nothing in the graph."""


class AmbiguousNameError(QueryParameterError):
    """A name stands for more than one thing in the graph (two cities called Valencia): the
    message lists them and says how to tell them apart."""


class AnalysisError(CasegraphError):
    """An analysis was asked about something the graph cannot answer (an unknown case, a city
    not in the graph without the challenge it faces)."""
