"""Named queries: the same answers from every backend (embedded Oxigraph, rdflib in memory, an
Oxigraph server, Virtuoso), known answers on the bundled corpus, bound parameters, formats."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from casegraph.query.local import MemoryBackend, OxigraphBackend
from casegraph.query.remote import Endpoint, RemoteBackend, push_graphs
from casegraph.query.sparql import Results, bind_values, normalise_term
from casegraph.cli import cli
from casegraph.errors import QueryError, QueryParameterError
from casegraph.query.queries import named_queries, parse_query_text, run_query
from conftest import ROOT, copy_build, generated_build
from servers import Server, clear

#: The aggregating queries written over the case graphs themselves: what the summary graph
#: must reproduce.
REFERENCE = ROOT / "tests" / "reference"

#: Every named query with the parameters a user would give it; each query appears at least once,
#: with and without its optional parameters.
CASES = [
    ("tactics-for-challenge", {"challenge": "IC4"}),
    ("tactics-for-challenge", {"challenge": "Involving local stakeholders"}),
    ("challenges-for-tactic", {"tactic": "peer-review"}),
    ("challenges-for-tactic", {"tactic": "SWOT analysis"}),
    ("cross-city-tactics", {}),
    ("cross-city-tactics", {"min_cities": "3"}),
    ("cross-city-tactics", {"challenge": "IC2", "min_cities": "1"}),
    ("lessons-for-challenge", {"challenge": "IC4"}),
    ("lessons-for-challenge", {"challenge": "IC5"}),
    ("city-profile", {"city": "Nantes"}),
    ("city-profile", {"city": "mantova"}),
    ("similar-cities", {}),
    ("similar-cities", {"city": "Ghent"}),
    ("cases-by-network", {}),
    ("cases-by-network", {"network": "INT-HERIT"}),
    ("cases-by-country", {}),
    ("cases-by-country", {"country": "Fr"}),
    ("gaps", {}),
    ("evidence-for-challenge", {"challenge": "IC2"}),
    ("evidence-for-challenge", {"challenge": "Moving from strategy to operational action plan"}),
]
CASE_IDS = [f"{name}[{','.join(f'{k}={v}' for k, v in p.items())}]" for name, p in CASES]
BACKENDS = ["oxigraph", "memory", "oxigraph-server", "virtuoso"]


@pytest.fixture(scope="session")
def corpus_graph(first_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_build(first_build, tmp_path_factory.mktemp("queries") / "out")


@pytest.fixture(scope="session")
def generated_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graph of 300 synthetic cases in about 200 cities: more overlap than 13 cases have."""
    return generated_build(tmp_path_factory.mktemp("generated"), 300)


def _loaded(server: Server, out: Path) -> RemoteBackend:
    clear(server)
    remote = RemoteBackend(Endpoint(server.query_url, server.update_url, server.gsp_url,
                                    timeout=60))
    push_graphs(out, remote)
    return remote


@pytest.fixture(scope="session")
def oxigraph_remote(oxigraph_server: Server, corpus_graph: Path) -> RemoteBackend:
    return _loaded(oxigraph_server, corpus_graph)


@pytest.fixture(scope="session")
def virtuoso_remote(virtuoso_server: Server, corpus_graph: Path) -> RemoteBackend:
    return _loaded(virtuoso_server, corpus_graph)


@pytest.fixture(scope="session")
def reference(corpus_graph: Path) -> Iterator[OxigraphBackend]:
    backend = OxigraphBackend(corpus_graph)
    yield backend
    backend.close()


#: rdflib's engine answers the parity tests in seconds where Oxigraph takes milliseconds: its
#: runs are left to the full suite (``slow``); the quick loop holds the embedded store to them.
@pytest.fixture(params=[pytest.param(b, marks=pytest.mark.slow) if b == "memory" else b
                        for b in BACKENDS])
