"""Queries for matching: candidate jobs by shared skills, and what scoring needs of them.

Candidate generation stays in SQL (an index on job_skill(skill_id, job_id) finds the jobs
that share skills with a profile); scoring the few hundred candidates happens in Python.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.analysis.matching import JobProfile, JobRequirement, Place
from jobboard.models import Job, JobLocation, JobSkill, Skill
from jobboard.models.job import open_job_clause


@dataclass(frozen=True, slots=True)
class Candidate:
    job_id: int
    published_at: datetime | None
    profile: JobProfile


async def skill_ids(session: AsyncSession, slugs: Collection[str]) -> list[int]:
    if not slugs:
        return []
    return list(await session.scalars(select(Skill.id).where(Skill.slug.in_(list(slugs)))))


async def candidate_ids(
    session: AsyncSession,
    *,
    skills: Sequence[int],
    now: datetime,
    workplaces: Collection[str] | None,
    exclude: Collection[int],
    limit: int,
) -> list[int]:
    """Open jobs sharing the most skills with the profile (a required one counts double);
    without skills, or when too few share any, the newest open jobs fill up the list."""
    found: list[int] = []
    if skills:
        weight = func.sum(case((JobSkill.required, 2), else_=1))
        statement = (
            select(JobSkill.job_id)
            .join(Job, Job.id == JobSkill.job_id)
            .where(JobSkill.skill_id.in_(list(skills)), open_job_clause(now))
            .group_by(JobSkill.job_id)
            .order_by(weight.desc(), JobSkill.job_id.desc())
            .limit(limit + len(exclude))
        )
        if workplaces is not None:
            statement = statement.where(Job.workplace.in_(list(workplaces)))
        found = [job_id for job_id in await session.scalars(statement) if job_id not in exclude]
    if len(found) < limit:
        newest = (
            select(Job.id)
            .where(open_job_clause(now))
            .order_by(Job.published_at.desc(), Job.id.desc())
            .limit(limit + len(exclude))
        )
        if workplaces is not None:
            newest = newest.where(Job.workplace.in_(list(workplaces)))
        seen = set(found) | set(exclude)
        for job_id in await session.scalars(newest):
            if job_id not in seen and len(found) < limit:
                found.append(job_id)
                seen.add(job_id)
    return found[:limit]


async def candidates(session: AsyncSession, job_ids: Sequence[int]) -> list[Candidate]:
    """Load what scoring needs of each job, in three flat queries."""
    if not job_ids:
        return []
    ids = list(job_ids)
    jobs = (
        await session.execute(
            select(
                Job.id,
                Job.published_at,
                Job.min_years_experience,
                Job.workplace,
                Job.remote_regions,
                Job.salary_annual_min_usd,
                Job.salary_annual_max_usd,
            ).where(Job.id.in_(ids))
        )
    ).all()
    skills: dict[int, list[JobRequirement]] = {}
    for job_id, slug, required, min_years in await session.execute(
        select(JobSkill.job_id, Skill.slug, JobSkill.required, JobSkill.min_years)
        .join(Skill, Skill.id == JobSkill.skill_id)
        .where(JobSkill.job_id.in_(ids))
    ):
        skills.setdefault(job_id, []).append(
            JobRequirement(slug=slug, required=required, min_years=min_years)
        )
    places: dict[int, list[Place]] = {}
    for job_id, latitude, longitude, country_code, city in await session.execute(
        select(
            JobLocation.job_id,
            JobLocation.latitude,
            JobLocation.longitude,
            JobLocation.country_code,
            JobLocation.city,
        )
        .where(JobLocation.job_id.in_(ids))
        .order_by(JobLocation.job_id, JobLocation.position)
    ):
        places.setdefault(job_id, []).append(
            Place(latitude=latitude, longitude=longitude, country_code=country_code, name=city)
        )
    return [
        Candidate(
            job_id=row.id,
            published_at=row.published_at,
            profile=JobProfile(
                skills=tuple(skills.get(row.id, ())),
                min_years=row.min_years_experience,
                workplace=row.workplace,
                remote_regions=tuple(row.remote_regions or ()),
                places=tuple(places.get(row.id, ())),
                annual_pay_usd=(row.salary_annual_min_usd, row.salary_annual_max_usd)
                if row.salary_annual_min_usd is not None or row.salary_annual_max_usd is not None
                else None,
            ),
        )
        for row in jobs
    ]
