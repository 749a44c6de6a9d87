"""Write the eight fresh4 case-example documents, byte-identically on every run.

    python tests/fresh4/make.py

Uses python-docx, fpdf2 and the standard library only. Every .docx is saved with fixed
core properties and then re-zipped with fixed timestamps; every PDF gets a fixed creation
date. The texts are paraphrases or translations of one fact sheet each
(../../../shared/corpus/facts*/); see README.md.
"""

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Cm
from fpdf import FPDF

HERE = Path(__file__).resolve().parent
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DEJAVU_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"


# --------------------------------------------------------------------------- helpers

def save_docx(document, name, when, author=""):
    """Save with fixed core properties, then re-zip with fixed timestamps."""
    cp = document.core_properties
    cp.author = author
    cp.last_modified_by = author
    cp.title = ""
    cp.subject = ""
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    cp.revision = 1
    cp.created = when
    cp.modified = when
    cp.last_printed = when
    raw = io.BytesIO()
    document.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    stamp = (when.year, when.month, when.day, when.hour, when.minute, 0)
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 0
            zout.writestr(zi, zin.read(info.filename))
    (HERE / name).write_bytes(out.getvalue())


def write_text(name, text, encoding):
    (HERE / name).write_bytes(text.encode(encoding))


def bold_label(paragraph, label, text, size=None):
    r = paragraph.add_run(label)
    r.bold = True
    if size:
        r.font.size = size
    if text:
        r2 = paragraph.add_run(text)
        if size:
            r2.font.size = size
    return paragraph


# --------------------------------------------------------------------------- 1. e-mail (cp1252)

def make_bridge_mail():
    text = """\
From: Frank Schutte <frank.schutte@bridge-rotterdam.example>
To: Eddy Adams <eddy.adams@uia-expert.example>
Cc: BRIDGE projectteam <bridge@bridge-rotterdam.example>
Subject: RE: BRIDGE case example \u2013 final text
Date: Mon, 28 May 2018 16:42:10 +0200
MIME-Version: 1.0
Content-Type: text/plain; charset="windows-1252"
Content-Transfer-Encoding: 8bit

Hi Eddy,

Thanks for your comments on Friday. Below is the final text of our case
example, with your suggestions worked in. It\u2019s plain text so you can
paste it straight into the template.

Frank

=====================================================================
CASE EXAMPLE \u2013 BRIDGE, ROTTERDAM
=====================================================================

Title:    BRIDGE \u2013 Building the Right Investments for Delivering a
          Growing Economy
City:     Rotterdam (Rotterdam South), the Netherlands
Project:  Urban Innovative Actions (UIA), topic Jobs and skills in the
          local economy

The action
BRIDGE steers pupils in Rotterdam South towards vocational courses in
the sectors that are growing: technology, care, the port and food.
Career guidance starts at age 9. With a Career Start Guarantee an
employer guarantees a first job to the students who choose a course in
its sector.

The challenge
Young people and their parents often chose a study on the basis of
outdated or prestige-based ideas about work. On top of that there was
the clash between the culture of school and the culture of the street.
And it was not only the pupils who had to change: employers, schools
and mentors all had to change the way they work.

UIA operational challenge: communicating with target beneficiaries
(second: participative approach for co-implementation)

How we overcame it
- Employers gave Career Start Guarantees: 500 after 18 months, and
  later 1,135 students were trained.
- Mentors, deans and teachers give career guidance from primary school
  onwards.
- Skills forecasting for the metropolitan region is based on societal
  trends, not on industry sectors.
- All 68 primary, 20 secondary and 3 vocational schools take part, and
  so do the pupils\u2019 parents.
- 13 partners (the city, industry bodies and vocational schools) signed
  a Learning Agreement.
- We monitor, measure impact and use impact-investment instruments.

Solved?   Completely \u2013 BRIDGE helped close the mismatch between
          education and the labour market in the area.

The difference it made
In the Learning Agreement the partners commit themselves to work on
school-to-work and job-to-job transitions, and they recognise
investment in the local labour market as the core message.

Lessons for other cities
1. Job guarantees from employers make a vocational choice concrete for
   pupils and their parents.
2. Start career orientation early, long before the choice of a
   vocational track.
3. Put the partnership on paper (in our case the Learning Agreement)
   so that it outlasts the pilot.

Period:        June 2017 \u2013 2020 (three-year programme, kick-off 8 June 2017)
Prepared by:   Frank Schutte, project manager BRIDGE \u2013 May 2018
Budget:        ERDF \u20ac 4,997,624.24

=====================================================================

--\u0020
Frank Schutte
Projectmanager BRIDGE
Gemeente Rotterdam | Rotterdam Zuid

-----Original Message-----
From: Eddy Adams
Sent: vrijdag 25 mei 2018 11:03
To: Frank Schutte
Subject: RE: BRIDGE case example

> Frank, thanks, this reads well. Three things before it goes in:
> - keep to ONE challenge. The template says "Choose ONE thing that
>   made implementing this action be more difficult". Reaching pupils
>   and parents is the obvious one.
> - lessons: three at most, and short please.
> - add the ERDF amount and the period at the bottom.
>
> And could you say in one line whether it was completely, partly or
> not solved?
>
> Best,
> Eddy
"""
    write_text("bridge-rotterdam-reply.txt", text.replace("\n", "\r\n"), "cp1252")


