"""Notifications as the API answers them, shared by REST and GraphQL."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.auth.principal import Principal
from jobboard.models import Notification
from jobboard.notifications import service
from jobboard.notifications.schemas import NotificationPage, NotificationRead
from jobboard.pagination import PageParams, keyset_page
from jobboard.seekers.service import require_seeker


async def notifications_page(
    session: AsyncSession, *, principal: Principal, page: PageParams, unread: bool
) -> NotificationPage:
    """The seeker's notifications, newest first, with how many are unread."""
    user_id = require_seeker(principal)
    rows, next_cursor = await keyset_page(
        session,
        service.notifications_of(user_id, unread=unread),
        params=page,
        scope=f"notifications:{user_id}:{unread}",
        keys=[(Notification.id, int, lambda row: row.id)],
        descending=True,
    )
    return NotificationPage(
        items=[NotificationRead.model_validate(row) for row in rows],
        next_cursor=next_cursor,
        unread=await service.unread_count(session, user_id=user_id),
    )
