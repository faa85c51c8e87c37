"""The e-mail that goes with a notification, written when the mail task runs."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.config import Settings
from jobboard.kit.urls import job_path
from jobboard.mail import OutgoingMail, message
from jobboard.models import Job, Notification, User
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
    link = ""
    if notification.application_id is not None:
        link = f"\n\nSee it at {base}/me/applications/{notification.application_id}"
    elif notification.job_id is not None:
        job = await session.get(Job, notification.job_id)
        if job is not None:
            link = f"\n\nSee the job at {base}{job_path(job.id, job.title)}"
    return OutgoingMail(
        to=user.email,
        subject=notification.title,
        text=(
            f"Hello {user.display_name},\n\n{notification.body}{link}\n\n"
            f"You get this because of your account on {base}. Your notifications: "
            f"{base}/me/notifications\n"
        ),
    )
