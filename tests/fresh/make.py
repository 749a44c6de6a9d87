"""Re-make the held-out "fresh" case-example documents in this folder.

Written on 2026-12-01 from the fact sheets in /work/shared/corpus/facts-more/ by someone who
had not read casegraph's reader. Every output is byte-identical between runs: no clock time is
written (docx core properties and zip entry times are fixed, the PDF creation date is fixed).

    python tests/fresh/make.py          # writes the 8 documents next to this script
"""

import datetime as dt
import io
import re
import textwrap
import zipfile
from pathlib import Path

import docx
from docx.shared import Pt
from fpdf import FPDF

HERE = Path(__file__).resolve().parent
FIXED = dt.datetime(2026, 12, 1, 9, 0, 0)
FIXED_UTC = dt.datetime(2026, 12, 1, 9, 0, 0, tzinfo=dt.timezone.utc)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


# --------------------------------------------------------------------------- helpers

def fix_core(d, author, title):
    cp = d.core_properties
    cp.author = author
    cp.last_modified_by = author
    cp.title = title
    cp.created = FIXED
    cp.modified = FIXED
    cp.last_printed = FIXED
    cp.revision = 1
    cp.comments = ""
    cp.keywords = ""
    cp.subject = ""


def save_docx(d, path):
    """Save a python-docx Document with fixed zip entry times, so reruns are identical."""
    buf = io.BytesIO()
    d.save(buf)
    buf.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2026, 12, 1, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, zin.read(info.filename))
    path.write_bytes(out.getvalue())


KEEP = re.compile(r"^[A-Z\u00c4\u00d6\u00dc][\w\- ]{1,28}: ")


def wrap(text, width):
    """Wrap each paragraph (blank-line separated) of text; never break inside a word.

    Short "Label: value" lines (a field on one line, an e-mail header) are left whole."""
    paras = text.strip("\n").split("\n\n")
    out = []
    for p in paras:
        lines = p.split("\n")
        wrapped = []
        for line in lines:
            if len(line) <= width or KEEP.match(line):
                wrapped.append(line)
            else:
                wrapped.extend(textwrap.wrap(line, width, break_long_words=False,
                                             break_on_hyphens=False))
        out.append("\n".join(wrapped))
    return "\n\n".join(out) + "\n"


# --------------------------------------------------------------------------- 1. Ljubljana

def make_ljubljana():
    d = docx.Document()
    fix_core(d, "casegraph project", "BEE PATH")
    d.add_paragraph("BEE PATH \u2014 Ljubljana (Lead Partner), Slovenia", style="Title")
    d.add_paragraph("BeePathNet \u00b7 URBACT Transfer Network \u00b7 Case example")

    d.add_paragraph("1. Summary", style="Heading 2")
    d.add_paragraph(
        "Ljubljana, lead partner of the BeePathNet Transfer Network, passed its Bee Path good "
        "practice on to five partner cities. Because the practice reaches into beekeeping, "
        "education, tourism, awareness raising and new products, the city split it into "
        "modules and used the transfer to upgrade the original.")

    d.add_paragraph("2. The action", style="Heading 2")
    d.add_paragraph(
        "Transferring the Bee Path \u2013 a learning route that links beekeeping heritage, "
        "apiaries, education, tourism and honey products, and that was built with about 32 "
        "partners \u2013 to five partner cities, and upgrading it along the way.")

    d.add_paragraph("3. The challenge", style="Heading 2")
    d.add_paragraph(
        "The Bee Path is a complex practice spread over many fields at once: beekeeping, "
        "education, tourism, awareness raising and the development of new products. The "
        "partner cities also started from very different positions, so one ready-made package "
        "could not simply be handed over.")
    d.add_paragraph("Implementation challenge: IC4 \u2013 Moving from strategy to operational "
                    "action plan")

    d.add_paragraph("4. How the challenge was overcome", style="Heading 2")
    d.add_paragraph(
        "Ljubljana divided the good practice into obligatory, voluntary and upgrade modules, "
        "so that each partner city could pick a realistic package. A transferability study "
        "assessed every partner city\u2019s starting point.")
    d.add_paragraph(
        "In each partner city a working group drew up an urban-beekeeping action plan, and "
        "each city drafted its own bee path. Mixed city teams came to Ljubljana for a study "
        "tour and a \u201cboot camp\u201d, where mentors for each field \u2013 beekeeping, "
        "education, tourism and awareness \u2013 worked with them.")
    d.add_paragraph(
        "The challenge was completely solved: all five partner cities transferred the practice.")

    d.add_paragraph("5. What difference it made", style="Heading 2")
    d.add_paragraph(
        "The exchange did not end with the URBACT funding. It was followed by a second "
        "network, BeePathNet Reloaded, and in October 2022 by the independent Bee Path Cities "
        "network, which is open to any urban authority.")

    d.add_paragraph("6. Lessons for other cities", style="Heading 2")
    for lesson in [
        "Split a complex practice into compulsory and optional modules, so that every city can "
        "start somewhere.",
        "Send mixed teams \u2013 a coordinator, a beekeeper, an educator and a tourism "
        "specialist \u2013 to learn from the lead city.",
        "Treat the transfer as a chance to upgrade the original practice, not only to copy it.",
    ]:
        d.add_paragraph(lesson, style="List Number")

    d.add_paragraph("7. Key facts", style="Heading 2")
    rows = [
        ("Network", "BeePathNet (URBACT III Transfer Network)"),
        ("City", "Ljubljana (Lead Partner)"),
        ("Country", "Slovenia"),
        ("Period", "Phase 2: 4 December 2018 \u2013 4 December 2020"),
        ("Budget", "EUR 600,000 (Phase 2)"),
        ("Contact", "Maru\u0161ka Markov\u010di\u010d, ULG coordinator, City of Ljubljana"),
        ("Prepared by", "casegraph project"),
        ("Date of preparation", "December 2026"),
    ]
    t = d.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    for label, value in rows:
        cells = t.add_row().cells
        cells[0].text = label
        cells[1].text = value
        cells[0].paragraphs[0].runs[0].bold = True
    save_docx(d, HERE / "beepathnet-ljubljana.docx")