def backend(request: pytest.FixtureRequest, corpus_graph: Path) -> object:
    if request.param == "oxigraph":
        return OxigraphBackend(corpus_graph)
    if request.param == "memory":
        return _memory(corpus_graph)
    remote: RemoteBackend = request.getfixturevalue(
        "oxigraph_remote" if request.param == "oxigraph-server" else "virtuoso_remote")
    if remote.query(_COUNT_CASES).rows[0][0] != Literal(13):
        push_graphs(corpus_graph, remote)  # another test module cleared the shared server
    return remote


_COUNT_CASES = ("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { "
                "?c a <https://w3id.org/casegraph/ontology#CaseExample> } }")


_MEMORY: dict[Path, MemoryBackend] = {}


def _memory(out: Path) -> MemoryBackend:
    if out not in _MEMORY:
        _MEMORY[out] = MemoryBackend(out)
    return _MEMORY[out]


def _rows(results: Results) -> list[dict[str, str | None]]:
    return [{k: (None if v is None else str(v)) for k, v in row.items()}
            for row in results.dicts()]


# --- one answer, whichever store -------------------------------------------------------------


@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_every_backend_gives_the_same_answer(backend: object, reference: OxigraphBackend,
                                             name: str, params: dict[str, str]) -> None:
    query = named_queries()[name]
    expected = run_query(reference, query, params)
    got = run_query(backend, query, params)  # type: ignore[arg-type]
    assert expected.rows, f"{name} answers nothing on the bundled corpus: a useless case"
    assert got.variables == expected.variables
    assert got.rows == expected.rows


REFERENCED = [(n, p) for n, p in CASES if (REFERENCE / f"{n}.rq").is_file()]


@pytest.mark.slow
@pytest.mark.parametrize("graph", ["corpus_graph", "generated_graph"])
@pytest.mark.parametrize(("name", "params"), REFERENCED,
                         ids=[i for i, c in zip(CASE_IDS, CASES) if c in REFERENCED])
def test_summaries_answer_as_the_case_graphs_do(request: pytest.FixtureRequest, graph: str,
                                                name: str, params: dict[str, str]) -> None:
    backend = OxigraphBackend(request.getfixturevalue(graph))
    if graph == "generated_graph" and "city" in params:
        first = backend.query("PREFIX schema: <https://schema.org/> SELECT ?n WHERE { "
                              "GRAPH ?g { ?c schema:contentLocation/schema:name ?n } } "
                              "ORDER BY ?n LIMIT 1")
        params = {**params, "city": str(first.rows[0][0])}
    reference = parse_query_text(name, (REFERENCE / f"{name}.rq").read_text(encoding="utf-8"))
    expected = run_query(backend, reference, params)
    got = run_query(backend, named_queries()[name], params)
    assert got.variables == expected.variables
    assert got.rows == expected.rows
    assert len(REFERENCED) >= 7


def test_every_named_query_is_exercised() -> None:
    assert {name for name, _ in CASES} == set(named_queries())
    assert len(named_queries()) >= 9


def test_answers_cut_at_a_row_limit_are_complete(backend: object,
                                                 reference: OxigraphBackend) -> None:
    query = """SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o }
                 FILTER (STRSTARTS(STR(?g), "https://w3id.org/casegraph/id/graph/")) }
               ORDER BY ?s ?p ?o"""
    expected = reference.query(query)
    got = backend.query(query)  # type: ignore[attr-defined]
    assert len(expected.rows) > 1000
    assert sorted(map(str, got.rows)) == sorted(map(str, expected.rows))


def test_language_tags_and_numbers_come_back_in_one_form(backend: object) -> None:
    query = """SELECT ?label ?confidence ?n WHERE {
                 GRAPH ?g { ?a <https://w3id.org/casegraph/ontology#confidence> ?confidence ;
                               <https://w3id.org/casegraph/ontology#evidence> ?label }
                 BIND (1 + 1 AS ?n) } ORDER BY ?label LIMIT 1"""
    row = backend.query(query).dicts()[0]  # type: ignore[attr-defined]
    assert row["label"].language == "en"
    assert str(row["confidence"]) in ("0.9", "0.6", "0.8", "0.7", "1.0", "0.5")
    assert row["n"] == Literal("2", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))


