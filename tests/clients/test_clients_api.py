"""API clients: owners manage them; a client's token acts for its company within its scopes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from conftest import Account, AccountFactory, assert_problem, job_payload
from jobboard.db import Database
from jobboard.models import ApiClient, AuditEvent


def _clients(company: dict[str, Any]) -> str:
    return f"/api/v1/companies/{company['slug']}/clients"


async def _create(
    client: httpx.AsyncClient,
    owner: Account,
    company: dict[str, Any],
    scopes: list[str] | None = None,
) -> dict[str, Any]:
    response = await client.post(
        _clients(company),
        json={"name": "Greenhouse sync", "scopes": scopes or ["jobs:read", "jobs:write"]},
        headers=owner.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def _client_token(
    client: httpx.AsyncClient, created: dict[str, Any], scope: str | None = None
) -> dict[str, str]:
    form = {
        "grant_type": "client_credentials",
        "client_id": created["client_id"],
        "client_secret": created["client_secret"],
    }
    if scope is not None:
        form["scope"] = scope
    response = await client.post("/api/v1/auth/token", data=form)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_an_owner_creates_a_client_and_sees_the_secret_once(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any], database: Database
) -> None:
    """Creating answers 201 with the secret; listing and reading never show it again, and the
    database holds only its hash."""
    created = await _create(client, employer, company)
    assert created["client_id"].startswith("jbc_")
    assert created["client_secret"].startswith("jbs_")
    assert created["scopes"] == ["jobs:read", "jobs:write"]
    assert created["disabled"] is False
    assert created["company_slug"] == company["slug"]
    listed = await client.get(_clients(company), headers=employer.headers)
    assert [item["client_id"] for item in listed.json()] == [created["client_id"]]
    one = await client.get(f"{_clients(company)}/{created['client_id']}", headers=employer.headers)
    for answer in (listed.text, one.text):
        assert created["client_secret"] not in answer
        assert "client_secret" not in answer
    async with database.sessionmaker() as session:
        stored = await session.scalar(
            select(ApiClient.secret_hash).where(ApiClient.client_id == created["client_id"])
        )
    assert stored is not None
    assert created["client_secret"] not in stored


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"name": "x", "scopes": ["admin"]}, ["body.scopes[0]"]),
        ({"name": "x", "scopes": ["companies:write"]}, ["body.scopes[0]"]),
        ({"name": "x", "scopes": []}, ["body.scopes"]),
        ({"name": "", "scopes": ["jobs:read"]}, ["body.name"]),
        ({"name": "x" * 121, "scopes": ["jobs:read"]}, ["body.name"]),
        ({"name": "x", "scopes": ["jobs:read"], "secret": "mine"}, ["body.secret"]),
        ({"scopes": ["jobs:read"]}, ["body.name"]),
    ],
)
async def test_bad_client_input_is_a_422_and_writes_nothing(
    client: httpx.AsyncClient,
    employer: Account,
    company: dict[str, Any],
    database: Database,
    body: dict[str, Any],
    fields: list[str],
) -> None:
    """Unknown or user-only scopes, empty lists, bad names and unknown fields are refused."""
    response = await client.post(_clients(company), json=body, headers=employer.headers)
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == fields
    async with database.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(ApiClient)) == 0


async def test_only_owners_manage_clients(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any], accounts: AccountFactory
) -> None:
    """Recruiters, viewers and strangers get 403; anonymous callers 401; unknown ones 404."""
    created = await _create(client, employer, company)
    recruiter = await accounts("employer")
    await client.post(
        f"/api/v1/companies/{company['slug']}/members",
        json={"email": recruiter.email, "role": "recruiter"},
        headers=employer.headers,
    )
    stranger = await accounts("employer")
    for caller in (recruiter, stranger):
        assert (await client.get(_clients(company), headers=caller.headers)).status_code == 403
        rotate = await client.post(
            f"{_clients(company)}/{created['client_id']}/rotate-secret", headers=caller.headers
        )
        assert rotate.status_code == 403
    assert (await client.get(_clients(company))).status_code == 401
    missing = await client.get(f"{_clients(company)}/jbc_missing", headers=employer.headers)
    assert missing.status_code == 404
    no_company = await client.get(
        "/api/v1/companies/no-such-company/clients", headers=employer.headers
    )
    assert no_company.status_code == 404


async def test_a_client_token_manages_its_own_companys_jobs(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any], accounts: AccountFactory
) -> None:
    """With jobs:write a client posts, edits, publishes and closes its company's jobs and reads
    its drafts; another company's jobs are refused."""
    created = await _create(client, employer, company)
    headers = await _client_token(client, created)
    draft = await client.post("/api/v1/jobs", json=job_payload(company["slug"]), headers=headers)
    assert draft.status_code == 201, draft.text
    job_id = draft.json()["id"]
    assert (await client.get(f"/api/v1/jobs/{job_id}", headers=headers)).status_code == 200
    published = await client.post(f"/api/v1/jobs/{job_id}/publish", headers=headers)
    assert published.status_code == 200
    drafts = await client.get(
        f"/api/v1/companies/{company['slug']}/jobs?status=published", headers=headers
    )
    assert [job["id"] for job in drafts.json()["items"]] == [job_id]

    other_owner = await accounts("employer")
    other = await client.post(
        "/api/v1/companies", json={"name": "Other Corp"}, headers=other_owner.headers
    )
    foreign = await client.post(
        "/api/v1/jobs", json=job_payload(other.json()["slug"]), headers=headers
    )
    assert foreign.status_code == 403
    foreign_draft = await client.post(
        "/api/v1/jobs", json=job_payload(other.json()["slug"]), headers=other_owner.headers
    )
    hidden = await client.get(f"/api/v1/jobs/{foreign_draft.json()['id']}", headers=headers)
    assert hidden.status_code == 404
    members = await client.post(
        f"/api/v1/companies/{company['slug']}/members",
        json={"email": other_owner.email, "role": "owner"},
        headers=headers,
    )
    assert members.status_code == 403
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 403