# --------------------------------------------------------------------------- 2. Udine

def make_udine():
    d = docx.Document()
    fix_core(d, "Bruno Grizzaffi", "Udine's Transfer Story")
    d.add_paragraph("URBACT \u2013 case example", style="Heading 1")
    rows = [
        ("Title", ["Udine's Transfer Story - How Udine improved the Playful Paradigm and "
                   "addressed COVID-19 challenges"]),
        ("City / Country", ["Udine (Lead Partner) / Italy"]),
        ("Network", ["Playful Paradigm \u2013 URBACT Transfer Network"]),
        ("Action", [
            "Using games and play \u2013 the Ludobus, the toy library, urban games and, later, "
            "digital urban games \u2013 as a tool for co-creation and placemaking in health "
            "promotion, active ageing, inclusion and energy awareness, and improving the "
            "practice while transferring it to the partner cities."]),
        ("Challenge", [
            "The Playful Paradigm spans policies for which most partner cities, and cities in "
            "general, have no direct legal competence. It depends heavily on local governance "
            "and on subsidiarity. Then COVID-19 stopped the in-person play activities that are "
            "at the heart of the practice."]),
        ("Challenge code", [
            "IC1 \u2013 Ensuring the integrated approach in the delivery of the strategy and "
            "their related actions/projects",
            "IC2 \u2013 Maintaining involvement of local stakeholders and organising "
            "decision-making for delivery"]),
        ("Solution", [
            "Udine built an umbrella policy framework that links the sector policies involved "
            "to EU, WHO and national protocols, so that the practice does not rest on one legal "
            "competence.",
            "Its long membership of networks such as WHO Healthy Cities and Age-Friendly Cities "
            "was a source of learning. Partners took part in study activities tailored to them, "
            "for example on the Ludobus in Udine and on toy libraries in Paris.",
            "When the pandemic stopped gatherings, the Ludobus mobile play service and the toy "
            "library activities were complemented by new digital urban games."]),
        ("Outcome", [
            "Solved. The practice was transferred to seven partner cities and was itself "
            "upgraded during the transfer."]),
        ("Impact", [
            "According to the transfer story, the approach has brought healthier lifestyles, "
            "more solidarity, ownership of long-term social programmes and a stronger city "
            "brand."]),
        ("Lessons", [
            "Link a cross-cutting practice to recognised frameworks, so that it survives "
            "without a single legal competence.",
            "Middle-out initiatives combine the leadership of the city with co-creation by the "
            "community.",
            "Keep a digital fallback for activities that depend on bringing people together."]),
        ("Period", ["04/04/2018 \u2013 06/04/2021"]),
        ("Prepared by", ["Bruno Grizzaffi and Raffaella Lioce (project coordinators)"]),
        ("Date", ["24 May 2021"]),
    ]
    t = d.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    for label, paras in rows:
        cells = t.add_row().cells
        cells[0].text = label
        cells[0].paragraphs[0].runs[0].bold = True
        cells[1].text = paras[0]
        for p in paras[1:]:
            cells[1].add_paragraph(p)
    save_docx(d, HERE / "playful-paradigm-udine.docx")


