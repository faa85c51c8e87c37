"""The front door: ``/`` (search box, categories with their open jobs, newest jobs, popular
skills and places), the category directory ``/categories``, and the search box's
suggestions ``/search/suggestions`` (an HTML fragment for htmx)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select

from jobboard.dependencies import AppCache, DbSession
from jobboard.kept import keeping_for
from jobboard.models import Category
from jobboard.search import figures
from jobboard.search.dependencies import snapshot_for
from jobboard.search.schemas import SUGGESTION_KINDS, SearchRequest, Suggestion
from jobboard.web.data import page_search
from jobboard.web.rendering import page
from jobboard.web.routing import PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)

NEWEST_JOBS = 8
POPULAR = 12


async def _categories(
    request: Request, session: DbSession, cache: AppCache
) -> list[tuple[Category, int]]:
    categories = list(await session.scalars(select(Category).order_by(Category.position)))
    counts = await figures.open_jobs_by_category(session, cache, keeping=keeping_for(request))
    return [(category, counts.get(category.id, 0)) for category in categories]


@router.get("/")
async def home(request: Request, session: DbSession, cache: AppCache) -> Response:
    result = await page_search(
        request,
        session,
        cache,
        SearchRequest(sort="newest", limit=NEWEST_JOBS, facets=frozenset(("skills", "city"))),
    )
    facets = result.facets or {}
    return page(
        request,
        "home.html",
        title="Software engineering jobs with pay and skills",
        description="Search software engineering jobs by category, skill, pay and place. "
        "See what each role pays and asks for before you apply.",
        categories=await _categories(request, session, cache),
        newest=result.hits,
        open_jobs=await figures.open_jobs_count(session, cache, keeping=keeping_for(request)),
        skills=facets.get("skills", [])[:POPULAR],
        places=facets.get("city", [])[:POPULAR],
    )


@router.get("/categories")
async def categories(request: Request, session: DbSession, cache: AppCache) -> Response:
    return page(
        request,
        "categories.html",
        title="Software engineering job categories",
        description="Every kind of software engineering role on Jobboard, with what it does "
        "and how many jobs are open.",
        categories=await _categories(request, session, cache),
    )


def suggestion_url(suggestion: Suggestion) -> str:
    """Where choosing a suggestion leads: a search for it."""
    parameter = {"title": "q", "skill": "skills", "company": "company", "place": "location"}
    return "/jobs?" + urlencode({parameter[suggestion.kind]: suggestion.value})


@router.get("/search/suggestions")
async def suggestions(
    request: Request,
    session: DbSession,
    q: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    found: list[Suggestion] = []
    if q.strip() and "\x00" not in q:
        snapshot = await snapshot_for(request, session)
        found = snapshot.suggest(q, kinds=SUGGESTION_KINDS, limit=8)
    return page(
        request,
        "partials/suggestions.html",
        suggestions=[(suggestion, suggestion_url(suggestion)) for suggestion in found],
    )
