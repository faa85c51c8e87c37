"""Short-lived JWT access tokens: issued with the signing key, verified with pinned rules."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import jwt

from jobboard.auth.keys import ALGORITHM, SigningKey
from jobboard.config import Settings
from jobboard.errors import InvalidToken
from jobboard.kit.clock import utcnow


def issue_access_token(
    *,
    key: SigningKey,
    settings: Settings,
    subject: str,
    scopes: frozenset[str],
    extra_claims: dict[str, Any] | None = None,
) -> tuple[str, int]:
    """Return a signed access token and its lifetime in seconds."""
    now = utcnow()
    ttl = settings.access_token_ttl_seconds
    claims: dict[str, Any] = {
        "iss": settings.token_issuer,
        "aud": settings.jwt_audience,
        "sub": subject,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(seconds=ttl),
        "jti": secrets.token_urlsafe(16),
        "scope": " ".join(sorted(scopes)),
        **(extra_claims or {}),
    }
    token = jwt.encode(
        claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid, "typ": "at+jwt"}
    )
    return token, ttl


def decode_access_token(token: str, *, key: SigningKey, settings: Settings) -> dict[str, Any]:
    """Verify signature, algorithm, issuer, audience and lifetime; return the claims."""
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ALGORITHM or header.get("kid") != key.kid:
            raise InvalidToken("The token was not signed by this service's current key.")
        claims: dict[str, Any] = jwt.decode(
            token,
            key.public_key,
            algorithms=[ALGORITHM],
            audience=settings.jwt_audience,
            issuer=settings.token_issuer,
            options={"require": ["exp", "iat", "iss", "aud", "sub", "jti"]},
            leeway=30,
        )
    except jwt.ExpiredSignatureError as error:
        raise InvalidToken("The access token has expired; get a new one.") from error
    except jwt.PyJWTError as error:
        raise InvalidToken("The access token is not valid.") from error
    return claims
