"""Short-lived JWT access tokens: issued with the current key, verified with pinned rules."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from jobboard.auth.keys import ALGORITHM, LEEWAY_SECONDS, KeyRing, SigningKey
from jobboard.config import Settings
from jobboard.db import Database
from jobboard.errors import InvalidToken

TOKEN_TYPE = "at+jwt"  # noqa: S105 - RFC 9068's media type, not a secret


def issue_access_token(
    *,
    key: SigningKey,
    settings: Settings,
    subject: str,
    scopes: frozenset[str],
    extra_claims: dict[str, Any] | None = None,
) -> tuple[str, int]:
    """Return a signed access token and its lifetime in seconds.

    ``iat`` keeps its microseconds so that "signed out at T" cuts exactly between the tokens
    issued before and after T.
    """
    now = datetime.now(UTC)
    ttl = settings.access_token_ttl_seconds
    claims: dict[str, Any] = {
        "iss": settings.token_issuer,
        "aud": settings.jwt_audience,
        "sub": subject,
        "iat": now.timestamp(),
        "nbf": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=ttl)).timestamp()),
        "jti": secrets.token_urlsafe(16),
        "scope": " ".join(sorted(scopes)),
        **(extra_claims or {}),
    }
    token = jwt.encode(
        claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid, "typ": TOKEN_TYPE}
    )
    return token, ttl


async def decode_access_token(
    token: str, *, keyring: KeyRing, database: Database, settings: Settings
) -> dict[str, Any]:
    """Verify algorithm, key id, signature, issuer, audience and lifetime; return the claims."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise InvalidToken("The access token is not valid.") from error
    kid = header.get("kid")
    if header.get("alg") != ALGORITHM or not isinstance(kid, str) or len(kid) > 64:
        raise InvalidToken("The token was not signed by this service.")
    key = await keyring.verification_key(database, kid)
    if key is None:
        raise InvalidToken("The token was signed with a key this service does not accept.")
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key.public_key,
            algorithms=[ALGORITHM],
            audience=settings.jwt_audience,
            issuer=settings.token_issuer,
            options={"require": ["exp", "iat", "iss", "aud", "sub", "jti"]},
            leeway=LEEWAY_SECONDS,
        )
    except jwt.ExpiredSignatureError as error:
        raise InvalidToken("The access token has expired; get a new one.") from error
    except jwt.PyJWTError as error:
        raise InvalidToken("The access token is not valid.") from error
    return claims
