"""Rate limits and sign-in lockout, on process memory and on the real Redis."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from conftest import PASSWORD, assert_problem, register
from jobboard.auth import service as auth_service
from jobboard.auth import throttle
from jobboard.auth.principal import Principal
from jobboard.auth.scopes import ROLE_SCOPES
from jobboard.cache import Cache
from jobboard.config import get_settings, parse_limit
from jobboard.db import Database
from jobboard.main import create_app
from jobboard.models import User
from jobboard.ratelimit import Limit, RateLimited, spend


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10/hour", (10, 3600)),
        ("30/minute", (30, 60)),
        ("5/15minutes", (5, 900)),
        ("1/day", (1, 86400)),
    ],
)
def test_limits_are_read_from_text(text: str, expected: tuple[int, int]) -> None:
    """A limit is written as count/period, with an optional multiple of the period."""
    assert parse_limit(text) == expected


@pytest.mark.parametrize("text", ["ten/hour", "10", "10/fortnight", "0/hour", "10/0minute"])
def test_malformed_limits_are_refused(text: str) -> None:
    """Anything else is a ValueError naming the expected form."""
    with pytest.raises(ValueError, match=r"rate limit|allows nothing"):
        parse_limit(text)


async def test_a_budget_runs_out_and_says_when_it_returns(any_cache: Cache) -> None:
    """Three requests pass with a falling RateLimit-Remaining; the fourth is 429 with headers."""
    limit = Limit(name="test", count=3, window_seconds=60)
    remaining = [(await spend(any_cache, limit, "10.0.0.1")).remaining for _ in range(3)]
    assert remaining == [2, 1, 0]
    with pytest.raises(RateLimited) as refused:
        await spend(any_cache, limit, "10.0.0.1")
    headers = refused.value.headers
    assert refused.value.status == 429
    assert headers["RateLimit-Limit"] == "3"
    assert headers["RateLimit-Remaining"] == "0"
    assert 0 < int(headers["Retry-After"]) <= 60
    assert headers["RateLimit-Reset"] == headers["Retry-After"]
    assert (await spend(any_cache, limit, "10.0.0.2")).remaining == 2


def _limited_app(database: Database, cache: Cache, **changes: Any) -> httpx.AsyncClient:
    settings = get_settings().model_copy(update=changes)
    app = create_app(settings, database, cache)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


@pytest.fixture
async def strict_client(database: Database, any_cache: Cache) -> AsyncIterator[httpx.AsyncClient]:
    async with _limited_app(
        database,
        any_cache,
        rate_limits={"register": "2/hour", "token": "3/minute", "password_reset": "1/hour"},
        login_delay_after_failures=2,
        lockout_after_failures=4,
        lockout_seconds=300,
    ) as client:
        yield client


def _registration() -> dict[str, str]:
    return {
        "email": f"limited-{secrets.token_hex(4)}@example.com",
        "password": PASSWORD,
        "display_name": "Limited",
    }


async def test_registration_is_rate_limited_and_a_refusal_writes_nothing(
    strict_client: httpx.AsyncClient, database: Database
) -> None:
    """The third registration from one address within the hour is a 429 problem with
    Retry-After and RateLimit-* headers, and creates no account."""
    for expected_remaining in ("1", "0"):
        response = await strict_client.post("/api/v1/auth/register", json=_registration())
        assert response.status_code == 201
        assert response.headers["ratelimit-remaining"] == expected_remaining
    refused_body = _registration()
    refused = await strict_client.post("/api/v1/auth/register", json=refused_body)
    assert refused.headers["content-type"] == "application/problem+json"
    assert_problem(refused, 429, "/problems/rate-limited")
    assert int(refused.headers["retry-after"]) > 3000
    assert refused.headers["ratelimit-limit"] == "2"
    async with database.sessionmaker() as session:
        count = await session.scalar(
            select(func.count()).select_from(User).where(User.email == refused_body["email"])
        )
    assert count == 0


async def test_the_token_endpoint_is_rate_limited(strict_client: httpx.AsyncClient) -> None:
    """Token requests carry RateLimit-* headers; past the limit they get a 429 problem."""
    form = {"grant_type": "password", "username": "x@example.com", "password": "wrong password 1"}
    first = await strict_client.post("/api/v1/auth/token", data=form)
    assert first.headers["ratelimit-limit"] == "3"
    assert first.headers["ratelimit-remaining"] == "2"
    await strict_client.post("/api/v1/auth/token", data={"grant_type": "nope"})
    await strict_client.post("/api/v1/auth/token", data={"grant_type": "nope"})
    refused = await strict_client.post("/api/v1/auth/token", data=form)
    assert_problem(refused, 429, "/problems/rate-limited")
    assert "retry-after" in refused.headers


async def test_password_reset_requests_are_rate_limited(strict_client: httpx.AsyncClient) -> None:
    """A second reset request within the hour from one address is refused."""
    first = await strict_client.post("/api/v1/auth/password-reset", json={"email": "a@example.com"})
    assert first.status_code == 202
    second = await strict_client.post(
        "/api/v1/auth/password-reset", json={"email": "b@example.com"}
    )
    assert second.status_code == 429


async def test_failed_sign_ins_delay_then_lock_the_account(
    database: Database, any_cache: Cache
) -> None:
    """After two failures the account must wait, even with the right password; the delay grows
    and the fourth failure locks it; an unknown address behaves the same."""
    async with _limited_app(
        database,
        any_cache,
        login_delay_after_failures=2,
        lockout_after_failures=4,
        lockout_seconds=300,
    ) as client:
        email = f"locked-{secrets.token_hex(4)}@example.com"
        registered = await client.post(
            "/api/v1/auth/register",
            json={"email": email, "password": PASSWORD, "display_name": "Locked"},
        )
        assert registered.status_code == 201
        for username in (email, f"ghost-{secrets.token_hex(4)}@example.com"):
            wrong = {"grant_type": "password", "username": username, "password": "wrong password 1"}
            for _ in range(2):
                response = await client.post("/api/v1/auth/token", data=wrong)
                assert (
                    response.json()["error_description"]
                    == "the e-mail address or password is wrong"
                )
            right = {**wrong, "password": PASSWORD}
            blocked = await client.post("/api/v1/auth/token", data=right)
            assert blocked.status_code == 400
            assert blocked.json()["error"] == "invalid_grant"
            assert "too many failed sign-ins" in blocked.json()["error_description"]
            assert blocked.headers["retry-after"] == "1"
    settings = get_settings().model_copy(
        update={
            "login_delay_after_failures": 2,
            "lockout_after_failures": 4,
            "lockout_seconds": 300,
        }
    )
    assert [throttle.delay_after(count, settings) for count in range(1, 6)] == [0, 1, 2, 300, 300]


async def test_a_success_clears_the_failures(any_cache: Cache) -> None:
    """A successful sign-in (or password reset) clears the account's failure count."""
    settings = get_settings().model_copy(update={"login_delay_after_failures": 1})
    assert await throttle.take_guess(any_cache, "Ada@Example.com", settings) is None
    assert await throttle.record_failure(any_cache, "Ada@Example.com", settings) == 1
    assert await throttle.blocked_for(any_cache, "ada@example.com") is not None
    await throttle.record_success(any_cache, "ada@example.com")
    assert await throttle.blocked_for(any_cache, "ADA@example.com") is None


