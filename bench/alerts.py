"""Saved-search alerts: matching 1,000 new jobs against 1,000 to 100,000 saved searches,
on SQLite and PostgreSQL, against testing every search on every job.

The saved searches are drawn from what seekers ask for (a title word or skill, often a
category, a city with a radius or remote, a pay floor, a seniority), compiled once through
the code the API uses, and filed under their keys. Matching runs as the ``alerts.match``
task does: the jobs' facts are read, the searches filed under their keys are fetched and
tested, the matches written, in batches of 500 jobs. The machine is shared: compare medians
and ratios from one run, not absolute numbers across runs.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from typing import Any

from bench.catalog import write_per_engine
from bench.integrations import _setup

NEW_JOBS = 1_000
SCALES = (1_000, 10_000, 100_000)
NAIVE_JOBS = 50
WORDS = (
    "python", "golang", "rust", "java", "react", "typescript", "kubernetes", "terraform",
    "backend", "frontend", "fullstack", "data engineer", "platform", "sre", "security",
    "machine learning", "staff", "principal", "payments", "ios", "android", "django",
    '"site reliability"', "java -spring", "typescript OR javascript", "node.js", "postgres",
    "engineering manager", "devops", "scala", "elixir", "c++", "embedded", "graphql",
)  # fmt: skip
SKILLS = (
    "python", "go", "rust", "java", "react", "typescript", "kubernetes", "aws", "postgresql",
    "terraform", "docker", "kafka", "graphql", "django", "node-js", "gcp", "azure", "redis",
)  # fmt: skip
CITIES = (
    "Berlin", "London", "New York", "San Francisco", "Austin", "Toronto", "Amsterdam",
    "Paris", "Madrid", "Stockholm", "Bangalore", "Singapore", "Sydney", "Warsaw", "Lisbon",
)  # fmt: skip


def _search(chooser: random.Random, categories: list[str]) -> dict[str, Any]:
    search: dict[str, Any] = {}
    roll = chooser.random()
    if roll < 0.75:
        search["q"] = chooser.choice(WORDS)
    if roll > 0.6:
        search["skills"] = [chooser.choice(SKILLS)]
    if chooser.random() < 0.4:
        search["category"] = [chooser.choice(categories)]
    place = chooser.random()
    if place < 0.4:
        search["location"] = chooser.choice(CITIES)
        search["radius_km"] = chooser.choice((25, 50, 100))
    elif place < 0.65:
        search["workplace"] = ["remote"]
        if chooser.random() < 0.5:
            search["remote_region"] = [chooser.choice(("DE", "US", "europe", "GB"))]
    if chooser.random() < 0.3:
        search["salary_min"] = chooser.choice((60_000, 90_000, 120_000)) * 100
    if chooser.random() < 0.3:
        search["seniority"] = [chooser.choice(("junior", "mid", "senior", "staff"))]
    return search


async def _jobs(database: Any) -> list[int]:
    from sqlalchemy import select

    from jobboard.demo.generator import generate
    from jobboard.demo.loader import load_demo
    from jobboard.models import Job
    from jobboard.taxonomy.catalog import load_catalog

    data = generate(load_catalog(), now=datetime.now(UTC), companies=80, jobs=NEW_JOBS, seed=11)
    async with database.unit_of_work() as session:
        await load_demo(session, data=data)
    async with database.read_session() as session:
        return list(await session.scalars(select(Job.id).where(Job.status == "published")))


async def _save_searches(database: Any, count: int, start: int) -> tuple[list[float], int]:
    """Add ``count`` saved searches (compiled as the API does); return the compile times of
    the distinct searches and how many there were."""
    from sqlalchemy import insert, select

    from jobboard.alerts import service
    from jobboard.alerts.schemas import SearchFilters
    from jobboard.models import Category, SavedSearch, SavedSearchKey, User

    chooser = random.Random(start)
    async with database.read_session() as session:
        categories = list(await session.scalars(select(Category.slug)))
    compiled: dict[str, Any] = {}
    timings: list[float] = []
    now = datetime.now(UTC)
    version = service.rule_version()
    async with database.unit_of_work() as session:
        owners = [
            User(
                email=f"alerts-{start + index}@bench.example",
                password_hash="-",
                role="seeker",
                display_name="S",
            )
            for index in range(max(1, count // 10))
        ]
        session.add_all(owners)
        await session.flush()
        rows = []
        for index in range(count):
            search = SearchFilters.model_validate(_search(chooser, categories))
            key = search.model_dump_json()
            if key not in compiled:
                began = time.perf_counter()
                compiled[key] = await service.compile_search(session, search, vocabulary=None)
                timings.append(time.perf_counter() - began)
            rows.append(
                {
                    "user_id": owners[index % len(owners)].id,
                    "name": f"search {index}",
                    "search": search.model_dump(mode="json"),
                    "rule": compiled[key].rule.to_json(),
                    "rule_version": version,
                    "frequency": chooser.choice(("instant", "daily", "daily", "weekly")),
                    "email": True,
                    "feed_salt": "bench",
                    "active": True,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
        for begin in range(0, len(rows), 2_000):
            ids = list(
                await session.scalars(
                    insert(SavedSearch).returning(SavedSearch.id, sort_by_parameter_order=True),
                    rows[begin : begin + 2_000],
                )
            )
            keys = [
                {"key": key, "saved_search_id": saved_id}
                for saved_id, row in zip(ids, rows[begin : begin + 2_000], strict=True)
                for key in compiled[
                    SearchFilters.model_validate(row["search"]).model_dump_json()
                ].keys
            ]
            await session.execute(insert(SavedSearchKey), keys)
    return timings, len(compiled)


async def _match(database: Any, job_ids: list[int]) -> dict[str, float]:
    """Match the jobs as the task does (batches of 500); the matches are deleted after."""
    from sqlalchemy import delete

    from jobboard.alerts import service
    from jobboard.models import AlertMatch

    totals = {"seconds": 0.0, "facts": 0.0, "lookup": 0.0, "test": 0.0, "write": 0.0}
    tested = found = 0
    began = time.perf_counter()
    for start in range(0, len(job_ids), service.MATCH_BATCH):
        async with database.unit_of_work() as session:
            facts_began = time.perf_counter()
            facts = await service.facts_for(session, job_ids[start : start + service.MATCH_BATCH])
            totals["facts"] += time.perf_counter() - facts_began
            report = await service.match_jobs(session, facts, now=datetime.now(UTC))
        for phase, seconds in report.seconds.items():
            totals[phase] += seconds
        tested += report.candidates
        found += len(report.matches)
    totals["seconds"] = time.perf_counter() - began
    async with database.unit_of_work() as session:
        await session.execute(delete(AlertMatch))
    return {**totals, "tested": tested, "found": found}


async def _naive(database: Any, job_ids: list[int]) -> tuple[float, int]:
    """Every active search tested on each of ``NAIVE_JOBS`` jobs, in memory (rules loaded
    once, not timed): seconds per job, and the matches found."""
    from sqlalchemy import select

    from jobboard.alerts import service
    from jobboard.alerts.rules import Rule, matches
    from jobboard.models import SavedSearch

    async with database.read_session() as session:
        rules = [Rule.from_json(rule) for rule in await session.scalars(select(SavedSearch.rule))]
        facts = await service.facts_for(session, job_ids[:NAIVE_JOBS])
    began = time.perf_counter()
    found = sum(matches(rule, fact) for fact in facts for rule in rules)
    return (time.perf_counter() - began) / len(facts), found


async def _bench_engine(engine: str) -> list[str]:
    database = await _setup(engine)
    try:
        job_ids = await _jobs(database)
        rows = [
            f"### {engine}",
            "",
            f"{len(job_ids):,} new jobs matched in batches of 500, as the `alerts.match` task "
            "does (one transaction per batch, commit included). Seconds per phase over all "
            "batches: reading the jobs' facts, finding the searches filed under their keys, "
            "testing those, writing the matches. *Tested* counts the (search, job) pairs the "
            "keys let through, against searches × jobs. *Naive test* is testing every search "
            f"on every job in memory (measured on {NAIVE_JOBS} jobs, scaled to all), the "
            "cheapest form of running every saved search for every job.",
            "",
            "| saved searches | total s | jobs/s | facts s | lookup s | test s | write s | "
            "tested pairs | share of all pairs | matches | naive test s (est.) | "
            "naive / keyed test |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        saved = 0
        compile_times: list[float] = []
        for scale in SCALES:
            timings, _ = await _save_searches(database, scale - saved, start=saved)
            compile_times += timings
            saved = scale
            result = await _match(database, job_ids)
            per_job, _ = await _naive(database, job_ids)
            naive = per_job * len(job_ids)
            share = result["tested"] / (scale * len(job_ids))
            rows.append(
                f"| {scale:,} | {result['seconds']:.2f} | "
                f"{len(job_ids) / result['seconds']:,.0f} | {result['facts']:.2f} | "
                f"{result['lookup']:.2f} | {result['test']:.2f} | {result['write']:.2f} | "
                f"{int(result['tested']):,} | {share:.2%} | {int(result['found']):,} | "
                f"{naive:.1f} | {naive / result['test']:.0f}× |"
            )
        ordered = sorted(compile_times)
        rows += [
            "",
            f"Compiling a search when it is saved (resolve names, parse the keywords, pick its "
            f"keys), {len(ordered):,} distinct searches: median "
            f"{ordered[len(ordered) // 2] * 1000:.2f} ms, p95 "
            f"{ordered[int(len(ordered) * 0.95)] * 1000:.2f} ms.",
            "",
        ]
        return rows
    finally:
        await database.dispose()


NOTES = [
    "",
    "## Reading the tables",
    "",
    "- The generated searches are broad (a single word such as `python` or `platform`, "
    "often with nothing else), so each matches about 2.3% of new jobs: 100,000 searches "
    "make 2.3 million matches for 1,000 jobs. Every match is a row that alerts and feeds "
    "read, so *write* grows with the matches whatever finds them; it is most of the time "
    "at scale (PostgreSQL takes the pairs as two arrays per statement).",
    "- The keys let through 4.3% of all (search, job) pairs, about 1.9 tested pairs per "
    "match: a job is tested against the searches that could match it, not all of them. "
    "Testing them costs a sixth of testing every search on every job; *lookup* (reading the "
    "searches filed under the jobs' keys, and their rules) grows with the searches that are "
    "candidates for at least one job of the batch.",
    "- Matching, *facts* aside, grows linearly with the number of saved searches for a "
    "fixed share of matches; jobs per second per worker fall accordingly, and more "
    "`jobboard worker` processes share batches (`FOR UPDATE SKIP LOCKED`).",
    "",
]


async def run(*, engines: list[str]) -> None:
    await write_per_engine("alerts", "Saved-search alerts", engines, _bench_engine, notes=NOTES)
