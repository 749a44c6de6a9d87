"""Benchmark `casegraph build`: wall time, documents per second and peak memory, per corpus.

Each corpus is built by `casegraph build CORPUS --out OUT --quiet` in a child process; the
figures are the child's: wall-clock time of the whole command (start-up included); the peak
resident set size of its largest process (from /usr/bin/time -v when present, else getrusage
of the children); and, sampled from /proc every quarter second, the peak proportional set size
summed over the build and its worker processes (what they occupy together, shared pages
counted once). Prints the machine, then one Markdown table row per corpus.

    python bench/build_bench.py /tmp/cg-bench/1k /tmp/cg-bench/10k
    python bench/build_bench.py /tmp/cg-bench/100k --out /tmp/cg-bench-out --repeat 1
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUFFIXES = {".txt", ".text", ".md", ".markdown", ".docx", ".pdf"}


def count_documents(corpus: Path) -> int:
    """Documents in the corpus as `casegraph build` counts them (hidden files aside)."""
    return sum(
        1 for p in corpus.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(corpus).parts)
        and not p.name.endswith(".casegraph.yaml") and p.name.lower() != "readme.md"
    )


def machine() -> list[str]:
    """nproc, CPU model, memory, Python and pyoxigraph versions."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        match = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
        if match:
            memory = f"{int(match.group(1)) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        from importlib.metadata import version

        oxigraph = version("pyoxigraph")
    except Exception:  # noqa: BLE001 - only a label
        oxigraph = "unknown"
    return [
        f"- processors (nproc): {os.cpu_count()} "
        f"(usable: {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'})",
        f"- CPU: {cpu}",
        f"- memory: {memory}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), "
        f"pyoxigraph {oxigraph}, {platform.system()} {platform.release()}",
    ]


def _tree(root: int) -> list[int]:
    """The process and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _tree_memory(root: int) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) in KiB over the process tree; PSS shares copy-on-write pages
    out between the processes that hold them, so its sum is the tree's real footprint."""
    rss = pss = 0
    for pid in _tree(root):
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
    return rss, pss


def run_build(corpus: Path, out: Path) -> dict[str, float]:
    """Build once; return wall seconds, the peak RSS of the largest process, the peak summed
    RSS and PSS of the whole process tree (workers included), all in KiB, and the exit status."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "casegraph", "build", str(corpus), "--out", str(out),
               "--quiet"]
    timer = Path("/usr/bin/time")
    sampled = Path("/proc/self/smaps_rollup").exists()
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        if timer.exists():
            command = [str(timer), "-v", "-o", report.name, *command]
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        tree_rss = tree_pss = 0
        while child.poll() is None:
            if sampled:
                rss, pss = _tree_memory(child.pid)
                tree_rss, tree_pss = max(tree_rss, rss), max(tree_pss, pss)
            time.sleep(0.25)
        wall = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        cpu = 0.0
        if timer.exists():
            text = report.read()
            match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
            if match:
                peak = int(match.group(1))
            cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)",
                                                   text))
        else:
            # ru_maxrss is the largest child so far: exact for the first run, a bound after.
            peak = max(peak, before)
    return {"wall": wall, "peak": peak, "tree_rss": tree_rss, "tree_pss": tree_pss,
            "cpu": cpu, "status": child.returncode}


LOADER = """
import sys, tempfile, time
from pyoxigraph import RdfFormat, Store
with tempfile.TemporaryDirectory(dir=sys.argv[2]) as folder:
    start = time.perf_counter()
    store = Store(folder)
    store.bulk_load(path=sys.argv[1], format=RdfFormat.TRIG)
    store.optimize()
    store.flush()
    print(time.perf_counter() - start)
"""


def store_load(out: Path) -> float:
    """Seconds Oxigraph's own bulk loader takes to load a build's graph.trig into a new
    on-disk store and compact it, as the build does: the floor under any build's time."""
    result = subprocess.run([sys.executable, "-c", LOADER, str(out / "graph.trig"),
                             str(out.parent)], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"the store loader failed on {out / 'graph.trig'}: "
                           f"{result.stderr.strip()[-2000:]}")
    return float(result.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", type=Path, help="corpus folders to build")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for the build outputs (default: a temporary folder)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="builds per corpus; the fastest is reported (default: 1)")
    parser.add_argument("--keep", action="store_true", help="keep the build outputs")
    args = parser.parse_args()

    base = args.out or Path(tempfile.mkdtemp(prefix="cg-build-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    env_note = os.environ.get("SOURCE_DATE_EPOCH")
    print("\n".join(machine()))
    if env_note:
        print(f"- SOURCE_DATE_EPOCH={env_note}")
    try:
        load = os.getloadavg()[0]
        print(f"- load average before the runs: {load:.2f}")
    except OSError:
        pass
    print()
    print("| corpus | documents | wall time (s) | documents/s | peak RSS, largest process "
          "(MiB) | peak PSS, all processes (MiB) | exit |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for corpus in args.corpora:
        documents = count_documents(corpus)
        best: dict[str, float] | None = None
        for _ in range(max(1, args.repeat)):
            result = run_build(corpus, base / corpus.name)
            if best is None or result["wall"] < best["wall"]:
                best = result
        assert best is not None
        tree = f"{best['tree_pss'] / 1024:,.0f}" if best["tree_pss"] else "n/a"
        print(f"| {corpus} | {documents:,} | {best['wall']:.1f} | "
              f"{documents / best['wall']:,.0f} | {best['peak'] / 1024:,.0f} | {tree} | "
              f"{best['status']:.0f} |", flush=True)
        if not args.keep:
            shutil.rmtree(base / corpus.name, ignore_errors=True)
    if not args.keep and args.out is None:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
