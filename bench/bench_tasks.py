"""A task that does nothing, to time the queue itself."""

from __future__ import annotations

from jobboard.worker import TaskContext, task


@task("bench.noop")
async def noop(context: TaskContext, *, index: int) -> None:
    return None
