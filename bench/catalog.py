"""Catalog read paths over the demo data set: latency per request, served in-process.

Requests go through the whole ASGI app (routing, auth, the unit of work, serialization)
with httpx's ASGI transport, so the figures exclude the network and the HTTP server. The
machine is shared: compare medians and ratios from one run, not absolute numbers across runs.
"""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg
from sqlalchemy import select
from sqlalchemy.engine import make_url

RESULTS = Path(__file__).parent / "results"


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def _measure(
    call: Callable[[int], Awaitable[httpx.Response]], rounds: int
) -> tuple[float, float, float]:
    for index in range(10):
        response = await call(index)
        response.raise_for_status()
    timings = []
    for index in range(rounds):
        started = time.perf_counter()
        response = await call(index)
        timings.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return statistics.median(timings), _percentile(timings, 0.95), _percentile(timings, 0.99)


async def write_per_engine(
    name: str,
    title: str,
    engines: list[str],
    measure: Callable[[str], Awaitable[list[str]]],
    notes: list[str] | None = None,
) -> None:
    """Run ``measure`` per engine and write its sections to ``bench/results/<name>.md`` under
    a header saying when, where and how loaded the machine was."""
    sections: list[str] = []
    load_before = os.getloadavg()[0]
    for engine in engines:
        sections += await measure(engine)
    load_after = os.getloadavg()[0]
    RESULTS.mkdir(exist_ok=True)
    header = [
        f"# {title}",
        "",
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {platform.node()} "
        f"({os.cpu_count()} cores, Python {platform.python_version()}), in-process through the "
        "service functions against a scratch database; the machine's load average was "
        f"{load_before:.1f} before and {load_after:.1f} after (other work shares it). Written by "
        f"`python -m bench {name}`.",
        "",
    ]
    path = RESULTS / f"{name}.md"
    path.write_text("\n".join(header + sections + (notes or [])))
    print(f"wrote {path}")


def _database_url(engine: str, scratch: Path) -> str:
    if engine == "sqlite":
        return f"sqlite+aiosqlite:///{scratch / 'bench.db'}"
    url = make_url(os.environ["JOBBOARD_BENCH_DATABASE_URL"])
    # The URL's database name only names the scratch one; connect to the maintenance database.
    admin = url.set(drivername="postgresql", database="postgres")
    with psycopg.connect(
        admin.render_as_string(hide_password=False), autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{url.database}_bench" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{url.database}_bench"')
    return url.set(database=f"{url.database}_bench").render_as_string(hide_password=False)


async def _bench_engine(engine: str, rounds: int, jobs: int) -> list[str]:
    scratch = Path(tempfile.mkdtemp(prefix="jobboard-bench-"))
    os.environ["JOBBOARD_DATA_DIR"] = str(scratch)
    os.environ["JOBBOARD_DATABASE_URL"] = _database_url(engine, scratch)
    from jobboard import cli
    from jobboard.config import get_settings
    from jobboard.db import Database
    from jobboard.main import create_app
    from jobboard.models import Job

    get_settings.cache_clear()
    started = time.perf_counter()
    await cli._migrate()
    migrated = time.perf_counter() - started
    started = time.perf_counter()
    report = await cli._demo(companies=max(30, jobs // 33), jobs=jobs, seed=20261128)
    loaded = time.perf_counter() - started
    database = Database.from_settings(get_settings())
    async with database.sessionmaker() as session:
        job_ids = list((await session.scalars(select(Job.id).limit(500))).all())
    app = create_app(get_settings(), database)
    lines = [
        f"### {engine}",
        "",
        f"- migrate + taxonomy: {migrated:.2f} s; demo generate + load ({jobs} jobs): "
        f"{loaded:.2f} s",
        f"- {report}",
        "",
        "| request | median ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|",
    ]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench"
    ) as client:
        calls: dict[str, Callable[[int], Awaitable[httpx.Response]]] = {
            "GET /api/v1/jobs/{id}": lambda i: client.get(
                f"/api/v1/jobs/{job_ids[i % len(job_ids)]}"
            ),
            "GET /api/v1/jobs?limit=20": lambda i: client.get("/api/v1/jobs?limit=20"),
            "GET /api/v1/jobs?category=...&limit=20": lambda i: client.get(
                "/api/v1/jobs?category=senior-back-end-developer&limit=20"
            ),
            "GET /api/v1/categories": lambda i: client.get("/api/v1/categories?limit=100"),
            "GET /api/v1/categories/{slug}": lambda i: client.get(
                "/api/v1/categories/senior-back-end-developer"
            ),
            "GET /api/v1/skills?prefix=": lambda i: client.get(
                "/api/v1/skills?prefix=" + ("py", "k8", "post", "re", "go")[i % 5]
            ),
            "GET /api/v1/companies?limit=20": lambda i: client.get("/api/v1/companies?limit=20"),
        }
        for name, call in calls.items():
            median, p95, p99 = await _measure(call, rounds)
            lines.append(f"| `{name}` | {median:.2f} | {p95:.2f} | {p99:.2f} |")
            print(f"{engine:10} {name:45} median {median:7.2f} ms  p95 {p95:7.2f} ms", flush=True)
    await database.dispose()
    return [*lines, ""]


async def run(*, engines: list[str], rounds: int, jobs: int) -> None:
    sections = []
    for engine in engines:
        sections += await _bench_engine(engine, rounds, jobs)
    RESULTS.mkdir(exist_ok=True)
    header = [
        "# Catalog read paths",
        "",
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {platform.node()} "
        f"({os.cpu_count()} cores, Python {platform.python_version()}), {rounds} requests "
        "per row after 10 warm-up requests, one at a time, in-process through the ASGI app "
        "(no network, no HTTP server). Written by `make bench`.",
        "",
    ]
    (RESULTS / "catalog.md").write_text("\n".join(header + sections))
    print(f"wrote {RESULTS / 'catalog.md'}")
