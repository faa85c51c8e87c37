"""Alert work in the background: match published jobs, send instant alerts and digests by
e-mail and webhook.

Each task is idempotent: matching clears the pending jobs in the transaction that records
their matches, and sending marks matches sent in the transaction that queues the e-mail and
the webhook call. The webhook call itself is at least once (receivers dedupe on
``webhook-id``, the same on every retry).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import orjson
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.alerts import service
from jobboard.config import Settings, get_settings
from jobboard.integrations import outbound
from jobboard.integrations.webhooks import signing
from jobboard.jobs import events
from jobboard.jobs import repository as job_repository
from jobboard.kit.clock import utcnow
from jobboard.mail import OutgoingMail, message, send_later
from jobboard.models import Job, SavedSearch, User
from jobboard.models.job import open_job_clause
from jobboard.search.schemas import SearchFilters
from jobboard.worker import RetryPolicy, TaskContext, defer, periodic, task

logger = logging.getLogger(__name__)

NEW_JOBS_MESSAGE = "alerts.new_jobs"
# Jobs listed in one e-mail or webhook call; a link to the search covers the rest.
MAX_LISTED = 25
# 30 s doubling, capped at an hour: 8 tries span about two hours.
WEBHOOK_RETRY = RetryPolicy(max_attempts=8, base_seconds=30, factor=2, max_seconds=3600)


class WebhookFailed(Exception):
    """The seeker's endpoint did not answer 2xx; the queue tries again later."""


def search_url(settings: Settings, saved: SavedSearch) -> str:
    """The search page of the saved search, newest jobs first."""
    pairs = [*SearchFilters.model_validate(saved.search).query_string(), ("sort", "newest")]
    return f"{settings.public_url.rstrip('/')}/jobs?{urlencode(pairs)}"


def unsubscribe_url(settings: Settings, saved: SavedSearch) -> str:
    """The one-click link that turns the search's e-mail off (RFC 8058)."""
    token = service.unsubscribe_token(saved, secret_key=settings.secret_key)
    return f"{settings.public_url.rstrip('/')}/unsubscribe/{token}"


async def note_published_job(session: AsyncSession, job: Job, event: events.JobEvent) -> None:
    """A published job waits to be matched against saved searches."""
    await note_published_jobs(session, [(job.id, event)])


async def note_published_jobs(
    session: AsyncSession, changes: Sequence[tuple[int, events.JobEvent]]
) -> None:
    """The same for a batch of changes (an import): one statement, one queued task."""
    job_ids = sorted({job_id for job_id, event in changes if event == "job.published"})
    if job_ids and await service.queue_jobs(session, job_ids=job_ids, now=utcnow()):
        await defer(session, match_jobs, queueing_lock="alerts.match")


@task("alerts.match")
async def match_jobs(context: TaskContext) -> None:
    """Match pending jobs, a batch per transaction, until none are left."""
    more = True
    while more:
        async with context.database.unit_of_work() as session:
            report, more = await service.match_pending(session, now=utcnow())
            for saved_search_id in sorted(report.instant):
                await defer(
                    session,
                    send_alert,
                    queueing_lock=f"alerts.send:{saved_search_id}",
                    saved_search_id=saved_search_id,
                )
        if report.jobs:
            logger.info(
                "alerts: %d jobs tested against %d saved searches, %d matches",
                report.jobs,
                report.candidates,
                len(report.matches),
            )


async def _announce(session: AsyncSession, saved: SavedSearch) -> bool:
    alert = await service.take_unsent(session, saved=saved, now=utcnow())
    if alert is None:
        return False
    if alert.email:
        await send_later(session, NEW_JOBS_MESSAGE, saved_search_id=saved.id, job_ids=alert.job_ids)
    if alert.webhook:
        digest = hashlib.sha256(orjson.dumps([saved.id, alert.job_ids])).hexdigest()[:24]
        await defer(
            session,
            call_webhook,
            saved_search_id=saved.id,
            job_ids=alert.job_ids,
            message_id=f"msg_alert_{digest}",
        )
    return True


@task("alerts.send")
async def send_alert(context: TaskContext, *, saved_search_id: int) -> None:
    """Announce what an instant search matched since its last alert."""
    async with context.database.unit_of_work() as session:
        saved = await session.get(SavedSearch, saved_search_id)
        if saved is not None:
            await _announce(session, saved)


@periodic(timedelta(hours=1))
@task("alerts.digest")
async def send_digests(context: TaskContext) -> None:
    """Send the daily and weekly digests that are due."""
    sent = 0
    while True:
        async with context.database.unit_of_work() as session:
            due = await service.due_digests(session, now=utcnow())
            for saved in due:
                sent += await _announce(session, saved)
        if not due:
            break
    if sent:
        logger.info("alerts: %d digests sent", sent)


