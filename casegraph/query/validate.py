"""Check a built graph against the SHACL shapes and say which case and field is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import ValidationError
from ..taxonomy import ontology_path
from .sparql import Backend, load_query

__all__ = ["Finding", "validate_graph"]

@dataclass(frozen=True)
class Finding:
    """One SHACL result, told in the user's terms."""

    document: str
    case: str
    field: str
    severity: str
    message: str
    focus: str
    value: str | None = None
    case_iri: str = ""

    @property
    def part(self) -> str:
        """The part of the case the finding is about, such as ``challenge/IC5``; '' for the case."""
        if self.case_iri and self.focus.startswith(self.case_iri + "/"):
            return self.focus[len(self.case_iri) + 1:]
        return ""

    def __str__(self) -> str:
        where = self.document or self.focus
        part = f" ({self.part})" if self.part else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{where}: {self.severity}: {self.field}{part}: {self.message}{value}"


def validate_graph(graph: Backend) -> list[Finding]:
    """Validate a graph; findings sorted by document, severity and field."""
    from pyshacl import validate
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import SH

    data_graph = graph.statements()
    owners = graph.query(load_query("case-documents")).values()
    shapes = Graph()
    shapes.parse(ontology_path("shapes.ttl"), format="turtle")
    try:
        _conforms, report, _text = validate(data_graph, shacl_graph=shapes, inference="none",
                                            allow_warnings=True)
    except Exception as e:  # noqa: BLE001 - pyshacl raises its own and rdflib's errors
        raise ValidationError(f"SHACL validation failed to run: {e}") from e

    document_of = {row["node"]: row for row in owners}
    findings: list[Finding] = []
    # Only the report's own results: a nested shape's results (sh:detail) are told by the
    # result of the shape that uses it, in that shape's words.
    for result_node in report.objects(None, SH.result):
        focus = str(report.value(result_node, SH.focusNode))
        severity = report.value(result_node, SH.resultSeverity)
        shape = report.value(result_node, SH.sourceShape)
        field = shapes.value(shape, SH.name) if shape is not None else None
        if field is None:
            path = report.value(result_node, SH.resultPath)
            field = Literal(str(path).rsplit("/", 1)[-1].rsplit("#", 1)[-1]) if path else None
        message = report.value(result_node, SH.resultMessage)
        value = report.value(result_node, SH.value)
        owner = document_of.get(focus) or _owner_by_prefix(focus, owners)
        findings.append(
            Finding(
                document=str(owner.get("file") or ""),
                case=str(owner.get("title") or owner.get("case") or ""),
                field=str(field or "-"),
                severity="violation" if severity == SH.Violation else
                ("warning" if severity == SH.Warning else "info"),
                message=str(message or "does not conform"),
                focus=focus,
                value=str(value) if isinstance(value, (Literal, URIRef)) else None,
                case_iri=str(owner.get("case") or ""),
            )
        )
    order = {"violation": 0, "warning": 1, "info": 2}
    findings = list(dict.fromkeys(findings))
    return sorted(findings, key=lambda f: (f.document, order[f.severity], f.field, f.message,
                                           f.focus))


def _owner_by_prefix(focus: str, owners: list[dict[str, Any]]) -> dict[str, Any]:
    """The case whose IRI the focus node's IRI extends (its occurrences, lessons, action)."""
    for row in owners:
        case = str(row.get("case") or "")
        if case and focus.startswith(case + "/"):
            return row
    return {}
