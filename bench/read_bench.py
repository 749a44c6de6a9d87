"""End-to-end latency of every command that reads a built graph, as a user runs it: a fresh
`casegraph ...` process each time (start-up, opening the store, the answer written), beside
plain pyoxigraph and plain rdflib doing the least they could in the same run.

    python bench/read_bench.py OUT [--repeat 3] [--city Nantes] [--no-rdflib]

OUT is a folder written by ``casegraph build``. Each command runs ``--repeat`` times; the
median is reported with the load average beside it. The baselines: a fresh Python process that
opens the same store with pyoxigraph and asks whether it holds a quad (the floor under any
command that starts, opens the store and asks one question), and rdflib loading graph.trig into memory
(what reading the graph costs without a store). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from query_bench import PARAMS  # noqa: E402 - the same questions as the query benchmark

TARGET = 2.0

PLAIN_OXIGRAPH = """
import sys
from pyoxigraph import Store
store = Store.read_only(sys.argv[1])
print(store.query("ASK { GRAPH ?g { ?s ?p ?o } }"))
"""

PLAIN_RDFLIB = """
import sys
from rdflib import Dataset
dataset = Dataset()
dataset.parse(sys.argv[1], format="trig")
print(len(dataset))
"""


def commands(out: Path, scratch: Path, city: str) -> list[tuple[str, list[str]]]:
    """Each reading command with what a user would ask it."""
    where = ["--out", str(out)]
    found = [
        ("stats", ["stats", *where]),
        ("tactics", ["tactics", *where]),
    ]
    for name, params in PARAMS.items():
        arguments = [arg for key, value in params.items()
                     for arg in ("-p", f"{key}={city if key == 'city' else value}")]
        found.append((f"query {name}", ["query", name, *arguments, *where]))
    found += [
        ("viz", ["viz", *where, "-o", str(scratch / "graph.html")]),
        ("patterns", ["patterns", *where]),
        ("patterns --challenge IC4", ["patterns", "--challenge", "IC4", *where]),
        (f"similar {city}", ["similar", city, *where]),
        (f"recommend --city {city} --challenge IC4",
         ["recommend", "--city", city, "--challenge", "IC4", *where]),
        ("report", ["report", *where, "-o", str(scratch / "report.html")]),
    ]
    return found


def _run(argv: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv[2:])} failed: {result.stderr.strip()[-500:]}")
    return took


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="a folder written by casegraph build")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (default 3)")
    parser.add_argument("--city", default="Nantes", help="the city asked about (default Nantes)")
    parser.add_argument("--no-rdflib", action="store_true", help="leave rdflib's load out")
    args = parser.parse_args()
    python = [sys.executable, "-m", "casegraph"]
    print(f"# {os.cpu_count()} cores; {args.out}; median of {args.repeat} fresh processes, "
          f"wall seconds, start-up included\n")
    print("| command | median (s) | ≤ 2 s | × plain pyoxigraph | load (1, 5, 15 min) |")
    print("|---|---:|---|---:|---|")
    floor = statistics.median(
        _run([sys.executable, "-c", PLAIN_OXIGRAPH, str(args.out / "store")])
        for _ in range(args.repeat))
    print(f"| plain pyoxigraph: start, open the store, ask one quad | {floor:.2f} | – | 1.0 "
          f"| {_load()} |", flush=True)
    with tempfile.TemporaryDirectory(prefix="cg-read-bench-") as scratch:
        for label, argv in commands(args.out, Path(scratch), args.city):
            took = statistics.median(_run([*python, *argv]) for _ in range(args.repeat))
            met = "met" if took <= TARGET else "**missed**"
            print(f"| `casegraph {label}` | {took:.2f} | {met} | {took / floor:.1f} "
                  f"| {_load()} |", flush=True)
    if not args.no_rdflib:
        took = _run([sys.executable, "-c", PLAIN_RDFLIB, str(args.out / "graph.trig")])
        print(f"| plain rdflib: load graph.trig into memory (once) | {took:.2f} | – "
              f"| {took / floor:.1f} | {_load()} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
