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
from jobboard.kept import Keeping, kept
from jobboard.kit.clock import utcnow
from jobboard.search import service
from jobboard.search.analyzer import get_analyzer
from jobboard.search.indexing import generation, prepare_search
from jobboard.search.schemas import SearchRequest
from jobboard.search.service import SearchResult
from jobboard.search.suggest import Snapshot, Suggester, Vocabulary


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


async def vocabulary_for(request: Request, session: AsyncSession, text: str) -> Vocabulary | None:
    """What typo tolerance needs, only when there are keywords to correct."""
    if not text.strip():
        return None
    return (await snapshot_for(request, session)).vocabulary


_RESULT = TypeAdapter(SearchResult)


def _result_key(search: SearchRequest) -> str:
    """The cache key of one search's page (the value carries its index generation)."""
    described = repr(replace(search, facets=frozenset())) + repr(sorted(search.facets))
    return f"search:page:{hashlib.sha256(described.encode()).hexdigest()[:40]}"


async def _generation(session: AsyncSession) -> int:
    _, value = await prepare_search(session)
    return value


async def _search(
    request: Request,
    session: AsyncSession,
    cache: Cache,
    search: SearchRequest,
    now: datetime | None,
) -> SearchResult:
    # First, so the snapshot check reads the generation the search read with its settings.
    await prepare_search(session)
    vocabulary = await vocabulary_for(request, session, search.text) if search.spell_check else None
    return await service.search(
        session, request=search, vocabulary=vocabulary, now=now or utcnow(), cache=cache
    )


async def run_search(
    request: Request,
    session: AsyncSession,
    cache: Cache,
    search: SearchRequest,
    *,
    now: datetime | None = None,
    keep_seconds: int = 0,
    keeping: Keeping | None = None,
) -> SearchResult:
    """One page of ``search``, its keywords spell-checked against the live vocabulary.

    With ``keep_seconds`` the page is kept in the shared cache under the index's generation
    (``jobboard.kept``): a page read again (the category and home pages, a popular search,
    its next visitor) costs one cache read, and after a job change, with ``keeping``, the
    outdated page is served while a background task searches again.
    """
    if not keep_seconds:
        return await _search(request, session, cache, search, now)

    async def compute(reading: AsyncSession) -> bytes:
        return _RESULT.dump_json(await _search(request, reading, cache, search, None))

    raw = await kept(
        cache,
        _result_key(search),
        session=session,
        version=await _generation(session),
        compute=compute,
        keep_seconds=keep_seconds,
        read_version=_generation,
        keeping=keeping,
    )
    return _RESULT.validate_json(raw)
