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
from jobboard.errors import JobboardError

_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}

DEFAULT_LIMITS: dict[str, str] = {
    "register": "10/hour",
    "token": "30/minute",
    "revoke": "60/minute",
    "password_reset": "5/hour",
    "password_reset_account": "3/hour",
    "verification_resend": "3/hour",
    "password_change": "10/hour",
    "export": "5/hour",
    "erase": "5/hour",
    "jobs_batch": "60/hour",
    "report": "10/hour",
    # Invitation e-mails go to addresses nobody has confirmed: a company may not send many.
    "invitation": "30/hour",
    # Cost units of GraphQL operations (jobboard.graphql.limits), not requests.
    "graphql_cost": "20000/minute",
}


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


def parse_limit(value: str) -> tuple[int, int]:
    """Read "10/hour", "30/minute" or "100/15minute" as (count, window in seconds)."""
    count_text, slash, period = value.strip().partition("/")
    digits = "".join(character for character in period if character.isdigit())
    unit = period[len(digits) :].strip().rstrip("s")
    if not slash or not count_text.strip().isdigit() or unit not in _UNITS:
        raise ValueError(f"{value!r} is not a rate limit; write it like '10/hour' or '5/15minute'")
    count = int(count_text)
    window = (int(digits) if digits else 1) * _UNITS[unit]
    if count < 1 or window < 1:
        raise ValueError(f"{value!r} allows nothing; use at least 1 per window")
    return count, window


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
