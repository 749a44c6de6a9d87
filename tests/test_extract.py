"""Extraction: the seed's record field by field, and the forms real documents use."""

from __future__ import annotations

from pathlib import Path

import pytest

from casegraph.ingest.extract import canonical_network, parse_case
from casegraph.model import RECORD_KEYS, Document
from casegraph.places import find_place, other_names, resolve_country
from casegraph.ingest.read import read_document
from conftest import ROOT, SEED, Golden

TEMPLATE = """STAY TUNED – CITY IMPLEMENTATION CASE EXAMPLE {banner}

Case Example Title and City:
{title_city}

Case Example Summary
The team worked on a plan with local partners.

The CHALLENGE with this implementation:
Partners agreed with the plan but would not commit staff to it.

{code_line}

How was the above challenge overcome?
{overcome}

What difference has this approach made?
{difference}

What lessons might other EU cities take from this Case Example?
{lessons}

Key Facts and Figures:
Start and end dates of case example {dates}
Date of preparation of this case example {prepared}
Who prepared the case example?
{authors}
Budget
{budget}
"""

DEFAULTS = {
    "banner": "GHENT",
    "title_city": "Schools Draft Their Own Plans Ghent, Be",
    "code_line": "IC4 – Moving from strategy to operational action plan",
    "overcome": "The team ran a baseline analysis in each school.",
    "difference": "Schools now plan their own actions.",
    "lessons": "Start each school from its own baseline.",
    "dates": "2017-2019",
    "prepared": "May 2019",
    "authors": "Arwen Dewilde",
    "budget": "",
}


def parse(**changes: str) -> object:
    text = TEMPLATE.format(**{**DEFAULTS, **changes})
    return parse_case(Document("case.txt", "case.txt", "text/plain", text, "0" * 64))


# --- The seed ---------------------------------------------------------------------------------


def test_seed_record_is_exact(golden: Golden) -> None:
    record = parse_case(read_document(SEED))
    data = record.to_json()
    assert list(data) == list(RECORD_KEYS)
    assert data["source"] == str(SEED)
    data.pop("source")
    golden.check_json("stay-tuned-nantes.json", data)


def test_seed_headline_fields() -> None:
    record = parse_case(read_document(SEED))
    assert record.title == "Growing up Well in Nantes – Giving a Global Strategy a Local Focus"
    assert (record.city, record.country, record.network) == ("Nantes", "FR", "Stay Tuned")
    assert [c.code for c in record.challenge_codes] == ["IC4"]
    assert record.challenge_codes[0].as_written == (
        "IC4 – Moving from Strategy to Operational Action Plan")
    assert record.challenge_codes[0].source == "stated"
    assert (record.start_year, record.end_year, record.prepared) == (2018, 2019, "2019-02")
    assert record.authors == ("Jean-Jacques Derrien", "Ian Graham")
    assert record.budget is None and record.outcome is None
    assert record.place is not None and record.place.geonames_id == 2990969
    assert record.language == "en"


def test_seed_lessons_do_not_repeat_other_sections() -> None:
    record = parse_case(read_document(SEED))
    assert record.difference is not None
    for lesson in record.lessons:
        assert lesson not in record.difference
    assert len(set(record.lessons)) == len(record.lessons) == 1


@pytest.mark.parametrize("rendering", ["seed_docx", "seed_pdf"])
def test_word_and_pdf_renderings_give_the_same_record(rendering: str,
                                                      request: pytest.FixtureRequest) -> None:
    path: Path = request.getfixturevalue(rendering)
    rendered = parse_case(read_document(path)).to_json()
    original = parse_case(read_document(SEED)).to_json()
    rendered.pop("source")
    original.pop("source")
    assert rendered == original


# --- Challenge codes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("IC4 – Moving from Strategy to Operational Action Plan", "IC4"),
        ("IC 3 - Setting up efficient indicators and monitoring systems", "IC3"),
        ("ic2: involving local stakeholders", "IC2"),
        ("IC-5", "IC5"),
        ("Moving from strategy to operational action plan", "IC4"),
        ("Fostering the integrated approach", "IC1"),
        ("Involving local stakeholders", "IC2"),
        ("Setting up PPP's", "IC5"),
        ("Maintaining involvement of local stakeholders and organising decision making for "
         "delivery", "IC2"),
    ],
)
def test_challenge_written_as_code_name_or_short_form(line: str, code: str) -> None:
    record = parse(code_line=line)
    assert [c.code for c in record.challenge_codes] == [code]
    assert record.challenge_codes[0].as_written == line
    assert line not in (record.challenge or "")


