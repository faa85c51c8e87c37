"""Webhook rules: who manages endpoints, the fan-out of job and application changes into
signed deliveries, one delivery attempt, and disabling an endpoint that keeps failing (with
an e-mail to its company's owners)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.auth.principal import Principal
from jobboard.companies.repository import active_members
from jobboard.config import get_settings
from jobboard.errors import Conflict, NotFound, ValidationFailed
from jobboard.integrations import outbound
from jobboard.integrations.webhooks import signing
from jobboard.integrations.webhooks.schemas import WebhookCreate, WebhookUpdate
from jobboard.jobs import events
from jobboard.kit.clock import as_utc, utcnow
from jobboard.kit.urls import job_path
from jobboard.mail import send_later
from jobboard.models import Application, Company, Job, Webhook, WebhookAttempt, WebhookDelivery

logger = logging.getLogger(__name__)

EXCERPT_CHARACTERS = 1000
# The e-mail that tells a company's owners an endpoint was disabled (composed in
# jobboard.integrations.webhooks.emails), and who gets it.
DISABLED_MESSAGE = "webhooks.disabled"
DISABLED_MESSAGE_ROLES = ("owner",)


def company_webhooks(company: Company) -> Select[Webhook]:
    return select(Webhook).where(Webhook.company_id == company.id)


async def get_webhook(session: AsyncSession, *, company: Company, webhook_id: int) -> Webhook:
    webhook = await session.scalar(company_webhooks(company).where(Webhook.id == webhook_id))
    if webhook is None:
        raise NotFound(f"{company.slug!r} has no webhook {webhook_id}.")
    return webhook


async def get_delivery(
    session: AsyncSession, *, webhook: Webhook, delivery_id: int
) -> WebhookDelivery:
    delivery = await session.scalar(
        select(WebhookDelivery).where(
            WebhookDelivery.webhook_id == webhook.id, WebhookDelivery.id == delivery_id
        )
    )
    if delivery is None:
        raise NotFound(f"Webhook {webhook.id} has no delivery {delivery_id}.")
    return delivery


def _check_target(url: str) -> str:
    try:
        outbound.check_target(url)
    except outbound.OutboundError as error:
        raise ValidationFailed(
            f"The webhook URL cannot be used: {error}.",
            errors=[{"field": "body.url", "message": str(error)}],
        ) from error
    return url


async def create_webhook(
    session: AsyncSession, *, company: Company, principal: Principal, data: WebhookCreate
) -> Webhook:
    webhook = Webhook(
        company_id=company.id,
        url=_check_target(str(data.url)),
        events=list(data.events),
        description=data.description,
        secret=signing.new_secret(),
        enabled=True,
        created_by_id=principal.user_id,
    )
    session.add(webhook)
    await session.flush()
    return webhook


async def update_webhook(
    session: AsyncSession, *, webhook: Webhook, data: WebhookUpdate
) -> Webhook:
    changes = data.model_dump(exclude_unset=True)
    if "url" in changes:
        webhook.url = _check_target(str(data.url))
    if "events" in changes:
        webhook.events = list(changes["events"])
    if "description" in changes:
        webhook.description = changes["description"]
    if "enabled" in changes:
        webhook.enabled = bool(changes["enabled"])
        if webhook.enabled:
            webhook.disabled_at = None
            webhook.disabled_reason = None
            webhook.failing_since = None
        else:
            webhook.disabled_at = utcnow()
            webhook.disabled_reason = "disabled by a company member"
    webhook.updated_at = utcnow()
    await session.flush()
    return webhook


async def delete_webhook(session: AsyncSession, *, webhook: Webhook) -> None:
    await session.delete(webhook)
    await session.flush()


def job_payload(job: Job, company: Company, event: str, now: datetime) -> dict[str, Any]:
    """What a delivery says about a job: enough to act on, with links to read the rest."""
    base = get_settings().public_url.rstrip("/")
    return {
        "type": event,
        "timestamp": now.isoformat().replace("+00:00", "Z"),
        "data": {
            "id": job.id,
            "company": company.slug,
            "title": job.title,
            "status": job.status,
            "closing_reason": job.closing_reason,
            "published_at": job.published_at.isoformat() if job.published_at else None,
            "expires_at": as_utc(job.expires_at).isoformat() if job.expires_at else None,
            "updated_at": as_utc(job.updated_at).isoformat(),
            "version": job.version,
            "url": base + job_path(job.id, job.title),
            "api_url": f"{base}/api/v1/jobs/{job.id}",
        },
    }


async def create_deliveries(
    session: AsyncSession, *, job: Job, event: events.JobEvent
) -> list[WebhookDelivery]:
    """One pending delivery per enabled endpoint of the job's company that wants the event."""
    company = await session.get(Company, job.company_id)
    assert company is not None
    return await record_event(
        session,
        company_id=company.id,
        event=event,
        payload=lambda now: job_payload(job, company, event, now),
    )


