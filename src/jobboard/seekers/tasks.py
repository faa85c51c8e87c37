"""Upkeep of stored résumé files: delete the ones no row names (left by failed uploads)."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from jobboard.config import get_settings
from jobboard.kit.clock import utcnow
from jobboard.models import Resume
from jobboard.storage import storage_from_settings
from jobboard.worker import TaskContext, periodic, task

logger = logging.getLogger(__name__)

# A file younger than this may belong to an upload whose transaction has not committed yet.
SETTLING = timedelta(hours=1)
_BATCH = 500


@periodic(timedelta(hours=24))
@task("seekers.sweep_files")
async def sweep_files(context: TaskContext) -> None:
    storage = storage_from_settings(get_settings())
    cutoff = utcnow() - SETTLING
    keys = [stored.key async for stored in storage.list("resumes") if stored.modified_at < cutoff]
    swept = 0
    for start in range(0, len(keys), _BATCH):
        batch = keys[start : start + _BATCH]
        async with context.database.read_session() as session:
            named = set(
                await session.scalars(
                    select(Resume.storage_key).where(Resume.storage_key.in_(batch))
                )
            )
        for key in batch:
            if key not in named:
                await storage.delete(key)
                swept += 1
    if swept:
        logger.info("deleted %s résumé files that no row names", swept)
