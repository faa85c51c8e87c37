"""The GraphQL object types.

Small value types (a job's skill, a salary, a facet value) are filled straight from the
Pydantic answers the REST API serializes, so both APIs say the same thing; the nodes (jobs,
companies, categories, skills, applications, saved searches) carry a global id and load what
a query asks for beyond what their parent already knew through the request's DataLoaders.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from jobboard.alerts.schemas import SavedSearchRead
from jobboard.applications.schemas import (
    ApplicantRead,
    ApplicationRead,
    MyApplicationRead,
)
from jobboard.companies.schemas import CompanyRead
from jobboard.errors import NotFound
from jobboard.graphql.context import context_of
from jobboard.graphql.inputs import BigInt
from jobboard.jobs.schemas import JobRead
from jobboard.notifications.schemas import NotificationRead
from jobboard.search.schemas import SearchHit
from jobboard.seekers.schemas import ProfileRead
from jobboard.taxonomy.schemas import CategoryDetail, CategorySummary, SkillRead

if TYPE_CHECKING:
    from jobboard.recommendations.schemas import MatchRead

ItemT = TypeVar("ItemT")


def global_id(kind: str, key: int | str) -> strawberry.ID:
    """An opaque id naming the kind of object and its key: ``Job:42`` in base64url."""
    return strawberry.ID(base64.urlsafe_b64encode(f"{kind}:{key}".encode()).decode().rstrip("="))


def parse_global_id(value: str) -> tuple[str, str]:
    try:
        padded = value + "=" * (-len(value) % 4)
        kind, sep, key = base64.urlsafe_b64decode(padded.encode("ascii")).decode().partition(":")
    except (binascii.Error, UnicodeError, ValueError):
        kind, sep, key = "", "", ""
    if not sep or not kind or not key:
        raise NotFound(f"{value!r} is not an id this API gave out.")
    return kind, key


def database_id(value: str, kind: str) -> int:
    """The integer id behind a global id of ``kind``, or a plain REST id."""
    if value.isdigit():
        number = int(value)
    else:
        found, key = parse_global_id(value)
        if found != kind or not key.isdigit():
            raise NotFound(f"{value!r} is not the id of a {kind.lower()}.")
        number = int(key)
    if not 1 <= number < 2**63:
        raise NotFound(f"There is no {kind.lower()} {value!r}.")
    return number


@strawberry.interface(description="An object with a global id: fetch it again with `node(id)`.")
class Node:
    id: strawberry.ID


@strawberry.type(description="Where a page ends and whether another follows.")
class PageInfo:
    has_next_page: bool
    end_cursor: str | None = strawberry.field(
        description="Pass as `after` (with the same arguments) for the next page."
    )


@strawberry.type(
    description="One item of a page. Pages resume from their end: only the last edge has "
    "a cursor (the page's `endCursor`)."
)
class Edge(Generic[ItemT]):
    node: ItemT
    cursor: str | None


@strawberry.type
class Connection(Generic[ItemT]):
    edges: list[Edge[ItemT]]
    page_info: PageInfo

    @strawberry.field(description="The items of the page, without their edges.")
    def nodes(self) -> list[ItemT]:
        return [edge.node for edge in self.edges]


def connection(items: list[ItemT], next_cursor: str | None) -> Connection[ItemT]:
    edges = [
        Edge(node=item, cursor=next_cursor if index == len(items) - 1 else None)
        for index, item in enumerate(items)
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=next_cursor is not None, end_cursor=next_cursor),
    )


# Value types read straight from the REST answers' models (the resolver returns the model;
# each field reads the attribute of the same name).


@strawberry.type
class JobSkill:
    slug: str
    name: str
    kind: str
    required: bool
    min_years: int | None


@strawberry.type
class Location:
    geoname_id: int | None
    city: str
    region: str | None
    country_code: str
    latitude: float
    longitude: float


@strawberry.type(description="Pay in minor units of `currency` per `period`.")
class Salary:
    min: BigInt | None
    max: BigInt | None
    currency: str
    period: str
    annual_min: BigInt | None
    annual_max: BigInt | None


@strawberry.type
class Place:
    geoname_id: int | None
    city: str
    region: str | None
    country_code: str


@strawberry.type
class HiringFigures:
    applications: int
    answered_share: float | None
    median_hours_to_first_response: float | None
    computed_at: datetime


@strawberry.type
class SkillRef:
    slug: str
    name: str
    kind: str


@strawberry.type
class PayPercentiles:
    currency: str
    period: str
    p25: BigInt
    p50: BigInt
    p75: BigInt
    sample_size: int
    rates_as_of: str


@strawberry.type
class SkillCount:
    slug: str
    name: str
    jobs: int
    share: float


@strawberry.type
class PlaceCount:
    city: str
    region: str | None
    country_code: str
    jobs: int


@strawberry.type
class SeniorityPay:
    seniority: str
    pay: PayPercentiles


@strawberry.type
class TypicalYears:
    p25: int
    median: int
    sample_size: int


@strawberry.type(description="Live figures over a category's open jobs.")
class CategoryFigures:
    open_jobs: int
    pay: PayPercentiles | None
    pay_by_seniority: list[SeniorityPay]
    typical_years: TypicalYears | None
    top_skills: list[SkillCount]
    top_locations: list[PlaceCount]
    remote_share: float
    workplace_mix: JSON
    seniority_mix: JSON


@strawberry.type
class Suggestion:
    text: str
    kind: str
    value: str
    jobs: int


@strawberry.type
class FacetValue:
    value: str
    label: str
    count: int


@strawberry.type
class Facet:
    name: str
    values: list[FacetValue]


@strawberry.type
class Correction:
    word: str
    correction: str


@strawberry.type
class QueryInfo:
    text: str
    interpreted: str
    corrections: list[Correction]


@strawberry.type
class ResolvedLocation:
    name: str
    country_code: str | None
    latitude: float
    longitude: float
    radius_km: float


@strawberry.type
class MatchPart:
    name: str
    score: float | None
    weight: float
    reason: str


@strawberry.type(description="How well a seeker's profile fits a job, 0 to 1, with reasons.")
class Match:
    score: float
    reasons: list[str]
    parts: list[MatchPart]


@strawberry.type
class Stage:
    key: str
    name: str
    terminal: bool


@strawberry.type
class ProfileSkill:
    slug: str
    name: str
    years: int | None


@strawberry.type
class Pay:
    min: BigInt | None
    max: BigInt | None
    currency: str
    period: str


@strawberry.type
class Links:
    github: str | None
    portfolio: str | None


@strawberry.type(description="A seeker's profile, as `GET /api/v1/me/profile` shows it.")
class Profile:
    headline: str
    summary: str
    skills: list[ProfileSkill]
    total_years: int | None
    location: Location | None
    max_distance_km: int
    time_zone: str | None
    desired_pay: Pay | None
    workplaces: list[str]
    links: Links
    visibility: str
    match_weights: JSON
    updated_at: datetime | None
    version: int


@strawberry.type
class Answer:
    id: str
    prompt: str
    kind: str
    value: JSON


@strawberry.type
class ApplicationEvent:
    kind: str
    from_stage: str | None
    to_stage: str | None
    message: str | None
    by: str
    actor: str | None
    occurred_at: datetime


@strawberry.type
class Note:
    id: int
    author: str
    body: str
    created_at: datetime


@strawberry.type
class Candidate:
    user_id: int | None
    name: str | None
    email: str | None
    profile: Profile | None


@strawberry.type
class Notification:
    id: int
    kind: str
    title: str
    body: str
    application_id: int | None
    job_id: int | None
    created_at: datetime
    read_at: datetime | None


def as_type(value: Any) -> Any:
    """A REST answer model handed to GraphQL as the object type it mirrors."""
    return value


# Nodes.


@strawberry.enum(description="How applicants are ordered; MATCH puts the best fit first.")
class ApplicantSort(Enum):
    NEWEST = "newest"
    OLDEST = "oldest"
    MATCH = "match"


@strawberry.enum
class JobStatus(Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"
    EXPIRED = "expired"


@strawberry.type(
    description="A job. What a search hit shows is there at once; the rest (description, "
    "status, dates) is loaded on demand, for a whole page in one batch."
)
class Job(Node):
    database_id: int = strawberry.field(description="The id in the REST API (/api/v1/jobs/{id}).")
    title: str
    company: Company
    category: Category | None
    seniority: str | None
    min_years_experience: int | None
    employment_type: str
    workplace: str
    remote_regions: list[str]
    locations: list[Location]
    salary: Salary | None
    skills: list[JobSkill]
    published_at: datetime | None
    expires_at: datetime | None
    read: strawberry.Private[JobRead | None] = None

    @classmethod
    def _of(cls, data: JobRead | SearchHit, read: JobRead | None) -> Job:
        # Plain fields, not resolvers: a page of 50 hits reads some thousand of them.
        return cls(
            id=global_id("Job", data.id),
            database_id=data.id,
            title=data.title,
            company=Company.ref(data.company.slug, data.company.name),
            category=Category.ref(data.category.slug, data.category.name)
            if data.category
            else None,
            seniority=data.seniority,
            min_years_experience=data.min_years_experience,
            employment_type=data.employment_type,
            workplace=data.workplace,
            remote_regions=data.remote_regions,
            locations=as_type(data.locations),
            salary=as_type(data.salary),
            skills=as_type(data.skills),
            published_at=data.published_at,
            expires_at=data.expires_at,
            read=read,
        )

    @classmethod
    def of(cls, read: JobRead) -> Job:
        return cls._of(read, read)

    @classmethod
    def of_hit(cls, hit: SearchHit) -> Job:
        return cls._of(hit, None)

    @classmethod
    async def load(cls, info: Info[Any, Any], job_id: int) -> Job:
        found = await context_of(info).loaders.job.load(job_id)
        if found is None:
            raise NotFound(f"There is no job {job_id} you can read.")
        return cls.of(found)

    async def details(self, info: Info[Any, Any]) -> JobRead:
        if self.read is None:
            self.read = (await Job.load(info, self.database_id)).read
            assert self.read is not None
        return self.read

    @strawberry.field(description="Markdown or plain text, as the employer wrote it.")
    async def description(self, info: Info[Any, Any]) -> str:
        return (await self.details(info)).description

    @strawberry.field
    async def description_format(self, info: Info[Any, Any]) -> str:
        return (await self.details(info)).description_format

    @strawberry.field(description="The description rendered and sanitised.")
    async def description_html(self, info: Info[Any, Any]) -> str:
        return (await self.details(info)).description_html

    @strawberry.field(description="draft, published, closed or expired.")
    async def status(self, info: Info[Any, Any]) -> str:
        return (await self.details(info)).status

    @strawberry.field
    async def closing_reason(self, info: Info[Any, Any]) -> str | None:
        return (await self.details(info)).closing_reason

    @strawberry.field
    async def closing_note(self, info: Info[Any, Any]) -> str | None:
        return (await self.details(info)).closing_note

    @strawberry.field
    async def closed_at(self, info: Info[Any, Any]) -> datetime | None:
        return (await self.details(info)).closed_at

    @strawberry.field
    async def apply_url(self, info: Info[Any, Any]) -> str | None:
        return (await self.details(info)).apply_url

    @strawberry.field
    async def requisition_id(self, info: Info[Any, Any]) -> str | None:
        return (await self.details(info)).requisition_id

    @strawberry.field(description="Which fields were filled from the description.")
    async def derived_fields(self, info: Info[Any, Any]) -> JSON:
        return cast(JSON, (await self.details(info)).derived_fields)

    @strawberry.field
    async def created_at(self, info: Info[Any, Any]) -> datetime:
        return (await self.details(info)).created_at

    @strawberry.field
    async def updated_at(self, info: Info[Any, Any]) -> datetime:
        return (await self.details(info)).updated_at

    @strawberry.field(description="Send it back as `expectedVersion` to change the job.")
    async def version(self, info: Info[Any, Any]) -> int:
        return (await self.details(info)).version

    @strawberry.field(
        description="The job's applicants, for the company's members and its API client "
        "(`applications:read`)."
    )
    async def applicants(
        self,
        info: Info[Any, Any],
        first: int = 20,
        after: str | None = None,
        stage: str | None = None,
        skill: str | None = None,
        text: str | None = None,
        sort: ApplicantSort = ApplicantSort.NEWEST,
    ) -> Connection[Applicant]:
        from jobboard.graphql import resolvers

        return await resolvers.applicants(
            info,
            job_id=self.database_id,
            first=first,
            after=after,
            stage=stage,
            skill=skill,
            text=text,
            sort=sort.value,
        )


@strawberry.type(description="A company's public page and, for its members, its jobs.")
class Company(Node):
    slug: str
    name: str
    read: strawberry.Private[CompanyRead | None] = None

    @classmethod
    def ref(cls, slug: str, name: str) -> Company:
        return cls(id=global_id("Company", slug), slug=slug, name=name)

    @classmethod
    def of(cls, read: CompanyRead) -> Company:
        return cls(id=global_id("Company", read.slug), slug=read.slug, name=read.name, read=read)

    async def details(self, info: Info[Any, Any]) -> CompanyRead:
        if self.read is None:
            found = await context_of(info).loaders.company.load(self.slug)
            if found is None:
                raise NotFound(f"There is no company {self.slug!r}.")
            self.read = found
        return self.read

    @strawberry.field
    async def website(self, info: Info[Any, Any]) -> str | None:
        return (await self.details(info)).website

    @strawberry.field
    async def description(self, info: Info[Any, Any]) -> str:
        return (await self.details(info)).description

    @strawberry.field
    async def industry(self, info: Info[Any, Any]) -> str | None:
        return (await self.details(info)).industry

    @strawberry.field
    async def size(self, info: Info[Any, Any]) -> str | None:
        return (await self.details(info)).size

    @strawberry.field
    async def founded_year(self, info: Info[Any, Any]) -> int | None:
        return (await self.details(info)).founded_year

    @strawberry.field
    async def headquarters(self, info: Info[Any, Any]) -> Place | None:
        return as_type((await self.details(info)).headquarters)  # type: ignore[no-any-return]

    @strawberry.field(description="How many of its jobs are open.")
    async def open_job_count(self, info: Info[Any, Any]) -> int:
        return (await self.details(info)).open_jobs

    @strawberry.field
    async def hiring(self, info: Info[Any, Any]) -> HiringFigures | None:
        return as_type((await self.details(info)).hiring)  # type: ignore[no-any-return]

    @strawberry.field(
        description="Its open jobs, newest first; its members (`jobs:read`) may ask for "
        "drafts, closed or expired ones with `status`."
    )
    async def jobs(
        self,
        info: Info[Any, Any],
        first: int = 20,
        after: str | None = None,
        status: JobStatus | None = None,
    ) -> Connection[Job]:
        from jobboard.graphql import resolvers

        return await resolvers.company_jobs(
            info, slug=self.slug, first=first, after=after, status=status.value if status else None
        )


@strawberry.type
class Category(Node):
    slug: str
    name: str
    summary_read: strawberry.Private[CategorySummary | None] = None
    detail: strawberry.Private[CategoryDetail | None] = None

    @classmethod
    def ref(cls, slug: str, name: str) -> Category:
        return cls(id=global_id("Category", slug), slug=slug, name=name)

    @classmethod
    def of_summary(cls, read: CategorySummary) -> Category:
        return cls(
            id=global_id("Category", read.slug), slug=read.slug, name=read.name, summary_read=read
        )

    @classmethod
    def of_detail(cls, read: CategoryDetail) -> Category:
        return cls(id=global_id("Category", read.slug), slug=read.slug, name=read.name, detail=read)

    async def details(self, info: Info[Any, Any]) -> CategoryDetail:
        if self.detail is None:
            from jobboard.graphql import resolvers

            self.detail = await resolvers.category_detail(info, slug=self.slug, currency="USD")
        return self.detail

    @strawberry.field
    async def summary(self, info: Info[Any, Any]) -> str:
        if self.summary_read is not None:
            return self.summary_read.summary
        return (await self.details(info)).summary

    @strawberry.field
    async def seniority(self, info: Info[Any, Any]) -> str | None:
        if self.summary_read is not None:
            return self.summary_read.seniority
        return (await self.details(info)).seniority

    @strawberry.field(description="Open jobs in the category.")
    async def open_job_count(self, info: Info[Any, Any]) -> int:
        if self.summary_read is not None:
            return self.summary_read.open_jobs
        return (await self.details(info)).stats.open_jobs

    @strawberry.field(description="Markdown.")
    async def description(self, info: Info[Any, Any]) -> str:
        return (await self.details(info)).description

    @strawberry.field
    async def typical_skills(self, info: Info[Any, Any]) -> list[SkillRef]:
        return as_type((await self.details(info)).typical_skills)  # type: ignore[no-any-return]

    @strawberry.field
    async def title_variants(self, info: Info[Any, Any]) -> list[str]:
        return (await self.details(info)).title_variants

    @strawberry.field
    async def min_years(self, info: Info[Any, Any]) -> int:
        return (await self.details(info)).min_years

    @strawberry.field
    async def max_years(self, info: Info[Any, Any]) -> int:
        return (await self.details(info)).max_years

    @strawberry.field(
        description="Live figures over its open jobs; pay in `currency` (ISO 4217, converted "
        "at bundled rates)."
    )
    async def figures(self, info: Info[Any, Any], currency: str = "USD") -> CategoryFigures:
        from jobboard.graphql import resolvers

        if currency.upper() == "USD":
            return as_type((await self.details(info)).stats)  # type: ignore[no-any-return]
        detail = await resolvers.category_detail(info, slug=self.slug, currency=currency)
        return as_type(detail.stats)  # type: ignore[no-any-return]


@strawberry.type
class Skill(Node):
    slug: str
    name: str
    kind: str
    aliases: list[str]
    first_release_year: int | None

    @classmethod
    def of(cls, read: SkillRead) -> Skill:
        return cls(
            id=global_id("Skill", read.slug),
            slug=read.slug,
            name=read.name,
            kind=read.kind,
            aliases=read.aliases,
            first_release_year=read.first_release_year,
        )


@strawberry.type(description="A job in a short form, as an application refers to it.")
class JobBrief:
    id: int
    title: str
    company: str
    company_name: str
    status: str


@strawberry.type(
    description="An application: the candidate sees its stage, history and messages; the "
    "company also the candidate, the match and its private notes."
)
class Application(Node):
    database_id: int
    read: strawberry.Private[ApplicationRead]

    @classmethod
    def of(cls, read: ApplicationRead) -> Application:
        return cls(id=global_id("Application", read.id), database_id=read.id, read=read)

    @strawberry.field
    async def job(self, info: Info[Any, Any]) -> Job:
        return await Job.load(info, self.read.job.id)

    @strawberry.field
    def stage(self) -> Stage:
        return as_type(self.read.stage)  # type: ignore[no-any-return]

    @strawberry.field(description="open or closed.")
    def status(self) -> str:
        return self.read.status

    @strawberry.field
    def closed_reason(self) -> str | None:
        return self.read.closed_reason

    @strawberry.field
    def applied_at(self) -> datetime:
        return self.read.applied_at

    @strawberry.field
    def updated_at(self) -> datetime:
        return self.read.updated_at

    @strawberry.field
    def closed_at(self) -> datetime | None:
        return self.read.closed_at

    @strawberry.field
    def cover_letter(self) -> str | None:
        return self.read.cover_letter

    @strawberry.field
    def answers(self) -> list[Answer]:
        return as_type(self.read.answers)  # type: ignore[no-any-return]

    @strawberry.field
    def events(self) -> list[ApplicationEvent]:
        return as_type(self.read.events)  # type: ignore[no-any-return]

    @strawberry.field(description="The company's view only.")
    def candidate(self) -> Candidate | None:
        return as_type(self.read.candidate)  # type: ignore[no-any-return]

    @strawberry.field(description="The company's view only.")
    def match(self) -> Match | None:
        return as_type(self.read.match)  # type: ignore[no-any-return]

    @strawberry.field(description="The company's private notes; never shown to the candidate.")
    def notes(self) -> list[Note] | None:
        return as_type(self.read.notes)  # type: ignore[no-any-return]

    @strawberry.field(description="Send it back as `expectedVersion` to move or withdraw it.")
    def version(self) -> int:
        return self.read.version


@strawberry.type(description="One of your applications, in your list.")
class MyApplication:
    database_id: int
    read: strawberry.Private[MyApplicationRead]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return global_id("Application", self.database_id)

    @strawberry.field
    async def job(self, info: Info[Any, Any]) -> Job:
        return await Job.load(info, self.read.job.id)

    @strawberry.field
    def stage(self) -> Stage:
        return as_type(self.read.stage)  # type: ignore[no-any-return]

    @strawberry.field
    def status(self) -> str:
        return self.read.status

    @strawberry.field
    def closed_reason(self) -> str | None:
        return self.read.closed_reason

    @strawberry.field
    def applied_at(self) -> datetime:
        return self.read.applied_at

    @strawberry.field
    def updated_at(self) -> datetime:
        return self.read.updated_at


@strawberry.type(description="An applicant to one of the company's jobs.")
class Applicant:
    database_id: int
    read: strawberry.Private[ApplicantRead]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return global_id("Application", self.database_id)

    @strawberry.field
    def stage(self) -> Stage:
        return as_type(self.read.stage)  # type: ignore[no-any-return]

    @strawberry.field
    def status(self) -> str:
        return self.read.status

    @strawberry.field
    def applied_at(self) -> datetime:
        return self.read.applied_at

    @strawberry.field
    def candidate(self) -> Candidate:
        return as_type(self.read.candidate)  # type: ignore[no-any-return]

    @strawberry.field
    def match(self) -> Match | None:
        return as_type(self.read.match)  # type: ignore[no-any-return]


@strawberry.type(description="A saved search: its filters, how alerts go out, its feeds.")
class SavedSearch(Node):
    database_id: int
    read: strawberry.Private[SavedSearchRead]

    @classmethod
    def of(cls, read: SavedSearchRead) -> SavedSearch:
        return cls(id=global_id("SavedSearch", read.id), database_id=read.id, read=read)

    @strawberry.field
    def name(self) -> str:
        return self.read.name

    @strawberry.field(description="The filters, as `JobSearchInput` takes them.")
    def search(self) -> JSON:
        return cast(JSON, self.read.search.model_dump(mode="json"))

    @strawberry.field
    def interpreted(self) -> str:
        return self.read.interpreted

    @strawberry.field
    def frequency(self) -> str:
        return self.read.frequency

    @strawberry.field
    def email(self) -> bool:
        return self.read.email

    @strawberry.field
    def webhook_url(self) -> str | None:
        return self.read.webhook_url

    @strawberry.field
    def active(self) -> bool:
        return self.read.active

    @strawberry.field
    def json_feed_url(self) -> str:
        return self.read.feeds.json_feed

    @strawberry.field
    def atom_feed_url(self) -> str:
        return self.read.feeds.atom

    @strawberry.field
    def last_sent_at(self) -> datetime | None:
        return self.read.last_sent_at

    @strawberry.field
    def created_at(self) -> datetime:
        return self.read.created_at


@strawberry.type
class SavedJob:
    job: Job
    saved_at: datetime


@strawberry.type
class MatchedJob:
    job: Job
    match: Match

    @classmethod
    def of(cls, job: JobRead, match: MatchRead) -> MatchedJob:
        return cls(job=Job.of(job), match=as_type(match))


@strawberry.type
class NotificationConnection(Connection[Notification]):
    unread_count: int


def notification(read: NotificationRead) -> Notification:
    return as_type(read)  # type: ignore[no-any-return]


def profile(read: ProfileRead) -> Profile:
    return as_type(read)  # type: ignore[no-any-return]


# Search.


@strawberry.type(description="One job found, with what matched highlighted.")
class JobHit:
    node: Job
    cursor: str | None
    title_snippet: str = strawberry.field(
        description="The title, HTML-escaped, with the words that matched in <mark>."
    )
    description_snippet: str = strawberry.field(
        description="A passage of the description around the first words that matched."
    )
    distance_km: float | None
    score: float | None


@strawberry.type(description="A page of search results with counts, facets and corrections.")
class JobSearchConnection:
    edges: list[JobHit]
    page_info: PageInfo
    total_count: int = strawberry.field(
        description="Matches, counted up to 1,000 on the first page (see totalIsExact)."
    )
    total_is_exact: bool
    did_you_mean: str | None
    query: QueryInfo | None
    location: ResolvedLocation | None
    facets: list[Facet] | None
    facets_are_exact: bool | None

    @strawberry.field
    def nodes(self) -> list[Job]:
        return [edge.node for edge in self.edges]
