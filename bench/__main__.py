"""Run the benchmarks and write the figures to bench/results/.

Usage: python -m bench [catalog] [analysis] [--rounds N] [--jobs N] [--recommend-jobs N]
Without names every benchmark runs. PostgreSQL runs when JOBBOARD_BENCH_DATABASE_URL is set
(a database this may wipe).
"""

from __future__ import annotations

import argparse
import asyncio
import os

from bench import analysis, catalog

SUITES = ("catalog", "analysis")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "suites", nargs="*", metavar="suite", help=f"{', '.join(SUITES)}; default: all"
    )
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--recommend-jobs", type=int, default=100_000)
    args = parser.parse_args()
    unknown = sorted(set(args.suites) - set(SUITES))
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(SUITES)}")
    suites = args.suites or SUITES
    engines = ["sqlite"]
    if os.environ.get("JOBBOARD_BENCH_DATABASE_URL"):
        engines.append("postgresql")
    if "catalog" in suites:
        asyncio.run(catalog.run(engines=engines, rounds=args.rounds, jobs=args.jobs))
    if "analysis" in suites:
        asyncio.run(analysis.run(rounds=args.rounds, jobs=args.recommend_jobs))


if __name__ == "__main__":
    main()
