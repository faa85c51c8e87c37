"""Argon2id password hashing with a constant-time path for unknown accounts.

Hashing takes tens of milliseconds of CPU by design, so it never runs on the event loop: it
runs on a small pool of threads of its own (argon2 releases the GIL while it works), sized by
``JOBBOARD_PASSWORD_HASH_THREADS``. A flood of sign-ins queues for those threads while the
loop keeps answering everything else. Callers hash before the transaction that writes, so on
SQLite no hash runs while the write lock is held.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from jobboard.config import get_settings


@cache
def _hasher() -> PasswordHasher:
    settings = get_settings()
    return PasswordHasher(
        time_cost=settings.argon2_time_cost, memory_cost=settings.argon2_memory_kib
    )


@cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(
        max_workers=get_settings().password_hash_threads, thread_name_prefix="password-hash"
    )


@cache
def _dummy_hash() -> str:
    return _hasher().hash("not a password anyone has")


def _verify(password: str, password_hash: str | None) -> bool:
    try:
        return _hasher().verify(password_hash or _dummy_hash(), password) and (
            password_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False


async def hash_password(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_pool(), _hasher().hash, password)


async def verify_password(password: str, password_hash: str | None) -> bool:
    """Check a password; with no stored hash, spend the same time and answer False."""
    return await asyncio.get_running_loop().run_in_executor(
        _pool(), _verify, password, password_hash
    )


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
