"""The `jobboard` command migrates, loads demo data once, creates admins, and serves with
links to the address it serves on unless JOBBOARD_PUBLIC_URL says otherwise."""

from __future__ import annotations

import base64
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from typer.testing import CliRunner

from conftest import register
from jobboard.cache import MemoryCache
from jobboard.cli import app
from jobboard.config import Settings, get_settings
from jobboard.db import Database
from jobboard.main import create_app
from support_mail import Inbox, text_of
from support_queue import run_queued


@pytest.fixture
def fresh_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the CLI at an empty SQLite file for the duration of a test."""
    path = tmp_path / "cli.db"
    monkeypatch.setenv("JOBBOARD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JOBBOARD_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
    return int(row[0])


def test_migrate_then_demo_loads_once(fresh_database: Path) -> None:
    """`migrate` builds the schema and taxonomy; `demo` fills an empty database only."""
    runner = CliRunner()
    migrated = runner.invoke(app, ["migrate"])
    assert migrated.exit_code == 0, migrated.output
    assert "taxonomy loaded" in migrated.output
    assert _count(fresh_database, "category") >= 25
    again = runner.invoke(app, ["migrate"])
    assert "already current" in again.output

    demo = runner.invoke(app, ["demo", "--companies", "30", "--jobs", "90"])
    assert demo.exit_code == 0, demo.output
    assert "loaded 30 companies and 90 jobs" in demo.output
    assert _count(fresh_database, "job") == 90
    second = runner.invoke(app, ["demo", "--companies", "30", "--jobs", "90"])
    assert "already holds companies" in second.output
    assert _count(fresh_database, "job") == 90


def test_migrate_renders_descriptions_left_without_html(fresh_database: Path) -> None:
    """`migrate` renders the descriptions whose HTML is NULL (after the column was added or
    a renderer change set it back) and says how many; the next run has none to render."""
    runner = CliRunner()
    assert runner.invoke(app, ["demo", "--companies", "10", "--jobs", "30"]).exit_code == 0
    with sqlite3.connect(fresh_database) as connection:
        expected = dict(connection.execute("SELECT id, description_html FROM job").fetchall())
        connection.execute("UPDATE job SET description_html = NULL WHERE id % 3 = 0")
    migrated = runner.invoke(app, ["migrate"])
    assert migrated.exit_code == 0, migrated.output
    assert "; 10 job descriptions rendered" in migrated.output
    with sqlite3.connect(fresh_database) as connection:
        stored = dict(connection.execute("SELECT id, description_html FROM job").fetchall())
    assert stored == expected
    assert "<h2>" in stored[3]
    assert "; 0 job descriptions rendered" in runner.invoke(app, ["migrate"]).output


def test_migrate_categorizes_jobs_left_without_a_category(fresh_database: Path) -> None:
    """`migrate` gives a derived category to the jobs that never had one (from before
    categories were derived), marks the ones no category fits, keeps the employers' own
    choices, and says how many it categorized; the next run has none left."""
    runner = CliRunner()
    assert runner.invoke(app, ["demo", "--companies", "10", "--jobs", "30"]).exit_code == 0
    with sqlite3.connect(fresh_database) as connection:
        chosen = dict(connection.execute("SELECT id, category_id FROM job WHERE id > 2"))
        connection.execute(
            "UPDATE job SET category_id = NULL, category_confidence = NULL, "
            "title = 'Senior Backend Engineer' WHERE id = 1"
        )
        connection.execute(
            "UPDATE job SET category_id = NULL, category_confidence = NULL, "
            "title = 'Account Executive' WHERE id = 2"
        )
    migrated = runner.invoke(app, ["migrate"])
    assert migrated.exit_code == 0, migrated.output
    assert "; 1 jobs given a category" in migrated.output
    with sqlite3.connect(fresh_database) as connection:
        rows = {
            job_id: (slug, confidence)
            for job_id, slug, confidence in connection.execute(
                "SELECT job.id, category.slug, category_confidence FROM job "
                "LEFT JOIN category ON category.id = job.category_id WHERE job.id <= 2"
            )
        }
        kept = dict(connection.execute("SELECT id, category_id FROM job WHERE id > 2"))
    assert rows[1][0] == "senior-back-end-developer"
    assert rows[1][1] > 0.5
    assert rows[2] == (None, 0.0)
    assert kept == chosen
    assert "; 0 jobs given a category" in runner.invoke(app, ["migrate"]).output


def test_create_admin(fresh_database: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An admin is created with the password from the environment; a weak one is refused."""
    runner = CliRunner()
    monkeypatch.setenv("JOBBOARD_ADMIN_PASSWORD", "a strong admin password")
    created = runner.invoke(app, ["create-admin", "root@example.com"])
    assert created.exit_code == 0, created.output
    with sqlite3.connect(fresh_database) as connection:
        role = connection.execute(
            "SELECT role FROM user_account WHERE email = 'root@example.com'"
        ).fetchone()
    assert role == ("admin",)
    monkeypatch.setenv("JOBBOARD_ADMIN_PASSWORD", "short")
    refused = runner.invoke(app, ["create-admin", "other@example.com"])
    assert refused.exit_code != 0


def test_keys_generate_kek_writes_a_key_once(tmp_path: Path) -> None:
    """The key-encryption key is 32 random bytes, readable only by its owner, never overwritten."""
    out = tmp_path / "kek"
    runner = CliRunner()
    assert runner.invoke(app, ["keys", "generate-kek", str(out)]).exit_code == 0
    assert len(base64.urlsafe_b64decode(out.read_text().strip() + "=")) == 32
    assert out.stat().st_mode & 0o777 == 0o600
    assert runner.invoke(app, ["keys", "generate-kek", str(out)]).exit_code != 0


