"""Latency of every named query on a built graph: the embedded Oxigraph store and rdflib's
in-memory store, side by side in one run.

    python bench/query_bench.py OUT [--repeat 7] [--rdflib-repeat 1] [--no-rdflib]

OUT is a folder written by ``casegraph build``. Each query runs once to warm up and then
``--repeat`` times on Oxigraph; rdflib loads graph.trig into memory and runs each query
``--rdflib-repeat`` times (it is slow: at 10k cases a query takes seconds to minutes). Prints a
Markdown table and, with --json FILE, writes the figures.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from casegraph.query.local import MemoryBackend, OxigraphBackend
from casegraph.query.queries import named_queries, run_query

#: What a user would ask each query at any corpus size.
PARAMS: dict[str, dict[str, str]] = {
    "tactics-for-challenge": {"challenge": "IC4"},
    "challenges-for-tactic": {"tactic": "pilot"},
    "cross-city-tactics": {"min_cities": "3"},
    "lessons-for-challenge": {"challenge": "IC5"},
    "city-profile": {"city": "Nantes"},
    "similar-cities": {"city": "Nantes"},
    "cases-by-network": {},
    "cases-by-country": {},
    "gaps": {},
}


def _time(backend: Any, name: str, repeat: int) -> tuple[list[float], int]:
    query = named_queries()[name]
    params = PARAMS.get(name, {})
    timings = []
    rows = 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = len(run_query(backend, query, params).rows)
        timings.append((time.perf_counter() - start) * 1000)
    return timings, rows


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(out: Path, *, repeat: int, rdflib_repeat: int, rdflib: bool) -> dict[str, Any]:
    names = [n for n in PARAMS if n in named_queries()]
    oxigraph = OxigraphBackend(out)
    results: dict[str, Any] = {"out": str(out), "queries": {}}
    for name in names:
        _time(oxigraph, name, 1)  # warm-up: the store's pages in the OS cache
        timings, rows = _time(oxigraph, name, repeat)
        results["queries"][name] = {"rows": rows, "oxigraph_ms": timings}
        print(f"  oxigraph {name}: median {statistics.median(timings):.1f} ms, {rows} rows",
              file=sys.stderr)
    oxigraph.close()
    if rdflib:
        start = time.perf_counter()
        memory = MemoryBackend(out)
        results["rdflib_load_s"] = time.perf_counter() - start
        results["rdflib_peak_mb"] = _peak_mb()
        print(f"  rdflib loaded in {results['rdflib_load_s']:.1f} s", file=sys.stderr)
        for name in names:
            _time(memory, name, 1)  # warm-up, as on Oxigraph: rdflib builds its indexes lazily
            timings, rows = _time(memory, name, rdflib_repeat)
            results["queries"][name]["rdflib_ms"] = timings
            results["queries"][name]["rdflib_rows"] = rows
            print(f"  rdflib {name}: median {statistics.median(timings):.1f} ms",
                  file=sys.stderr)
    return results


def table(results: dict[str, Any]) -> str:
    lines = ["| query | rows | Oxigraph median (ms) | Oxigraph max (ms) | rdflib median (ms) "
             "| speed-up |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, item in results["queries"].items():
        ox = statistics.median(item["oxigraph_ms"])
        worst = max(item["oxigraph_ms"])
        if "rdflib_ms" in item:
            rd = statistics.median(item["rdflib_ms"])
            rd_text, ratio = f"{rd:,.1f}", f"{rd / ox:,.0f}×"
        else:
            rd_text, ratio = "not run", "–"
        lines.append(f"| {name} | {item['rows']} | {ox:,.1f} | {worst:,.1f} | {rd_text} "
                     f"| {ratio} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rdflib-repeat", type=int, default=1)
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    results = measure(args.out, repeat=args.repeat, rdflib_repeat=args.rdflib_repeat,
                      rdflib=not args.no_rdflib)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
