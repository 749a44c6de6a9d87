"""The explorer page: self-contained, escaped, stable, and usable in a real headless Chromium.

The browser tests drive Debian's chromium with Playwright (no browser download). A missing
chromium or playwright skips them loudly; with CASEGRAPH_REQUIRE_SERVERS=1 (CI) it fails them.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from casegraph.query.local import OxigraphBackend
from casegraph.cli import cli
from casegraph.analysis.graphs import (
    GraphData,
    View,
    full_graph,
    full_graph_order,
    node_id,
    read_graph_data,
    resolve_view,
)
from casegraph.views.explorer import Page, render_page, script_json, vis_network_files, write_page
from conftest import CORPUS, ROOT, build_corpus, copy_build, generated_build

NANTES = CORPUS / "stay-tuned-nantes.txt"
ARTIFACTS = Path(__file__).parent / "artifacts"

#: What the hostile document carries; any of it running sets window.cgPwned.
HOSTILE = {
    "title": "<script>window.cgPwned=1</script>",
    "img": '<img src=x onerror="window.cgPwned=2">',
    "link": '<a href="javascript:window.cgPwned=3">trust</a>',
    "bare": "javascript:window.cgPwned=4",
    "lesson": "<script>window.cgPwned=5</script>",
}


def _city_copy(text: str, city: str, code: str, country: str) -> str:
    return (text.replace("Nantes, Fr", f"{city}, {code}").replace("France", country)
            .replace("Nantes", city).replace("NANTES", city.upper()))


@pytest.fixture(scope="module")
def bundled(first_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus, built."""
    return copy_build(first_build, tmp_path_factory.mktemp("bundled") / "out")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three copies of the Nantes case: in Łódź, in Göteborg, and a hostile one in Lyon."""
    folder = tmp_path_factory.mktemp("small")
    cases = folder / "cases"
    cases.mkdir()
    seed = NANTES.read_text(encoding="utf-8")
    (cases / "lodz.txt").write_text(_city_copy(seed, "Łódź", "Pl", "Poland"), encoding="utf-8")
    (cases / "goteborg.txt").write_text(_city_copy(seed, "Göteborg", "Se", "Sweden"),
                                        encoding="utf-8")
    evil = _city_copy(seed, "Lyon", "Fr", "France")
    evil = evil.replace("Growing up Well in Lyon", f"Growing up {HOSTILE['title']} Well in Lyon", 1)
    evil = evil.replace("Building collaboration and trust",
                        f"Building {HOSTILE['img']} collaboration and {HOSTILE['link']} "
                        f"{HOSTILE['bare']}", 1)
    evil = evil.replace("The approach they took", f"{HOSTILE['lesson']} The approach they took", 1)
    (cases / "hostile.txt").write_text(evil, encoding="utf-8")
    return build_corpus(folder / "out", cases)


def _data(out: Path) -> GraphData:
    backend = OxigraphBackend(out)
    try:
        return read_graph_data(backend)
    finally:
        backend.close()


def _page(out: Path, view: str = "full", **options: Any) -> tuple[GraphData, Page]:
    backend = OxigraphBackend(out)
    try:
        resolved = resolve_view(view, backend)
        data = read_graph_data(backend)
    finally:
        backend.close()
    return data, render_page(data, resolved, **options)


def _payload(page: Page) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', page.html,
                      re.DOTALL)
    assert match is not None
    return json.loads(match.group(1))


# --- the file itself ------------------------------------------------------------------------------


def test_page_references_no_http_resource(bundled: Path) -> None:
    _, page = _page(bundled)
    html = page.html
    script, style = vis_network_files()
    # Nothing the browser would fetch: no src, href, srcset, url(), @import or <link>.
    assert not re.search(r"""(?:src|href|srcset|action|poster)\s*=\s*["']?\s*(?:https?:)?//""",
                         html, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?\s*(?:https?:)?//", html, re.IGNORECASE)
    assert "@import" not in html and "<link" not in html.lower()
    # Outside vis-network's verbatim code (licence notice and SVG namespace) no URL at all:
    # the IRIs in the data are written with \/.
    outside = html.replace(script, "").replace(style, "")
    # The map's script names the SVG namespace once, to make its elements: a name, not a fetch.
    assert outside.count('const SVG = "http://www.w3.org/2000/svg";') == 1
    outside = outside.replace('const SVG = "http://www.w3.org/2000/svg";', "")
    assert "http://" not in outside and "https://" not in outside
    # vis-network is inlined with its licence notice.
    assert script in html and style in html
    assert "@license" in script and "vis.js is dual licensed" in html


def test_data_is_json_in_a_script_element_that_cannot_end_early(small: Path) -> None:
    _, page = _page(small)
    payload = _payload(page)
    titles = [c["title"] for c in payload["cases"]]
    assert any(HOSTILE["title"] in t for t in titles)  # the data keeps the text as it was
    for text in HOSTILE.values():
        if "<" in text:
            assert text not in page.html                # ... and the page never holds it raw
    # the world outlines, the data, the map's code, vis-network, the explorer
    assert page.html.count("</script>") == 5


@given(st.text())
def test_script_json_round_trips_and_never_holds_markup(text: str) -> None:
    encoded = script_json({"value": text})
    assert json.loads(encoded) == {"value": text}
    for char in "<>&\u2028\u2029":
        assert char not in encoded


def test_explorer_script_never_writes_html() -> None:
    source = (ROOT / "casegraph" / "templates" / "explorer.js").read_text(encoding="utf-8")
    # The one link the page makes is to the picture it draws itself (a data: URL), to save it.
    download = ('    const link = document.createElement("a");\n',
                '    link.href = picture().toDataURL("image/png");\n')
    assert all(source.count(line) == 1 for line in download)
    for line in download:
        source = source.replace(line, "")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "href",
                 'createElement("a")', "eval(", "new Function"):
        assert sink not in source, sink


