"""Integrations: importing a 10,000-job feed, webhook fan-out cost per job change, and the
task queue's enqueue and run throughput, on SQLite (embedded queue) and PostgreSQL
(procrastinate).

Everything runs in this process against a scratch database; the feed is parsed from memory
(parsing is timed on its own), so the figures exclude the network. The machine is shared:
compare ratios and medians from one run, not absolute numbers across runs.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.catalog import _database_url, write_per_engine

FEED_JOBS = 10_000
CHANGES = 300
TASKS = 2_000
CITIES = (
    "Berlin",
    "London",
    "Austin, TX",
    "San Francisco, CA",
    "Toronto",
    "Amsterdam",
    "Paris",
    "Madrid",
    "Stockholm",
    "Sydney",
    "Bangalore",
    "Singapore",
)
TITLES = (
    "Senior Back End Developer",
    "Staff Platform Engineer",
    "Site Reliability Engineer",
    "Data Engineer",
    "Frontend Engineer",
    "Engineering Manager",
)


def greenhouse_board(jobs: int, *, edition: int = 0) -> bytes:
    """A Greenhouse board of ``jobs`` jobs (``edition`` changes every tenth title)."""
    records = []
    for index in range(jobs):
        title = TITLES[index % len(TITLES)]
        if edition and index % 10 == 0:
            title += f" ({edition})"
        records.append(
            {
                "id": 4_000_000 + index,
                "title": title,
                "content": "&lt;p&gt;Build and run services.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;"
                "Python&lt;/li&gt;&lt;li&gt;PostgreSQL&lt;/li&gt;&lt;/ul&gt;" * 5,
                "location": {"name": CITIES[index % len(CITIES)]},
                "absolute_url": f"https://boards.example/jobs/{index}",
                "updated_at": "2026-11-20T10:00:00-05:00",
                "metadata": [
                    {"name": "Location Type", "value": "Hybrid" if index % 3 else "On-Site"}
                ],
            }
        )
    return json.dumps({"jobs": records, "meta": {"total": jobs}}).encode()


async def _setup(engine: str) -> Any:
    scratch = Path(tempfile.mkdtemp(prefix="jobboard-bench-"))
    os.environ["JOBBOARD_DATA_DIR"] = str(scratch)
    os.environ["JOBBOARD_DATABASE_URL"] = _database_url(engine, scratch)
    from jobboard import cli
    from jobboard.config import get_settings
    from jobboard.db import Database

    get_settings.cache_clear()
    await cli._migrate()
    return Database.from_settings(get_settings())


async def _company(database: Any, slug: str) -> Any:
    from jobboard.models import Company, User

    async with database.unit_of_work() as session:
        user = User(
            email=f"{slug}@bench.example", password_hash="-", role="employer", display_name=slug
        )
        session.add(user)
        company = Company(slug=slug, name=slug.title(), description="")
        session.add(company)
        await session.flush()
        return company, user


async def _import(database: Any, lines: list[str]) -> None:
    from jobboard.integrations.feeds import service
    from jobboard.integrations.feeds.formats import parse_greenhouse
    from jobboard.models import FeedSource

    company, user = await _company(database, "importer")
    async with database.unit_of_work() as session:
        feed = FeedSource(
            company_id=company.id,
            kind="greenhouse",
            url="https://boards.example/x",
            created_by_id=user.id,
        )
        session.add(feed)
        await session.flush()
        feed_id = feed.id
    rows = []
    for label, body in (
        ("first import (all new)", greenhouse_board(FEED_JOBS)),
        ("resync, nothing changed", greenhouse_board(FEED_JOBS)),
        ("resync, 10% changed", greenhouse_board(FEED_JOBS, edition=1)),
    ):
        started = time.perf_counter()
        parsed = parse_greenhouse(body)
        parsing = time.perf_counter() - started
        started = time.perf_counter()
        report = await service.sync(database, feed_id=feed_id, parsed=parsed)
        syncing = time.perf_counter() - started
        assert report is not None
        assert report.failed == 0, report.problems[:3]
        rows.append(
            f"| {label} | {len(body) / 1e6:.1f} MB | {parsing:.2f} s | {syncing:.2f} s | "
            f"{FEED_JOBS / syncing:,.0f} | "
            f"{report.created} / {report.updated} / {report.unchanged} |"
        )
        print(f"  import {label}: {FEED_JOBS / syncing:,.0f} jobs/s", flush=True)
    lines += [
        f"Import of a {FEED_JOBS:,}-job Greenhouse board (parsed from memory; sync = map, "
        "dedupe, hash, write through the jobs service, close what vanished):",
        "",
        "| run | body | parse | sync | jobs/s | created / updated / unchanged |",
        "|---|---:|---:|---:|---:|---|",
        *rows,
        "",
    ]


async def _fan_out(database: Any, lines: list[str]) -> None:
    from sqlalchemy import func, select

    from jobboard.jobs import repository
    from jobboard.jobs import service as job_service
    from jobboard.jobs.schemas import JobCreate, JobUpdate
    from jobboard.models import Job, Webhook, WebhookDelivery

    counts = (0, 1, 5)
    jobs: dict[int, tuple[int, int]] = {}
    for hooks in counts:
        company, user = await _company(database, f"hooks-{hooks}")
        async with database.unit_of_work() as session:
            for index in range(hooks):
                session.add(
                    Webhook(
                        company_id=company.id,
                        url=f"https://hooks.example/{index}",
                        events=["job.updated"],
                        secret="whsec_AAAA",
                    )
                )
            job = await job_service.create_company_job(
                session,
                company=company,
                data=JobCreate(
                    company=company.slug,
                    title="Bench",
                    description="Bench job.",
                    workplace="remote",
                    status="published",
                ),
                created_by_id=user.id,
            )
            jobs[hooks] = (company.id, job.id)

    async def change(job_id: int, index: int) -> float:
        started = time.perf_counter()
        async with database.unit_of_work() as session:
            found = await session.scalar(
                repository.with_details(select(Job).where(Job.id == job_id))
            )
            assert found is not None
            await job_service.update_job(session, job=found, data=JobUpdate(title=f"Bench {index}"))
        return (time.perf_counter() - started) * 1000

    # Round-robin over the three companies so a busy moment weighs on each alike.
    timings: dict[int, list[float]] = {hooks: [] for hooks in counts}
    for index in range(-20, CHANGES):
        for hooks in counts:
            elapsed = await change(jobs[hooks][1], index)
            if index >= 0:
                timings[hooks].append(elapsed)
    rows = []
    for hooks in counts:
        async with database.sessionmaker() as session:
            deliveries = await session.scalar(
                select(func.count())
                .select_from(WebhookDelivery)
                .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
                .where(Webhook.company_id == jobs[hooks][0])
            )
        assert deliveries == hooks * (CHANGES + 20), (hooks, deliveries)
        median = statistics.median(timings[hooks])
        rows.append((hooks, median))
        print(f"  job change with {hooks} webhooks: {median:.2f} ms", flush=True)
    base = rows[0][1]
    lines += [
        f"Webhook fan-out: {CHANGES} job edits per row after 20 warm-up edits, one transaction "
        "each (load the job, update it, record and queue one delivery per subscribed endpoint, "
        "commit), the three rows measured in turn:",
        "",
        "| endpoints subscribed | median ms per change | added by fan-out |",
        "|---:|---:|---:|",
        *[f"| {hooks} | {median:.2f} | {median - base:+.2f} |" for hooks, median in rows],
        "",
    ]


async def _queue(database: Any, engine: str, lines: list[str]) -> None:
    from sqlalchemy import text

    from bench import bench_tasks  # noqa: F401 - registers bench.noop
    from jobboard.config import get_settings
    from jobboard.wiring import load_tasks
    from jobboard.worker import defer
    from jobboard.worker.registry import registry

    load_tasks()
    noop = registry.tasks["bench.noop"]
    # Leave only the timed tasks in the queue (the fan-out above queued deliveries).
    async with database.unit_of_work() as session:
        table = "procrastinate_jobs" if engine == "postgresql" else "queued_task"
        await session.execute(text(f"DELETE FROM {table}"))  # noqa: S608
    started = time.perf_counter()
    for start in range(0, TASKS, 100):
        async with database.unit_of_work() as session:
            for index in range(start, start + 100):
                await defer(session, noop, index=index)
    enqueued = time.perf_counter() - started
    started = time.perf_counter()
    if engine == "sqlite":
        from jobboard.worker.embedded import EmbeddedRunner

        ran = await EmbeddedRunner(database, registry).run_until_idle()
    else:
        import procrastinate

        from jobboard.worker.postgres import QUEUE, build_app, conninfo

        connector = procrastinate.PsycopgConnector(
            conninfo=conninfo(get_settings().resolved_database_url)
        )
        app = build_app(registry, connector)
        async with app.open_async():
            await app.run_worker_async(
                queues=[QUEUE],
                concurrency=4,
                wait=False,
                additional_context={"database": database},
                install_signal_handlers=False,
                listen_notify=False,
            )
        ran = TASKS
    running = time.perf_counter() - started
    assert ran >= TASKS
    print(f"  queue: enqueue {TASKS / enqueued:,.0f}/s, run {TASKS / running:,.0f}/s", flush=True)
    lines += [
        f"Task queue: {TASKS:,} no-op tasks deferred 100 per transaction, then run "
        + (
            "one by one by the embedded runner"
            if engine == "sqlite"
            else "by one procrastinate worker (concurrency 4, polling)"
        )
        + ":",
        "",
        "| enqueue tasks/s | run tasks/s |",
        "|---:|---:|",
        f"| {TASKS / enqueued:,.0f} | {TASKS / running:,.0f} |",
        "",
    ]


async def _bench_engine(engine: str) -> list[str]:
    print(f"{engine}:", flush=True)
    database = await _setup(engine)
    lines = [f"### {engine}", ""]
    try:
        await _import(database, lines)
        await _fan_out(database, lines)
        await _queue(database, engine, lines)
    finally:
        await database.dispose()
    return lines


async def run(*, engines: list[str]) -> None:
    await write_per_engine("integrations", "Integrations", engines, _bench_engine)
