"""A small key-value cache: Redis when ``JOBBOARD_REDIS_URL`` is set, process memory otherwise.

Shared by whatever needs short-lived state across requests (rate-limit counters, cached
figures). With several API processes only Redis gives them one view; the in-memory cache is
for the embedded single process and for tests.
"""

from __future__ import annotations

import time
from typing import Annotated, Protocol

from fastapi import Depends, Request
from redis.asyncio import Redis

from jobboard.config import Settings


class Cache(Protocol):
    async def get(self, key: str) -> bytes | None: ...

    async def set(self, key: str, value: bytes, *, ttl_seconds: int) -> None: ...

    async def add(self, key: str, value: bytes, *, ttl_seconds: int) -> bool:
        """Set the key only if it is absent; return whether it was set."""
        ...

    async def delete(self, *keys: str) -> None: ...

    async def incr(self, key: str, *, ttl_seconds: int, amount: int = 1) -> int:
        """Add ``amount`` to a counter and return it; a new counter lives ``ttl_seconds``."""
        ...

    async def ttl(self, key: str) -> int | None:
        """Seconds until the key expires, or None if it does not exist."""
        ...

    async def close(self) -> None: ...


class MemoryCache:
    """Process memory, bounded: values take at most ``max_bytes`` together (the least
    recently stored go first), counters at most ``max_counters``; expired entries are
    swept every ``SWEEP_EVERY`` writes, so keys that are never read again do not stay."""

    SWEEP_EVERY = 1024

    def __init__(self, *, max_bytes: int = 64 * 1024 * 1024, max_counters: int = 100_000) -> None:
        self._values: dict[str, tuple[bytes, float]] = {}
        self._counters: dict[str, tuple[int, float]] = {}
        self._max_bytes = max_bytes
        self._max_counters = max_counters
        self._bytes = 0
        self._writes = 0

    def _alive(self, expires_at: float) -> bool:
        return expires_at > time.monotonic()

    def _drop(self, key: str) -> None:
        entry = self._values.pop(key, None)
        if entry is not None:
            self._bytes -= len(entry[0])

    def _written(self) -> None:
        self._writes += 1
        if self._writes % self.SWEEP_EVERY:
            return
        now = time.monotonic()
        for key in [key for key, (_, expires_at) in self._values.items() if expires_at <= now]:
            self._drop(key)
        for key in [key for key, (_, expires_at) in self._counters.items() if expires_at <= now]:
            del self._counters[key]

    async def get(self, key: str) -> bytes | None:
        entry = self._values.get(key)
        if entry is None or not self._alive(entry[1]):
            self._drop(key)
            return None
        return entry[0]

    async def set(self, key: str, value: bytes, *, ttl_seconds: int) -> None:
        self._drop(key)
        self._values[key] = (value, time.monotonic() + ttl_seconds)
        self._bytes += len(value)
        while self._bytes > self._max_bytes and len(self._values) > 1:
            self._drop(next(iter(self._values)))
        self._written()

    async def add(self, key: str, value: bytes, *, ttl_seconds: int) -> bool:
        if await self.get(key) is not None:
            return False
        await self.set(key, value, ttl_seconds=ttl_seconds)
        return True

    async def delete(self, *keys: str) -> None:
        for key in keys:
            self._drop(key)
            self._counters.pop(key, None)

    async def incr(self, key: str, *, ttl_seconds: int, amount: int = 1) -> int:
        count, expires_at = self._counters.get(key, (0, 0.0))
        if not self._alive(expires_at):
            count, expires_at = 0, time.monotonic() + ttl_seconds
            self._counters.pop(key, None)
            while len(self._counters) >= self._max_counters:
                del self._counters[next(iter(self._counters))]
        self._counters[key] = (count + amount, expires_at)
        self._written()
        return count + amount

    async def ttl(self, key: str) -> int | None:
        for store in (self._values, self._counters):
            entry = store.get(key)
            if entry is not None and self._alive(entry[1]):
                return max(0, round(entry[1] - time.monotonic()))
        return None

    async def close(self) -> None:
        self._values.clear()
        self._counters.clear()
        self._bytes = 0


class RedisCache:
    def __init__(self, client: Redis, *, prefix: str = "jobboard:") -> None:
        self._client = client
        self._prefix = prefix

    @classmethod
    def from_url(cls, url: str, *, prefix: str = "jobboard:") -> RedisCache:
        return cls(Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2), prefix=prefix)

    async def get(self, key: str) -> bytes | None:
        value = await self._client.get(self._prefix + key)
        if value is None or isinstance(value, bytes):
            return value
        return str(value).encode()

    async def set(self, key: str, value: bytes, *, ttl_seconds: int) -> None:
        await self._client.set(self._prefix + key, value, ex=ttl_seconds)

    async def add(self, key: str, value: bytes, *, ttl_seconds: int) -> bool:
        return bool(await self._client.set(self._prefix + key, value, ex=ttl_seconds, nx=True))

    async def delete(self, *keys: str) -> None:
        if keys:
            await self._client.delete(*(self._prefix + key for key in keys))

    async def incr(self, key: str, *, ttl_seconds: int, amount: int = 1) -> int:
        name = self._prefix + key
        async with self._client.pipeline(transaction=True) as pipeline:
            pipeline.set(name, 0, ex=ttl_seconds, nx=True)
            pipeline.incrby(name, amount)
            _, count = await pipeline.execute()
        return int(count)

    async def ttl(self, key: str) -> int | None:
        seconds = int(await self._client.ttl(self._prefix + key))
        return None if seconds < 0 else seconds

    async def close(self) -> None:
        await self._client.aclose()


def cache_from_settings(settings: Settings) -> Cache:
    if settings.redis_url:
        return RedisCache.from_url(settings.redis_url)
    return MemoryCache()


async def get_cache(request: Request) -> Cache:
    cache: Cache = request.app.state.cache
    return cache


AppCache = Annotated[Cache, Depends(get_cache)]
