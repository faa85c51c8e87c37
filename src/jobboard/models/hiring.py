"""Hiring: applications and their history, a company's pipeline stages, screening questions,
private notes, and the figures a company page shows about answering applicants."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from jobboard.kit.clock import utcnow
from jobboard.models.base import Base, BigIntegerId, JsonDocument

# Terminal stages every pipeline ends in; their keys are fixed, their names a company's own.
TERMINAL_STAGES = ("hired", "rejected", "withdrawn")
QuestionKind = Literal["yes_no", "number", "single_choice", "short_text"]


class Application(Base):
    """One seeker's application to one job, and where it stands in the company's pipeline.

    ``candidate_id`` becomes null when the seeker erases their account: the company keeps
    the history without the person.
    """

    __tablename__ = "application"
    __table_args__ = (
        UniqueConstraint("job_id", "candidate_id"),
        Index("ix_application_job_id_applied_at", "job_id", "applied_at", "id"),
        Index("ix_application_candidate_id_id", "candidate_id", "id"),
        Index("ix_application_company_id_applied_at", "company_id", "applied_at"),
        Index("ix_application_closed_at_stage_entered_at", "closed_at", "stage_entered_at"),
        CheckConstraint(
            "closed_reason IS NULL OR closed_reason IN "
            "('job_closed', 'job_expired', 'no_response', 'account_erased')",
            name="closed_reason",
        ),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"))
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    stage: Mapped[str] = mapped_column(String(40), default="applied")
    cover_letter: Mapped[str | None] = mapped_column(Text)
    # The screening answers as submitted, each with its question: [{id, prompt, kind, value}].
    answers: Mapped[list[dict[str, Any]]] = mapped_column(
        JsonDocument, default=list, server_default=text("'[]'")
    )
    resume_id: Mapped[int | None] = mapped_column(ForeignKey("resume.id", ondelete="SET NULL"))
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)
    stage_entered_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # The company's first answer (a move, a message, closing the job) and how long it took.
    first_response_at: Mapped[datetime | None]
    response_seconds: Mapped[int | None]
    reminded_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    closed_reason: Mapped[str | None] = mapped_column(String(24))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ApplicationEvent(Base):
    """One step of an application's history: applied, moved (with a message), withdrawn, or
    closed by the platform. ``actor`` names who did it like the audit log does."""

    __tablename__ = "application_event"
    __table_args__ = (
        Index("ix_application_event_application_id_id", "application_id", "id"),
        CheckConstraint("kind IN ('applied', 'moved', 'withdrawn', 'closed')", name="kind"),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    from_stage: Mapped[str | None] = mapped_column(String(40))
    to_stage: Mapped[str | None] = mapped_column(String(40))
    message: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(80))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApplicationNote(Base):
    """A company's private note on an application; the candidate never sees it."""

    __tablename__ = "application_note"
    __table_args__ = (Index("ix_application_note_application_id_id", "application_id", "id"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(80))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PipelineStage(Base):
    """A stage of a company's pipeline. A company without rows uses the default pipeline."""

    __tablename__ = "pipeline_stage"
    __table_args__ = (UniqueConstraint("company_id", "key"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]


class ScreeningQuestion(Base):
    """A question a job asks every applicant, answered when applying."""

    __tablename__ = "screening_question"
    __table_args__ = (
        UniqueConstraint("job_id", "key"),
        CheckConstraint("kind IN ('yes_no', 'number', 'single_choice', 'short_text')", name="kind"),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"))
    position: Mapped[int]
    key: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(16))
    prompt: Mapped[str] = mapped_column(String(300))
    required: Mapped[bool] = mapped_column(default=True)
    options: Mapped[list[str]] = mapped_column(JsonDocument, default=list)


class CompanyHiringStats(Base):
    """How a company answers applicants, recomputed by a periodic task for its page.

    ``revision`` changes only when a figure changes, so the company's ETag does too.
    """

    __tablename__ = "company_hiring_stats"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), primary_key=True
    )
    applications: Mapped[int]
    answered: Mapped[int]
    median_response_seconds: Mapped[int | None]
    revision: Mapped[int] = mapped_column(default=1)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Notification(Base):
    """Something a user should know, shown in the app and (mostly) sent by e-mail."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_id_id", "user_id", "id"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("application.id", ondelete="SET NULL")
    )
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