def application_payload(
    application: Application,
    company: Company,
    event: str,
    previous_stage: str | None,
    now: datetime,
) -> dict[str, Any]:
    """What a delivery says about an application: where it stands, never who the candidate
    is (the receiver reads that with `applications:read`)."""
    base = get_settings().public_url.rstrip("/")
    return {
        "type": event,
        "timestamp": now.isoformat().replace("+00:00", "Z"),
        "data": {
            "id": application.id,
            "job_id": application.job_id,
            "company": company.slug,
            "stage": application.stage,
            "previous_stage": previous_stage,
            "status": "open" if application.closed_at is None else "closed",
            "closed_reason": application.closed_reason,
            "applied_at": as_utc(application.applied_at).isoformat(),
            "updated_at": as_utc(application.updated_at).isoformat(),
            "api_url": f"{base}/api/v1/applications/{application.id}",
        },
    }


async def create_application_deliveries(
    session: AsyncSession, *, application: Application, event: str, previous_stage: str | None
) -> list[WebhookDelivery]:
    company = await session.get(Company, application.company_id)
    assert company is not None
    return await record_event(
        session,
        company_id=company.id,
        event=event,
        payload=lambda now: application_payload(application, company, event, previous_stage, now),
    )


async def record_event(
    session: AsyncSession,
    *,
    company_id: int,
    event: str,
    payload: Callable[[datetime], dict[str, Any]],
) -> list[WebhookDelivery]:
    """One pending delivery per enabled endpoint of the company that wants the event."""
    webhooks = [
        webhook
        for webhook in await session.scalars(
            select(Webhook).where(Webhook.company_id == company_id, Webhook.enabled)
        )
        if event in webhook.events
    ]
    if not webhooks:
        return []
    now = utcnow()
    body = payload(now)
    deliveries = [
        WebhookDelivery(
            webhook_id=webhook.id,
            message_id=signing.new_message_id(),
            event_type=event,
            payload=body,
            status="pending",
            attempts=0,
            created_at=now,
        )
        for webhook in webhooks
    ]
    session.add_all(deliveries)
    await session.flush()
    return deliveries


async def latest_attempts(
    session: AsyncSession, delivery_ids: list[int]
) -> dict[int, WebhookAttempt]:
    """The latest attempt of each of these deliveries (those tried at least once)."""
    if not delivery_ids:
        return {}
    latest: dict[int, WebhookAttempt] = {}
    for attempt in await session.scalars(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id.in_(delivery_ids))
        .order_by(WebhookAttempt.id)
    ):
        latest[attempt.delivery_id] = attempt
    return latest


TEST_EVENT = "webhook.test"


async def create_test_delivery(
    session: AsyncSession, *, webhook: Webhook, company: Company
) -> WebhookDelivery:
    """A pending ``webhook.test`` delivery to this endpoint, whatever events it wants: a
    company checks its receiver (and the signature) with it. A disabled endpoint is sent
    nothing, so it is refused until it is enabled again."""
    if not webhook.enabled:
        raise Conflict("This webhook is disabled; enable it before sending a test event.")
    now = utcnow()
    delivery = WebhookDelivery(
        webhook_id=webhook.id,
        message_id=signing.new_message_id(),
        event_type=TEST_EVENT,
        payload={
            "type": TEST_EVENT,
            "timestamp": now.isoformat().replace("+00:00", "Z"),
            "data": {"webhook_id": webhook.id, "company": company.slug},
        },
        status="pending",
        attempts=0,
        created_at=now,
    )
    session.add(delivery)
    await session.flush()
    return delivery


