"""Failed sign-ins per account: a growing delay, then a temporary lockout.

Counted per e-mail address as typed (case-folded), whether or not an account has it, so the
answers never tell which addresses exist. The counters live in the shared cache.

A guess is counted before its password is checked, in the same atomic step that checks the
account may still guess (``Cache.incr_below``): however many guesses arrive at once, from
however many addresses, at most ``lockout_after_failures`` of them are checked in a window.
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


async def take_guess(cache: Cache, username: str, settings: Settings) -> int | None:
    """Count a guess about to be checked: None when it may be checked, otherwise the seconds
    the account must wait (a delay after recent failures, or the lockout once every guess
    of the window is taken). A guess counts as a failure until ``record_success`` says
    otherwise."""
    wait = await blocked_for(cache, username)
    if wait is not None:
        return wait
    guesses = await cache.incr_below(
        _failures_key(username),
        limit=settings.lockout_after_failures,
        ttl_seconds=settings.lockout_seconds,
    )
    if guesses is None:
        await cache.add(_blocked_key(username), b"1", ttl_seconds=settings.lockout_seconds)
        return await blocked_for(cache, username) or settings.lockout_seconds
    return None


async def guesses_counted(cache: Cache, username: str) -> int:
    """How many guesses the account's current window has counted."""
    value = await cache.get(_failures_key(username))
    return int(value) if value is not None else 0


async def record_failure(cache: Cache, username: str, settings: Settings) -> int:
    """The checked guess was wrong: start the delay it earns and return it (0: none)."""
    failures = await guesses_counted(cache, username)
    wait = delay_after(failures, settings)
    if wait:
        await cache.set(_blocked_key(username), b"1", ttl_seconds=wait)
    return wait


async def record_success(cache: Cache, username: str) -> None:
    await cache.delete(_failures_key(username), _blocked_key(username))
