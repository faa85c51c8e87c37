"""Housekeeping: drop expired Idempotency-Key answers and long-finished queue entries."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, text

from jobboard.kit.clock import utcnow
from jobboard.models import IdempotencyRecord
from jobboard.worker import embedded
from jobboard.worker.registry import TaskContext, periodic, task

FINISHED_TASKS_KEPT = timedelta(days=7)


@periodic(timedelta(hours=1))
@task("maintenance.clean_up")
async def clean_up(context: TaskContext) -> None:
    now = utcnow()
    async with context.database.unit_of_work() as session:
        await session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= now))
        if session.get_bind().dialect.name == "postgresql":
            await session.execute(
                text(
                    "DELETE FROM procrastinate_jobs j WHERE j.status = 'succeeded' "
                    "AND NOT EXISTS (SELECT 1 FROM procrastinate_events e "
                    "WHERE e.job_id = j.id AND e.at > :before)"
                ),
                {"before": now - FINISHED_TASKS_KEPT},
            )
        else:
            await embedded.delete_finished(session, before=now - FINISHED_TASKS_KEPT)
