#!/usr/bin/env python3
"""Write the eight case-example documents of this folder.

Every run writes the same bytes: docx core properties, comment dates and zip
timestamps are fixed, and the PDFs get a fixed creation date.

Uses only python-docx, fpdf2, lxml and the standard library.
"""
from __future__ import annotations

import io
import re
import textwrap
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from fpdf import FPDF
from fpdf.fonts import FontFace

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def fix_core(doc: docx.document.Document, *, title: str, author: str, when: datetime) -> None:
    cp = doc.core_properties
    cp.title = title
    cp.author = author
    cp.last_modified_by = author
    cp.created = when
    cp.modified = when
    cp.last_printed = when
    cp.revision = 3
    cp.subject = ""
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""


def save_docx(doc: docx.document.Document, path: Path, comment_date: str | None = None) -> None:
    """Save with fixed zip entry times (python-docx stamps the current time)."""
    raw = io.BytesIO()
    doc.save(raw)
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if comment_date and info.filename == "word/comments.xml":
                data = re.sub(rb'w:date="[^"]*"', b'w:date="' + comment_date.encode() + b'"', data)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, data)
    path.write_bytes(out.getvalue())


def set_cell_shading(cell, hex_fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_fill)
    tc_pr.append(shd)


def set_table_borders(table, *, outer: str = "single", inner: str = "single", size: int = 4,
                      color: str = "808080") -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        kind = inner if edge.startswith("inside") else outer
        el.set(qn("w:val"), kind)
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), color)
        borders.append(el)
    # schema order: tblBorders comes before tblLayout / tblCellMar / tblLook
    later = [c for c in tbl_pr if c.tag in (qn("w:shd"), qn("w:tblLayout"), qn("w:tblCellMar"),
                                            qn("w:tblLook"))]
    if later:
        later[0].addprevious(borders)
    else:
        tbl_pr.append(borders)


def set_cell_bottom_border(cell, size: int = 12, color: str = "1F4E79") -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    el = OxmlElement("w:bottom")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:space"), "0")
    el.set(qn("w:color"), color)
    borders.append(el)
    tc_pr.append(borders)


def add_page_field(paragraph) -> None:
    run = paragraph.add_run()
    b = OxmlElement("w:fldChar")
    b.set(qn("w:fldCharType"), "begin")
    i = OxmlElement("w:instrText")
    i.set(qn("xml:space"), "preserve")
    i.text = " PAGE "
    e = OxmlElement("w:fldChar")
    e.set(qn("w:fldCharType"), "end")
    run._r.append(b)
    run._r.append(i)
    run._r.append(e)


def new_pdf(orientation: str = "P", fmt="A4") -> FPDF:
    pdf = FPDF(orientation=orientation, unit="mm", format=fmt)
    pdf.set_creation_date(datetime(2021, 6, 30, 9, 0, 0, tzinfo=timezone.utc))
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
    return pdf


# --------------------------------------------------------------------------
# 1. Milan, OpenAgri: Italian letter on letterhead, case as nested table
# --------------------------------------------------------------------------

MILANO_ROWS = [
    ("Titolo del caso",
     ["OpenAgri – Nuove competenze per nuovi lavori nell'agricoltura periurbana"]),
    ("Città", ["Milano (Italia)"]),
    ("Programma",
     ["Urban Innovative Actions (UIA), primo bando 2016 – tema «Lavoro e competenze "
      "nell'economia locale»"]),
    ("Sintesi",
     ["Con OpenAgri il Comune di Milano ha aperto a Cascina Nosedo, sul margine sud della "
      "città, un hub di innovazione aperta dedicato all'agricoltura periurbana. La difficoltà "
      "maggiore è stata tenere insieme due politiche, lavoro e competenze da una parte e "
      "agricoltura urbana dall'altra, dentro un partenariato ampio e con procedure di gara per "
      "affidare terreni pubblici a imprenditori esterni."]),
    ("Azione realizzata",
     ["Creazione di un Open Innovation Hub sull'agricoltura periurbana presso Cascina Nosedo "
      "(Porto di Mare, margine sud di Milano), con un Urban Agriculture Lab che ha selezionato "
      "le proposte per l'uso di un terreno pubblico di 30 ettari, affiancato da formazione, "
      "sostegno alle start-up e inclusione sociale."]),
    ("La sfida",
     ["Alcune delle attività previste erano rischiose, in particolare l'hub diffuso sul "
      "territorio e la ristrutturazione della cascina. Il Comune doveva bandire una gara e "
      "scegliere imprenditori esterni a cui affidare la coltivazione di terreni pubblici.",
      "Inoltre bisognava collegare due campi di policy, lavoro e competenze e agricoltura "
      "urbana, all'interno di un partenariato molto ampio."]),
    ("Sfide operative UIA",
     ["n. 2 – Appalti pubblici (smart public procurement)",
      "n. 3 – Assetti organizzativi interni per progetti integrati (lavoro tra settori diversi)"]),
    ("Come è stata affrontata",
     ["Prima di lanciare l'Urban Agriculture Lab abbiamo previsto una fase di gara di quattro "
      "mesi. La call for ideas ha raccolto 50 proposte già al momento del lancio.",
      "Per non fermare il progetto in attesa dei lavori alla cascina abbiamo puntato su un hub "
      "diffuso, con living lab, una residenza artistica e attività di job shadowing. Il "
      "partenariato comprende la Camera di Commercio, le università, centri di ricerca e "
      "organizzazioni sociali. Cascina Nosedo diventerà l'hub e il living lab per inclusione, "
      "competenze e innovazione."]),
    ("La sfida è stata risolta?",
     ["In parte: alcuni importanti colli di bottiglia dell'attuazione sono stati superati."]),
    ("Che differenza ha fatto",
     ["Secondo la project manager la vera innovazione è l'integrazione tra le politiche per il "
      "lavoro e le competenze e quelle per l'agricoltura urbana. Il Politecnico segnala nuove "
      "connessioni sul territorio e nuove iniziative del Comune e di MM spa."]),
    ("Lezioni per altre città",
     ["– I bandi aperti possono portare imprenditori su terreni pubblici ai margini della città.",
      "– Mettere in conto i ritardi nei lavori di ristrutturazione e tenere vive le attività nel "
      "frattempo, per esempio con un hub diffuso.",
      "– Collegare due politiche in un solo progetto alza l'ambizione, ma anche il carico di "
      "coordinamento."]),
    ("Periodo", ["2016 – 2018"]),
    ("Data di compilazione", ["Gennaio 2018"]),
    ("Compilata da", ["Rossana Torri, project manager OpenAgri"]),
    ("Budget", ["FESR (contributo UIA): 4.996.745,52 euro"]),
]


