"""Extract a case record (places, challenge codes, dates, people, lessons) from template sections."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..cache import cached, digest
from ..model import (
    CaseRecord,
    ChallengeCode,
    CodeSource,
    Document,
    Outcome,
    ParsedTemplate,
    Place,
)
from ..places import (
    MIN_CITY_POPULATION,
    clean_city_name,
    find_city,
    find_place,
    in_europe,
    known_city,
    resolve_country,
    strip_admin_tail,
)
from ..outcomes import SENTENCE_SPLIT, outcome_of
from ..tactics import find_tactics, tag_tactics
from ..taxonomy import mentioned_challenges
from ..taxonomy import challenges, find_codes, fold, match_challenge_name, match_paraphrase
from .template import parse_template
from ..vocab import link_iri

__all__ = ["extract_case", "parse_case"]

_KNOWN_NETWORKS = {
    "stay tuned": "Stay Tuned",
    "int herit": "INT-HERIT",
    "intherit": "INT-HERIT",
    "urban innovative actions": "UIA",
    "uia": "UIA",
}
_ASSIGNED = re.compile(
    r"\s*[\(\[]?\s*(?:code\s+)?assigned(?:\s+by\s+(?:the\s+)?\w+)?(?:[;,][^)\]]*)?[\)\]]?\s*$",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://[^\s<>\"'\]\[(){}|]+", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")
_SHORT_END = re.compile(r"\b(?P<start>(?:19[5-9]\d|20\d\d))\s*[-–—/]\s*(?P<end>\d\d)\b"
                        r"(?![.,/:]?\d)(?!\s*[^\W\d_])")
_EMPTY_VALUES = {"", "-", "–", "n/a", "na", "none", "not stated", "not known", "unknown", "tbc",
                 "tbd", "not stated in the sources", "not available"}
_LEADING_BULLET = re.compile(r"^\s*(?:[-*•·‣◦▪–]|\d{1,2}[.)]|[a-zA-Z][.)]|\([a-z0-9]\))\s+")
_AUTHOR_SPLIT = re.compile(r"\s*(?:/|;|,|&|\b(?:and|with|et|avec|und|mit|y|con|e|com|met)\b|\n)\s*",
                           re.IGNORECASE)

def parse_case(document: Document) -> CaseRecord:
    """Parse a document's template and extract its record."""
    return extract_case(document, parse_template(document))


def extract_case(document: Document, parsed: ParsedTemplate) -> CaseRecord:
    """Extract one case record from a document split into template sections."""
    warnings: list[str] = list(parsed.warnings)

    running = document.running_lines or _header_line(parsed)
    network = _network(parsed, running)
    title, city, country = _title_city(parsed, warnings, running)
    stated_country = country
    city, country, place = _place(city, country, warnings)

    challenge_text, codes = _challenges(parsed, warnings)
    how_overcome = parsed.text("how_overcome") or parsed.text("solutions")
    difference = parsed.text("difference")
    if difference and _NOT_STATED.match(" ".join(difference.split())):
        difference = None
    stated_outcome = parsed.field("outcome") or parsed.text("outcome")
    outcome = outcome_of(how_overcome or "", difference or "", stated=stated_outcome)
    if stated_outcome and outcome is None:
        warnings.append(f"outcome {stated_outcome[:80]!r} not understood as completely, partly "
                        "or not solved")

    summary = parsed.text("summary")
    action = parsed.text("action")
    lessons = _lessons(parsed, [summary, action, challenge_text, how_overcome, difference],
                       warnings)
    dates = parsed.field("dates") or parsed.text("dates")
    if not dates and parsed.field("start"):
        # "Start: 2004" and "End: 2019" on lines of their own.
        dates = " – ".join(v for v in (parsed.field("start"), parsed.field("end")) if v)
    start_year, end_year = _years(dates, warnings)
    prepared = _prepared(parsed.field("prepared") or parsed.text("prepared"), warnings)
    authors = _authors(parsed.field("authors") or parsed.text("authors"))
    if not authors and parsed.text("closing"):
        # A letter signed "Best regards, / Name / Role / Organisation": the name signs it.
        signature = parsed.text("closing") or ""
        authors = tuple(a for a in _authors(re.split(r"\n| {2,}", signature.strip())[0])
                        if _PERSON.match(a))[:1]
    # Who and when on one line, either way round: "Prepared by: casegraph project, December
    # 2026"; "Prepared: November 2026, Lena Hofmann and Jonas Weber".
    prepared_line = parsed.field("prepared") or ""
    if prepared is None and not (prepared_line or parsed.text("prepared")):
        dated = _PREPARED_DATE.search(parsed.field("authors") or "")
        prepared = _parse_prepared(dated.group(0))[0] if dated else None
    if not authors and _PREPARED_DATE.search(prepared_line):
        rest = _PREPARED_DATE.sub(" ", prepared_line, count=1)
        authors = tuple(a for a in _authors(rest) if _PERSON.match(a))
    budget = _value(parsed.field("budget") or parsed.text("budget"))
    links = _links(document.text, warnings)

    record_text = " ".join(t for t in (summary, action, challenge_text, how_overcome) if t)
    language = _language(record_text)
    tactics = tag_tactics({"how_overcome": how_overcome, "action": action, "summary": summary,
                           "difference": difference, "lessons": "\n\n".join(lessons)},
                          language)
    return CaseRecord(
        source=document.path,
        network=network,
        title=title,
        city=city,
        country=country,
        summary=summary,
        action=action,
        challenge=challenge_text,
        challenge_codes=codes,
        how_overcome=how_overcome,
        outcome=outcome,
        difference=difference,
        lessons=lessons,
        start_year=start_year,
        end_year=end_year,
        prepared=prepared,
        authors=authors,
        budget=budget,
        links=links,
        warnings=tuple(warnings),
        country_source="inferred" if country and not stated_country else "stated",
        tactics=tactics,
        lesson_topics=tuple(
            tuple(mentioned_challenges(lesson) + find_tactics(lesson, language))
            for lesson in lessons
        ),
        file_name=document.name,
        sha256=document.sha256,
        media_type=document.media_type,
        language=language,
        place=place,
    )


