"""Benchmark rebuilding: how long `casegraph build` takes after nothing changed, after one
edited document and after ten, beside the full build of the same corpus, side by side in one
run. Each build is `casegraph build CORPUS --out OUT --quiet` in a child process (start-up
included); the load average is printed with each figure. Prints one Markdown table row per
corpus.

    python bench/generate.py 1000 /tmp/cg-bench/1k --seed 0
    python bench/incremental_bench.py /tmp/cg-bench/1k /tmp/cg-bench/10k
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _build(corpus: Path, out: Path, *extra: str) -> tuple[float, str]:
    """Wall time of one build, and its last line."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "casegraph", "build", str(corpus), "--out",
                             str(out), *extra], capture_output=True, text=True)
    took = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"build failed: {result.stderr[-400:]}")
    lines = result.stderr.strip().splitlines()
    return took, lines[-1] if lines else ""


def _edit(documents: list[Path], count: int, round_: int) -> None:
    """Change one word in each of the first ``count`` documents."""
    for path in documents[:count]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(" the ", f" the (edit {round_}) ", 1), encoding="utf-8")


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", type=Path, help="generated corpus folders")
    args = parser.parse_args()
    print(f"# {os.cpu_count()} cores; times are wall seconds of the whole command\n")
    print("| documents | full build | nothing changed | 1 edited | 10 edited | full again "
          "| load (1, 5, 15 min) |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    for corpus in args.corpora:
        with tempfile.TemporaryDirectory(prefix="cg-inc-") as scratch:
            copy = Path(scratch) / "corpus"
            shutil.copytree(corpus, copy)
            documents = sorted(p for p in copy.rglob("*") if p.suffix in (".txt", ".md"))
            out = Path(scratch) / "out"
            env_epoch = os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
            full, _ = _build(copy, out, "--quiet")
            same, same_line = _build(copy, out)
            _edit(documents, 1, 1)
            one, one_line = _build(copy, out)
            _edit(documents[1:], 10, 2)
            ten, ten_line = _build(copy, out)
            again, _ = _build(copy, out, "--full", "--quiet")
            assert env_epoch
            print(f"| {len(documents)} | {full:.2f} | {same:.2f} | {one:.2f} | {ten:.2f} "
                  f"| {again:.2f} | {_load()} |", flush=True)
            for line in (same_line, one_line, ten_line):
                print(f"<!-- {line.replace(scratch, '...')} -->")
    return 0


if __name__ == "__main__":
    sys.exit(main())
