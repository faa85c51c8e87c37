"""What every caller of search shares: the process's autocomplete and spelling snapshot, and
one search run the way the REST endpoint, the pages and the feeds all run it."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime

from fastapi import Request
from pydantic import TypeAdapter
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


_RESULT = TypeAdapter(SearchResult)


def _result_key(search: SearchRequest, generation: int) -> str:
    """The cache key of one search's page at one index generation."""
    described = repr(replace(search, facets=frozenset())) + repr(sorted(search.facets))
    return f"search:page:{generation}:{hashlib.sha256(described.encode()).hexdigest()[:40]}"


async def run_search(
    request: Request,
    session: AsyncSession,
    cache: Cache,
    search: SearchRequest,
    *,
    now: datetime | None = None,
    cache_seconds: int = 0,
) -> SearchResult:
    """One page of ``search``, its keywords spell-checked against the live vocabulary.

    With ``cache_seconds`` the page is kept that long in the shared cache under the index's
    generation, so any change to the jobs retires it: a page read again soon after (the
    category and home pages, a popular search, its next visitor) costs one cache read.
    """
    # First, so the snapshot check reads the generation the search read with its settings.
    _, generation = await prepare_search(session)
    key = _result_key(search, generation) if cache_seconds else ""
    if key:
        cached = await cache.get(key)
        if cached is not None:
            return _RESULT.validate_json(cached)
    vocabulary = None
    if search.text.strip() and search.spell_check:
        vocabulary = (await snapshot_for(request, session)).vocabulary
    result = await service.search(
        session, request=search, vocabulary=vocabulary, now=now or utcnow(), cache=cache
    )
    if key:
        await cache.set(key, _RESULT.dump_json(result), ttl_seconds=cache_seconds)
    return result
