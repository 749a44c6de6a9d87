"""Render a case record as the documents offices send: Word, PDF, Markdown and text forms.

Each renderer writes the same facts in another layout, wording and encoding, so that a test can
parse the rendering and demand the record it was rendered from (a metamorphic test).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from casegraph.model import CaseRecord
from casegraph.places import country_name

#: Countries as their own people write them.
NATIVE_COUNTRY = {
    "AT": "Österreich", "BE": "België", "BG": "България", "CZ": "Česko", "DE": "Deutschland",
    "DK": "Danmark", "ES": "España", "FI": "Suomi", "FR": "France", "GB": "UK", "GR": "Ελλάδα",
    "HR": "Hrvatska", "HU": "Magyarország", "IE": "Éire", "IT": "Italia", "NL": "Nederland",
    "PL": "Polska", "PT": "Portugal", "RO": "România", "SE": "Sverige", "SI": "Slovenija",
    "SK": "Slovensko",
}

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
_MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre")


@dataclass(frozen=True)
class Facts:
    """What a renderer writes: the record's facts, in the order the template asks for them."""

    network: str
    title: str
    city: str
    country: str
    summary: list[str]
    action: list[str]
    challenge: list[str]
    codes: list[str]
    how_overcome: list[str]
    difference: list[str]
    lessons: list[str]
    period: str | None
    prepared: tuple[int, int] | None
    authors: list[str]
    budget: str | None
    links: list[str]

    @classmethod
    def of(cls, record: CaseRecord) -> Facts:
        def paras(text: str | None) -> list[str]:
            return [p for p in (text or "").split("\n\n") if p.strip()]

        codes = [c.as_written + (" (assigned by the compiler)" if c.source == "assigned" else "")
                 for c in record.challenge_codes]
        period = None
        if record.start_year:
            period = str(record.start_year) + (f"-{record.end_year}" if record.end_year else "")
        prepared = None
        if record.prepared:
            year, month = record.prepared.split("-")
            prepared = (int(year), int(month))
        return cls(
            network=record.network or "", title=record.title or "", city=record.city or "",
            country=record.country or "", summary=paras(record.summary),
            action=paras(record.action), challenge=paras(record.challenge), codes=codes,
            how_overcome=paras(record.how_overcome), difference=paras(record.difference),
            lessons=list(record.lessons), period=period, prepared=prepared,
            authors=list(record.authors), budget=record.budget, links=list(record.links),
        )

    def country_en(self) -> str:
        return country_name(self.country) if self.country else ""

    def month_year(self, months: tuple[str, ...] = _MONTHS_EN, short: bool = False) -> str:
        assert self.prepared is not None
        year, month = self.prepared
        name = months[month - 1]
        return f"{name[:3] if short else name} {year}"


# The template's questions, as the forms below word them.
Q_SUMMARY = "Case Example Summary (6 lines max.)"
Q_ACTION = "WHAT was the action being implemented? (1 line)"
Q_CHALLENGE = "The CHALLENGE with this implementation: (4 lines)"
Q_OVERCOME = "How was the above challenge overcome? (6 lines)"
Q_DIFFERENCE = "What difference has this approach made? (10 lines max.)"
Q_LESSONS = "What lessons might other EU cities take from this Case Example? (10 lines max.)"


def _sections(f: Facts, *, lessons_heading: str = Q_LESSONS) -> Iterator[tuple[str, list[str]]]:
    """The content sections that the record has, with the template's question for each."""
    for question, body in ((Q_SUMMARY, f.summary), (Q_ACTION, f.action),
                           (Q_CHALLENGE, f.challenge + f.codes), (Q_OVERCOME, f.how_overcome),
                           (Q_DIFFERENCE, f.difference), (lessons_heading, f.lessons)):
        if body:
            yield question, body


def _key_facts(f: Facts, *, dates: str, dash: str, prepared: Callable[[Facts], str],
               authors: str, join: str) -> list[str]:
    """The key facts as 'label value' lines, worded and punctuated as a form words them."""
    lines = []
    if f.period:
        lines.append(f"{dates} {f.period.replace('-', dash)}")
    if f.prepared:
        lines.append(f"Date of preparation: {prepared(f)}")
    if f.authors:
        lines.append(f"{authors} {join.join(f.authors)}")
    if f.budget:
        lines.append(f"Budget: {f.budget}")
    return lines


