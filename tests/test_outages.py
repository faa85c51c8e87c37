"""Outages: a database or a Redis that refuses connections, or accepts them and never
answers. Requests answer 503 problems (pages a 503 page) with Retry-After instead of a 500
or a hang; /readyz answers at once; a Redis outage degrades to per-process counting."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import httpx
import pytest

from conftest import ENGINES, POSTGRES_URL, PROBLEM_JSON, assert_problem, register
from jobboard.cache import MemoryCache, RedisCache
from jobboard.config import get_settings
from jobboard.db import Database, create_engine
from jobboard.main import create_app

# Each request must come back well before the ~130 s a silent database used to cost; this
# bounds the test, it is not a speed claim.
GUARD_SECONDS = 30


@contextmanager
def silent_listener() -> Iterator[int]:
    """A port that accepts connections (the kernel completes them) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        yield listener.getsockname()[1]


def refused_port() -> int:
    """A port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _unreachable_url(engine: str, port: int, tmp_path: Path) -> str:
    if engine == "sqlite":
        # SQLite's outage: a database file that cannot be opened (here, a directory).
        folder = tmp_path / "not-a-database"
        folder.mkdir()
        return f"sqlite+aiosqlite:///{folder}"
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/jobboard"


@asynccontextmanager
async def _app_on(url: str) -> AsyncIterator[httpx.AsyncClient]:
    engine = create_engine(url, pool_size=2, connect_timeout=1, pool_timeout=1)
    database = Database(engine)
    app = create_app(get_settings(), database, MemoryCache())
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client:
            yield client
    finally:
        await engine.dispose()


async def _get(client: httpx.AsyncClient, address: str, **headers: str) -> httpx.Response:
    return await asyncio.wait_for(client.get(address, headers=headers), GUARD_SECONDS)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("outage", ["silent", "refused"])
async def test_an_unreachable_database_is_a_503_with_retry_after(
    engine: str, outage: str, tmp_path: Path
) -> None:
    """API operations answer 503 /problems/service-unavailable with Retry-After, pages the
    503 page, /readyz a 503 within its own time limit; /healthz stays up."""
    if engine == "sqlite" and outage == "silent":
        pytest.skip("a SQLite file is opened, not listened to")
    with silent_listener() as silent:
        port = silent if outage == "silent" else refused_port()
        async with _app_on(_unreachable_url(engine, port, tmp_path)) as client:
            for address in ("/api/v1/categories", "/api/v1/jobs/search?q=go", "/api/v1/jobs/1"):
                response = await _get(client, address)
                problem = assert_problem(response, 503, "/problems/service-unavailable")
                assert int(response.headers["retry-after"]) >= 1, problem
            registered = await asyncio.wait_for(
                client.post(
                    "/api/v1/auth/register",
                    json={
                        "email": "a@example.com",
                        "password": "a long test password 1",
                        "display_name": "A",
                    },
                ),
                GUARD_SECONDS,
            )
            assert_problem(registered, 503, "/problems/service-unavailable")
            page = await _get(client, "/", accept="text/html")
            assert page.status_code == 503
            assert page.headers["content-type"].startswith("text/html")
            assert "retry-after" in page.headers
            ready = await _get(client, "/readyz")
            assert ready.status_code == 503
            assert ready.json()["database"] == "unreachable"
            assert (await _get(client, "/healthz")).status_code == 200


@pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL")
async def test_a_statement_past_the_timeout_is_cancelled_and_answered_503() -> None:
    """PostgreSQL cancels a statement at JOBBOARD_DATABASE_STATEMENT_TIMEOUT_SECONDS; the
    error is the same 503 as an outage."""
    from sqlalchemy import text

    from jobboard import problems

    assert POSTGRES_URL is not None
    engine = create_engine(POSTGRES_URL, pool_size=1, statement_timeout=0.2)
    try:
        async with engine.connect() as connection:
            with pytest.raises(problems.DATABASE_UNAVAILABLE) as cancelled:
                await connection.execute(text("SELECT pg_sleep(5)"))
        assert problems.unavailable(cancelled.value).status == 503
    finally:
        await engine.dispose()


@pytest.mark.parametrize("outage", ["silent", "refused"])
async def test_a_redis_outage_degrades_to_counting_in_process_memory(
    client: httpx.AsyncClient, outage: str
) -> None:
    """With Redis silent or refusing, sign-in, rate limits and the lockout keep working,
    counted in the process's memory, and the cache says it is degraded."""
    with silent_listener() as silent:
        port = silent if outage == "silent" else refused_port()
        cache = RedisCache.from_url(f"redis://127.0.0.1:{port}/0", timeout_seconds=0.2)
        transport = client._transport
        assert isinstance(transport, httpx.ASGITransport)
        database = transport.app.state.database  # type: ignore[attr-defined]
        app = create_app(get_settings(), database, cache)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as degraded:
            account = await asyncio.wait_for(register(degraded), GUARD_SECONDS)
            me = await degraded.get("/api/v1/me", headers=account.headers)
            assert me.status_code == 200, me.text
            wrong = {"grant_type": "password", "username": account.email, "password": "nope"}
            answer = await degraded.post("/api/v1/auth/token", data=wrong)
            assert answer.status_code == 400
            assert answer.headers["content-type"] != PROBLEM_JSON
            assert answer.headers["ratelimit-limit"]
        assert cache.degraded
        assert await cache.incr("counter", ttl_seconds=60) == 1
        assert await cache.incr_below("counter", limit=1, ttl_seconds=60) is None
        await cache.close()