def test_normalised_terms() -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert normalise_term(Literal("colour", lang="en-gb")) == Literal("colour", lang="en-GB")
    assert normalise_term(Literal("0.90", datatype=URIRef(xsd + "decimal"))) == \
        Literal("0.9", datatype=URIRef(xsd + "decimal"))
    assert str(normalise_term(Literal("2", datatype=URIRef(xsd + "decimal")))) == "2.0"
    assert normalise_term(Literal("1", datatype=URIRef(xsd + "boolean"))) == \
        Literal("true", datatype=URIRef(xsd + "boolean"))
    assert normalise_term(Literal("7", datatype=URIRef(xsd + "int"))) == \
        Literal("7", datatype=URIRef(xsd + "integer"))
    assert str(normalise_term(Literal("2023-11-14T22:13:20", datatype=URIRef(xsd + "dateTime")))) \
        == "2023-11-14T22:13:20Z"
    assert normalise_term(Literal("x", datatype=URIRef(xsd + "string"))) == Literal("x")
    for written in ("1500", "1500.0", "1.5E3", "15e2"):
        assert str(normalise_term(Literal(written, datatype=URIRef(xsd + "double")))) == "1.5E3"
    assert str(normalise_term(Literal("-0.25", datatype=URIRef(xsd + "double")))) == "-2.5E-1"


# --- known answers on the bundled corpus ------------------------------------------------------


def test_tactics_for_ic4(reference: OxigraphBackend) -> None:
    rows = _rows(run_query(reference, named_queries()["tactics-for-challenge"],
                           {"challenge": "IC4"}))
    by_id = {r["tactic"]: r for r in rows}
    assert by_id["swot-analysis"]["cities"] == "Nantes"
    assert by_id["prioritising-actions"]["cities"] == "Gent; Nantes"
    assert by_id["prioritising-actions"]["n_cities"] == "2"
    assert rows[0]["tactic"] == "prioritising-actions"  # the only one in two cities
    assert by_id["pilot"]["partly_solved"] == "1"       # Ghent says it partly solved IC4


def test_cross_city_tactics_respect_min_cities(reference: OxigraphBackend) -> None:
    rows = _rows(run_query(reference, named_queries()["cross-city-tactics"],
                           {"min_cities": "3"}))
    assert rows and all(int(r["n_cities"] or 0) >= 3 for r in rows)
    peer = [r for r in rows if r["tactic"] == "peer-review" and r["challenge_code"] == "IC1"]
    assert peer and peer[0]["cities"] == "Berlin; Dodóni; Zwevegem"


def test_similar_cities_of_nantes(reference: OxigraphBackend) -> None:
    rows = _rows(run_query(reference, named_queries()["similar-cities"], {"city": "Nantes"}))
    assert rows[0]["other_city"] == "Gent"
    assert rows[0]["challenges"] == "IC4"
    assert "prioritising-actions" in (rows[0]["tactics"] or "")
    assert all(r["other_city"] != "Nantes" for r in rows)


def test_city_profile_and_lessons(reference: OxigraphBackend) -> None:
    profile = _rows(run_query(reference, named_queries()["city-profile"], {"city": "Nantes"}))
    assert len(profile) == 1
    assert profile[0]["challenges"] == "IC4"
    assert profile[0]["n_tactics"] == "6"
    assert profile[0]["outcome"] == ""  # the seed does not say how well it worked
    assert profile[0]["document"] == "stay-tuned-nantes.txt"
    ghent = _rows(run_query(reference, named_queries()["city-profile"], {"city": "Ghent"}))
    assert ghent[0]["challenges"] == "IC2; IC4" and ghent[0]["outcome"] == "partly"
    lessons = _rows(run_query(reference, named_queries()["lessons-for-challenge"],
                              {"challenge": "IC4"}))
    assert {r["city"] for r in lessons} == {"Nantes", "Gent"}
    assert all(r["document"] and r["lesson"] for r in lessons)


