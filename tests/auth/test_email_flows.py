"""E-mail verification and password reset, queued with the request's change and delivered by
the mail task to a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from email.message import Message
from typing import Any

import httpx
import pytest

from conftest import PASSWORD, assert_problem, register, sign_in
from jobboard.auth import action_tokens
from jobboard.cache import MemoryCache
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.main import create_app
from jobboard.models import User
from support_mail import Inbox, text_of
from support_queue import queued, run_queued


@pytest.fixture
async def mail_client(database: Database, inbox: Inbox) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(get_settings(), database, MemoryCache())
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield client


async def delivered(database: Database, inbox: Inbox, address: str) -> list[Message]:
    """Run the queued tasks (mail.send among them) and return what reached ``address``."""
    ran = await run_queued(database)
    assert ran.failures == []
    return inbox.to(address)


def _token(message: Message) -> str:
    body = text_of(message)
    match = re.search(r"\?token=([A-Za-z0-9_%.-]+)", body)
    assert match is not None, body
    return match.group(1).replace("%2E", ".")


async def test_registering_sends_a_verification_email_that_works_once(
    mail_client: httpx.AsyncClient, database: Database, inbox: Inbox
) -> None:
    """Registration queues a mail task; the mail it sends carries a token (never the queue)
    that verifies the address once, then is refused."""
    account = await register(mail_client, role="seeker")
    assert inbox.to(account.email) == []
    [args] = [args for name, args in await queued(database) if name == "mail.send"]
    assert args == {"message": "auth.email_verification", "params": {"user_id": account.id}}
    [message] = await delivered(database, inbox, account.email)
    assert message["Subject"] == "Confirm your e-mail address for Jobboard"
    assert message["From"] == "Jobboard <no-reply@jobboard.test>"
    me = await mail_client.get("/api/v1/me", headers=account.headers)
    assert me.json()["email_verified"] is False
    token = _token(message)
    verified = await mail_client.post("/api/v1/auth/verify-email", json={"token": token})
    assert verified.status_code == 204, verified.text
    me = await mail_client.get("/api/v1/me", headers=account.headers)
    assert me.json()["email_verified"] is True
    again = await mail_client.post("/api/v1/auth/verify-email", json={"token": token})
    assert_problem(again, 422, "/problems/invalid-action-token")


async def test_verification_can_be_resent_until_verified(
    mail_client: httpx.AsyncClient, database: Database, inbox: Inbox
) -> None:
    """A signed-in, unverified user can ask for the e-mail again; once verified, none is sent."""
    account = await register(mail_client)
    resent = await mail_client.post("/api/v1/auth/verify-email/resend", headers=account.headers)
    assert resent.status_code == 202
    assert resent.headers["ratelimit-limit"] == "3"
    messages = await delivered(database, inbox, account.email)
    assert len(messages) == 2
    await mail_client.post("/api/v1/auth/verify-email", json={"token": _token(messages[-1])})
    done = await mail_client.post("/api/v1/auth/verify-email/resend", headers=account.headers)
    assert done.json()["status"] == "The address is verified already."
    assert len(await delivered(database, inbox, account.email)) == 2
    anonymous = await mail_client.post("/api/v1/auth/verify-email/resend")
    assert anonymous.status_code == 401


async def test_a_password_reset_sets_a_new_password_and_signs_out_everywhere(
    mail_client: httpx.AsyncClient, database: Database, inbox: Inbox
) -> None:
    """The reset link sets a new password once; old tokens and the old password stop working."""
    account = await register(mail_client)
    asked = await mail_client.post("/api/v1/auth/password-reset", json={"email": account.email})
    assert asked.status_code == 202
    message = (await delivered(database, inbox, account.email))[-1]
    assert message["Subject"] == "Reset your Jobboard password"
    token = _token(message)
    weak = await mail_client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": token, "new_password": "qwertyuiop123"},
    )
    assert weak.status_code == 422
    assert [error["field"] for error in weak.json()["errors"]] == ["body.new_password"]
    new_password = "the reset worked fine 42"
    done = await mail_client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": new_password}
    )
    assert done.status_code == 204, done.text
    assert (await mail_client.get("/api/v1/me", headers=account.headers)).status_code == 401
    old = await mail_client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": account.email, "password": PASSWORD},
    )
    assert old.json()["error"] == "invalid_grant"
    headers = await sign_in(mail_client, account.email, new_password)
    me = await mail_client.get("/api/v1/me", headers=headers)
    assert me.json()["email_verified"] is True
    reused = await mail_client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": token, "new_password": "yet another passphrase 9"},
    )
    assert_problem(reused, 422, "/problems/invalid-action-token")


async def test_a_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(
    mail_client: httpx.AsyncClient, database: Database, inbox: Inbox
) -> None:
    """Asking to reset an address nobody uses answers exactly like a real one, without mail."""
    account = await register(mail_client)
    known = await mail_client.post("/api/v1/auth/password-reset", json={"email": account.email})
    await delivered(database, inbox, account.email)
    before = len(inbox.messages)
    unknown = await mail_client.post(
        "/api/v1/auth/password-reset", json={"email": "nobody-here@example.com"}
    )
    assert unknown.status_code == known.status_code == 202
    assert unknown.json() == known.json()
    assert await queued(database) == []
    assert len(inbox.messages) == before
    bad = await mail_client.post("/api/v1/auth/password-reset", json={"email": "not-an-address"})
    assert bad.status_code == 422


@pytest.mark.parametrize("kind", ["expired", "tampered", "other-purpose", "garbage"])
async def test_a_bad_reset_token_is_refused_and_changes_nothing(
    mail_client: httpx.AsyncClient, database: Database, kind: str
) -> None:
    """Expired, tampered, wrong-purpose and malformed tokens are 422 and the password stays."""
    account = await register(mail_client)
    async with database.sessionmaker() as session:
        user = await session.get(User, account.id)
    assert user is not None
    secret = get_settings().secret_key
    tokens: dict[str, Any] = {
        "expired": action_tokens.issue(
            purpose="password-reset", user=user, ttl_seconds=-10, secret=secret
        ),
        "tampered": action_tokens.issue(
            purpose="password-reset", user=user, ttl_seconds=600, secret="another secret"
        ),
        "other-purpose": action_tokens.issue(
            purpose="email-verification", user=user, ttl_seconds=600, secret=secret
        ),
        "garbage": "no.such-token",
    }
    response = await mail_client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": tokens[kind], "new_password": "a fresh long passphrase"},
    )
    assert_problem(response, 422, "/problems/invalid-action-token")
    assert await sign_in(mail_client, account.email, PASSWORD)
