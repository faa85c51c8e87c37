"""A job as answers show it: the one reading of an ORM job shared by the REST endpoints,
the pages and the feeds."""

from __future__ import annotations

from datetime import datetime

from jobboard.jobs import service
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
from jobboard.models import Job


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