async def _open_jobs(session: AsyncSession, job_ids: list[int]) -> list[Job]:
    jobs = await session.scalars(
        job_repository.with_details(
            select(Job).where(Job.id.in_(job_ids), open_job_clause(utcnow()))
        )
    )
    order = {job_id: index for index, job_id in enumerate(job_ids)}
    return sorted(jobs, key=lambda job: order[job.id])


def _where(job: Job) -> str:
    places = [
        ", ".join(part for part in (location.city, location.country_code) if part)
        for location in job.locations
    ]
    where = "; ".join(place for place in places if place)
    if job.workplace == "remote":
        return f"remote ({where})" if where else "remote"
    return f"{where} ({job.workplace})" if where else job.workplace


def job_summary(job: Job, settings: Settings) -> dict[str, Any]:
    return {
        "id": job.id,
        "title": job.title,
        "company": {"slug": job.company.slug, "name": job.company.name},
        "workplace": job.workplace,
        "where": _where(job),
        "salary": None
        if job.salary_min is None and job.salary_max is None
        else {
            "min": job.salary_min,
            "max": job.salary_max,
            "currency": job.salary_currency,
            "period": job.salary_period,
        },
        "published_at": job.published_at.isoformat() if job.published_at else None,
        "url": service.public_job_url(settings.public_url, job.id, job.title),
    }


@task("alerts.webhook", retry=WEBHOOK_RETRY)
async def call_webhook(
    context: TaskContext, *, saved_search_id: int, job_ids: list[int], message_id: str
) -> None:
    """POST the alert to the seeker's endpoint, signed (Standard Webhooks)."""
    settings = get_settings()
    async with context.database.unit_of_work() as session:
        saved = await session.get(SavedSearch, saved_search_id)
        if saved is None or saved.webhook_url is None or saved.webhook_secret is None:
            return
        url, secret = saved.webhook_url, saved.webhook_secret
        jobs = [job_summary(job, settings) for job in await _open_jobs(session, job_ids)]
        payload = {
            "type": "saved_search.matched",
            "timestamp": utcnow().isoformat(),
            "data": {
                "saved_search": {
                    "id": saved.id,
                    "name": saved.name,
                    "search_url": search_url(settings, saved),
                },
                "jobs": jobs[:MAX_LISTED],
                "more": max(0, len(jobs) - MAX_LISTED),
            },
        }
    if not jobs:
        return
    body = orjson.dumps(payload)
    headers = signing.headers(secret, message_id=message_id, timestamp=int(time.time()), body=body)
    try:
        answer = await outbound.request("POST", url, content=body, headers=headers, truncate=True)
    except outbound.OutboundError as error:
        raise WebhookFailed(str(error)) from error
    if not 200 <= answer.status_code < 300:
        raise WebhookFailed(f"{url} answered {answer.status_code}")


@message(NEW_JOBS_MESSAGE)
async def new_jobs_email(
    session: AsyncSession, settings: Settings, /, *, saved_search_id: int, job_ids: list[int]
) -> OutgoingMail | None:
    """Nothing is sent when the search, its e-mail channel, the account or every job is
    gone by the time the mail is written."""
    saved = await session.get(SavedSearch, saved_search_id)
    if saved is None or not saved.email or not saved.active:
        return None
    user = await session.get(User, saved.user_id)
    if user is None or user.disabled_at is not None:
        return None
    jobs = await _open_jobs(session, job_ids)
    if not jobs:
        return None
    base = settings.public_url.rstrip("/")
    lines = []
    for job in jobs[:MAX_LISTED]:
        summary = job_summary(job, settings)
        lines.append(f"- {job.title} at {job.company.name}, {summary['where']}\n  {summary['url']}")
    more = len(jobs) - MAX_LISTED
    if more > 0:
        lines.append(f"... and {more} more: {search_url(settings, saved)}")
    count = f"{len(jobs)} new job" + ("s" if len(jobs) != 1 else "")
    unsubscribe = unsubscribe_url(settings, saved)
    return OutgoingMail(
        to=user.email,
        subject=f"{count} for “{saved.name}”",
        text=(
            f"Hello {user.display_name},\n\n{count} matching your saved search "
            f"“{saved.name}”:\n\n" + "\n".join(lines) + "\n\n"
            f"Run the search: {search_url(settings, saved)}\n"
            f"Change the search or how often you hear about it: "
            f"{base}/me/saved-searches/{saved.id}\n"
            f"Stop these e-mails: {unsubscribe}\n"
        ),
        # One-click unsubscribe (RFC 2369 and RFC 8058): mail providers show a button that
        # POSTs "List-Unsubscribe=One-Click" to the link.
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
