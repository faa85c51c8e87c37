"""The audit log: one append-only row per privileged or security-relevant action."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from jobboard.kit.clock import utcnow
from jobboard.models.base import Base, BigIntegerId, JsonDocument


class AuditEvent(Base):
    """Who did what to which object, when and from where.

    Rows are never changed or deleted (a trigger refuses it on both engines). Actors and
    targets are named by id, never by personal data, so the log outlives an erased account
    without identifying it.
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_action_id", "action", "id"),
        Index("ix_audit_event_actor_id", "actor", "id"),
        Index("ix_audit_event_target", "target_type", "target_id", "id"),
        Index("ix_audit_event_company_id_id", "company_id", "id"),
        Index("ix_audit_event_occurred_at", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[str] = mapped_column(String(80))
    company_id: Mapped[int | None] = mapped_column(BigInteger)
    client_address: Mapped[str | None] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
