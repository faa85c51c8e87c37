"""A job as answers show it: the one reading of an ORM job shared by the REST endpoints,
the pages and the feeds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.auth.principal import Principal, require_scope
from jobboard.companies.repository import ALL_MEMBER_ROLES
from jobboard.companies.service import require_role
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
from jobboard.models import Company, Job
from jobboard.models.job import JobStatus
from jobboard.pagination import PageParams, keyset_page


def job_read(job: Job, now: datetime) -> JobRead:
    return JobRead(
        id=job.id,
        company=CompanyRef(slug=job.company.slug, name=job.company.name),
        title=job.title,
        description=job.description,
        description_format="html" if job.description_format == "html" else "text",
        description_html=description_html(job),
        category=CategoryRef(slug=job.category.slug, name=job.category.name)
        if job.category
        else None,
        category_confidence=job.category_confidence,
        seniority=job.seniority,
        min_years_experience=job.min_years_experience,
        employment_type=job.employment_type,
        workplace=job.workplace,
        remote_regions=job.remote_regions,
        derived_fields=job.derived_fields,
        locations=[LocationRead.model_validate(location) for location in job.locations],
        salary=salary_read(job),
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
        status=service.effective_status(job, now),
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
