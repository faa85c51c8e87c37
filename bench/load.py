"""A mixed workload over real HTTP: many clients at once against one `jobboard` process.

Each client loops for the run's length, choosing its next request by weight: browse and
search 70% (a search, a job, a category list), save and apply 20% (save a job, apply to
one), sign in and post 10% (a password sign-in, an employer creating a draft job). A probe
asks /healthz every 50 ms meanwhile. The server is uvicorn (one process) with production
argon2 parameters, on a fresh database holding the demo data. After the run every
acknowledged save and application is looked for in the database: a missing one is a lost
write.

Usage: python -m bench load [--clients 32] [--seconds 60]
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import random
import secrets
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select, tuple_

from bench.catalog import RESULTS, _database_url, _percentile
from bench.web import Server

PASSWORD = "a long load password 1"  # noqa: S105 - the load accounts' own
# What the report of issue 18 measured before this work, 32 clients for 60 s.
BEFORE = {"sqlite": (29, 4400), "postgresql": (25, 3300)}
QUERIES = ["python", "go", "senior backend", "kubernetes", "react", "data engineer", "rust"]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[int] = field(default_factory=Counter)
    saved: set[tuple[int, int]] = field(default_factory=set)
    applied: set[tuple[int, int]] = field(default_factory=set)
    health: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)


@dataclass
class Person:
    id: int
    email: str
    headers: dict[str, str]


async def _register(client: httpx.AsyncClient, role: str) -> Person:
    email = f"load-{role}-{secrets.token_hex(5)}@example.com"
    response = await client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "display_name": "Load", "role": role},
    )
    response.raise_for_status()
    token = await client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": email, "password": PASSWORD},
    )
    token.raise_for_status()
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    return Person(response.json()["id"], email, headers)


async def _client_loop(
    client: httpx.AsyncClient,
    seeker: Person,
    employer: Person,
    company: str,
    job_ids: list[int],
    deadline: float,
    tally: Tally,
    rng: random.Random,
) -> None:
    while time.perf_counter() < deadline:
        draw = rng.random()
        job_id = rng.choice(job_ids)
        if draw < 0.40:
            name, request = (
                "search",
                client.get("/api/v1/jobs/search", params={"q": rng.choice(QUERIES), "limit": 20}),
            )
        elif draw < 0.60:
            name, request = "job", client.get(f"/api/v1/jobs/{job_id}")
        elif draw < 0.70:
            name, request = "categories", client.get("/api/v1/categories")
        elif draw < 0.80:
            name, request = (
                "save",
                client.post(
                    "/api/v1/me/saved-jobs", json={"job_id": job_id}, headers=seeker.headers
                ),
            )
        elif draw < 0.90:
            name, request = (
                "apply",
                client.post(f"/api/v1/jobs/{job_id}/applications", json={}, headers=seeker.headers),
            )
        elif draw < 0.95:
            name, request = (
                "sign in",
                client.post(
                    "/api/v1/auth/token",
                    data={"grant_type": "password", "username": seeker.email, "password": PASSWORD},
                ),
            )
        else:
            name, request = (
                "post job",
                client.post(
                    "/api/v1/jobs",
                    json={
                        "company": company,
                        "title": "Senior Backend Engineer",
                        "description": "Build and run the APIs of our product in Go.",
                        "category": "senior-back-end-developer",
                        "employment_type": "full_time",
                        "workplace": "remote",
                    },
                    headers=employer.headers,
                ),
            )
        started = time.perf_counter()
        try:
            response = await request
        except httpx.HTTPError as error:
            tally.errors[type(error).__name__] += 1
            continue
        tally.latencies[name].append((time.perf_counter() - started) * 1000)
        tally.statuses[response.status_code] += 1
        if name == "save" and response.status_code in (200, 201):
            tally.saved.add((seeker.id, job_id))
        elif name == "apply" and response.status_code == 201:
            tally.applied.add((seeker.id, job_id))


async def _health_probe(base: str, deadline: float, tally: Tally) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            await client.get("/healthz")
            tally.health.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.05)


async def _lost_writes(url: str, tally: Tally) -> tuple[int, int]:
    from jobboard.db import create_engine
    from jobboard.models import Application, SavedJob

    engine = create_engine(url, pool_size=1)
    lost = []
    async with engine.connect() as connection:
        for model, owner, acknowledged in (
            (SavedJob, SavedJob.user_id, tally.saved),
            (Application, Application.candidate_id, tally.applied),
        ):
            if not acknowledged:
                lost.append(0)
                continue
            found = await connection.scalar(
                select(func.count()).where(tuple_(owner, model.job_id).in_(sorted(acknowledged)))
            )
            lost.append(len(acknowledged) - int(found or 0))
    await engine.dispose()
    return lost[0], lost[1]


async def _run_engine(engine: str, clients: int, seconds: int) -> tuple[list[str], str]:
    scratch = Path(tempfile.mkdtemp(prefix="jobboard-load-"))
    url = _database_url(engine, scratch)
    os.environ["JOBBOARD_DATA_DIR"] = str(scratch)
    os.environ["JOBBOARD_DATABASE_URL"] = url
    from jobboard import cli
    from jobboard.config import get_settings

    get_settings.cache_clear()
    await cli._migrate()
    await cli._demo(companies=30, jobs=1000, seed=20261207)
    server = Server(bare=False, database_url=url)
    tally = Tally()
    try:
        await server.wait()
        limits = httpx.Limits(max_connections=clients + 4)
        async with httpx.AsyncClient(base_url=server.base, timeout=60, limits=limits) as client:
            found = await client.get("/api/v1/jobs/search", params={"limit": 100})
            job_ids = [item["id"] for item in found.json()["items"]]
            seekers = [await _register(client, "seeker") for _ in range(clients)]
            employer = await _register(client, "employer")
            company = await client.post(
                "/api/v1/companies",
                json={"name": f"Load {secrets.token_hex(3)}", "headquarters": "Berlin"},
                headers=employer.headers,
            )
            company.raise_for_status()
            deadline = time.perf_counter() + seconds
            started = time.perf_counter()
            await asyncio.gather(
                _health_probe(server.base, deadline, tally),
                *(
                    _client_loop(
                        client,
                        seekers[number],
                        employer,
                        company.json()["slug"],
                        job_ids,
                        deadline,
                        tally,
                        random.Random(number),
                    )
                    for number in range(clients)
                ),
            )
            elapsed = time.perf_counter() - started
    finally:
        server.stop()
    lost_saves, lost_applications = await _lost_writes(url, tally)
    every = [value for values in tally.latencies.values() for value in values]
    total = len(every)
    server_errors = sum(count for status, count in tally.statuses.items() if status >= 500)
    rate = total / elapsed
    p95 = _percentile(every, 0.95)
    before_rate, before_p95 = BEFORE[engine]
    lines = [
        f"### {engine}",
        "",
        f"{total:,} requests in {elapsed:.0f} s: **{rate:.0f} requests/s** (before: "
        f"{before_rate}/s, {rate / before_rate:.1f}x), **p95 {p95:.0f} ms** (before: "
        f"{before_p95:,} ms), median {statistics.median(every):.0f} ms; "
        f"5xx: {server_errors}; transport errors: {sum(tally.errors.values())}; "
        f"lost writes: {lost_saves} saves of {len(tally.saved)}, {lost_applications} "
        f"applications of {len(tally.applied)}; /healthz meanwhile: median "
        f"{statistics.median(tally.health):.1f} ms, p95 {_percentile(tally.health, 0.95):.1f} ms "
        f"({len(tally.health)} probes). Load average of the machine (1 min) at the end: "
        f"{os.getloadavg()[0]:.1f}.",
        "",
        f"Statuses: {json.dumps(dict(sorted(tally.statuses.items())))}",
        "",
        "| request | count | median ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, values in sorted(tally.latencies.items()):
        lines.append(
            f"| {name} | {len(values):,} | {statistics.median(values):.0f} | "
            f"{_percentile(values, 0.95):.0f} | {max(values):.0f} |"
        )
    summary = f"{engine}: {rate:.0f}/s, p95 {p95:.0f} ms, 5xx {server_errors}"
    return [*lines, ""], summary


async def run(*, engines: list[str], clients: int = 32, seconds: int = 60, **_: Any) -> None:
    # Production hashing (the defaults), limits out of the way of one load generator, and
    # the embedded task runner on as a user of SQLite would run it.
    os.environ.pop("JOBBOARD_ARGON2_TIME_COST", None)
    os.environ.pop("JOBBOARD_ARGON2_MEMORY_KIB", None)
    os.environ["JOBBOARD_RATE_LIMITS"] = json.dumps(
        dict.fromkeys(("register", "token"), "1000000/hour")
    )
    os.environ["JOBBOARD_EMBEDDED_WORKER"] = "true"
    sections: list[str] = []
    for engine in engines:
        lines, summary = await _run_engine(engine, clients, seconds)
        print(summary)
        sections.extend(lines)
    RESULTS.mkdir(exist_ok=True)
    header = [
        "# Mixed load",
        "",
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {platform.node()} "
        f"({os.cpu_count()} cores, shared with other work; Python {platform.python_version()}): "
        f"{clients} clients for {seconds} s against one uvicorn process over loopback HTTP, "
        "the load generator on the same machine. Browse and search 70% (search 40, job 20, "
        "categories 10), save and apply 20%, sign in and post a job 10% (5 and 5); argon2id "
        "at its production defaults. 'Before' is what the report of issue 18 measured with "
        "the same mix. Written by `python -m bench load`.",
        "",
    ]
    (RESULTS / "load.md").write_text("\n".join([*header, *sections]).rstrip() + "\n")
    print(f"wrote {RESULTS / 'load.md'}")
