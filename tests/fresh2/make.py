"""Re-make the fresh2 held-out case-example documents byte-identically.

Run:  python tests/fresh2/make.py   (writes next to this file)

Written from the fact sheets in /work/shared/corpus/facts*/ only, without reading the parser.
Fixed timestamps: docx core properties and zip entry times, and the PDF creation date, are all
2026-12-01 00:00:00 UTC, so two runs give the same bytes.
"""
from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from fpdf import FPDF

OUT = Path(__file__).resolve().parent
FIXED = datetime(2026, 12, 1, 0, 0, 0)
FIXED_UTC = datetime(2026, 12, 1, 0, 0, 0, tzinfo=timezone.utc)
ZIP_TIME = (2026, 12, 1, 0, 0, 0)
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SHY = "\u00ad"  # soft hyphen: a permitted break point in the two-column PDF


# ---------------------------------------------------------------- helpers

def save_docx(doc: Document, path: Path, title: str) -> None:
    cp = doc.core_properties
    cp.author = ""
    cp.last_modified_by = ""
    cp.title = title
    cp.subject = ""
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    cp.revision = 1
    cp.created = FIXED
    cp.modified = FIXED
    cp.last_printed = FIXED
    buf = io.BytesIO()
    doc.save(buf)
    buf.seek(0)
    src = zipfile.ZipFile(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 3
            dst.writestr(zi, src.read(info.filename))
    path.write_bytes(out.getvalue())


def write_text(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n",
               bom: bool = False) -> None:
    text = text.replace("\r\n", "\n")
    if newline != "\n":
        text = text.replace("\n", newline)
    data = text.encode(encoding)  # strict: fails if a character is not encodable
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)


def new_pdf(orientation: str = "P") -> FPDF:
    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.set_creation_date(FIXED_UTC)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
    return pdf


# ---------------------------------------------------------------- 1. Ghent, Q-numbered docx

def make_ghent() -> None:
    doc = Document()
    doc.add_paragraph("Operatie Geslaagd – school action plans against early leaving", style="Title")
    doc.add_paragraph("Ghent, Belgium", style="Subtitle")
    doc.add_paragraph("Stay Tuned – URBACT Implementation Network · City implementation case example")

    qa = [
        ("Q1. What was the action being implemented?", [
            "The Ghent Education Centre ran a pilot that helped 12 secondary schools, grouped together "
            "in “Operatie Geslaagd”, to draw up and carry out their own action plans against early "
            "school leaving. The pilot was part of the city’s overall plan to prevent early leaving and "
            "to open new paths for young people who leave school anyway.",
        ]),
        ("Q2. What was the challenge with this implementation?", [
            "School teams first had to be won over: they needed to take an active part and to feel "
            "connected to the project. Each school’s priorities then had to become a specific, concrete "
            "action plan, and that plan had to hold up over the long term.",
            "Implementation challenges: IC4 – Moving from strategy to operational action plan; IC2 – "
            "Maintaining involvement of local stakeholders and organising decision-making for delivery",
        ]),
        ("Q3. How was the above challenge overcome?", [
            "Every school started with a baseline analysis of its strengths and of the points it needed "
            "to work on, and then chose a small set of priorities. School teams received a support "
            "offer, and peer-to-peer learning and support sessions brought the schools together.",
            "A second pilot round followed. A MOOC was added to the training offer, and staff were "
            "coached on the job while their plans were being implemented.",
        ]),
        ("Q4. Was the challenge completely solved, partly solved or not at all solved?", [
            "Partly solved. The lessons from the pilot were carried into a new project that is open to "
            "all secondary schools in Ghent.",
        ]),
        ("Q5. What difference has this approach made?", [
            "The way the city supports change inside schools has become more targeted at the risk "
            "factors behind early leaving. The pilot’s approach has been taken up in a city-wide "
            "follow-up project.",
        ]),
        ("Q6. What lessons might other EU cities take from this case example?", [
            "Start each school from its own baseline, then narrow down to a few priorities.",
            "Peer learning between schools helps to keep motivation up.",
            "Blend online learning (a MOOC) with coaching on the job.",
            "Pilot with a small group of schools, learn from it, then open the approach to all schools.",
        ]),
        ("Q7. Start and end dates of the case example", [
            "June 2017 – June 2019 (Stay Tuned phase 2)",
        ]),
        ("Q8. Date of preparation of this case example", ["May 2019"]),
        ("Q9. Contact persons", [
            "Arwen Dewilde (Stay Tuned lead partner contact) and Jessie De Naeghel, City of Ghent",
        ]),
        ("Q10. Budget", ["Not stated."]),
    ]
    for q, answers in qa:
        p = doc.add_paragraph()
        p.add_run(q).bold = True
        for a in answers:
            doc.add_paragraph(a)
    save_docx(doc, OUT / "ghent-school-action-plans.docx",
              "Operatie Geslaagd – school action plans against early leaving")


