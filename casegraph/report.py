"""The per-challenge report of a graph: its content as data, its heatmap as PNG, its Markdown.

A report has one section per challenge that cases faced (or the one asked for): the cases,
the top transferable practices with their explanations (``analyse.rank_practices``), the
centrality of the tactics and the communities of cities and tactics (``structure``, on the
city-tactic graph of that challenge), and the tactics used in one city only. It opens with a
challenge x tactic heatmap and closes with the gaps of the whole graph.

The HTML of a report is written by ``casegraph.render`` (the only module that writes HTML), with
the heatmap inline as a ``data:image/png`` URI. Markdown is written here, with the heatmap as a
PNG file next to it (``REPORT-heatmap.png``): Markdown viewers, GitHub's among them, do not show
images from data URIs. Same graph, same bytes: no time stamps, sorted orders, a seeded Louvain,
and PNGs saved without the matplotlib version and at a fixed dpi.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .analyse import Practice, rank_practices
from .errors import AnalysisError
from .files import write_atomic
from .graphs import GraphData, city_tactic_graph
from .structure import (
    COMMUNITY_SEED,
    Gaps,
    Matrix,
    TacticCentrality,
    challenge_tactic_matrix,
    code_order,
    communities,
    find_gaps,
    tactic_centrality,
)

__all__ = [
    "HEATMAP_DPI",
    "CaseLine",
    "Community",
    "ChallengeSection",
    "Report",
    "build_report",
    "plot_heatmap",
    "heatmap_name",
    "render_markdown",
    "write_markdown",
]

#: The resolution of the heatmap: fixed, so that the PNG's bytes are.
HEATMAP_DPI = 100

#: How many tactics the centrality table of a section lists.
CENTRALITY_ROWS = 10


@dataclass(frozen=True)
class CaseLine:
    """A case that faced the challenge of a section, and the outcome it reports."""

    city: str
    country: str
    title: str
    outcome: str


@dataclass(frozen=True)
class Community:
    """A Louvain community of the city-tactic graph: city names and tactic labels, sorted."""

    cities: tuple[str, ...]
    tactics: tuple[str, ...]


@dataclass(frozen=True)
class ChallengeSection:
    """Everything the report says about one challenge."""

    code: str
    label: str
    cases: tuple[CaseLine, ...]
    countries: tuple[str, ...]
    practices: tuple[Practice, ...]
    centrality: tuple[TacticCentrality, ...]
    communities: tuple[Community, ...]
    single_city: tuple[tuple[str, str], ...]

    @property
    def cities(self) -> tuple[str, ...]:
        return tuple(sorted({c.city for c in self.cases}))


@dataclass(frozen=True)
class Report:
    """A report: its sections, the heatmap matrix, the gaps (whole graph only) and the labels."""

    title: str
    cases: int
    cities: int
    countries: int
    challenge: str | None
    seed: int
    min_cities: int
    sections: tuple[ChallengeSection, ...]
    matrix: Matrix
    gaps: Gaps | None
    challenge_labels: Mapping[str, str] = field(default_factory=dict)
    tactic_labels: Mapping[str, str] = field(default_factory=dict)


def build_report(data: GraphData, *, challenge: str | None = None, top: int = 5,
                 min_cities: int = 2, seed: int = COMMUNITY_SEED) -> Report:
    """The report of ``data``: a section per challenge a case faced, or for ``challenge``
    only (an :class:`AnalysisError` when no case faced it). ``top`` practices per section,
    used in at least ``min_cities`` cities; ``seed`` for the Louvain communities."""
    faced = sorted({f.code for c in data.cases for f in c.challenges if f.code}, key=code_order)
    if challenge is not None and challenge not in faced:
        label = data.challenge_labels.get(challenge)
        named = f"{challenge} ({label})" if label else repr(challenge)
        raise AnalysisError(f"no case faced {named}; the challenges cases faced are: "
                            f"{', '.join(faced) or 'none'}", where="--challenge")
    codes = [challenge] if challenge is not None else faced
    labels = {**{u.tactic: u.label for c in data.cases for u in c.tactics},
              **data.tactic_labels}
    sections = tuple(_section(data, code, top, min_cities, seed, labels) for code in codes)
    return Report(
        title=f"casegraph report: {challenge}" if challenge else "casegraph report",
        cases=len(data.cases),
        cities=len({c.city or c.iri for c in data.cases}),
        countries=len({c.country for c in data.cases if c.country}),
        challenge=challenge, seed=seed, min_cities=min_cities, sections=sections,
        matrix=challenge_tactic_matrix(data, codes),
        gaps=find_gaps(data) if challenge is None else None,
        challenge_labels=dict(sorted(data.challenge_labels.items())),
        tactic_labels=dict(sorted(labels.items())))


def _section(data: GraphData, code: str, top: int, min_cities: int, seed: int,
             labels: Mapping[str, str]) -> ChallengeSection:
    lines, countries = [], set()
    for case in data.cases:
        for faced in case.challenges:
            if faced.code == code:
                lines.append(CaseLine(case.city_name or case.title,
                                      case.country_code or case.country_name, case.title,
                                      faced.outcome))
                if case.country_code or case.country_name:
                    countries.add(case.country_code or case.country_name)
    graph = city_tactic_graph(data, code)
    groups = []
    for group in communities(graph, seed=seed):
        nodes = [graph.nodes[n] for n in group]
        groups.append(Community(
            tuple(sorted(n["label"] for n in nodes if n["type"] == "city")),
            tuple(sorted(n["label"] for n in nodes if n["type"] == "tactic"))))
    return ChallengeSection(
        code=code, label=data.challenge_labels.get(code, code),
        cases=tuple(sorted(set(lines), key=lambda c: (c.city, c.title, c.outcome))),
        countries=tuple(sorted(countries)),
        practices=tuple(rank_practices(data, code, min_cities)[:max(top, 0)]),
        centrality=tuple(tactic_centrality(graph)[:CENTRALITY_ROWS]),
        communities=tuple(groups),
        single_city=tuple(sorted((labels.get(t, t), city)
                                 for t, city in find_gaps(data, code).single_city)))


# --- the heatmap ---------------------------------------------------------------------------------


def plot_heatmap(matrix: Matrix, *, dpi: int = HEATMAP_DPI) -> bytes:
    """The challenge x tactic heatmap as PNG bytes: codes and tactic ids on the axes, the
    number of cities in each cell. matplotlib's Agg canvas is used directly (no pyplot, no
    global backend switch), and the PNG carries no Software entry, so the bytes depend on
    the matrix only."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    rows, columns = len(matrix.rows), len(matrix.columns)
    figure = Figure(figsize=(max(4.0, 1.5 + 0.22 * columns), max(2.2, 1.6 + 0.32 * rows)),
                    dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    values = [list(row) for row in matrix.values] or [[0]]
    most = max((v for row in values for v in row), default=0)
    image = axes.imshow(values, cmap="Blues", aspect="auto", vmin=0, vmax=max(most, 1),
                        interpolation="nearest")
    axes.set_xticks(range(columns), list(matrix.columns), rotation=90, fontsize=7)
    axes.set_yticks(range(rows), list(matrix.rows), fontsize=8)
    for y, row in enumerate(matrix.values):
        for x, value in enumerate(row):
            if value:
                axes.text(x, y, str(value), ha="center", va="center", fontsize=6,
                          color="white" if value > most / 2 else "black")
    axes.set_xlabel("tactic", fontsize=8)
    axes.set_ylabel("challenge", fontsize=8)
    colourbar = figure.colorbar(image, ax=axes, fraction=0.03, pad=0.01)
    colourbar.set_label("cities", fontsize=8)
    colourbar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    colourbar.ax.tick_params(labelsize=7)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def heatmap_name(report_path: str | Path) -> str:
    """The file name of a Markdown report's heatmap: ``report.md`` -> ``report-heatmap.png``."""
    return Path(report_path).stem + "-heatmap.png"


# --- Markdown ------------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!])")


def _md(text: str) -> str:
    """Text from documents, safe in Markdown: HTML escaped (renderers pass entities through)
    and the characters that make links, emphasis or tables backslashed; one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def _number(value: float) -> str:
    return f"{value:.3f}"


def render_markdown(report: Report, image: str | None) -> str:
    """The report as Markdown; ``image`` is the heatmap's file name (None: no heatmap)."""
    out = [f"# {_md(report.title)}", ""]
    out += [f"{report.cases} cases from {report.cities} cities in {report.countries} "
            f"countries; {len(report.sections)} challenge section(s). Communities: Louvain "
            f"(networkx, seed {report.seed}) on each challenge's city-tactic graph. Centrality: "
            "betweenness (exact, normalised) in the same graph: tactics that connect cities "
            "which share little else; cities = degree. Practices used in at least "
            f"{report.min_cities} cities, ranked as in `casegraph patterns`.", ""]
    out += ["## Challenges x tactics", ""]
    if image is not None and report.matrix.columns:
        out += [f"![Heatmap: cities that used each tactic against each challenge]({image})", ""]
    else:
        out += ["No tactic is documented against these challenges.", ""]
    for section in report.sections:
        out += _md_section(section)
    if report.gaps is not None:
        out += _md_gaps(report)
    return "\n".join(out).rstrip("\n") + "\n"


def _md_section(section: ChallengeSection) -> list[str]:
    out = [f"## {_md(section.code)}: {_md(section.label)}", ""]
    out += [f"Faced by {len(section.cases)} case(s) in {len(section.cities)} city(ies) "
            f"({_md(', '.join(section.cities))}) and {len(section.countries)} country(ies).",
            ""]
    out += [f"- {_md(c.city)} ({_md(c.country)}): {_md(c.title)} ({_md(c.outcome)})"
            for c in section.cases] + [""]
    out += ["### Top transferable practices", ""]
    if section.practices:
        for rank, p in enumerate(section.practices, 1):
            out.append(f"{rank}. **{_md(p.label)}** (score {p.score:g}; cities: "
                       f"{_md(', '.join(p.cities))}): {_md(p.explanation)}")
    else:
        out.append("No tactic was used against this challenge in enough cities to compare.")
    out += ["", "### Centrality of tactics", ""]
    if section.centrality:
        out += ["| tactic | cities | degree | betweenness |", "|---|---|---|---|"]
        out += [f"| {_md(t.label)} | {_md(', '.join(t.cities))} | {_number(t.degree)} | "
                f"{_number(t.betweenness)} |" for t in section.centrality]
    else:
        out.append("No tactic is documented against this challenge.")
    out += ["", "### Communities of cities and tactics", ""]
    out += [f"{n}. cities: {_md(', '.join(c.cities))}; tactics: {_md(', '.join(c.tactics))}"
            for n, c in enumerate(section.communities, 1)] or ["None."]
    out += ["", "### Gaps", ""]
    if section.single_city:
        out += [f"- {_md(label)}: only {_md(city)}" for label, city in section.single_city]
    elif not section.centrality:
        out.append("- No case documents a tactic against this challenge.")
    else:
        out.append("- Every tactic used against this challenge was used in two or more cities.")
    return out + [""]


def _md_gaps(report: Report) -> list[str]:
    assert report.gaps is not None
    gaps, labels = report.gaps, report.challenge_labels
    out = ["## Gaps in the evidence", ""]
    out += ["Challenges no case faced: " + (_md(", ".join(
        f"{c} ({labels.get(c, c)})" for c in gaps.unfaced)) or "none") + ".", ""]
    out += ["Challenges faced with no documented tactic: " + (_md(", ".join(
        f"{c} ({labels.get(c, c)})" for c in gaps.undocumented)) or "none") + ".", ""]
    out += [f"Tactics used in one city only ({len(gaps.single_city)}):", ""]
    out += [f"- {_md(report.tactic_labels.get(t, t))}: only {_md(city)}"
            for t, city in gaps.single_city] or ["- none"]
    return out + [""]


def write_markdown(report: Report, path: str | Path) -> tuple[Path, ...]:
    """Write the report as UTF-8 Markdown and its heatmap as a PNG beside it, each atomically;
    the paths written, the report first."""
    target = Path(path)
    image = heatmap_name(target) if report.matrix.columns else None
    written = []
    if image is not None:
        written.append(write_atomic(target.with_name(image), plot_heatmap(report.matrix)))
    written.insert(0, write_atomic(target, render_markdown(report, image).encode("utf-8")))
    return tuple(written)
