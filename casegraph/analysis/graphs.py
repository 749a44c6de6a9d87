"""The only bridge from RDF to networkx: the case graph read with SPARQL, and its projections."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import AmbiguousNameError, QueryParameterError
from ..query.queries import resolve
from ..query.sparql import Backend, Term, load_query
from ..vocab import BASE, CG, CHALLENGE_BASE, ID, TACTIC_BASE

if TYPE_CHECKING:  # networkx is imported where a graph is built: `casegraph --help` stays fast
    import networkx as nx

__all__ = [
    "NODE_TYPES",
    "EDGE_LABELS",
    "OUTCOMES",
    "TacticUse",
    "ChallengeFaced",
    "LessonText",
    "Case",
    "GraphData",
    "is_english",
    "read_graph_data",
    "node_id",
    "short_label",
    "full_graph",
    "full_graph_order",
    "challenge_tactic_graph",
    "aggregate_graph",
    "resolve_view",
    "View",
    "VIEW_HELP",
    "view_cases",
]

#: The node types of the case graph, in the order legends list them.
NODE_TYPES = ("case", "city", "country", "network", "challenge", "tactic", "lesson")

#: The label of each edge kind, as shown on the edge.
EDGE_LABELS = {
    "located": "in city",
    "country": "in country",
    "network": "network",
    "faced": "faced",
    "used": "used tactic",
    "lesson": "lesson",
    "mentions": "mentions",
    "against": "used against",
}

#: cg: outcome individuals -> the words the views use; "unknown" where a case says nothing.
OUTCOMES = {
    str(CG.completelySolved): "completely solved",
    str(CG.partlySolved): "partly solved",
    str(CG.notSolved): "not solved",
}
UNKNOWN_OUTCOME = "unknown"


@dataclass(frozen=True)
class TacticUse:
    """A tactic one case used, with the sentence that shows it."""

    tactic: str
    label: str
    challenge: str | None
    evidence: str
    section: str
    confidence: float


@dataclass(frozen=True)
class ChallengeFaced:
    """One challenge a case faced (code "" when uncoded)."""

    code: str
    label: str
    as_written: str
    outcome: str
    how_overcome: str


@dataclass(frozen=True)
class LessonText:
    """A lesson of a case, and the challenge codes and tactic ids its text mentions."""

    iri: str
    position: int
    text: str
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    """What the views show of one case example."""

    iri: str
    title: str
    city: str
    city_name: str
    country: str
    country_code: str
    country_name: str
    network: str
    network_name: str
    source: str
    summary: str
    challenges: tuple[ChallengeFaced, ...] = ()
    tactics: tuple[TacticUse, ...] = ()
    lessons: tuple[LessonText, ...] = ()
    links: tuple[str, ...] = ()
    #: The WGS84 position of the case's city, where the gazetteer knew it.
    latitude: float | None = None
    longitude: float | None = None
    #: The BCP 47 tag of the language the case is written in.
    language: str = "en"

    @property
    def outcomes(self) -> tuple[str, ...]:
        return tuple(sorted({c.outcome for c in self.challenges})) or (UNKNOWN_OUTCOME,)


@dataclass(frozen=True)
class GraphData:
    """The cases of a graph, sorted by IRI, and the labels of the concepts they use."""

    cases: tuple[Case, ...]
    challenge_labels: Mapping[str, str] = field(default_factory=dict)
    tactic_labels: Mapping[str, str] = field(default_factory=dict)
    tactic_families: Mapping[str, str] = field(default_factory=dict)
    other_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: The vocabulary's preferred labels in languages other than English, by node id and
    #: language tag (lower case): ``{"tactic/co-design": {"fr": "Co-conception"}}``.
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def _text(term: object) -> str:
    return "" if term is None else str(term)


def _number(value: object) -> float | None:
    try:
        return None if value is None else float(str(value))
    except ValueError:
        return None


def _local(iri: str, base: str) -> str:
    return iri[len(base):] if iri.startswith(base) else iri




def is_english(tag: str) -> bool:
    """Whether a label or a case with this language tag (lower case) is English, or has no
    language."""
    return tag == "" or tag.partition("-")[0] == "en"


def _rows(backend: Backend, name: str) -> list[dict[str, Any]]:
    """The rows of one of the views' queries: from the build's analysis table when the graph
    it is read from has one (see :meth:`~casegraph.query.source.Graph.prepared`), else asked
    of the store."""
    prepared = getattr(backend, "prepared", None)
    found = prepared(name) if prepared is not None else None
    return found if found is not None else backend.values(load_query(name))


def read_graph_data(backend: Backend) -> GraphData:
    """Everything the views and exports show, read from any backend with SPARQL (or from the
    analysis table the build wrote, which holds the same rows)."""
    labels: dict[str, dict[str, str]] = {"challenge": {}, "tactic": {}}
    families: dict[str, set[str]] = defaultdict(set)
    # (scheme, notation) -> language tag -> its labels; the least of several is taken, so that
    # rows in any order give the same answer.
    found: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in backend.values(load_query("viz-concepts")):
        scheme, notation, label = _text(row["scheme"]), _text(row["notation"]), _text(row["label"])
        labels[scheme].setdefault(notation, notation)
        if label:
            found[scheme, notation][_text(row["labelLanguage"]).lower()].add(label)
        if scheme == "tactic" and row["familyLabel"] is not None:
            families[notation].add(_text(row["familyLabel"]))
    translations: dict[str, dict[str, str]] = {}
    for (scheme, notation), by_language in sorted(found.items()):
        english = [t for tag, texts in by_language.items() if is_english(tag) for t in texts]
        # The node's label is English; a concept labelled in other languages only takes one.
        labels[scheme][notation] = min(english or [t for v in by_language.values() for t in v])
        other = {tag: min(texts) for tag, texts in sorted(by_language.items())
                 if not is_english(tag)}
        if other:
            translations[f"{scheme}/{notation}"] = other
    challenge_labels, tactic_labels = labels["challenge"], labels["tactic"]
    tactic_families = {notation: min(families[notation], default="") for notation in tactic_labels}

    faced: dict[str, list[ChallengeFaced]] = defaultdict(list)
    for row in _rows(backend, "viz-challenges"):
        concept = _text(row["challenge"])
        code = _local(concept, CHALLENGE_BASE) if concept else ""
        faced[_text(row["case"])].append(ChallengeFaced(
            code, challenge_labels.get(code, code or "uncoded challenge"),
            _text(row["asWritten"]), OUTCOMES.get(_text(row["outcome"]), UNKNOWN_OUTCOME),
            _text(row["howOvercome"])))

    used: dict[str, set[TacticUse]] = defaultdict(set)
    for row in _rows(backend, "viz-tactics"):
        tactic = _local(_text(row["tactic"]), TACTIC_BASE)
        concept = _text(row["challenge"])
        confidence = row["confidence"]
        used[_text(row["case"])].add(TacticUse(
            tactic, tactic_labels.get(tactic, tactic),
            _local(concept, CHALLENGE_BASE) if concept else None,
            _text(row["evidence"]), _text(row["section"]),
            float(str(confidence)) if confidence is not None else 0.0))

    lesson_rows: dict[str, dict[str, tuple[int, str, set[str]]]] = defaultdict(dict)
    for row in _rows(backend, "viz-lessons"):
        case, lesson = _text(row["case"]), _text(row["lesson"])
        position = int(str(row["position"])) if row["position"] is not None else 0
        entry = lesson_rows[case].setdefault(lesson, (position, _text(row["text"]), set()))
        subject = _text(row["subject"])
        if subject.startswith(CHALLENGE_BASE):
            entry[2].add("challenge/" + _local(subject, CHALLENGE_BASE))
        elif subject.startswith(TACTIC_BASE):
            entry[2].add("tactic/" + _local(subject, TACTIC_BASE))

    links: dict[str, set[str]] = defaultdict(set)
    for row in _rows(backend, "viz-links"):
        links[_text(row["case"])].add(_text(row["link"]))

    names: dict[str, set[str]] = defaultdict(set)
    for row in _rows(backend, "viz-names"):
        names[_text(row["place"])].add(_text(row["name"]))

    cases = []
    for row in _rows(backend, "viz-cases"):
        iri = _text(row["case"])
        lessons = tuple(sorted(
            (LessonText(lesson, position, text, tuple(sorted(mentions)))
             for lesson, (position, text, mentions) in lesson_rows[iri].items()),
            key=lambda item: (item.position, item.iri)))
        cases.append(Case(
            iri=iri, title=_text(row["title"]) or _local(iri, BASE),
            city=_text(row["city"]), city_name=_text(row["cityName"]),
            country=_text(row["country"]), country_code=_text(row["countryCode"]),
            country_name=_text(row["countryName"]) or _text(row["countryCode"]),
            network=_text(row["network"]), network_name=_text(row["networkName"]),
            source=_text(row["sourceName"]), summary=_text(row["summary"]),
            challenges=tuple(sorted(faced[iri], key=lambda c: (c.code, c.as_written))),
            tactics=tuple(sorted(used[iri], key=lambda t: (t.tactic, t.challenge or "",
                                                          t.evidence))),
            lessons=lessons, links=tuple(sorted(links[iri])),
            latitude=_number(row.get("latitude")), longitude=_number(row.get("longitude")),
            language=_text(row.get("language")) or "en"))
    return GraphData(tuple(sorted(cases, key=lambda c: c.iri)), challenge_labels,
                     tactic_labels, tactic_families,
                     {place: tuple(sorted(n)) for place, n in sorted(names.items())},
                     dict(sorted(translations.items())))


# --- the networkx graphs ---------------------------------------------------------------------------


def node_id(iri: str) -> str:
    """A short, stable node id from an IRI: ``city/fr/nantes``, ``challenge/IC4``."""
    for base in (str(ID), BASE):
        if iri.startswith(base):
            return iri[len(base):]
    return iri


def _add_node(graph: nx.DiGraph, key: str, kind: str, label: str, iri: str,
              case: int) -> None:
    if key not in graph:
        graph.add_node(key, type=kind, label=label, iri=iri, cases=set())
    graph.nodes[key]["cases"].add(case)


def _add_edge(graph: nx.DiGraph, source: str, target: str, kind: str, case: int) -> None:
    if not graph.has_edge(source, target):
        graph.add_edge(source, target, kind=kind, label=EDGE_LABELS[kind], cases=set())
    graph.edges[source, target]["cases"].add(case)


def full_graph(data: GraphData, cases: Iterable[int] | None = None) -> nx.DiGraph:
    """The typed graph: a node per case, city, country, network, challenge, tactic and lesson,
    with labelled edges. Every node and edge has ``cases``: the indexes (into ``data.cases``)
    of the cases it comes from, which the views filter on. ``cases`` picks some cases only."""
    import networkx as nx

    graph = nx.DiGraph()
    chosen = range(len(data.cases)) if cases is None else sorted(set(cases))
    for index in chosen:
        case = data.cases[index]
        me = node_id(case.iri)
        _add_node(graph, me, "case", case.title, case.iri, index)
        _add_context(graph, case, index)
        if case.city:
            city = node_id(case.city)
            _add_edge(graph, me, city, "located", index)
            if case.country:
                _add_edge(graph, city, node_id(case.country), "country", index)
        if case.network:
            _add_edge(graph, me, node_id(case.network), "network", index)
        for faced in case.challenges:
            if faced.code:
                _add_edge(graph, me, "challenge/" + faced.code, "faced", index)
        for use in case.tactics:
            _add_edge(graph, me, "tactic/" + use.tactic, "used", index)
        for lesson in case.lessons:
            key = node_id(lesson.iri)
            _add_node(graph, key, "lesson", _lesson_label(case, lesson), lesson.iri, index)
            _add_edge(graph, me, key, "lesson", index)
            for mention in lesson.mentions:
                if mention in graph:
                    _add_edge(graph, key, mention, "mentions", index)
    return graph


def _add_context(graph: nx.DiGraph, case: Case, index: int) -> None:
    """The nodes a case links to, other than its lessons: its city, country, network,
    challenges and tactics."""
    if case.city:
        city = node_id(case.city)
        _add_node(graph, city, "city", case.city_name or city, case.city, index)
        if case.country:
            _add_node(graph, node_id(case.country), "country", case.country_name, case.country,
                      index)
    if case.network:
        network = node_id(case.network)
        _add_node(graph, network, "network", case.network_name or network, case.network, index)
    for faced in case.challenges:
        if faced.code:
            _add_node(graph, "challenge/" + faced.code, "challenge", faced.label,
                      CHALLENGE_BASE + faced.code, index)
    for use in case.tactics:
        _add_node(graph, "tactic/" + use.tactic, "tactic", use.label, TACTIC_BASE + use.tactic,
                  index)


def full_graph_order(data: GraphData) -> int:
    """The number of nodes :func:`full_graph` would have, counted without building it."""
    nodes: set[str] = set()
    for case in data.cases:
        nodes.add(node_id(case.iri))
        if case.city:
            nodes.add(node_id(case.city))
            if case.country:
                nodes.add(node_id(case.country))
        if case.network:
            nodes.add(node_id(case.network))
        nodes.update("challenge/" + faced.code for faced in case.challenges if faced.code)
        nodes.update("tactic/" + use.tactic for use in case.tactics)
        nodes.update(node_id(lesson.iri) for lesson in case.lessons)
    return len(nodes)


def _lesson_label(case: Case, lesson: LessonText) -> str:
    words = lesson.text.split()
    short = " ".join(words[:8]) + (" …" if len(words) > 8 else "")
    return f"Lesson {lesson.position}: {short}" if short else f"Lesson {lesson.position}"


def short_label(kind: str, label: str) -> str:
    """The label drawn on the node: lessons show their number only (the text is in the panel
    and the tooltip), others their first 40 characters."""
    if kind == "lesson":
        return label.partition(":")[0]
    text = " ".join(label.split())
    return text if len(text) <= 40 else text[:39].rstrip() + "…"


def aggregate_graph(data: GraphData) -> nx.DiGraph:
    """The full graph for large corpora: cases and lessons folded into their cities, so a
    city links to the challenges it faced and the tactics it used, with ``weight`` = cases."""
    import networkx as nx

    graph = nx.DiGraph()
    for index, case in enumerate(data.cases):
        _add_context(graph, case, index)
    for index, case in enumerate(data.cases):
        if not case.city:
            continue
        city = node_id(case.city)
        targets = [(node_id(case.network), "network")] if case.network else []
        targets += [("challenge/" + c.code, "faced") for c in case.challenges if c.code]
        targets += [("tactic/" + t.tactic, "used") for t in case.tactics]
        for target, kind in targets:
            _add_edge(graph, city, target, kind, index)
        if case.country:
            _add_edge(graph, city, node_id(case.country), "country", index)
    for _, _, attrs in graph.edges(data=True):
        attrs["weight"] = len(attrs["cases"])
    return graph


def challenge_tactic_graph(data: GraphData) -> nx.Graph:
    """The patterns projection: challenges x tactics, an edge where a tactic was used against a
    challenge, ``weight`` = the number of cities where it was, and ``cities`` their names."""
    import networkx as nx

    graph = nx.Graph()
    pairs: dict[tuple[str, str], tuple[set[int], set[str]]] = {}
    for index, case in enumerate(data.cases):
        for use in case.tactics:
            if use.challenge is None:
                continue
            cases, cities = pairs.setdefault((use.challenge, use.tactic), (set(), set()))
            cases.add(index)
            cities.add(case.city or case.iri)
    for (code, tactic), (cases, cities) in sorted(pairs.items()):
        challenge_key, tactic_key = "challenge/" + code, "tactic/" + tactic
        for key, kind, label, iri in (
                (challenge_key, "challenge", data.challenge_labels.get(code, code),
                 CHALLENGE_BASE + code),
                (tactic_key, "tactic", data.tactic_labels.get(tactic, tactic),
                 TACTIC_BASE + tactic)):
            if key not in graph:
                graph.add_node(key, type=kind, label=label, iri=iri, cases=set())
            graph.nodes[key]["cases"] |= cases
        names = sorted({_city_name(data, c) for c in cases})
        graph.add_edge(challenge_key, tactic_key, kind="against",
                       label=f"{len(cities)} cit{'y' if len(cities) == 1 else 'ies'}",
                       weight=len(cities), cities="; ".join(names), cases=set(cases))
    return graph


def _city_name(data: GraphData, index: int) -> str:
    case = data.cases[index]
    return case.city_name or case.title


# --- views as users name them -----------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """A view of the graph: ``full``, ``challenges``, ``city`` or ``challenge``, with its
    subject (the city or challenge IRI) and a title for the page."""

    kind: str
    subject: str = ""
    title: str = "All cases"


VIEW_HELP = "full, challenges, city:NAME or challenge:CODE"


def resolve_view(text: str, backend: Backend) -> View:
    """``full``, ``challenges``, ``city:Nantes`` or ``challenge:IC4`` as a View; names are
    resolved as the named queries resolve their parameters."""
    kind, sep, value = text.strip().partition(":")
    kind = kind.strip().lower()
    if not sep and kind in ("full", "challenges"):
        return View(kind, "", "All cases" if kind == "full" else "Challenges x tactics")
    if sep and kind in ("city", "challenge") and value.strip():
        try:
            term = resolve(kind, value, backend, where=f"--view {kind}")
        except AmbiguousNameError:
            raise
        except QueryParameterError as e:
            raise QueryParameterError(e.message + _known_cities(kind, backend),
                                      where=f"--view {kind}") from e
        shown = value.strip()
        return View(kind, str(term), f"{kind.title()}: {shown}")
    raise QueryParameterError(f"unknown view {text!r}; choose one of: {VIEW_HELP}",
                              where="--view")


def _known_cities(kind: str, backend: Backend, most: int = 40) -> str:
    """For an unknown city: the cities there are, when they are few enough to list."""
    if kind != "city":
        return ""
    rows = backend.query(load_query("names-cities-in-cases"))
    names = sorted({_text(name) for name in rows.column("name")})
    if not names or len(names) > most:
        return ""
    return "; the cities are: " + ", ".join(names)


def view_cases(data: GraphData, view: View) -> list[int]:
    """The indexes of the cases a city or challenge view shows."""
    if view.kind == "city":
        chosen = [i for i, c in enumerate(data.cases) if c.city == view.subject]
        what = "city"
    elif view.kind == "challenge":
        code = _local(view.subject, CHALLENGE_BASE)
        chosen = [i for i, c in enumerate(data.cases)
                  if any(f.code == code for f in c.challenges)]
        what = "challenge"
    else:
        return list(range(len(data.cases)))
    if not chosen:
        raise QueryParameterError(f"no case in the graph is about this {what}",
                                  where=f"--view {view.title}")
    return chosen


# --- projections for the analyses (casegraph.analyse) ----------------------------------------------

__all__ += ["case_tactic_graph", "city_graph", "read_challenge_texts"]


def case_tactic_graph(data: GraphData) -> nx.Graph:
    """The case-tactic projection, bipartite: case nodes (``bipartite=0``) and tactic nodes
    (``bipartite=1``), an edge where a case used a tactic, with ``challenges`` (the codes it was
    used against, sorted) and ``weight`` = 1."""
    import networkx as nx

    graph = nx.Graph()
    for case in data.cases:
        me = node_id(case.iri)
        graph.add_node(me, type="case", bipartite=0, label=case.title, iri=case.iri,
                       city=case.city_name, country=case.country_code)
        for use in case.tactics:
            tactic = "tactic/" + use.tactic
            if tactic not in graph:
                graph.add_node(tactic, type="tactic", bipartite=1, label=use.label,
                               iri=TACTIC_BASE + use.tactic,
                               family=data.tactic_families.get(use.tactic, ""))
            if not graph.has_edge(me, tactic):
                graph.add_edge(me, tactic, weight=1, challenges=())
            if use.challenge:
                codes = set(graph.edges[me, tactic]["challenges"]) | {use.challenge}
                graph.edges[me, tactic]["challenges"] = tuple(sorted(codes))
    return graph


__all__ += ["city_tactic_graph"]


def city_tactic_graph(data: GraphData, challenge: str | None = None) -> nx.Graph:
    """The city-tactic projection, bipartite: city nodes (``bipartite=0``, ``label`` the city's
    name) and tactic nodes (``bipartite=1``), an edge where a case of the city used the tactic
    (against ``challenge`` when given), ``weight`` = the number of such cases. Nodes and edges
    are added in sorted order, so seeded algorithms give the same answer on the same data."""
    import networkx as nx

    cities: dict[str, tuple[str, str]] = {}
    tactics: dict[str, tuple[str, str]] = {}
    cases: dict[tuple[str, str], set[int]] = defaultdict(set)
    for index, case in enumerate(data.cases):
        city = node_id(case.city) if case.city else node_id(case.iri)
        for use in case.tactics:
            if challenge is not None and use.challenge != challenge:
                continue
            tactic = "tactic/" + use.tactic
            cities.setdefault(city, (case.city_name or case.title, case.country_code))
            tactics.setdefault(tactic, (data.tactic_labels.get(use.tactic, use.label),
                                        data.tactic_families.get(use.tactic, "")))
            cases[(city, tactic)].add(index)
    graph = nx.Graph()
    for key, (label, country) in sorted(cities.items()):
        graph.add_node(key, type="city", bipartite=0, label=label, country=country)
    for key, (label, family) in sorted(tactics.items()):
        graph.add_node(key, type="tactic", bipartite=1, label=label, family=family)
    for (city, tactic), indexes in sorted(cases.items()):
        graph.add_edge(city, tactic, weight=len(indexes), cases=set(indexes))
    return graph


def city_graph(data: GraphData) -> nx.Graph:
    """The city-city projection: a node per city, an edge between two cities that share a
    coded challenge or a tactic, with ``challenges`` and ``tactics`` (sorted) and ``weight`` =
    the number of shared challenges plus shared tactics."""
    import networkx as nx

    faced: dict[str, set[str]] = defaultdict(set)
    used: dict[str, set[str]] = defaultdict(set)
    graph = nx.Graph()
    for case in data.cases:
        key = node_id(case.city) if case.city else node_id(case.iri)
        if key not in graph:
            graph.add_node(key, type="city", label=case.city_name or case.title,
                           iri=case.city, country=case.country_code)
        faced[key] |= {c.code for c in case.challenges if c.code}
        used[key] |= {t.tactic for t in case.tactics}
    cities = sorted(graph.nodes)
    for i, first in enumerate(cities):
        for second in cities[i + 1:]:
            challenges = sorted(faced[first] & faced[second])
            tactics = sorted(used[first] & used[second])
            if challenges or tactics:
                graph.add_edge(first, second, challenges=tuple(challenges),
                               tactics=tuple(tactics), weight=len(challenges) + len(tactics))
    return graph


def read_challenge_texts(backend: Backend) -> dict[str, str]:
    """Each case's challenge text (the occurrences' descriptions, as written and how they were
    overcome), by case IRI: what the text similarity of two cases compares."""
    parts: dict[str, list[str]] = defaultdict(list)
    for row in _rows(backend, "analyse-challenge-texts"):
        case = _text(row["case"])
        for name in ("description", "asWritten", "howOvercome"):
            text = _text(row[name]).strip()
            if text and text not in parts[case]:
                parts[case].append(text)
    return {case: "\n\n".join(texts) for case, texts in sorted(parts.items())}


__all__ += ["read_challenge_matches"]


def read_challenge_matches(backend: Backend) -> dict[str, dict[str, str]]:
    """The mappings between challenge concepts, both ways: ``{"UIA-3": {"IC1": "close"}}``;
    ``close`` for skos:closeMatch, ``related`` for skos:relatedMatch (close wins where both)."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for row in backend.values(load_query("analyse-challenge-matches")):
        first, second = _text(row["firstCode"]), _text(row["secondCode"])
        kind = "close" if _text(row["relation"]).endswith("closeMatch") else "related"
        for a, b in ((first, second), (second, first)):
            if found[a].get(b) != "close":
                found[a][b] = kind
    return {code: dict(sorted(matches.items())) for code, matches in sorted(found.items())}