async def test_confirming_the_password_counts_toward_the_sign_in_lockout(
    client: httpx.AsyncClient, database: Database, any_cache: Cache
) -> None:
    """Wrong passwords typed to confirm a step (deleting the account) delay the account like
    failed sign-ins, so an open session cannot be used to guess the password; the right
    password clears the count."""
    settings = get_settings().model_copy(update={"login_delay_after_failures": 2})
    account = await register(client)
    person = Principal(user_id=account.id, role="seeker", scopes=ROLE_SCOPES["seeker"])
    async with database.sessionmaker() as session:

        async def confirm(password: str) -> None:
            await auth_service.confirm_password(
                session, cache=any_cache, settings=settings, principal=person, password=password
            )

        with pytest.raises(auth_service.WrongPassword):
            await confirm("not the password")
        await confirm(PASSWORD)
        with pytest.raises(auth_service.WrongPassword):
            await confirm("not the password")
        assert await throttle.blocked_for(any_cache, account.email) is None
        with pytest.raises(auth_service.WrongPassword):
            await confirm("not the password either")
        with pytest.raises(auth_service.SignInLocked) as locked:
            await confirm(PASSWORD)
        assert int(locked.value.headers["Retry-After"]) >= 1
        assert await throttle.blocked_for(any_cache, account.email.upper()) is not None


async def test_a_burst_of_guesses_gets_no_more_checks_than_the_lockout_allows(
    committed_database: Database, any_cache: Cache
) -> None:
    """50 wrong passwords sent at once, then the right one while they are in flight: at most
    `lockout_after_failures` (10) passwords are checked, and the right one is refused with
    Retry-After because the account is locked. Concurrent requests on separate connections;
    the growing delay is off so that only the lockout decides."""
    limit = get_settings().lockout_after_failures
    async with _limited_app(
        committed_database, any_cache, login_delay_after_failures=100, lockout_seconds=300
    ) as client:
        email = f"burst-{secrets.token_hex(4)}@example.com"
        registered = await client.post(
            "/api/v1/auth/register",
            json={"email": email, "password": PASSWORD, "display_name": "Burst"},
        )
        assert registered.status_code == 201, registered.text

        async def guess(password: str) -> httpx.Response:
            form = {"grant_type": "password", "username": email, "password": password}
            return await client.post("/api/v1/auth/token", data=form)

        wrong = [asyncio.create_task(guess(f"wrong password {n:02}")) for n in range(50)]
        # Send the right one once the burst has used the account's guesses, whether or not
        # its answers are back yet.
        while await throttle.guesses_counted(any_cache, email) < limit:
            assert not all(task.done() for task in wrong), "the burst ended before the lock"
            await asyncio.sleep(0.001)
        right = await guess(PASSWORD)
        answers = await asyncio.gather(*wrong)
    descriptions = [answer.json()["error_description"] for answer in answers]
    checked = descriptions.count("the e-mail address or password is wrong")
    locked = [text for text in descriptions if text.startswith("too many failed sign-ins")]
    assert checked <= limit
    assert checked + len(locked) == 50, descriptions
    assert right.status_code == 400, right.text
    assert right.json()["error_description"].startswith("too many failed sign-ins")
    assert 0 < int(right.headers["retry-after"]) <= 300
    assert await throttle.guesses_counted(any_cache, email) == limit