# --- network, title, city ----------------------------------------------------------------------


#: Words that name a programme or a kind of network, not one network.
_PROGRAMME_ONLY = re.compile(
    r"^(?:the\s+)?(?:urbact(?:\s+(?:iii|iv|3|4))?|interreg(?:\s+europe)?|eu|european union|"
    r"(?:an?\s+)?(?:urbact\s+)?(?:transfer|implementation|action[- ]planning|innovation[- ]transfer"
    r"|thematic)?\s*networks?(?:\s+of\s+.*)?|programme|program)$",
    re.IGNORECASE,
)
_NETWORK_SUFFIX = re.compile(
    r"\s*[-–—,(]?\s*(?:an?\s+)?(?:urbact(?:\s+iii|\s+iv)?\s+)?(?:(?:transfer|implementation|"
    r"action[- ]planning|innovation[- ]transfer|thematic)\s+)?network\)?$",
    re.IGNORECASE,
)
_NETWORK_PREFIX = re.compile(r"^(?:urbact(?:\s+iii|\s+iv)?\s*[-–—:|]?\s+)", re.IGNORECASE)
_QUOTED = re.compile(r"[„“”\"«‹‚‘’](?P<name>[^„“”\"«»‹›‚‘’]{2,60})[“”\"»›‘’]")
#: A network named in the case's language before its name: 'URBACT-Transfernetzwerk',
#: 'réseau de transfert URBACT', 'red de transferencia'.
_NETWORK_WORD_PREFIX = re.compile(
    r"^\s*(?:urbact[- ]?)?(?:transfer(?:netzwerk|netwerk)|netzwerk|netwerk|r[ée]seau(?: de transfert)?"
    r"|red(?: de transferencia)?|rete(?: di trasferimento)?|rede(?: de transfer[êe]ncia)?"
    r"|sie[ćc](?: transferowa)?)(?:\s+urbact)?\s*[-–—:]?\s*",
    re.IGNORECASE)


def _network(parsed: ParsedTemplate, running: tuple[str, ...] = ()) -> str | None:
    stated = parsed.field("network")
    for text in (stated, parsed.banner, *running, parsed.text("preamble")):
        if not text:
            continue
        folded = fold(text)
        for key, name in _KNOWN_NETWORKS.items():
            if re.search(rf"\b{key}\b", folded):
                return name
    if stated:
        return canonical_network(stated)
    for line in running:
        # A running header: "BeePathNet | URBACT Transfer Network | Bydgoszcz".
        for part in re.split(r"\s+[|•·]\s+|\s+[–—]\s+", line):
            found = canonical_network(part)
            if found is None:
                continue
            name = found
            if name and not known_city(name, None) and not _PAGE_WORDS.search(part):
                return name
    subject = _subject(parsed)
    if subject and subject[1]:
        found = canonical_network(subject[1])
        if found and not known_city(found, None) and not resolve_country(found):
            return found
    if parsed.banner and not _SUBJECT.match(parsed.banner):
        head = re.split(r"\s+[–—-]\s+|:\s+", parsed.banner)[0].strip()
        if head and not re.search(r"case (?:example|study)|implementation", head, re.IGNORECASE):
            return _as_cased(canonical_network(head) or head, parsed)
    for first in (parsed.text("preamble") or "").split("\n\n")[:3]:
        # A line above the banner or under the title: "ON BOARD – URBACT Transfer Network",
        # "City of Ljubljana (Lead Partner), Slovenia · BeePathNet, URBACT Transfer Network".
        first = first.strip()
        if not first or len(first) > 160 or not _NETWORK_WORDS.search(first):
            continue
        if _PAGE_WORDS.search(first):
            continue
        parts = re.split(r"\s+[|•·]\s+", first)
        # The part with the network's words first ("BeePathNet, URBACT Transfer Network"),
        # then a part beside programme words ("RetaiLink · URBACT III").
        for part in sorted(parts, key=lambda p: not _NETWORK_WORDS.search(p)):
            found = canonical_network(part)
            if found and not known_city(found, None) and not resolve_country(found):
                return _as_cased(found, parsed)
    return None


#: Words after which a place belongs to the title ("Growing up well in Nantes").
_PLACE_PREPOSITIONS = frozenset("in of for at from to en à a de di da do em im in für aus "
                                "van uit w we na".split())

_SUBJECT = re.compile(r"^(?:subject|re|fwd?|betreff|objet|asunto|oggetto|assunto)\s*:\s*"
                      r"(?:(?:re|fwd?)\s*:\s*)*(?:case (?:example|study)\s*[–—:-]\s*)?",
                      re.IGNORECASE)


