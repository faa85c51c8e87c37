"""Concurrent requests on real, separate connections: the guards against lost updates hold.

On PostgreSQL a third connection first holds a row lock that both requests need, and lets go
only once both wait for it; so both have passed their reads and checks, and the database
itself must decide which one wins. SQLite takes its write lock when a writing request
begins, so there the requests run one after the other.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from conftest import Account, job_payload, register
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.main import create_app
from support_race import race


@pytest.fixture
async def racing_client(committed_database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose every request runs on its own connection and really commits."""
    app = create_app(get_settings(), committed_database)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield client


async def _company(client: httpx.AsyncClient, owner: Account) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/companies",
        json={"name": f"Race {secrets.token_hex(4)}", "headquarters": "Berlin"},
        headers=owner.headers,
    )
    assert response.status_code == 201, response.text
    company: dict[str, Any] = response.json()
    return company


async def _company_id(database: Database, slug: str) -> int:
    async with database.sessionmaker() as session:
        company_id = await session.scalar(
            text("SELECT id FROM company WHERE slug = :slug"), {"slug": slug}
        )
    assert company_id is not None
    return int(company_id)


async def test_concurrent_edits_with_one_etag_let_exactly_one_win(
    racing_client: httpx.AsyncClient, committed_database: Database
) -> None:
    """Two PATCHes with the same If-Match at once: one 200, one 412; the winner's title stays."""
    owner = await register(racing_client, role="employer")
    company = await _company(racing_client, owner)
    created = await racing_client.post(
        "/api/v1/jobs", json=job_payload(company["slug"]), headers=owner.headers
    )
    assert created.status_code == 201, created.text
    job_id = created.json()["id"]
    path = f"/api/v1/jobs/{job_id}"
    etag = created.headers["etag"]
    headers = {**owner.headers, "If-Match": etag}

    responses = await race(
        committed_database,
        "SELECT id FROM job WHERE id = :id FOR UPDATE",
        {"id": job_id},
        racing_client.patch(path, json={"title": "Title from A"}, headers=headers),
        racing_client.patch(path, json={"title": "Title from B"}, headers=headers),
    )

    assert sorted(response.status_code for response in responses) == [200, 412]
    winner = next(response for response in responses if response.status_code == 200)
    loser = next(response for response in responses if response.status_code == 412)
    assert loser.headers["content-type"] == "application/problem+json"
    assert loser.json()["type"] == "/problems/precondition-failed"
    stored = await racing_client.get(path, headers=owner.headers)
    assert stored.json()["title"] == winner.json()["title"]
    assert stored.json()["version"] == created.json()["version"] + 1
    assert stored.headers["etag"] == winner.headers["etag"]


async def test_concurrent_retries_with_one_idempotency_key_create_one_job(
    racing_client: httpx.AsyncClient, committed_database: Database
) -> None:
    """Two POSTs with the same Idempotency-Key and body at once both answer the one job."""
    owner = await register(racing_client, role="employer")
    company = await _company(racing_client, owner)
    company_id = await _company_id(committed_database, company["slug"])
    headers = {**owner.headers, "Idempotency-Key": secrets.token_hex(8)}
    payload = job_payload(company["slug"], status="published")

    responses = await race(
        committed_database,
        # Creating a job checks its company reference; holding the company row makes both
        # requests wait after they looked for the key and found none.
        "SELECT id FROM company WHERE id = :id FOR UPDATE",
        {"id": company_id},
        racing_client.post("/api/v1/jobs", json=payload, headers=headers),
        racing_client.post("/api/v1/jobs", json=payload, headers=headers),
    )

    assert [response.status_code for response in responses] == [201, 201]
    assert responses[0].json() == responses[1].json()
    replayed = sorted(response.headers.get("idempotent-replayed", "") for response in responses)
    assert replayed == ["", "true"]
    async with committed_database.sessionmaker() as session:
        rows = await session.scalar(
            text("SELECT count(*) FROM job WHERE company_id = :id"), {"id": company_id}
        )
        records = await session.scalar(
            text("SELECT count(*) FROM idempotency_record WHERE key = :key"),
            {"key": headers["Idempotency-Key"]},
        )
    assert rows == 1
    assert records == 1


async def test_two_owners_demoting_each_other_leave_one_owner(
    racing_client: httpx.AsyncClient, committed_database: Database
) -> None:
    """Two owners demoting each other at once: one wins, the other is refused, one owner stays."""
    first = await register(racing_client, role="employer")
    second = await register(racing_client, role="employer")
    company = await _company(racing_client, first)
    members = f"/api/v1/companies/{company['slug']}/members"
    added = await racing_client.post(
        members, json={"email": second.email, "role": "owner"}, headers=first.headers
    )
    assert added.status_code == 201, added.text
    company_id = await _company_id(committed_database, company["slug"])

    responses = await race(
        committed_database,
        "SELECT id FROM company WHERE id = :id FOR UPDATE",
        {"id": company_id},
        racing_client.patch(
            f"{members}/{second.id}", json={"role": "viewer"}, headers=first.headers
        ),
        racing_client.patch(
            f"{members}/{first.id}", json={"role": "viewer"}, headers=second.headers
        ),
    )

    if committed_database.dialect == "postgresql":
        # Both passed the role check before either changed anything; the count of owners,
        # taken under the company row lock, refuses the second.
        refusal = (409, "/problems/last-owner")
    else:
        # SQLite runs the requests one after the other: the second caller is no longer an
        # owner by the time its role is checked.
        refusal = (403, "/problems/forbidden")
    assert sorted(response.status_code for response in responses) == sorted([200, refusal[0]])
    refused = next(response for response in responses if response.status_code != 200)
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"] == refusal[1]
    winner, loser = (first, second) if responses[0].status_code == 200 else (second, first)
    listed = await racing_client.get(members, headers=winner.headers)
    roles = {member["user_id"]: member["role"] for member in listed.json()}
    assert roles == {winner.id: "owner", loser.id: "viewer"}
