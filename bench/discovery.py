"""Sitemaps and public feeds: the sitemap index, one full chunk of 50,000 jobs, the other
pages, and the category and search feeds, on SQLite and PostgreSQL.

Two data sets per engine: the search benchmark's 100,000 generated jobs (reused, see
``bench.search``), and a synthetic million jobs made in SQL for the sitemap alone (titles,
dates and statuses; no descriptions, skills or places): the newest 200,000 are open, the
700,000 before them expired, and of the oldest 100,000 one in 97 is still open, as imported
jobs a source keeps listing are. The index has to step over the expired stretch, which is
what ``ix_job_status_id`` is for.
Requests go through the whole ASGI app in-process, as in ``bench.search``.
"""

from __future__ import annotations

import gzip
import os
import platform
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from bench.search import CACHE, RESULTS, SqlTimer, _percentile, _postgres_url, _prepare

MILLION = 1_000_000
OPEN_FROM = 800_001
OLD_OPEN_EVERY = 97
OLD_OPEN_UP_TO = 100_000
# (request, rounds); the full chunk is the heaviest answer, measured fewer times.
REQUESTS_100K = (
    ("/sitemap.xml", 50),
    ("/sitemaps/jobs-1.xml", 10),
    ("/sitemaps/pages.xml", 10),
    ("/sitemaps/companies-0.xml", 10),
    ("/categories/senior-back-end-developer/feed.atom", 30),
    ("/jobs/feed.json?q=python&workplace=remote", 30),
)
REQUESTS_1M = (
    ("/sitemap.xml", 50),
    ("/sitemaps/jobs-19.xml", 10),
    ("/sitemaps/jobs-0.xml", 20),
    ("/sitemaps/pages.xml", 10),
)

NOTES = [
    "### Without the sitemap indexes",
    "",
    "Measured once by hand on the synthetic million, with `ix_job_status_id` and "
    "`ix_job_status_company_id` dropped: the index took 80 ms (PostgreSQL) and 94 ms "
    "(SQLite) at p50 instead of 5 and 4, every probe after the oldest open jobs reading "
    "through the 700,000 expired ones by primary key. Building both indexes took 1.0 s "
    "on PostgreSQL.",
    "",
]

_FILL = {
    "postgresql": """
        INSERT INTO job (id, company_id, title, description, employment_type, workplace,
                         remote_regions, status, published_at, expires_at, created_at,
                         updated_at, version)
        SELECT n, :company, 'Platform Engineer ' || n, '', 'full_time', 'remote', '[]',
               CASE WHEN n >= :open_from OR (n <= :old AND n % :every = 0)
                    THEN 'published' ELSE 'expired' END,
               now() - (:total - n) * interval '3 second',
               CASE WHEN n >= :open_from OR (n <= :old AND n % :every = 0)
                    THEN now() + interval '20 day'
                    ELSE now() - interval '1 day' END,
               now() - (:total - n) * interval '3 second',
               now() - (:total - n) * interval '2 second', 1
        FROM generate_series(1, :total) AS n
    """,
    "sqlite": """
        WITH RECURSIVE numbers(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers
                                      WHERE n < :total)
        INSERT INTO job (id, company_id, title, description, employment_type, workplace,
                         remote_regions, status, published_at, expires_at, created_at,
                         updated_at, version)
        SELECT n, :company, 'Platform Engineer ' || n, '', 'full_time', 'remote', '[]',
               CASE WHEN n >= :open_from OR (n <= :old AND n % :every = 0)
                    THEN 'published' ELSE 'expired' END,
               strftime('%Y-%m-%d %H:%M:%S.000000', 'now', '-' || ((:total - n) * 3) || ' seconds'),
               CASE WHEN n >= :open_from OR (n <= :old AND n % :every = 0)
                    THEN strftime('%Y-%m-%d %H:%M:%S.000000', 'now', '+20 days')
                    ELSE strftime('%Y-%m-%d %H:%M:%S.000000', 'now', '-1 days') END,
               strftime('%Y-%m-%d %H:%M:%S.000000', 'now', '-' || ((:total - n) * 3) || ' seconds'),
               strftime('%Y-%m-%d %H:%M:%S.000000', 'now', '-' || ((:total - n) * 2) || ' seconds'),
               1
        FROM numbers
    """,
}


