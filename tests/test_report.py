"""The report: communities, centrality, heatmap and gaps with known answers on small hand-built
graphs, then the report of the bundled corpus and the `casegraph report` command."""

from __future__ import annotations

import base64
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from casegraph.query.source import open_graph
from casegraph.cli import cli
from casegraph.errors import AnalysisError
from casegraph.analysis.graphs import GraphData, city_tactic_graph, read_graph_data
from casegraph.query.queries import named_query, run_query
from casegraph.views.report import (
    FORMATS,
    Item,
    ItemList,
    Paragraph,
    Section,
    build_report,
    plot_heatmap,
    render_markdown,
    render_report,
    report_blocks,
    write_markdown,
    write_report,
)
from casegraph.analysis.structure import (
    Gaps,
    betweenness,
    challenge_tactic_matrix,
    communities,
    find_gaps,
    tactic_centrality,
)
from conftest import copy_build
from test_analyse import _case, _data

PNG = b"\x89PNG\r\n\x1a\n"
#: A reference to anything outside the file: src=, href=, url( or @import with a scheme or //.
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|//)|url\(\s*["']?\s*(?:https?:|//)"""
                    r"""|@import""", re.IGNORECASE)


@pytest.fixture()
def blocks() -> GraphData:
    """Two groups of cities against IC2: Aa and Bb share t1 and t2, Cc and Dd share t3 and t4;
    Bb also uses t3, the one bridge. Dd also faced IC4 and documented no tactic for it."""
    return _data(
        _case("Aa", "fr", {"IC2": "completely solved"}, {"t1": ["IC2"], "t2": ["IC2"]}),
        _case("Bb", "fr", {"IC2": "partly solved"},
              {"t1": ["IC2"], "t2": ["IC2"], "t3": ["IC2"]}),
        _case("Cc", "de", {"IC2": "unknown"}, {"t3": ["IC2"], "t4": ["IC2"]}),
        _case("Dd", "de", {"IC2": "not solved", "IC4": "unknown"},
              {"t3": ["IC2"], "t4": ["IC2"], "t5": ["IC2"]}),
    )


# --- the analyses, with known answers ------------------------------------------------------------


def test_communities_are_the_two_groups(blocks: GraphData) -> None:
    graph = city_tactic_graph(blocks, "IC2")
    expected = [["city/de/cc", "city/de/dd", "tactic/t3", "tactic/t4", "tactic/t5"],
                ["city/fr/aa", "city/fr/bb", "tactic/t1", "tactic/t2"]]
    assert communities(graph) == expected
    assert all(communities(graph, seed=seed) == expected for seed in range(5))


def test_communities_do_not_depend_on_the_order_of_the_graph(blocks: GraphData) -> None:
    import networkx as nx

    graph = city_tactic_graph(blocks, "IC2")
    reordered = nx.Graph()
    reordered.add_nodes_from(sorted(graph.nodes(data=True), reverse=True))
    reordered.add_edges_from(sorted(graph.edges(data=True), reverse=True))
    assert communities(reordered, seed=3) == communities(graph, seed=3)


def test_betweenness_on_a_path() -> None:
    """Aa - x - Bb - y - Cc: x and y each lie on 3 of the 6 paths between the other nodes."""
    path = _data(_case("Aa", "fr", {"IC2": "unknown"}, {"x": ["IC2"]}),
                 _case("Bb", "fr", {"IC2": "unknown"}, {"x": ["IC2"], "y": ["IC2"]}),
                 _case("Cc", "de", {"IC2": "unknown"}, {"y": ["IC2"]}))
    found = tactic_centrality(city_tactic_graph(path, "IC2"))
    assert [(t.tactic, t.cities, t.degree, t.betweenness) for t in found] == [
        ("x", ("Aa", "Bb"), round(2 / 3, 6), 0.5), ("y", ("Bb", "Cc"), round(2 / 3, 6), 0.5)]


