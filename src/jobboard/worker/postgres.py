"""The PostgreSQL engine of the queue: procrastinate, its tables made by Alembic.

Jobs are inserted on the caller's own connection, so they commit or roll back with the
change that caused them. Workers lock jobs with ``SELECT ... FOR UPDATE SKIP LOCKED``, so any
number of ``jobboard worker`` processes on any number of machines share one queue; each
sends a heartbeat, and the jobs of a worker silent for ``worker_stalled_after_seconds`` are
put back in the queue by the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from datetime import timedelta
from functools import cache
from typing import Any

import procrastinate
from procrastinate import exceptions as procrastinate_errors
from procrastinate.job_context import JobContext
from procrastinate.jobs import Job as ProcrastinateJob
from procrastinate.retry import BaseRetryStrategy, RetryDecision
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.config import Settings
from jobboard.db import Database
from jobboard.worker.registry import RetryPolicy, TaskContext, TaskDefinition, TaskRegistry

logger = logging.getLogger(__name__)

QUEUE = "jobboard"


class PolicyRetry(BaseRetryStrategy):
    """procrastinate's retry decision from a task's RetryPolicy."""

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy

    def get_retry_decision(
        self, *, exception: BaseException, job: ProcrastinateJob
    ) -> RetryDecision | None:
        # ``attempts`` counts the earlier tries; this one has just failed too.
        delay = self.policy.delay_after(job.attempts + 1)
        if delay is None:
            return None
        return RetryDecision(retry_in={"seconds": int(delay)})


def conninfo(database_url: str) -> str:
    """A libpq connection string from a SQLAlchemy ``postgresql+psycopg://`` URL."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def _wrap(definition: TaskDefinition) -> Any:
    async def run(context: JobContext, **args: Any) -> None:
        args.pop("timestamp", None)  # procrastinate's periodic slot; tasks do not need it
        database: Database = context.additional_context["database"]
        await definition.run(
            TaskContext(
                database=database,
                task_name=definition.name,
                attempt=(context.job.attempts or 0) + 1,
            ),
            args,
        )

    run.__name__ = definition.name.replace(".", "_")
    return run


def app_for(registry: TaskRegistry) -> procrastinate.App:
    """The app the API defers through (it never opens a pool: it uses the caller's
    connection); rebuilt when tasks are added."""
    return _deferring_app(registry, tuple(registry.tasks), tuple(registry.schedules))


@cache
def _deferring_app(
    registry: TaskRegistry, _tasks: tuple[str, ...], _schedules: tuple[str, ...]
) -> procrastinate.App:
    return build_app(registry, procrastinate.PsycopgConnector())


def build_app(
    registry: TaskRegistry, connector: procrastinate.PsycopgConnector
) -> procrastinate.App:
    """A procrastinate app holding every registered task and schedule."""
    app = procrastinate.App(connector=connector)
    for definition in registry.tasks.values():
        app.task(
            name=definition.name,
            queue=QUEUE,
            pass_context=True,
            retry=PolicyRetry(definition.retry),
        )(_wrap(definition))
    for schedule in registry.schedules.values():
        app.periodic(cron=schedule.cron, periodic_id=schedule.task.name)(
            app.tasks[schedule.task.name]
        )
    return app


async def defer(
    session: AsyncSession,
    registry: TaskRegistry,
    definition: TaskDefinition,
    args: dict[str, Any],
    *,
    queueing_lock: str | None,
    delay: timedelta | None,
) -> None:
    options: dict[str, Any] = {}
    if queueing_lock is not None:
        options["queueing_lock"] = queueing_lock
    if delay is not None:
        options["schedule_in"] = {"seconds": int(delay.total_seconds())}
    task = app_for(registry).tasks[definition.name]
    if queueing_lock is None:
        options["connection"] = await _driver_connection(session)
        await task.configure(**options).defer_async(**args)
        return
    # A refused duplicate aborts its statement: a savepoint keeps the caller's work intact.
    try:
        async with session.begin_nested():
            options["connection"] = await _driver_connection(session)
            await task.configure(**options).defer_async(**args)
    except procrastinate_errors.AlreadyEnqueued:
        return


async def _driver_connection(session: AsyncSession) -> Any:
    """The psycopg connection under the session's transaction (asking for it also emits a
    pending SAVEPOINT, which SQLAlchemy starts lazily)."""
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    return raw.driver_connection


async def recover_stalled_jobs(app: procrastinate.App, *, stalled_after: float) -> int:
    """Put back in the queue the jobs of workers that stopped sending heartbeats."""
    recovered = 0
    for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after):
        try:
            await app.job_manager.retry_job(job)
        except procrastinate_errors.ConnectorException:
            continue  # another worker recovered it first
        logger.warning("requeued job %s (%s) of a stalled worker", job.id, job.task_name)
        recovered += 1
    return recovered


async def run_workers(settings: Settings, registry: TaskRegistry, *, concurrency: int) -> None:
    """Run one procrastinate worker until SIGTERM or SIGINT, then stop gracefully.

    Running tasks get ``shutdown_graceful_timeout`` to finish; the rest are aborted and go
    back to the queue (their retry policy decides when).
    """
    database = Database.from_settings(settings)
    connector = procrastinate.PsycopgConnector(
        conninfo=conninfo(settings.resolved_database_url),
        min_size=1,
        max_size=concurrency + 3,
    )
    app = build_app(registry, connector)
    async with app.open_async():
        worker_task = asyncio.create_task(
            app.run_worker_async(
                queues=[QUEUE],
                name="jobboard",
                concurrency=concurrency,
                additional_context={"database": database},
                install_signal_handlers=False,
                update_heartbeat_interval=settings.worker_heartbeat_seconds,
                stalled_worker_timeout=settings.worker_stalled_after_seconds,
                shutdown_graceful_timeout=settings.worker_shutdown_grace_seconds,
                fetch_job_polling_interval=settings.worker_poll_seconds,
            )
        )
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        try:
            while not stop.is_set() and not worker_task.done():
                await recover_stalled_jobs(app, stalled_after=settings.worker_stalled_after_seconds)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), settings.worker_heartbeat_seconds)
        finally:
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(signum)
            if not worker_task.done():
                # Cancelling run_worker_async asks the worker to stop gracefully.
                worker_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker_task
            await database.dispose()
