"""What job seekers keep: their profile and skills, their résumés, and the jobs they saved."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import BigInteger, CheckConstraint, Float, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobboard.kit.clock import utcnow
from jobboard.models.base import Base, BigIntegerId, JsonDocument

if TYPE_CHECKING:
    from jobboard.models.taxonomy import Skill

Visibility = Literal["private", "applied", "searchable"]
VISIBILITIES: tuple[Visibility, ...] = ("private", "applied", "searchable")


class CandidateProfile(Base):
    """A seeker's profile: one per account, created by the first ``PUT /me/profile``."""

    __tablename__ = "candidate_profile"
    __table_args__ = (
        CheckConstraint("visibility IN ('private', 'applied', 'searchable')", name="visibility"),
        CheckConstraint("pay_min IS NULL OR pay_max IS NULL OR pay_min <= pay_max", name="pay"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    headline: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    total_years: Mapped[int | None]
    geoname_id: Mapped[int | None]
    city: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(200))
    country_code: Mapped[str | None] = mapped_column(String(2))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    max_distance_km: Mapped[int] = mapped_column(default=50)
    time_zone: Mapped[str | None] = mapped_column(String(64))
    pay_min: Mapped[int | None] = mapped_column(BigInteger)
    pay_max: Mapped[int | None] = mapped_column(BigInteger)
    pay_currency: Mapped[str | None] = mapped_column(String(3))
    pay_period: Mapped[str | None] = mapped_column(String(8))
    workplaces: Mapped[list[str]] = mapped_column(JsonDocument)
    github_url: Mapped[str | None] = mapped_column(String(500))
    portfolio_url: Mapped[str | None] = mapped_column(String(500))
    visibility: Mapped[str] = mapped_column(String(16), default="applied")
    # Match weights the seeker changed (part name -> weight); the rest keep their defaults.
    weights: Mapped[dict[str, Any]] = mapped_column(
        JsonDocument, default=dict, server_default=text("'{}'")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    skills: Mapped[list[CandidateSkill]] = relationship(
        lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class CandidateSkill(Base):
    __tablename__ = "candidate_skill"
    __table_args__ = (Index("ix_candidate_skill_skill_id", "skill_id", "user_id"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profile.user_id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(ForeignKey("skill.id"), primary_key=True)
    years: Mapped[int | None]

    skill: Mapped[Skill] = relationship(lazy="raise")


class Resume(Base):
    """An uploaded résumé: where its bytes are stored, what they are, and their text."""

    __tablename__ = "resume"
    __table_args__ = (Index("ix_resume_user_id_id", "user_id", "id"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    storage_key: Mapped[str] = mapped_column(String(200), unique=True)
    media_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    # The seeker's résumé for new applications; older ones stay while applications hold them.
    is_current: Mapped[bool] = mapped_column(default=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class SavedJob(Base):
    __tablename__ = "saved_job"
    __table_args__ = (Index("ix_saved_job_user_id_created_at", "user_id", "created_at", "job_id"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
