"""Racing requests on real, separate connections, so that the database decides who wins.

On PostgreSQL a third connection first holds a row lock that every request needs, and lets go
only once all of them wait for it: each has passed its reads and checks by then. SQLite takes
its write lock when a writing request begins, so there the requests run one after the other.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from jobboard.db import Database

Request = Coroutine[Any, Any, httpx.Response]


async def _waiters(connection: AsyncConnection) -> int:
    """How many sessions on this test database are waiting for a lock."""
    # Activity statistics are a snapshot per transaction; take a fresh one on every poll.
    await connection.execute(text("SELECT pg_stat_clear_snapshot()"))
    count = await connection.scalar(
        text(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
    )
    return int(count or 0)


async def race(
    database: Database, lock: str, params: dict[str, Any], *requests: Request
) -> list[httpx.Response]:
    """Send ``requests`` at once; on PostgreSQL hold the row ``lock`` until all wait on it.

    A request that never waits (its code takes no such lock) simply runs through; the
    caller's assertions on the outcome then tell whether that was safe.
    """
    if database.dialect != "postgresql":
        return list(await asyncio.gather(*requests))
    async with database.engine.connect() as blocker:
        await blocker.execute(text(lock), params)
        tasks = [asyncio.ensure_future(request) for request in requests]
        try:
            for _ in range(2000):
                if any(task.done() for task in tasks) or await _waiters(blocker) == len(tasks):
                    break
                await asyncio.sleep(0.005)
        finally:
            await blocker.rollback()
        responses = await asyncio.gather(*tasks)
    return list(responses)