def _subject(parsed: ParsedTemplate) -> tuple[str, str | None] | None:
    """A letter's subject line: its title and what it adds in brackets ("Subject: Case
    example – Sharing desks in Turin (Shared Spaces)" -> title, "Shared Spaces")."""
    candidates = [parsed.banner or ""] + (parsed.text("preamble") or "").split("\n\n")[:3]
    for paragraph in candidates:
        for line in paragraph.split("\n"):
            match = _SUBJECT.match(line.strip())
            if match and len(line) <= 200:
                rest = line.strip()[match.end():].strip()
                bracket = re.search(r"\s*\(([^()]{2,80})\)\s*$", rest)
                if bracket:
                    return rest[: bracket.start()].strip(), bracket.group(1).strip()
                return rest, None
    return None


def _header_line(parsed: ParsedTemplate) -> tuple[str, ...]:
    """A first line made of parts between bars ("Tropa Verde | URBACT | Zugló"): a running
    header on a one-page PDF, where it cannot be told by repeating."""
    preamble = parsed.text("preamble") or ""
    first = preamble.split("\n\n")[0]
    return (first,) if first.count(" | ") >= 1 and len(first) <= 160 else ()


def _as_cased(name: str, parsed: ParsedTemplate) -> str:
    """A name from an upper-case banner as the document's own prose writes it ('ACTIVE NGOS'
    -> 'ACTive NGOs'), or in title case when the prose does not name it."""
    if not name.isupper():
        return name
    body = "\n".join(s.text for s in parsed.sections)
    for found in re.finditer(re.escape(name), body, re.IGNORECASE):
        if not found.group(0).isupper():
            return found.group(0)
    return name.title()


_PAGE_WORDS = re.compile(r"\bpage\b|\d", re.IGNORECASE)


#: Words that make a line the network's line: the programme or the word for a network.
_NETWORK_WORDS = re.compile(r"\b(?:urbact|uia|urban innovative actions|(?:transfer|action"
                            r"|implementation|planning) network)\b", re.IGNORECASE)


def canonical_network(text: str) -> str | None:
    """A network's own name, from a line that may say more: 'BeePathNet Transfer Network',
    'URBACT – Making Spend Matter', 'Making Spend Matter (https://...) – a network on ...'."""
    text = re.sub(r"\s*\(?<?https?://[^\s)>]*>?\)?", "", text)
    quoted = _QUOTED.search(text)
    if quoted and _PROGRAMME_ONLY.match(_NETWORK_WORD_PREFIX.sub("", _QUOTED.sub(" ", text))
                                        .strip(" .:;,-–—") or "network"):
        # 'URBACT-Transfernetzwerk „Rumourless Cities“': the name is what the quotes hold.
        return quoted["name"].strip()
    parts = [p.strip(" .:;,*") for p in re.split(r"\s+[–—-]\s+|\s*[|:;]\s+|\s*,\s+|\s+[·•]\s+",
                                                 text)]
    for part in parts:
        if _PROGRAMME_ONLY.match(part):
            continue
        part = _NETWORK_PREFIX.sub("", part).strip()
        # "(URBACT Transfer Network)", or its opening half when a comma cut the line.
        part = re.sub(r"\s*\((?:urbact|transfer|lead|uia)[^)]*\)?\s*$", "", part,
                      flags=re.IGNORECASE)
        part = _NETWORK_SUFFIX.sub("", part).strip(" .:;,-–—")
        if part and not _PROGRAMME_ONLY.match(part):
            return part
    return None


def _programme_line(line: str) -> bool:
    """A line above the title that names only the programme and network, in parts parted by
    dots or bars: "STAY TUNED · URBACT III · Implementation Network"."""
    parts = re.split(r"\s+[|•·]\s+", " ".join(line.split()))
    return len(parts) >= 2 and any(_NETWORK_WORDS.search(p) or _PROGRAMME_ONLY.match(p)
                                   for p in parts)


