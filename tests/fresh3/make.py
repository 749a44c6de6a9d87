"""Re-make the eight fresh3 case-example documents, byte-identically.

    python tests/fresh3/make.py

Every document is written from one fact sheet in /work/shared/corpus/facts/ or
/work/shared/corpus/facts-more/ (see README.md). Nothing here imports or reads the
project's own package; the field labels live in gold.yaml and were written by hand.

Determinism: text files are written as bytes in a fixed encoding and line ending;
the .docx gets fixed core properties and every zip member a fixed time stamp;
the PDF gets a fixed creation date (fpdf2 `set_creation_date`).
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
FIXED = _dt.datetime(2026, 12, 1, 9, 0, 0, tzinfo=_dt.timezone.utc)
ZIP_TIME = (2026, 12, 1, 9, 0, 0)
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def write_text(name: str, text: str, encoding: str, newline: str = "\n", bom: bytes = b"") -> None:
    """Write `text` (with \\n line ends) in a given encoding / line ending."""
    data = text.replace("\n", newline).encode(encoding)
    (HERE / name).write_bytes(bom + data)


# ---------------------------------------------------------------------------
# 1. Dutch plain text, UTF-16 LE with BOM, CRLF  (uia-rotterdam-bridge.yaml)
# ---------------------------------------------------------------------------

ROTTERDAM = """\
Urban Innovative Actions (UIA)
Praktijkvoorbeeld – gemeente Rotterdam

Titel: BRIDGE – Building the Right Investments for Delivering a Growing Economy
Programma: Urban Innovative Actions, eerste oproep, thema banen en vaardigheden in de lokale economie
Stad: Rotterdam (Nederland)
Looptijd: 2017–2020, driejarig programma met aftrap op 8 juni 2017
Budget: EFRO € 4.997.624,24
Opgesteld door: Eddy Adams, UIA-expert
Datum: mei 2018
Contactpersoon: Frank Schutte, projectmanager BRIDGE

Samenvatting

BRIDGE leidt leerlingen in Rotterdam-Zuid naar beroepsopleidingen in sectoren die groeien. Werkgevers, scholen en gemeente werken samen aan loopbaanbegeleiding vanaf de basisschool en aan baangaranties voor jongeren die voor zo'n sector kiezen.

Welke actie is uitgevoerd?

Leerlingen in Rotterdam-Zuid worden richting beroepsopleidingen in groeisectoren (techniek, zorg, haven en voeding) gestuurd. Dat gebeurt met loopbaanbegeleiding vanaf negen jaar en met Career Start Garanties: werkgevers garanderen een eerste baan aan studenten die voor hun sector kiezen.

De uitdaging

UIA-uitdagingen: communiceren met de beoogde doelgroep; participatieve aanpak voor co-implementatie (inclusief private partners).

Jongeren en hun ouders baseerden hun studiekeuze vaak op verouderde of op aanzien gebaseerde beelden van werk. Het tweede UIA-journaal wijst vooral op de botsing tussen de cultuur van de school en de cultuur van de straat. Ook werkgevers, scholen en mentoren moesten hun manier van werken veranderen.

Hoe is de uitdaging overwonnen?

Alle 68 basisscholen, 20 middelbare scholen en 3 mbo-scholen doen mee, en de ouders van de leerlingen worden erbij betrokken. Mentoren, decanen en leerkrachten geven loopbaanbegeleiding vanaf de basisschool. Werkgevers bieden Career Start Garanties: na 18 maanden waren het er 500, en later zijn 1.135 studenten opgeleid. De regionale prognose van benodigde vaardigheden gaat uit van maatschappelijke trends in plaats van bedrijfstakken. Dertien partners, onder wie de gemeente, brancheorganisaties en mbo-scholen, hebben een Leerakkoord ondertekend. Monitoring, impactmeting en instrumenten voor impactinvesteringen horen bij de aanpak.

De uitdaging is volledig opgelost: volgens Portico heeft BRIDGE geholpen de kloof tussen onderwijs en arbeidsmarkt in het gebied te dichten.

Welk verschil heeft deze aanpak gemaakt?

