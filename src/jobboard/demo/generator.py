"""Deterministic demo data: companies with believable profiles and published jobs spread over
the four weeks before ``now``.

One ``random.Random(seed)`` drives every choice, and no choice depends on ``now``: moving
``now`` moves the dates and nothing else (founding years and skill-age limits follow the
calendar year).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from jobboard.demo.geography import (
    Geography,
    build_geography,
    describe_regions,
    pick_headquarters,
    pick_offices,
    pick_remote_regions,
    place_of,
)
from jobboard.demo.model import DemoCompany, DemoData, DemoJob, DemoJobSkill, DemoPlace
from jobboard.demo.pay import MARKETS, Pay, market_for, pay_for
from jobboard.demo.roles import (
    Role,
    base_title,
    pick_skills,
    prepare_roles,
    skill_years,
    skills_named_in,
    specialise_title,
    years_of_experience,
)
from jobboard.demo.text import (
    FAMILIES,
    INDUSTRIES,
    NAME_COMPOUND_ENDS,
    NAME_COMPOUND_STARTS,
    NAME_ROOTS,
    IndustryText,
)
from jobboard.demo.writing import CompanyProfile, JobFacts, company_description, job_description
from jobboard.kit.text import slugify
from jobboard.places.gazetteer import City, Gazetteer, get_gazetteer
from jobboard.taxonomy.catalog import Catalog

PUBLISH_WINDOW_DAYS = 28
# Fewer jobs go live at weekends, and the newest days hold the most jobs (older ones have
# been filled or taken down).
WEEKEND_FACTOR = 0.35
RECENCY_HALF_LIFE_DAYS = 6.0


@dataclass(frozen=True, slots=True)
class _SizeBand:
    size: str
    share: float
    people: tuple[int, int]
    age_years: tuple[int, int]
    extra_offices: tuple[int, int]
    hiring_weight: float


SIZE_BANDS: tuple[_SizeBand, ...] = (
    _SizeBand("1-49", 30, (6, 48), (1, 8), (0, 0), 1.0),
    _SizeBand("50-99", 18, (50, 99), (2, 12), (0, 1), 2.0),
    _SizeBand("100-499", 25, (100, 499), (4, 20), (0, 2), 4.0),
    _SizeBand("500-999", 10, (500, 999), (6, 25), (1, 3), 7.0),
    _SizeBand("1000-4999", 10, (1000, 4999), (8, 35), (2, 5), 12.0),
    _SizeBand("5000-9999", 4, (5000, 9999), (12, 45), (3, 7), 18.0),
    _SizeBand("10000+", 3, (10_000, 60_000), (15, 60), (4, 9), 25.0),
)
INDUSTRY_SHARES: Mapping[str, float] = {
    "fintech": 12,
    "health tech": 8,
    "e-commerce": 9,
    "developer tools": 11,
    "gaming": 4,
    "logistics": 6,
    "climate": 6,
    "security": 7,
    "media": 5,
    "edtech": 5,
    "travel": 4,
    "hr tech": 5,
    "mobility": 4,
    "insurance": 4,
    "artificial intelligence": 9,
}
GENERIC_NAME_WORDS = (
    "Labs",
    "Systems",
    "Technologies",
    "Software",
    "Analytics",
    "Works",
    "Digital",
    "Cloud",
    "Data",
)
WORKPLACES = ("remote", "hybrid", "onsite")
# Workplace mix (remote, hybrid, onsite) of a company's jobs by its policy; over all jobs it
# comes to roughly a third each, hybrid slightly ahead.
POLICY_WORKPLACES: Mapping[str, tuple[float, float, float]] = {
    "remote-first": (0.85, 0.10, 0.05),
    "hybrid": (0.20, 0.60, 0.20),
    "office-first": (0.10, 0.20, 0.70),
}
POLICY_SHARES: Mapping[str, float] = {"remote-first": 0.25, "hybrid": 0.5, "office-first": 0.25}
# Employment types other than full time, with their shares of ordinary jobs.
OTHER_EMPLOYMENT: tuple[tuple[str, float], ...] = (
    ("contractor", 0.07),
    ("contract_to_hire", 0.04),
    ("part_time", 0.025),
    ("temporary", 0.015),
)
LEADERSHIP = frozenset(("staff", "principal", "manager", "director"))
DISCIPLINE_FAMILIES = frozenset(
    ("infrastructure", "reliability", "security", "data", "ml", "data-science", "quality",
     "embedded", "database", "architecture", "devrel")
)  # fmt: skip
PLACES_PER_JOB = ((1, 75.0), (2, 18.0), (3, 7.0))
# Companies of this many people and more have their headquarters in a tech hub.
LARGE_COMPANY_PEOPLE = 500


@dataclass(frozen=True, slots=True)
class _Company:
    record: DemoCompany
    profile: CompanyProfile
    industry: IndustryText
    offices: tuple[City, ...]
    office_weights: tuple[float, ...]
    workplace_weights: tuple[float, float, float]
    hiring_weight: float


def generate(
    catalog: Catalog,
    *,
    now: datetime,
    seed: int = 20261128,
    companies: int = 300,
    jobs: int = 10_000,
) -> DemoData:
    """Return ``companies`` companies and ``jobs`` published jobs for the catalog's categories.

    The same catalog, seed and ``now`` give the same data. Jobs are published within the 28
    days before ``now`` (which must be timezone-aware) and come out oldest first.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    if companies < 1 or jobs < 0:
        raise ValueError("need at least one company and a non-negative number of jobs")
    if jobs and not catalog.categories:
        raise ValueError("the catalog holds no categories to generate jobs for")
    now = now.astimezone(UTC)
    rng = random.Random(seed)
    gazetteer = get_gazetteer()
    geography = build_geography(gazetteer)
    made = _make_companies(rng, gazetteer, geography, count=companies, year=now.year)
    roles = prepare_roles(catalog)
    country_names = {code: gazetteer.country_name(code) or code for code in MARKETS}
    day_weights = _cumulative_day_weights(now)
    drafted = [
        _make_job(
            rng,
            company,
            role,
            now=now,
            country_names=country_names,
            cumulative_day_weights=day_weights,
        )
        for company, role in _assign_jobs(rng, made, roles, count=jobs)
    ]
    drafted.sort(key=lambda job: job.published_at)
    return DemoData(companies=tuple(company.record for company in made), jobs=tuple(drafted))