def test_same_graph_same_bytes_with_positions_and_physics_off(bundled: Path) -> None:
    _, first = _page(bundled)
    _, second = _page(bundled)
    assert first.html == second.html
    payload = _payload(first)
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in payload["nodes"])
    assert payload["options"]["physics"]["enabled"] is False


def test_node_count_and_types_match_the_graph(bundled: Path) -> None:
    data, page = _page(bundled)
    graph = full_graph(data)
    payload = _payload(page)
    assert page.nodes == graph.number_of_nodes() == len(payload["nodes"]) == \
        full_graph_order(data)
    assert len(payload["edges"]) == graph.number_of_edges()
    assert {i["t"] for i in payload["info"].values()} == {
        "case", "city", "country", "network", "challenge", "tactic", "lesson"}
    labels = {n["id"]: payload["info"][n["id"]]["l"] for n in payload["nodes"]}
    assert labels["challenge/IC2"].startswith("Maintaining involvement of local stakeholders")
    assert labels["tactic/swot-analysis"] == "SWOT analysis"
    assert {e["label"] for e in payload["edges"]} >= {"faced", "used tactic", "in city"}


def test_large_graphs_fold_cases_and_lessons_into_cities(bundled: Path) -> None:
    _, page = _page(bundled, max_nodes=50)
    payload = _payload(page)
    assert page.aggregated and "folded into their cities" in payload["notice"]
    kinds = {i["t"] for i in payload["info"].values()}
    assert "case" not in kinds and "lesson" not in kinds and "city" in kinds
    assert len(payload["cases"]) == 13  # still readable from the city panels
    _, unfolded = _page(bundled, max_nodes=0)
    assert not unfolded.aggregated


def test_patterns_view_sets_edge_width_by_cities(bundled: Path) -> None:
    data, page = _page(bundled, "challenges")
    payload = _payload(page)
    assert {i["t"] for i in payload["info"].values()} == {"challenge", "tactic"}
    cities: dict[tuple[str, str], set[str]] = {}
    for case in data.cases:
        for use in case.tactics:
            if use.challenge:
                cities.setdefault(("challenge/" + use.challenge, "tactic/" + use.tactic),
                                  set()).add(case.city)
    widths = {(e["from"], e["to"]): e["value"] for e in payload["edges"]}
    assert widths == {pair: len(c) for pair, c in cities.items()}
    assert max(widths.values()) >= 2  # a cross-city pattern exists in the bundled corpus


def test_city_and_challenge_views(bundled: Path) -> None:
    data, page = _page(bundled, "city:Mantova")
    payload = _payload(page)
    assert [c["city"] for c in payload["cases"]] == ["Mantua", "Mantua"]
    _, page = _page(bundled, "challenge:IC2")
    payload = _payload(page)
    expected = {c.title for c in data.cases if any(f.code == "IC2" for f in c.challenges)}
    assert {c["title"] for c in payload["cases"]} == expected


