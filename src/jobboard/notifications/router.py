"""REST: my notifications, and marking them read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from jobboard.auth.dependencies import CurrentPrincipal
from jobboard.dependencies import DbSession, Pagination
from jobboard.kit.ids import Id
from jobboard.notifications import readers, service
from jobboard.notifications.schemas import MarkedRead, NotificationPage, NotificationRead
from jobboard.routing import UnitOfWorkRoute
from jobboard.seekers.service import require_seeker

router = APIRouter(route_class=UnitOfWorkRoute, tags=["notifications"])


@router.get("/me/notifications", response_model=NotificationPage)
async def list_notifications(
    principal: CurrentPrincipal,
    session: DbSession,
    page: Pagination,
    unread: Annotated[bool, Query(description="Only the unread ones.")] = False,
) -> NotificationPage:
    """Your notifications, newest first, with how many are unread."""
    return await readers.notifications_page(session, principal=principal, page=page, unread=unread)


@router.post("/me/notifications/{notification_id}/read", response_model=NotificationRead)
async def mark_read(
    notification_id: Id, principal: CurrentPrincipal, session: DbSession
) -> NotificationRead:
    """Mark one notification read (again: no change)."""
    user_id = require_seeker(principal)
    notification = await service.mark_read(
        session, user_id=user_id, notification_id=notification_id
    )
    return NotificationRead.model_validate(notification)


@router.post("/me/notifications/read-all", response_model=MarkedRead)
async def mark_all_read(principal: CurrentPrincipal, session: DbSession) -> MarkedRead:
    """Mark every notification read."""
    user_id = require_seeker(principal)
    return MarkedRead(marked=await service.mark_all_read(session, user_id=user_id))
