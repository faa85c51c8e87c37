"""Jobboard through real HTTP under load, against a bare FastAPI app in the same run.

wrk (the HTTP load generator; `apt-get install wrk`) sends requests over 64 connections to one
uvicorn worker serving Jobboard on the PostgreSQL search data set (100,000 jobs, shared with
`python -m bench search`), then to one serving ``bench/bare.py`` (FastAPI, a psycopg pool, one
JOIN per job), in turns, so that both see the machine at the same hour:

- ``/healthz``: the fixed cost of a request (routing, middleware, the server);
- job detail: ``GET /api/v1/jobs/{id}`` over 2,000 open jobs in random order;
- a search mix: 1,200 distinct searches (keywords, skills, workplace, seniority, places, pay)
  asked with a Zipf popularity (the first is asked most, the 1,000th a thousand times less),
  as search boxes are; Jobboard only (the bare app has no search).

Also: the time from starting the process to its first ``/healthz`` answer, its memory (RSS)
after the start and after the load, and the rate of searches answered from the result cache.
Figures go to bench/results/http.md. Needs JOBBOARD_BENCH_DATABASE_URL (PostgreSQL).
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import httpx
from sqlalchemy.engine import make_url

from bench.search import CACHE, RESULTS, _postgres_url, _prepare
from bench.web import _free_port

CONNECTIONS = 64
DISTINCT_SEARCHES = 1_200
SEED = 20261208

_SCRIPT = """
local paths = {}
local index = 0
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  index = math.random(#paths)
end
request = function()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end
done = function(summary, latency, requests)
  io.write(string.format(
    "RESULT {\\"requests\\": %d, \\"seconds\\": %f, \\"non2xx\\": %d, \\"errors\\": %d, "
    .. "\\"p50\\": %f, \\"p95\\": %f, \\"p99\\": %f}\\n",
    summary.requests, summary.duration / 1e6, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


@dataclass(frozen=True)
class Run:
    requests: int
    seconds: float
    non2xx: int
    errors: int
    p50: float
    p95: float
    p99: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


class Server:
    """One uvicorn worker on a free loopback port: Jobboard or the bare app."""

    def __init__(self, *, bare: bool, database_url: str) -> None:
        self.port = _free_port()
        env = {
            **os.environ,
            "JOBBOARD_DATABASE_URL": database_url,
            "JOBBOARD_EMBEDDED_WORKER": "false",
            "JOBBOARD_LOG_LEVEL": "WARNING",
            # The pages' figures are not what is measured here: computing them at start
            # (seconds of SQL) would run into the first turns.
            "JOBBOARD_WARM_FIGURES_ON_START": "false",
            "BARE_DATABASE_URL": make_url(database_url)
            .set(drivername="postgresql")
            .render_as_string(hide_password=False),
        }
        if os.environ.get("JOBBOARD_BENCH_REDIS_URL"):
            env["JOBBOARD_REDIS_URL"] = os.environ["JOBBOARD_BENCH_REDIS_URL"]
        app = ["bench.bare:app"] if bare else ["jobboard.main:create_app", "--factory"]
        command = [
            sys.executable, "-m", "uvicorn", *app, "--port", str(self.port),
            "--log-level", "warning", "--no-access-log",
        ]  # fmt: skip
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command, env=env)  # noqa: S603 - our own command
        self.ready_after = 0.0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def wait(self) -> None:
        async with httpx.AsyncClient() as client:
            for _ in range(6000):
                try:
                    if (await client.get(self.base + "/healthz")).status_code == 200:
                        self.ready_after = time.perf_counter() - self.started
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.02)
        raise RuntimeError("the server did not start")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _wrk(base: str, paths_file: Path, seconds: int, connections: int) -> Run:
    script = CACHE / "http.lua"
    script.write_text(_SCRIPT)
    wrk = shutil.which("wrk")
    assert wrk is not None
    command = [
        wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
        "-s", str(script), base, "--", str(paths_file),
    ]  # fmt: skip
    output = subprocess.run(  # noqa: S603 - our own command
        command, capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    return Run(**json.loads(line.removeprefix("RESULT ")))


async def _workload(url: str) -> tuple[list[str], list[str]]:
    """Job paths (2,000 open jobs, shuffled) and the search mix (Zipf over distinct searches)."""
    import psycopg

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    async with await psycopg.AsyncConnection.connect(plain) as connection:
        jobs = [
            row[0]
            for row in await (
                await connection.execute(
                    "SELECT id FROM job WHERE status = 'published' AND expires_at > now() "
                    "ORDER BY md5(id::text) LIMIT 2000"
                )
            ).fetchall()
        ]
        skills = list(
            await (
                await connection.execute(
                    "SELECT skill.slug, skill.name FROM skill JOIN job_skill ON "
                    "job_skill.skill_id = skill.id GROUP BY skill.id ORDER BY count(*) DESC "
                    "LIMIT 200"
                )
            ).fetchall()
        )
        cities = [
            row[0]
            for row in await (
                await connection.execute(
                    "SELECT city FROM job_location WHERE city IS NOT NULL GROUP BY city "
                    "ORDER BY count(*) DESC LIMIT 40"
                )
            ).fetchall()
        ]
    rng = random.Random(SEED)
    words = ("engineer", "developer", "senior", "backend", "frontend", "platform", "data", "lead")
    distinct: dict[str, None] = {}
    while len(distinct) < DISTINCT_SEARCHES:
        slug, name = rng.choice(skills)
        query: dict[str, str] = {}
        shape = rng.random()
        if shape < 0.5:
            query["q"] = name if rng.random() < 0.6 else f"{rng.choice(words)} {name}"
        elif shape < 0.7:
            query["skills"] = slug
        else:
            query["q"] = f"{name} {rng.choice(skills)[1]}"
        if rng.random() < 0.3:
            query["workplace"] = rng.choice(("remote", "hybrid", "onsite"))
        if rng.random() < 0.25:
            query["seniority"] = rng.choice(("junior", "mid", "senior", "staff"))
        if rng.random() < 0.2:
            query["location"] = rng.choice(cities)
        if rng.random() < 0.1:
            query["salary_min"] = str(rng.choice((8, 10, 12, 15)) * 1_000_000)
            query["salary_currency"] = "USD"
        if rng.random() < 0.3:
            query["facets"] = "all"
        distinct["/api/v1/jobs/search?" + urlencode(query)] = None
    searches = list(distinct)
    weights = [1 / (rank + 1) for rank in range(len(searches))]
    mix = rng.choices(searches, weights=weights, k=30_000)
    return [f"/api/v1/jobs/{job_id}" for job_id in jobs], mix


async def run(*, engines: list[str], seconds: int = 10, turns: int = 3) -> None:
    if "postgresql" not in engines:
        print("http: skipped, it needs JOBBOARD_BENCH_DATABASE_URL (PostgreSQL)")
        return
    if shutil.which("wrk") is None:
        raise SystemExit("http: needs wrk on the PATH (apt-get install wrk)")
    CACHE.mkdir(parents=True, exist_ok=True)
    url = _postgres_url("jobboard_search_100000")
    data = await _prepare(url, 100_000)
    job_paths, search_mix = await _workload(url)
    files = {}
    for name, paths in (("healthz", ["/healthz"]), ("job", job_paths), ("search", search_mix)):
        files[name] = CACHE / f"http-{name}.txt"
        files[name].write_text("\n".join(paths) + "\n")

    results: dict[tuple[str, str], list[Run]] = {}
    starts: list[float] = []
    rss: list[tuple[float, float]] = []
    for _ in range(turns):
        for bare in (False, True):
            server = Server(bare=bare, database_url=url)
            try:
                await server.wait()
                label = "bare" if bare else "jobboard"
                if not bare:
                    starts.append(server.ready_after)
                    after_start = server.rss_mb()
                targets = ("healthz", "job") if bare else ("healthz", "job", "search")
                for target in targets:
                    # A short warm-up, then the measured run.
                    _wrk(server.base, files[target], 2, CONNECTIONS)
                    results.setdefault((target, label), []).append(
                        _wrk(server.base, files[target], seconds, CONNECTIONS)
                    )
                if not bare:
                    rss.append((after_start, server.rss_mb()))
            finally:
                server.stop()
    _write(results, starts, rss, data, seconds, turns)


def _median(runs: list[Run], value: str) -> float:
    return float(statistics.median(getattr(run, value) for run in runs))


def _write(
    results: dict[tuple[str, str], list[Run]],
    starts: list[float],
    rss: list[tuple[float, float]],
    data: str,
    seconds: int,
    turns: int,
) -> None:
    load = os.getloadavg()[0]
    lines = [
        "# Through real HTTP, under load",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
        f"({os.cpu_count()} cores, shared; Python {platform.python_version()}), load average "
        f"{load:.1f} at the end. Written by `python -m bench http`: wrk with {CONNECTIONS} "
        f"connections, {seconds} s per run, {turns} turns alternating Jobboard (one uvicorn "
        "worker, PostgreSQL, 100,000 jobs) with `bench/bare.py` (FastAPI, a psycopg pool, one "
        "JOIN), medians of the turns. Data: " + data + ".",
        "",
        "| what | Jobboard req/s | p50 ms | p95 ms | bare req/s | bare p95 ms | Jobboard ÷ bare "
        "| non-2xx / errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    names = {"healthz": "`/healthz`", "job": "job detail", "search": "search mix (Zipf)"}
    for target, name in names.items():
        mine = results[(target, "jobboard")]
        bare = results.get((target, "bare"))
        ratio = f"{_median(mine, 'rate') / _median(bare, 'rate'):.2f}" if bare else "—"
        lines.append(
            f"| {name} | {_median(mine, 'rate'):,.0f} | {_median(mine, 'p50'):.1f} | "
            f"{_median(mine, 'p95'):.1f} | "
            + (f"{_median(bare, 'rate'):,.0f} | {_median(bare, 'p95'):.1f}" if bare else "— | —")
            + f" | {ratio} | {sum(run.non2xx for run in mine)} / "
            f"{sum(run.errors for run in mine)} |"
        )
    lines += [
        "",
        "Each turn, request rate per run (Jobboard / bare):",
        "",
    ]
    for target, name in names.items():
        rates = [f"{run.rate:,.0f}" for run in results[(target, "jobboard")]]
        bare_runs = results.get((target, "bare"), [])
        lines.append(
            f"- {name}: "
            + ", ".join(rates)
            + (" / " + ", ".join(f"{run.rate:,.0f}" for run in bare_runs) if bare_runs else "")
        )
    lines += [
        "",
        f"Start to the first `/healthz`: median {statistics.median(starts):.1f} s "
        f"({', '.join(f'{value:.1f}' for value in starts)}). Memory (RSS) after the start and "
        f"after the load: median {statistics.median(value[0] for value in rss):.0f} MB and "
        f"{statistics.median(value[1] for value in rss):.0f} MB.",
        "",
    ]
    path = RESULTS / "http.md"
    path.write_text("\n".join(lines))
    print("\n".join(lines))
