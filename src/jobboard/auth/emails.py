"""The messages identity sends: e-mail verification and password reset.

Each is written when the ``mail.send`` task runs, with a token made then: the tokens never
sit in the queue, and a message for an account that was disabled, erased or verified
meanwhile is not sent.
"""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.auth.service import (
    EMAIL_VERIFICATION,
    PASSWORD_RESET,
    PASSWORD_RESET_MAIL,
    VERIFICATION_MAIL,
    action_token,
)
from jobboard.config import Settings
from jobboard.mail import OutgoingMail, message
from jobboard.models import User


def _link(settings: Settings, path: str, token: str) -> str:
    return f"{settings.public_url.rstrip('/')}{path}?token={quote(token)}"


async def _active(session: AsyncSession, user_id: int) -> User | None:
    user = await session.get(User, user_id)
    return None if user is None or user.disabled_at is not None else user


@message(VERIFICATION_MAIL)
async def verification(
    session: AsyncSession, settings: Settings, /, *, user_id: int
) -> OutgoingMail | None:
    user = await _active(session, user_id)
    if user is None or user.email_verified_at is not None:
        return None
    token = action_token(user, purpose=EMAIL_VERIFICATION, settings=settings)
    link = _link(settings, "/account/verify-email", token)
    return OutgoingMail(
        to=user.email,
        subject="Confirm your e-mail address for Jobboard",
        text=(
            f"Hello {user.display_name},\n\n"
            f"confirm that this address is yours by opening\n\n  {link}\n\n"
            f"or by sending this token to POST /api/v1/auth/verify-email:\n\n  {token}\n\n"
            f"The link works once and expires in {settings.email_verification_ttl_hours} "
            "hours. If you did not register, ignore this message.\n"
        ),
    )


@message(PASSWORD_RESET_MAIL)
async def password_reset(
    session: AsyncSession, settings: Settings, /, *, user_id: int
) -> OutgoingMail | None:
    user = await _active(session, user_id)
    if user is None:
        return None
    token = action_token(user, purpose=PASSWORD_RESET, settings=settings)
    link = _link(settings, "/account/reset-password", token)
    return OutgoingMail(
        to=user.email,
        subject="Reset your Jobboard password",
        text=(
            f"Hello {user.display_name},\n\n"
            f"someone asked to reset the password of this account. To choose a new one, "
            f"open\n\n  {link}\n\n"
            f"or send this token with the new password to "
            f"POST /api/v1/auth/password-reset/confirm:\n\n  {token}\n\n"
            f"The link works once and expires in {settings.password_reset_ttl_minutes} "
            "minutes. Resetting signs you out everywhere. If you did not ask, ignore this "
            "message: your password stays as it is.\n"
        ),
    )
