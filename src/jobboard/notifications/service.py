"""Notifying people: a row they read in the app and, unless told otherwise, an e-mail that
the ``mail.send`` task writes from that row after the transaction commits."""

from __future__ import annotations

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.errors import NotFound
from jobboard.kit.clock import utcnow
from jobboard.mail import send_later
from jobboard.models import Notification

EMAIL_MESSAGE = "notifications.email"


async def notify(
    session: AsyncSession,
    *,
    user_id: int,
    kind: str,
    title: str,
    body: str,
    application_id: int | None = None,
    job_id: int | None = None,
    email: bool = True,
) -> Notification:
    notification = Notification(
        user_id=user_id,
        kind=kind,
        title=title[:200],
        body=body,
        application_id=application_id,
        job_id=job_id,
        created_at=utcnow(),
    )
    session.add(notification)
    await session.flush()
    if email:
        await send_later(session, EMAIL_MESSAGE, notification_id=notification.id)
    return notification


def notifications_of(user_id: int, *, unread: bool = False) -> Select[Notification]:
    statement = select(Notification).where(Notification.user_id == user_id)
    return statement.where(Notification.read_at.is_(None)) if unread else statement


async def unread_count(session: AsyncSession, *, user_id: int) -> int:
    count = await session.scalar(
        select(func.count()).select_from(notifications_of(user_id, unread=True).subquery())
    )
    return int(count or 0)


async def mark_read(session: AsyncSession, *, user_id: int, notification_id: int) -> Notification:
    notification = await session.scalar(
        notifications_of(user_id).where(Notification.id == notification_id)
    )
    if notification is None:
        raise NotFound(f"You have no notification {notification_id}.")
    if notification.read_at is None:
        notification.read_at = utcnow()
        await session.flush()
    return notification


async def mark_all_read(session: AsyncSession, *, user_id: int) -> int:
    result = await session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)
