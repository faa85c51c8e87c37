"""Sitemaps: published jobs by id, and by company.

The sitemap index finds the job-id ranges that hold open jobs by asking, range after range,
for the first open job from an id on. Through the primary key that reads every closed and
expired job in between; ``ix_job_status_id`` answers it with one index probe, and serves the
chunk's own range read. ``ix_job_status_company_id`` does the same for company-id ranges,
and gives a company's newest published job (its page's last change) in one probe.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 21:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_job_status_id", "job", ["status", "id"])
    op.create_index("ix_job_status_company_id", "job", ["status", "company_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_job_status_company_id", table_name="job")
    op.drop_index("ix_job_status_id", table_name="job")
