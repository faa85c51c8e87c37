"""Search requests (as the service takes them) and the bodies the search endpoints answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any, Literal, get_origin

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from jobboard.jobs.schemas import CategoryRef, CompanyRef, JobSkillRead, LocationRead, SalaryRead
from jobboard.kit.money import PayPeriod
from jobboard.kit.schemas import InputModel, OutputModel
from jobboard.models.job import EmploymentType, Workplace
from jobboard.taxonomy.catalog import Seniority

SortOrder = Literal["relevance", "newest", "salary", "distance"]
FacetName = Literal[
    "skills",
    "category",
    "seniority",
    "employment_type",
    "workplace",
    "city",
    "country",
    "salary",
]
FACET_NAMES: tuple[FacetName, ...] = (
    "skills",
    "category",
    "seniority",
    "employment_type",
    "workplace",
    "city",
    "country",
    "salary",
)
Name = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Names = Annotated[list[Name], Field(max_length=20)]


class SearchFilters(InputModel):
    """A search as `GET /api/v1/jobs/search` takes it, less sorting and paging: what a saved
    search keeps (alerts are about new jobs, newest first) and what a page's filters say."""

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
        defaults = type(self)()
        for name, value in self:
            if value == getattr(defaults, name):
                continue
            values = value if isinstance(value, list) else [value]
            pairs += [
                (name, str(item).lower() if isinstance(item, bool) else str(item))
                for item in values
            ]
        return pairs


# The filters that take several values (repeated in an address or a form).
LIST_FILTERS = frozenset(
    name for name, info in SearchFilters.model_fields.items() if get_origin(info.annotation) is list
)


class SearchParams(SearchFilters):
    """A search page's address: the filters plus how recent, how sorted and which page.
    Unknown parameters (``utm_source``...) are ignored, as links from elsewhere carry them."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    posted_within_days: int | None = Field(default=None, ge=1, le=365)
    sort: SortOrder = "relevance"
    cursor: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: Any) -> Any:
        """A form sends its empty fields (``location=``): they mean "not given"."""
        if not isinstance(data, dict):
            return data
        kept: dict[str, Any] = {}
        for name, value in data.items():
            if isinstance(value, list):
                value = [item for item in value if not (isinstance(item, str) and not item.strip())]
                if not value:
                    continue
            elif isinstance(value, str) and not value.strip():
                continue
            kept[name] = value
        return kept

    def filters(self) -> SearchFilters:
        return SearchFilters.model_validate(
            self.model_dump(exclude={"posted_within_days", "sort", "cursor"})
        )


SuggestionKind = Literal["title", "skill", "company", "place"]
SUGGESTION_KINDS: tuple[SuggestionKind, ...] = ("title", "skill", "company", "place")


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """One search as the service runs it; names (slugs, aliases, places) not yet resolved."""

    text: str = ""
    skills_all: tuple[str, ...] = ()
    skills_any: tuple[str, ...] = ()
    skills_none: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    seniorities: tuple[str, ...] = ()
    years_experience: int | None = None
    employment_types: tuple[str, ...] = ()
    workplaces: tuple[str, ...] = ()
    remote_regions: tuple[str, ...] = ()
    location: str | None = None
    radius_km: float = 50.0
    countries: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    salary_min: int | None = None
    salary_currency: str = "USD"
    salary_period: PayPeriod = "yearly"
    include_unspecified_pay: bool = False
    posted_within_days: int | None = None
    sort: SortOrder = "relevance"
    per_company: int | None = None
    facets: frozenset[FacetName] = field(default_factory=frozenset)
    limit: int = 20
    cursor: str | None = None
    spell_check: bool = True


class SearchHit(OutputModel):
    id: int
    title: str
    company: CompanyRef
    category: CategoryRef | None
    seniority: str | None
    min_years_experience: int | None
    employment_type: str
    workplace: str
    remote_regions: list[str]
    locations: list[LocationRead]
    salary: SalaryRead | None
    skills: list[JobSkillRead]
    published_at: datetime | None
    expires_at: datetime | None
    title_snippet: str = Field(
        description="The title, HTML-escaped, with the words that matched in `<mark>`."
    )
    description_snippet: str = Field(
        description="A passage of the description (Markdown removed, HTML-escaped) around "
        "the first words that matched, in `<mark>`; the opening lines when none did."
    )
    distance_km: float | None = Field(
        description="Distance to the nearest of the job's locations, with `location`."
    )
    score: float | None = Field(description="Relevance (higher is better) when sorted by it.")


class FacetValue(OutputModel):
    value: str = Field(description="What to pass to the matching filter.")
    label: str
    count: int


class Correction(OutputModel):
    word: str
    correction: str


class QueryInfo(OutputModel):
    text: str
    interpreted: str = Field(
        description="The query as matched: canonical terms, stems, OR, phrases and exclusions."
    )
    corrections: list[Correction] = Field(
        description="Words not known as title words or skills, also matched as these."
    )


class ResolvedLocation(OutputModel):
    name: str
    country_code: str | None
    latitude: float
    longitude: float
    radius_km: float


class SearchPage(OutputModel):
    items: list[SearchHit]
    next_cursor: str | None = Field(
        description="Pass as `cursor` (with the same filters) for the next page; null on the "
        "last page. Pages stay stable while new jobs are published."
    )
    total: int = Field(
        description="Jobs matching the query and filters, counted up to 1,000 on the first "
        "page; later pages repeat the first page's count."
    )
    total_is_exact: bool = Field(description="False when more than 1,000 jobs match.")
    query: QueryInfo | None
    did_you_mean: str | None = Field(
        description="When nothing matched: a respelled query that finds jobs."
    )
    location: ResolvedLocation | None
    facets: dict[str, list[FacetValue]] | None = Field(
        description="Counts per value over the matching jobs, for the facets asked for with "
        "`facets`; estimated from a sample when more than 1,000 jobs match "
        "(`facets_are_exact`)."
    )
    facets_are_exact: bool | None = Field(
        default=None,
        description="True when the facets counted every matching job; false when they were "
        "counted over a sample of them (one job in `facets_sample_rate`, chosen by id) and "
        "multiplied up, so values rarer than that may be missing; null without facets.",
    )
    facets_sample_rate: int | None = Field(
        default=None, description="1 when every matching job was counted; null without facets."
    )


class Suggestion(OutputModel):
    text: str
    kind: SuggestionKind
    value: str = Field(
        description="What to search with: the title text, a skill or company slug, or a "
        "place for `location`."
    )
    jobs: int = Field(description="Open jobs it leads to (0 for places without jobs).")


class SuggestionList(OutputModel):
    query: str
    suggestions: list[Suggestion]
