"""Run every benchmark and write docs/benchmarks.md: build time and memory, and the latency of
each named query on the embedded Oxigraph store and on rdflib in memory, at 1k, 10k and 100k
synthetic cases, against the targets.

    python bench/run.py                      # all sizes; corpora kept in /tmp/cg-bench
    python bench/run.py --sizes 1000 10000 --work /tmp/cg-bench --doc docs/benchmarks.md

Corpora are generated when missing (bench/generate.py, seed 0). rdflib is measured up to
--rdflib-max cases (loading 100k cases into rdflib needs tens of GB). At the smallest size the
aggregating queries are also run as written over the case graphs (tests/reference/), on both
stores, to compare the engines on the same heavy work.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_bench  # noqa: E402
import query_bench  # noqa: E402
import viz_bench  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "reference"

TARGET_DOCS_PER_S = 1000
TARGET_QUERY_MS = 100
TARGET_SPEEDUP = 20
TARGET_PEAK_MIB = 2048
TARGET_PAGE_MS = 3000


def _label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def _corpus(size: int, work: Path) -> Path:
    corpus = work / _label(size)
    if not corpus.is_dir() or build_bench.count_documents(corpus) != size:
        print(f"generating {size} documents into {corpus}", file=sys.stderr)
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(size),
                        str(corpus)], check=True)
    return corpus


def _reference(out: Path, repeat: int) -> dict[str, Any]:
    """The aggregating queries over the case graphs, on both stores."""
    from casegraph.query.local import MemoryBackend, OxigraphBackend
    from casegraph.query.sparql import Backend
    from casegraph.query.queries import parse_query_text, run_query

    stores: dict[str, Backend] = {"oxigraph": OxigraphBackend(out), "rdflib": MemoryBackend(out)}
    figures: dict[str, Any] = {}
    for path in sorted(REFERENCE.glob("*.rq")):
        query = parse_query_text(path.stem, path.read_text(encoding="utf-8"))
        params = query_bench.PARAMS.get(path.stem, {})
        item: dict[str, Any] = {}
        for name, store in stores.items():
            timings = []
            for _ in range(repeat if name == "oxigraph" else 1):
                start = time.perf_counter()
                run_query(store, query, params)
                timings.append((time.perf_counter() - start) * 1000)
            item[name] = statistics.median(timings)
        figures[path.stem] = item
        print(f"  reference {path.stem}: {item}", file=sys.stderr)
    return figures


def _viz(size: int, work: Path) -> list[dict[str, Any]]:
    """The explorer page of ``size`` cases, unfolded and folded, in headless Chromium."""
    import json
    import tempfile

    corpus = _corpus(size, work)
    out = work / f"out-{_label(size)}"
    if build_bench.run_build(corpus, out)["status"] != 0:
        raise SystemExit(f"build of {corpus} failed")
    figures = []
    for max_nodes in (0, 1500):
        with tempfile.NamedTemporaryFile(suffix=".json") as report:
            viz_bench.main([str(out), "--max-nodes", str(max_nodes), "--repeat", "3",
                            "--json", report.name])
            figures.append({"max_nodes": max_nodes, **json.load(open(report.name))})
    return figures


def _viz_section(args: argparse.Namespace, figures: list[dict[str, Any]]) -> str:
    if not figures:
        return ""
    lines = [
        "## The explorer page",
        "",
        f"Target: a page with 5,000 nodes opens and responds in the browser in under "
        f"{TARGET_PAGE_MS / 1000:.0f} s. `bench/viz_bench.py` on {figures[0]['cases']:,} "
        "generated cases, median of 3 fresh page loads in Debian's headless Chromium: first "
        "render is from navigation to vis-network's first drawing; a click (a real mouse "
        "click on a case), a search and a facet filter last until the second animation frame "
        "after them. `--max-nodes 0` turns off the folding of large graphs; 1,500 is the "
        "default.",
        "",
        "| --max-nodes | nodes | edges | page MB | first render (ms) | click (ms) | search (ms) "
        "| filter (ms) | under 3 s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for item in figures:
        slowest = max(item["first_render_ms"], item["click_ms"], item["search_ms"],
                      item["filter_ms"])
        lines.append(f"| {item['max_nodes']} | {item['nodes']:,} | {item['edges']:,} | "
                     f"{item['html_mb']:.1f} | {item['first_render_ms']:,.0f} | "
                     f"{item['click_ms']:,.0f} | {item['search_ms']:,.0f} | "
                     f"{item['filter_ms']:,.0f} | {_mark(slowest < TARGET_PAGE_MS)} |")
    return "\n".join(lines) + "\n"


def _sections(text: str) -> dict[str, str]:
    """The document's ``## `` sections by heading, each with its text."""
    found: dict[str, str] = {}
    heading = None
    for line in text.splitlines(keepends=True):
        if line.startswith("## "):
            heading = line[3:].strip()
            found[heading] = ""
        if heading is not None:
            found[heading] += line
    return found