# --------------------------------------------------------------------------- 3. Turin (PDF)

PDF_HEADER = "Urban Innovative Actions (UIA) \u00b7 CO-CITY \u00b7 Torino"

# Hyphenation points for long words (index = where the hyphen goes). Only these words may be
# split at a line end; words that already contain a hyphen are never split.
HYPH = {
    "administration": [5, 9], "collaboration": [6, 9], "regenerated": [5], "regenerating": [5, 8],
    "neighbourhood": [5], "neighbourhoods": [5], "procurement": [7], "institutional": [7, 9],
    "institutions": [7], "partnerships": [7], "innovation": [4, 7], "sustainability": [7, 10],
    "underused": [5], "communities": [5], "community": [5], "evaluation": [5], "commitment": [6],
    "regulation": [4, 6], "associations": [5, 7], "participative": [7], "arrangement": [7],
    "proposals": [4], "positioned": [5], "generation": [5], "partnership": [7],
    "transferred": [5], "abandoned": [4], "buildings": [5], "together": [2], "demanded": [3],
    "learned": [3], "residents": [3], "familiar": [3], "pandemic": [3], "cohesion": [2],
    "analysis": [3], "internal": [2], "collaborative": [6, 9], "socio-spatial": [],
    "polarization": [5, 8], "sustainable": [7], "approach": [3], "computer": [3],
    "foundation": [5], "experience": [5], "documented": [5],
}


class CasePDF(FPDF):
    def header(self):
        self.set_font("DejaVu", "", 8.5)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, PDF_HEADER, align="L")
        self.ln(6)
        self.set_draw_color(150, 150, 150)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(5)
        self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_y(-15)
        self.set_font("DejaVu", "", 8.5)
        self.set_text_color(90, 90, 90)
        self.cell(0, 8, f"page {self.page_no()}", align="C")
        self.set_text_color(0, 0, 0)


class Layout:
    BODY = 11.5
    LH = 6.4

    def __init__(self, pdf):
        self.pdf = pdf
        self.hyphenated = []

    def body_font(self):
        self.pdf.set_font("DejaVu", "", self.BODY)

    def need(self, height):
        if self.pdf.get_y() + height > self.pdf.page_break_trigger:
            self.pdf.add_page()
            self.body_font()

    def _split(self, word, current, width):
        m = re.match(r"^(\W*)([A-Za-z]+)(\W*)$", word)
        if not m or m.group(2).lower() not in HYPH:
            return None
        lead, core, trail = m.groups()
        for i in sorted(HYPH[core.lower()], reverse=True):
            head = lead + core[:i] + "-"
            if self._width(current + [head]) <= width:
                return head, core[i:] + trail
        return None

    def _width(self, words):
        sw = self.pdf.get_string_width(" ")
        return sum(self.pdf.get_string_width(w) for w in words) + sw * max(len(words) - 1, 0)

    def lines(self, text, width):
        queue = text.split()
        out, cur = [], []
        while queue:
            word = queue.pop(0)
            if not cur or self._width(cur + [word]) <= width:
                cur.append(word)
                continue
            split = self._split(word, cur, width)
            if split:
                cur.append(split[0])
                queue.insert(0, split[1])
                self.hyphenated.append(split[0] + split[1])
            else:
                queue.insert(0, word)
            out.append(cur)
            cur = []
        out.append(cur)
        return out

    def paragraph(self, text, indent=0.0, bullet=None, after=2.6):
        pdf = self.pdf
        self.body_font()
        width = pdf.w - pdf.l_margin - pdf.r_margin - indent
        lines = self.lines(text, width)
        for n, words in enumerate(lines):
            self.need(self.LH)
            y = pdf.get_y() + self.LH * 0.72
            x = pdf.l_margin + indent
            if bullet and n == 0:
                pdf.text(pdf.l_margin, y, bullet)
            last = n == len(lines) - 1
            ws = [pdf.get_string_width(w) for w in words]
            if not last and len(words) > 1:
                gap = (width - sum(ws)) / (len(words) - 1)
            else:
                gap = pdf.get_string_width(" ")
            for w, wlen in zip(words, ws):
                pdf.text(x, y, w)
                x += wlen + gap
            pdf.set_y(pdf.get_y() + self.LH)
        pdf.set_y(pdf.get_y() + after)

    def heading(self, text):
        self.need(9 + 3 * self.LH)
        self.pdf.set_y(self.pdf.get_y() + 2)
        self.pdf.set_font("DejaVu", "B", 13)
        self.pdf.cell(0, 8, text)
        self.pdf.ln(9)
        self.body_font()

    def fact(self, label, value):
        pdf = self.pdf
        self.need(self.LH)
        pdf.set_font("DejaVu", "B", self.BODY)
        pdf.cell(38, self.LH, label)
        pdf.set_font("DejaVu", "", self.BODY)
        pdf.multi_cell(0, self.LH, value, new_x="LMARGIN", new_y="NEXT")


