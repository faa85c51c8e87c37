"""Settings, read from ``JOBBOARD_*`` environment variables through ``get_settings()``."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "development-only-secret-change-me"  # noqa: S105
# What links say when nothing says otherwise: `jobboard serve`'s own default address.
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


# Rate limits by name (jobboard.ratelimit); JOBBOARD_RATE_LIMITS overrides them.
_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}

DEFAULT_LIMITS: dict[str, str] = {
    "register": "10/hour",
    "token": "30/minute",
    "revoke": "60/minute",
    "password_reset": "5/hour",
    "password_reset_account": "3/hour",
    "verification_resend": "3/hour",
    "password_change": "10/hour",
    "export": "5/hour",
    "erase": "5/hour",
    "jobs_batch": "60/hour",
    "report": "10/hour",
    # Invitation e-mails go to addresses nobody has confirmed: a company may not send many.
    "invitation": "30/hour",
    # Cost units of GraphQL operations (jobboard.graphql.limits), not requests.
    "graphql_cost": "20000/minute",
}


def parse_limit(value: str) -> tuple[int, int]:
    """Read "10/hour", "30/minute" or "100/15minute" as (count, window in seconds)."""
    count_text, slash, period = value.strip().partition("/")
    digits = "".join(character for character in period if character.isdigit())
    unit = period[len(digits) :].strip().rstrip("s")
    if not slash or not count_text.strip().isdigit() or unit not in _UNITS:
        raise ValueError(f"{value!r} is not a rate limit; write it like '10/hour' or '5/15minute'")
    count = int(count_text)
    window = (int(digits) if digits else 1) * _UNITS[unit]
    if count < 1 or window < 1:
        raise ValueError(f"{value!r} allows nothing; use at least 1 per window")
    return count, window


class SettingsError(ValueError):
    """The configuration is unsafe or inconsistent for the chosen environment."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JOBBOARD_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("var")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; defaults to a SQLite file under data_dir.",
    )
    database_pool_size: int = Field(default=10, ge=1, le=200)
    database_connect_timeout_seconds: float = Field(
        default=5, gt=0, le=120, description="Give up opening a database connection after this."
    )
    database_statement_timeout_seconds: float = Field(
        default=30,
        ge=0,
        le=3600,
        description="PostgreSQL cancels a statement running longer than this (0: never).",
    )
    database_pool_timeout_seconds: float = Field(
        default=5,
        gt=0,
        le=120,
        description="A request waits this long for a free connection of the pool.",
    )
    database_echo: bool = False
    redis_url: str | None = None
    redis_timeout_seconds: float = Field(
        default=0.5, gt=0, le=30, description="Give up on a Redis command after this."
    )
    served_url: str | None = Field(
        default=None,
        description="Set by `jobboard serve` for itself and its workers: the address it serves "
        "on, which public_url defaults to.",
    )
    # Every link, e-mail, feed and the token issuer read this one value.
    public_url: str = Field(
        default_factory=lambda data: data["served_url"] or DEFAULT_PUBLIC_URL,
        description="Where people reach Jobboard; required in production.",
    )
    secret_key: str = DEVELOPMENT_SECRET
    key_encryption_key: str | None = Field(
        default=None,
        description="base64url of 32 random bytes; encrypts the token signing keys at rest.",
    )
    key_encryption_key_file: Path | None = None
    signing_keys_refresh_seconds: int = Field(default=60, ge=0, le=3600)
    signing_key_activation_delay_seconds: int = Field(default=120, ge=0, le=86400)
    jwt_issuer: str | None = Field(default=None, description="Defaults to public_url.")
    jwt_audience: str = "jobboard-api"
    access_token_ttl_seconds: int = Field(default=900, ge=60, le=3600)
    refresh_token_ttl_days: int = Field(default=30, ge=1, le=365)
    principal_cache_seconds: int = Field(default=60, ge=1, le=3600)
    web_session_ttl_days: int = Field(
        default=14, ge=1, le=90, description="How long a browser stays signed in."
    )
    email_verification_ttl_hours: int = Field(default=48, ge=1, le=720)
    password_reset_ttl_minutes: int = Field(default=60, ge=5, le=1440)
    invitation_ttl_days: int = Field(
        default=7, ge=1, le=90, description="How long a link to join a company works."
    )
    rate_limits: dict[str, str] = Field(
        default_factory=dict,
        description='Overrides of the default limits, e.g. {"token": "30/minute"}.',
    )
    login_delay_after_failures: int = Field(default=3, ge=1, le=100)
    lockout_after_failures: int = Field(default=10, ge=2, le=1000)
    lockout_seconds: int = Field(default=900, ge=1, le=86400)
    smtp_url: str | None = Field(
        default=None, description="smtp://user:password@host:587?starttls=true, or smtps://..."
    )
    mail_from: str = "Jobboard <no-reply@jobboard.example>"
    cors_origins: list[str] = Field(default_factory=list)
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=8)
    password_hash_threads: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Threads that hash and check passwords; sign-ins beyond them queue.",
    )
    job_ttl_days: int = Field(default=30, ge=1, le=180)
    max_job_ttl_days: int = Field(default=180, ge=1, le=365)
    idempotency_ttl_hours: int = Field(default=24, ge=1, le=720)
    metrics_token: str | None = Field(
        default=None,
        description="When set, /metrics answers only requests bearing this token.",
    )
    search_refresh_seconds: float = Field(
        default=30.0,
        ge=0,
        le=3600,
        description="Least age of the autocomplete and spelling snapshot before a job change "
        "rebuilds it.",
    )
    figures_stale_seconds: int = Field(
        default=300,
        ge=0,
        le=3600,
        description="How long figures over all open jobs (counts, pay percentiles) and a "
        "page's search results may be served after they were found outdated, while they are "
        "computed again in the background.",
    )
    warm_figures_on_start: bool = Field(
        default=True,
        description="After a start, compute in the background the figures the home, "
        "category and most-asked skill pages show, before visitors ask for them.",
    )
    log_level: str = "INFO"
    log_json: bool = False
    embedded_worker: bool = Field(
        default=True, description="On SQLite, run queued tasks inside the API process."
    )
    worker_concurrency: int = Field(default=4, ge=1, le=64)
    worker_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    worker_heartbeat_seconds: float = Field(default=10.0, gt=0, le=300)
    worker_stalled_after_seconds: float = Field(
        default=60.0,
        gt=0,
        le=3600,
        description="A task whose worker was silent this long is run again elsewhere.",
    )
    worker_shutdown_grace_seconds: float = Field(
        default=25.0,
        ge=0,
        le=3600,
        description="On SIGTERM, running tasks get this long to finish before they are requeued.",
    )
    worker_task_modules: list[str] = Field(
        default_factory=list, description="Extra modules whose tasks workers also run."
    )
    outbound_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    outbound_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    outbound_allow_private_addresses: bool = Field(
        default=False,
        description="Let feeds and webhooks reach private, loopback and link-local addresses.",
    )
    webhook_disable_after_hours: float = Field(default=72.0, ge=0)
    expiry_notice_days: int = Field(default=3, ge=1, le=30)
    storage_dir: Path | None = Field(
        default=None, description="Where uploaded files live; defaults to data_dir/files."
    )
    application_reminder_days: int = Field(
        default=14,
        ge=1,
        le=180,
        description="An application this long in one stage reminds its company.",
    )
    application_close_after_reminder_days: int = Field(
        default=30,
        ge=1,
        le=365,
        description="This long after the reminder, an untouched application is closed.",
    )

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.env != "production":
            return self
        if self.secret_key == DEVELOPMENT_SECRET or len(self.secret_key) < 32:
            raise SettingsError(
                "JOBBOARD_SECRET_KEY must be set to a random value of at least 32 characters "
                "in production (for example: python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))')"
            )
        if self.key_encryption_key is None and self.key_encryption_key_file is None:
            raise SettingsError(
                "production needs a key source for the token signing keys: set "
                "JOBBOARD_KEY_ENCRYPTION_KEY_FILE (or JOBBOARD_KEY_ENCRYPTION_KEY) to 32 random "
                "bytes in base64url; `jobboard keys generate-kek PATH` writes one"
            )
        if self.argon2_memory_kib < 19456 or self.argon2_time_cost < 2:
            raise SettingsError(
                "argon2 parameters below OWASP's minimum (19 MiB, 2 passes) are for tests only"
            )
        if self.database_url is None or self.database_url.startswith("sqlite"):
            raise SettingsError("production runs on PostgreSQL: set JOBBOARD_DATABASE_URL")
        if "public_url" not in self.model_fields_set:
            # Behind a proxy the served address is not the public one, and every process of
            # the deployment must agree on links and on the token issuer.
            raise SettingsError(
                "production needs JOBBOARD_PUBLIC_URL, the address people reach Jobboard at "
                "(for example https://jobs.example.com): links in e-mails, feeds and pages and "
                "the token issuer are built from it, the same in every process"
            )
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'jobboard.db').resolve()}"

    @model_validator(mode="after")
    def _check_rate_limits(self) -> Settings:
        for name, value in self.rate_limits.items():
            if name not in DEFAULT_LIMITS:
                raise SettingsError(
                    f"JOBBOARD_RATE_LIMITS names {name!r}; known limits: "
                    + ", ".join(sorted(DEFAULT_LIMITS))
                )
            parse_limit(value)
        return self

    @property
    def uses_https(self) -> bool:
        return self.public_url.lower().startswith("https://")

    @property
    def token_issuer(self) -> str:
        return self.jwt_issuer or self.public_url.rstrip("/")


def served_url(host: str, port: int) -> str:
    """The address of a server listening on ``host``:``port``, as a browser on this machine
    reaches it (the wildcard addresses become 127.0.0.1)."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - naming the wildcard, not binding it
        host = "127.0.0.1"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


@cache
def get_settings() -> Settings:
    """Return the process-wide settings (read once, on first use)."""
    return Settings()
