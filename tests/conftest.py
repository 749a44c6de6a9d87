"""Shared fixtures: the seed case example, its Word and PDF renderings, the bundled corpus
parsed and built once a session, a CLI runner, and the golden files with ``--update-golden``."""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

#: The real SPARQL servers (tests/servers.py) are fixtures for every test module; pytester
#: runs pytest inside a test (tests/test_golden.py).
pytest_plugins = ("servers", "pytester")

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).parent.parent
SEED = FIXTURES / "stay-tuned-nantes.txt"
CORPUS = ROOT / "data" / "cases"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
CHROMIUM = os.environ.get("CASEGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

#: Under pytest-xdist the workers are the parallelism: each runs the sentence encoder's OpenMP
#: engine and BLAS on one thread rather than all of them contending for the same cores (the
#: encoder's results do not depend on its thread count). Set before anything loads them.
if os.environ.get("PYTEST_XDIST_WORKER"):
    for _threads in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_threads, "1")

#: Lines of the seed that a Word author would style as headings.
_HEADING = re.compile(
    r"^(Summary|Case Example Title and City:|Case Example Summary|Solutions offered|WHAT was|"
    r"The CHALLENGE|How was the above|What difference|What lessons|Key Facts|Budget|"
    r"Extra information|Annex)"
)


#: What makes a test need a real SPARQL server or the headless browser: the fixtures it uses
#: (``server`` stands for either server, chosen by its parameter) or a backend parameter that
#: names a server. The markers ``server`` and ``browser`` follow, so that a quick loop can
#: leave such tests out: ``python -m pytest -m "not server and not browser and not slow"``.
_SERVER_FIXTURES = {"oxigraph_server", "virtuoso_server", "server"}
_SERVER_PARAMS = {"virtuoso", "oxigraph-server"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the golden files (tests/golden) with what the code writes "
                          "now instead of comparing them; the updated files are listed at the end")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        params = getattr(getattr(item, "callspec", None), "params", {})
        if used & _SERVER_FIXTURES or _SERVER_PARAMS & {v for v in params.values()
                                                         if isinstance(v, str)}:
            item.add_marker("server")
        if "browser" in used:
            item.add_marker("browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session, with a fresh profile and no network."""
    from servers import skip_or_fail

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("browser", "the playwright package is not installed "
                                "(pip install -e '.[test]')")
    executable = shutil.which(CHROMIUM)
    if executable is None:
        skip_or_fail("browser", f"no {CHROMIUM}: apt-get install -y --no-install-recommends "
                                "chromium")
    profile = tempfile.mkdtemp(prefix="casegraph-chromium-")
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile, executable_path=executable, args=CHROMIUM_ARGS, headless=True,
                viewport={"width": 1400, "height": 900})
            yield context
            context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def write_docx(text: str, path: Path, *, facts_as_table: bool = True) -> Path:
    """Render a case example as a Word file: headings styled, key facts in a table."""
    import docx

    document = docx.Document()
    lines = [line.strip() for line in text.split("\n")]
    table_rows: list[tuple[str, str]] = []
    in_facts = False
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line:
            continue
        if facts_as_table and line.startswith("Key Facts"):
            document.add_heading(line, level=2)
            in_facts = True
            continue
        if in_facts and line.startswith(("Start and end", "Date of preparation")):
            label, value = re.match(r"^(.*case example)\s*(.*)$", line).groups()
            table_rows.append((label, value))
            continue
        if in_facts and line.startswith("Who prepared"):
            table_rows.append((line, lines[index]))
            index += 1
            continue
        if in_facts and table_rows:
            table = document.add_table(rows=0, cols=2)
            for label, value in table_rows:
                cells = table.add_row().cells
                cells[0].text = label
                cells[1].text = value
            table_rows = []
            in_facts = False
        if line.startswith("STAY TUNED"):
            document.add_heading(line, level=1)
        elif _HEADING.match(line):
            document.add_heading(line, level=2)
        else:
            document.add_paragraph(line)
    document.save(str(path))
    return path


def write_pdf(text: str, path: Path) -> Path:
    """Render a case example as a PDF with a text layer: wrapped lines, a Unicode font."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=10)
    for line in text.split("\n"):
        if line.strip():
            pdf.multi_cell(0, 5, line.strip())
            pdf.ln(3)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="session")
def seed_docx(tmp_path_factory: pytest.TempPathFactory, seed_text: str) -> Path:
    return write_docx(seed_text, tmp_path_factory.mktemp("docx") / "stay-tuned-nantes.docx")


@pytest.fixture(scope="session")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory, seed_text: str) -> Path:
    return write_pdf(seed_text, tmp_path_factory.mktemp("pdf") / "stay-tuned-nantes.pdf")


#: The first thirteen bundled documents. Tests of queries, analysis and rendering that count
#: and name what the graph holds build these, so that the corpus can grow without changing
#: what they assert; tests of reading and parsing take every document in data/cases.
FIRST_CORPUS = (
    "int-herit-dodoni.txt", "int-herit-espinho.md", "int-herit-kortrijk-region-transfo.txt",
    "int-herit-mantova-palazzo-te.txt", "int-herit-mantova-pescherie.md",
    "stay-tuned-ampelokipi-menemeni.txt", "stay-tuned-aveiro.md", "stay-tuned-barcelona.txt",
    "stay-tuned-berlin.txt", "stay-tuned-ghent.txt", "stay-tuned-nantes.txt",
    "stay-tuned-sofia.md", "uia-getafe-epiu.txt",
)


@pytest.fixture(scope="session")
def corpus_records() -> dict[str, Any]:
    """Every bundled document (data/cases) read and parsed once for the session, by file
    name. Records are frozen: change one with ``dataclasses.replace``."""
    from casegraph.ingest.extract import parse_case
    from casegraph.ingest.read import read_document

    return {path.name: parse_case(read_document(path)) for path in sorted(CORPUS.iterdir())}


def first_corpus(folder: Path) -> Path:
    """A folder holding copies of the first thirteen bundled documents."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in FIRST_CORPUS:
        shutil.copy2(CORPUS / name, folder / name)
    return folder


