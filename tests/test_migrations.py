"""Alembic makes the schema, on both engines, and it matches the models exactly."""

from __future__ import annotations

import os
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from conftest import ENGINES, POSTGRES_URL
from jobboard import migrate
from jobboard.models import Base


@pytest.fixture(params=ENGINES)
def scratch_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database of each engine, dropped afterwards."""
    if request.param == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite+aiosqlite:///{Path(directory) / 'scratch.db'}"
        return
    assert POSTGRES_URL is not None
    base = make_url(POSTGRES_URL)
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"jobboard_migrations_{os.getpid()}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    yield base.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _differences(url: str) -> list[object]:
    engine = create_engine(migrate.sync_url(url))
    try:
        with engine.connect() as connection, warnings.catch_warnings():
            # SQLite's reflection skips indexes on expressions, and Alembic leaves them out
            # of the comparison there; _indexes checks them by name.
            warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression")
            warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expr")
            context = MigrationContext.configure(
                connection,
                opts={"compare_type": True, "include_object": migrate.include_object},
            )
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


# Indexes on expressions, which SQLite's reflection cannot read back.
EXPRESSION_INDEXES = {"ix_job_salary"}


def _indexes(url: str) -> set[str]:
    engine = create_engine(migrate.sync_url(url))
    query = (
        "SELECT indexname FROM pg_indexes WHERE tablename = 'job'"
        if url.startswith("postgresql")
        else "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'job'"
    )
    try:
        with engine.connect() as connection:
            return set(connection.execute(text(query)).scalars())
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = create_engine(migrate.sync_url(url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrations_build_exactly_the_models(scratch_url: str) -> None:
    """Upgrading an empty database yields a schema with no difference from the models."""
    migrate.upgrade(scratch_url)
    assert _differences(scratch_url) == []
    assert {"job", "company", "skill", "category", "user_account"} <= _tables(scratch_url)
    if scratch_url.startswith("postgresql"):
        assert {"procrastinate_jobs", "procrastinate_workers"} <= _tables(scratch_url)
    assert "search_document" in _tables(scratch_url)
    assert _indexes(scratch_url) >= EXPRESSION_INDEXES


def test_migrations_downgrade_and_upgrade_again(scratch_url: str) -> None:
    """Every migration can be undone and redone."""
    migrate.upgrade(scratch_url)
    migrate.downgrade(scratch_url, "base")
    assert _tables(scratch_url) <= {"alembic_version"}
    migrate.upgrade(scratch_url)
    assert _differences(scratch_url) == []


@pytest.mark.skipif(POSTGRES_URL is None, reason="a PostgreSQL planner setting")
def test_postgresql_keeps_full_statistics_for_one_value_filters() -> None:
    """Searches by one skill, place or company are planned from per-value counts: the
    columns keep statistics over 1,000 values, not the default 100 (filter_statistics)."""
    assert POSTGRES_URL is not None
    base = make_url(POSTGRES_URL)
    name = f"jobboard_statistics_{os.getpid()}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        migrate.upgrade(url)
        engine = create_engine(migrate.sync_url(url))
        try:
            with engine.connect() as connection:
                targets = dict(
                    connection.execute(
                        text(
                            "SELECT attrelid::regclass::text || '.' || attname, attstattarget "
                            "FROM pg_attribute WHERE attname IN "
                            "('skill_id', 'geoname_id', 'company_id') "
                            "AND attrelid::regclass::text IN ('job_skill', 'job_location', 'job')"
                        )
                    ).all()
                )
        finally:
            engine.dispose()
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert targets == {
        "job_skill.skill_id": 1000,
        "job_location.geoname_id": 1000,
        "job.company_id": 1000,
    }
