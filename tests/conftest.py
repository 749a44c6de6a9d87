"""Shared fixtures: the seed case example, its Word and PDF renderings, and a CLI runner."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

#: The real SPARQL servers (tests/servers.py) are fixtures for every test module.
pytest_plugins = ("servers",)

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).parent.parent
SEED = FIXTURES / "stay-tuned-nantes.txt"
CORPUS = ROOT / "data" / "cases"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

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


def first_corpus(folder: Path) -> Path:
    """A folder holding copies of the first thirteen bundled documents."""
    import shutil

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
