"""One bad document costs one line: hostile names, links, trees, packages and bytes."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import NamedNode

from casegraph.ingest import pipeline
from casegraph.cli import cli
from casegraph.errors import CasegraphError, DocumentReadError
from casegraph.ingest.extract import parse_case
from casegraph.vocab import link_iri
from casegraph.files import printable
from casegraph.graph.rdf import case_iri, case_quads, sort_quads
from casegraph.ingest.read import (
    MAX_DOCX_ELEMENTS,
    MAX_DOCX_INFLATED,
    MAX_DOCX_PARAGRAPHS,
    SUPPORTED_SUFFIXES,
    decode_text,
    find_documents,
    read_document,
)
from casegraph.graph.store import graph_blocks
from casegraph.graph.summary import case_facts
from conftest import CORPUS, ROOT, SEED

MOMENT = datetime(2024, 1, 1, tzinfo=timezone.utc)
SEE_ALSO = "http://www.w3.org/2000/01/rdf-schema#seeAlso"


def _see_also(record: Any) -> list[str]:
    return [q.object.value for q in case_quads(record, ingested_at=MOMENT)
            if q.predicate.value == SEE_ALSO]


# --- links ----------------------------------------------------------------------------------


def test_links_with_characters_no_iri_may_hold_are_percent_encoded(tmp_path: Path) -> None:
    path = tmp_path / "links.txt"
    path.write_text(SEED.read_text(encoding="utf-8") + "\nSee https://example.org/caf\ufffd/page, "
                    "https://example.org/a`b^c\\d, https://example.org/x\x01y and "
                    "https://zürich.example/straße?q=ü#frag#ment.\n", encoding="utf-8")
    record = parse_case(read_document(path))
    assert _see_also(record) == [
        "https://example.org/caf%EF%BF%BD/page",
        "https://example.org/a%60b%5Ec%5Cd",
        "https://example.org/x%01y",
        "https://zürich.example/straße?q=ü#frag%23ment",
    ]
    assert list(record.links) == _see_also(record)


def test_a_link_that_cannot_be_made_an_iri_is_dropped_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "port.txt"
    path.write_text(SEED.read_text(encoding="utf-8") + "\nSee https://example.org:8o8o/page "
                    "and https://example.org/fine\n", encoding="utf-8")
    record = parse_case(read_document(path))
    assert record.links == ("https://example.org/fine",)
    assert "link 'https://example.org:8o8o/page' dropped: not a valid web address" in \
        record.warnings


def test_case_quads_never_mint_an_invalid_iri_from_a_record(tmp_path: Path) -> None:
    """A record made elsewhere (a curator, an older casegraph) may hold any link."""
    record = parse_case(read_document(SEED))
    odd = replace(record, links=("https://example.org/a b<c>\"{d}|", "https://example.org:x/",
                                 "https://example.org/caf\ufffd"))
    assert _see_also(odd) == ["https://example.org/a%20b%3Cc%3E%22%7Bd%7D%7C",
                              "https://example.org/caf%EF%BF%BD"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_a_link_is_a_valid_iri_or_none(tail: str) -> None:
    iri = link_iri("https://example.org/" + tail)
    if iri is not None:
        assert NamedNode(iri).value == iri
        assert link_iri(iri) == iri


# --- file names -----------------------------------------------------------------------------


def test_printable_escapes_undecodable_bytes_and_controls() -> None:
    assert printable(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert printable(b"caf\xe9.txt") == "caf\\xe9.txt"
    assert printable("a\nb\x1b[31m\u2028.txt") == "a\\nb\\x1b[31m\\u2028.txt"
    assert printable("Łódź – café.docx") == "Łódź – café.docx"


def test_a_file_name_that_is_not_utf8_is_built_under_its_escaped_name(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    (Path(os.fsdecode(os.fsencode(cases) + b"/caf\xe9.txt"))).write_bytes(SEED.read_bytes())
    out = tmp_path / "out"
    report = pipeline.build([cases], out)
    assert report.written and not report.rejected, report.rejected
    shown = f"{cases}/caf\\xe9.txt"
    assert [r.source for r in report.records] == [shown]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [d["source"] for d in manifest["documents"]] == [shown]
    assert '"caf\\\\xe9.txt"' in (out / "graph.trig").read_text(encoding="utf-8")


def test_a_file_name_cannot_forge_a_line_on_stderr(tmp_path: Path, runner: Any) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "good\nname.txt").write_bytes(SEED.read_bytes())
    (cases / "empty\nforged: line.txt").write_bytes(b"")
    (cases / "photo\n.jpg").write_bytes(b"\xff\xd8")
    result = runner.invoke(cli, ["build", str(cases), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"{cases}/empty\\nforged: line.txt: file is empty" in lines
    named = [line for line in lines if line.startswith(f"{cases}/")]
    summaries = [line for line in lines if line.startswith(("built ", "passed over "))]
    assert len(named) + len(summaries) == len(lines), lines
    assert any("photo\\n.jpg" in line for line in summaries)


# --- folders --------------------------------------------------------------------------------


def _deep_tree(root: Path, depth: int) -> None:
    """Folders nested deeper than PATH_MAX, made through file descriptors as no path can."""
    descriptor = os.open(root, os.O_RDONLY)
    try:
        for level in range(depth):
            name = f"{level:02d}" + "d" * 200
            os.mkdir(name, dir_fd=descriptor)
            inner = os.open(name, os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
        with open(os.open("case.txt", os.O_WRONLY | os.O_CREAT, dir_fd=descriptor), "w") as f:
            f.write("x")
    finally:
        os.close(descriptor)


def test_a_tree_deeper_than_path_max_costs_one_line(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "nantes.txt").write_bytes(SEED.read_bytes())
    _deep_tree(cases, 25)
    report = pipeline.build([cases], tmp_path / "out")
    assert report.written
    assert [r.source for r in report.records] == [str(cases / "nantes.txt")]
    assert len(report.rejected) == 1
    assert report.rejected[0].reason == "cannot open: File name too long"
    assert len(str(report.rejected[0]).splitlines()) == 1


def test_a_folder_that_cannot_be_listed_costs_one_line(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    cases = tmp_path / "cases"
    (cases / "locked").mkdir(parents=True)
    (cases / "locked" / "hidden-from-us.txt").write_bytes(SEED.read_bytes())
    (cases / "nantes.txt").write_bytes(SEED.read_bytes())
    scandir = os.scandir

    def refuse(path: Any = ".") -> Any:
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    found, passed_over = find_documents([cases])
    assert found == [cases / "locked", cases / "nantes.txt"] and passed_over == []
    records, rejected, _ = pipeline.parse_documents([cases])
    assert [r.source for r in records] == [str(cases / "nantes.txt")]
    assert [str(r) for r in rejected] == [f"{cases}/locked: cannot read the folder: "
                                          "Permission denied"]


# --- any failure of one document --------------------------------------------------------------


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for name in ("stay-tuned-ghent.txt", "stay-tuned-nantes.txt", "int-herit-espinho.md"):
        (folder / name).write_bytes((CORPUS / name).read_bytes())
    return folder


def _named(value: Any) -> str:
    for attribute in ("file_name", "name"):
        if isinstance(getattr(value, attribute, None), str):
            return str(getattr(value, attribute))
    return os.fspath(value)


STAGES = ["read_document", "parse_case", "case_iri", "graph_iri", "case_facts", "case_quads"]


@pytest.mark.parametrize("stage", STAGES)
def test_an_unexpected_error_in_any_stage_rejects_only_that_document(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    original: Callable[..., Any] = getattr(pipeline, stage)

    def failing(first: Any, *args: Any, **kwargs: Any) -> Any:
        if "ghent" in _named(first):
            raise RuntimeError("boom\nTraceback (most recent call last):")
        return original(first, *args, **kwargs)

    monkeypatch.setattr(pipeline, stage, failing)
    cases = _corpus(tmp_path / "cases")
    out = tmp_path / "out"
    report = pipeline.build([cases], out)
    assert report.written
    assert [str(r) for r in report.rejected] == [
        f"{cases}/stay-tuned-ghent.txt: unexpected error, please report it: "
        "RuntimeError: boom\\nTraceback (most recent call last):"]
    assert sorted(Path(r.source).name for r in report.records) == [
        "int-herit-espinho.md", "stay-tuned-nantes.txt"]
    ghent = hashlib.sha256((cases / "stay-tuned-ghent.txt").read_bytes()).hexdigest()
    graph = (out / "graph.trig").read_text(encoding="utf-8")
    assert ghent not in graph and "Ghent" not in graph


def _pooled_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int,
                  ghent: Callable[[], None]) -> Any:
    """The small corpus built by a pool of two workers, ``ghent`` called in place of making the
    Ghent case's quads."""
    original = pipeline.case_quads

    def stage(record: Any, **kwargs: Any) -> Any:
        if "ghent" in record.file_name:
            ghent()
        return original(record, **kwargs)

    monkeypatch.setattr(pipeline, "case_quads", stage)
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 2)
    monkeypatch.setattr(pipeline, "CHUNK", chunk)
    monkeypatch.setattr(pipeline, "_workers", lambda: 2)
    return pipeline.build([_corpus(tmp_path / "cases")], tmp_path / "out")


