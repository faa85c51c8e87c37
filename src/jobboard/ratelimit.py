"""Rate limits: fixed-window counters in the shared cache, answered with 429 and RateLimit-*.

Each limit has a name, a default ("10/hour") that ``JOBBOARD_RATE_LIMITS`` may override, and
a key that says whose budget a request spends (the client address, an account, a user).
Counters live in ``jobboard.cache``: Redis when configured, so every replica shares them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response

from jobboard.cache import Cache
from jobboard.config import DEFAULT_LIMITS, parse_limit
from jobboard.errors import JobboardError


class RateLimited(JobboardError):
    status = 429
    slug = "rate-limited"
    title = "Too many requests"


@dataclass(frozen=True, slots=True)
class Limit:
    name: str
    count: int
    window_seconds: int


@dataclass(frozen=True, slots=True)
class Usage:
    limit: Limit
    used: int
    reset_seconds: int

    @property
    def remaining(self) -> int:
        return max(0, self.limit.count - self.used)

    @property
    def exceeded(self) -> bool:
        return self.used > self.limit.count

    def headers(self) -> dict[str, str]:
        headers = {
            "RateLimit-Limit": str(self.limit.count),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset_seconds),
        }
        if self.exceeded:
            headers["Retry-After"] = str(max(1, self.reset_seconds))
        return headers


def limit_named(name: str, overrides: dict[str, str]) -> Limit:
    count, window = parse_limit(overrides.get(name, DEFAULT_LIMITS[name]))
    return Limit(name=name, count=count, window_seconds=window)


def _bucket(limit: Limit, key: str) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"ratelimit:{limit.name}:{digest}"


async def spend(cache: Cache, limit: Limit, key: str, *, amount: int = 1) -> Usage:
    """Count one request (or ``amount`` units) against ``key``'s budget; raise RateLimited
    once it is spent."""
    bucket = _bucket(limit, key)
    used = await cache.incr(bucket, ttl_seconds=limit.window_seconds, amount=amount)
    reset = await cache.ttl(bucket)
    usage = Usage(
        limit=limit, used=used, reset_seconds=limit.window_seconds if reset is None else reset
    )
    if usage.exceeded:
        raise RateLimited(
            f"Too many requests of this kind ({limit.count} per {limit.window_seconds} s); "
            f"retry in {usage.reset_seconds} s.",
            headers=usage.headers(),
        )
    return usage


def client_address(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


async def spend_for_request(
    request: Request, name: str, key: str, response: Response | None = None
) -> Usage:
    """Spend from limit ``name`` with the app's cache and settings; copy the headers over."""
    limit = limit_named(name, request.app.state.settings.rate_limits)
    usage = await spend(request.app.state.cache, limit, key)
    if response is not None:
        response.headers.update(usage.headers())
    return usage


def per_address(name: str) -> Callable[..., Awaitable[Any]]:
    """A dependency that spends from limit ``name`` per client address."""

    async def dependency(request: Request, response: Response) -> None:
        await spend_for_request(request, name, client_address(request), response)

    dependency.__name__ = f"rate_limit_{name}"
    return dependency
