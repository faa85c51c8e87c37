"""Tasks that exist only for the queue's tests: their effect is a unique-keyed row, so
"exactly once" can be counted, and they block on a file the test creates.

Workers started by the tests load this module through JOBBOARD_WORKER_TASK_MODULES.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from jobboard.db import Database
from jobboard.kit.clock import utcnow
from jobboard.models import IdempotencyRecord
from jobboard.worker import RetryPolicy, TaskContext, task

OWNER = "probe"


async def _wait_for(gate: Path) -> None:
    # A file, because the test that opens the gate is another process.
    while not gate.exists():  # noqa: ASYNC110, ASYNC240
        await asyncio.sleep(0.05)


def _record(key: str, attempt: int) -> IdempotencyRecord:
    now = utcnow()
    return IdempotencyRecord(
        owner=OWNER,
        key=key,
        method="TASK",
        path="probe",
        request_hash=str(attempt),
        status_code=200,
        response_headers={},
        response_body=b"",
        created_at=now,
        expires_at=now + timedelta(days=1),
    )


@task("probe.record", retry=RetryPolicy(max_attempts=3, base_seconds=0.0))
async def record(
    context: TaskContext, *, key: str, gate: str, block: str = "before_commit"
) -> None:
    """Write the row for ``key`` once. Block on ``gate`` before or after committing it."""
    gate_path = Path(gate)
    started = gate_path.with_name(f"{gate_path.name}.started.{context.attempt}")
    async with context.database.unit_of_work() as session:
        exists = await session.scalar(
            select(IdempotencyRecord.id).where(
                IdempotencyRecord.owner == OWNER, IdempotencyRecord.key == key
            )
        )
        if exists is not None:
            return
        session.add(_record(key, context.attempt))
        await session.flush()
        if block == "before_commit":
            started.touch()
            await _wait_for(gate_path)
    if block == "after_commit":
        started.touch()
        await _wait_for(gate_path)


@task("probe.fail", retry=RetryPolicy(max_attempts=3, base_seconds=10.0, factor=3.0))
async def fail(context: TaskContext, *, reason: str) -> None:
    raise RuntimeError(reason)


async def count(database: Database, key: str) -> int:
    async with database.sessionmaker() as session:
        found = await session.scalar(
            select(func.count()).where(
                IdempotencyRecord.owner == OWNER, IdempotencyRecord.key == key
            )
        )
    return int(found or 0)
