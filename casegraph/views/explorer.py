"""The offline explorer page of a graph view: one self-contained HTML file with vis-network, the
page's script and the view's data inline. (The report's HTML is written by
``casegraph.views.report_writers``.)"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import write_atomic
from ..vocab import slug
from ..analysis.graphs import (
    NODE_TYPES,
    GraphData,
    View,
    aggregate_graph,
    challenge_tactic_graph,
    full_graph,
    full_graph_order,
    is_english,
    node_id,
    short_label,
    view_cases,
)

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "DEFAULT_MAX_NODES",
    "LAYOUT_SEED",
    "NODE_STYLES",
    "Page",
    "render_page",
    "write_page",
    "page_name",
    "script_json",
    "vis_network_files",
]

#: Above this many nodes the full view folds cases and lessons into their cities: vis-network
#: stays responsive, and the page says so.
DEFAULT_MAX_NODES = 1500

#: The seed of the layout computed in Python: the same graph, the same picture, the same bytes.
LAYOUT_SEED = 7

#: Colour, vis-network shape and legend symbol of each node type.
NODE_STYLES: dict[str, tuple[str, str, str]] = {
    "case": ("#4e79a7", "dot", "●"),
    "city": ("#f28e2b", "diamond", "◆"),
    "country": ("#76b7b2", "triangle", "▲"),
    "network": ("#59a14f", "hexagon", "⬢"),
    "challenge": ("#e15759", "star", "★"),
    "tactic": ("#d4a017", "square", "■"),
    "lesson": ("#b07aa1", "triangleDown", "▼"),
}
_SIZES = {"case": 10, "city": 14, "country": 14, "network": 16, "challenge": 22, "tactic": 12,
          "lesson": 6}

_FACETS = (("type", "Type"), ("challenge", "Challenge"), ("country", "Country"),
           ("network", "Network"), ("outcome", "Outcome"))


@dataclass(frozen=True)
class Page:
    """A rendered page and what it shows."""

    html: str
    nodes: int
    edges: int
    aggregated: bool
    title: str


# --- the graph of a view, laid out -------------------------------------------------------------------


def _view_graph(data: GraphData, view: View, max_nodes: int) -> tuple[nx.Graph, str]:
    """The graph a view shows, and a notice for the page ("" when there is nothing to say)."""
    if view.kind == "challenges":
        return challenge_tactic_graph(data), ("Challenges and the tactics used against them; "
                                              "an edge is wider the more cities used the "
                                              "tactic against the challenge.")
    if view.kind in ("city", "challenge"):
        return full_graph(data, view_cases(data, view)), ""
    order = full_graph_order(data)
    if max_nodes and order > max_nodes:
        folded = aggregate_graph(data)
        lessons = sum(len(c.lessons) for c in data.cases)
        return folded, (
            f"This graph has {order:,} nodes, more than {max_nodes:,}: its "
            f"{len(data.cases):,} cases and {lessons:,} lessons are folded into their cities "
            "(edge width: number of cases). Click a city to read its cases, or write a "
            "smaller view: casegraph viz --view city:NAME or --view challenge:CODE.")
    return full_graph(data), ""


#: Above this many nodes cases and lessons are placed around their city and case instead of
#: joining the force layout, whose cost grows with the square of the nodes.
_SPRING_LIMIT = 1000


def _layout(graph: nx.Graph, seed: int) -> dict[str, tuple[int, int]]:
    """Positions from a seeded force layout, on a copy built in sorted order so that the
    result depends on the graph only, not on the order it was read in. Large graphs lay out
    their skeleton (cities, countries, networks, challenges, tactics) that way, and put each
    case on a ring around its city and each lesson around its case."""
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return {}
    satellites: dict[str, str] = {}
    if graph.number_of_nodes() > _SPRING_LIMIT:
        satellites = _anchors(graph)
    weights: dict[tuple[str, str], float] = {}
    for u, v, attrs in graph.edges(data=True):
        weight = float(attrs.get("weight", 1))
        if u in satellites or v in satellites:
            continue
        pair = (min(u, v), max(u, v))
        weights[pair] = weights.get(pair, 0.0) + weight
    for case, city in satellites.items():  # a case pulls its city to what the case links to
        if graph.nodes[case]["type"] != "case":
            continue
        for other in sorted(set(graph.successors(case)) if graph.is_directed()
                            else set(graph.neighbors(case))):
            if other != city and other not in satellites:
                pair = (min(city, other), max(city, other))
                weights[pair] = weights.get(pair, 0.0) + 1.0
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(n for n in graph.nodes if n not in satellites))
    ordered.add_weighted_edges_from((u, v, w) for (u, v), w in sorted(weights.items()))
    count = graph.number_of_nodes()
    core = ordered.number_of_nodes()
    raw = nx.spring_layout(ordered, k=2.5 / math.sqrt(core), seed=seed, iterations=100)
    scale = 200 + 70 * math.sqrt(count)
    positions = {key: (float(x) * scale, float(y) * scale) for key, (x, y) in raw.items()}
    _place_satellites(graph, satellites, positions)
    return {key: (round(x), round(y)) for key, (x, y) in positions.items()}


def _anchors(graph: nx.Graph) -> dict[str, str]:
    """Case -> its city (or first linked node), lesson -> its case: the nodes placed around
    another rather than by the force layout."""
    anchors: dict[str, str] = {}
    for key, attrs in graph.nodes(data=True):
        if attrs["type"] != "case":
            continue
        linked = sorted(graph.successors(key))
        cities = [n for n in linked if graph.nodes[n]["type"] == "city"]
        others = [n for n in linked if graph.nodes[n]["type"] not in ("case", "lesson")]
        if cities or others:
            anchors[key] = (cities or others)[0]
        for lesson in linked:
            if graph.nodes[lesson]["type"] == "lesson":
                anchors[lesson] = key
    return anchors


def _place_satellites(graph: nx.Graph, anchors: dict[str, str],
                      positions: dict[str, tuple[float, float]]) -> None:
    around: dict[str, list[str]] = {}
    for node, anchor in sorted(anchors.items()):
        around.setdefault(anchor, []).append(node)
    pending = [a for a in around if a in positions]
    while pending:  # cases first (their anchors are placed), then the lessons around them
        anchor = pending.pop(0)
        x, y = positions[anchor]
        members = around[anchor]
        radius = 40 + 6 * len(members)
        start = (sum(ord(c) for c in anchor) % 360) * math.pi / 180  # not all rings alike
        for index, node in enumerate(members):
            angle = start + 2 * math.pi * index / len(members)
            positions[node] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
            if node in around:
                pending.append(node)


def _rings(graph: nx.Graph) -> dict[str, tuple[int, int]]:
    """The patterns view: challenges on an inner ring, tactics on an outer ring, each tactic
    placed near the challenges it was used against (the mean of their angles), so that what
    many cities did against one challenge gathers in front of it."""
    challenges = sorted(n for n, a in graph.nodes(data=True) if a["type"] == "challenge")
    tactics = [n for n, a in graph.nodes(data=True) if a["type"] == "tactic"]
    angle = {c: 2 * math.pi * i / max(len(challenges), 1) for i, c in enumerate(challenges)}

    def mean_angle(tactic: str) -> float:
        x = sum(math.cos(angle[c]) * graph.edges[tactic, c].get("weight", 1)
                for c in graph.neighbors(tactic))
        y = sum(math.sin(angle[c]) * graph.edges[tactic, c].get("weight", 1)
                for c in graph.neighbors(tactic))
        return math.atan2(y, x) % (2 * math.pi)

    inner = 100 + 15 * len(challenges)
    outer = inner + 120 + 5 * len(tactics)
    positions = {c: (round(inner * math.cos(a)), round(inner * math.sin(a)))
                 for c, a in angle.items()}
    ordered = sorted(tactics, key=lambda t: (round(mean_angle(t), 9), t))
    for index, tactic in enumerate(ordered):
        a = 2 * math.pi * index / max(len(ordered), 1)
        positions[tactic] = (round(outer * math.cos(a)), round(outer * math.sin(a)))
    return positions


# --- the data the page reads ---------------------------------------------------------------------------


def _case_entry(data: GraphData, index: int, node: str | None) -> dict[str, Any]:
    case = data.cases[index]
    return {
        "node": node,
        "title": case.title,
        "city": case.city_name,
        "country": case.country_name,
        "network": case.network_name,
        "source": case.source,
        "summary": case.summary,
        "language": case.language,
        "challenges": [{"code": c.code, "label": c.label, "asWritten": c.as_written,
                        "outcome": c.outcome, "howOvercome": c.how_overcome}
                       for c in case.challenges],
        "tactics": [{"id": t.tactic, "label": t.label, "challenge": t.challenge or "",
                     "evidence": t.evidence, "section": t.section} for t in case.tactics],
        "lessons": [{"position": lesson.position, "text": lesson.text} for lesson in case.lessons],
        "links": list(case.links),
        "facets": {
            "challenge": sorted({c.code for c in case.challenges if c.code}),
            "country": [case.country_name] if case.country_name else [],
            "network": [case.network_name] if case.network_name else [],
            "outcome": list(case.outcomes),
        },
    }


def _payload(data: GraphData, view: View, graph: nx.Graph, notice: str, seed: int,
             aggregated: bool) -> dict[str, Any]:
    from pyvis.network import Network

    patterns = view.kind == "challenges"
    positions = _rings(graph) if patterns else _layout(graph, seed)
    used = sorted({i for _, attrs in graph.nodes(data=True) for i in attrs["cases"]})
    renumber = {old: new for new, old in enumerate(used)}
    case_nodes = {i: key for key, attrs in graph.nodes(data=True) if attrs["type"] == "case"
                  for i in attrs["cases"]}

    net = Network(directed=True)
    info: dict[str, dict[str, Any]] = {}
    for key in sorted(graph.nodes):
        attrs = graph.nodes[key]
        kind = attrs["type"]
        colour, shape, _ = NODE_STYLES[kind]
        x, y = positions[key]
        size = _SIZES[kind]
        if patterns or aggregated:
            size = round(size * (1 + math.log10(1 + len(attrs["cases"]))))
        drawn = short_label(kind, attrs["label"])
        if kind == "challenge":  # the code is how programme leads name a challenge
            drawn = short_label(kind, key.partition("/")[2] + " " + attrs["label"])
        net.add_node(key, label=drawn, shape=shape, color=colour, x=x, y=y,
                     size=size, title=f"{attrs['label']} ({kind})")
        info[key] = {"t": kind, "l": attrs["label"],
                     "c": sorted(renumber[i] for i in attrs["cases"])}
        other = [n for n in data.other_names.get(attrs["iri"], ()) if n != attrs["label"]]
        if other:  # the search finds a place by the names documents wrote it in
            info[key]["a"] = other
    edge_cases: dict[str, list[int]] = {}
    for number, (source, target) in enumerate(_edges(graph)):
        attrs = graph.edges[source, target]
        edge = f"e{number}"
        drawing: dict[str, Any] = {"id": edge, "label": attrs["label"]}
        if "weight" in attrs and (patterns or aggregated):
            drawing["value"] = attrs["weight"]
            drawing["title"] = (f"{attrs['label']}: {attrs['cities']}" if "cities" in attrs
                                else f"{attrs['label']} ({attrs['weight']} cases)")
        else:
            drawing["title"] = attrs["label"]
        if patterns:
            drawing["arrows"] = {"to": {"enabled": False}}
        net.add_edge(source, target, **drawing)
        edge_cases[edge] = sorted(renumber[i] for i in attrs["cases"])
    options = _vis_options(graph.number_of_nodes(), seed)
    net.options = options
    nodes, edges, _, _, _, _ = net.get_network_data()

    cases = [_case_entry(data, old, case_nodes.get(old)) for old in used]
    return {
        "title": view.title,
        "view": view.kind,
        "notice": notice,
        "aggregated": aggregated,
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "info": info,
        "edgeCases": edge_cases,
        "cases": cases,
        "facets": _facets(graph, cases),
        "types": {kind: {"color": NODE_STYLES[kind][0], "symbol": NODE_STYLES[kind][2]}
                  for kind in NODE_TYPES},
        "typeOrder": list(NODE_TYPES),
        "challengeLabels": dict(sorted(data.challenge_labels.items())),
        "translations": _translations(data, used),
        "tacticFamilies": dict(sorted(data.tactic_families.items())),
        "places": _places(data, graph, renumber),
    }


def _translations(data: GraphData, used: list[int]) -> dict[str, dict[str, str]]:
    """The labels of the challenges and tactics of the view's cases in their cases' languages,
    by language and node id, for the case panels and the comparison; English is left out (it is
    each concept's label), and so is what the vocabulary has no label in the language for. A
    case in ``fr-BE`` takes the ``fr`` label where there is no ``fr-be`` one."""
    found: dict[str, dict[str, str]] = {}
    for index in used:
        case = data.cases[index]
        language = case.language.lower()
        if is_english(language):
            continue
        keys = ["challenge/" + c.code for c in case.challenges if c.code]
        keys += ["tactic/" + t.tactic for t in case.tactics]
        for key in keys:
            labels = data.translations.get(key, {})
            label = labels.get(language) or labels.get(language.partition("-")[0])
            if label:
                found.setdefault(case.language, {})[key] = label
    return {language: dict(sorted(labels.items())) for language, labels in sorted(found.items())}


def _places(data: GraphData, graph: nx.Graph, renumber: dict[int, int]) -> list[dict[str, Any]]:
    """The cities of the view the gazetteer placed: node id, name, latitude, longitude and the
    view's numbers of their cases, for the map."""
    found: dict[str, dict[str, Any]] = {}
    for index, case in enumerate(data.cases):
        if not case.city or case.latitude is None or case.longitude is None \
                or index not in renumber:
            continue
        key = node_id(case.city)
        if key not in graph:
            continue
        place = found.setdefault(key, {"id": key, "l": case.city_name, "lat": case.latitude,
                                       "lon": case.longitude, "c": []})
        place["c"].append(renumber[index])
    return [found[key] for key in sorted(found)]


def _edges(graph: nx.Graph) -> list[tuple[str, str]]:
    """The edges in a stable order; an undirected edge runs from the type earlier in
    NODE_TYPES (challenge -> tactic)."""
    if graph.is_directed():
        return sorted(graph.edges)
    rank = {kind: index for index, kind in enumerate(NODE_TYPES)}

    def oriented(u: str, v: str) -> tuple[str, str]:
        return (u, v) if (rank[graph.nodes[u]["type"]], u) <= (rank[graph.nodes[v]["type"]], v) \
            else (v, u)

    return sorted(oriented(u, v) for u, v in graph.edges)


def _facets(graph: nx.Graph, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts: dict[str, Counter[str]] = {key: Counter() for key, _ in _FACETS}
    counts["type"].update(attrs["type"] for _, attrs in graph.nodes(data=True))
    for case in cases:
        for key, values in case["facets"].items():
            counts[key].update(values)
    facets = []
    for key, title in _FACETS:
        order = (list(NODE_TYPES) if key == "type" else sorted(counts[key], key=_natural))
        values = [{"value": v, "count": counts[key][v]} for v in order if counts[key][v]]
        if values:
            facets.append({"key": key, "title": title, "values": values})
    return facets


def _natural(text: str) -> tuple[Any, ...]:
    import re

    return tuple(int(part) if part.isdigit() else part.lower()
                 for part in re.split(r"(\d+)", text))


def _vis_options(nodes: int, seed: int) -> dict[str, Any]:
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": seed},
        "physics": {"enabled": False, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -3000, "springLength": 120,
                                  "damping": 0.4, "avoidOverlap": 0.1},
                    "stabilization": {"enabled": False}},
        "interaction": {"hover": nodes <= 2000, "tooltipDelay": 200,
                        "hideEdgesOnDrag": nodes > 1000, "hideEdgesOnZoom": nodes > 1000,
                        "keyboard": {"enabled": True, "bindToWindow": False},
                        "multiselect": False},
        "nodes": {"borderWidth": 1, "font": {"size": 12, "color": "#222222",
                                             "face": "system-ui, sans-serif"}},
        "edges": {"smooth": False, "width": 1,
                  "color": {"color": "#b8b8b8", "highlight": "#333333", "hover": "#666666"},
                  "font": {"size": 9, "color": "#555555", "strokeWidth": 2,
                           "align": "middle"},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
                  # Edge labels appear once zoomed in far enough to read them.
                  "scaling": {"min": 1, "max": 12,
                              "label": {"enabled": True, "min": 9, "max": 9,
                                        "drawThreshold": 7}}},
    }