def make_turin():
    pdf = CasePDF(format="A4")
    pdf.set_creation_date(FIXED_UTC)
    pdf.set_title("CO-CITY - collaborative management of urban commons")
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_font("DejaVu", "B", FONT_BOLD)
    pdf.set_margins(24, 18, 24)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    lay = Layout(pdf)

    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, "CO-CITY - collaborative management of urban commons to counteract "
                         "poverty and socio-spatial polarization", align="L")
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(0, 6, "Case example \u00b7 City of Turin (Torino), Italy")
    pdf.ln(10)

    lay.heading("Summary")
    lay.paragraph(
        "In Turin, the UIA project CO-CITY regenerated abandoned and underused public spaces "
        "and buildings through pacts of collaboration between the city and its residents or "
        "associations. To make this work, the administration had to learn to govern public "
        "assets together with communities, and this demanded as much innovation in procurement "
        "and in institutional routines as in the social work itself.")

    lay.heading("The action")
    lay.paragraph(
        "Regenerating abandoned or underused public spaces and buildings through \u201cpacts of "
        "collaboration\u201d between the city and residents or associations, under the Turin "
        "Regulation on the urban commons, with the network of Neighbourhood Houses (Case del "
        "Quartiere) serving as the local support points.")

    lay.heading("The challenge")
    lay.paragraph(
        "The administration had to learn how to co-govern public assets with communities. This "
        "required new legal tools, and it required public procurement and institutional "
        "routines that were able to handle partnerships between the public administration and "
        "communities. At the same time, the city had to balance the sustainability of each "
        "arrangement against the public value of the commons.")
    lay.paragraph(
        "UIA operational challenges: (smart) public procurement; participative approach for "
        "co-implementation (incl. private partners)")

    lay.heading("How the challenge was overcome")
    lay.paragraph(
        "Pacts of collaboration were co-designed with residents and NGOs. The Neighbourhood "
        "Houses became the place where residents get help in drafting their pact proposals, so "
        "that every neighbourhood had a familiar front door to the administration.")
    lay.paragraph(
        "The Regulation for the Urban Commons was revised, reshaped by what the project learned "
        "along the way. The city worked in partnership with the University of Turin (computer "
        "science and law), ANCI and the Cascina Roccafranca Foundation, and it positioned the "
        "pacts as a first generation of urban innovation partnerships.")
    lay.paragraph(
        "A final evaluation followed a Theory of Change approach. The fifth expert journal "
        "describes its analysis of the challenges as a record of internal learning, above all "
        "on public procurement and institutional innovation. The challenge was completely "
        "solved: by the time of the sixth journal, 50 pacts of collaboration had been signed.")

    lay.heading("What difference it made")
    lay.paragraph(
        "The sixth journal reports stronger trust in institutions, more social cohesion and a "
        "long-term commitment across the administration. The pacts also helped to keep spaces "
        "alive during the pandemic. After the project, the model was transferred to other "
        "cities through the CO4CITIES transfer network in 2021\u20132022.")

    lay.heading("Lessons for other cities")
    for lesson in [
        "A legal tool \u2013 a regulation together with pacts \u2013 gives civic care of public "
        "assets a stable footing.",
        "Use existing neighbourhood hubs as the front door for residents.",
        "Expect the procurement and institutional side to need as much innovation as the "
        "social side.",
    ]:
        lay.paragraph(lesson, indent=6, bullet="\u2022", after=1.5)

    lay.heading("Key facts")
    for label, value in [
        ("Programme", "Urban Innovative Actions (UIA), first call, Urban Poverty topic"),
        ("City", "Turin (Torino), Italy"),
        ("Period", "2017 \u2013 2022 (project from mid-2017; CO4CITIES transfer 2021\u20132022)"),
        ("Budget", "not stated"),
        ("UIA Expert", "Christian Iaione (journals 4 and 6)"),
        ("Prepared by", "casegraph project, December 2026"),
    ]:
        lay.fact(label + ":", value)

    pdf.output(str(HERE / "uia-turin-co-city.pdf"))
    return lay.hyphenated, pdf.page_no()