def test_betweenness_is_networkx_betweenness() -> None:
    """The same numbers as networkx's exact, normalised betweenness, on graphs with several
    components, a lone node and nodes added in no particular order."""
    import random

    import networkx as nx

    for seed in range(5):
        chooser = random.Random(seed)
        graph = nx.Graph()
        graph.add_node("city/alone")
        for city in chooser.sample(range(60), 40):
            for tactic in chooser.sample(range(20), chooser.randint(1, 6)):
                graph.add_edge(f"city/{city}", f"tactic/{tactic % (10 if city % 2 else 20)}")
        graph.add_edge("city/far", "tactic/far")
        expected = nx.betweenness_centrality(graph, normalized=True)
        found = betweenness(graph)
        assert found.keys() == expected.keys()
        assert all(found[n] == pytest.approx(expected[n], abs=1e-12) for n in expected)


def test_the_bridge_tactic_is_the_most_central(blocks: GraphData) -> None:
    found = tactic_centrality(city_tactic_graph(blocks, "IC2"))
    assert found[0].tactic == "t3" and found[0].cities == ("Bb", "Cc", "Dd")
    assert found[0].degree == 0.75
    assert found[0].betweenness > found[1].betweenness > 0
    assert found[-1].tactic == "t5" and found[-1].betweenness == 0


def test_matrix_counts_cities(blocks: GraphData) -> None:
    matrix = challenge_tactic_matrix(blocks)
    assert matrix.rows == ("IC2", "IC4")  # IC4 faced, with no tactic: an empty row
    assert matrix.columns == ("t3", "t1", "t2", "t4", "t5")  # most cities first, then id
    assert matrix.cell("IC2", "t3") == 3 and matrix.cell("IC2", "t5") == 1
    assert matrix.values[1] == (0, 0, 0, 0, 0)
    assert challenge_tactic_matrix(blocks, ["IC4"]).columns == ()


def test_gaps(blocks: GraphData) -> None:
    gaps = find_gaps(blocks)
    assert gaps.unfaced == ("IC1", "UIA-3")
    assert gaps.undocumented == ("IC4",)
    assert gaps.single_city == (("t5", "Dd"),)
    assert find_gaps(blocks, "IC4") == Gaps((), ("IC4",), ())
    assert find_gaps(blocks, "IC1") == Gaps(("IC1",), (), ())
    assert find_gaps(blocks, "IC2").single_city == (("t5", "Dd"),)


def test_report_sections(blocks: GraphData) -> None:
    report = build_report(blocks, top=3)
    assert [s.code for s in report.sections] == ["IC2", "IC4"]
    ic2 = report.sections[0]
    assert ic2.cities == ("Aa", "Bb", "Cc", "Dd") and ic2.countries == ("DE", "FR")
    assert [p.tactic for p in ic2.practices] == ["t3", "t1", "t2"]
    assert ic2.communities[1].cities == ("Aa", "Bb")
    assert ic2.communities[1].tactics == ("T1", "T2")
    assert ic2.single_city == (("T5", "Dd"),)
    assert report.sections[1].practices == () and report.sections[1].centrality == ()
    assert report.gaps is not None and report.gaps.undocumented == ("IC4",)
    one = build_report(blocks, challenge="IC2")
    assert [s.code for s in one.sections] == ["IC2"] and one.gaps is None
    assert one.matrix.rows == ("IC2",)
    with pytest.raises(AnalysisError, match=r"no case faced IC1 \(Integrated approach\); the "
                                            r"challenges cases faced are: IC2, IC4"):
        build_report(blocks, challenge="IC1")


def test_heatmap_png_is_stable(blocks: GraphData) -> None:
    matrix = challenge_tactic_matrix(blocks)
    first, second = plot_heatmap(matrix), plot_heatmap(matrix)
    assert first.startswith(PNG) and first == second
    assert b"matplotlib" not in first.lower() and b"Software" not in first
    width, height = int.from_bytes(first[16:20], "big"), int.from_bytes(first[20:24], "big")
    assert (width, height) == (400, 237)  # the figure size at the fixed 100 dpi, with room for
    # the longest tactic name written upwards below it
    assert plot_heatmap(matrix, dpi=50) != first


