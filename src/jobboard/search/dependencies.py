"""What every caller of search shares: the process's autocomplete and spelling snapshot, and
one search run the way the REST endpoint, the pages and the feeds all run it."""

from __future__ import annotations

import hashlib
import struct
from dataclasses import replace
from datetime import datetime

from fastapi import Request
from pydantic import TypeAdapter
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.cache import Cache
from jobboard.config import get_settings
from jobboard.kept import Keeping, kept
from jobboard.kit.clock import utcnow
from jobboard.observability import KEPT_READS
from jobboard.search import service
from jobboard.search.analyzer import get_analyzer
from jobboard.search.indexing import generation, next_unwritten_change, prepare_search
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
# How long the API (REST, GraphQL, feeds) keeps a page of results while it stays exact (see
# ``_exact``): popular searches, and the next page's visitor, cost a cache read.
RESULT_KEEP_SECONDS = 30


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
    outdated page is served while a background task searches again. Without ``keeping`` the
    answer is exact: any job change computes the page again.
    """
    if not keep_seconds:
        return await _search(request, session, cache, search, now)
    if keeping is None:
        return await _exact(request, session, cache, search, now or utcnow(), keep_seconds)

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


# The generation and the moment the page stops being exact (Unix time), before the page.
_EXACT_HEADER = struct.Struct("!qd")


async def _exact(
    request: Request,
    session: AsyncSession,
    cache: Cache,
    search: SearchRequest,
    now: datetime,
    keep_seconds: int,
) -> SearchResult:
    """A page that is the answer a search made now would give: kept while the index's
    generation holds (no job written) and until the next expiry or publication time of an
    open job (``next_unwritten_change``), at most ``keep_seconds``."""
    version = await _generation(session)
    key = _result_key(search) + ":exact"
    raw = await cache.get(key)
    if raw is not None and len(raw) > _EXACT_HEADER.size:
        stored_version, valid_until = _EXACT_HEADER.unpack_from(raw)
        if stored_version == version and now.timestamp() < valid_until:
            KEPT_READS.labels("search:exact", "fresh").inc()
            return _RESULT.validate_json(raw[_EXACT_HEADER.size :])
    KEPT_READS.labels("search:exact", "computed").inc()
    result = await _search(request, session, cache, search, now)
    change = await next_unwritten_change(session, now)
    valid_until = now.timestamp() + keep_seconds
    if change is not None:
        valid_until = min(valid_until, change.timestamp())
    if valid_until > now.timestamp():
        value = _EXACT_HEADER.pack(version, valid_until) + _RESULT.dump_json(result)
        await cache.set(key, value, ttl_seconds=keep_seconds)
    return result
