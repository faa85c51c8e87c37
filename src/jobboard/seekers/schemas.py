"""Request and response bodies for seekers: the profile, résumés, saved jobs, recommendations."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Annotated

from pydantic import Field, HttpUrl, StringConstraints, field_validator

from jobboard.analysis.fields import LocationIn, SalaryIn
from jobboard.analysis.matching import PartName
from jobboard.jobs.schemas import JobRead, LocationRead
from jobboard.kit.ids import Id
from jobboard.kit.schemas import InputModel, OutputModel
from jobboard.models.job import Workplace
from jobboard.models.seeker import Visibility
from jobboard.recommendations.schemas import MatchedJob

Years = Annotated[int, Field(ge=0, le=60)]


def _every_workplace() -> list[Workplace]:
    return ["hybrid", "onsite", "remote"]


class ProfileSkillIn(InputModel):
    skill: Annotated[str, StringConstraints(min_length=1, max_length=80)] = Field(
        description="Slug, name or alias: `postgresql`, `Postgres`, `k8s`."
    )
    years: Years | None = None


class LinksIn(InputModel):
    github: HttpUrl | None = Field(default=None, description="https://github.com/<you>")
    portfolio: HttpUrl | None = None

    @field_validator("github")
    @classmethod
    def _on_github(cls, value: HttpUrl | None) -> HttpUrl | None:
        if value is not None and value.host not in ("github.com", "www.github.com"):
            raise ValueError("must be a github.com address")
        return value


class ProfileUpdate(InputModel):
    """The whole profile: what is left out goes back to its default."""

    headline: Annotated[str, StringConstraints(max_length=200)] = ""
    summary: Annotated[str, StringConstraints(max_length=5000)] = ""
    skills: list[ProfileSkillIn] = Field(default_factory=list, max_length=100)
    total_years: Years | None = Field(default=None, description="Years of experience in all.")
    location: LocationIn | None = Field(default=None, description="Where you live.")
    max_distance_km: int = Field(
        default=50, ge=1, le=20_000, description="How far you would travel to an office."
    )
    time_zone: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = Field(
        default=None, description="An IANA time zone, e.g. `Europe/Berlin`."
    )
    desired_pay: SalaryIn | None = Field(
        default=None, description="The pay you want; `min` is your floor."
    )
    workplaces: list[Workplace] = Field(
        default_factory=_every_workplace, min_length=1, max_length=3
    )
    links: LinksIn = Field(default_factory=LinksIn)
    visibility: Visibility = Field(
        default="applied",
        description="`private`: nobody else sees the profile; `applied`: the companies you "
        "apply to see it; `searchable`: employers may find it too.",
    )
    match_weights: dict[PartName, Annotated[float, Field(ge=0, le=10)]] = Field(
        default_factory=dict,
        description="How much each part of a match counts for you (0 turns it off).",
    )

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None and value not in zoneinfo.available_timezones():
            raise ValueError("is not an IANA time zone such as Europe/Berlin")
        return value

    @field_validator("workplaces")
    @classmethod
    def _unique_workplaces(cls, value: list[Workplace]) -> list[Workplace]:
        return sorted(set(value))

    @field_validator("skills")
    @classmethod
    def _unique_skills(cls, value: list[ProfileSkillIn]) -> list[ProfileSkillIn]:
        seen: set[str] = set()
        for item in value:
            if item.skill.casefold() in seen:
                raise ValueError(f"lists {item.skill!r} twice")
            seen.add(item.skill.casefold())
        return value


class ProfileSkillRead(OutputModel):
    slug: str
    name: str
    years: int | None


class PayRead(OutputModel):
    min: int | None
    max: int | None
    currency: str
    period: str


class LinksRead(OutputModel):
    github: str | None
    portfolio: str | None


class ProfileRead(OutputModel):
    headline: str
    summary: str
    skills: list[ProfileSkillRead]
    total_years: int | None
    location: LocationRead | None
    max_distance_km: int
    time_zone: str | None
    desired_pay: PayRead | None
    workplaces: list[str]
    links: LinksRead
    visibility: str
    match_weights: dict[str, float]
    updated_at: datetime | None = Field(description="null until the profile is first saved")
    version: int


class SkillSuggestion(OutputModel):
    slug: str
    name: str
    years: int | None
    matched: list[str] = Field(description="The words in the résumé that named the skill.")


class ResumeRead(OutputModel):
    id: int
    media_type: str
    size_bytes: int
    sha256: str
    uploaded_at: datetime
    text_characters: int = Field(description="How much text was read from the file.")
    suggested_skills: list[SkillSuggestion] = Field(
        description="Skills the résumé names that the profile does not list yet."
    )


class SavedJobCreate(InputModel):
    job_id: Id


class SavedJobRead(OutputModel):
    job: JobRead
    saved_at: datetime


class Recommendations(OutputModel):
    items: list[MatchedJob]
