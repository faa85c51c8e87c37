"""REST: categories with live figures, and skills by prefix."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from jobboard.cache import AppCache
from jobboard.db import DbSession
from jobboard.errors import NotFound, ValidationFailed
from jobboard.kept import keeping_for
from jobboard.kit import money
from jobboard.kit.schemas import Page
from jobboard.models import Category, Skill, SkillAlias
from jobboard.pagination import Pagination, keyset_page
from jobboard.routing import UnitOfWorkRoute
from jobboard.search import figures
from jobboard.taxonomy.catalog import SkillKind, normalize_alias
from jobboard.taxonomy.schemas import (
    CategoryDetail,
    CategorySummary,
    SkillRead,
    SkillRef,
)

router = APIRouter(route_class=UnitOfWorkRoute, tags=["catalog"])


def _skill_read(skill: Skill) -> SkillRead:
    names = {normalize_alias(skill.name), skill.slug}
    return SkillRead(
        slug=skill.slug,
        name=skill.name,
        kind=skill.kind,
        aliases=[alias.display for alias in skill.aliases if alias.alias not in names],
        first_release_year=skill.first_release_year,
    )


@router.get("/categories", response_model=Page[CategorySummary])
async def list_categories(
    request: Request, session: DbSession, cache: AppCache, page: Pagination
) -> Page[CategorySummary]:
    """All categories in their editorial order, each with its number of open jobs."""
    categories, next_cursor = await keyset_page(
        session,
        select(Category),
        params=page,
        scope="categories",
        keys=[(Category.position, int, lambda category: category.position)],
    )
    counts = await figures.open_jobs_by_category(session, cache, keeping=keeping_for(request))
    return Page(
        items=[
            CategorySummary(
                slug=category.slug,
                name=category.name,
                summary=category.summary,
                seniority=category.seniority,
                open_jobs=counts.get(category.id, 0),
            )
            for category in categories
        ],
        next_cursor=next_cursor,
    )


@router.get("/categories/{slug}", response_model=CategoryDetail)
async def get_category(
    slug: str,
    request: Request,
    session: DbSession,
    cache: AppCache,
    currency: Annotated[
        str,
        Query(
            min_length=3,
            max_length=3,
            description="ISO 4217 code for the pay percentiles (converted at bundled rates).",
        ),
    ] = "USD",
) -> CategoryDetail:
    """A category's description with live figures over its open jobs (computed by search,
    cached until a job changes)."""
    currency = currency.upper()
    if currency not in money.USD_RATES:
        raise ValidationFailed(
            f"No exchange rate is bundled for {currency!r}; use one of "
            f"{', '.join(sorted(money.USD_RATES))}.",
            errors=[{"field": "query.currency", "message": "unsupported currency"}],
        )
    category = await session.scalar(select(Category).where(Category.slug == slug))
    if category is None:
        raise NotFound(f"There is no category {slug!r}; GET /api/v1/categories lists them.")
    skills = {
        skill.slug: skill
        for skill in await session.scalars(
            select(Skill).where(Skill.slug.in_(category.typical_skills))
        )
    }
    return CategoryDetail(
        slug=category.slug,
        name=category.name,
        summary=category.summary,
        seniority=category.seniority,
        description=category.description,
        typical_skills=[
            SkillRef(slug=slug, name=skills[slug].name, kind=skills[slug].kind)
            for slug in category.typical_skills
            if slug in skills
        ],
        title_variants=category.title_variants,
        min_years=category.min_years,
        max_years=category.max_years,
        stats=await figures.category_stats(
            session, cache, category=category, currency=currency, keeping=keeping_for(request)
        ),
    )


@router.get("/skills", response_model=Page[SkillRead])
async def list_skills(
    session: DbSession,
    page: Pagination,
    prefix: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=60,
            description="Match skills whose name or any alias starts with this (any case).",
        ),
    ] = None,
    kind: SkillKind | None = None,
) -> Page[SkillRead]:
    """Skills ordered by slug; `prefix` looks them up by name or alias (`k8`, `golang`)."""
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
    skills, next_cursor = await keyset_page(
        session,
        statement,
        params=page,
        scope=f"skills:{prefix}:{kind}",
        keys=[(Skill.slug, str, lambda skill: skill.slug)],
    )
    return Page(items=[_skill_read(skill) for skill in skills], next_cursor=next_cursor)


@router.get("/skills/{slug}", response_model=SkillRead)
async def get_skill(slug: str, session: DbSession) -> SkillRead:
    """One skill by slug or by any of its aliases."""
    skill = await session.scalar(
        select(Skill)
        .join(SkillAlias)
        .where(SkillAlias.alias == normalize_alias(slug))
        .options(selectinload(Skill.aliases))
    )
    if skill is None:
        raise NotFound(f"There is no skill {slug!r}; GET /api/v1/skills?prefix=... finds them.")
    return _skill_read(skill)
