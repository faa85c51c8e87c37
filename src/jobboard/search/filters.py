"""A search's filters with every name resolved: skill aliases, category and company slugs,
places and currencies become ids, codes, coordinates and a USD floor.

Resolving is done once, here, for both things that read filters: the search statement
(``clauses``) and the saved-search matcher (``jobboard.alerts.rules``), so a saved search
alerts about exactly the jobs its search would find.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.errors import ValidationFailed
from jobboard.kit import money
from jobboard.models import Category, Company, Job, JobLocation, JobSkill
from jobboard.places.gazetteer import Area, City, Country, Division, get_gazetteer
from jobboard.places.regions import REGION_WORDS, regions_open_to
from jobboard.search.backends import SearchBackend
from jobboard.search.schemas import ResolvedLocation, SearchRequest
from jobboard.taxonomy import service as taxonomy_service

_COORDINATES = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


def problem(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        f"Check the field {field}: {message}.", errors=[{"field": field, "message": message}]
    )


@dataclass(frozen=True, slots=True)
class Filters:
    """Every filter of a request but the keywords and ``posted_within_days``."""

    skills_all: tuple[int, ...] = ()
    """Each of these skills."""
    skills_any: tuple[int, ...] = ()
    skills_none: tuple[int, ...] = ()
    categories: tuple[int, ...] = ()
    companies: tuple[int, ...] = ()
    seniorities: tuple[str, ...] = ()
    max_years: int | None = None
    """Jobs asking for at most this many years, or not saying."""
    employment_types: tuple[str, ...] = ()
    workplaces: tuple[str, ...] = ()
    remote_regions: tuple[str, ...] = ()
    """``remote_regions`` values of remote jobs open to the places asked for."""
    countries: tuple[str, ...] = ()
    divisions: tuple[str, ...] = ()
    """States or provinces searched for, as "US:California": jobs with a place in one."""
    area_countries: tuple[str, ...] = ()
    """The countries of a named region searched for ("EMEA"): jobs with a place in one..."""
    areas: tuple[str, ...] = ()
    """...or placed in that region or a smaller one inside it (a job in "EU" for "Europe")."""
    salary_floor_usd: int | None = None
    """Annual pay in USD cents that the top of a job's range must reach."""
    include_unspecified_pay: bool = False
    location: ResolvedLocation | None = None


def split(values: Sequence[str]) -> list[str]:
    """Accept repeated parameters and comma-separated lists alike."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def resolve_place(text: str) -> tuple[str, str | None, float, float] | None:
    """A place from ``"lat,lon"``, a GeoNames id or a name: (name, country, lat, lon)."""
    gazetteer = get_gazetteer()
    coordinates = _COORDINATES.match(text)
    if coordinates:
        latitude, longitude = float(coordinates.group(1)), float(coordinates.group(2))
        if -90 <= latitude <= 90 and -180 <= longitude <= 180:
            return (f"{latitude:.4f},{longitude:.4f}", None, latitude, longitude)
        return None
    city: City | None
    city = gazetteer.get(int(text)) if text.strip().isdigit() else gazetteer.resolve(text)
    if city is None:
        return None
    name = ", ".join(part for part in (city.name, city.region, city.country_code) if part)
    return (name, city.country_code, city.latitude, city.longitude)


def resolve_wider_place(text: str) -> Country | Division | Area | None:
    """The country, state or province, or named region a ``location`` names when it names
    no city: "Netherlands", "UK", "California", "Ontario, Canada", "EMEA", or a country's
    GeoNames id."""
    gazetteer = get_gazetteer()
    if text.strip().isdigit():
        return gazetteer.country_by_id(int(text))
    place = gazetteer.resolve_place(text)
    return None if isinstance(place, City) else place


def division_key(country_code: str, name: str) -> str:
    """How a searched state or province is held in ``Filters.divisions``."""
    return f"{country_code}:{name}"


def areas_within(area: Area) -> tuple[str, ...]:
    """The region words of ``area`` and of every region wholly inside it ("eu" in "europe")."""
    return tuple(
        sorted(word for word, covered in REGION_WORDS.items() if covered <= area.countries)
    )


async def _skill_ids(session: AsyncSession, names: Sequence[str], field: str) -> tuple[int, ...]:
    found = await taxonomy_service.skills_by_alias(session, names)
    missing = [name for name in names if name not in found]
    if missing:
        raise problem(
            field, f"unknown skill {missing[0]!r}; GET /api/v1/skills?prefix= finds names"
        )
    return tuple(sorted({found[name].id for name in names}))


async def _slug_ids(
    session: AsyncSession, model: type[Category] | type[Company], slugs: list[str]
) -> tuple[dict[str, int], list[str]]:
    ids = dict(
        (await session.execute(select(model.slug, model.id).where(model.slug.in_(slugs)))).all()
    )
    return ids, [slug for slug in slugs if slug not in ids]


async def resolve_filters(session: AsyncSession, request: SearchRequest) -> Filters:
    """Resolve the request's names; an unknown one is a 422 naming its ``query.`` field."""
    skills_all: list[int] = []
    for name in split(request.skills_all):
        skills_all += await _skill_ids(session, [name], "query.skills")
    skills_any = (
        await _skill_ids(session, split(request.skills_any), "query.skills_any")
        if request.skills_any
        else ()
    )
    skills_none = (
        await _skill_ids(session, split(request.skills_none), "query.skills_none")
        if request.skills_none
        else ()
    )
    categories: tuple[int, ...] = ()
    if request.categories:
        ids, missing = await _slug_ids(session, Category, split(request.categories))
        if missing:
            raise problem(
                "query.category", f"unknown category {missing[0]!r}; see /api/v1/categories"
            )
        categories = tuple(sorted(set(ids.values())))
    companies: tuple[int, ...] = ()
    if request.companies:
        ids, missing = await _slug_ids(session, Company, split(request.companies))
        if missing:
            raise problem("query.company", f"unknown company {missing[0]!r}")
        companies = tuple(sorted(set(ids.values())))
    remote_regions = tuple(
        sorted(
            {region for code in split(request.remote_regions) for region in regions_open_to(code)}
        )
    )
    floor = None
    if request.salary_min is not None:
        currency = request.salary_currency.upper()
        if currency not in money.USD_RATES:
            raise problem(
                "query.salary_currency",
                f"no exchange rate is bundled for {currency!r}; use one of "
                + ", ".join(sorted(money.USD_RATES)),
            )
        floor = money.convert(
            money.annualize(request.salary_min, request.salary_period),
            from_currency=currency,
            to_currency="USD",
        )
    location = None
    countries = {code.upper() for code in split(request.countries)}
    divisions: tuple[str, ...] = ()
    area_countries: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    wider = (
        resolve_wider_place(request.location)
        if request.location is not None and resolve_place(request.location) is None
        else None
    )
    # A country, a state or a region searched for is a filter on the places inside it, not
    # a point and a radius.
    if isinstance(wider, Country):
        countries.add(wider.code)
    elif isinstance(wider, Division):
        divisions = (division_key(wider.country_code, wider.name),)
    elif isinstance(wider, Area):
        area_countries = tuple(sorted(wider.countries))
        areas = areas_within(wider)
    elif request.location is not None:
        place = resolve_place(request.location)
        if place is None:
            raise problem(
                "query.location",
                "no known city, state, country, region or coordinates; try 'Berlin', "
                "'Austin, TX', 'California', 'Netherlands', 'EMEA' or '52.52,13.40'",
            )
        name, country_code, latitude, longitude = place
        location = ResolvedLocation(
            name=name,
            country_code=country_code,
            latitude=latitude,
            longitude=longitude,
            radius_km=request.radius_km,
        )
    return Filters(
        skills_all=tuple(skills_all),
        skills_any=skills_any,
        skills_none=skills_none,
        categories=categories,
        companies=companies,
        seniorities=tuple(request.seniorities),
        max_years=request.years_experience,
        employment_types=tuple(request.employment_types),
        workplaces=tuple(request.workplaces),
        remote_regions=remote_regions,
        countries=tuple(sorted(countries)),
        divisions=divisions,
        area_countries=area_countries,
        areas=areas,
        salary_floor_usd=floor,
        include_unspecified_pay=request.include_unspecified_pay,
        location=location,
    )


