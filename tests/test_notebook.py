"""The worked notebook runs top to bottom on the bundled corpus, and is committed without outputs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "casegraph-tour.ipynb"


def test_notebook_is_committed_without_outputs() -> None:
    import nbformat

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code, "the notebook has no code"
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)


@pytest.mark.slow
def test_notebook_runs_top_to_bottom(tmp_path: Path) -> None:
    """Every cell runs without error in a fresh kernel, run as the README says (jupyter
    nbconvert --execute); the answers are the ones the tour describes, its tables are
    DataFrames, and the pages it writes are next to the notebook."""
    import nbformat

    folder = tmp_path / "notebooks"
    folder.mkdir()
    copy = folder / NOTEBOOK.name
    shutil.copy(NOTEBOOK, copy)
    (tmp_path / "data").symlink_to(ROOT / "data", target_is_directory=True)
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook",
                    "--execute", str(copy), "--output", "tour-run.ipynb",
                    "--ExecutePreprocessor.timeout=300"], check=True, cwd=folder,
                   capture_output=True)
    notebook = nbformat.read(folder / "tour-run.ipynb", as_version=4)
    text, kinds = [], set()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            kinds.add(output["output_type"])
            if output["output_type"] == "stream":
                text.append(output["text"])
            elif "data" in output:
                kinds.update(output["data"])
                text.append(output["data"].get("text/plain", ""))
                text.append(output["data"].get("text/html", ""))
    printed = "".join(text)
    assert "error" not in kinds
    assert "built 28 cases" in printed and "0 rejected" in printed
    assert "37 tactics against IC2" in printed
    assert 'class="dataframe"' in printed  # query results as pandas DataFrames
    assert "peer-learning" in printed and "Aveiro; Gent" in printed
    assert "Prioritising a few actions (Gent, Nantes)" in printed
    assert "report.html: 12 challenge sections" in printed and "next to this notebook" in printed
    assert "<iframe srcdoc=" in printed  # the explorer, inline
    assert "image/png" in kinds  # the heatmap
    assert (folder / "casegraph-tour-patterns.html").stat().st_size > 10_000
    assert (folder / "casegraph-tour-report.html").stat().st_size > 10_000
