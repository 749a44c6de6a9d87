"""Extract a case record (places, challenge codes, dates, people, lessons) from template sections."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from functools import lru_cache
from typing import Any

from .model import CaseRecord, ChallengeCode, CodeSource, Document, Outcome, ParsedTemplate
from .places import find_city, known_city, resolve_country
from .tactics import find_tactics, tag_tactics
from .taxonomy import mentioned_challenges
from .taxonomy import challenges, find_codes, fold, match_challenge_name
from .template import parse_template

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
_SENTENCE_SPLIT = re.compile(
    r"(?<!\b[A-Z])(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)(?<=[.!?])\s+(?=[\"'“‘(]?[A-Z0-9])"
)
_EMPTY_VALUES = {"", "-", "–", "n/a", "na", "none", "not stated", "not known", "unknown", "tbc",
                 "tbd", "not stated in the sources", "not available"}
_LEADING_BULLET = re.compile(r"^\s*(?:[-*•·‣◦▪–]|\d{1,2}[.)])\s+")
_AUTHOR_SPLIT = re.compile(r"\s*(?:/|;|,|&|\band\b|\bet\b|\bund\b|\by\b|\be\b|\n)\s*",
                           re.IGNORECASE)

# Negated forms come first: "not completely solved" is a partial solution.
_OUTCOME_PATTERNS: tuple[tuple[Outcome, str], ...] = (
    ("partly", r"\bnot\s+(?:yet\s+)?(?:completely|fully|entirely|totally|wholly)\s+"
               r"(?:solved|overcome|resolved|addressed)"),
    ("not", r"\bnot\s+(?:at\s+all\s+)?(?:been\s+)?(?:solved|overcome|resolved)\b"
            r"|\b(?:remains|remained|is\s+still|was\s+still)\s+(?:unsolved|unresolved)\b"
            r"|\bnot\s+at\s+all\s+solved\b"),
    ("partly", r"\b(?:partly|partially|in\s+part|to\s+some\s+extent|half)[\s-]+"
               r"(?:been\s+)?(?:solved|overcome|resolved|addressed)\b"
               r"|\b(?:solved|overcome|resolved)\s+(?:only\s+)?(?:partly|partially|in\s+part)\b"),
    ("completely", r"\b(?:completely|fully|entirely|totally|wholly)\s+(?:been\s+)?"
                   r"(?:solved|overcome|resolved)\b"
                   r"|\b(?:solved|overcome|resolved)\s+(?:completely|fully|entirely)\b"),
)
_OUTCOMES: tuple[tuple[Outcome, re.Pattern[str]], ...] = tuple(
    (outcome, re.compile(pattern, re.IGNORECASE)) for outcome, pattern in _OUTCOME_PATTERNS
)


def parse_case(document: Document) -> CaseRecord:
    """Parse a document's template and extract its record."""
    return extract_case(document, parse_template(document))


def extract_case(document: Document, parsed: ParsedTemplate) -> CaseRecord:
    """Extract one case record from a document split into template sections."""
    warnings: list[str] = list(parsed.warnings)

    network = _network(parsed)
    title, city, country = _title_city(parsed, warnings)
    place = find_city(city, country) if city else None
    if place is not None and country is None and place.country:
        country = place.country
        warnings.append(f"country not stated; {place.country} taken from the city {city}")
    if city is None:
        warnings.append("no city found")
    if country is None:
        warnings.append("no country found")

    challenge_text, codes = _challenges(parsed, warnings)
    how_overcome = parsed.text("how_overcome") or parsed.text("solutions")
    difference = parsed.text("difference")
    outcome = _outcome(how_overcome or "", difference or "")

    summary = parsed.text("summary")
    action = parsed.text("action")
    lessons = _lessons(parsed, [summary, action, challenge_text, how_overcome, difference],
                       warnings)
    start_year, end_year = _years(parsed.field("dates") or parsed.text("dates"), warnings)
    prepared = _prepared(parsed.field("prepared") or parsed.text("prepared"), warnings)
    authors = _authors(parsed.field("authors") or parsed.text("authors"))
    budget = _value(parsed.field("budget") or parsed.text("budget"))
    links = tuple(dict.fromkeys(_clean_url(u) for u in _URL.findall(document.text)))

    tactics = tag_tactics({"how_overcome": how_overcome, "action": action, "summary": summary,
                           "difference": difference, "lessons": "\n\n".join(lessons)})
    record_text = " ".join(t for t in (summary, action, challenge_text, how_overcome) if t)
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
        tactics=tactics,
        lesson_topics=tuple(
            tuple(mentioned_challenges(lesson) + find_tactics(lesson)) for lesson in lessons
        ),
        file_name=document.name,
        sha256=document.sha256,
        media_type=document.media_type,
        language=_language(record_text),
        place=place,
    )


# --- network, title, city ----------------------------------------------------------------------


def _network(parsed: ParsedTemplate) -> str | None:
    stated = parsed.field("network")
    for text in (stated, parsed.banner, parsed.text("preamble")):
        if not text:
            continue
        folded = fold(text)
        for key, name in _KNOWN_NETWORKS.items():
            if re.search(rf"\b{key}\b", folded):
                return name
    if stated:
        return stated.strip()
    if parsed.banner:
        head = re.split(r"\s+[–—-]\s+|:\s+", parsed.banner)[0].strip()
        if head and not re.search(r"case (?:example|study)|implementation", head, re.IGNORECASE):
            return head.title() if head.isupper() else head
    return None


