"""Forms sent twice at once (a double click, two tabs) change things once, and both answers
lead to the same result."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import text

from conftest import job_payload, register
from jobboard.cache import MemoryCache
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.main import create_app
from support_race import race
from support_web import csrf_of, origin, web_sign_in


@pytest.fixture
async def racing_client(committed_database: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(get_settings(), committed_database, MemoryCache())
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield client


async def _count(database: Database, statement: str, **params: int) -> int:
    async with database.sessionmaker() as session:
        return int(await session.scalar(text(statement), params) or 0)


async def _open_job_and_seeker(client: httpx.AsyncClient) -> int:
    """A published job, and a seeker signed in on ``client``; the job's id."""
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
    seeker = await register(client, role="seeker")
    await web_sign_in(client, seeker.email)
    job_id: int = created.json()["id"]
    return job_id


async def test_an_application_form_sent_twice_at_once_applies_once(
    racing_client: httpx.AsyncClient, committed_database: Database
) -> None:
    job_id = await _open_job_and_seeker(racing_client)
    form = await racing_client.get(f"/jobs/{job_id}/apply")
    assert form.status_code == 200
    data = {"csrf_token": csrf_of(form.text), "cover_letter": "Hello"}
    headers = {"Origin": origin(racing_client)}

    responses = await race(
        committed_database,
        "SELECT id FROM job WHERE id = :id FOR UPDATE",
        {"id": job_id},
        racing_client.post(f"/jobs/{job_id}/apply", data=data, headers=headers),
        racing_client.post(f"/jobs/{job_id}/apply", data=data, headers=headers),
    )

    assert [response.status_code for response in responses] == [303, 303]
    locations = {response.headers["location"] for response in responses}
    assert len(locations) == 1
    [location] = locations
    assert location.startswith("/me/applications/")
    applications = await _count(
        committed_database, "SELECT count(*) FROM application WHERE job_id = :id", id=job_id
    )
    assert applications == 1


async def test_saving_a_job_twice_at_once_saves_it_once(
    racing_client: httpx.AsyncClient, committed_database: Database
) -> None:
    job_id = await _open_job_and_seeker(racing_client)
    page = await racing_client.get(f"/jobs/{job_id}", follow_redirects=True)
    data = {"csrf_token": csrf_of(page.text)}
    headers = {"Origin": origin(racing_client)}

    responses = await race(
        committed_database,
        "SELECT id FROM job WHERE id = :id FOR UPDATE",
        {"id": job_id},
        racing_client.post(f"/jobs/{job_id}/save", data=data, headers=headers),
        racing_client.post(f"/jobs/{job_id}/save", data=data, headers=headers),
    )

    assert [response.status_code for response in responses] == [303, 303]
    saved = await _count(
        committed_database, "SELECT count(*) FROM saved_job WHERE job_id = :id", id=job_id
    )
    assert saved == 1
