"""Jobs, where they are, and which skills they ask for."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ColumnElement,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from jobboard.kit.clock import utcnow
from jobboard.kit.markdown import render_description
from jobboard.models.base import Base, BigIntegerId, JsonDocument

if TYPE_CHECKING:
    from jobboard.models.taxonomy import Category, Skill
    from jobboard.models.user import Company

JobStatus = Literal["draft", "published", "closed", "expired"]
JOB_STATUSES: tuple[JobStatus, ...] = ("draft", "published", "closed", "expired")
# Google Cloud Talent Solution v4 employment types, lower-cased.
EmploymentType = Literal[
    "full_time",
    "part_time",
    "contractor",
    "contract_to_hire",
    "temporary",
    "internship",
    "volunteer",
    "per_diem",
    "other",
]
EMPLOYMENT_TYPES: tuple[EmploymentType, ...] = (
    "full_time",
    "part_time",
    "contractor",
    "contract_to_hire",
    "temporary",
    "internship",
    "volunteer",
    "per_diem",
    "other",
)
Workplace = Literal["onsite", "hybrid", "remote"]
WORKPLACES: tuple[Workplace, ...] = ("onsite", "hybrid", "remote")
ClosingReason = Literal[
    "filled", "cancelled", "on_hold", "duplicate", "removed_from_source", "moderated", "other"
]
CLOSING_REASONS: tuple[ClosingReason, ...] = (
    "filled",
    "cancelled",
    "on_hold",
    "duplicate",
    "removed_from_source",
    "moderated",
    "other",
)


# The columns search filters and sorts on, carried by ix_job_search on PostgreSQL.
SEARCH_COLUMNS = [
    "expires_at",
    "company_id",
    "category_id",
    "seniority",
    "employment_type",
    "workplace",
    "min_years_experience",
    "salary_annual_min_usd",
    "salary_annual_max_usd",
    "remote_regions",
]


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


class Job(Base):
    __tablename__ = "job"
    __table_args__ = (
        CheckConstraint(f"status IN ({_sql_list(JOB_STATUSES)})", name="status"),
        CheckConstraint(f"workplace IN ({_sql_list(WORKPLACES)})", name="workplace"),
        CheckConstraint(
            f"employment_type IN ({_sql_list(EMPLOYMENT_TYPES)})", name="employment_type"
        ),
        CheckConstraint(
            f"closing_reason IS NULL OR closing_reason IN ({_sql_list(CLOSING_REASONS)})",
            name="closing_reason",
        ),
        CheckConstraint(
            "salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max",
            name="salary_order",
        ),
        CheckConstraint("salary_min IS NULL OR salary_min >= 0", name="salary_min_positive"),
        CheckConstraint("description_format IN ('text', 'html')", name="description_format"),
        UniqueConstraint("company_id", "requisition_id"),
        UniqueConstraint("source", "source_id"),
        Index("ix_job_status_expires_at", "status", "expires_at"),
        Index("ix_job_category_id_status", "category_id", "status"),
        Index("ix_job_company_id_status", "company_id", "status"),
        Index("ix_job_status_published_at", "status", "published_at", "id"),
        # Sitemaps walk published jobs by id and by company: the first one from an id on,
        # and a company's newest, are each one index probe, however many closed and
        # expired jobs lie between.
        Index("ix_job_status_id", "status", "id"),
        Index("ix_job_status_company_id", "status", "company_id", "id"),
        # Search reads its filter and sort columns from this index alone on PostgreSQL,
        # newest first (index-only scans), never the wide rows that hold descriptions.
        Index(
            "ix_job_search",
            "status",
            "published_at",
            "id",
            postgresql_include=SEARCH_COLUMNS,
        ),
        # `jobboard migrate` finds the descriptions left to render here; once they are all
        # rendered the index is empty and the check costs nothing.
        Index(
            "ix_job_description_html_missing",
            "id",
            sqlite_where=text("description_html IS NULL"),
            postgresql_where=text("description_html IS NULL"),
        ),
        # `jobboard migrate` finds the jobs never given a category here (none, once done).
        Index(
            "ix_job_category_missing",
            "id",
            sqlite_where=text("category_id IS NULL AND category_confidence IS NULL"),
            postgresql_where=text("category_id IS NULL AND category_confidence IS NULL"),
        ),
        # Sorting by salary reads this index from the top and stops after the page.
        Index(
            "ix_job_salary",
            "status",
            text("coalesce(salary_annual_max_usd, -1)"),
            "id",
            postgresql_include=["published_at", *SEARCH_COLUMNS],
        ),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"))
    # How sure the derived category is (taxonomy.categorize); NULL when the employer chose
    # it. 0 with no category: the job was read and no category fits it.
    category_confidence: Mapped[float | None] = mapped_column(Float)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    seniority: Mapped[str | None] = mapped_column(String(16))
    min_years_experience: Mapped[int | None]
    employment_type: Mapped[str] = mapped_column(String(24))
    workplace: Mapped[str] = mapped_column(String(8))
    remote_regions: Mapped[list[str]] = mapped_column(JsonDocument)
    # Fields filled from the description because the employer left them empty.
    derived_fields: Mapped[list[str]] = mapped_column(
        JsonDocument, default=list, server_default=text("'[]'")
    )
    salary_min: Mapped[int | None] = mapped_column(BigInteger)
    salary_max: Mapped[int | None] = mapped_column(BigInteger)
    salary_currency: Mapped[str | None] = mapped_column(String(3))
    salary_period: Mapped[str | None] = mapped_column(String(8))
    salary_annual_min: Mapped[int | None] = mapped_column(BigInteger)
    salary_annual_max: Mapped[int | None] = mapped_column(BigInteger)
    salary_annual_min_usd: Mapped[int | None] = mapped_column(BigInteger)
    salary_annual_max_usd: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    closing_reason: Mapped[str | None] = mapped_column(String(24))
    closing_note: Mapped[str | None] = mapped_column(String(1000))
    published_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    apply_url: Mapped[str | None] = mapped_column(String(2000))
    requisition_id: Mapped[str | None] = mapped_column(String(255))
    source: Mapped[str | None] = mapped_column(String(32))
    source_id: Mapped[str | None] = mapped_column(String(255))
    # Imported jobs: a hash of the mapped source fields (decides updates) and when the
    # source last listed the job.
    source_hash: Mapped[str | None] = mapped_column(String(64))
    last_verified_at: Mapped[datetime | None]
    description_format: Mapped[str] = mapped_column(
        String(8), default="text", server_default="text"
    )
    # What the job page shows of the description (kit.markdown.render_description), stored
    # by the events below whenever the description changes. NULL means not rendered yet:
    # readers render it then, and `jobboard migrate` fills it in.
    description_html: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    company: Mapped[Company] = relationship(back_populates="jobs", lazy="raise")
    category: Mapped[Category | None] = relationship(lazy="raise")
    locations: Mapped[list[JobLocation]] = relationship(
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="JobLocation.position",
        passive_deletes=True,
    )
    skills: Mapped[list[JobSkill]] = relationship(
        lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


@event.listens_for(Job, "before_insert")
def _render_new_description(mapper: Mapper[Job], connection: Connection, job: Job) -> None:
    """Every job inserted through the ORM is stored with its description rendered."""
    job.description_html = render_description(job.description, job.description_format or "text")


@event.listens_for(Job, "before_update")
def _render_changed_description(mapper: Mapper[Job], connection: Connection, job: Job) -> None:
    """Render again when the description or its format changed in this flush.

    Statements that write ``description`` themselves (``update(Job).values(...)``, Core
    inserts) pass no mapper events: they set ``description_html`` too, rendered or NULL.
    """
    attributes = inspect(job).attrs
    if (
        attributes.description.history.has_changes()
        or attributes.description_format.history.has_changes()
    ):
        job.description_html = render_description(job.description, job.description_format)


def open_job_clause(now: datetime) -> ColumnElement[bool]:
    """The one definition of an open job: published and not yet past its expiry."""
    return and_(Job.status == "published", Job.expires_at > now)


PlaceKind = Literal["city", "division", "country", "area"]
PLACE_KINDS: tuple[PlaceKind, ...] = ("city", "division", "country", "area")


class JobLocation(Base):
    """One place of a job, as specific as the employer gave it: a city (with a point), a
    first-level division of a country (``region``), a country, or an area of several
    countries (``area``, a region word such as "emea")."""

    __tablename__ = "job_location"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_sql_list(PLACE_KINDS)})", name="kind"),
        Index("ix_job_location_job_id", "job_id"),
        Index("ix_job_location_geoname_id", "geoname_id"),
        Index("ix_job_location_country_code", "country_code"),
        # Radius search: a bounding box first, exact distances only for what is inside it;
        # the job ids come from the index too (migration 0010).
        Index("ix_job_location_point", "latitude", "longitude", "job_id"),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"))
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(8), default="city", server_default="city")
    # A city's or a country's GeoNames id.
    geoname_id: Mapped[int | None]
    city: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(200))
    country_code: Mapped[str | None] = mapped_column(String(2))
    area: Mapped[str | None] = mapped_column(String(40))
    # Only cities have a point: a country or an area is no place to measure a distance from.
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)


class JobSkill(Base):
    __tablename__ = "job_skill"
    __table_args__ = (Index("ix_job_skill_skill_id", "skill_id", "job_id"),)

    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"), primary_key=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skill.id"), primary_key=True)
    required: Mapped[bool] = mapped_column(default=True)
    min_years: Mapped[int | None]

    skill: Mapped[Skill] = relationship(lazy="raise")


class JobExpiryNotice(Base):
    """A notice that a job expires soon, recorded once per job and expiry date."""

    __tablename__ = "job_expiry_notice"
    __table_args__ = (UniqueConstraint("job_id", "expires_at"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
