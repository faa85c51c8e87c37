"""Request and response bodies for feed sources."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, HttpUrl, SecretStr, StringConstraints, model_validator

from jobboard.integrations.feeds.fetch import BOARD_URLS, CREDENTIAL_KINDS
from jobboard.kit.schemas import InputModel, OutputModel
from jobboard.models.integrations import FeedKind

BoardToken = Annotated[
    str, StringConstraints(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
]
Interval = Annotated[int, Field(ge=15, le=10080)]


class FeedCredential(InputModel):
    """What a feed that needs a key is fetched with. Stored sealed; never answered back."""

    api_key: SecretStr = Field(
        min_length=1, max_length=500, description="The API key (USAJOBS: `Authorization-Key`)."
    )
    account: str = Field(
        min_length=3,
        max_length=320,
        description="The account the key was issued to (USAJOBS: the e-mail address it was "
        "requested with, sent as `User-Agent`).",
    )


def _check_credential(kind: str, credential: FeedCredential | None) -> None:
    if credential is not None and kind not in CREDENTIAL_KINDS:
        raise ValueError(
            f"a {kind} feed takes no credential; only {', '.join(sorted(CREDENTIAL_KINDS))} do"
        )


class FeedCreate(InputModel):
    kind: FeedKind
    url: HttpUrl | None = Field(
        default=None, description="The feed's address; required for jsonld, rss and indeed."
    )
    board_token: BoardToken | None = Field(
        default=None,
        description="The board name at the ATS (greenhouse, lever, ashby, smartrecruiters, "
        "workable) or the company name at Remotive; the URL is then derived.",
    )
    sync_interval_minutes: Interval | None = Field(
        default=60, description="15 minutes to 7 days; null syncs only on request."
    )
    enabled: bool = True
    credential: FeedCredential | None = Field(
        default=None, description="For feeds that need a key (usajobs); write-only."
    )

    @model_validator(mode="after")
    def _located(self) -> FeedCreate:
        _check_credential(self.kind, self.credential)
        if self.url is None and self.board_token is None:
            raise ValueError("give url or board_token")
        if self.board_token is not None and self.kind not in BOARD_URLS:
            raise ValueError(f"a {self.kind} feed is located by url, not board_token")
        return self


class FeedUpdate(InputModel):
    """Only the fields sent change."""

    url: HttpUrl | None = None
    board_token: BoardToken | None = None
    sync_interval_minutes: Interval | None = None
    enabled: bool | None = None
    credential: FeedCredential | None = Field(
        default=None, description="A new credential; null removes it. Write-only."
    )


class FeedRead(OutputModel):
    id: int
    kind: str
    url: str | None
    board_token: str | None
    has_credential: bool = Field(description="Whether a credential is stored (never shown).")
    sync_interval_minutes: int | None
    enabled: bool
    next_sync_at: datetime | None
    last_sync_started_at: datetime | None
    last_synced_at: datetime | None = Field(description="When a sync last completed.")
    last_error: str | None = Field(description="Why the last sync could not read the feed.")
    last_error_at: datetime | None
    last_result: dict[str, Any] | None = Field(
        description="Counts of the last completed sync and its item problems."
    )
    created_at: datetime
    updated_at: datetime
