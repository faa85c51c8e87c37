"""A job as answers show it: the one reading shared by the REST endpoints, the pages, GraphQL
and the feeds.

``read_job`` reads one job for display in three statements of plain rows (the job with its
company's and category's names; its places; its skills with their names) and builds the
answer from them. Loading the ORM job with its four relationships took six statements and
spent half of a job request's CPU time in the ORM (identity map, loader strategies, whole
company and category rows). ``job_read`` reads an ORM job already loaded for other work (an
edit's answer, a page that also shows the company). ``places_and_skills`` reads the places and
skills of many jobs at once, for search hits as for one job.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.auth.principal import Principal, require_scope
from jobboard.companies.repository import ALL_MEMBER_ROLES
from jobboard.companies.service import require_role
from jobboard.errors import NotFound
from jobboard.jobs import repository, service
from jobboard.jobs.descriptions import description_html
from jobboard.jobs.schemas import (
    CategoryRef,
    CompanyRef,
    JobRead,
    JobSkillRead,
    LocationRead,
    salary_read,
    skill_order,
)
from jobboard.kit.clock import utcnow
from jobboard.kit.schemas import Page
from jobboard.models import Category, Company, Job, JobLocation, JobSkill, Skill
from jobboard.models.job import JobStatus
from jobboard.pagination import PageParams, keyset_page


def job_read(job: Job, now: datetime) -> JobRead:
    return _answer(
        job,
        company=CompanyRef(slug=job.company.slug, name=job.company.name),
        category=CategoryRef(slug=job.category.slug, name=job.category.name)
        if job.category
        else None,
        locations=[LocationRead.model_validate(location) for location in job.locations],
        skills=sorted(
            (
                JobSkillRead(
                    slug=item.skill.slug,
                    name=item.skill.name,
                    kind=item.skill.kind,
                    required=item.required,
                    min_years=item.min_years,
                )
                for item in job.skills
            ),
            key=skill_order,
        ),
        now=now,
    )


def _answer(
    job: Any,
    *,
    company: CompanyRef,
    category: CategoryRef | None,
    locations: list[LocationRead],
    skills: list[JobSkillRead],
    now: datetime,
) -> JobRead:
    """The answer from a job's own columns (an ORM job, or a row of ``_JOB_COLUMNS``) and
    what is read beside them."""
    return JobRead(
        id=job.id,
        company=company,
        title=job.title,
        description=job.description,
        description_format="html" if job.description_format == "html" else "text",
        description_html=description_html(job),
        category=category,
        category_confidence=job.category_confidence,
        seniority=job.seniority,
        min_years_experience=job.min_years_experience,
        employment_type=job.employment_type,
        workplace=job.workplace,
        remote_regions=job.remote_regions,
        derived_fields=job.derived_fields,
        locations=locations,
        salary=salary_read(job),
        skills=skills,
        status=service.status_at(job.status, job.expires_at, now),
        closing_reason=job.closing_reason,
        closing_note=job.closing_note,
        published_at=job.published_at,
        expires_at=job.expires_at,
        closed_at=job.closed_at,
        apply_url=job.apply_url,
        requisition_id=job.requisition_id,
        created_at=job.created_at,
        updated_at=job.updated_at,
        version=job.version,
    )


# What a JobRead shows of the job row, with its company's and category's names.
_JOB_COLUMNS = (
    Job.id,
    Job.title,
    Job.description,
    Job.description_format,
    Job.description_html,
    Job.category_confidence,
    Job.seniority,
    Job.min_years_experience,
    Job.employment_type,
    Job.workplace,
    Job.remote_regions,
    Job.derived_fields,
    Job.salary_min,
    Job.salary_max,
    Job.salary_currency,
    Job.salary_period,
    Job.salary_annual_min,
    Job.salary_annual_max,
    Job.status,
    Job.closing_reason,
    Job.closing_note,
    Job.published_at,
    Job.expires_at,
    Job.closed_at,
    Job.apply_url,
    Job.requisition_id,
    Job.created_at,
    Job.updated_at,
    Job.version,
    Company.slug.label("company_slug"),
    Company.name.label("company_name"),
    Category.slug.label("category_slug"),
    Category.name.label("category_name"),
)


async def read_job(
    session: AsyncSession, *, principal: Principal, job_id: int, now: datetime
) -> JobRead:
    """One job as ``principal`` may see it (drafts only to their company); NotFound if not."""
    statement = (
        select(*_JOB_COLUMNS)
        .join(Company, Company.id == Job.company_id)
        .outerjoin(Category, Category.id == Job.category_id)
        .where(Job.id == job_id)
    )
    visible = repository.readable_jobs(principal).whereclause
    if visible is not None:
        statement = statement.where(visible)
    row = (await session.execute(statement)).one_or_none()
    if row is None:
        raise NotFound(f"There is no job {job_id}, or it is not visible to you.")
    places, skills = await places_and_skills(session, [job_id])
    return _answer(
        row,
        company=CompanyRef(slug=row.company_slug, name=row.company_name),
        category=None
        if row.category_slug is None
        else CategoryRef(slug=row.category_slug, name=row.category_name),
        locations=places.get(job_id, []),
        skills=skills.get(job_id, []),
        now=now,
    )


async def places_and_skills(
    session: AsyncSession, job_ids: Sequence[int]
) -> tuple[dict[int, list[LocationRead]], dict[int, list[JobSkillRead]]]:
    """The places (in their order) and the skills (required first, then by slug) of each
    of ``job_ids``, in two statements whatever their number."""
    wanted = list(job_ids)
    places: dict[int, list[LocationRead]] = {}
    skills: dict[int, list[JobSkillRead]] = {}
    if not wanted:
        return places, skills
    for place in await session.execute(
        select(
            JobLocation.job_id,
            JobLocation.kind,
            JobLocation.area,
            JobLocation.geoname_id,
            JobLocation.city,
            JobLocation.region,
            JobLocation.country_code,
            JobLocation.latitude,
            JobLocation.longitude,
        )
        .where(JobLocation.job_id.in_(wanted))
        .order_by(JobLocation.job_id, JobLocation.position)
    ):
        places.setdefault(place.job_id, []).append(
            LocationRead(
                kind=place.kind,
                area=place.area,
                geoname_id=place.geoname_id,
                city=place.city,
                region=place.region,
                country_code=place.country_code,
                latitude=place.latitude,
                longitude=place.longitude,
            )
        )
    for skill in await session.execute(
        select(
            JobSkill.job_id,
            Skill.slug,
            Skill.name,
            Skill.kind,
            JobSkill.required,
            JobSkill.min_years,
        )
        .join(Skill, Skill.id == JobSkill.skill_id)
        .where(JobSkill.job_id.in_(wanted))
    ):
        skills.setdefault(skill.job_id, []).append(
            JobSkillRead(
                slug=skill.slug,
                name=skill.name,
                kind=skill.kind,
                required=bool(skill.required),
                min_years=skill.min_years,
            )
        )
    for listed in skills.values():
        listed.sort(key=skill_order)
    return places, skills


async def jobs_page(
    session: AsyncSession,
    statement: Select[Job],
    page: PageParams,
    scope: str,
    *,
    newest_published: bool,
) -> Page[JobRead]:
    """Newest first: by publication for open jobs, by creation otherwise (drafts have none)."""
    if newest_published:
        first_key = (Job.published_at, datetime, lambda job: job.published_at)
    else:
        first_key = (Job.created_at, datetime, lambda job: job.created_at)
    jobs, next_cursor = await keyset_page(
        session,
        repository.with_details(statement),
        params=page,
        scope=scope,
        keys=[first_key, (Job.id, int, lambda job: job.id)],
        descending=True,
    )
    now = utcnow()
    return Page(items=[job_read(job, now) for job in jobs], next_cursor=next_cursor)


async def company_jobs_page(
    session: AsyncSession,
    *,
    company: Company,
    principal: Principal,
    page: PageParams,
    status: JobStatus | None,
) -> Page[JobRead]:
    """A company's open jobs; its members may list drafts, closed and expired ones."""
    now = utcnow()
    if status is None:
        statement = repository.open_jobs(now)
    else:
        require_scope(principal, "jobs:read")
        await require_role(session, company=company, principal=principal, roles=ALL_MEMBER_ROLES)
        statement = repository.jobs_in_status(status, now)
    return await jobs_page(
        session,
        statement.where(Job.company_id == company.id),
        page,
        f"company-jobs:{company.id}:{status}",
        newest_published=status is None,
    )
