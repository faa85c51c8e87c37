"""The one fan-out point after a job changes state: other features subscribe to it.

``job_changed`` is awaited inside the transaction that made the change, so whatever a
listener records or queues (webhook deliveries, alerts, search indexing) commits or rolls
back with the change itself.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.models import Job
from jobboard.worker.registry import load_tasks

JobEvent = Literal["job.published", "job.updated", "job.closed", "job.expired"]
JOB_EVENTS: tuple[JobEvent, ...] = ("job.published", "job.updated", "job.closed", "job.expired")
Listener = Callable[[AsyncSession, Job, JobEvent], Awaitable[None]]

_listeners: list[Listener] = []


def subscribe(listener: Listener) -> Listener:
    """Call ``listener(session, job, event)`` after every job change (a decorator)."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


async def job_changed(session: AsyncSession, *, job: Job, event: JobEvent) -> None:
    # Listeners subscribe when their modules load; make sure they have, whoever the caller.
    load_tasks()
    for listener in _listeners:
        await listener(session, job, event)
