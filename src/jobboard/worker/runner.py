"""Running workers: ``jobboard worker`` (either engine) and the embedded runner in the app."""

from __future__ import annotations

import asyncio
import logging
import signal

from jobboard.config import Settings
from jobboard.db import Database
from jobboard.worker import postgres
from jobboard.worker.embedded import EmbeddedRunner
from jobboard.worker.registry import TaskRegistry

logger = logging.getLogger(__name__)


def embedded_runner(
    database: Database, settings: Settings, registry: TaskRegistry
) -> EmbeddedRunner:
    return EmbeddedRunner(
        database,
        registry,
        concurrency=settings.worker_concurrency,
        poll_seconds=settings.worker_poll_seconds,
        lease_seconds=settings.worker_stalled_after_seconds,
        grace_seconds=settings.worker_shutdown_grace_seconds,
    )


async def run_worker(
    settings: Settings, registry: TaskRegistry, *, concurrency: int | None = None
) -> None:
    """Run tasks until SIGTERM or SIGINT: procrastinate on PostgreSQL, the table on SQLite."""
    concurrency = concurrency or settings.worker_concurrency
    if settings.resolved_database_url.startswith("postgresql"):
        logger.info("worker started on PostgreSQL (procrastinate), concurrency %s", concurrency)
        await postgres.run_workers(settings, registry, concurrency=concurrency)
        return
    database = Database.from_settings(settings)
    runner = embedded_runner(database, settings, registry)
    runner.concurrency = concurrency
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, runner.stop)
    logger.info("worker started on SQLite (embedded queue), concurrency %s", concurrency)
    try:
        await runner.run()
    finally:
        await database.dispose()
