"""The template parser: sections found by heading and prompt, however they are written."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casegraph.errors import CasegraphError, TemplateError
from casegraph.ingest.extract import parse_case
from casegraph.model import Document
from casegraph.ingest.template import parse_template

PROMPTS = [
    "(6 lines max.)",
    "(10 lines max.)",
    "(1 line)",
    "(4 lines)",
    "Describe this CHALLENGE.",
    "(Choose ONE thing",
    "How well did it work",
    "What action did you take",
    "Did you try more than one activity?",
    "What have you changed as a result in the city",
    "How was implementing this action made more difficult?",
    "At least 2 good quality photos",
]


def doc(text: str, name: str = "case.txt") -> Document:
    return Document(path=name, name=name, media_type="text/plain", text=text, sha256="0" * 64)


def record_of(text: str) -> dict[str, object]:
    data = parse_case(doc(text)).to_json()
    data.pop("source")
    data.pop("warnings")
    return data


def test_seed_sections(seed_text: str) -> None:
    parsed = parse_template(doc(seed_text))
    keys = [s.key for s in parsed.sections if s.text]
    assert keys == ["title_city", "summary", "action", "challenge", "how_overcome",
                    "difference", "lessons", "dates", "prepared", "authors"]
    assert parsed.banner == "STAY TUNED – CITY IMPLEMENTATION CASE EXAMPLE NANTES"
    assert parsed.field("dates") == "2018-2019"
    assert parsed.field("authors") == "Jean-Jacques Derrien / Ian Graham"


def test_no_template_prompt_survives(seed_text: str) -> None:
    parsed = parse_template(doc(seed_text))
    for section in parsed.sections:
        for prompt in PROMPTS:
            assert prompt.lower() not in section.text.lower(), (section.key, prompt)


def test_paragraph_broken_mid_sentence_is_joined(seed_text: str) -> None:
    parsed = parse_template(doc(seed_text))
    text = parsed.text("how_overcome") or ""
    assert "work on tasks that are manageable – but" in text


@pytest.mark.parametrize("cut", ["take", "take from this", "take from this Case"])
def test_heading_wrapped_anywhere_is_one_heading(seed_text: str, cut: str) -> None:
    """A PDF wraps a long heading wherever the line ends; the rest of it is not content."""
    heading = "What lessons might other EU cities take from this Case Example? (10 lines max.)"
    head, _, tail = heading.partition(cut + " ")
    wrapped = seed_text.replace(heading, f"{head}{cut}\n{tail.replace(' (10 lines max.)', '')}")
    assert wrapped != seed_text
    assert parse_case(doc(wrapped)).lessons == parse_case(doc(seed_text)).lessons


def test_list_item_ending_on_a_line_of_its_own_is_one_item() -> None:
    """A PDF sets a list item's last word apart, with a blank line before it."""
    text = ("Case Example Title and City:\nShared Desks Turin, It\n\n"
            "What lessons might other EU cities take from this Case Example?\n\n"
            "- Pool the budget of three departments and\n\nNGOs.\n\n"
            "- Start small and grow the network year by year.\n")
    assert parse_case(doc(text)).lessons == (
        "Pool the budget of three departments and NGOs.",
        "Start small and grow the network year by year.")


# --- The same case, written differently, gives the same record ---------------------------------

_HEADINGS = [
    "Case Example Title and City:",
    "Case Example Summary (6 lines max.)",
    "WHAT was the action being implemented? (1 line)",
    "The CHALLENGE with this implementation: (4 lines)",
    "How was the above challenge overcome? (6 lines)",
    "What difference has this approach made? (10 lines max.)",
    "What lessons might other EU cities take from this Case Example? (10 lines max.)",
    "Key Facts and Figures:",
]


def _markdown(text: str) -> str:
    for heading in _HEADINGS:
        text = text.replace(heading, "## " + heading)
    text = text.replace("Who prepared the case example?", "**Who prepared the case example?**")
    return text.replace("STAY TUNED – CITY", "# STAY TUNED – CITY")


def _numbered(text: str) -> str:
    for number, heading in enumerate(_HEADINGS, start=1):
        text = text.replace(heading, f"{number}. {heading}")
    return text


def _case_changed(text: str) -> str:
    for heading in _HEADINGS:
        text = text.replace(heading, heading.upper().rstrip(":").replace("(", "[").replace(
            ")", "]").replace("[", "(").replace("]", ")"))
    return text.replace("Who prepared the case example?", "who prepared the case example")


def _key_facts_first(text: str) -> str:
    start = text.index("Key Facts and Figures:")
    end = text.index("Extra information and hyperlinks")
    facts = text[start:end]
    text = text[:start] + text[end:]
    anchor = text.index("Case Example Summary")
    return text[:anchor] + facts + "\n" + text[anchor:]


