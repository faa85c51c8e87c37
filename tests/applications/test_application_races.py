"""Two applications of one person to one job at the same moment: the database lets one in.

Both requests have checked that no application exists before either inserts (on PostgreSQL a
third connection holds the job row, which each insert's foreign-key check must share, until
both wait for it); the unique index on (job, candidate) then refuses the second.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import text

from conftest import job_payload, register
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.main import create_app
from support_race import race


@pytest.fixture
async def racing_client(committed_database: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(get_settings(), committed_database)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield client


async def _open_job(client: httpx.AsyncClient) -> int:
    owner = await register(client, role="employer")
    company = await client.post(
        "/api/v1/companies", json={"name": f"Race {secrets.token_hex(4)}"}, headers=owner.headers
    )
    created = await client.post(
        "/api/v1/jobs",
        json=job_payload(company.json()["slug"], status="published"),
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    job_id: int = created.json()["id"]
    return job_id


async def _applications(database: Database, job_id: int) -> int:
    async with database.sessionmaker() as session:
        count = await session.scalar(
            text("SELECT count(*) FROM application WHERE job_id = :id"), {"id": job_id}
        )
    return int(count or 0)


@pytest.mark.parametrize("same_key", [False, True], ids=["two-requests", "one-idempotency-key"])
async def test_racing_applications_make_one(
    racing_client: httpx.AsyncClient, committed_database: Database, same_key: bool
) -> None:
    """Without a key: one 201 and one 409 already-applied. With one Idempotency-Key: both 201
    with the same application (the second a replay). Either way one row exists."""
    job_id = await _open_job(racing_client)
    seeker = await register(racing_client, role="seeker")
    headers = dict(seeker.headers)
    if same_key:
        headers["Idempotency-Key"] = secrets.token_hex(8)
    path = f"/api/v1/jobs/{job_id}/applications"

    responses = await race(
        committed_database,
        "SELECT id FROM job WHERE id = :id FOR UPDATE",
        {"id": job_id},
        racing_client.post(path, json={}, headers=headers),
        racing_client.post(path, json={}, headers=headers),
    )

    statuses = sorted(response.status_code for response in responses)
    if same_key:
        assert statuses == [201, 201]
        assert responses[0].json()["id"] == responses[1].json()["id"]
        replayed = sorted(response.headers.get("idempotent-replayed", "") for response in responses)
        assert replayed == ["", "true"]
    else:
        assert statuses == [201, 409]
        refused = next(response for response in responses if response.status_code == 409)
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["type"] == "/problems/already-applied"
    assert await _applications(committed_database, job_id) == 1
