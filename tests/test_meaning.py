"""The meaning-based reader: headings in words and languages no word list has."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from casegraph import meaning
from casegraph.model import Document
from casegraph.ingest.template import _classify_heading, parse_template

HEADINGS = Path(__file__).parent / "gold" / "headings.yaml"

pytestmark = pytest.mark.skipif(not meaning.available(), reason="the encoder cannot load here")


def test_a_text_means_the_same_in_any_batch():
    classes = {"a": ("Lessons learned",), "b": ("Contact details",)}
    alone = meaning.nearest("Lärdomar för andra städer", classes)
    meaning._VECTORS.clear()
    meaning._classes.cache_clear()
    meaning._embed(["Lärdomar för andra städer", "Kontaktdaten", "Výsledky"])
    assert meaning.nearest("Lärdomar för andra städer", classes) == alone
    assert alone is not None and alone.key == "a"


def test_headings_in_other_words_open_their_sections_and_others_open_none():
    gold = yaml.safe_load(HEADINGS.read_text(encoding="utf-8"))
    right, wrong, named = 0, [], 0
    for key, lines in gold.items():
        for line in lines:
            found = _classify_heading(line)
            named += key != "other"
            if found is not None and found.key == key:
                right += 1
            elif found is not None:
                wrong.append((line, key, found.key))
    # Measured 2026-12-01: 43 of 65 section headings read (by words or meaning), none misread.
    # The ceiling and the floor hold what the thresholds were chosen for: no misreading first,
    # then as many as may be read.
    assert not wrong
    assert right >= 40, f"{right}/{named} headings read"


def test_a_case_written_under_headings_of_a_language_no_list_has_is_read():
    # Greek: no word list of the parser has a Greek word.
    text = "\n\n".join([
        "Γωνιές ανάγνωσης στις βιβλιοθήκες – Δήμος Πάτρας",
        "Ο δήμος άνοιξε γωνιές ανάγνωσης σε τρεις βιβλιοθήκες γειτονιάς.",
        "Η κύρια δυσκολία",
        "Έλειπαν εθελοντές για τις βραδινές ώρες.",
        "Πώς λύθηκε το πρόβλημα",
        "Μια συμφωνία με τους τοπικούς συλλόγους εξασφάλισε τις βάρδιες.",
        "Τα αποτελέσματα",
        "Οι βιβλιοθήκες μένουν ανοιχτές και το βράδυ.",
        "Μαθήματα για άλλες πόλεις",
        "Εμπλέξτε νωρίς τους συλλόγους της γειτονιάς.",
    ])
    parsed = parse_template(Document(path="patra.txt", name="patra.txt", media_type="text/plain",
                                     text=text, sha256=""))
    sections = {s.key: s.text for s in parsed.sections}
    assert sections["challenge"] == "Έλειπαν εθελοντές για τις βραδινές ώρες."
    assert sections["how_overcome"].startswith("Μια συμφωνία")
    assert sections["difference"].startswith("Οι βιβλιοθήκες")
    assert sections["lessons"] == "Εμπλέξτε νωρίς τους συλλόγους της γειτονιάς."
