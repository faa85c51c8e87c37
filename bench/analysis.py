"""Posting analysis and recommendations: latency of the hot paths of the analysis domain.

- analysis: `analyze()` on 1,000-word postings (demo descriptions joined and cut to 1,000
  words, so sections, skills, pay and places are all there), pure CPU, no database; and on
  the postings of the evaluation sets (tests/analysis/eval: real and written) as they are.
  With JOBBOARD_BENCH_ANALYSIS_BASELINE set to the `src` folder of another checkout (the
  commit before a change), the 1,000-word measure runs in turns in a process of each tree,
  and the figures of both and their ratio are written.
- recommendations: `recommend()` for one seeker profile over the open jobs of a database
  filled with 100,000 demo jobs on PostgreSQL (JOBBOARD_BENCH_DATABASE_URL; the bench
  creates and wipes `<database>_bench`), from candidate SQL to scored, ranked matches.

The machine is shared: compare medians and ratios from one run, not absolute numbers across
runs.
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

from bench.catalog import RESULTS, _database_url, _percentile

EVAL_DIRECTORY = Path(__file__).resolve().parent.parent / "tests" / "analysis" / "eval"
_TURNS = 4
# Run in a fresh process of one source tree: time analyze() on the 1,000-word postings.
_TIMING_SCRIPT = """
import json, sys, time
from bench.analysis import _postings
from jobboard.analysis.engine import analyze
rounds = int(sys.argv[1])
analyze("Warm-up", "Loads the taxonomy snapshot and the gazetteer.")
postings = _postings(50)
for title, description in postings[:10]:
    analyze(title, description, this_year=2026)
timings = []
for index in range(rounds):
    title, description = postings[index % len(postings)]
    started = time.perf_counter()
    analyze(title, description, this_year=2026)
    timings.append((time.perf_counter() - started) * 1000)
