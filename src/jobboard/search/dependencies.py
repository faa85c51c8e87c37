"""What every caller of search shares: the process's autocomplete and spelling snapshot, and
one search run the way the REST endpoint, the pages and the feeds all run it."""

from __future__ import annotations

from datetime import datetime

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.cache import Cache
from jobboard.config import get_settings
from jobboard.kit.clock import utcnow
from jobboard.search import service
from jobboard.search.analyzer import get_analyzer
from jobboard.search.indexing import generation, prepare_search
from jobboard.search.schemas import SearchRequest
from jobboard.search.service import SearchResult
from jobboard.search.suggest import Snapshot, Suggester


def _suggester(request: Request) -> Suggester:
    suggester: Suggester | None = getattr(request.app.state, "search_suggester", None)
    if suggester is None:
        suggester = Suggester(refresh_seconds=get_settings().search_refresh_seconds)
        request.app.state.search_suggester = suggester
    return suggester


async def snapshot_for(request: Request, session: AsyncSession) -> Snapshot:
    return await _suggester(request).snapshot(
        session, analyzer=get_analyzer(), generation=await generation(session), now=utcnow()
    )


async def run_search(
    request: Request,
    session: AsyncSession,
    cache: Cache,
    search: SearchRequest,
    *,
    now: datetime | None = None,
) -> SearchResult:
    """One page of ``search``, its keywords spell-checked against the live vocabulary."""
    # First, so the snapshot check reads the generation the search read with its settings.
    await prepare_search(session)
    vocabulary = None
    if search.text.strip() and search.spell_check:
        vocabulary = (await snapshot_for(request, session)).vocabulary
    return await service.search(
        session, request=search, vocabulary=vocabulary, now=now or utcnow(), cache=cache
    )
