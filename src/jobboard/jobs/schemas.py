"""Request and response bodies for jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    Field,
    HttpUrl,
    StringConstraints,
    field_validator,
    model_validator,
)

from jobboard.analysis.fields import (
    Description,
    LocationIn,
    Region,
    SalaryIn,
    Title,
    Years,
)
from jobboard.kit.schemas import InputModel, OutputModel
from jobboard.models.job import ClosingReason, EmploymentType, Workplace
from jobboard.places.gazetteer import get_gazetteer
from jobboard.places.regions import REGION_ALIASES
from jobboard.taxonomy.catalog import Seniority


class JobSkillIn(InputModel):
    skill: Annotated[str, StringConstraints(min_length=1, max_length=80)] = Field(
        description="Slug, name or alias: `postgresql`, `Postgres`, `k8s`."
    )
    required: bool = True
    min_years: Years | None = None


def _unique_skills(skills: list[JobSkillIn]) -> list[JobSkillIn]:
    seen: set[str] = set()
    for item in skills:
        key = item.skill.casefold()
        if key in seen:
            raise ValueError(f"lists {item.skill!r} twice")
        seen.add(key)
    return skills


class JobFields(InputModel):
    title: Title
    description: Description = Field(description="Markdown or plain text.")
    category: Annotated[str, StringConstraints(min_length=1, max_length=80)] | None = None
    seniority: Seniority | None = None
    min_years_experience: Years | None = None
    employment_type: EmploymentType = "full_time"
    workplace: Workplace = "onsite"
    remote_regions: list[Region] = Field(
        default_factory=list,
        max_length=30,
        description='Where remote applicants may live: country codes or "worldwide", "europe"...',
    )
    locations: list[LocationIn] = Field(default_factory=list, max_length=50)
    salary: SalaryIn | None = None
    skills: list[JobSkillIn] = Field(default_factory=list, max_length=50)
    apply_url: HttpUrl | None = None
    requisition_id: Annotated[str, StringConstraints(min_length=1, max_length=255)] | None = None
    expires_at: AwareDatetime | None = Field(
        default=None, description="Defaults to 30 days after publishing."
    )

    _check_skills = field_validator("skills")(_unique_skills)


class JobCreate(JobFields):
    company: Annotated[str, StringConstraints(min_length=2, max_length=80)] = Field(
        description="Slug of the company the job belongs to."
    )
    status: Literal["draft", "published"] = "draft"
    derive: bool = Field(
        default=True,
        description="Fill skills, seniority, years, workplace, remote regions, pay and "
        "employment type from the description where they are left out or empty.",
    )


class JobUpdate(InputModel):
    """Only the fields sent change; `null` clears an optional field."""

    title: Title | None = None
    description: Description | None = None
    category: Annotated[str, StringConstraints(min_length=1, max_length=80)] | None = None
    seniority: Seniority | None = None
    min_years_experience: Years | None = None
    employment_type: EmploymentType | None = None
    workplace: Workplace | None = None
    remote_regions: list[Region] | None = Field(default=None, max_length=30)
    locations: list[LocationIn] | None = Field(default=None, max_length=50)
    salary: SalaryIn | None = None
    skills: list[JobSkillIn] | None = Field(default=None, max_length=50)
    apply_url: HttpUrl | None = None
    requisition_id: Annotated[str, StringConstraints(min_length=1, max_length=255)] | None = None
    expires_at: AwareDatetime | None = None

    @field_validator("skills")
    @classmethod
    def _check_skills(cls, value: list[JobSkillIn] | None) -> list[JobSkillIn] | None:
        return None if value is None else _unique_skills(value)

    @field_validator("title", "description", "employment_type", "workplace")
    @classmethod
    def _required_stay_set(cls, value: str | None) -> str:
        # A field-level check, so the problem names body.<field> and not just body.
        if value is None:
            raise ValueError("cannot be cleared; leave the field out to keep it")
        return value


class JobClose(InputModel):
    reason: ClosingReason
    note: Annotated[str, StringConstraints(max_length=1000)] | None = None


class BatchCreate(InputModel):
    jobs: list[dict[str, Any]] = Field(min_length=1, max_length=200)


class CompanyRef(OutputModel):
    slug: str
    name: str


class CategoryRef(OutputModel):
    slug: str
    name: str


class LocationRead(OutputModel):
    kind: Literal["city", "division", "country", "area"] = Field(
        default="city",
        description="`city` (with a point), `division` (a state or province: `region`), "
        "`country`, or `area` (a named region of several countries: `area`).",
    )
    name: str = Field(
        default="", description='The place in words: "Berlin", "Ontario", "Netherlands", "EMEA".'
    )
    geoname_id: int | None = Field(description="The city's or the country's GeoNames id.")
    city: str | None
    region: str | None = Field(description="The first-level division (state, province).")
    country_code: str | None
    area: str | None = Field(
        default=None,
        description='For an area: its word, as `remote_regions` uses it ("emea", "eu").',
    )
    latitude: float | None = Field(description="Cities only.")
    longitude: float | None

    @model_validator(mode="after")
    def _named(self) -> LocationRead:
        if not self.name:
            self.name = location_name(
                kind=self.kind,
                city=self.city,
                region=self.region,
                country_code=self.country_code,
                area=self.area,
            )
        return self


def location_name(
    *,
    kind: str,
    city: str | None,
    region: str | None,
    country_code: str | None,
    area: str | None,
) -> str:
    """A place in a few words: the city, the division, the country's name or the area's."""
    if kind == "city" and city:
        return city
    if kind == "division" and region:
        return region
    if kind == "area" and area:
        return REGION_ALIASES.get(area, (area,))[0]
    if country_code:
        return get_gazetteer().country_name(country_code) or country_code
    return city or region or area or ""


class SalaryRead(OutputModel):
    min: int | None
    max: int | None
    currency: str
    period: str
    annual_min: int | None = Field(description="Yearly equivalent, minor units of `currency`.")
    annual_max: int | None


def salary_read(job: Any) -> SalaryRead | None:
    """The pay of a job (an ORM job or a row with its salary columns), None when unstated."""
    if not job.salary_currency:
        return None
    return SalaryRead(
        min=job.salary_min,
        max=job.salary_max,
        currency=job.salary_currency,
        period=job.salary_period or "yearly",
        annual_min=job.salary_annual_min,
        annual_max=job.salary_annual_max,
    )


class JobSkillRead(OutputModel):
    slug: str
    name: str
    kind: str
    required: bool
    min_years: int | None


def skill_order(skill: JobSkillRead) -> tuple[bool, str]:
    """How a job's skills are listed: required ones first, then by slug."""
    return (not skill.required, skill.slug)


