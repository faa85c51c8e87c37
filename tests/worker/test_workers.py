"""Real `jobboard worker` processes: a worker killed mid-task has its task run again by
another, with its effect exactly once; SIGTERM lets the running task finish."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

import probe_tasks
from jobboard.db import Database
from jobboard.worker import defer

TESTS = Path(__file__).resolve().parents[1]
JOBBOARD = Path(sys.executable).parent / "jobboard"
DEADLINE_SECONDS = 60


@pytest.fixture
async def workers_database(committed_database: Database) -> AsyncIterator[Database]:
    """A committed database whose queue is emptied afterwards."""
    yield committed_database
    async with committed_database.engine.begin() as connection:
        if committed_database.dialect == "postgresql":
            await connection.execute(
                text(
                    "TRUNCATE procrastinate_events, procrastinate_periodic_defers, "
                    "procrastinate_jobs, procrastinate_workers"
                )
            )


@pytest.fixture
def start_worker(
    workers_database: Database, tmp_path: Path
) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    logs: list[Any] = []
    url = workers_database.engine.url.render_as_string(hide_password=False)
    environment = {
        **os.environ,
        "JOBBOARD_DATABASE_URL": url,
        "JOBBOARD_WORKER_TASK_MODULES": json.dumps(["probe_tasks"]),
        "JOBBOARD_WORKER_HEARTBEAT_SECONDS": "0.3",
        "JOBBOARD_WORKER_STALLED_AFTER_SECONDS": "2",
        "JOBBOARD_WORKER_POLL_SECONDS": "0.2",
        "JOBBOARD_WORKER_SHUTDOWN_GRACE_SECONDS": "30",
        "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
    }

    def start(**settings: str) -> subprocess.Popen[bytes]:
        log = (tmp_path / f"worker-{len(started)}.log").open("wb")
        logs.append(log)
        process = subprocess.Popen(  # noqa: S603 - our own CLI
            [str(JOBBOARD), "worker", "--concurrency", "2"],
            env={
                **environment,
                **{f"JOBBOARD_{name.upper()}": value for name, value in settings.items()},
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(10)
    for log in logs:
        log.close()


async def _until(check: Callable[[], Awaitable[bool]], what: str) -> None:
    for _ in range(DEADLINE_SECONDS * 10):
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


async def _task_state(database: Database, key: str) -> tuple[str, int] | None:
    async with database.sessionmaker() as session:
        if database.dialect == "postgresql":
            row = (
                await session.execute(
                    text(
                        "SELECT status::text, attempts FROM procrastinate_jobs "
                        "WHERE task_name = 'probe.record' AND args->>'key' = :key"
                    ),
                    {"key": key},
                )
            ).first()
        else:
            row = (
                await session.execute(
                    text(
                        "SELECT status, attempts FROM queued_task "
                        "WHERE task_name = 'probe.record' AND json_extract(args, '$.key') = :key"
                    ),
                    {"key": key},
                )
            ).first()
    return (str(row[0]), int(row[1])) if row else None


async def _queue_probe(database: Database, gate: Path, block: str) -> str:
    key = uuid.uuid4().hex
    async with database.unit_of_work() as session:
        await defer(session, probe_tasks.record, key=key, gate=str(gate), block=block)
    return key


@pytest.mark.parametrize("block", ["before_commit", "after_commit"])
async def test_a_killed_workers_task_runs_again_with_its_effect_once(
    workers_database: Database,
    start_worker: Callable[..., subprocess.Popen[bytes]],
    tmp_path: Path,
    block: str,
) -> None:
    """SIGKILL mid-task (before or after the task committed its row): a second worker
    recovers the task, runs it again, and the row exists exactly once."""
    gate = tmp_path / "gate"
    key = await _queue_probe(workers_database, gate, block)
    first = start_worker()
    first_try = gate.with_name("gate.started.1")

    async def first_started() -> bool:
        return first_try.exists()

    await _until(first_started, "the first worker to start the task")
    # The second worker is already up when the first dies, as replicas are.
    start_worker()
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    assert await _task_state(workers_database, key) == (
        "doing",
        0 if workers_database.dialect == "postgresql" else 1,
    )
    gate.touch()

    async def succeeded() -> bool:
        state = await _task_state(workers_database, key)
        return state is not None and state[0] == "succeeded"

    await _until(succeeded, "the second worker to finish the task")
    assert await probe_tasks.count(workers_database, key) == 1
    if block == "before_commit":
        # The first try's row died uncommitted with its worker; the second try wrote it.
        assert gate.with_name("gate.started.2").exists()


async def test_sigterm_lets_the_running_task_finish(
    workers_database: Database,
    start_worker: Callable[..., subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    """A worker told to stop finishes the task it is running, then exits cleanly."""
    gate = tmp_path / "gate"
    key = await _queue_probe(workers_database, gate, "after_commit")
    worker = start_worker()

    async def started() -> bool:
        return gate.with_name("gate.started.1").exists()

    await _until(started, "the worker to start the task")
    worker.send_signal(signal.SIGTERM)
    await asyncio.sleep(0.5)
    assert worker.poll() is None, "the worker quit with a task still running"
    gate.touch()

    async def exited() -> bool:
        return worker.poll() is not None

    await _until(exited, "the worker to exit")
    assert worker.returncode == 0
    state = await _task_state(workers_database, key)
    assert state is not None
    assert state[0] == "succeeded"
    assert await probe_tasks.count(workers_database, key) == 1


async def test_sigterm_requeues_a_task_that_outlasts_the_grace_period(
    workers_database: Database,
    start_worker: Callable[..., subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    """Past the shutdown grace period the running task is stopped and put back in the
    queue; the next worker runs it, and its effect stays single."""
    gate = tmp_path / "gate"
    key = await _queue_probe(workers_database, gate, "after_commit")
    worker = start_worker(worker_shutdown_grace_seconds="0.5")

    async def started() -> bool:
        return gate.with_name("gate.started.1").exists()

    await _until(started, "the worker to start the task")
    worker.send_signal(signal.SIGTERM)

    async def exited() -> bool:
        return worker.poll() is not None

    await _until(exited, "the worker to exit")
    assert worker.returncode == 0
    state = await _task_state(workers_database, key)
    assert state is not None
    assert state[0] == "todo"
    gate.touch()
    start_worker()

    async def succeeded() -> bool:
        state = await _task_state(workers_database, key)
        return state is not None and state[0] == "succeeded"

    await _until(succeeded, "the next worker to finish the task")
    assert await probe_tasks.count(workers_database, key) == 1