def test_counts_add_up_and_gaps(reference: OxigraphBackend) -> None:
    networks = _rows(run_query(reference, named_queries()["cases-by-network"]))
    assert sum(int(r["cases"] or 0) for r in networks) == 13
    gaps = _rows(run_query(reference, named_queries()["gaps"]))
    assert {"gap": "challenge without a documented tactic", "id": "UIA-6"}.items() <= \
        [r for r in gaps if r["id"] == "UIA-6"][0].items()
    single = [r for r in gaps if r["gap"] == "tactic used in one city only"]
    assert single and all(r["city"] and r["cases"] for r in single)
    assert "prioritising-actions" not in {r["id"] for r in single}


# --- parameters are values, never SPARQL -----------------------------------------------------


HOSTILE = 'x" } } ; DROP ALL ; SELECT * { ?s ?p "{'


def test_bound_values_stay_values(backend: object) -> None:
    query = parse_query_text("echo", "# param: text (string, required) any text\n"
                             "SELECT ?text ?length WHERE { BIND (STRLEN(?text) AS ?length) }")
    rows = run_query(backend, query, {"text": HOSTILE}).dicts()  # type: ignore[arg-type]
    assert len(rows) == 1
    assert int(rows[0]["length"]) == len(HOSTILE)  # type: ignore[arg-type]


