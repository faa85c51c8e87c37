"""Shared fixtures: a migrated database per engine, an app bound to it, and signed-in clients.

Every test that uses ``database`` runs once on SQLite and, when JOBBOARD_TEST_DATABASE_URL
is set, once more on PostgreSQL. Each test runs inside an outer transaction that is rolled
back afterwards; the app's own commits become savepoint releases inside it.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

# Timings never decide a test: a property that runs slowly on a busy machine still passes.
hypothesis_settings.register_profile("jobboard", deadline=None)
hypothesis_settings.load_profile("jobboard")

_DATA_DIR = Path(tempfile.mkdtemp(prefix="jobboard-tests-"))
os.environ.update(
    {
        "JOBBOARD_ENV": "test",
        "JOBBOARD_DATA_DIR": str(_DATA_DIR),
        "JOBBOARD_SECRET_KEY": secrets.token_urlsafe(32),
        # Cheap hashes keep the suite fast; production refuses these values.
        "JOBBOARD_ARGON2_TIME_COST": "1",
        "JOBBOARD_ARGON2_MEMORY_KIB": "1024",
        # Tests sign in and register far more often than people do; the rate-limit tests
        # set their own limits.
        "JOBBOARD_RATE_LIMITS": json.dumps(
            dict.fromkeys(
                ("register", "token", "password_reset", "password_reset_account"), "10000/hour"
            )
        ),
        # Feeds and webhooks in the tests talk to servers on 127.0.0.1.
        "JOBBOARD_OUTBOUND_ALLOW_PRIVATE_ADDRESSES": "true",
        # Autocomplete and spelling see every job change at once.
        "JOBBOARD_SEARCH_REFRESH_SECONDS": "0",
        # Figures and pages show every job change at once (tests/test_kept.py checks the
        # serving of outdated values while they are computed again).
        "JOBBOARD_FIGURES_STALE_SECONDS": "0",
        # Apps served in the tests compute nothing unasked (tests/web/test_warm_up.py does).
        "JOBBOARD_WARM_FIGURES_ON_START": "false",
    }
)
os.environ.pop("JOBBOARD_DATABASE_URL", None)

from jobboard import migrate, wiring  # noqa: E402
from jobboard.auth.keys import KeyRing, SigningKey  # noqa: E402
from jobboard.cache import Cache, MemoryCache, RedisCache  # noqa: E402
from jobboard.config import get_settings  # noqa: E402
from jobboard.db import Database, create_engine  # noqa: E402
from jobboard.main import create_app  # noqa: E402
from jobboard.taxonomy.catalog import load_catalog  # noqa: E402
from jobboard.taxonomy.service import sync_taxonomy  # noqa: E402

POSTGRES_URL = os.environ.get("JOBBOARD_TEST_DATABASE_URL")
ENGINES = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]
REDIS_URL = os.environ.get("JOBBOARD_TEST_REDIS_URL")
CACHES = ["memory", "redis"] if REDIS_URL else ["memory"]
PASSWORD = "a long test password 1"
PROBLEM_JSON = "application/problem+json"


def _redis_answers(url: str) -> bool:
    parsed = make_url(url.replace("redis://", "redis+x://", 1))
    try:
        with socket.create_connection((parsed.host or "127.0.0.1", parsed.port or 6379), 3) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def pytest_sessionstart(session: pytest.Session) -> None:
    """Wire tasks and change listeners as every process does at start-up (tests call services
    without an app too). Under CI (JOBBOARD_TEST_REQUIRE_SERVICES=1) refuse to run without
    the real services."""
    wiring.start()
    if os.environ.get("JOBBOARD_TEST_REQUIRE_SERVICES") != "1":
        return
    redis_url = os.environ.get("JOBBOARD_TEST_REDIS_URL")
    if not POSTGRES_URL or not redis_url:
        pytest.exit("CI needs JOBBOARD_TEST_DATABASE_URL and JOBBOARD_TEST_REDIS_URL", 3)
    try:
        admin = make_url(POSTGRES_URL).set(drivername="postgresql")
        with psycopg.connect(admin.render_as_string(hide_password=False), connect_timeout=5):
            pass
    except psycopg.Error as error:
        pytest.exit(f"PostgreSQL at {POSTGRES_URL} is unreachable: {error}", 3)
    if not _redis_answers(redis_url):
        pytest.exit(f"Redis at {redis_url} is unreachable", 3)


SHARED_FEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "fixtures" / "feeds"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without ../shared/fixtures/feeds, deselect the tests that read recorded feeds."""
    if SHARED_FEEDS.is_dir():
        return
    deselected = [item for item in items if item.get_closest_marker("shared_fixtures")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item not in deselected]


def pytest_report_header() -> list[str]:
    lines = [f"jobboard engines: {', '.join(ENGINES)}"]
    shared_feeds = SHARED_FEEDS
    if not shared_feeds.is_dir():
        lines.append(
            f"recorded feeds not found at {shared_feeds}: tests marked shared_fixtures "
            "are deselected"
        )
    if not POSTGRES_URL:
        lines.append(
            "PostgreSQL not configured (JOBBOARD_TEST_DATABASE_URL unset): tests run on SQLite only"
        )
    return lines


