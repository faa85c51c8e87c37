"""Settings come from JOBBOARD_* variables, and production refuses unsafe defaults."""

from __future__ import annotations

import pytest

from jobboard.config import DEVELOPMENT_SECRET, Settings, served_url

SAFE_PRODUCTION = {
    "env": "production",
    "public_url": "https://jobs.example.com",
    "secret_key": "x" * 40,
    "key_encryption_key_file": "/run/secrets/jobboard-kek",
    "database_url": "postgresql+psycopg://jobboard@db/jobboard",
    "argon2_time_cost": 3,
    "argon2_memory_kib": 65536,
}


def test_environment_variables_override_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """A JOBBOARD_ variable sets the matching field."""
    monkeypatch.setenv("JOBBOARD_JOB_TTL_DAYS", "45")
    monkeypatch.setenv("JOBBOARD_DATABASE_URL", "postgresql+psycopg://u@h/d")
    settings = Settings()
    assert settings.job_ttl_days == 45
    assert settings.resolved_database_url == "postgresql+psycopg://u@h/d"


def test_default_database_is_a_sqlite_file_under_the_data_dir() -> None:
    """Without a URL the embedded default is var/jobboard.db (an absolute path)."""
    settings = Settings(data_dir="var", database_url=None)
    assert settings.resolved_database_url.startswith("sqlite+aiosqlite:////")
    assert settings.resolved_database_url.endswith("/var/jobboard.db")


def test_safe_production_settings_are_accepted() -> None:
    """Production starts with a real secret, a key file and PostgreSQL."""
    assert Settings(**SAFE_PRODUCTION).env == "production"


@pytest.mark.parametrize(
    ("override", "complaint"),
    [
        ({"secret_key": DEVELOPMENT_SECRET}, "JOBBOARD_SECRET_KEY"),
        ({"secret_key": "short"}, "JOBBOARD_SECRET_KEY"),
        ({"key_encryption_key_file": None}, "key source"),
        ({"database_url": None}, "PostgreSQL"),
        ({"database_url": "sqlite+aiosqlite:///x.db"}, "PostgreSQL"),
        ({"argon2_memory_kib": 1024}, "argon2"),
    ],
)
def test_production_refuses_unsafe_settings(override: dict[str, object], complaint: str) -> None:
    """Each unsafe default stops a production start with a message naming the fix."""
    with pytest.raises(ValueError, match=complaint):
        Settings(**{**SAFE_PRODUCTION, **override})


def test_production_needs_the_public_url_set_explicitly() -> None:
    """Neither the development default nor the address served stands in for the public URL
    in production."""
    unset = {name: value for name, value in SAFE_PRODUCTION.items() if name != "public_url"}
    for settings in (unset, {**unset, "served_url": "http://127.0.0.1:8000"}):
        with pytest.raises(ValueError, match="JOBBOARD_PUBLIC_URL"):
            Settings(**settings)


def test_the_public_url_defaults_to_the_served_address() -> None:
    """Links and the token issuer follow the address `jobboard serve` serves on, unless the
    public URL is set; with neither, they name the default http://127.0.0.1:8000."""
    assert Settings().public_url == "http://127.0.0.1:8000"
    served = Settings(served_url="http://127.0.0.1:8102")
    assert served.public_url == "http://127.0.0.1:8102"
    assert served.token_issuer == "http://127.0.0.1:8102"
    explicit = Settings(served_url="http://127.0.0.1:8102", public_url="https://jobs.example.com")
    assert explicit.public_url == "https://jobs.example.com"
    assert explicit.token_issuer == "https://jobs.example.com"


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8102"),
        ("0.0.0.0", "http://127.0.0.1:8102"),  # noqa: S104
        ("::", "http://127.0.0.1:8102"),
        ("::1", "http://[::1]:8102"),
        ("jobs.internal", "http://jobs.internal:8102"),
    ],
)
def test_the_served_address_is_one_a_browser_here_can_open(host: str, url: str) -> None:
    """The wildcard addresses become 127.0.0.1; IPv6 literals get their brackets."""
    assert served_url(host, 8102) == url


def test_rate_limits_are_validated() -> None:
    """An unknown limit name or a malformed limit stops the start with a message."""
    assert Settings(rate_limits={"token": "5/15minutes"}).rate_limits["token"] == "5/15minutes"
    with pytest.raises(ValueError, match="known limits"):
        Settings(rate_limits={"tokens": "5/minute"})
    with pytest.raises(ValueError, match="is not a rate limit"):
        Settings(rate_limits={"token": "five a minute"})