def _sections_missing(text: str) -> str:
    text = text.replace("Budget\n", "")
    text = text.replace("Annex\n\nAt least 2 good quality photos to be included", "")
    return text.replace("Solutions offered by the case example\n", "")


def _crlf_and_spaces(text: str) -> str:
    return re.sub(r"(?m)^(\S)", r"  \1", text).replace("\n", "\r\n")


@pytest.mark.parametrize(
    "variant",
    [_markdown, _numbered, _case_changed, _key_facts_first, _sections_missing, _crlf_and_spaces],
)
def test_variants_give_the_same_record(seed_text: str, variant: object) -> None:
    from casegraph.ingest.read import normalise_text

    changed = normalise_text(variant(seed_text))  # type: ignore[operator]
    assert changed != seed_text
    assert record_of(changed) == record_of(seed_text)


INT_HERIT = """INT-HERIT – CASE EXAMPLE

The Pescherie Reopened: a Public-Private Restoration

City: Mantova, Italy

Implementation Challenges:
- Setting up PPP's (assigned by the compiler)
- Maintaining involvement of local stakeholders and organising decision-making for delivery

Description
The city granted a 30-year concession to restore the fish market by Giulio Romano.

Solutions offered by the case example
Local entrepreneurs contributed funds under a concession agreement; the restoration was split
into phases so that access to the canal could open first.

Results
The challenge was partly solved: the first phase restored access to the canal.

Lessons for other cities
- A long concession can bring private money into heritage restoration.
- Phasing the works lets the public see results early.

Key facts
Period: 2016 - 2021
Budget: EUR 250,000 from local entrepreneurs
Prepared by: casegraph project (compiled from public sources)

Sources
https://int-herit.eu/ example https://urbact.eu/int-herit.
"""


def test_int_herit_variant() -> None:
    record = parse_case(doc(INT_HERIT))
    assert record.network == "INT-HERIT"
    assert record.title == "The Pescherie Reopened: a Public-Private Restoration"
    assert (record.city, record.country) == ("Mantua", "IT")
    assert [(c.code, c.source) for c in record.challenge_codes] == [
        ("IC5", "assigned"), ("IC2", "stated")]
    assert record.challenge_codes[0].as_written == "Setting up PPP's"
    assert record.how_overcome is not None and record.how_overcome.startswith("Local entrepren")
    assert record.outcome == "partly"
    assert record.lessons == (
        "A long concession can bring private money into heritage restoration.",
        "Phasing the works lets the public see results early.",
    )
    assert (record.start_year, record.end_year) == (2016, 2021)
    assert record.budget == "EUR 250,000 from local entrepreneurs"
    assert record.authors == ("casegraph project",)
    assert record.links == ("https://int-herit.eu/", "https://urbact.eu/int-herit")
    assert record.place is not None and record.place.geonames_id == 3174051


def test_no_recognisable_section() -> None:
    with pytest.raises(TemplateError, match="no section of the case-example template"):
        parse_template(doc("Minutes of the meeting.\n\nWe discussed the weather at length.\n"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=3000))
def test_parser_raises_only_its_own_errors(text: str) -> None:
    try:
        parse_case(doc(text))
    except CasegraphError:
        pass


_PIECES = st.sampled_from(
    _HEADINGS + PROMPTS + ["IC4 – Moving", "IC 9", "City: ", ", Fr", "Budget", "- ", "\n",
                           "\n\n", "#", "**", "Who prepared the case example?", "2018-2019",
                           "Feb 2019", "Nantes", "(assigned", "lessons", "é", "–"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=40)), max_size=60))
def test_parser_survives_template_like_noise(pieces: list[str]) -> None:
    try:
        parse_case(doc("".join(pieces)))
    except CasegraphError:
        pass


