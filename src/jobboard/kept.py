"""Values kept in the shared cache under a version (the search index's generation), served a
while after they went out of date while one request's background task computes the new one.

Figures over every open job (the home page's counts, a category's pay percentiles) take a
tenth of a second to half a second at 100,000 jobs; the index's generation moves with every
job change, many times a minute on a busy board. Computing them again in the request that
finds them outdated would put that time on a visitor every few seconds. A value is current
while its version holds and for ``keep_seconds`` (jobs also expire without any write, which
moves no version); then it is outdated, and stays in the cache ``HOLD_FACTOR`` times as long
to be served as such. The first reader of an outdated value notes when it was found so, and
for ``stale_seconds`` from then every reader is served it while one background task per key
(a lock in the shared cache, so one per cluster, at most every ``REFRESH_INTERVAL_SECONDS``)
computes the new one in a session of its own. A value outdated for longer than that (its
refreshes failed), or none at all, is computed in the request itself. So a quiet board's
pages, read again after an hour without a change, are not computed while a visitor waits.
"""

from __future__ import annotations

import asyncio
import logging
import struct
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.cache import Cache
from jobboard.db import Database
from jobboard.observability import KEPT_READS

logger = logging.getLogger(__name__)

Compute = Callable[[AsyncSession], Awaitable[bytes]]
ReadVersion = Callable[[AsyncSession], Awaitable[int]]

# The version a value was computed at and when it was stored (Unix time), before the value.
_HEADER = struct.Struct("!qd")
# A key is computed in the background at most once in this many seconds (per cluster: the
# lock is in the shared cache): on a board where jobs change every second, figures are then
# at most this much older than the last change, and the work stays bounded.
REFRESH_INTERVAL_SECONDS = 15
# An outdated value stays in the cache this many times its ``keep_seconds``, to be served
# while it is computed again; unread for that long, it is gone.
HOLD_FACTOR = 12
_NOTICED = struct.Struct("!d")
_running: set[asyncio.Task[None]] = set()


@dataclass(frozen=True, slots=True)
class Keeping:
    """What serving an outdated value needs: a database for the background computation, and
    how long an outdated value may be served."""

    database: Database
    stale_seconds: int


def keeping_for(request: Request) -> Keeping:
    """The app's database and ``JOBBOARD_FIGURES_STALE_SECONDS``."""
    state = request.app.state
    return Keeping(database=state.database, stale_seconds=state.settings.figures_stale_seconds)


def _pack(version: int, value: bytes) -> bytes:
    return _HEADER.pack(version, time.time()) + value


async def kept(
    cache: Cache,
    key: str,
    *,
    session: AsyncSession,
    version: int,
    compute: Compute,
    keep_seconds: int,
    read_version: ReadVersion,
    keeping: Keeping | None = None,
) -> bytes:
    """The value under ``key`` for ``version``: from the cache when it was computed at that
    version less than ``keep_seconds`` ago; with ``keeping``, an outdated one for its stale
    seconds after it was first found outdated (a background task then computes the new one,
    at the version ``read_version`` reads); else ``compute``d now in ``session``."""
    kind = _kind(key)
    raw = await cache.get(key)
    if raw is not None and len(raw) >= _HEADER.size:
        stored_version, stored_at = _HEADER.unpack_from(raw)
        value = raw[_HEADER.size :]
        now = time.time()
        if stored_version == version and now - stored_at < keep_seconds:
            KEPT_READS.labels(kind, "fresh").inc()
            return value
        if keeping is not None and await _still_servable(
            cache, key, stored_at, keeping, now, hold_seconds=keep_seconds * HOLD_FACTOR
        ):
            if await cache.add(f"{key}:refreshing", b"1", ttl_seconds=REFRESH_INTERVAL_SECONDS):
                task = asyncio.create_task(
                    _refresh(cache, key, keeping.database, read_version, compute, keep_seconds),
                    name=f"refresh {key}",
                )
                _running.add(task)
                task.add_done_callback(_running.discard)
            KEPT_READS.labels(kind, "outdated").inc()
            return value
    KEPT_READS.labels(kind, "computed").inc()
    value = await compute(session)
    await _store(cache, key, version, value, keep_seconds)
    return value


def _kind(key: str) -> str:
    """What a key keeps, for the metrics: its first two parts ("search:page")."""
    return ":".join(key.split(":", 2)[:2])


async def _still_servable(
    cache: Cache, key: str, stored_at: float, keeping: Keeping, now: float, *, hold_seconds: int
) -> bool:
    """Whether an outdated value found now was found outdated less than its stale seconds
    ago; the first finder notes the time (per stored value, in the shared cache, for as long
    as the value itself may stay there)."""
    if keeping.stale_seconds <= 0:
        return False
    marker = f"{key}:outdated:{stored_at!r}"
    if await cache.add(marker, _NOTICED.pack(now), ttl_seconds=hold_seconds):
        return True
    noticed = await cache.get(marker)
    found_at = _NOTICED.unpack(noticed)[0] if noticed and len(noticed) == _NOTICED.size else now
    return now - found_at < keeping.stale_seconds


async def _store(cache: Cache, key: str, version: int, value: bytes, keep_seconds: int) -> None:
    await cache.set(key, _pack(version, value), ttl_seconds=keep_seconds * HOLD_FACTOR)


async def _refresh(
    cache: Cache,
    key: str,
    database: Database,
    read_version: ReadVersion,
    compute: Compute,
    keep_seconds: int,
) -> None:
    try:
        async with database.read_session() as session:
            version = await read_version(session)
            value = await compute(session)
        await _store(cache, key, version, value, keep_seconds)
    except Exception:
        # The outdated value stays until it is too old; then a request computes it itself.
        logger.exception("refreshing %s failed", key)


async def settle() -> None:
    """Wait for the background computations under way (tests, and shutting down)."""
    while _running:
        await asyncio.gather(*list(_running), return_exceptions=True)
