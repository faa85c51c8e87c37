"""The jobs of one search page, read for display as plain rows.

A page shows up to 100 jobs with their company, category, places and skills. Read as ORM
objects with their relationships, that took five statements and, on a 20-job page, more Python
time than the search itself (identity map, relationship loaders, then a copy into the response
model). Here three statements of plain rows go straight into the response models: the jobs
with their company and category joined, then their places and their skills with their names
(``jobs.readers.places_and_skills``, as a job's own page reads them).
Only the start of each description is read: the snippet looks no further.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.jobs.readers import places_and_skills
from jobboard.jobs.schemas import CategoryRef, CompanyRef, salary_read
from jobboard.models import Category, Company, Job
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
    places, skills = await places_and_skills(session, wanted)
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
