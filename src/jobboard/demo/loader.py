"""Writes generated demo data into the database in bulk, with demo accounts to sign in with."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import cast

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.analysis.fields import SalaryIn
from jobboard.auth.passwords import hash_password
from jobboard.config import get_settings
from jobboard.demo.model import DemoData, DemoJob
from jobboard.jobs.service import salary_columns
from jobboard.kit.clock import utcnow
from jobboard.kit.markdown import render_description
from jobboard.models import (
    Base,
    Category,
    Company,
    CompanyMember,
    Job,
    JobLocation,
    JobSkill,
    Skill,
    User,
)
from jobboard.search.indexing import jobs_changed

DEMO_PASSWORD = "jobboard-demo-password"  # noqa: S105 - published on purpose, demo only
DEMO_ACCOUNTS = (
    ("admin@jobboard.example", "Demo Admin", "admin"),
    ("employer@jobboard.example", "Demo Employer", "employer"),
    ("seeker@jobboard.example", "Demo Seeker", "seeker"),
)
_CHUNK = 2000


def _table(model: type[Base]) -> Table:
    # Core inserts batch into multi-row statements; ORM bulk inserts go row by row on SQLite.
    return cast(Table, model.__table__)


def _render_descriptions(jobs: Sequence[DemoJob]) -> list[str]:
    return [render_description(job.description, "text") for job in jobs]


@dataclass(frozen=True, slots=True)
class LoadReport:
    companies: int
    jobs: int


async def has_companies(session: AsyncSession) -> bool:
    return bool(await session.scalar(select(func.count()).select_from(Company)))


async def load_demo(session: AsyncSession, *, data: DemoData) -> LoadReport:
    """Insert the demo companies, jobs and accounts; call inside a unit of work."""
    now = utcnow()
    password_hash = await hash_password(DEMO_PASSWORD)
    users: dict[str, int] = {}
    for email, name, role in DEMO_ACCOUNTS:
        existing = await session.scalar(select(User).where(User.email == email))
        if existing is None:
            existing = User(email=email, display_name=name, role=role, password_hash=password_hash)
            session.add(existing)
            await session.flush()
        users[role] = existing.id

    company_rows = [
        {
            "slug": company.slug,
            "name": company.name,
            "website": company.website,
            "description": company.description,
            "industry": company.industry,
            "size": company.size,
            "founded_year": company.founded_year,
            "headquarters_geoname_id": company.headquarters.geoname_id,
            "headquarters_city": company.headquarters.city,
            "headquarters_region": company.headquarters.region,
            "headquarters_country_code": company.headquarters.country_code,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        for company in data.companies
    ]
    company_ids = list(
        await session.scalars(
            insert(_table(Company)).returning(_table(Company).c.id, sort_by_parameter_order=True),
            company_rows,
        )
    )
    company_id = dict(zip((company.slug for company in data.companies), company_ids, strict=True))
    await session.execute(
        insert(_table(CompanyMember)),
        [
            {
                "company_id": company_ids[0],
                "user_id": users["employer"],
                "role": "owner",
                "created_at": now,
            }
        ],
    )

    await load_jobs(session, jobs=data.jobs, company_ids=company_id)
    # Fresh planner statistics: without them SQLite picks poor plans for the new rows.
    await session.execute(text("ANALYZE"))
    return LoadReport(companies=len(company_ids), jobs=len(data.jobs))


async def load_jobs(
    session: AsyncSession, *, jobs: Sequence[DemoJob], company_ids: Mapping[str, int] | None = None
) -> None:
    """Insert demo jobs of companies already in the database, and index them for search."""
    if company_ids is None:
        company_ids = dict((await session.execute(select(Company.slug, Company.id))).all())
    categories = {row.slug: row.id for row in await session.scalars(select(Category))}
    skills = {row.slug: row.id for row in await session.scalars(select(Skill))}
    ttl = timedelta(days=get_settings().job_ttl_days)
    for start in range(0, len(jobs), _CHUNK):
        chunk = jobs[start : start + _CHUNK]
        # Core inserts pass no ORM events, so the rendering the events store is made here.
        descriptions_html = await asyncio.to_thread(_render_descriptions, chunk)
        job_rows = []
        for job, description_html in zip(chunk, descriptions_html, strict=True):
            salary = (
                SalaryIn(
                    min=job.salary_min,
                    max=job.salary_max,
                    currency=job.salary_currency,
                    period=job.salary_period,
                )
                if job.salary_currency and job.salary_period
                else None
            )
            job_rows.append(
                {
                    "company_id": company_ids[job.company_slug],
                    "category_id": categories.get(job.category_slug),
                    "title": job.title,
                    "description": job.description,
                    "description_format": "text",
                    "description_html": description_html,
                    "seniority": job.seniority,
                    "min_years_experience": job.min_years_experience,
                    "employment_type": job.employment_type,
                    "workplace": job.workplace,
                    "remote_regions": list(job.remote_regions),
                    **salary_columns(salary),
                    "status": "published",
                    "published_at": job.published_at,
                    "expires_at": job.published_at + ttl,
                    "source": "demo",
                    "created_at": job.published_at,
                    "updated_at": job.published_at,
                    "version": 1,
                }
            )
        job_ids = list(
            await session.scalars(
                insert(_table(Job)).returning(_table(Job).c.id, sort_by_parameter_order=True),
                job_rows,
            )
        )
        location_rows = [
            {
                "job_id": job_id,
                "position": position,
                "geoname_id": place.geoname_id,
                "city": place.city,
                "region": place.region,
                "country_code": place.country_code,
                "latitude": place.latitude,
                "longitude": place.longitude,
            }
            for job_id, job in zip(job_ids, chunk, strict=True)
            for position, place in enumerate(job.places)
        ]
        if location_rows:
            await session.execute(insert(_table(JobLocation)), location_rows)
        skill_rows = [
            {
                "job_id": job_id,
                "skill_id": skills[item.skill_slug],
                "required": item.required,
                "min_years": item.min_years,
            }
            for job_id, job in zip(job_ids, chunk, strict=True)
            for item in job.skills
            if item.skill_slug in skills
        ]
        if skill_rows:
            await session.execute(insert(_table(JobSkill)), skill_rows)
        await jobs_changed(session, job_ids)