def _postgres_test_url() -> str:
    """Create a scratch database next to the configured one and return its URL."""
    assert POSTGRES_URL is not None
    base = make_url(POSTGRES_URL)
    name = f"jobboard_test_{os.getpid()}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return base.set(database=name).render_as_string(hide_password=False)


def _drop_postgres(url: str) -> None:
    assert POSTGRES_URL is not None
    admin = (
        make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    )
    name = make_url(url).database
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", params=ENGINES)
async def engine(request: pytest.FixtureRequest) -> AsyncIterator[AsyncEngine]:
    """A migrated database holding the taxonomy, one per engine for the whole session."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{_DATA_DIR / 'test.db'}"
    else:
        url = _postgres_test_url()
    migrate.upgrade(url)
    engine = create_engine(url, pool_size=5)
    async with engine.begin() as connection:
        session = AsyncSession(bind=connection)
        await sync_taxonomy(session, catalog=load_catalog(), force=True)
        await session.flush()
    yield engine
    await engine.dispose()
    if request.param == "postgresql":
        _drop_postgres(url)


@pytest.fixture
async def database(engine: AsyncEngine) -> AsyncIterator[Database]:
    """A Database whose every session runs inside one transaction rolled back afterwards."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        sessionmaker = async_sessionmaker(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        yield Database(engine, sessionmaker=sessionmaker)
        await transaction.rollback()


@pytest.fixture
async def committed_database(engine: AsyncEngine) -> AsyncIterator[Database]:
    """A Database with real, separate connections, for tests of concurrent requests.

    Rows these tests create are deleted afterwards; the taxonomy stays.
    """
    yield Database(engine)
    await wipe_committed(engine)


async def wipe_committed(engine: AsyncEngine) -> None:
    """Delete what tests committed for real (the taxonomy stays); the rest cascades."""
    async with engine.begin() as connection:
        for table in ("idempotency_record", "queued_task", "job", "company", "user_account"):
            await connection.execute(text(f"DELETE FROM {table}"))  # noqa: S608
        if engine.dialect.name == "postgresql":
            # Tasks the requests queued (registration mails) must not reach later tests.
            await connection.execute(
                text(
                    "TRUNCATE procrastinate_events, procrastinate_periodic_defers, "
                    "procrastinate_jobs"
                )
            )


@pytest.fixture
def settings_env() -> Iterator[dict[str, str]]:
    """Settings a test changes with support_settings.override_settings, restored afterwards."""
    changed: dict[str, str] = {}
    yield changed
    for name, previous in changed.items():
        if previous:
            os.environ[name] = previous
        else:
            os.environ.pop(name, None)
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def smtp_inbox() -> Iterator[Any]:
    """A real SMTP server on 127.0.0.1 for the whole run (support_mail.Inbox)."""
    from support_mail import Inbox, start

    inbox = Inbox()
    controller = start(inbox)
    yield inbox
    controller.stop()


@pytest.fixture
def inbox(smtp_inbox: Any, settings_env: dict[str, str]) -> Any:
    """The app's mail goes to the local SMTP server while the test runs; the queued
    ``mail.send`` tasks deliver it once the test runs them (support_queue.run_queued)."""
    from support_settings import override_settings

    override_settings(
        settings_env,
        smtp_url=f"smtp://127.0.0.1:{smtp_inbox.port}",
        mail_from="Jobboard <no-reply@jobboard.test>",
    )
    return smtp_inbox


@pytest.fixture
def storage(settings_env: dict[str, str], tmp_path: Path) -> Path:
    """Uploaded files go to a folder of the test's own. Ask for it before `client`: the app
    reads its settings when it is made."""
    from support_settings import override_settings

    override_settings(settings_env, storage_dir=str(tmp_path / "files"))
    return tmp_path / "files"


@pytest.fixture
def server() -> Iterator[Any]:
    """A real HTTP server on 127.0.0.1 (support_http.LocalServer)."""
    from support_http import LocalServer

    with LocalServer() as running:
        yield running


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Any]:
    """Headless Chromium for the whole run (support_browser.chromium); skipped without it."""
    from support_browser import chromium

    async with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
async def live_site(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Any]:
    """Jobboard served by uvicorn on a free 127.0.0.1 port, on a SQLite file of its own, its
    public URL the address it is served at (support_browser.LiveSite); one per test module."""
    from support_browser import serve_jobboard

    async with serve_jobboard(tmp_path_factory.mktemp("live")) as site:
        yield site


@pytest.fixture
async def session(database: Database) -> AsyncIterator[AsyncSession]:
    async with database.sessionmaker() as session:
        yield session