async def _synthetic(url: str) -> str:
    """Migrate, then fill with a million bare jobs unless they are there."""
    os.environ["JOBBOARD_DATABASE_URL"] = url
    from jobboard import cli
    from jobboard.config import get_settings
    from jobboard.db import Database
    from jobboard.models import Job

    get_settings.cache_clear()
    await cli._migrate()
    database = Database.from_settings(get_settings())
    try:
        async with database.sessionmaker() as session:
            loaded = int(await session.scalar(select(func.count()).select_from(Job)) or 0)
        if loaded >= MILLION:
            return f"reused {loaded:,} jobs"
        started = time.perf_counter()
        async with database.unit_of_work() as session:
            await session.execute(
                text(
                    "INSERT INTO company (id, slug, name, description, created_at, updated_at,"
                    " version) VALUES (1, 'synthetic', 'Synthetic', '', :now, :now, 1)"
                ),
                {"now": datetime.now(UTC).replace(tzinfo=None)},
            )
            await session.execute(
                text(_FILL[database.dialect]),
                {
                    "company": 1,
                    "total": MILLION,
                    "open_from": OPEN_FROM,
                    "old": OLD_OPEN_UP_TO,
                    "every": OLD_OPEN_EVERY,
                },
            )
            await session.execute(text("ANALYZE"))
        if database.dialect == "postgresql":
            async with database.engine.connect() as connection:
                autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
                await autocommit.execute(text("VACUUM ANALYZE job"))
        return f"made {MILLION:,} jobs in {time.perf_counter() - started:.0f} s"
    finally:
        await database.dispose()


Call = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]


async def _measure(label: str, prepared: str, requests: tuple[tuple[str, int], ...]) -> list[str]:
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
        "| request | p50 ms | p95 ms | SQL p50 ms | entries | bytes | gzipped |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench"
        ) as client,
    ):
        for path, rounds in requests:
            for _ in range(2):
                (await client.get(path)).raise_for_status()
            timings: list[float] = []
            sql: list[float] = []
            response: Any = None
            for _ in range(rounds):
                timer.active, timer.total = True, 0.0
                started = time.perf_counter()
                response = await client.get(path, headers={"Accept-Encoding": "identity"})
                timings.append((time.perf_counter() - started) * 1000)
                timer.active = False
                sql.append(timer.total * 1000)
                response.raise_for_status()
            body = response.content
            entries = body.count(b"<loc>") or body.count(b"<entry>") or body.count(b'"url":')
            p50, p95 = (_percentile(timings, fraction) for fraction in (0.5, 0.95))
            sql_p50 = statistics.median(sql)
            zipped = len(gzip.compress(body, compresslevel=5, mtime=0))
            lines.append(
                f"| `{path}` | {p50:.1f} | {p95:.1f} | {sql_p50:.1f} | {entries:,} | "
                f"{len(body):,} | {zipped:,} |"
            )
            print(f"{label:34} {path:52} p50 {p50:8.1f}  p95 {p95:8.1f}  sql {sql_p50:8.1f}")
        unchanged = await client.get("/sitemap.xml")
        started = time.perf_counter()
        again = await client.get(
            "/sitemap.xml", headers={"If-None-Match": unchanged.headers["etag"]}
        )
        assert again.status_code == 304
        lines.append(
            f"| `/sitemap.xml`, If-None-Match (304) | {(time.perf_counter() - started) * 1000:.1f}"
            " | | | | | |"
        )
    await database.dispose()
    return [*lines, ""]


async def run(*, engines: list[str]) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    os.environ["JOBBOARD_DATA_DIR"] = str(CACHE)
    # No task runner beside the requests: the expiry sweep would write while they read.
    os.environ["JOBBOARD_EMBEDDED_WORKER"] = "false"
    sections: list[str] = []
    for engine in engines:
        if engine == "sqlite":
            search_url = f"sqlite+aiosqlite:///{CACHE / 'search-100000.db'}"
            synthetic_url = f"sqlite+aiosqlite:///{CACHE / 'sitemap-1000000.db'}"
        else:
            name = make_url(os.environ["JOBBOARD_BENCH_DATABASE_URL"]).database
            search_url = _postgres_url(f"{name}_search_100000")
            synthetic_url = _postgres_url(f"{name}_sitemap_1000000")
        prepared = await _prepare(search_url, 100_000)
        sections += await _measure(f"{engine}, 100,000 generated jobs", prepared, REQUESTS_100K)
        prepared = await _synthetic(synthetic_url)
        sections += await _measure(
            f"{engine}, 1,000,000 synthetic jobs (201,030 open)", prepared, REQUESTS_1M
        )
    RESULTS.mkdir(exist_ok=True)
    header = [
        "# Sitemaps and feeds",
        "",
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {platform.node()} "
        f"({os.cpu_count()} cores, shared with other work; Python {platform.python_version()}),"
        " one request at a time after 2 warm-up requests, in-process through the ASGI app, "
        "uncompressed answers (the gzipped size is what a crawler sending Accept-Encoding "
        "gets). Chunks hold 50,000 job ids. Written by `python -m bench discovery`.",
        "",
    ]
    (RESULTS / "discovery.md").write_text("\n".join([*header, *sections, *NOTES]).rstrip() + "\n")
    print(f"wrote {RESULTS / 'discovery.md'}")
