"""Search and autocomplete over generated jobs: latency per request, engine and data size.

Requests go through the whole ASGI app in-process (httpx's ASGI transport: routing, the unit
of work, serialization; no network, no HTTP server). For each request the SQL time is the
time the driver spent executing its statements (cursor execute to fetch), so the ratio
request / SQL shows what the Python side costs on top of the database.

Data sets are cached between runs: the SQLite file under var/bench/ and the PostgreSQL
databases are reused when they already hold the wanted number of jobs, and a load that was
interrupted resumes where it stopped (jobs are loaded in committed slices). A data set read
on a later day has its jobs' times moved forward to the clock first, so that none expired.
"""

from __future__ import annotations

import os
import platform
import re
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import count
from pathlib import Path
from typing import Any

import httpx
import psycopg
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import make_url

RESULTS = Path(__file__).parent / "results"
CACHE = Path(__file__).parent.parent / "var" / "bench"
SLICE = 25_000
SEED = 20261128
# The "now" the data sets are generated at; a data set read later is moved to the clock
# (``_follow_clock``), so that its jobs are as open and as recent as when it was made.
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
# The job columns that hold times; the generator's newest job is published at its "now".
_JOB_TIMES = ("published_at", "expires_at", "closed_at", "last_verified_at", "created_at")