def test_an_unexpected_error_in_a_worker_rejects_only_that_document(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing() -> None:
        raise MemoryError("no room")

    report = _pooled_build(tmp_path, monkeypatch, 1, failing)
    assert report.written and len(report.records) == 2
    assert [r.reason for r in report.rejected] == [
        "unexpected error, please report it: MemoryError: no room"]


def test_a_document_that_kills_its_worker_is_rejected_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that dies outright (as when the kernel kills it for its memory) breaks the
    pool; the document it was reading is rejected, and the others are built."""
    build = os.getpid()

    def dying() -> None:
        if os.getpid() != build:
            os._exit(9)

    report = _pooled_build(tmp_path, monkeypatch, 2, dying)
    assert report.written and len(report.records) == 2
    assert [Path(r.path).name for r in report.rejected] == ["stay-tuned-ghent.txt"]
    assert "process reading it stopped" in report.rejected[0].reason


# --- Word packages ----------------------------------------------------------------------------


def _package(path: Path, body: Callable[[Any], None]) -> Path:
    """A Word file whose word/document.xml is written by ``body`` (a binary stream), with the
    styles and relationships of a real one."""
    import docx

    template = path.with_name("template.docx")
    docx.Document().save(str(template))
    with zipfile.ZipFile(template) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename == "word/document.xml":
                with target.open(member.filename, "w", force_zip64=True) as stream:
                    body(stream)
            else:
                target.writestr(member, source.read(member))
    return path


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>'.encode()
_TAIL = b"</w:body></w:document>"


def _bomb(stream: Any, size: int = MAX_DOCX_INFLATED + 16 * 1024 * 1024) -> None:
    stream.write(_HEAD + b"<w:p><w:r><w:t>")
    block = b"a" * (1024 * 1024)
    for _ in range(size // len(block)):
        stream.write(block)
    stream.write(b"</w:t></w:r></w:p>" + _TAIL)


def _paragraphs(stream: Any, count: int = 50_000) -> None:
    stream.write(_HEAD)
    for index in range(count):
        stream.write(f"<w:p><w:r><w:t>p{index}</w:t></w:r></w:p>".encode())
    stream.write(_TAIL)


def _measured_read(path: Path) -> tuple[str, float, float]:
    """Read a document in a process of its own: the error, CPU seconds and peak megabytes
    (the high-water mark of its memory, which unlike ru_maxrss does not count the forking
    test process)."""
    script = (
        "import sys, time\n"
        "from casegraph.ingest.read import read_document\n"
        "start = time.process_time()\n"
        "try:\n"
        "    read_document(sys.argv[1]); error = ''\n"
        "except Exception as e:\n"
        "    error = str(e)\n"
        "status = open('/proc/self/status').read()\n"
        "peak = int(status.split('VmHWM:')[1].split()[0]) / 1024\n"
        "print(f'{time.process_time() - start}\\t{peak}\\t{error}')\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                          text=True, check=True, cwd=ROOT, timeout=120)
    seconds, peak, error = done.stdout.rstrip("\n").split("\t", 2)
    return error, float(seconds), float(peak)


def test_a_zip_bomb_is_refused_by_its_directory_at_once(tmp_path: Path) -> None:
    path = _package(tmp_path / "bomb.docx", _bomb)
    assert path.stat().st_size < 2 * 1024 * 1024
    error, seconds, peak = _measured_read(path)
    assert re.fullmatch(re.escape(f"{path}: the package inflates to ") + r"80\.\d MB" +
                        re.escape(", more than the 64.0 MB a Word case example can (a zip bomb?)"),
                        error), error
    assert seconds < 2 and peak < 300, (seconds, peak)


def test_a_package_of_dense_markup_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    """60 MB of empty paragraphs is within the inflated size and ten million elements: parsed,
    they took 13 s and 1.4 GB."""
    def empty_paragraphs(stream: Any) -> None:
        stream.write(_HEAD)
        for _ in range(60):
            stream.write(b"<w:p/>" * (1024 * 1024 // 6))
        stream.write(_TAIL)

    path = _package(tmp_path / "dense.docx", empty_paragraphs)
    error, seconds, peak = _measured_read(path)
    assert error == (f"{path}: the package holds more than {MAX_DOCX_ELEMENTS:,} XML elements, "
                     "more than a Word case example can (a zip bomb?)")
    assert seconds < 2 and peak < 300, (seconds, peak)


def test_a_package_whose_directory_lies_is_refused_while_reading(tmp_path: Path) -> None:
    path = _package(tmp_path / "liar.docx", lambda s: _bomb(s, 8 * 1024 * 1024))
    data = bytearray(path.read_bytes())
    # The central directory comes last: its entry for the part says it inflates to 1 KB.
    entry = data.rindex(b"word/document.xml") - 46
    assert data[entry:entry + 4] == b"PK\x01\x02"
    data[entry + 24:entry + 28] = (1024).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(DocumentReadError, match=r"damaged or truncated \.docx file"):
        read_document(path)


def test_a_word_file_of_too_many_paragraphs_is_refused_before_the_work(tmp_path: Path) -> None:
    path = _package(tmp_path / "paragraphs.docx", _paragraphs)
    error, seconds, peak = _measured_read(path)
    assert error == (f"{path}: the document has 50,000 paragraphs, more than the "
                     f"{MAX_DOCX_PARAGRAPHS:,} a case example can have")
    assert seconds < 2 and peak < 300, (seconds, peak)


def test_a_word_file_of_many_paragraphs_within_the_limit_is_read_quickly(tmp_path: Path) -> None:
    path = _package(tmp_path / "long.docx", lambda s: _paragraphs(s, 5_000))
    error, seconds, _ = _measured_read(path)
    assert error == "" and seconds < 5, (error, seconds)


# --- PDF --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_pdfminer_says_nothing_on_stderr(tmp_path: Path, seed_pdf: Path) -> None:
    data = seed_pdf.read_bytes()
    assert b"/MediaBox [0 0 595.28 841.89]" in data
    path = tmp_path / "no-box.pdf"
    # pdfminer logs "MediaBox missing from /Page (and not inherited), defaulting to US Letter".
    path.write_bytes(data.replace(b"/MediaBox [0 0 595.28 841.89]",
                                  b"/Foo      [0 0 595.28 841.89]"))
    done = subprocess.run([sys.executable, "-m", "casegraph", "parse", str(path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


# --- mutated documents ------------------------------------------------------------------------

DOCUMENTS = sorted(p.name for p in CORPUS.iterdir()
                   if p.suffix.lower() in SUPPORTED_SUFFIXES and p.name.lower() != "readme.md")
_HOSTILE = "\ufffd\x00\x01\x08\x0b\x1b\x7f\x85\x9f\u2028\u202e\ufeff <>\"{}|\\^`%#[]\n\r\t"
JUNK = st.text(alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(_HOSTILE)),
               max_size=40)
PLACE = st.floats(min_value=0, max_value=1)
MUTATIONS = st.one_of(
    st.tuples(st.just("flip"), st.lists(st.tuples(PLACE, st.integers(1, 255)), min_size=1,
                                        max_size=20)),
    st.tuples(st.just("insert"), st.lists(st.tuples(PLACE, st.binary(min_size=1, max_size=200)),
                                          min_size=1, max_size=5)),
    st.tuples(st.just("truncate"), PLACE),
    st.tuples(st.just("text"), st.lists(st.tuples(PLACE, JUNK), min_size=1, max_size=8)),
    st.tuples(st.just("link"), st.lists(st.tuples(PLACE, JUNK), min_size=1, max_size=4)),
)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WORD_TEXT = re.compile(rb"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")


def _insert(text: str, spans: list[tuple[int, int]], edits: list[tuple[float, str]]) -> str:
    """``text`` with each junk string put into one of ``spans``, at a place given as 0..1."""
    for place, junk in edits:
        start, end = spans[min(int(place * len(spans)), len(spans) - 1)]
        at = start + int(place * (end - start))
        text = text[:at] + junk + text[at:]
        spans = [(s + len(junk) if s > at else s, e + len(junk) if e >= at else e)
                 for s, e in spans]
    return text


def _link_spans(text: str) -> list[tuple[int, int]]:
    """Where the addresses after ``https://`` are in ``text``; all of it when it has none."""
    spans = [(m.start(1), m.end(1)) for m in re.finditer(r"https?://(\S+)", text)]
    return spans or [(0, len(text))]


def _mutated_text(path: Path, kind: str, edits: list[tuple[float, str]]) -> bytes:
    text = decode_text(path.read_bytes())[0]
    spans = _link_spans(text) if kind == "link" else [(0, len(text))]
    return _insert(text, spans, edits).encode("utf-8")


def _mutated_word_xml(data: bytes, kind: str, edits: list[tuple[float, str]]) -> bytes:
    """word/document.xml with one junk string in each of the first texts (or links) it has;
    the junk escaped and without what XML cannot hold, so that it reaches the parser."""

    def edit(match: re.Match[bytes]) -> bytes:
        value = html.unescape(match.group(2).decode("utf-8"))
        if not edits or (kind == "link" and "http" not in value):
            return match.group(0)
        place, junk = edits.pop(0)
        spans = _link_spans(value) if kind == "link" else [(0, len(value))]
        changed = _insert(value, spans, [(place, _XML_ILLEGAL.sub("", junk))])
        return match.group(1) + html.escape(changed, quote=False).encode("utf-8") + \
            match.group(3)

    return _WORD_TEXT.sub(edit, data)


def _mutated_word(path: Path, kind: str, edits: list[tuple[float, str]]) -> bytes:
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "word/document.xml":
                data = _mutated_word_xml(data, kind, edits)
            target.writestr(member, data)
    return out.getvalue()


def _mutated(path: Path, mutation: tuple[Any, ...]) -> bytes:
    kind = mutation[0]
    data = path.read_bytes()
    if kind == "flip":
        changed = bytearray(data)
        for place, mask in mutation[1]:
            changed[min(int(place * len(changed)), len(changed) - 1)] ^= mask
        return bytes(changed)
    if kind == "insert":
        for place, junk in mutation[1]:
            at = int(place * len(data))
            data = data[:at] + junk + data[at:]
        return data
    if kind == "truncate":
        return data[:int(mutation[1] * len(data))]
    edits = list(mutation[1])
    if path.suffix == ".docx":
        return _mutated_word(path, kind, edits)
    if path.suffix == ".pdf":
        return _mutated(path, ("insert", [(p, j.encode("utf-8")) for p, j in edits]))
    return _mutated_text(path, kind, edits)


@pytest.fixture(scope="module")
def _warm() -> None:
    """The language model and the gazetteer load once, before the clock of any example."""
    record = parse_case(read_document(SEED))
    case_quads(record, ingested_at=MOMENT)


@pytest.mark.slow
@settings(max_examples=60, deadline=timedelta(seconds=15),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=st.sampled_from(DOCUMENTS), mutation=MUTATIONS)
def test_a_mutated_document_raises_only_casegraph_errors(
        tmp_path: Path, _warm: None, name: str, mutation: tuple[Any, ...]) -> None:
    """Read -> parse -> extract -> quads over damaged bundled documents: a document is built
    or refused with a CasegraphError, and nothing else escapes."""
    path = tmp_path / name
    path.write_bytes(_mutated(CORPUS / name, mutation))
    try:
        record = parse_case(read_document(path))
    except CasegraphError:
        return
    case = case_iri(record).value
    case_facts(record, case)
    for link in record.links:
        assert NamedNode(link).value == link
    blocks = graph_blocks(sort_quads(case_quads(record, ingested_at=MOMENT)))
    assert blocks and all(b.trig.decode("utf-8") for b in blocks)
