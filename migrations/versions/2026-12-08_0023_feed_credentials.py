"""Feed credentials: an API key (and the account it belongs to) that a feed is fetched with.

``feed_source.credential_ciphertext`` holds them sealed with AES-256-GCM under the
key-encryption key, as signing keys are; the API never answers them back.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-08 03:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "feed_source", sa.Column("credential_ciphertext", sa.LargeBinary(), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("feed_source", "credential_ciphertext")
