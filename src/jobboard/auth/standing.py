"""Whether a token's principal still stands: not disabled, not deleted, not signed out since.

Access tokens are verified on every request without a database query: a small record per
user and per API client is cached (``principal_cache_seconds``). Whatever changes it (disable,
erase, password change, sign-out everywhere, client disabled or rotated) writes the new record
straight away, so on the shared cache every replica refuses the old tokens at once. A reader
that missed the cache fills it only if nobody wrote meanwhile, so an old reading never
replaces a fresh one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import orjson
from sqlalchemy import select

from jobboard.auth.scopes import CLIENT_SCOPES
from jobboard.cache import Cache
from jobboard.db import Database
from jobboard.kit.clock import as_utc
from jobboard.models import ApiClient, User


@dataclass(frozen=True, slots=True)
class Standing:
    """What a token's subject may do now: tokens issued before ``valid_after`` are void."""

    active: bool
    valid_after: float = 0.0
    role: str | None = None
    scopes: frozenset[str] = frozenset()
    company_id: int | None = None

    def encode(self) -> bytes:
        return orjson.dumps(
            {
                "active": self.active,
                "after": self.valid_after,
                "role": self.role,
                "scopes": sorted(self.scopes),
                "company": self.company_id,
            }
        )

    @classmethod
    def decode(cls, raw: bytes) -> Standing:
        data = orjson.loads(raw)
        return cls(
            active=bool(data["active"]),
            valid_after=float(data["after"]),
            role=data["role"],
            scopes=frozenset(data["scopes"]),
            company_id=data["company"],
        )

    def admits(self, issued_at: float) -> bool:
        return self.active and issued_at >= self.valid_after


GONE = Standing(active=False)


def precise_now() -> datetime:
    """Now with microseconds: the instant that separates revoked tokens from new ones."""
    return datetime.now(UTC)


def _timestamp(value: datetime | None) -> float:
    return as_utc(value).timestamp() if value is not None else 0.0


def of_user(user: User | None) -> Standing:
    if user is None or user.disabled_at is not None:
        return GONE
    return Standing(active=True, valid_after=_timestamp(user.tokens_valid_after), role=user.role)


def of_client(client: ApiClient | None) -> Standing:
    if client is None or client.disabled_at is not None:
        return GONE
    return Standing(
        active=True,
        valid_after=_timestamp(client.tokens_valid_after),
        role="client",
        scopes=frozenset(client.scopes) & CLIENT_SCOPES,
        company_id=client.company_id,
    )


def _user_key(user_id: int) -> str:
    return f"standing:user:{user_id}"


def _client_key(client_id: str) -> str:
    return f"standing:client:{client_id}"


async def publish_user(cache: Cache, *, user_id: int, user: User | None, ttl: int) -> None:
    """Record a user's new standing (call after changing it; ``None`` when deleted)."""
    await cache.set(_user_key(user_id), of_user(user).encode(), ttl_seconds=ttl)


async def publish_client(cache: Cache, *, client: ApiClient, ttl: int) -> None:
    await cache.set(_client_key(client.client_id), of_client(client).encode(), ttl_seconds=ttl)


async def user_standing(cache: Cache, database: Database, *, user_id: int, ttl: int) -> Standing:
    key = _user_key(user_id)
    cached = await cache.get(key)
    if cached is not None:
        return Standing.decode(cached)
    async with database.read_session() as session:
        standing = of_user(await session.scalar(select(User).where(User.id == user_id)))
    await cache.add(key, standing.encode(), ttl_seconds=ttl)
    return standing


async def client_standing(
    cache: Cache, database: Database, *, client_id: str, ttl: int
) -> Standing:
    key = _client_key(client_id)
    cached = await cache.get(key)
    if cached is not None:
        return Standing.decode(cached)
    async with database.read_session() as session:
        standing = of_client(
            await session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))
        )
    await cache.add(key, standing.encode(), ttl_seconds=ttl)
    return standing