Met het Leerakkoord verplichten de partners zich om te werken aan de overgang van school naar werk en van baan naar baan. Investeren in de lokale arbeidsmarkt wordt daarin erkend als de kernboodschap.

Lessen voor andere Europese steden

- Baangaranties van werkgevers maken een beroepskeuze concreet voor leerlingen en ouders.
- Begin vroeg met loopbaanoriëntatie, ruim vóór de keuze voor een beroepsrichting.
- Leg het partnerschap formeel vast, bijvoorbeeld in een Leerakkoord, zodat het de pilot overleeft.
"""


# ---------------------------------------------------------------------------
# 2. Polish plain text, cp1250, Roman-numeral headings  (beepathnet-bydgoszcz.yaml)
# ---------------------------------------------------------------------------

BYDGOSZCZ = """\
BeePathNet – sieć transferowa programu URBACT III
Studium przypadku wdrożenia – Miasto Bydgoszcz (Polska)

I. Tytuł

Bydgoska ścieżka pszczela

II. Streszczenie

Bydgoszcz, jedno z miast partnerskich sieci BeePathNet, utworzyła własną ścieżkę pszczelą. W maju 2021 roku liczyła ona 16 punktów, w tym ule na dachu budynku uczelni. Ścieżce towarzyszą edukacja o pszczołach w szkołach i kampanie informacyjne dla mieszkańców.

III. Jakie działanie wdrażano?

Utworzenie bydgoskiej ścieżki pszczelej, połączone z edukacją o pszczołach w szkołach i publicznymi kampaniami podnoszącymi świadomość.

IV. Wyzwanie

Wyzwanie wdrożeniowe: utrzymanie zaangażowania lokalnych interesariuszy (IC2).

Do 2018 roku hodowla pszczół w mieście była zakazana – zakaz zniosła dopiero uchwała Rady Miasta. Mieszkańcy wciąż często boją się pszczół, dlatego potrzebne były stała edukacja i promocja.

V. Jak pokonano wyzwanie?

W 2018 roku Rada Miasta przyjęła uchwałę znoszącą zakaz trzymania pszczół. Aby odpowiedzieć na wątpliwości co do jakości miejskiego miodu, zbadano w laboratorium miód z uli stojących w pobliżu ruchliwych skrzyżowań. Z okazji Światowego Dnia Pszczół zdjęcia pszczół zawisły na przystankach autobusowych i tramwajowych oraz na billboardach. Szkoły wypożyczają „ul na kółkach”, a program „Z pszczołami przez cały rok” prowadzi zajęcia w szkołach. Powstały wystawa i broszura o właściwym zachowaniu wobec pszczół. Rozdawano nasiona i prowadzono kampanię „nie koś” na rzecz zapylaczy.

Wyzwanie zostało rozwiązane całkowicie: ścieżka pszczela powstała i wciąż się rozrasta.

VI. Co zmieniło to podejście?

Od zniesienia zakazu w mieście zaszło wiele zmian. Edukację o pszczołach podjęli zwłaszcza nauczyciele.

VII. Wnioski dla innych miast

1. Najpierw sprawdź lokalne przepisy: zanim transfer się zacznie, może być konieczne zniesienie zakazu.
2. Na wątpliwości mieszkańców odpowiadaj dowodami, na przykład badaniami jakości miodu.
3. Tam, gdzie strach przed pszczołami jest powszechny, edukacja musi trwać przez cały rok.

VIII. Dane podstawowe