def make_milano(path: Path) -> None:
    doc = docx.Document()
    fix_core(doc, title="OpenAgri – scheda caso", author="Rossana Torri",
             when=datetime(2018, 1, 22, 11, 30, 0))
    st = doc.styles["Normal"]
    st.font.name = "Calibri"
    st.font.size = Pt(10)
    sec = doc.sections[0]
    sec.left_margin = sec.right_margin = Cm(2)
    sec.top_margin = Cm(1.5)

    outer = doc.add_table(rows=3, cols=2)
    outer.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = outer.rows[0].cells
    set_cell_bottom_border(left)
    set_cell_bottom_border(right)
    p = left.paragraphs[0]
    r = p.add_run("COMUNE DI MILANO")
    r.bold = True
    r.font.size = Pt(16)
    r.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    p2 = left.add_paragraph()
    r = p2.add_run("Progetto OpenAgri – Urban Innovative Actions")
    r.font.size = Pt(9)
    p3 = left.add_paragraph()
    r = p3.add_run("Cascina Nosedo – Porto di Mare, Milano")
    r.font.size = Pt(9)
    q = right.paragraphs[0]
    q.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    q.add_run("Milano, gennaio 2018").font.size = Pt(9)
    q2 = right.add_paragraph()
    q2.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    q2.add_run("Alla c.a. di Miguel Sousa\nEsperto UIA").font.size = Pt(9)

    body = outer.rows[1].cells[0].merge(outer.rows[1].cells[1])
    bp = body.paragraphs[0]
    bp.paragraph_format.space_before = Pt(12)
    rr = bp.add_run("Oggetto: scheda del caso di attuazione – progetto OpenAgri")
    rr.bold = True
    body.add_paragraph(
        "Gentile dott. Sousa,\nin allegato trova la scheda del caso compilata secondo il modello "
        "concordato. Restiamo a disposizione per eventuali integrazioni.")
    inner = body.add_table(rows=len(MILANO_ROWS), cols=2)
    set_table_borders(inner, color="9DC3E6")
    for i, (label, paras) in enumerate(MILANO_ROWS):
        c0, c1 = inner.rows[i].cells
        c0.width = Cm(4.2)
        c1.width = Cm(12.3)
        set_cell_shading(c0, "DEEAF6")
        lr = c0.paragraphs[0].add_run(label)
        lr.bold = True
        lr.font.size = Pt(9)
        c1.paragraphs[0].add_run(paras[0])
        for extra in paras[1:]:
            c1.add_paragraph(extra)
    body.add_paragraph("")
    body.add_paragraph("Cordiali saluti,")
    body.add_paragraph("Rossana Torri\nProject manager OpenAgri – Comune di Milano")

    foot = outer.rows[2].cells[0].merge(outer.rows[2].cells[1])
    fp = foot.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fr = fp.add_run("Progetto cofinanziato dal Fondo europeo di sviluppo regionale "
                    "attraverso l'iniziativa Urban Innovative Actions")
    fr.font.size = Pt(8)
    fr.italic = True
    save_docx(doc, path)


# --------------------------------------------------------------------------
# 2. Debrecen, WIT: Hungarian README-style text, dot leaders, cp1250
# --------------------------------------------------------------------------

def leader(label: str, value: str, width: int = 30) -> str:
    dots = "." * max(3, width - len(label) - 1)
    return f"{label} {dots} {value}"


def indent(text: str, n: int = 4) -> str:
    return textwrap.fill(text, width=76, initial_indent=" " * n, subsequent_indent=" " * n,
                         break_on_hyphens=False, break_long_words=False)


def make_debrecen(path: Path) -> None:
    L = []
    L.append("DEBRECEN4U / WIT – esetleírás")
    L.append("=" * 29)
    L.append("")
    L.append("Ez a fájl a Welcoming International Talent (WIT) URBACT hálózat debreceni")
    L.append("esetleírását tartalmazza. A mellékelt fényképek külön mappában vannak.")
    L.append("")
    L.append("Alapadatok")
    L.append("----------")
    L.append("")
    for lab, val in [
        ("Cím", "Debrecen4U – egy helyen minden információ a nemzetközi tehetségeknek"),
        ("Város", "Debrecen, Magyarország"),
        ("Hálózat", "Welcoming International Talent (WIT), URBACT III transzferhálózat"),
        ("Átvett jó gyakorlat", "Groningen"),
        ("Képviselő szervezet", "EDC Debrecen"),
        ("Időszak", "2018–2021"),
        ("Az esetleírás kelte", "2021. december"),
        ("Készítette", "EDC Debrecen"),
        ("Költségvetés", "nincs megadva"),
    ]:
        L.append(leader(lab, val))
    L.append("")
    sections = [
        ("1. Összefoglaló", [
            "Debrecen a Welcoming International Talent hálózatban a groningeni jó gyakorlatból "
            "tanult. A városban egyre több a külföldi hallgató és a multinacionális befektető, a "
            "nemzetköziesedés mégis hiányterület volt. A munka eredménye a 2021. december 15-én "
            "bemutatott Debrecen4U nemzetközi weboldal."]),
        ("2. A megvalósított intézkedés", [
            "Befogadó kínálat kiépítése a nemzetközi hallgatók és munkavállalók számára, amelyből "
            "a Debrecen4U nemzetközi weboldal született. A várost a hálózatban az EDC Debrecen "
            "képviselte."]),
        ("3. A kihívás", [
            "A külföldi hallgatók és a multinacionális befektetők növekvő száma ellenére a "
            "nemzetköziesedés hiányterület volt a városban. A partnervárosok hasonló akadályokról "
            "számoltak be: a nyelv, a lakhatás, a szolgáltatások elérése a külföldiek számára és a "
            "beilleszkedés a helyi lakosság közé.",
            "Kihívás kódja: IC1 – Az integrált megközelítés biztosítása a stratégia és a "
            "kapcsolódó intézkedések megvalósításában"]),
        ("4. Hogyan kezeltük a kihívást?", [
            "Megismertük a vezető város, Groningen működési modelljeit a nemzetközi érkezők "
            "fogadására. Építettünk a Debrecen Business Expat Clubra, amelyet az EDC Debrecen "
            "2016-ban alapított. A befektetések támogatására a nemzetközi iskolákra is "
            "támaszkodtunk. Végül egyetlen nemzetközi információs weboldalt hoztunk létre: ez a "
            "Debrecen4U.",
            "Megoldódott-e a kihívás? Részben. A weboldal elindult, ami nagy lépés a város "
            "nemzetköziesedésében."]),
        ("5. Mit változtatott ez a megközelítés?", [
            "A helyi sajtó szerint a hálózat egy hosszabb távú nemzetköziesedési folyamatot "
            "indított el a városban."]),
    ]
    for head, paras in sections:
        L.append(head)
        L.append("-" * len(head))
        L.append("")
        for para in paras:
            L.append(indent(para))
            L.append("")
    head = "6. Tanulságok más városok számára"
    L.append(head)
    L.append("-" * len(head))
    L.append("")
    for mark, lesson in [
        ("a)", "Az egyablakos információs pont segít az újonnan érkezőknek megtalálni a "
               "mindennapi szolgáltatásokat."),
        ("b)", "A befogadó politika összekapcsolja az oktatást, az üzleti szférát és a városi "
               "szolgáltatásokat."),
    ]:
        L.append(textwrap.fill(lesson, width=76, initial_indent=f"    {mark} ",
                               subsequent_indent="       ", break_on_hyphens=False))
    L.append("")
    L.append("Mellékletek")
    L.append("-----------")
    L.append("")
    L.append("    foto/  – két fénykép a Debrecen4U bemutatójáról")
    L.append("")
    text = "\n".join(L) + "\n"
    path.write_bytes(text.replace("\n", "\r\n").encode("cp1250"))