@pytest.mark.parametrize(
    ("line", "codes"),
    [("Challenges: involving local stakeholders; setting up PPP's", ["IC2", "IC5"]),
     ("UIA challenges: leadership for implementation; monitoring & evaluation",
      ["UIA-1", "UIA-5"]),
     ("communicating with target beneficiaries / participative approach", ["UIA-6", "UIA-4"]),
     # a name a line, no bullets, the first line as long as the block is wide
     ("Maintaining involvement of local stakeholders and organising decision-making for "
      "delivery (assigned by the compiler)\nSetting up public private partnerships for delivery "
      "(assigned by the compiler)", ["IC2", "IC5"])],
)
def test_a_list_of_names_gives_every_challenge(line: str, codes: list[str]) -> None:
    """A list of names, with or without a label before it, is read name by name: the last
    name must not stand for the whole line."""
    assert [c.code for c in parse(code_line=line).challenge_codes] == codes


@pytest.mark.parametrize(
    ("line", "prepared", "authors"),
    [("Prepared: March 2020, Ana Ferreira and Rui Costa", "2020-03",
      ("Ana Ferreira", "Rui Costa")),
     ("Prepared on: 05/2021", "2021-05", ("Arwen Dewilde",))],
)
def test_prepared_label_with_date_and_people(line: str, prepared: str,
                                             authors: tuple[str, ...]) -> None:
    """A short "Prepared:" label gives the date, and the people after it when no one else is
    named as the author."""
    text = TEMPLATE.format(**DEFAULTS)
    text = text.replace("Date of preparation of this case example May 2019\n", line + "\n")
    if "Ana" in line:
        text = text.replace("Who prepared the case example?\nArwen Dewilde\n", "")
    record = parse_case(Document("case.txt", "case.txt", "text/plain", text, "0" * 64))
    assert (record.prepared, record.authors) == (prepared, authors)


@pytest.mark.parametrize(
    "first",
    ["RetaiLink – URBACT Transfer Network", "URBACT Action Planning Network: RetaiLink",
     "RetaiLink (URBACT)"],
)
def test_network_on_the_line_above_a_generic_banner(first: str) -> None:
    """A generic banner ("City Implementation Case Example") under a line naming the network."""
    text = TEMPLATE.format(**DEFAULTS).replace(
        "STAY TUNED – CITY IMPLEMENTATION CASE EXAMPLE GHENT",
        f"{first}\n\nCity Implementation Case Example")
    record = parse_case(Document("case.txt", "case.txt", "text/plain", text, "0" * 64))
    assert record.network == "RetaiLink"


@pytest.mark.parametrize("written", [
    "URBACT-Transfernetzwerk „RetaiLink“",
    "réseau de transfert URBACT « RetaiLink »",
    'The "RetaiLink" network',
    "RetaiLink Transfer Network",
    "URBACT – RetaiLink",
])
def test_a_network_named_in_quotes_or_after_words_for_network(written: str) -> None:
    assert canonical_network(written) == "RetaiLink"


def test_a_network_on_a_place_line_under_the_title() -> None:
    text = PROSE_ONLY.format(summary="Tartu opened reading corners.", overcome="Volunteers.")
    text = text.replace("neighbourhood\n", "neighbourhood\n\nCity of Tartu (Lead Partner), "
                        "Estonia · RetaiLink, URBACT Transfer Network\n", 1)
    record = parse_case(Document("case.txt", "case.txt", "text/plain", text, "0" * 64))
    assert record.network == "RetaiLink"


def test_assigned_code_is_recorded_as_assigned() -> None:
    record = parse(code_line="IC2 – Involving local stakeholders (assigned by the compiler)")
    assert [(c.code, c.source, c.as_written) for c in record.challenge_codes] == [
        ("IC2", "assigned", "IC2 – Involving local stakeholders")]


def test_unknown_code_is_a_warning() -> None:
    record = parse(code_line="IC9 – Financing")
    assert record.challenge_codes == ()
    assert any("IC9" in w for w in record.warnings)


def test_prose_mentioning_a_short_form_is_not_a_code() -> None:
    record = parse(code_line="The team spent the year involving local stakeholders in many "
                             "meetings, which took far longer than anyone had expected.")
    assert record.challenge_codes == ()


