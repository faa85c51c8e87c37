"""Idempotency-Key on every kind of body: the key's layer reads a body without taking it
from the endpoint, so multipart uploads replay like JSON."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy import func, select

from conftest import Account, assert_problem
from jobboard.db import Database
from jobboard.models import Resume
from support_hiring import pdf

LINES = ["Ada Lovelace - Backend engineer", "Skills: Go, PostgreSQL"]


async def _upload(
    client: httpx.AsyncClient, data: bytes, key: str, account: Account | None
) -> httpx.Response:
    headers = {"Idempotency-Key": key, **(account.headers if account else {})}
    return await client.post(
        "/api/v1/me/resume",
        files={"file": ("resume.pdf", data, "application/octet-stream")},
        headers=headers,
    )


async def test_a_resume_upload_with_a_key_replays_and_stores_once(
    storage: Path, client: httpx.AsyncClient, seeker: Account, database: Database
) -> None:
    """The first upload with a key stores the résumé; the same upload again replays its
    answer; another file under the same key is refused; a caller without a token gets 401."""
    data = pdf(LINES)
    first = await _upload(client, data, "resume-1", seeker)
    assert first.status_code == 201, first.text
    again = await _upload(client, data, "resume-1", seeker)
    assert again.status_code == 201, again.text
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    other = await _upload(client, pdf([*LINES, "Kubernetes"]), "resume-1", seeker)
    assert_problem(other, 422, "/problems/idempotency-key-reused")
    assert_problem(
        await _upload(client, data, "resume-2", None), 401, "/problems/not-authenticated"
    )
    async with database.sessionmaker() as session:
        count = await session.scalar(
            select(func.count()).select_from(Resume).where(Resume.user_id == seeker.id)
        )
    assert count == 1