async def test_a_client_without_the_scope_is_refused(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """A jobs:read client cannot post jobs (403); a token asked for without jobs:read does not
    see drafts (404)."""
    writer = await _create(client, employer, company)
    draft = await client.post(
        "/api/v1/jobs",
        json=job_payload(company["slug"]),
        headers=await _client_token(client, writer),
    )
    reader = await _create(client, employer, company, scopes=["jobs:read"])
    reader_headers = await _client_token(client, reader)
    refused = await client.post(
        "/api/v1/jobs", json=job_payload(company["slug"]), headers=reader_headers
    )
    assert_problem(refused, 403, "/problems/forbidden")
    visible = await client.get(f"/api/v1/jobs/{draft.json()['id']}", headers=reader_headers)
    assert visible.status_code == 200
    narrow = await _client_token(client, writer, scope="jobs:write")
    hidden = await client.get(f"/api/v1/jobs/{draft.json()['id']}", headers=narrow)
    assert hidden.status_code == 404


async def test_disable_enable_and_rotate_are_audited(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any], database: Database
) -> None:
    """Disabling stops the client getting tokens, enabling restores it, rotating changes the
    secret; each action is an audit event naming the company."""
    created = await _create(client, employer, company)
    base = f"{_clients(company)}/{created['client_id']}"
    disabled = await client.post(f"{base}/disable", headers=employer.headers)
    assert disabled.json()["disabled"] is True
    refused = await client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": created["client_id"],
            "client_secret": created["client_secret"],
        },
    )
    assert refused.json()["error"] == "invalid_client"
    enabled = await client.post(f"{base}/enable", headers=employer.headers)
    assert enabled.json()["disabled"] is False
    assert await _client_token(client, created)
    rotated = await client.post(f"{base}/rotate-secret", headers=employer.headers)
    assert rotated.headers["cache-control"] == "no-store"
    assert await _client_token(
        client, {**created, "client_secret": rotated.json()["client_secret"]}
    )
    async with database.sessionmaker() as session:
        actions = (
            await session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.target_id == created["client_id"])
                .order_by(AuditEvent.id)
            )
        ).all()
    assert actions == [
        "client.created",
        "client.disabled",
        "client.enabled",
        "client.secret_rotated",
    ]


async def test_scopes_taken_away_stop_working_at_once(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any], database: Database
) -> None:
    """A request may use what its token was issued with and the client still has: narrowing
    refuses existing tokens at once; widening serves tokens issued with the scope and new
    ones, not those issued while it was missing. Changes are audited; a bad scope is a 422."""
    created = await _create(client, employer, company)
    before = await _client_token(client, created)
    url = f"{_clients(company)}/{created['client_id']}"

    async def post_job(headers: dict[str, str]) -> int:
        response = await client.post(
            "/api/v1/jobs", json=job_payload(company["slug"]), headers=headers
        )
        return response.status_code

    narrowed = await client.patch(url, json={"scopes": ["jobs:read"]}, headers=employer.headers)
    assert narrowed.status_code == 200, narrowed.text
    assert narrowed.json()["scopes"] == ["jobs:read"]
    assert await post_job(before) == 403
    during = await _client_token(client, created)
    bad = await client.patch(url, json={"scopes": ["root"]}, headers=employer.headers)
    assert bad.status_code == 422
    widened = await client.patch(
        url, json={"scopes": ["jobs:read", "jobs:write"], "name": "Sync"}, headers=employer.headers
    )
    assert widened.json()["name"] == "Sync"
    assert await post_job(during) == 403
    assert await post_job(before) == 201
    assert await post_job(await _client_token(client, created)) == 201
    async with database.sessionmaker() as session:
        changes = await session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.action == "client.scopes_changed",
                AuditEvent.target_id == created["client_id"],
            )
        )
    assert changes == 2
