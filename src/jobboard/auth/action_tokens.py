"""Signed, expiring, single-use tokens for links sent by e-mail (verification, password reset).

Nothing is stored: a token carries its purpose, the user, its expiry and a fingerprint of the
account state it acts on (the password hash for a reset, the address and its verification for
a verification). Using the token changes that state, so the token stops matching: single use.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import time
from dataclasses import dataclass

import orjson

from jobboard.kit import base64url
from jobboard.models import User

_MAC_BYTES = 20


@dataclass(frozen=True, slots=True)
class ActionClaims:
    purpose: str
    user_id: int
    fingerprint: str


def _mac(secret: str, payload: bytes) -> bytes:
    key = hashlib.sha256(("action-token:" + secret).encode()).digest()
    return hmac.new(key, payload, hashlib.sha256).digest()[:_MAC_BYTES]


def fingerprint(purpose: str, user: User) -> str:
    """The account state a token of this purpose is bound to."""
    if purpose == "password-reset":
        state = f"{user.password_hash}|{user.tokens_valid_after}"
    else:
        state = f"{user.email}|{user.email_verified_at}"
    return hashlib.sha256(f"{purpose}|{user.id}|{state}".encode()).hexdigest()[:24]


def issue(*, purpose: str, user: User, ttl_seconds: int, secret: str) -> str:
    payload = orjson.dumps(
        {
            "p": purpose,
            "u": user.id,
            "e": int(time.time()) + ttl_seconds,
            "f": fingerprint(purpose, user),
        }
    )
    return f"{base64url.encode(payload)}.{base64url.encode(_mac(secret, payload))}"


def read(token: str, *, purpose: str, secret: str) -> ActionClaims | None:
    """The claims of a genuine, unexpired token of this purpose; None otherwise."""
    encoded, dot, mac = token.partition(".")
    if not dot or len(token) > 1000:
        return None
    try:
        payload = base64url.decode(encoded)
        given = base64url.decode(mac)
    except (binascii.Error, ValueError):
        return None
    if not hmac.compare_digest(given, _mac(secret, payload)):
        return None
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return None
    if (
        not isinstance(data, dict)
        or data.get("p") != purpose
        or not isinstance(data.get("u"), int)
        or not isinstance(data.get("e"), int)
        or data["e"] < time.time()
    ):
        return None
    return ActionClaims(purpose=purpose, user_id=data["u"], fingerprint=str(data.get("f")))


def matches(claims: ActionClaims, user: User) -> bool:
    return hmac.compare_digest(claims.fingerprint, fingerprint(claims.purpose, user))
