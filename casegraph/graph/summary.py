"""Cross-case statistics of a corpus: which tactics met which challenges in how many cases,
cities and countries, what networks and countries share, and what each city's cases faced and
used. A build computes them once from the case records, so that the named queries read a few
summary nodes per city, challenge or tactic instead of aggregating every case graph on each
question. Nothing here grows faster than the corpus: what two cities share is joined at query
time from their city summaries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import CaseRecord

__all__ = [
    "CaseFacts",
    "CitySummary",
    "Count",
    "Summary",
    "case_facts",
    "summarise",
    "LIST_SEPARATOR",
]

LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class CaseFacts:
    """What the statistics need of one case: small enough to keep for 100k cases."""

    case: str
    city: tuple[str, str] | None          # (country code or "", city name)
    country: str | None                   # ISO alpha-2
    network: str | None
    challenges: tuple[str, ...]
    outcome: str | None
    tactics: tuple[str, ...]              # used against the challenges it faced
    faced_any: bool                       # whether the case has a challenge occurrence at all


def case_facts(record: CaseRecord, case: str) -> CaseFacts:
    """The facts of one case record; ``case`` is its IRI."""
    city = (record.country or "", record.city) if record.city else None
    codes = tuple(dict.fromkeys(c.code for c in record.challenge_codes))
    return CaseFacts(
        case=case,
        city=city,
        country=record.country,
        network=record.network,
        challenges=codes,
        outcome=record.outcome,
        tactics=tuple(sorted({t.id for t in record.tactics})),
        faced_any=bool(codes or record.challenge or record.how_overcome),
    )


@dataclass
class Count:
    """Distinct cases, cities and countries behind one statistic, with outcomes and names."""

    cases: set[str] = field(default_factory=set)
    cities: set[tuple[str, str]] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    networks: set[str] = field(default_factory=set)
    challenges: set[str] = field(default_factory=set)
    outcomes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    assignments: int = 0

    def add(self, facts: CaseFacts) -> None:
        self.cases.add(facts.case)
        if facts.city is not None:
            self.cities.add(facts.city)
        if facts.country:
            self.countries.add(facts.country)
        if facts.network:
            self.networks.add(facts.network)
        if facts.outcome:
            self.outcomes[facts.outcome].add(facts.case)

    def city_names(self) -> str:
        return LIST_SEPARATOR.join(sorted({name for _, name in self.cities}))

    def country_codes(self) -> str:
        return LIST_SEPARATOR.join(sorted(self.countries))


@dataclass(frozen=True)
class CitySummary:
    """What the cases of one city faced and used: the terms that ``similar-cities`` joins to
    find the cities that share a challenge or a tactic."""

    city: tuple[str, str]                 # (country code or "", city name)
    challenges: tuple[str, ...]           # codes, sorted
    tactics: tuple[str, ...]              # ids used against a challenge faced, sorted


@dataclass
class Summary:
    """The statistics of a corpus, each keyed and sorted so that the output is stable."""

    challenge_tactic: dict[tuple[str, str], Count]
    challenges: dict[str, Count]
    tactics: dict[str, Count]
    networks: dict[str, Count]
    countries: dict[str, Count]
    cities: dict[tuple[str, str], str]     # city -> country code, every city a case names
    city_summaries: list[CitySummary]      # one a city, in city order


def summarise(corpus: Iterable[CaseFacts]) -> Summary:
    """The statistics of every case in ``corpus``."""
    challenge_tactic: dict[tuple[str, str], Count] = defaultdict(Count)
    challenges: dict[str, Count] = defaultdict(Count)
    tactics: dict[str, Count] = defaultdict(Count)
    networks: dict[str, Count] = defaultdict(Count)
    countries: dict[str, Count] = defaultdict(Count)
    cities: dict[tuple[str, str], str] = {}
    city_challenges: dict[tuple[str, str], set[str]] = defaultdict(set)
    city_tactics: dict[tuple[str, str], set[str]] = defaultdict(set)
    for facts in corpus:
        for code in facts.challenges:
            challenges[code].add(facts)
            challenges[code].assignments += len(facts.tactics)
            for tactic in facts.tactics:
                challenge_tactic[(code, tactic)].add(facts)
        if facts.faced_any:
            for tactic in facts.tactics:
                tactics[tactic].add(facts)
        if facts.network:
            networks[facts.network].add(facts)
            networks[facts.network].challenges.update(facts.challenges)
        if facts.country:
            countries[facts.country].add(facts)
            countries[facts.country].challenges.update(facts.challenges)
        if facts.city is not None:
            cities[facts.city] = facts.city[0]
            city_challenges[facts.city].update(facts.challenges)
            if facts.faced_any:
                city_tactics[facts.city].update(facts.tactics)
    city_summaries = [CitySummary(city, tuple(sorted(city_challenges[city])),
                                  tuple(sorted(city_tactics[city])))
                      for city in sorted(cities)]
    return Summary(dict(challenge_tactic), dict(challenges), dict(tactics), dict(networks),
                   dict(countries), cities, city_summaries)
