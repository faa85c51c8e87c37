"""Run the benchmarks and write the figures to bench/results/.

Usage: python -m bench [catalog] [identity] [search] [analysis] [integrations] [hiring] [alerts]
                       [discovery] [web] [employer] [load] [graphql] [http]
                       [--rounds N] [--jobs N] [--recommend-jobs N] [--no-million]
With no name every benchmark runs. PostgreSQL runs too when JOBBOARD_BENCH_DATABASE_URL is set
(databases named after it are created; the search ones are kept between runs); the identity
benchmark adds Redis rows when JOBBOARD_BENCH_REDIS_URL is set. --rounds and --jobs override
each benchmark's own defaults.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import Awaitable, Callable

from bench import (
    alerts,
    analysis,
    catalog,
    discovery,
    employer,
    graphql,
    hiring,
    http,
    identity,
    integrations,
    load,
    search,
    web,
)
from jobboard import wiring


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "names",
        nargs="*",
        metavar="name",
        help="catalog, identity, search, analysis, integrations, hiring, alerts, discovery, web, "
        "employer, load, graphql, http",
    )
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--recommend-jobs", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=32, help="load: clients at once")
    parser.add_argument("--seconds", type=int, default=60, help="load: length of the run")
    parser.add_argument(
        "--no-million", action="store_true", help="skip the 1,000,000-job PostgreSQL search set"
    )
    args = parser.parse_args()
    # A benchmark measures what it asks for: no figures computed in the background at start.
    os.environ.setdefault("JOBBOARD_WARM_FIGURES_ON_START", "false")
    # Nor queued tasks run by the API process while it is measured.
    os.environ.setdefault("JOBBOARD_EMBEDDED_WORKER", "false")
    engines = ["sqlite"]
    if os.environ.get("JOBBOARD_BENCH_DATABASE_URL"):
        engines.append("postgresql")
    rounds = args.rounds or 200
    benchmarks: dict[str, Callable[[], Awaitable[None]]] = {
        "catalog": lambda: catalog.run(engines=engines, rounds=rounds, jobs=args.jobs or 10_000),
        "identity": lambda: identity.run(engines=engines, rounds=rounds),
        "search": lambda: search.run(
            jobs=args.jobs or 100_000,
            million="postgresql" in engines and not args.no_million,
            rounds=args.rounds or 100,
            engines=engines,
        ),
        "analysis": lambda: analysis.run(rounds=rounds, jobs=args.recommend_jobs),
        "integrations": lambda: integrations.run(engines=engines),
        "hiring": lambda: hiring.run(engines=engines),
        "alerts": lambda: alerts.run(engines=engines),
        "discovery": lambda: discovery.run(engines=engines),
        "employer": lambda: employer.run(engines=engines),
        "load": lambda: load.run(engines=engines, clients=args.clients, seconds=args.seconds),
        "web": lambda: web.run(
            jobs=args.jobs or 100_000, rounds=args.rounds or 100, engines=engines
        ),
        # On PostgreSQL alone when it is there: the comparison the goal is stated for.
        "graphql": lambda: graphql.run(
            jobs=args.jobs or 100_000,
            rounds=args.rounds or 200,
            engines=[engine for engine in engines if engine == "postgresql"] or engines,
        ),
        "http": lambda: http.run(
            engines=engines, seconds=args.seconds if args.seconds != 60 else 10
        ),
    }
    unknown = sorted(set(args.names) - set(benchmarks))
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(benchmarks)}")
    # Benchmarks call services directly too: wire tasks and listeners as every process does.
    wiring.start()
    for name in args.names or list(benchmarks):
        asyncio.run(benchmarks[name]())


if __name__ == "__main__":
    main()
