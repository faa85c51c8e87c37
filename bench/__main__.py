"""Run every benchmark and write the figures to bench/results/.

Usage: python -m bench [catalog|integrations] [--rounds N] [--jobs N]
PostgreSQL runs when JOBBOARD_BENCH_DATABASE_URL is set (a database this may wipe).
"""

from __future__ import annotations

import argparse
import asyncio
import os

from bench import catalog, integrations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("which", nargs="?", choices=("catalog", "integrations"), default=None)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=10_000)
    args = parser.parse_args()
    engines = ["sqlite"]
    if os.environ.get("JOBBOARD_BENCH_DATABASE_URL"):
        engines.append("postgresql")
    if args.which in (None, "catalog"):
        asyncio.run(catalog.run(engines=engines, rounds=args.rounds, jobs=args.jobs))
    if args.which in (None, "integrations"):
        asyncio.run(integrations.run(engines=engines))


if __name__ == "__main__":
    main()
