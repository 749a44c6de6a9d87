"""Word forms that do not matter: a term matches a text whatever its case, accents, hyphens,
plural, or verb or noun form ("focus group" in "focus-group interviews", "co-financing" in
"cofinanced"). Texts and terms are folded, split into words and cut to their Snowball stems, in
the text's language; a term matches where its stems stand in a row in the text's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["LANGUAGES", "fold", "stems", "TermIndex"]

#: The languages the vocabulary is labelled in, by ISO 639-1 code, to their Snowball stemmer.
LANGUAGES = {"en": "english", "fr": "french", "es": "spanish", "de": "german", "it": "italian",
             "pt": "portuguese", "nl": "dutch", "pl": "polish", "hu": "hungarian",
             "ro": "romanian", "sv": "swedish", "da": "danish", "fi": "finnish", "el": "greek"}

class _Uncombined(dict[int, int | None]):
    """A str.translate table that drops combining marks, filled in as characters are seen."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_UNCOMBINED = _Uncombined()


#: Latin letters that Unicode does not decompose into a base letter and an accent, as people
#: type them on an English keyboard (Łódź -> lodz, Ørestad -> orestad, Straße -> strasse).
_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                               "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                               "ı": "i", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D",
                               "ħ": "h", "Ħ": "H"})


def fold(text: str) -> str:
    """Lower-case, accents and punctuation removed, '&' read as 'and', spaces collapsed."""
    if text.isascii():  # ASCII has no decompositions and no combining marks
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
        text = text.translate(_UNCOMBINED).lower()
    text = text.replace("&", " and ").replace("’", "'").replace("'s", "s")
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


@lru_cache(maxsize=None)
def _stemmer(language: str):  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer(LANGUAGES.get(language, "english"))


def stems(text: str, language: str = "en", *, joined: bool = False) -> tuple[str, ...]:
    """The stems of a text's words, every word kept: a term's words must stand in the same
    row in the text ("action plan" is not "action from the plan"). ``joined``: words written
    with a hyphen or apostrophe inside are one word ("co-design" -> "codesign"); otherwise
    they are two."""
    if joined:
        text = re.sub(r"(?<=\w)[-‐‑'’](?=\w)", "", text)
    return tuple(_stem(language, word) for word in fold(text).split())


@lru_cache(maxsize=262_144)
def _stem(language: str, word: str) -> str:
    """One word's stem: the Snowball stemmers are pure Python, and the same words recur in
    every document."""
    return str(_stemmer(language).stemWord(word))


@dataclass(frozen=True)
class _Term:
    key: str
    """What the term stands for (a tactic's id)."""
    text: str
    language: str
    stems: tuple[str, ...]


class TermIndex:
    """Terms in several languages, looked up in texts by their stems."""

    def __init__(self, terms: Iterable[tuple[str, str, str]]) -> None:
        """``terms``: (key, term, language) triples."""
        self._by_first: dict[tuple[str, str], list[_Term]] = {}
        for key, text, language in terms:
            pieces = len(fold(text).split())
            for joined in (False, True):
                found = stems(text, language, joined=joined)
                if not found or len(found) == 1 and pieces > 1 and not joined:
                    # "by-law" split is "law" alone: a term of several words never stands
                    # for one of them
                    continue
                term = _Term(key, text, language, found)
                bucket = self._by_first.setdefault((language, found[0]), [])
                if all(t.stems != found or t.key != key for t in bucket):
                    bucket.append(term)
        self.languages = tuple(sorted({language for language, _ in self._by_first}))

    def find(self, text: str, languages: Iterable[str]) -> Iterator[tuple[str, str, str]]:
        """(key, term, language) of each term found in the text, in the order of the text."""
        seen: set[tuple[str, str, str]] = set()
        for language in dict.fromkeys(languages):
            if language not in self.languages:
                continue
            for joined in (False, True):
                words = stems(text, language, joined=joined)
                for position, word in enumerate(words):
                    for term in self._by_first.get((language, word), ()):
                        size = len(term.stems)
                        found = (term.key, term.text, term.language)
                        if words[position:position + size] == term.stems and found not in seen:
                            seen.add(found)
                            yield found
