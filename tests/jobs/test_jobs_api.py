"""Jobs over REST: posting, reading, editing, publishing, closing, expiry and batches."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from conftest import (
    Account,
    AccountFactory,
    assert_problem,
    job_payload,
    make_admin,
    problem_fields,
)
from jobboard.db import Database
from jobboard.models import Job

PROBLEM = "application/problem+json"
JOB_STATUSES = ("draft", "published", "closed", "expired")

MakeJob = Callable[..., Awaitable[dict[str, Any]]]


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value)


async def _open_ids(client: httpx.AsyncClient, company: dict[str, Any]) -> list[int]:
    """Ids of the company's jobs in the public job list."""
    response = await client.get("/api/v1/jobs", params={"company": company["slug"], "limit": 100})
    assert response.status_code == 200, response.text
    return [job["id"] for job in response.json()["items"]]


async def _company_ids(
    client: httpx.AsyncClient,
    company: dict[str, Any],
    status: str | None = None,
    headers: dict[str, str] | None = None,
) -> list[int]:
    params: dict[str, Any] = {"limit": 100}
    if status is not None:
        params["status"] = status
    response = await client.get(
        f"/api/v1/companies/{company['slug']}/jobs", params=params, headers=headers or {}
    )
    assert response.status_code == 200, response.text
    return [job["id"] for job in response.json()["items"]]


async def _job_count(client: httpx.AsyncClient, company: dict[str, Any], member: Account) -> int:
    counts = [
        len(await _company_ids(client, company, status, member.headers)) for status in JOB_STATUSES
    ]
    return sum(counts)


async def _member(
    client: httpx.AsyncClient,
    accounts: AccountFactory,
    company: dict[str, Any],
    owner: Account,
    role: str,
) -> Account:
    account = await accounts("employer")
    response = await client.post(
        f"/api/v1/companies/{company['slug']}/members",
        json={"email": account.email, "role": role},
        headers=owner.headers,
    )
    assert response.status_code == 201, response.text
    return account


async def _other_company(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> tuple[Account, dict[str, Any]]:
    owner = await accounts("employer")
    response = await client.post(
        "/api/v1/companies",
        json={"name": f"Other {secrets.token_hex(3)}", "headquarters": "Paris"},
        headers=owner.headers,
    )
    assert response.status_code == 201, response.text
    return owner, response.json()


# Drafts and publishing


async def test_a_new_job_is_a_private_draft(
    client: httpx.AsyncClient,
    database: Database,
    accounts: AccountFactory,
    employer: Account,
    company: dict[str, Any],
) -> None:
    """A job is a draft by default: unlisted, invisible to outsiders, readable by members."""
    response = await client.post(
        "/api/v1/jobs", json=job_payload(company["slug"]), headers=employer.headers
    )
    assert response.status_code == 201, response.text
    draft = response.json()
    assert draft["status"] == "draft"
    assert draft["published_at"] is None
    assert draft["expires_at"] is None
    assert draft["company"] == {"slug": company["slug"], "name": company["name"]}
    assert response.headers["location"] == f"/api/v1/jobs/{draft['id']}"
    assert draft["id"] not in await _open_ids(client, company)
    assert draft["id"] not in await _company_ids(client, company)

    path = f"/api/v1/jobs/{draft['id']}"
    assert_problem(await client.get(path), 404, "/problems/not-found")
    seeker = await accounts("seeker")
    assert_problem(await client.get(path, headers=seeker.headers), 404, "/problems/not-found")
    viewer = await _member(client, accounts, company, employer, "viewer")
    admin = await make_admin(database, client)
    for reader in (employer, viewer, admin):
        read = await client.get(path, headers=reader.headers)
        assert read.status_code == 200, read.text
        assert read.json() == draft


async def test_a_job_created_published_is_open_for_thirty_days(
    client: httpx.AsyncClient, company: dict[str, Any], make_job: MakeJob
) -> None:
    """Creating with status published sets published_at and expires_at 30 days later."""
    before = datetime.now(UTC)
    job = await make_job(status="published")
    assert job["status"] == "published"
    published_at = _when(job["published_at"])
    assert before - timedelta(minutes=1) <= published_at <= datetime.now(UTC)
    expires_in = _when(job["expires_at"]) - published_at
    assert abs(expires_in - timedelta(days=30)) <= timedelta(minutes=1)
    assert await _open_ids(client, company) == [job["id"]]
    assert await _company_ids(client, company) == [job["id"]]
    anonymous = await client.get(f"/api/v1/jobs/{job['id']}")
    assert anonymous.status_code == 200
    assert anonymous.json()["status"] == "published"


async def test_skill_aliases_resolve_to_canonical_skills(make_job: MakeJob) -> None:
    """golang, postgres and k8s are stored as go, postgresql and kubernetes."""
    job = await make_job()
    skills = {skill["slug"]: skill for skill in job["skills"]}
    assert set(skills) == {"go", "postgresql", "kubernetes"}
    assert skills["go"]["name"] == "Go"
    assert skills["go"]["min_years"] == 3
    assert skills["postgresql"]["required"] is True
    assert skills["kubernetes"]["required"] is False
    assert [skill["slug"] for skill in job["skills"]] == ["go", "postgresql", "kubernetes"]


async def test_publishing_a_draft_opens_it(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any], make_job: MakeJob
) -> None:
    """Publishing a draft sets published_at and expires_at and lists the job."""
    draft = await make_job()
    response = await client.post(f"/api/v1/jobs/{draft['id']}/publish", headers=employer.headers)
    assert response.status_code == 200, response.text
    job = response.json()
    assert job["status"] == "published"
    assert job["published_at"] is not None
    expires_in = _when(job["expires_at"]) - _when(job["published_at"])
    assert abs(expires_in - timedelta(days=30)) <= timedelta(minutes=1)
    assert job["version"] > draft["version"]
    assert await _open_ids(client, company) == [draft["id"]]