# --------------------------------------------------------------------------- 4. Amadora (md)

AMADORA_MD = """\
[Home](https://urbact.eu/) \u203a [Networks](https://urbact.eu/networks) \u203a [Rumourless Cities](https://urbact.eu/networks/rumourless-cities) \u203a Amadora

# Do Not Feed the Rumour

**City:** Amadora (Lead Partner), Portugal  
**Network:** [Rumourless Cities](https://urbact.eu/networks/rumourless-cities) \u2013 URBACT Transfer Network  
**Period:** 2014 \u2013 2021  
**Theme:** Anti-discrimination \u00b7 migrant integration \u00b7 communication

Share this page: [Facebook](https://www.facebook.com/sharer/sharer.php) \u00b7 [LinkedIn](https://www.linkedin.com/shareArticle)

**Summary:** Amadora, lead partner of Rumourless Cities, takes on the rumours that circulate about migrants and about the city itself. Its good practice, \u201cDo Not Feed the Rumour\u201d, counters them with accurate information carried by trained anti-rumour agents, a viral campaign and cultural activities.

**Action:** An anti-rumour strategy and campaign: identifying the rumours about migrants and about Amadora itself, then countering them with accurate information through a network of trained anti-rumour agents, a viral communication campaign and cultural activities.

## The challenge

For years Amadora and its residents carried a negative image, partly because of the way the media covered the city. The city had to change that perception without blaming anyone, and it had to reach and involve a broad local network of public bodies, social organisations and citizens.

**Implementation challenge:** IC2 \u2013 Maintaining involvement of local stakeholders and organising decision-making for delivery

## How was the challenge overcome?

The work began with action research: a diagnosis of the rumours actually in circulation, collected as \u201cdid you know that...\u201d statements. A local anti-rumour network brought together the public administration, social organisations and citizens, and dozens of anti-rumour agents were trained.

Four national figures \u2013 an actress, a singer, a journalist and a sportsman \u2013 gave the campaign visibility. Cultural activities such as a comics workshop, a Theatre of the Oppressed debate and a solidarity walk opened further conversations.

Within the network, Amadora practitioners \u2013 a teacher and an illustrator \u2013 led training workshops in the partner cities.

**Was the challenge solved?** Yes, completely: the practice was labelled an URBACT Good Practice, transferred to five partner cities and kept as part of the municipal interculturality strategy.

**What difference did it make?** The anti-rumour work became a lasting part of the city\u2019s intercultural policy rather than a one-off campaign; the Council of Europe lists it as still ongoing.

## Lessons for other cities

* Start from a diagnosis of the rumours people actually repeat before designing any message.
* Trained local agents carry counter-messages further than the council can alone.
* Culture and art can open conversations that facts alone do not.

---

Lead Expert of the network: Ruth Essex \u00b7 Trainers in the partner cities: Elisa Moreira (secondary-school teacher) and Marina Pal\u00e1cio (illustrator and artist-educator)

*Page last updated 2026*

[\u2190 Back to the Rumourless Cities network page](https://urbact.eu/networks/rumourless-cities)
"""


def make_amadora():
    (HERE / "rumourless-cities-amadora.md").write_bytes(AMADORA_MD.encode("utf-8"))


# --------------------------------------------------------------------------- 5. Zugló (German)