# --------------------------------------------------------------------------
# 3. Espinho, INT-HERIT: Portuguese Markdown, TOC, footnotes, numbered questions
# --------------------------------------------------------------------------

ESPINHO_MD = """\
# Exemplo de caso INT-HERIT — Câmara Municipal de Espinho

Rede URBACT INT-HERIT (Implementation Network). Documento de trabalho do grupo local.

## Índice

- [1. Identificação](#1-identificação)
  - [1.1 Título e cidade](#11-título-e-cidade)
  - [1.2 Resumo do caso](#12-resumo-do-caso)
- [2. A ação e o desafio](#2-a-ação-e-o-desafio)
  - [2.1 Qual foi a ação implementada?](#21-qual-foi-a-ação-implementada)
  - [2.2 Qual foi o desafio?](#22-qual-foi-o-desafio)
  - [2.3 Desafios de implementação (código)](#23-desafios-de-implementação-código)
- [3. Como foi ultrapassado](#3-como-foi-ultrapassado)
  - [3.1 Que ações foram tomadas?](#31-que-ações-foram-tomadas)
  - [3.2 O desafio foi resolvido?](#32-o-desafio-foi-resolvido)
  - [3.3 Que diferença fez esta abordagem?](#33-que-diferença-fez-esta-abordagem)
  - [3.4 Que lições podem retirar outras cidades europeias?](#34-que-lições-podem-retirar-outras-cidades-europeias)
- [4. Factos e números](#4-factos-e-números)
- [Notas](#notas)

## 1. Identificação

### 1.1 Título e cidade

Área de Reabilitação Urbana do Litoral de Espinho (ARULE) — Espinho, Portugal[^1]

### 1.2 Resumo do caso

Espinho está a reabilitar a parte mais antiga e central da cidade, junto ao mar. O
enterramento da Linha do Norte libertou cerca de 10,5 ha de espaço público, e a renovação
obriga vários projetos, vários serviços municipais e os proprietários privados a avançar ao
mesmo tempo.

## 2. A ação e o desafio

### 2.1 Qual foi a ação implementada?

Reabilitação da zona mais antiga e central de Espinho. Os elementos principais são cerca de
10,5 ha de espaço público libertados pelo enterramento da Linha do Norte (projeto ReCaFE) e a
recuperação de edifícios públicos e privados e de espaços comerciais antigos ou degradados.

### 2.2 Qual foi o desafio?

O corredor deixado pela linha férrea enterrada ainda não tinha um novo uso. A renovação exigia
que vários projetos, conduzidos por diferentes serviços municipais e por proprietários
privados, avançassem em conjunto.

### 2.3 Desafios de implementação (código)

- IC1 — Garantir a abordagem integrada na execução da estratégia e das ações e projetos associados
- IC5 — Criar parcerias público-privadas para a execução[^2]

## 3. Como foi ultrapassado

### 3.1 Que ações foram tomadas?

Tratámos a renovação como um único conjunto integrado de projetos, transversal aos serviços
municipais. Combinámos várias fontes de financiamento: o Turismo de Portugal e o Plano
Estratégico de Desenvolvimento Urbano, no âmbito do NORTE 2020. Para reabilitar os edifícios
privados, os proprietários podem recorrer ao instrumento financeiro IFRU 2020, com empréstimos
e benefícios fiscais.

O grupo local reúne as juntas de freguesia, associações empresariais e cívicas, empresas de
reabilitação, projetistas, mediadores imobiliários, associações culturais, escolas e a
academia de música.

### 3.2 O desafio foi resolvido?

Em parte: o processo de reabilitação já arrancou.[^3]

### 3.3 Que diferença fez esta abordagem?

A renovação do espaço público e dos edifícios privados da zona central já está em curso.

### 3.4 Que lições podem retirar outras cidades europeias?

1. Juntar financiamento nacional, regional (FEDER) e um instrumento financeiro permite lançar
   uma renovação que nenhuma destas fontes conseguiria sozinha.
2. Os proprietários privados podem ser mobilizados com empréstimos e benefícios fiscais, em vez
   de subsídios.
3. As associações empresariais e cívicas locais sublinharam que toda a comunidade tem de fazer
   parte do projeto para que ele tenha sucesso.

## 4. Factos e números

| | |
|---|---|
| Período | setembro de 2017 – maio de 2019[^4] |
| Data de preparação | maio de 2019 |
| Preparado por | Sandra Almeida, arquiteta urbanista da Câmara Municipal[^5] |
| Orçamento | não indicado |

## Notas

[^1]: ARULE: Área de Reabilitação Urbana do Litoral de Espinho. Inclui o corredor libertado
    pelo enterramento da Linha do Norte.
[^2]: Os códigos seguem a lista de desafios de implementação usada na rede INT-HERIT.
[^3]: Ainda não há resultados medidos.
[^4]: Fase 2 da rede INT-HERIT. O evento final de disseminação local realizou-se a 30 de maio
    de 2019.
[^5]: Contacto político: Vicente Pinto, Vice-Presidente da Câmara, que liderou a equipa local
    do projeto.
"""


