"""The `jobboard` command: serve, worker, migrate, demo, import, create-admin, keys."""

from __future__ import annotations

import asyncio
import getpass
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from jobboard.config import get_settings, served_url
from jobboard.observability import configure_logging

app = typer.Typer(
    help="Jobboard: job search and hiring for software engineers.", no_args_is_help=True
)
keys_app = typer.Typer(help="Token signing keys.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


def _configure_logging() -> None:
    settings = get_settings()
    configure_logging(level=settings.log_level, json_lines=settings.log_json)


@dataclass(frozen=True, slots=True)
class _Migrated:
    taxonomy_loaded: bool
    descriptions_rendered: int
    jobs_categorized: int


async def _migrate() -> _Migrated:
    from jobboard import migrate as migrations
    from jobboard.alerts.service import recompile_outdated
    from jobboard.auth.keys import ensure_key
    from jobboard.db import Database
    from jobboard.jobs.categories import categorize_missing
    from jobboard.jobs.descriptions import render_missing
    from jobboard.search.indexing import rebuild_if_outdated
    from jobboard.taxonomy.catalog import load_catalog
    from jobboard.taxonomy.service import sync_taxonomy

    settings = get_settings()
    await asyncio.to_thread(migrations.upgrade, settings.resolved_database_url)
    database = Database.from_settings(settings)
    try:
        async with database.unit_of_work() as session:
            await ensure_key(session, settings=settings)
            loaded = await sync_taxonomy(session, catalog=load_catalog())
            await rebuild_if_outdated(session)
            await recompile_outdated(session)
        # In batches of their own: on a large database this is the long part.
        rendered = await render_missing(database)
        categorized = await categorize_missing(database)
        return _Migrated(
            taxonomy_loaded=loaded,
            descriptions_rendered=rendered,
            jobs_categorized=categorized,
        )
    finally:
        await database.dispose()


async def _demo(*, companies: int, jobs: int, seed: int) -> str:
    from jobboard.db import Database
    from jobboard.demo.generator import generate
    from jobboard.demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD, has_companies, load_demo
    from jobboard.kit.clock import utcnow
    from jobboard.taxonomy.catalog import load_catalog

    database = Database.from_settings(get_settings())
    try:
        async with database.unit_of_work() as session:
            if await has_companies(session):
                return "the database already holds companies; demo data not loaded"
            started = time.perf_counter()
            data = generate(load_catalog(), now=utcnow(), seed=seed, companies=companies, jobs=jobs)
            report = await load_demo(session, data=data)
        accounts = ", ".join(email for email, _, _ in DEMO_ACCOUNTS)
        return (
            f"loaded {report.companies} companies and {report.jobs} jobs in "
            f"{time.perf_counter() - started:.1f} s; sign in as {accounts} "
            f"with password {DEMO_PASSWORD!r}"
        )
    finally:
        await database.dispose()


@app.command()
def migrate() -> None:
    """Apply database migrations and load the bundled taxonomy when it changed."""
    _configure_logging()
    migrated = asyncio.run(_migrate())
    typer.echo(
        "schema is current; taxonomy "
        + ("loaded" if migrated.taxonomy_loaded else "already current")
        + f"; {migrated.descriptions_rendered} job descriptions rendered"
        + f"; {migrated.jobs_categorized} jobs given a category"
    )


@app.command()
def demo(
    companies: Annotated[int, typer.Option(min=1, max=10_000)] = 300,
    jobs: Annotated[int, typer.Option(min=1, max=1_000_000)] = 10_000,
    seed: int = 20261128,
) -> None:
    """Load deterministic demo companies, jobs and accounts into an empty database."""
    _configure_logging()
    asyncio.run(_migrate())
    typer.echo(asyncio.run(_demo(companies=companies, jobs=jobs, seed=seed)))


@app.command()
def reindex() -> None:
    """Rebuild the search index from the published jobs (after a restore, or to be sure)."""
    _configure_logging()

    async def run() -> int:
        from jobboard.db import Database
        from jobboard.search.indexing import rebuild

        database = Database.from_settings(get_settings())
        try:
            async with database.unit_of_work() as session:
                return await rebuild(session)
        finally:
            await database.dispose()

    asyncio.run(_migrate())
    started = time.perf_counter()
    count = asyncio.run(run())
    typer.echo(f"indexed {count} published jobs in {time.perf_counter() - started:.1f} s")


@app.command("create-admin")
def create_admin(
    email: str,
    display_name: Annotated[str, typer.Option()] = "Administrator",
) -> None:
    """Create a platform admin (password from JOBBOARD_ADMIN_PASSWORD or a prompt)."""
    _configure_logging()
    password = os.environ.get("JOBBOARD_ADMIN_PASSWORD") or getpass.getpass("Password: ")

    async def run() -> str:
        from jobboard.auth import service
        from jobboard.auth.schemas import UserCreate
        from jobboard.db import Database

        form = UserCreate(email=email, password=password, display_name=display_name)
        database = Database.from_settings(get_settings())
        try:
            async with database.unit_of_work() as session:
                user = await service.register(
                    session,
                    email=form.email,
                    password=form.password,
                    display_name=form.display_name,
                    role="admin",
                )
                return f"created admin {user.email} (id {user.id})"
        finally:
            await database.dispose()

    asyncio.run(_migrate())
    typer.echo(asyncio.run(run()))


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64)] = 1,
    load_demo: Annotated[
        bool, typer.Option("--demo/--no-demo", help="Load demo data into an empty database.")
    ] = False,
    migrate_first: Annotated[
        bool, typer.Option("--migrate/--no-migrate", help="Apply migrations before serving.")
    ] = True,
) -> None:
    """Serve the API (and docs at /docs) with uvicorn."""
    import uvicorn

    # Before any settings are read, and in the environment so that uvicorn's worker processes
    # inherit it: without JOBBOARD_PUBLIC_URL, links (e-mails from the embedded task runner
    # too) and the token issuer follow the address served.
    address = served_url(host, port)
    os.environ["JOBBOARD_SERVED_URL"] = address
    get_settings.cache_clear()
    _configure_logging()
    if migrate_first:
        asyncio.run(_migrate())
    if load_demo:
        typer.echo(asyncio.run(_demo(companies=300, jobs=10_000, seed=20261128)))
    public_url = get_settings().public_url
    links = "" if public_url == address else f"; links use {public_url}"
    typer.echo(f"Jobboard: open {address}/ in a browser  (API docs: {address}/docs{links})")
    uvicorn.run(
        "jobboard.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_level=get_settings().log_level.lower(),
        log_config=None,
        access_log=False,
    )


