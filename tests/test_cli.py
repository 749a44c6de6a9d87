"""The command line: contracts (keys, exit codes, messages), bad input, atomic output."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from casegraph.cli import cli
from casegraph.errors import StoreError
from casegraph.model import RECORD_KEYS
from casegraph.vocab import CG
from conftest import CORPUS, ROOT, SEED, write_docx

STATS_KEYS = ["cases", "cities", "countries", "networks", "challenges", "tactics", "lessons",
              "triples"]


def run(runner: CliRunner, *args: str) -> object:
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "out"
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "--out", str(out)])
    mp.undo()
    assert result.exit_code == 0, result.output
    return out


# --- build and stats on the bundled corpus --------------------------------------------------------


def test_bundled_corpus_builds_every_case(corpus_out: Path) -> None:
    documents = sorted(p for p in CORPUS.iterdir() if p.suffix in {".txt", ".md", ".docx",
                                                                    ".pdf"})
    assert len(documents) == 28
    manifest = json.loads((corpus_out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rejected"] == []
    assert len(manifest["documents"]) == 28
    assert (corpus_out / "graph.trig").stat().st_size > 10_000
    assert (corpus_out / "store").is_dir()


def test_stats_json_has_exactly_the_contract_keys(runner: CliRunner, corpus_out: Path) -> None:
    result = run(runner, "stats", "--out", corpus_out, "--format", "json")
    assert result.exit_code == 0
    counts = json.loads(result.stdout)
    assert list(counts) == STATS_KEYS
    assert counts["cases"] == 28
    assert counts["cities"] == 26  # Mantua and Barcelona have two cases each
    assert counts["countries"] == 11
    assert counts["networks"] == 12
    assert counts["challenges"] >= 5
    assert counts["lessons"] >= 13
    assert counts["triples"] > 1000


def test_stats_table(runner: CliRunner, corpus_out: Path) -> None:
    result = run(runner, "stats", "--out", corpus_out)
    assert result.exit_code == 0
    assert re.search(r"^cases\s+28$", result.stdout, re.MULTILINE)


def test_validate_bundled_corpus_has_no_violation(runner: CliRunner, corpus_out: Path) -> None:
    result = run(runner, "validate", "--out", corpus_out)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("0 violation(s)")


def test_commands_without_a_graph_say_so(runner: CliRunner, tmp_path: Path) -> None:
    for command in ("stats", "validate"):
        result = runner.invoke(cli, [command, "--out", str(tmp_path / "none")])
        assert result.exit_code == 1
        assert result.stderr.strip() == (
            f"Error: {tmp_path / 'none'}: no graph has been built here; run 'casegraph build' "
            "first")


# --- parse ----------------------------------------------------------------------------------------


def test_parse_json_contract(runner: CliRunner) -> None:
    result = run(runner, "parse", SEED)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 1
    assert list(data[0]) == list(RECORD_KEYS)
    assert data[0]["challenge_codes"] == [{
        "code": "IC4",
        "label": "Moving from strategy to operational action plan",
        "as_written": "IC4 – Moving from Strategy to Operational Action Plan",
        "match": "code",
    }]


def test_parse_every_bundled_case(runner: CliRunner) -> None:
    result = run(runner, "parse", *sorted(CORPUS.iterdir()))
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == 28
    for record in records:
        name = record["source"]
        assert record["title"] and record["city"] and record["country"], name
        assert record["network"], name
        assert record["challenge_codes"], name
        assert record["how_overcome"] and record["lessons"], name
        for field in ("summary", "action", "challenge", "how_overcome", "difference"):
            text = (record[field] or "").lower()
            assert "lines max" not in text and "choose one thing" not in text, (name, field)


def test_parse_table(runner: CliRunner) -> None:
    result = run(runner, "parse", SEED, "--format", "table")
    assert result.exit_code == 0
    assert re.search(r"^city\s+Nantes$", result.stdout, re.MULTILINE)
    assert "IC4 Moving from strategy to operational action plan" in result.stdout


def test_parse_refuses_unknown_suffix(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "case.odt"
    path.write_bytes(b"whatever")
    result = run(runner, "parse", path, SEED)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}: unsupported file type '.odt'")
    assert len(json.loads(result.stdout)) == 1


# --- bad input ------------------------------------------------------------------------------------


def _bad_batch(folder: Path, seed_text: str) -> dict[str, str]:
    """A folder with one good case and every kind of bad input; returns name -> expected error."""
    from fpdf import FPDF
    from pypdf import PdfWriter

    folder.mkdir()
    shutil.copy(SEED, folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "garbage.txt").write_bytes(bytes(range(256)) * 64)
    docx_path = write_docx(seed_text, folder / "whole.docx")
    data = docx_path.read_bytes()
    (folder / "truncated.docx").write_bytes(data[: len(data) // 3])
    docx_path.unlink()
    (folder / "not-word.docx").write_text("I am plain text.", encoding="utf-8")
    (folder / "text.pdf").write_text("I am plain text too.", encoding="utf-8")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Secret case example")
    plain = folder / "plain.pdf"
    pdf.output(str(plain))
    writer = PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    with (folder / "encrypted.pdf").open("wb") as handle:
        writer.write(handle)
    plain.unlink()
    (folder / "no-sections.txt").write_text("Notes from Tuesday.\n\nWe met and talked.\n",
                                            encoding="utf-8")
    write_docx(seed_text, folder / "same-case.docx")
    with (folder / "huge.txt").open("wb") as handle:
        handle.write(b"lorem ipsum dolor sit amet\n" * (50 * 1024 * 1024 // 27 + 1))
    return {
        "empty.txt": "file is empty",
        "garbage.txt": "binary content, not a text file",
        "truncated.docx": "not a Word .docx file",
        "not-word.docx": "not a Word .docx file",
        "text.pdf": "not a PDF file",
        "encrypted.pdf": "encrypted PDF",
        "no-sections.txt": "no section of the case-example template found",
        "same-case.docx": "describes the same case as",
        "huge.txt": "file is 50.0 MB, larger than",
    }


def test_bad_inputs_are_reported_and_the_rest_is_built(runner: CliRunner, tmp_path: Path,
                                                       seed_text: str) -> None:
    expected = _bad_batch(tmp_path / "batch", seed_text)
    out = tmp_path / "out"
    result = run(runner, "build", tmp_path / "batch", "--out", out)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert "Traceback" not in result.output
    for name, message in expected.items():
        matching = [line for line in lines if line.startswith(str(tmp_path / "batch" / name))]
        assert len(matching) == 1, (name, lines)
        assert message in matching[0], matching[0]
    assert lines[-1].startswith(f"built 1 case(s) into {out}")
    assert lines[-1].endswith(f"{len(expected)} document(s) rejected")
    stats = json.loads(run(runner, "stats", "--out", out, "--format", "json").stdout)
    assert stats["cases"] == 1


def test_strict_writes_nothing_and_keeps_previous_output(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(runner, "build", SEED, "--out", out).exit_code == 0
    before = (out / "graph.trig").read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    other = bad / "lyon.txt"
    other.write_text(SEED.read_text(encoding="utf-8").replace("Nantes", "Lyon"),
                     encoding="utf-8")
    result = run(runner, "build", bad, "--out", out, "--strict")
    assert result.exit_code == 1
    assert "--strict: 1 document(s) rejected, nothing written" in result.stderr
    assert (out / "graph.trig").read_bytes() == before


def test_failed_build_leaves_previous_output(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(runner, "build", SEED, "--out", out).exit_code == 0
    before = sorted(p.name for p in out.iterdir())
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run(runner, "build", empty, "--out", out)
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_build_refuses_to_replace_a_foreign_folder(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("precious", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(SEED), "--out", str(out)])
    assert result.exit_code == 1
    assert "is not a casegraph output" in result.stderr
    assert (out / "thesis.tex").read_text(encoding="utf-8") == "precious"


def test_no_documents_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no case-example documents")


def test_quiet_build_prints_nothing(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "build", SEED, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0
    assert result.output == ""


def _build_output(tmp_path: Path, *, terminal: bool) -> str:
    """What `casegraph build` writes when its output is a terminal, or a pipe."""
    return _output(["build", str(ROOT / "data" / "cases"),
                    "--out", str(tmp_path / ("tty" if terminal else "pipe"))], terminal=terminal)


def _output(arguments: list[str], *, terminal: bool) -> str:
    """What a casegraph command writes to stderr (with a terminal: to the terminal)."""
    command = [sys.executable, "-m", "casegraph", *arguments]
    if not terminal:
        return subprocess.run(command, capture_output=True, text=True, check=True).stderr
    pid, fd = pty.fork()
    if pid == 0:  # the child: stdout and stderr are the terminal
        os.execv(sys.executable, command)
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the terminal closes when the child exits
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    shown = _build_output(tmp_path, terminal=True)
    assert re.search(r"reading\s.*28/28", shown)
    # then each step after the documents, with the seconds it took
    assert re.search(r"summarising 28 case\(s\)…  \(\d+\.\d s\)", shown)
    assert re.search(r"writing the analysis table…  \(\d+\.\d s\)", shown)
    piped = _build_output(tmp_path, terminal=False)
    assert "reading" not in piped and "summarising" not in piped
    assert piped.splitlines()[-1].startswith("built 28 case(s)")


def test_analysis_commands_show_they_are_working_on_a_terminal(seed_out: Path,
                                                              tmp_path: Path) -> None:
    for arguments, label in ((["patterns", "--min-cities", "1"], "patterns: reading the cases"),
                             (["report", "-o", str(tmp_path / "r.html")], "report: reading")):
        shown = _output([*arguments, "--out", str(seed_out)], terminal=True)
        assert label in shown, shown[-500:]


def test_validate_names_document_and_field(runner: CliRunner, tmp_path: Path,
                                           seed_text: str) -> None:
    cut = seed_text.replace("Growing up Well in Nantes – Giving a Global Strategy a Local Focus "
                            "Nantes, Fr", "")
    cut = cut.replace("the city of Nantes, France", "the city").replace("NANTES", "")
    path = tmp_path / "nowhere.txt"
    path.write_text(cut, encoding="utf-8")
    out = tmp_path / "out"
    run(runner, "build", path, "--out", out)
    result = run(runner, "validate", "--out", out)
    assert result.exit_code == 1
    assert "nowhere.txt: violation: city: a case needs exactly one city" in result.stdout
    assert "nowhere.txt: violation: title: a case needs exactly one title" in result.stdout
    data = json.loads(run(runner, "validate", "--out", out, "--format", "json").stdout)
    assert {f["field"] for f in data if f["severity"] == "violation"} >= {"city", "title"}


def test_doubts_are_warnings_in_parse_build_validate_and_the_graph(
        runner: CliRunner, tmp_path: Path, seed_text: str) -> None:
    """A country taken from the city, a challenge matched only by paraphrase and a city the
    gazetteer does not know are each told in parse, in build's output and in validate's report,
    and the graph records how the country and the challenge were read."""
    cases = tmp_path / "cases"
    cases.mkdir()
    inferred = seed_text.replace("Local Focus Nantes, Fr", "Local Focus Nantes")
    inferred = inferred.replace("the city of Nantes, France", "the city of Nantes")
    inferred = inferred.replace("IC4 – Moving from Strategy to Operational Action Plan",
                                "turning the strategy into concrete actions people commit to")
    (cases / "inferred.txt").write_text(inferred, encoding="utf-8")
    unknown = seed_text.replace("NANTES", "TRIFOUILLIS").replace("Nantes", "Trifouillis")
    (cases / "unknown.txt").write_text(unknown, encoding="utf-8")

    [record] = json.loads(run(runner, "parse", cases / "inferred.txt").stdout)
    assert record["country"] == "FR"
    assert [(c["code"], c["match"]) for c in record["challenge_codes"]] == [("IC4", "paraphrase")]
    assert any("country not stated" in w for w in record["warnings"])

    out = tmp_path / "out"
    built = run(runner, "build", cases, "--out", out)
    assert built.exit_code == 0
    assert "inferred.txt: warning: country not stated; FR taken from the city Nantes" \
        in built.stderr
    assert "inferred.txt: warning: challenge 'turning the strategy into concrete actions " \
        "people commit to' matched by paraphrase to IC4; check it" in built.stderr
    assert "unknown.txt: warning: city 'Trifouillis' not in the gazetteer" in built.stderr

    report = run(runner, "validate", "--out", out, "--format", "json")
    doubts = {(f["document"], f["field"], f["value"]) for f in json.loads(report.stdout)
              if f["severity"] == "warning" and f["field"] in ("country", "challenge_codes",
                                                               "city")}
    assert doubts == {
        ("inferred.txt", "country", str(CG.inferred)),
        ("inferred.txt", "challenge_codes", str(CG.byParaphrase)),
        ("unknown.txt", "city", "https://w3id.org/casegraph/id/city/fr/trifouillis"),
    }


# --- help -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(cli.commands))  # every command, new ones too
def test_every_command_has_help_with_examples(runner: CliRunner, command: str) -> None:
    result = run(runner, command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"casegraph {command}" in result.stdout


def test_python_dash_m(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "casegraph", "--version"],
                            capture_output=True, text=True, check=True)
    assert result.stdout.startswith("casegraph, version ")


def test_a_graph_the_store_refuses_leaves_previous_output(tmp_path: Path) -> None:
    """The store loads in a thread of its own; its error still stops the build, whole."""
    from casegraph.graph.store import GraphBlock, open_output

    out = tmp_path / "out"
    assert run(CliRunner(), "build", SEED, "--out", out).exit_code == 0
    before = {p.name: p.stat().st_size for p in out.iterdir() if p.is_file()}
    with pytest.raises(StoreError, match="the store refused the graph"):
        with open_output(out) as writer:
            writer.add([GraphBlock("<urn:x>", b"<urn:x> { <urn:a> <urn:b> ", 1)])
            writer.commit({"documents": []})
    assert {p.name: p.stat().st_size for p in out.iterdir() if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_the_build_names_each_step_after_reading(tmp_path: Path) -> None:
    """A 2,000-document build spent 24 of its 40 s with the bar stuck at 100%: each step after
    the last document is now told as it starts."""
    from casegraph.ingest.pipeline import build

    steps: list[str] = []
    build([SEED], tmp_path / "out", phase=steps.append)
    assert [s.split(" ")[0] for s in steps] == ["summarising", "finishing", "writing",
                                                "writing", "writing"]
    assert steps[0] == "summarising 1 case(s)"
    assert steps[2:] == ["writing graph.trig", "writing the manifest",
                         "writing the analysis table"]


def test_progress_is_silent_when_piped(runner: CliRunner, seed_out: Path, tmp_path: Path) -> None:
    for args in (["patterns", "--min-cities", "1"], ["similar", "Nantes"],
                 ["recommend", "--city", "Lyon", "--challenge", "IC4"],
                 ["viz", "-o", str(tmp_path / "page.html")],
                 ["report", "-o", str(tmp_path / "report.html")],
                 ["export", "--format", "graphml", "-o", str(tmp_path / "g.graphml")]):
        result = runner.invoke(cli, [*args, "--out", str(seed_out)])
        assert result.exit_code in (0, 1), result.output
        assert "reading the" not in result.stderr and "\r" not in result.stderr
