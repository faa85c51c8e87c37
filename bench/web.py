"""Web pages over generated jobs: server-side time per page, page weight, and the browser's
load time on loopback.

Three measurements, written to bench/results/web.md:

1. Server-side time per page type (home, category, search with facets, job, company, skill)
   in-process through the whole ASGI app, with the SQL time of each request (as the search
   benchmark measures it), over the same 100,000-job data sets as `python -m bench search`:
   warm (the addresses visited again, as popular pages are: page results, facet counts and
   figures come from the cache), changed (a job changed before every request, as on a busy
   board: what the pages keep is outdated, served while it is computed again in the
   background) and cold (the cache emptied before every request, as at the first start).
2. The same pages through real HTTP from a uvicorn process on 127.0.0.1, alternated with a
   bare FastAPI app that answers a fixed HTML page of the same size: the ratio says what the
   page costs beyond the framework, whatever the machine's speed at that hour.
3. Weight: each page's HTML plus the CSS and JavaScript it loads, gzip-compressed as served,
   and the load time in headless Chromium (navigation start to the load event) of pages the
   server has served before: a first visit (nothing in the browser's cache) and a returning
   one (the assets cached).
"""

from __future__ import annotations

import asyncio
import gzip
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from itertools import product
from typing import Any

import httpx
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from bench.search import CACHE, RESULTS, SqlTimer, _percentile, _postgres_url, _prepare
from jobboard.cache import MemoryCache
from jobboard.kept import settle

SEARCHES = (
    {"q": "python", "workplace": "remote"},
    {"q": "golang", "seniority": "senior"},
    {"q": "react developer"},
    {"q": "kubernetes", "location": "Berlin"},
    {"skills": "rust"},
    {"category": "data-engineer", "workplace": "hybrid"},
    {"q": "machine learning", "salary_min": "15000000", "salary_currency": "USD"},
    {"q": "site reliability", "sort": "newest"},
)
CATEGORIES = (
    "senior-back-end-developer",
    "data-engineer",
    "devops-engineer",
    "front-end-developer",
    "machine-learning-engineer",
)
SKILLS = ("python", "go", "kubernetes", "react", "postgresql")
BROWSER_PAGES = ("home", "category", "search", "job")
# warm: the addresses visited again; changed: a job changed before every request (outdated
# figures and pages are served while they are computed again in the background); cold: the
# cache emptied before every request, as at the first start.
MODES = ("warm", "changed", "cold")


async def _job_paths(database: Any, count: int) -> list[str]:
    from jobboard.kit.clock import utcnow
    from jobboard.kit.urls import job_path
    from jobboard.models import Job
    from jobboard.models.job import open_job_clause

    async with database.sessionmaker() as session:
        rows = (
            await session.execute(
                select(Job.id, Job.title)
                .where(open_job_clause(utcnow()))
                .order_by(Job.id.desc())
                .limit(count * 50)
            )
        ).all()
    step = max(1, len(rows) // count)
    return [job_path(job_id, title) for job_id, title in rows[::step][:count]]


async def _company_paths(database: Any, count: int) -> list[str]:
    from jobboard.models import Company

    async with database.sessionmaker() as session:
        slugs = list(await session.scalars(select(Company.slug).order_by(Company.id).limit(count)))
    return [f"/companies/{slug}" for slug in slugs]


def _pages(jobs: list[str], companies: list[str]) -> dict[str, list[str]]:
    searches = ["/jobs?" + "&".join(f"{k}={v}" for k, v in params.items()) for params in SEARCHES]
    return {
        "home": ["/"],
        "category": [f"/categories/{slug}" for slug in CATEGORIES],
        "search (facets)": searches,
        "job": jobs,
        "company": companies,
        "skill": [f"/skills/{slug}" for slug in SKILLS],
    }


async def _in_process(
    label: str, url: str, jobs: int, rounds: int
) -> tuple[list[str], dict[str, list[str]], str]:
    prepared = await _prepare(url, jobs)
    from jobboard.config import get_settings
    from jobboard.db import Database
    from jobboard.main import create_app

    database = Database.from_settings(get_settings())
    timer = SqlTimer()
    timer.attach(database.engine)
    app = create_app(get_settings(), database)
    pages = _pages(await _job_paths(database, 50), await _company_paths(database, 20))
    lines = [
        f"### {label}: server-side, in-process",
        "",
        f"- data: {prepared}",
        "",
        "| page | p50 ms | p95 ms | p99 ms | SQL p50 ms | request / SQL | HTML KB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench"
        ) as client,
    ):
        for (name, paths), mode in product(pages.items(), MODES):
            for path in paths:
                (await client.get(path)).raise_for_status()
            await settle()
            timings: list[float] = []
            sql: list[float] = []
            size = 0
            for index in range(rounds):
                path = paths[index % len(paths)]
                if mode == "cold":
                    # Every kept page, facet count and figure gone, as at the first start.
                    app.state.cache = MemoryCache()
                elif mode == "changed":
                    # A job changed since the last request: the index's generation moved.
                    async with database.unit_of_work() as session:
                        await session.execute(
                            text("UPDATE search_state SET generation = generation + 1")
                        )
                timer.active, timer.total = True, 0.0
                started = time.perf_counter()
                response = await client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
                timer.active = False
                response.raise_for_status()
                sql.append(timer.total * 1000)
                size = max(size, len(response.content))
            p50, p95, p99 = (_percentile(timings, f) for f in (0.5, 0.95, 0.99))
            sql_p50 = statistics.median(sql)
            name = f"{name}, {mode}"
            lines.append(
                f"| {name} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {sql_p50:.1f} | "
                f"{p50 / sql_p50 if sql_p50 else float('nan'):.1f} | {size / 1024:.0f} |"
            )
            print(f"{label:24} {name:28} p50 {p50:6.1f}  p95 {p95:6.1f}  sql {sql_p50:6.1f}")
            await settle()
    await database.dispose()
    return [*lines, ""], pages, url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_BARE_APP = textwrap.dedent(
    """
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse
    import gzip, os
    body = gzip.compress(b"<!doctype html><p>" + b"x" * int(os.environ["BARE_BYTES"]), 5)
    app = FastAPI()

    @app.get("/{path:path}")
    async def page(path: str) -> HTMLResponse:
        return HTMLResponse(body, headers={"Content-Encoding": "gzip"})
    """
)


