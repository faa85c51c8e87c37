"""The embedded task queue: tasks waiting, running and done, kept in the application's database.

On SQLite this table is the queue (the in-process runner reads it); on PostgreSQL
procrastinate's own tables are, and this one stays empty.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jobboard.kit.clock import utcnow
from jobboard.models.base import Base, BigIntegerId, JsonDocument


class QueuedTask(Base):
    __tablename__ = "queued_task"
    __table_args__ = (
        CheckConstraint(
            "status IN ('todo', 'doing', 'succeeded', 'failed')",
            name="status",
        ),
        Index("ix_queued_task_status_scheduled_at", "status", "scheduled_at"),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    task_name: Mapped[str] = mapped_column(String(128))
    args: Mapped[dict[str, object]] = mapped_column(JsonDocument)
    status: Mapped[str] = mapped_column(String(16), default="todo")
    attempts: Mapped[int] = mapped_column(default=0)
    scheduled_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_by: Mapped[str | None] = mapped_column(String(64))
    locked_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    # Periodic runs and other once-only tasks carry a key; a second enqueue is a no-op.
    dedupe_key: Mapped[str | None] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
