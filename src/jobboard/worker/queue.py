"""``defer()``: queue a task inside the caller's transaction, on either engine."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.worker import embedded, postgres
from jobboard.worker.registry import TaskDefinition, registry


async def defer(
    session: AsyncSession,
    task: TaskDefinition,
    *,
    queueing_lock: str | None = None,
    delay: timedelta | None = None,
    **args: Any,
) -> None:
    """Queue ``task(**args)`` in the session's transaction: it runs only if that commits.

    ``queueing_lock``: while a task with this lock waits in the queue, deferring another is a
    no-op. ``delay``: run no sooner than this from now.
    """
    if registry.tasks.get(task.name) is not task:
        raise LookupError(f"task {task.name!r} is not registered")
    if session.get_bind().dialect.name == "postgresql":
        await postgres.defer(
            session, registry, task, args, queueing_lock=queueing_lock, delay=delay
        )
    else:
        await embedded.defer(session, task.name, args, queueing_lock=queueing_lock, delay=delay)
