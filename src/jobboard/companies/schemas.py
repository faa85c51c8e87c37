"""Request and response bodies for companies and their members."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, HttpUrl, StringConstraints

from jobboard.auth.schemas import Email
from jobboard.kit.schemas import InputModel, OutputModel

CompanySize = Literal["1-49", "50-99", "100-499", "500-999", "1000-4999", "5000-9999", "10000+"]
Slug = Annotated[
    str, StringConstraints(min_length=2, max_length=80, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
]
MemberRole = Literal["owner", "recruiter", "viewer"]


class CompanyFields(InputModel):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    website: HttpUrl | None = None
    description: Annotated[str, StringConstraints(max_length=20_000)] = ""
    industry: Annotated[str, StringConstraints(min_length=1, max_length=80)] | None = None
    size: CompanySize | None = None
    founded_year: int | None = Field(default=None, ge=1800, le=2100)
    headquarters: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = Field(
        default=None, description='A city, e.g. "Berlin" or "Austin, TX"; resolved to a place.'
    )


class CompanyCreate(CompanyFields):
    slug: Slug | None = Field(default=None, description="Defaults to one made from the name.")


class CompanyUpdate(InputModel):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    website: HttpUrl | None = None
    description: Annotated[str, StringConstraints(max_length=20_000)] | None = None
    industry: Annotated[str, StringConstraints(min_length=1, max_length=80)] | None = None
    size: CompanySize | None = None
    founded_year: int | None = Field(default=None, ge=1800, le=2100)
    headquarters: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None


class PlaceRead(OutputModel):
    geoname_id: int | None
    city: str
    region: str | None
    country_code: str


class HiringRead(OutputModel):
    """How the company answers applicants, over the applications of the last 180 days
    (recomputed hourly)."""

    applications: int = Field(
        description="Applications counted: those withdrawn before an answer, and those still "
        "within their first 14 days without one, are left out."
    )
    answered_share: float | None = Field(description="Share answered by the company, 0 to 1.")
    median_hours_to_first_response: float | None
    computed_at: datetime


class CompanyRead(OutputModel):
    slug: str
    name: str
    website: str | None
    description: str
    industry: str | None
    size: str | None
    founded_year: int | None
    headquarters: PlaceRead | None
    open_jobs: int
    hiring: HiringRead | None = Field(
        default=None,
        description="On the company's own page (not in lists); null until it has applications.",
    )
    created_at: datetime
    updated_at: datetime
    version: int


class MemberAdd(InputModel):
    email: Email
    role: MemberRole


class MemberUpdate(InputModel):
    role: MemberRole


class MemberRead(OutputModel):
    user_id: int
    email: str
    display_name: str
    role: str
    created_at: datetime