# --- the page ------------------------------------------------------------------------------------------


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script type="application/json">`` element: no ``<``,
    ``>`` or ``&`` can end the element or open a comment, line separators are escaped, and
    ``/`` is written ``\\/`` so that no ``http://`` appears in the page as text."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("/", "\\/")):
        text = text.replace(char, escaped)
    return text


@lru_cache(maxsize=1)
def vis_network_files() -> tuple[str, str]:
    """vis-network's JavaScript (with its licence comment) and CSS, from pyvis's bundled copy."""
    import pyvis

    folder = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    style = (folder / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in script.lower() or "</style" in style.lower():  # pragma: no cover
        raise RuntimeError("vis-network cannot be inlined: it contains a closing tag")
    return script, style


@lru_cache(maxsize=1)
def _world() -> str:
    """The country outlines of the map (world-atlas, Natural Earth 1:110m), as script JSON."""
    return script_json(json.loads(_asset("countries-110m.json")))


def _asset(name: str) -> str:
    return resources.files("casegraph").joinpath("templates", name).read_text("utf-8")


def render_page(data: GraphData, view: View, *, max_nodes: int = DEFAULT_MAX_NODES,
                seed: int = LAYOUT_SEED) -> Page:
    """The explorer page of a view: vis-network, the page's script and the data, all inline.
    ``max_nodes`` 0 never folds the full view."""
    graph, notice = _view_graph(data, view, max_nodes)
    aggregated = view.kind == "full" and bool(notice)
    payload = _payload(data, view, graph, notice, seed, aggregated)
    script, style = vis_network_files()
    html = (_asset("explorer.html")
            .replace("/*@VIS_CSS@*/", "/* vis-network 9.1.2 (Apache-2.0 or MIT), "
                                      "see the licence notice of its script below */\n" + style)
            .replace("/*@APP_CSS@*/", _asset("explorer.css"))
            .replace("/*@VIS_JS@*/", script)
            .replace("/*@MAP_JS@*/", _asset("map.min.js") if payload["places"] else "")
            .replace("/*@APP_JS@*/", _asset("explorer.js"))
            .replace("@WORLD@", _world() if payload["places"] else "null")
            .replace("@DATA@", script_json(payload)))
    return Page(html, graph.number_of_nodes(), graph.number_of_edges(), aggregated, view.title)


def page_name(view: View, written: str) -> str:
    """The file name a view's page goes to by default: casegraph.html for the full view,
    casegraph-city-nantes.html for ``city:Nantes`` as the user wrote it."""
    if view.kind == "full":
        return "casegraph.html"
    kind, _, value = written.partition(":")
    return f"casegraph-{slug(f'{kind} {value}')}.html"


def write_page(page: Page, path: str | Path) -> Path:
    """Write the page as UTF-8, whatever the locale, atomically."""
    return write_atomic(path, page.html.encode("utf-8"))

