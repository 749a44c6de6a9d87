"""Transferable practices, similar cases and recommendations: known answers on small hand-built
graphs, then the commands on the bundled corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from casegraph.analysis.analyse import (
    MATCH_WEIGHTS,
    find_target,
    jaccard,
    projections,
    rank_practices,
    recommend,
    similar,
    text_similarities,
)
from casegraph.cli import cli
from casegraph.errors import AnalysisError
from casegraph.analysis.graphs import (
    Case,
    ChallengeFaced,
    GraphData,
    LessonText,
    TacticUse,
    case_tactic_graph,
    city_graph,
)
from conftest import CORPUS, copy_build

B = "https://w3id.org/casegraph/id/"


def _case(name: str, cc: str, faced: dict[str, str], tactics: dict[str, list[str]],
          text: str = "", lessons: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Case:
    """A case in city ``name``: faced = {code: outcome}, tactics = {tactic: [codes]}."""
    iri = f"{B}case/net/{name.lower()}/{text[:10].replace(' ', '-') or 'case'}"
    return Case(
        iri=iri, title=f"{name}: {text[:30] or 'a case'}", city=f"{B}city/{cc}/{name.lower()}",
        city_name=name, country=f"{B}country/{cc}", country_code=cc.upper(),
        country_name=cc.upper(), network=f"{B}network/net", network_name="Net",
        source=f"{name.lower()}.txt", summary="",
        challenges=tuple(ChallengeFaced(code, code, text or code, outcome, "")
                         for code, outcome in sorted(faced.items())),
        tactics=tuple(TacticUse(tactic, tactic.title(), code, f"{name} used {tactic}.",
                                "how_overcome", 0.9)
                      for tactic, codes in sorted(tactics.items()) for code in codes),
        lessons=tuple(LessonText(f"{iri}/lesson/{i}", i, words, mentions)
                      for i, (words, mentions) in enumerate(lessons, 1)))


def _data(*cases: Case) -> GraphData:
    return GraphData(tuple(sorted(cases, key=lambda c: c.iri)),
                     {"IC1": "Integrated approach", "IC2": "Stakeholders", "IC4": "Action plan",
                      "UIA-3": "Organisation"},
                     {}, {})


@pytest.fixture()
def small() -> GraphData:
    """Four cities, three countries. Against IC2: 'coaching' in Aa (solved), Bb (partly) and
    Cc (not solved); 'pilot' in Aa and Bb, in one country; 'survey' in Dd (unknown) only."""
    return _data(
        _case("Aa", "fr", {"IC2": "completely solved"}, {"coaching": ["IC2"], "pilot": ["IC2"]},
              "school teams lost motivation and stakeholders left the table",
              (("Coaching kept the school teams going.", ("tactic/coaching",)),)),
        _case("Bb", "fr", {"IC2": "partly solved", "IC1": "unknown"},
              {"coaching": ["IC2"], "pilot": ["IC2"]},
              "school teams lost motivation; stakeholders were hard to keep"),
        _case("Cc", "de", {"IC2": "not solved"}, {"coaching": ["IC2"]},
              "harbour renewal with private investors and a concession"),
        _case("Dd", "it", {"IC2": "unknown", "IC4": "unknown"}, {"survey": ["IC2", "IC4"]},
              "the plan stayed on paper and needed an operational action plan"),
    )


# --- transferable practices ------------------------------------------------------------------


def test_practices_rank_by_cities_countries_and_outcomes(small: GraphData) -> None:
    ranked = rank_practices(small, "IC2", min_cities=1)
    assert [p.tactic for p in ranked] == ["coaching", "pilot", "survey"]
    coaching, pilot, survey = ranked
    # 3 cities + 2 countries + (1 + 0.5 - 1) = 5.5; 2 + 1 + (1 + 0.5) = 4.5; 1 + 1 + 0 = 2
    assert (coaching.score, pilot.score, survey.score) == (5.5, 4.5, 2.0)
    assert coaching.not_solved == 1
    assert dict(coaching.outcomes) == {"Aa": "completely solved", "Bb": "partly solved",
                                       "Cc": "not solved"}


def test_min_cities_and_challenge_filter(small: GraphData) -> None:
    assert [p.tactic for p in rank_practices(small, "IC2")] == ["coaching", "pilot"]
    assert [(p.challenge, p.tactic) for p in rank_practices(small, "IC4", 1)] == [
        ("IC4", "survey")]
    assert rank_practices(small, "IC1", 1) == []


def test_not_solved_counts_against_a_practice() -> None:
    data = _data(_case("Aa", "fr", {"IC2": "partly solved"}, {"good": ["IC2"], "bad": ["IC2"]}),
                 _case("Bb", "de", {"IC2": "partly solved"}, {"good": ["IC2"]}),
                 _case("Cc", "it", {"IC2": "not solved"}, {"bad": ["IC2"]}))
    good, bad = rank_practices(data, "IC2")
    assert (good.tactic, good.score) == ("good", 5.0)  # 2 + 2 + 0.5 + 0.5
    assert (bad.tactic, bad.score) == ("bad", 3.5)  # 2 + 2 + 0.5 - 1


def test_ties_break_on_tactic_id() -> None:
    data = _data(_case("Aa", "fr", {"IC2": "unknown"}, {"zeta": ["IC2"], "alpha": ["IC2"]}),
                 _case("Bb", "de", {"IC2": "unknown"}, {"zeta": ["IC2"], "alpha": ["IC2"]}))
    assert [p.tactic for p in rank_practices(data)] == ["alpha", "zeta"]


def test_explanation_names_the_cities_outcomes_evidence_and_lessons(small: GraphData) -> None:
    coaching = rank_practices(small, "IC2")[0]
    text = coaching.explanation
    assert "3 cities (Aa, Bb, Cc)" in text and "2 countries (DE, FR)" in text
    assert "Aa completely solved; Bb partly solved; Cc not solved" in text
    assert text.endswith("= 5.5. 1 lesson mentions it.")
    assert [u.city for u in coaching.uses] == ["Aa", "Bb", "Cc"]
    assert coaching.uses[0].evidence == "Aa used coaching."
    assert [(q.city, q.text) for q in coaching.lessons] == [
        ("Aa", "Coaching kept the school teams going.")]
    assert "Dd" not in text


# --- similar cases -----------------------------------------------------------------------------


def test_jaccard() -> None:
    assert jaccard({"a", "b"}, {"b", "c"}) == pytest.approx(1 / 3)
    assert jaccard([], []) == 0.0


def test_text_similarity_prefers_the_same_words() -> None:
    scores = text_similarities(["school teams lost motivation", "harbour concession investors"],
                               "motivation of school teams")
    assert scores[0] > 0.5 > scores[1] == 0.0
    assert text_similarities(["anything"], "the and of") == [0.0]


def test_text_similarity_is_scikit_learns_tfidf_cosine() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    from casegraph.ingest.read import read_document

    texts = [read_document(p).text for p in sorted(CORPUS.glob("*.txt"))]
    texts += ["", "the and of", "Über-Zusammenarbeit café naïve 2024 a1 b2 co-design co-design"]
    for query in (texts[0], texts[-1], "motivation of school teams, teams, teams"):
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            [*texts, query])
        expected = [round(float(s), 6) for s in linear_kernel(matrix[len(texts)],
                                                              matrix[:len(texts)])[0]]
        assert text_similarities(texts, query) == pytest.approx(expected, abs=2e-6)


def test_similar_orders_by_shared_challenges_tactics_and_text(small: GraphData) -> None:
    target = find_target(small, "Aa", city=f"{B}city/fr/aa")
    assert target.kind == "city" and target.name == "Aa"
    found = similar(small, target, top=5)
    assert [s.city for s in found] == ["Bb", "Cc", "Dd"]
    bb = found[0]
    assert bb.shared_challenges == ("IC2",) and bb.shared_tactics == ("coaching", "pilot")
    assert bb.challenges == 0.5 and bb.tactics == 1.0 and bb.text > 0.3
    assert bb.score == pytest.approx((bb.challenges + bb.tactics + bb.text) / 3, abs=1e-5)
    assert "shares challenges IC2" in bb.explanation
    assert similar(small, target, top=1) == found[:1]
    assert similar(small, target) == found  # deterministic


def test_a_city_is_not_similar_to_itself() -> None:
    data = _data(_case("Aa", "fr", {"IC2": "unknown"}, {"x": ["IC2"]}, "one"),
                 _case("Aa", "fr", {"IC2": "unknown"}, {"x": ["IC2"]}, "two"),
                 _case("Bb", "de", {"IC1": "unknown"}, {"y": ["IC1"]}, "three"))
    target = find_target(data, "Aa", city=f"{B}city/fr/aa")
    assert len(target.cases) == 2
    assert [s.city for s in similar(data, target)] == ["Bb"]
    one_case = find_target(data, "aa")  # the file stem of the first case
    assert one_case.kind == "case"
    assert [s.city for s in similar(data, one_case)] == ["Aa", "Bb"]


def test_unknown_target_is_an_error_listing_the_cities(small: GraphData) -> None:
    with pytest.raises(AnalysisError, match="no city or case 'Zz'.*Aa, Bb, Cc, Dd"):
        find_target(small, "Zz")


# --- recommendations ---------------------------------------------------------------------------


def test_recommend_for_a_known_city_leaves_out_its_own_practices(small: GraphData) -> None:
    target = find_target(small, "Bb", city=f"{B}city/fr/bb")
    found = recommend(small, city="Bb", challenge="IC2", target=target)
    assert [r.practice.tactic for r in found] == ["survey"]
    assert all("Bb" not in r.practice.cities for r in found)
    marked = recommend(small, city="Bb", challenge="IC2", target=target, include_used=True)
    assert [(r.practice.tactic, r.already_used) for r in marked] == [
        ("survey", False), ("coaching", True), ("pilot", True)]
    # other cities only: coaching from Aa and Cc = 2 + 2 + (1 - 1)
    assert marked[1].practice.cities == ("Aa", "Cc") and marked[1].practice.score == 4.0


def test_recommend_for_a_known_city_without_challenge_uses_its_challenges(
        small: GraphData) -> None:
    target = find_target(small, "Dd", city=f"{B}city/it/dd")
    found = recommend(small, city="Dd", target=target)
    assert [r.practice.tactic for r in found] == ["coaching", "pilot"]
    assert {r.for_challenge for r in found} == {"IC2"}
    assert found[0].relevance_basis == "case similarity"


def test_recommend_for_an_unknown_city_needs_a_challenge(small: GraphData) -> None:
    with pytest.raises(AnalysisError, match="not in the graph: give the challenge"):
        recommend(small, city="Tallinn")


def test_description_weights_practices_from_similar_cases() -> None:
    data = _data(
        _case("Aa", "fr", {"IC2": "unknown"}, {"harbour-deal": ["IC2"]},
              "harbour renewal with private investors"),
        _case("Bb", "de", {"IC2": "unknown"}, {"school-coaching": ["IC2"]},
              "school teams lost motivation"))
    plain = recommend(data, city="Tallinn", challenge="IC2")
    assert [r.practice.tactic for r in plain] == ["harbour-deal", "school-coaching"]
    assert plain[0].relevance_basis == "none" and plain[0].score == 2.0
    described = recommend(data, city="Tallinn", challenge="IC2",
                          description="Our school teams lose motivation after a year.")
    assert [r.practice.tactic for r in described] == ["school-coaching", "harbour-deal"]
    best = described[0]
    assert best.closest_city == "Bb" and best.relevance > 0
    assert best.score == pytest.approx(2.0 * (1 + best.relevance), abs=1e-5)
    assert "Bb" in best.explanation and "TF-IDF" in best.explanation


def test_recommend_follows_scheme_mappings_at_a_lower_weight() -> None:
    data = _data(_case("Aa", "fr", {"IC1": "unknown"}, {"joint-team": ["IC1"]}),
                 _case("Bb", "de", {"UIA-3": "unknown"}, {"unit": ["UIA-3"]}))
    found = recommend(data, city="Tallinn", challenge="UIA-3",
                      matches={"UIA-3": {"IC1": "close"}})
    assert [(r.practice.tactic, r.match) for r in found] == [("unit", ""),
                                                             ("joint-team", "close")]
    assert found[1].score == 2.0 * MATCH_WEIGHTS["close"]
    assert "map IC1 to UIA-3" in found[1].explanation


# --- projections ------------------------------------------------------------------------------


def test_projections(small: GraphData) -> None:
    bipartite = case_tactic_graph(small)
    cases = {n for n, d in bipartite.nodes(data=True) if d["bipartite"] == 0}
    assert len(cases) == 4 and bipartite.degree("tactic/coaching") == 3
    cities = city_graph(small)
    assert cities.edges["city/fr/aa", "city/fr/bb"]["weight"] == 3  # IC2, coaching, pilot
    assert cities.edges["city/fr/aa", "city/fr/bb"]["tactics"] == ("coaching", "pilot")
    assert cities.edges["city/fr/aa", "city/it/dd"]["weight"] == 1  # IC2 only
    patterns = projections(small)["challenge-tactic"]
    assert patterns.edges["challenge/IC2", "tactic/coaching"]["weight"] == 3


# --- the commands on the bundled corpus --------------------------------------------------------

BUNDLED_CITIES = ["Dodoni", "Espinho", "Mantova", "Zwevegem", "Ampelokipi-Menemeni", "Aveiro",
                  "Barcelona", "Berlin", "Ghent", "Nantes", "Sofia", "Getafe"]


@pytest.fixture(scope="module")
def corpus_out(first_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_build(first_build, tmp_path_factory.mktemp("analyse") / "out")


def _run(out: Path, *args: str) -> object:
    return CliRunner().invoke(cli, [*args, "--out", str(out)], catch_exceptions=False)


def test_recommend_for_tallinn_on_ic4(corpus_out: Path) -> None:
    result = _run(corpus_out, "recommend", "--city", "Tallinn", "--challenge", "IC4",
                  "--description", "Our strategy against early school leaving stays on paper; "
                  "schools do not know which actions to start with.", "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    first = found[0]["practice"]
    assert (first["tactic"], first["cities"]) == ("prioritising-actions", ["Gent", "Nantes"])
    assert "Gent partly solved; Nantes unknown" in found[0]["explanation"]
    assert [u["city"] for u in first["uses"]] == ["Gent", "Nantes"]
    assert all(u["evidence"] for u in first["uses"])
    assert first["lessons"][0]["city"] == "Gent"
    scores = [r["score"] for r in found]
    assert scores == sorted(scores, reverse=True)
    table = _run(corpus_out, "recommend", "--city", "Tallinn", "--challenge", "IC4")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    # What was asked comes first, then the practices, every line wrapped to the terminal.
    assert " ".join(table.stdout.split()).startswith(
        "Practices for Tallinn (not in the graph) against IC4, from the cases of other cities")
    assert next(line for line in lines if line[:1].isdigit()).startswith(
        "1. Prioritising a few actions [IC4]")
    assert 'evidence, Nantes (FR, unknown): "To deal with' in " ".join(table.stdout.split())
    assert max(map(len, lines)) <= 100  # the width of a terminal that is not there


@pytest.mark.parametrize("city", BUNDLED_CITIES)
def test_recommend_for_every_bundled_city(corpus_out: Path, city: str) -> None:
    result = _run(corpus_out, "recommend", "--city", city, "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found, f"no practice for {city}"
    for item in found:
        assert city not in item["practice"]["cities"]
        assert item["practice"]["uses"] and item["explanation"]
    again = _run(corpus_out, "recommend", "--city", city, "--format", "json")
    assert again.stdout == result.stdout


def test_recommend_errors(corpus_out: Path) -> None:
    result = CliRunner().invoke(cli, ["recommend", "--city", "Tallinn", "--out",
                                      str(corpus_out)])
    assert result.exit_code == 1
    assert "Error: --city: 'Tallinn' is not in the graph: give the challenge" in result.output
    result = CliRunner().invoke(cli, ["recommend", "--city", "Nantes", "--challenge", "IC9",
                                      "--out", str(corpus_out)])
    assert result.exit_code == 1
    assert "Error: --challenge: no challenge 'IC9'" in result.output


def test_patterns_on_the_corpus(corpus_out: Path) -> None:
    result = _run(corpus_out, "patterns", "--challenge", "Involving local stakeholders",
                  "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert {p["challenge"] for p in found} == {"IC2"}
    assert all(len(p["cities"]) >= 2 for p in found)
    assert [p["tactic"] for p in found[:2]] == ["peer-learning", "training"]
    assert found[0]["cities"] == ["Aveiro", "Gent"]
    md = _run(corpus_out, "patterns", "--challenge", "IC2", "--format", "md")
    assert md.stdout.startswith("# Transferable practices against IC2: tactics used in 2 or "
                                "more cities, the best transferable first\n\n## 1. Peer learning")
    assert _run(corpus_out, "patterns", "--challenge", "UIA-6").stdout.splitlines()[-1] \
        .startswith("no practice against UIA-6")


def test_similar_on_the_corpus(corpus_out: Path) -> None:
    result = _run(corpus_out, "similar", "Nantes", "--top", "3", "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["target"] == {"kind": "city", "name": "Nantes"}
    assert len(found["similar"]) == 3
    assert found["similar"][0]["city"] == "Gent"  # the only other IC4 case
    assert found["similar"][0]["shared_challenges"] == ["IC4"]
    by_case = _run(corpus_out, "similar", "Palazzo Te")
    assert by_case.exit_code == 0 and "Mantua (IT)" in by_case.stdout
    missing = CliRunner().invoke(cli, ["similar", "Atlantis", "--out", str(corpus_out)])
    assert missing.exit_code == 1 and "no city or case 'Atlantis'" in missing.output
