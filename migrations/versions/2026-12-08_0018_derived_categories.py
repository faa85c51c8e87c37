"""Jobs: a category derived from title, skills and seniority, with its confidence.

Jobs posted without a category, and every imported job, had none, so no category page
counted them. ``job.category_confidence`` holds how sure the derived category is (NULL for
one the employer chose; 0 with no category when none fits); ``derived_fields`` lists
"category" when it was derived. The jobs already there are categorized by ``jobboard
migrate`` after the migrations (the classifier is Python), in batches; the partial index
lists the jobs still to read.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08 00:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MISSING = "category_id IS NULL AND category_confidence IS NULL"


def upgrade() -> None:
    op.add_column("job", sa.Column("category_confidence", sa.Float(), nullable=True))
    op.create_index(
        "ix_job_category_missing",
        "job",
        ["id"],
        sqlite_where=sa.text(MISSING),
        postgresql_where=sa.text(MISSING),
    )


def downgrade() -> None:
    op.drop_index("ix_job_category_missing", table_name="job")
    op.drop_column("job", "category_confidence")
