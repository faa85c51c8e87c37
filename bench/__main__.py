"""Run the benchmarks and write the figures to bench/results/.

Usage: python -m bench [catalog] [identity] [--rounds N] [--jobs N]
With no name every benchmark runs. PostgreSQL runs too when JOBBOARD_BENCH_DATABASE_URL is set
(a database this may wipe); the identity benchmark adds Redis rows when
JOBBOARD_BENCH_REDIS_URL is set.
"""

from __future__ import annotations

import argparse
import asyncio
import os

from bench import catalog, identity

BENCHMARKS = {"catalog": catalog.run, "identity": identity.run}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", choices=[*BENCHMARKS, []], default=[])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=10_000)
    args = parser.parse_args()
    engines = ["sqlite"]
    if os.environ.get("JOBBOARD_BENCH_DATABASE_URL"):
        engines.append("postgresql")
    for name in args.names or list(BENCHMARKS):
        asyncio.run(BENCHMARKS[name](engines=engines, rounds=args.rounds, jobs=args.jobs))


if __name__ == "__main__":
    main()