def _title_city(parsed: ParsedTemplate, warnings: list[str],
                running: tuple[str, ...] = ()) -> tuple[str | None, str | None, str | None]:
    title = _value(parsed.field("title"))
    city: str | None = None
    country: str | None = None
    if parsed.field("country"):
        stated = parsed.field("country") or ""
        country = resolve_country(stated) or resolve_country(clean_city_name(stated)[0])
        if country is None:
            warnings.append(f"country {stated!r} not recognised")
    city_field = parsed.field("city")
    if city_field:
        city, stated_country = _split_place(city_field)
        country = country or stated_country
    combined = parsed.text("title_city")
    if combined:
        paragraphs = combined.split("\n\n")
        if city is None and len(paragraphs) > 1:
            # The title on one line, the city (and country) on the next.
            last, found_country = _strip_country(" ".join(paragraphs[-1].split()))
            if find_place(last, country or found_country) is not None:
                city, country = last, country or found_country
                combined = " ".join(paragraphs[:-1])
        combined = " ".join(combined.split())
        head, found_country = _strip_country(_strip_role(combined))
        country = country or found_country
        if city is None:
            city, head = _place_at_end(head, country) or _city_at_end(head, country,
                                                                      parsed.banner)
        elif fold(head).endswith(fold(city)):
            head = head[: len(head) - len(city)]
        title = title or _value(strip_admin_tail(head.strip(" –—-,:;|")).strip(" –—-,:;|"))
    if title is not None and country is None:
        # "Title, Portugal": the country only on the title line.
        head, found_country = _strip_country(title)
        if found_country and head:
            title, country = head, found_country
    subject = _subject(parsed) if title is None else None
    if subject and subject[0]:
        title = subject[0]
    if title is None:
        preamble = parsed.text("preamble")
        # A web page's trail of links ("Home › Networks › ...") is not its title.
        lines = [p.strip() for p in (preamble or "").split("\n\n")
                 if p.strip() and len(re.findall(r"\s[›»>]\s", p)) < 2]
        while len(lines) > 1 and _programme_line(lines[0]):
            lines.pop(0)
        if lines:
            title = lines[0]
            head, found_country = _strip_country(title)
            if found_country and head:
                title, country = head, found_country
    if title is not None and " · " in title:
        # "Title Barcelona (España) · Red de …": a title line that goes on with the place and
        # the network, parted by middle dots. The place before the first dot is the city's.
        head, _, rest = title.partition(" · ")
        if _NETWORK_WORDS.search(rest) or canonical_network(rest):
            title = head.strip()
    if city is None:
        city = _city_from_text(parsed, country, running)
    if city is None:
        # A line of its own under the title: "Ghent, Belgium".
        for paragraph in (parsed.text("preamble") or "").split("\n\n")[1:4]:
            line = " ".join(paragraph.split())
            if len(line) > 80:
                continue
            named, found_country = _split_place(line)
            if named and found_country and find_place(named, found_country):
                city, country = named, country or found_country
                break
    if city is None:
        city = _city_in_prose(parsed, title, country, warnings)
    if title is not None and city:
        # "Cerrar la brecha … Barcelona (España) – Red de …": the title's line went on with the
        # place and its country, then maybe a dash and more. A place after "in" is the title's.
        for name in {city, clean_city_name(city)[0]}:
            place = re.search(rf"(?P<before>\S+)\s+{re.escape(name)}\s*(?:\((?P<c1>[^()]{{2,40}})\)"
                              rf"|,\s*(?P<c2>[^,·–—()]{{2,40}}?))\s*(?P<tail>(?:[·–—|-].*)?)$", title)
            if name and place and resolve_country(place["c1"] or place["c2"] or "") and \
                    fold(place["before"]) not in _PLACE_PREPOSITIONS:
                title = title[: place.start("before") + len(place["before"])].strip(" ,;–—-")
        # "Redevelopment of Transfo, Zwevegem": the city set after the title, not part of it.
        for name in {city, clean_city_name(city)[0]}:
            match = re.search(rf"\s*(?:,|\s[–—|-])\s*{re.escape(name)}\s*$", title)
            if name and match:
                title = title[: match.start()].strip()

    if city and country is None:
        summary = parsed.text("summary") or ""
        match = re.search(rf"{re.escape(city)}\s*,\s*([A-Z][\w .'-]{{1,40}}?)[,.;)]", summary)
        if match:
            country = resolve_country(match.group(1))
    return title, city, country


def _place(written: str | None, country: str | None,
           warnings: list[str]) -> tuple[str | None, str | None, Place | None]:
    """The city by its gazetteer name, its country, and the place; doubts become warnings."""
    if written is None:
        warnings.append("no city found")
        if country is None:
            warnings.append("no country found")
        return None, country, None
    found = find_place(written, country)
    if found is None and country is not None:
        elsewhere = find_place(written, None)
        if elsewhere is not None:
            warnings.append(f"city {written!r} is in {elsewhere.country} by the gazetteer, "
                            f"not in {country}; kept as written")
    if found is None:
        name = clean_city_name(written)[0] or written
        warnings.append(f"city {name!r} not in the gazetteer (GeoNames places of "
                        f"{MIN_CITY_POPULATION:,}+ people); kept as written, without "
                        "coordinates")
        if country is None:
            warnings.append("no country found")
        return name, country, find_city(name, country) if country else None
    if country is None:
        country = found.country
        warnings.append(f"country not stated; {country} taken from the city {found.name}")
    written_name = clean_city_name(written)[0]
    place = found if fold(written_name) != fold(found.name) else \
        Place(found.name, found.country, found.geonames_id, found.latitude, found.longitude)
    return found.name, country, place


def _split_place(text: str) -> tuple[str | None, str | None]:
    """'Espinho, Portugal' -> ('Espinho', 'PT'); 'Mantova (Mantua), Italy' -> ('Mantova
    (Mantua)', 'IT'). A lone city gives no country; the gazetteer reads the rest."""
    head, country = _strip_country(" ".join(text.split()))
    head = head.strip(" ,;–—-")
    return (head or None), country


def _strip_country(text: str) -> tuple[str, str | None]:
    """A text without the country it ends in ('..., Portugal', '... (Deutschland)')."""
    match = re.match(r"^(?P<head>.*?)\s*(?:[,;(]|\s[–—-])\s*(?P<country>[^,;()–—]{2,60}?)\s*\)?\s*\.?$",
                     text)
    if match:
        code = resolve_country(match["country"])
        if code:
            return match["head"].strip(), code
    return text, None


def _strip_role(text: str) -> str:
    """A line without the city's role at its end: '..., Italia – Lead Partner'."""
    return re.sub(r"\s*[-–—,(]\s*(?:the\s+)?(?:lead\s+partner|lead\s+city|partner\s+city|"
                  r"transfer\s+city)\)?\s*$", "", text, flags=re.IGNORECASE)


def _place_at_end(head: str, country: str | None) -> tuple[str, str] | None:
    """The longest run of words at the end of a 'Title City' line that names a known place,
    with its administration and brackets ('... Comune di Napoli (Naples)'); and the title."""
    words = head.split()
    for size in range(min(6, len(words) - 1), 0, -1):
        candidate = " ".join(words[-size:]).strip(" ,;:–—-|")
        if not candidate[:1].isupper():
            continue
        name = clean_city_name(candidate)[0]
        if name and known_city(name, country):
            return candidate, " ".join(words[:-size]).rstrip(" ,;:–—-|")
    return None


