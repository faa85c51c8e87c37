"""Periodic job upkeep: store expiry, and tell employers of jobs about to expire."""

from __future__ import annotations

import logging
from datetime import timedelta

from jobboard.config import get_settings
from jobboard.jobs import service
from jobboard.kit.clock import utcnow
from jobboard.worker import TaskContext, periodic, task

logger = logging.getLogger(__name__)


@periodic(timedelta(minutes=5))
@task("jobs.expire")
async def expire_jobs(context: TaskContext) -> None:
    """Mark published jobs past ``expires_at`` as expired; record the notices due in N days
    and queue their e-mails, in the same transaction."""
    now = utcnow()
    within = timedelta(days=get_settings().expiry_notice_days)
    async with context.database.unit_of_work() as session:
        expired = await service.expire_due_jobs(session, now=now)
        notices = await service.record_expiry_notices(session, now=now, within=within)
        mails = await service.send_expiry_notices(session, now=now, within=within)
    if expired or notices or mails:
        logger.info(
            "expired %s jobs; %s expiry notices due, %s e-mails queued",
            expired,
            len(notices),
            mails,
        )
