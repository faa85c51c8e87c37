"""`jobboard import KIND URL_OR_FILE --company SLUG` imports now and reports what happened."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jobboard.cli import app
from jobboard.config import get_settings
from support_http import LocalServer

OWN = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with two demo companies, made once for the module."""
    folder = tmp_path_factory.mktemp("import-cli")
    path = folder / "template.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JOBBOARD_DATA_DIR", str(folder))
        patch.setenv("JOBBOARD_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
        get_settings.cache_clear()
        result = CliRunner().invoke(app, ["demo", "--companies", "2", "--jobs", "2"])
        assert result.exit_code == 0, result.output
    get_settings.cache_clear()
    return path


@pytest.fixture
def demo_database(
    demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A copy of the template for one test, which the CLI then uses."""
    path = tmp_path / "cli.db"
    shutil.copyfile(demo_template, path)
    monkeypatch.setenv("JOBBOARD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JOBBOARD_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def _company(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return str(connection.execute("SELECT slug FROM company ORDER BY id LIMIT 1").fetchone()[0])


def _report(output: str) -> dict[str, object]:
    start = re.search(r"^\{$", output, re.MULTILINE)
    assert start is not None, output
    data: dict[str, object] = json.loads(output[start.start() :])
    return data


def test_import_a_file_then_again(demo_database: Path) -> None:
    """A file imports its jobs; importing it again changes nothing (same feed source)."""
    slug = _company(demo_database)
    runner = CliRunner()
    first = runner.invoke(app, ["import", "indeed", str(OWN / "indeed.xml"), "--company", slug])
    assert first.exit_code == 0, first.output
    report = _report(first.output)
    assert (report["created"], report["failed"]) == (2, 1)
    second = _report(
        runner.invoke(app, ["import", "indeed", str(OWN / "indeed.xml"), "--company", slug]).output
    )
    assert (second["feed_id"], second["created"], second["unchanged"]) == (report["feed_id"], 0, 2)
    with sqlite3.connect(demo_database) as connection:
        rows = connection.execute(
            "SELECT source, source_id, status FROM job "
            "WHERE source LIKE 'indeed:%' ORDER BY source_id"
        ).fetchall()
    assert rows == [
        (f"indeed:{report['feed_id']}", "acme-be-1", "published"),
        (f"indeed:{report['feed_id']}", "acme-sup-2", "published"),
    ]


def test_import_a_url(demo_database: Path) -> None:
    """A URL is fetched over HTTP like a feed source's."""
    with LocalServer() as server:
        server.serve("/rss", (OWN / "rss.xml").read_bytes(), content_type="application/rss+xml")
        result = CliRunner().invoke(
            app, ["import", "rss", server.url("/rss"), "--company", _company(demo_database)]
        )
    assert result.exit_code == 0, result.output
    assert _report(result.output)["created"] == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["import", "myspace", "feed.xml", "--company", "x"], "unknown kind"),
        (["import", "rss", "/no/such/file.xml", "--company", "x"], "neither"),
        (
            ["import", "indeed", str(OWN / "truncated.xml"), "--company", "{slug}"],
            "not well-formed",
        ),
        (
            ["import", "indeed", str(OWN / "indeed.xml"), "--company", "no-such-company"],
            "no company",
        ),
    ],
)
def test_import_refuses_bad_arguments(
    demo_database: Path, arguments: list[str], message: str
) -> None:
    """Unknown kinds, missing files, malformed feeds and unknown companies exit 1 with why."""
    arguments = [argument.replace("{slug}", _company(demo_database)) for argument in arguments]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 1
    assert message in result.output
