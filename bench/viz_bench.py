"""How fast the explorer page is: Python (read, lay out, write) and the browser (first render,
a click, a search, a filter), in Debian's headless Chromium.

    python bench/viz_bench.py OUT [--max-nodes 0] [--view full] [--repeat 3] [--page FILE]

OUT is a folder written by ``casegraph build`` (the 1k benchmark corpus gives about 5,000 nodes
with ``--max-nodes 0``, which turns the folding of large graphs off). Each browser figure is
the median of ``--repeat`` fresh page loads. Times in the page are measured with
``performance.now()``; "first render" is from navigation start to vis-network's first drawing,
and an interaction lasts until the second animation frame after it, so its drawing is in.
Prints a Markdown table and the command; with --json FILE, writes the figures.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from casegraph.query.local import OxigraphBackend
from casegraph.analysis.graphs import read_graph_data, resolve_view
from casegraph.views.explorer import render_page, write_page

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

#: Runs in the page: the time from an action until the second frame after it.
_TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

_SEARCH = """async (text) => {
  const box = document.getElementById('search');
  const t0 = performance.now();
  box.value = text;
  box.dispatchEvent(new Event('input'));
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return [performance.now() - t0, document.querySelectorAll('#search-results button').length];
}"""

_FILTER = """async () => {
  const box = document.querySelector("#facets fieldset[data-facet='challenge'] input");
  const t0 = performance.now();
  box.click();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const ms = performance.now() - t0;
  const shown = casegraph.state.visible;
  box.click();
  return [ms, shown];
}"""


def _browser_run(context: Any, page_path: Path) -> dict[str, float]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    started = time.perf_counter()
    page.goto(page_path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=120_000)
    wall = (time.perf_counter() - started) * 1000
    first_draw = page.evaluate("casegraph.state.firstDraw")
    # A real mouse click on a case node, until its panel is drawn.
    node = page.evaluate("casegraph.data.nodes.find(n => casegraph.data.info[n.id].t === "
                         "'case' || casegraph.data.info[n.id].t === 'city').id")
    page.evaluate("id => casegraph.network.focus(id, {scale: 1.2, animation: false})", node)
    page.evaluate(_TWO_FRAMES)
    point = page.evaluate("id => casegraph.network.canvasToDOM(casegraph.network.getPosition(id))",
                          node)
    box = page.locator("#graph canvas").bounding_box()
    page.evaluate("() => { window.__t0 = performance.now(); }")
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_function("id => casegraph.state.selected === id", arg=node)
    page.evaluate(_TWO_FRAMES)
    click = page.evaluate("performance.now() - window.__t0")
    search, hits = page.evaluate(_SEARCH, "ber")
    filtered, shown = page.evaluate(_FILTER)
    page.close()
    if errors:
        raise SystemExit(f"page errors: {errors}")
    return {"load_wall_ms": wall, "first_render_ms": first_draw, "click_ms": click,
            "search_ms": search, "search_hits": hits, "filter_ms": filtered,
            "filter_shown": shown}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="a folder written by casegraph build")
    parser.add_argument("--view", default="full")
    parser.add_argument("--max-nodes", type=int, default=0,
                        help="fold the full view above this many nodes (0: never)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--page", default=None, help="where to write the page")
    parser.add_argument("--json", default=None, help="write the figures to this file")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    backend = OxigraphBackend(args.out)
    try:
        view = resolve_view(args.view, backend)
        data = read_graph_data(backend)
    finally:
        backend.close()
    t1 = time.perf_counter()
    page = render_page(data, view, max_nodes=args.max_nodes)
    t2 = time.perf_counter()
    target = Path(args.page or Path(tempfile.mkdtemp(prefix="cg-viz-")) / "page.html")
    write_page(page, target)

    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="cg-viz-chromium-")
    runs: list[dict[str, float]] = []
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, args=ARGS, headless=True,
                viewport={"width": 1400, "height": 900})
            for _ in range(args.repeat):
                runs.append(_browser_run(context, target))
            context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)

    def median(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    figures = {
        "cases": len(data.cases), "nodes": page.nodes, "edges": page.edges,
        "aggregated": page.aggregated, "html_mb": round(len(page.html.encode()) / 1e6, 2),
        "read_s": round(t1 - t0, 2), "render_s": round(t2 - t1, 2),
        **{key: round(median(key), 1) for key in runs[0]},
    }
    command = "python bench/viz_bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
    print(f"`{command}` (median of {args.repeat} page loads, headless Chromium)\n")
    print("| cases | nodes | edges | page MB | read s | lay out s | load (wall) ms "
          "| first render ms | click ms | search ms | filter ms |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {figures['cases']:,} | {figures['nodes']:,} | {figures['edges']:,} "
          f"| {figures['html_mb']} | {figures['read_s']} | {figures['render_s']} "
          f"| {figures['load_wall_ms']:.0f} | {figures['first_render_ms']:.0f} "
          f"| {figures['click_ms']:.0f} | {figures['search_ms']:.0f} "
          f"| {figures['filter_ms']:.0f} |")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