@dataclass
class SqlTimer:
    """Adds up the time the driver spends on each statement while active."""

    active: bool = False
    total: float = 0.0
    slowest: tuple[float, str, Any] = (0.0, "", None)
    _started: dict[int, float] = field(default_factory=dict)

    def attach(self, engine: Any) -> None:
        @event.listens_for(engine.sync_engine, "before_cursor_execute")
        def _before(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
            self._started[id(cursor)] = time.perf_counter()

        @event.listens_for(engine.sync_engine, "after_cursor_execute")
        def _after(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
            started = self._started.pop(id(cursor), None)
            if started is None or not self.active:
                return
            elapsed = time.perf_counter() - started
            self.total += elapsed
            if elapsed > self.slowest[0]:
                self.slowest = (elapsed, statement, params)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _postgres_url(name: str) -> str:
    url = make_url(os.environ["JOBBOARD_BENCH_DATABASE_URL"])
    admin = url.set(drivername="postgresql", database="postgres")
    with psycopg.connect(
        admin.render_as_string(hide_password=False), autocommit=True
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if exists is None:
            connection.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


async def _prepare(url: str, jobs: int) -> str:
    """Migrate, then load demo jobs until the database holds ``jobs`` of them."""
    os.environ["JOBBOARD_DATABASE_URL"] = url
    from jobboard import cli
    from jobboard.config import get_settings
    from jobboard.db import Database
    from jobboard.demo.generator import generate
    from jobboard.demo.loader import has_companies, load_demo, load_jobs
    from jobboard.demo.model import DemoData
    from jobboard.models import Job
    from jobboard.taxonomy.catalog import load_catalog

    get_settings.cache_clear()
    await cli._migrate()
    database = Database.from_settings(get_settings())
    try:
        async with database.sessionmaker() as session:
            loaded = int(await session.scalar(select(func.count()).select_from(Job)) or 0)
        if loaded >= jobs:
            return f"reused {loaded} jobs" + await _follow_clock(database)
        started = time.perf_counter()
        data = generate(
            load_catalog(), now=NOW, seed=SEED, companies=max(30, jobs // 33), jobs=jobs
        )
        generated = time.perf_counter() - started
        async with database.unit_of_work() as session:
            if not await has_companies(session):
                await load_demo(session, data=DemoData(companies=data.companies, jobs=()))
        for start in range(loaded, jobs, SLICE):
            async with database.unit_of_work() as session:
                await load_jobs(session, jobs=data.jobs[start : start + SLICE])
            print(f"  loaded {min(start + SLICE, jobs)} / {jobs}", flush=True)
        if database.dialect == "postgresql":
            async with database.engine.connect() as connection:
                autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
                await autocommit.execute(text("VACUUM ANALYZE"))
        else:
            # In a committed transaction: on SQLite the AUTOCOMMIT connection above still
            # opens one (db._configure_sqlite issues BEGIN) and its statistics were rolled
            # back, which left the salary sort without its index (150 ms instead of 7).
            async with database.unit_of_work() as session:
                await session.execute(text("ANALYZE"))
        return (
            f"generated {jobs} jobs in {generated:.0f} s, loaded and indexed "
            f"{jobs - loaded} in {time.perf_counter() - started - generated:.0f} s"
        ) + await _follow_clock(database)
    finally:
        await database.dispose()


async def _follow_clock(database: Any) -> str:
    """Move every job's times by as long as the data set's "now" (its newest publication)
    is behind the clock, so that a data set generated days ago has as many open jobs, of
    the same ages, as on the day it was made: jobs expire 30 days after publication, and
    searches weigh freshness."""
    from jobboard.kit.clock import utcnow
    from jobboard.models import Job

    async with database.unit_of_work() as session:
        newest = await session.scalar(select(func.max(Job.published_at)))
        if newest is None:
            return ""
        behind = int((utcnow() - newest).total_seconds())
        if behind < 3600:
            return ""
        if database.dialect == "postgresql":
            moved = ", ".join(
                f"{column} = {column} + make_interval(secs => :behind)" for column in _JOB_TIMES
            )
        else:
            # Stored as text, 'YYYY-MM-DD HH:MM:SS.ffffff': the fraction is kept as it was.
            moved = ", ".join(
                f"{column} = strftime('%Y-%m-%d %H:%M:%S', {column}, :shift) "
                f"|| substr({column}, 20)"
                for column in _JOB_TIMES
            )
        await session.execute(
            text(f"UPDATE job SET {moved}"),  # noqa: S608 - column names are constants
            {"behind": behind, "shift": f"+{behind} seconds"},
        )
    return f"; moved {behind / 86400:.1f} days forward to the clock"


Call = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]


def _get(path: str, *params: dict[str, Any]) -> Call:
    choices = params or ({},)

    async def call(client: httpx.AsyncClient, index: int) -> httpx.Response:
        return await client.get(path, params=choices[index % len(choices)])

    return call


def _uncached(path: str, params: dict[str, Any]) -> Call:
    """A request whose facets are never in the cache: each call asks a search of its own
    (a different posted_within_days that still covers every job)."""
    counter = count(30)

    async def call(client: httpx.AsyncClient, index: int) -> httpx.Response:
        days = next(counter)
        return await client.get(path, params={**params, "posted_within_days": 30 + days % 330})

    return call


def _requests(deep_cursor: str) -> dict[str, Call]:
    search = "/api/v1/jobs/search"
    return {
        "broad keyword `engineer`": _get(search, {"q": "engineer"}),
        "narrow keyword `rust embedded`": _get(search, {"q": "rust embedded"}),
        'phrase `"site reliability"`': _get(search, {"q": '"site reliability"'}),
        "typo `pyhton developr`": _get(search, {"q": "pyhton developr"}),
        "skills only (kubernetes + terraform)": _get(
            search, {"skills": ["kubernetes", "terraform"]}
        ),
        "keyword + all facets `python` (cached)": _get(search, {"q": "python", "facets": "all"}),
        "keyword + all facets `python` (counted)": _uncached(
            search, {"q": "python", "facets": "all"}
        ),
        "radius 50 km of Berlin, by distance": _get(
            search, {"location": "Berlin", "radius_km": 50, "sort": "distance"}
        ),
        "salary floor EUR 90k, by salary": _get(
            search, {"salary_min": 9_000_000, "salary_currency": "EUR", "sort": "salary"}
        ),
        "remote, open to DE": _get(search, {"workplace": "remote", "remote_region": "DE"}),
        "keyword, 2 per company `backend`": _get(search, {"q": "backend", "per_company": 2}),
        "exclusion `developer -java -python`": _get(search, {"q": "developer -java -python"}),
        "deep cursor page (page 20 of `developer`)": _get(
            search, {"q": "developer", "cursor": deep_cursor}
        ),
        "autocomplete (rotating prefixes)": _get(
            "/api/v1/autocomplete",
            *({"q": prefix} for prefix in ("py", "senior ba", "kube", "berl", "pyhton d", "goo")),
        ),
        "category page": _get("/api/v1/categories/senior-back-end-developer"),
    }


async def _deep_cursor(client: httpx.AsyncClient, pages: int) -> str:
    cursor = None
    for _ in range(pages - 1):
        params: dict[str, Any] = {"q": "developer"}
        if cursor:
            params["cursor"] = cursor
        cursor = (await client.get("/api/v1/jobs/search", params=params)).json()["next_cursor"]
    assert cursor is not None
    return cursor


_LONG_ARRAY = re.compile(r"'\{([^}]{60})[^}]*\}'")


async def _explain(database: Any, statement: str, params: Any) -> str:
    """EXPLAIN ANALYZE the statement under the settings search transactions use."""
    from jobboard.search.backends import PostgresBackend

    async with database.sessionmaker() as session:
        await PostgresBackend().prepare(session)
        connection = await session.connection()
        raw = await connection.get_raw_connection()
        cursor = raw.driver_connection.cursor()
        await cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
        rows = await cursor.fetchall()
        await cursor.close()
        await session.rollback()
    # Id lists handed to the database run to thousands of numbers; keep their start.
    return "\n".join(_LONG_ARRAY.sub(r"'{\1...}'", row[0]) for row in rows)


async def _bench(
    label: str, url: str, jobs: int, rounds: int, explain_slowest: int
) -> tuple[list[str], list[str]]:
    prepared = await _prepare(url, jobs)
    from jobboard.config import get_settings
    from jobboard.db import Database
    from jobboard.main import create_app

    database = Database.from_settings(get_settings())
    timer = SqlTimer()
    timer.attach(database.engine)
    app = create_app(get_settings(), database)
    lines = [
        f"### {label}",
        "",
        f"- data: {prepared}",
        "",
        "| request | p50 ms | p95 ms | p99 ms | SQL p50 ms | request / SQL | jobs found |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    slow: list[tuple[float, str, str, Any]] = []
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench"
        ) as client,
    ):
        calls = _requests(await _deep_cursor(client, 20))
        for name, call in calls.items():
            for index in range(5):
                (await call(client, index)).raise_for_status()
            timings: list[float] = []
            sql: list[float] = []
            found = ""
            slowest_statement: tuple[float, str, Any] = (0.0, "", None)
            for index in range(rounds):
                timer.active, timer.total, timer.slowest = True, 0.0, (0.0, "", None)
                started = time.perf_counter()
                response = await call(client, index)
                timings.append((time.perf_counter() - started) * 1000)
                timer.active = False
                sql.append(timer.total * 1000)
                response.raise_for_status()
                if timer.slowest[0] > slowest_statement[0]:
                    slowest_statement = timer.slowest
                body = response.json()
                found = str(body.get("total", len(body.get("suggestions", []))))
                if (body.get("facets_sample_rate") or 1) > 1:
                    found += f", facets from 1 in {body['facets_sample_rate']}"
            p50, p95, p99 = (_percentile(timings, f) for f in (0.5, 0.95, 0.99))
            sql_p50 = statistics.median(sql)
            ratio = p50 / sql_p50 if sql_p50 else float("nan")
            lines.append(
                f"| {name} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {sql_p50:.1f} | "
                f"{ratio:.1f} | {found} |"
            )
            print(f"{label:28} {name:45} p50 {p50:7.1f}  p95 {p95:7.1f}  sql {sql_p50:7.1f}")
            slow.append((p95, name, slowest_statement[1], slowest_statement[2]))
    plans: list[str] = []
    if explain_slowest and database.dialect == "postgresql":
        for p95, name, statement, params in sorted(slow, reverse=True)[:explain_slowest]:
            plan = await _explain(database, statement, params)
            plans += [
                f"#### {label}: {name} (p95 {p95:.1f} ms), its slowest statement",
                "",
                "```",
                plan,
                "```",
                "",
            ]
    await database.dispose()
    return [*lines, ""], plans


async def run(*, jobs: int, million: bool, rounds: int, engines: list[str]) -> None:
    import bench.search_notes as notes

    CACHE.mkdir(parents=True, exist_ok=True)
    sections: list[str] = []
    plans: list[str] = []
    os.environ["JOBBOARD_DATA_DIR"] = str(CACHE)
    for engine in engines:
        if engine == "sqlite":
            url = f"sqlite+aiosqlite:///{CACHE / f'search-{jobs}.db'}"
        else:
            # Its own database, kept between runs: the other benchmarks drop and refill
            # `<name>_bench` with data of their own.
            url = _postgres_url(
                f"{make_url(os.environ['JOBBOARD_BENCH_DATABASE_URL']).database}_search_{jobs}"
            )
        lines, _ = await _bench(f"{engine}, {jobs:,} jobs", url, jobs, rounds, 0)
        sections += lines
    if million:
        url = _postgres_url("search1m_bench")
        lines, plans = await _bench("postgresql, 1,000,000 jobs", url, 1_000_000, rounds, 3)
        sections += lines
    RESULTS.mkdir(exist_ok=True)
    header = [
        "# Search",
        "",
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {platform.node()} "
        f"({os.cpu_count()} cores, shared with other work; Python {platform.python_version()}), "
        f"{rounds} requests per row after 5 warm-up requests, one at a time, in-process "
        "through the ASGI app (no network, no HTTP server). SQL = time the driver spent "
        "executing the request's statements. Written by `python -m bench search`.",
        "",
    ]
    (RESULTS / "search.md").write_text(
        "\n".join([*header, *sections, *notes.NOTES, *plans]).rstrip() + "\n"
    )
    print(f"wrote {RESULTS / 'search.md'}")