# --------------------------------------------------------------------------- 2. minutes (Word)

def make_ghent_minutes():
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)

    def line(text="", bold=False, size=None, italic=False, align=None, space_after=None):
        p = d.add_paragraph()
        if text:
            r = p.add_run(text)
            r.bold = bold
            r.italic = italic
            if size:
                r.font.size = size
        if align is not None:
            p.alignment = align
        if space_after is not None:
            p.paragraph_format.space_after = space_after
        return p

    def item(n, title):
        p = line(f"{n}. {title}", bold=True, size=Pt(12))
        p.paragraph_format.space_before = Pt(12)

    def decided(text):
        p = d.add_paragraph()
        r = p.add_run("Decided: ")
        r.bold = True
        p.add_run(text)

    def agreed(*paras):
        p = line("Agreed text:", italic=True)
        p.paragraph_format.space_after = Pt(2)
        for t in paras:
            q = d.add_paragraph(t)
            q.paragraph_format.left_indent = Cm(0.75)

    line("City of Ghent \u2013 Department of Education", size=Pt(9))
    line("MINUTES", bold=True, size=Pt(18), space_after=Pt(0))
    line("Stay Tuned Local Group / Operatie Geslaagd steering group", bold=True, size=Pt(12))
    bold_label(d.add_paragraph(), "Date: ", "19/05/2019")
    bold_label(d.add_paragraph(), "Place: ", "Ghent Education Centre")
    bold_label(d.add_paragraph(), "Present: ",
               "Arwen Dewilde (chair), Jessie De Naeghel (minutes), coordinators of the "
               "Operatie Geslaagd schools, pilot team of the Ghent Education Centre")
    bold_label(d.add_paragraph(), "Excused: ", "\u2013")

    line("Agenda", bold=True)
    for t in ["Opening and approval of the agenda",
              "Stay Tuned case example: title and summary",
              "The action",
              "The challenge",
              "How the challenge was overcome",
              "The difference it made",
              "Lessons for other cities",
              "Key facts",
              "Any other business"]:
        d.add_paragraph(t, style="List Number")

    item(1, "Opening and approval of the agenda")
    d.add_paragraph("Arwen opens the meeting at 14:00. The agenda is approved without changes.")

    item(2, "Stay Tuned case example: title and summary")
    d.add_paragraph("Arwen explains that the Lead Partner has to deliver one case example from "
                    "Ghent for the Stay Tuned report. The group goes through the draft "
                    "section by section; what is agreed is recorded below as \u201cAgreed text\u201d.")
    decided("the title of the case example is \u201cOperatie Geslaagd: from school "
            "priorities to action plans\u201d.")
    decided("no separate summary; the summary for the report will be written at network level.")

    item(3, "The action")
    agreed("Ghent supported the 12 secondary schools grouped in Operatie Geslaagd to draft and "
           "carry out their own action plans against early school leaving. It ran as a pilot "
           "of the Ghent Education Centre, under the city\u2019s overall plan to prevent early "
           "leaving and to open new paths for the young people who leave anyway.")

    item(4, "The challenge")
    d.add_paragraph("Jessie notes that the draft listed three difficulties, while the template "
                    "asks for one. After discussion the group keeps the step from priorities "
                    "to plans as the main one.")
    agreed("The school teams had to be won over to take an active part and to feel connected "
           "to the project. Each school\u2019s priorities then had to be turned into a "
           "specific, concrete action plan, and that plan had to be kept going over the "
           "long term.")
    decided("the challenge is coded IC4 \u2013 Moving from strategy to operational action plan.")

    item(5, "How the challenge was overcome")
    agreed("Every school started with a baseline analysis of its strengths and of the points "
           "it needed to work on, and then chose a small set of priorities. The school teams "
           "got a support offer, and the schools learned from and supported each other in "
           "peer-to-peer sessions.",
           "A second pilot round followed. A MOOC was added to the training offer, and the "
           "teams were coached on the job while they carried out their plans.")
    decided("the challenge is rated as partly solved: the lessons are now being carried into a "
            "new project that is open to all secondary schools in Ghent.")

    item(6, "The difference it made")
    agreed("The way the city supports change inside schools is now more targeted at the risk "
           "factors behind early leaving. The approach of the pilot has been taken up in a "
           "follow-up project for the whole city.")

    item(7, "Lessons for other cities")
    d.add_paragraph("The group agrees on four lessons:")
    for t in ["Start each school from its own baseline, and only then narrow down to a few "
              "priorities.",
              "Peer learning between schools helps to keep the motivation up.",
              "Combine online learning (the MOOC) with coaching on the job.",
              "Pilot with a small group of schools, learn from it, and then open the approach "
              "to all schools."]:
        d.add_paragraph(t, style="List Bullet")

    item(8, "Key facts")
    decided("period of the case example: 2017\u20132019 (Stay Tuned phase 2).")
    decided("the case example is prepared by Arwen Dewilde and Jessie De Naeghel; date of "
            "preparation: May 2019.")
    decided("the budget field is left empty.")
    d.add_paragraph("Action: Jessie sends the final text to the network secretariat.")

    item(9, "Any other business")
    d.add_paragraph("None. The date of the next meeting will be set by e-mail.")

    line("")
    line("Minutes: Jessie De Naeghel", italic=True, size=Pt(9))

    save_docx(d, "ghent-ulg-minutes-2019-05.docx",
              datetime(2019, 5, 19, 16, 30), author="Jessie De Naeghel")


