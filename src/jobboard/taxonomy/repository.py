"""Queries over categories and skills."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from jobboard.models import Category, Skill, SkillAlias
from jobboard.taxonomy.catalog import SkillKind, normalize_alias


def categories() -> Select[Category]:
    return select(Category)


async def category_by_slug(session: AsyncSession, slug: str) -> Category | None:
    return await session.scalar(select(Category).where(Category.slug == slug))


async def skills_by_slug(session: AsyncSession, slugs: Sequence[str]) -> dict[str, Skill]:
    return {
        skill.slug: skill
        for skill in await session.scalars(select(Skill).where(Skill.slug.in_(slugs)))
    }


def skills(*, prefix: str | None = None, kind: SkillKind | None = None) -> Select[Skill]:
    """Skills with their aliases; ``prefix`` matches the start of the name or any alias."""
    statement = select(Skill).options(selectinload(Skill.aliases))
    if prefix is not None:
        key = normalize_alias(prefix)
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(
            Skill.id.in_(
                select(SkillAlias.skill_id).where(SkillAlias.alias.like(escaped + "%", escape="\\"))
            )
        )
    if kind is not None:
        statement = statement.where(Skill.kind == kind)
    return statement


async def skill_by_alias(session: AsyncSession, name: str) -> Skill | None:
    """A skill by its slug or any of its aliases, with its aliases loaded."""
    return await session.scalar(
        select(Skill)
        .join(SkillAlias)
        .where(SkillAlias.alias == normalize_alias(name))
        .options(selectinload(Skill.aliases))
    )