ZUGLO_TXT = """\
Tropa Verde \u2013 Fallbeispiel Zugl\u00f3

Titel: Belohnung f\u00fcr Wiederverwendung und Recycling
Netzwerk: Tropa Verde (URBACT-Transfernetzwerk, gute Praxis aus Santiago de Compostela)
Stadt: Zugl\u00f3 (XIV. Bezirk von Budapest), Ungarn

Zusammenfassung

Zugl\u00f3, der XIV. Bezirk von Budapest, hat die in Santiago de Compostela entwickelte Plattform Tropa Verde \u00fcbernommen. Bewohnerinnen und Bewohner, die Wertstoffe zu Sammelstellen bringen, erhalten Gutscheine, die sie bei \u00f6rtlichen Gesch\u00e4ften gegen Geschenke oder Rabatte eintauschen k\u00f6nnen.

Ma\u00dfnahme

Start einer lokalen Tropa-Verde-Plattform, die Bewohnerinnen und Bewohner f\u00fcr das Abgeben von Wertstoffen an Sammelstellen mit Gutscheinen belohnt; die Gutscheine k\u00f6nnen bei \u00f6rtlichen Unternehmen gegen Geschenke oder Rabatte eingel\u00f6st werden.

Herausforderung

Etwa die H\u00e4lfte der gesammelten Abf\u00e4lle landete auf der Deponie, und nur rund 10 % der Siedlungsabf\u00e4lle wurden getrennt gesammelt. Die Abfallwirtschaft liegt zudem nicht beim Bezirk, sondern bei FKF, einem Unternehmen im Besitz der Stadt Budapest. Der Bezirk musste deshalb mit diesem Unternehmen und mit \u00f6rtlichen Gesch\u00e4ften zusammenarbeiten.

Umsetzungsherausforderung: Aufbau \u00f6ffentlich-privater Partnerschaften f\u00fcr die Umsetzung

Wie wurde die Herausforderung bew\u00e4ltigt?

Bevor das System entworfen wurde, befragte der Bezirk die Bewohnerinnen und Bewohner zu ihren Einstellungen, Gewohnheiten, Beweggr\u00fcnden und Bed\u00fcrfnissen. Eine Online-Karte zeigt f\u00fcr jede Art von Gegenstand die richtige Recyclingstelle.

Das Webunternehmen, das die urspr\u00fcngliche Plattform gebaut hatte, unterst\u00fctzte den Bezirk. \u00d6rtliche Unternehmen stellen als Sponsoren die Pr\u00e4mien bereit, und das Projekt baut auf den bestehenden Wiederverwendungs- und Bildungszentren von FKF auf.

Ergebnis

Die Herausforderung wurde vollst\u00e4ndig gel\u00f6st: Die lokale Plattform wurde \u00fcber tropaverde.org gestartet. Wie stark sich die Recyclingquote dadurch ver\u00e4ndert hat, ist in den ausgewerteten Quellen nicht beziffert.

Lehren f\u00fcr andere St\u00e4dte

\u2013 Zuerst die Bewohnerinnen und Bewohner befragen und das System an die \u00f6rtlichen Gewohnheiten anpassen.
\u2013 Wenn die Abfallwirtschaft bei einer anderen Verwaltungsebene liegt, deren Betreiber fr\u00fch einbinden.

Eckdaten

Laufzeit: 2018 bis 2021
Budget: keine Angabe
Ansprechpartner: M\u00e1t\u00e9 Fej\u00e9r (Projektkoordinator)
Verfasst von: casegraph project
Stand: 1. Dezember 2026
"""


def make_zuglo():
    (HERE / "tropa-verde-zuglo.txt").write_bytes(wrap(ZUGLO_TXT, 76).encode("utf-8"))


# --------------------------------------------------------------------------- 6. Torres Vedras