def _city_at_end(head: str, country: str | None, banner: str | None) -> tuple[str | None, str]:
    """Find the city written at the end of a 'Title City' line; return it and the title."""
    words = head.split()
    hint = fold(banner or "")
    fallback: tuple[str, str] | None = None
    for size in range(min(4, len(words) - 1 if len(words) > 1 else 1), 0, -1):
        candidate = " ".join(words[-size:]).strip(" ,;:–—-")
        rest = " ".join(words[:-size])
        if not candidate or not candidate[:1].isupper():
            continue
        folded = fold(candidate)
        if known_city(candidate, country) or (hint and hint.endswith(" " + folded)):
            return candidate, rest
        if fallback is None and size == 1:
            fallback = (candidate, rest)
    if fallback is not None:
        return fallback
    return None, head


def _city_from_text(parsed: ParsedTemplate, country: str | None,
                    running: tuple[str, ...] = ()) -> str | None:
    for line in running:
        for part in re.split(r"\s+[|•·]\s+|\s+[–—]\s+", line):
            if part and not _PAGE_WORDS.search(part) and find_place(part, country):
                return part.strip()
    banner = parsed.banner or ""
    match = re.search(r"case (?:example|study)\s*[-–—:]?\s*(?P<city>[\w' -]{2,40})$", banner,
                      re.IGNORECASE)
    if match:
        name = match["city"].strip()
        return name.title() if name.isupper() else name
    summary = parsed.text("summary") or ""
    for found in re.finditer(r"\b(?:city|municipality|town) of (?P<city>[A-Z][\w'-]+"
                             r"(?: [A-Z][\w'-]+)?)", summary):
        if known_city(found["city"], country):
            return found["city"]
    return None


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _city_in_prose(parsed: ParsedTemplate, title: str | None, country: str | None,
                   warnings: list[str]) -> str | None:
    """A city the document names only in its prose: the European place of the gazetteer it
    names most often (at least twice; the earliest of equals), by a capitalised name that the
    text never writes as a common word. A guess, so it is reported as one."""
    text = "\n".join(t for t in (title, parsed.text("preamble"), parsed.text("summary"),
                                 parsed.text("action"), parsed.text("how_overcome")) if t)[:6000]
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    common = {w.lower() for w, _, _ in words if w[:1].islower()}
    counts: dict[str, list[int]] = {}
    for i, (word, start, _) in enumerate(words):
        if not word[:1].isupper() or word.lower() in common:
            continue
        # A two-word name first ("Santa Coloma"), then the word alone.
        pair = f"{word} {words[i + 1][0]}" if i + 1 < len(words) and \
            words[i + 1][0][:1].isupper() and text[words[i][2]:words[i + 1][1]] == " " else None
        for name in (pair, word):
            if name is None or name in counts and start in counts[name]:
                continue
            if name in counts or _european_place(name, country):
                counts.setdefault(name, []).append(start)
                break
    ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[1][0]))
    if not ranked or len(ranked[0][1]) < 2:
        return None
    name, seen = ranked[0]
    warnings.append(f"city not stated; {name!r} taken from the text, which names it "
                    f"{len(seen)} times")
    return name


def _european_place(name: str, country: str | None) -> bool:
    if len(name) < 3 or resolve_country(name):
        return False
    place = find_place(name, country)
    return place is not None and in_europe(place.country)


# --- challenges ----------------------------------------------------------------------------------


def _challenges(parsed: ParsedTemplate, warnings: list[str]) -> tuple[str | None,
                                                                       tuple[ChallengeCode, ...]]:
    prose: list[str] = []
    codes: dict[str, ChallengeCode] = {}
    for key in ("challenge", "challenge_list"):
        text = parsed.text(key)
        if not text:
            continue
        for paragraph in text.split("\n\n"):
            found = _code_line(paragraph, listed=key == "challenge_list", warnings=warnings)
            if found is None:
                prose.append(paragraph)
                continue
            for item in found:
                codes.setdefault(item.code, item)
    if not codes:
        warnings.append("no challenge code or known challenge name found")
    return ("\n\n".join(prose) or None), tuple(codes.values())


