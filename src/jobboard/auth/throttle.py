"""Failed sign-ins per account: a growing delay, then a temporary lockout.

Counted per e-mail address as typed (case-folded), whether or not an account has it, so the
answers never tell which addresses exist. The counters live in the shared cache.
"""

from __future__ import annotations

import hashlib

from jobboard.cache import Cache
from jobboard.config import Settings


def _account(username: str) -> str:
    return hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]


def _failures_key(username: str) -> str:
    return f"signin-failures:{_account(username)}"


def _blocked_key(username: str) -> str:
    return f"signin-blocked:{_account(username)}"


async def blocked_for(cache: Cache, username: str) -> int | None:
    """Seconds until this account may try again, or None when it may try now."""
    if await cache.get(_blocked_key(username)) is None:
        return None
    seconds: int | None = await cache.ttl(_blocked_key(username))
    return seconds if seconds is not None and seconds > 0 else 1


def delay_after(failures: int, settings: Settings) -> int:
    """Seconds to wait after this many consecutive failures."""
    if failures >= settings.lockout_after_failures:
        return settings.lockout_seconds
    if failures < settings.login_delay_after_failures:
        return 0
    return min(1 << (failures - settings.login_delay_after_failures), settings.lockout_seconds)


async def record_failure(cache: Cache, username: str, settings: Settings) -> int:
    """Count a failure; return how long the account must now wait (0: not at all)."""
    failures = await cache.incr(_failures_key(username), ttl_seconds=settings.lockout_seconds)
    wait = delay_after(failures, settings)
    if wait:
        await cache.set(_blocked_key(username), b"1", ttl_seconds=wait)
    return wait


async def record_success(cache: Cache, username: str) -> None:
    await cache.delete(_failures_key(username), _blocked_key(username))