TORRES_TXT = """\
BIOCANTEENS \u2013 CITY IMPLEMENTATION CASE EXAMPLE TORRES VEDRAS

Summary

Case Example Title and City:

Sustainable Food School Programme \u2013 Torres Vedras, Portugal

Case Example Summary (6 lines max.)

No \u00e2mbito da rede BioCanteens, o Munic\u00edpio de Torres Vedras come\u00e7ou a introduzir alimentos biol\u00f3gicos e de origem local nas refei\u00e7\u00f5es escolares. O piloto arrancou nas cozinhas municipais que servem a freguesia da cidade, e os concursos p\u00fablicos foram divididos em lotes para abrir espa\u00e7o aos pequenos fornecedores locais.

Solutions offered by the case example

WHAT was the action being implemented? (1 line)

Introduzir alimentos biol\u00f3gicos e de origem local nas refei\u00e7\u00f5es escolares, come\u00e7ando por um piloto nas cozinhas municipais que servem a freguesia da cidade (escola da Conquinha), acompanhado de educa\u00e7\u00e3o alimentar, hortas escolares biol\u00f3gicas e partilha de ementas e receitas com os pais.

The CHALLENGE with this implementation: (4 lines)

How was implementing this action made more difficult? i.e. what barrier, problem, risk, difficulty, challenge was experienced with implementing this action.

(Choose ONE thing that made implementing this action be to be more difficult, be more costly, take more time or be stopped entirely)

Describe this CHALLENGE.

O munic\u00edpio serve cerca de 4.700 refei\u00e7\u00f5es por dia e gere-as de duas formas: atrav\u00e9s das suas pr\u00f3prias cozinhas, na cidade, e atrav\u00e9s das juntas de freguesia, que contratam institui\u00e7\u00f5es sociais locais. A contrata\u00e7\u00e3o p\u00fablica tinha de favorecer os pequenos fornecedores locais, numa altura em que a oferta e a procura de produtos biol\u00f3gicos ainda eram limitadas.

IC5 \u2013 Setting up Public Private Partnerships for delivery
IC1 \u2013 Ensuring the integrated approach in the delivery of the strategy and their related actions/projects

How was the above challenge overcome? (6 lines)

What action did you take (activities) to deal with the above challenge?

Did you try more than one activity? How well did it work - Was the challenge completely solved, partly solved or not at all solved?

Os concursos foram divididos em lotes, com crit\u00e9rios que favorecem os pequenos e m\u00e9dios fornecedores locais. Criou-se uma rede com as juntas de freguesia que contratam institui\u00e7\u00f5es sociais, as quais seguem as orienta\u00e7\u00f5es das cozinhas municipais.

O piloto biol\u00f3gico come\u00e7ou nas cozinhas geridas diretamente pelo munic\u00edpio, antes de ser alargado a todas as escolas. Em mar\u00e7o de 2019, Torres Vedras acolheu um encontro transnacional da rede sobre a oferta e a procura de produtos biol\u00f3gicos, com produtores locais, pais, cozinheiros e escolas. Criaram-se hortas escolares biol\u00f3gicas e atividades de educa\u00e7\u00e3o alimentar, e as ementas escolares e receitas saud\u00e1veis passaram a ser publicadas para os pais.

O desafio foi parcialmente resolvido: o piloto est\u00e1 em curso e o objetivo declarado \u00e9 alargar esta oferta a todas as escolas do concelho.

What difference has this approach made? (10 lines max.)

What have you changed as a result in the city (in terms of how you implement actions)?

As refei\u00e7\u00f5es escolares tornaram-se uma alavanca expl\u00edcita para a agricultura local e para o desenvolvimento do territ\u00f3rio. Em 2023, o programa foi finalista do New European Bauhaus.

What lessons might other EU cities take from this Case Example? (10 lines max.)

Dividir os concursos em lotes pode abrir os contratos p\u00fablicos de alimenta\u00e7\u00e3o aos pequenos produtores locais.

Testar primeiro o fornecimento biol\u00f3gico nas cozinhas de gest\u00e3o direta; estas podem servir de laborat\u00f3rio para as restantes.

Juntar produtores, cozinheiros, pais e professores na mesma conversa.

Key Facts and Figures:

Start and end dates of case example: dezembro de 2018 (ades\u00e3o \u00e0 rede) \u2013 em curso

Date of preparation of this case example: dezembro de 2026

Who prepared the case example?

Budget

Extra information and hyperlinks

Contacto: Maria In\u00eas Morais, T\u00e9cnica Superior, Munic\u00edpio de Torres Vedras
http://www.cm-tvedras.pt/educacao/saude-e-alimentacao/biocantinas

Annex
"""


def make_torres():
    text = TORRES_TXT.replace("\n", "\r\n")
    (HERE / "biocanteens-torres-vedras.txt").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))


# --------------------------------------------------------------------------- 7. Pamplona

