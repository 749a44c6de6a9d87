"""Metamorphic tests: every bundled document, rendered in the forms offices send, gives the same
record field by field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from casegraph.ingest.extract import parse_case
from casegraph.model import CaseRecord
from casegraph.ingest.read import find_documents, read_document
from conftest import CORPUS
from forms import FORMS, render

#: The fields a rendering must give back exactly: everything but where it came from and the
#: warnings (a rendering may be less or more certain than the original).
COMPARED = ("network", "title", "city", "country", "summary", "action", "challenge",
            "challenge_codes", "how_overcome", "outcome", "difference", "lessons", "start_year",
            "end_year", "prepared", "authors", "budget", "links")

DOCUMENTS = find_documents([CORPUS])[0]


def _fields(record: CaseRecord) -> dict[str, Any]:
    data = record.to_json()
    out = {key: data[key] for key in COMPARED}
    out["challenge_codes"] = [c["code"] for c in data["challenge_codes"]]
    out["tactics"] = sorted(t["id"] for t in data["tactics"])
    return out


@pytest.fixture(scope="module")
def originals(corpus_records: dict[str, CaseRecord]) -> dict[str, CaseRecord]:
    assert sorted(corpus_records) == sorted(path.name for path in DOCUMENTS)
    return corpus_records


#: Renderings that do not yet give the original's record, and why (each fails if it passes).
KNOWN: dict[tuple[str, str], str] = {}


#: The forms a library renders (python-docx, fpdf), at a quarter of a second a document: the
#: quick loop renders the first documents in them, the full suite (``slow``) every one. The
#: plain-text forms render every document in both.
RENDERED_BY_A_LIBRARY = ("docx-headings", "docx-table", "pdf")
QUICK_DOCUMENTS = 8


def _renderings() -> list[Any]:
    return [pytest.param(path.name, form, id=f"{path.name}-{form}",
                         marks=[pytest.mark.slow] if form in RENDERED_BY_A_LIBRARY
                         and index >= QUICK_DOCUMENTS else [])
            for index, path in enumerate(DOCUMENTS) for form in sorted(FORMS)]


@pytest.mark.parametrize(("name", "form"), _renderings())
def test_rendering_gives_the_same_record(name: str, form: str, originals: dict[str, CaseRecord],
                                          tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if (name, form) in KNOWN:
        request.applymarker(pytest.mark.xfail(reason=KNOWN[name, form], strict=True))
    original = originals[name]
    path = render(original, form, tmp_path)
    rendered = parse_case(read_document(path))
    want, got = _fields(original), _fields(rendered)
    # The Markdown form links the network's page, a link the original need not have.
    if form == "markdown":
        got["links"] = sorted(link for link in got["links"] if "urbact.eu/networks/" not in link
                              or link in want["links"])
        want["links"] = sorted(want["links"])
    wrong = {key: (got[key], want[key]) for key in want if got[key] != want[key]}
    assert not wrong, "\n".join(f"{key}: got {g!r}\n  want {w!r}" for key, (g, w) in
                                wrong.items())


def test_the_windows_form_falls_back_to_the_code_page_of_the_letters(
        originals: dict[str, CaseRecord], tmp_path: Path) -> None:
    """A title in Polish cannot be written in Windows-1252: the form uses Windows-1250, and
    the reader still gives the same title."""
    from dataclasses import replace

    original = replace(originals["stay-tuned-nantes.txt"],
                       title="Growing up Well in Nantes – Szkoły Łączą Siły")
    path = render(original, "cp1252", tmp_path)
    assert "Szkoły Łączą Siły" in path.read_bytes().decode("cp1250")
    assert parse_case(read_document(path)).title == original.title
