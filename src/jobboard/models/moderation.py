"""Trust and safety: reports of jobs that look like scams, discriminate or mislead."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from jobboard.kit.clock import utcnow
from jobboard.models.base import Base, BigIntegerId, JsonDocument

ReportReason = Literal["scam", "discriminatory", "misleading", "expired", "other"]


class JobReport(Base):
    """Someone's report that a job breaks the rules; open until a moderator decides.

    A person has at most one open report per job (a partial unique index).
    """

    __tablename__ = "job_report"
    __table_args__ = (
        CheckConstraint(
            "reason IN ('scam', 'discriminatory', 'misleading', 'expired', 'other')",
            name="reason",
        ),
        CheckConstraint("status IN ('open', 'dismissed', 'actioned')", name="status"),
        Index(
            "uq_job_report_open_per_reporter",
            "job_id",
            "reporter_id",
            unique=True,
            postgresql_where=text("status = 'open'"),
            sqlite_where=text("status = 'open'"),
        ),
        Index("ix_job_report_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"))
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(String(16))
    details: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    # ``person``: someone reported it; ``automatic``: the posting's risk signals flagged it,
    # with the phrases that did as ``evidence``.
    source: Mapped[str] = mapped_column(String(16), default="person", server_default="person")
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(
        JsonDocument, default=list, server_default=text("'[]'")
    )
    # What the moderator did (dismissed, job_closed, company_warned, company_disabled), and who.
    outcome: Mapped[str | None] = mapped_column(String(24))
    resolved_by: Mapped[str | None] = mapped_column(String(80))
