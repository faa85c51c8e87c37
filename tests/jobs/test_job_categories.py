"""Every job gets a category: derived from title, skills and seniority unless the employer
chose one, for posted, batch-created and imported jobs alike; employers override it, and
category counts include derived ones."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from conftest import Account, job_payload
from jobboard.db import Database
from support_http import LocalServer
from support_queue import run_queued

MakeJob = Callable[..., Awaitable[dict[str, Any]]]
OWN = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def _category(job: dict[str, Any]) -> str | None:
    return job["category"]["slug"] if job["category"] else None


async def test_a_job_posted_without_a_category_gets_one(make_job: MakeJob) -> None:
    """The category follows from the title and seniority, with its confidence; one the
    employer chose has no confidence."""
    derived = await make_job(category=None, title="Data Engineer", seniority="senior")
    assert _category(derived) == "senior-data-engineer"
    assert 0.5 < derived["category_confidence"] <= 1
    chosen = await make_job(title="Data Engineer", category="back-end-developer")
    assert (_category(chosen), chosen["category_confidence"]) == ("back-end-developer", None)


async def test_a_job_no_category_fits_has_none(make_job: MakeJob) -> None:
    """An account executive is no software role: no category, confidence 0. Asking for no
    derived fields still gets a category: it is read from the title, not the description."""
    job = await make_job(category=None, title="Account Executive", skills=[], seniority=None)
    assert (_category(job), job["category_confidence"]) == (None, 0.0)
    plain = await make_job(category=None, title="DevOps Engineer", derive=False)
    assert (_category(plain), plain["derived_fields"]) == ("devops-engineer", [])


async def test_employers_override_and_hand_back_the_category(
    client: httpx.AsyncClient, employer: Account, make_job: MakeJob
) -> None:
    """Setting `category` overrides the derived one and keeps it through title changes;
    `category: null` hands it back to the classifier; a derived category follows edits."""
    job = await make_job(category=None, title="Backend Engineer", seniority="mid")
    assert _category(job) == "back-end-developer"
    renamed = await client.patch(
        f"/api/v1/jobs/{job['id']}", json={"title": "iOS Engineer"}, headers=employer.headers
    )
    assert _category(renamed.json()) == "ios-developer"
    chosen = await client.patch(
        f"/api/v1/jobs/{job['id']}",
        json={"category": "cross-platform-mobile-developer"},
        headers=employer.headers,
    )
    assert (_category(chosen.json()), chosen.json()["category_confidence"]) == (
        "cross-platform-mobile-developer",
        None,
    )
    kept = await client.patch(
        f"/api/v1/jobs/{job['id']}", json={"title": "Android Engineer"}, headers=employer.headers
    )
    assert _category(kept.json()) == "cross-platform-mobile-developer"
    assert kept.json()["category_confidence"] is None
    handed_back = await client.patch(
        f"/api/v1/jobs/{job['id']}", json={"category": None}, headers=employer.headers
    )
    assert _category(handed_back.json()) == "android-developer"
    assert handed_back.json()["category_confidence"] > 0.5


async def test_batch_created_jobs_get_categories(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """Each job of a batch gets its own derived category."""
    slug = company["slug"]
    response = await client.post(
        "/api/v1/jobs/batch",
        json={
            "jobs": [
                job_payload(slug, category=None, title="Site Reliability Engineer"),
                job_payload(slug, category=None, title="Senior Frontend Engineer"),
            ]
        },
        headers=employer.headers,
    )
    assert response.status_code == 200, response.text
    assert [_category(item["job"]) for item in response.json()["results"]] == [
        "site-reliability-engineer",
        "senior-front-end-developer",
    ]


async def test_imported_jobs_get_categories_and_count_on_category_pages(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    server: LocalServer,
) -> None:
    """Imported jobs are categorized, and the category list counts them as open jobs."""
    server.serve("/feed", (OWN / "greenhouse_wide_places.json").read_bytes())
    slug = company["slug"]
    created = await client.post(
        f"/api/v1/companies/{slug}/feeds",
        json={"kind": "greenhouse", "url": server.url("/feed"), "sync_interval_minutes": None},
        headers=employer.headers,
    )
    feed_id = created.json()["id"]
    await client.post(f"/api/v1/companies/{slug}/feeds/{feed_id}/sync", headers=employer.headers)
    assert (await run_queued(database)).failures == []
    listed = await client.get(
        f"/api/v1/companies/{slug}/jobs", params={"status": "published"}, headers=employer.headers
    )
    categories = {job["title"]: _category(job) for job in listed.json()["items"]}
    assert categories == {
        "Backend Engineer (Python)": "back-end-developer",
        "Site Reliability Engineer": "site-reliability-engineer",
        "Data Engineer": "data-engineer",
        "Frontend Engineer": "front-end-developer",
    }
    counted = await client.get("/api/v1/categories", params={"limit": 100})
    counts = {item["slug"]: item["open_jobs"] for item in counted.json()["items"]}
    assert counts["site-reliability-engineer"] == 1
    assert counts["data-engineer"] == 1
