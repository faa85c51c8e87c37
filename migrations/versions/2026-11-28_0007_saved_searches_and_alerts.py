"""Saved searches and alerts: the searches with their compiled rules, the keys that file
each rule, the jobs each search matched, and published jobs waiting to be matched.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 10:34:15.795566+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "saved_search",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "search",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "rule",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("rule_version", sa.String(length=64), nullable=False),
        sa.Column("frequency", sa.String(length=8), nullable=False),
        sa.Column("email", sa.Boolean(), nullable=False),
        sa.Column("webhook_url", sa.String(length=2000), nullable=True),
        sa.Column("webhook_secret", sa.String(length=100), nullable=True),
        sa.Column("feed_salt", sa.String(length=32), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "frequency IN ('instant', 'daily', 'weekly')", name=op.f("ck_saved_search_frequency")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_saved_search_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_search")),
    )
    with op.batch_alter_table("saved_search", schema=None) as batch_op:
        batch_op.create_index(
            "ix_saved_search_frequency_last_sent_at", ["frequency", "last_sent_at"], unique=False
        )
        batch_op.create_index("ix_saved_search_user_id_id", ["user_id", "id"], unique=False)

    op.create_table(
        "alert_match",
        sa.Column(
            "saved_search_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("job_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("matched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"], ["job.id"], name=op.f("fk_alert_match_job_id_job"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["saved_search_id"],
            ["saved_search.id"],
            name=op.f("fk_alert_match_saved_search_id_saved_search"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("saved_search_id", "job_id", name=op.f("pk_alert_match")),
    )
    with op.batch_alter_table("alert_match", schema=None) as batch_op:
        batch_op.create_index("ix_alert_match_job_id", ["job_id"], unique=False)
        batch_op.create_index(
            "ix_alert_match_saved_search_id_matched_at",
            ["saved_search_id", "matched_at"],
            unique=False,
        )

    op.create_table(
        "alert_pending",
        sa.Column("job_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["job.id"], name=op.f("fk_alert_pending_job_id_job"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_alert_pending")),
    )
    op.create_table(
        "saved_search_key",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column(
            "saved_search_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["saved_search_id"],
            ["saved_search.id"],
            name=op.f("fk_saved_search_key_saved_search_id_saved_search"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", "saved_search_id", name=op.f("pk_saved_search_key")),
    )
    with op.batch_alter_table("saved_search_key", schema=None) as batch_op:
        batch_op.create_index(
            "ix_saved_search_key_saved_search_id", ["saved_search_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("saved_search_key", schema=None) as batch_op:
        batch_op.drop_index("ix_saved_search_key_saved_search_id")

    op.drop_table("saved_search_key")
    op.drop_table("alert_pending")
    with op.batch_alter_table("alert_match", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_match_saved_search_id_matched_at")
        batch_op.drop_index("ix_alert_match_job_id")

    op.drop_table("alert_match")
    with op.batch_alter_table("saved_search", schema=None) as batch_op:
        batch_op.drop_index("ix_saved_search_user_id_id")
        batch_op.drop_index("ix_saved_search_frequency_last_sent_at")

    op.drop_table("saved_search")
