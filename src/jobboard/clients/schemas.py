"""Request and response bodies for API clients."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from jobboard.kit.schemas import InputModel, OutputModel

ClientScope = Literal[
    "jobs:read", "jobs:write", "applications:read", "applications:write", "webhooks:manage"
]


class ClientCreate(InputModel):
    name: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    scopes: list[ClientScope] = Field(min_length=1, max_length=10)


class ClientUpdate(InputModel):
    """Only the fields sent change."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=120)] | None = None
    scopes: list[ClientScope] | None = Field(default=None, min_length=1, max_length=10)


class ClientRead(OutputModel):
    client_id: str
    name: str
    scopes: list[str]
    company_slug: str
    created_at: datetime
    secret_rotated_at: datetime
    disabled: bool
    last_used_at: datetime | None


class ClientWithSecret(ClientRead):
    client_secret: str = Field(
        description="Shown only in this answer: store it now. Jobboard keeps only a hash."
    )
