"""Jobs: the description rendered as HTML, stored once per change.

Job pages and their JSON-LD showed text descriptions as escaped paragraphs, rendered on every
request. ``job.description_html`` holds what ``kit.markdown.render_description`` makes of the
description (Markdown rendered, HTML cleaned); the application writes it whenever a
description changes. The rows already there stay NULL here: rendering is Python, so
``jobboard migrate`` fills them after the migrations, in batches, and readers render a NULL
one on the fly until then. The partial index lists the rows still to render (none, once
filled). A later change to the renderer ships as a migration that sets the column back to
NULL.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("job", sa.Column("description_html", sa.Text(), nullable=True))
    op.create_index(
        "ix_job_description_html_missing",
        "job",
        ["id"],
        sqlite_where=sa.text("description_html IS NULL"),
        postgresql_where=sa.text("description_html IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_job_description_html_missing", table_name="job")
    op.drop_column("job", "description_html")