# ---------------------------------------------------------------- 2. Mantova, Italian docx

def make_mantova() -> None:
    doc = Document()
    doc.add_paragraph("Le Pescherie di Giulio Romano", style="Title")
    doc.add_paragraph("Comune di Mantova (Italia) · Caso esemplare della rete di attuazione URBACT INT-HERIT",
                      style="Subtitle")

    doc.add_heading("Sintesi", level=1)
    doc.add_paragraph(
        "Mantova ha affidato a una fondazione civica le Pescherie e le Beccherie di Giulio Romano, "
        "edifici comunali abbandonati da anni, perché li restauri e li restituisca alla vita pubblica. "
        "La strada scelta evita la vendita del monumento e sposta i costi di gestione fuori dal "
        "bilancio comunale.")

    doc.add_heading("L'azione", level=1)
    doc.add_paragraph(
        "Le Pescherie e le Beccherie, i mercati del pesce progettati da Giulio Romano sul canale Rio e "
        "da tempo abbandonati, sono state affidate a una fondazione privata che le restaura, le "
        "conserva e le riutilizza.")
    doc.add_paragraph(
        "Il progetto prevede di riaprire al pubblico l’accesso alle sponde del canale, di trasformare "
        "il sottotetto in una grande sala e di ospitare attività culturali ed economiche e un caffè.")

    doc.add_heading("La sfida", level=1)
    doc.add_paragraph(
        "Il Comune era proprietario degli edifici, ma li aveva lasciati inutilizzati per anni ed era "
        "arrivato vicino a metterli all’asta, con il rischio di perderli a favore di un uso "
        "puramente privato. Più in generale, il lavoro di Mantova in INT-HERIT mirava a riunire le "
        "azioni sul patrimonio in un unico sistema, così da far rendere di più le limitate risorse "
        "pubbliche.")
    doc.add_paragraph("Sfida di attuazione: IC5 – Creare partenariati pubblico-privati per l’attuazione")

    doc.add_heading("Come è stata superata la sfida", level=1)
    doc.add_paragraph(
        "L’associazione degli Amici di Palazzo Te e un’associazione dei musei mantovani hanno "
        "costituito, insieme a privati cittadini, una fondazione, alla quale il Comune ha dato gli "
        "edifici in concessione per trent’anni.")
    doc.add_paragraph(
        "I fondi arrivano da fondazioni bancarie e da altre raccolte; un gruppo di imprenditori locali "
        "ha contribuito con 250.000 euro. Il restauro procede per fasi: prima l’accesso al canale, poi "
        "la loggia e la sala superiore. Con Holden Studios (Scuola Holden, Torino) è stato avviato un "
        "progetto di digitalizzazione.")
    doc.add_paragraph(
        "La sfida è stata superata solo in parte: la prima fase ha restituito l’accesso al canale, "
        "mentre nel 2021 la seconda fase era ancora in corso.")

    doc.add_heading("Risultati", level=1)
    doc.add_paragraph(
        "Un monumento trascurato sta tornando alla vita pubblica come polo culturale, mentre i costi "
        "di gestione escono dal bilancio comunale.")

    doc.add_heading("Lezioni per altre città", level=1)
    for item in [
        "Una fondazione civica può essere un’alternativa alla vendita di un patrimonio pubblico poco "
        "utilizzato.",
        "Restaurare per fasi permette ai primi risultati, come l’accesso riaperto, di creare consenso "
        "per le fasi successive.",
        "La filantropia delle imprese locali e le fondazioni bancarie possono colmare le lacune dei "
        "bilanci pubblici per il patrimonio.",
    ]:
        doc.add_paragraph(item, style="List Bullet")

    doc.add_heading("Dati principali", level=1)
    for line in [
        "Rete: INT-HERIT (rete di attuazione URBACT III)",
        "Città: Mantova",
        "Paese: Italia",
        "Periodo: 2016–2021",
        "Data di redazione: marzo 2021",
        "Budget: oltre 1 milione di euro (costo complessivo del restauro), di cui 250.000 euro da "
        "imprenditori locali",
        "Testimonianza video: Paolo Corbellani (membro del gruppo locale INT-HERIT)",
    ]:
        doc.add_paragraph(line)
    save_docx(doc, OUT / "mantova-pescherie-it.docx", "Le Pescherie di Giulio Romano")


