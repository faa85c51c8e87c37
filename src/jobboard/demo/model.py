"""Plain records the demo generator produces and the demo loader writes to the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class DemoPlace:
    geoname_id: int
    city: str
    region: str | None  # first-level division (state, province), display name
    country_code: str  # ISO 3166-1 alpha-2
    latitude: float
    longitude: float
    timezone: str


@dataclass(frozen=True, slots=True)
class DemoCompany:
    slug: str
    name: str
    website: str
    description: str  # Markdown, one to three paragraphs
    industry: str
    size: str  # "1-49" | "50-99" | "100-499" | "500-999" | "1000-4999" | "5000-9999" | "10000+"
    founded_year: int
    headquarters: DemoPlace


@dataclass(frozen=True, slots=True)
class DemoJobSkill:
    skill_slug: str
    required: bool
    min_years: int | None


@dataclass(frozen=True, slots=True)
class DemoJob:
    company_slug: str
    title: str
    category_slug: str
    seniority: str  # one of taxonomy.catalog.SENIORITIES
    min_years_experience: int | None
    employment_type: (
        str  # full_time | part_time | contractor | contract_to_hire | temporary | internship
    )
    workplace: str  # onsite | hybrid | remote
    remote_regions: tuple[
        str, ...
    ]  # for remote jobs: ISO country codes or "worldwide", "europe", ...
    places: tuple[DemoPlace, ...]  # empty only for remote jobs open worldwide
    salary_min: int | None  # integer minor units of salary_currency (cents)
    salary_max: int | None
    salary_currency: str | None  # ISO 4217
    salary_period: str | None  # hourly | daily | weekly | monthly | yearly
    description: str  # Markdown
    skills: tuple[DemoJobSkill, ...]
    published_at: datetime  # timezone-aware UTC, within the 28 days before `now`


@dataclass(frozen=True, slots=True)
class DemoData:
    companies: tuple[DemoCompany, ...]
    jobs: tuple[DemoJob, ...]
