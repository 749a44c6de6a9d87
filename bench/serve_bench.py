"""``casegraph serve`` over a build: how long it takes to start, what each named query costs
through the endpoint beside the same text run in the embedded store in this process, and how
many queries a second it answers with several clients at once.

    python bench/serve_bench.py OUT [--repeat 5] [--clients 8] [--workers 2]

OUT is a folder written by ``casegraph build``. Each named query is sent as the server's
editor sends it (POST, JSON results), with its parameters bound to the values the editor's
examples use; the median of ``--repeat`` runs is reported, with the load average beside it.
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from casegraph.query.local import OxigraphBackend


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def start(out: Path, workers: int) -> tuple[subprocess.Popen[str], str, float]:
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "casegraph", "serve", "--out", str(out), "--port", "0",
         "--workers", str(workers)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    url = process.stdout.readline().split()[2]
    while True:
        try:
            if post(url + "sparql", "ASK {}") == 200:
                break
        except OSError:
            time.sleep(0.05)
    return process, url, time.perf_counter() - began


def examples(out: Path) -> list[tuple[str, str]]:
    """The named queries as the editor shows them, parameters bound."""
    from casegraph.analysis.graphs import read_graph_data
    from casegraph.query.queries import named_queries
    from casegraph.query.source import Source
    from casegraph.web.server import _examples, example_text

    with Source(out).open() as graph:
        values = _examples(read_graph_data(graph))
        return [(name, example_text(query, values, graph))
                for name, query in named_queries().items()]


def post(endpoint: str, text: str) -> int:
    """One query as SPARQLWrapper sends it (urllib, a connection each)."""
    request = urllib.request.Request(
        endpoint, data=urllib.parse.urlencode({"query": text}).encode("utf-8"),
        headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            answer.read()
            return int(answer.status)
    except urllib.error.HTTPError as e:
        return e.code


def median_seconds(step: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        step()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    queries = examples(args.out)
    print(f"load before: {load()}", file=sys.stderr)
    process, url, started = start(args.out, args.workers)
    endpoint = url + "sparql"

    def remote(text: str) -> int:
        return post(endpoint, text)

    rows = []
    try:
        began = time.perf_counter()
        for page in ("explorer", "report"):  # made while the endpoint answers; waited for here
            with urllib.request.urlopen(url + page, timeout=600) as answer:
                answer.read()
        pages = started + time.perf_counter() - began
        local = OxigraphBackend(args.out)
        for name, text in queries:
            status = remote(text)
            if status != 200:  # past the server's time limit, say
                rows.append((name, f"answered {status}", "–"))
                continue
            served = median_seconds(lambda: remote(text), args.repeat)
            embedded = median_seconds(lambda: local.query(text), args.repeat)
            rows.append((name, f"{served:.3f}", f"{embedded:.3f}"))
        middle = dict(queries)["cases-by-country"]
        began = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            answers = list(pool.map(lambda _: remote(middle), range(args.clients * 10)))
        took = time.perf_counter() - began
        assert set(answers) == {200}, answers
    finally:
        process.terminate()
        process.wait(30)
    print("| query | through serve (s) | embedded, same text (s) |")
    print("|---|---:|---:|")
    for name, served, embedded in rows:
        print(f"| {name} | {served} | {embedded} |")
    print()
    print(f"start-up until the first answer: {started:.1f} s; explorer and report ready "
          f"after {pages:.1f} s; "
          f"{args.clients} clients x 10 cases-by-country with {args.workers} workers: "
          f"{len(answers) / took:.1f} queries/s; load after: {load()}")


if __name__ == "__main__":
    main()
