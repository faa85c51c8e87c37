"""Matching new jobs against saved searches without running the searches.

A saved search compiles to a ``Rule``: its keyword query as analysed terms and its filters
resolved to ids, codes and coordinates (``jobboard.search.filters``), so that testing a job
is a few set lookups in memory. A new job is reduced once to ``Facts``, the same terms the
search index holds and the fields search filters on.

Testing every rule against every new job would grow with searches × jobs. Instead each rule
is filed under a few *keys* (``rule_keys``) such that every job it matches carries at least
one of them: a required skill, a company, a query term, a map cell... A job is tested only
against the rules filed under its keys (``Facts.keys``), plus the few with no usable key
(filed under ``*``). The rule picks the condition likely to be rarest among jobs, so a job
meets only the rules that have a real chance of matching it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from jobboard.places.gazetteer import haversine_km
from jobboard.search.filters import Filters, division_key
from jobboard.search.query import SearchQuery
from jobboard.search.schemas import ResolvedLocation

ANY = "*"
# Bump when the stored form of a rule changes: `jobboard migrate` then compiles them again.
RULE_FORMAT = "2"
MAX_CELLS = 64
MAX_PAIRS = 16
# Keys of a job's fields that pair up (text terms and map cells are too many to pair).
PAIRED_KINDS = ("co", "sk", "ca", "cn", "rr", "se", "et", "wp")
# Words that are in most postings: a poor key, used only when nothing better is asked for.
COMMON_TERMS = frozenset(
    "engineer developer software senior team experience work role remote job compani "
    "develop build product design system manag lead skill year".split()
)

Terms = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rule:
    """What a job must be to match a saved search: the keyword query as index terms and the
    search's resolved ``Filters``, the same the search statement applies."""

    required: tuple[tuple[Terms, ...], ...] = ()
    """Clauses; a job matches a clause when a field holds one of its phrases."""
    excluded: tuple[Terms, ...] = ()
    filters: Filters = field(default_factory=Filters)

    @classmethod
    def build(cls, query: SearchQuery, filters: Filters) -> Rule:
        return cls(
            required=tuple(
                tuple(phrase.terms for phrase in clause.alternatives) for clause in query.required
            ),
            excluded=tuple(phrase.terms for phrase in query.excluded),
            filters=filters,
        )

    def to_json(self) -> dict[str, Any]:
        location = self.filters.location
        return {
            "required": self.required,
            "excluded": self.excluded,
            "filters": {
                **asdict(replace(self.filters, location=None)),
                "location": None if location is None else location.model_dump(mode="json"),
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Rule:
        values: dict[str, Any] = {
            name: tuple(value) if isinstance(value, list) else value
            for name, value in data.get("filters", {}).items()
        }
        location = values.pop("location", None)
        return cls(
            required=tuple(
                tuple(tuple(phrase) for phrase in clause) for clause in data.get("required", ())
            ),
            excluded=tuple(tuple(phrase) for phrase in data.get("excluded", ())),
            filters=Filters(
                **values,
                location=None if location is None else ResolvedLocation.model_validate(location),
            ),
        )


@dataclass(frozen=True, slots=True)
class Place:
    latitude: float | None
    longitude: float | None
    country_code: str | None
    region: str | None = None
    area: str | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    """A job as the matcher sees it: index terms by field, and the fields filters read."""

    job_id: int
    fields: tuple[Terms, ...]
    """Title, skills and body terms, as the search index holds them."""
    terms: frozenset[str]
    """Every term of every field."""
    skill_ids: frozenset[int]
    category_id: int | None
    company_id: int
    seniority: str | None
    min_years: int | None
    employment_type: str
    workplace: str
    remote_regions: frozenset[str]
    places: tuple[Place, ...]
    salary_max_usd: int | None

    def index_keys(self) -> set[str]:
        """Every key a rule matching this job may be filed under."""
        keys = {ANY, f"co:{self.company_id}", f"et:{self.employment_type}"}
        keys.add(f"wp:{self.workplace}")
        keys.update(f"sk:{skill}" for skill in self.skill_ids)
        keys.update(f"t:{term}" for term in self.terms)
        keys.update(f"rr:{region}" for region in self.remote_regions)
        for place in self.places:
            if place.latitude is not None and place.longitude is not None:
                keys.add(_cell_key(math.floor(place.latitude), math.floor(place.longitude)))
            if place.country_code:
                keys.add(f"cn:{place.country_code}")
            if place.area:
                keys.add(f"ar:{place.area}")
        if self.category_id is not None:
            keys.add(f"ca:{self.category_id}")
        if self.seniority is not None:
            keys.add(f"se:{self.seniority}")
        paired = sorted(key for key in keys if key.split(":", 1)[0] in PAIRED_KINDS)
        keys.update(
            f"{first}&{second}"
            for index, first in enumerate(paired)
            for second in paired[index + 1 :]
        )
        return keys


def _cell_key(row: int, column: int) -> str:
    column = (column + 180) % 360 - 180
    return f"geo:{row}:{column}"


def _cells(near: ResolvedLocation) -> list[str] | None:
    """The 1° map cells a circle may touch, or None when there are too many."""
    # A little wider than the circle: cells only narrow the candidates down.
    degrees_latitude = near.radius_km * 1.02 / 111.0
    south = max(-90, math.floor(near.latitude - degrees_latitude))
    north = min(89, math.floor(near.latitude + degrees_latitude))
    widest = min(89.0, abs(near.latitude) + degrees_latitude)
    degrees_longitude = degrees_latitude / math.cos(math.radians(widest))
    if degrees_longitude >= 180:
        return None
    west = math.floor(near.longitude - degrees_longitude)
    east = math.floor(near.longitude + degrees_longitude)
    if (north - south + 1) * (east - west + 1) > MAX_CELLS:
        return None
    return [
        _cell_key(row, column)
        for row in range(south, north + 1)
        for column in range(west, east + 1)
    ]


Frequency = Callable[[str], float]
"""The share of new jobs carrying a key (from a sample of recent jobs)."""


def _pair(first: str, second: str) -> str:
    return "&".join(sorted((first, second)))


def rule_keys(rule: Rule, frequency: Frequency | None = None) -> tuple[str, ...]:
    """The keys to file ``rule`` under: every job it matches carries one of them.

    Each condition a job must meet gives a set of keys (one per alternative); two
    conditions on the job's fields give the set of their pairs ("sk:12&ca:3"), which a job
    carries when it meets both. The rule is filed under the set whose keys are rarest among
    recent jobs (``frequency``), or, without figures, under the condition likely rarest.
    """
    filters = rule.filters
    options: list[tuple[float, int, int, tuple[str, ...]]] = []
    fields: list[tuple[int, list[str]]] = []

    def offer(rank: int, keys: list[str], *, field: bool = True) -> None:
        if not keys:
            return
        unique = tuple(dict.fromkeys(keys))
        cost = sum(map(frequency, unique)) if frequency is not None else 0.0
        options.append((cost, rank, len(unique), unique))
        if field:
            fields.append((rank, list(unique)))

    if filters.companies:
        offer(0, [f"co:{company}" for company in filters.companies])
    for skill in filters.skills_all:
        offer(1, [f"sk:{skill}"])
    for clause in rule.required:
        # A job holding a phrase holds each of its terms: any one term per alternative will
        # do, so take the least common-looking.
        terms = [min(phrase, key=_commonness) for phrase in clause]
        rank = 2 if all(_commonness(term) == 0 for term in terms) else 4
        if any(term in COMMON_TERMS for term in terms):
            rank = 8
        offer(rank, [f"t:{term}" for term in terms], field=False)
    if filters.categories:
        offer(3, [f"ca:{category}" for category in filters.categories])
    if filters.skills_any:
        offer(5, [f"sk:{skill}" for skill in filters.skills_any])
    if filters.location is not None:
        cells = _cells(filters.location)
        if cells is not None:
            offer(6, cells, field=False)
    if filters.countries:
        offer(6, [f"cn:{country}" for country in filters.countries])
    if filters.divisions or filters.area_countries or filters.areas:
        # A state is filed under its country; a region under its countries and the regions
        # inside it.
        within = [f"cn:{key.split(':', 1)[0]}" for key in filters.divisions]
        within += [f"cn:{country}" for country in filters.area_countries]
        within += [f"ar:{area}" for area in filters.areas]
        offer(6, within, field=False)
    if filters.remote_regions:
        offer(7, [f"rr:{region}" for region in filters.remote_regions])
    if filters.seniorities:
        offer(9, [f"se:{seniority}" for seniority in filters.seniorities])
    if filters.employment_types:
        offer(10, [f"et:{kind}" for kind in filters.employment_types])
    if filters.workplaces:
        offer(11, [f"wp:{workplace}" for workplace in filters.workplaces])
    if frequency is not None:
        for index, (rank, first) in enumerate(fields):
            for other_rank, second in fields[index + 1 :]:
                if len(first) * len(second) <= MAX_PAIRS and not set(first) & set(second):
                    offer(
                        min(rank, other_rank),
                        [_pair(a, b) for a in first for b in second],
                        field=False,
                    )
    if not options:
        return (ANY,)
    if frequency is None:
        return min(options, key=lambda option: option[1:3])[3]
    return min(options)[3]


def _within(filters: Filters, place: Place) -> bool:
    """Whether a place is inside the state, province or region the search names."""
    if (
        place.country_code is not None
        and place.region is not None
        and division_key(place.country_code, place.region) in filters.divisions
    ):
        return True
    if place.country_code is not None and place.country_code in filters.area_countries:
        return True
    return place.area is not None and place.area in filters.areas


def _commonness(term: str) -> int:
    """0 for a term that names something (has a digit or is long), more for plain words."""
    if term in COMMON_TERMS:
        return 2
    return 0 if len(term) >= 5 or not term.isalpha() else 1


def _contains(field: Terms, phrase: Terms) -> bool:
    size = len(phrase)
    first = phrase[0]
    return any(
        field[start] == first and field[start : start + size] == phrase
        for start in range(len(field) - size + 1)
    )


def _holds(facts: Facts, phrase: Terms) -> bool:
    if not facts.terms.issuperset(phrase):
        return False
    return len(phrase) == 1 or any(_contains(field, phrase) for field in facts.fields)


def matches(rule: Rule, facts: Facts) -> bool:
    """Whether the job is one the saved search's search would find."""
    filters = rule.filters
    if filters.companies and facts.company_id not in filters.companies:
        return False
    if filters.categories and facts.category_id not in filters.categories:
        return False
    if any(skill not in facts.skill_ids for skill in filters.skills_all):
        return False
    if filters.skills_any and facts.skill_ids.isdisjoint(filters.skills_any):
        return False
    if filters.skills_none and not facts.skill_ids.isdisjoint(filters.skills_none):
        return False
    if filters.seniorities and facts.seniority not in filters.seniorities:
        return False
    if (
        filters.max_years is not None
        and facts.min_years is not None
        and facts.min_years > filters.max_years
    ):
        return False
    if filters.employment_types and facts.employment_type not in filters.employment_types:
        return False
    if filters.workplaces and facts.workplace not in filters.workplaces:
        return False
    if filters.remote_regions and (
        facts.workplace != "remote" or facts.remote_regions.isdisjoint(filters.remote_regions)
    ):
        return False
    if filters.countries and not any(
        place.country_code in filters.countries for place in facts.places
    ):
        return False
    if (filters.divisions or filters.area_countries or filters.areas) and not any(
        _within(filters, place) for place in facts.places
    ):
        return False
    if filters.salary_floor_usd is not None:
        if facts.salary_max_usd is None:
            if not filters.include_unspecified_pay:
                return False
        elif facts.salary_max_usd < filters.salary_floor_usd:
            return False
    near = filters.location
    if near is not None and not any(
        place.latitude is not None
        and place.longitude is not None
        and haversine_km(near.latitude, near.longitude, place.latitude, place.longitude)
        <= near.radius_km
        for place in facts.places
    ):
        return False
    if not all(any(_holds(facts, phrase) for phrase in clause) for clause in rule.required):
        return False
    return not any(_holds(facts, phrase) for phrase in rule.excluded)
