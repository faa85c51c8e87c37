"""The `jobboard` command migrates, loads demo data once, and creates admins."""

from __future__ import annotations

import base64
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jobboard.cli import app
from jobboard.config import get_settings


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
