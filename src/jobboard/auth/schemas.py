"""Request and response bodies for accounts, tokens and the current user."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from jobboard.kit.schemas import InputModel, OutputModel


def _email(value: str) -> str:
    local, at, domain = value.rpartition("@")
    if not at or not local or "." not in domain or " " in value or domain.startswith("."):
        raise ValueError("is not an e-mail address")
    return local + "@" + domain.lower()


Email = Annotated[str, StringConstraints(min_length=3, max_length=320), AfterValidator(_email)]
Password = Annotated[str, StringConstraints(min_length=12, max_length=256, strip_whitespace=False)]
ActionToken = Annotated[str, StringConstraints(min_length=1, max_length=1000)]


class UserCreate(InputModel):
    email: Email
    password: Password
    display_name: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    role: Literal["seeker", "employer"] = Field(
        default="seeker", description="Employers can create companies and post jobs."
    )


class MembershipRead(OutputModel):
    company_slug: str
    company_name: str
    role: str


class UserRead(OutputModel):
    id: int
    email: str
    display_name: str
    role: str
    email_verified: bool = False
    created_at: datetime


class AdminUserRead(UserRead):
    disabled: bool


class MeRead(UserRead):
    memberships: list[MembershipRead]


class TokenResponse(OutputModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - a token type, not a secret
    expires_in: int
    scope: str
    refresh_token: str | None = Field(
        default=None, description="Password and refresh_token grants only; single use."
    )


class PasswordChange(InputModel):
    current_password: Annotated[
        str, StringConstraints(min_length=1, max_length=256, strip_whitespace=False)
    ]
    new_password: Password


class PasswordResetRequest(InputModel):
    email: Email


class PasswordResetConfirm(InputModel):
    token: ActionToken
    new_password: Password


class EmailVerification(InputModel):
    token: ActionToken