def build_corpus(out: Path, cases: Path | None = None) -> Path:
    """Build documents into ``out`` as tests need them: reproducibly, and every one built.
    Without ``cases``, the first thirteen bundled documents."""
    from casegraph.ingest.pipeline import build

    if cases is None:
        cases = first_corpus(out.parent / "first-corpus")

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        report = build([cases], out)
    assert report.written and not report.rejected, report.rejected
    return out


@pytest.fixture(scope="session")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first thirteen bundled documents built once for the session (once per xdist worker).
    Shared by every module that reads that build: never write into it, take ``copy_build``."""
    return build_corpus(tmp_path_factory.mktemp("first-build") / "out")


def generated_build(folder: Path, count: int) -> Path:
    """``count`` synthetic case examples (bench/generate.py, seed 0) written and built in
    ``folder``; the build's folder."""
    import subprocess
    import sys

    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(count),
                    str(folder / "cases")], check=True, capture_output=True)
    return build_corpus(folder / "out", folder / "cases")


def copy_build(build: Path, out: Path) -> Path:
    """A copy of a build in ``out``, for tests that write into the output folder (a page, a
    report, an export's default target) or build over it."""
    shutil.copytree(build, out, symlinks=True)
    return out


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed built once, for tests that only read a build."""
    from casegraph.cli import cli

    out = tmp_path_factory.mktemp("seed-build") / "out"
    result = CliRunner().invoke(cli, ["build", str(SEED), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def _fixed_ingest_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds in tests are reproducible: the time of ingest is fixed."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


#: What a golden comparison says of two texts of a golden file (the file's, the code's): None
#: when they mean the same, else a readable account of how they differ.
Differ = Callable[[str, str], str | None]

#: The name of the user property under which a test lists the golden files it rewrote.
GOLDEN_UPDATED = "golden-updated"


def text_diff(expected: str, actual: str) -> str | None:
    """Texts compared exactly: None when equal, else a unified diff from golden to actual."""
    if expected == actual:
        return None
    lines = difflib.unified_diff(expected.splitlines(keepends=True),
                                 actual.splitlines(keepends=True), "golden", "actual")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def json_text(value: Any) -> str:
    """A value as a golden JSON file holds it: two-space indents, UTF-8 as is, a final newline."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def json_diff(expected: str, actual: str) -> str | None:
    """JSON texts compared by value (the order of an object's keys aside); the diff is of
    both values written alike, keys sorted."""
    try:
        values = json.loads(expected), json.loads(actual)
    except ValueError as error:
        return f"not JSON: {error}\n" + (text_diff(expected, actual) or "")
    if values[0] == values[1]:
        return None
    written = [json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
               for value in values]
    return "(keys sorted)\n" + (text_diff(*written) or "")


@dataclass
class Golden:
    """Where every golden comparison goes: what the code writes against a file in ``root``.
    A difference fails with a readable diff; with ``update`` (``--update-golden``) the file
    is rewritten instead, the test passes, and the file is named in ``node``'s user
    properties, which the end of the run lists."""

    update: bool
    root: Path = GOLDEN
    node: pytest.Item | None = None

    def check(self, name: str | Path, actual: str, differ: Differ = text_diff) -> None:
        """``actual`` against the golden file ``name`` (relative to ``root``), as ``differ``
        compares them; the file is written as ``actual`` when it is updated."""
        path = self.root / name
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise ValueError(f"{name}: a golden file is in {self.root}, nowhere else")
        if path.is_file():
            difference = differ(path.read_text(encoding="utf-8"), actual)
            if difference is None:
                return
        else:
            difference = "(there is no golden file yet)\n"
        if not self.update:
            pytest.fail(f"{path} is not what the code writes; if the change is intended, "
                        f"run pytest --update-golden and review the diff in git\n{difference}",
                        pytrace=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        if self.node is not None:
            self.node.user_properties.append((GOLDEN_UPDATED, str(path)))

    def check_json(self, name: str | Path, value: Any) -> None:
        """A JSON value against a golden JSON file, compared by value."""
        self.check(name, json_text(value), json_diff)


@pytest.fixture()
def golden(request: pytest.FixtureRequest) -> Golden:
    """The golden comparisons of one test (``--update-golden`` rewrites the files)."""
    return Golden(bool(request.config.getoption("--update-golden")), GOLDEN, request.node)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """After a run with ``--update-golden``: the golden files it rewrote."""
    updated = sorted({str(prop[1]) for reports in terminalreporter.stats.values()
                      for report in reports for prop in getattr(report, "user_properties", ())
                      if prop[0] == GOLDEN_UPDATED})
    if updated:
        terminalreporter.section("golden files updated (review them with git diff)")
        for path in updated:
            terminalreporter.line(path)