async def test_publishing_twice_is_an_invalid_transition(
    client: httpx.AsyncClient, employer: Account, make_job: MakeJob
) -> None:
    """Publishing a published job is 409 invalid-state-transition and changes nothing."""
    job = await make_job(status="published")
    response = await client.post(f"/api/v1/jobs/{job['id']}/publish", headers=employer.headers)
    assert_problem(response, 409, "/problems/invalid-state-transition")
    after = await client.get(f"/api/v1/jobs/{job['id']}")
    assert after.json()["published_at"] == job["published_at"]
    assert after.json()["version"] == job["version"]


async def test_an_onsite_job_needs_a_location_to_publish(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any], make_job: MakeJob
) -> None:
    """Onsite and hybrid jobs without a location cannot be published: 422 on body.locations."""
    created = await client.post(
        "/api/v1/jobs",
        json=job_payload(company["slug"], workplace="onsite", locations=[], status="published"),
        headers=employer.headers,
    )
    problem = assert_problem(created, 422, "/problems/validation-error")
    assert problem_fields(problem) == ["body.locations"]
    assert await _company_ids(client, company, "draft", employer.headers) == []

    draft = await make_job(workplace="hybrid", locations=[])
    publish = await client.post(f"/api/v1/jobs/{draft['id']}/publish", headers=employer.headers)
    assert problem_fields(assert_problem(publish, 422, "/problems/validation-error")) == [
        "body.locations"
    ]
    assert (await client.get(f"/api/v1/jobs/{draft['id']}", headers=employer.headers)).json()[
        "status"
    ] == "draft"

    remote = await make_job(workplace="remote", locations=[], remote_regions=["EU", "de"])
    assert remote["remote_regions"] == ["DE", "EU"]
    publish = await client.post(f"/api/v1/jobs/{remote['id']}/publish", headers=employer.headers)
    assert publish.status_code == 200, publish.text


