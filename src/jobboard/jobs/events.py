"""The one fan-out point after a job changes state: other features subscribe to it.

``job_changed`` is awaited inside the transaction that made the change, so whatever a
listener records or queues (webhook deliveries, alerts, search indexing) commits or rolls
back with the change itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.models import Job

JobEvent = Literal["job.published", "job.updated", "job.closed", "job.expired"]
Listener = Callable[[AsyncSession, Job, JobEvent], Awaitable[None]]
BatchListener = Callable[[AsyncSession, Sequence[tuple[int, JobEvent]]], Awaitable[None]]

_listeners: list[Listener] = []
_batch_forms: dict[Listener, BatchListener] = {}
_BATCH = "jobs.events.batch"


def subscribe(listener: Listener) -> Listener:
    """Call ``listener(session, job, event)`` after every job change (a decorator)."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def batch_form(listener: Listener, batch: BatchListener) -> None:
    """Inside ``batched``, tell ``batch`` of all the changes at once instead of ``listener``
    of each: for listeners whose work is cheaper in bulk (indexing, alert matching)."""
    _batch_forms[listener] = batch


async def job_changed(session: AsyncSession, *, job: Job, event: JobEvent) -> None:
    collected: dict[Listener, list[tuple[int, JobEvent]]] | None = session.info.get(_BATCH)
    for listener in _listeners:
        if collected is not None and listener in _batch_forms:
            collected.setdefault(listener, []).append((job.id, event))
        else:
            await listener(session, job, event)


@asynccontextmanager
async def batched(session: AsyncSession) -> AsyncIterator[None]:
    """Changes made inside reach listeners with a batch form once, when the block ends,
    still inside the transaction. A batch listener may hear of a job whose change was rolled
    back to a savepoint meanwhile, so it reads the jobs' state rather than trusting the
    event."""
    if _BATCH in session.info:
        yield
        return
    collected: dict[Listener, list[tuple[int, JobEvent]]] = {}
    session.info[_BATCH] = collected
    try:
        yield
    finally:
        del session.info[_BATCH]
    for listener, changes in collected.items():
        await _batch_forms[listener](session, changes)