# --- Outcome ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "outcome"),
    [
        ("The challenge was completely solved.", "completely"),
        ("We would say the challenge was partly solved.", "partly"),
        ("It was partially overcome by the end of 2019.", "partly"),
        ("The challenge was not completely solved.", "partly"),
        ("Sadly it was not at all solved.", "not"),
        ("The problem remains unsolved.", "not"),
        ("The schools took part and plans were drafted.", None),
        # other languages, and "only" before the limit
        ("Il problema è stato risolto soltanto in parte, perché i fondi sono finiti.", "partly"),
        ("La difficulté a été entièrement relevée grâce au nouveau bail.", "completely"),
        ("El reto se resolvió solo parcialmente.", "partly"),
    ],
)
def test_outcome(sentence: str, outcome: str | None) -> None:
    assert parse(overcome="The team met weekly. " + sentence).outcome == outcome


def test_template_prompt_is_not_an_outcome() -> None:
    prompt = ("Did you try more than one activity? How well did it work - Was the challenge "
              "completely solved, partly solved or not at all solved?")
    assert parse(overcome=prompt + "\nThe team met weekly.").outcome is None


# --- Places, dates, people ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "code"),
    [("Fr", "FR"), ("Gr", "GR"), ("EL", "GR"), ("France", "FR"), ("UK", "GB"),
     ("Belgium", "BE"), ("Bg", "BG"), ("Czech Republic", "CZ"), ("Nowhere", None)],
)
def test_country_names_and_abbreviations(written: str, code: str | None) -> None:
    assert resolve_country(written) == code


@pytest.mark.parametrize(
    ("title_city", "title", "city", "country"),
    [
        ("Schools Draft Their Own Plans Ghent, Be", "Schools Draft Their Own Plans", "Gent",
         "BE"),
        ("Schools Draft Their Own Plans – Ghent, Belgium", "Schools Draft Their Own Plans",
         "Gent", "BE"),
        ("Youth Referees Sofia, Bg", "Youth Referees", "Sofia", "BG"),
        ("Alliances for Schools Ampelokipi-Menemeni, Gr", "Alliances for Schools",
         "Ampelokipi-Menemeni", "GR"),
    ],
)
def test_title_and_city_line(title_city: str, title: str, city: str, country: str) -> None:
    banner = city.upper()
    record = parse(title_city=title_city, banner=banner)
    assert (record.title, record.city, record.country) == (title, city, country)


@pytest.mark.parametrize(
    ("written", "country", "name", "other"),
    [("Comune di Milano", "IT", "Milan", ("Milano",)),
     ("Mantova (Mantua)", "IT", "Mantua", ("Mantova",)),
     ("Valencia (Spain) – Lead Partner", None, "Valencia", ()),
     ("Nantes", "FR", "Nantes", ())],
)
def test_a_city_keeps_the_names_it_was_written_in(written: str, country: str | None,
                                                  name: str, other: tuple[str, ...]) -> None:
    place = find_place(written, country)
    assert place is not None and place.name == name
    assert other_names(place) == other


@pytest.mark.parametrize(
    ("dates", "years"),
    [("2018-2019", (2018, 2019)), ("June 2017 – June 2019", (2017, 2019)),
     ("2016", (2016, None)), ("", (None, None))],
)
def test_dates(dates: str, years: tuple[int | None, int | None]) -> None:
    record = parse(dates=dates)
    assert (record.start_year, record.end_year) == years


@pytest.mark.parametrize(
    ("prepared", "expected"),
    [("Feb 2019", "2019-02"), ("February 2019", "2019-02"), ("2019-02", "2019-02"),
     ("02/2019", "2019-02"), ("2019", None), ("", None)],
)
def test_preparation_date(prepared: str, expected: str | None) -> None:
    assert parse(prepared=prepared).prepared == expected


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ("Jean-Jacques Derrien / Ian Graham", ("Jean-Jacques Derrien", "Ian Graham")),
        ("Jean-Jacques Derrien and Ian Graham", ("Jean-Jacques Derrien", "Ian Graham")),
        ("Arwen Dewilde (City of Ghent); Jessie De Naeghel",
         ("Arwen Dewilde", "Jessie De Naeghel")),
        ("A. Author, B. Writer & C. Editor", ("A. Author", "B. Writer", "C. Editor")),
        ("Ana Costa (ULG coordinator, City of Braga) with Rui Lopes (Lead Expert)",
         ("Ana Costa", "Rui Lopes")),
        ("Lena Hofmann mit Jonas Weber", ("Lena Hofmann", "Jonas Weber")),
    ],
)
def test_authors(authors: str, expected: tuple[str, ...]) -> None:
    assert parse(authors=authors).authors == expected