@pytest.fixture(params=CACHES)
async def any_cache(request: pytest.FixtureRequest) -> AsyncIterator[Cache]:
    """Each cache backend: process memory, and Redis when JOBBOARD_TEST_REDIS_URL is set.

    Redis keys get a prefix unique to the test, so tests never see each other's keys.
    """
    if request.param == "memory":
        yield MemoryCache()
        return
    assert REDIS_URL is not None
    prefix = f"jobboard-test:{os.getpid()}:{secrets.token_hex(4)}:"
    cache = RedisCache.from_url(REDIS_URL, prefix=prefix)
    yield cache
    await cache.close()


def _client(database: Database, cache: Cache | None = None) -> httpx.AsyncClient:
    app = create_app(get_settings(), database, cache or MemoryCache())
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


@pytest.fixture
async def client(database: Database) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(database) as client:
        yield client


async def current_signing_key(database: Database) -> SigningKey:
    """The key the app signs access tokens with (the database is their one home)."""
    return await KeyRing(get_settings()).signing_key(database)


@dataclass
class Account:
    id: int
    email: str
    role: str
    headers: dict[str, str]


async def register(
    client: httpx.AsyncClient, *, role: str = "seeker", email: str | None = None
) -> Account:
    email = email or f"{role}-{secrets.token_hex(4)}@example.com"
    response = await client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "display_name": role.title(), "role": role},
    )
    assert response.status_code == 201, response.text
    user_id = response.json()["id"]
    return Account(id=user_id, email=email, role=role, headers=await sign_in(client, email))


async def sign_in(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD
) -> dict[str, str]:
    response = await client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": email, "password": password},
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def make_admin(database: Database, client: httpx.AsyncClient) -> Account:
    account = await register(client, role="seeker")
    async with database.sessionmaker() as session:
        await session.execute(
            text("UPDATE user_account SET role = 'admin' WHERE id = :id"), {"id": account.id}
        )
        await session.commit()
    account.role = "admin"
    account.headers = await sign_in(client, account.email)
    return account


AccountFactory = Callable[..., Awaitable[Account]]


@pytest.fixture
def accounts(client: httpx.AsyncClient) -> AccountFactory:
    async def make(role: str = "seeker", email: str | None = None) -> Account:
        return await register(client, role=role, email=email)

    return make


@pytest.fixture
async def employer(client: httpx.AsyncClient) -> Account:
    return await register(client, role="employer")


@pytest.fixture
async def company(client: httpx.AsyncClient, employer: Account) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/companies",
        json={"name": f"Acme {secrets.token_hex(3)}", "headquarters": "Berlin", "size": "50-99"},
        headers=employer.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def job_payload(company_slug: str, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "company": company_slug,
        "title": "Senior Backend Engineer",
        "description": "Design and run the APIs behind our payments product.",
        "category": "senior-back-end-developer",
        "seniority": "senior",
        "min_years_experience": 5,
        "workplace": "hybrid",
        "locations": [{"name": "Berlin"}],
        "salary": {"min": 7_000_000, "max": 9_000_000, "currency": "EUR", "period": "yearly"},
        "skills": [
            {"skill": "golang", "required": True, "min_years": 3},
            {"skill": "postgres", "required": True},
            {"skill": "k8s", "required": False},
        ],
    }
    payload.update(overrides)
    return payload


@pytest.fixture
def make_job(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def make(**overrides: Any) -> dict[str, Any]:
        response = await client.post(
            "/api/v1/jobs", json=job_payload(company["slug"], **overrides), headers=employer.headers
        )
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    return make


def assert_problem(response: httpx.Response, status: int, problem_type: str) -> dict[str, Any]:
    """Check an RFC 9457 answer: status, media type, problem type, a title and a detail that
    says what to do; return its body. The one check of a problem answer for every test."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body: dict[str, Any] = response.json()
    assert body["type"] == problem_type
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


def problem_fields(problem: dict[str, Any]) -> list[str]:
    """The fields a validation problem names."""
    return [error["field"] for error in problem.get("errors", [])]


@dataclass
class Team:
    """A company's owner, a recruiter and a viewer (hiring tests)."""

    owner: Account
    recruiter: Account
    viewer: Account
    slug: str


@pytest.fixture
async def team(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any], accounts: AccountFactory
) -> Team:
    members = {}
    for role in ("recruiter", "viewer"):
        member = await accounts("employer")
        added = await client.post(
            f"/api/v1/companies/{company['slug']}/members",
            json={"email": member.email, "role": role},
            headers=employer.headers,
        )
        assert added.status_code == 201, added.text
        members[role] = member
    return Team(employer, members["recruiter"], members["viewer"], company["slug"])


@pytest.fixture
async def opening(make_job: Callable[..., Awaitable[dict[str, Any]]]) -> dict[str, Any]:
    """A published job of the company (Go and PostgreSQL required, Berlin, hybrid)."""
    return await make_job(status="published")


@pytest.fixture
async def seeker(accounts: AccountFactory) -> Account:
    return await accounts("seeker")
