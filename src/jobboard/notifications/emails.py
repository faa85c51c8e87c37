"""The e-mail that goes with a notification, written when the mail task runs."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.config import Settings
from jobboard.mail import OutgoingMail, message
from jobboard.models import Notification, User
from jobboard.notifications.service import EMAIL_MESSAGE


@message(EMAIL_MESSAGE)
async def notification_email(
    session: AsyncSession, settings: Settings, /, *, notification_id: int
) -> OutgoingMail | None:
    """Nothing is sent for a notification (or an account) deleted meanwhile."""
    notification = await session.get(Notification, notification_id)
    if notification is None:
        return None
    user = await session.get(User, notification.user_id)
    if user is None or user.disabled_at is not None:
        return None
    base = settings.public_url.rstrip("/")
    link = (
        f"\n\nSee it at {base}/api/v1/applications/{notification.application_id}"
        if notification.application_id is not None
        else ""
    )
    return OutgoingMail(
        to=user.email,
        subject=notification.title,
        text=(
            f"Hello {user.display_name},\n\n{notification.body}{link}\n\n"
            f"You get this because of your account on {base}. Your notifications: "
            f"{base}/api/v1/me/notifications\n"
        ),
    )
