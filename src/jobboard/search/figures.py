"""Category pages' live figures, computed by search and cached until the index changes.

The figures are facets of a search filtered to the category (open jobs, top skills, top
places, workplace and seniority mix) plus pay percentiles over the same jobs. They are kept
under the index generation (``jobboard.kept``), so any job change makes them outdated, and
for at most KEEP_SECONDS, which bounds how long a job that expired (which needs no write)
keeps counting.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

import orjson
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.cache import Cache
from jobboard.kept import Keeping, kept
from jobboard.kit import money
from jobboard.kit.clock import utcnow
from jobboard.models import Category, Job, JobSkill, Skill
from jobboard.search.indexing import generation
from jobboard.search.schemas import SearchRequest
from jobboard.search.service import facet_rows, matched_jobs
from jobboard.taxonomy.catalog import SENIORITIES
from jobboard.taxonomy.schemas import (
    CategoryStats,
    PayPercentiles,
    PlaceCount,
    SeniorityPay,
    SkillCount,
    TypicalYears,
)

TOP_N = 10
# How long figures count as current; a job change outdates them sooner.
KEEP_SECONDS = 900
# Pay of a seniority is shown only over at least this many jobs: fewer say too little.
MIN_PAY_SAMPLE = 5
SENIORITY_ORDER = (*SENIORITIES, "unspecified")


def percentile(sorted_values: Sequence[int], fraction: float) -> int:
    """Linear-interpolated percentile of an ascending sequence (numpy's default method)."""
    if not sorted_values:
        raise ValueError("no values")
    position = (len(sorted_values) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    weight = position - lower
    return round(sorted_values[lower] * (1 - weight) + sorted_values[upper] * weight)


def _percentiles(values: list[int], currency: str) -> PayPercentiles | None:
    if not values:
        return None
    values.sort()
    return PayPercentiles(
        currency=currency,
        p25=percentile(values, 0.25),
        p50=percentile(values, 0.5),
        p75=percentile(values, 0.75),
        sample_size=len(values),
        rates_as_of=money.RATES_AS_OF.isoformat(),
    )


async def _compute(
    session: AsyncSession, *, request: SearchRequest, now: datetime, currency: str
) -> CategoryStats:
    matched = await matched_jobs(session, request=request, now=now)
    rows = await facet_rows(
        session, matched, frozenset(("workplace", "seniority", "skills", "city"))
    )
    workplace_mix: dict[str, int] = {}
    seniority_mix: dict[str, int] = {}
    skill_counts: dict[int, int] = {}
    places: list[PlaceCount] = []
    for row in rows:
        if row.facet == "workplace":
            workplace_mix[row.value] = int(row.jobs)
        elif row.facet == "seniority":
            seniority_mix[row.value or "unspecified"] = int(row.jobs)
        elif row.facet == "skills":
            skill_counts[int(row.value)] = int(row.jobs)
        else:
            places.append(
                PlaceCount(
                    city=row.city, region=row.region, country_code=row.country, jobs=int(row.jobs)
                )
            )
    open_jobs = sum(workplace_mix.values())
    skills = {
        skill_id: (slug, name)
        for skill_id, slug, name in await session.execute(
            select(Skill.id, Skill.slug, Skill.name).where(Skill.id.in_(list(skill_counts)))
        )
    }
    top_skills = sorted(
        (
            SkillCount(
                slug=skills[skill_id][0],
                name=skills[skill_id][1],
                jobs=count,
                share=round(count / open_jobs, 4),
            )
            for skill_id, count in skill_counts.items()
        ),
        key=lambda skill: (-skill.jobs, skill.slug),
    )[:TOP_N]
    places.sort(key=lambda place: (-place.jobs, place.city))
    midpoints: list[int] = []
    by_seniority: dict[str, list[int]] = {}
    for low, high, seniority in await session.execute(
        select(matched.c.salary_min_usd, matched.c.salary_usd, matched.c.seniority).where(
            matched.c.salary_min_usd.is_not(None)
        )
    ):
        usd = (low + (high if high is not None else low)) // 2
        converted = money.convert(usd, from_currency="USD", to_currency=currency)
        if converted is not None:
            midpoints.append(converted)
            by_seniority.setdefault(seniority or "unspecified", []).append(converted)
    years = sorted(
        value
        for value in await session.scalars(
            select(Job.min_years_experience).where(
                Job.id.in_(select(matched.c.job_id)), Job.min_years_experience.is_not(None)
            )
        )
        if value is not None
    )
    pay = _percentiles(midpoints, currency)
    pay_by_seniority = [
        SeniorityPay(seniority=level, pay=found)
        for level in SENIORITY_ORDER
        if len(by_seniority.get(level, ())) >= MIN_PAY_SAMPLE
        and (found := _percentiles(by_seniority[level], currency)) is not None
    ]
    return CategoryStats(
        open_jobs=open_jobs,
        pay=pay,
        pay_by_seniority=pay_by_seniority,
        typical_years=TypicalYears(
            p25=percentile(years, 0.25), median=percentile(years, 0.5), sample_size=len(years)
        )
        if years
        else None,
        top_skills=top_skills,
        top_locations=places[:TOP_N],
        remote_share=round(workplace_mix.get("remote", 0) / open_jobs, 4) if open_jobs else 0.0,
        workplace_mix=workplace_mix,
        seniority_mix=seniority_mix,
    )


async def _kept_figure(
    session: AsyncSession,
    cache: Cache,
    key: str,
    compute: Callable[[AsyncSession], Awaitable[bytes]],
    keeping: Keeping | None,
) -> bytes:
    """A figure kept under the index generation (``jobboard.kept``)."""
    return await kept(
        cache,
        key,
        session=session,
        version=await generation(session),
        compute=compute,
        keep_seconds=KEEP_SECONDS,
        read_version=generation,
        keeping=keeping,
    )


async def _kept_stats(
    session: AsyncSession,
    cache: Cache,
    *,
    key: str,
    request: SearchRequest,
    currency: str,
    keeping: Keeping | None,
) -> CategoryStats:
    async def compute(reading: AsyncSession) -> bytes:
        stats = await _compute(reading, request=request, now=utcnow(), currency=currency)
        return stats.model_dump_json().encode()

    raw = await _kept_figure(session, cache, key, compute, keeping)
    return CategoryStats.model_validate_json(raw)


async def category_stats(
    session: AsyncSession,
    cache: Cache,
    *,
    category: Category,
    currency: str,
    keeping: Keeping | None = None,
) -> CategoryStats:
    """The category's figures, from the cache while the index has not changed since (with
    ``keeping``, a while longer as ``jobboard.kept`` describes)."""
    return await _kept_stats(
        session,
        cache,
        key=f"search:category:{category.slug}:{currency}",
        request=SearchRequest(categories=(category.slug,)),
        currency=currency,
        keeping=keeping,
    )


async def skill_stats(
    session: AsyncSession,
    cache: Cache,
    *,
    skill_slug: str,
    currency: str,
    keeping: Keeping | None = None,
) -> CategoryStats:
    """The same figures over the open jobs asking for a skill, kept the same way."""
    return await _kept_stats(
        session,
        cache,
        key=f"search:skill:{skill_slug}:{currency}",
        request=SearchRequest(skills_all=(skill_slug,)),
        currency=currency,
        keeping=keeping,
    )


async def most_asked_skills(session: AsyncSession, *, limit: int) -> list[str]:
    """The slugs of the skills the most open jobs ask for, most first: the skill pages whose
    figures cost the most to count."""
    matched = (await matched_jobs(session, request=SearchRequest(), now=utcnow())).alias("open")
    asked = (
        select(JobSkill.skill_id, func.count().label("jobs"))
        .join(matched, matched.c.job_id == JobSkill.job_id)
        .group_by(JobSkill.skill_id)
        .order_by(func.count().desc(), JobSkill.skill_id)
        .limit(limit)
        .subquery("asked")
    )
    return list(
        await session.scalars(
            select(Skill.slug)
            .join(asked, asked.c.skill_id == Skill.id)
            .order_by(asked.c.jobs.desc(), Skill.slug)
        )
    )


async def _count_by_category(session: AsyncSession) -> bytes:
    matched = await matched_jobs(session, request=SearchRequest(), now=utcnow())
    counts = {
        str(category_id): int(count)
        for category_id, count in await session.execute(
            select(matched.c.category_id, func.count())
            .where(matched.c.category_id.is_not(None))
            .group_by(matched.c.category_id)
        )
    }
    return orjson.dumps(counts)


async def open_jobs_by_category(
    session: AsyncSession, cache: Cache, *, keeping: Keeping | None = None
) -> dict[int, int]:
    """Open jobs per category id (the category facet of an unfiltered search), kept."""
    raw = await _kept_figure(session, cache, "search:category-counts", _count_by_category, keeping)
    return {int(category_id): count for category_id, count in orjson.loads(raw).items()}


async def _count_open(session: AsyncSession) -> bytes:
    matched = await matched_jobs(session, request=SearchRequest(), now=utcnow())
    return str(int(await session.scalar(select(func.count()).select_from(matched)) or 0)).encode()


async def open_jobs_count(
    session: AsyncSession, cache: Cache, *, keeping: Keeping | None = None
) -> int:
    """How many jobs are open, kept like the category counts."""
    raw = await _kept_figure(session, cache, "search:open-jobs", _count_open, keeping)
    return int(raw)
