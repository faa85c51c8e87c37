"""Run the benchmarks and write the figures to bench/results/.

Usage: python -m bench [catalog] [identity] [analysis] [integrations] [hiring] [--rounds N]
                       [--jobs N] [--recommend-jobs N]
With no name every benchmark runs. PostgreSQL runs too when JOBBOARD_BENCH_DATABASE_URL is set
(a database this may wipe); the identity benchmark adds Redis rows when
JOBBOARD_BENCH_REDIS_URL is set.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import Awaitable, Callable

from bench import analysis, catalog, hiring, identity, integrations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "names",
        nargs="*",
        metavar="name",
        help="catalog, identity, analysis, integrations, hiring",
    )
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--recommend-jobs", type=int, default=100_000)
    args = parser.parse_args()
    engines = ["sqlite"]
    if os.environ.get("JOBBOARD_BENCH_DATABASE_URL"):
        engines.append("postgresql")
    benchmarks: dict[str, Callable[[], Awaitable[None]]] = {
        "catalog": lambda: catalog.run(engines=engines, rounds=args.rounds, jobs=args.jobs),
        "identity": lambda: identity.run(engines=engines, rounds=args.rounds, jobs=args.jobs),
        "analysis": lambda: analysis.run(rounds=args.rounds, jobs=args.recommend_jobs),
        "integrations": lambda: integrations.run(engines=engines),
        "hiring": lambda: hiring.run(engines=engines),
    }
    unknown = sorted(set(args.names) - set(benchmarks))
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(benchmarks)}")
    for name in args.names or list(benchmarks):
        asyncio.run(benchmarks[name]())


if __name__ == "__main__":
    main()
