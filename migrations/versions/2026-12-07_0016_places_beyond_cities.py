"""Job places: countries, first-level divisions and named regions besides cities.

A job whose only place is "Netherlands", "Ontario, Canada" or "EMEA" was refused, because a
place had to be a city with a point. ``job_location.kind`` says what the place is: a city
(as before, with its point), a division of a country (``region``), a country, or an area of
several countries (``area``, a region word such as "emea"). City, country and point become
optional; the places already stored are cities.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 23:50:00
"""

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


@contextmanager
def _quietly_reflected() -> Iterator[None]:
    """SQLite rebuilds the table from its reflection, which reaches the job table and cannot
    read its expression index back; that index is not part of this table."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression")
        yield


def upgrade() -> None:
    with _quietly_reflected(), op.batch_alter_table("job_location") as batch:
        batch.add_column(
            sa.Column("kind", sa.String(length=8), server_default="city", nullable=False)
        )
        batch.add_column(sa.Column("area", sa.String(length=40), nullable=True))
        batch.alter_column("city", existing_type=sa.String(length=200), nullable=True)
        batch.alter_column("country_code", existing_type=sa.String(length=2), nullable=True)
        batch.alter_column("latitude", existing_type=sa.Float(), nullable=True)
        batch.alter_column("longitude", existing_type=sa.Float(), nullable=True)
        batch.create_check_constraint(
            "kind", sa.text("kind IN ('city', 'division', 'country', 'area')")
        )


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM job_location WHERE kind <> 'city'"))
    with _quietly_reflected(), op.batch_alter_table("job_location") as batch:
        batch.drop_constraint("kind", type_="check")
        batch.alter_column("longitude", existing_type=sa.Float(), nullable=False)
        batch.alter_column("latitude", existing_type=sa.Float(), nullable=False)
        batch.alter_column("country_code", existing_type=sa.String(length=2), nullable=False)
        batch.alter_column("city", existing_type=sa.String(length=200), nullable=False)
        batch.drop_column("area")
        batch.drop_column("kind")