# --- Word ---------------------------------------------------------------------------------------


def docx_headings(f: Facts, path: Path) -> Path:
    """Word with real heading styles, lessons as a numbered list, key facts as 'Label: value'."""
    import docx

    document = docx.Document()
    document.add_heading(f"{f.network} – city implementation case example", level=1)
    document.add_heading("Case example title and city", level=2)
    document.add_paragraph(f"{f.title} – {f.city}, {f.country_en()}")
    for question, body in _sections(f, lessons_heading="Lessons learnt"):
        document.add_heading(question, level=2)
        style = "List Number" if question == "Lessons learnt" else None
        for paragraph in body:
            document.add_paragraph(paragraph, style=style)
    document.add_heading("Key facts and figures", level=2)
    for line in _key_facts(f, dates="Start and end dates:", dash="–",
                           prepared=lambda f: f.month_year(),
                           authors="Who prepared the case example?", join=" and "):
        document.add_paragraph(line)
    if f.links:
        document.add_heading("Extra information and hyperlinks", level=2)
        for link in f.links:
            document.add_paragraph(link)
    document.save(str(path))
    return path


def docx_table(f: Facts, path: Path) -> Path:
    """Word whose body is a two-column table: the template's question, the city's answer."""
    import docx

    document = docx.Document()
    document.add_paragraph(f"{f.network.upper()} – CITY IMPLEMENTATION CASE EXAMPLE")
    rows: list[tuple[str, list[str]]] = [
        ("Network", [f.network]),
        ("Case example title", [f.title]),
        ("City", [f"City of {f.city}"]),
        ("Country", [f.country_en()]),
        *_sections(f),
    ]
    if f.period:
        rows.append(("Start and end dates of case example", [f.period.replace("-", " - ")]))
    if f.prepared:
        rows.append(("Date of preparation of this case example",
                     [f"{f.prepared[1]:02d}/{f.prepared[0]}"]))
    if f.authors:
        rows.append(("Who prepared the case example?", ["; ".join(f.authors)]))
    if f.budget:
        rows.append(("Budget", [f.budget]))
    if f.links:
        rows.append(("Extra information and hyperlinks", f.links))
    table = document.add_table(rows=0, cols=2)
    for question, answer in rows:
        left, right = table.add_row().cells
        left.text = question
        right.text = answer[0]
        for paragraph in answer[1:]:
            right.add_paragraph(paragraph)
    document.save(str(path))
    return path


# --- text ---------------------------------------------------------------------------------------


def _same_line(f: Facts) -> str:
    """Labels and answers on one line; a long answer's later paragraphs below it."""
    lines = [f"Network: {f.network} (URBACT network)",
             f"Case example title: {f.title}",
             f"City: {f.city} ({f.country_en()})", ""]
    for question, body in _sections(f):
        if question == Q_LESSONS:
            lines += [question, *(f"- {lesson}" for lesson in body), ""]
            continue
        lines.append(f"{question.rstrip(':')}: {body[0]}")
        lines += ["", *(p + "\n" for p in body[1:])]
    lines += _key_facts(f, dates="Start and end dates of case example:", dash=" to ",
                        prepared=lambda f: f.month_year(short=True),
                        authors="Who prepared the case example?", join=" / ")
    if f.links:
        lines += ["", "Extra information and hyperlinks:", *f.links]
    return "\n".join(lines) + "\n"


def _template(f: Facts, *, upper: bool = False) -> str:
    """The classic template: a banner, each question on a line of its own, the answer below."""
    def head(text: str) -> str:
        return text.upper() if upper else text

    lines = [f"{f.network.upper()} – CITY IMPLEMENTATION CASE EXAMPLE {f.city.upper()}", "",
             head("Case Example Title and City:"), "", f"{f.title} {f.city}, {f.country_en()}",
             ""]
    for question, body in _sections(f):
        lines += [head(question), ""]
        for number, paragraph in enumerate(body, start=1):
            lines += [(f"{number}. " if question == Q_LESSONS else "") + paragraph, ""]
    lines += [head("Key Facts and Figures:"), ""]
    if f.period:
        lines.append(f"Start and end dates of case example {f.period}")
    if f.prepared:
        lines.append(f"Date of preparation of this case example {f.prepared[0]}-"
                     f"{f.prepared[1]:02d}")
    if f.authors:
        lines += ["Who prepared the case example?", " / ".join(f.authors)]
    if f.budget:
        lines += [head("Budget"), f.budget]
    if f.links:
        lines += ["", head("Extra information and hyperlinks"), *f.links]
    return "\n".join(lines) + "\n"


