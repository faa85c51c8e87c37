"""Response bodies for categories and skills."""

from __future__ import annotations

from pydantic import Field

from jobboard.kit.schemas import OutputModel


class SkillRead(OutputModel):
    slug: str
    name: str
    kind: str
    aliases: list[str] = Field(description="Other names postings use for this skill.")
    first_release_year: int | None


class SkillRef(OutputModel):
    slug: str
    name: str
    kind: str


class CategorySummary(OutputModel):
    slug: str
    name: str
    summary: str
    seniority: str | None
    open_jobs: int


class PayPercentiles(OutputModel):
    currency: str
    period: str = "yearly"
    p25: int = Field(description="Annualized pay, minor units of `currency`.")
    p50: int
    p75: int
    sample_size: int = Field(description="Open jobs with published pay that went into this.")
    rates_as_of: str


class SkillCount(OutputModel):
    slug: str
    name: str
    jobs: int
    share: float = Field(description="Fraction of the category's open jobs asking for it.")


class PlaceCount(OutputModel):
    city: str
    region: str | None
    country_code: str
    jobs: int


class SeniorityPay(OutputModel):
    seniority: str = Field(description="A seniority, or `unspecified`.")
    pay: PayPercentiles


class TypicalYears(OutputModel):
    p25: int = Field(description="A quarter of the jobs that state years ask at most this.")
    median: int
    sample_size: int


class CategoryStats(OutputModel):
    open_jobs: int
    pay: PayPercentiles | None = Field(description="Null when no open job publishes pay.")
    pay_by_seniority: list[SeniorityPay] = Field(
        default_factory=list,
        description="Pay percentiles per seniority, most junior first, for seniorities with "
        "at least 5 jobs that publish pay.",
    )
    typical_years: TypicalYears | None = Field(
        default=None, description="Years of experience the jobs ask for; null when none says."
    )
    top_skills: list[SkillCount]
    top_locations: list[PlaceCount]
    remote_share: float
    workplace_mix: dict[str, int]
    seniority_mix: dict[str, int]


class CategoryDetail(OutputModel):
    slug: str
    name: str
    summary: str
    seniority: str | None
    description: str = Field(description="Markdown.")
    typical_skills: list[SkillRef]
    title_variants: list[str]
    min_years: int
    max_years: int
    stats: CategoryStats