def _make_companies(
    rng: random.Random, gazetteer: Gazetteer, geography: Geography, *, count: int, year: int
) -> list[_Company]:
    names: set[str] = set()
    slugs: set[str] = set()
    made = []
    industries = list(INDUSTRY_SHARES)
    for _ in range(count):
        industry_name = rng.choices(industries, list(INDUSTRY_SHARES.values()))[0]
        industry = INDUSTRIES[industry_name]
        name = _company_name(rng, industry)
        slug = slugify(name)
        while name in names or slug in slugs:
            name = _company_name(rng, industry)
            slug = slugify(name)
        names.add(name)
        slugs.add(slug)
        made.append(
            _make_company(
                rng,
                gazetteer,
                geography,
                name=name,
                slug=slug,
                industry_name=industry_name,
                year=year,
            )
        )
    return made


def _company_name(rng: random.Random, industry: IndustryText) -> str:
    if rng.random() < 0.45:
        root = rng.choice(NAME_ROOTS)
    else:
        root = rng.choice(NAME_COMPOUND_STARTS) + rng.choice(NAME_COMPOUND_ENDS)
    words = industry.name_words if rng.random() < 0.7 else GENERIC_NAME_WORDS
    return f"{root} {rng.choice(words)}"


def _make_company(
    rng: random.Random,
    gazetteer: Gazetteer,
    geography: Geography,
    *,
    name: str,
    slug: str,
    industry_name: str,
    year: int,
) -> _Company:
    industry = INDUSTRIES[industry_name]
    band = rng.choices(SIZE_BANDS, [band.share for band in SIZE_BANDS])[0]
    people = rng.randint(*band.people)
    age = rng.randint(*band.age_years)
    funding_age = rng.randint(0, age - 1)
    headquarters = pick_headquarters(rng, geography, large=band.people[0] >= LARGE_COMPANY_PEOPLE)
    offices = pick_offices(
        rng,
        gazetteer,
        geography,
        headquarters=headquarters,
        extra_offices=rng.randint(*band.extra_offices),
    )
    policy = rng.choices(list(POLICY_SHARES), list(POLICY_SHARES.values()))[0]
    product = rng.choice(industry.products)
    users = rng.choice(industry.users)
    description = company_description(
        rng,
        name=name,
        product=product,
        users=users,
        size=band.size,
        people=people,
        city=headquarters.name,
        founded_year=year - age,
        funding_year=year - funding_age,
        policy=policy,
    )
    record = DemoCompany(
        slug=slug,
        name=name,
        website=f"https://{slug}.example",
        description=description,
        industry=industry_name,
        size=band.size,
        founded_year=year - age,
        headquarters=place_of(headquarters),
    )
    profile = CompanyProfile(
        name=name,
        description=description,
        industry=industry_name,
        product_noun=product.noun,
        users=users,
        domains=industry.domains,
        is_startup=band.size in ("1-49", "50-99"),
    )
    return _Company(
        record=record,
        profile=profile,
        industry=industry,
        offices=offices,
        # Headquarters hire the most.
        office_weights=(3.0,) + (1.0,) * (len(offices) - 1),
        workplace_weights=POLICY_WORKPLACES[policy],
        hiring_weight=band.hiring_weight * rng.lognormvariate(0, 0.5),
    )


