"""Loading the bundled taxonomy into the database and looking skills up by any name."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.kit.clock import utcnow
from jobboard.models import Category, Job, JobSkill, Skill, SkillAlias, TaxonomyRelease
from jobboard.taxonomy.catalog import Catalog, normalize_alias


async def loaded_version(session: AsyncSession) -> str | None:
    return await session.scalar(
        select(TaxonomyRelease.version).order_by(TaxonomyRelease.loaded_at.desc()).limit(1)
    )


async def sync_taxonomy(session: AsyncSession, *, catalog: Catalog, force: bool = False) -> bool:
    """Bring categories and skills in line with the catalog; return whether anything ran.

    Rows are updated in place by slug so jobs keep their references; entries removed from
    the files are deleted only when nothing refers to them.
    """
    if not force and await loaded_version(session) == catalog.version:
        return False
    skills = {skill.slug: skill for skill in (await session.scalars(select(Skill))).all()}
    for skill_data in catalog.skills:
        skill = skills.get(skill_data.slug)
        if skill is None:
            skill = Skill(slug=skill_data.slug)
            session.add(skill)
            skills[skill_data.slug] = skill
        skill.name = skill_data.name
        skill.kind = skill_data.kind
        skill.first_release_year = skill_data.first_release_year
        skill.ambiguous = skill_data.ambiguous
        skill.implies = list(skill_data.implies)
    await session.flush()
    await session.execute(delete(SkillAlias))
    for skill_data in catalog.skills:
        terms: dict[str, str] = {}
        for term in (skill_data.name, skill_data.slug, *skill_data.aliases):
            terms.setdefault(normalize_alias(term), term)
        session.add_all(
            SkillAlias(alias=alias, display=display, skill_id=skills[skill_data.slug].id)
            for alias, display in terms.items()
        )
    categories = {row.slug: row for row in (await session.scalars(select(Category))).all()}
    for position, data in enumerate(catalog.categories):
        category = categories.get(data.slug)
        if category is None:
            category = Category(slug=data.slug)
            session.add(category)
        category.name = data.name
        category.seniority = data.seniority
        category.summary = data.summary
        category.description = data.description
        category.typical_skills = list(data.typical_skills)
        category.title_variants = list(data.title_variants)
        category.min_years = data.min_years
        category.max_years = data.max_years
        category.position = position
    await _delete_unreferenced(session, catalog)
    release = await session.get(TaxonomyRelease, catalog.version)
    if release is None:
        session.add(TaxonomyRelease(version=catalog.version, loaded_at=utcnow()))
    else:
        release.loaded_at = utcnow()
    await session.flush()
    return True


async def _delete_unreferenced(session: AsyncSession, catalog: Catalog) -> None:
    known_skills = [skill.slug for skill in catalog.skills]
    await session.execute(
        delete(Skill).where(
            Skill.slug.not_in(known_skills),
            ~select(JobSkill.skill_id).where(JobSkill.skill_id == Skill.id).exists(),
        )
    )
    known_categories = [category.slug for category in catalog.categories]
    await session.execute(
        delete(Category).where(
            Category.slug.not_in(known_categories),
            ~select(Job.id).where(Job.category_id == Category.id).exists(),
        )
    )


async def skills_by_alias(session: AsyncSession, names: Iterable[str]) -> dict[str, Skill]:
    """Map each name (slug, name or alias, any case) to its skill; unknown names are left out."""
    wanted: dict[str, list[str]] = {}
    for name in names:
        wanted.setdefault(normalize_alias(name), []).append(name)
    if not wanted:
        return {}
    rows = await session.execute(
        select(SkillAlias.alias, Skill).join(Skill).where(SkillAlias.alias.in_(wanted))
    )
    return {name: skill for alias, skill in rows for name in wanted[alias]}


async def category_by_slug(session: AsyncSession, slug: str) -> Category | None:
    return await session.scalar(select(Category).where(Category.slug == slug))
