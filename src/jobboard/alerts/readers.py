"""Saved searches as the API answers them, shared by REST and GraphQL."""

from __future__ import annotations

from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.alerts import repository, service
from jobboard.alerts.schemas import (
    FeedLinks,
    SavedSearchRead,
)
from jobboard.alerts.tasks import search_url
from jobboard.auth.principal import Principal
from jobboard.config import Settings
from jobboard.kit.schemas import Page
from jobboard.models import SavedSearch
from jobboard.models.alerts import Frequency
from jobboard.pagination import PageParams, keyset_page
from jobboard.search.schemas import SearchFilters
from jobboard.seekers.service import require_seeker


def saved_read(saved: SavedSearch, settings: Settings) -> SavedSearchRead:
    token = service.feed_token(saved, secret_key=settings.secret_key)
    base = settings.public_url.rstrip("/")
    search = SearchFilters.model_validate(saved.search)
    return SavedSearchRead(
        id=saved.id,
        name=saved.name,
        search=search,
        interpreted=service.describe(saved),
        search_url=search_url(settings, saved),
        frequency=cast(Frequency, saved.frequency),
        email=saved.email,
        webhook_url=saved.webhook_url,
        active=saved.active,
        feeds=FeedLinks(
            json_feed=f"{base}/api/v1/alerts/{token}.json",
            atom=f"{base}/api/v1/alerts/{token}.atom",
        ),
        last_sent_at=saved.last_sent_at,
        created_at=saved.created_at,
        updated_at=saved.updated_at,
    )


async def saved_searches_page(
    session: AsyncSession, *, principal: Principal, settings: Settings, page: PageParams
) -> Page[SavedSearchRead]:
    """The seeker's saved searches, oldest first."""
    user_id = require_seeker(principal)
    found, next_cursor = await keyset_page(
        session,
        repository.owned(user_id),
        params=page,
        scope=f"saved-searches:{user_id}",
        keys=[(SavedSearch.id, int, lambda item: item.id)],
    )
    return Page(items=[saved_read(saved, settings) for saved in found], next_cursor=next_cursor)
