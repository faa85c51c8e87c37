"""Categories as the API answers them: the taxonomy's text with live figures from search.

Here, above both, so that the taxonomy (which search builds on) never imports search.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.cache import Cache
from jobboard.errors import NotFound, ValidationFailed
from jobboard.kept import Keeping
from jobboard.kit import money
from jobboard.kit.schemas import Page
from jobboard.models import Category
from jobboard.pagination import PageParams, keyset_page
from jobboard.search import figures
from jobboard.taxonomy import repository
from jobboard.taxonomy.schemas import CategoryDetail, CategorySummary, SkillRef


async def list_categories(
    session: AsyncSession, cache: Cache, *, page: PageParams, keeping: Keeping | None
) -> Page[CategorySummary]:
    categories, next_cursor = await keyset_page(
        session,
        repository.categories(),
        params=page,
        scope="categories",
        keys=[(Category.position, int, lambda category: category.position)],
    )
    counts = await figures.open_jobs_by_category(session, cache, keeping=keeping)
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


async def get_category(
    session: AsyncSession,
    cache: Cache,
    *,
    slug: str,
    currency: str,
    keeping: Keeping | None,
) -> CategoryDetail:
    currency = currency.upper()
    if currency not in money.USD_RATES:
        raise ValidationFailed(
            f"No exchange rate is bundled for {currency!r}; use one of "
            f"{', '.join(sorted(money.USD_RATES))}.",
            errors=[{"field": "query.currency", "message": "unsupported currency"}],
        )
    category = await repository.category_by_slug(session, slug)
    if category is None:
        raise NotFound(f"There is no category {slug!r}; GET /api/v1/categories lists them.")
    skills = await repository.skills_by_slug(session, category.typical_skills)
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
            session, cache, category=category, currency=currency, keeping=keeping
        ),
    )