def test_keys_rotate_adds_a_key_and_audits_it(fresh_database: Path) -> None:
    """`migrate` makes the first key; `keys rotate` adds the next one and records who did."""
    runner = CliRunner()
    assert runner.invoke(app, ["migrate"]).exit_code == 0
    assert _count(fresh_database, "signing_key") == 1
    rotated = runner.invoke(app, ["keys", "rotate"])
    assert rotated.exit_code == 0, rotated.output
    assert "new signing key" in rotated.output
    listed = runner.invoke(app, ["keys", "list"])
    states = [line.split()[1] for line in listed.output.splitlines()]
    assert states == ["signing", "next"]
    immediate = runner.invoke(app, ["keys", "rotate", "--immediately"])
    assert immediate.exit_code == 0, immediate.output
    states = [line.split()[1] for line in runner.invoke(app, ["keys", "list"]).output.splitlines()]
    assert states == ["verifying", "verifying", "signing"]
    with sqlite3.connect(fresh_database) as connection:
        rows = connection.execute(
            "SELECT actor, action, target_type FROM audit_event ORDER BY id"
        ).fetchall()
        stored = connection.execute("SELECT private_key_ciphertext FROM signing_key").fetchall()
    assert rows == [("cli", "signing_key.rotated", "signing_key")] * 2
    assert all(b"PRIVATE KEY" not in row[0] and len(row[0]) == 12 + 32 + 16 for row in stored)


@dataclass
class Served:
    """What `jobboard serve` handed to uvicorn, which the tests stand in for."""

    output: str
    settings: Settings
    options: dict[str, Any]


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Served]]:
    """Run `jobboard serve ARGS --no-migrate` up to the point where uvicorn would serve."""
    monkeypatch.delenv("JOBBOARD_PUBLIC_URL", raising=False)
    # Set, so that the value `serve` leaves in the environment is removed afterwards.
    monkeypatch.setenv("JOBBOARD_SERVED_URL", "")
    seen: dict[str, Any] = {}

    def run(target: str, **options: Any) -> None:
        seen.update(settings=get_settings(), options=options)

    monkeypatch.setattr(uvicorn, "run", run)

    def invoke(*args: str) -> Served:
        result = CliRunner().invoke(app, ["serve", *args, "--no-migrate"])
        if result.exception is not None:
            raise result.exception
        return Served(output=result.output, **seen)

    yield invoke
    get_settings.cache_clear()


def test_serve_links_to_the_address_it_serves(serve: Callable[..., Served]) -> None:
    """Without JOBBOARD_PUBLIC_URL, `serve --port 8102` makes links and the token issuer say
    http://127.0.0.1:8102, in its own process and (through the environment) its workers'."""
    served = serve("--port", "8102")
    assert served.options["port"] == 8102
    assert served.settings.public_url == "http://127.0.0.1:8102"
    assert served.settings.token_issuer == "http://127.0.0.1:8102"
    assert os.environ["JOBBOARD_SERVED_URL"] == "http://127.0.0.1:8102"
    assert (
        "Jobboard: open http://127.0.0.1:8102/ in a browser  (API docs: http://127.0.0.1:8102/docs)"
        in (served.output)
    )


def test_serve_on_every_interface_links_to_the_loopback_address(
    serve: Callable[..., Served],
) -> None:
    """Listening on 0.0.0.0 or :: serves this machine too; links name 127.0.0.1."""
    for host in ("0.0.0.0", "::"):  # noqa: S104
        served = serve("--host", host, "--port", "8102")
        assert served.options["host"] == host
        assert served.settings.public_url == "http://127.0.0.1:8102"


def test_an_explicit_public_url_wins_over_the_served_address(
    serve: Callable[..., Served], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Behind a proxy, JOBBOARD_PUBLIC_URL names the public address; `serve` says so."""
    monkeypatch.setenv("JOBBOARD_PUBLIC_URL", "https://jobs.example.com")
    served = serve("--port", "8102")
    assert served.settings.public_url == "https://jobs.example.com"
    assert "links use https://jobs.example.com" in served.output


def test_serve_in_production_refuses_to_start_without_a_public_url(
    serve: Callable[..., Served], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """In production the served address is no stand-in: the start stops, naming the variable."""
    for name, value in {
        "ENV": "production",
        "SECRET_KEY": "x" * 40,
        "KEY_ENCRYPTION_KEY_FILE": str(tmp_path / "kek"),
        "DATABASE_URL": "postgresql+psycopg://jobboard@db/jobboard",
        "ARGON2_TIME_COST": "3",
        "ARGON2_MEMORY_KIB": "65536",
    }.items():
        monkeypatch.setenv(f"JOBBOARD_{name}", value)
    with pytest.raises(ValueError, match="production needs JOBBOARD_PUBLIC_URL"):
        serve("--host", "0.0.0.0", "--port", "8000")  # noqa: S104


async def test_e_mail_links_follow_the_served_address(
    serve: Callable[..., Served], database: Database, inbox: Inbox
) -> None:
    """The verification e-mail of an account registered on `serve --port 8102` links to
    http://127.0.0.1:8102."""
    served = serve("--port", "8102")
    application = create_app(served.settings, database, MemoryCache())
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=application), base_url="http://testserver"
    ) as client:
        account = await register(client)
    ran = await run_queued(database)
    assert ran.failures == []
    [message] = inbox.to(account.email)
    links = re.findall(r"https?://[^\s?]+", text_of(message))
    assert links
    assert all(link.startswith("http://127.0.0.1:8102/") for link in links), links
