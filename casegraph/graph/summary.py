"""Cross-case statistics of a corpus: which tactics met which challenges in how many cases,
cities and countries, what networks, countries and pairs of cities share. A build computes them
once from the case records, so that the named queries read a few hundred summary nodes instead
of aggregating every case graph on each question."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import CaseRecord

__all__ = [
    "CaseFacts",
    "Count",
    "PairSummary",
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
class PairSummary:
    """Two cities (in IRI order) and what their cases share."""

    city: tuple[str, str]
    other: tuple[str, str]
    challenges: tuple[str, ...]
    tactics: tuple[str, ...]


@dataclass
class Summary:
    """The statistics of a corpus, each keyed and sorted so that the output is stable."""

    challenge_tactic: dict[tuple[str, str], Count]
    challenges: dict[str, Count]
    tactics: dict[str, Count]
    networks: dict[str, Count]
    countries: dict[str, Count]
    cities: dict[tuple[str, str], str]     # city -> country code, every city a case names
    pairs: list[PairSummary]


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
    pairs = _pairs(sorted(cities), city_challenges, city_tactics)
    return Summary(dict(challenge_tactic), dict(challenges), dict(tactics), dict(networks),
                   dict(countries), cities, pairs)


def _pairs(cities: list[tuple[str, str]], challenges: dict[tuple[str, str], set[str]],
           tactics: dict[tuple[str, str], set[str]]) -> list[PairSummary]:
    """Every pair of cities whose cases share a challenge or a tactic."""
    pairs = []
    for index, city in enumerate(cities):
        mine_c, mine_t = challenges.get(city, set()), tactics.get(city, set())
        if not mine_c and not mine_t:
            continue
        for other in cities[index + 1:]:
            shared_c = mine_c & challenges.get(other, set())
            shared_t = mine_t & tactics.get(other, set())
            if shared_c or shared_t:
                pairs.append(PairSummary(city, other, tuple(sorted(shared_c)),
                                         tuple(sorted(shared_t))))
    return pairs
