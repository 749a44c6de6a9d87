"""A build reads again only what changed, and writes what a build from scratch writes: the same
graph.trig byte for byte, the same quads in the store, the same manifest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from casegraph.cli import cli
from casegraph.ingest import pipeline
from casegraph.ingest.pipeline import build
from conftest import ROOT

CURATION = """\
tactics:
  add:
    - id: stakeholder-mapping
      evidence: "The local group listed who else had to be involved."
outcome: partly solved
"""


def _retitled(source: Path, title: str) -> str:
    """A document's text with its case's title replaced: another case of the same city."""
    from casegraph.ingest.extract import parse_case
    from casegraph.ingest.read import read_document

    text = source.read_text(encoding="utf-8")
    old = parse_case(read_document(source)).title
    assert old and old in text, source
    return text.replace(old, title)


def _corpus(folder: Path) -> Path:
    """Six bundled documents, and two more made from them with new titles."""
    folder.mkdir(parents=True)
    sources = sorted((ROOT / "data" / "cases").glob("*.txt"))[:6]
    for source in sources:
        shutil.copy(source, folder / source.name)
    for number, source in enumerate(sources[:2], 1):
        (folder / f"made-{number}.txt").write_text(
            _retitled(source, f"Second phase number {number}"), encoding="utf-8")
    return folder


def _quads(out: Path) -> list[str]:
    store = ox.Store.read_only(str(out / "store"))
    return sorted(str(quad) for quad in store)


def _same_as_from_scratch(cases: Path, out: Path, scratch: Path) -> None:
    shutil.rmtree(scratch, ignore_errors=True)
    report = build([cases], scratch, full=True)
    assert report.written and report.reused == 0
    assert (out / "graph.trig").read_bytes() == (scratch / "graph.trig").read_bytes()
    assert _quads(out) == _quads(scratch)
    assert json.loads((out / "manifest.json").read_text("utf-8")) == json.loads(
        (scratch / "manifest.json").read_text("utf-8"))
    # The analysis table too: its kept lines and its new ones are what a full build writes.
    assert (out / "analysis.jsonl").read_bytes() == (scratch / "analysis.jsonl").read_bytes()


@pytest.fixture()
def epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.mark.slow
@pytest.mark.usefixtures("epoch")
def test_only_what_changed_is_read_again(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    cases, out, scratch = _corpus(tmp_path / "cases"), tmp_path / "out", tmp_path / "scratch"
    first = build([cases], out)
    assert first.written and first.reused == 0 and len(first.records) == 8

    again = build([cases], out)
    assert again.reused == 8 and len(again.records) == 8
    _same_as_from_scratch(cases, out, scratch)

    documents = sorted(cases.glob("*.txt"))
    edited, removed, curated = documents[0], documents[1], documents[2]
    edited.write_text(edited.read_text("utf-8").replace(" the ", " the very ", 2), "utf-8")
    removed.unlink()
    (curated.parent / (curated.stem + ".casegraph.yaml")).write_text(CURATION, "utf-8")
    (cases / "made-new.txt").write_text(_retitled(documents[3], "A new case"), "utf-8")
    changed = build([cases], out)
    assert len(changed.records) == 8 and not changed.rejected
    assert changed.reused == 5  # 8 less the edited, removed and curated; one more is new
    _same_as_from_scratch(cases, out, scratch)

    # Another vocabulary (or casegraph, or option): nothing is kept, the output is the same.
    monkeypatch.setattr(pipeline, "_fingerprint", lambda encoding: "another vocabulary")
    other = build([cases], out)
    assert other.reused == 0
    _same_as_from_scratch(cases, out, scratch)


@pytest.mark.usefixtures("epoch")
def test_a_build_without_an_index_is_built_from_scratch(tmp_path: Path) -> None:
    cases, out = _corpus(tmp_path / "cases"), tmp_path / "out"
    build([cases], out)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    del manifest["graphs"]
    (out / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    assert build([cases], out).reused == 0
    _same_as_from_scratch(cases, out, tmp_path / "scratch")


@pytest.mark.usefixtures("epoch")
def test_build_says_what_it_kept_and_full_reads_everything(tmp_path: Path) -> None:
    cases, out = _corpus(tmp_path / "cases"), tmp_path / "out"
    runner = CliRunner()
    lines, written = [], []
    for extra in ([], [], ["--full"]):
        result = runner.invoke(cli, ["build", str(cases), "--out", str(out), *extra])
        assert result.exit_code == 0, result.output
        lines.append(result.stderr.splitlines()[-1])
        written.append((out / "graph.trig").stat().st_mtime_ns)
    assert written[0] == written[1] != written[2]  # nothing changed: nothing is written
    assert lines[0] == lines[2] == f"built 8 case(s) into {out} (4895 quads); 0 document(s) rejected"
    assert lines[1] == (f"built 8 case(s) into {out} (4895 quads; 8 unchanged, kept); "
                        "0 document(s) rejected")


def test_a_new_time_of_ingest_is_a_change(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    cases, out = _corpus(tmp_path / "cases"), tmp_path / "out"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build([cases], out)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert build([cases], out).reused == 0
    _same_as_from_scratch(cases, out, tmp_path / "scratch")
