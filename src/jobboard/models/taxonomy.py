"""Categories and skills as loaded from the bundled taxonomy files."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobboard.kit.clock import utcnow
from jobboard.models.base import Base, BigIntegerId, JsonDocument


class TaxonomyRelease(Base):
    """Which version of the bundled taxonomy files the database holds."""

    __tablename__ = "taxonomy_release"

    version: Mapped[str] = mapped_column(String(32), primary_key=True)
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Category(Base):
    __tablename__ = "category"

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    seniority: Mapped[str | None] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    typical_skills: Mapped[list[str]] = mapped_column(JsonDocument)
    title_variants: Mapped[list[str]] = mapped_column(JsonDocument)
    min_years: Mapped[int]
    max_years: Mapped[int]
    position: Mapped[int]


class Skill(Base):
    __tablename__ = "skill"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('language', 'framework', 'database', 'cloud', 'tool', 'practice')",
            name="kind",
        ),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))
    first_release_year: Mapped[int | None]
    ambiguous: Mapped[bool] = mapped_column(default=False)
    implies: Mapped[list[str]] = mapped_column(JsonDocument)

    aliases: Mapped[list[SkillAlias]] = relationship(
        back_populates="skill", lazy="raise", order_by="SkillAlias.alias"
    )


class SkillAlias(Base):
    """Every lookup form of a skill (its name, slug and aliases), normalised."""

    __tablename__ = "skill_alias"
    __table_args__ = (Index("ix_skill_alias_skill_id", "skill_id"),)

    alias: Mapped[str] = mapped_column(String(120), primary_key=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skill.id", ondelete="CASCADE"))
    display: Mapped[str] = mapped_column(String(120))

    skill: Mapped[Skill] = relationship(back_populates="aliases", lazy="raise")
