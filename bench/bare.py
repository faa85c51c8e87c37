"""The baseline that bench/http.py measures Jobboard against: the least a Python service can do.

A bare FastAPI app with a psycopg connection pool, no middleware, no ORM: ``/healthz`` answers
a constant, and ``/api/v1/jobs/{id}`` reads the job and its company's name in one JOIN and
answers its columns as JSON. Run as ``uvicorn bench.bare:app`` with BARE_DATABASE_URL set to a
libpq address (postgresql://...).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

_JOB = """
SELECT job.id, job.title, job.description, job.seniority, job.workplace, job.employment_type,
       job.salary_min, job.salary_max, job.salary_currency, job.published_at, job.expires_at,
       company.slug AS company_slug, company.name AS company_name
FROM job JOIN company ON company.id = job.company_id
WHERE job.id = %s AND job.status <> 'draft'
"""

pool = AsyncConnectionPool(
    os.environ.get("BARE_DATABASE_URL", ""), min_size=4, max_size=10, open=False
)


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    await pool.open()
    yield
    await pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/api/v1/jobs/{job_id}")
async def job(job_id: int) -> dict[str, Any]:
    async with pool.connection() as connection:
        cursor = connection.cursor(row_factory=dict_row)
        await cursor.execute(_JOB, (job_id,))
        row = await cursor.fetchone()
    if row is None:
        raise HTTPException(404)
    return row
