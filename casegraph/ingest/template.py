"""Split a case example's text into the sections of the case-example template."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import meaning
from ..errors import TemplateError
from ..model import Document, ParsedTemplate, Section
from ..outcomes import rating
from ..taxonomy import match_challenge_name

__all__ = ["parse_template", "SECTION_KEYS", "CONTENT_KEYS"]


@dataclass(frozen=True)
class _Heading:
    key: str
    start: re.Pattern[str]
    """Recognises the heading at the start of a line (cleaned of Markdown and numbering)."""
    full: re.Pattern[str]
    """The whole heading with its prompt, stripped from the section text it opens."""
    inline: bool = False
    """The value may follow the heading on the same line (``Budget: EUR 2m``)."""


def _rx(pattern: str) -> re.Pattern[str]:
    # Every space in a pattern stands for any run of white space: PDF text wraps anywhere.
    return re.compile(pattern.replace(" ", r"\s+"), re.IGNORECASE)


_END = r"\s*[:.?]*\s*(?:\([^)]{0,60}\))?\s*[:.?]*"
"""What may close a heading: a prompt such as ``(6 lines max.)`` and punctuation."""


def _heading(key: str, start: str, full: str | None = None, *, inline: bool = False,
             alone: bool = False) -> _Heading:
    """A heading. ``alone``: a common word that is a heading only on a line of its own or
    before a colon, so that prose starting with it is not taken for one."""
    if alone:
        start_rx = _rx(rf"(?:{start})\s*(?:\([^)]{{0,60}}\))?\s*\??\s*(?::|$)")
    else:
        start_rx = _rx(rf"(?:{start})\b")
    full_rx = _rx(rf"(?:{full or start}){_END}")
    return _Heading(key, start_rx, full_rx, inline)


_HEADINGS: tuple[_Heading, ...] = (
    _heading("title_city", r"(?:case example )?title (?:and|&) city"),
    _heading("title", r"(?:case example )?title|name of the case(?: example)?", inline=True,
             alone=True),
    _heading("city", r"city(?:\s*(?:and|&|/)\s*country)?|location", inline=True, alone=True),
    _heading("country", r"country", inline=True, alone=True),
    _heading("network", r"(?:urbact )?network|programme|program", inline=True, alone=True),
    _heading("summary", r"case example summary|summary of the case(?: example)?"),
    _heading("summary", r"summary|description|overview|introduction|background|context",
             alone=True),
    _heading("solutions", r"solutions? offered by (?:the|this) case example"),
    _heading("action", r"what was the action(?: being implemented)?",
             r"what was the action(?: being implemented)?"),
    _heading("action", r"(?:the )?action(?: implemented| being implemented)?", alone=True),
    _heading("challenge", r"the challenge with (?:this|the) implementation"
             r"|what made (?:the |this )?(?:implementation|implementing(?: (?:it|this action))?)"
             r" (?:more )?(?:difficult|hard)"
             r"|what (?:was|were) the (?:main )?(?:implementation )?(?:challenge|difficult(?:y|ies)"
             r"|barrier|obstacle|problem)s?"),
    _heading("challenge_list",
             r"(?:(?:implementation|operational|uia|urbact) ){1,3}challenges?(?: addressed| faced"
             r"| codes?)?|challenge codes?",
             alone=True),
    _heading("challenge", r"(?:the )?challenges?(?: faced)?", alone=True),
    _heading("how_overcome",
             r"how (?:was|were|did) (?:the |this |that )?(?:above )?(?:challenges?|difficult(?:y|ies)"
             r"|barriers?|problems?|obstacles?|it|this|that) (?:being |get |was )?(?:overcome|addressed|tackled"
             r"|solved|dealt with)"
             r"|how (?:the|we|they|the city) (?:overc[ao]me|addressed|tackled) (?:the|this|that)"
             r" (?:challenge|difficulty|barrier|problem)"
             r"|how (?:the|this) (?:challenge|difficulty|barrier|problem) was (?:overcome|addressed"
             r"|tackled|solved)"),
    _heading("how_overcome", r"solutions?|how it was overcome|approach", alone=True),
    _heading("difference",
             r"what difference (?:(?:has|did|have|does) )?(?:this|the|it|that|our|we)(?: approach"
             r"| action| work| project)? (?:has |have )?ma(?:de|ke)"
             r"|what (?:has )?changed(?: as a result)?"),
    _heading("outcome",
             r"(?:how well did it work\s*[-–—:?]?\s*)?was the challenge completely solved,? partly"
             r" solved,? or not(?: at all)? solved", inline=True),
    _heading("outcome",
             r"outcome|was the challenge (?:completely |partly |fully )?(?:solved|overcome)"
             r"|(?:challenge )?solved|status of the challenge",
             inline=True, alone=True),
    _heading("difference", r"results?|outcomes?|impact|the difference(?: (?:it|this|that))?"
             r"(?: made| makes)?|difference made|what (?:has )?changed",
             alone=True),
    _heading("lessons",
             r"what lessons (?:might|can|could|should) (?:other )?(?:eu |european )?cities "
             r"(?:take|learn)(?: from (?:this|the) case example)?"),
    _heading("lessons",
             r"(?:key )?lessons?(?: learn(?:ed|t)| for other (?:eu |european )?cities"
             r"| for (?:other )?cities| for others)?(?: learn(?:ed|t))?|learning points"
             r"|transferab\w+|what (?:can|could|might) other cities learn|take-?aways",
             alone=True),
    _heading("key_facts", r"key facts(?: (?:and|&) figures)?|facts (?:and|&) figures", alone=True),
    _heading("dates",
             r"start (?:and|&) end(?: dates?)?(?: of (?:the |this )?case example)?",
             inline=True),
    _heading("start", r"start(?: date| year)?|started|begin(?:ning)?", inline=True, alone=True),
    _heading("end", r"end(?: date| year)?|ended|finish(?:ed)?", inline=True, alone=True),
    _heading("dates", r"(?:project |implementation |action )?(?:period|dates|duration|timeframe"
             r"|time frame)", inline=True, alone=True),
    _heading("prepared",
             r"date of preparation(?: of (?:this|the) case example)?", inline=True),
    _heading("prepared", r"(?:date )?prepared(?: on)?|date of preparation|date", inline=True,
             alone=True),
    _heading("authors", r"who prepared (?:the|this) case example", inline=True),
    _heading("authors", r"prepared by|authors?|written by|compiled by", inline=True,
             alone=True),
    _heading("contact", r"contacts?(?: person| details)?|for more information contact",
             inline=True, alone=True),
    _heading("partners", r"(?:network |project )?partners?(?: cities)?", alone=True),
    _heading("budget", r"budget|costs?|funding", inline=True, alone=True),
    _heading("extra", r"extra information(?: (?:and|&) hyper\s*links)?", inline=True),
    _heading("extra",
             r"(?:hyper\s*)?links|sources?|references|further information|more information",
             inline=True, alone=True),
    _heading("annex", r"annex(?:es)?|photos?|images?", alone=True),
    # A report or letter written in the first person, under plain section openers.
    _heading("summary", r"in (?:short|brief)|at a glance|the case in (?:short|brief)", alone=True),
    _heading("action", r"what we (?:set out|wanted|planned|aimed) to (?:do|achieve)", alone=True),
    _heading("challenge", r"about the (?:challenge|difficulty)|what made (?:it|this) (?:hard|difficult)",
             alone=True),
    _heading("how_overcome", r"what we did about (?:it|this|that)|how we (?:overcame|tackled|solved"
             r"|addressed|handled|dealt with) (?:it|this|that|the (?:challenge|difficulty))",
             alone=True),
    _heading("lessons", r"what others (?:can|could|might) learn(?: from (?:it|this|us))?", alone=True),
    # A letter's sign-off ("Best regards,"): what follows is its signature, not content.
    _heading("closing", r"(?:(?:(?:best|kind|warm|warmest|many)\s+)?regards|yours(?: sincerely"
             r"| faithfully| truly)?|sincerely|best wishes|(?:bien )?cordialement|saludos"
             r"(?: cordiales)?|un saludo|atentamente|mit freundlichen gr[üu](?:ß|ss)en"
             r"|viele gr[üu](?:ß|ss)e|cordiali saluti|distinti saluti|atenciosamente"
             r"|com os melhores cumprimentos|met vriendelijke groet(?:en)?),?", alone=True),
    # The same headings in French, Spanish, Italian, Portuguese and German, for case examples
    # written wholly in the city's language. English comes first: its wording wins a tie.
    _heading("title", r"titre|t[íi]tulo|titolo|titel", inline=True, alone=True),
    _heading("city", r"ville|commune|ciudad|municipio|citt[àa]|comune|cidade|munic[íi]pio|stadt"
             r"|gemeinde", inline=True, alone=True),
    _heading("country", r"pays|pa[íi]s|paese", inline=True, alone=True),
    _heading("network", r"r[ée]seau|rete|rede|netzwerk|programme urbact", inline=True,
             alone=True),
    _heading("summary", r"r[ée]sum[ée]|synth[èe]se|resumen|riassunto|sintesi|resumo|s[íi]ntese"
             r"|zusammenfassung|kurzfassung|[üu]berblick", alone=True),
    _heading("action", r"(?:l')?action(?: mise en (?:œ|oe)uvre)?|acci[óo]n|azione|a[çc][ãa]o"
             r"|ma[ßs]nahme|aktion", alone=True),
    _heading("challenge", r"(?:le )?d[ée]fi|difficult[ée]|(?:el )?(?:reto|desaf[íi]o)|(?:la )?sfida"
             r"|(?:o )?desafio|(?:die )?herausforderung", alone=True),
    _heading("how_overcome",
             r"comment (?:le d[ée]fi|la difficult[ée]) a-t-(?:il|elle) [ée]t[ée] (?:surmont[ée]e?"
             r"|relev[ée]e?|r[ée]solue?)"
             r"|¿?c[óo]mo se (?:super[óo]|resolvi[óo]|abord[óo]) (?:el|este) (?:reto|desaf[íi]o)"
             r"|come (?:[èe] stata|si [èe]) (?:superata|affrontata|risolta) (?:la|questa) sfida"
             r"|como (?:foi|se) (?:superado|ultrapassado|resolvido) o desafio"
             r"|wie wurde (?:die|diese) herausforderung (?:bew[äa]ltigt|gemeistert|gel[öo]st"
             r"|[üu]berwunden)"),
    _heading("how_overcome", r"solutions?|soluci[óo]n(?:es)?|soluzion[ei]|solu[çc](?:[ãa]o|[õo]es)"
             r"|l[öo]sungs?(?:weg|ansatz)?|l[öo]sungen|vorgehen|approche|enfoque|approccio"
             r"|abordagem", alone=True),
    _heading("difference", r"r[ée]sultats?|impact|resultados?|impacto|risultat[oi]|impatto"
             r"|ergebnis(?:se)?|wirkung(?:en)?", alone=True),
    _heading("lessons",
             r"(?:le[çc]ons|enseignements)(?: (?:tir[ée]es|pour d'autres villes|pour les autres"
             r" villes))?|lecciones(?: aprendidas| para otras ciudades)?|lezioni(?: apprese"
             r"| per altre citt[àa])?|li[çc][õo]es(?: aprendidas| para outras cidades)?"
             r"|lehren(?: f[üu]r andere st[äa]dte)?|erkenntnisse|lernerfahrungen", alone=True),
    _heading("key_facts", r"(?:chiffres|donn[ée]es|faits) cl[ée]s|(?:datos|cifras) clave"
             r"|dati (?:chiave|principali)|dados (?:principais|chave)|eckdaten|kennzahlen"
             r"|fakten und zahlen", alone=True),
    _heading("dates", r"p[ée]riode|dur[ée]e|per[íi]odo|duraci[óo]n|durata|dura[çc][ãa]o|zeitraum"
             r"|laufzeit|dauer", inline=True, alone=True),
    _heading("prepared", r"date de (?:pr[ée]paration|r[ée]daction)|fecha(?: de (?:preparaci[óo]n"
             r"|elaboraci[óo]n))?|data di (?:preparazione|redazione)|data de (?:prepara[çc][ãa]o"
             r"|elabora[çc][ãa]o)|erstellt am|stand|datum", inline=True, alone=True),
    _heading("authors", r"auteurs?|r[ée]dig[ée] par|pr[ée]par[ée] par|autor(?:es|as?)?"
             r"|preparado por|elaborado por|autori|autore|a cura di|redatto da|autor(?:in|en)"
             r"|verfasst von|erstellt von", inline=True, alone=True),
    _heading("contact", r"ansprechpartner(?:in)?|kontakt|contacto|contatto|contato",
             inline=True, alone=True),
    _heading("budget", r"presupuesto|bilancio|or[çc]amento|kosten|finanzierung|financement"
             r"|financiaci[óo]n|finanziamento|financiamento", inline=True, alone=True),
    # Dutch and Polish.
    _heading("action", r"welke (?:actie|maatregel) (?:is|werd) (?:uitgevoerd|ge[iï]mplementeerd)"
             r"|jakie dzia[łl]anie (?:zosta[łl]o )?(?:wdro[żz]ono|zrealizowano|wdro[żz]one)"),
    _heading("difference", r"welk verschil heeft (?:deze|de) (?:aanpak|actie) gemaakt"
             r"|wat (?:is|was) het (?:resultaat|effect)|jak[aą] (?:r[óo][żz]nic[ęe]|zmian[ęe])"
             r" (?:przyni[oó]s[łl]o|wprowadzi[łl]o) (?:to|takie) (?:podej[śs]cie|dzia[łl]anie)"),
    _heading("lessons", r"welke lessen kunnen andere (?:europese |eu-)?steden (?:trekken|leren)"
             r"|czego (?:inne )?miasta (?:mog[ąa] si[ęe] nauczy[ćc])"),
    _heading("title", r"titel|tytu[łl]", inline=True, alone=True),
    _heading("city", r"stad|gemeente|miasto|gmina", inline=True, alone=True),
    _heading("country", r"kraj", inline=True, alone=True),
    _heading("network", r"netwerk|programma|sie[ćc]|program", inline=True, alone=True),
    _heading("summary", r"samenvatting|podsumowanie|streszczenie", alone=True),
    _heading("action", r"(?:de )?(?:actie|maatregel)|dzia[łl]anie", alone=True),
    _heading("challenge", r"(?:de )?uitdaging|wyzwanie|trudno[śs][ćc]", alone=True),
    _heading("how_overcome",
             r"hoe (?:is|werd|werden) (?:de|deze) (?:uitdaging|moeilijkheid) (?:overwonnen|aangepakt"
             r"|opgelost)|jak (?:pokonano|przezwyci[ęe][żz]ono|rozwi[ąa]zano) (?:to )?(?:wyzwanie"
             r"|trudno[śs][ćc]|problem)"),
    _heading("how_overcome", r"oplossing(?:en)?|aanpak|rozwi[ąa]zanie|rozwi[ąa]zania", alone=True),
    _heading("difference", r"resulta(?:at|ten)|effect(?:en)?|rezultat(?:y)?|wyniki|efekty",
             alone=True),
    _heading("lessons", r"lessen(?: voor andere steden)?|lering|wnioski(?: dla innych miast)?"
             r"|lekcje(?: dla innych miast)?", alone=True),
    _heading("key_facts", r"kerngegevens|feiten en cijfers|kluczowe (?:fakty|dane)"
             r"|najwa[żz]niejsze (?:fakty|dane)", alone=True),
    _heading("dates", r"periode|looptijd|okres(?: realizacji)?|czas trwania", inline=True,
             alone=True),
    _heading("prepared", r"datum(?: van (?:opstelling|opmaak))?|data(?: przygotowania|"
             r" opracowania)?", inline=True, alone=True),
    _heading("authors", r"opgesteld door|auteurs?|przygotowa[łl](?:a|o|y)?|autorzy|autor(?:ka)?"
             r"|opracowa[łl](?:a|o|y)?", inline=True, alone=True),
    _heading("budget", r"begroting|bud[żz]et", inline=True, alone=True),
)

_ANY_HEADING = re.compile(
    "|".join(f"(?P<h{i}>{h.start.pattern})" for i, h in enumerate(_HEADINGS)), re.IGNORECASE
)

SECTION_KEYS = tuple(dict.fromkeys(h.key for h in _HEADINGS))
_DIFFERENCE = next(h for h in _HEADINGS if h.key == "difference")
_FOOTER = next(h for h in _HEADINGS if h.key == "extra")
_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|(?:- ){2,}-|(?:\* ){2,}\*)$")
#: The most an answer to "Outcome:" says when it rates the solution ("partly solved, because
#: ..."); a longer one describes the difference made.
_OUTCOME_ANSWER = 160
CONTENT_KEYS = ("summary", "action", "challenge", "challenge_list", "how_overcome",
                "solutions", "difference", "lessons")
"""The sections whose presence makes a text a case example."""

#: The template's own instructions. They are stripped wherever they stand, so that they never
#: become content.
_PROMPTS: tuple[re.Pattern[str], ...] = tuple(
    _rx(p)
    for p in (
        r"\((?:max(?:imum)?\.? )?(?:\d+|one|two|three|four|five|six|ten) lines?"
        r"(?: max(?:imum)?\.?)?\)",
        r"how was implementing this action made more difficult\?(?: i\.?e\.?,? what barrier,"
        r" problem, risk, difficulty, challenge was experienced with implementing this action\.?)?",
        r"\(\s*choose one thing[^)]*\)",
        r"describe this challenge\.?",
        r"what action did you take(?: \(activities\))? to deal with the above challenge\?",
        r"did you try more than one activity\?",
        r"how well did it work\s*[-–—:]? was the challenge completely solved, partly solved or"
        r" not at all solved\?",
        r"what have you changed as a result in the city(?: \(in terms of how you implement"
        r" actions\))?\?",
        r"at least (?:2|two) good quality photos(?: to be included)?\.?",
        r"\(1 line\)",
    )
)

_ANY_PROMPT = re.compile("|".join(f"(?:{p.pattern})" for p in _PROMPTS), re.IGNORECASE)

#: Pictographs a web page or wiki sets before a heading ("### 📝 1. Summary").
_SYMBOLS = "\u2190-\u2bff\u2e80-\u2eff\U0001f000-\U0001faff\ufe0f\u200d\u20e3"
_MARKUP_START = re.compile(
    rf"^\s*(?:#{{1,6}}\s*)?(?:>\s*)?(?:[{_SYMBOLS}]+\s*)?"
    r"(?:(?:\d{1,2}|[A-Za-z]|[ivxIVX]{1,4})[.)]\s+|\d{1,2}\s*[-–]\s+"
    r"|(?:Q|Question|Frage|Pregunta|Domanda|Pergunta)\s*\d{1,2}\s*[.:)–-]\s*)?"
)
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_DASH_BULLET = re.compile(r"^\s*[-*•·‣◦▪–]\s+")
_BULLET = re.compile(r"^\s*(?:[-*•·‣◦▪–]|\d{1,2}[.)]|[a-z][.)]|\([a-z0-9]\))\s+")
_EMPHASIS = re.compile(r"(\*\*|__)")
_BOLD_LEAD = re.compile(r"^(\s*(?:[-*•]\s+)?)(\*\*|__)(?P<label>[^*_\n]{1,200}?)\2\s*(?P<rest>.*)$")
#: A line's first characters, where a heading is looked for: a long line may be a heading with
#: its answer after it on the same line.
_HEADING_SPAN = 400
_MD_LINK = re.compile(r"\[([^\]\n]{1,300})\]\((https?://[^)\s]+)\)")
_CODE_LINE = re.compile(r"^\s*(?:(?:IC|UIA)\s*[-–—.]?\s*\d|also relevant\b)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;)\"'”’»]\s*$")


def parse_template(document: Document) -> ParsedTemplate:
    """Split a document into template sections.

    Raises :class:`TemplateError` when no section of the case-example template is found.
    """
    # Neither the emphasis nor the link pattern spans a line break: one pass over the whole
    # text does what a pass per line would.
    text = _from_html(document.text)
    lines = _MD_LINK.sub(r"\1 (\2)", _EMPHASIS.sub("", _bold_labels(text))).split("\n")
    lines = _pair_columns(_cells_as_labels(_hanging_values(_underlined_headings(lines))))
    banner: str | None = None
    segments: list[tuple[_Heading | None, str, list[list[str]]]] = []
    current: tuple[_Heading | None, str, list[list[str]]] = (None, "", [[]])

    pending_bullet = ""
    index = -1
    while index + 1 < len(lines):
        index += 1
        line = lines[index].strip()
        if not line:
            if current[2][-1]:
                current[2].append([])
            continue
        if _LONE_BULLET.match(line):
            # A PDF sets a hanging bullet apart from its text: "–" then the item.
            pending_bullet = line + " "
            continue
        if pending_bullet:
            line, pending_bullet = pending_bullet + line, ""
        if _RULE.match(line) and _content_started([*segments, current]):
            # A web page's horizontal rule: what follows is its footer, not the section's.
            segments.append(current)
            current = (_FOOTER, line, [[]])
            continue
        heading = _match_heading(line)
        if heading is None and any(current[2]) and _stands_alone(lines, index):
            # After some text (so not the title, the banner, or the answer to the heading
            # before it): a heading in the document's own words.
            heading = _classify_heading(line)
        if heading is not None:
            line, index = _wrapped_heading(heading, line, lines, index)
            segments.append(current)
            current = (heading, line, [[]])
            continue
        if banner is None and not segments and current[0] is None and _looks_like_banner(line):
            banner = _clean_markup(line)
            continue
        line = _MD_HEADING.sub("", line)
        if current[0] is not None and current[0].inline and not current[2][0] and \
                _inline_value(current[0], current[1]) and not _content_started(segments):
            # Text after a 'City: X' line, before the case's sections begin, is not part of
            # that field: it is the preamble (a title, say).
            segments.append(current)
            current = (None, "", [[]])
        current[2][-1].append(line)
    segments.append(current)

    sections: list[Section] = []
    fields: list[tuple[str, str]] = []
    warnings: list[str] = []
    preamble: list[str] = []
    for heading, heading_line, blocks in segments:
        paragraphs = _paragraphs(blocks)
        if heading is None:
            preamble.extend(paragraphs)
            continue
        cleaned = _clean_markup(_DASH_BULLET.sub("", heading_line, count=1))
        first, rest = _split_heading(heading, cleaned)
        if first:
            paragraphs = [first, *paragraphs]
        paragraphs = _strip_prompts(paragraphs)
        if paragraphs and first:
            # What a prompt between the heading and its answer left: "(6 lines): The ..."
            paragraphs[0] = paragraphs[0].lstrip(" :–—-\t") or paragraphs[0]
            paragraphs = [p for p in paragraphs if p]
        if heading.key == "outcome" and len(" ".join(paragraphs)) > _OUTCOME_ANSWER and \
                rating(" ".join(paragraphs)) is None:
            # "Outcomes" over a passage of prose is what the approach made different; an
            # answer that starts with its rating and explains it stays the outcome.
            heading = _DIFFERENCE
        text = "\n\n".join(paragraphs)
        if heading.inline and heading.key in {"title", "city", "country", "network", "dates",
                                                 "start", "end", "prepared", "authors",
                                                 "budget", "outcome", "contact"}:
            value = paragraphs[0] if paragraphs else ""
            if len(paragraphs) > 1 and value.count("(") > value.count(")") and \
                    paragraphs[1].count(")") > paragraphs[1].count("("):
                # A bracket the line left open closes on the next: one value, wrapped.
                value = f"{value} {paragraphs[1]}"
            fields.append((heading.key, value))
        sections.append(Section(key=heading.key, heading=rest, text=text))

    found = {s.key for s in sections if s.text}
    if not found & set(CONTENT_KEYS):
        raise TemplateError(
            "no section of the case-example template found (expected headings such as "
            "'The CHALLENGE with this implementation' or 'What lessons might other EU cities "
            "take from this Case Example?')",
            where=document.path,
        )
    if preamble:
        sections.insert(0, Section(key="preamble", heading="", text="\n\n".join(preamble)))
    variant = _variant(banner, sections)
    for key, label in (("challenge", "challenge"), ("how_overcome", "how the challenge was "
                       "overcome"), ("lessons", "lessons")):
        if key not in found and not (key == "challenge" and "challenge_list" in found) and not (
            key == "how_overcome" and "solutions" in found
        ):
            warnings.append(f"no '{label}' section found")
    return ParsedTemplate(
        variant=variant,
        banner=banner,
        sections=tuple(sections),
        fields=tuple(fields),
        warnings=tuple(warnings),
    )


_LONE_BULLET = re.compile(r"^[-*•·‣◦▪–]$")


#: Words that say what a section is about, in the programmes' languages, for headings no
#: template wording matches ("The problem we ran into", "Results so far"). Earlier keys win.
_SECTION_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(rf"\b(?:{words})", re.IGNORECASE)) for key, words in (
        ("how_overcome", r"overc[ao]m|solv|solution|tackl|address|remov|got (?:past|round|around)"
                         r"|dealt with|deal with|respon[sd]|surmont|relev[ée]|r[ée]solu|super[óoa]"
                         r"|resol|bew[äa]ltig|gel[öo]st|gemeistert|l[öo]sung|overwonn|aangepakt|oplossing"
                         r"|pokona|przezwyci|rozwi[ąa]z"),
        ("lessons", r"lesson|learn|advice|advis|tips?\b|recommend|take-?aways?|take[- ]home|transferab"
                    r"|le[çc]ons|enseignement|conseil|lecci[óo]n|consejo|lezion|consigli|li[çc][õo]es"
                    r"|conselho|lehren|empfehlung|ratschl[äa]g|lessen|aanbeveling|wnioski|lekcj|rekomendac"),
        ("difference", r"results?\b|impact|chang|difference|effects?\b|achiev|outcomes\b"
                       r"|r[ée]sultat|resultado|risultat|ergebnis|wirkung|ver[äa]nder|resulta(?:at|ten)"
                       r"|rezultat|wynik|efekt"),
        ("challenge", r"problem|challeng|difficult|barrier|obstacle|hurdle|d[ée]fi\b|difficult[ée]"
                      r"|reto\b|desaf[íi]o|sfida|ostacol|herausforderung|schwierigkeit|hindernis|uitdaging"
                      r"|moeilijkheid|wyzwani|trudno[śs]"),
        ("action", r"what (?:we|they|the city) did|action\b|measures?\b|intervention"
                   r"|initiative|ma[ßs]nahme|azione|acci[óo]n|a[çc][ãa]o|what was done"),
        ("summary", r"summary|overview|in (?:short|brief)|abstract|introduction|background"
                    r"|r[ée]sum[ée]|resumen|sintesi|resumo|zusammenfassung|[üu]berblick"),
    ))
_CLASSIFIED = {key: _Heading(key, _rx(r".*"), _rx(r".*"), inline=key == "outcome")
               for key in (*(key for key, _ in _SECTION_WORDS), "outcome")}


def _stands_alone(lines: list[str], index: int) -> bool:
    """A short line on its own between blank lines (or the text's edges), that is not a
    sentence: where a document puts a heading in words of its own."""
    line = lines[index].strip()
    cleaned = _clean_markup(line)
    before = lines[index - 1].strip() if index > 0 else ""
    after = lines[index + 1].strip() if index + 1 < len(lines) else ""
    marked = line.startswith("#")
    # A Markdown heading is one because its writer marked it so: it may be a longer question.
    words, span = (14, 100) if marked else (8, 60)
    return (0 < len(cleaned) <= span and len(cleaned.split()) <= words and not before
            and (not after or marked)
            and not re.search(r"[.;,]$", cleaned) and (": " not in cleaned or marked)
            and (cleaned[:1].isupper() or cleaned[:1] in "¿¡"))


def _classify_heading(line: str) -> _Heading | None:
    """The section a heading in the document's own words opens, by the words it uses."""
    cleaned = _clean_markup(line)
    if _CODE_LINE.match(cleaned) or match_challenge_name(cleaned):
        return None  # a challenge's name on its own line names the challenge, not a section
    if _SOLVED_QUESTION.match(cleaned):
        return _CLASSIFIED["outcome"]
    # What the heading means, in whatever words and language, where that is clear; then the
    # words it uses, which may name the problem in a heading about its solution.
    for text in _as_read(cleaned):
        found = meaning.nearest(text, _SECTION_MEANINGS)
        if found is not None and found.margin >= _MEANING_MARGIN and \
                found.score + found.margin >= _MEANING_SCORE:
            return None if found.key == "other" else _CLASSIFIED[found.key]
    for key, words in _SECTION_WORDS:
        if words.search(cleaned):
            return _CLASSIFIED[key]
    return None


def _as_read(heading: str) -> tuple[str, ...]:
    """A heading as its meaning is read: in sentence case when written in capitals (the
    encoder reads "ΤΙ ΑΛΛΑΞΕ" less well than "Τι αλλαξε"); when it has several sentences ("I
    work for another city. What should I take home?"), whole and then its last alone."""
    readings = [heading.strip(), re.split(r"(?<=[.!?])\s+(?=\S)", heading.strip())[-1]]
    return tuple(dict.fromkeys(t[:1] + t[1:].lower() if t.isupper() else t for t in readings))


#: A yes-or-no question whether the challenge was solved ("Has the problem been resolved?",
#: "Wurde das Problem gelöst?"): its answer is the outcome, not how it was solved.
_SOLVED_QUESTION = re.compile(
    r"^(?:(?:has|have|was|were|is|did)\b.*\b(?:solved|resolved|overcome|work(?:ed)?)"
    r"|wurden?\b.*\b(?:gel[öo]st|bew[äa]ltigt|[üu]berwunden)"
    r"|(?:(?:il|la|lo|l'|o|a|le) ?)?\w+ (?:[èe] stat[oa] (?:risolt|superat)\w*|foi (?:resolvid|superad"
    r"|ultrapassad)\w*|a-t-(?:il|elle) [ée]t[ée] (?:r[ée]solu|surmont[ée])\w*)"
    r"|¿?se (?:resolvi[óo]|super[óo]))\b[^?]*\?$",
    re.IGNORECASE)


#: What each section is about, in the template's words and plain ones, for a heading read by
#: meaning (casegraph.meaning); "other" holds the headings a case example has besides its
#: content sections, and places, so that they are not taken for one.
_SECTION_MEANINGS: dict[str, tuple[str, ...]] = {
    "summary": ("Summary", "Case example summary", "Overview of the case", "Abstract"),
    "action": ("What was the action being implemented?", "The action", "What was done",
               "Description of the measure implemented"),
    "challenge": ("The challenge with this implementation", "What made implementation more"
                  " difficult?", "The main difficulty", "Obstacles and barriers"),
    "how_overcome": ("How was the challenge overcome?", "How the difficulty was solved",
                     "The solution", "Steps taken to deal with the problem"),
    "outcome": ("Was the challenge completely solved, partly solved or not at all solved?",),
    "difference": ("What difference has this approach made?", "Results", "Impact",
                   "What changed"),
    "lessons": ("What lessons might other EU cities take from this case example?",
                "Lessons learned", "Recommendations for other cities"),
    "other": ("Contact", "Partners", "Photos", "Budget", "Key facts and figures",
              "Links and sources", "Annex", "Thanks", "Date of preparation",
              "Author", "Country", "Table of contents", "Next steps", "Team",
              "Town of Tartu, Estonia", "Page last updated"),
}
#: How far ahead of every other section a heading must be, and how near to its section's
#: description plus that lead, to open it: a clear lead makes up for a looser likeness. Chosen
#: on headings written for the purpose (tests/gold/headings.yaml, tests/test_meaning.py).
_MEANING_SCORE = 0.9
_MEANING_MARGIN = 0.03


_HTML_TAG = re.compile(r"</?(?:strong|b|em|i|u|br|p|div|span|li|ul|ol|h[1-6]|a|table|tr|td|th)"
                       r"\b[^>]{0,200}>", re.IGNORECASE)


def _from_html(text: str) -> str:
    """Text pasted from a web page's HTML ("<strong>City:</strong>&nbsp;Preston<br>") as the
    Markdown a reader sees: line breaks, bold labels, list items; entities decoded."""
    import html

    if not _HTML_TAG.search(text) and "&nbsp;" not in text and "&amp;" not in text:
        return text
    for pattern, replacement in (
        (r"<br\s*/?>", "\n"), (r"</?(?:p|div|ul|ol|table|tr)\b[^>]*>", "\n\n"),
        (r"<li\b[^>]*>", "\n- "), (r"</li>", "\n"), (r"<h[1-6]\b[^>]*>", "\n\n## "),
        (r"</h[1-6]>", "\n\n"), (r"</?(?:strong|b)\b[^>]*>", "**"), (r"<t[dh]\b[^>]*>", " | "),
    ):
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    text = html.unescape(_HTML_TAG.sub("", text)).replace("\xa0", " ")
    return re.sub(r"\n{3,}", "\n\n", text)


_UNDERLINE = re.compile(r"^\s*([=\-~^])\1{2,}\s*$")
_RST_FIELD = re.compile(r"^:(?P<label>[^:\n]{1,60}):\s+(?P<value>.*)$")
_RST_MARKUP = re.compile(r"^\.\. ")


def _underlined_headings(lines: list[str]) -> list[str]:
    """Headings underlined (and overlined) with a row of "=" or "-" (Markdown's setext and
    reStructuredText's) as Markdown headings; reStructuredText's field lines (":City: Aveiro")
    as labels; its comments and directives dropped."""
    out: list[str] = []
    skipping = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if skipping and (line[:1].isspace() and stripped):
            continue  # a directive's indented options
        skipping = False
        if _RST_MARKUP.match(stripped):
            skipping = True
            continue
        if _UNDERLINE.match(line):
            before = out[-1].strip() if out else ""
            after = lines[index + 1].strip() if index + 1 < len(lines) else ""
            if before and not _UNDERLINE.match(before) and len(stripped) >= min(len(before), 3):
                out[-1] = "## " + before  # the title above its underline
                continue
            if not before and after and index + 2 < len(lines) and \
                    _UNDERLINE.match(lines[index + 2]):
                continue  # the overline of an overlined title
        field = _RST_FIELD.match(stripped)
        if field:
            out.append(f"{field['label']}: {field['value']}")
            continue
        out.append(line)
    return out


_PIPE_ROW = re.compile(r"^\s*\|?\s*(?P<label>[^|\t]{1,60}?)\s*\|\s*(?P<value>[^|]*?)\s*\|?\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")


def _cells_as_labels(lines: list[str]) -> list[str]:
    """Two-cell rows whose first cell is a template label, as "Label: value" lines: a
    Markdown table ("| Period | 2018 – 2020 |") or a form export ("Period<TAB>2018 – 2020")."""
    out = []
    for line in lines:
        if _PIPE_RULE.match(line):
            continue
        row: tuple[str, str] | None = None
        if line.count("|") >= 1 and line.strip().startswith("|"):
            cells = _PIPE_ROW.match(line)
            row = (cells["label"], cells["value"]) if cells else None
        elif "\t" in line.strip("\t ") or line.rstrip(" ").endswith("\t"):
            label, _, value = line.strip(" ").partition("\t")
            row = (label, value) if label.strip() else None
        if row is not None:
            label, value = row[0].strip(), row[1].strip()
            heading = _match_heading(label + ":")
            if heading is not None and (heading.inline or not value):
                out.append(f"{label}: {value}".rstrip())
                continue
            if heading is not None:  # a section heading in the first cell: its text follows
                out.extend([label, "", value, ""])
                continue
        out.append(line)
    return out


_EMPTY_LABEL = re.compile(r"^[^\W\d_][^:]{0,40}:$")
_LABEL_VALUE = re.compile(r"^(?P<label>[^\W\d_][^:\n]{0,40}:[ \t]+)\S")


def _hanging_values(lines: list[str]) -> list[str]:
    """A value that goes on under itself, indented to its column, as one line:
    "Title:    BRIDGE – Building the Right ..." then "          Growing Economy"."""
    out: list[str] = []
    column = 0
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if column and indent >= 2 and abs(indent - column) <= 1 and line.strip() and \
                not _BULLET.match(line.strip()):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
            continue
        found = _LABEL_VALUE.match(line)
        column = len(found["label"]) if found and _match_heading(found["label"]) else 0
        out.append(line)
    return out


def _pair_columns(lines: list[str]) -> list[str]:
    """A two-column table of labels and values that a PDF's text layer gives column by
    column (three or more "Label:" lines, most of them template labels, then as many values)
    as "Label: value" lines. A value line continues the one before it when that one filled the
    column's width or left a bracket open. Where the values do not pair one to one with the
    labels, the lines stay as they are."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        labels: list[str] = []
        end = index
        while end < len(lines):
            line = lines[end].strip()
            if line and _EMPTY_LABEL.match(line):
                labels.append(line)
            elif line:
                break
            end += 1
        known = sum(1 for label in labels if _match_heading(label) is not None)
        if len(labels) < 3 or 2 * known < len(labels):
            out.append(lines[index])
            index += 1
            continue
        block: list[tuple[int, str]] = []
        cursor = end
        while cursor < len(lines):
            line = lines[cursor].strip()
            if line and (_EMPTY_LABEL.match(line) or _match_heading(line) is not None):
                break
            if line:
                block.append((cursor, line))
            cursor += 1
        width = max((len(line) for _, line in block), default=0)
        values: list[str] = []
        last = end
        previous = ""
        for position, line in block:
            if values and (len(previous) >= 0.8 * width
                           or values[-1].count("(") > values[-1].count(")")):
                values[-1] = f"{values[-1]} {line}"
            elif len(values) == len(labels):
                break
            else:
                values.append(line)
            previous, last = line, position + 1
        if len(values) == len(labels):
            out.extend(f"{label} {' '.join(value.split())}" for label, value in zip(labels, values))
            out.append("")
            index = last
        else:  # not a table this reader can pair: the run of labels stays as it is
            out.extend(lines[index:end])
            index = end
    return out


def _wrapped_heading(heading: _Heading, line: str, lines: list[str],
                     index: int) -> tuple[str, int]:
    """A heading that a PDF wrapped onto the next line ("What lessons might other EU cities
    take" / "from this Case Example?", or "... take from this Case" / "Example?"): the next
    line joins it when the heading's words go on into it and end there."""
    cleaned = _clean_markup(line)
    match = heading.full.match(cleaned)
    if match is None or index + 1 >= len(lines):
        return line, index
    following = lines[index + 1].strip()
    if not following or len(following) > 80:
        return line, index
    joined = f"{cleaned} {following}"
    longer = heading.full.match(joined)
    if longer is not None and longer.end() > len(cleaned) + 1 and \
            not joined[longer.end():].strip(" :.?"):
        return joined, index + 1
    return line, index


def _bold_labels(text: str) -> str:
    """'**Label** answer' and '**Label:** answer' as 'Label: answer', where the bold text is a
    heading of the template: bold marks where the label ends and the answer starts."""
    if "**" not in text and "__" not in text:
        return text
    out = []
    for line in text.split("\n"):
        match = _BOLD_LEAD.match(line)
        if match and match["rest"] and _is_label(match["label"]):
            label = match["label"].strip().rstrip(":").rstrip()
            line = f"{match.group(1)}{label}: {match['rest'].lstrip(':').strip()}"
        out.append(line)
    return "\n".join(out)


def _is_label(text: str) -> bool:
    """Whether a text is a heading of the template and nothing more (punctuation aside)."""
    cleaned = _clean_markup(text).rstrip(" :.?")
    for heading in _HEADINGS:
        match = heading.full.match(cleaned)
        if match is not None and not cleaned[match.end():].strip(" :.?"):
            return True
    return False


def _clean_markup(line: str) -> str:
    return _MARKUP_START.sub("", line, count=1).strip().strip("*_ ").strip()


def _match_heading(line: str) -> _Heading | None:
    line = line[:_HEADING_SPAN]
    bulleted = _DASH_BULLET.match(line)
    cleaned = _clean_markup(_DASH_BULLET.sub("", line, count=1) if bulleted else line)
    if not bulleted:
        # One pass over the alternatives finds the first heading that matches, as the loop
        # below would; most lines are prose that none matches.
        found = _ANY_HEADING.match(cleaned)
        if found is None:
            return None
        return next(h for i, h in enumerate(_HEADINGS) if found.start(f"h{i}") != -1)
    for heading in _HEADINGS:
        match = heading.start.match(cleaned)
        if match is None:
            continue
        # A bulleted line is a heading only as a 'Key: value' field of the key facts.
        if bulleted and not (heading.inline and cleaned[match.end():].lstrip().startswith(":")
                             or heading.inline and match.group(0).rstrip().endswith(":")):
            continue
        return heading
    return None


def _inline_value(heading: _Heading, line: str) -> bool:
    first, _ = _split_heading(heading, _clean_markup(_DASH_BULLET.sub("", line, count=1)))
    return bool(first)


def _content_started(segments: list[tuple[_Heading | None, str, list[list[str]]]]) -> bool:
    return any(h is not None and h.key in CONTENT_KEYS for h, _, _ in segments)


def _split_heading(heading: _Heading, cleaned: str) -> tuple[str, str]:
    """Split a heading line into the content that follows the heading, and the heading."""
    match = heading.full.match(cleaned)
    if match is None:
        return "", cleaned
    first = cleaned[match.end():].strip(" :–—-\t")
    if first.endswith("?") and not heading.inline and len(cleaned) <= _QUESTION_SPAN and \
            not re.search(r"[.!?]\s", first):
        # "What changed because of it?": the question goes on past the words it was known by;
        # an answer does not end in a question mark.
        return "", cleaned
    return first, cleaned[: match.end()].strip()


#: The longest heading line that may be one question, continued past its known words.
_QUESTION_SPAN = 120


def _paragraphs(blocks: list[list[str]]) -> list[str]:
    """Join wrapped lines into paragraphs.

    A line starts a paragraph of its own when it is a bullet or a challenge code line, or when
    the line before it stops well short of the block's width: a wrapped line fills the width,
    a line that ends early was ended on purpose.
    """
    paragraphs: list[str] = []
    for block in blocks:
        width = max((len(line) for line in block), default=0)
        current: list[str] = []
        for line in block:
            ended = bool(current) and (len(current[-1]) < 0.7 * width
                                       or len(current) == 1 and _names_a_challenge(current[0])
                                       and _names_a_challenge(line))
            if current and (_BULLET.match(line) or _CODE_LINE.match(line) or ended):
                paragraphs.append(_join_lines(current))
                current = []
            current.append(line)
        if current:
            paragraphs.append(_join_lines(current))
    return _rejoin_broken(paragraphs)


def _names_a_challenge(line: str) -> bool:
    """Whether a line is one challenge's name and nothing else (a note in brackets after it
    aside). Two such lines in a row are items of a list of challenges written a line each."""
    if len(line) > 200:
        return False
    bare = re.sub(r"\s*\([^()]*\)\s*$", "", line)
    return any(match_challenge_name(text.strip(" .;,"), whole=True) for text in (line, bare))


def _join_lines(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[:1].islower():
            text = _join_hyphenated(text, line)
        else:
            text += " " + line
    return re.sub(r"[ \t]{2,}", " ", text).strip()


#: Prefixes written with a hyphen ("co-financed", "self-employed"): a line that ends in one of
#: them breaks at the word's own hyphen, which stays.
_HYPHEN_PREFIXES = frozenset(
    "co self non ex anti multi cross inter intra pre post re semi sub well long short low high "
    "full part mid extra e peer eco bottom top city neighbourhood one two three".split())


def _join_hyphenated(text: str, line: str) -> str:
    """Join a word hyphenated across a line end. Typesetting breaks words anywhere, so the
    hyphen goes ("neigh-" + "bourhood"); after a prefix that is written with one, it stays."""
    head = re.search(r"([^\W\d_]+)-$", text)
    if head and head.group(1).lower() in _HYPHEN_PREFIXES:
        return text + line
    if re.match(r"(?:and|or|und|oder|et|ou|y|o|e|i|en|of|és|a)\b", line):
        return text + " " + line  # "leadership- and entrepreneurship-themed"
    return text[:-1] + line


def _rejoin_broken(paragraphs: list[str]) -> list[str]:
    """Join a paragraph broken mid-sentence (no closing punctuation, next starts lower-case);
    and a list item whose last words a PDF set apart ("- ... across departments and" /
    "NGOs.")."""
    out: list[str] = []
    for paragraph in paragraphs:
        if (
            out
            and (paragraph[:1].islower() or _BULLET.match(out[-1]) and len(paragraph) <= 40
                 and _SENTENCE_END.search(paragraph) and len(paragraph.split()) <= 4)
            and not _SENTENCE_END.search(out[-1])
            and not _BULLET.match(paragraph)
            and not (len(out[-1]) <= 160 and match_challenge_name(out[-1]))
        ):
            if out[-1].endswith("-") and out[-1][-2:-1].isalpha():
                out[-1] = _join_hyphenated(out[-1], paragraph)
            else:
                out[-1] = out[-1] + " " + paragraph
        else:
            out.append(paragraph)
    return out


def _strip_prompts(paragraphs: list[str]) -> list[str]:
    out = []
    for paragraph in paragraphs:
        # Where no prompt matches, none is removed and the paragraph is as it was.
        if _ANY_PROMPT.search(paragraph):
            for prompt in _PROMPTS:
                paragraph = prompt.sub(" ", paragraph)
        paragraph = re.sub(r"\s{2,}", " ", paragraph).strip()
        if paragraph:
            out.append(paragraph)
    return out


def _looks_like_banner(line: str) -> bool:
    cleaned = _clean_markup(line)
    letters = [ch for ch in cleaned if ch.isalpha()]
    if not letters or len(cleaned) > 160:
        return False
    template = bool(re.search(r"case (?:example|study)", cleaned, re.IGNORECASE))
    if re.match(r"#\s", line.strip()):
        return template  # a web page's "# TITLE" is its title, in capitals or not
    upper = sum(ch.isupper() for ch in letters) / len(letters)
    return template or upper > 0.8


def _variant(banner: str | None, sections: list[Section]) -> str:
    keys = {s.key for s in sections}
    if "challenge_list" in keys and "challenge" not in keys:
        return "named-challenges"
    return "case-example"
