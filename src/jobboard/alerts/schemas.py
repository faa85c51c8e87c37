"""Bodies of the saved-search endpoints."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from jobboard.jobs.schemas import JobRead
from jobboard.kit.schemas import InputModel, OutputModel
from jobboard.models.alerts import Frequency
from jobboard.search.schemas import SearchFilters


class SavedSearchCreate(InputModel):
    name: str = Field(min_length=1, max_length=200)
    search: SearchFilters
    frequency: Frequency = Field(
        default="daily",
        description="instant: as soon as a job matches; daily or weekly: one digest.",
    )
    email: bool = Field(default=True, description="Send alerts to your account's e-mail.")
    webhook_url: str | None = Field(
        default=None,
        max_length=2000,
        description="Also POST each alert here, signed like company webhooks (Standard "
        "Webhooks); the signing secret is shown once.",
    )
    active: bool = Field(default=True, description="False pauses alerts; feeds keep working.")


class SavedSearchUpdate(InputModel):
    """Only the fields sent change; `webhook_url: null` removes the webhook."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    search: SearchFilters | None = None
    frequency: Frequency | None = None
    email: bool | None = None
    webhook_url: str | None = Field(default=None, max_length=2000)
    active: bool | None = None


class FeedLinks(OutputModel):
    json_feed: str = Field(description="JSON Feed 1.1 of the jobs this search matched.")
    atom: str = Field(description="The same as an Atom feed.")


class SavedSearchRead(OutputModel):
    id: int
    name: str
    search: SearchFilters
    interpreted: str = Field(description="The keywords as they are matched.")
    search_url: str = Field(description="Run the search now.")
    frequency: Frequency
    email: bool
    webhook_url: str | None
    active: bool
    feeds: FeedLinks = Field(
        description="Private URLs: anyone holding them can read the feed. "
        "`POST .../feed-token` replaces them."
    )
    last_sent_at: datetime | None
    created_at: datetime
    updated_at: datetime


class SavedSearchWithSecret(SavedSearchRead):
    webhook_secret: str | None = Field(
        description="Signing secret of the webhook: shown only when the webhook is set."
    )


class AlertMatchRead(OutputModel):
    job: JobRead
    matched_at: datetime
    sent_at: datetime | None = Field(description="When an alert told you (null: not yet).")
