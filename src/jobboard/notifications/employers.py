"""Telling a company's people of new applications: a notification in the app for each owner
and recruiter, and by e-mail as each member chose (``company_member.application_mail``):
one e-mail per application (``instant``, the default), one digest a day (``daily``), or
none (``off``).

The notification and the instant e-mail are queued in the transaction that records the
application; the digest is an hourly task that writes to each daily member whose last
digest is a day old, once, about the applications since.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.applications import events as application_events
from jobboard.companies.repository import EDITOR_ROLES
from jobboard.config import Settings
from jobboard.errors import ValidationFailed
from jobboard.kit.clock import as_utc, utcnow
from jobboard.mail import OutgoingMail, message, send_later
from jobboard.models import Application, Company, CompanyMember, Job, Notification, User
from jobboard.models.user import APPLICATION_MAIL
from jobboard.notifications import service as notifications
from jobboard.worker import TaskContext, periodic, task

logger = logging.getLogger(__name__)

KIND = "application.received"
INSTANT_MESSAGE = "notifications.application_received"
DIGEST_MESSAGE = "notifications.application_digest"
DIGEST_EVERY = timedelta(days=1)
DIGEST_LINES = 50


async def _members(session: AsyncSession, company_id: int) -> list[tuple[CompanyMember, User]]:
    """The owners and recruiters who act on applications, with active accounts."""
    rows = await session.execute(
        select(CompanyMember, User)
        .join(User, User.id == CompanyMember.user_id)
        .where(
            CompanyMember.company_id == company_id,
            CompanyMember.role.in_(EDITOR_ROLES),
            User.disabled_at.is_(None),
        )
        .order_by(User.id)
    )
    return [(member, user) for member, user in rows.all()]


async def on_application(
    session: AsyncSession,
    application: Application,
    event: application_events.ApplicationEvent,
    previous_stage: str | None,
) -> None:
    if event != "application.created":
        return
    job = await session.get(Job, application.job_id)
    assert job is not None
    for member, user in await _members(session, application.company_id):
        if user.id == application.candidate_id:
            continue
        # The row names no one: it outlives the candidate's account, which may be erased.
        notification = await notifications.notify(
            session,
            user_id=user.id,
            kind=KIND,
            title=f"New application for {job.title}",
            body=f"Someone applied to {job.title}. Read the application and answer them in "
            f"your workspace: /employer/applications/{application.id}",
            job_id=job.id,
            email=False,
        )
        if member.application_mail == "instant":
            await send_later(
                session,
                INSTANT_MESSAGE,
                notification_id=notification.id,
                application_id=application.id,
            )


@message(INSTANT_MESSAGE)
async def instant_email(
    session: AsyncSession, settings: Settings, /, *, notification_id: int, application_id: int
) -> OutgoingMail | None:
    """Nothing is sent when the notification, the application or the membership is gone."""
    notification = await session.get(Notification, notification_id)
    application = await session.get(Application, application_id)
    if notification is None or application is None:
        return None
    user = await session.get(User, notification.user_id)
    member = await session.get(CompanyMember, (application.company_id, notification.user_id))
    if user is None or user.disabled_at is not None or member is None:
        return None
    job = await session.get(Job, application.job_id)
    candidate = (
        await session.get(User, application.candidate_id) if application.candidate_id else None
    )
    if job is None:
        return None
    base = settings.public_url.rstrip("/")
    who = candidate.display_name if candidate else "Someone"
    return OutgoingMail(
        to=user.email,
        subject=notification.title,
        text=(
            f"Hello {user.display_name},\n\n{who} applied to {job.title}.\n\n"
            f"Read the application and answer them: "
            f"{base}/employer/applications/{application.id}\n\n"
            f"You get an e-mail for each new application. To get one a day, or none: "
            f"{base}/employer/notifications\n"
        ),
    )


async def set_preference(
    session: AsyncSession, *, user_id: int, company_id: int, choice: str
) -> CompanyMember:
    if choice not in APPLICATION_MAIL:
        raise ValidationFailed(
            "Choose instant, daily or off.",
            errors=[{"field": "application_mail", "message": "unknown choice"}],
        )
    member = await session.get(CompanyMember, (company_id, user_id))
    if member is None:
        raise ValidationFailed("You are not a member of this company.")
    if member.application_mail != choice:
        member.application_mail = choice
        # A new daily reader's first digest counts from now, not from the beginning; times
        # are whole seconds, so from the second before, lest an application made in the
        # same second be in no e-mail at all.
        member.application_digest_until = (
            utcnow() - timedelta(seconds=1) if choice == "daily" else None
        )
        await session.flush()
    return member


async def send_digests(session: AsyncSession, *, now: datetime) -> int:
    """Queue the digest of each daily member whose last one is a day old and who has new
    applications since; mark the members in the same transaction (run twice: once)."""
    due = await session.scalars(
        select(CompanyMember)
        .where(
            CompanyMember.application_mail == "daily",
            CompanyMember.role.in_(EDITOR_ROLES),
            (CompanyMember.application_digest_until.is_(None))
            | (CompanyMember.application_digest_until <= now - DIGEST_EVERY),
        )
        .order_by(CompanyMember.company_id, CompanyMember.user_id)
        .limit(1000)
    )
    sent = 0
    for member in list(due):
        since = (
            as_utc(member.application_digest_until)
            if member.application_digest_until
            else now - DIGEST_EVERY
        )
        count = await session.scalar(
            select(func.count()).where(
                Application.company_id == member.company_id,
                Application.applied_at > since,
                Application.applied_at <= now,
            )
        )
        member.application_digest_until = now
        if count:
            await send_later(
                session,
                DIGEST_MESSAGE,
                user_id=member.user_id,
                company_id=member.company_id,
                since=since.isoformat(),
                until=now.isoformat(),
            )
            sent += 1
    await session.flush()
    return sent


@message(DIGEST_MESSAGE)
async def digest_email(
    session: AsyncSession,
    settings: Settings,
    /,
    *,
    user_id: int,
    company_id: int,
    since: str,
    until: str,
) -> OutgoingMail | None:
    user = await session.get(User, user_id)
    company = await session.get(Company, company_id)
    member = await session.get(CompanyMember, (company_id, user_id))
    if user is None or user.disabled_at is not None or company is None or member is None:
        return None
    rows = await session.execute(
        select(Application.id, Job.title, User.display_name)
        .join(Job, Job.id == Application.job_id)
        .outerjoin(User, User.id == Application.candidate_id)
        .where(
            Application.company_id == company_id,
            Application.applied_at > datetime.fromisoformat(since),
            Application.applied_at <= datetime.fromisoformat(until),
        )
        .order_by(Application.applied_at, Application.id)
        .limit(DIGEST_LINES + 1)
    )
    lines = rows.all()
    if not lines:
        return None
    base = settings.public_url.rstrip("/")
    listed = "\n".join(
        f"- {name or 'Someone'} for {title}: {base}/employer/applications/{identifier}"
        for identifier, title, name in lines[:DIGEST_LINES]
    )
    more = "\n- and more in your workspace" if len(lines) > DIGEST_LINES else ""
    return OutgoingMail(
        to=user.email,
        subject=f"New applications at {company.name}",
        text=(
            f"Hello {user.display_name},\n\nNew applications since yesterday:\n\n{listed}{more}"
            f"\n\nYou get this digest once a day. To change it: {base}/employer/notifications\n"
        ),
    )


@periodic(timedelta(hours=1))
@task("notifications.application_digests")
async def application_digests(context: TaskContext) -> None:
    async with context.database.unit_of_work() as session:
        sent = await send_digests(session, now=utcnow())
    if sent:
        logger.info("queued %s daily application digests", sent)
