"""Opaque, signed pagination cursors.

A cursor is a base64url JSON payload plus an HMAC, so clients cannot forge positions and a
cursor from one list cannot be replayed against another (the list name is part of the MAC).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from typing import Any

import orjson

_MAC_BYTES = 12


class CursorError(ValueError):
    """A cursor this code did not issue, for another list, or malformed. The HTTP layer
    answers it as the ``invalid-cursor`` problem (``jobboard.errors.InvalidCursor``)."""


def _mac(secret: str, scope: str, payload: bytes) -> bytes:
    key = hashlib.sha256(("cursor:" + secret).encode()).digest()
    return hmac.new(key, scope.encode() + b"\x00" + payload, hashlib.sha256).digest()[:_MAC_BYTES]


def encode_cursor(position: list[Any], *, scope: str, secret: str) -> str:
    payload = orjson.dumps(position)
    token = payload + _mac(secret, scope, payload)
    return base64.urlsafe_b64encode(token).decode().rstrip("=")


def decode_cursor(cursor: str, *, scope: str, secret: str) -> list[Any]:
    """Return the position a cursor encodes, or raise CursorError."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (binascii.Error, ValueError) as error:
        raise CursorError(
            "The cursor is not one this API issued; start from the first page."
        ) from error
    payload, mac = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
    if len(raw) <= _MAC_BYTES or not hmac.compare_digest(mac, _mac(secret, scope, payload)):
        raise CursorError(
            "The cursor is not one this API issued for this list; start from the first page."
        )
    position = orjson.loads(payload)
    if not isinstance(position, list):
        raise CursorError("The cursor is malformed; start from the first page.")
    return position
