"""The jobs of one search page, read for display as plain rows.

A page shows up to 100 jobs with their company, category, places and skills. Read as ORM
objects with their relationships, that took five statements and, on a 20-job page, more Python
time than the search itself (identity map, relationship loaders, then a copy into the response
model). Here two statements of plain rows go straight into the response models: the jobs
with their company and category joined, then their places and their skills with their names
(one UNION ALL).
Only the start of each description is read: the snippet looks no further.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Boolean, Float, String, cast, func, literal, null, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.jobs.schemas import (
    CategoryRef,
    CompanyRef,
    JobSkillRead,
    LocationRead,
    salary_read,
    skill_order,
)
from jobboard.models import Category, Company, Job, JobLocation, JobSkill, Skill
from jobboard.search.highlight import SCAN_CHARS
from jobboard.search.schemas import SearchHit

# (job row) -> (title snippet, description snippet)
Snippets = Callable[[str, str], tuple[str, str]]


async def load_hits(
    session: AsyncSession,
    job_ids: Sequence[int],
    *,
    snippets: Snippets,
    distances: dict[int, float] | None,
    scores: dict[int, float],
) -> list[SearchHit]:
    """The hits for ``job_ids``, in that order; a job no longer there is left out."""
    if not job_ids:
        return []
    wanted = list(job_ids)
    jobs = {
        row.id: row
        for row in await session.execute(
            select(
                Job.id,
                Job.title,
                func.substr(Job.description, 1, SCAN_CHARS).label("description"),
                Job.seniority,
                Job.min_years_experience,
                Job.employment_type,
                Job.workplace,
                Job.remote_regions,
                Job.salary_min,
                Job.salary_max,
                Job.salary_currency,
                Job.salary_period,
                Job.salary_annual_min,
                Job.salary_annual_max,
                Job.published_at,
                Job.expires_at,
                Company.slug.label("company_slug"),
                Company.name.label("company_name"),
                Category.slug.label("category_slug"),
                Category.name.label("category_name"),
            )
            .join(Company, Company.id == Job.company_id)
            .outerjoin(Category, Category.id == Job.category_id)
            .where(Job.id.in_(wanted))
        )
    }
    # Places and skills in one statement (one round trip fewer per page): rows of
    # (job, part, ...) where part 0 is a place in its position and part 1 a skill.
    parts = union_all(
        select(
            JobLocation.job_id,
            literal(0).label("part"),
            JobLocation.position.label("ordinal"),
            JobLocation.geoname_id.label("number"),
            JobLocation.city.label("first"),
            JobLocation.region.label("second"),
            JobLocation.country_code.label("third"),
            JobLocation.latitude,
            JobLocation.longitude,
            cast(null(), Boolean()).label("required"),
            JobLocation.kind.label("place_kind"),
            JobLocation.area,
        ).where(JobLocation.job_id.in_(wanted)),
        select(
            JobSkill.job_id,
            literal(1),
            literal(0),
            JobSkill.min_years,
            Skill.slug,
            Skill.name,
            Skill.kind,
            cast(null(), Float()),
            cast(null(), Float()),
            JobSkill.required,
            cast(null(), String()),
            cast(null(), String()),
        )
        .join(Skill, Skill.id == JobSkill.skill_id)
        .where(JobSkill.job_id.in_(wanted)),
    ).subquery("parts")
    places: dict[int, list[LocationRead]] = {}
    skills: dict[int, list[JobSkillRead]] = {}
    for row in await session.execute(
        select(parts).order_by(parts.c.job_id, parts.c.part, parts.c.ordinal)
    ):
        if row.part == 0:
            places.setdefault(row.job_id, []).append(
                LocationRead(
                    kind=row.place_kind,
                    area=row.area,
                    geoname_id=row.number,
                    city=row.first,
                    region=row.second,
                    country_code=row.third,
                    latitude=row.latitude,
                    longitude=row.longitude,
                )
            )
        else:
            skills.setdefault(row.job_id, []).append(
                JobSkillRead(
                    slug=row.first,
                    name=row.second,
                    kind=row.third,
                    required=bool(row.required),
                    min_years=row.number,
                )
            )
    for listed in skills.values():
        # As on a job's own page: required skills first, then by slug.
        listed.sort(key=skill_order)
    hits = []
    for job_id in wanted:
        job = jobs.get(job_id)
        if job is None:
            continue
        title_snippet, description_snippet = snippets(job.title, job.description)
        hits.append(
            SearchHit(
                id=job.id,
                title=job.title,
                company=CompanyRef(slug=job.company_slug, name=job.company_name),
                category=_category(job),
                seniority=job.seniority,
                min_years_experience=job.min_years_experience,
                employment_type=job.employment_type,
                workplace=job.workplace,
                remote_regions=job.remote_regions,
                locations=places.get(job_id, []),
                salary=salary_read(job),
                skills=skills.get(job_id, []),
                published_at=job.published_at,
                expires_at=job.expires_at,
                title_snippet=title_snippet,
                description_snippet=description_snippet,
                distance_km=distances.get(job_id) if distances else None,
                score=scores.get(job_id),
            )
        )
    return hits


def _category(job: Any) -> CategoryRef | None:
    if job.category_slug is None:
        return None
    return CategoryRef(slug=job.category_slug, name=job.category_name)