def make_espinho(path: Path) -> None:
    path.write_bytes(ESPINHO_MD.encode("utf-8"))


# --------------------------------------------------------------------------
# 4. Paris, OASIS: one-page PDF poster, boxes in a grid, large fonts
# --------------------------------------------------------------------------

PARIS_BOXES = [
    # (heading, paragraphs, span) span 2 = full width
    [("In short", [
        "Paris is turning asphalt schoolyards into green \"cool islands\" that pupils help to "
        "design and that neighbours can use outside school hours. The hard part was keeping "
        "every group of users on board and handing the method over to the city's technical "
        "departments."], 2)],
    [("The action", [
        "We turn asphalt schoolyards into green \"cool islands\". Nature-based solutions give "
        "shade and manage stormwater. Each yard is co-designed with the pupils and the school "
        "community, and opened to residents of the neighbourhood outside school hours."], 1),
     ("The challenge", [
        "Winning and keeping the support of all users. Children, school staff and residents had "
        "to share responsibility for designing, using and managing the yards. The co-design "
        "method also had to be one that the city's technical departments could take over.",
        "UIA operational challenges: participative approach for co-implementation; upscaling"],
      1)],
    [("How we tackled it", [
        "Schoolchildren redesigned their own yard in structured co-design sessions. We ran "
        "engagement activities with the wider school community and residents, and "
        "climate-change awareness workshops. Environmental, social and educational experts "
        "checked the designs in dedicated meetings.",
        "Météo-France, ESIEE and Sciences Po LIEPP evaluate the impact. The methodology is "
        "written so that technical departments and other authorities can use it."], 1),
     ("Result", [
        "Challenge solved: completely",
        "10 schoolyards transformed. A framework and tools for upscaling are ready."], 1)],
    [("What changed", [
        "OASIS is now written into the Paris Climate Plan (2018) and the Paris Resilience "
        "Strategy (2017)."], 1),
     ("Lessons for other cities", [
        "1. Schools within walking distance of every resident can become a climate network "
        "for the whole neighbourhood.",
        "2. Co-design with children must be structured, and must run through design, building "
        "and maintenance.",
        "3. Design the process so that technical departments can repeat it without the project "
        "team."], 1)],
]


def make_paris(path: Path) -> None:
    pdf = new_pdf("P", (594, 841))
    pdf.set_auto_page_break(False)
    pdf.set_title("OASIS schoolyards – poster")
    pdf.set_author("Ville de Paris")
    pdf.add_page()
    W, M, G = 594, 24, 18
    colw = (W - 2 * M - G) / 2
    # header band
    pdf.set_fill_color(0x1E, 0x6B, 0x3A)
    pdf.rect(0, 0, W, 150, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("DejaVu", "B", 34)
    pdf.set_xy(M, 22)
    pdf.multi_cell(W - 2 * M, 16, "URBAN INNOVATIVE ACTIONS · PARIS", align="L")
    pdf.set_font("DejaVu", "B", 50)
    pdf.set_xy(M, 46)
    pdf.multi_cell(W - 2 * M, 22, "OASIS – School yards: Openness, Adaptation, Sensitisation, "
                   "Innovation and Social ties", align="L")
    pdf.set_font("DejaVu", "", 26)
    pdf.set_xy(M, 120)
    pdf.multi_cell(W - 2 * M, 12, "Paris, France · Climate adaptation · Case example", align="L")

    y = 172
    body_pt, lh = 21, 10.5
    head_pt = 30
    pad = 9
    fills = [(0xE8, 0xF4, 0xEC), (0xFF, 0xF4, 0xDC)]
    for row_i, row in enumerate(PARIS_BOXES):
        # measure
        heights = []
        for head, paras, span in row:
            w = (W - 2 * M) if span == 2 else colw
            pdf.set_font("DejaVu", "", body_pt)
            h = pad + 16 + 4
            for para in paras:
                lines = pdf.multi_cell(w - 2 * pad, lh, para, align="L", dry_run=True,
                                       output="LINES")
                h += len(lines) * lh + 7
            heights.append(h + pad - 7)
        rh = max(heights)
        x = M
        for box_i, (head, paras, span) in enumerate(row):
            w = (W - 2 * M) if span == 2 else colw
            fill = fills[(row_i + box_i) % 2]
            pdf.set_fill_color(*fill)
            pdf.set_draw_color(0x1E, 0x6B, 0x3A)
            pdf.set_line_width(1.2)
            pdf.rect(x, y, w, rh, style="DF", round_corners=True, corner_radius=6)
            pdf.set_text_color(0x1E, 0x6B, 0x3A)
            pdf.set_font("DejaVu", "B", head_pt)
            pdf.set_xy(x + pad, y + pad)
            pdf.multi_cell(w - 2 * pad, 16, head, align="L")
            pdf.set_text_color(0x20, 0x20, 0x20)
            yy = y + pad + 16 + 4
            for para in paras:
                bold = para.startswith("Challenge solved") or para.startswith("UIA operational")
                pdf.set_font("DejaVu", "B" if bold else "", body_pt)
                pdf.set_xy(x + pad, yy)
                pdf.multi_cell(w - 2 * pad, lh, para, align="L")
                yy = pdf.get_y() + 7
            x += w + G
        y += rh + G

    # key facts strip
    pdf.set_fill_color(0x1E, 0x6B, 0x3A)
    pdf.rect(0, 841 - 92, W, 92, style="F")
    pdf.set_text_color(255, 255, 255)
    facts = [
        ("Period", "01/11/2018 – 31/10/2021"),
        ("Budget", "ERDF EUR 4,995,793.16"),
        ("Prepared", "October 2021"),
    ]
    fx = M
    fw = (W - 2 * M) / 3
    for lab, val in facts:
        pdf.set_font("DejaVu", "B", 20)
        pdf.set_xy(fx, 841 - 80)
        pdf.multi_cell(fw - 8, 10, lab, align="L")
        pdf.set_font("DejaVu", "", 22)
        pdf.set_xy(fx, 841 - 66)
        pdf.multi_cell(fw - 8, 11, val, align="L")
        fx += fw
    pdf.set_font("DejaVu", "", 15)
    pdf.set_xy(M, 841 - 36)
    pdf.multi_cell(W - 2 * M, 8, "Ville de Paris · co-financed by the European Regional "
                   "Development Fund through the Urban Innovative Actions initiative", align="L")
    pdf.output(str(path))


# --------------------------------------------------------------------------
# 5. Pamplona, Making Spend Matter: spreadsheet printed to PDF (Field|Answer|Notes)
# --------------------------------------------------------------------------

PAMPLONA_ROWS = [
    ("Network", "Making Spend Matter (URBACT III Transfer Network)",
     "Good practice of Preston (lead partner)"),
    ("Case title", "Knowing where our money goes: spend analysis as a lever for local "
     "procurement", ""),
    ("City / country", "Pamplona, Spain", ""),
    ("Summary", "Pamplona joined Making Spend Matter to learn from Preston how a city can use "
     "its own spending to support the local economy. We started with an analysis of municipal "
     "spend, in order to bring social and environmental criteria into procurement and to get "
     "local companies bidding for public contracts.", "Max. 6 lines"),
    ("Action implemented", "Carrying out an analysis of the City Council's spend and using the "
     "results to bring social and environmental criteria into public procurement and to "
     "encourage local companies to bid for public contracts.", ""),
    ("Challenge", "Local firms were not bidding actively for public contracts. The City "
     "Council also lacked evidence on where its spend went and on which supply gaps local "
     "businesses could fill.", "Choose ONE challenge"),
    ("Challenge code", "IC3 – Setting up efficient indicators and monitoring systems to "
     "measure performance", "Closest fit on the list"),
    ("How the challenge was overcome", "We carried out a public spend analysis for the "
     "municipality and set up a local URBACT group with the institutions and stakeholders "
     "interested. Other administrations carried out their own spend analysis too. The data is "
     "used to add social and environmental criteria to procurement and to spot supply gaps "
     "that new businesses, including social enterprises and cooperatives, could fill.", ""),
    ("Challenge solved? (completely / partly / not)", "", "Not assessed yet"),
    ("Difference made", "", "Not assessed yet"),
    ("Lessons for other cities", "1) Spend analysis is a starting point both for engaging "
     "SMEs and for social clauses.\n2) Extend the analysis to other public bodies in the city, "
     "not only the council.", "One lesson per line"),
    ("Start / end", "April 2018 – June 2021", "Network period"),
    ("Date prepared", "June 2021", ""),
    ("Prepared by", "", "Name to be added"),
    ("Budget", "Not stated", "URBACT co-funds 70% through ERDF"),
]


class SheetPDF(FPDF):
    def header(self):
        self.set_font("DejaVu", "", 8)
        self.set_text_color(90, 90, 90)
        self.set_xy(10, 7)
        self.cell(0, 4, "MSM_case_example_Pamplona.xlsx", align="L")
        self.set_xy(10, 7)
        self.cell(0, 4, "Case example", align="R")
        self.set_text_color(0, 0, 0)
        self.set_y(16)

    def footer(self):
        self.set_font("DejaVu", "", 8)
        self.set_text_color(90, 90, 90)
        self.set_xy(10, -11)
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="C")


