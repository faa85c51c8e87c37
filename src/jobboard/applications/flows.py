"""Hiring steps that cross domains: a closed or expired job closes its applications, an
application left waiting reminds its company and is then closed politely, and the figures the
company page shows about answering applicants."""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.applications import service
from jobboard.companies.repository import EDITOR_ROLES
from jobboard.config import get_settings
from jobboard.kit.clock import as_utc
from jobboard.models import Application, Company, CompanyHiringStats, CompanyMember, Job
from jobboard.notifications import service as notifications

# The company page counts the applications of this many days.
STATS_WINDOW = timedelta(days=180)
_CLOSING_WORDS = {
    "filled": "has been filled",
    "cancelled": "was cancelled",
    "on_hold": "is on hold",
    "duplicate": "was a duplicate posting",
    "removed_from_source": "was taken down",
    "moderated": "was taken down",
    "other": "is closed",
}


def _closing_message(job: Job, company: Company, reason: str) -> str:
    if reason == "job_expired":
        what = f"The job {job.title} at {company.name} has expired"
    else:
        words = _CLOSING_WORDS.get(job.closing_reason or "other", "is closed")
        what = f"The job {job.title} at {company.name} {words}"
    return (
        f"{what}, so your application is closed with it. Thank you for applying, and good "
        "luck with your search."
    )


async def close_for_job(session: AsyncSession, *, job_id: int, reason: str, limit: int) -> int:
    """Close up to ``limit`` open applications of a closed or expired job; how many were."""
    job = await session.get(Job, job_id)
    if job is None:
        return 0
    company = await session.get(Company, job.company_id)
    assert company is not None
    open_ones = list(
        await session.scalars(
            select(Application)
            .where(Application.job_id == job_id, Application.closed_at.is_(None))
            .order_by(Application.id)
            .limit(limit)
        )
    )
    message = _closing_message(job, company, reason)
    for application in open_ones:
        await service.close_by_platform(
            session,
            application=application,
            reason=reason,
            message=message,
            # Closing a job is the company's decision, and an answer; expiry is not.
            company_answered=reason == "job_closed",
        )
    return len(open_ones)


async def send_reminders(session: AsyncSession, *, now: datetime, limit: int = 1000) -> int:
    """Tell a company's owners and recruiters, once per job, about applications that have
    waited ``application_reminder_days`` in one stage; each application is reminded once per
    stage."""
    waited = now - timedelta(days=get_settings().application_reminder_days)
    due = list(
        await session.scalars(
            select(Application)
            .where(
                Application.closed_at.is_(None),
                Application.reminded_at.is_(None),
                Application.stage_entered_at <= waited,
            )
            .order_by(Application.id)
            .limit(limit)
        )
    )
    by_job: dict[int, list[Application]] = {}
    for application in due:
        by_job.setdefault(application.job_id, []).append(application)
        application.reminded_at = now
    days = get_settings().application_reminder_days
    close_days = get_settings().application_close_after_reminder_days
    for job_id, waiting in by_job.items():
        job = await session.get(Job, job_id)
        assert job is not None
        recipients = await session.scalars(
            select(CompanyMember.user_id).where(
                CompanyMember.company_id == job.company_id, CompanyMember.role.in_(EDITOR_ROLES)
            )
        )
        count = len(waiting)
        ids = ", ".join(str(application.id) for application in waiting[:20])
        for user_id in recipients:
            await notifications.notify(
                session,
                user_id=user_id,
                kind="application.reminder",
                title=f"{count} applicant{'s' if count > 1 else ''} to {job.title} "
                f"{'are' if count > 1 else 'is'} waiting for an answer",
                body=(
                    f"{count} application{'s' if count > 1 else ''} to {job.title} "
                    f"(job {job.id}) {'have' if count > 1 else 'has'} been {days} days in the "
                    f"same stage: {ids}. Move each on, or reject it with a word to the "
                    f"candidate; in {close_days} days Jobboard closes the ones still waiting "
                    "and tells the candidates."
                ),
                job_id=job.id,
            )
    await session.flush()
    return len(due)


async def close_unanswered(session: AsyncSession, *, now: datetime, limit: int = 500) -> int:
    """Close, politely, applications still untouched ``application_close_after_reminder_days``
    after their company was reminded."""
    reminded_before = now - timedelta(days=get_settings().application_close_after_reminder_days)
    due = list(
        await session.scalars(
            select(Application)
            .where(
                Application.closed_at.is_(None),
                Application.reminded_at.is_not(None),
                Application.reminded_at <= reminded_before,
            )
            .order_by(Application.id)
            .limit(limit)
        )
    )
    for application in due:
        job = await session.get(Job, application.job_id)
        company = await session.get(Company, application.company_id)
        assert job is not None
        assert company is not None
        await service.close_by_platform(
            session,
            application=application,
            reason="no_response",
            message=(
                f"{company.name} has not taken your application for {job.title} further, so "
                "Jobboard closes it rather than leave you waiting. Thank you for applying; "
                "we hope the next one is the right one."
            ),
            company_answered=False,
        )
    return len(due)


async def refresh_hiring_stats(session: AsyncSession, *, now: datetime) -> int:
    """Recompute each company's answered share and median time to a first answer over the
    applications of the last 180 days; return how many companies' figures changed.

    Left out: applications withdrawn or erased before any answer, and those still within
    ``application_reminder_days`` without one (the company still has time).
    """
    since = now - STATS_WINDOW
    grace = now - timedelta(days=get_settings().application_reminder_days)
    active = set(
        await session.scalars(
            select(Application.company_id).where(Application.applied_at >= since).distinct()
        )
    ) | set(await session.scalars(select(CompanyHiringStats.company_id)))
    changed = 0
    for company_id in sorted(active):
        rows = await session.execute(
            select(
                Application.applied_at,
                Application.first_response_at,
                Application.response_seconds,
                Application.closed_at,
                Application.closed_reason,
                Application.stage,
            ).where(Application.company_id == company_id, Application.applied_at >= since)
        )
        counted = 0
        durations: list[int] = []
        for applied_at, answered_at, seconds, closed_at, closed_reason, stage in rows:
            if answered_at is None and (
                stage == "withdrawn"
                or closed_reason == "account_erased"
                or (closed_at is None and as_utc(applied_at) > grace)
            ):
                continue
            counted += 1
            if answered_at is not None:
                durations.append(seconds or 0)
        median = int(statistics.median(durations)) if durations else None
        stats = await session.get(CompanyHiringStats, company_id)
        if stats is None:
            stats = CompanyHiringStats(
                company_id=company_id, applications=-1, answered=-1, revision=0
            )
            session.add(stats)
        figures = (counted, len(durations), median)
        if figures != (stats.applications, stats.answered, stats.median_response_seconds):
            stats.applications, stats.answered, stats.median_response_seconds = figures
            stats.revision += 1
            changed += 1
        stats.computed_at = now
    await session.flush()
    return changed