def _title_city(parsed: ParsedTemplate, warnings: list[str]) -> tuple[str | None, str | None,
                                                                      str | None]:
    title = _value(parsed.field("title"))
    city: str | None = None
    country: str | None = None
    if parsed.field("country"):
        country = resolve_country(parsed.field("country") or "")
    city_field = parsed.field("city")
    if city_field:
        city, stated_country = _split_place(city_field)
        country = country or stated_country
    combined = parsed.text("title_city")
    if combined:
        combined = " ".join(combined.split())
        head, found_country = _strip_country(combined)
        country = country or found_country
        if city is None:
            city, head = _city_at_end(head, country, parsed.banner)
        elif fold(head).endswith(fold(city)):
            head = head[: len(head) - len(city)]
        title = title or _value(head.strip(" –—-,:;|"))
    if title is None:
        preamble = parsed.text("preamble")
        if preamble:
            title = preamble.split("\n\n")[0].strip()
    if city is None:
        city = _city_from_text(parsed, country)
    if city and country is None:
        summary = parsed.text("summary") or ""
        match = re.search(rf"{re.escape(city)}\s*,\s*([A-Z][\w .'-]{{1,40}}?)[,.;)]", summary)
        if match:
            country = resolve_country(match.group(1))
    return title, city, country


def _split_place(text: str) -> tuple[str | None, str | None]:
    """'Espinho, Portugal' -> ('Espinho', 'PT'); 'Mantova (Mantua), Italy' -> ('Mantova', 'IT').

    A lone city gives no country; a bracketed qualifier (another name, the region) is dropped.
    """
    head, country = _strip_country(" ".join(text.split()))
    head = re.sub(r"\s*\([^)]*\)", "", head).strip(" ,;–—-")
    return (head or None), country


def _strip_country(text: str) -> tuple[str, str | None]:
    match = re.match(r"^(?P<head>.*)[,;(]\s*(?P<country>[^,;()]{2,60}?)\s*\)?\s*\.?$", text)
    if match:
        code = resolve_country(match["country"])
        if code:
            return match["head"].strip(), code
    return text, None


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


def _city_from_text(parsed: ParsedTemplate, country: str | None) -> str | None:
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
    for code, is_known in find_codes(line):
        if is_known:
            found.append(ChallengeCode(code, known[code].label, line, source))
        else:
            warnings.append(f"unknown challenge code {code!r} in {line!r}")
    if found:
        return found
    if find_codes(line):
        return []
    named = match_challenge_name(line)
    if named is not None:
        return [ChallengeCode(named, known[named].label, line, source)]
    if listed and len(line) <= 160 and not line.endswith("."):
        warnings.append(f"challenge not in the known lists: {line!r}")
        return []
    return None


def _outcome(*texts: str) -> Outcome | None:
    for text in texts:
        if not text:
            continue
        for outcome, pattern in _OUTCOMES:
            if pattern.search(text):
                return outcome
    return None


# --- lessons -------------------------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s.strip()]


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
    for paragraph in text.split("\n\n"):
        paragraph = _LEADING_BULLET.sub("", paragraph).strip()
        kept: list[str] = []
        for sentence in _sentences(paragraph):
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


def _value(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split()).strip(" :–—-")
    if fold(text) in _EMPTY_VALUES:
        return None
    return text or None


def _years(text: str | None, warnings: list[str]) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    # "2017 - 2019 (phase 2; peer review in 2018)": the years outside brackets are the period.
    outside = re.sub(r"\([^)]*\)", " ", text)
    years = [int(y) for y in _YEAR.findall(outside)] or [int(y) for y in _YEAR.findall(text)]
    if not years:
        warnings.append(f"no year in the dates {text!r}")
        return None, None
    start, end = years[0], years[-1] if len(years) > 1 else None
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
    """(YYYY-MM, None), or (None, why not); dates such as 'March 2019' recur, dateutil is slow."""
    from dateutil import parser

    try:
        first = parser.parse(text, default=datetime(1, 1, 1), fuzzy=True)
        second = parser.parse(text, default=datetime(1, 6, 1), fuzzy=True)
    except (ValueError, OverflowError):
        return None, f"preparation date {text!r} not understood"
    if first.year == 1:
        return None, f"preparation date {text!r} has no year"
    if first.month != second.month:
        return None, f"preparation date {text!r} has no month"
    return f"{first.year:04d}-{first.month:02d}", None


def _authors(text: str | None) -> tuple[str, ...]:
    text = _value(text)
    if text is None:
        return ()
    text = re.sub(r"\([^)]*\)", " ", text)
    names = []
    for part in _AUTHOR_SPLIT.split(text):
        name = " ".join(part.split()).strip(" .:-–")
        if name and fold(name) not in _EMPTY_VALUES:
            names.append(name)
    return tuple(dict.fromkeys(names))


def _clean_url(url: str) -> str:
    return url.rstrip(".,;:!?'\"’”")


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

    identifier = _Identifier.from_model_file(MODEL_FILE, norm_probs=True)
    if not all(hasattr(identifier, name) for name in ("_rowbase", "_sparse_score",
                                                       "tk_nextmove", "tk_output")):
        # Another version of py3langid: use its own walk.
        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(_EU_LANGUAGES)
    return identifier


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
