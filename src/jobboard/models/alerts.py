"""Saved searches and their alerts: the search, its compiled matching rule, the keys that
index the rule, the jobs it matched and the jobs waiting to be matched."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from jobboard.kit.clock import utcnow
from jobboard.models.base import Base, BigIntegerId, JsonDocument

Frequency = Literal["instant", "daily", "weekly"]


class SavedSearch(Base):
    """A seeker's search kept with how and how often to hear about new jobs matching it.

    ``search`` is the request as the seeker gave it (the search endpoint's parameters);
    ``rule`` is that request compiled against the taxonomy and gazetteer (ids, terms,
    coordinates) by the analyzer named in ``rule_version``, which is what new jobs are
    matched with.
    """

    __tablename__ = "saved_search"
    __table_args__ = (
        CheckConstraint("frequency IN ('instant', 'daily', 'weekly')", name="frequency"),
        Index("ix_saved_search_user_id_id", "user_id", "id"),
        Index("ix_saved_search_frequency_last_sent_at", "frequency", "last_sent_at"),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    search: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    rule: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    rule_version: Mapped[str] = mapped_column(String(64))
    frequency: Mapped[str] = mapped_column(String(8))
    email: Mapped[bool] = mapped_column(default=True)
    webhook_url: Mapped[str | None] = mapped_column(String(2000))
    webhook_secret: Mapped[str | None] = mapped_column(String(100))
    # Changing it retires the feed URLs (which are derived from it and the server secret).
    feed_salt: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(default=True)
    last_sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)


class SavedSearchKey(Base):
    """One key under which a saved search is found when a new job carries it.

    Every job matching the search carries at least one of the search's keys (a skill id, a
    query term, a company, a map cell...), so a new job is tested only against the searches
    filed under the keys it carries, plus those filed under ``*`` (no usable key).
    """

    __tablename__ = "saved_search_key"
    __table_args__ = (Index("ix_saved_search_key_saved_search_id", "saved_search_id"),)

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    saved_search_id: Mapped[int] = mapped_column(
        ForeignKey("saved_search.id", ondelete="CASCADE"), primary_key=True
    )


class AlertMatch(Base):
    """A job a saved search matched; ``sent_at`` once it went out (or was passed over)."""

    __tablename__ = "alert_match"
    __table_args__ = (
        Index("ix_alert_match_saved_search_id_matched_at", "saved_search_id", "matched_at"),
        Index("ix_alert_match_job_id", "job_id"),
    )

    saved_search_id: Mapped[int] = mapped_column(
        ForeignKey("saved_search.id", ondelete="CASCADE"), primary_key=True
    )
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"), primary_key=True)
    matched_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class AlertPending(Base):
    """A published job not yet matched against saved searches (written with the publish)."""

    __tablename__ = "alert_pending"

    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"), primary_key=True)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