def test_cli_viz_writes_the_page_and_reports_bad_views(bundled: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "page.html"
    result = runner.invoke(cli, ["viz", "--out", str(bundled), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"<!DOCTYPE html>")
    result = runner.invoke(cli, ["viz", "--out", str(bundled), "--view", "city:Atlantis"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --view city: no city 'Atlantis' in the graph")
    assert "Nantes" in result.stderr  # the cities there are
    result = runner.invoke(cli, ["viz", "--out", str(bundled), "--view", "tactics"])
    assert result.exit_code == 1
    assert ("Error: --view: unknown view 'tactics'; choose one of: full, challenges, "
            "city:NAME or challenge:CODE") in result.stderr
    result = runner.invoke(cli, ["viz", "--out", str(bundled), "--view", "challenge:IC9"])
    assert result.exit_code == 1 and "IC1, IC2" in result.stderr
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(cli, ["viz", "--out", str(bundled), "-o", str(blocked / "p.html")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {blocked / 'p.html'}: cannot write the file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "page.html"]  # no debris


def test_page_is_utf8_whatever_the_locale(small: Path, tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONUTF"))}
    env.update(LANG="C", LC_ALL="C", PYTHONUTF8="0", PYTHONIOENCODING="ascii")
    subprocess.run([sys.executable, "-m", "casegraph", "viz", "--out", str(small), "-o",
                    str(target)], env=env, check=True, capture_output=True)
    html = target.read_bytes().decode("utf-8")
    assert "Łódź" in html and "Göteborg" in html and '<meta charset="utf-8">' in html


# --- in a real browser ----------------------------------------------------------------------------


class Opened:
    """A page opened in the browser, with what it logged, fetched and alerted."""

    def __init__(self, context: Any, path: Path, fragment: str = "") -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = context.new_page()
        self.page.on("console", lambda m: m.type in ("error", "warning")
                     and self.errors.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_selector("body[data-ready='1']", timeout=15_000)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def visible(self) -> set[str]:
        return set(self.js("casegraph.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))

    def click_node(self, node: str) -> None:
        """A real mouse click on the node where it is drawn."""
        self.js("id => casegraph.network.focus(id, {scale: 1.5, animation: false})", node)
        point = self.js("id => casegraph.network.canvasToDOM(casegraph.network.getPosition(id))",
                        node)
        box = self.page.locator("#graph canvas").bounding_box()
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])

    def close(self) -> None:
        self.page.close()


def _write(page: Page, path: Path) -> Path:
    return write_page(page, path)


@pytest.fixture(scope="module")
def bundled_page(bundled: Path, tmp_path_factory: pytest.TempPathFactory
                 ) -> tuple[GraphData, Path]:
    data, page = _page(bundled)
    return data, _write(page, tmp_path_factory.mktemp("pages") / "bundled.html")


def test_page_loads_offline_without_errors(browser: Any, bundled_page: tuple[GraphData, Path]
                                           ) -> None:
    data, path = bundled_page
    opened = Opened(browser, path)
    try:
        assert opened.errors == []
        assert opened.requests == [path.as_uri()]  # nothing else is fetched
        assert opened.js("casegraph.nodes.length") == full_graph(data).number_of_nodes()
        assert opened.js("casegraph.edges.length") == full_graph(data).number_of_edges()
        status = opened.page.text_content("#status")
        assert status == f"{full_graph(data).number_of_nodes()} of " \
                         f"{full_graph(data).number_of_nodes()} nodes"
        legend = opened.page.locator("#legend li").all_text_contents()
        assert [t.split()[-1] for t in legend] == ["case", "city", "country", "network",
                                                   "challenge", "tactic", "lesson"]
        assert opened.js("casegraph.network.physics.physicsEnabled") is False
        opened.page.click("#physics")
        assert opened.js("casegraph.network.physics.physicsEnabled") is True
        assert opened.page.get_attribute("#physics", "aria-pressed") == "true"
        opened.page.click("#physics")
        ARTIFACTS.mkdir(exist_ok=True)
        opened.page.screenshot(path=str(ARTIFACTS / "explorer-bundled.png"))
        assert (ARTIFACTS / "explorer-bundled.png").stat().st_size > 10_000
    finally:
        opened.close()


def test_search_finds_labels_in_any_script(browser: Any, small: Path, tmp_path: Path) -> None:
    _, page = _page(small)
    opened = Opened(browser, _write(page, tmp_path / "small.html"))
    try:
        # Göteborg is Gothenburg in the gazetteer; the written name still finds it.
        for typed, found in (("Łódź", "Łódź"), ("lodz", "Łódź"), ("GÖTE", "Gothenburg"),
                             ("goteborg", "Gothenburg"), ("gothen", "Gothenburg")):
            opened.page.fill("#search", typed)
            hits = opened.page.locator("#search-results button").all_text_contents()
            assert any(h.startswith(found) and h.endswith("city") for h in hits), (typed, hits)
        opened.page.fill("#search", "Łódź")
        opened.page.press("#search", "Enter")
        assert opened.page.text_content("#panel h2") == "Łódź"
        assert opened.js("casegraph.state.selected") == "city/pl/lodz"
        opened.page.fill("#search", "no such place")
        assert opened.page.locator("#search-results").inner_text() == "Nothing found"
        assert opened.errors == []
    finally:
        opened.close()


def test_facets_or_within_and_across(browser: Any, bundled_page: tuple[GraphData, Path]) -> None:
    data, path = bundled_page
    graph = full_graph(data)

    def expected(keep: set[int]) -> set[str]:
        return {n for n, a in graph.nodes(data=True) if a["cases"] & keep}

    def cases_with(code: str) -> set[int]:
        return {i for i, c in enumerate(data.cases) if any(f.code == code for f in c.challenges)}

    opened = Opened(browser, path)
    try:
        box = "#facets fieldset[data-facet='{}'] input[value='{}']"
        opened.page.check(box.format("challenge", "IC2"))
        assert opened.visible() == expected(cases_with("IC2")) != set()
        opened.page.check(box.format("challenge", "IC5"))  # OR within a facet
        assert opened.visible() == expected(cases_with("IC2") | cases_with("IC5"))
        country = next(c.country_name for i, c in enumerate(data.cases) if i in cases_with("IC2"))
        opened.page.check(box.format("country", country))  # AND across facets
        keep = {i for i in cases_with("IC2") | cases_with("IC5")
                if data.cases[i].country_name == country}
        assert opened.visible() == expected(keep) != set()
        opened.page.check(box.format("type", "case"))      # type is a facet too
        assert opened.visible() == {n for n in expected(keep)
                                    if graph.nodes[n]["type"] == "case"}
        hidden_edges = opened.js("casegraph.edges.get({filter: e => e.hidden}).length")
        assert hidden_edges == graph.number_of_edges()     # no edge between two cases
        opened.page.click("#reset")
        assert len(opened.visible()) == graph.number_of_nodes()
        assert opened.errors == []
    finally:
        opened.close()


def test_clicking_a_case_shows_tactics_with_evidence(browser: Any,
                                                     bundled_page: tuple[GraphData, Path]
                                                     ) -> None:
    data, path = bundled_page
    case = next(c for c in data.cases if c.city_name == "Nantes")
    node = "case/" + case.iri.split("/id/case/")[1]
    opened = Opened(browser, path)
    try:
        opened.click_node(node)
        assert opened.js("casegraph.state.selected") == node
        assert opened.page.text_content("#panel h2") == case.title
        panel = opened.page.locator("#panel")
        tactics = panel.locator("ul.tactics > li")
        assert tactics.count() == len(case.tactics)
        swot = panel.locator("ul.tactics > li[data-tactic='swot-analysis']")
        assert swot.locator("strong").text_content() == "SWOT analysis"
        evidence = next(t.evidence for t in case.tactics if t.tactic == "swot-analysis")
        assert swot.locator("blockquote").text_content() == evidence
        text = panel.inner_text()
        assert "stay-tuned-nantes.txt" in text and "Lessons" in text and "IC4" in text
        # The neighbourhood stays in colour, the rest is dimmed.
        neighbours = set(opened.js("id => casegraph.network.getConnectedNodes(id)", node))
        assert "city/fr/nantes" in neighbours
        colours = opened.js("Object.fromEntries(casegraph.nodes.get().map(n => [n.id, n.color]))")
        assert colours["city/fr/nantes"] == "#f28e2b"
        assert colours["city/gr/dodoni"].startswith("rgba(205")
        # Who else faced this challenge: the challenge's panel lists the cases and tactics.
        opened.js("casegraph.select('challenge/IC2')")
        text = panel.inner_text()
        assert "Faced by 7 cases" in text and "What they did" in text
        ARTIFACTS.mkdir(exist_ok=True)
        opened.page.screenshot(path=str(ARTIFACTS / "explorer-ic2.png"))
        assert opened.errors == []
    finally:
        opened.close()


@pytest.mark.parametrize("view", ["challenges", "city:Nantes", "challenge:IC2", "folded"])
def test_other_views_work_in_the_browser(browser: Any, bundled: Path, tmp_path: Path,
                                         view: str) -> None:
    if view == "folded":
        data, page = _page(bundled, max_nodes=50)
    else:
        data, page = _page(bundled, view)
    opened = Opened(browser, _write(page, tmp_path / "view.html"))
    try:
        assert opened.js("casegraph.nodes.length") == page.nodes
        panel = opened.page.locator("#panel")
        if view in ("challenges", "challenge:IC2"):
            opened.page.fill("#search", "IC2")  # a challenge is found by its code
            opened.page.press("#search", "Enter")
            assert opened.page.text_content("#panel h2").startswith("IC2 – Maintaining")
            assert "What they did: tactics used against IC2" in panel.inner_text()
        if view == "challenges":
            notice = opened.page.text_content("#notice")
            assert notice.startswith("Challenges and the tactics used against them")
            widths = opened.js("casegraph.edges.get().map(e => e.value)")
            assert min(widths) >= 1 and max(widths) >= 2
        if view == "folded":
            assert "folded into their cities" in opened.page.text_content("#notice")
            opened.js("casegraph.select('city/it/mantua')")
            panel.locator("button.case-link").first.click()  # a case that is not a node
            assert panel.locator("ul.tactics > li blockquote").count() >= 1
        if view == "city:Nantes":
            assert opened.page.text_content("#view-title") == "City: Nantes"
        assert opened.errors == []
    finally:
        opened.close()


def test_no_script_from_the_data_runs(browser: Any, small: Path, tmp_path: Path) -> None:
    data, _ = _page(small)
    # Also a javascript: link among the case's links, and markup in concept labels.
    hostile = next(i for i, c in enumerate(data.cases) if "Lyon" in c.city_name)
    case = data.cases[hostile]
    case = dataclasses.replace(case, links=(*case.links, HOSTILE["bare"]),
                               summary=case.summary + " " + HOSTILE["img"])
    data = dataclasses.replace(data, cases=tuple(
        case if i == hostile else c for i, c in enumerate(data.cases)))
    page = render_page(data, View("full"))
    opened = Opened(browser, _write(page, tmp_path / "hostile.html"))
    try:
        node = "case/" + case.iri.split("/id/case/")[1]
        opened.click_node(node)
        opened.page.fill("#search", "script")
        opened.page.press("#search", "Enter")
        opened.js(f"casegraph.select({json.dumps(node)})")
        panel = opened.page.locator("#panel")
        text = panel.inner_text()
        for value in (HOSTILE["title"], HOSTILE["img"], HOSTILE["bare"]):
            assert value in text  # shown as text
        assert panel.locator("script, img, a, iframe, [onerror]").count() == 0
        assert opened.page.locator("a[href], img, iframe").count() == 0
        lessons = [lesson for lesson in case.lessons if HOSTILE["lesson"] in lesson.text]
        assert lessons
        for lesson in lessons:  # the lesson panels too
            opened.js(f"casegraph.select({json.dumps(lesson.iri.split('/id/')[1])})")
            assert HOSTILE["lesson"] in panel.inner_text()
            assert panel.locator("script").count() == 0
        assert opened.js("typeof window.cgPwned") == "undefined"
        assert opened.dialogs == []
        assert opened.errors == []
        ARTIFACTS.mkdir(exist_ok=True)
        opened.page.screenshot(path=str(ARTIFACTS / "explorer-hostile.png"))
    finally:
        opened.close()


def test_the_view_lives_in_the_link(browser: Any, bundled_page: tuple[GraphData, Path]) -> None:
    """Filters, search and selection are kept in the URL's fragment; opening the page with it
    shows the same view ("IC2 cases in Portugal, Aveiro selected"), and Copy link gives it."""
    data, path = bundled_page
    opened = Opened(browser, path)
    try:
        box = "#facets fieldset[data-facet='{}'] input[value='{}']"
        opened.page.check(box.format("challenge", "IC2"))
        opened.page.check(box.format("country", "Portugal"))
        opened.page.fill("#search", "aveiro")
        opened.page.press("#search", "Enter")
        link = opened.js("document.URL")
        assert link.startswith(path.as_uri() + "#")
        assert "filter=challenge%3AIC2%7Ccountry%3APortugal" in link
        assert "find=aveiro" in link and "select=city%2Fpt%2Faveiro" in link
        seen = opened.visible()
        opened.page.click("#copy-link")
        opened.page.wait_for_function("document.getElementById('shared').textContent !== ''")
        assert opened.page.text_content("#shared").endswith(link)
        opened.page.click("#reset")
        assert "challenge%3AIC2" not in opened.js("document.URL")
        assert opened.errors == []
    finally:
        opened.close()
    again = Opened(browser, path, "#" + link.split("#", 1)[1])
    try:
        assert again.visible() == seen and len(seen) < len(full_graph(data))
        assert again.js("casegraph.state.selected") == "city/pt/aveiro"
        assert again.page.input_value("#search") == "aveiro"
        assert again.page.is_checked(box.format("country", "Portugal"))
        assert "Aveiro" in again.page.text_content("#panel")
        assert again.js("document.URL") == link  # opening it does not change it
        assert again.errors == []
    finally:
        again.close()


def test_the_view_is_saved_as_a_picture_with_its_legend(
        browser: Any, bundled_page: tuple[GraphData, Path]) -> None:
    import struct

    _, path = bundled_page
    opened = Opened(browser, path)
    try:
        with opened.page.expect_download() as download:
            opened.page.click("#save-png")
        saved = Path(download.value.path()).read_bytes()
        assert saved.startswith(b"\x89PNG\r\n\x1a\n")
        assert download.value.suggested_filename.endswith(".png")
        width, height = struct.unpack(">II", saved[16:24])
        canvas = opened.js("[document.querySelector('#graph canvas').width, "
                           "document.querySelector('#graph canvas').height]")
        assert width == canvas[0] and height > canvas[1] + 7 * 20  # the legend below
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "explorer-picture.png").write_bytes(saved)
        assert opened.errors == []
    finally:
        opened.close()


def test_cases_are_compared_side_by_side(browser: Any, bundled_page: tuple[GraphData, Path]
                                         ) -> None:
    """Two to four cases in columns: city, network, challenges, tactics (shared ones marked),
    evidence, lessons; the comparison is part of the link too."""
    data, path = bundled_page
    order = {c.city_name: i for i, c in enumerate(data.cases)}
    picked = [order["Gent"], order["Nantes"], order["Aveiro"]]
    opened = Opened(browser, path)
    try:
        assert opened.page.is_disabled("#compare")
        nodes = opened.js("casegraph.data.cases.map(c => c.node)")
        for index in picked:
            opened.js("id => casegraph.select(id)", nodes[index])
            opened.page.click("#compare-toggle")
        assert opened.page.text_content("#compare") == "Compare (3)"
        opened.page.click("#compare")
        table = opened.page.locator("#comparison table")
        assert table.is_visible()
        assert table.locator("th[scope=col]").count() == 3
        titles = table.locator("th[scope=col] button.case-link").all_text_contents()
        assert titles == [data.cases[i].title for i in picked]
        shared = table.locator("li.shared").all_text_contents()
        assert "Prioritising a few actions (shared)" in shared  # Gent and Nantes both used it
        evidence = table.locator("blockquote.evidence").all_text_contents()
        assert any(t.evidence in evidence for t in data.cases[picked[0]].tactics if t.evidence)
        rows = table.locator("th[scope=row]").all_text_contents()
        assert rows == ["City", "Network", "Challenges", "Tactics", "Evidence", "Lessons",
                        "Source document"]
        link = opened.js("document.URL")
        assert f"compare={picked[0]}%2C{picked[1]}%2C{picked[2]}" in link
        opened.js("id => casegraph.select(id)", nodes[order["Sofia"]])
        opened.page.click("#compare-toggle")
        other = next(i for i, c in enumerate(data.cases) if i not in picked
                     and c.city_name != "Sofia")
        opened.js("id => casegraph.select(id)", nodes[other])
        assert opened.page.is_disabled("#compare-toggle")  # four at most
        ARTIFACTS.mkdir(exist_ok=True)
        opened.page.screenshot(path=str(ARTIFACTS / "explorer-compare.png"))
        assert opened.errors == []
    finally:
        opened.close()
    again = Opened(browser, path, "#" + link.split("#", 1)[1])
    try:
        assert again.page.locator("#comparison th[scope=col]").count() == 3
        assert again.errors == []
    finally:
        again.close()


def test_the_map_places_the_cities_and_follows_the_filters(
        browser: Any, bundled_page: tuple[GraphData, Path]) -> None:
    """Cities drawn where the gazetteer placed them on Natural Earth's outlines (vendored, no
    request), sized by cases and coloured by outcome; a click selects the city; the filters
    hide cities on the map as in the graph; the map is part of the link."""
    data, path = bundled_page
    placed = {node_id(c.city) for c in data.cases if c.latitude is not None}
    opened = Opened(browser, path)
    try:
        opened.page.click("#map-toggle")
        assert opened.page.is_visible("#map") and not opened.page.is_visible("#graph")
        assert opened.page.locator("#map path.country").count() > 100
        dots = opened.page.locator("#map circle.place")
        assert {dots.nth(i).get_attribute("data-node") for i in range(dots.count())} == placed
        gent = opened.page.locator("#map circle.place[data-node='city/be/gent']")
        gent.click()
        assert opened.js("casegraph.state.selected") == "city/be/gent"
        assert "chosen" in (gent.get_attribute("class") or "")
        assert "Gent" in opened.page.text_content("#panel")
        opened.page.check("#facets fieldset[data-facet='challenge'] input[value='IC5']")
        shown = {dots.nth(i).get_attribute("data-node") for i in range(dots.count())
                 if dots.nth(i).is_visible()}
        faced = {node_id(c.city) for c in data.cases if c.latitude is not None
                 and any(f.code == "IC5" for f in c.challenges)}
        assert shown == faced and shown < placed
        outcome_fill = gent.get_attribute("fill")
        opened.page.select_option("#map-colour", "challenge")  # or by the challenge faced
        assert gent.get_attribute("fill") != outcome_fill
        assert "IC2" in opened.page.text_content("#map .key")
        link = opened.js("document.URL")
        assert "view=map" in link and "colour=challenge" in link
        ARTIFACTS.mkdir(exist_ok=True)
        opened.page.screenshot(path=str(ARTIFACTS / "explorer-map.png"))
        assert opened.errors == [] and opened.requests == [path.as_uri()]
    finally:
        opened.close()
    again = Opened(browser, path, "#" + link.split("#", 1)[1])
    try:
        assert again.page.is_visible("#map")
        assert again.page.locator("#map circle.place:visible").count() == len(faced)
        assert again.page.input_value("#map-colour") == "challenge"
    finally:
        again.close()


# --- labels that do not overlap -------------------------------------------------------------------

#: Runs in the page: resolves after the second animation frame, when vis-network has drawn.
_DRAWN = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

#: Runs in the page: each label's box, its node's position on screen and the width Chromium
#: gives its text, measured afresh in the page's font.
_LABELS = """() => {
  const network = casegraph.network, font = casegraph.data.options.nodes.font;
  const context = document.createElement("canvas").getContext("2d");
  return casegraph.labels().map(function (b) {
    context.font = b.size + "px " + font.face;
    const at = network.canvasToDOM(network.getPositions([b.id])[b.id]);
    const size = casegraph.data.nodes.find((n) => n.id === b.id).size;
    return Object.assign({}, b, {measured: context.measureText(b.text).width,
                                 nodeX: at.x, nodeY: at.y, radius: size * network.getScale()});
  });
}"""


def _overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(a["id"], b["id"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]]


def test_the_map_names_its_cities_where_names_fit(
        browser: Any, bundled_page: tuple[GraphData, Path]) -> None:
    """City names beside their circles, none over another name or another city's circle,
    each as wide as Chromium draws it; the selected city always named."""
    data, path = bundled_page
    opened = Opened(browser, path, "#view=map")
    try:
        boxes = opened.js("casegraph.mapLabels()")
        drawn = opened.js("""() => Array.from(document.querySelectorAll('#map text.place-label'))
          .filter((t) => t.style.display !== 'none').map((t) => {
            const b = t.getBBox(); return {id: t.dataset.node, w: b.width}; })""")
        circles = opened.js("""() => Array.from(document.querySelectorAll('#map circle.place'))
          .map((c) => { const r = +c.getAttribute('r');
            return {id: c.dataset.node, x: +c.getAttribute('cx') - r,
                    y: +c.getAttribute('cy') - r, w: 2 * r, h: 2 * r}; })""")
        assert {b["id"] for b in boxes} == {d["id"] for d in drawn}
        widths = {d["id"]: d["w"] for d in drawn}
        assert all(abs(b["w"] - widths[b["id"]]) < 2 for b in boxes)
        assert _overlapping(boxes) == []
        assert [(b["id"], c["id"]) for b in boxes for c in circles
                if b["id"] != c["id"] and _overlapping([b, c])] == []
        assert len(boxes) >= 0.7 * len(circles)
        quiet = next(c["id"] for c in circles if c["id"] not in widths) if len(boxes) < len(
            circles) else circles[0]["id"]
        opened.js("id => casegraph.select(id)", quiet)
        assert quiet in {b["id"] for b in opened.js("casegraph.mapLabels()")}
        assert opened.errors == []
    finally:
        opened.close()


def _labels(opened: Opened) -> list[dict[str, Any]]:
    """The labels drawn, checked against what Chromium measures: each box holds its text at
    its size, next to its node, inside the graph's box, and the text is the node's label (a
    challenge's code where the whole label did not fit)."""
    opened.js(_DRAWN)
    boxes: list[dict[str, Any]] = opened.js(_LABELS)
    width, height = opened.js("[document.querySelector('#graph canvas').clientWidth, "
                              "document.querySelector('#graph canvas').clientHeight]")
    drawn = opened.js("Object.fromEntries(casegraph.data.nodes.map(n => [n.id, n.label]))")
    for box in boxes:
        assert abs(box["w"] - box["measured"]) < 0.5, box
        assert box["h"] >= box["size"], box
        assert box["text"] in (drawn[box["id"]], box["id"].removeprefix("challenge/")), box
        assert 0 <= box["x"] and box["x"] + box["w"] <= width, box
        assert 0 <= box["y"] and box["y"] + box["h"] <= height, box
        # next to its node: 3 px from the node's shape, as vis-network draws a label
        gap_x = max(box["x"] - box["nodeX"], box["nodeX"] - box["x"] - box["w"], 0)
        gap_y = max(box["y"] - box["nodeY"], box["nodeY"] - box["y"] - box["h"], 0)
        assert max(gap_x, gap_y) <= box["radius"] + 3.01, box
    return boxes


def test_labels_do_not_overlap_at_the_default_zoom(browser: Any,
                                                  bundled_page: tuple[GraphData, Path]) -> None:
    """The full view of the 13 cases: the labels shown cover no other, most challenges, cities
    and countries have theirs, and the labels are drawn at a readable size."""
    data, path = bundled_page
    graph = full_graph(data)
    opened = Opened(browser, path)
    try:
        boxes = _labels(opened)
        assert _overlapping(boxes) == []
        kinds = [graph.nodes[b["id"]]["type"] for b in boxes]
        challenges = sum(1 for _, a in graph.nodes(data=True) if a["type"] == "challenge")
        places = sum(1 for _, a in graph.nodes(data=True) if a["type"] in ("city", "country"))
        # Measured: 10 of 11 challenges (the eleventh sits in a cluster of seven at the edge),
        # 19 of 20 cities and countries, 60 of 138 nodes.
        assert kinds.count("challenge") >= challenges - 1
        assert kinds.count("city") + kinds.count("country") >= places - 2
        assert len(boxes) > 0.3 * graph.number_of_nodes()
        assert min(b["size"] for b in boxes) >= 12  # px on screen, whatever the zoom
        ARTIFACTS.mkdir(exist_ok=True)
        opened.page.screenshot(path=str(ARTIFACTS / "explorer-labels.png"))
        assert opened.errors == []
    finally:
        opened.close()


def test_zooming_in_shows_more_labels_and_selection_shows_its_own(
        browser: Any, bundled_page: tuple[GraphData, Path]) -> None:
    _, path = bundled_page
    opened = Opened(browser, path)
    try:
        before = {b["id"] for b in _labels(opened)}
        opened.js("() => { const n = casegraph.network; "
                  "n.moveTo({position: n.getViewPosition(), scale: 3 * n.getScale(), "
                  "animation: false}); }")
        after = _labels(opened)
        assert _overlapping(after) == []
        # Of the nodes still on screen, more have their label than before.
        on_screen = set(opened.js("""() => {
          const n = casegraph.network, c = document.querySelector('#graph canvas');
          return Object.entries(n.getPositions()).filter(([id, p]) => {
            const at = n.canvasToDOM(p);
            return at.x >= 0 && at.y >= 0 && at.x <= c.clientWidth && at.y <= c.clientHeight;
          }).map(([id]) => id); }"""))
        shown = {b["id"] for b in after}
        assert len(shown & on_screen) > 1.5 * len(before & on_screen)
        # A node without a label: selected, it shows it, and nothing covers it.
        opened.js("() => casegraph.network.fit({animation: false})")
        hidden = next(b for b in opened.js("casegraph.data.nodes.map(n => n.id)")
                      if b not in {box["id"] for box in _labels(opened)})
        opened.js("id => casegraph.select(id)", hidden)
        boxes = _labels(opened)
        assert hidden in {b["id"] for b in boxes}
        assert _overlapping(boxes) == []
        opened.js("() => casegraph.select(null)")
        assert opened.errors == []
    finally:
        opened.close()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,200 synthetic cases (bench/generate.py) in 300 cities, built."""
    return generated_build(tmp_path_factory.mktemp("generated"), 1200)


#: Runs in the page: the milliseconds it takes to place the labels again, at 30 zoom levels
#: (the median and the slowest), and how many labels each placed.
_PLACING = """() => {
  const n = casegraph.network, scale = n.getScale(), at = n.getViewPosition();
  const times = [], counts = [];
  for (let k = 0; k < 30; k++) {
    n.moveTo({position: at, scale: scale * (1 + 0.1 * (k % 15)), animation: false});
    n.redraw();
    times.push(casegraph.state.labelMs);
    counts.push(casegraph.labels().length);
  }
  n.moveTo({position: at, scale: scale, animation: false});
  times.sort((a, b) => a - b);
  return {median: times[15], slowest: times[29], fewest: Math.min(...counts)};
}"""


@pytest.mark.parametrize("folded", [True, False], ids=["folded", "unfolded"])
def test_labels_do_not_overlap_at_1200_cases(browser: Any, generated: Path, tmp_path: Path,
                                             folded: bool) -> None:
    """The default view of 1,200 cases folds them into their cities (404 nodes); unfolded it
    has 5,395. Either way the labels shown cover no other, and placing them again as the
    zoom changes takes a few milliseconds (measured: a median of 0.7 ms folded, 6 ms
    unfolded, in headless Chromium)."""
    data, page = _page(generated, **({} if folded else {"max_nodes": 0}))
    assert len(data.cases) == 1200 and page.aggregated == folded
    opened = Opened(browser, _write(page, tmp_path / "large.html"))
    try:
        boxes = _labels(opened)
        assert _overlapping(boxes) == []
        first = opened.js("id => casegraph.data.info[id].t", boxes[0]["id"])
        assert first == "challenge"  # the most important are placed first
        assert len(boxes) >= 60
        placing = opened.js(_PLACING)
        assert placing["median"] < 50 and placing["fewest"] >= 60, placing
        print(f"\nlabels at 1,200 cases ({'folded' if folded else 'unfolded'}, "
              f"{page.nodes} nodes): {len(boxes)} shown; placed again in "
              f"{placing['median']:.1f} ms (median), {placing['slowest']:.1f} ms (slowest)")
        opened.js("() => casegraph.network.moveTo({scale: 3 * casegraph.network.getScale(), "
                  "animation: false})")
        assert _overlapping(_labels(opened)) == []
        assert opened.errors == []
    finally:
        opened.close()


# --- the vocabulary in the case's language --------------------------------------------------


def _in_french(out: Path) -> tuple[GraphData, str]:
    """The graph of ``out`` with its Łódź case written in French, and French labels in the
    vocabulary for one challenge and one tactic (a German one too, which no case needs): the
    bundled vocabulary labels its concepts in English only."""
    from casegraph.query.local import MemoryBackend
    from casegraph.vocab import CHALLENGE_BASE, GRAPH_CHALLENGES, GRAPH_TACTICS, TACTIC_BASE

    backend = MemoryBackend(out)
    case = next(c.iri for c in read_graph_data(backend).cases if c.city_name == "Łódź")
    language = "<http://purl.org/dc/terms/language>"
    label = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
    backend.update(f"""
        DELETE {{ GRAPH ?g {{ <{case}> {language} ?old }} }}
        INSERT {{ GRAPH ?g {{ <{case}> {language}
                              "fr"^^<http://www.w3.org/2001/XMLSchema#language> }} }}
        WHERE {{ GRAPH ?g {{ <{case}> {language} ?old }} }}""")
    backend.update(f"""INSERT DATA {{
        GRAPH <{GRAPH_TACTICS}> {{
          <{TACTIC_BASE}swot-analysis> {label} "Analyse SWOT"@fr, "SWOT-Analyse"@de . }}
        GRAPH <{GRAPH_CHALLENGES}> {{
          <{CHALLENGE_BASE}IC4> {label} "Passer de la stratégie au plan d'action"@fr . }} }}""")
    return read_graph_data(backend), case


def test_case_panels_show_the_vocabulary_in_the_case_language(browser: Any, small: Path,
                                                             tmp_path: Path) -> None:
    """A case written in French shows the French labels of its challenge and tactic where the
    vocabulary has them, the English ones elsewhere, each marked with its language, in its
    panel and in the comparison; English cases and the graph's labels stay English."""
    data, french_iri = _in_french(small)
    french = next(i for i, c in enumerate(data.cases) if c.iri == french_iri)
    assert data.cases[french].language == "fr"
    assert data.tactic_labels["swot-analysis"] == "SWOT analysis"  # the node's label
    assert data.translations["tactic/swot-analysis"] == {"de": "SWOT-Analyse",
                                                         "fr": "Analyse SWOT"}
    page = render_page(data, View("full"))
    payload = _payload(page)
    # Only the languages of the view's cases, only what their cases use.
    assert payload["translations"] == {"fr": {
        "challenge/IC4": "Passer de la stratégie au plan d'action",
        "tactic/swot-analysis": "Analyse SWOT"}}
    assert payload["cases"][french]["language"] == "fr"
    assert {n["id"]: n["label"] for n in payload["nodes"]}["tactic/swot-analysis"] == \
        "SWOT analysis"
    english = next(i for i, c in enumerate(data.cases) if c.city_name == "Gothenburg")
    opened = Opened(browser, _write(page, tmp_path / "french.html"))
    try:
        nodes = opened.js("casegraph.data.cases.map(c => c.node)")
        panel = opened.page.locator("#panel")
        opened.js("id => casegraph.select(id)", nodes[french])
        assert panel.get_attribute("lang") == "fr"
        swot = panel.locator("ul.tactics > li[data-tactic='swot-analysis'] strong")
        assert (swot.text_content(), swot.get_attribute("lang")) == ("Analyse SWOT", "fr")
        other = panel.locator("ul.tactics > li:not([data-tactic='swot-analysis']) strong").first
        assert other.get_attribute("lang") == "en"  # no French label: the English one
        assert other.text_content() in data.tactic_labels.values()
        challenge = panel.locator("ul.challenges > li[data-challenge='IC4'] strong")
        assert challenge.text_content() == "IC4 – Passer de la stratégie au plan d'action"
        assert challenge.get_attribute("lang") == "fr"
        assert set(panel.locator("h3").evaluate_all("hs => hs.map(h => h.lang)")) == {"en"}
        opened.page.click("#compare-toggle")
        opened.js("id => casegraph.select(id)", nodes[english])
        assert panel.get_attribute("lang") == "en"
        assert swot.text_content() == "SWOT analysis"
        opened.page.click("#compare-toggle")
        opened.page.click("#compare")
        cells = opened.page.locator("#comparison tr").nth(4).locator("td")  # the tactics
        assert [cells.nth(i).get_attribute("lang") for i in range(2)] == ["fr", "en"]
        assert "Analyse SWOT" in cells.nth(0).inner_text()
        assert "SWOT analysis" in cells.nth(1).inner_text()
        assert "Analyse SWOT" not in cells.nth(1).inner_text()
        assert opened.errors == []
    finally:
        opened.close()