def test_hostile_strings_are_escaped() -> None:
    hostile = '<script>alert("x")</script> & [link](javascript:alert(1))'
    case = _case("Aa", "fr", {"IC2": "unknown"}, {"t1": ["IC2"]})
    other = _case("Bb", "fr", {"IC2": "unknown"}, {"t1": ["IC2"]})
    from dataclasses import replace

    data = _data(replace(case, title=hostile, city_name='<img src=x onerror="alert(1)">'), other)
    data = replace(data, tactic_labels={"t1": "<b>bold</b>"})
    report = build_report(data)
    page = render_report(report)
    for raw in ("<script>", "<img src=x", "<b>bold</b>"):
        assert raw not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; [link]" in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "<script" not in page.lower()
    markdown = render_markdown(report, None)
    assert "<script>" not in markdown and "<img" not in markdown
    assert "&lt;script&gt;" in markdown and r"\[link\](javascript:alert(1))" in markdown


# --- one report, two formats ----------------------------------------------------------------------


def _html_lines(page: str) -> list[str]:
    """The prose of an HTML report as a reader reads it, a line per block: tags dropped, entities
    decoded, the nav and the tables left out."""
    body = re.sub(r"<nav>.*?</nav>|<table>.*?</table>", "", page.split("<body>", 1)[1],
                  flags=re.DOTALL)
    lines = (html.unescape(re.sub(r"<[^>]*>", "", line))
             for line in body.replace("<br>", "\n").splitlines())
    return [" ".join(line.split()) for line in lines if line.strip()]


def _markdown_lines(text: str) -> list[str]:
    """The prose of a Markdown report the same way: markers, emphasis, escapes and hard breaks
    dropped, entities decoded, the tables and the image link left out."""
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith(("|", "![")):
            continue
        line = re.sub(r"^(?:#+ |- |\d+\. |\s+)", "", line)
        line = re.sub(r"(?<!\\)\\$", "", line)
        line = re.sub(r"\\(.)", r"\1", re.sub(r"(?<!\\)[*`]", "", line))
        out.append(" ".join(html.unescape(line).split()))
    return out