def _assign_jobs(
    rng: random.Random, companies: Sequence[_Company], roles: Sequence[Role], *, count: int
) -> list[tuple[_Company, Role]]:
    """Return a (company, role) pair per job: every category first, then one job for every
    company, then the rest by company size and the roles each industry hires most."""
    # Cumulative weights computed once: choices() would recompute them on every call, which
    # for a million jobs over thousands of companies never finishes. The draws are the same.
    role_weights = {
        industry: list(
            accumulate(
                role.weight * industry_text.family_affinity.get(role.family, 1.0) for role in roles
            )
        )
        for industry, industry_text in INDUSTRIES.items()
    }
    company_weights = list(accumulate(company.hiring_weight for company in companies))
    pairs = []
    for index in range(count):
        if index < len(roles):
            role = roles[index]
            weights = [
                company.hiring_weight * company.industry.family_affinity.get(role.family, 1.0)
                for company in companies
            ]
            pairs.append((rng.choices(companies, weights)[0], role))
            continue
        if index < len(roles) + len(companies):
            company = companies[index - len(roles)]
        else:
            company = rng.choices(companies, cum_weights=company_weights)[0]
        role_choice = rng.choices(roles, cum_weights=role_weights[company.record.industry])
        pairs.append((company, role_choice[0]))
    return pairs


