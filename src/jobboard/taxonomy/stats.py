"""Live figures for a category, computed over its open jobs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.kit import money
from jobboard.models import Category, Job, JobLocation, JobSkill, Skill
from jobboard.models.job import open_job_clause
from jobboard.taxonomy.schemas import CategoryStats, PayPercentiles, PlaceCount, SkillCount

TOP_N = 10


def percentile(sorted_values: Sequence[int], fraction: float) -> int:
    """Linear-interpolated percentile of an ascending sequence (numpy's default method)."""
    if not sorted_values:
        raise ValueError("no values")
    position = (len(sorted_values) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    weight = position - lower
    return round(sorted_values[lower] * (1 - weight) + sorted_values[upper] * weight)


async def open_job_counts(session: AsyncSession, *, now: datetime) -> dict[int, int]:
    rows = await session.execute(
        select(Job.category_id, func.count())
        .where(open_job_clause(now), Job.category_id.is_not(None))
        .group_by(Job.category_id)
    )
    return {category_id: count for category_id, count in rows if category_id is not None}


async def category_stats(
    session: AsyncSession, *, category: Category, now: datetime, currency: str
) -> CategoryStats:
    in_category = (Job.category_id == category.id, open_job_clause(now))
    mixes = await session.execute(
        select(Job.workplace, Job.seniority, func.count())
        .where(*in_category)
        .group_by(Job.workplace, Job.seniority)
    )
    workplace_mix: dict[str, int] = {}
    seniority_mix: dict[str, int] = {}
    for workplace, seniority, count in mixes:
        workplace_mix[workplace] = workplace_mix.get(workplace, 0) + count
        level = seniority or "unspecified"
        seniority_mix[level] = seniority_mix.get(level, 0) + count
    open_jobs = sum(workplace_mix.values())

    skill_rows = await session.execute(
        select(Skill.slug, Skill.name, func.count().label("jobs"))
        .select_from(JobSkill)
        .join(Job, Job.id == JobSkill.job_id)
        .join(Skill, Skill.id == JobSkill.skill_id)
        .where(*in_category)
        .group_by(Skill.slug, Skill.name)
        .order_by(func.count().desc(), Skill.slug)
        .limit(TOP_N)
    )
    top_skills = [
        SkillCount(slug=slug, name=name, jobs=count, share=round(count / open_jobs, 4))
        for slug, name, count in skill_rows
    ]

    place_rows = await session.execute(
        select(JobLocation.city, JobLocation.region, JobLocation.country_code, func.count())
        .join(Job, Job.id == JobLocation.job_id)
        .where(*in_category)
        .group_by(JobLocation.city, JobLocation.region, JobLocation.country_code)
        .order_by(func.count().desc(), JobLocation.city)
        .limit(TOP_N)
    )
    top_locations = [
        PlaceCount(city=city, region=region, country_code=country, jobs=count)
        for city, region, country, count in place_rows
    ]

    pay_rows = await session.execute(
        select(Job.salary_annual_min_usd, Job.salary_annual_max_usd).where(
            *in_category, Job.salary_annual_min_usd.is_not(None)
        )
    )
    midpoints: list[int] = []
    for low, high in pay_rows:
        if low is None:
            continue
        usd = (low + (high if high is not None else low)) // 2
        converted = money.convert(usd, from_currency="USD", to_currency=currency)
        if converted is not None:
            midpoints.append(converted)
    midpoints.sort()
    pay = (
        PayPercentiles(
            currency=currency,
            p25=percentile(midpoints, 0.25),
            p50=percentile(midpoints, 0.5),
            p75=percentile(midpoints, 0.75),
            sample_size=len(midpoints),
            rates_as_of=money.RATES_AS_OF.isoformat(),
        )
        if midpoints
        else None
    )
    return CategoryStats(
        open_jobs=open_jobs,
        pay=pay,
        top_skills=top_skills,
        top_locations=top_locations,
        remote_share=round(workplace_mix.get("remote", 0) / open_jobs, 4) if open_jobs else 0.0,
        workplace_mix=workplace_mix,
        seniority_mix=seniority_mix,
    )
