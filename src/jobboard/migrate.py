"""Schema migrations: Alembic is the only way the schema is made, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url

from jobboard.models.search import is_search_index_table


def script_location() -> Path:
    """The migrations folder: bundled in the wheel, or at the top of a source checkout."""
    bundled = Path(__file__).parent / "migrations"
    if bundled.is_dir():
        return bundled
    return Path(__file__).resolve().parents[2] / "migrations"


def sync_url(url: str) -> str:
    """The same database through a synchronous driver (Alembic runs synchronously)."""
    parsed = make_url(url)
    if parsed.drivername == "sqlite+aiosqlite":
        parsed = parsed.set(drivername="sqlite")
    return parsed.render_as_string(hide_password=False)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave tables that are not ORM models out of model comparisons: procrastinate's (its
    schema file makes them) and the engine-specific search index (its migration makes it)."""
    if type_ != "table" or name is None:
        return True
    if reflected and name.startswith("procrastinate_"):
        return False
    return not is_search_index_table(name)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location()))
    config.set_main_option("file_template", "%%(year)d-%%(month).2d-%%(day).2d_%%(rev)s_%%(slug)s")
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)
