"""Demo data lands in the database and is browsable through the API."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.demo.generator import generate
from jobboard.demo.loader import DEMO_PASSWORD, has_companies, load_demo
from jobboard.kit.clock import utcnow
from jobboard.models import Company, Job, JobLocation, JobSkill
from jobboard.taxonomy.catalog import load_catalog


async def test_loaded_demo_is_open_and_browsable(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    """Every demo job is open, has skills, and category counts add up to the jobs loaded."""
    data = generate(load_catalog(), now=utcnow(), companies=40, jobs=400)
    assert not await has_companies(session)
    report = await load_demo(session, data=data)
    await session.commit()
    assert (report.companies, report.jobs) == (40, 400)
    assert await session.scalar(select(func.count()).select_from(Job)) == 400
    skilled = await session.scalar(select(func.count(func.distinct(JobSkill.job_id))))
    assert skilled == 400
    placed = await session.scalar(select(func.count(func.distinct(JobLocation.job_id))))
    assert placed is not None
    assert placed >= 400 - sum(1 for job in data.jobs if not job.places)
    expiry = await session.scalar(select(func.min(Job.expires_at)))
    assert expiry is not None
    assert expiry > utcnow() + timedelta(days=1)

    categories = (await client.get("/api/v1/categories", params={"limit": 100})).json()["items"]
    assert sum(category["open_jobs"] for category in categories) == 400
    listed = (await client.get("/api/v1/jobs", params={"limit": 100})).json()
    assert len(listed["items"]) == 100
    assert listed["next_cursor"] is not None


async def test_demo_employer_signs_in_and_owns_the_first_company(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    """The published demo account works and manages a demo company."""
    data = generate(load_catalog(), now=utcnow(), companies=30, jobs=60)
    await load_demo(session, data=data)
    await session.commit()
    token = await client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "password",
            "username": "employer@jobboard.example",
            "password": DEMO_PASSWORD,
        },
    )
    assert token.status_code == 200
    me = await client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"}
    )
    first = await session.scalar(select(Company.slug).order_by(Company.id).limit(1))
    assert me.json()["memberships"] == [
        {"company_slug": first, "company_name": data.companies[0].name, "role": "owner"}
    ]
