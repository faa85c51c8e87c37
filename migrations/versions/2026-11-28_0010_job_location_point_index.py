"""Search: the radius search's box index also holds the job id.

A radius search reads the job locations inside a bounding box, grouped by point, with their
job ids. ``ix_job_location_latitude_longitude`` found them but each id was read from the table
row: 33,000 row reads (27 ms) for Berlin's 50 km box at a million jobs. With ``job_id`` as
the index's third column the read is index-only on both engines.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 19:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_job_location_point", "job_location", ["latitude", "longitude", "job_id"])
    op.drop_index("ix_job_location_latitude_longitude", table_name="job_location")


def downgrade() -> None:
    op.create_index("ix_job_location_latitude_longitude", "job_location", ["latitude", "longitude"])
    op.drop_index("ix_job_location_point", table_name="job_location")
