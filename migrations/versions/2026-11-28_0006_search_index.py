"""Search: the engine-specific full-text index, its bookkeeping row and two job indexes.

SQLite gets an FTS5 virtual table, PostgreSQL a table of tsvectors with a GIN index; both are
named ``search_document``, hold one row per published job and are filled by the application
(``jobboard migrate`` rebuilds them when the analyzer version stored in ``search_state``
differs from the code's). ``ix_job_search`` carries every column search filters and sorts on
(PostgreSQL INCLUDE), so search reads an index instead of job rows with their descriptions;
``ix_job_location_latitude_longitude`` is the radius search's bounding box.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "search_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.Column("analyzer_version", sa.String(length=64), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_state")),
    )
    op.execute(
        "INSERT INTO search_state (id, generation, changed_at) VALUES (1, 0, CURRENT_TIMESTAMP)"
    )
    op.create_index("ix_job_location_latitude_longitude", "job_location", ["latitude", "longitude"])
    op.create_index(
        "ix_job_search",
        "job",
        ["status", "published_at", "id"],
        postgresql_include=[
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
        ],
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE search_document ("
            " job_id BIGINT PRIMARY KEY REFERENCES job (id) ON DELETE CASCADE,"
            " document TSVECTOR NOT NULL)"
        )
        op.execute(
            "CREATE INDEX ix_search_document_document ON search_document USING gin (document)"
        )
    else:
        op.execute(
            "CREATE VIRTUAL TABLE search_document USING fts5("
            "title, skills, body, tokenize = 'unicode61 remove_diacritics 0')"
        )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS search_document")
    op.drop_index("ix_job_search", table_name="job")
    op.drop_index("ix_job_location_latitude_longitude", table_name="job_location")
    op.drop_table("search_state")