def _prose(blocks: tuple[object, ...]) -> list[str]:
    """The text of every paragraph and list entry of a report's blocks."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Section):
            out += _prose(block.blocks)
        elif isinstance(block, Paragraph):
            out.append(" ".join("".join(run.text for run in block.text).split()))
        elif isinstance(block, ItemList):
            out += [" ".join("".join(run.text for run in text).split())
                    for item in block.items for text in (item.text, item.note) if text]
    return out


@pytest.mark.parametrize("which", ["blocks", "corpus"])
def test_html_and_markdown_say_the_same(which: str, request: pytest.FixtureRequest) -> None:
    report = build_report(request.getfixturevalue(which))
    page, markdown = render_report(report), render_markdown(report, "r-heatmap.png")
    in_html, in_markdown = _html_lines(page), _markdown_lines(markdown)
    assert in_html == in_markdown
    prose = _prose(report_blocks(report))
    assert len(prose) > 10 and set(prose) <= set(in_html)
    assert "No tactic was used against this challenge in enough cities to compare." in prose \
        or which == "corpus"
    assert "Cities that used each tactic (column) against each challenge (row)." in in_markdown
    assert markdown.count("| tactic | cities | degree | betweenness |") == page.count(
        "<tr><th>tactic</th><th>cities</th><th>degree</th><th>betweenness</th></tr>") > 0


def test_formats_and_the_files_they_write(blocks: GraphData, tmp_path: Path) -> None:
    assert tuple(FORMATS) == ("html", "md")
    report = build_report(blocks)
    page = tmp_path / "r.html"
    assert write_report(report, page) == (page,)
    assert write_report(report, page, "html") == (page,)
    assert page.read_text(encoding="utf-8") == render_report(report)
    md = tmp_path / "sub" / "r.md"
    assert write_report(report, md, "md") == (md, tmp_path / "sub" / "r-heatmap.png")
    assert md.read_text(encoding="utf-8") == render_markdown(report, "r-heatmap.png")
    assert (tmp_path / "sub" / "r-heatmap.png").read_bytes() == plot_heatmap(
        report.matrix, labels=report.tactic_labels)
    empty = tmp_path / "empty.md"
    assert write_report(build_report(GraphData(())), empty, "md") == (empty,)
    assert "No tactic is documented against these challenges." in empty.read_text("utf-8")
    with pytest.raises(ValueError, match=r"unknown report format 'pdf'; the formats are: html, md"):
        write_report(report, tmp_path / "r.pdf", "pdf")
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == [
        "empty.md", "r.html", "sub", "sub/r-heatmap.png", "sub/r.md"]


def test_document_strings_are_escaped_in_both_formats() -> None:
    from dataclasses import replace

    hostile = "<script>alert(1)</script> *star* a|b [x](y)"
    data = _data(replace(_case("Aa", "fr", {"IC2": "unknown"}, {"t1": ["IC2"]}), title=hostile,
                         city_name=hostile),
                 _case("Bb", "fr", {"IC2": "unknown"}, {"t1": ["IC2"], "t2": ["IC2"]}))
    data = replace(data, tactic_labels={"t1": hostile, "t2": hostile},
                   challenge_labels={**data.challenge_labels, "IC2": hostile})
    report = build_report(data)
    page = render_report(report)
    assert "<script" not in page.lower() and "[x](y)" in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt; *star* a|b [x](y)") >= 6
    assert f'<td>{html.escape(hostile)}</td>' in page
    markdown = render_markdown(report, "r-heatmap.png")
    assert "<script" not in markdown and "[x](y)" not in markdown and "*star*" not in markdown
    escaped = r"&lt;script&gt;alert(1)&lt;/script&gt; \*star\* a\|b \[x\](y)"
    assert markdown.count(escaped) == page.count(html.escape(hostile))
    assert f"## IC2: {escaped}" in markdown and f"**{escaped}**" in markdown
    rows = [line for line in markdown.splitlines() if line.startswith("|")]
    assert rows and all(len(re.findall(r"(?<!\\)\|", row)) == 5 for row in rows)
    assert f"| {escaped} | Aa, Bb |" in markdown or f"| {escaped} | {escaped}, Bb |" in markdown


# --- the bundled corpus ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_out(first_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_build(first_build, tmp_path_factory.mktemp("report") / "out")


@pytest.fixture(scope="module")
def corpus(corpus_out: Path) -> GraphData:
    store = open_graph(corpus_out)
    try:
        return read_graph_data(store)
    finally:
        store.close()


def _section(page: str, code: str) -> str:
    return page.split(f'<section id="challenge-{code}">', 1)[1].split("</section>", 1)[0]


def test_corpus_report_html(corpus: GraphData) -> None:
    page = render_report(build_report(corpus))
    faced = ["IC1", "IC2", "IC3", "IC4", "IC5", "UIA-1", "UIA-2", "UIA-3", "UIA-4", "UIA-5",
             "UIA-7"]
    assert re.findall(r'<section id="challenge-([^"]+)">', page) == faced
    image = re.search(r'<img alt="[^"]*" src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert image is not None and base64.b64decode(image.group(1)).startswith(PNG)
    ic2 = _section(page, "IC2")
    assert "<li><b>Peer learning</b> (score 5; cities: Aveiro, Gent)" in ic2
    assert "Peer learning was used against IC2" in ic2  # the explanation
    assert "<h3>Communities of cities and tactics</h3>" in ic2
    assert "<th>betweenness</th>" in ic2
    assert "<li>Small grants fund: only Sofia</li>" in ic2
    gaps = page.split('<section id="gaps">', 1)[1]
    assert "Challenges no case faced: UIA-6 (Communicating with target beneficiaries)." in gaps
    assert "<li>Small grants fund: only Sofia</li>" in gaps
    assert not REMOTE.search(page)
    assert "<script" not in page and "<link" not in page
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page


def test_corpus_gaps_agree_with_the_gaps_query(corpus_out: Path, corpus: GraphData) -> None:
    store = open_graph(corpus_out)
    try:
        rows = [dict(zip(r.variables, (str(t) for t in row)))
                for r in [run_query(store, named_query("gaps"))] for row in r.rows]
    finally:
        store.close()
    gaps = find_gaps(corpus)
    assert list(gaps.single_city) == sorted((r["id"], r["city"]) for r in rows
                                            if r["gap"] == "tactic used in one city only")
    assert list(gaps.unfaced + gaps.undocumented) == sorted(
        r["id"] for r in rows if r["gap"] == "challenge without a documented tactic")


@pytest.mark.slow
def test_corpus_report_is_the_same_bytes_in_every_process(corpus_out: Path,
                                                          tmp_path: Path) -> None:
    """Louvain is seeded and every order sorted: even another hash seed gives the same file."""
    outputs = []
    for number, hash_seed in enumerate(("1", "2")):
        target = tmp_path / f"r{number}" / "report.md"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        for fmt, path in (("html", target.with_suffix(".html")), ("md", target)):
            subprocess.run([sys.executable, "-m", "casegraph", "report", "--out",
                            str(corpus_out), "--format", fmt, "-o", str(path)],
                           env=env, check=True, capture_output=True)
        outputs.append([p.read_bytes() for p in sorted(target.parent.iterdir())])
    assert [p.name for p in sorted((tmp_path / "r0").iterdir())] == [
        "report-heatmap.png", "report.html", "report.md"]
    assert outputs[0] == outputs[1]


def test_report_command(corpus_out: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["report", "--out", str(corpus_out)])
    assert result.exit_code == 0, result.output
    default = corpus_out / "casegraph-report.html"
    assert result.stderr == (f"wrote {default} (11 challenge section(s); heatmap 11 challenges x "
                             "53 tactics)\n")
    assert default.read_text(encoding="utf-8").count("<section id=") == 12  # and the gaps
    md = tmp_path / "ic2.md"
    result = runner.invoke(cli, ["report", "--out", str(corpus_out), "--format", "md", "-o",
                                 str(md), "--challenge", "Involving local stakeholders",
                                 "--top", "2"])
    assert result.exit_code == 0, result.output
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# casegraph report: IC2\n")
    assert ("![Heatmap: the number of cities that used each tactic against each challenge]"
            "(ic2-heatmap.png)") in text
    assert (tmp_path / "ic2-heatmap.png").read_bytes().startswith(PNG)
    assert "1. **Peer learning** (score 5; cities: Aveiro, Gent)" in text
    assert "\n3. **" not in text.split("### Top transferable practices")[1].split("###")[0]
    assert "## Gaps in the evidence" not in text  # one challenge: its own gaps only
    assert write_markdown(build_report(GraphData(())), tmp_path / "empty.md") == (
        tmp_path / "empty.md",)  # no tactic, no heatmap file


@pytest.mark.parametrize(("value", "message"), [
    ("IC9", "Error: --challenge: no challenge 'IC9'; the challenges are: IC1, IC2"),
    ("UIA-6", "Error: --challenge: no case faced UIA-6 (Communicating with target "
              "beneficiaries); the challenges cases faced are: IC1, IC2, IC3"),
])
def test_report_command_rejects_bad_challenges(corpus_out: Path, tmp_path: Path, value: str,
                                               message: str) -> None:
    target = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["report", "--out", str(corpus_out), "--challenge", value,
                                      "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert not target.exists()


def test_the_report_reads_as_a_programme_lead_would(corpus: GraphData) -> None:
    """It opened with "Louvain (networkx, seed 7) ... betweenness (exact, normalised)", its
    heatmap named tactics by slug and its practices showed no evidence and linked nowhere."""
    from casegraph.views.report import Figure

    report = build_report(corpus)
    page = render_report(report)
    opening = page[:page.index("<nav")]
    assert "networkx" not in opening and "(exact, normalised)" not in opening
    assert "connecting tactics" in opening and "groups" in opening
    figure = next(b for b in report_blocks(report) if isinstance(b, Figure))
    names = dict(figure.labels)
    assert names["swot-analysis"] == "SWOT analysis" and set(names) == set(report.matrix.columns)
    assert plot_heatmap(report.matrix, labels=names) != plot_heatmap(report.matrix)
    links = re.findall(r'<a href="#([^"]+)">', page)
    anchors = set(re.findall(r' id="([^"]+)"', page))
    case_links = [link for link in links if "-case-" in link]
    assert case_links and all(link in anchors for link in links)
    practice = report.sections[0].practices[0]
    sentence = next(u.evidence for u in practice.uses if u.evidence)
    assert html.escape(" ".join(sentence.split()), quote=True) in page
