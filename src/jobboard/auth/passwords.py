"""Argon2id password hashing with a constant-time path for unknown accounts."""

from __future__ import annotations

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
def _dummy_hash() -> str:
    return _hasher().hash("not a password anyone has")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Check a password; with no stored hash, spend the same time and answer False."""
    try:
        return _hasher().verify(password_hash or _dummy_hash(), password) and (
            password_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
