"""Background hiring work: closing the applications of a closed or expired job, reminders
and polite closing of applications nobody answers, and the company page's figures."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.applications import flows
from jobboard.jobs import events as job_events
from jobboard.kit.clock import utcnow
from jobboard.models import Job
from jobboard.worker import TaskContext, defer, periodic, task

logger = logging.getLogger(__name__)

BATCH = 200


@task("applications.close_for_job")
async def close_for_job(context: TaskContext, *, job_id: int, reason: str) -> None:
    """Close every open application of the job, a batch per transaction (idempotent: only
    open applications are touched)."""
    while True:
        async with context.database.unit_of_work() as session:
            closed = await flows.close_for_job(session, job_id=job_id, reason=reason, limit=BATCH)
        if closed < BATCH:
            return


async def on_job_change(session: AsyncSession, job: Job, event: job_events.JobEvent) -> None:
    """A closed or expired job closes its applications, after the change commits."""
    if event in ("job.closed", "job.expired"):
        await defer(
            session,
            close_for_job,
            job_id=job.id,
            reason="job_closed" if event == "job.closed" else "job_expired",
            queueing_lock=f"close-applications:{job.id}",
        )


@periodic(timedelta(hours=1))
@task("applications.follow_up")
async def follow_up(context: TaskContext) -> None:
    """Remind companies of applications waiting too long; close those still waiting after
    the reminder. Idempotent: each application is reminded once per stage."""
    now = utcnow()
    async with context.database.unit_of_work() as session:
        reminded = await flows.send_reminders(session, now=now)
    async with context.database.unit_of_work() as session:
        closed = await flows.close_unanswered(session, now=now)
    if reminded or closed:
        logger.info("reminded companies of %s applications; closed %s", reminded, closed)


@periodic(timedelta(hours=1))
@task("applications.refresh_stats")
async def refresh_stats(context: TaskContext) -> None:
    async with context.database.unit_of_work() as session:
        await flows.refresh_hiring_stats(session, now=utcnow())
