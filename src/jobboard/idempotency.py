"""Idempotency-Key on creating POSTs.

The first request with a key runs normally and its successful answer is stored in the same
transaction as the change it made. A retry with the same key and the same body gets that
answer replayed; the same key with a different body is a 422. Answers that failed are not
stored (nothing was written), so a retry runs again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi import Request, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.config import get_settings
from jobboard.errors import IdempotencyKeyReused
from jobboard.kit.clock import utcnow
from jobboard.models import IdempotencyRecord

_REPLAYED_HEADERS = ("content-type", "location", "etag")


@dataclass(frozen=True, slots=True)
class PendingKey:
    owner: str
    key: str
    method: str
    path: str
    request_hash: str


class Replay(Exception):
    """Raised by the dependency to answer with a stored response instead of running."""

    def __init__(self, response: Response) -> None:
        super().__init__("replay")
        self.response = response


def _replay(record: IdempotencyRecord) -> Response:
    headers = dict(record.response_headers)
    headers["Idempotent-Replayed"] = "true"
    return Response(content=record.response_body, status_code=record.status_code, headers=headers)


async def find_record(session: AsyncSession, *, owner: str, key: str) -> IdempotencyRecord | None:
    return await session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.owner == owner,
            IdempotencyRecord.key == key,
            IdempotencyRecord.expires_at > utcnow(),
        )
    )


def check_record(record: IdempotencyRecord, pending: PendingKey) -> Response:
    """Return the replay for a matching record; raise when the key was used differently."""
    if record.request_hash != pending.request_hash:
        raise IdempotencyKeyReused(
            "This Idempotency-Key was used for a different request; use a new key for a new "
            "request.",
            idempotency_key=pending.key,
        )
    return _replay(record)


_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
_CHUNK = 1024 * 1024


async def hash_body(request: Request, digest: Any) -> None:
    """Feed the request's content to ``digest`` without taking it from the endpoint.

    A JSON body is hashed as sent: FastAPI keeps the bytes it read. A form is hashed by its
    parsed fields, the ones the endpoint receives: its stream was consumed by the parser,
    and a multipart body's bytes differ on every retry anyway (a new boundary).
    """
    if not request.headers.get("content-type", "").startswith(_FORM_TYPES):
        digest.update(await request.body())
        return
    form = await request.form()
    for name, value in form.multi_items():
        digest.update(name.encode() + b"\x00")
        if isinstance(value, str):
            digest.update(value.encode() + b"\x00")
            continue
        digest.update((value.filename or "").encode() + b"\x00")
        await value.seek(0)
        while chunk := await value.read(_CHUNK):
            digest.update(chunk)
        await value.seek(0)
        digest.update(b"\x00")


def store_response(session: AsyncSession, pending: PendingKey, response: Response) -> None:
    """Add the answer to the session so it commits together with the change it reports."""
    now = utcnow()
    session.add(
        IdempotencyRecord(
            owner=pending.owner,
            key=pending.key,
            method=pending.method,
            path=pending.path,
            request_hash=pending.request_hash,
            status_code=response.status_code,
            response_headers={
                name: value for name, value in response.headers.items() if name in _REPLAYED_HEADERS
            },
            response_body=bytes(response.body),
            created_at=now,
            expires_at=now + timedelta(hours=get_settings().idempotency_ttl_hours),
        )
    )
