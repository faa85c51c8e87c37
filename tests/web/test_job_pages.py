"""The public job page and its JSON-LD: schema.org JobPosting for open jobs, 410 Gone for
expired and closed ones, 404 for drafts and unknown ids; expiry stored by the periodic task,
and expiry notices recorded once."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import func, select, update

from conftest import Account
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.kit.clock import utcnow
from jobboard.models import Job, JobExpiryNotice
from jobboard.wiring import load_tasks
from jobboard.worker.registry import TaskContext

MakeJob = Callable[..., Awaitable[dict[str, Any]]]


def _embedded_json_ld(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match is not None
    data: dict[str, Any] = json.loads(match.group(1))
    return data


async def _expire(database: Database, job_id: int) -> None:
    async with database.unit_of_work() as session:
        await session.execute(
            update(Job).where(Job.id == job_id).values(expires_at=utcnow() - timedelta(minutes=1))
        )


async def _run(database: Database, name: str) -> None:
    await load_tasks().tasks[name].run(TaskContext(database=database, task_name=name), {})


async def test_an_open_job_page_embeds_its_job_posting(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """The page escapes text, sets security headers, and embeds the same JSON-LD that
    /jobs/{id}.jsonld serves, with Google's required properties."""
    job = await make_job(
        status="published",
        title="Senior <Backend> Engineer",
        description="Line one.\n\nLine <two>.",
    )
    page = await client.get(f"/jobs/{job['id']}", follow_redirects=True)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy
    assert "Senior &lt;Backend&gt; Engineer" in page.text
    assert "<p>Line &lt;two&gt;.</p>" in page.text
    embedded = _embedded_json_ld(page.text)
    served = await client.get(f"/jobs/{job['id']}.jsonld")
    assert served.status_code == 200
    assert served.headers["content-type"].startswith("application/ld+json")
    assert served.json() == embedded
    assert embedded["@type"] == "JobPosting"
    assert embedded["title"] == "Senior <Backend> Engineer"
    for required in (
        "description",
        "datePosted",
        "validThrough",
        "hiringOrganization",
        "jobLocation",
        "identifier",
        "employmentType",
    ):
        assert required in embedded, required
    assert embedded["employmentType"] == "FULL_TIME"
    base = get_settings().public_url.rstrip("/")
    assert embedded["url"] == f"{base}/jobs/{job['id']}-senior-backend-engineer"
    assert embedded["jobLocation"][0]["address"]["addressLocality"] == "Berlin"
    assert embedded["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {
            "@type": "QuantitativeValue",
            "unitText": "YEAR",
            "minValue": 70000,
            "maxValue": 90000,
        },
    }
    assert "jobLocationType" not in embedded


async def test_a_remote_job_is_telecommute_with_applicant_countries(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """Fully remote jobs say TELECOMMUTE and list the countries applicants may live in."""
    job = await make_job(
        status="published",
        workplace="remote",
        locations=[],
        remote_regions=["DE", "nl"],
        salary=None,
    )
    data = (await client.get(f"/jobs/{job['id']}.jsonld")).json()
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "DE"},
        {"@type": "Country", "name": "NL"},
    ]
    assert "baseSalary" not in data


async def test_expired_and_closed_jobs_are_gone_drafts_unknown(
    client: httpx.AsyncClient, database: Database, employer: Account, make_job: MakeJob
) -> None:
    """410 for expired (by time, before any task ran) and closed jobs; 404 for drafts and
    jobs that never existed, on both the page and the JSON-LD."""
    expired = await make_job(status="published")
    await _expire(database, expired["id"])
    closed = await make_job(status="published")
    await client.post(
        f"/api/v1/jobs/{closed['id']}/close", json={"reason": "filled"}, headers=employer.headers
    )
    draft = await make_job()
    for job_id, status in (
        (expired["id"], 410),
        (closed["id"], 410),
        (draft["id"], 404),
        (987654321, 404),
    ):
        page = await client.get(f"/jobs/{job_id}", follow_redirects=True)
        assert page.status_code == status, job_id
        assert "noindex" in page.text
        assert (await client.get(f"/jobs/{job_id}.jsonld")).status_code == status


async def test_the_expiry_task_stores_expiry_and_records_notices_once(
    client: httpx.AsyncClient, database: Database, employer: Account, make_job: MakeJob
) -> None:
    """Past-due jobs become `expired` (with a job.expired change); jobs expiring within three
    days get one notice record, however often the task runs."""
    past = await make_job(status="published")
    await _expire(database, past["id"])
    soon = await make_job(status="published", expires_at=(utcnow() + timedelta(days=2)).isoformat())
    later = await make_job(
        status="published", expires_at=(utcnow() + timedelta(days=10)).isoformat()
    )
    await _run(database, "jobs.expire")
    await _run(database, "jobs.expire")
    async with database.sessionmaker() as session:
        statuses = dict(
            (
                await session.execute(
                    select(Job.id, Job.status).where(
                        Job.id.in_([past["id"], soon["id"], later["id"]])
                    )
                )
            ).all()
        )
        notices = (
            await session.execute(
                select(JobExpiryNotice.job_id, func.count()).group_by(JobExpiryNotice.job_id)
            )
        ).all()
    assert statuses == {past["id"]: "expired", soon["id"]: "published", later["id"]: "published"}
    assert [
        (job_id, count)
        for job_id, count in notices
        if job_id in (past["id"], soon["id"], later["id"])
    ] == [(soon["id"], 1)]
    shown = await client.get(f"/api/v1/jobs/{past['id']}", headers=employer.headers)
    assert shown.json()["status"] == "expired"


async def test_html_descriptions_are_sanitized_when_shown_and_api_edits_are_text(
    client: httpx.AsyncClient, database: Database, employer: Account, make_job: MakeJob
) -> None:
    """An HTML description written without its rendering (a statement that bypasses the ORM
    sets it NULL) is sanitized when shown; a description edited through the API is text
    again, so HTML sent there is shown escaped."""
    job = await make_job(status="published")
    async with database.unit_of_work() as session:
        await session.execute(
            update(Job)
            .where(Job.id == job["id"])
            .values(
                description="<p>Kept</p><script>steal()</script>",
                description_format="html",
                description_html=None,
            )
        )
    page = await client.get(f"/jobs/{job['id']}", follow_redirects=True)
    assert "<p>Kept</p>" in page.text
    assert "steal()" not in page.text
    edited = await client.patch(
        f"/api/v1/jobs/{job['id']}",
        json={"description": "<b>bold?</b>"},
        headers=employer.headers,
    )
    assert edited.json()["description_format"] == "text"
    page = await client.get(f"/jobs/{job['id']}", follow_redirects=True)
    assert "&lt;b&gt;bold?&lt;/b&gt;" in page.text
