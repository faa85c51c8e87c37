"""Running queued tasks inside a test's transaction, on either engine.

The tests' database work is rolled back afterwards, so a separate worker process cannot see
the tasks a test queued; these helpers read the queue through the test's own connection and
run what they find with the registered task functions. Real workers are exercised by
tests/worker/test_workers.py on committed databases.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from jobboard.db import Database
from jobboard.wiring import load_tasks
from jobboard.worker.embedded import EmbeddedRunner
from jobboard.worker.registry import TaskContext


async def queued(database: Database) -> list[tuple[str, dict[str, Any]]]:
    """(task name, args) of every waiting task, oldest first."""
    async with database.sessionmaker() as session:
        if database.dialect == "postgresql":
            rows = await session.execute(
                text(
                    "SELECT task_name, args FROM procrastinate_jobs "
                    "WHERE status = 'todo' ORDER BY id"
                )
            )
        else:
            rows = await session.execute(
                text("SELECT task_name, args FROM queued_task WHERE status = 'todo' ORDER BY id")
            )
        return [
            (name, dict(json.loads(args) if isinstance(args, str) else args))
            for name, args in rows.all()
        ]


@dataclass
class Ran:
    names: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


async def run_queued(database: Database, *, limit: int = 100) -> Ran:
    """Run waiting tasks (and those they queue) once each, until none is due."""
    registry = load_tasks()
    ran = Ran()
    if database.dialect != "postgresql":
        runner = EmbeddedRunner(database, registry)
        while len(ran.names) < limit and (claimed := await runner.claim()) is not None:
            await runner._execute(claimed)
            ran.names.append(claimed.task_name)
            async with database.sessionmaker() as session:
                error = await session.scalar(
                    text(
                        "SELECT last_error FROM queued_task "
                        "WHERE id = :id AND status != 'succeeded'"
                    ),
                    {"id": claimed.id},
                )
            if error:
                ran.failures.append(f"{claimed.task_name}: {error}")
        return ran
    while len(ran.names) < limit:
        async with database.unit_of_work() as session:
            row = (
                await session.execute(
                    text(
                        "DELETE FROM procrastinate_jobs WHERE id = (SELECT id "
                        "FROM procrastinate_jobs WHERE status = 'todo' ORDER BY id LIMIT 1) "
                        "RETURNING task_name, args, attempts"
                    )
                )
            ).first()
        if row is None:
            break
        name, args, attempts = row
        ran.names.append(name)
        try:
            await registry.tasks[name].run(
                TaskContext(database=database, task_name=name, attempt=attempts + 1), dict(args)
            )
        except Exception as error:
            ran.failures.append(f"{name}: {error!r}")
    return ran