def test_headings_in_the_city_language() -> None:
    """A case example written wholly under German, French or Spanish headings is read."""
    texts = {
        "de": ("Titel: Gemeinsam planen\nStadt: Graz\nLand: Österreich\n\nZusammenfassung\n"
               "Die Stadt plante mit den Schulen.\n\nMaßnahme\nEin gemeinsamer Plan.\n\n"
               "Herausforderung\nDie Schulen hatten keine Zeit.\n\n"
               "Wie wurde die Herausforderung gemeistert?\nMit kurzen Treffen.\n\n"
               "Lehren\n- Früh anfangen und klein bleiben.\n"),
        "fr": ("Titre : Planifier ensemble\nVille : Lille\n\nRésumé\nLa ville a planifié.\n\n"
               "Action\nUn plan commun.\n\nDéfi\nLes écoles manquaient de temps.\n\n"
               "Comment le défi a-t-il été surmonté ?\nPar des réunions courtes.\n\n"
               "Leçons\n- Commencer tôt et rester modeste.\n"),
        "es": ("Título: Planificar juntos\nCiudad: Murcia\n\nResumen\nLa ciudad planificó.\n\n"
               "Acción\nUn plan común.\n\nReto\nLas escuelas no tenían tiempo.\n\n"
               "¿Cómo se superó el reto?\nCon reuniones cortas.\n\n"
               "Lecciones aprendidas\n- Empezar pronto y en pequeño.\n"),
        "nl": ("Titel: Samen plannen\nStad: Utrecht\n\nSamenvatting\nDe stad plande samen.\n\n"
               "Welke actie is uitgevoerd?\nEen gezamenlijk plan.\n\nDe uitdaging\n"
               "Scholen hadden geen tijd.\n\nHoe werd de uitdaging aangepakt?\n"
               "Met korte overleggen.\n\nLessen voor andere steden\n- Begin vroeg.\n"),
        "pl": ("Tytuł: Planujemy razem\nMiasto: Gdynia\n\nPodsumowanie\nMiasto planowało.\n\n"
               "Działanie\nWspólny plan.\n\nWyzwanie\nSzkoły nie miały czasu.\n\n"
               "Jak pokonano wyzwanie?\nKrótkie spotkania.\n\nWnioski dla innych miast\n"
               "- Zacznij wcześnie.\n"),
    }
    for language, text in texts.items():
        parsed = parse_template(doc(text))
        for key in ("summary", "action", "challenge", "how_overcome", "lessons"):
            assert parsed.text(key), (language, key)


def test_a_pdf_table_read_column_by_column_is_paired() -> None:
    """A key-facts table whose labels come out of the PDF first, then its values."""
    text = ("Title: Shared desks\n\nThe challenge\nRent was too high.\n\n"
            "What difference it made\nForty firms used the desks.\n\nKey facts\n\n"
            "Period:\n\nBudget:\nProject officer:\nPrepared by:\n\n"
            "2019 – 2021 (desks open from the autumn of\n2019)\nEUR 120,000\nJaan Kask\n"
            "Mari Tamm\n")
    parsed = parse_template(doc(text))
    assert parsed.text("difference") == "Forty firms used the desks."
    assert (parsed.field("dates"), parsed.field("budget"), parsed.field("authors")) == (
        "2019 – 2021 (desks open from the autumn of 2019)", "EUR 120,000", "Mari Tamm")


def test_labels_that_do_not_pair_stay_as_they_are() -> None:
    text = ("Title: Shared desks\n\nThe challenge\nRent was too high.\n\nKey facts\n\n"
            "Period:\nBudget:\nPrepared by:\n\n2019 – 2021\n")
    assert parse_template(doc(text)).field("budget") in (None, "")


def test_web_page_question_labels_rule_and_footer() -> None:
    """'**Was the challenge solved?** Yes, partly: ...' is the outcome with its reason, and a
    horizontal rule ends the lessons: the page's footer is not a lesson."""
    text = ("# Shared desks\n\n**City:** Tartu, Estonia\n\n## The challenge\nRent was too high.\n\n"
            "## How was the challenge overcome?\nA private operator runs the desks.\n\n"
            "**Was the challenge solved?** Yes, partly: the desks opened, but only for two days a "
            "week, because the operator could not find enough staff for the other days in the "
            "first year of the project.\n\n"
            "## Lessons for other cities\n\n* Ask the owning department early.\n\n---\n\n"
            "Page last updated 2026 · Share this page\n")
    record = parse_case(doc(text))
    assert record.outcome == "partly"
    assert record.how_overcome == "A private operator runs the desks."
    assert record.lessons == ("Ask the owning department early.",)


def test_headings_with_pictographs_and_html_from_a_cms() -> None:
    """A wiki's "### 🧭 2. The challenge" and a CMS's <strong>Label:</strong>&nbsp;value<br>."""
    text = ("# Shared desks\n\n<strong>City:</strong>&nbsp;Tartu, Estonia<br>\n"
            "<strong>Start and end:</strong>&nbsp;2019 &ndash; 2021<br>\n\n"
            "### 🧭 2. The challenge\n\nRent was too high &amp; rising.\n\n"
            "### 🛠️ 3. How the challenge was overcome\n\nA private operator runs the desks.\n\n"
            "<strong>Lessons for other cities:</strong>\n<ul><li>Ask early.</li>"
            "<li>Share the costs.</li></ul>\n")
    record = parse_case(doc(text))
    assert (record.city, record.country, record.start_year, record.end_year) == (
        "Tartu", "EE", 2019, 2021)
    assert record.challenge == "Rent was too high & rising."
    assert record.how_overcome == "A private operator runs the desks."
    assert record.lessons == ("Ask early.", "Share the costs.")