def make_pamplona(path: Path) -> None:
    pdf = SheetPDF(orientation="L", unit="mm", format="A4")
    pdf.set_creation_date(datetime(2021, 6, 30, 9, 0, 0, tzinfo=timezone.utc))
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title("MSM_case_example_Pamplona")
    pdf.set_author("Ayuntamiento de Pamplona")
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.set_font("DejaVu", "", 9)
    pdf.set_draw_color(170, 170, 170)
    pdf.set_line_width(0.2)
    grey = (230, 230, 230)
    with pdf.table(col_widths=(11, 52, 138, 62), text_align=("CENTER", "LEFT", "LEFT", "LEFT"),
                   line_height=4.6, padding=(2.2, 3, 2.2, 3), first_row_as_headings=False,
                   borders_layout="ALL", width=263) as table:
        head = FontFace(fill_color=grey)
        row = table.row()
        for t in ("", "A", "B", "C"):
            row.cell(t, style=head)
        row = table.row()
        for j, t in enumerate(("1", "Field", "Answer", "Notes")):
            row.cell(t, style=head if j == 0 else FontFace(emphasis="BOLD"))
        for i, (f, a, n) in enumerate(PAMPLONA_ROWS, start=2):
            row = table.row()
            row.cell(str(i), style=head)
            row.cell(f)
            row.cell(a)
            row.cell(n)
    pdf.output(str(path))


# --------------------------------------------------------------------------
# 6. Barcelona, B-MINCOME: forum thread export, UTF-16
# --------------------------------------------------------------------------

