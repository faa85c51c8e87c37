"""Accounts: registration and password sign-in."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.auth.passwords import hash_password, needs_rehash, verify_password
from jobboard.errors import Conflict, ValidationFailed
from jobboard.models import User


class EmailTaken(Conflict):
    slug = "email-taken"
    title = "An account with this e-mail already exists"


async def get_by_email(session: AsyncSession, *, email: str) -> User | None:
    return await session.scalar(select(User).where(func.lower(User.email) == email.lower()))


async def register(
    session: AsyncSession, *, email: str, password: str, display_name: str, role: str
) -> User:
    local_part = email.split("@")[0].casefold()
    if password.casefold() == email.casefold() or (
        len(local_part) >= 4 and local_part in password.casefold()
    ):
        raise ValidationFailed(
            "Choose a password that does not contain your e-mail address.",
            errors=[{"field": "body.password", "message": "contains the e-mail address"}],
        )
    if await get_by_email(session, email=email) is not None:
        raise EmailTaken("Sign in instead, or register with another e-mail address.")
    user = User(
        email=email.lower(),
        password_hash=hash_password(password),
        role=role,
        display_name=display_name,
    )
    session.add(user)
    await session.flush()
    return user


async def authenticate(session: AsyncSession, *, email: str, password: str) -> User | None:
    """Return the user whose credentials these are; unknown e-mails cost the same time."""
    user = await get_by_email(session, email=email)
    if not verify_password(password, user.password_hash if user else None):
        return None
    assert user is not None
    if user.disabled_at is not None:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user
