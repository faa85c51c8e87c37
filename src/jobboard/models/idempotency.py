"""Stored answers to creating requests, replayed when a client retries with the same key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jobboard.kit.clock import utcnow
from jobboard.models.base import Base, BigIntegerId, JsonDocument


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_record"
    __table_args__ = (
        UniqueConstraint("owner", "key"),
        Index("ix_idempotency_record_expires_at", "expires_at"),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(255))
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(500))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int]
    response_headers: Mapped[dict[str, str]] = mapped_column(JsonDocument)
    response_body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
