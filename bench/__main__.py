"""Run every benchmark and write the figures to bench/results/.

Usage: python -m bench [--engine sqlite|postgresql] [--rounds N]
PostgreSQL runs when JOBBOARD_BENCH_DATABASE_URL is set (a database this may wipe).
"""

from __future__ import annotations

import argparse
import asyncio
import os

from bench import catalog


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=10_000)
    args = parser.parse_args()
    engines = ["sqlite"]
    if os.environ.get("JOBBOARD_BENCH_DATABASE_URL"):
        engines.append("postgresql")
    asyncio.run(catalog.run(engines=engines, rounds=args.rounds, jobs=args.jobs))


if __name__ == "__main__":
    main()