Okres realizacji: 2018–2020
Data opracowania: maj 2021
Opracowała: Justyna Olszewska, koordynatorka Lokalnej Grupy URBACT
Osoba do kontaktu: Natalia Majewska, Urząd Miasta Bydgoszczy, Wydział Zrównoważonego Rozwoju
Budżet: nie podano
"""


# ---------------------------------------------------------------------------
# 3. Word, every section inside a floating text box  (int-herit-kortrijk-region-transfo.yaml)
# ---------------------------------------------------------------------------

TRANSFO_BOXES = [
    # (heading, [(style, text), ...])
    ("Key facts", [
        ("", "Period: 2004 – 2019"),
        ("", "Budget: About EUR 2 million public-private investment (climbing hall and microbrewery)"),
        ("", "Date of preparation: 2 May 2019 (draft v2)"),
        ("", "Prepared by: Intercommunale Leiedal"),
    ]),
    (None, [
        ("title", "Redevelopment of Transfo, Zwevegem"),
        ("", "Municipality: Zwevegem, Belgium"),
        ("", "INT-HERIT partner: Intercommunale Leiedal (Kortrijk region)"),
    ]),
    ("Summary", [
        ("", "Transfo, a listed power plant in Zwevegem that had been abandoned, is being redeveloped "
             "as a site for many new uses. After years of joint public investment the site is gaining "
             "momentum, and the task now is to keep the growing number of projects working together."),
    ]),
    ("Action implemented", [
        ("", "Redeveloping Transfo, a listed power plant dating from 1912, in Zwevegem, a town of about "
             "25,000 people, as a site for many new uses. Electricity production there ended in 1985 and "
             "steam production in 2001."),
    ]),
    ("The challenge", [
        ("", "Implementation challenges: Ensuring the integrated approach in the delivery of the strategy "
             "& their related actions/projects; Setting up Public Private Partnerships for delivery"),
        ("", "The listed, abandoned plant mattered strategically to the municipality, but a sensible and "
             "sustainable reuse was very hard to achieve. Once the site started to gain momentum, a new "
             "problem appeared: channelling and integrating the growing number of initiatives and "
             "projects without losing opportunities along the way."),
    ]),
    ("How the challenge was overcome", [
        ("", "The municipality and Leiedal bought the site in 2004. Since then the municipality, Leiedal, "
             "the Province of West Flanders and the Flemish Government have invested in it together for "
             "about 15 years."),
        ("", "A public-private investment of about EUR 2 million is bringing an indoor climbing hall and "
             "a microbrewery to the site. The partners aim for an agile, collaborative way of governing "
             "the site that is integrated across levels of government and across sectors. In February "
             "2018 INT-HERIT partners reviewed the site during a transnational meeting."),
        ("", "The challenge is partly solved: several projects are in development, but integrating them "
             "is still the main task."),
    ]),
    ("What difference has this approach made?", [
        ("", "Each new private investment draws further interest in being part of the site, a snowball "
             "effect. The site later also hosted RE/SOURCED, a UIA project on local renewable energy."),
    ]),
    ("Lessons for other cities", [
        ("ListBullet", "Reusing heritage at this scale needs patient investment by several levels of "
                       "government over many years."),
        ("ListBullet", "Success brings a second challenge: coordinating many initiatives so that they add up."),
        ("ListBullet", "Early public-private investments can trigger further private interest."),
    ]),
]

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _para_xml(style: str, text: str, bold: bool = False, size: int | None = None) -> str:
    ppr = ""
    if style and style != "title":
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
    rpr = ""
    if bold or style == "title" or size:
        sz = size or (28 if style == "title" else None)
        rpr = "<w:rPr>" + ("<w:b/>" if (bold or style == "title") else "") + (
            f'<w:sz w:val="{sz}"/>' if sz else "") + "</w:rPr>"
    return f"<w:p>{ppr}<w:r>{rpr}<w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>"


def _box_xml(n: int, heading: str | None, paras, y_emu: int, h_emu: int) -> str:
    inner = ""
    if heading:
        inner += _para_xml("", heading, bold=True, size=24)
    for style, text in paras:
        inner += _para_xml(style, text)
    content = f"<w:txbxContent>{inner}</w:txbxContent>"
    w_emu = 5486400  # 6 in
    w_pt, h_pt = w_emu / 12700, h_emu / 12700
    return (
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        f'relativeHeight="{251658240 + n}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{y_emu}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{w_emu}" cy="{h_emu}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapTopAndBottom/>'
        f'<wp:docPr id="{n}" name="Text Box {n}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{w_emu}" cy="{h_emu}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        '<a:solidFill><a:srgbClr val="F2F2F2"/></a:solidFill>'
        '<a:ln w="6350"><a:solidFill><a:srgbClr val="7F7F7F"/></a:solidFill></a:ln></wps:spPr>'
        f'<wps:txbx>{content}</wps:txbx>'
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t">'
        '<a:spAutoFit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        '<mc:Fallback><w:pict>'
        f'<v:shape id="Text Box {n}" o:spid="_x0000_s{1025 + n}" type="#_x0000_t202" '
        f'style="position:absolute;margin-left:0;margin-top:{y_emu / 12700:.1f}pt;width:{w_pt:.1f}pt;height:{h_pt:.1f}pt;'
        f'z-index:{251658240 + n};mso-wrap-style:square;mso-position-horizontal-relative:text;'
        'mso-position-vertical-relative:text;v-text-anchor:top" fillcolor="#f2f2f2" strokecolor="#7f7f7f" strokeweight=".5pt">'
        f'<v:textbox style="mso-fit-shape-to-text:t">{content}</v:textbox>'
        '<w10:wrap type="topAndBottom"/></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>'
    )


def _fixed_zip(blob: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def make_transfo(name: str) -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.shared import Pt

    doc = docx.Document()
    cp = doc.core_properties
    cp.author = "Intercommunale Leiedal"
    cp.last_modified_by = "Intercommunale Leiedal"
    cp.title = "INT-HERIT Operational Implementation Framework – Transfo"
    cp.subject = ""
    cp.comments = ""
    cp.keywords = "INT-HERIT; OIF"
    cp.revision = 2
    cp.created = FIXED.replace(tzinfo=None)
    cp.modified = FIXED.replace(tzinfo=None)

    p = doc.add_paragraph()
    r = p.add_run("INT-HERIT  |  Operational Implementation Framework")
    r.bold = True
    r.font.size = Pt(16)
    doc.add_paragraph("Implementation case example – draft for the local group")

    body = doc.element.body
    sect = body[-1]  # sectPr
    heights = {0: 1000000, 1: 750000}
    for i, (heading, paras) in enumerate(TRANSFO_BOXES, start=1):
        words = sum(len(t.split()) for _, t in paras) + (3 if heading else 0)
        h = heights.get(i - 1, 300000 + words * 28000)
        xml = _box_xml(i, heading, paras, 0, h)
        el = parse_xml(
            '<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
            'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            f'xmlns:w10="urn:schemas-microsoft-com:office:word">{xml}</w:body>'
        )[0]
        sect.addprevious(el)
    doc.add_paragraph("Photos: see annex (not included in this draft).")
    # the last add_paragraph goes before sectPr automatically

    buf = io.BytesIO()
    doc.save(buf)
    (HERE / name).write_bytes(_fixed_zip(buf.getvalue()))


# ---------------------------------------------------------------------------
# 4. PDF report, headings "A." .. "G.", lessons as a table  (uia-getafe-epiu.yaml)
# ---------------------------------------------------------------------------

GETAFE_SECTIONS = [
    ("A. Summary", [
        "Getafe built EPIU, a model that uses data shared between municipal departments to find "
        "households in hidden energy poverty and to prevent it. One year after the implementation "
        "period, the UIA Expert's journal looks back at how the city handled UIA's operational challenges.",
    ]),
    ("B. Action implemented", [
        "EPIU: a data-based model for detecting hidden energy poverty and preventing it, built through "
        "collaboration between municipal departments and followed by targeted measures for individuals, "
        "buildings and neighbourhoods.",
    ]),
    ("C. The challenge", [
        "Operational challenges: leadership for implementation; public procurement; organisational "
        "arrangements within the urban authority (cross-department working); participative approach for "
        "co-implementation; monitoring and evaluation; upscaling.",
        "Looking back, the journal finds difficulties in each of these areas. Procurement is one example: "
        "the project's purchases had to fit into the many other procurement processes that the city "
        "council was running at the same time, with limited resources.",
    ]),
    ("D. How the challenge was overcome", [
        "Leadership was exercised at every level and not only from the top down: staff were empowered "
        "from social workers up to heads of department. The project's procurement was treated as part of "
        "the council's overall procurement planning instead of being run in isolation. Departments worked "
        "together on their data to detect energy poverty that no single service could see.",
        "The URBACT Innovation Transfer Network call summary describes the approach as effective in "
        "reducing energy vulnerability.",
    ]),
    ("E. The difference it made", [
        "Staff at all levels were empowered. The journal reports that this had very positive effects, "
        "both for the project and for the employees.",
    ]),
]

GETAFE_LESSONS = [
    ("No.", "Lesson", "Operational challenge"),
    ("1", "In innovative projects, leadership must be spread across levels, not left to the mayor alone.",
     "Leadership"),
    ("2", "Do not run a project's procurement in isolation from the rest of the council's purchasing.",
     "Public procurement"),
    ("3", "Cross-departmental data sharing can reveal needs, such as hidden poverty, that single "
          "services miss.", "Organisational arrangements"),
]

GETAFE_FACTS = [
    "Period: not stated (the journal was written one year after the end of the implementation period)",
    "Budget: not stated",
    "Source: UIA Expert journal 4",
    "Prepared: November 2026",
]


def make_getafe(name: str) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED)
    pdf.set_title("EPIU Getafe - case example")
    pdf.set_author("")
    pdf.set_creator("Report export")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()

    pdf.set_font("DejaVu", "B", 9)
    pdf.set_text_color(90, 90, 90)
    pdf.cell(0, 5, "URBAN INNOVATIVE ACTIONS  ·  CASE EXAMPLE", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, "EPIU – a data-based model to find and prevent hidden energy poverty",
                   align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(0, 6, "City: Getafe, Spain     Programme: Urban Innovative Actions (UIA)     Project: EPIU",
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    def heading(t: str) -> None:
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 12)
        pdf.cell(0, 7, t, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)

    for head, paras in GETAFE_SECTIONS:
        heading(head)
        for para in paras:
            pdf.multi_cell(0, 5.2, para, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2.5)

    heading("F. Lessons for other cities")
    pdf.ln(1)
    with pdf.table(col_widths=(12, 108, 50), text_align=("CENTER", "LEFT", "LEFT"),
                   line_height=5.2, padding=1.5) as table:
        for row in GETAFE_LESSONS:
            r = table.row()
            for cell in row:
                r.cell(cell)
    pdf.ln(3)

    heading("G. Key facts")
    for line in GETAFE_FACTS:
        pdf.multi_cell(0, 5.2, line, align="L", new_x="LMARGIN", new_y="NEXT")

    (HERE / name).write_bytes(bytes(pdf.output()))


# ---------------------------------------------------------------------------
# 5. reStructuredText  (stay-tuned-aveiro.yaml)
# ---------------------------------------------------------------------------

AVEIRO = """\
.. -*- coding: utf-8 -*-
.. Stay Tuned case examples, partner city series

