"""Skills as the API answers them, shared by REST and GraphQL."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.errors import NotFound
from jobboard.kit.schemas import Page
from jobboard.models import Skill
from jobboard.pagination import PageParams, keyset_page
from jobboard.taxonomy import repository
from jobboard.taxonomy.catalog import SkillKind, normalize_alias
from jobboard.taxonomy.schemas import SkillRead


def skill_read(skill: Skill) -> SkillRead:
    names = {normalize_alias(skill.name), skill.slug}
    return SkillRead(
        slug=skill.slug,
        name=skill.name,
        kind=skill.kind,
        aliases=[alias.display for alias in skill.aliases if alias.alias not in names],
        first_release_year=skill.first_release_year,
    )


async def list_skills(
    session: AsyncSession,
    *,
    page: PageParams,
    prefix: str | None = None,
    kind: SkillKind | None = None,
) -> Page[SkillRead]:
    skills, next_cursor = await keyset_page(
        session,
        repository.skills(prefix=prefix, kind=kind),
        params=page,
        scope=f"skills:{prefix}:{kind}",
        keys=[(Skill.slug, str, lambda skill: skill.slug)],
    )
    return Page(items=[skill_read(skill) for skill in skills], next_cursor=next_cursor)


async def get_skill(session: AsyncSession, *, slug: str) -> SkillRead:
    skill = await repository.skill_by_alias(session, slug)
    if skill is None:
        raise NotFound(f"There is no skill {slug!r}; GET /api/v1/skills?prefix=... finds them.")
    return skill_read(skill)
