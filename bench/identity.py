"""Identity hot paths: the token endpoint's grants and what a bearer token adds to a request.

Requests go through the whole ASGI app in-process (httpx's ASGI transport), so the figures
exclude the network and the HTTP server. Argon2 runs with the production defaults (3 passes,
64 MiB), which dominate the password grant by design. The machine is shared: compare
medians and ratios from one run, not absolute numbers across runs.
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
from typing import Any

import httpx

from bench.catalog import RESULTS, _database_url, _measure, _percentile

PASSWORD = "a long benchmark password 1"  # noqa: S105 - a throwaway account
JOB = {
    "title": "Senior Backend Engineer",
    "description": "Design and run the APIs behind our payments product.",
    "workplace": "remote",
    "status": "published",
}


async def _bench_cache(
    settings: Any,
    database: Any,
    cache_name: str,
    cache: Any,
    rounds: int,
    medians: dict[str, float],
) -> list[str]:
    from jobboard.auth.dependencies import principal_from_token
    from jobboard.main import create_app

    lines: list[str] = []
    app = create_app(settings, database, cache)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench"
    ) as client:
        email = f"bench-{cache_name}-{time.time_ns()}@example.com"
        registered = await client.post(
            "/api/v1/auth/register",
            json={
                "email": email,
                "password": PASSWORD,
                "display_name": "B",
                "role": "employer",
            },
        )
        registered.raise_for_status()
        signed_in = await client.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": email, "password": PASSWORD},
        )
        tokens = signed_in.json()
        bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
        company = await client.post(
            "/api/v1/companies", json={"name": f"Bench {cache_name}"}, headers=bearer
        )
        company.raise_for_status()
        slug = company.json()["slug"]
        job = await client.post("/api/v1/jobs", json={**JOB, "company": slug}, headers=bearer)
        job.raise_for_status()
        job_url = f"/api/v1/jobs/{job.json()['id']}"
        created = await client.post(
            f"/api/v1/companies/{slug}/clients",
            json={"name": "bench", "scopes": ["jobs:read", "jobs:write"]},
            headers=bearer,
        )
        credentials = created.json()
        refresh = {"token": tokens["refresh_token"]}

        async def refresh_grant(_: int) -> httpx.Response:
            response = await client.post(
                "/api/v1/auth/token",
                data={"grant_type": "refresh_token", "refresh_token": refresh["token"]},
            )
            refresh["token"] = response.json().get("refresh_token", refresh["token"])
            return response

        async def cold_standing(_: int) -> httpx.Response:
            user_id = int(registered.json()["id"])
            await cache.delete(f"standing:user:{user_id}")
            return await client.get(job_url, headers=bearer)

        calls: dict[str, tuple[Callable[[int], Awaitable[httpx.Response]], int]] = {
            "POST /auth/token (password)": (
                lambda i: client.post(
                    "/api/v1/auth/token",
                    data={"grant_type": "password", "username": email, "password": PASSWORD},
                ),
                max(20, rounds // 10),
            ),
            "POST /auth/token (refresh_token)": (refresh_grant, rounds),
            "POST /auth/token (client_credentials)": (
                lambda i: client.post(
                    "/api/v1/auth/token",
                    data={
                        "grant_type": "client_credentials",
                        "client_id": credentials["client_id"],
                        "client_secret": credentials["client_secret"],
                    },
                ),
                rounds,
            ),
        }
        for name, (call, count) in calls.items():
            median, p95, p99 = await _measure(call, count)
            medians[f"{name}|{cache_name}"] = median
            lines.append(f"| `{name}` | {cache_name} | {median:.2f} | {p95:.2f} | {p99:.2f} |")
            print(
                f"{database.dialect:10} {cache_name:6} {name:55} median {median:7.2f} ms",
                flush=True,
            )

        # Interleaved, so that drift on a shared machine hits the three alike.
        interleaved: dict[str, Callable[[int], Awaitable[httpx.Response]]] = {
            "GET /jobs/{id} anonymous": lambda i: client.get(job_url),
            "GET /jobs/{id} with a bearer token": lambda i: client.get(job_url, headers=bearer),
            "GET /jobs/{id} with a bearer token, standing not cached": cold_standing,
        }
        samples: dict[str, list[float]] = {name: [] for name in interleaved}
        for index in range(rounds + 10):
            for name, call in interleaved.items():
                started = time.perf_counter()
                response = await call(index)
                elapsed = (time.perf_counter() - started) * 1000
                response.raise_for_status()
                if index >= 10:
                    samples[name].append(elapsed)
        for name, timings in samples.items():
            median = statistics.median(timings)
            medians[f"{name}|{cache_name}"] = median
            lines.append(
                f"| `{name}` | {cache_name} | {median:.2f} | {_percentile(timings, 0.95):.2f} "
                f"| {_percentile(timings, 0.99):.2f} |"
            )

        keyring = app.state.keyring
        user_key = f"standing:user:{registered.json()['id']}"
        for label, cold in (("cached", False), ("read from the database", True)):
            timings = []
            for _ in range(rounds * 5):
                if cold:
                    await cache.delete(user_key)
                started = time.perf_counter()
                await principal_from_token(
                    tokens["access_token"],
                    keyring=keyring,
                    database=database,
                    cache=cache,
                    settings=settings,
                )
                timings.append((time.perf_counter() - started) * 1000)
            verify = statistics.median(timings)
            medians[f"verify {label}|{cache_name}"] = verify
            lines.append(
                f"| verify token, standing {label} (no HTTP) | {cache_name} | {verify:.3f} "
                f"| {_percentile(timings, 0.95):.3f} | {_percentile(timings, 0.99):.3f} |"
            )
    return lines


async def _bench_engine(engine: str, rounds: int, redis_url: str | None) -> list[str]:
    scratch = Path(tempfile.mkdtemp(prefix="jobboard-bench-identity-"))
    os.environ["JOBBOARD_DATA_DIR"] = str(scratch)
    os.environ["JOBBOARD_DATABASE_URL"] = _database_url(engine, scratch)
    os.environ["JOBBOARD_RATE_LIMITS"] = '{"register": "1000000/hour", "token": "1000000/minute"}'
    from jobboard import cli
    from jobboard.cache import Cache, MemoryCache, RedisCache
    from jobboard.config import get_settings
    from jobboard.db import Database

    get_settings.cache_clear()
    settings = get_settings()
    await cli._migrate()
    database = Database.from_settings(settings)
    caches: list[tuple[str, Cache]] = [("memory", MemoryCache())]
    if redis_url:
        caches.append(("redis", RedisCache.from_url(redis_url, prefix="jobboard-bench:")))
    lines = [
        f"### {engine}",
        "",
        "| request | cache | median ms | p95 ms | p99 ms |",
        "|---|---|---:|---:|---:|",
    ]
    medians: dict[str, float] = {}
    for cache_name, cache in caches:
        lines += await _bench_cache(settings, database, cache_name, cache, rounds, medians)
    await database.dispose()
    for _, cache in caches:
        await cache.close()
    lines.append("")
    for cache_name, _ in caches:
        anonymous = medians[f"GET /jobs/{{id}} anonymous|{cache_name}"]
        authed = medians[f"GET /jobs/{{id}} with a bearer token|{cache_name}"]
        cold = medians[f"GET /jobs/{{id}} with a bearer token, standing not cached|{cache_name}"]
        lines.append(
            f"- {cache_name}: a bearer token adds {authed - anonymous:+.2f} ms to the median "
            f"request ({authed / anonymous:.2f}x); with the standing not cached "
            f"{cold - anonymous:+.2f} ms ({cold / anonymous:.2f}x)."
        )
    return [*lines, ""]


async def run(*, engines: list[str], rounds: int, **_: Any) -> None:
    redis_url = os.environ.get("JOBBOARD_BENCH_REDIS_URL")
    sections = []
    for engine in engines:
        sections += await _bench_engine(engine, rounds, redis_url)
    RESULTS.mkdir(exist_ok=True)
    header = [
        "# Identity: token endpoint and authenticated request overhead",
        "",
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {platform.node()} "
        f"({os.cpu_count()} cores, Python {platform.python_version()}), {rounds} requests per "
        "row (the password grant a tenth of that) after 10 warm-up requests, one at a time, "
        "in-process through the ASGI app. Argon2id at the production defaults (3 passes, "
        "64 MiB). Redis rows when JOBBOARD_BENCH_REDIS_URL is set. Written by "
        "`python -m bench identity`.",
        "",
    ]
    (RESULTS / "identity.md").write_text("\n".join(header + sections))
    print(f"wrote {RESULTS / 'identity.md'}")
