"""The per-challenge report of a graph: its content as data, then as a document, then as files.

A report has one section per challenge that cases faced (or the one asked for): the cases,
the top transferable practices with their explanations (``analyse.rank_practices``), the
centrality of the tactics and the communities of cities and tactics (``structure``, on the
city-tactic graph of that challenge), and the tactics used in one city only. It opens with a
challenge x tactic heatmap and closes with the gaps of the whole graph.

:func:`build_report` gathers a :class:`Report`. :func:`report_blocks` says everything the report
says about it, once and in order, as a small document model: headings, paragraphs of text runs,
lists, tables, the heatmap figure and a nav. The writers of ``casegraph.views.report_writers``
only spell those blocks, side by side: HTML as one self-contained page with the heatmap inline
as a ``data:image/png`` URI, Markdown with the heatmap as a PNG file next to it
(``REPORT-heatmap.png``), since Markdown viewers, GitHub's among them, do not show images from
data URIs. :data:`FORMATS` names the formats and :func:`write_report` writes their files. Same
graph, same bytes: no time stamps, sorted orders, a seeded Louvain, and PNGs saved without the
matplotlib version and at a fixed dpi.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeAlias

from ..analysis.analyse import Practice, rank_practices
from ..errors import AnalysisError
from ..files import write_atomic
from ..analysis.graphs import GraphData, city_tactic_graph
from ..analysis.structure import (
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
    "Emphasis",
    "Run",
    "Text",
    "Heading",
    "Paragraph",
    "Item",
    "ItemList",
    "Table",
    "Figure",
    "Link",
    "Nav",
    "Section",
    "Block",
    "report_blocks",
    "render_html",
    "render_report",
    "render_markdown",
    "write_html",
    "write_markdown",
    "FORMATS",
    "write_report",
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
    #: The case's IRI, for the links the section's practices make to it.
    case: str = ""


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
                                      faced.outcome, case.iri))
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


def plot_heatmap(matrix: Matrix, *, dpi: int = HEATMAP_DPI,
                 labels: Mapping[str, str] | None = None) -> bytes:
    """The challenge x tactic heatmap as PNG bytes: codes and tactic names (``labels``: tactic
    id -> name; the ids where a name is missing) on the axes, the number of cities in each
    cell. matplotlib's Agg canvas is used directly (no pyplot, no
    global backend switch), and the PNG carries no Software entry, so the bytes depend on
    the matrix only."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    rows, columns = len(matrix.rows), len(matrix.columns)
    names = [(labels or {}).get(column, column) for column in matrix.columns]
    below = 0.065 * max((len(n) for n in names), default=0)  # the names, written upwards
    figure = Figure(figsize=(max(4.0, 1.5 + 0.22 * columns),
                             max(2.2, 1.6 + 0.32 * rows) + below), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    values = [list(row) for row in matrix.values] or [[0]]
    most = max((v for row in values for v in row), default=0)
    image = axes.imshow(values, cmap="Blues", aspect="auto", vmin=0, vmax=max(most, 1),
                        interpolation="nearest")
    axes.set_xticks(range(columns), names, rotation=90, fontsize=7)
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


# --- the report as a document --------------------------------------------------------------------

#: How a run of text is set: plain, bold, italic or as code.
Emphasis: TypeAlias = Literal["", "bold", "italic", "code"]


@dataclass(frozen=True)
class Run:
    """A stretch of text set one way. Text from the documents is kept raw: each writer escapes
    it for its own syntax."""

    text: str
    emphasis: Emphasis = ""
    #: Where the run links to in the page (a block's anchor), or "" for no link.
    link: str = ""


#: Running text: its runs, in order.
Text: TypeAlias = tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 titles the report, 2 a part of it, 3 a part of a section. ``anchor``
    is an id that links can point to (None: no id)."""

    level: int
    text: str
    anchor: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text."""

    text: Text


@dataclass(frozen=True)
class Item:
    """An entry of a list, and the note set on a line of its own under it (the explanation of
    a practice)."""

    text: Text
    note: Text = ()
    #: The entry's anchor in the page, for links to it; "" for none.
    anchor: str = ""


@dataclass(frozen=True)
class ItemList:
    """A list of entries, numbered when ``ordered``."""

    items: tuple[Item, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    """A table of plain cells under a header; the columns whose indexes are in ``numeric`` hold
    numbers, set right-aligned."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Figure:
    """The heatmap of ``matrix`` (the writer that shows it draws it with :func:`plot_heatmap`),
    with its alternative text and its caption."""

    matrix: Matrix
    alt: str
    caption: str
    #: Tactic id -> name, for the axis.
    labels: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Link:
    """A link to the block whose anchor is ``anchor``."""

    text: str
    anchor: str


@dataclass(frozen=True)
class Nav:
    """Links to the parts of the report, for a page that has no other way to jump to them: the
    HTML shows it, Markdown leaves it out (its viewers list the headings themselves)."""

    links: tuple[Link, ...]


@dataclass(frozen=True)
class Section:
    """A part of the report that links point to: a challenge's section, or the gaps."""

    anchor: str
    blocks: tuple[Block, ...]


#: What a report is made of.
Block: TypeAlias = Heading | Paragraph | ItemList | Table | Figure | Nav | Section


def _text(*parts: str | Run) -> Text:
    return tuple(Run(part) if isinstance(part, str) else part for part in parts)


def _bold(text: str) -> Run:
    return Run(text, "bold")


def _anchor(code: str) -> str:
    return "challenge-" + "".join(c if c.isalnum() or c == "-" else "-" for c in code)


def _case_anchor(code: str, case: str) -> str:
    """The anchor of a case in the list of one challenge's section."""
    tail = case.rsplit("/case/", 1)[-1]
    return _anchor(code) + "-case-" + "".join(c if c.isalnum() else "-" for c in tail)


def report_blocks(report: Report) -> tuple[Block, ...]:
    """Everything the report says, once and in order: its title, how it was made, the nav, the
    heatmap, a section per challenge and, for the whole graph, the gaps in the evidence. Every
    sentence of every format comes from here; the writers only spell the blocks."""
    links = [Link(s.code, _anchor(s.code)) for s in report.sections]
    if report.gaps is not None:
        links.append(Link("Gaps", "gaps"))
    blocks: list[Block] = [
        Heading(1, report.title),
        Paragraph(_text(
            f"{report.cases} cases from {report.cities} cities in {report.countries} countries; "
            f"{len(report.sections)} challenge section(s). For each challenge: the ",
            _bold("practices"), f" used in at least {report.min_cities} cities, best "
            "transferable first, each with the sentences of the documents that show it; the ",
            _bold("connecting tactics"), ", those that link cities which otherwise share "
            "little (the share of shortest paths between cities that run through the tactic), "
            "with the cities that used each; and ", _bold("groups"), " of cities and tactics "
            "that go together (the Louvain method, seeded with "
            f"{report.seed}, so the same cases always give the same groups). ",
            Run("casegraph patterns", "code"), " ranks practices the same way.")),
        Nav(tuple(links)),
        Heading(2, "Challenges \u00d7 tactics", "heatmap"),
    ]
    if report.matrix.columns:
        blocks.append(Figure(
            report.matrix,
            "Heatmap: the number of cities that used each tactic against each challenge",
            "Cities that used each tactic (column) against each challenge (row).",
            tuple(sorted((t, report.tactic_labels.get(t, t)) for t in report.matrix.columns))))
        legend: list[Run] = []
        for code in report.matrix.rows:
            if legend:
                legend.append(Run("; "))
            legend += [_bold(code), Run(" " + report.challenge_labels.get(code, code))]
        blocks.append(Paragraph((*legend, Run("."))))
    else:
        blocks.append(Paragraph(_text("No tactic is documented against these challenges.")))
    blocks += [_section_blocks(section) for section in report.sections]
    if report.gaps is not None:
        blocks.append(_gaps_blocks(report, report.gaps))
    return tuple(blocks)


def _section_blocks(section: ChallengeSection) -> Section:
    blocks: list[Block] = [
        Heading(2, f"{section.code}: {section.label}"),
        Paragraph(_text(
            f"Faced by {len(section.cases)} case(s) in {len(section.cities)} city(ies) "
            f"({', '.join(section.cities)}) and {len(section.countries)} country(ies).")),
        ItemList(tuple(Item(_text(f"{c.city} ({c.country}): {c.title} ",
                                  Run(f"({c.outcome})", "italic")),
                            anchor=_case_anchor(section.code, c.case) if c.case else "")
                       for c in section.cases)),
        Heading(3, "Top transferable practices"),
    ]
    if section.practices:
        blocks.append(ItemList(tuple(
            Item(_text(_bold(p.label), f" (score {p.score:g}; cities: {', '.join(p.cities)})"),
                 (*_text(p.explanation), *_evidence(section.code, p)))
            for p in section.practices), ordered=True))
    else:
        blocks.append(Paragraph(_text(
            "No tactic was used against this challenge in enough cities to compare.")))
    blocks.append(Heading(3, "Centrality of tactics"))
    if section.centrality:
        blocks.append(Table(
            ("tactic", "cities", "degree", "betweenness"),
            tuple((t.label, ", ".join(t.cities), f"{t.degree:.3f}", f"{t.betweenness:.3f}")
                  for t in section.centrality),
            numeric=frozenset({2, 3})))
    else:
        blocks.append(Paragraph(_text("No tactic is documented against this challenge.")))
    blocks.append(Heading(3, "Communities of cities and tactics"))
    if section.communities:
        blocks.append(ItemList(tuple(
            Item(_text(f"cities: {', '.join(c.cities)}; tactics: {', '.join(c.tactics)}"))
            for c in section.communities), ordered=True))
    else:
        blocks.append(Paragraph(_text("None.")))
    blocks.append(Heading(3, "Gaps"))
    if section.single_city:
        gaps = [f"{label}: only {city}" for label, city in section.single_city]
    elif not section.centrality:
        gaps = ["No case documents a tactic against this challenge."]
    else:
        gaps = ["Every tactic used against this challenge was used in two or more cities."]
    blocks.append(ItemList(tuple(Item(_text(gap)) for gap in gaps)))
    return Section(_anchor(section.code), tuple(blocks))


def _evidence(code: str, practice: Practice) -> Text:
    """The sentences behind a practice, each after a link to its case in the section."""
    runs: list[Run] = []
    for use in practice.uses:
        if not use.evidence:
            continue
        runs.append(Run(" Evidence, " if not runs else "; "))
        runs.append(Run(f"{use.city} ({use.outcome})", link=_case_anchor(code, use.case)))
        runs.append(Run(": \u201c" + " ".join(use.evidence.split()) + "\u201d"))
    return tuple(runs + [Run(".")] if runs else runs)


def _gaps_blocks(report: Report, gaps: Gaps) -> Section:
    labels = report.challenge_labels

    def named(codes: tuple[str, ...]) -> str:
        return ", ".join(f"{c} ({labels.get(c, c)})" for c in codes) or "none"

    single = [f"{report.tactic_labels.get(t, t)}: only {city}" for t, city in gaps.single_city]
    return Section("gaps", (
        Heading(2, "Gaps in the evidence"),
        Paragraph(_text(f"Challenges no case faced: {named(gaps.unfaced)}.")),
        Paragraph(_text(f"Challenges faced with no documented tactic: "
                        f"{named(gaps.undocumented)}.")),
        Heading(3, f"Tactics used in one city only ({len(gaps.single_city)})"),
        ItemList(tuple(Item(_text(line)) for line in single or ["none"])),
    ))


# --- the formats ---------------------------------------------------------------------------------


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page: inline CSS, the heatmap inline as a
    ``data:image/png`` URI, no script and no reference to anything outside the file; every
    string from the documents escaped."""
    from .report_writers import html_page

    return html_page(report.title, report_blocks(report))


#: The report's HTML page: :func:`render_html`.
render_report = render_html


def render_markdown(report: Report, image: str | None) -> str:
    """The report as Markdown; ``image`` is the file name of the heatmap's PNG, which the
    report links to (None: no heatmap)."""
    from .report_writers import markdown_page

    return markdown_page(report_blocks(report), image)


def write_html(report: Report, path: str | Path) -> tuple[Path, ...]:
    """Write the report's HTML page as UTF-8, whatever the locale, atomically; the path
    written."""
    return (write_atomic(path, render_html(report).encode("utf-8")),)


def write_markdown(report: Report, path: str | Path) -> tuple[Path, ...]:
    """Write the report as UTF-8 Markdown and its heatmap as a PNG beside it (when the matrix
    has tactics), each atomically; the paths written, the report first."""
    target = Path(path)
    image = heatmap_name(target) if report.matrix.columns else None
    written = []
    if image is not None:
        written.append(write_atomic(target.with_name(image), plot_heatmap(
            report.matrix, labels=report.tactic_labels)))
    written.insert(0, write_atomic(target, render_markdown(report, image).encode("utf-8")))
    return tuple(written)


#: The formats a report is written in, by the name ``--format`` takes: each writes a report to
#: a path and gives back the paths it wrote, the report first.
FORMATS: dict[str, Callable[[Report, str | Path], tuple[Path, ...]]] = {
    "html": write_html,
    "md": write_markdown,
}


def write_report(report: Report, path: str | Path, fmt: str = "html") -> tuple[Path, ...]:
    """Write the report to ``path`` in the format ``fmt``, a key of :data:`FORMATS`, each file
    atomically; the paths written, the report first."""
    writer = FORMATS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown report format {fmt!r}; the formats are: {', '.join(FORMATS)}")
    return writer(report, path)
