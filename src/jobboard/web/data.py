"""What several pages read: searches kept in the shared cache, and the figures the home and
category pages show, computed once after a start so that no visitor waits for them."""

from __future__ import annotations

import logging
import time

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.cache import Cache
from jobboard.db import Database
from jobboard.kept import keeping_for
from jobboard.models import Category
from jobboard.search import figures
from jobboard.search.dependencies import run_search
from jobboard.search.schemas import SearchRequest
from jobboard.search.service import SearchResult

logger = logging.getLogger(__name__)

# How long a page's search results count as current; a job change outdates them sooner.
PAGE_KEEP_SECONDS = 300
# The currency the category pages show first.
DEFAULT_CURRENCY = "USD"
# After a start, the figures of this many skill pages (those most jobs ask for, whose
# figures cost the most) are computed with the categories'; a rarer skill's count quickly.
WARM_SKILLS = 40


async def page_search(
    request: Request, session: AsyncSession, cache: Cache, search: SearchRequest
) -> SearchResult:
    """A search as a page shows it: kept, and served a while after a job change while it
    is searched again in the background (``jobboard.kept``)."""
    return await run_search(
        request,
        session,
        cache,
        search,
        keep_seconds=PAGE_KEEP_SECONDS,
        keeping=keeping_for(request),
    )


async def warm_figures(database: Database, cache: Cache) -> None:
    """Compute the figures over every open job that the home and category pages show (the
    counts, each category's pay and skills) and those of the most asked skills' pages, so
    that the first visitors after a start do not wait a fifth of a second or more for each.
    With a shared cache, what another process computed already is only read."""
    started = time.perf_counter()
    try:
        async with database.read_session() as session:
            await figures.open_jobs_count(session, cache)
            await figures.open_jobs_by_category(session, cache)
            categories = list(await session.scalars(select(Category).order_by(Category.position)))
            for category in categories:
                await figures.category_stats(
                    session, cache, category=category, currency=DEFAULT_CURRENCY
                )
            skills = await figures.most_asked_skills(session, limit=WARM_SKILLS)
            for slug in skills:
                await figures.skill_stats(
                    session, cache, skill_slug=slug, currency=DEFAULT_CURRENCY
                )
    except Exception:
        logger.exception("computing the pages' figures after the start failed")
        return
    logger.info(
        "figures of %s categories and %s skills ready in %.1f s",
        len(categories),
        len(skills),
        time.perf_counter() - started,
    )
