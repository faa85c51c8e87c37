"""The cache behaves the same on Redis and in process memory."""

from __future__ import annotations

import asyncio

import pytest

from jobboard import cache as cache_module
from jobboard.cache import Cache, MemoryCache


async def test_values_round_trip_and_expire(any_cache: Cache) -> None:
    """A value is readable until deleted; missing keys read as None."""
    assert await any_cache.get("missing") is None
    await any_cache.set("greeting", b"hello", ttl_seconds=60)
    assert await any_cache.get("greeting") == b"hello"
    ttl = await any_cache.ttl("greeting")
    assert ttl is not None
    assert 0 < ttl <= 60
    await any_cache.delete("greeting", "missing")
    assert await any_cache.get("greeting") is None
    assert await any_cache.ttl("greeting") is None


async def test_counters_count_atomically_under_concurrency(any_cache: Cache) -> None:
    """Fifty concurrent increments give fifty distinct counts, and the counter expires."""
    counts = await asyncio.gather(*(any_cache.incr("hits", ttl_seconds=30) for _ in range(50)))
    assert sorted(counts) == list(range(1, 51))
    ttl = await any_cache.ttl("hits")
    assert ttl is not None
    assert 0 < ttl <= 30


async def test_a_counter_adds_amounts(any_cache: Cache) -> None:
    """A budget spent in units (GraphQL cost) adds each amount to the same counter."""
    assert await any_cache.incr("budget", ttl_seconds=30, amount=250) == 250
    assert await any_cache.incr("budget", ttl_seconds=30, amount=40) == 290
    assert await any_cache.incr("budget", ttl_seconds=30) == 291


async def test_a_counter_restarts_after_it_expires(any_cache: Cache) -> None:
    """A window of one second closes and the count starts again."""
    assert await any_cache.incr("window", ttl_seconds=1) == 1
    assert await any_cache.incr("window", ttl_seconds=1) == 2
    await asyncio.sleep(1.1)
    assert await any_cache.incr("window", ttl_seconds=1) == 1


async def test_process_memory_keeps_at_most_its_bytes_dropping_the_oldest_first() -> None:
    cache = MemoryCache(max_bytes=1000)
    for index in range(30):
        await cache.set(f"page:{index}", bytes(100), ttl_seconds=300)
    kept = [index for index in range(30) if await cache.get(f"page:{index}") is not None]
    assert kept == list(range(20, 30))
    # Storing a key again makes it the newest.
    await cache.set("page:20", bytes(100), ttl_seconds=300)
    await cache.set("page:30", bytes(100), ttl_seconds=300)
    assert await cache.get("page:20") is not None
    assert await cache.get("page:21") is None


async def test_process_memory_sweeps_keys_that_expired_unread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache = MemoryCache()
    clock = [1000.0]
    monkeypatch.setattr(cache_module.time, "monotonic", lambda: clock[0])
    for index in range(MemoryCache.SWEEP_EVERY - 1):
        await cache.set(f"search:{index}", b"x" * 10, ttl_seconds=60)
        await cache.incr(f"rate:{index}", ttl_seconds=60)
    clock[0] += 61
    await cache.set("one more", b"x", ttl_seconds=60)
    await cache.incr("rate:one more", ttl_seconds=60)
    assert len(cache._values) == 1
    assert len(cache._counters) == 1


async def test_process_memory_keeps_at_most_its_counters() -> None:
    cache = MemoryCache(max_counters=3)
    for key in ("a", "b", "c", "d"):
        await cache.incr(key, ttl_seconds=60)
    assert await cache.ttl("a") is None
    assert await cache.incr("d", ttl_seconds=60) == 2
