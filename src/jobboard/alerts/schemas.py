"""Bodies of the saved-search endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from jobboard.jobs.schemas import JobRead
from jobboard.kit.money import PayPeriod
from jobboard.kit.schemas import InputModel, OutputModel
from jobboard.models.alerts import Frequency
from jobboard.models.job import EmploymentType, Workplace
from jobboard.search.schemas import SearchRequest
from jobboard.taxonomy.catalog import Seniority

Name = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Names = Annotated[list[Name], Field(max_length=20)]


class SearchFilters(InputModel):
    """A search as `GET /api/v1/jobs/search` takes it, less sorting and paging (alerts are
    about new jobs, newest first)."""

    q: str = Field(default="", max_length=500)
    skills: Names = Field(default_factory=list)
    skills_any: Names = Field(default_factory=list)
    skills_none: Names = Field(default_factory=list)
    category: Names = Field(default_factory=list)
    seniority: Annotated[list[Seniority], Field(max_length=20)] = Field(default_factory=list)
    years_experience: int | None = Field(default=None, ge=0, le=50)
    employment_type: Annotated[list[EmploymentType], Field(max_length=20)] = Field(
        default_factory=list
    )
    workplace: Annotated[list[Workplace], Field(max_length=20)] = Field(default_factory=list)
    remote_region: Names = Field(default_factory=list)
    location: str | None = Field(default=None, min_length=1, max_length=200)
    radius_km: float = Field(default=50.0, ge=1, le=1000)
    country: Names = Field(default_factory=list)
    company: Names = Field(default_factory=list)
    salary_min: int | None = Field(default=None, ge=0, le=10**13)
    salary_currency: str = Field(default="USD", min_length=3, max_length=3)
    salary_period: PayPeriod = "yearly"
    include_unspecified_pay: bool = False

    def to_request(self, **extra: Any) -> SearchRequest:
        return SearchRequest(
            text=self.q,
            skills_all=tuple(self.skills),
            skills_any=tuple(self.skills_any),
            skills_none=tuple(self.skills_none),
            categories=tuple(self.category),
            seniorities=tuple(self.seniority),
            years_experience=self.years_experience,
            employment_types=tuple(self.employment_type),
            workplaces=tuple(self.workplace),
            remote_regions=tuple(self.remote_region),
            location=self.location,
            radius_km=self.radius_km,
            countries=tuple(self.country),
            companies=tuple(self.company),
            salary_min=self.salary_min,
            salary_currency=self.salary_currency,
            salary_period=self.salary_period,
            include_unspecified_pay=self.include_unspecified_pay,
            **extra,
        )

    def query_string(self) -> list[tuple[str, str]]:
        """The search as query parameters of `/jobs/search` (only those that differ from
        the defaults)."""
        pairs: list[tuple[str, str]] = []
        defaults = SearchFilters()
        for name, value in self:
            if value == getattr(defaults, name):
                continue
            values = value if isinstance(value, list) else [value]
            pairs += [
                (name, str(item).lower() if isinstance(item, bool) else str(item))
                for item in values
            ]
        return pairs


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