async def reopen(session: AsyncSession, *, delivery: WebhookDelivery) -> WebhookDelivery:
    """Make a delivery pending again, to be sent with the same `webhook-id`."""
    delivery.status = "pending"
    delivery.completed_at = None
    await session.flush()
    return delivery


@dataclass(frozen=True, slots=True)
class Prepared:
    url: str
    secret: str
    message_id: str
    body: bytes


async def prepare(session: AsyncSession, *, delivery_id: int) -> Prepared | None:
    """What to send for a pending delivery to an enabled endpoint; None when nothing is due."""
    delivery = await session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.status != "pending":
        return None
    webhook = await session.get(Webhook, delivery.webhook_id)
    if webhook is None or not webhook.enabled:
        return None
    return Prepared(
        url=webhook.url,
        secret=webhook.secret,
        message_id=delivery.message_id,
        body=orjson.dumps(delivery.payload),
    )


@dataclass(frozen=True, slots=True)
class Outcome:
    status_code: int | None
    excerpt: str | None
    error: str | None
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


async def send(prepared: Prepared) -> Outcome:
    """POST the signed delivery once. Redirects are not followed (a 3xx is a failure)."""
    timestamp = int(utcnow().timestamp())
    headers = signing.headers(
        prepared.secret, message_id=prepared.message_id, timestamp=timestamp, body=prepared.body
    )
    try:
        answer = await outbound.request(
            "POST",
            prepared.url,
            content=prepared.body,
            headers=headers,
            follow_redirects=0,
            max_bytes=EXCERPT_CHARACTERS * 4,
            truncate=True,
        )
    except outbound.OutboundError as error:
        return Outcome(status_code=None, excerpt=None, error=str(error)[:500], duration_ms=0)
    excerpt = answer.body[:EXCERPT_CHARACTERS].decode("utf-8", "replace")
    return Outcome(
        status_code=answer.status_code,
        excerpt=excerpt,
        error=None if 200 <= answer.status_code < 300 else f"answered {answer.status_code}",
        duration_ms=answer.duration_ms,
    )


async def record_attempt(
    session: AsyncSession, *, delivery_id: int, outcome: Outcome, final: bool
) -> WebhookDelivery | None:
    """Log the attempt; settle the delivery; disable an endpoint failing for too long and
    queue an e-mail telling the company's owners."""
    delivery = await session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        return None
    webhook = await session.get(Webhook, delivery.webhook_id)
    assert webhook is not None
    now = utcnow()
    session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            attempted_at=now,
            status_code=outcome.status_code,
            response_excerpt=outcome.excerpt,
            error=outcome.error,
            duration_ms=outcome.duration_ms,
            succeeded=outcome.succeeded,
        )
    )
    delivery.attempts += 1
    delivery.last_attempt_at = now
    if outcome.succeeded:
        delivery.status = "succeeded"
        delivery.completed_at = now
        webhook.failing_since = None
    else:
        if final:
            delivery.status = "failed"
            delivery.completed_at = now
        if webhook.failing_since is None:
            webhook.failing_since = now
        limit = timedelta(hours=get_settings().webhook_disable_after_hours)
        if webhook.enabled and now - as_utc(webhook.failing_since) >= limit:
            webhook.enabled = False
            webhook.disabled_at = now
            webhook.disabled_reason = (
                f"every delivery failed since {as_utc(webhook.failing_since).isoformat()}; "
                f"the last one: {outcome.error}"
            )[:1000]
            logger.warning("webhook %s disabled: %s", webhook.id, webhook.disabled_reason)
            for owner in await session.scalars(
                active_members(webhook.company_id, DISABLED_MESSAGE_ROLES)
            ):
                await send_later(
                    session,
                    DISABLED_MESSAGE,
                    webhook_id=webhook.id,
                    user_id=owner.id,
                    disabled_at=now.isoformat(),
                )
    await session.flush()
    return delivery