def test_key_facts_as_a_markdown_table_or_a_form_export() -> None:
    facts = {"pipe": "| Field | Value |\n|---|---|\n| City | Tartu |\n| Country | Estonia |\n"
                     "| Period | 2019 – 2021 |\n| Budget | EUR 120,000 |\n",
             "tab": "City\tTartu\nCountry\tEstonia\nStart\t2019\nEnd\t2021\nBudget\tEUR 120,000\n"}
    for form, table in facts.items():
        text = ("Title: Shared desks\n\nThe challenge\nRent was too high.\n\n"
                "Lessons for other cities\n- Ask early.\n\nKey facts\n\n" + table)
        record = parse_case(doc(text))
        assert (record.city, record.country, record.start_year, record.end_year,
                record.budget) == ("Tartu", "EE", 2019, 2021, "EUR 120,000"), form


def test_headings_in_a_writer_s_own_words() -> None:
    """A short line alone after some text, with the words of a section, opens that section;
    a challenge's name on its own line does not."""
    text = ("Shared desks in Tartu\n\nTartu opened shared desks for young firms.\n\n"
            "Where it got difficult\n\nThe building was to be sold.\n\n"
            "Setting up public private partnerships for delivery\n\n"
            "How we solved it\n\nA lease with the owning department.\n\n"
            "Results for the firms\n\nForty firms used the desks.\n\n"
            "Tips for other cities\n\nAsk early.\n")
    parsed = parse_template(doc(text))
    assert parsed.text("challenge").startswith("The building was to be sold.")
    assert parsed.text("how_overcome") == "A lease with the owning department."
    assert parsed.text("lessons") == "Ask early."
    assert [c.code for c in parse_case(doc(text)).challenge_codes] == ["IC5"]


def test_question_headings_of_a_faq_page() -> None:
    """A Markdown question heading goes on past the words it is known by ("What changed
    because of it?"), may be two sentences, or be written in capitals; a lead-in line before
    the lessons' bullets is no lesson; a bracket left open closes on the next line."""
    text = ("# Shared desks\n\nTartu opened shared desks for young firms.\n\n"
            "## The challenge\n\nThe building was to be sold.\n\n"
            "## What changed because of it?\n\nForty firms used the desks.\n\n"
            "## I run a city service myself. What should I take home from this?\n\n"
            "Three things:\n\n- Ask early.\n- Lease, do not buy.\n\n"
            "Budget: EUR 40,000 (desks and\n\nnetwork)\n")
    record = parse_case(doc(text, "case.md"))
    assert record.difference == "Forty firms used the desks."
    assert record.lessons == ("Ask early.", "Lease, do not buy.")
    assert record.budget == "EUR 40,000 (desks and network)"
    greek = ("Κοινά γραφεία\n\nΗ πόλη άνοιξε κοινά γραφεία.\n\n3) Η κύρια δυσκολία\n\n"
             "Το κτίριο επρόκειτο να πουληθεί.\n\n4) ΠΩΣ ΛΥΘΗΚΕ ΤΟ ΠΡΟΒΛΗΜΑ\n\n"
             "Μια μίσθωση με την αρμόδια υπηρεσία.\n")
    parsed = parse_template(doc(greek))
    assert parsed.text("challenge") == "Το κτίριο επρόκειτο να πουληθεί."
    assert parsed.text("how_overcome") == "Μια μίσθωση με την αρμόδια υπηρεσία."


def test_a_value_that_goes_on_under_itself_is_one_value() -> None:
    text = ("CASE EXAMPLE\n\nTitle:    Shared desks for the young firms of the\n"
            "          old harbour district\nCity:     Tartu, Estonia\n\n"
            "The challenge\nThe building was to be sold.\n\n"
            "Lessons\n  - Ask early.\n  - Lease, do not buy.\n")
    record = parse_case(doc(text))
    assert record.title == "Shared desks for the young firms of the old harbour district"
    assert record.city == "Tartu"
    assert record.lessons == ("Ask early.", "Lease, do not buy.")


def test_underlined_headings_and_restructuredtext_fields() -> None:
    """Headings underlined with '=' or '-' (Markdown setext, reStructuredText), an overlined
    title, ':City: Tartu' fields; comments and directives are not content."""
    text = ("=============\nShared desks\n=============\n\n:City: Tartu, Estonia\n"
            ":Period: 2019 – 2021\n\n.. contents:: On this page\n   :local:\n\n"
            "The challenge\n-------------\n\nRent was too high.\n\n"
            "Lessons for other cities\n========================\n\n- Ask early.\n")
    record = parse_case(doc(text))
    assert (record.title, record.city, record.country, record.start_year) == (
        "Shared desks", "Tartu", "EE", 2019)
    assert record.challenge == "Rent was too high."
    assert record.lessons == ("Ask early.",)
