"""Tactics: the vocabulary, tagging measured against hand labels, curation, and the graph."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Dataset, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from casegraph.cli import cli
from casegraph.ingest.curation import apply_curation, read_curation
from casegraph.errors import CurationError
from casegraph.ingest.extract import parse_case
from casegraph.ingest.read import read_document
from casegraph.tactics import compile_pattern, find_tactics, sentences, tactics
from conftest import CORPUS, GOLDEN, ROOT, SEED, copy_build

CG = Namespace("https://w3id.org/casegraph/ontology#")
CGT = Namespace("https://w3id.org/casegraph/tactic/")
GOLD = yaml.safe_load((ROOT / "tests" / "gold" / "tactics.yaml").read_text(encoding="utf-8"))

#: Methods well known outside the corpus; every other tactic must be used by a bundled case.
WELL_KNOWN = {"swot-analysis", "theory-of-change", "logic-model", "pilot", "co-design",
              "focus-group", "peer-review", "stakeholder-mapping", "public-consultation",
              "indicators", "action-plan", "baseline-analysis", "training", "coaching",
              "outreach"}
FAMILIES = {"stakeholder-engagement", "planning-and-prioritisation",
            "governance-and-coordination", "monitoring-and-data", "piloting-and-scaling",
            "capacity-building", "funding-and-partnership", "outreach-and-communication"}


# --- The vocabulary -------------------------------------------------------------------------------


def test_vocabulary_shape() -> None:
    known = tactics()
    assert len(known) >= 40
    assert {t.family for t in known.values()} == FAMILIES
    for item in known.values():
        # recognised by its patterns, or by its labels in other word forms and languages
        assert item.label and item.definition and (item.patterns or len(item.labels) > 1), \
            item.id
        for pattern in item.compiled:
            assert not pattern.search(""), item.id


def test_every_tactic_is_used_or_well_known(corpus_records: dict[str, object]) -> None:
    used = {t.id for r in corpus_records.values() for t in r.tactics}  # type: ignore[attr-defined]
    more = yaml.safe_load((ROOT / "tests" / "gold" / "tactics-bundled-more.yaml")
                          .read_text(encoding="utf-8"))
    labelled = {t for ids in GOLD.values() for t in ids} | {
        str(t["id"]).removeprefix("new:") for entry in more.values() for t in entry["tactics"]}
    for item in tactics().values():
        assert item.id in used | labelled | WELL_KNOWN, item.id


def test_well_known_methods_are_recognised() -> None:
    from casegraph.tactics import find_tactics

    examples = {
        "swot-analysis": "They ran a SWOT analysis of each action.",
        "theory-of-change": "The partners wrote a theory of change for the programme.",
        "logic-model": "A logic model linked activities to outcomes.",
        "co-design": "Residents co-designed the new service with staff.",
        "focus-group": "Three focus groups with parents were held.",
        "stakeholder-mapping": "The team started with stakeholder mapping.",
        "peer-review": "A peer review by partner cities followed.",
    }
    for tactic_id, sentence in examples.items():
        assert tactic_id in find_tactics(sentence), (tactic_id, sentence)


#: Labels too general to tag a text by: said of a tactic, they are also said of other things
#: (a community centre may be a venue only; a private foundation may fund rather than manage).
UNTAGGED_LABELS = {
    ("brokering-role", "intermediary"),
    ("community-hub", "community centre"),
    ("foundation-management", "private foundation"),
    ("foundation-management", "civic foundation"),
    ("income-generating-uses", "new functions"),
    ("small-working-group", "small group"),
    ("volunteer-programme", "volunteering"),
}


def _labels() -> list[tuple[str, str]]:
    from rdflib import Graph

    graph = Graph().parse(ROOT / "ontology" / "tactics.ttl", format="turtle")
    return sorted((item.id, str(label)) for item in tactics().values()
                  for predicate in (SKOS.prefLabel, SKOS.altLabel)
                  for label in graph.objects(URIRef(item.iri), predicate)
                  if getattr(label, "language", None) in (None, "en"))


def test_a_label_in_another_language_is_recognised_in_that_language() -> None:
    from casegraph.tactics import find_tactics

    missed = [(item.id, language, label) for item in tactics().values()
              for language, label in item.labels
              if language != "en" and item.id not in find_tactics(label, language)]
    assert not missed


def test_a_tactic_named_by_its_label_is_recognised() -> None:
    """A document that names a tactic as the vocabulary does is tagged with it."""
    from casegraph.tactics import find_tactics

    labels = _labels()
    assert UNTAGGED_LABELS <= set(labels), UNTAGGED_LABELS - set(labels)
    missed = [(tactic_id, label) for tactic_id, label in labels
              if (tactic_id, label) not in UNTAGGED_LABELS
              and tactic_id not in find_tactics(f"The city used {label} here.")]
    assert not missed


# --- Tagging against the hand labels ------------------------------------------------------------


def test_gold_covers_at_least_eight_bundled_cases() -> None:
    assert len(GOLD) >= 8
    for name, ids in GOLD.items():
        assert (CORPUS / name).is_file(), name
        assert set(ids) <= set(tactics()), name


def test_precision_and_recall_against_gold(corpus_records: dict[str, object]) -> None:
    true_positive = false_positive = false_negative = 0
    for name, wanted in GOLD.items():
        found = {t.id for t in corpus_records[name].tactics}  # type: ignore[attr-defined]
        true_positive += len(found & set(wanted))
        false_positive += len(found - set(wanted))
        false_negative += len(set(wanted) - found)
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    print(f"tactic tagging: precision {precision:.3f}, recall {recall:.3f} "
          f"({true_positive} tp, {false_positive} fp, {false_negative} fn)")
    assert precision >= 0.8
    assert recall >= 0.8


def test_every_assignment_shows_its_evidence(corpus_records: dict[str, object]) -> None:
    for name, record in corpus_records.items():
        for item in record.tactics:  # type: ignore[attr-defined]
            assert item.evidence in sentences(getattr(record, item.section) if item.section
                                              != "lessons" else "\n\n".join(record.lessons)), (
                name, item.id)
            if item.pattern.startswith("label@"):  # a label, found in another word form
                language, _, label = item.pattern[len("label@"):].partition(": ")
                assert (language, label) in tactics()[item.id].labels, (name, item.id)
                assert item.id in find_tactics(item.evidence, language), (name, item.id)
                continue
            assert item.pattern in tactics()[item.id].patterns, (name, item.id)
            assert compile_pattern(item.pattern).search(item.evidence), (name, item.id)
            assert 0 < item.confidence <= 1


def test_parse_json_has_tactics() -> None:
    result = CliRunner().invoke(cli, ["parse", str(SEED)])
    data = json.loads(result.stdout)[0]
    assert data["tactics"]
    for item in data["tactics"]:
        assert list(item) == ["id", "label", "evidence", "confidence"]
    swot = next(t for t in data["tactics"] if t["id"] == "swot-analysis")
    assert swot["evidence"].startswith("In each one of these meetings, the group conducted a "
                                       "SWOT analysis")
    assert swot["confidence"] == 0.9


# --- The graph ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(first_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_build(first_build, tmp_path_factory.mktemp("tactics") / "out")


def test_assignments_attach_to_the_challenge_occurrence(built: Path) -> None:
    dataset = Dataset()
    dataset.parse(built / "graph.trig", format="trig")
    union = dataset.graph(URIRef("urn:x-rdflib:default"))
    for graph in dataset.graphs():
        if "/id/graph/" not in str(graph.identifier):
            continue
        for triple in graph:
            union.add(triple)
    swot = [a for a in union.subjects(CG.tactic, CGT["swot-analysis"])]
    assert len(swot) == 1
    occurrence = union.value(None, CG.usedTactic, swot[0])
    assert (occurrence, RDF.type, CG.ChallengeOccurrence) in union
    assert union.value(occurrence, CG.challenge) == URIRef(
        "https://w3id.org/casegraph/challenge/IC4")
    assert union.value(swot[0], CG.evidence).language == "en"
    assert union.value(swot[0], CG.confidence) == Literal("0.90", datatype=XSD.decimal)
    assert union.value(swot[0], CG.curated) == Literal(False)
    # A lesson mentioning a tactic links to it.
    lessons = list(union.subjects(DCTERMS.subject, CGT["peer-learning"]))
    assert lessons


def test_stats_and_tactics_command(built: Path) -> None:
    runner = CliRunner()
    stats = json.loads(runner.invoke(cli, ["stats", "--out", str(built), "--format",
                                           "json"]).stdout)
    rows = json.loads(runner.invoke(cli, ["tactics", "--out", str(built), "--format",
                                          "json"]).stdout)
    assert len(rows) == len(tactics())
    assert stats["tactics"] == sum(1 for r in rows if r["cases"] > 0)
    pilot = next(r for r in rows if r["id"] == "pilot")
    assert (pilot["cases"], pilot["cities"]) == (3, 3)
    foundation = next(r for r in rows if r["id"] == "foundation-management")
    assert (foundation["cases"], foundation["cities"]) == (2, 1)  # two Mantova cases
    table = runner.invoke(cli, ["tactics", "--out", str(built)]).stdout
    assert re.search(r"^pilot\s+Pilot\s+3\s+3\s+Piloting and scaling$", table, re.MULTILINE)


# --- Curation -----------------------------------------------------------------------------------

SIDECAR = """\
# A curator's corrections for the Nantes case.
tactics:
  add:
    - id: stakeholder-mapping
      evidence: "The local group listed who else had to be involved."
    - co-design
  remove:
    - governance-arrangements