@pytest.mark.parametrize(("budget", "expected"),
                         [("", None), ("Not stated", None), ("EUR 2 million", "EUR 2 million"),
                          ("keine gesonderten Angaben", None), ("não indicado", None),
                          ("nie podano", None), ("δεν αναφέρεται", None),
                          ("nicht mehr als EUR 2 Mio.", "nicht mehr als EUR 2 Mio.")])
def test_budget(budget: str, expected: str | None) -> None:
    assert parse(budget=budget).budget == expected


def test_links_are_collected() -> None:
    record = parse(lessons="See https://urbact.eu/ghent-implementing-action-plans. Also "
                           "(https://sites.google.com/view/stay-tuned-report/partners/ghent)")
    assert record.links == ("https://urbact.eu/ghent-implementing-action-plans",
                            "https://sites.google.com/view/stay-tuned-report/partners/ghent")


def test_language_walk_matches_py3langid() -> None:
    """The memoised walk of the language model visits the library's features, in its order."""
    from py3langid.langid import visit_counts

    from casegraph.ingest.extract import _identifier

    identifier = _identifier()
    if not hasattr(identifier, "_visits"):
        pytest.skip("another py3langid: its own walk is used")
    texts = [p.read_text(encoding="utf-8", errors="replace")
             for p in sorted((ROOT / "data" / "cases").iterdir())]
    texts += ["", "a", "  double  spaces  ", "Œuvre – déjà vu ", texts[0].upper()]
    for text in texts * 2:  # the second round reads from the memo
        encoded = identifier._encode(text)
        expected = visit_counts(identifier.tk_nextmove, identifier._rowbase,
                                identifier.tk_output, encoded)
        got = identifier._visits(encoded)
        assert (got is None) == (expected is None)
        if expected is not None:
            assert list(got.items()) == list(expected.items())


def test_city_and_country_label_breadcrumbs_and_empty_answers() -> None:
    """'City / Country' holds both; a web page's trail of links is not the title; 'keine
    Angabe' is no budget; a network's bracketed programme is cut even when half of it."""
    text = TEMPLATE.format(**{**DEFAULTS, "budget": "keine Angabe"}).replace(
        "STAY TUNED – CITY IMPLEMENTATION CASE EXAMPLE GHENT\n",
        "Home › Networks › Stay Tuned › Cases\n\nSchools Draft Their Own Plans\n\n"
        "Network: Stay Tuned (URBACT Implementation Network, 2016\n\n"
        "City / Country: Gent (Lead Partner) / Belgium\n")
    text = text.replace("Case Example Title and City:\nSchools Draft Their Own Plans Ghent, Be\n",
                        "")
    record = parse_case(Document("case.txt", "case.txt", "text/plain", text, "0" * 64))
    assert (record.title, record.network, record.city, record.country, record.budget) == (
        "Schools Draft Their Own Plans", "Stay Tuned", "Gent", "BE", None)


LETTER = """Subject: Re: Case example – Shared desks for start-ups in Tartu (Start-Up Cities)

Hello all,

here is our write-up, as agreed at the meeting in Riga.

In brief

Tartu opened shared desks for young firms in an empty school.

What we wanted to achieve

A place where new firms can work side by side for a low rent.

About the difficulty

The building belonged to another department, which wanted to sell it. In URBACT terms it
touched two challenges: fostering the integrated approach, and setting up public private
partnerships for delivery.

How we tackled it

We signed a lease with the department and let a private operator run the desks.

What changed

Forty firms have used the desks.

What others can learn

Ask the owning department early. Let a private operator carry the running costs.

Thank you all for your patience with this long e-mail.

Kind regards,
Mari Tamm
Business support officer
City of Tartu
"""


