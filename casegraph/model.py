"""The frozen values that pass between pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

CodeSource = Literal["stated", "assigned"]
ValueSource = Literal["stated", "inferred"]
Outcome = Literal["completely", "partly", "not"]

#: The keys of ``casegraph parse --format json``, in order. Later versions add keys; they never
#: rename these.
RECORD_KEYS: tuple[str, ...] = (
    "source",
    "network",
    "title",
    "city",
    "country",
    "summary",
    "action",
    "challenge",
    "challenge_codes",
    "how_overcome",
    "outcome",
    "difference",
    "lessons",
    "start_year",
    "end_year",
    "prepared",
    "authors",
    "budget",
    "links",
    "warnings",
    "tactics",
)


@dataclass(frozen=True)
class Document:
    """A document read from disk: its text, normalised to LF line ends, and where it came from."""

    path: str
    name: str
    media_type: str
    text: str
    sha256: str
    encoding: str | None = None
    running_lines: tuple[str, ...] = ()
    """A PDF's running headers and footers, taken out of the text (the network may be there)."""


@dataclass(frozen=True)
class Section:
    """One section of the case template: its key, the heading as written, and its text."""

    key: str
    heading: str
    text: str


@dataclass(frozen=True)
class ParsedTemplate:
    """A document split into the template's sections, with the template's prompts removed."""

    variant: str
    banner: str | None
    sections: tuple[Section, ...]
    fields: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()

    def text(self, key: str) -> str | None:
        """The text of every section with this key, joined by blank lines, or None."""
        parts = [s.text for s in self.sections if s.key == key and s.text]
        return "\n\n".join(parts) if parts else None

    def field(self, key: str) -> str | None:
        """The first inline ``Key: value`` field of this key, or None."""
        for name, value in self.fields:
            if name == key and value:
                return value
        return None


@dataclass(frozen=True)
class ChallengeCode:
    """A challenge the document names, resolved to a code of a challenge scheme."""

    code: str
    label: str
    as_written: str
    source: CodeSource = "stated"
    match: str = "code"
    """How the document names it: by ``code``, by ``name``, or by ``paraphrase`` (less sure)."""

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "label": self.label, "as_written": self.as_written,
                "match": self.match}


@dataclass(frozen=True)
class TacticAssignment:
    """A tactic found in (or assigned to) a case, with the evidence that supports it."""

    id: str
    label: str
    evidence: str
    section: str
    pattern: str
    confidence: float
    curated: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "evidence": self.evidence,
                "confidence": self.confidence}


@dataclass(frozen=True)
class Place:
    """A city resolved against GeoNames, where the gazetteer knows it."""

    name: str
    country: str
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    written: str | None = None
    """The name as the document wrote it, where it is not the gazetteer's name."""


@dataclass(frozen=True)
class CaseRecord:
    """Everything extracted from one case example."""

    source: str
    network: str | None
    title: str | None
    city: str | None
    country: str | None
    summary: str | None
    action: str | None
    challenge: str | None
    challenge_codes: tuple[ChallengeCode, ...]
    how_overcome: str | None
    outcome: Outcome | None
    difference: str | None
    lessons: tuple[str, ...]
    start_year: int | None
    end_year: int | None
    prepared: str | None
    authors: tuple[str, ...]
    budget: str | None
    links: tuple[str, ...]
    warnings: tuple[str, ...]
    tactics: tuple[TacticAssignment, ...] = ()
    outcome_source: CodeSource = "stated"
    lesson_topics: tuple[tuple[str, ...], ...] = ()
    """Per lesson, the challenge codes and tactic ids it mentions."""
    file_name: str = ""
    sha256: str = ""
    media_type: str = "text/plain"
    language: str = "en"
    place: Place | None = None
    country_source: ValueSource = "stated"
    """``inferred`` when the document does not state the country and the gazetteer gave it."""

    def to_json(self) -> dict[str, Any]:
        """The record as ``casegraph parse`` prints it, keys in :data:`RECORD_KEYS` order."""
        out: dict[str, Any] = {}
        for key in RECORD_KEYS:
            value = getattr(self, key)
            if key in ("challenge_codes", "tactics"):
                value = [c.to_json() for c in value]
            elif isinstance(value, tuple):
                value = list(value)
            out[key] = value
        return out