outcome: partly solved
challenge_codes:
  - IC2
"""


def test_curation_adds_removes_and_wins(tmp_path: Path) -> None:
    path = tmp_path / "stay-tuned-nantes.casegraph.yaml"
    path.write_text(SIDECAR, encoding="utf-8")
    record = apply_curation(parse_case(read_document(SEED)), read_curation(path))
    ids = {t.id: t for t in record.tactics}
    assert "governance-arrangements" not in ids
    assert ids["stakeholder-mapping"].curated and ids["stakeholder-mapping"].confidence == 1.0
    assert ids["stakeholder-mapping"].evidence == (
        "The local group listed who else had to be involved.")
    assert ids["co-design"].evidence == "assigned by a curator"
    assert ids["swot-analysis"].curated is False
    assert record.outcome == "partly" and record.outcome_source == "assigned"
    assert [(c.code, c.source) for c in record.challenge_codes] == [("IC4", "stated"),
                                                                    ("IC2", "assigned")]


def test_curated_facts_are_marked_in_the_graph(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    shutil.copy(SEED, folder / "stay-tuned-nantes.txt")
    (folder / "stay-tuned-nantes.casegraph.yaml").write_text(SIDECAR, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    dataset = Dataset()
    dataset.parse(out / "graph.trig", format="trig")
    quads = {(s, p, o) for s, p, o, _ in dataset.quads()}
    mapping = next(s for s, p, o in quads if p == CG.tactic and o == CGT["stakeholder-mapping"]
                   and (s, RDF.type, CG.TacticAssignment) in quads)
    assert (mapping, CG.curated, Literal(True)) in quads
    assert not any(p == CG.tactic and o == CGT["governance-arrangements"] for s, p, o in quads)
    ic2 = next(s for s, p, o in quads if p == CG.challenge and str(o).endswith("/IC2")
               and (s, RDF.type, CG.ChallengeOccurrence) in quads)
    assert (ic2, CG.codeSource, CG.assigned) in quads
    assert any(p == CG.outcomeSource and o == CG.assigned for s, p, o in quads)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("tactics:\n  add: [swot-analysis\n", 3, "not valid YAML"),
        ("tactics:\n  add:\n    - no-such-tactic\n", 3, "unknown tactic 'no-such-tactic'"),
        ("outcome: maybe\n", 1, "outcome 'maybe' is not one of completely, partly, not"),
        ("challenge_codes: [IC2, IC9]\n", 1, "unknown challenge code 'IC9'"),
        ("tactic:\n  add: []\n", 1, "unknown key 'tactic'"),
        ("tactics:\n  add:\n    - evidence: x\n", 3, "a tactic to add needs an 'id'"),
    ],
)
def test_malformed_sidecar_names_file_and_line(tmp_path: Path, text: str, line: int,
                                               message: str) -> None:
    path = tmp_path / "case.casegraph.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CurationError, match=re.escape(message)) as info:
        read_curation(path)
    assert info.value.where == f"{path}:{line}"


def test_malformed_sidecar_is_reported_like_bad_input(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    shutil.copy(SEED, folder / "stay-tuned-nantes.txt")
    lyon = (folder / "lyon.txt")
    lyon.write_text(SEED.read_text(encoding="utf-8").replace("Nantes", "Lyon"),
                    encoding="utf-8")
    (folder / "lyon.casegraph.yaml").write_text("outcome: [partly\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(tmp_path / "out"),
                                      "--quiet"])
    assert result.exit_code == 1
    assert f"{folder / 'lyon.casegraph.yaml'}:2: not valid YAML" in result.stderr
    assert "Traceback" not in result.output
    assert "built 1 case(s)" in result.stderr


def test_golden_record_lists_the_seed_tactics() -> None:
    golden = json.loads((GOLDEN / "stay-tuned-nantes.json").read_text(encoding="utf-8"))
    assert {t["id"] for t in golden["tactics"]} == set(GOLD["stay-tuned-nantes.txt"])


def test_tactic_concepts_are_in_the_vocabulary_graph(built: Path) -> None:
    dataset = Dataset()
    dataset.parse(built / "graph.trig", format="trig")
    graph = dataset.graph(URIRef("https://w3id.org/casegraph/graph/tactics"))
    assert (CGT["swot-analysis"], SKOS.prefLabel, Literal("SWOT analysis", lang="en")) in graph
    assert (CGT["swot-analysis"], SKOS.broader, CGT["planning-and-prioritisation"]) in graph


# --- The fast tagger agrees with the plain one ---------------------------------------------------


def _plain_tags(sections: dict[str, str | None]) -> dict[str, tuple[str, str, str]]:
    """The tagger as first written: every pattern against every sentence."""
    from casegraph.tactics import SECTION_CONFIDENCE

    best: dict[str, tuple[float, str, str, str]] = {}
    for section, confidence in SECTION_CONFIDENCE.items():
        for sentence in sentences(sections.get(section) or ""):
            for item in tactics().values():
                for raw, regex in zip(item.patterns, item.compiled):
                    if regex.search(sentence):
                        if item.id not in best or confidence > best[item.id][0]:
                            best[item.id] = (confidence, sentence, section, raw)
                        break
    return {k: v[1:] for k, v in best.items()}


def test_word_prefilter_finds_what_every_pattern_finds(
        corpus_records: dict[str, object]) -> None:
    from casegraph.tactics import find_tactics, tag_tactics

    texts = [
        "They co-designed the plan. It was rolled out city-wide\n\nevent by event.",
        "The ſhared data and the KPIs were trained on.",  # long s, Kelvin sign: no word look-up
        "Peer-to-peer learning; a SWOT was done.  Piloting phase!",
    ]
    for record in corpus_records.values():
        texts.extend(t for t in (record.summary, record.action,  # type: ignore[attr-defined]
                                 record.how_overcome, record.difference) if t)  # type: ignore[attr-defined]
    for text in texts:
        sections = {"how_overcome": text, "lessons": text.upper()}
        found = {t.id: (t.evidence, t.section, t.pattern)
                 for t in tag_tactics(sections, labels=False)}
        assert found == _plain_tags(sections), text[:80]
        for sentence in sentences(text):
            plain = [i.id for i in tactics().values()
                     if any(r.search(sentence) for r in i.compiled)]
            assert find_tactics(sentence, labels=False) == plain, sentence


def test_candidates_are_untagged_sentences_grouped_across_cases(
        built: Path, tmp_path: Path, corpus_records: dict[str, object]) -> None:
    """`tactics --candidates`: sentences of how a challenge was overcome that no tactic was
    tagged from, each with its document; a group never holds two sentences of one case."""
    runner = CliRunner()
    result = runner.invoke(cli, ["tactics", "--out", str(built), "--candidates", "--format",
                                 "json"])
    assert result.exit_code == 0, result.output
    groups = json.loads(result.stdout)
    assert groups
    evidence = set()
    for record in corpus_records.values():
        evidence.update(t.evidence for t in record.tactics)  # type: ignore[attr-defined]
    names = {p.name for p in CORPUS.iterdir()}
    for group in groups:
        cases = [s["case"] for s in group["sentences"]]
        assert len(cases) == len(set(cases)) == group["cases"]
        for item in group["sentences"]:
            assert item["document"] in names
            assert item["text"] not in evidence
    assert [g["cases"] for g in groups] == sorted((g["cases"] for g in groups), reverse=True)
    # a looser threshold never makes more groups
    loose = json.loads(runner.invoke(cli, ["tactics", "--out", str(built), "--candidates",
                                           "--similarity", "0.05", "--format", "json"]).stdout)
    assert len(loose) <= len(groups)
    table = runner.invoke(cli, ["tactics", "--out", str(built), "--candidates"]).stdout
    assert table.rstrip().endswith("group(s) of sentences no tactic was tagged from")
