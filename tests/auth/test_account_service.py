"""The self-service account flows the API and the pages share: signing up, asking for a
reset link, checking a reset link before using it, and resending the verification e-mail."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from conftest import PASSWORD
from jobboard.auth import password_policy, service, standing
from jobboard.auth.principal import Principal
from jobboard.auth.scopes import ROLE_SCOPES
from jobboard.cache import MemoryCache
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.kit.clock import utcnow
from jobboard.models import User
from support_queue import queued


def _principal(user: User) -> Principal:
    return Principal(user_id=user.id, role=user.role, scopes=ROLE_SCOPES[user.role])


async def _sign_up(session: AsyncSession, cache: MemoryCache, email: str) -> User:
    return await service.sign_up(
        session,
        cache=cache,
        settings=get_settings(),
        email=email,
        password=PASSWORD,
        display_name="Ada",
        role="employer",
    )


def test_the_password_hint_states_the_policy() -> None:
    """The hint a form shows names the length the policy checks, the address and common
    passwords."""
    hint = password_policy.hint()
    assert f"at least {password_policy.MIN_LENGTH} characters" in hint
    assert "e-mail address" in hint
    assert "common password" in hint


async def test_signing_up_publishes_the_standing_and_queues_the_verification(
    session: AsyncSession, database: Database
) -> None:
    """The new account stands on every replica at once, and its verification e-mail is
    queued in the same transaction."""
    cache = MemoryCache()
    user = await _sign_up(session, cache, "Ada.Signup@Example.com")
    await session.commit()
    assert user.email == "ada.signup@example.com"
    assert user.role == "employer"
    cached = await cache.get(f"standing:user:{user.id}")
    assert cached is not None
    assert standing.Standing.decode(cached).role == "employer"
    assert await queued(database) == [
        ("mail.send", {"message": "auth.email_verification", "params": {"user_id": user.id}})
    ]


async def test_a_reset_is_queued_only_for_an_active_account(
    session: AsyncSession, database: Database
) -> None:
    """Known addresses (in any case) get a reset mail queued; unknown and disabled ones get
    nothing, and the caller cannot tell the difference."""
    user = await _sign_up(session, MemoryCache(), "reset-me@example.com")
    disabled = await _sign_up(session, MemoryCache(), "disabled@example.com")
    disabled.disabled_at = utcnow()
    await session.commit()
    before = len(await queued(database))
    assert await service.request_password_reset(session, email="nobody@example.com") is None
    await service.request_password_reset(session, email="disabled@example.com")
    await service.request_password_reset(session, email="RESET-ME@example.com")
    await session.commit()
    added = (await queued(database))[before:]
    assert added == [
        ("mail.send", {"message": "auth.password_reset", "params": {"user_id": user.id}})
    ]


async def test_checking_a_reset_link_does_not_use_it(session: AsyncSession) -> None:
    """A page can check a link before asking for the new password; the link still works
    afterwards, once, and is refused when checked again after use."""
    settings = get_settings()
    user = await _sign_up(session, MemoryCache(), "check-link@example.com")
    token = service.action_token(user, purpose=service.PASSWORD_RESET, settings=settings)
    assert (await service.reset_link_account(session, settings=settings, token=token)).id == user.id
    assert (await service.reset_link_account(session, settings=settings, token=token)).id == user.id
    await service.reset_password(
        session,
        cache=MemoryCache(),
        settings=settings,
        token=token,
        new_password="another fine passphrase 7",
    )
    with pytest.raises(service.InvalidActionToken):
        await service.reset_link_account(session, settings=settings, token=token)
    verification = service.action_token(user, purpose=service.EMAIL_VERIFICATION, settings=settings)
    with pytest.raises(service.InvalidActionToken):
        await service.reset_link_account(session, settings=settings, token=verification)


async def test_verification_is_resent_only_while_unverified(
    session: AsyncSession, database: Database
) -> None:
    """Resending queues another verification e-mail until the address is verified."""
    user = await _sign_up(session, MemoryCache(), "resend@example.com")
    assert await service.resend_verification(session, principal=_principal(user)) is True
    await session.commit()
    assert [args["message"] for _, args in await queued(database)] == [
        "auth.email_verification",
        "auth.email_verification",
    ]
    user.email_verified_at = utcnow()
    assert await service.resend_verification(session, principal=_principal(user)) is False
    await session.commit()
    assert len(await queued(database)) == 2