BMINCOME_POSTS = [
    ("lcolini", "Laura Colini – UIA Expert", "25/05/2018 09:12", [
        "Hello all,",
        "now that journal 2 (\"Money for whom?\") is out, I would like to turn its main point "
        "into a short case example in the usual template. I will put the pieces here and we fix "
        "them together. First draft:",
        "Title: B-MINCOME – guaranteed minimum income and active social policies in deprived "
        "urban areas",
        "City: Barcelona, Spain (Eix Besòs)",
        "Programme: Urban Innovative Actions – Urban Poverty",
        "Action (draft): a guaranteed minimum income pilot for about 1,000 households in the "
        "Eix Besòs.",
        "Challenge: Getting information to, and communicating with, the target households in "
        "the Eix Besòs, and running the process that selected which households would receive "
        "the income, and in which of its variants.",
        "Fernando, can you improve the action line?",
    ]),
    ("fbarreiro", "Fernando Barreiro – B-MINCOME project manager", "25/05/2018 10:03", [
        "> Action (draft): a guaranteed minimum income pilot for about 1,000 households in the\n"
        "> Eix Besòs.",
        "It needs the active policies and the control group, otherwise it reads like a plain "
        "cash transfer. My version:",
        "Action: Piloting a municipal guaranteed minimum income, the \"Municipal Inclusion "
        "Support\", for about 1,000 households in ten deprived neighbourhoods of the Eix Besòs. "
        "The income is combined with four active policies (training and employment, social and "
        "cooperative economy, help to rent out rooms, community participation) and compared "
        "against a control group.",
    ]),
    ("lcolini", "Laura Colini – UIA Expert", "25/05/2018 10:40", [
        "> It needs the active policies and the control group",
        "Agreed, Fernando's version of the action goes in.",
        "Challenge code: UIA operational challenge 6, communicating with target beneficiaries – "
        "that is what journal 2 is about. Fernando also suggested no. 5, monitoring & "
        "evaluation, because the selection and the control group serve the evaluation. So: 6 "
        "first, then 5.",
        "How we dealt with it:",
        "We designed four variants of the income, from conditional to unconditional and from "
        "means-tested to unlimited, and added four active inclusion policies to the cash "
        "transfer. Selection follows an experimental design with a control (counterfactual) "
        "group. IVALUA, IGOP-UAB and the Young Foundation are the evaluation partners, with "
        "life-story research alongside the figures.",
        "The project was co-designed with the social fabric of the area and is delivered "
        "together with partner NGOs. Part of the income is paid in a social currency.",
    ]),
    ("ltorrens", "Lluís Torrens – Director of Social Innovation, Barcelona City Council",
     "25/05/2018 12:15", [
        "Two things on the difference it made, from the City Council side:",
        "The project has brought a new working relationship between social workers and the "
        "people they serve. It is also contributing to unifying our municipal benefits.",
        "Laia Ortiz presented the project at the launch, so please copy her office when the "
        "text is final.",
    ]),
    ("fbarreiro", "Fernando Barreiro – B-MINCOME project manager", "25/05/2018 14:30", [
        "Lessons, my proposal (one per line):",
        "- Plan outreach to the target group as a task in its own right; it is a core "
        "implementation challenge.\n"
        "- Testing several variants against a control group turns a pilot into evidence for "
        "policy.\n"
        "- Pairing cash support with active policies needs many municipal bodies working "
        "together.",
    ]),
    ("lcolini", "Laura Colini – UIA Expert", "25/05/2018 16:48", [
        "Thanks, lessons taken as they are.",
        "Outcome: completely or partly solved? I would say partly – journal 2 still describes "
        "communication with the target group as the main challenge.",
        "Key facts as I have them:\n"
        "Period: 2017–2019 (two-year pilot; first recipients in December 2017)\n"
        "Prepared: May 2018\n"
        "Prepared by: Laura Colini, with Fernando Barreiro\n"
        "Budget: I will leave it empty, the journal does not give a figure.",
    ]),
    ("fbarreiro", "Fernando Barreiro – B-MINCOME project manager", "25/05/2018 17:20", [
        "> Outcome: completely or partly solved? I would say partly",
        "Partly, yes. Go ahead and send it.",
    ]),
]


def wrap_post(par: str) -> list[str]:
    out = []
    for line in par.split("\n"):
        if line.startswith(">"):
            out.append(line)  # quoted text is kept as the forum wrapped it
        elif line.startswith("- "):
            out.extend(textwrap.wrap(line, width=78, subsequent_indent="  ",
                                     break_on_hyphens=False))
        else:
            out.extend(textwrap.wrap(line, width=78, break_on_hyphens=False) or [""])
    return out


def make_bmincome(path: Path) -> None:
    L = []
    bar = "=" * 78
    L.append(bar)
    L.append(' Thread export: "B-MINCOME – case example for the UIA template (draft)"')
    L.append(" Board: B-MINCOME project team / Communication and capitalisation")
    L.append(f" Exported 25/05/2018 18:02 · {len(BMINCOME_POSTS)} posts · times CEST")
    L.append(bar)
    L.append("")
    for n, (user, who, when, paras) in enumerate(BMINCOME_POSTS, start=1):
        L.append(f"[#{n}] {user}  ({who})")
        L.append(f"     {when}" + ("" if n == 1 else f"  ·  reply to #{n - 1}"))
        L.append("-" * 78)
        for par in paras:
            L.extend(wrap_post(par))
            L.append("")
        L.append("")
    L.append("-- end of thread --")
    text = "\r\n".join(L) + "\r\n"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))  # BOM + little-endian


# --------------------------------------------------------------------------
# 7. Barcelona, Stay Tuned: progress report, the case is chapter 4
# --------------------------------------------------------------------------

