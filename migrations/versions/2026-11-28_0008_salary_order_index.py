"""Search: an index in the salary sort's order.

Sorting by salary ordered every job above the pay floor by ``coalesce(salary_annual_max_usd,
-1)`` (126 ms on SQLite and 263 ms on PostgreSQL at a million jobs). ``ix_job_salary`` holds
jobs in that order, so the list is read from the top and stops after the page, like the
newest-first lists; on PostgreSQL it carries the filter columns (INCLUDE) as ``ix_job_search``
does, so filters are index-only.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 14:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INCLUDE = [
    "published_at",
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


def upgrade() -> None:
    op.create_index(
        "ix_job_salary",
        "job",
        ["status", sa.text("coalesce(salary_annual_max_usd, -1)"), "id"],
        postgresql_include=_INCLUDE,
    )


def downgrade() -> None:
    op.drop_index("ix_job_salary", table_name="job")
