"""Response bodies for notifications."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from jobboard.kit.schemas import OutputModel


class NotificationRead(OutputModel):
    id: int
    kind: str = Field(
        description="application.stage_changed, application.closed, application.reminder"
    )
    title: str
    body: str
    application_id: int | None
    job_id: int | None
    created_at: datetime
    read_at: datetime | None


class NotificationPage(OutputModel):
    items: list[NotificationRead]
    next_cursor: str | None
    unread: int = Field(description="How many of your notifications are unread in all.")


class MarkedRead(OutputModel):
    marked: int
