"""The embedded engine of the queue: a table in the application's database, run in-process.

Deferring inserts a ``queued_task`` row in the caller's transaction, so a task is queued
exactly when the change that caused it commits, and survives a restart. A runner claims due
rows one at a time (SQLite serializes writers), holds a lease it renews while the task runs,
and records the outcome; a row whose lease ran out (its process died) is claimed again.
Failures are retried with the task's backoff, as on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.db import Database
from jobboard.kit.clock import utcnow
from jobboard.models import QueuedTask
from jobboard.worker.registry import TaskContext, TaskRegistry

logger = logging.getLogger(__name__)

PERIODIC_PREFIX = "periodic:"


async def defer(
    session: AsyncSession,
    task_name: str,
    args: dict[str, Any],
    *,
    queueing_lock: str | None,
    delay: timedelta | None,
) -> None:
    now = utcnow()
    if queueing_lock is not None:
        waiting = await session.scalar(
            select(QueuedTask.id).where(QueuedTask.dedupe_key == queueing_lock)
        )
        if waiting is not None:
            return
    session.add(
        QueuedTask(
            task_name=task_name,
            args=args,
            status="todo",
            attempts=0,
            scheduled_at=now + delay if delay else now,
            dedupe_key=queueing_lock,
            created_at=now,
        )
    )


@dataclass(frozen=True, slots=True)
class Claimed:
    id: int
    task_name: str
    args: dict[str, Any]
    attempts: int


class EmbeddedRunner:
    """Runs queued tasks in this process until stopped."""

    def __init__(
        self,
        database: Database,
        registry: TaskRegistry,
        *,
        concurrency: int = 2,
        poll_seconds: float = 1.0,
        lease_seconds: float = 60.0,
        grace_seconds: float = 25.0,
    ) -> None:
        self.database = database
        self.registry = registry
        self.concurrency = concurrency
        self.poll_seconds = poll_seconds
        self.lease = timedelta(seconds=lease_seconds)
        self.grace_seconds = grace_seconds
        self.name = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"[:64]
        self._stop = asyncio.Event()
        self._running: set[asyncio.Task[None]] = set()
        self._scheduled: dict[str, int] = {}

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        """Claim and run tasks until ``stop()``; then let running ones finish or release them."""
        slots = asyncio.Semaphore(self.concurrency)
        try:
            while not self._stop.is_set():
                try:
                    await self.schedule_periodic(utcnow())
                except OperationalError as error:
                    logger.warning("could not queue periodic tasks: %s", error)
                while not self._stop.is_set():
                    await slots.acquire()
                    try:
                        claimed = await self.claim()
                    except OperationalError as error:
                        # Busy database: try again at the next poll.
                        logger.warning("could not claim a task: %s", error)
                        claimed = None
                    if claimed is None:
                        slots.release()
                        break
                    running = asyncio.create_task(self._execute(claimed))
                    self._running.add(running)
                    running.add_done_callback(self._running.discard)
                    running.add_done_callback(lambda _: slots.release())
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), timeout=self.poll_seconds)
        finally:
            await self._shut_down()

    async def _shut_down(self) -> None:
        if not self._running:
            return
        _, pending = await asyncio.wait(set(self._running), timeout=self.grace_seconds)
        for running in pending:
            running.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def run_until_idle(self) -> int:
        """Run due tasks one by one until none is left; return how many ran."""
        count = 0
        while (claimed := await self.claim()) is not None:
            await self._execute(claimed)
            count += 1
        return count

    async def schedule_periodic(self, now: datetime) -> None:
        """Queue each schedule's current run once, whichever process gets here first."""
        for schedule in self.registry.schedules.values():
            slot = schedule.slot(now)
            if self._scheduled.get(schedule.task.name) == slot:
                continue  # this process already saw to this period
            key = f"{PERIODIC_PREFIX}{schedule.task.name}:{slot}"
            try:
                async with self.database.unit_of_work() as session:
                    exists = await session.scalar(
                        select(QueuedTask.id).where(QueuedTask.dedupe_key == key)
                    )
                    if exists is None:
                        session.add(
                            QueuedTask(
                                task_name=schedule.task.name,
                                args={},
                                scheduled_at=now,
                                dedupe_key=key,
                                created_at=now,
                            )
                        )
            except IntegrityError:
                pass  # another process queued it first
            self._scheduled[schedule.task.name] = slot

    async def claim(self) -> Claimed | None:
        now = utcnow()
        async with self.database.unit_of_work() as session:
            row = await session.scalar(
                select(QueuedTask)
                .where(
                    or_(
                        and_(QueuedTask.status == "todo", QueuedTask.scheduled_at <= now),
                        and_(QueuedTask.status == "doing", QueuedTask.locked_until < now),
                    )
                )
                .order_by(QueuedTask.scheduled_at, QueuedTask.id)
                .limit(1)
            )
            if row is None:
                return None
            if row.status == "doing":
                logger.warning(
                    "task %s (%s) was abandoned by %s; running it again",
                    row.id,
                    row.task_name,
                    row.locked_by,
                )
            row.status = "doing"
            row.attempts += 1
            row.locked_by = self.name
            row.locked_until = now + self.lease
            if row.dedupe_key is not None and not row.dedupe_key.startswith(PERIODIC_PREFIX):
                row.dedupe_key = None  # a queueing lock holds only while the task waits
            return Claimed(
                id=row.id, task_name=row.task_name, args=dict(row.args), attempts=row.attempts
            )

    async def _execute(self, claimed: Claimed) -> None:
        definition = self.registry.tasks.get(claimed.task_name)
        heartbeat = asyncio.create_task(self._renew_lease(claimed.id))
        try:
            if definition is None:
                raise LookupError(f"no task is registered as {claimed.task_name!r}")
            await definition.run(
                TaskContext(
                    database=self.database, task_name=claimed.task_name, attempt=claimed.attempts
                ),
                claimed.args,
            )
        except asyncio.CancelledError:
            await self._release(claimed)
            raise
        except Exception as error:
            delay = definition.retry.delay_after(claimed.attempts) if definition else None
            logger.warning(
                "task %s (%s) failed on try %s: %s; %s",
                claimed.id,
                claimed.task_name,
                claimed.attempts,
                error,
                "giving up" if delay is None else f"retrying in {delay:.0f} s",
            )
            await self._record(claimed, error=error, retry_in=delay)
        else:
            await self._record(claimed)
        finally:
            heartbeat.cancel()

    async def _record(
        self, claimed: Claimed, *, error: BaseException | None = None, retry_in: float | None = None
    ) -> None:
        try:
            await self._finish(claimed, error=error, retry_in=retry_in)
        except OperationalError as failure:
            # The outcome is lost; the task runs again when its lease runs out (idempotent).
            logger.warning("could not record the outcome of task %s: %s", claimed.id, failure)

    async def _renew_lease(self, task_id: int) -> None:
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            try:
                async with self.database.unit_of_work() as session:
                    await session.execute(
                        update(QueuedTask)
                        .where(QueuedTask.id == task_id, QueuedTask.locked_by == self.name)
                        .values(locked_until=utcnow() + self.lease)
                    )
            except OperationalError as error:
                # The task itself may hold SQLite's write lock; try again next beat.
                logger.warning("could not renew the lease of task %s: %s", task_id, error)

    async def _finish(
        self, claimed: Claimed, *, error: BaseException | None = None, retry_in: float | None = None
    ) -> None:
        now = utcnow()
        values: dict[str, Any]
        if error is None:
            values = {"status": "succeeded", "finished_at": now, "locked_until": None}
        elif retry_in is not None:
            values = {
                "status": "todo",
                "scheduled_at": now + timedelta(seconds=retry_in),
                "locked_until": None,
                "last_error": _describe(error),
            }
        else:
            values = {
                "status": "failed",
                "finished_at": now,
                "locked_until": None,
                "last_error": _describe(error),
            }
        async with self.database.unit_of_work() as session:
            await session.execute(
                update(QueuedTask)
                .where(QueuedTask.id == claimed.id, QueuedTask.locked_by == self.name)
                .values(**values)
            )

    async def _release(self, claimed: Claimed) -> None:
        """Give a task interrupted by shutdown back to the queue, as if never tried."""
        async with self.database.unit_of_work() as session:
            await session.execute(
                update(QueuedTask)
                .where(QueuedTask.id == claimed.id, QueuedTask.locked_by == self.name)
                .values(
                    status="todo",
                    attempts=QueuedTask.attempts - 1,
                    locked_until=None,
                    scheduled_at=utcnow(),
                )
            )


def _describe(error: BaseException) -> str:
    return "".join(traceback.format_exception_only(error)).strip()[:2000]


async def delete_finished(session: AsyncSession, *, before: datetime) -> int:
    result = await session.execute(
        delete(QueuedTask).where(
            QueuedTask.status.in_(("succeeded", "failed")), QueuedTask.finished_at < before
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
