"""The password policy: length, not the e-mail address, not a common password."""

from __future__ import annotations

import secrets

import httpx
import pytest
from sqlalchemy import func, select

from jobboard.auth.password_policy import common_passwords, problems
from jobboard.db import Database
from jobboard.models import User

EMAIL = "grace.hopper@example.com"


def test_the_bundled_list_is_loaded() -> None:
    """The common-password list holds the 30,000 case-folded entries, comments skipped."""
    passwords = common_passwords()
    assert len(passwords) == 30_000
    assert {"123456", "password", "qwertyuiop"} <= passwords
    assert not any(password.startswith("#") for password in passwords)


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "Ships are safe in harbor 1978",
        "a long test password 1",
    ],
)
def test_good_passwords_pass(password: str) -> None:
    """Long passphrases that are neither common nor the address pass."""
    assert problems(password, email=EMAIL) == []


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short pass", "at least 12"),
        ("x" * 257, "at most 256"),
        ("grace.hopper@example.com", "e-mail"),
        ("I am GRACE.HOPPER, 1906", "e-mail"),
        ("qwertyuiop123", "common"),
        ("PASSWORD1234", "common"),
        ("dragon2024!!!!", "common"),
        ("aaaaaaaaaaaaaa", "common"),
        ("abababababab", "common"),
    ],
)
def test_bad_passwords_are_refused_with_a_reason(password: str, reason: str) -> None:
    """Short, over-long, address-containing, common (also padded) and repetitive passwords fail."""
    found = problems(password, email=EMAIL)
    assert any(reason in message for message in found), found


async def test_registration_refuses_a_common_password_and_writes_nothing(
    client: httpx.AsyncClient, database: Database
) -> None:
    """A common password is a 422 naming body.password; no account is created."""
    email = f"common-{secrets.token_hex(4)}@example.com"
    response = await client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": "iloveyou12345", "display_name": "C"},
    )
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["body.password"]
    assert "common password" in response.json()["detail"]
    async with database.sessionmaker() as session:
        count = await session.scalar(
            select(func.count()).select_from(User).where(User.email == email)
        )
    assert count == 0