async def test_removing_the_locations_of_a_published_onsite_job_is_refused(
    client: httpx.AsyncClient, employer: Account, make_job: MakeJob
) -> None:
    """A published onsite job cannot lose its last location."""
    job = await make_job(status="published", workplace="onsite")
    response = await client.patch(
        f"/api/v1/jobs/{job['id']}", json={"locations": []}, headers=employer.headers
    )
    assert problem_fields(assert_problem(response, 422, "/problems/validation-error")) == [
        "body.locations"
    ]
    assert len((await client.get(f"/api/v1/jobs/{job['id']}")).json()["locations"]) == 1


# Closing and deleting


async def test_closing_a_job_records_the_reason_and_unlists_it(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any], make_job: MakeJob
) -> None:
    """Closing a published job stores the reason and note and removes it from the lists."""
    job = await make_job(status="published")
    response = await client.post(
        f"/api/v1/jobs/{job['id']}/close",
        json={"reason": "filled", "note": "Hired internally"},
        headers=employer.headers,
    )
    assert response.status_code == 200, response.text
    closed = response.json()
    assert closed["status"] == "closed"
    assert closed["closing_reason"] == "filled"
    assert closed["closing_note"] == "Hired internally"
    assert closed["closed_at"] is not None
    assert await _open_ids(client, company) == []
    assert await _company_ids(client, company) == []
    assert await _company_ids(client, company, "closed", employer.headers) == [job["id"]]
    assert (await client.get(f"/api/v1/jobs/{job['id']}")).json()["status"] == "closed"
    edit = await client.patch(
        f"/api/v1/jobs/{job['id']}", json={"title": "Reopened?"}, headers=employer.headers
    )
    assert_problem(edit, 409, "/problems/invalid-state-transition")
    republish = await client.post(f"/api/v1/jobs/{job['id']}/publish", headers=employer.headers)
    assert_problem(republish, 409, "/problems/invalid-state-transition")


async def test_closing_needs_a_known_reason(
    client: httpx.AsyncClient, employer: Account, make_job: MakeJob
) -> None:
    """A close without a reason or with an unknown one is a 422 naming body.reason."""
    job = await make_job(status="published")
    for body in ({}, {"reason": "bored"}):
        response = await client.post(
            f"/api/v1/jobs/{job['id']}/close", json=body, headers=employer.headers
        )
        assert problem_fields(assert_problem(response, 422, "/problems/validation-error")) == [
            "body.reason"
        ]


async def test_closing_a_draft_is_an_invalid_transition(
    client: httpx.AsyncClient, employer: Account, make_job: MakeJob
) -> None:
    """A draft cannot be closed: 409, and it stays a draft."""
    draft = await make_job()
    response = await client.post(
        f"/api/v1/jobs/{draft['id']}/close", json={"reason": "cancelled"}, headers=employer.headers
    )
    assert_problem(response, 409, "/problems/invalid-state-transition")
    read = await client.get(f"/api/v1/jobs/{draft['id']}", headers=employer.headers)
    assert read.json()["status"] == "draft"


async def test_a_draft_can_be_deleted(
    client: httpx.AsyncClient, employer: Account, make_job: MakeJob
) -> None:
    """Deleting a draft answers 204 and the job is gone."""
    draft = await make_job()
    response = await client.delete(f"/api/v1/jobs/{draft['id']}", headers=employer.headers)
    assert response.status_code == 204
    assert response.content == b""
    gone = await client.get(f"/api/v1/jobs/{draft['id']}", headers=employer.headers)
    assert_problem(gone, 404, "/problems/not-found")


async def test_a_published_job_cannot_be_deleted(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any], make_job: MakeJob
) -> None:
    """Deleting a published job is 409; it stays listed."""
    job = await make_job(status="published")
    response = await client.delete(f"/api/v1/jobs/{job['id']}", headers=employer.headers)
    assert_problem(response, 409, "/problems/invalid-state-transition")
    assert await _open_ids(client, company) == [job["id"]]


# Editing


