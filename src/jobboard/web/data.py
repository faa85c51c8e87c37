"""What several pages read: searches kept in the shared cache, and the keeping of figures."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.cache import Cache
from jobboard.kept import keeping_for
from jobboard.search.dependencies import run_search
from jobboard.search.schemas import SearchRequest
from jobboard.search.service import SearchResult

# How long a page's search results stay in the cache unread; a job change retires them.
PAGE_KEEP_SECONDS = 300


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