def _make_job(
    rng: random.Random,
    company: _Company,
    role: Role,
    *,
    now: datetime,
    country_names: Mapping[str, str],
    cumulative_day_weights: Sequence[float],
) -> DemoJob:
    seniority = rng.choices(role.levels, role.level_weights)[0]
    employment_type = _employment_type(rng, role, seniority)
    title = base_title(rng, role, seniority=seniority, employment_type=employment_type)
    required, nice_to_have = pick_skills(
        rng, role, count=rng.randint(4, 10), named=skills_named_in(title, role)
    )
    experience = years_of_experience(rng, category=role.category, seniority=seniority)
    required_years = tuple(
        (skill, skill_years(rng, skill, experience=experience, year=now.year)) for skill in required
    )
    # Specialists sit in teams named after their discipline, product engineers in teams named
    # after a part of the product.
    discipline_share = 0.75 if role.family in DISCIPLINE_FAMILIES else 0.2
    team_is_discipline = rng.random() < discipline_share
    if team_is_discipline:
        team = rng.choice(FAMILIES[role.family].teams)
    else:
        team = rng.choice(company.industry.teams)
    title = specialise_title(rng, title, role=role, required=required, team=team)
    workplace = rng.choices(WORKPLACES, company.workplace_weights)[0]
    places, regions, anchor = _places(rng, company, workplace)
    market = market_for(anchor.country_code)
    pay: Pay | None = pay_for(
        rng,
        country_code=anchor.country_code,
        city_name=None if workplace == "remote" else anchor.name,
        seniority=seniority,
        family=role.family,
        employment_type=employment_type,
        company_size=company.record.size,
    )
    if rng.random() >= market.disclosure:
        pay = None
    facts = JobFacts(
        title=title,
        family=role.family,
        seniority=seniority,
        employment_type=employment_type,
        workplace=workplace,
        team=team,
        team_is_discipline=team_is_discipline,
        city=None if workplace == "remote" else anchor.name,
        regions=(
            describe_regions(regions, country_names=country_names)
            if regions and regions != ("worldwide",)
            else None
        ),
        timezone=anchor.timezone if workplace == "remote" else None,
        benefits=market.benefits,
        min_years_experience=experience,
        required=required_years,
        nice_to_have=tuple(nice_to_have),
        pay=pay,
    )
    return DemoJob(
        company_slug=company.record.slug,
        title=title,
        category_slug=role.category.slug,
        seniority=seniority,
        min_years_experience=experience,
        employment_type=employment_type,
        workplace=workplace,
        remote_regions=regions,
        places=places,
        salary_min=pay.minimum if pay else None,
        salary_max=pay.maximum if pay else None,
        salary_currency=pay.currency if pay else None,
        salary_period=pay.period if pay else None,
        description=job_description(rng, company=company.profile, job=facts),
        skills=(
            *(DemoJobSkill(skill.slug, True, years) for skill, years in required_years),
            *(DemoJobSkill(skill.slug, False, None) for skill in nice_to_have),
        ),
        published_at=_published_at(rng, now, cumulative_day_weights),
    )


def _employment_type(rng: random.Random, role: Role, seniority: str) -> str:
    draw = rng.random()
    if seniority == "intern":
        return "internship"
    if seniority == "junior" and role.category.seniority == "junior" and draw < 0.1:
        return "internship"
    if seniority in LEADERSHIP:
        return "contractor" if draw < 0.03 else "full_time"
    for employment_type, share in OTHER_EMPLOYMENT:
        if draw < share:
            return employment_type
        draw -= share
    return "full_time"


def _places(
    rng: random.Random, company: _Company, workplace: str
) -> tuple[tuple[DemoPlace, ...], tuple[str, ...], City]:
    """Return the job's places, its remote regions and the city its pay is anchored in."""
    offices = company.offices
    if workplace == "remote":
        # Most remote jobs hang off the headquarters; larger companies spread them out.
        anchor = offices[0]
        if len(offices) > 1 and rng.random() >= 0.6:
            anchor = rng.choice(offices[1:])
        regions = pick_remote_regions(rng, country_code=anchor.country_code)
        if regions == ("worldwide",):
            # Open to anyone anywhere: pay follows the headquarters.
            return (), regions, offices[0]
        return (place_of(anchor),), regions, anchor
    wanted = rng.choices([count for count, _ in PLACES_PER_JOB], [w for _, w in PLACES_PER_JOB])[0]
    chosen: list[City] = []
    candidates = list(offices)
    weights = list(company.office_weights)
    while candidates and len(chosen) < wanted:
        position = rng.choices(range(len(candidates)), weights)[0]
        chosen.append(candidates.pop(position))
        weights.pop(position)
    return tuple(place_of(city) for city in chosen), (), chosen[0]


def _cumulative_day_weights(now: datetime) -> list[float]:
    """Return cumulative weights for publishing on each of the days before ``now``."""
    total = 0.0
    cumulative = []
    for day in range(PUBLISH_WINDOW_DAYS):
        middle_of_day = now - timedelta(days=day, hours=12)
        weight = 0.5 ** (day / RECENCY_HALF_LIFE_DAYS)
        if middle_of_day.weekday() >= 5:
            weight *= WEEKEND_FACTOR
        total += weight
        cumulative.append(total)
    return cumulative


def _published_at(
    rng: random.Random, now: datetime, cumulative_day_weights: Sequence[float]
) -> datetime:
    day = rng.choices(range(PUBLISH_WINDOW_DAYS), cum_weights=cumulative_day_weights)[0]
    return now - timedelta(days=day, seconds=rng.randrange(86_400))