=======================================================
Aveiro – Professionalising and Supporting School Teams
=======================================================

:Network: Stay Tuned (URBACT III Implementation Network)
:City: Aveiro, Portugal
:Period: June 2017 – June 2019
:Prepared: 26 April 2019
:Contact: Adriana de Oliveira Simões, Aveiro municipality
:Budget: not stated

.. contents:: In this case example
   :local:

Summary
-------

Aveiro's municipality and university set up a joint team that brings school staff together
with other professionals around real cases of pupils at risk of leaving education early.
Professionals who used to work apart now work *openly* together.

What was implemented
--------------------

A more cooperative way of working between the municipality, schools and teachers. It draws on
the city's wider pool of expertise, including the university and other professionals, to spot
and tackle early leaving.

The challenge
-------------

*Implementation challenges:* IC2 – Maintaining involvement of local stakeholders and organising
decision-making for delivery; IC1 – Ensuring the integrated approach in the delivery of the
strategy and their related actions/projects.

It was hard to secure agreement and lasting commitment between teachers, the municipality, the
university and other professional stakeholders. Pupils come from varied social backgrounds and
behave in varied ways, which makes each case complex. Professionals also tended to work in
isolation, both physically and professionally.

How the challenge was overcome
------------------------------

A joint municipal-university team took on the role of leader and broker. It organised:

