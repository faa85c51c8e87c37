"""Moderation: automatic flags, outcomes, and companies warned or disabled.

``job_report.source`` is ``person`` (someone reported the job) or ``automatic`` (the
posting's risk signals flagged it, with ``evidence``: the matched phrases);
``outcome`` says what the moderator did (``dismissed``, ``job_closed``,
``company_warned``, ``company_disabled``) and ``resolved_by`` who. ``company.warned_at``
and ``company.disabled_at`` record the company's standing: a disabled company posts and
publishes nothing.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-08 00:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    # Plain ADD COLUMN: copying job_report (batch mode) would reflect the job table, whose
    # expression index SQLite reflection cannot read.
    op.add_column(
        "job_report",
        sa.Column("source", sa.String(length=16), nullable=False, server_default="person"),
    )
    op.add_column(
        "job_report",
        sa.Column("evidence", _JSON, nullable=False, server_default=sa.text("'[]'")),
    )
    op.add_column("job_report", sa.Column("outcome", sa.String(length=24), nullable=True))
    op.add_column("job_report", sa.Column("resolved_by", sa.String(length=80), nullable=True))
    op.add_column("company", sa.Column("warned_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("company", sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("company", "disabled_at")
    op.drop_column("company", "warned_at")
    for column in ("resolved_by", "outcome", "evidence", "source"):
        op.drop_column("job_report", column)
