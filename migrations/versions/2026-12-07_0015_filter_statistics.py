"""PostgreSQL: full statistics for the columns searches filter on by one value.

A search for the newest jobs asking for one skill reads jobs newest first and stops at the
page, which is quick when the skill is common and reads every open job when it is rare. The
planner picks between that and reading the skill's jobs first from how many jobs it expects
the skill to have; with the default statistics it knows the 100 most common skills and
guesses the rest (about 1,600 jobs each at 100,000 jobs), so a skill with none was searched
by reading all 95,000 open jobs (0.4 s) instead of one index probe (0.1 ms). Statistics over
up to 1,000 values hold every skill and every place of a board this size. SQLite keeps no
such per-value counts: nothing to do there.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 23:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column): skewed columns a search filters on by value.
COLUMNS = (("job_skill", "skill_id"), ("job_location", "geoname_id"), ("job", "company_id"))
TARGET = 1000


def _set(target: int) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in COLUMNS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS {target}")
    for table in sorted({table for table, _ in COLUMNS}):
        op.execute(f"ANALYZE {table}")


def upgrade() -> None:
    _set(TARGET)


def downgrade() -> None:
    _set(-1)
