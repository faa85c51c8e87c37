"""The cache behaves the same on Redis and in process memory."""

from __future__ import annotations

import asyncio

from jobboard.cache import Cache


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