async def test_patch_changes_only_the_fields_sent(
    client: httpx.AsyncClient, employer: Account, make_job: MakeJob
) -> None:
    """A partial update changes the given fields and keeps every other one."""
    job = await make_job()
    response = await client.patch(
        f"/api/v1/jobs/{job['id']}",
        json={"title": "Staff Backend Engineer", "seniority": "staff"},
        headers=employer.headers,
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["title"] == "Staff Backend Engineer"
    assert updated["seniority"] == "staff"
    assert updated["version"] == job["version"] + 1
    unchanged = ("title", "seniority", "version", "updated_at")
    assert {key: value for key, value in updated.items() if key not in unchanged} == {
        key: value for key, value in job.items() if key not in unchanged
    }


async def test_patch_null_clears_the_salary(
    client: httpx.AsyncClient, employer: Account, make_job: MakeJob
) -> None:
    """PATCH salary: null removes the salary and keeps the rest."""
    job = await make_job()
    assert job["salary"] is not None
    response = await client.patch(
        f"/api/v1/jobs/{job['id']}", json={"salary": None}, headers=employer.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["salary"] is None
    assert response.json()["skills"] == job["skills"]
    read = await client.get(f"/api/v1/jobs/{job['id']}", headers=employer.headers)
    assert read.json()["salary"] is None


@pytest.mark.parametrize("name", ["title", "description", "employment_type", "workplace"])
async def test_patch_cannot_clear_a_required_field(
    client: httpx.AsyncClient, employer: Account, make_job: MakeJob, name: str
) -> None:
    """PATCH title (or another required field): null is a 422 naming it; the value stays."""
    job = await make_job()
    response = await client.patch(
        f"/api/v1/jobs/{job['id']}", json={name: None}, headers=employer.headers
    )
    problem = assert_problem(response, 422, "/problems/validation-error")
    assert problem_fields(problem) == [f"body.{name}"]
    read = await client.get(f"/api/v1/jobs/{job['id']}", headers=employer.headers)
    assert read.json()[name] == job[name]
    assert read.json()["version"] == job["version"]


async def test_patch_replaces_skills_and_locations(
    client: httpx.AsyncClient, employer: Account, make_job: MakeJob
) -> None:
    """Sending skills or locations replaces the whole list."""
    job = await make_job()
    response = await client.patch(
        f"/api/v1/jobs/{job['id']}",
        json={
            "skills": [{"skill": "python"}],
            "locations": [{"name": "Austin, TX"}, {"name": "London, UK"}],
        },
        headers=employer.headers,
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert [skill["slug"] for skill in updated["skills"]] == ["python"]
    assert [(place["city"], place["country_code"]) for place in updated["locations"]] == [
        ("Austin", "US"),
        ("London", "GB"),
    ]


# Who may do what


async def test_a_recruiter_may_post_jobs(
    client: httpx.AsyncClient,
    accounts: AccountFactory,
    employer: Account,
    company: dict[str, Any],
) -> None:
    """A recruiter creates and publishes the company's jobs."""
    recruiter = await _member(client, accounts, company, employer, "recruiter")
    response = await client.post(
        "/api/v1/jobs", json=job_payload(company["slug"]), headers=recruiter.headers
    )
    assert response.status_code == 201, response.text
    job_id = response.json()["id"]
    publish = await client.post(f"/api/v1/jobs/{job_id}/publish", headers=recruiter.headers)
    assert publish.status_code == 200, publish.text


@pytest.mark.parametrize("role", ["viewer", "seeker"])
async def test_viewers_and_seekers_may_not_post_jobs(
    client: httpx.AsyncClient,
    accounts: AccountFactory,
    employer: Account,
    company: dict[str, Any],
    role: str,
) -> None:
    """Viewers and job seekers get 403 and no job is written."""
    if role == "viewer":
        caller = await _member(client, accounts, company, employer, "viewer")
    else:
        caller = await accounts("seeker")
    response = await client.post(
        "/api/v1/jobs", json=job_payload(company["slug"]), headers=caller.headers
    )
    assert_problem(response, 403, "/problems/forbidden")
    assert await _job_count(client, company, employer) == 0


async def test_anonymous_callers_may_not_post_jobs(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """Posting without a token is 401 with a Bearer challenge."""
    response = await client.post("/api/v1/jobs", json=job_payload(company["slug"]))
    assert_problem(response, 401, "/problems/not-authenticated")
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert await _job_count(client, company, employer) == 0


async def test_a_member_of_another_company_may_not_edit(
    client: httpx.AsyncClient, accounts: AccountFactory, make_job: MakeJob
) -> None:
    """An owner of another company gets 403 on PATCH, close and DELETE of a job."""
    job = await make_job(status="published")
    stranger, _ = await _other_company(client, accounts)
    path = f"/api/v1/jobs/{job['id']}"
    patch = await client.patch(path, json={"title": "Mine now"}, headers=stranger.headers)
    assert_problem(patch, 403, "/problems/forbidden")
    close = await client.post(f"{path}/close", json={"reason": "other"}, headers=stranger.headers)
    assert_problem(close, 403, "/problems/forbidden")
    delete = await client.delete(path, headers=stranger.headers)
    assert_problem(delete, 403, "/problems/forbidden")
    assert (await client.get(path)).json()["title"] == job["title"]


async def test_a_member_of_another_company_cannot_see_drafts(
    client: httpx.AsyncClient, accounts: AccountFactory, make_job: MakeJob
) -> None:
    """Another company's draft is a 404 to an outsider, for reading and editing alike."""
    draft = await make_job()
    stranger, _ = await _other_company(client, accounts)
    path = f"/api/v1/jobs/{draft['id']}"
    assert_problem(await client.get(path, headers=stranger.headers), 404, "/problems/not-found")
    patch = await client.patch(path, json={"title": "Mine"}, headers=stranger.headers)
    assert_problem(patch, 404, "/problems/not-found")


async def test_posting_for_another_company_is_forbidden(
    client: httpx.AsyncClient, accounts: AccountFactory, company: dict[str, Any], employer: Account
) -> None:
    """An employer cannot post into a company they do not belong to."""
    stranger, _ = await _other_company(client, accounts)
    response = await client.post(
        "/api/v1/jobs", json=job_payload(company["slug"]), headers=stranger.headers
    )
    assert_problem(response, 403, "/problems/forbidden")
    assert await _job_count(client, company, employer) == 0


# Expiry


async def _expire(session: AsyncSession, job_id: int) -> None:
    await session.execute(
        update(Job)
        .where(Job.id == job_id)
        .values(expires_at=datetime.now(UTC) - timedelta(hours=1))
    )
    await session.commit()


async def test_an_expired_job_is_unlisted_but_readable_and_can_be_renewed(
    client: httpx.AsyncClient,
    session: AsyncSession,
    employer: Account,
    company: dict[str, Any],
    make_job: MakeJob,
) -> None:
    """Past its expiry a job leaves the lists, reads as expired, and publishing renews it."""
    job = await make_job(status="published")
    await _expire(session, job["id"])

    assert await _open_ids(client, company) == []
    assert await _company_ids(client, company) == []
    assert await _company_ids(client, company, "expired", employer.headers) == [job["id"]]
    assert await _company_ids(client, company, "published", employer.headers) == []
    read = await client.get(f"/api/v1/jobs/{job['id']}")
    assert read.status_code == 200
    assert read.json()["status"] == "expired"

    response = await client.post(f"/api/v1/jobs/{job['id']}/publish", headers=employer.headers)
    assert response.status_code == 200, response.text
    renewed = response.json()
    assert renewed["status"] == "published"
    assert renewed["published_at"] == job["published_at"]
    remaining = _when(renewed["expires_at"]) - datetime.now(UTC)
    assert abs(remaining - timedelta(days=30)) <= timedelta(minutes=1)
    assert await _open_ids(client, company) == [job["id"]]


async def test_an_expired_job_can_be_closed(
    client: httpx.AsyncClient,
    session: AsyncSession,
    employer: Account,
    make_job: MakeJob,
) -> None:
    """Closing an expired job is allowed and stores the reason."""
    job = await make_job(status="published")
    await _expire(session, job["id"])
    response = await client.post(
        f"/api/v1/jobs/{job['id']}/close", json={"reason": "on_hold"}, headers=employer.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "closed"
    assert response.json()["closing_reason"] == "on_hold"


# The company's job list


async def test_company_draft_list_is_for_members_only(
    client: httpx.AsyncClient,
    accounts: AccountFactory,
    employer: Account,
    company: dict[str, Any],
    make_job: MakeJob,
) -> None:
    """Members list drafts with ?status=draft; outsiders and anonymous callers cannot."""
    draft = await make_job()
    published = await make_job(status="published", title="Open role")
    viewer = await _member(client, accounts, company, employer, "viewer")
    for member in (employer, viewer):
        assert await _company_ids(client, company, "draft", member.headers) == [draft["id"]]
        assert await _company_ids(client, company, "published", member.headers) == [published["id"]]
    path = f"/api/v1/companies/{company['slug']}/jobs"
    anonymous = await client.get(path, params={"status": "draft"})
    assert anonymous.status_code in (401, 403)
    assert anonymous.headers["content-type"] == PROBLEM
    outsider = await accounts("employer")
    forbidden = await client.get(path, params={"status": "draft"}, headers=outsider.headers)
    assert_problem(forbidden, 403, "/problems/forbidden")
    assert await _company_ids(client, company, headers=outsider.headers) == [published["id"]]


async def test_job_lists_page_without_gaps(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any], make_job: MakeJob
) -> None:
    """Walking the job list two at a time returns every open job once, newest first."""
    created = [
        (await make_job(status="published", title=f"Role {number}"))["id"] for number in range(5)
    ]
    await make_job(title="Still a draft")
    seen: list[int] = []
    cursor: str | None = None
    for _ in range(5):
        params: dict[str, Any] = {"limit": 2, "company": company["slug"]}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get("/api/v1/jobs", params=params)).json()
        seen.extend(job["id"] for job in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert cursor is None
    assert sorted(seen) == sorted(created)
    assert len(seen) == len(set(seen))
    published = [
        _when((await client.get(f"/api/v1/jobs/{job_id}")).json()["published_at"])
        for job_id in seen
    ]
    assert published == sorted(published, reverse=True)


# Conditional requests


async def test_if_match_guards_job_edits(
    client: httpx.AsyncClient, employer: Account, make_job: MakeJob
) -> None:
    """A stale If-Match is 412 with current_etag; the current tag and `*` succeed."""
    job = await make_job()
    path = f"/api/v1/jobs/{job['id']}"
    first = (await client.get(path, headers=employer.headers)).headers["etag"]
    ok = await client.patch(
        path, json={"title": "First edit"}, headers={**employer.headers, "If-Match": first}
    )
    assert ok.status_code == 200, ok.text
    second = ok.headers["etag"]
    assert second != first
    stale = await client.patch(
        path, json={"title": "Lost edit"}, headers={**employer.headers, "If-Match": first}
    )
    problem = assert_problem(stale, 412, "/problems/precondition-failed")
    assert problem["current_etag"] == second
    listed = await client.patch(
        path,
        json={"title": "Listed edit"},
        headers={**employer.headers, "If-Match": f'"nope", {second}'},
    )
    assert listed.status_code == 200, listed.text
    anything = await client.patch(
        path, json={"title": "Any edit"}, headers={**employer.headers, "If-Match": "*"}
    )
    assert anything.status_code == 200, anything.text
    read = await client.get(path, headers=employer.headers)
    assert read.json()["title"] == "Any edit"
    stale_publish = await client.post(
        f"{path}/publish", headers={**employer.headers, "If-Match": first}
    )
    assert_problem(stale_publish, 412, "/problems/precondition-failed")
    assert (await client.get(path, headers=employer.headers)).json()["status"] == "draft"


async def test_if_none_match_answers_not_modified(
    client: httpx.AsyncClient, employer: Account, make_job: MakeJob
) -> None:
    """GET with the current ETag is 304 until the job changes."""
    job = await make_job(status="published")
    path = f"/api/v1/jobs/{job['id']}"
    etag = (await client.get(path)).headers["etag"]
    cached = await client.get(path, headers={"If-None-Match": etag})
    assert cached.status_code == 304
    assert cached.headers["etag"] == etag
    await client.patch(path, json={"title": "Changed"}, headers=employer.headers)
    fresh = await client.get(path, headers={"If-None-Match": etag})
    assert fresh.status_code == 200
    assert fresh.json()["title"] == "Changed"


# Idempotency-Key


async def test_a_retried_post_replays_the_first_answer(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """The same Idempotency-Key and body answer the first job again instead of a second one."""
    headers = {**employer.headers, "Idempotency-Key": secrets.token_hex(8)}
    payload = job_payload(company["slug"])
    first = await client.post("/api/v1/jobs", json=payload, headers=headers)
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    retry = await client.post("/api/v1/jobs", json=payload, headers=headers)
    assert retry.status_code == 201
    assert retry.headers["idempotent-replayed"] == "true"
    assert retry.json() == first.json()
    assert retry.headers["location"] == first.headers["location"]
    assert retry.headers["etag"] == first.headers["etag"]
    assert await _job_count(client, company, employer) == 1


async def test_reusing_a_key_for_another_body_is_refused(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """The same Idempotency-Key with a different body is 422 idempotency-key-reused."""
    headers = {**employer.headers, "Idempotency-Key": secrets.token_hex(8)}
    first = await client.post("/api/v1/jobs", json=job_payload(company["slug"]), headers=headers)
    assert first.status_code == 201
    other = await client.post(
        "/api/v1/jobs", json=job_payload(company["slug"], title="Other role"), headers=headers
    )
    assert_problem(other, 422, "/problems/idempotency-key-reused")
    assert await _job_count(client, company, employer) == 1


async def test_callers_have_separate_key_spaces(
    client: httpx.AsyncClient, accounts: AccountFactory, employer: Account, company: dict[str, Any]
) -> None:
    """Two callers using the same Idempotency-Key each get their own job."""
    key = secrets.token_hex(8)
    other_owner, other_company = await _other_company(client, accounts)
    mine = await client.post(
        "/api/v1/jobs",
        json=job_payload(company["slug"]),
        headers={**employer.headers, "Idempotency-Key": key},
    )
    theirs = await client.post(
        "/api/v1/jobs",
        json=job_payload(other_company["slug"]),
        headers={**other_owner.headers, "Idempotency-Key": key},
    )
    assert mine.status_code == theirs.status_code == 201
    assert "idempotent-replayed" not in theirs.headers
    assert mine.json()["id"] != theirs.json()["id"]
    assert theirs.json()["company"]["slug"] == other_company["slug"]


async def test_a_failed_request_does_not_use_up_its_key(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """An answer that failed is not stored, so the key still works for the corrected request."""
    headers = {**employer.headers, "Idempotency-Key": secrets.token_hex(8)}
    failed = await client.post(
        "/api/v1/jobs",
        json=job_payload(company["slug"], category="no-such-category"),
        headers=headers,
    )
    assert_problem(failed, 422, "/problems/validation-error")
    fixed = await client.post("/api/v1/jobs", json=job_payload(company["slug"]), headers=headers)
    assert fixed.status_code == 201, fixed.text
    assert "idempotent-replayed" not in fixed.headers


async def test_a_malformed_key_is_refused(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """An over-long Idempotency-Key is a 400 problem and nothing is written."""
    response = await client.post(
        "/api/v1/jobs",
        json=job_payload(company["slug"]),
        headers={**employer.headers, "Idempotency-Key": "k" * 256},
    )
    assert_problem(response, 400, "/problems/bad-request")
    assert await _job_count(client, company, employer) == 0


# Batches


async def test_a_batch_creates_the_valid_items_and_reports_the_rest(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """Each batch item succeeds or fails alone; failures name their field inside the batch."""
    slug = company["slug"]
    items = [
        job_payload(slug, title="Batch one"),
        job_payload(slug, title="Batch two", skills=[{"skill": "no-such-skill"}]),
        job_payload(slug, title="Batch three", status="published"),
        job_payload(
            slug,
            title="Batch four",
            salary={"min": 1, "max": 2, "currency": "XYZ", "period": "yearly"},
        ),
        job_payload(slug, title="Batch five", workplace="remote", locations=[]),
    ]
    response = await client.post(
        "/api/v1/jobs/batch", json={"jobs": items}, headers=employer.headers
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["created"] == 3
    assert result["failed"] == 2
    assert [item["index"] for item in result["results"]] == [0, 1, 2, 3, 4]
    assert [item["status"] for item in result["results"]] == [201, 422, 201, 422, 201]
    unknown_skill = result["results"][1]["problem"]
    assert unknown_skill["type"] == "/problems/validation-error"
    assert problem_fields(unknown_skill) == ["body.jobs[1].skills[0].skill"]
    currency = result["results"][3]["problem"]
    assert problem_fields(currency) == ["body.jobs[3].salary.currency"]
    created = [item["job"] for item in result["results"] if item["status"] == 201]
    assert [job["title"] for job in created] == ["Batch one", "Batch three", "Batch five"]
    assert [job["status"] for job in created] == ["draft", "published", "draft"]
    for job in created:
        read = await client.get(f"/api/v1/jobs/{job['id']}", headers=employer.headers)
        assert read.json()["title"] == job["title"]
    assert await _job_count(client, company, employer) == 3


async def test_a_batch_refuses_a_requisition_id_used_earlier_in_it(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """The second item reusing a requisition id fails with 409; the first stands."""
    items = [
        job_payload(company["slug"], requisition_id="REQ-1"),
        job_payload(company["slug"], requisition_id="REQ-1", title="Copy"),
    ]
    response = await client.post(
        "/api/v1/jobs/batch", json={"jobs": items}, headers=employer.headers
    )
    result = response.json()
    assert [item["status"] for item in result["results"]] == [201, 409]
    assert result["results"][1]["problem"]["type"] == "/problems/requisition-id-taken"
    assert await _job_count(client, company, employer) == 1


async def test_a_batch_of_more_than_200_is_refused(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """A batch of 201 items is one 422 naming body.jobs; nothing is created."""
    items = [job_payload(company["slug"], title=f"Job {number}") for number in range(201)]
    response = await client.post(
        "/api/v1/jobs/batch", json={"jobs": items}, headers=employer.headers
    )
    assert problem_fields(assert_problem(response, 422, "/problems/validation-error")) == [
        "body.jobs"
    ]
    empty = await client.post("/api/v1/jobs/batch", json={"jobs": []}, headers=employer.headers)
    assert problem_fields(assert_problem(empty, 422, "/problems/validation-error")) == ["body.jobs"]
    assert await _job_count(client, company, employer) == 0


async def test_a_batch_needs_jobs_write(
    client: httpx.AsyncClient, accounts: AccountFactory, employer: Account, company: dict[str, Any]
) -> None:
    """A caller without jobs:write has the whole batch refused with 403; nothing is created."""
    seeker = await accounts("seeker")
    response = await client.post(
        "/api/v1/jobs/batch",
        json={"jobs": [job_payload(company["slug"])]},
        headers=seeker.headers,
    )
    assert_problem(response, 403, "/problems/forbidden")
    assert await _job_count(client, company, employer) == 0


# Salary


async def test_hourly_pay_is_annualized(make_job: MakeJob) -> None:
    """An hourly salary of 5000 cents is 10_400_000 cents a year (2080 hours)."""
    job = await make_job(salary={"min": 5000, "currency": "USD", "period": "hourly"})
    assert job["salary"] == {
        "min": 5000,
        "max": None,
        "currency": "USD",
        "period": "hourly",
        "annual_min": 10_400_000,
        "annual_max": None,
    }


async def test_monthly_pay_is_annualized(make_job: MakeJob) -> None:
    """A monthly range is multiplied by twelve on both ends."""
    job = await make_job(
        salary={"min": 400_000, "max": 500_000, "currency": "EUR", "period": "monthly"}
    )
    assert job["salary"]["annual_min"] == 4_800_000
    assert job["salary"]["annual_max"] == 6_000_000