class Server:
    """A uvicorn process on a free loopback port, serving Jobboard or the bare app."""

    def __init__(self, *, bare: bool, database_url: str, bare_bytes: int = 30_000) -> None:
        self.port = _free_port()
        env = {
            **os.environ,
            "JOBBOARD_DATABASE_URL": database_url,
            "JOBBOARD_EMBEDDED_WORKER": "false",
            "JOBBOARD_LOG_LEVEL": "WARNING",
            "JOBBOARD_PUBLIC_URL": f"http://127.0.0.1:{self.port}",
            "BARE_BYTES": str(bare_bytes),
        }
        if bare:
            app_dir = CACHE / "bare"
            app_dir.mkdir(parents=True, exist_ok=True)
            (app_dir / "bare_app.py").write_text(_BARE_APP)
            command = [
                sys.executable, "-m", "uvicorn", "bare_app:app", "--app-dir", str(app_dir),
                "--port", str(self.port), "--log-level", "warning",
            ]  # fmt: skip
        else:
            command = [
                sys.executable, "-m", "uvicorn", "jobboard.main:create_app", "--factory",
                "--port", str(self.port), "--log-level", "warning",
            ]  # fmt: skip
        self.process = subprocess.Popen(command, env=env)  # noqa: S603 - our own command

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def wait(self) -> None:
        async with httpx.AsyncClient() as client:
            for _ in range(600):
                try:
                    if (await client.get(self.base + "/healthz")).status_code < 500:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


async def _over_http(
    base: str, paths: list[str], rounds: int, client: httpx.AsyncClient
) -> list[float]:
    timings = []
    for index in range(rounds):
        started = time.perf_counter()
        response = await client.get(base + paths[index % len(paths)])
        timings.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return timings


