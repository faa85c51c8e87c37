"""Company members: how each hears of new applications.

``company_member.application_mail`` is ``instant`` (an e-mail per application, the
default), ``daily`` (one digest a day) or ``off`` (in the app only);
``application_digest_until`` is when the member's last digest counted up to.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08 00:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("company_member") as batch:
        batch.add_column(
            sa.Column(
                "application_mail", sa.String(length=8), nullable=False, server_default="instant"
            )
        )
        batch.add_column(
            sa.Column("application_digest_until", sa.DateTime(timezone=True), nullable=True)
        )
        batch.create_check_constraint(
            "application_mail", "application_mail IN ('instant', 'daily', 'off')"
        )


def downgrade() -> None:
    with op.batch_alter_table("company_member") as batch:
        batch.drop_constraint("application_mail", type_="check")
        batch.drop_column("application_digest_until")
        batch.drop_column("application_mail")
