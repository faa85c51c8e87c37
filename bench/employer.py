"""The employer's workspace: the pipeline board of a job with 2,000 applicants, and the
posting linter's round trip for a 1,000-word posting, each a whole page request through the
app (session cookie, CSRF, transaction, template, gzip) over in-process HTTP, on SQLite and
PostgreSQL.

Each measured request alternates with a baseline request to ``/healthz`` on the same app,
so the ratio of medians is read against the machine's load at that moment.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from bench.catalog import write_per_engine
from bench.hiring import APPLICANTS, _fill, _ms, _world
from bench.integrations import _setup

ROUNDS = 200
POSTING_WORDS = 1_000
_PARAGRAPH = (
    "You will design, build and run the Go services behind our payments platform, with "
    "PostgreSQL and Kafka on Kubernetes, and pair with product engineers on the APIs our "
    "customers call. We want five years of experience building backend services, good "
    "judgement about data models and failure, and care for the people you work with. "
)


def _posting() -> str:
    words = _PARAGRAPH.split()
    text = []
    while len(text) < POSTING_WORDS:
        text.extend(words)
    return " ".join(text[:POSTING_WORDS])


async def _browser(database: Any, principal: Any) -> tuple[Any, str]:
    """An HTTP client on the app, signed in as the company's owner, and its CSRF token."""
    import httpx

    from jobboard.auth import web_sessions
    from jobboard.cache import MemoryCache
    from jobboard.config import get_settings
    from jobboard.main import create_app
    from jobboard.models import User
    from jobboard.web import csrf
    from jobboard.web.session import session_cookie_name

    settings = get_settings()
    cache = MemoryCache()
    app = create_app(settings, database, cache)
    async with database.unit_of_work() as session:
        user = await session.get(User, principal.user_id)
        claims = await web_sessions.start(
            session, cache=cache, settings=settings, user=user, client_address=None, user_agent=None
        )
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://testserver",
        cookies={
            session_cookie_name(settings): web_sessions.encode(claims, secret=settings.secret_key)
        },
        headers={"Origin": "http://testserver"},
    )
    return client, csrf.token_for(claims.session_id, secret=settings.secret_key)


async def _alternated(client: Any, request: Any) -> tuple[list[float], list[float]]:
    measured: list[float] = []
    baseline: list[float] = []
    for _ in range(ROUNDS):
        began = time.perf_counter()
        response = await request()
        measured.append(time.perf_counter() - began)
        assert response.status_code == 200, response.status_code
        began = time.perf_counter()
        await client.get("/healthz")
        baseline.append(time.perf_counter() - began)
    return measured, baseline


async def _bench_engine(engine: str) -> list[str]:
    from sqlalchemy import select

    from jobboard.models import Job

    database = await _setup(engine)
    try:
        principal, (_, board_job) = await _world(database)
        async with database.read_session() as session:
            company_id = await session.scalar(select(Job.company_id).where(Job.id == board_job))
        await _fill(database, board_job, company_id)
        client, token = await _browser(database, principal)
        async with client:

            async def board() -> Any:
                return await client.get(f"/employer/jobs/{board_job}/applicants")

            form = {
                "title": "Senior Backend Engineer",
                "description": _posting(),
                "workplace": "remote",
                "employment_type": "full_time",
                "csrf_token": token,
            }

            async def lint() -> Any:
                return await client.post("/employer/lint", data=form)

            for request in (board, lint):  # warm up: templates, analysis snapshot
                await request()
            rows = [
                f"### {engine}",
                "",
                f"{ROUNDS} requests each, alternating with `/healthz` as the baseline:",
                "",
                "| request | median ms | p95 ms | baseline median ms | ratio of medians |",
                "|---|---:|---:|---:|---:|",
            ]
            for label, request in (
                (f"pipeline board, {APPLICANTS:,} applicants (`GET .../applicants`)", board),
                (
                    f"linter round trip, {POSTING_WORDS:,}-word posting (`POST /employer/lint`)",
                    lint,
                ),
            ):
                measured, baseline = await _alternated(client, request)
                median, p95 = _ms(measured)
                base = statistics.median(baseline) * 1000
                rows.append(
                    f"| {label} | {median:.1f} | {p95:.1f} | {base:.2f} | {median / base:.1f} |"
                )
            rows.append("")
            return rows
    finally:
        await database.dispose()


async def run(*, engines: list[str]) -> None:
    await write_per_engine("employer", "Employer workspace", engines, _bench_engine)
