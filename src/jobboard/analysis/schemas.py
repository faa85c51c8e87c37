"""Request and response bodies for `POST /analyze`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from jobboard.analysis.engine import Analysis
from jobboard.analysis.fields import Description, LocationIn, Region, SalaryIn, Title
from jobboard.analysis.workplace import TimeZoneWindow
from jobboard.kit import money
from jobboard.kit.schemas import InputModel, OutputModel
from jobboard.models.job import EmploymentType, Workplace


class AnalyzeRequest(InputModel):
    """A title and a description; the optional fields are what the job already states."""

    title: Title
    description: Description = Field(description="Plain text, Markdown or HTML.")
    workplace: Workplace | None = Field(
        default=None, description="Stated workplace; the lint reads it before the text."
    )
    employment_type: EmploymentType | None = None
    salary: SalaryIn | None = None
    locations: list[LocationIn] = Field(default_factory=list, max_length=50)
    remote_regions: list[Region] = Field(default_factory=list, max_length=30)


class SkillFound(OutputModel):
    slug: str
    name: str
    kind: str
    required: bool = Field(description="False when the posting makes it optional.")
    min_years: int | None
    matched: list[str] = Field(description="The words that named it, as written.")


class SeniorityFound(OutputModel):
    value: str
    source: Literal["title", "text", "years"]
    evidence: str


class YearsFound(OutputModel):
    years: int
    skills: list[str] = Field(description="Skill slugs it is about; empty for the job overall.")
    text: str
    optional: bool


class TimeZoneRead(OutputModel):
    earliest: str = Field(examples=["UTC-05:00"])
    latest: str = Field(examples=["UTC+01:00"])


class WorkplaceFound(OutputModel):
    value: str
    evidence: str
    remote_regions: list[str]
    time_zones: list[TimeZoneRead]


class SalaryFound(OutputModel):
    min: int | None = Field(description="Minor units of `currency`.")
    max: int | None
    currency: str
    period: str
    annual_min: int | None = Field(description="Yearly equivalent, minor units of `currency`.")
    annual_max: int | None
    equity: bool
    text: str


class EmploymentTypeFound(OutputModel):
    value: str
    evidence: str


class PlaceFound(OutputModel):
    text: str
    geoname_id: int
    city: str
    region: str | None
    country_code: str
    latitude: float
    longitude: float


class SectionFound(OutputModel):
    heading: str
    kind: str


class WarningRead(OutputModel):
    code: str = Field(description="Stable; see docs/analysis.md for the list.")
    severity: Literal["error", "warning", "info"]
    message: str
    field: str | None
    evidence: str | None


class AnalysisRead(OutputModel):
    taxonomy_version: str
    source_format: str
    truncated: bool = Field(description="True when the description was too long to read whole.")
    skills: list[SkillFound]
    seniority: SeniorityFound | None
    min_years_experience: int | None
    years: list[YearsFound]
    workplace: WorkplaceFound | None
    salary: SalaryFound | None
    employment_type: EmploymentTypeFound | None
    locations: list[PlaceFound]
    sections: list[SectionFound]
    warnings: list[WarningRead]


def _offset(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def _time_zone(window: TimeZoneWindow) -> TimeZoneRead:
    return TimeZoneRead(earliest=_offset(window.earliest), latest=_offset(window.latest))


def analysis_read(analysis: Analysis, *, taxonomy_version: str) -> AnalysisRead:
    salary = analysis.salary
    workplace = analysis.workplace
    return AnalysisRead(
        taxonomy_version=taxonomy_version,
        source_format=analysis.source_format,
        truncated=analysis.truncated,
        skills=[
            SkillFound(
                slug=skill.slug,
                name=skill.name,
                kind=skill.kind,
                required=skill.required,
                min_years=skill.min_years,
                matched=list(skill.matched),
            )
            for skill in analysis.skills
        ],
        seniority=SeniorityFound(
            value=analysis.seniority.seniority,
            source=analysis.seniority.source,
            evidence=analysis.seniority.evidence,
        )
        if analysis.seniority
        else None,
        min_years_experience=analysis.min_years_experience,
        years=[
            YearsFound(
                years=item.years, skills=list(item.skills), text=item.text, optional=item.optional
            )
            for item in analysis.years
        ],
        workplace=WorkplaceFound(
            value=workplace.workplace,
            evidence=workplace.evidence,
            remote_regions=list(workplace.remote_regions),
            time_zones=[_time_zone(window) for window in workplace.time_zones],
        )
        if workplace
        else None,
        salary=SalaryFound(
            min=salary.min,
            max=salary.max,
            currency=salary.currency,
            period=salary.period,
            annual_min=None if salary.min is None else money.annualize(salary.min, salary.period),
            annual_max=None if salary.max is None else money.annualize(salary.max, salary.period),
            equity=salary.equity,
            text=salary.text,
        )
        if salary
        else None,
        employment_type=EmploymentTypeFound(
            value=analysis.employment_type.employment_type,
            evidence=analysis.employment_type.evidence,
        )
        if analysis.employment_type
        else None,
        locations=[
            PlaceFound(
                text=place.text,
                geoname_id=place.city.geoname_id,
                city=place.city.name,
                region=place.city.region,
                country_code=place.city.country_code,
                latitude=place.city.latitude,
                longitude=place.city.longitude,
            )
            for place in analysis.locations
        ],
        sections=[
            SectionFound(heading=section.heading, kind=section.kind)
            for section in analysis.sections
        ],
        warnings=[
            WarningRead(
                code=warning.code,
                severity=warning.severity,
                message=warning.message,
                field=warning.field,
                evidence=warning.evidence,
            )
            for warning in analysis.warnings
        ],
    )
