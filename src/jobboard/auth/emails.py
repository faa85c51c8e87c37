"""The messages identity sends: e-mail verification and password reset."""

from __future__ import annotations

from urllib.parse import quote

from jobboard.config import Settings
from jobboard.mail import OutgoingMail
from jobboard.models import User


def _link(settings: Settings, path: str, token: str) -> str:
    return f"{settings.public_url.rstrip('/')}{path}?token={quote(token)}"


def verification(user: User, *, token: str, settings: Settings) -> OutgoingMail:
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


def password_reset(user: User, *, token: str, settings: Settings) -> OutgoingMail:
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