def _has_skill(skill_ids: Sequence[int]) -> ColumnElement[bool]:
    return exists(
        select(1).where(JobSkill.job_id == Job.id, JobSkill.skill_id.in_(list(skill_ids)))
    )


def clauses(filters: Filters, backend: SearchBackend) -> list[ColumnElement[bool]]:
    """The filters as conditions on ``Job`` (the radius is applied by the caller)."""
    found: list[ColumnElement[bool]] = [_has_skill([skill]) for skill in filters.skills_all]
    if filters.skills_any:
        found.append(_has_skill(filters.skills_any))
    if filters.skills_none:
        found.append(~_has_skill(filters.skills_none))
    if filters.categories:
        found.append(Job.category_id.in_(filters.categories))
    if filters.companies:
        found.append(Job.company_id.in_(filters.companies))
    if filters.seniorities:
        found.append(Job.seniority.in_(filters.seniorities))
    if filters.max_years is not None:
        found.append(
            or_(Job.min_years_experience.is_(None), Job.min_years_experience <= filters.max_years)
        )
    if filters.employment_types:
        found.append(Job.employment_type.in_(filters.employment_types))
    if filters.workplaces:
        found.append(Job.workplace.in_(filters.workplaces))
    if filters.remote_regions:
        found.append(
            and_(Job.workplace == "remote", backend.remote_regions_overlap(filters.remote_regions))
        )
    if filters.countries:
        found.append(
            exists(
                select(1).where(
                    JobLocation.job_id == Job.id,
                    JobLocation.country_code.in_(filters.countries),
                )
            )
        )
    if filters.divisions or filters.area_countries or filters.areas:
        found.append(exists(select(1).where(JobLocation.job_id == Job.id, _within(filters))))
    if filters.salary_floor_usd is not None:
        pay = Job.salary_annual_max_usd >= filters.salary_floor_usd
        if filters.include_unspecified_pay:
            pay = or_(pay, Job.salary_annual_max_usd.is_(None))
        found.append(pay)
    return found


def _within(filters: Filters) -> ColumnElement[bool]:
    """A place of the job inside the state, province or region searched for: a city or the
    division itself for a state, any place in one of its countries or a region inside it for
    a region."""
    options: list[ColumnElement[bool]] = []
    for key in filters.divisions:
        country_code, name = key.split(":", 1)
        options.append(and_(JobLocation.country_code == country_code, JobLocation.region == name))
    if filters.area_countries:
        options.append(JobLocation.country_code.in_(filters.area_countries))
    if filters.areas:
        options.append(JobLocation.area.in_(filters.areas))
    return or_(*options)
