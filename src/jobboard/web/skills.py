"""A skill's page, ``/skills/{slug}``: what the skill is, how many jobs ask for it and how
(required or nice to have), what they pay, where they are, what is asked with it, and the
newest of them. Any alias leads to the canonical slug (``/skills/golang`` → ``/skills/go``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from jobboard.dependencies import AppCache, DbSession
from jobboard.errors import NotFound
from jobboard.kept import keeping_for
from jobboard.kit import money
from jobboard.models import Skill, SkillAlias
from jobboard.search import figures
from jobboard.search.schemas import SearchRequest
from jobboard.taxonomy.catalog import normalize_alias
from jobboard.web.categories import PAY_CURRENCIES, pay_chart
from jobboard.web.data import page_search
from jobboard.web.rendering import page
from jobboard.web.routing import PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)

KIND_WORDS = {
    "language": "a programming language",
    "framework": "a framework or library",
    "database": "a database",
    "cloud": "a cloud platform",
    "tool": "a tool",
    "practice": "a practice",
}
JOBS_SHOWN = 10


@router.get("/skills/{slug}")
async def skill_page(
    slug: str,
    request: Request,
    session: DbSession,
    cache: AppCache,
    currency: Annotated[str, Query(max_length=3)] = "USD",
) -> Response:
    skill = await session.scalar(
        select(Skill)
        .join(SkillAlias)
        .where(SkillAlias.alias == normalize_alias(slug[:100]))
        .options(selectinload(Skill.aliases))
    )
    if skill is None:
        raise NotFound(f"Jobboard knows no skill “{slug}”.")
    if skill.slug != slug:
        return RedirectResponse(f"/skills/{skill.slug}", status_code=301)
    currency = currency.upper() if currency.upper() in money.USD_RATES else "USD"
    stats = await figures.skill_stats(
        session, cache, skill_slug=skill.slug, currency=currency, keeping=keeping_for(request)
    )
    newest = await page_search(
        request,
        session,
        cache,
        SearchRequest(
            skills_all=(skill.slug,),
            sort="newest",
            limit=JOBS_SHOWN,
            facets=frozenset(("category",)),
        ),
    )
    names = {normalize_alias(skill.name), skill.slug}
    return page(
        request,
        "skill.html",
        title=f"{skill.name} jobs",
        description=f"{skill.name}: {stats.open_jobs:,} open software engineering jobs ask "
        "for it. What they pay, where they are and what is asked with it.",
        skill=skill,
        kind=KIND_WORDS.get(skill.kind, skill.kind),
        aliases=sorted({alias.display for alias in skill.aliases if alias.alias not in names}),
        stats=stats,
        with_skills=[item for item in stats.top_skills if item.slug != skill.slug],
        categories=(newest.facets or {}).get("category", [])[:6],
        jobs=newest.hits,
        currency=currency,
        currencies=PAY_CURRENCIES,
        chart=pay_chart(stats.pay_by_seniority, currency),
    )
