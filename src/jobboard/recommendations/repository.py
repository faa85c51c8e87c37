"""Queries for matching: candidate jobs by shared skills, and what scoring needs of them.

Candidate generation stays in SQL (an index on job_skill(skill_id, job_id) finds the jobs
that share skills with a profile); scoring the few hundred candidates happens in Python.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.analysis.matching import JobProfile, JobRequirement, Place
from jobboard.models import Job, JobLocation, JobSkill, Skill
from jobboard.models.job import open_job_clause

# How many of the newest open jobs each of a profile's skills brings to the candidates.
PER_SKILL = 100


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
    per_skill: int = PER_SKILL,
) -> list[int]:
    """Open jobs sharing the most skills with the profile (a required one counts double).

    Each skill contributes its ``per_skill`` newest open jobs, read backwards along the
    (skill_id, job_id) index, so the work does not grow with the number of jobs; the jobs
    found are ranked by how many of the profile's skills they share. Without skills, or when
    too few jobs share any, the newest open jobs fill up the list.
    """
    found: list[int] = []
    if skills:
        branches = []
        for skill_id in skills:
            branch = (
                select(JobSkill.job_id, JobSkill.required)
                .join(Job, Job.id == JobSkill.job_id)
                .where(JobSkill.skill_id == skill_id, open_job_clause(now))
                .order_by(JobSkill.job_id.desc())
                .limit(per_skill)
            )
            if workplaces is not None:
                branch = branch.where(Job.workplace.in_(list(workplaces)))
            branches.append(select(branch.subquery()))
        shared = union_all(*branches).subquery()
        weight = func.sum(case((shared.c.required, 2), else_=1))
        statement = (
            select(shared.c.job_id)
            .group_by(shared.c.job_id)
            .order_by(weight.desc(), shared.c.job_id.desc())
            .limit(limit + len(exclude))
        )
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
    """Load what scoring needs of each job: the jobs with their places, then their skills."""
    if not job_ids:
        return []
    ids = list(job_ids)
    jobs: dict[int, Any] = {}
    places: dict[int, list[Place]] = {}
    rows = await session.execute(
        select(
            Job.id,
            Job.published_at,
            Job.min_years_experience,
            Job.workplace,
            Job.remote_regions,
            Job.salary_annual_min_usd,
            Job.salary_annual_max_usd,
            JobLocation.latitude,
            JobLocation.longitude,
            JobLocation.country_code,
            JobLocation.city,
        )
        .outerjoin(JobLocation, JobLocation.job_id == Job.id)
        .where(Job.id.in_(ids))
        .order_by(Job.id, JobLocation.position)
    )
    for row in rows:
        jobs.setdefault(row.id, row)
        if row.latitude is not None:
            places.setdefault(row.id, []).append(
                Place(
                    latitude=row.latitude,
                    longitude=row.longitude,
                    country_code=row.country_code,
                    name=row.city,
                )
            )
    skills: dict[int, list[JobRequirement]] = {}
    for job_id, slug, required, min_years in await session.execute(
        select(JobSkill.job_id, Skill.slug, JobSkill.required, JobSkill.min_years)
        .join(Skill, Skill.id == JobSkill.skill_id)
        .where(JobSkill.job_id.in_(ids))
    ):
        skills.setdefault(job_id, []).append(
            JobRequirement(slug=slug, required=required, min_years=min_years)
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
        for row in jobs.values()
    ]
