"""Request and response bodies for webhooks and their deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, HttpUrl, StringConstraints, field_validator

from jobboard.kit.schemas import InputModel, OutputModel

WebhookEvent = Literal[
    "job.published",
    "job.updated",
    "job.closed",
    "job.expired",
    "application.created",
    "application.stage_changed",
]
Description = Annotated[str, StringConstraints(min_length=1, max_length=200)]


def _unique(events: list[WebhookEvent]) -> list[WebhookEvent]:
    return sorted(set(events))


class WebhookCreate(InputModel):
    url: HttpUrl = Field(description="Where deliveries are POSTed (http or https).")
    events: list[WebhookEvent] = Field(min_length=1, max_length=20)
    description: Description | None = None

    _unique_events = field_validator("events")(_unique)


class WebhookUpdate(InputModel):
    """Only the fields sent change. `enabled: true` re-enables a disabled endpoint."""

    url: HttpUrl | None = None
    events: list[WebhookEvent] | None = Field(default=None, min_length=1, max_length=20)
    description: Description | None = None
    enabled: bool | None = None

    @field_validator("events")
    @classmethod
    def _unique_events(cls, value: list[WebhookEvent] | None) -> list[WebhookEvent] | None:
        return None if value is None else _unique(value)

    @field_validator("url", "events", "enabled")
    @classmethod
    def _not_cleared(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("cannot be cleared; leave the field out to keep it")
        return value


class WebhookRead(OutputModel):
    id: int
    url: str
    events: list[str]
    description: str | None
    enabled: bool
    disabled_at: datetime | None
    disabled_reason: str | None
    failing_since: datetime | None
    created_at: datetime
    updated_at: datetime


class WebhookCreated(WebhookRead):
    secret: str = Field(
        description="The `whsec_` signing secret. Shown only now: store it to verify deliveries."
    )


class AttemptRead(OutputModel):
    attempted_at: datetime
    status_code: int | None
    response_excerpt: str | None
    error: str | None
    duration_ms: int
    succeeded: bool


class DeliveryRead(OutputModel):
    id: int
    message_id: str = Field(description="The `webhook-id` header; the same on every attempt.")
    event_type: str
    status: Literal["pending", "succeeded", "failed"]
    attempts: int
    created_at: datetime
    last_attempt_at: datetime | None
    completed_at: datetime | None


class DeliveryDetail(DeliveryRead):
    payload: dict[str, Any]
    attempt_log: list[AttemptRead]
