"""GraphQL input types. Each mirrors a REST request body and is checked by that body's own
Pydantic model (``resolvers.validated``), so a rule about input lives once."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from enum import Enum
from typing import Any, NewType

import strawberry
from strawberry.scalars import JSON
from strawberry.types.scalar import ScalarDefinition
from strawberry.types.unset import UnsetType

BigInt = NewType("BigInt", int)
"""An integer beyond GraphQL's 32 bits (money in minor units); see ``SCALARS``."""


def _whole_number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("expected a whole number")
    return int(value)


SCALARS: dict[object, ScalarDefinition] = {
    BigInt: strawberry.scalar(
        name="BigInt",
        serialize=int,
        parse_value=lambda value: _whole_number(value),
        description="An integer beyond 32 bits (money in minor units), as a JSON number.",
    )
}


def plain(value: Any) -> Any:
    """An input as the dict its Pydantic model validates: fields left out are absent,
    an explicit null stays (it clears a field in an update)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: plain(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if not isinstance(getattr(value, field.name), UnsetType)
        }
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


@strawberry.enum
class SortOrder(Enum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    SALARY = "salary"
    DISTANCE = "distance"


@strawberry.input(
    description="Filters as `GET /api/v1/jobs/search` takes them (the same names, in camel "
    "case) and as a saved search keeps them."
)
class JobSearchInput:
    q: str | None = strawberry.UNSET
    skills: list[str] | None = strawberry.UNSET
    skills_any: list[str] | None = strawberry.UNSET
    skills_none: list[str] | None = strawberry.UNSET
    category: list[str] | None = strawberry.UNSET
    seniority: list[str] | None = strawberry.UNSET
    years_experience: int | None = strawberry.UNSET
    employment_type: list[str] | None = strawberry.UNSET
    workplace: list[str] | None = strawberry.UNSET
    remote_region: list[str] | None = strawberry.UNSET
    location: str | None = strawberry.UNSET
    radius_km: float | None = strawberry.UNSET
    country: list[str] | None = strawberry.UNSET
    company: list[str] | None = strawberry.UNSET
    salary_min: BigInt | None = strawberry.UNSET
    salary_currency: str | None = strawberry.UNSET
    salary_period: str | None = strawberry.UNSET
    include_unspecified_pay: bool | None = strawberry.UNSET


def search_filters(search: JobSearchInput | None) -> dict[str, Any]:
    """The filters given, without the nulls (a null filter is no filter)."""
    if search is None:
        return {}
    return {name: value for name, value in plain(search).items() if value is not None}


@strawberry.input
class SalaryInput:
    min: BigInt | None = strawberry.UNSET
    max: BigInt | None = strawberry.UNSET
    currency: str
    period: str | None = strawberry.UNSET


@strawberry.input(description="A place by gazetteer id or by name (exactly one of them).")
class LocationInput:
    geoname_id: int | None = strawberry.UNSET
    name: str | None = strawberry.UNSET


@strawberry.input
class JobSkillInput:
    skill: str = strawberry.field(description="Slug, name or alias: postgresql, Postgres, k8s.")
    required: bool | None = strawberry.UNSET
    min_years: int | None = strawberry.UNSET


@strawberry.input(description="A new job, as `POST /api/v1/jobs` takes it.")
class JobInput:
    company: str
    title: str
    description: str
    category: str | None = strawberry.UNSET
    seniority: str | None = strawberry.UNSET
    min_years_experience: int | None = strawberry.UNSET
    employment_type: str | None = strawberry.UNSET
    workplace: str | None = strawberry.UNSET
    remote_regions: list[str] | None = strawberry.UNSET
    locations: list[LocationInput] | None = strawberry.UNSET
    salary: SalaryInput | None = strawberry.UNSET
    skills: list[JobSkillInput] | None = strawberry.UNSET
    apply_url: str | None = strawberry.UNSET
    requisition_id: str | None = strawberry.UNSET
    expires_at: datetime | None = strawberry.UNSET
    status: str | None = strawberry.UNSET
    derive: bool | None = strawberry.UNSET


@strawberry.input(
    description="Changes to a job, as `PATCH /api/v1/jobs/{id}` takes them: only the fields "
    "given change; null clears an optional field."
)
class JobUpdateInput:
    title: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    category: str | None = strawberry.UNSET
    seniority: str | None = strawberry.UNSET
    min_years_experience: int | None = strawberry.UNSET
    employment_type: str | None = strawberry.UNSET
    workplace: str | None = strawberry.UNSET
    remote_regions: list[str] | None = strawberry.UNSET
    locations: list[LocationInput] | None = strawberry.UNSET
    salary: SalaryInput | None = strawberry.UNSET
    skills: list[JobSkillInput] | None = strawberry.UNSET
    apply_url: str | None = strawberry.UNSET
    requisition_id: str | None = strawberry.UNSET
    expires_at: datetime | None = strawberry.UNSET


@strawberry.input(description="An application, as `POST /api/v1/jobs/{id}/applications` takes it.")
class ApplyInput:
    cover_letter: str | None = strawberry.UNSET
    answers: JSON | None = strawberry.field(
        default=strawberry.UNSET,
        description="Question id -> answer: true/false, a number, one of the options, or text.",
    )
    include_resume: bool | None = strawberry.UNSET


@strawberry.input
class SavedSearchInput:
    name: str
    search: JobSearchInput
    frequency: str | None = strawberry.UNSET
    email: bool | None = strawberry.UNSET
    webhook_url: str | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET


@strawberry.input(description="Only the fields given change; `webhookUrl: null` removes it.")
class SavedSearchUpdateInput:
    name: str | None = strawberry.UNSET
    search: JobSearchInput | None = strawberry.UNSET
    frequency: str | None = strawberry.UNSET
    email: bool | None = strawberry.UNSET
    webhook_url: str | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET


def without_nulls(value: Any) -> Any:
    """A creating input without its nulls: there, null means "the default"."""
    if isinstance(value, dict):
        return {name: without_nulls(item) for name, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value