def test_a_case_written_as_a_letter() -> None:
    """Subject line, plain section openers, a list of challenges in a sentence, a lessons
    paragraph, thanks and a signature: each read as the field it is."""
    record = parse_case(Document("case.txt", "case.txt", "text/plain", LETTER, "0" * 64))
    assert record.title == "Shared desks for start-ups in Tartu"
    assert record.network == "Start-Up Cities"
    assert record.summary == "Tartu opened shared desks for young firms in an empty school."
    assert record.action == "A place where new firms can work side by side for a low rent."
    assert [c.code for c in record.challenge_codes] == ["IC1", "IC5"]
    assert record.how_overcome.startswith("We signed a lease")
    assert record.difference == "Forty firms have used the desks."
    assert record.lessons == ("Ask the owning department early.",
                              "Let a private operator carry the running costs.")
    assert record.authors == ("Mari Tamm",)


def test_who_prepared_it_and_when_on_one_line() -> None:
    text = TEMPLATE.format(**DEFAULTS)
    text = text.replace("Date of preparation of this case example May 2019\n", "")
    text = text.replace("Who prepared the case example?\nArwen Dewilde\n",
                        "Prepared by: Arwen Dewilde, March 2020\n")
    record = parse_case(Document("case.txt", "case.txt", "text/plain", text, "0" * 64))
    assert (record.prepared, record.authors) == ("2020-03", ("Arwen Dewilde",))


def test_question_numbered_template_with_the_place_under_the_title() -> None:
    """'Q1. What was the action being implemented?' headings; the place on its own line under
    the title; a title line that goes on with the place and network after a middle dot;
    'How was it overcome?'; 'Outcome: challenge solved – ...'."""
    text = ("Shared desks for young firms Tartu, Estonia · Start-Up Cities network\n\n"
            "Tartu, Estonia\n\n"
            "Q1. What was the action being implemented?\nShared desks in an empty school.\n\n"
            "Q2. What was the challenge with this implementation?\nThe building was to be sold.\n\n"
            "Q3. How was it overcome?\nA lease with the owning department.\n\n"
            "Outcome: challenge solved – the desks are open.\n\n"
            "Q4. What lessons might other EU cities take from this case example?\n- Ask early.\n")
    record = parse_case(Document("case.txt", "case.txt", "text/plain", text, "0" * 64))
    assert (record.title, record.city, record.country) == (
        "Shared desks for young firms", "Tartu", "EE")
    assert record.action == "Shared desks in an empty school."
    assert record.how_overcome == "A lease with the owning department."
    assert record.outcome == "completely"
    assert record.lessons == ("Ask early.",)


# --- A city named only in the prose -------------------------------------------------------------

PROSE_ONLY = """Reading corners for every neighbourhood

Summary
{summary}

The challenge
Volunteers for the evening shifts were hard to find.

How was the challenge overcome?
{overcome}

Lessons
Bring the local associations in early.
"""


def _prose_case(summary: str, overcome: str) -> object:
    text = PROSE_ONLY.format(summary=summary, overcome=overcome)
    return parse_case(Document("case.txt", "case.txt", "text/plain", text, "0" * 64))


def test_a_city_named_only_in_the_prose_is_taken_with_a_warning() -> None:
    record = _prose_case("Tartu opened reading corners in three libraries, with Riga and Vilnius"
                         " as partners.", "An agreement with the associations of Tartu covered"
                         " the shifts.")
    assert (record.city, record.country) == ("Tartu", "EE")
    assert any("taken from the text" in w and "'Tartu'" in w for w in record.warnings)
    assert any("country not stated" in w for w in record.warnings)


def test_a_place_named_once_or_used_as_a_word_is_not_taken_for_the_city() -> None:
    once = _prose_case("The city opened reading corners, as Riga had done.",
                       "An agreement with the associations covered the shifts.")
    assert once.city is None and "no city found" in once.warnings
    # "Reading" is a town; here it is a word the text also writes in lower case.
    word = _prose_case("Reading corners opened in three libraries.",
                       "Reading together was the point; reading aloud drew families in.")
    assert word.city is None


def test_a_programme_line_above_the_title_is_not_the_title() -> None:
    text = PROSE_ONLY.format(summary="Tartu opened reading corners in its libraries.",
                             overcome="Associations of Tartu covered the shifts.")
    text = "RetaiLink · URBACT III · Transfer Network\n\n" + text
    record = parse_case(Document("case.txt", "case.txt", "text/plain", text, "0" * 64))
    assert record.title == "Reading corners for every neighbourhood"
    assert record.network == "RetaiLink"
