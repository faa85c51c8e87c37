"""The request-scoped dependencies routers and pages share: the app's settings, cache, the
request's database session and page parameters. Only the HTTP layer imports this module;
services take what these hand out as plain arguments."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.cache import Cache
from jobboard.config import Settings
from jobboard.pagination import PageParams


async def app_settings(request: Request) -> Settings:
    """The settings the running app was created with (tests create apps with their own)."""
    settings: Settings = request.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(app_settings)]


async def get_cache(request: Request) -> Cache:
    cache: Cache = request.app.state.cache
    return cache


AppCache = Annotated[Cache, Depends(get_cache)]


# Dependencies are `async def` even when they do not await: FastAPI runs a plain `def`
# dependency in a worker thread, a thread handoff per request for a getattr.
async def get_session(request: Request) -> AsyncSession:
    session: AsyncSession | None = getattr(request.state, "db_session", None)
    if session is None:
        raise RuntimeError("route is not served by UnitOfWorkRoute; it has no session")
    return session


DbSession = Annotated[AsyncSession, Depends(get_session)]


async def page_params(
    limit: Annotated[int, Query(ge=1, le=100, description="Items per page (at most 100).")] = 20,
    cursor: Annotated[
        str | None, Query(max_length=1000, description="`next_cursor` from the previous page.")
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


Pagination = Annotated[PageParams, Depends(page_params)]