def _code_line(paragraph: str, *, listed: bool, warnings: list[str]) -> list[ChallengeCode] | None:
    """The challenges a short line names, or None when the paragraph is prose."""
    line = _LEADING_BULLET.sub("", paragraph).strip()
    source: CodeSource = "stated"
    marker = _ASSIGNED.search(line)
    if marker and marker.group(0).strip():
        source = "assigned"
        line = line[: marker.start()].rstrip(" ,;")
    line = re.sub(r"^(?:also relevant|also|challenge(?: code)?)\s*:\s*", "", line,
                  flags=re.IGNORECASE)
    if len(line) > 250:
        return None
    known = challenges()
    found: list[ChallengeCode] = []
    line = _NUMBERED_CHALLENGE.sub(_numbered_code, line)
    for code, is_known in find_codes(line):
        if is_known:
            found.append(ChallengeCode(code, known[code].label, line, source))
        else:
            warnings.append(f"unknown challenge code {code!r} in {line!r}")
    if found:
        return found
    if find_codes(line):
        return []
    parts = [p.strip(" .") for p in re.split(r"\s*;\s*|\s+/\s+|\s*\n\s*", line) if p.strip(" .")]
    if len(parts) > 1:
        # "communicating with target beneficiaries; participative approach ...": a list, read
        # before the whole line, whose last name would otherwise stand for all of it.
        names = [match_challenge_name(p) or _bracketed_name(p) for p in parts]
        if all(names):
            return [ChallengeCode(n, known[n].label, p, source, match="name")
                    for n, p in dict(zip(names, parts)).items() if n]
    announced = _ANNOUNCED_LIST.match(line)
    if announced:
        # "... touched two implementation challenges: ensuring the integrated approach in
        # delivery, and maintaining the involvement of local stakeholders": a list in a sentence.
        items = [i for i in re.split(r"\s*(?:;|,\s*and\s+|,\s*or\s+|,)\s*",
                                     announced["list"].rstrip(" .")) if i]
        read = [(item, match_challenge_name(item), match_paraphrase(item)) for item in items]
        if len(read) > 0 and all(name or len(para) == 1 for _, name, para in read):
            codes = []
            for item, name, para in read:
                if name:
                    codes.append(ChallengeCode(name, known[name].label, item, source, match="name"))
                else:
                    warnings.append(f"challenge {item!r} matched by paraphrase to {para[0]}; "
                                    "check it")
                    codes.append(ChallengeCode(para[0], known[para[0]].label, item, source,
                                               match="paraphrase"))
            return list({c.code: c for c in codes}.values())
    named = match_challenge_name(line)
    if named is not None:
        return [ChallengeCode(named, known[named].label, line, source, match="name")]
    bracketed = _bracketed_name(line)
    if bracketed is not None and len(line) <= 160:
        return [ChallengeCode(bracketed, known[bracketed].label, line, source, match="name")]
    if len(line) <= _PARAPHRASE_LINE and (listed or not line.endswith(".") or
                                          len(_sentences(line)) == 1):
        paraphrased = match_paraphrase(line)
        if paraphrased:
            warnings.append(f"challenge {line!r} matched by paraphrase to "
                            + ", ".join(paraphrased) + "; check it")
            return [ChallengeCode(code, known[code].label, line, source, match="paraphrase")
                    for code in paraphrased]
    if listed and len(line) <= 160 and not line.endswith("."):
        warnings.append(f"challenge not in the known lists: {line!r}")
        return []
    return None


#: "Implementation challenge 3", "Challenge no. 2", "UIA challenge 6": a code in words.
_NUMBERED_CHALLENGE = re.compile(
    r"\b(?P<scheme>(?:urbact\s+)?implementation|uia|operational)?\s*challenge\s*(?:no\.?|n[°º]|#)?"
    r"\s*(?P<number>[1-7])\b", re.IGNORECASE)
#: The longest line read as a paraphrase of a challenge's name; longer is prose.
_PARAPHRASE_LINE = 200
#: A sentence that announces the challenges it lists after a colon.
_ANNOUNCED_LIST = re.compile(r"^[^:]{0,120}\bchallenges?\b[^:]{0,40}:\s*(?P<list>[^:]{10,})$",
                             re.IGNORECASE)


def _numbered_code(match: re.Match[str]) -> str:
    scheme = (match["scheme"] or "").lower()
    prefix = "UIA-" if scheme in ("uia", "operational") else "IC"
    return f"{prefix}{match['number']}"


def _bracketed_name(text: str) -> str | None:
    """A challenge named in brackets after a name in another language: 'passage à l'échelle
    (upscaling)'."""
    for inner in re.findall(r"\(([^()]{3,120})\)", text):
        code = match_challenge_name(inner)
        if code is not None:
            return code
    return None


# --- lessons -------------------------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_SPLIT.split(text) if s.strip()]


_THANKS = re.compile(r"(?:many |special )?thanks\b|thank you\b|we (?:would like to )?thank\b"
                     r"|merci\b|gracias\b|grazie\b|obrigad[oa]\b|danke\b|vielen dank\b",
                     re.IGNORECASE)


def _lessons(parsed: ParsedTemplate, others: list[str | None],
             warnings: list[str]) -> tuple[str, ...]:
    """One statement per paragraph or bullet; passages that repeat another section are dropped."""
    text = parsed.text("lessons")
    if not text:
        return ()
    elsewhere = " ".join(fold(t) for t in others if t)
    seen: set[str] = set()
    lessons: list[str] = []
    dropped = 0
    paragraphs = text.split("\n\n")
    while len(paragraphs) > 1 and _THANKS.match(paragraphs[-1]):
        paragraphs.pop()  # a letter's thanks before its sign-off is no lesson
    if len(paragraphs) > 1 and paragraphs[0].rstrip().endswith(":") and \
            not _LEADING_BULLET.match(paragraphs[0]) and \
            all(_LEADING_BULLET.match(p) for p in paragraphs[1:]):
        paragraphs.pop(0)  # "The group agrees on four lessons:" leads into the list
    # One paragraph of several statements, or plain lines joined into one: a statement each.
    single = len(paragraphs) == 1 and not _LEADING_BULLET.match(paragraphs[0])
    for paragraph in paragraphs:
        paragraph = _LEADING_BULLET.sub("", paragraph).strip()
        kept: list[str] = []
        for sentence in _sentences(paragraph):
            if single and kept:
                lessons.append(" ".join(kept))
                kept = []
            key = fold(sentence)
            if not key or key in seen or (len(key) >= 30 and key in elsewhere):
                dropped += 1
                continue
            seen.add(key)
            kept.append(sentence)
        if kept:
            lessons.append(" ".join(kept))
    if dropped:
        warnings.append(f"lessons: left out {dropped} sentence(s) that repeat another section")
    return tuple(lessons)


# --- key facts -----------------------------------------------------------------------------------