class JobRead(OutputModel):
    id: int
    company: CompanyRef
    title: str
    description: str
    description_format: Literal["text", "html"] = Field(
        default="text", description="`html` for imported jobs: a sanitized subset of HTML."
    )
    description_html: str = Field(
        description="The description as the job page shows it: a `text` description "
        "rendered as Markdown (HTML typed into it shows as text), an `html` one cleaned; "
        "either way only paragraphs, headings from `<h2>` down, lists, emphasis, code, "
        'quotes and http, https or mailto links with `rel="nofollow noopener ugc"` remain. '
        "Safe to insert into a page as it is."
    )
    category: CategoryRef | None
    category_confidence: float | None = Field(
        default=None,
        description="How sure the category derived from title, skills and seniority is, "
        "0 to 1 (0 with no category: none fits); null when the employer chose it. Employers "
        "override it by setting `category`, and hand it back with `category: null`.",
    )
    seniority: str | None
    min_years_experience: int | None
    employment_type: str
    workplace: str
    remote_regions: list[str]
    derived_fields: list[str] = Field(
        description="Fields filled from the description, not stated by the employer."
    )
    locations: list[LocationRead]
    salary: SalaryRead | None
    skills: list[JobSkillRead]
    status: Literal["draft", "published", "closed", "expired"]
    closing_reason: str | None
    closing_note: str | None
    published_at: datetime | None
    expires_at: datetime | None
    closed_at: datetime | None
    apply_url: str | None
    requisition_id: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class BatchItemResult(OutputModel):
    index: int
    status: int = Field(description="201 when created, else the problem's status.")
    job: JobRead | None = None
    problem: dict[str, Any] | None = None


class BatchResult(OutputModel):
    created: int
    failed: int
    results: list[BatchItemResult]
