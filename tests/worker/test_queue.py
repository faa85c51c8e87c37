"""The queue port: tasks commit or roll back with the change that queued them, queueing locks,
the embedded runner's retries with backoff, and periodic runs queued once per slot."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

import probe_tasks
from jobboard.db import Database
from jobboard.kit.clock import utcnow
from jobboard.models import QueuedTask
from jobboard.wiring import load_tasks
from jobboard.worker import RetryPolicy, defer
from jobboard.worker.embedded import EmbeddedRunner
from jobboard.worker.registry import TaskRegistry
from support_queue import queued, run_queued


class Boom(Exception):
    pass


async def test_a_rolled_back_change_queues_nothing(database: Database) -> None:
    """Tasks deferred in a transaction that rolls back are gone; committed ones wait."""

    async def queue_then_fail() -> None:
        async with database.unit_of_work() as session:
            await defer(session, probe_tasks.fail, reason="never queued")
            raise Boom

    with pytest.raises(Boom):
        await queue_then_fail()
    assert await queued(database) == []
    async with database.unit_of_work() as session:
        await defer(session, probe_tasks.fail, reason="queued")
    assert await queued(database) == [("probe.fail", {"reason": "queued"})]


async def test_a_queueing_lock_keeps_one_waiting_task(database: Database) -> None:
    """A second task with the lock of a waiting one is not queued, and the first stays."""
    async with database.unit_of_work() as session:
        await defer(session, probe_tasks.fail, reason="first", queueing_lock="only-one")
        await defer(session, probe_tasks.fail, reason="second", queueing_lock="only-one")
        await defer(session, probe_tasks.fail, reason="other", queueing_lock="another")
    assert await queued(database) == [
        ("probe.fail", {"reason": "first"}),
        ("probe.fail", {"reason": "other"}),
    ]


async def test_deferring_an_unregistered_task_is_refused(database: Database) -> None:
    """Only registered tasks can be queued (a typo fails loudly, at the caller)."""
    from jobboard.worker.registry import TaskDefinition

    async def stray(context: object) -> None:
        return None

    async with database.unit_of_work() as session:
        with pytest.raises(LookupError):
            await defer(session, TaskDefinition(name="stray", function=stray))


def test_retry_policy_backs_off_exponentially_then_gives_up() -> None:
    """Waits double from the base, are capped, and stop after max_attempts tries."""
    policy = RetryPolicy(max_attempts=5, base_seconds=10, factor=2, max_seconds=50)
    assert [policy.delay_after(attempts) for attempts in range(1, 6)] == [10, 20, 40, 50, None]


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
async def test_embedded_runner_retries_with_backoff_then_fails(database: Database) -> None:
    """A failing task is rescheduled per its policy (10 s, then 30 s) and marked failed last."""
    async with database.unit_of_work() as session:
        await defer(session, probe_tasks.fail, reason="always")
    runner = EmbeddedRunner(database, load_tasks())
    windows: list[tuple[float, float]] = []
    for _ in range(3):
        async with database.unit_of_work() as session:
            await session.execute(
                text("UPDATE queued_task SET scheduled_at = :now"),
                {"now": utcnow().replace(tzinfo=None)},
            )
        before = utcnow()
        assert await runner.run_until_idle() == 1
        after = utcnow()
        async with database.sessionmaker() as session:
            row = await session.scalar(select(QueuedTask))
        assert row is not None
        if row.status == "todo":
            # The failure happened somewhere between before and after: the delay is read
            # against both ends, so a slow run on a busy machine cannot change the answer.
            windows.append(
                (
                    (row.scheduled_at - after).total_seconds(),
                    (row.scheduled_at - before).total_seconds(),
                )
            )
    assert row.status == "failed"
    assert row.attempts == 3
    assert "RuntimeError: always" in (row.last_error or "")
    assert len(windows) == 2
    # Each delay within the window (a second's leeway for times stored to the second).
    for (earliest, latest), delay in zip(windows, (10, 30), strict=True):
        assert earliest - 1 <= delay <= latest + 1, (earliest, latest, delay)


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
async def test_embedded_periodic_runs_are_queued_once_per_slot(database: Database) -> None:
    """Two runners scheduling in the same slot queue each periodic task once."""
    registry = load_tasks()
    first, second = EmbeddedRunner(database, registry), EmbeddedRunner(database, registry)
    now = utcnow()
    await first.schedule_periodic(now)
    await second.schedule_periodic(now)
    async with database.sessionmaker() as session:
        names = list(
            await session.scalars(select(QueuedTask.task_name).order_by(QueuedTask.task_name))
        )
    assert names == sorted(registry.schedules)
    assert {"jobs.expire", "feeds.schedule", "maintenance.clean_up"} <= set(names)


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
async def test_embedded_runner_takes_over_an_abandoned_task(database: Database) -> None:
    """A task whose runner's lease ran out is claimed again and counted as a new try."""
    async with database.unit_of_work() as session:
        await defer(session, probe_tasks.fail, reason="abandoned")
    registry = load_tasks()
    runner = EmbeddedRunner(database, registry, lease_seconds=60)
    claimed = await runner.claim()
    assert claimed is not None
    assert claimed.attempts == 1
    assert await EmbeddedRunner(database, registry).claim() is None
    async with database.unit_of_work() as session:
        await session.execute(
            text("UPDATE queued_task SET locked_until = :past"),
            {"past": (utcnow() - timedelta(seconds=1)).replace(tzinfo=None)},
        )
    again = await EmbeddedRunner(database, registry).claim()
    assert again is not None
    assert again.id == claimed.id
    assert again.attempts == 2


def test_schedules_must_fit_the_clock() -> None:
    """A schedule is whole minutes dividing an hour or hours dividing a day (cron-able)."""
    registry = TaskRegistry()
    definition = registry.add(probe_tasks.fail)
    with pytest.raises(ValueError, match="schedule"):
        registry.add_schedule(definition, timedelta(minutes=7))
    registry.add_schedule(definition, timedelta(minutes=15))
    assert registry.schedules["probe.fail"].cron == "*/15 * * * *"


async def test_run_queued_runs_tasks_on_both_engines(database: Database) -> None:
    """The test helper runs a queued task with the test's own transaction on either engine."""
    async with database.unit_of_work() as session:
        await defer(session, probe_tasks.record, key="inline", gate="/nonexistent", block="none")
    ran = await run_queued(database)
    assert ran.names == ["probe.record"]
    assert ran.failures == []
    assert await probe_tasks.count(database, "inline") == 1


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
async def test_embedded_shutdown_releases_a_task_past_the_grace_period(
    committed_database: Database, tmp_path: Path
) -> None:
    """A task still running when the grace period ends goes back to the queue, its try not
    counted; run again later, its effect stays single."""
    database = committed_database
    gate = tmp_path / "gate"
    async with database.unit_of_work() as session:
        await defer(
            session, probe_tasks.record, key="released", gate=str(gate), block="after_commit"
        )
    runner = EmbeddedRunner(database, load_tasks(), poll_seconds=0.05, grace_seconds=0.1)
    running = asyncio.create_task(runner.run())
    for _ in range(200):
        if gate.with_name("gate.started.1").exists():
            break
        await asyncio.sleep(0.05)
    runner.stop()
    await running
    async with database.sessionmaker() as session:
        row = await session.scalar(select(QueuedTask).where(QueuedTask.task_name == "probe.record"))
    assert row is not None
    assert (row.status, row.attempts, row.locked_until) == ("todo", 0, None)
    gate.touch()
    assert await EmbeddedRunner(database, load_tasks()).run_until_idle() >= 1
    assert await probe_tasks.count(database, "released") == 1