PAMPLONA_TXT = """\
MAKING SPEND MATTER \u2013 CASE EXAMPLE

TITLE: Spend analysis as the basis for local, social and green procurement
CITY: Pamplona / Iru\u00f1a
COUNTRY: Espa\u00f1a
NETWORK: Making Spend Matter (URBACT Transfer Network)
PERIOD: April 2018 \u2013 June 2021
CHALLENGE CODE: IC3
OUTCOME: not yet assessed
FUNDING: URBACT co-funds 70% through the ERDF
PREPARED BY: casegraph project
DATE: 01/12/2026

SUMMARY:
Pamplona took part in Making Spend Matter, the URBACT Transfer Network built on Preston\u2019s good practice. The city analysed where its spending goes and used that evidence to bring social and environmental criteria into procurement and to encourage local companies to bid for public contracts.

ACTION:
A municipal spend analysis, used to bring social and environmental criteria into procurement and to encourage local companies to bid for public contracts.

CHALLENGE:
Local firms were not bidding actively for public contracts. The city also lacked evidence on where its spending went and on which supply gaps local businesses could fill.

HOW THE CHALLENGE WAS OVERCOME:
The council carried out an analysis of municipal public spending and set up a local URBACT group with the institutions and stakeholders interested in the subject. Other administrations carried out their own spend analysis too.

Procurement measures with social and environmental criteria followed, and the spend data are used to spot supply gaps that new businesses, including social enterprises and cooperatives, could fill.

LESSONS FOR OTHER CITIES:
1) Spend analysis is a starting point both for engaging SMEs and for social clauses.
2) Extend the analysis to other public bodies in the city, not only the council.
"""


def make_pamplona():
    text = wrap(PAMPLONA_TXT, 72).replace("\n", "\r\n")
    (HERE / "making-spend-matter-pamplona.txt").write_bytes(text.encode("cp1252"))


# --------------------------------------------------------------------------- 8. Pregrada (e-mail)

PREGRADA_TXT = """\
Date: 1 December 2026
Subject: Case example \u2013 Institutionalising volunteering in Pregrada (Volunteering Cities)

Dear colleagues,

As promised, here is our case example for the Volunteering Cities Transfer Network, written up as a short report. Pregrada transferred Athienou's good practice, the Municipal Council of Volunteers, and the period covered runs from July 2018 to August 2021.

In short

Pregrada had plenty of active volunteers but nothing that held their work together. Following Athienou's example, the town set up a Municipal Council of Volunteering, which now gives volunteering a frame across the whole town.

What we set out to do

We set up a Municipal Council of Volunteering to give volunteering a frame across the whole town \u2013 from volunteering in the kindergarten to school clubs, the youth and children's councils, associations and local businesses.

About the challenge

Our town had many active volunteers, but there was no overarching group, no strategy and no action plan for volunteering. We also wanted young people and local businesses to do more for the community.

In URBACT terms this touched two implementation challenges: ensuring the integrated approach in delivery, and maintaining the involvement of local stakeholders in decision-making.

What we did about it

We founded an URBACT Local Group of key local stakeholders. It met regularly \u2013 one of the meetings was open to the public \u2013 and we held a workshop on volunteer management.

Members started joint activities such as "Physiotherapy at your service", run by the secondary school together with the pensioners' association, and local entrepreneurs came in as donors and partners. The Municipal Council of Volunteering became the governance structure that holds all this together.

I would say the challenge was completely solved: the Municipal Council of Volunteers model has been adopted.

What changed

The barriers between the members of our local group gave way to shared goals on the social problems of the town.

What others can learn

Even a small town can formalise volunteering with a light governance body. Regular local group meetings build the trust that joint projects need. Bringing local entrepreneurs in as donors and partners widens what volunteering can do.

Many thanks to our Lead Expert, Maria Jo\u00e3o Filgueiras Rauch, for her support throughout the transfer.

Best regards,
Petra Vdovi\u0107
Local communication coordinator
Town of Pregrada
"""


def make_pregrada():
    (HERE / "volunteering-cities-pregrada.txt").write_bytes(wrap(PREGRADA_TXT, 72).encode("utf-8"))


def main():
    make_ljubljana()
    make_udine()
    hyph, pages = make_turin()
    make_amadora()
    make_zuglo()
    make_torres()
    make_pamplona()
    make_pregrada()
    print(f"PDF: {pages} pages; words hyphenated at line ends: {', '.join(hyph)}")


if __name__ == "__main__":
    main()
