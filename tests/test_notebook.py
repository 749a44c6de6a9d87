"""The worked notebook runs top to bottom on the bundled corpus, and is committed without outputs."""

from __future__ import annotations

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
def test_notebook_runs_top_to_bottom() -> None:
    """Every cell runs without error in a fresh kernel (nbclient raises CellExecutionError on
    the first failing cell, or TimeoutError after 300 s in one cell), and the answers are the
    ones the tour describes."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(notebook, timeout=300, startup_timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    text, kinds = [], set()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            kinds.add(output["output_type"])
            if output["output_type"] == "stream":
                text.append(output["text"])
            elif "data" in output:
                kinds.update(output["data"])
    printed = "".join(text)
    assert "error" not in kinds
    assert "built 28 cases" in printed and "0 rejected" in printed
    assert "37 tactics against IC2" in printed
    assert "peer-learning | Peer learning |" in printed and "Aveiro; Gent" in printed
    assert "Prioritising a few actions (Gent, Nantes)" in printed
    assert "report.html: 12 challenge sections" in printed
    assert "image/png" in kinds  # the heatmap
