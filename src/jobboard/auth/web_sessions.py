"""Browser sign-ins: a signed cookie that names a stored session, checked like an access token.

The cookie carries the session id, the user and the moment the session began, under an HMAC
of the secret key: a forged or altered cookie is refused without a database query. Whether the
session still stands is then two cached facts: the user's standing (disabled, signed out
everywhere or password changed since the session began: ``auth.standing``) and whether this
session was ended. Signing out deletes the stored session and writes "ended" to the shared
cache at once, so every replica refuses the cookie from then on.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

import orjson
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.auth import standing
from jobboard.auth.principal import Principal
from jobboard.auth.scopes import ROLE_SCOPES
from jobboard.cache import Cache
from jobboard.config import Settings
from jobboard.db import Database
from jobboard.kit import base64url
from jobboard.kit.clock import utcnow
from jobboard.models import User, WebSession

_MAC_BYTES = 20
_ALIVE = b"1"
_ENDED = b"0"


@dataclass(frozen=True, slots=True)
class SessionClaims:
    """What a session cookie says: which session, whose, and since when (epoch seconds)."""

    session_id: str
    user_id: int
    started_at: float

    @property
    def id_hash(self) -> str:
        return hashlib.sha256(self.session_id.encode()).hexdigest()


def _mac(secret: str, payload: bytes) -> bytes:
    key = hashlib.sha256(("web-session:" + secret).encode()).digest()
    return hmac.new(key, payload, hashlib.sha256).digest()[:_MAC_BYTES]


def encode(claims: SessionClaims, *, secret: str) -> str:
    payload = orjson.dumps({"s": claims.session_id, "u": claims.user_id, "t": claims.started_at})
    return f"{base64url.encode(payload)}.{base64url.encode(_mac(secret, payload))}"


def decode(value: str, *, secret: str, ttl_seconds: int) -> SessionClaims | None:
    """The claims of a genuine cookie that has not outlived ``ttl_seconds``; None otherwise."""
    encoded, dot, mac = value.partition(".")
    if not dot or len(value) > 400:
        return None
    try:
        payload = base64url.decode(encoded)
        given = base64url.decode(mac)
    except ValueError:
        return None
    if not hmac.compare_digest(given, _mac(secret, payload)):
        return None
    try:
        data = orjson.loads(payload)
        claims = SessionClaims(
            session_id=str(data["s"]), user_id=int(data["u"]), started_at=float(data["t"])
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
    if claims.started_at + ttl_seconds < time.time():
        return None
    return claims


def _state_key(id_hash: str) -> str:
    return f"web-session:{id_hash}"


async def start(
    session: AsyncSession,
    *,
    cache: Cache,
    settings: Settings,
    user: User,
    client_address: str | None,
    user_agent: str | None,
) -> SessionClaims:
    """Store a new session for ``user``; the caller sets its cookie."""
    started = standing.precise_now()
    claims = SessionClaims(
        session_id=secrets.token_urlsafe(24), user_id=user.id, started_at=started.timestamp()
    )
    session.add(
        WebSession(
            id_hash=claims.id_hash,
            user_id=user.id,
            created_at=started,
            expires_at=started + timedelta(days=settings.web_session_ttl_days),
            client_address=client_address,
            user_agent=(user_agent or "")[:300] or None,
        )
    )
    await session.flush()
    await cache.set(
        _state_key(claims.id_hash), _ALIVE, ttl_seconds=settings.principal_cache_seconds
    )
    return claims


async def end(
    session: AsyncSession, *, cache: Cache, settings: Settings, claims: SessionClaims
) -> None:
    """End this one session, on every replica."""
    await session.execute(delete(WebSession).where(WebSession.id_hash == claims.id_hash))
    await cache.set(
        _state_key(claims.id_hash), _ENDED, ttl_seconds=settings.principal_cache_seconds
    )


async def end_all(session: AsyncSession, *, user_id: int) -> None:
    """Forget every stored session of a user. Their cookies are void already: signing out
    everywhere moves the user's ``tokens_valid_after`` past every session's start."""
    await session.execute(delete(WebSession).where(WebSession.user_id == user_id))


async def _alive(cache: Cache, database: Database, claims: SessionClaims, ttl: int) -> bool:
    key = _state_key(claims.id_hash)
    cached = await cache.get(key)
    if cached is not None:
        return cached == _ALIVE
    async with database.read_session() as session:
        found = await session.scalar(
            select(WebSession.id_hash).where(
                WebSession.id_hash == claims.id_hash, WebSession.expires_at > utcnow()
            )
        )
    alive = found is not None
    await cache.add(key, _ALIVE if alive else _ENDED, ttl_seconds=ttl)
    return alive


async def principal_for(
    claims: SessionClaims, *, cache: Cache, database: Database, settings: Settings
) -> Principal | None:
    """The signed-in user a session stands for, or None when it no longer stands."""
    ttl = settings.principal_cache_seconds
    user_standing = await standing.user_standing(cache, database, user_id=claims.user_id, ttl=ttl)
    if not user_standing.admits(claims.started_at) or user_standing.role is None:
        return None
    if not await _alive(cache, database, claims, ttl):
        return None
    role = user_standing.role
    return Principal(user_id=claims.user_id, role=role, scopes=ROLE_SCOPES.get(role, frozenset()))