* training sessions for school staff;
* peer-exchange sessions;
* joint work on real cases in schools;
* facilitated meetings that connect school teams with other professionals.

Around this grew a *virtual project team* that spans the organisations involved.

The challenge was **partly solved**: change has been gradual, and there is no formal rating.

What difference has it made?
----------------------------

Behaviour changed over time, and schools became better able to support students and their
families. Professionals began to work openly together rather than separately.

Lessons for other cities
------------------------

* Someone has to take an explicit brokering role to bring professions together around cases.
* Working on real cases builds collaboration faster than abstract coordination meetings.
* Training combined with peer exchange helps set a shared tone across institutions.

.. note::

   Based on the Aveiro partner page of the Stay Tuned report and the URBACT article
   `Aveiro: professionalising and supporting school teams
   <https://urbact.eu/aveiro-professionalising-supporting-school-teams>`_.
"""


# ---------------------------------------------------------------------------
# 6. Interview transcript with time stamps, UTF-8 with BOM, CRLF  (on-board-viladecans.yaml)
# ---------------------------------------------------------------------------

VILADECANS = """\
ON BOARD – URBACT Transfer Network
Case example recorded as an interview

Title: Educational Innovation Network (EIN)
City: Viladecans (Lead Partner), Spain
Period covered: 2018–2021
Interviewer: Mireia Sanabria, ON BOARD Lead Expert
Interviewee: Sonia Domínguez, International Relations Officer, Viladecans City Council
Transcript edited by: Mireia Sanabria
Date: May 2021 (after the final event of 12 May 2021)