@app.command()
def worker(
    concurrency: Annotated[
        int | None, typer.Option(min=1, max=64, help="Tasks run at once (default: setting).")
    ] = None,
) -> None:
    """Run background tasks until SIGTERM; start as many as you like, on any machines."""
    from jobboard import wiring
    from jobboard.worker.runner import run_worker

    _configure_logging()
    settings = get_settings()
    registry = wiring.start(settings.worker_task_modules)
    asyncio.run(run_worker(settings, registry, concurrency=concurrency))


@app.command("import")
def import_feed(
    kind: Annotated[
        str,
        typer.Argument(
            help="greenhouse, lever, ashby, smartrecruiters, workable, jsonld, rss or indeed"
        ),
    ],
    source: Annotated[str, typer.Argument(help="An http(s) URL or a file path.")],
    company: Annotated[str, typer.Option("--company", help="Slug of the company to import into.")],
) -> None:
    """Import (or re-sync) a feed into a company's jobs, now, and print what happened."""
    from jobboard.integrations.feeds.cli import run_import

    _configure_logging()
    try:
        report = asyncio.run(run_import(get_settings(), kind=kind, source=source, company=company))
    except ValueError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(report)


@keys_app.command("generate-kek")
def keys_generate_kek(out: Path) -> None:
    """Write a new key-encryption key for JOBBOARD_KEY_ENCRYPTION_KEY_FILE (mode 0600)."""
    from jobboard.auth.keys import generate_key_encryption_key

    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(generate_key_encryption_key() + "\n")
    typer.echo(f"wrote {out}")


@keys_app.command("rotate")
def keys_rotate(
    immediately: Annotated[
        bool,
        typer.Option(
            "--immediately",
            help="Sign with the new key at once instead of after the activation delay; "
            "replicas that have not reloaded yet refuse its tokens until they do.",
        ),
    ] = False,
) -> None:
    """Add a new token signing key; the current one retires when it activates."""
    _configure_logging()

    async def run() -> str:
        from jobboard.audit import service as audit
        from jobboard.auth import keys
        from jobboard.db import Database

        settings = get_settings()
        database = Database.from_settings(settings)
        try:
            async with database.unit_of_work() as session:
                record = await keys.rotate(session, settings=settings, immediately=immediately)
                await audit.record(
                    session,
                    actor=audit.CLI_ACTOR,
                    action="signing_key.rotated",
                    target_type="signing_key",
                    target_id=record.kid,
                    details={"activates_at": record.activates_at.isoformat()},
                )
            return f"new signing key {record.kid} signs from {record.activates_at.isoformat()}"
        finally:
            await database.dispose()

    asyncio.run(_migrate())
    typer.echo(asyncio.run(run()))


@keys_app.command("list")
def keys_list() -> None:
    """Show the signing keys: which signs, which will, which only verify."""
    _configure_logging()

    async def run() -> list[str]:
        from jobboard.auth import keys
        from jobboard.db import Database
        from jobboard.kit.clock import as_utc, utcnow

        database = Database.from_settings(get_settings())
        try:
            async with database.sessionmaker() as session:
                records = await keys.list_keys(session)
        finally:
            await database.dispose()
        now = utcnow()
        lines = []
        for record in records:
            if record.retired_at is not None and as_utc(record.retired_at) <= now:
                state = "verifying"
            elif as_utc(record.activates_at) > now:
                state = "next"
            else:
                state = "signing"
            retired = as_utc(record.retired_at).isoformat() if record.retired_at else "-"
            lines.append(
                f"{record.kid}  {state:9}  activates {as_utc(record.activates_at).isoformat()}"
                f"  retires {retired}"
            )
        return lines

    for line in asyncio.run(run()):
        typer.echo(line)
