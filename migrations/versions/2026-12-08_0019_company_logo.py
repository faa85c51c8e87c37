"""Companies: a logo, stored as the PNG Jobboard drew from the upload.

``company.logo_key`` names the stored object (``logos/<company>/<random>``); NULL when the
company has none.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("company", sa.Column("logo_key", sa.String(length=200), nullable=True))


def downgrade() -> None:
    op.drop_column("company", "logo_key")