Summary
Viladecans has run its Educational Innovation Network since 2013. In ON BOARD, the lead partner used the network to prepare the EIN's next stage: new members, clear indicators and a plan for its long-term future.

=== TRANSCRIPT ===

[00:00:03] Mireia Sanabria: Sonia, what is the action we are talking about?

[00:00:09] Sonia Domínguez: The Educational Innovation Network is a co-operative structure in which the municipality, schools, families, companies and local entities run innovative education projects together, including ICT in the classroom. Through ON BOARD we also consolidated it in an improvement plan.

[00:00:41] Mireia Sanabria: What made it difficult?

[00:00:46] Sonia Domínguez: After four years of projects the network needed to grow up. Social entities and young people were not yet active members. We had no clear indicators to judge our results and guide our decisions. And its long-term sustainability was not secured.

[00:01:20] Mireia Sanabria: Which of the URBACT implementation challenges does that match?

[00:01:25] Sonia Domínguez: Two of them: setting up efficient indicators and monitoring systems to measure performance, and maintaining the involvement of local stakeholders.

[00:01:38] Mireia Sanabria: How did you deal with it?

[00:01:42] Sonia Domínguez: We used the Transfer Network to define the EIN action plan for the coming years. We brought entities and young people in as active members, and we defined indicators to assess results and steer decisions. Visits, meetings and pilot projects with the partner cities helped build commitment among our stakeholders, together with peer reviews and joint planning sessions; after COVID-19 we moved to online tools. Our rule was to adapt, not to replicate. I would say the challenge is partly solved: we presented an EIN Improvement Plan at the final event, but we cannot yet put figures on the results.

[00:02:35] Mireia Sanabria: What difference has this made?

[00:02:39] Sonia Domínguez: The EIN gained real momentum through URBACT, and we presented an improvement plan built from what we learned in the network.

[00:02:55] Mireia Sanabria: And what would you tell other cities?

[00:02:58] Sonia Domínguez: Three things. Transfer works when partners adapt the practice rather than copy it. A network of co-responsible stakeholders needs indicators early to guide its decisions. Young people and social entities should be involved as members, not only as beneficiaries.

[00:03:20] Mireia Sanabria: Thank you, Sonia.

=== END OF TRANSCRIPT ===
"""


# ---------------------------------------------------------------------------
# 7. Newsletter article in Markdown with YAML front matter  (uia-athens-curing-the-limbo.yaml)
# ---------------------------------------------------------------------------

ATHENS = """\
---
layout: story
title: "Curing the Limbo – From apathy to active citizenship"
date: 2026-11-20
section: UIA stories
programme: Urban Innovative Actions (UIA)
topic: Integration of migrants and refugees
city: Athens
country: Greece
project_period: 01/04/2018 – 31/03/2021
budget: ERDF EUR 4,999,748.80
tags: [housing, refugees, active-citizenship]
---

# Curing the Limbo – From apathy to active citizenship

_Athens built a single pathway for refugees that combines language learning, skills and jobs, housing in vacant flats and citizen-led neighbourhood life. The hardest part was making five very different organisations work as one._

