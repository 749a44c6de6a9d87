"""Building RDF: the seed's graph against a golden TriG, provenance, stable IRIs and output."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, serialize
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SDO, SKOS

from casegraph.ingest.extract import parse_case
from casegraph.ingest.pipeline import build
from casegraph.graph.rdf import case_iri, case_quads, graph_iri, sort_quads
from casegraph.ingest.read import read_document
from casegraph.vocab import PREFIXES
from conftest import SEED, Differ, Golden

CG = Namespace("https://w3id.org/casegraph/ontology#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
INGESTED = datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)


def seed_graph() -> tuple[Graph, URIRef]:
    record = parse_case(read_document(SEED))
    quads = case_quads(record, ingested_at=INGESTED)
    graph = Graph()
    graph.parse(data=serialize([Quad(q.subject, q.predicate, q.object) for q in quads],
                               format=RdfFormat.N_TRIPLES).decode(), format="nt")
    return graph, URIRef(graph_iri(record).value)


def _isomorphic_to_golden(name: URIRef) -> Differ:
    """TriG texts compared as graphs: the golden file's graph ``name`` against every triple the
    code wrote, blank nodes matched; the difference is the triples only one of them has."""
    def differ(expected: str, actual: str) -> str | None:
        golden, built = Dataset(), Dataset()
        golden.parse(data=expected, format="trig")
        built.parse(data=actual, format="trig")
        wanted = golden.graph(name)
        if len(wanted) == 0:
            return f"the golden file has no graph {name}\n"
        written = Graph()
        for s, p, o, _ in built.quads():
            written.add((s, p, o))
        iso_golden, iso_built = to_isomorphic(wanted), to_isomorphic(written)
        if iso_golden == iso_built:
            return None
        _, only_golden, only_built = graph_diff(iso_golden, iso_built)
        return ("graph differs from golden\nonly in golden:\n"
                + "\n".join(sorted(f"{s} {p} {o}" for s, p, o in only_golden))
                + "\nonly in built:\n"
                + "\n".join(sorted(f"{s} {p} {o}" for s, p, o in only_built)) + "\n")
    return differ


def test_seed_graph_matches_golden_trig(golden: Golden) -> None:
    record = parse_case(read_document(SEED))
    written = serialize(sort_quads(case_quads(record, ingested_at=INGESTED)),
                        format=RdfFormat.TRIG, prefixes=PREFIXES)
    golden.check("stay-tuned-nantes.trig", written.decode("utf-8"),
                 _isomorphic_to_golden(URIRef(graph_iri(record).value)))


def test_seed_graph_content() -> None:
    graph, name = seed_graph()
    case = URIRef(case_iri(parse_case(read_document(SEED))).value)
    assert (case, RDF.type, CG.CaseExample) in graph
    assert (case, DCTERMS.title, Literal(
        "Growing up Well in Nantes – Giving a Global Strategy a Local Focus", lang="en")) in graph

    city = graph.value(case, SDO.contentLocation)
    assert (city, RDF.type, SDO.City) in graph
    assert graph.value(city, SDO.name) == Literal("Nantes")
    assert (city, OWL.sameAs, URIRef("https://sws.geonames.org/2990969/")) in graph
    assert float(graph.value(city, GEO.lat)) == 47.21725
    country = graph.value(city, SDO.containedInPlace)
    assert graph.value(country, SDO.identifier) == Literal("FR")

    occurrence = graph.value(case, CG.faced)
    assert graph.value(occurrence, CG.challenge) == URIRef(
        "https://w3id.org/casegraph/challenge/IC4")
    assert graph.value(occurrence, CG.codeSource) == CG.stated
    assert graph.value(occurrence, CG.howOvercome).language == "en"

    # Provenance: the named graph derives from the document, identified by its sha256.
    source = graph.value(name, PROV.wasDerivedFrom)
    sha = graph.value(source, SDO.sha256)
    import hashlib

    assert str(sha) == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert graph.value(source, SDO.name) == Literal("stay-tuned-nantes.txt")
    activity = graph.value(name, PROV.wasGeneratedBy)
    agent = graph.value(activity, PROV.wasAssociatedWith)
    assert graph.value(agent, SDO.softwareVersion) is not None
    assert graph.value(name, PROV.generatedAtTime).toPython() == INGESTED


def test_no_blank_nodes_and_text_is_language_tagged() -> None:
    graph, _ = seed_graph()
    from rdflib import BNode

    for s, p, o in graph:
        assert not isinstance(s, BNode) and not isinstance(o, BNode)
        if p in (DCTERMS.description, DCTERMS.abstract, CG.howOvercome, CG.difference,
                 SDO.text, DCTERMS.title):
            assert isinstance(o, Literal) and o.language == "en", (p, o)
    lessons = list(graph.objects(None, CG.lesson))
    assert len(lessons) == 1
    assert (None, SKOS.prefLabel, None) in graph


def _quads_of(out: Path) -> Dataset:
    dataset = Dataset()
    dataset.parse(out / "graph.trig", format="trig")
    return dataset


def test_building_twice_gives_the_same_graph_and_bytes(tmp_path: Path) -> None:
    first = build([SEED], tmp_path / "one")
    second = build([SEED], tmp_path / "two")
    assert first.written and second.written
    a = (tmp_path / "one" / "graph.trig").read_bytes()
    b = (tmp_path / "two" / "graph.trig").read_bytes()
    assert a == b
    # No blank nodes: equal quad sets are isomorphic datasets.
    quads_a = set(_quads_of(tmp_path / "one").quads())
    quads_b = set(_quads_of(tmp_path / "two").quads())
    assert quads_a == quads_b and len(quads_a) > 100


def test_rebuild_keeps_the_time_of_ingest(tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    mp: pytest.MonkeyPatch = monkeypatch  # type: ignore[assignment]
    mp.delenv("SOURCE_DATE_EPOCH")
    out = tmp_path / "out"
    build([SEED], out, now=datetime(2024, 1, 1, tzinfo=timezone.utc))
    first = (out / "graph.trig").read_bytes()
    build([SEED], out, now=datetime(2025, 6, 1, tzinfo=timezone.utc))
    assert (out / "graph.trig").read_bytes() == first
    assert b"2024-01-01T00:00:00Z" in first


def test_each_document_has_its_own_named_graph(tmp_path: Path, seed_text: str) -> None:
    other = tmp_path / "docs" / "other.txt"
    other.parent.mkdir()
    other.write_text(seed_text.replace("Nantes", "Lyon").replace(", Fr", ", France"),
                     encoding="utf-8")
    (tmp_path / "docs" / "seed.txt").write_bytes(SEED.read_bytes())
    report = build([tmp_path / "docs"], tmp_path / "out")
    assert len(report.records) == 2
    dataset = _quads_of(tmp_path / "out")
    case_graphs = [g for g in dataset.graphs() if "/id/graph/" in str(g.identifier)]
    assert len(case_graphs) == 2
    for graph in case_graphs:
        cases = list(graph.subjects(RDF.type, CG.CaseExample))
        assert len(cases) == 1
        assert (graph.identifier, PROV.wasDerivedFrom, None) in graph


def _copies(folder: Path, count: int) -> Path:
    """``count`` documents, each the seed under another title, plus one that cannot be read."""
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for number in range(count):
        copy = text.replace("Growing up Well", f"Growing up Well {number}", 1)
        (folder / f"case-{number:03d}.txt").write_text(copy, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def test_parallel_build_writes_what_a_serial_build_writes(tmp_path: Path,
                                                          monkeypatch: object) -> None:
    import pytest

    from casegraph.ingest import pipeline

    mp: pytest.MonkeyPatch = monkeypatch  # type: ignore[assignment]
    docs = _copies(tmp_path / "docs", 12)
    mp.setattr(pipeline, "PARALLEL_FROM", 10**9)
    serial = build([docs], tmp_path / "serial")
    mp.setattr(pipeline, "PARALLEL_FROM", 2)
    mp.setattr(pipeline, "CHUNK", 5)
    mp.setattr(pipeline, "_workers", lambda: 2)
    seen: list[tuple[int, int, str]] = []
    parallel = build([docs], tmp_path / "parallel",
                     progress=lambda done, total, path: seen.append((done, total, path)))
    assert [s.source for s in parallel.records] == [s.source for s in serial.records]
    assert len(parallel.records) == 12 and [r.path for r in parallel.rejected] == \
        [str(docs / "empty.txt")]
    assert [d for d, _, _ in seen] == list(range(1, 14)) and {t for _, t, _ in seen} == {13}
    for name in ("graph.trig", "manifest.json"):
        assert (tmp_path / "parallel" / name).read_bytes() == \
            (tmp_path / "serial" / name).read_bytes()
    assert parallel.quads == serial.quads > 12 * 100


def test_graph_trig_is_the_sorted_serialisation_of_the_store(tmp_path: Path) -> None:
    """graph.trig, assembled a graph at a time, is what serialising its quads sorted in one
    piece writes; and the store holds the same quads."""
    from pyoxigraph import BlankNode, Store, parse

    from casegraph.graph.rdf import sort_quads
    from casegraph.vocab import PREFIXES

    report = build([_copies(tmp_path / "docs", 3)], tmp_path / "out")
    written = (tmp_path / "out" / "graph.trig").read_bytes()
    quads = sort_quads(parse(written, format=RdfFormat.TRIG))
    assert len(quads) == report.quads
    assert serialize(quads, format=RdfFormat.TRIG, prefixes=PREFIXES) == written
    # The store writes literals in canonical form (0.90 -> 0.9), in both stores alike; blank
    # nodes (the ontology's OWL lists, if any) are named anew by each parse.
    loaded = Store()
    loaded.load(written, format=RdfFormat.TRIG)
    built = Store.read_only(str(tmp_path / "out" / "store"))

    def named(store: Store) -> set[Quad]:
        return {q for q in store.quads_for_pattern(None, None, None, None)
                if not any(isinstance(t, BlankNode) for t in (q.subject, q.object))}

    assert len(built) == len(loaded) == report.quads
    assert named(built) == named(loaded)
