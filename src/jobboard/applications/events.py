"""The one fan-out point after an application is created or changes stage.

``application_changed`` is awaited inside the transaction that made the change, so what a
listener records or queues (webhook deliveries) commits or rolls back with it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.models import Application

ApplicationEvent = Literal["application.created", "application.stage_changed"]
Listener = Callable[[AsyncSession, Application, ApplicationEvent, "str | None"], Awaitable[None]]

_listeners: list[Listener] = []


def subscribe(listener: Listener) -> Listener:
    """Call ``listener(session, application, event, previous_stage)`` after every change."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


async def application_changed(
    session: AsyncSession,
    *,
    application: Application,
    event: ApplicationEvent,
    previous_stage: str | None = None,
) -> None:
    for listener in _listeners:
        await listener(session, application, event, previous_stage)