def make_barcelona_report(path: Path) -> None:
    doc = docx.Document()
    fix_core(doc, title="Stay Tuned – Barcelona progress report 2018",
             author="Mariona Sacristán Valero", when=datetime(2018, 7, 9, 10, 0, 0))
    st = doc.styles["Normal"]
    st.font.name = "Arial"
    st.font.size = Pt(10.5)
    sec = doc.sections[0]
    hp = sec.header.paragraphs[0]
    hp.text = "Consorci d'Educació de Barcelona · Stay Tuned (URBACT III)"
    hp.runs[0].font.size = Pt(8)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    fp.add_run("Progress report, July 2018 · page ").font.size = Pt(8)
    add_page_field(fp)

    t = doc.add_paragraph(style="Title")
    t.add_run("Stay Tuned – Barcelona")
    doc.add_paragraph("Progress report on the first year of phase 2", style="Subtitle")
    ctl = doc.add_table(rows=4, cols=2)
    ctl.style = "Light List Accent 1"
    for i, (a, b) in enumerate([
        ("Organisation", "Consorci d'Educació de Barcelona (Barcelona Education Consortium)"),
        ("Network", "Stay Tuned – URBACT III Implementation Network"),
        ("Version / date", "1.0 – 9 July 2018"),
        ("Contributors", "Mariona Sacristán Valero, Agustí Rubio"),
    ]):
        ctl.cell(i, 0).text = a
        ctl.cell(i, 1).text = b
    doc.add_paragraph("")
    doc.add_paragraph("Contents", style="Heading 2")
    for line in ["1  Introduction", "2  Context", "3  Actions in progress",
                 "4  Case example for the network", "5  Next steps", "6  Contact"]:
        doc.add_paragraph(line)
    doc.add_page_break()

    doc.add_heading("1  Introduction", level=1)
    doc.add_paragraph(
        "This report gives an overview of the work of the Consorci d'Educació de Barcelona "
        "in Stay Tuned, the URBACT network of cities working on early leaving from education "
        "and training. Phase 2 of the network runs from June 2017 to June 2019.")
    doc.add_paragraph(
        "Chapter 4 is the city's case example for the network, in the common format. The other "
        "chapters describe the context, the actions in progress and the next steps, and are "
        "meant for the local group.")

    doc.add_heading("2  Context", level=1)
    doc.add_paragraph(
        "Our focus in the network is the transition from compulsory to post-compulsory "
        "education. The city has an integral plan on "
        "schooling and absenteeism. Schools deal with lower levels of absence themselves; "
        "chronic cases, above 50% absence, go to the absentee commissions.")

    doc.add_heading("3  Actions in progress", level=1)
    for item in [
        "new data software to follow students at risk;",
        "proactive contact with students about further study;",
        "School Promoters from the Roma community;",
        "a new Orientation and Absenteeism Unit;",
        "a renewed system for communicating and monitoring absenteeism.",
    ]:
        doc.add_paragraph(item, style="List Bullet")

    doc.add_heading("4  Case example for the network", level=1)
    p = doc.add_paragraph()
    p.add_run("Case example title: ").bold = True
    p.add_run("From absence data to early action")
    p = doc.add_paragraph()
    p.add_run("City: ").bold = True
    p.add_run("Barcelona (Spain)")

    doc.add_heading("4.1  Summary", level=2)
    doc.add_paragraph(
        "The Barcelona Education Consortium is working to close the gap between compulsory and "
        "post-compulsory education. This case example looks at one part of that work: making "
        "absenteeism data usable as an early warning when many professionals, bodies and "
        "referral routes are involved.")
    doc.add_heading("4.2  What was the action being implemented?", level=2)
    doc.add_paragraph(
        "The Consortium's work to close the gap between compulsory and post-compulsory "
        "education: new data software to follow students at risk, proactive contact with "
        "students about further study, Roma \"School Promoters\", a new Orientation and "
        "Absenteeism Unit, and a renewed system for communicating and monitoring absenteeism, "
        "tested first and then to be rolled out across the city.")
    doc.add_heading("4.3  The challenge", level=2)
    doc.add_paragraph(
        "Barcelona already had an integral plan on schooling and absenteeism. In daily "
        "practice, however, the many referral routes and the number of professionals and "
        "bodies involved made absenteeism hard to manage. Data was split between the schools, "
        "which deal with lower levels of absence themselves, and the absentee commissions, "
        "which take the chronic cases above 50% absence.")
    p = doc.add_paragraph()
    p.add_run("Implementation challenges: ").italic = True
    p.add_run("IC3 – Setting up efficient indicators and monitoring systems to measure "
              "performance; IC1 – Ensuring the integrated approach in the delivery of the "
              "strategy and their related actions/projects").italic = True
    doc.add_heading("4.4  How was the challenge overcome?", level=2)
    doc.add_paragraph(
        "We introduced new data software to track students at risk and began to collect data "
        "systematically for identification, intervention and evaluation. A new Orientation and "
        "Absenteeism Unit aligns resources across school years, and School Promoters are "
        "recruited from the Roma community itself. Staff hold proactive conversations "
        "with students about further education.")
    doc.add_paragraph(
        "The renewed absenteeism monitoring model is being tested first and will then be "
        "scaled up city-wide. Qualitative data is used to keep improving the measures.")
    p = doc.add_paragraph()
    p.add_run("Was the challenge solved? ").bold = True
    p.add_run("Too early to say. In 2018 the model is still being tested; the city-wide "
              "roll-out is planned.")
    doc.add_heading("4.5  What difference has this approach made?", level=2)
    doc.add_paragraph(
        "The network's summary describes a shift to a systematic, data-driven and proactive way "
        "of engaging students as early as possible. Support that comes from within the "
        "community has made help more acceptable to vulnerable groups.")
    doc.add_heading("4.6  Lessons for other cities", level=2)
    for item in [
        "Absenteeism is a strong early signal; monitoring it is central to an early-warning "
        "system.",
        "Quantitative dashboards need qualitative information to improve the measures "
        "themselves.",
        "Test the monitoring model first, then scale it up city-wide.",
        "Messengers from the target community can make support feel like it comes from within.",
    ]:
        doc.add_paragraph(item, style="List Number")
    doc.add_heading("4.7  Key facts", level=2)
    kt = doc.add_table(rows=4, cols=2)
    kt.style = "Table Grid"
    for i, (a, b) in enumerate([
        ("Start and end dates", "June 2017 – June 2019 (Stay Tuned phase 2)"),
        ("Date of preparation", "July 2018"),
        ("Prepared by", "Mariona Sacristán Valero and Agustí Rubio"),
        ("Budget", "–"),
    ]):
        kt.cell(i, 0).text = a
        kt.cell(i, 1).text = b

    doc.add_heading("5  Next steps", level=1)
    doc.add_paragraph(
        "In the coming school year we will finish testing the renewed monitoring model and "
        "prepare its use across the city. The local group will look at how qualitative "
        "information can sit next to the figures in the dashboards.")
    doc.add_heading("6  Contact", level=1)
    doc.add_paragraph("Mariona Sacristán Valero, Consorci d'Educació de Barcelona")
    save_docx(doc, path)


# --------------------------------------------------------------------------
# 8. Sofia, Stay Tuned: template with manual redlining and Word comments
# --------------------------------------------------------------------------

RED = RGBColor(0xC0, 0x00, 0x00)
BLUE = RGBColor(0x1F, 0x4E, 0xC8)


def redline(doc, segments, style=None):
    """segments: list of (text, kind); kind None, 'del' (struck) or 'ins' (underlined)."""
    p = doc.add_paragraph(style=style)
    runs = []
    for text, kind in segments:
        r = p.add_run(text)
        if kind == "del":
            r.font.strike = True
            r.font.color.rgb = RED
        elif kind == "ins":
            r.font.underline = True
            r.font.color.rgb = BLUE
        runs.append(r)
    return p, runs


def prompt(doc, text):
    p = doc.add_paragraph()
    r = p.add_run(text)
    r.italic = True
    r.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    return p