#: A value that says there is none: "Not stated in the sources read.", "non indicato nelle
#: fonti", "no consta en la fuente", "nicht angegeben", "non communiqué".
_NOT_STATED = re.compile(
    r"^(?:(?:it\s+is\s+|this\s+is\s+)?(?:not|non|no|nicht|niet|nie|não|pas)\s+(?:yet\s+)?"
    r"(?:stated|documented|known|available|given|reported|indicat\w*|consta|conocid\w*|noto|nota"
    r"|disponibil\w*|angegeben|bekannt|communiqu\w*|précis\w*|indiqu\w*|indicad\w*|declarad\w*"
    r"|dichiarat\w*|specified|mentioned|found|podano|podan\w*|navedeno|ismert)"
    r"|(?:la\s+)?fuente\s+no\s+lo\s+indica|unknown|n/?a|keine\s+(?:\w+\s+)?angaben?|sin\s+datos"
    r"|non\s+renseign\w*|sem\s+informa\w*|nessun\s+dato|brak\s+danych|ni\s+podatka"
    r"|δεν\s+(?:αναφέρεται|αναφέρθηκε|δίνεται|δόθηκε|είναι\s+γνωστ\w*)|άγνωστ\w*)\b[^.]{0,60}\.?$",
    re.IGNORECASE,
)


def _value(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split()).strip(" :–—-")
    if fold(text) in _EMPTY_VALUES or _NOT_STATED.match(text):
        return None
    return text or None


def _years(text: str | None, warnings: list[str]) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    # "2017 - 2019 (phase 2; peer review in 2018)": the years outside brackets are the period.
    outside = re.sub(r"\([^)]*\)", " ", text)
    short = _SHORT_END.search(outside)
    if short:
        # "2019–21": the end year written with two digits.
        first = int(short["start"])
        last = first // 100 * 100 + int(short["end"])
        return first, last if last > first else None
    years = [int(y) for y in _YEAR.findall(outside)] or [int(y) for y in _YEAR.findall(text)]
    if not years:
        warnings.append(f"no year in the dates {text!r}")
        return None, None
    start, end = years[0], (years[-1] if len(years) > 1 else None)
    if end is not None and end < start:
        warnings.append(f"dates {text!r} end before they start")
    return start, end


def _prepared(raw: str | None, warnings: list[str]) -> str | None:
    """The preparation date as YYYY-MM, when the text gives a month and a year."""
    text = _value(raw)
    if text is None:
        return None
    value, warning = _parse_prepared(text)
    if warning:
        warnings.append(warning)
    return value


@lru_cache(maxsize=4096)
def _parse_prepared(text: str) -> tuple[str | None, str | None]:
    """(YYYY-MM, None), or (None, why not). Months as numbers ('11/2026', '2026-11',
    '11.2026') or names in the programmes' languages ('mars 2019', 'junio de 2020', 'Mai
    2018', 'Nov. 2026')."""
    years = _YEAR.findall(text)
    if not years:
        return None, f"preparation date {text!r} has no year"
    numeric = re.search(r"\b(?:(?P<y1>(?:19|20)\d\d)[-/.](?P<m1>0?[1-9]|1[0-2])(?![\d])"
                        r"|(?:\d{1,2}[-/.])?(?P<m2>0?[1-9]|1[0-2])[-/.](?P<y2>(?:19|20)\d\d))\b",
                        text)
    if numeric:
        year = numeric["y1"] or numeric["y2"]
        month = int(numeric["m1"] or numeric["m2"])
        return f"{int(year):04d}-{month:02d}", None
    months = _month_names()
    for word in re.findall(r"[^\W\d_]+", text.lower()):
        named = months.get(word)
        if named:
            month = named
            return f"{int(years[0]):04d}-{month:02d}", None
    return None, f"preparation date {text!r} has no month"


@lru_cache(maxsize=1)
def _month_names() -> dict[str, int]:
    """Month names and their abbreviations, lower case, in the programmes' languages (CLDR via
    Babel), to the month's number. Names two languages give different months are left out.
    Kept in casegraph's cache (Babel's locale data takes a third of a second to merge)."""
    return cached("month-names", [digest(__file__)], _make_month_names, libraries=("babel",))


def _make_month_names() -> dict[str, int]:
    from babel.dates import get_month_names

    found: dict[str, set[int]] = {}
    for language in _MONTH_LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=language).items():
                    key = name.lower().strip(".")
                    if len(key) >= 3:
                        found.setdefault(key, set()).add(number)
    return {name: next(iter(numbers)) for name, numbers in found.items() if len(numbers) == 1}


_MONTH_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "pl", "cs", "sk", "sl", "hr", "hu",
                    "ro", "bg", "el", "da", "sv", "fi", "et", "lv", "lt", "ca")


#: Words that make a part of an author line an organisation, in any letter case ...
_ORGANISATION = re.compile(
    r"\b(?:project|team|council|city|municipality|municipal|university|universit[àéy]|agency|"
    r"office|department|dept|unit|ltd|gmbh|association|network|urbact|uia|programme|"
    r"foundation|institute|centre|center|ministry|region|province|comune|ayuntamiento|"
    r"stadt|gemeente|ville|mairie|secretariat|on behalf)\b",
    re.IGNORECASE,
)
#: ... and a role, in lower case only ("analyst"): capitalised, the word may be a surname.
_ROLE = re.compile(
    r"\b(?:expert|coordinator|officer|manager|director|head|mayor|analyst|editor|advisor|"
    r"adviser|consultant|specialist|researcher|staff|lead|partner)\b")
_PERSON = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞĀ-ž][\w'’.-]+\s+){1,3}[A-ZÀ-ÖØ-ÞĀ-ž][\w'’-]+$")