# --------------------------------------------------------------------------- 3. slide deck (PDF)

class Slides(FPDF):
    FOOT = "INT-HERIT  |  Leiedal \u2013 Transfo  |  2 May 2019"

    def footer(self):
        self.set_y(-12)
        self.set_font("dejavu", size=9)
        self.set_text_color(120, 120, 120)
        self.cell(0, 6, self.FOOT, align="L")
        self.set_x(-40)
        self.cell(30, 6, f"{self.page_no()} / {{nb}}", align="R")
        self.set_text_color(0, 0, 0)


def make_transfo_slides():
    pdf = Slides(orientation="L", unit="mm", format=(190.5, 338.67))
    pdf.set_creation_date(datetime(2019, 5, 2, 9, 0, tzinfo=timezone.utc))
    pdf.set_author("")
    pdf.set_title("Transfo")
    pdf.set_creator("PowerPoint")
    pdf.add_font("dejavu", "", DEJAVU)
    pdf.add_font("dejavu", "B", DEJAVU_BOLD)
    pdf.set_auto_page_break(False)
    pdf.set_margins(22, 18, 22)
    pdf.alias_nb_pages()

    def slide(title, bullets=(), extra=None, title_size=34):
        pdf.add_page()
        pdf.set_fill_color(0, 84, 122)
        pdf.rect(0, 0, 338.67, 6, style="F")
        pdf.set_xy(22, 20)
        pdf.set_font("dejavu", "B", title_size)
        pdf.multi_cell(290, 15, title, align="L")
        pdf.ln(6)
        pdf.set_font("dejavu", "", 20)
        for b in bullets:
            pdf.set_x(26)
            pdf.multi_cell(280, 10, "\u2022  " + b, align="L")
            pdf.ln(3)
        if extra:
            pdf.ln(4)
            pdf.set_x(22)
            pdf.set_font("dejavu", "B", 16)
            pdf.set_text_color(0, 84, 122)
            pdf.multi_cell(290, 8, extra, align="L")
            pdf.set_text_color(0, 0, 0)

    # 1 title slide
    pdf.add_page()
    pdf.set_fill_color(0, 84, 122)
    pdf.rect(0, 0, 338.67, 190.5, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_xy(22, 55)
    pdf.set_font("dejavu", "B", 40)
    pdf.multi_cell(290, 18, "Redevelopment of Transfo, Zwevegem", align="L")
    pdf.ln(6)
    pdf.set_x(22)
    pdf.set_font("dejavu", "", 20)
    pdf.multi_cell(290, 10, "INT-HERIT case example \u2013 Intercommunale Leiedal, Kortrijk region (BE)", align="L")
    pdf.ln(4)
    pdf.set_x(22)
    pdf.set_font("dejavu", "", 14)
    pdf.multi_cell(290, 8, "Operational Implementation Framework \u2013 draft v2, 2 May 2019", align="L")
    pdf.set_text_color(0, 0, 0)

    slide("In short", [
        "A listed, abandoned power plant that matters strategically to Zwevegem. After about "
        "15 years of investment the site is gaining momentum; the job now is to channel the "
        "growing number of projects so that they add up.",
    ])
    slide("The site", [
        "Listed power plant, built in 1912",
        "Electricity production ended in 1985, steam production in 2001",
        "Zwevegem: a town of about 25,000 people",
        "Bought by the municipality and Leiedal in 2004",
    ])
    slide("What we implement", [
        "Redeveloping Transfo, the listed power plant in Zwevegem, as a site for many new uses.",
    ])
    slide("The challenge", [
        "The listed plant stood abandoned, but it mattered strategically to the municipality.",
        "A sensible, sustainable reuse was very hard to achieve.",
        "Once the site gained momentum, the new problem was to channel and integrate the "
        "growing number of initiatives and projects without losing opportunities along the way.",
    ], extra="Implementation challenges: IC1 \u2013 Ensuring the integrated approach in the "
             "delivery of the strategy and their related actions/projects; IC5 \u2013 Setting "
             "up Public Private Partnerships for delivery")
    slide("How we tackle it", [
        "Long-term joint investment by the municipality, Leiedal, the Province of West Flanders "
        "and the Flemish Government",
        "Public-private investment of about \u20ac 2 million for an indoor climbing hall and a "
        "microbrewery",
        "Aiming for an agile, collaborative governance approach, integrated across levels and "
        "sectors",
        "Peer review of the site by the INT-HERIT partners (transnational meeting, February 2018)",
    ])
    slide("Solved?", [
        "Partly. The site is gaining momentum and several projects are in development; "
        "integrating them is still the main task.",
    ])
    slide("What difference it makes", [
        "Each new private investment encourages further interest in being part of the site: "
        "a snowball effect.",
    ])
    slide("Lessons for other cities", [
        "Heritage reuse at this scale needs patient investment by several levels of government "
        "over many years.",
        "Success brings a second challenge: coordinating many initiatives so that they add up.",
        "Early public-private investments can trigger further private interest.",
    ])
    slide("Key facts", [
        "Period: September 2017 \u2013 May 2019 (INT-HERIT phase 2)",
        "Site in public hands since 2004 (about 15 years of investment)",
        "Budget: approx. \u20ac 2 million public-private investment (climbing hall and microbrewery)",
        "Contact: Intercommunale Leiedal",
    ])
    slide("Thank you \u2013 questions?", [], title_size=40)
    pdf.output(str(HERE / "transfo-zwevegem-slides.pdf"))


# --------------------------------------------------------------------------- 4. Word form

_SDT_ID = [41000]


def _next_id():
    _SDT_ID[0] += 7
    return _SDT_ID[0]


def _esc(t):
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sdt_inline(text=None, placeholder="Click here to enter text.", kind="text", items=()):
    """An inline content control (w:sdt inside a paragraph)."""
    showing = text is None
    shown = placeholder if showing else text
    rpr = '<w:rPr><w:color w:val="808080"/></w:rPr>' if showing else ""
    extra = ""
    if kind == "date":
        extra = '<w:date><w:dateFormat w:val="dd/MM/yyyy"/><w:lid w:val="en-GB"/></w:date>'
    elif kind == "dropdown":
        extra = "<w:dropDownList>" + "".join(
            f'<w:listItem w:displayText="{_esc(i)}" w:value="{_esc(i)}"/>' for i in items
        ) + "</w:dropDownList>"
    else:
        extra = "<w:text/>"
    xml = (
        f'<w:sdt xmlns:w="{W_NS}"><w:sdtPr><w:id w:val="{_next_id()}"/>'
        f'<w:placeholder><w:docPart w:val="DefaultPlaceholder_1081868574"/></w:placeholder>'
        f'{"<w:showingPlcHdr/>" if showing else ""}{extra}</w:sdtPr>'
        f'<w:sdtContent><w:r>{rpr}<w:t xml:space="preserve">{_esc(shown)}</w:t></w:r></w:sdtContent></w:sdt>'
    )
    return parse_xml(xml)


def sdt_block(paragraphs):
    """A block-level rich-text content control holding several paragraphs."""
    ps = "".join(
        f'<w:p><w:pPr><w:spacing w:after="120"/></w:pPr><w:r><w:t xml:space="preserve">{_esc(t)}</w:t></w:r></w:p>'
        for t in paragraphs)
    xml = (f'<w:sdt xmlns:w="{W_NS}"><w:sdtPr><w:id w:val="{_next_id()}"/><w:richText/></w:sdtPr>'
           f'<w:sdtContent>{ps}</w:sdtContent></w:sdt>')
    return parse_xml(xml)


def sdt_checkbox(checked):
    sym = "\u2612" if checked else "\u2610"
    xml = (
        f'<w:sdt xmlns:w="{W_NS}" xmlns:w14="{W14_NS}"><w:sdtPr><w:id w:val="{_next_id()}"/>'
        f'<w14:checkbox><w14:checked w14:val="{1 if checked else 0}"/>'
        f'<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
        f'<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
        f'<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" '
        f'w:hAnsi="MS Gothic" w:hint="eastAsia"/></w:rPr><w:t>{sym}</w:t></w:r></w:sdtContent></w:sdt>'
    )
    return parse_xml(xml)


def make_troyan_form():
    d = docx.Document()
    d.styles["Normal"].font.name = "Arial"
    d.styles["Normal"].font.size = Pt(10)
    body = d.element.body
    sect = body.find(qn("w:sectPr"))

    def label(text, hint=None):
        p = d.add_paragraph()
        p.paragraph_format.space_before = Pt(10)
        p.paragraph_format.space_after = Pt(2)
        r = p.add_run(text)
        r.bold = True
        if hint:
            h = p.add_run("  " + hint)
            h.italic = True
            h.font.size = Pt(8)
            h.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
        return p

    def field(text=None, **kw):
        p = d.add_paragraph()
        p._p.append(sdt_inline(text, **kw))
        return p

    def block(paragraphs):
        sect.addprevious(sdt_block(paragraphs))

    t = d.add_paragraph()
    r = t.add_run("BioCanteens Transfer Network \u2013 Case Example Form")
    r.bold = True
    r.font.size = Pt(16)
    i = d.add_paragraph()
    r = i.add_run("Please complete every field. Grey text disappears when you click on it and "
                  "start typing. Send the form back in Word format, not as PDF.")
    r.italic = True
    r.font.size = Pt(8)

    label("Title of the case example")
    field("First municipal organic farm in Bulgaria")
    label("City / country")
    field("Troyan, Bulgaria")
    label("Network")
    field("BioCanteens (URBACT III Transfer Network)")
    label("Short summary", "(max. 6 lines)")
    field(None)
    label("What action was implemented?", "(1\u20132 lines)")
    block(["Troyan set up a municipal organic farm with orchards, greenhouses and a vegetable "
           "garden, and later apiaries. What the farm produces goes straight to the local "
           "Baby-Food Kitchen and to a new Central Kitchen for the kindergartens."])
    label("What made implementing this action difficult?", "(choose ONE challenge)")
    block(["Few people locally had any experience of running a farm like this, and in Bulgaria "
           "a municipality is not normally a registered agricultural producer. To adapt the "
           "network\u2019s municipal-farm practice, the city had to find land, buildings and "
           "agronomic know-how."])
    label("Challenge category")
    field("IC5 \u2013 Setting up Public Private Partnerships for delivery", kind="dropdown",
          placeholder="Choose an item.",
          items=["IC1 \u2013 Ensuring the integrated approach in the delivery of the strategy",
                 "IC2 \u2013 Maintaining involvement of local stakeholders",
                 "IC3 \u2013 Setting up efficient indicators and monitoring systems",
                 "IC4 \u2013 Moving from strategy to operational action plan",
                 "IC5 \u2013 Setting up Public Private Partnerships for delivery"])
    label("How was the challenge overcome?", "(max. 6 lines)")
    block(["The municipality allocated municipal land to the farm. A local investor donated a "
           "prefabricated building with cold rooms, a preparation room and storage, and an "
           "agronomist from the Research Institute for Mountain Livestock and Agriculture runs "
           "the crops.",
           "The municipality obtained official status as a registered agricultural producer. "
           "We studied the experience of a French municipality and consulted our Italian "
           "partners. The orchards were sized to what the kindergartens need: about 10 t of "
           "apples a year, against about 7 t needed."])
    label("Was the challenge solved?")
    p = d.add_paragraph()
    for checked, txt in [(True, " Completely solved      "), (False, " Partly solved      "),
                         (False, " Not solved")]:
        p._p.append(sdt_checkbox(checked))
        p.add_run(txt)
    label("What difference has this approach made?", "(max. 10 lines)")
    block(["The farm produces fruit and vegetables for the kindergarten and social kitchens, "
           "and kindergarten menus have been restructured around home-grown produce. The farm "
           "also supplies retirement homes."])
    label("What lessons might other cities take from this case?", "(one per line)")
    block(["Where local experience is thin, bring together actors with complementary roles: "
           "land, a building, expertise.",
           "Check whether the municipality\u2019s legal status allows it to farm; it may have to "
           "register.",
           "Size production to the measured demand of the canteens."])
    label("Period of the case example")
    p = d.add_paragraph("From ")
    p._p.append(sdt_inline("2018"))
    p.add_run(" to ")
    p._p.append(sdt_inline("2021"))
    label("Date of preparation")
    field(None, kind="date", placeholder="Click here to enter a date.")
    label("Prepared by (name, organisation)")
    field(None)
    label("Approved by")
    field("Donka Mihaylova, Mayor of Troyan")
    label("Budget (EUR)")
    field(None)
    label("Photos")
    field(None, placeholder="Click or tap here to enter text.")

    save_docx(d, "troyan-case-form.docx", datetime(2019, 1, 1, 9, 0), author="")


# --------------------------------------------------------------------------- 5. Markdown FAQ (UTF-8 BOM)

def make_bee_faq():
    text = """\
# BEE PATH

Questions and answers on how Ljubljana's good practice travelled to the BeePathNet partner cities

City of Ljubljana (Lead Partner), Slovenia · BeePathNet, URBACT Transfer Network

---

## In one breath?

Ljubljana's Bee Path was taken to five partner cities and upgraded on the way. To make a practice this complex transferable, we split it into modules and helped each city write its own action plan.

## So what exactly did you hand over?

The Bee Path is a learning route that links beekeeping heritage, apiaries, education, tourism and honey products. It was built with about 32 partners. In BeePathNet we transferred it to five partner cities and upgraded it along the way.

## Where did it get stuck?

The practice is complex and spreads over many fields at once: beekeeping, education, tourism, awareness raising and new products. On top of that, the partner cities started from very different positions.

In URBACT language: IC4 – moving from strategy to operational action plan.

## What did you do about it?

We divided the good practice into obligatory, voluntary and upgrade modules. A transferability study gave every partner city its own assessment, and each city set up a working group and an urban-beekeeping action plan.

Mixed teams came to Ljubljana for a study tour and a "boot camp", with a mentor for each field (beekeeping, education, tourism, awareness). After that every city drafted its own bee path.

## Did it work?

Completely solved, we would say. All five cities transferred the practice. A follow-up network, BeePathNet Reloaded, came next, and in October 2022 an independent Bee Path Cities network.

## What changed because of it?

The exchange has become a standing network that is open to any urban authority, also beyond URBACT support.

## I work for another city. What should I take home?

- Split a complex practice into compulsory and optional modules.
- Send a mixed team to learn from the lead city: coordinator, beekeeper, educator, tourism.
- Treat the transfer as a chance to upgrade the original practice.

## The small print: when, who, how much?

- **Period:** Phase 2, 4.12.2018 – 4.12.2020
- **Written by:** Maruška Markovčič (ULG coordinator, City of Ljubljana) with Klemen Strmšnik (URBACT Lead Expert), October 2022
- **Budget:** EUR 600,000 for Phase 2

*Background: urban beekeeping in Ljubljana was started by Gorazd Trušnovec; the Bee Path itself grew around the city's year as European Green Capital 2016 and became an URBACT Good Practice in 2017.*
"""
    write_text("bee-path-ljubljana-faq.md", text, "utf-8-sig")


# --------------------------------------------------------------------------- 6. two-column PDF (Portuguese)

SH = "\u00ad"  # soft hyphen: a break point that shows "-" only at a line end


# Break points a Portuguese word processor would offer; the text is set with "hyphenation on".
PT_BREAKS = {
    "cooperativa": "coope-rativa", "competências": "compe-tências", "universidade": "universi-dade",
    "profissionais": "profis-sionais", "comportamentos": "compor-tamentos",
    "duradouro": "dura-douro", "explicitamente": "explicita-mente", "profissões": "profis-sões",
    "colaboração": "colabo-ração", "coordenação": "coorde-nação", "instituições": "institui-ções",
    "abertamente": "aberta-mente", "facilitadas": "facili-tadas", "identificar": "identi-ficar",
    "diversidade": "diversi-dade", "organizações": "organi-zações", "professores": "profes-sores",
    "município": "muni-cípio", "profissionalmente": "profissio-nalmente",
}


def hyphenate_pt(text):
    for word, broken in PT_BREAKS.items():
        text = text.replace(word, broken.replace("-", SH))
    return text


def make_aveiro_pdf():
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_creation_date(datetime(2019, 4, 26, 11, 20, tzinfo=timezone.utc))
    pdf.set_author("")
    pdf.set_title("Stay Tuned - Aveiro")
    pdf.set_creator("Microsoft Word")
    pdf.add_font("dejavu", "", DEJAVU)
    pdf.add_font("dejavu", "B", DEJAVU_BOLD)
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, 18)
    pdf.add_page()

    pdf.set_font("dejavu", "B", 8.5)
    pdf.set_text_color(90, 90, 90)
    pdf.cell(0, 5, "STAY TUNED  \u00b7  URBACT III  \u00b7  Rede de Implementa\u00e7\u00e3o", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    pdf.set_font("dejavu", "B", 19)
    pdf.multi_cell(0, 9, "Profissionalizar e apoiar as equipas escolares", new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font("dejavu", "", 11.5)
    pdf.cell(0, 7, "Aveiro, Portugal \u2013 exemplo de caso de implementa\u00e7\u00e3o", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_draw_color(0, 0, 0)
    pdf.line(18, pdf.get_y(), 192, pdf.get_y())
    pdf.ln(5)

    sections = [
        ("Resumo", [
            "No \u00e2mbito da rede Stay Tuned, Aveiro procurou uma forma de trabalho mais "
            "cooperativa entre o munic\u00edpio, as escolas e os professores. Uma equipa conjunta "
            "do munic\u00edpio e da universidade fez a ponte entre profissionais que antes "
            "trabalhavam isolados.",
        ]),
        ("A\u00e7\u00e3o implementada", [
            "Uma forma de trabalho mais cooperativa entre o munic\u00edpio, as escolas e os "
            "professores, que aproveita o conjunto mais vasto de compet\u00eancias da cidade, "
            "incluindo a universidade e outros profissionais, para identificar e combater o "
            "abandono escolar precoce.",
        ]),
        ("O desafio", [
            "Foi dif\u00edcil obter acordo e um compromisso duradouro entre os professores, o "
            "munic\u00edpio, a universidade e os outros parceiros profissionais. A diversidade "
            "das origens sociais e dos comportamentos dos alunos tornava cada caso complexo. "
            "Al\u00e9m disso, os profissionais tendiam a trabalhar isolados, tanto f\u00edsica "
            "como profissionalmente.",
            "\u00bbDesafio de implementa\u00e7\u00e3o: IC2 \u2013 Manter o envolvimento dos atores "
            "locais e organizar a tomada de decis\u00e3o para a execu\u00e7\u00e3o",
        ]),
        ("Como foi ultrapassado o desafio?", [
            "Uma equipa conjunta do munic\u00edpio e da universidade assumiu o papel de l\u00edder e "
            "de mediador. Organiz\u00e1mos sess\u00f5es de forma\u00e7\u00e3o para o pessoal das "
            "escolas e sess\u00f5es de troca entre pares.",
            "O trabalho fez-se sobre casos reais nas escolas. Em reuni\u00f5es facilitadas, as "
            "equipas das escolas encontraram-se com outros profissionais, e formou-se assim uma "
            "\u00abequipa de projeto virtual\u00bb que atravessa as v\u00e1rias organiza\u00e7\u00f5es. "
            "O desafio foi parcialmente resolvido.",
        ]),
        ("Que diferen\u00e7a fez esta abordagem?", [
            "Os comportamentos foram mudando ao longo do tempo, e as escolas ficaram mais capazes "
            "de apoiar os alunos e as suas fam\u00edlias. Os profissionais passaram a trabalhar "
            "abertamente em conjunto, em vez de cada um por si.",
        ]),
        ("Li\u00e7\u00f5es para outras cidades", [
            "\u2013 Algu\u00e9m tem de assumir explicitamente o papel de mediador, para juntar as "
            "v\u00e1rias profiss\u00f5es em torno dos casos.",
            "\u2013 Trabalhar sobre casos reais cria colabora\u00e7\u00e3o mais depressa do que "
            "reuni\u00f5es de coordena\u00e7\u00e3o abstratas.",
            "\u2013 A forma\u00e7\u00e3o, combinada com a troca entre pares, ajuda a criar um tom "
            "comum entre as institui\u00e7\u00f5es.",
        ]),
        ("Dados", [
            "Per\u00edodo: junho de 2017 \u2013 junho de 2019 (fase 2 da rede)",
            "Preparado por: Adriana de Oliveira Sim\u00f5es, C\u00e2mara Municipal de Aveiro",
            "Data: abril de 2019",
            "Or\u00e7amento: n\u00e3o indicado",
        ]),
    ]
    with pdf.text_columns(ncols=2, gutter=9, text_align="L", line_height=1.25, balance=True) as cols:
        for head, paras in sections:
            paras = [hyphenate_pt(x) for x in paras]
            pdf.set_font("dejavu", "B", 10.5)
            cols.write(head + "\n")
            pdf.set_font("dejavu", "", 9.5)
            for para in paras:
                if para.startswith("\u00bb"):
                    pdf.set_font("dejavu", "B", 9)
                    para = para[1:]
                cols.write(para + "\n")
                pdf.set_font("dejavu", "", 9.5)
    pdf.output(str(HERE / "aveiro-equipas-escolares.pdf"))


# --------------------------------------------------------------------------- 7. Greek plain text (UTF-8)

def make_ampelokipi_txt():
    text = """\
ΔΗΜΟΣ ΑΜΠΕΛΟΚΗΠΩΝ-ΜΕΝΕΜΕΝΗΣ
Τμήμα Παιδείας

STAY TUNED (URBACT III) - ΠΑΡΑΔΕΙΓΜΑ ΥΛΟΠΟΙΗΣΗΣ


1) ΤΙΤΛΟΣ ΚΑΙ ΠΟΛΗ

Φτάνοντας στις ευάλωτες ομάδες: εκπαίδευση γύρω από το Κοινοτικό Κέντρο
Αμπελόκηποι-Μενεμένη (Θεσσαλονίκη), Ελλάδα


2) ΤΙ ΥΛΟΠΟΙΗΘΗΚΕ

Γύρω από ένα νέο Τμήμα του Κοινοτικού Κέντρου στη συνοικία των Ρομά
(Άγιος Νεκτάριος, Μενεμένη) οργανώσαμε εκπαιδευτική δράση:
δραστηριότητες εκτός σχολείου για παιδιά και νέους, συμμετοχή των
γονέων και επιστροφή των ενηλίκων στην εκπαίδευση.


3) Η ΔΥΣΚΟΛΙΑ

Οι ελληνικοί δήμοι δεν έχουν καμία αρμοδιότητα στη διδασκαλία ή στο
αναλυτικό πρόγραμμα, οπότε το σχολικό ωράριο είναι εκτός των ορίων
τους. Γι' αυτό οι υπάλληλοι είχαν την τάση να αφήνουν την πρόωρη
εγκατάλειψη του σχολείου στα ίδια τα σχολεία, αν και οι συνέπειές της
(ανεργία, φτώχεια) εμπίπτουν στις αρμοδιότητες του δήμου.

Στην κοινότητα-στόχο οι μαθητές, ιδίως τα κορίτσια, συχνά εγκαταλείπουν
το σχολείο στην αρχή της εφηβείας, και αυτό συνδυάζεται με φτώχεια και
προβλήματα υγείας.

Πρόκληση υλοποίησης: Διατήρηση της συμμετοχής των τοπικών φορέων και
οργάνωση της λήψης αποφάσεων για την υλοποίηση


4) ΠΩΣ ΤΗΝ ΑΝΤΙΜΕΤΩΠΙΣΑΜΕ

Το νέο τμήμα του Κοινοτικού Κέντρου έγινε ο κόμβος της εκπαιδευτικής
δράσης. Οι εξωσχολικές δραστηριότητες κρατούν τα παιδιά και τους νέους
σε επαφή, η συμμετοχή των γονέων είναι βασικός πυλώνας, και οι ενήλικες
ενθαρρύνονται να ξαναμπούν στην εκπαίδευση.

Ο δήμος λειτουργεί ως διαμεσολαβητής ανάμεσα στους κατοίκους και στις
υπηρεσίες: δεν παρέχει ο ίδιος σχολική εκπαίδευση, αλλά δημιουργεί
ευκαιρίες και χτίζει σιγά σιγά την αίσθηση ότι η κοινότητα έχει δικό
της λόγο στο έργο.


5) ΑΠΟΤΕΛΕΣΜΑ

Δεν έχει γίνει ακόμη αξιολόγηση.


6) ΤΙ ΑΛΛΑΞΕ

Σταδιακά άλλαξαν οι στάσεις και οι προσδοκίες μέσα στην κοινότητα,
χάρη στη σταθερή και ανοιχτή δουλειά και στην ηγεσία. Η συμμετοχή από
τα κάτω πήρε τη θέση της παλιάς αντίληψης ότι ο δήμος δεν μπορεί να
κάνει τίποτα για την πρόωρη εγκατάλειψη του σχολείου.


7) ΔΙΔΑΓΜΑΤΑ ΓΙΑ ΑΛΛΕΣ ΠΟΛΕΙΣ

- Ένας δήμος χωρίς τυπικές αρμοδιότητες στα σχολεία μπορεί και πάλι να
  δράσει για την πρόωρη εγκατάλειψη, μέσα από την οικογένεια, την
  κοινότητα και την εκπαίδευση ενηλίκων.
- Η συμμετοχή των γονέων είναι πρακτικός τρόπος να φτάσεις στους νέους
  μιας κλειστής κοινότητας.
- Η διαμεσολάβηση ανάμεσα στους ανθρώπους και στις υπηρεσίες μπορεί να
  μετράει περισσότερο από την απευθείας παροχή υπηρεσιών.
- Σε κοινότητες που δύσκολα προσεγγίζονται η αλλαγή έρχεται σταδιακά
  και χρειάζεται σταθερή, ανοιχτή παρουσία.


8) ΣΤΟΙΧΕΙΑ

Περίοδος:          10/10/2016 - 02/06/2019 (Φάση Ι και Φάση ΙΙ)
Σύνταξη:           Magda Rousseti, Τμήμα Παιδείας
Ημερομηνία:        Ιούνιος 2019
Προϋπολογισμός:    -
"""
    write_text("ampelokipi-menemeni-paradeigma.txt", text, "utf-8")


# --------------------------------------------------------------------------- 8. German Word, bold inline labels

def make_altona_docx():
    d = docx.Document()
    d.styles["Normal"].font.name = "Arial"
    d.styles["Normal"].font.size = Pt(10.5)
    sec = d.sections[0]
    sec.header.paragraphs[0].text = "Bezirksamt Altona"
    sec.header.paragraphs[0].runs[0].font.size = Pt(8)

    p = d.add_paragraph()
    r = p.add_run("URBACT III \u2013 Rumourless Cities")
    r.font.size = Pt(9)
    p = d.add_paragraph()
    r = p.add_run("Fallbeispiel zur Umsetzung")
    r.bold = True
    r.font.size = Pt(15)

    def lab(label, text):
        q = d.add_paragraph()
        q.paragraph_format.space_after = Pt(6)
        bold_label(q, label + " ", text)
        return q

    lab("Titel:", "Altonaer Deklaration \u2013 Inklusion und Toleranz laut und deutlich")
    lab("Stadt/Bezirk:", "Bezirksamt Hamburg-Altona (Freie und Hansestadt Hamburg), Deutschland")
    lab("Netzwerk:", "URBACT-Transfernetzwerk \u201eRumourless Cities\u201c")
    lab("Maßnahme:",
        "Gemeinsam mit den Bewohnerinnen und Bewohnern haben wir die \u201eAltonaer Deklaration\u201c "
        "entwickelt, eine förmliche Erklärung zu Vielfalt und Inklusion für die gesamte "
        "Bevölkerung des Bezirks. Sie ist in einem Beteiligungsprozess entstanden, zu dem auch "
        "eine niedrigschwellige Online-Abstimmung über ihre Kernthesen gehörte.")
    lab("Herausforderung:",
        "Die Politik unterstützte den Wechsel von der Integration von Minderheiten hin zur "
        "Inklusion aller. Sie sah aber auch, dass ein Aufruf zur Toleranz von oben vor Ort als "
        "aufgezwungen empfunden würde \u2013 und das in einer Zeit, in der fremdenfeindlicher "
        "Populismus und Hassrede zunahmen.")
    lab("Einordnung:",
        "IC2 \u2013 Einbindung der lokalen Akteure aufrechterhalten und die Entscheidungsfindung "
        "für die Umsetzung organisieren")
    lab("Wie wurde die Herausforderung bewältigt?",
        "Ende 2018 entstand ein Positionspapier zu Integration, sozialer Inklusion und Vielfalt. "
        "Auf dieser Grundlage wurde das bezirkliche Integrationskonzept überarbeitet: weg von "
        "einer Politik für Minderheiten, hin zu einer Inklusionspolitik für die gesamte "
        "Bevölkerung.")
    q = d.add_paragraph(
        "Die Thesen der Deklaration wurden in einem Beteiligungsprozess erarbeitet. Eine Agentur "
        "führte eine niedrigschwellige Online-Abstimmung über die Kernthesen durch. Außerdem "
        "haben wir von den Partnerstädten im Netzwerk gelernt, zum Beispiel von Bilbao.")
    q.paragraph_format.space_after = Pt(6)
    lab("Ergebnis:",
        "Herausforderung vollständig gelöst \u2013 die Altonaer Deklaration wurde erarbeitet und "
        "als öffentliche Selbstverpflichtung beschlossen.")
    lab("Was hat sich dadurch verändert?",
        "Die Vielfaltsarbeit im Bezirk richtet sich nicht mehr vor allem an Minderheiten; sie ist "
        "zu einem positiven Bekenntnis der ganzen Gemeinschaft geworden.")
    lab("Lehren für andere Städte:",
        "Eine Wertedeklaration hat mehr Gewicht, wenn die Bewohnerinnen und Bewohner sie selbst "
        "schreiben. Niedrigschwellige Online-Werkzeuge erweitern die Beteiligung über den Kreis "
        "der üblichen Teilnehmenden hinaus.")
    lab("Zeitraum:", "Ende 2018 bis Dezember 2020")
    lab("Stand:", "Dezember 2020")
    lab("Budget:", "keine gesonderten Angaben")

    save_docx(d, "altona-deklaration-fallbeispiel.docx", datetime(2020, 12, 7, 10, 5), author="")


def main():
    make_bridge_mail()
    make_ghent_minutes()
    make_transfo_slides()
    make_troyan_form()
    make_bee_faq()
    make_aveiro_pdf()
    make_ampelokipi_txt()
    make_altona_docx()


if __name__ == "__main__":
    main()