async def _http_ab(label: str, url: str, pages: dict[str, list[str]], rounds: int) -> list[str]:
    """Each page type against the bare app, alternated in three turns."""
    jobboard = Server(bare=False, database_url=url)
    bare = Server(bare=True, database_url=url)
    lines = [
        f"### {label}: through HTTP (uvicorn on 127.0.0.1, one connection), against a bare "
        "FastAPI app answering a 30 KB gzipped page",
        "",
        "| page | Jobboard p50 ms | p95 ms | bare p50 ms | p95 ms | p50 ratio |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    try:
        await jobboard.wait()
        await bare.wait()
        headers = {"Accept-Encoding": "gzip", "Accept": "text/html"}
        async with httpx.AsyncClient(headers=headers, timeout=30) as client:
            for name, paths in pages.items():
                ours: list[float] = []
                theirs: list[float] = []
                await _over_http(jobboard.base, paths, len(paths), client)
                for _ in range(3):
                    ours += await _over_http(jobboard.base, paths, rounds // 3, client)
                    theirs += await _over_http(bare.base, paths, rounds // 3, client)
                ours_p50, ours_p95 = _percentile(ours, 0.5), _percentile(ours, 0.95)
                bare_p50, bare_p95 = _percentile(theirs, 0.5), _percentile(theirs, 0.95)
                lines.append(
                    f"| {name} | {ours_p50:.1f} | {ours_p95:.1f} | {bare_p50:.1f} | "
                    f"{bare_p95:.1f} | {ours_p50 / bare_p50:.1f} |"
                )
                print(f"{label:24} HTTP {name:18} p50 {ours_p50:6.1f} bare {bare_p50:5.1f}")
    finally:
        jobboard.stop()
        bare.stop()
    return [*lines, ""]


def _asset_urls(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/static/[^"]+\.(?:css|js))"', page)


async def _weights_and_browser(label: str, url: str, pages: dict[str, list[str]]) -> list[str]:
    from playwright.async_api import async_playwright

    server = Server(bare=False, database_url=url)
    lines = [
        f"### {label}: page weight and Chromium load time on loopback",
        "",
        "| page | HTML gz KB | CSS+JS gz KB | total gz KB | first load p50 ms | returning p50 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    try:
        await server.wait()
        async with (
            httpx.AsyncClient(headers={"Accept-Encoding": "gzip"}, timeout=30) as client,
            async_playwright() as playwright,
        ):
            browser = await playwright.chromium.launch(
                executable_path=shutil.which("chromium"),
                args=["--no-sandbox", "--disable-background-networking", "--no-first-run"],
            )
            names = {"home": "home", "category": "category", "search": "search (facets)"}
            names["job"] = "job"
            for short in BROWSER_PAGES:
                paths = pages[names[short]]
                for path in paths:
                    # The server's own cache, as for a page someone visited before.
                    (await client.get(server.base + path)).raise_for_status()
                path = paths[0]
                response = await client.get(server.base + path)
                html_gz = len(gzip.compress(response.content, 5))
                assets = 0
                for asset in _asset_urls(response.text):
                    raw = await client.get(server.base + asset)
                    assets += len(gzip.compress(raw.content, 9))
                first: list[float] = []
                returning: list[float] = []
                for turn in range(5):
                    context = await browser.new_context()
                    page = await context.new_page()
                    for visit, bucket in ((0, first), (1, returning)):
                        await page.goto(server.base + paths[(turn + visit) % len(paths)])
                        duration = await page.evaluate(
                            "performance.getEntriesByType('navigation')[0].loadEventEnd"
                            " - performance.getEntriesByType('navigation')[0].startTime"
                        )
                        bucket.append(float(duration))
                    await context.close()
                lines.append(
                    f"| {names[short]} | {html_gz / 1024:.1f} | {assets / 1024:.1f} | "
                    f"{(html_gz + assets) / 1024:.1f} | {statistics.median(first):.0f} | "
                    f"{statistics.median(returning):.0f} |"
                )
            await browser.close()
    finally:
        server.stop()
    return [*lines, ""]


async def run(*, jobs: int, rounds: int, engines: list[str]) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    os.environ["JOBBOARD_DATA_DIR"] = str(CACHE)
    # No background tasks: expiring the data set's jobs would change the index mid-run.
    os.environ["JOBBOARD_EMBEDDED_WORKER"] = "false"
    sections: list[str] = []
    steps: list[Callable[[], Awaitable[None]]] = []
    for engine in engines:
        if engine == "sqlite":
            url = f"sqlite+aiosqlite:///{CACHE / f'search-{jobs}.db'}"
        else:
            url = _postgres_url(
                f"{make_url(os.environ['JOBBOARD_BENCH_DATABASE_URL']).database}_search_{jobs}"
            )
        label = f"{engine}, {jobs:,} jobs"

        async def step(label: str = label, url: str = url) -> None:
            lines, pages, _ = await _in_process(label, url, jobs, rounds)
            sections.extend(lines)
            sections.extend(await _http_ab(label, url, pages, rounds))
            sections.extend(await _weights_and_browser(label, url, pages))

        steps.append(step)
    for step in steps:
        await step()
    RESULTS.mkdir(exist_ok=True)
    header = [
        "# Web pages",
        "",
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {platform.node()} "
        f"({os.cpu_count()} cores, shared with other work; Python {platform.python_version()}), "
        f"{rounds} requests per row after a warm-up visit of each address, one at a time. "
        "Written by `python -m bench web`. Goal: p95 at most 30 ms server-side per page and "
        "at most 60 KB of HTML, CSS and JavaScript, compressed, per page.",
        "",
    ]
    (RESULTS / "web.md").write_text("\n".join([*header, *sections]).rstrip() + "\n")
    print(f"wrote {RESULTS / 'web.md'}")