def test_values_block_parses_back_to_the_same_term() -> None:
    for term in (Literal(HOSTILE + "\n\\\t'", lang="en-GB"), Literal(HOSTILE),
                 Literal("2", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")),
                 URIRef("https://w3id.org/casegraph/id/city/fr/nantes")):
        text = bind_values("PREFIX x: <http://x/>\nSELECT ?v WHERE { }", {"v": term})
        rows = list(Graph().query(text))
        assert len(rows) == 1 and rows[0][0] == term
    with pytest.raises(QueryError):
        bind_values("SELECT ?v WHERE { ?s ?p ?v }", {"v": URIRef("http://x/> } DROP ALL <")})
    with pytest.raises(QueryError):
        bind_values("SELECT ?v WHERE { ?s ?p ?v }", {"v; DROP": Literal("x")})


def test_values_go_into_the_where_group() -> None:
    query = ('SELECT (COUNT(*) AS ?n) # a { comment\nWHERE { ?s <http://x/{p}> "}" . '
             '{ ?s ?p ?v } }')
    bound = bind_values(query, {"v": Literal("1")})
    assert bound.startswith('SELECT (COUNT(*) AS ?n) # a { comment\nWHERE { VALUES (?v)')
    construct = bind_values("CONSTRUCT { ?s ?p ?v } WHERE { ?s ?p ?v }", {"v": Literal("1")})
    assert construct.startswith("CONSTRUCT { ?s ?p ?v } WHERE { VALUES")
    # Into a leading GRAPH pattern when it mentions every bound variable, else before it.
    inside = bind_values("SELECT * WHERE { GRAPH <urn:g> { ?s ?p ?v } ?s ?q ?w }",
                         {"v": Literal("1")})
    assert inside.startswith("SELECT * WHERE { GRAPH <urn:g> { VALUES (?v)")
    outside = bind_values("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } FILTER (?o > ?v) }",
                          {"v": Literal("1")})
    assert outside.startswith("SELECT * WHERE { VALUES (?v)")


def test_users_type_values_as_they_know_them(reference: OxigraphBackend) -> None:
    query = named_queries()["tactics-for-challenge"]
    by_code = run_query(reference, query, {"challenge": "IC4"})
    for written in ("ic 4", "IC-4", "Moving from strategy to operational action plan"):
        assert run_query(reference, query, {"challenge": written}) == by_code
    profile = named_queries()["city-profile"]
    assert run_query(reference, profile, {"city": "nantes"}) == \
        run_query(reference, profile, {"city": "Nantes, FR"})


@pytest.mark.parametrize(("typed", "written"), [
    ("lodz", "Łódź"), ("Goteborg", "Göteborg"), ("strasse", "Straße"), ("orestad", "Ørestad"),
    ("malmo", "Malmö"), ("Thessaloniki", "THESSALONIKI"),
])
def test_names_match_as_typed_on_an_english_keyboard(typed: str, written: str) -> None:
    from casegraph.taxonomy import fold

    assert fold(typed) == fold(written)


@pytest.mark.parametrize(("params", "message"), [
    ({}, "needs --param challenge=VALUE"),
    ({"challenge": "IC9"}, "no challenge 'IC9'; the challenges are: IC1, IC2"),
    ({"challenge": "IC4", "city": "Nantes"}, "has no parameter 'city'; its parameters are: "
                                            "challenge (challenge, required)"),
])
def test_parameter_errors_say_what_exists(reference: OxigraphBackend, params: dict[str, str],
                                          message: str) -> None:
    with pytest.raises(QueryParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run_query(reference, named_queries()["tactics-for-challenge"], params)


def test_unknown_city_suggests(reference: OxigraphBackend) -> None:
    with pytest.raises(QueryParameterError, match="did you mean Nantes"):
        run_query(reference, named_queries()["city-profile"], {"city": "Nantse"})


# --- the command line -------------------------------------------------------------------------


def _cli(*args: object) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_cli_formats(corpus_graph: Path) -> None:
    base = ("query", "tactics-for-challenge", "-p", "challenge=IC4", "--out", corpus_graph)
    as_json = json.loads(_cli(*base, "--format", "json").stdout)  # type: ignore[attr-defined]
    assert as_json["head"]["vars"][0] == "tactic"
    first = as_json["results"]["bindings"][0]
    assert first["tactic"] == {"type": "literal", "value": "prioritising-actions"}
    assert first["label"]["xml:lang"] == "en"
    as_csv = _cli(*base, "--format", "csv").stdout_bytes.decode()  # type: ignore[attr-defined]
    assert as_csv.startswith("tactic,label,cases,")
    assert as_csv.count("\r\n") == as_csv.count("\n")  # RFC 4180 line ends
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert len(rows) == len(as_json["results"]["bindings"])
    assert rows[0]["cities"] == "Gent; Nantes"
    as_tsv = _cli(*base, "--format", "tsv").stdout  # type: ignore[attr-defined]
    assert as_tsv.splitlines()[0].startswith("?tactic\t?label\t?cases")
    assert '"Prioritising a few actions"@en' in as_tsv
    assert '"2"^^<http://www.w3.org/2001/XMLSchema#integer>' in as_tsv
    as_md = _cli(*base, "--format", "md").stdout  # type: ignore[attr-defined]
    assert as_md.splitlines()[1].startswith("| --- |")
    table = CliRunner(env={"COLUMNS": "250"}).invoke(cli, [str(a) for a in base]).stdout
    assert table.splitlines()[0].split()[:3] == ["tactic", "label", "cases"]
    assert table.rstrip().endswith(f"({len(rows)} rows)")


@pytest.mark.parametrize("columns", [60, 80, 120, 250])
def test_tables_fit_the_terminal_and_wrap_rather_than_cut(corpus_graph: Path,
                                                          columns: int) -> None:
    """Tables were 170 columns wide in an 80-column terminal, cut every lesson at 60
    characters and left-aligned numbers."""
    runner = CliRunner(env={"COLUMNS": str(columns)})
    for name, params in (("lessons-for-challenge", ["-p", "challenge=IC4"]),
                         ("tactics-for-challenge", ["-p", "challenge=IC4"]),
                         ("cases-by-network", [])):
        shown = runner.invoke(cli, ["query", name, *params, "--out", str(corpus_graph)])
        assert shown.exit_code == 0, shown.output
        lines = shown.stdout.splitlines()
        assert max(map(len, lines)) <= columns
        assert "…" not in shown.stdout
        words = " ".join(shown.stdout.split())
        as_json = json.loads(runner.invoke(cli, ["query", name, *params, "--out",
                                                 str(corpus_graph), "--format", "json"]).stdout)
        for binding in as_json["results"]["bindings"]:
            for value in binding.values():
                if value["type"] == "literal" and " " in value["value"]:
                    # every word of every text is there, in order, wrapped across lines
                    assert value["value"].split()[0] in words
        if name == "lessons-for-challenge":
            longest = max((b["lesson"]["value"] for b in as_json["results"]["bindings"]), key=len)
            assert longest.split()[-1] in shown.stdout
    numbers = CliRunner(env={"COLUMNS": "250"}).invoke(
        cli, ["query", "cases-by-network", "--out", str(corpus_graph)]).stdout.splitlines()
    header = numbers[0]
    first = numbers[2]
    # "cases" is right-aligned: its numbers end where its heading ends
    end = header.index("cases") + len("cases")
    assert first[end - 1].isdigit() and first[end:end + 1] in (" ", "")


def test_a_table_too_wide_for_the_terminal_is_shown_a_row_at_a_time(corpus_graph: Path) -> None:
    shown = CliRunner(env={"COLUMNS": "80"}).invoke(
        cli, ["query", "tactics-for-challenge", "-p", "challenge=IC4", "--out",
              str(corpus_graph)]).stdout.splitlines()
    assert shown[0] == "row 1"
    assert shown[1].split()[0] == "tactic"
    assert any(line.split()[:1] == ["completely_solved"] for line in shown)
    assert shown[-1].endswith(" rows)")


def test_cli_file_and_sparql(corpus_graph: Path, tmp_path: Path) -> None:
    path = tmp_path / "count.rq"
    path.write_text("# title: Count cases\nPREFIX cg: <https://w3id.org/casegraph/ontology#>\n"
                    "SELECT (COUNT(?c) AS ?cases) WHERE { ?c a cg:CaseExample }\n",
                    encoding="utf-8")
    result = _cli("query", "--file", path, "--out", corpus_graph, "--format", "csv")
    assert result.stdout_bytes == b"cases\r\n13\r\n"  # type: ignore[attr-defined]
    result = _cli("query", "--sparql", "ASK { ?s ?p ?o }", "--out", corpus_graph,
                  "--format", "json", "--backend", "memory")
    assert json.loads(result.stdout) == {"head": {}, "boolean": True}  # type: ignore


@pytest.mark.parametrize(("args", "message"), [
    (("query", "tactics-for-challeng"), "no query named 'tactics-for-challeng' (did you mean "
                                        "tactics-for-challenge?); the named queries are: "),
    (("query", "gaps", "-p", "x=1"), "has no parameter 'x'"),
    (("query", "gaps", "-p", "novalue"), "write NAME=VALUE"),
    (("query",), "give one of: a query NAME, --file FILE or --sparql TEXT"),
    (("query", "--sparql", "SELECT WHERE {"), "SPARQL syntax error"),
    (("query", "--sparql", "DROP ALL"), "this is a SPARQL update, not a query"),
])
def test_cli_errors(corpus_graph: Path, args: tuple[str, ...], message: str) -> None:
    result = _cli(*args, "--out", corpus_graph)
    assert result.exit_code in (1, 2)  # type: ignore[attr-defined]
    assert message in result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]


def test_queries_lists_every_named_query() -> None:
    result = _cli("queries", "--format", "json")
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert [q["name"] for q in data] == list(named_queries())
    assert all(q["title"] and q["description"] for q in data)
    challenge = [q for q in data if q["name"] == "tactics-for-challenge"][0]["parameters"][0]
    assert challenge == {"name": "challenge", "kind": "challenge", "required": True,
                         "default": None, "description": challenge["description"]}
    text = _cli("queries").stdout  # type: ignore[attr-defined]
    assert "--param challenge=...  (challenge, required)" in text


def test_query_reads_the_server_with_endpoint(oxigraph_remote: RemoteBackend,
                                              corpus_graph: Path) -> None:
    url = oxigraph_remote.endpoint.query_url
    local = _cli("query", "city-profile", "-p", "city=Ghent", "--out", corpus_graph,
                 "--format", "json")
    remote = _cli("query", "city-profile", "-p", "city=Ghent", "--endpoint", url,
                  "--format", "json")
    assert remote.exit_code == 0, remote.output  # type: ignore[attr-defined]
    assert remote.stdout == local.stdout  # type: ignore[attr-defined]



# --- CONSTRUCT, DESCRIBE, stdin, ASK in CSV/TSV, one dataset on every store ----------------------

_CONSTRUCT = """PREFIX cg: <https://w3id.org/casegraph/ontology#>
PREFIX schema: <https://schema.org/>
CONSTRUCT { ?case schema:contentLocation ?city ; cg:faced ?challenge }
WHERE { GRAPH ?g { ?case a cg:CaseExample ; schema:contentLocation ?city ;
                     cg:faced/cg:challenge ?challenge } }"""


def test_construct_answers_the_same_graph_on_every_store(backend: object,
                                                        reference: OxigraphBackend) -> None:
    from casegraph.query.results import format_results

    results = run_query(backend, parse_query_text("construct", _CONSTRUCT))  # type: ignore[arg-type]
    assert results.triples is not None and len(results.triples) > 13
    expected = run_query(reference, parse_query_text("construct", _CONSTRUCT))
    assert format_results(results, "nt") == format_results(expected, "nt")


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("table", "turtle"),
                                        ("trig", "trig"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_a_graph_answer_is_written_in_each_rdf_format(runner: CliRunner, corpus_graph: Path,
                                                      fmt: str, parser: str) -> None:
    from rdflib import Dataset

    result = runner.invoke(cli, ["query", "--out", str(corpus_graph), "--sparql", _CONSTRUCT,
                                 "--format", fmt])
    assert result.exit_code == 0, result.output
    again = runner.invoke(cli, ["query", "--out", str(corpus_graph), "--sparql", _CONSTRUCT,
                                "--format", fmt])
    assert again.stdout == result.stdout  # the same bytes each time
    read = Dataset()
    read.parse(data=result.stdout, format=parser)
    nt = runner.invoke(cli, ["query", "--out", str(corpus_graph), "--sparql", _CONSTRUCT,
                             "--format", "nt"]).stdout
    assert len(read) == len(nt.splitlines()) > 13


def test_describe_tells_of_the_resource(runner: CliRunner, corpus_graph: Path) -> None:
    tactic = "https://w3id.org/casegraph/tactic/swot-analysis"
    result = runner.invoke(cli, ["query", "--out", str(corpus_graph), "--sparql",
                                 f"DESCRIBE <{tactic}>", "--format", "nt"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(f"<{tactic}> ") for line in lines)
    assert f'<{tactic}> <http://www.w3.org/2004/02/skos/core#prefLabel> "SWOT analysis"@en .' \
        in lines


def test_the_query_is_read_from_standard_input(runner: CliRunner, corpus_graph: Path) -> None:
    result = runner.invoke(cli, ["query", "--out", str(corpus_graph), "--file", "-",
                                 "--format", "csv"], input=_COUNT_CASES)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == b"n\r\n13\r\n"


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_ask_in_csv_or_tsv_is_refused_with_one_line(runner: CliRunner, corpus_graph: Path,
                                                    fmt: str) -> None:
    result = runner.invoke(cli, ["query", "--out", str(corpus_graph), "--sparql",
                                 "ASK { ?s ?p ?o }", "--format", fmt])
    assert result.exit_code == 1 and not result.stdout
    assert result.stderr == (f"Error: --format: an ASK answer has no {fmt.upper()} form (the "
                             "W3C SPARQL results formats define CSV and TSV for SELECT only): "
                             "use --format json, table or md\n")
    answer = runner.invoke(cli, ["query", "--out", str(corpus_graph), "--sparql",
                                 "ASK { ?s ?p ?o }", "--format", "json"])
    assert json.loads(answer.stdout) == {"head": {}, "boolean": True}


def test_rows_in_an_rdf_format_are_refused(runner: CliRunner, corpus_graph: Path) -> None:
    result = runner.invoke(cli, ["query", "gaps", "--out", str(corpus_graph), "--format",
                                 "turtle"])
    assert result.exit_code == 1
    assert "turtle is for the graph a CONSTRUCT or DESCRIBE query answers" in result.stderr


@pytest.mark.parametrize("server_name", ["oxigraph_server", "virtuoso_server"])
def test_ad_hoc_sparql_answers_the_same_on_a_server(
        request: pytest.FixtureRequest, runner: CliRunner, corpus_graph: Path,
        server_name: str) -> None:
    """The README's count, without GRAPH, gave 5016 on the embedded store and 0 on a server
    whose default graph is not the union; a query with FROM keeps its own dataset."""
    server: Server = request.getfixturevalue(server_name)
    _loaded(server, corpus_graph)
    for text in ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                 "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                 "PREFIX cg: <https://w3id.org/casegraph/ontology#>\n"
                 "SELECT ?case WHERE { ?case a cg:CaseExample } ORDER BY ?case"):
        answers = [runner.invoke(cli, ["query", *where, "--sparql", text, "--format", "csv"])
                   for where in (["--out", str(corpus_graph)],
                                 ["--endpoint", server.query_url])]
        assert answers[0].exit_code == answers[1].exit_code == 0, answers[1].output
        assert answers[0].stdout == answers[1].stdout
        assert answers[0].stdout.splitlines()[1] not in ("0", "")
    own = runner.invoke(cli, ["query", "--endpoint", server.query_url, "--format", "csv",
                              "--sparql", "SELECT (COUNT(*) AS ?n) FROM <urn:nothing> "
                                          "WHERE { ?s ?p ?o }"])
    assert own.exit_code == 0 and own.stdout_bytes == b"n\r\n0\r\n"


def test_evidence_for_challenge_gives_each_sentence_behind_the_counts(
        reference: OxigraphBackend) -> None:
    """"Which tactics overcame IC2, on what evidence" in one query: a row per tactic a case
    used against IC2, as many as tactics-for-challenge counts, each with its sentence, and the
    tactic, case and city as IRIs beside their labels."""
    named = named_queries()
    rows = run_query(reference, named["evidence-for-challenge"], {"challenge": "IC2"}).dicts()
    counts = run_query(reference, named["tactics-for-challenge"], {"challenge": "IC2"}).dicts()
    assert rows and len(rows) == sum(int(r["evidence"]) for r in counts)  # type: ignore[arg-type]
    for row in rows:
        assert isinstance(row["tactic_iri"], URIRef) and isinstance(row["case"], URIRef)
        assert str(row["tactic_iri"]).endswith("/tactic/" + str(row["tactic"]))
        assert str(row["evidence"]) and str(row["document"]) and str(row["city"])
        assert str(row["outcome"]) in ("", "completely solved", "partly solved", "not solved")
    by_tactic = {str(r["tactic"]): int(r["evidence"]) for r in counts}  # type: ignore[arg-type]
    assert by_tactic == {t: sum(1 for r in rows if str(r["tactic"]) == t) for t in by_tactic}


def test_named_queries_give_iris_beside_their_labels(reference: OxigraphBackend) -> None:
    named = named_queries()
    columns = {"tactics-for-challenge": ("tactic_iri", {"challenge": "IC4"}),
               "challenges-for-tactic": ("challenge_iri", {"tactic": "peer-review"}),
               "cross-city-tactics": ("tactic_iri", {}),
               "gaps": ("iri", {}),
               "similar-cities": ("other_city_iri", {}),
               "city-profile": ("case", {"city": "Nantes"}),
               "lessons-for-challenge": ("case", {"challenge": "IC4"})}
    for name, (column, params) in columns.items():
        rows = run_query(reference, named[name], params).dicts()
        assert rows, name
        assert all(isinstance(row[column], URIRef) for row in rows), name