def same_line(f: Facts, path: Path) -> Path:
    path.write_text(_same_line(f), encoding="utf-8")
    return path


def utf16(f: Facts, path: Path) -> Path:
    """The classic template as Notepad saves 'Unicode': UTF-16 LE with a BOM, CRLF."""
    path.write_bytes("\ufeff".encode("utf-16-le")
                     + _template(f).replace("\n", "\r\n").encode("utf-16-le"))
    return path


#: Windows code pages, Western first: a text in Polish or Czech is saved as Windows-1250, in
#: Greek as 1253, in Lithuanian or Latvian as 1257, as Word's plain-text export does.
_WINDOWS_CODE_PAGES = ("cp1252", "cp1250", "cp1253", "cp1257")


def cp1252(f: Facts, path: Path) -> Path:
    """The template with upper-case headings as Word's plain-text export: CRLF, in
    Windows-1252, or in the first Windows code page that holds every letter of the text."""
    text = _template(f, upper=True).replace("\n", "\r\n")
    for code_page in _WINDOWS_CODE_PAGES:
        try:
            path.write_bytes(text.encode(code_page))
            return path
        except UnicodeEncodeError:
            continue
    raise ValueError(f"no Windows code page holds every character of {f.title!r}")


def markdown(f: Facts, path: Path) -> Path:
    """Markdown as copied from a web page: bold same-line labels, a linked network."""
    slug = re.sub(r"[^a-z0-9]+", "-", f.network.lower()).strip("-")
    lines = [f"# {f.title}", "",
             f"**Network:** [{f.network}](https://urbact.eu/networks/{slug}) – a network of "
             "European cities", "",
             f"**City:** {f.city}, {NATIVE_COUNTRY.get(f.country, f.country_en())}", ""]
    labels = {Q_SUMMARY: "Summary", Q_ACTION: "What was the action?",
              Q_CHALLENGE: "The challenge", Q_OVERCOME: "How was the challenge overcome?",
              Q_DIFFERENCE: "What difference did it make?", Q_LESSONS: "Lessons for other cities"}
    for question, body in _sections(f):
        label = labels[question]
        if question == Q_LESSONS:
            lines += [f"## {label}", "", *(f"* {lesson}" for lesson in body), ""]
        else:
            lines += [f"**{label}** {body[0]}", "", *(p + "\n" for p in body[1:])]
    if f.period:
        lines += [f"**Period:** {f.period.replace('-', ' – ')}", ""]
    if f.prepared:
        lines += [f"**Date of preparation:** {f.month_year(_MONTHS_FR)}", ""]
    if f.authors:
        lines += [f"**Prepared by:** {', '.join(f.authors)}", ""]
    if f.budget:
        lines += [f"**Budget:** {f.budget}", ""]
    if f.links:
        lines += ["## Links", "", *(f"- <{link}>" for link in f.links), ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


# --- PDF ----------------------------------------------------------------------------------------


#: The characters the PDF form writes: Latin, Greek and Cyrillic letters, punctuation,
#: currency and letter-like symbols. Any other character fails its test (the glyph is missing).
_FONT_CHARACTERS = (*range(0x20, 0x250), *range(0x370, 0x500), *range(0x2000, 0x2070),
                    *range(0x20A0, 0x20D0), *range(0x2100, 0x2200))


@lru_cache(maxsize=2)
def _font_path(bold: bool = False) -> str:
    """DejaVu Sans, which matplotlib (a casegraph dependency) carries, cut to the characters
    the form writes, once a process: the whole font costs fpdf 0.2 s a document to load."""
    import atexit
    import shutil
    import tempfile

    import matplotlib
    from fontTools import subset
    from fontTools.ttLib import TTFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    font = TTFont(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name))
    options = subset.Options(layout_features=[], hinting=False, name_IDs=["*"],
                             notdef_outline=True, drop_tables=["FFTM"])
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=_FONT_CHARACTERS)
    cutter.subset(font)
    folder = Path(tempfile.mkdtemp(prefix="casegraph-test-font-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    font.save(str(folder / name))
    return str(folder / name)


def _break_lines(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Greedy line breaking with hyphenation: a long word that does not fit is split with '-'."""
    lines: list[str] = []
    line = ""
    words = text.split()
    index = 0
    while index < len(words):
        word = words[index]
        candidate = f"{line} {word}" if line else word
        if fits(candidate):
            line = candidate
            index += 1
            continue
        if line and len(word) >= 8 and word.isalpha():
            for cut in range(len(word) - 4, 3, -1):
                if fits(f"{line} {word[:cut]}-"):
                    lines.append(f"{line} {word[:cut]}-")
                    words[index] = word[cut:]
                    line = ""
                    break
            else:
                lines.append(line)
                line = ""
            continue
        if not line:  # a single token wider than the line (a URL): let it run over
            lines.append(word)
            index += 1
            continue
        lines.append(line)
        line = ""
    if line:
        lines.append(line)
    return lines


def pdf(f: Facts, path: Path) -> Path:
    """A PDF as exported from Word: running header, 'Page N of M' footer, hyphenated lines."""
    from fpdf import FPDF

    header = f"{f.network} | URBACT | {f.city}"

    class _Pdf(FPDF):  # type: ignore[misc]
        def header(self) -> None:
            self.set_font("DejaVu", size=8)
            self.cell(0, 6, header, new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("DejaVu", size=8)
            self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")

    document = _Pdf(format="A4")
    document.add_font("DejaVu", fname=_font_path())
    document.add_font("DejaVu", style="B", fname=_font_path(bold=True))
    document.set_auto_page_break(True, margin=22)
    document.add_page()
    width = document.w - document.l_margin - document.r_margin

    def heading(text: str) -> None:
        document.set_font("DejaVu", style="B", size=11)
        document.ln(3)
        document.multi_cell(width, 6, text, new_x="LMARGIN", new_y="NEXT")
        document.ln(1)

    def paragraph(text: str, *, indent: str = "") -> None:
        document.set_font("DejaVu", size=10)
        def fits(line: str) -> bool:
            return bool(document.get_string_width(indent + line) <= width)
        for line in _break_lines(text, fits):
            document.cell(width, 5, indent + line, new_x="LMARGIN", new_y="NEXT")
            indent = " " * len(indent)
        document.ln(2)

    heading("Case Example Title and City")
    paragraph(f.title)
    paragraph(f"{f.city}, {f.country_en()}")
    for question, body in _sections(f):
        heading(question)
        for number, text in enumerate(body, start=1):
            paragraph(f"{number}. {text}" if question == Q_LESSONS else text)
    heading("Key Facts and Figures")
    for line in _key_facts(f, dates="Start and end dates:", dash="-",
                           prepared=lambda f: f.month_year(), authors="Prepared by:",
                           join=", "):
        paragraph(line)
    if f.links:
        heading("Extra information and hyperlinks")
        for link in f.links:
            paragraph(link)
    document.output(str(path))
    return path


#: Every form, by name, with the file suffix it is written as.
FORMS: dict[str, tuple[str, Callable[[Facts, Path], Path]]] = {
    "docx-headings": (".docx", docx_headings),
    "docx-table": (".docx", docx_table),
    "same-line": (".txt", same_line),
    "pdf": (".pdf", pdf),
    "markdown": (".md", markdown),
    "utf16": (".txt", utf16),
    "cp1252": (".txt", cp1252),
}


def render(record: CaseRecord, form: str, folder: Path) -> Path:
    """Write the record in one form into a folder; return the file's path."""
    suffix, writer = FORMS[form]
    stem = Path(record.file_name or "case").stem
    return writer(Facts.of(record), folder / f"{stem}.{form}{suffix}")
