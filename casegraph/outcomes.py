"""How far a case example says its challenge was solved, in the programmes' languages: a rated
answer ("Partly.", "Yes, completely: ...") or a sentence of prose ("The challenge was partly
solved"). The template reads an answer as the outcome when it starts with a rating; the
extractor reads the rating; the curators' candidates leave such sentences out.
"""

from __future__ import annotations

import re

from .model import Outcome

__all__ = ["SENTENCE_SPLIT", "outcome_of", "rating"]

#: How "solved" is written in the programmes' languages, and the words that rate it. A word
#: stem stands for its forms (résolu, résolue, résolus; resuelto, resuelta).
_SOLVED = (r"(?:solved|overcome|resolved|addressed|r[ée]solue?s?|surmont[ée]e?s?|relev[ée]e?s?"
           r"|resuelt[oa]s?|resolvi[óo]|super[óo]"
           r"|superad[oa]s?|risolt[oaie]|superat[oaie]|resolvid[oa]s?|gel[öo]st"
           r"|bew[äa]ltigt|opgelost|rozwi[aą]zan[aey]?|vy[řr]e[šs]en[aoý]?|megoldott|rije[šs]en[oa]?)")
_FULLY = (r"(?:completely|fully|entirely|totally|wholly|compl[èe]tement|enti[èe]rement|totalement"
          r"|por completo|completamente|totalmente|del tutto|pienamente|vollst[äa]ndig|komplett"
          r"|ganz|volledig|helemaal|ca[lł]kowicie|zcela|teljesen|potpuno)")
_PARTLY = (r"(?:partly|partially|in part|to some extent|half|partiellement|en partie|parcialmente"
           r"|en parte|parzialmente|in parte|em parte|teilweise|gedeeltelijk|deels|cz[eę][śs]ciowo"
           r"|[čc][áa]ste[čc]n[eě]|r[ée]szben|djelomi[čc]no)")
_NOT = (r"(?:not|non|no|pas|nicht|niet|nie|nem|n[ãa]o|ne)")

# Negated forms come first: "not completely solved" is a partial solution.
_OUTCOME_PATTERNS: tuple[tuple[Outcome, str], ...] = (
    ("partly", rf"\b{_NOT}\s+(?:yet\s+)?(?:been\s+)?{_FULLY}\s+(?:been\s+)?{_SOLVED}"),
    ("not", rf"\b{_NOT}\s+(?:at\s+all\s+|du\s+tout\s+|(?:se\s+)?ha\s+)?(?:been\s+|[ée]t[ée]\s+)?"
            rf"{_SOLVED}\b"
            r"|\b(?:remains|remained|is\s+still|was\s+still)\s+(?:unsolved|unresolved)\b"
            r"|\bnot\s+at\s+all\s+solved\b|\bsin\s+resolver\b|\bungel[öo]st\b"),
    ("partly", rf"\b{_PARTLY}[\s-]+(?:been\s+)?{_SOLVED}\b"
               rf"|\b{_SOLVED}\s+(?:(?:only|solo|soltanto|seulement|nur|apenas|s[óo]lo"
               rf"|solamente|alleen)\s+)?{_PARTLY}\b"),
    ("completely", rf"\b{_FULLY}\s+(?:been\s+)?{_SOLVED}\b|\b{_SOLVED}\s+{_FULLY}\b"),
    # "The challenge was solved": solved, without a word that limits it, is solved completely.
    ("completely", r"\b(?:challenge|difficulty|barrier|problem|it|sfida|d[ée]fi|desaf[ií]o|reto"
                   r"|problema|Herausforderung|uitdaging)\s+(?:was|has\s+been|had\s+been|is|were"
                   r"|[èe]\s+stat[ao]|a\s+[ée]t[ée]|fue|ha\s+sido|foi|wurde|werd|is\s+ge)\s+"
                   r"(?:successfully\s+|largely\s+)?(?:solved|overcome|resolved|risolt[ao]|superat[ao]"
                   r"|r[ée]solue?|surmont[ée]e?|relev[ée]e?|resuelt[oa]|superad[oa]|resolvid[oa]|gel[öo]st"
                   r"|bew[äa]ltigt|opgelost)\b"),
)
_OUTCOMES: tuple[tuple[Outcome, re.Pattern[str]], ...] = tuple(
    (outcome, re.compile(pattern, re.IGNORECASE)) for outcome, pattern in _OUTCOME_PATTERNS
)
#: The template's own question lists the three ratings, and "whether the challenge was solved"
#: asks: neither rates anything.
_RATING_CHOICES = re.compile(
    r"completely(?:\s+solved)?,?\s+partly(?:\s+solved)?,?\s+or\s+not(?:\s+at\s+all)?"
    r"(?:\s+solved)?"
    r"|\b(?:how\s+far|whether|if|to\s+what\s+extent|how\s+well)\s+(?:the\s+|this\s+|it\s+)?"
    r"(?:\w+\s+){0,2}(?:was|has\s+been|had\s+been|is|were)\s+\w+",
    re.IGNORECASE)
_RATING_WORDS: tuple[tuple[Outcome, str], ...] = (
    ("not", rf"not\s+at\s+all|{_NOT}"), ("partly", _PARTLY),
    ("completely", rf"{_FULLY}|yes|{_SOLVED}"))
#: An answer that is a rating alone: "Partly.", "Completely solved", "Not at all", "Solved".
_BARE_RATINGS: tuple[tuple[Outcome, re.Pattern[str]], ...] = tuple(
    (outcome, re.compile(rf"^\s*(?:(?:the\s+)?challenge\s+(?:was\s+|is\s+|has\s+been\s+)?)?"
                         rf"(?:{pattern})(?:\s+{_SOLVED})?\s*(?:[.!;:,]|\s[–—-]|$)",
                         re.IGNORECASE))
    for outcome, pattern in _RATING_WORDS
)

#: Where sentences part: after a full stop, not after an initial or an abbreviation.
SENTENCE_SPLIT = re.compile(
    r"(?<!\b[A-Z])(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)(?<=[.!?])\s+(?=[\"'“‘(]?[A-Z0-9])"
)
#: "Yes, partly: ...": a yes before the rating it introduces.
_YES = re.compile(r"^\s*(?:yes|oui|s[íi]|ja|sim)\s*[,:;.–—-]\s*(?=\w+\s*(?:solved|resolved)?"
                  r"\s*[,:;.–—-])", re.IGNORECASE)


def rating(answer: str) -> Outcome | None:
    """The rating an answer starts with ("Partly.", "Yes, completely: the plan ...",
    "Challenge solved – ..."), or None."""
    answer = _YES.sub("", _RATING_CHOICES.sub(" ", answer))
    for outcome, pattern in _BARE_RATINGS:
        if pattern.match(answer):
            return outcome
    return None


def outcome_of(*texts: str, stated: str | None = None) -> Outcome | None:
    """The rating of the solution: from an 'Outcome:' answer first, then from the prose."""
    if stated:
        rated = rating(stated)
        if rated is not None:
            return rated
        texts = (stated, *texts)
    for text in texts:
        if not text:
            continue
        text = _RATING_CHOICES.sub(" ", text)
        for outcome, pattern in _OUTCOMES:
            if pattern.search(text):
                return outcome
        for sentence in (p.strip() for p in SENTENCE_SPLIT.split(text) if p.strip()):
            if len(sentence) <= 40:
                for outcome, pattern in _BARE_RATINGS:
                    if pattern.match(sentence):
                        return outcome
    return None