## What Athens set out to do

Curing the Limbo offers refugees a trajectory that combines language learning, skills and jobs, access to housing in vacant private apartments, and involvement in citizen-led neighbourhood activities. It is organised as a circular "gift" exchange.

## The hurdle

In UIA's terms the project met two operational challenges: **organisational arrangements within the urban authority** (cross-department working) and the **participative approach for co-implementation**.

The first task was to build a coherent consortium with a common working routine out of the City of Athens, the University of Athens, CRS, IRC and the city's development agency. Activities also had to be launched in an environment that kept changing, and vacant flats proved hard to mobilise from their owners.

> "Invest early in a common working routine across a mixed consortium."

## How they got there

A housing facilitation unit connects refugees with property owners, and tax-paying owners of empty flats are offered incentives. Beneficiaries get on-the-job training together with language lessons, psycho-social support and "street law". Through the city's civil society platform they are linked to citizen-led activities. For the housing strand, UCL reviewed about 120 affordable-housing cases for CRS.

The challenge was partly solved. The sixth journal reviews results, sustainability and legacy, and the project podcast reports that hundreds of vacant apartments were used to house refugees.

## What changed

Education, employment, housing and community involvement, which are usually handled separately, were linked into one integration pathway.

## Takeaways for other cities

- Vacant private housing can be mobilised for refugees if owners get clear incentives and support.
- Invest early in a common working routine across a mixed consortium.
- Connect housing with jobs and community life instead of offering it as a stand-alone service.

---

*This story is based on the UIA Expert journals and the Zoom-in podcast by Levente Polyák. Read [journal 6 on legacies](https://portico.urban-initiative.eu/urban-stories/uia/curing-limbo-journal-6-legacies) on Portico.*
"""


# ---------------------------------------------------------------------------
# 8. INI-style "key = value" case card, very short, cp1252, CRLF  (int-herit-dodoni.yaml)
# ---------------------------------------------------------------------------

DODONI = """\
; INT-HERIT – case card export (partner database)
; encoding: windows-1252

[case]
network = INT-HERIT
programme = URBACT III – Implementation Network
title = The ancient theatre and sustainable cultural tourism
city = Municipality of Dodoni
country = Greece
period = November 2018 (peer review at the transnational meeting)
prepared =
prepared_by =
contact = Vassilios Hiras, Vice-Mayor
budget = not stated

[summary]
text =

[action]
text = Balancing how the municipality presents its cultural resources – above all the
    ancient theatre – with promoting cultural tourism in a sustainable way.

[challenge]
name = Maintaining involvement of local stakeholders; Ensuring the integrated approach
text = The peer review looked at three open questions: how to create the municipality’s
    destination brand; how to continue and enrich the cultural festival that the
    municipality has run at the archaeological site for two years, linked to a volunteer
    programme; and which economic and cultural activities can take place in the
    protected zone around the site under national rules.

[how_overcome]
text = The municipality invited INT-HERIT partner cities to review these questions at the
    transnational meeting in November 2018. It keeps the annual cultural festival at the
    archaeological site going, with a volunteer programme linked to it, and works through
    a local group that includes a regional cooperative bank.
outcome = unknown

[difference]
text = not documented

[lessons]
1 = Around protected archaeological sites, local ambitions must be reconciled with
    national protection rules.
2 = Recurring events plus volunteers can keep a heritage site in active use.
"""


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    write_text("rotterdam-bridge-nl.txt", ROTTERDAM, "utf-16-le", "\r\n", bom=b"\xff\xfe")
    write_text("bydgoszcz-sciezka-pszczela.txt", BYDGOSZCZ, "cp1250", "\n")
    make_transfo("transfo-zwevegem-textboxes.docx")
    make_getafe("getafe-epiu-report.pdf")
    write_text("aveiro-school-teams.rst", AVEIRO, "utf-8", "\n")
    write_text("viladecans-interview.txt", VILADECANS, "utf-8", "\r\n", bom=b"\xef\xbb\xbf")
    write_text("athens-limbo-newsletter.md", ATHENS, "utf-8", "\n")
    write_text("dodoni-case-card.ini", DODONI, "cp1252", "\r\n")


if __name__ == "__main__":
    main()
