"""Feed sources: Remotive, USAJOBS, Workday and Adzuna.

Their answers are parsed like the ATS boards already known; the kind check of
``feed_source`` admits them.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ("greenhouse", "lever", "ashby", "smartrecruiters", "workable", "jsonld", "rss", "indeed")
AFTER = (*BEFORE, "remotive", "usajobs", "workday", "adzuna")


def _kinds(kinds: tuple[str, ...]) -> sa.TextClause:
    return sa.text("kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")")


def upgrade() -> None:
    with op.batch_alter_table("feed_source") as batch:
        batch.drop_constraint("kind", type_="check")
        batch.create_check_constraint("kind", _kinds(AFTER))


def downgrade() -> None:
    feed_source = sa.table("feed_source", sa.column("kind", sa.String()))
    op.execute(sa.delete(feed_source).where(feed_source.c.kind.not_in(BEFORE)))
    with op.batch_alter_table("feed_source") as batch:
        batch.drop_constraint("kind", type_="check")
        batch.create_check_constraint("kind", _kinds(BEFORE))