print(json.dumps(timings))
"""

WORDS = 1_000
_CITIES = ("Berlin", "London", "New York", "Austin", "Bengaluru", "Toronto", "Amsterdam")


def _postings(count: int) -> list[tuple[str, str]]:
    from jobboard.demo.generator import generate
    from jobboard.taxonomy.catalog import load_catalog

    data = generate(
        load_catalog(), now=datetime(2026, 11, 28, tzinfo=UTC), seed=7, companies=30, jobs=count
    )
    postings = []
    for index, job in enumerate(data.jobs):
        text = job.description
        following = index + 1
        while len(text.split()) < WORDS:
            text += "\n\n" + data.jobs[following % len(data.jobs)].description
            following += 1
        # Cut at a line end near 1,000 words, keeping the Markdown intact.
        lines, words = [], 0
        for line in text.splitlines():
            if words >= WORDS:
                break
            lines.append(line)
            words += len(line.split())
        postings.append((job.title, "\n".join(lines)))
    return postings


def _figures(timings: list[float]) -> tuple[float, float, float]:
    return statistics.median(timings), _percentile(timings, 0.95), _percentile(timings, 0.99)


def _timings_in(source: Path, rounds: int) -> list[float]:
    """analyze() timings measured in a new process importing jobboard from ``source``."""
    import json
    import subprocess
    import sys

    bench_root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": f"{source}{os.pathsep}{bench_root}"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _TIMING_SCRIPT, str(rounds)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    timings: list[float] = json.loads(done.stdout.strip().splitlines()[-1])
    return timings


def bench_against_baseline(baseline: Path, rounds: int) -> list[str]:
    """The 1,000-word measure in turns: baseline tree, this tree, baseline, this..."""
    here = Path(__file__).resolve().parent.parent / "src"
    runs: dict[str, list[tuple[float, float, float]]] = {"baseline": [], "this tree": []}
    for _ in range(_TURNS):
        for name, source in (("baseline", baseline), ("this tree", here)):
            runs[name].append(_figures(_timings_in(source, rounds)))
    medians = {
        name: tuple(statistics.median(run[column] for run in figures) for column in range(3))
        for name, figures in runs.items()
    }
    base, this = medians["baseline"], medians["this tree"]
    print(
        f"analysis   baseline p95 {base[1]:6.2f} ms  this tree p95 {this[1]:6.2f} ms  "
        f"ratio {this[1] / base[1]:.2f}",
        flush=True,
    )
    return [
        "### Against the tree before the change, in the same run",
        "",
        f"The same 1,000-word measure ({rounds} calls per process) in {_TURNS} turns of a "
        f"process of each tree, alternated (baseline `{baseline}`); each figure is the median "
        "over the turns.",
        "",
        "| tree | median ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|",
        f"| baseline | {base[0]:.2f} | {base[1]:.2f} | {base[2]:.2f} |",
        f"| this tree | {this[0]:.2f} | {this[1]:.2f} | {this[2]:.2f} |",
        f"| ratio (this / baseline) | {this[0] / base[0]:.2f} | {this[1] / base[1]:.2f} | "
        f"{this[2] / base[2]:.2f} |",
        "",
    ]


def accuracy_sections() -> list[str]:
    """What `make eval` prints, as tables: each set overall, per split and per source."""
    from jobboard.analysis.evaluation import (
        REAL_TARGETS,
        TARGETS,
        below_targets,
        evaluate_set,
        format_table,
        load,
    )

    lines = [
        "## Accuracy (`make eval`)",
        "",
        "`python -m jobboard.analysis.evaluation tests/analysis/eval --verbose` (what "
        "`make eval` runs) on the hand-labelled sets; goals for the real set: "
        + ", ".join(f"{name} >= {target}" for name, target in REAL_TARGETS.items())
        + ".",
        "",
    ]
    for name, directory, targets in (
        ("real", EVAL_DIRECTORY / "real", REAL_TARGETS),
        ("written", EVAL_DIRECTORY, TARGETS),
    ):
        rows = evaluate_set(load(directory))
        failing = below_targets(rows[0][1], targets)
        verdict = "below goal: " + ", ".join(failing) if failing else "every goal met"
        lines += [
            f"### The {name} set ({verdict} overall)",
            "",
            "```",
            format_table(rows),
            "```",
            "",
        ]
    return lines


def bench_evaluation_sets() -> list[str]:
    """analyze() on the hand-labelled postings as they are (mostly short, many HTML)."""
    from jobboard.analysis.engine import analyze
    from jobboard.analysis.evaluation import EVALUATION_YEAR, load

    rows = []
    for name, directory in (("real", EVAL_DIRECTORY / "real"), ("written", EVAL_DIRECTORY)):
        records = load(directory)
        for record in records[:10]:
            analyze(record.title, record.description, this_year=EVALUATION_YEAR)
        timings = []
        for _ in range(3):
            for record in records:
                started = time.perf_counter()
                analyze(record.title, record.description, this_year=EVALUATION_YEAR)
                timings.append((time.perf_counter() - started) * 1000)
        words = statistics.mean(len(record.description.split()) for record in records)
        median, p95, p99 = _figures(timings)
        rows.append(
            f"| {name} ({len(records)} postings, {words:.0f} words on average) | "
            f"{median:.2f} | {p95:.2f} | {p99:.2f} |"
        )
    return [
        "### The evaluation sets",
        "",
        "`analyze()` on every posting of each set, three passes after 10 warm-up calls.",
        "",
        "| set | median ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|",
        *rows,
        "",
    ]


def bench_analysis(rounds: int) -> list[str]:
    from jobboard.analysis.engine import analyze

    started = time.perf_counter()
    analyze("Warm-up", "Loads the taxonomy snapshot and the gazetteer.")
    loading = time.perf_counter() - started
    postings = _postings(50)
    words = statistics.mean(len(description.split()) for _, description in postings)
    for title, description in postings[:10]:
        analyze(title, description, this_year=2026)
    timings = []
    cpu = []
    for index in range(rounds):
        title, description = postings[index % len(postings)]
        started, started_cpu = time.perf_counter(), time.process_time()
        analyze(title, description, this_year=2026)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    median, p95, p99 = _figures(timings)
    print(f"analysis   1,000-word posting  median {median:6.2f} ms  p95 {p95:6.2f} ms", flush=True)
    return [
        "## Analysis of a 1,000-word posting",
        "",
        f"`analyze()` on {len(postings)} different demo postings of {words:.0f} words on "
        f"average (Markdown with sections, skills, pay and places), {rounds} calls after 10 "
        f"warm-up calls, one at a time. The first call of a process loads the taxonomy "
        f"snapshot and the gazetteer ({loading:.2f} s); `create_app()` does that at start-up.",
        "",
        "| measure | median ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|",
        f"| wall time | {median:.2f} | {p95:.2f} | {p99:.2f} |",
        "| CPU time of the process | {:.2f} | {:.2f} | {:.2f} |".format(*_figures(cpu)),
        "",
        "Target: p95 under 10 ms.",
        "",
    ]


def _profiles() -> list[object]:
    from jobboard.analysis.matching import Pay, Place, SeekerProfile, SeekerSkill
    from jobboard.places.gazetteer import get_gazetteer
    from jobboard.taxonomy.catalog import load_catalog

    gazetteer = get_gazetteer()
    places = []
    for name in _CITIES:
        city = gazetteer.resolve(name)
        assert city is not None
        places.append(
            Place(
                latitude=city.latitude,
                longitude=city.longitude,
                country_code=city.country_code,
                name=city.name,
            )
        )
    workplaces = (
        frozenset({"onsite", "hybrid", "remote"}),
        frozenset({"remote"}),
        frozenset({"hybrid", "remote"}),
    )
    profiles: list[object] = []
    for index, category in enumerate(load_catalog().categories):
        profiles.append(
            SeekerProfile(
                skills=tuple(
                    SeekerSkill(slug, years=1 + (index + position) % 6)
                    for position, slug in enumerate(category.typical_skills[:8])
                ),
                years_experience=category.min_years + 1,
                pay=Pay(
                    minimum=(70_000 + 5_000 * (index % 10)) * 100, maximum=None, currency="USD"
                ),
                workplaces=workplaces[index % len(workplaces)],
                place=places[index % len(places)],
            )
        )
    return profiles


async def bench_recommendations(rounds: int, jobs: int) -> list[str]:
    scratch = Path(tempfile.mkdtemp(prefix="jobboard-bench-"))
    os.environ["JOBBOARD_DATA_DIR"] = str(scratch)
    os.environ["JOBBOARD_DATABASE_URL"] = _database_url("postgresql", scratch)
    from sqlalchemy import func, select

    from jobboard import cli
    from jobboard.analysis.matching import SeekerProfile
    from jobboard.config import get_settings
    from jobboard.db import Database
    from jobboard.kit.clock import utcnow
    from jobboard.models import Job
    from jobboard.recommendations import repository
    from jobboard.recommendations.service import CANDIDATES, recommend

    get_settings.cache_clear()
    await cli._migrate()
    started = time.perf_counter()
    report = await cli._demo(companies=max(30, jobs // 33), jobs=jobs, seed=20261128)
    loaded = time.perf_counter() - started
    database = Database.from_settings(get_settings())
    profiles = [profile for profile in _profiles() if isinstance(profile, SeekerProfile)]
    now = utcnow()
    async with database.sessionmaker() as session:
        open_jobs = await session.scalar(select(func.count()).select_from(Job))

    async def once(index: int) -> int:
        async with database.sessionmaker() as session:
            found = await recommend(session, profile=profiles[index % len(profiles)], now=now)
        return len(found)

    async def measure(call: Callable[[int], Awaitable[object]]) -> list[float]:
        for index in range(10):
            await call(index)
        timings = []
        for index in range(rounds):
            started = time.perf_counter()
            await call(index)
            timings.append((time.perf_counter() - started) * 1000)
        return timings

    total = _figures(await measure(once))

    # Where the time goes: the candidate query, loading the candidates, scoring them.
    async def candidate_query(index: int) -> object:
        from jobboard.analysis.matching import expand_skills

        profile = profiles[index % len(profiles)]
        async with database.sessionmaker() as session:
            ids = await repository.skill_ids(session, expand_skills(profile.skills).keys())
            return await repository.candidate_ids(
                session, skills=ids, now=now, workplaces=None, exclude=(), limit=CANDIDATES
            )

    query = _figures(await measure(candidate_query))
    await database.dispose()
    print(
        f"recommend  over {open_jobs} jobs       median {total[0]:6.2f} ms  p95 {total[1]:6.2f} ms",
        flush=True,
    )
    return [
        f"## Recommendations over {open_jobs:,} jobs on PostgreSQL",
        "",
        f"`recommend()` for {len(profiles)} seeker profiles in turn (eight skills with years, "
        "a pay floor, workplaces, a city), each call in its own session: candidate generation "
        f"in SQL (each skill's {repository.PER_SKILL} newest open jobs, ranked by the skills "
        f"they share, a required one counting double; the best {CANDIDATES} kept), then "
        "loading and scoring the candidates in Python and ranking the top 20. "
        f"{rounds} calls after 10 warm-up calls, one at a time.",
        "",
        f"- demo generate + load ({jobs:,} jobs): {loaded:.1f} s; {report}",
        "",
        "| measure | median ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|",
        "| `recommend()`, end to end | {:.2f} | {:.2f} | {:.2f} |".format(*total),
        "| of which the candidate query | {:.2f} | {:.2f} | {:.2f} |".format(*query),
        "",
        "Target: p95 under 100 ms.",
        "",
    ]


def _previous_recommendations() -> list[str]:
    """The recommendations section of the last run that measured it, kept as it was."""
    path = RESULTS / "analysis.md"
    if not path.exists():
        return []
    text = path.read_text()
    start = text.find("## Recommendations over")
    if start < 0:
        return []
    return [
        *text[start:].rstrip().splitlines(),
        "",
        "(Not measured in this run, which had no JOBBOARD_BENCH_DATABASE_URL: these are the "
        "figures of the last run that had one.)",
        "",
    ]


async def run(*, rounds: int, jobs: int) -> None:
    loads = os.getloadavg()
    sections = bench_analysis(rounds * 2)
    baseline = os.environ.get("JOBBOARD_BENCH_ANALYSIS_BASELINE")
    if baseline:
        sections += bench_against_baseline(Path(baseline), rounds * 2)
    sections += bench_evaluation_sets()
    sections += accuracy_sections()
    if os.environ.get("JOBBOARD_BENCH_DATABASE_URL"):
        sections += await bench_recommendations(rounds, jobs)
    else:
        sections += _previous_recommendations() or [
            "## Recommendations",
            "",
            "Not measured: set JOBBOARD_BENCH_DATABASE_URL to a PostgreSQL database.",
            "",
        ]
    RESULTS.mkdir(exist_ok=True)
    header = [
        "# Posting analysis and recommendations",
        "",
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {platform.node()} "
        f"({os.cpu_count()} cores, Python {platform.python_version()}; load average "
        f"{loads[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end). Written by "
        "`make bench` (`python -m bench analysis` runs this part alone).",
        "",
    ]
    (RESULTS / "analysis.md").write_text("\n".join(header + sections))
    print(f"wrote {RESULTS / 'analysis.md'}")
