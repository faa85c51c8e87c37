"""REST: categories with live figures."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from jobboard.categories import readers
from jobboard.dependencies import AppCache, DbSession, Pagination
from jobboard.kept import keeping_for
from jobboard.kit.schemas import Page
from jobboard.routing import UnitOfWorkRoute
from jobboard.taxonomy.schemas import CategoryDetail, CategorySummary

router = APIRouter(route_class=UnitOfWorkRoute, tags=["catalog"])


@router.get("/categories", response_model=Page[CategorySummary])
async def list_categories(
    request: Request, session: DbSession, cache: AppCache, page: Pagination
) -> Page[CategorySummary]:
    """All categories in their editorial order, each with its number of open jobs."""
    return await readers.list_categories(session, cache, page=page, keeping=keeping_for(request))


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
    return await readers.get_category(
        session, cache, slug=slug, currency=currency, keeping=keeping_for(request)
    )