def _kept_sections(previous: str, written: str) -> str:
    """The sections of the previous document this command does not write (the figures of the
    other benchmarks, each with the command that made them), kept after its own."""
    mine = _sections(written)
    kept = [body for heading, body in _sections(previous).items() if heading not in mine]
    return "".join("\n" + body.rstrip("\n") + "\n" for body in kept)


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/cg-bench"))
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rdflib-repeat", type=int, default=3)
    parser.add_argument("--rdflib-max", type=int, default=10000)
    parser.add_argument("--viz-cases", type=int, default=1200,
                        help="cases in the explorer page benchmark (1,200: about 5,400 nodes)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)

    machine = build_bench.machine()
    machine.append(f"- load average (1 min) when the run started: {os.getloadavg()[0]:.2f}")
    builds: dict[int, dict[str, Any]] = {}
    queries: dict[int, dict[str, Any]] = {}
    reference: dict[str, Any] = {}
    for size in args.sizes:
        corpus = _corpus(size, args.work)
        out = args.work / f"out-{_label(size)}"
        print(f"building {corpus}", file=sys.stderr)
        builds[size] = build_bench.run_build(corpus, out)
        if builds[size]["status"] != 0:
            print(f"build of {corpus} failed", file=sys.stderr)
            return 1
        try:
            builds[size]["loader"] = build_bench.store_load(out)
        except RuntimeError as e:  # reported in the document; the other figures still count
            print(e, file=sys.stderr)
            builds[size]["loader"] = None
        builds[size]["quads"] = json.loads((out / "manifest.json").read_text())["quads"]
        print(f"querying {out}", file=sys.stderr)
        queries[size] = query_bench.measure(out, repeat=args.repeat,
                                            rdflib_repeat=args.rdflib_repeat,
                                            rdflib=size <= args.rdflib_max)
        if size == min(args.sizes):
            reference = _reference(out, args.repeat)
    viz = _viz(args.viz_cases, args.work) if args.viz_cases else []
    machine.append(f"- load average (1 min) when it ended: {os.getloadavg()[0]:.2f} "
                   "(the benchmark's own processes included)")
    text = _document(args, machine, builds, queries, reference) + _viz_section(args, viz)
    previous = args.doc.read_text(encoding="utf-8") if args.doc.is_file() else ""
    args.doc.write_text(text + _kept_sections(previous, text), encoding="utf-8")
    print(f"wrote {args.doc}", file=sys.stderr)
    return 0


def _document(args: argparse.Namespace, machine: list[str], builds: dict[int, dict[str, Any]],
              queries: dict[int, dict[str, Any]], reference: dict[str, Any]) -> str:
    today = datetime.date.today().isoformat()
    command = "python bench/run.py " + " ".join(
        ["--sizes", *map(str, args.sizes), "--repeat", str(args.repeat),
         "--rdflib-repeat", str(args.rdflib_repeat), "--rdflib-max", str(args.rdflib_max)])
    lines = [
        "# Benchmarks",
        "",
        f"Measured on {today} with `{command}` (corpora from `bench/generate.py`, seed 0: "
        "case examples in the template, about 300 European cities, Zipf-distributed "
        "tactics). Written by that command, which keeps the sections after its own (the "
        "other benchmarks', each with its command); do not edit its sections by hand.",
        "",
        "## The machine",
        "",
        *machine,
        "",
        "## Build",
        "",
        f"Targets: at least {TARGET_DOCS_PER_S:,} documents per second on 2 cores; 100k cases "
        f"in bounded memory, at most {TARGET_PEAK_MIB / 1024:.0f} GB peak. Wall time is the "
        "whole `casegraph build` command, start-up included. Peak memory is the proportional "
        "set size summed over the build and its worker processes (shared pages counted once), "
        "sampled every 0.25 s; the largest single process's peak RSS is beside it. CPU time "
        "is user and system time summed over the build's processes and threads.",
        "",
        "| cases | wall time (s) | documents/s | target | CPU time (s) "
        "| peak PSS, all processes (MiB) | peak RSS, largest process (MiB) | memory target |",
        "|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    for size, result in builds.items():
        rate = size / result["wall"]
        peak = (result["tree_pss"] or result["peak"]) / 1024
        memory = _mark(peak <= TARGET_PEAK_MIB) if size >= 100000 else "–"
        cpu = f"{result['cpu']:,.1f}" if result.get("cpu") else "n/a"
        lines.append(f"| {size:,} | {result['wall']:.1f} | {rate:,.0f} | "
                     f"{_mark(rate >= TARGET_DOCS_PER_S)} | {cpu} | {peak:,.0f} | "
                     f"{result['peak'] / 1024:,.0f} | {memory} |")
    lines += [
        "",
        "The store's share. `build` writes the embedded Oxigraph store; Oxigraph's own bulk "
        "loader, given the finished graph.trig and nothing else to do, takes this long to "
        "load it into a new on-disk store and compact it (`bench/build_bench.py` "
        "`store_load`). No build can be faster than that on this machine:",
        "",
        "| cases | quads | Oxigraph loader alone (s) | its ceiling (documents/s) |",
        "|---:|---:|---:|---:|",
    ]
    for size, result in builds.items():
        quads = result.get("quads", 0)
        if result["loader"] is None:
            lines.append(f"| {size:,} | {quads:,} | failed (see the run's output) | – |")
        else:
            lines.append(f"| {size:,} | {quads:,} | {result['loader']:.1f} | "
                         f"{size / result['loader']:,.0f} |")
    lines += [
        "",
        "## Named queries",
        "",
        f"Targets at 10k cases: at most {TARGET_QUERY_MS} ms median on the embedded store, and "
        f"at least {TARGET_SPEEDUP}× faster than rdflib's in-memory store. Each query runs "
        f"once to warm up, then {args.repeat} times on Oxigraph and {args.rdflib_repeat} times "
        "on rdflib, through `casegraph.query.queries.run_query` (parameters resolved and bound, "
        "results converted), with the parameters in `bench/query_bench.py`.",
        "",
    ]
    for size, result in queries.items():
        lines += [f"### {size:,} cases", ""]
        if "rdflib_load_s" in result:
            lines += [f"rdflib loaded graph.trig in {result['rdflib_load_s']:.1f} s "
                      f"(peak {result['rdflib_peak_mb']:,.0f} MiB).", ""]
        lines += ["| query | rows | Oxigraph median (ms) | ≤ 100 ms | rdflib median (ms) "
                  "| speed-up | ≥ 20× |",
                  "|---|---:|---:|---|---:|---:|---|"]
        for name, item in result["queries"].items():
            ox = statistics.median(item["oxigraph_ms"])
            if "rdflib_ms" in item:
                rd = statistics.median(item["rdflib_ms"])
                ratio = rd / ox
                rd_text, ratio_text, ratio_mark = (f"{rd:,.1f}", f"{ratio:,.0f}×",
                                                   _mark(ratio >= TARGET_SPEEDUP))
            else:
                rd_text, ratio_text, ratio_mark = "not run", "–", "–"
            lines.append(f"| {name} | {item['rows']:,} | {ox:,.1f} | "
                         f"{_mark(ox <= TARGET_QUERY_MS)} | {rd_text} | {ratio_text} "
                         f"| {ratio_mark} |")
        lines.append("")
    if reference:
        size = min(queries)
        lines += [
            f"## The same aggregations over the case graphs ({size:,} cases)",
            "",
            "The aggregating named queries read the summary graph that every build writes. "
            "Written over the case graphs instead (`tests/reference/`, which the tests check "
            "give the same answers), they compare the two engines on heavy work:",
            "",
            "| query | Oxigraph (ms) | rdflib (ms) | speed-up |",
            "|---|---:|---:|---:|",
        ]
        for name, item in reference.items():
            lines.append(f"| {name} | {item['oxigraph']:,.1f} | {item['rdflib']:,.1f} | "
                         f"{item['rdflib'] / item['oxigraph']:,.0f}× |")
        lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
