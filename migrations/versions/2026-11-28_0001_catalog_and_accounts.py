"""Accounts, companies, the taxonomy, jobs and idempotency records.

Revision ID: 0001
Revises:
Create Date: 2026-11-28 07:20:36.444245
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "category",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("seniority", sa.String(length=16), nullable=True),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "typical_skills",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "title_variants",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("min_years", sa.Integer(), nullable=False),
        sa.Column("max_years", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_category")),
        sa.UniqueConstraint("slug", name=op.f("uq_category_slug")),
    )
    op.create_table(
        "company",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("industry", sa.String(length=80), nullable=True),
        sa.Column("size", sa.String(length=16), nullable=True),
        sa.Column("founded_year", sa.Integer(), nullable=True),
        sa.Column("headquarters_geoname_id", sa.Integer(), nullable=True),
        sa.Column("headquarters_city", sa.String(length=200), nullable=True),
        sa.Column("headquarters_region", sa.String(length=200), nullable=True),
        sa.Column("headquarters_country_code", sa.String(length=2), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "size IS NULL OR size IN ('1-49', '50-99', '100-499', '500-999', '1000-4999', '5000-9999', '10000+')",
            name=op.f("ck_company_size"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company")),
        sa.UniqueConstraint("slug", name=op.f("uq_company_slug")),
    )
    op.create_table(
        "idempotency_record",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column(
            "response_headers",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("response_body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_record")),
        sa.UniqueConstraint("owner", "key", name=op.f("uq_idempotency_record_owner_key")),
    )
    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.create_index("ix_idempotency_record_expires_at", ["expires_at"], unique=False)

    op.create_table(
        "skill",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("first_release_year", sa.Integer(), nullable=True),
        sa.Column("ambiguous", sa.Boolean(), nullable=False),
        sa.Column(
            "implies",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('language', 'framework', 'database', 'cloud', 'tool', 'practice')",
            name=op.f("ck_skill_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill")),
        sa.UniqueConstraint("slug", name=op.f("uq_skill_slug")),
    )
    op.create_table(
        "taxonomy_release",
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_taxonomy_release")),
    )
    op.create_table(
        "user_account",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('seeker', 'employer', 'admin')", name=op.f("ck_user_account_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("email", name=op.f("uq_user_account_email")),
    )
    op.create_table(
        "company_member",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('owner', 'recruiter', 'viewer')", name=op.f("ck_company_member_role")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_company_member_company_id_company"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_company_member_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("company_id", "user_id", name=op.f("pk_company_member")),
    )
    with op.batch_alter_table("company_member", schema=None) as batch_op:
        batch_op.create_index("ix_company_member_user_id", ["user_id"], unique=False)

    op.create_table(
        "job",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "category_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("seniority", sa.String(length=16), nullable=True),
        sa.Column("min_years_experience", sa.Integer(), nullable=True),
        sa.Column("employment_type", sa.String(length=24), nullable=False),
        sa.Column("workplace", sa.String(length=8), nullable=False),
        sa.Column(
            "remote_regions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("salary_min", sa.BigInteger(), nullable=True),
        sa.Column("salary_max", sa.BigInteger(), nullable=True),
        sa.Column("salary_currency", sa.String(length=3), nullable=True),
        sa.Column("salary_period", sa.String(length=8), nullable=True),
        sa.Column("salary_annual_min", sa.BigInteger(), nullable=True),
        sa.Column("salary_annual_max", sa.BigInteger(), nullable=True),
        sa.Column("salary_annual_min_usd", sa.BigInteger(), nullable=True),
        sa.Column("salary_annual_max_usd", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("closing_reason", sa.String(length=24), nullable=True),
        sa.Column("closing_note", sa.String(length=1000), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("apply_url", sa.String(length=2000), nullable=True),
        sa.Column("requisition_id", sa.String(length=255), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=True),
        sa.Column("source_id", sa.String(length=255), nullable=True),
        sa.Column(
            "created_by_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "closing_reason IS NULL OR closing_reason IN ('filled', 'cancelled', 'on_hold', 'duplicate', 'removed_from_source', 'moderated', 'other')",
            name=op.f("ck_job_closing_reason"),
        ),
        sa.CheckConstraint(
            "employment_type IN ('full_time', 'part_time', 'contractor', 'contract_to_hire', 'temporary', 'internship', 'volunteer', 'per_diem', 'other')",
            name=op.f("ck_job_employment_type"),
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'published', 'closed', 'expired')", name=op.f("ck_job_status")
        ),
        sa.CheckConstraint(
            "workplace IN ('onsite', 'hybrid', 'remote')", name=op.f("ck_job_workplace")
        ),
        sa.CheckConstraint(
            "salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max",
            name=op.f("ck_job_salary_order"),
        ),
        sa.CheckConstraint(
            "salary_min IS NULL OR salary_min >= 0", name=op.f("ck_job_salary_min_positive")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"], ["category.id"], name=op.f("fk_job_category_id_category")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_job_company_id_company"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_job_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job")),
        sa.UniqueConstraint(
            "company_id", "requisition_id", name=op.f("uq_job_company_id_requisition_id")
        ),
        sa.UniqueConstraint("source", "source_id", name=op.f("uq_job_source_source_id")),
    )
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.create_index("ix_job_category_id_status", ["category_id", "status"], unique=False)
        batch_op.create_index("ix_job_company_id_status", ["company_id", "status"], unique=False)
        batch_op.create_index(
            "ix_job_status_published_at", ["status", "published_at", "id"], unique=False
        )
        batch_op.create_index("ix_job_status_expires_at", ["status", "expires_at"], unique=False)

    op.create_table(
        "skill_alias",
        sa.Column("alias", sa.String(length=120), nullable=False),
        sa.Column("skill_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("display", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_skill_alias_skill_id_skill"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("alias", name=op.f("pk_skill_alias")),
    )
    with op.batch_alter_table("skill_alias", schema=None) as batch_op:
        batch_op.create_index("ix_skill_alias_skill_id", ["skill_id"], unique=False)

    op.create_table(
        "job_location",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("job_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("geoname_id", sa.Integer(), nullable=True),
        sa.Column("city", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=True),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["job.id"], name=op.f("fk_job_location_job_id_job"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_location")),
    )
    with op.batch_alter_table("job_location", schema=None) as batch_op:
        batch_op.create_index("ix_job_location_country_code", ["country_code"], unique=False)
        batch_op.create_index("ix_job_location_geoname_id", ["geoname_id"], unique=False)
        batch_op.create_index("ix_job_location_job_id", ["job_id"], unique=False)

    op.create_table(
        "job_skill",
        sa.Column("job_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("skill_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("min_years", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"], ["job.id"], name=op.f("fk_job_skill_job_id_job"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skill.id"], name=op.f("fk_job_skill_skill_id_skill")
        ),
        sa.PrimaryKeyConstraint("job_id", "skill_id", name=op.f("pk_job_skill")),
    )
    with op.batch_alter_table("job_skill", schema=None) as batch_op:
        batch_op.create_index("ix_job_skill_skill_id", ["skill_id", "job_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("job_skill", schema=None) as batch_op:
        batch_op.drop_index("ix_job_skill_skill_id")

    op.drop_table("job_skill")
    with op.batch_alter_table("job_location", schema=None) as batch_op:
        batch_op.drop_index("ix_job_location_job_id")
        batch_op.drop_index("ix_job_location_geoname_id")
        batch_op.drop_index("ix_job_location_country_code")

    op.drop_table("job_location")
    with op.batch_alter_table("skill_alias", schema=None) as batch_op:
        batch_op.drop_index("ix_skill_alias_skill_id")

    op.drop_table("skill_alias")
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_index("ix_job_status_expires_at")
        batch_op.drop_index("ix_job_status_published_at")
        batch_op.drop_index("ix_job_company_id_status")
        batch_op.drop_index("ix_job_category_id_status")

    op.drop_table("job")
    with op.batch_alter_table("company_member", schema=None) as batch_op:
        batch_op.drop_index("ix_company_member_user_id")

    op.drop_table("company_member")
    op.drop_table("user_account")
    op.drop_table("taxonomy_release")
    op.drop_table("skill")
    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.drop_index("ix_idempotency_record_expires_at")

    op.drop_table("idempotency_record")
    op.drop_table("company")
    op.drop_table("category")