def make_sofia(path: Path) -> None:
    doc = docx.Document()
    fix_core(doc, title="Stay Tuned case example Sofia v3", author="Irena Dimitrova",
             when=datetime(2019, 6, 14, 15, 45, 0))
    st = doc.styles["Normal"]
    st.font.name = "Times New Roman"
    st.font.size = Pt(11)

    h = doc.add_paragraph()
    hr = h.add_run("STAY TUNED – CITY IMPLEMENTATION CASE EXAMPLE SOFIA")
    hr.bold = True
    hr.font.size = Pt(13)
    n = doc.add_paragraph()
    nr = n.add_run("Draft v3 – edits marked by hand: struck = delete, underlined = new")
    nr.font.size = Pt(8)
    nr.italic = True

    prompt(doc, "Case Example Title and City:")
    _, runs = redline(doc, [("Sport against early leaving", "del"), (" ", None),
                            ("Small grants for staying on: Sofia's Municipal Education Fund",
                             "ins"),
                            (" – Sofia, Bulgaria", None)])
    doc.add_comment(runs[2], text="Shorter title? The fund is the real subject, not sport.",
                    author="Irena Dimitrova", initials="ID")

    prompt(doc, "Case Example Summary (6 lines max.)")
    redline(doc, [
        ("Sofia Municipality used its Municipal Education Fund to co-finance small actions by "
         "schools and NGOs that help prevent early leaving. In 2018, the year Sofia was European "
         "Capital of Sport, the fund ", None),
        ("concentrated on sport only", "del"),
        ("focused on sport, physical activity and health", "ins"),
        (". The pilots built on what students themselves are interested in.", None)])

    prompt(doc, "WHAT was the action being implemented? (1 line)")
    redline(doc, [
        ("A Municipal Education Fund co-finances small actions by schools and NGOs to prevent "
         "early leaving. In 2018, the year Sofia was European Capital of Sport, it focused on "
         "sport, physical activity and health. ", None),
        ("Several", "del"), ("Six", "ins"),
        (" pilots ran, among them the \"Youth Referee Academy\", \"Youth Entrepreneurship\" and "
         "\"Leadership in Sport\", together with a \"Parents Association\" and a \"Ready for "
         "School\" programme for Roma pre-schoolers.", None)])

    prompt(doc, "The CHALLENGE with this implementation: (4 lines)")
    prompt(doc, "Describe this CHALLENGE.")
    redline(doc, [
        ("Students at risk lose motivation. ", "del"),
        ("Keeping students at risk motivated and engaged long enough to gain qualifications.",
         "ins"),
        (" Communication between parents, teachers and students also had to improve.", None)])
    _, runs = redline(doc, [
        ("IC1 – Ensuring the integrated approach in the delivery of the strategy and their "
         "related actions/projects", "del"),
        (" ", None),
        ("IC2 – Maintaining involvement of local stakeholders and organising decision-making "
         "for delivery", "ins")])
    doc.add_comment(runs[2], text="IC2 fits better: the fund only works if schools, NGOs and "
                    "parents take part.", author="Irena Dimitrova", initials="ID")

    prompt(doc, "How was the above challenge overcome? (6 lines)")
    prompt(doc, "What action did you take (activities) to deal with the above challenge?")
    _, runs = redline(doc, [
        ("The fund co-finances micro-actions proposed by schools and NGOs. We ran six pilots on "
         "sport, leadership and entrepreneurship, built on students' own interests to lead them "
         "towards qualifications. A parents' association works on communication between "
         "parents, teachers and students, and play-based school-readiness activities are "
         "offered to Roma pre-schoolers.", None)])
    doc.add_comment(runs[0], text="Add the size of the fund?",
                    author="Irena Dimitrova", initials="ID")
    prompt(doc, "Was the challenge completely solved, partly solved or not at all solved?")
    _, runs = redline(doc, [("Completely solved", "del"), (" ", None),
                            ("Partly solved", "ins")])
    doc.add_comment(runs[2], text="No evaluation rating yet – partly is the honest answer.",
                    author="Irena Dimitrova", initials="ID")

    prompt(doc, "What difference has this approach made? (10 lines max.)")
    redline(doc, [
        ("The extra-curricular offer gives students at risk of dropping out another way to stay "
         "in education and training, built around what interests them.", None)])

    prompt(doc, "What lessons might other EU cities take from this Case Example? (10 lines max.)")
    redline(doc, [("1. Small, flexible grants let a city test many engagement ideas quickly.",
                   None)])
    redline(doc, [("2. Linking activities to a city-wide event (European Capital of Sport) can "
                   "mobilise partners.", None)])
    redline(doc, [("3. Interest-led activities, such as refereeing, can be tied to recognised "
                   "qualifications.", None)])
    _, runs = redline(doc, [("4. A city-wide event mobilises partners.", "del")])
    doc.add_comment(runs[0], text="Same as 2 – deleted.", author="Irena Dimitrova",
                    initials="ID")

    prompt(doc, "Key Facts and Figures:")
    redline(doc, [("Start and end dates of case example: ", None),
                  ("June 2017 – June 2019", None)])
    redline(doc, [("Date of preparation of this case example: ", None), ("2018", "del"),
                  (" ", None), ("June 2019", "ins")])
    redline(doc, [("Who prepared the case example? ", None),
                  ("Irena Dimitrova, Sofia Municipality", None)])
    _, runs = redline(doc, [("Budget: ", None), ("to be confirmed", "del")])
    doc.add_comment(runs[1], text="Leave empty for now.",
                    author="Irena Dimitrova", initials="ID")
    prompt(doc, "Extra information and hyperlinks")
    prompt(doc, "Annex: At least 2 good quality photos to be included")
    save_docx(doc, path, comment_date="2019-06-14T15:40:00Z")


# --------------------------------------------------------------------------

DOCS = [
    ("milano-openagri-lettera.docx", make_milano),
    ("debrecen4u-WIT-README.txt", make_debrecen),
    ("espinho-arule-exemplo-de-caso.md", make_espinho),
    ("paris-oasis-poster.pdf", make_paris),
    ("pamplona-msm-case-sheet.pdf", make_pamplona),
    ("bmincome-thread-export.txt", make_bmincome),
    ("barcelona-stay-tuned-progress-report-2018.docx", make_barcelona_report),
    ("sofia-case-example-v3-edits.docx", make_sofia),
]


def main() -> None:
    for name, fn in DOCS:
        fn(HERE / name)
        print("wrote", name)


if __name__ == "__main__":
    main()