# ---------------------------------------------------------------- 3. Getafe, slide handout PDF

class Handout(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 9)
        self.set_text_color(110, 110, 110)
        self.cell(0, 6, f"{self.footer_text} – page {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def make_getafe() -> None:
    pdf = Handout(orientation="L", unit="mm", format="A4")
    pdf.footer_text = "Getafe – UIA"
    pdf.set_creation_date(FIXED_UTC)
    pdf.set_title("EPIU – Finding and preventing hidden energy poverty")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(22, 18, 22)
    pdf.set_auto_page_break(True, margin=20)

    def heading(t: str) -> None:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 14)
        pdf.multi_cell(0, 8, t, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def para(t: str) -> None:
        pdf.set_font("DejaVu", "", 12)
        pdf.multi_cell(0, 6.5, t, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)

    def bullets(items: list[str], mark: str = "▪") -> None:
        pdf.set_font("DejaVu", "", 12)
        for it in items:
            x = pdf.l_margin
            pdf.set_x(x + 4)
            pdf.cell(6, 6.5, mark)
            pdf.multi_cell(0, 6.5, it, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)

    pdf.add_page()
    pdf.set_font("DejaVu", "B", 22)
    pdf.multi_cell(0, 11, "EPIU – Finding and preventing hidden energy poverty", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 14)
    pdf.multi_cell(0, 8, "Getafe, Spain · Urban Innovative Actions (UIA)", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, "Case example handout based on the UIA Expert journal 4", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    heading("Summary")
    para("Getafe built EPIU, a data-based model that finds hidden energy poverty and helps to prevent "
         "it. A UIA Expert journal written one year after the implementation period ended looks back "
         "at how the city council handled UIA’s operational challenges.")
    heading("The action")
    bullets([
        "A data-based model for detecting hidden energy poverty and preventing it",
        "Built through collaboration between municipal departments",
        "Followed by targeted measures for individuals, buildings and neighbourhoods",
    ])
    pdf.add_page()
    heading("The challenge")
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 6.5, "Operational challenges reviewed:", new_x="LMARGIN", new_y="NEXT")
    bullets([
        "Leadership for implementation",
        "Public procurement",
        "Organisational arrangements within the urban authority (cross-department working)",
        "Participative approach for co-implementation",
        "Monitoring and evaluation",
        "Upscaling",
    ], mark="–")
    para("Looking back one year after the implementation period, the journal reviews the project "
         "against UIA’s operational challenges. Public procurement is one example: the project’s "
         "purchases had to fit into the many other procurement processes the council was running at "
         "the same time, with limited resources.")

    heading("How the challenge was overcome")
    bullets([
        "Leadership was exercised at every level, not only from the top: social workers up to heads "
        "of department were empowered",
        "Project procurement was treated as part of the council’s overall procurement planning",
        "Departments collaborated on data to detect hidden energy poverty",
    ])
    pdf.add_page()
    heading("Was it solved?")
    para("The journal gives no rating. The summary of the URBACT Innovation Transfer Network call "
         "describes the approach as effective in reducing energy vulnerability.")
    heading("What difference it made")
    para("Staff at all levels were empowered, which the journal reports had very positive effects "
         "both for the project and for the employees.")
    heading("Lessons for other cities")
    bullets([
        "In innovative projects, leadership must be spread across levels, not left to the mayor alone.",
        "Do not run a project’s procurement in isolation from the rest of the council’s purchasing.",
        "Cross-departmental data sharing can reveal needs, such as hidden poverty, that single "
        "services miss.",
    ])
    heading("Key facts")
    para("Programme: Urban Innovative Actions (UIA)\n"
         "Period: not stated (journal written one year after the end of implementation)\n"
         "Budget: not stated\n"
         "Prepared by: not stated")
    pdf.output(str(OUT / "getafe-epiu-handout.pdf"))


# ---------------------------------------------------------------- 4. Ljubljana, wiki Markdown

LJUBLJANA = """\
_Wiki › Networks › BeePathNet › Case examples_

# BEE PATH

### 📝 1. Summary

Ljubljana's Bee Path links the city's beekeeping heritage, apiaries, education, tourism and honey \
products in one learning route. It was created around the city's year as European Green Capital \
2016 and became an URBACT Good Practice in 2017. Through BeePathNet the city passed the practice \
on to five partner cities and upgraded it along the way.

### 🐝 2. The action

Transferring the Bee Path – a learning route built with about 32 partners around beekeeping \
heritage, apiaries, education, tourism and honey products – to five partner cities, and upgrading \
the original practice in the process.

### ⚠️ 3. The challenge

The Bee Path is a complex practice that reaches into many fields at once: beekeeping, education, \
tourism, awareness raising and new products.

On top of that, the partner cities started from very different positions.

### 🛠️ 4. How the challenge was overcome

The good practice was divided into obligatory, voluntary and upgrade modules, and a \
transferability study assessed each partner city.

Each partner city set up a working group and drew up its own urban-beekeeping action plan. Mixed \
teams came to Ljubljana for a study tour and "boot camp", with a mentor for each field \
(beekeeping, education, tourism, awareness raising). Each city then drafted its own bee path.

### 📈 5. What difference it made

The exchange has become a standing network that is open to any urban authority, beyond URBACT \
support. A follow-up network, BeePathNet Reloaded, came next, and an independent Bee Path Cities \
network was set up in October 2022.

### 💡 6. Lessons for other cities

1. Split a complex practice into compulsory and optional modules.
2. Send mixed teams (coordinator, beekeeper, educator, tourism) to learn from the lead city.
3. Treat transfer as a chance to upgrade the original practice.

### 📋 7. Key facts

| Field | Value |
|---|---|
| City | Ljubljana (Lead Partner) |
| Country | Slovenia |
| Network | BeePathNet – URBACT Transfer Network |
| Implementation challenge | IC4 – From strategy to operational action plan |
| Outcome | ✅ Solved completely – five partner cities transferred the Bee Path |
| Period | 4.12.2018 – 4.12.2020 (Phase 2) |
| Budget | EUR 600,000 (Phase 2) |
| Prepared | 2022-11 |
| Prepared by | Maruška Markovčič (ULG coordinator, City of Ljubljana) |
"""


# ---------------------------------------------------------------- 5. Preston, CMS Markdown/HTML

PRESTON = """\
# Spend analysis and progressive procurement with anchor institutions

<strong>City:</strong>&nbsp;Preston (Lead Partner)<br>
<strong>Country:</strong>&nbsp;United Kingdom<br>
<strong>Network:</strong>&nbsp;URBACT Making Spend Matter Transfer Network<br>
<strong>Start and end:</strong>&nbsp;April 2018 &ndash; June 2021<br>
<strong>Date of preparation:</strong>&nbsp;06/2021<br>
<strong>Prepared by:</strong>&nbsp;Matthew Baqueriza-Jackson, Network Expert<br>
<strong>Budget:</strong>&nbsp;not stated<br>

<strong>Summary:</strong> Preston used spend analysis to find out where the procurement money of \
the City Council and six other anchor institutions goes, and changed procurement so that more of \
the benefit stays local. Through Making Spend Matter the method was passed on to six partner \
cities.<br><br>

<strong>What was the action?</strong> Spend analysis of where the procurement spend of the City \
Council and six other anchor institutions goes &ndash; by geography, sector and type of \
business. The findings were used to change procurement so that more economic, social &amp; \
environmental benefit stays in the local economy. The network transferred the method to \
six&nbsp;partner cities.<br><br>

<strong>The challenge:</strong> Procurement behaviour had to change across several independent \
anchor institutions, not only the council, and those institutions needed an evidence base to do \
it. The partner cities also had to adapt the method to their own contexts &amp; barriers.<br>
<strong>Implementation challenges:</strong> IC3 &ndash; Setting up efficient indicators and \
monitoring systems to measure performance; IC5 &ndash; Setting up Public Private Partnerships \
for delivery<br><br>

<strong>How was it overcome?</strong> The council and six anchor institutions analysed their \
spend with a spend analysis tool developed by CLES and a Spend Analysis Guide.<br><br>The \
transfer started with a planning period with training on the methodology, followed by a transfer \
learning period. Bilateral work covered advanced spend analysis, engagement with SMEs, and social \
&amp; environmental criteria. The network then published a four-step Making Spend Matter Toolkit \
with case studies from the partners on barriers, what worked and lessons.<br><br>

<strong>Was the challenge solved?</strong> Yes &ndash; completely. The method was transferred to \
six partner cities and published as a toolkit in November 2020.<br><br>

<strong>What difference did it make?</strong> Procurement became a strategic lever in all seven \
cities. Partners used their spend data to inform policy, supplier engagement and behaviour \
change.<br><br>

<strong>Lessons for other cities:</strong>
<ul><li>Know where your money goes before trying to change procurement.</li><li>Involve other \
anchor institutions &ndash; the council's spend is only part of the local total.</li><li>Transfer \
three things: a methodology, a way of cooperating and a way of enabling change.</li></ul>

<strong>Further experts:</strong>&nbsp;Emma Clarence and John Watt (ad-hoc experts)<br>
"""


# ---------------------------------------------------------------- 6. Paris, French cp1252 CRLF

PARIS = """\
OASIS – Cours d’école : Ouverture, Adaptation, Sensibilisation, Innovation et lien Social
Paris (France) – projet Actions innovatrices urbaines (UIA)

Résumé

À Paris, le projet OASIS transforme des cours d’école asphaltées en « îlots de fraîcheur » \
végétalisés, conçus avec les élèves et ouverts aux habitants du quartier en dehors des heures de \
classe.

Action

Transformer des cours d’école en îlots de fraîcheur grâce à des solutions fondées sur la nature, \
qui apportent de l’ombre et gèrent les eaux de pluie. Les cours sont co-conçues avec les élèves \
et la communauté scolaire, puis ouvertes aux habitants du quartier hors temps scolaire.

Défi

Il fallait gagner et conserver l’adhésion de tous les usagers. Enfants, personnels des écoles et \
habitants devaient partager la responsabilité de la conception, de l’usage et de la gestion des \
cours, et la méthode de co-conception devait pouvoir être reprise par les services techniques de \
la Ville.

Défis opérationnels UIA concernés : approche participative pour la co-mise en œuvre ; passage à \
l’échelle (redimensionnement et re-planification des interventions).

Comment le défi a-t-il été relevé ?

Les élèves ont redessiné leur cour dans le cadre d’une démarche de co-conception structurée. Des \
activités ont associé la communauté scolaire élargie et les habitants, et des ateliers de \
sensibilisation au changement climatique ont été organisés.

Des rencontres avec des experts de l’environnement, du social et de l’éducation ont permis de \
vérifier les projets. L’évaluation d’impact a été menée avec Météo-France, l’ESIEE et le LIEPP de \
Sciences Po. La méthode a été pensée pour être transmise aux services techniques et à d’autres \
collectivités.

Le défi a été entièrement relevé : dix cours d’école ont été transformées, et un cadre et des \
outils ont été élaborés pour passer à l’échelle.

Résultats

OASIS a été inscrit dans le Plan Climat de Paris (2018) et dans la Stratégie de résilience \
(2017). Le projet a remporté en 2022 un AIPH World Green City Award.

Enseignements pour d'autres villes

• Des écoles à distance de marche de chaque habitant peuvent former un réseau climatique de quartier.
• La co-conception avec les enfants doit être structurée et se poursuivre de la conception à la \
construction, puis à l’entretien.
• Concevoir la démarche de sorte que les services techniques puissent la reproduire sans l’équipe \
du projet.

Données clés

Ville : Paris
Pays : France
Programme : Actions innovatrices urbaines (UIA), 3e appel, adaptation au changement climatique
Période : du 1er novembre 2018 au 31 octobre 2021
Budget : FEDER 4 995 793,16 €
Fiche rédigée en 2022
"""


# ---------------------------------------------------------------- 7. Barcelona, Spanish UTF-8 BOM

BARCELONA = """\
Cerrar la brecha entre la educación obligatoria y la postobligatoria
Barcelona (España) · Red de Implementación URBACT Stay Tuned

RESUMEN

El Consorcio de Educación de Barcelona trabaja para que el alumnado no se pierda en el paso de la \
educación obligatoria a la postobligatoria. Para ello combina el seguimiento del absentismo, el \
uso de datos y el contacto proactivo con los estudiantes.

LA ACCIÓN

Nuevo software de datos para seguir al alumnado en riesgo, contacto proactivo con los estudiantes \
sobre la continuación de sus estudios, «Promotores Escolares» gitanos, una nueva Unidad de \
Orientación y Absentismo y un sistema renovado de comunicación y seguimiento del absentismo, que \
primero se prueba y después se extenderá a toda la ciudad.

EL RETO

La ciudad ya contaba con un plan integral sobre escolarización y absentismo. Sin embargo, en la \
práctica diaria, los numerosos circuitos de derivación y la cantidad de profesionales y \
organismos implicados hacían difícil gestionar el absentismo.

Los datos estaban repartidos entre los centros escolares, que atienden por sí mismos los niveles \
de ausencia más bajos, y las comisiones de absentismo, que se ocupan de los casos crónicos con \
más del 50 % de ausencias.

Retos de implementación: establecer indicadores y sistemas de seguimiento eficaces para medir el \
rendimiento; garantizar el enfoque integrado en la ejecución de la estrategia y de sus acciones.

CÓMO SE SUPERÓ EL RETO

Se introdujo un nuevo software de datos para seguir al alumnado en riesgo y una recogida \
sistemática de datos para la identificación, la intervención y la evaluación. Los profesionales \
mantienen conversaciones proactivas con los estudiantes sobre la continuación de sus estudios, y \
se han incorporado Promotores Escolares procedentes de la propia comunidad gitana.

Una nueva Unidad de Orientación y Absentismo alinea los recursos a lo largo de los distintos \
cursos. El modelo renovado de seguimiento del absentismo se prueba primero para después \
extenderlo a toda la ciudad, y los datos cualitativos sirven para seguir mejorando las medidas.

RESULTADOS

El resumen de la red describe un cambio hacia una forma sistemática, basada en datos y proactiva \
de llegar a los estudiantes lo antes posible. El apoyo desde dentro de la propia comunidad hizo \
que la ayuda fuera más aceptable para los grupos vulnerables.

LECCIONES PARA OTRAS CIUDADES

El absentismo es una señal temprana muy clara, por lo que su seguimiento es el centro de \
cualquier sistema de alerta temprana. Los cuadros de mando cuantitativos necesitan información \
cualitativa para mejorar las propias medidas. Conviene probar primero el modelo de seguimiento y \
después extenderlo a toda la ciudad. Los mensajeros de la propia comunidad destinataria consiguen \
que el apoyo se perciba como algo que nace desde dentro.

DATOS CLAVE

Ciudad: Barcelona
País: España
Red: Stay Tuned (URBACT III)
Periodo: de junio de 2017 a junio de 2019
Estado del reto: todavía es pronto para decirlo; en julio de 2018 el modelo se estaba probando y \
estaba prevista su extensión a toda la ciudad.
Fecha de elaboración: 9 de julio de 2018
Autores: Mariona Sacristán Valero (Consorci d'Educació de Barcelona) y Agustí Rubio
Presupuesto: no consta
"""


# ---------------------------------------------------------------- 8. Zwevegem, form export

ZWEVEGEM = """\
Title\tRedevelopment of Transfo
City\tZwevegem
Country\tBelgium
Network\tINT-HERIT (URBACT III Implementation Network)
Partner\tIntercommunale Leiedal (Kortrijk region)
Challenge code\tIC1; IC5
Outcome\tPartly solved – integrating the new initiatives is still the main task
Start\t2004
End\t2019
Prepared by\t
Date prepared\t02/05/2019
Budget\tAbout EUR 2 million public-private investment (climbing hall and microbrewery)

SUMMARY
Zwevegem, a town of about 25,000 people in the Kortrijk region, has been redeveloping Transfo, a \
listed power plant from 1912, as a site for many new uses. The municipality and Intercommunale \
Leiedal bought the site in 2004 and have invested in it for about 15 years.

ACTION
Redeveloping Transfo, a listed power plant built in 1912 (electricity production ended in 1985, \
steam production in 2001), as a site for many new uses.

CHALLENGE
The listed, abandoned plant mattered strategically to the municipality, but a sensible and \
sustainable reuse was very hard to achieve.

Once the site gained momentum, a new problem appeared: channelling and integrating the growing \
number of initiatives and projects without losing opportunities along the way.

HOW THE CHALLENGE WAS OVERCOME
The municipality, Leiedal, the Province of West Flanders and the Flemish Government invested \
jointly over the long term.

A public-private investment of about EUR 2 million brought an indoor climbing hall and a \
microbrewery to the site. The partners aim for an agile, collaborative way of governing the site, \
integrated across levels and sectors, and INT-HERIT partners peer-reviewed the site at the \
transnational meeting in February 2018.

DIFFERENCE MADE
Each new private investment encourages further interest in being part of the site – a snowball \
effect.

LESSONS FOR OTHER CITIES
Heritage reuse at this scale needs patient investment by several levels of government over many years.
Success brings a second challenge: coordinating many initiatives so that they add up.
Early public-private investments can trigger further private interest.
"""


# ---------------------------------------------------------------- 9. Pregrada, e-mail

PREGRADA = """\
From: Petra Vdović
To: Volunteering Cities partners
Date: August 2021
Subject: Re: Institutionalising volunteering in Pregrada – Volunteering Cities case example

Dear colleagues,

Thank you for asking for our case example for the network. Here is the short version of what \
happened in Pregrada since the transfer of Athienou's Municipal Council of Volunteers started in \
July 2018.

What we did

We set up a Municipal Council of Volunteering. It gives volunteering a frame for the whole town: \
from volunteering in kindergarten to school clubs, the youth and children's councils, associations \
and local businesses.

The problem we ran into

Pregrada had plenty of active volunteers, but there was no overarching group, no strategy and no \
action plan for volunteering. We also wanted young people and local businesses to do more for the \
community.

In URBACT terms: ensuring the integrated approach in delivery, and maintaining the involvement of \
local stakeholders.

How we got past it

First we founded an URBACT Local Group of the key local stakeholders. It met regularly – one \
meeting was open to the public – and we held a workshop on volunteer management.

Members started joint activities, such as "Physiotherapy at your service", run by the secondary \
school together with the pensioners' association, and local entrepreneurs came in as donors and \
partners. Finally the Municipal Council of Volunteering became the governance structure for all \
of it.

Results so far

So, is the problem solved? I would say yes, fully: the Municipal Council of Volunteers model has \
been adopted in Pregrada, and our transferred practice was labelled on 1 August 2021. What struck \
us most is that the barriers between ULG members gave way to shared goals on the town's social \
problems.

Advice for other cities

A small town can formalise volunteering with a light governance body. And meet regularly as a \
local group: that is what builds the trust you need for joint projects.

Many thanks also to Maria João Filgueiras Rauch, our URBACT Lead Expert, for her support.

Best regards,

Petra Vdović
Local communication coordinator, Volunteering Cities – Pregrada
Town of Pregrada, Croatia

P.S. For the key facts box: period July 2018 – August 2021, no separate budget.
"""


# ---------------------------------------------------------------- 10. Zugló, two-column PDF

ZUGLO_TITLE = "Rewarding re-use and recycling"
ZUGLO_SUB = "Tropa Verde in Zugló (District XIV of Budapest), Hungary"
ZUGLO_SUB2 = "URBACT Tropa Verde Transfer Network · case example"


def h(word: str) -> str:
    """Mark hyphenation points written as '|' with soft hyphens."""
    return word.replace("|", SHY)


ZUGLO_BLOCKS: list[tuple[str, str]] = [
    ("H", "Summary"),
    ("P", h("Zugló, the 14th dis|trict of Budapest, adapted Santiago de Compostela’s Tropa Verde "
            "practice: a local plat|form that rewards res|idents for bringing recycl|ables to "
            "collec|tion points.")),
    ("H", "Action"),
    ("P", h("Launching a local Tropa Verde plat|form that rewards res|idents who bring recycl|able "
            "waste to collec|tion points. They receive vouchers that can be exchanged for gifts or "
            "dis|counts from local busi|nesses.")),
    ("H", "Challenge"),
    ("P", h("About half of the collected waste went to land|fill, and only about 10% of munic|ipal "
            "waste was collected sep|arately.")),
    ("P", h("Waste is managed not by the dis|trict but by FKF, a company owned by the City of "
            "Budapest, so the dis|trict had to work with FKF and with local busi|nesses.")),
    ("P", h("Implementation challenge: IC5 – Setting up public-private part|nerships for delivery")),
    ("H", "How the challenge was overcome"),
    ("P", h("Before designing the scheme, the dis|trict surveyed res|idents about their atti|tudes, "
            "habits, moti|vations and needs. An online map shows the right recycling fa|cility for "
            "each type of item.")),
    ("P", h("The web company that built the original plat|form supported the launch, local "
            "busi|nesses sponsor the rewards, and the scheme builds on FKF’s existing Re-use and "
            "Educa|tional Centres.")),
    ("H", "Difference made"),
    ("P", h("The local plat|form is now running via tropaverde.org. Its effect on recycling rates "
            "has not yet been quan|tified.")),
    ("H", "Lessons for other cities"),
    ("B", h("Survey res|idents first and adapt the scheme to local habits.")),
    ("B", h("Where waste is run by another tier of govern|ment, bring that oper|ator in early.")),
    ("H", "Key facts"),
    ("P", "Outcome: challenge solved – the local platform has been launched."),
    ("P", "Period: 2018–2021"),
    ("P", "Prepared by: Máté Fejér, project coordinator"),
    ("P", "Budget: not stated"),
]


def wrap_hyphenated(pdf: FPDF, text: str, width: float) -> list[str]:
    """Greedy wrap; a word that does not fit is split at a soft hyphen when one fits."""
    words = text.split(" ")
    lines: list[str] = []
    cur = ""

    def w(s: str) -> float:
        return pdf.get_string_width(s.replace(SHY, ""))

    i = 0
    while i < len(words):
        word = words[i]
        trial = word if not cur else cur + " " + word
        if w(trial) <= width:
            cur = trial
            i += 1
            continue
        # try to split the word at its last soft hyphen that still fits
        parts = word.split(SHY)
        placed = False
        for k in range(len(parts) - 1, 0, -1):
            head = "".join(parts[:k]) + "-"
            trial = head if not cur else cur + " " + head
            if w(trial) <= width:
                lines.append(trial)
                cur = ""
                words[i] = SHY.join(parts[k:])
                placed = True
                break
        if placed:
            continue
        if cur:
            lines.append(cur)
            cur = ""
        else:  # a single word wider than the column: put it alone
            lines.append(word.replace(SHY, ""))
            i += 1
    if cur:
        lines.append(cur)
    return [ln.replace(SHY, "") for ln in lines]


def make_zuglo() -> None:
    pdf = new_pdf("P")
    pdf.set_title(ZUGLO_TITLE)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    left, top, gap = 18.0, 18.0, 16.0
    colw = (210.0 - 2 * left - gap) / 2
    # title block, full width
    pdf.set_xy(left, top)
    pdf.set_font("DejaVu", "B", 20)
    pdf.cell(210 - 2 * left, 10, ZUGLO_TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(left)
    pdf.set_font("DejaVu", "", 12)
    pdf.cell(210 - 2 * left, 7, ZUGLO_SUB, new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(left)
    pdf.set_font("DejaVu", "I", 10)
    pdf.cell(210 - 2 * left, 6, ZUGLO_SUB2, new_x="LMARGIN", new_y="NEXT")
    y_line = pdf.get_y() + 2
    pdf.line(left, y_line, 210 - left, y_line)
    col_top = y_line + 6

    # lay out every block into (font style, size, text, height, indent) rows
    body_size, lh = 11.0, 5.4
    rows: list[tuple[str, float, str, float, float]] = []
    for kind, text in ZUGLO_BLOCKS:
        if kind == "H":
            rows.append(("gap", 0, "", 2.5, 0))
            rows.append(("B", 11.5, text, 6.2, 0))
        elif kind == "P":
            pdf.set_font("DejaVu", "", body_size)
            for ln in wrap_hyphenated(pdf, text, colw):
                rows.append(("", body_size, ln, lh, 0))
            rows.append(("gap", 0, "", 1.6, 0))
        elif kind == "B":
            pdf.set_font("DejaVu", "", body_size)
            for j, ln in enumerate(wrap_hyphenated(pdf, text, colw - 5)):
                rows.append(("", body_size, ("• " if j == 0 else "") + ln, lh, 0 if j == 0 else 3.6))
            rows.append(("gap", 0, "", 1.0, 0))
    while rows and rows[0][0] == "gap":
        rows.pop(0)

    # balance the two columns: break near half the height, never right after a heading
    total = sum(r[3] for r in rows)
    acc, split = 0.0, len(rows)
    for idx, r in enumerate(rows):
        if acc >= total / 2 and rows[idx - 1][0] != "B" and r[0] != "gap":
            split = idx
            break
        acc += r[3]
    columns = [rows[:split], rows[split:]]
    for ci, col in enumerate(columns):
        while col and col[0][0] == "gap":
            col.pop(0)
        x0 = left + ci * (colw + gap)
        y = col_top
        for style, size, text, height, indent in col:
            if style == "gap":
                y += height
                continue
            pdf.set_font("DejaVu", style, size)
            pdf.set_xy(x0 + indent, y)
            pdf.cell(colw - indent, height, text)
            y += height
    pdf.output(str(OUT / "zuglo-tropa-verde-2col.pdf"))


# ---------------------------------------------------------------- main

def main() -> None:
    make_ghent()
    make_mantova()
    make_getafe()
    write_text(OUT / "ljubljana-bee-path-wiki.md", LJUBLJANA)
    write_text(OUT / "preston-spend-analysis-cms.md", PRESTON)
    write_text(OUT / "paris-oasis-fr.txt", PARIS, encoding="cp1252", newline="\r\n")
    write_text(OUT / "barcelona-absentismo-es.txt", BARCELONA, bom=True)
    write_text(OUT / "zwevegem-transfo-export.txt", ZWEVEGEM)
    write_text(OUT / "pregrada-volunteering-email.txt", PREGRADA)
    make_zuglo()


if __name__ == "__main__":
    main()