def _authors(text: str | None) -> tuple[str, ...]:
    """The names of who prepared the case: the people, without their roles and organisations;
    an organisation only when no person is named ('casegraph project')."""
    text = _value(text)
    if text is None:
        return ()
    text = _URL.sub(" ", re.sub(r"\S+@\S+", " ", text))
    text = re.sub(r"\([^)]*\)", " ", text)
    parts = []
    for part in re.split(r"\s+[–—-]\s+|\s*[|:]\s+", text):
        for piece in _AUTHOR_SPLIT.split(part):
            name = " ".join(piece.split()).strip(" .:-–,;")
            if name and fold(name) not in _EMPTY_VALUES and _PREPARED_DATE.fullmatch(name) is None:
                parts.append(name)
    people = [p for p in parts if _PERSON.match(p) and not _ORGANISATION.search(p)
              and not _ROLE.search(p)]
    if people:
        return tuple(dict.fromkeys(people))
    organisations = [p for p in parts if p[:1].isupper() or _ORGANISATION.search(p)]
    return tuple(dict.fromkeys(organisations[:1] or parts[:1]))


_PREPARED_DATE = re.compile(r"(?:[^\W\d_]+\.?\s+)?(?:de\s+)?(?:19|20)\d\d|\d{1,2}[-/.]\d{4}",
                            re.IGNORECASE)


def _clean_url(url: str) -> str:
    return url.rstrip(".,;:!?'\"’”")


def _links(text: str, warnings: list[str]) -> tuple[str, ...]:
    """The web addresses a document gives, each once, as IRIs. One that no IRI can say (a port
    in letters, a broken host) is dropped with a warning rather than written into the graph."""
    links: dict[str, None] = {}
    dropped: dict[str, None] = {}
    for url in _URL.findall(text):
        url = _clean_url(url)
        iri = link_iri(url)
        if iri is not None:
            links.setdefault(iri, None)
        elif url not in dropped:
            dropped[url] = None
            warnings.append(f"link {url[:80]!r} dropped: not a valid web address")
    return tuple(links)


# --- language ------------------------------------------------------------------------------------

_EU_LANGUAGES = ["bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu",
                 "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"]


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    class _Identifier(LanguageIdentifier):
        """py3langid's identifier, walking its byte automaton a word at a time with a memo.

        The automaton's state after a word depends only on the state before it and the word's
        bytes, and words repeat; the features are visited in the same order as the library's
        own walk, so the scores are the same to the last bit.
        """

        _memo: dict[tuple[int, bytes], tuple[int, tuple[int, ...]]] = {}

        def _raw_score(self, text: bytes) -> Any:
            visits = self._visits(text)
            if visits:
                return self._sparse_score(visits, self.nb_ptc)
            return super()._raw_score(text)

        def _visits(self, text: bytes) -> Counter[int] | None:
            nextmove, rowbase, output = self.tk_nextmove, self._rowbase, self.tk_output
            memo = self._memo
            if len(memo) > _LANGID_MEMO:
                memo.clear()
            state = 0
            indexes: list[int] = []
            words = text.split(b" ")
            last = len(words) - 1
            for position, word in enumerate(words):
                if position < last:
                    word += b" "
                elif not word:
                    break
                known = memo.get((state, word))
                if known is None:
                    start, found = state, []
                    for letter in word:
                        state = nextmove[rowbase[state] + letter]
                        feature = output[state]
                        if feature >= 0:
                            found.append(feature)
                    memo[(start, word)] = known = (state, tuple(found))
                state = known[0]
                indexes.extend(known[1])
            return Counter(indexes) if indexes else None

    try:
        *model, row = _language_model(MODEL_FILE)
        identifier = _Identifier(*model, norm_probs=True, tk_row=row)
    except Exception:  # noqa: BLE001 - another version of py3langid: let it load its model
        identifier = _Identifier.from_model_file(MODEL_FILE, norm_probs=True)
    if not all(hasattr(identifier, name) for name in ("_rowbase", "_sparse_score",
                                                       "tk_nextmove", "tk_output")):
        # Another version of py3langid: use its own walk.
        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(_EU_LANGUAGES)
    return identifier


def _language_model(path: Any) -> tuple[Any, ...]:
    """py3langid's model as its identifier takes it, kept in casegraph's cache: the library
    unpacks it from LZMA in 0.6 s; read back, it takes a few milliseconds."""
    import numpy as np
    from py3langid.langid import MODEL_DIR
    from py3langid.modelio import load_model

    path = Path(path) if Path(path).is_absolute() else Path(MODEL_DIR) / path
    ptc, pc, classes, nextmove, row, output = cached(
        "language-model", [digest(path)], lambda: load_model(path), libraries=("py3langid",))
    return np.asarray(ptc), np.asarray(pc), classes, nextmove, output, row


#: Entries of the language identifier's word memo before it starts afresh (bounded memory).
_LANGID_MEMO = 200_000


#: Characters of a document the language is told from: a few paragraphs tell it as surely as
#: the whole text, at a fraction of the cost.
_LANGUAGE_SAMPLE = 1200


def _language(text: str) -> str:
    """The BCP 47 tag of the document's language; English when the text is too short to tell."""
    if len(text) < 200:
        return "en"
    if len(text) > _LANGUAGE_SAMPLE:
        cut = text.rfind(" ", 0, _LANGUAGE_SAMPLE)
        text = text[:cut if cut > 0 else _LANGUAGE_SAMPLE]
    language, probability = _identifier().classify(text)
    return str(language) if probability >= 0.9 else "en"
