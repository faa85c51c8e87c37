"""Recommending open jobs for a profile, and GET /jobs/{id}/similar, on both engines."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from conftest import Account, AccountFactory, assert_problem
from jobboard.analysis.matching import Pay, Place, SeekerProfile, SeekerSkill
from jobboard.db import Database
from jobboard.kit.clock import utcnow
from jobboard.recommendations.service import recommend

MakeJob = Callable[..., Awaitable[dict[str, Any]]]
PROBLEM = "application/problem+json"
BERLIN = Place(latitude=52.52, longitude=13.405, country_code="DE", name="Berlin")


@pytest.fixture
async def jobs(make_job: MakeJob) -> dict[str, dict[str, Any]]:
    """Four open jobs and one draft, from close to far from a Go + PostgreSQL profile."""
    go = await make_job(
        title="Senior Go Engineer",
        skills=[{"skill": "go"}, {"skill": "postgresql"}, {"skill": "k8s", "required": False}],
        status="published",
    )
    go_in_munich = await make_job(
        title="Go Engineer",
        skills=[{"skill": "go"}, {"skill": "postgresql"}],
        locations=[{"name": "Munich"}],
        status="published",
    )
    rust = await make_job(
        title="Rust Engineer",
        skills=[{"skill": "rust"}, {"skill": "postgresql"}],
        status="published",
    )
    frontend = await make_job(
        title="Frontend Engineer",
        skills=[{"skill": "react"}, {"skill": "typescript"}],
        salary=None,
        status="published",
    )
    draft = await make_job(title="Go Draft", skills=[{"skill": "go"}])
    return {"go": go, "munich": go_in_munich, "rust": rust, "frontend": frontend, "draft": draft}


async def test_recommendations_rank_open_jobs_with_reasons(
    database: Database, jobs: dict[str, dict[str, Any]]
) -> None:
    """The best fits come first; drafts never; every match explains itself."""
    profile = SeekerProfile(
        skills=(SeekerSkill("go", 4), SeekerSkill("postgresql", 4)),
        years_experience=6,
        pay=Pay(minimum=8_000_000, maximum=None, currency="EUR"),
        workplaces=frozenset({"hybrid"}),
        place=BERLIN,
    )
    async with database.sessionmaker() as session:
        found = await recommend(session, profile=profile, now=utcnow(), limit=10)
    ranked = [entry.job_id for entry in found]
    assert ranked[:3] == [jobs["go"]["id"], jobs["munich"]["id"], jobs["rust"]["id"]]
    assert jobs["draft"]["id"] not in ranked
    best = found[0].match
    assert best.reasons[0] == "all 2 required skills"
    assert "pay overlaps your range" in best.reasons
    assert 0 <= found[-1].match.score < best.score <= 1


async def test_a_profile_without_skills_still_gets_the_newest_jobs(
    database: Database, jobs: dict[str, dict[str, Any]]
) -> None:
    """With nothing to match on, open jobs come newest first and are still scored."""
    async with database.sessionmaker() as session:
        found = await recommend(session, profile=SeekerProfile(), now=utcnow(), limit=2)
    assert len(found) == 2
    assert {entry.job_id for entry in found} <= {job["id"] for job in jobs.values()}


async def test_similar_jobs_come_with_reasons(
    client: httpx.AsyncClient, jobs: dict[str, dict[str, Any]]
) -> None:
    """Anyone may ask for jobs like an open job; the job itself and drafts are left out."""
    response = await client.get(f"/api/v1/jobs/{jobs['go']['id']}/similar")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["job_id"] == jobs["go"]["id"]
    ids = [item["job"]["id"] for item in body["items"]]
    assert ids[0] == jobs["munich"]["id"]
    assert jobs["go"]["id"] not in ids
    assert jobs["draft"]["id"] not in ids
    first = body["items"][0]
    assert first["match"]["reasons"][0] == "shares 2 of its 2 required skills"
    assert {part["name"] for part in first["match"]["parts"]} == {
        "required_skills",
        "nice_skills",
        "experience",
        "pay",
        "workplace",
        "location",
    }
    assert first["job"]["title"] == "Go Engineer"


async def test_similar_jobs_respect_the_limit(
    client: httpx.AsyncClient, jobs: dict[str, dict[str, Any]]
) -> None:
    """`limit` caps the list; out of range it is a validation problem."""
    response = await client.get(f"/api/v1/jobs/{jobs['go']['id']}/similar?limit=1")
    assert len(response.json()["items"]) == 1
    for bad in ("0", "51", "many"):
        problem = await client.get(f"/api/v1/jobs/{jobs['go']['id']}/similar?limit={bad}")
        assert problem.status_code == 422
        assert problem.headers["content-type"] == PROBLEM


async def test_similar_jobs_of_a_draft_are_for_its_company_only(
    client: httpx.AsyncClient,
    jobs: dict[str, dict[str, Any]],
    employer: Account,
    accounts: AccountFactory,
) -> None:
    """A draft is not found for others (404, as for the job itself), found for members."""
    draft_id = jobs["draft"]["id"]
    anonymous = await client.get(f"/api/v1/jobs/{draft_id}/similar")
    assert_problem(anonymous, 404, "/problems/not-found")
    stranger = await accounts("seeker")
    assert (
        await client.get(f"/api/v1/jobs/{draft_id}/similar", headers=stranger.headers)
    ).status_code == 404
    member = await client.get(f"/api/v1/jobs/{draft_id}/similar", headers=employer.headers)
    assert member.status_code == 200
    assert jobs["go"]["id"] in [item["job"]["id"] for item in member.json()["items"]]


async def test_similar_jobs_of_an_unknown_job_is_not_found(client: httpx.AsyncClient) -> None:
    """An id no job has answers 404."""
    response = await client.get("/api/v1/jobs/987654321/similar")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
