"""A small key-value cache: Redis when ``JOBBOARD_REDIS_URL`` is set, process memory otherwise.

Shared by whatever needs short-lived state across requests (rate-limit counters, cached
figures). With several API processes only Redis gives them one view; the in-memory cache is
for the embedded single process and for tests.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable
from typing import Any, Protocol, TypeVar

from redis.asyncio import Redis
from redis.exceptions import RedisError

from jobboard.config import Settings

logger = logging.getLogger(__name__)

T = TypeVar("T")


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

    async def incr_below(self, key: str, *, limit: int, ttl_seconds: int) -> int | None:
        """Add one to a counter unless it has reached ``limit``, in one atomic step; return
        the new count, or None when the counter was already at the limit."""
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
            # A counter reads as its number, as in Redis.
            counter = self._counters.get(key)
            if counter is not None and self._alive(counter[1]):
                return str(counter[0]).encode()
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

    async def incr_below(self, key: str, *, limit: int, ttl_seconds: int) -> int | None:
        # No await between the read and the write: atomic within the process.
        count, expires_at = self._counters.get(key, (0, 0.0))
        if self._alive(expires_at) and count >= limit:
            return None
        return await self.incr(key, ttl_seconds=ttl_seconds)

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


# KEYS[1]: the counter; ARGV: the limit, the lifetime of a new counter.
_INCR_BELOW = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then
  return -1
end
count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
return count
"""


class RedisCache:
    """The cache in Redis, shared by every process.

    While Redis cannot be reached (refused, or silent past the timeout) the cache degrades
    instead of failing the request: each process keeps its counters and values in its own
    memory, so rate limits and the sign-in lockout stay in force per process and cached
    values are computed again. Redis is tried again every ``RETRY_SECONDS``.
    """

    RETRY_SECONDS = 5.0

    def __init__(self, client: Redis, *, prefix: str = "jobboard:") -> None:
        self._client = client
        self._prefix = prefix
        self._incr_below_script = client.register_script(_INCR_BELOW)
        self._fallback = MemoryCache()
        self._down_until = 0.0

    @classmethod
    def from_url(
        cls, url: str, *, prefix: str = "jobboard:", timeout_seconds: float = 0.5
    ) -> RedisCache:
        client = Redis.from_url(
            url, socket_timeout=timeout_seconds, socket_connect_timeout=timeout_seconds
        )
        return cls(client, prefix=prefix)

    @property
    def degraded(self) -> bool:
        """Whether Redis was unreachable at the last try (within RETRY_SECONDS)."""
        return time.monotonic() < self._down_until

    async def _attempt(self, operation: Awaitable[T]) -> tuple[bool, T | None]:
        if self.degraded:
            _close(operation)
            return False, None
        try:
            return True, await operation
        except (RedisError, OSError) as error:
            if not self.degraded:
                logger.warning(
                    "Redis unreachable (%s): counting in process memory for %.0f s",
                    error,
                    self.RETRY_SECONDS,
                )
            self._down_until = time.monotonic() + self.RETRY_SECONDS
            return False, None

    async def get(self, key: str) -> bytes | None:
        done, value = await self._attempt(self._client.get(self._prefix + key))
        if not done:
            return await self._fallback.get(key)
        if value is None or isinstance(value, bytes):
            return value
        return str(value).encode()

    async def set(self, key: str, value: bytes, *, ttl_seconds: int) -> None:
        done, _ = await self._attempt(self._client.set(self._prefix + key, value, ex=ttl_seconds))
        if not done:
            await self._fallback.set(key, value, ttl_seconds=ttl_seconds)

    async def add(self, key: str, value: bytes, *, ttl_seconds: int) -> bool:
        done, added = await self._attempt(
            self._client.set(self._prefix + key, value, ex=ttl_seconds, nx=True)
        )
        if not done:
            return await self._fallback.add(key, value, ttl_seconds=ttl_seconds)
        return bool(added)

    async def delete(self, *keys: str) -> None:
        await self._fallback.delete(*keys)
        if keys:
            await self._attempt(self._client.delete(*(self._prefix + key for key in keys)))

    async def _incr(self, name: str, ttl_seconds: int, amount: int) -> int:
        async with self._client.pipeline(transaction=True) as pipeline:
            pipeline.set(name, 0, ex=ttl_seconds, nx=True)
            pipeline.incrby(name, amount)
            _, count = await pipeline.execute()
        return int(count)

    async def incr(self, key: str, *, ttl_seconds: int, amount: int = 1) -> int:
        done, count = await self._attempt(self._incr(self._prefix + key, ttl_seconds, amount))
        if not done or count is None:
            return await self._fallback.incr(key, ttl_seconds=ttl_seconds, amount=amount)
        return count

    async def incr_below(self, key: str, *, limit: int, ttl_seconds: int) -> int | None:
        done, count = await self._attempt(
            self._incr_below_script(keys=[self._prefix + key], args=[limit, ttl_seconds])
        )
        if not done:
            return await self._fallback.incr_below(key, limit=limit, ttl_seconds=ttl_seconds)
        return None if int(count) < 0 else int(count)  # type: ignore[arg-type]

    async def ttl(self, key: str) -> int | None:
        done, seconds = await self._attempt(self._client.ttl(self._prefix + key))
        if not done:
            return await self._fallback.ttl(key)
        return None if int(seconds) < 0 else int(seconds)  # type: ignore[arg-type]

    async def close(self) -> None:
        await self._fallback.close()
        await self._client.aclose()


def _close(operation: Awaitable[Any]) -> None:
    """Drop an operation that will not be awaited (a coroutine would warn)."""
    close = getattr(operation, "close", None)
    if close is not None:
        close()


def cache_from_settings(settings: Settings) -> Cache:
    if settings.redis_url:
        return RedisCache.from_url(
            settings.redis_url, timeout_seconds=settings.redis_timeout_seconds
        )
    return MemoryCache()
