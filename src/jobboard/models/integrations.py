"""Feed sources a company imports jobs from, and the webhooks it is told about changes on."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jobboard.kit.clock import utcnow
from jobboard.models.base import Base, BigIntegerId, JsonDocument

FeedKind = Literal[
    "greenhouse",
    "lever",
    "ashby",
    "smartrecruiters",
    "workable",
    "jsonld",
    "rss",
    "indeed",
    "remotive",
    "usajobs",
    "workday",
    "adzuna",
]
FEED_KINDS: tuple[FeedKind, ...] = (
    "greenhouse",
    "lever",
    "ashby",
    "smartrecruiters",
    "workable",
    "jsonld",
    "rss",
    "indeed",
    "remotive",
    "usajobs",
    "workday",
    "adzuna",
)


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


class FeedSource(Base):
    __tablename__ = "feed_source"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_sql_list(FEED_KINDS)})", name="kind"),
        CheckConstraint("url IS NOT NULL OR board_token IS NOT NULL", name="location"),
        Index("ix_feed_source_company_id", "company_id"),
        Index("ix_feed_source_enabled_next_sync_at", "enabled", "next_sync_at"),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    url: Mapped[str | None] = mapped_column(String(2000))
    board_token: Mapped[str | None] = mapped_column(String(200))
    # The credential the feed is fetched with (an API key and its account), sealed under the
    # key-encryption key; never answered back.
    credential_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    sync_interval_minutes: Mapped[int | None]
    enabled: Mapped[bool] = mapped_column(default=True)
    next_sync_at: Mapped[datetime | None]
    last_sync_started_at: Mapped[datetime | None]
    last_synced_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None]
    last_result: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def has_credential(self) -> bool:
        return self.credential_ciphertext is not None

    @property
    def source_key(self) -> str:
        """What imported jobs carry in ``job.source``: unique per feed."""
        return f"{self.kind}:{self.id}"


class Webhook(Base):
    __tablename__ = "webhook"
    __table_args__ = (Index("ix_webhook_company_id", "company_id"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str | None] = mapped_column(String(200))
    events: Mapped[list[str]] = mapped_column(JsonDocument)
    secret: Mapped[str] = mapped_column(String(100))
    enabled: Mapped[bool] = mapped_column(default=True)
    disabled_at: Mapped[datetime | None]
    disabled_reason: Mapped[str | None] = mapped_column(String(1000))
    failing_since: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class WebhookDelivery(Base):
    """One event for one endpoint; its id is the `webhook-id` every attempt repeats."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'succeeded', 'failed')", name="status"),
        Index("ix_webhook_delivery_webhook_id_id", "webhook_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhook.id", ondelete="CASCADE"))
    message_id: Mapped[str] = mapped_column(String(64), unique=True)
    event_type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_attempt_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]


class WebhookAttempt(Base):
    """One HTTP exchange of a delivery: what was answered and how long it took."""

    __tablename__ = "webhook_attempt"
    __table_args__ = (Index("ix_webhook_attempt_delivery_id", "delivery_id"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_delivery.id", ondelete="CASCADE"))
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_code: Mapped[int | None]
    response_excerpt: Mapped[str | None] = mapped_column(String(1000))
    error: Mapped[str | None] = mapped_column(String(500))
    duration_ms: Mapped[int]
    succeeded: Mapped[bool]
