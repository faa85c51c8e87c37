"""Delivering webhooks: job and application changes become queued deliveries (in the
change's transaction), and each run makes one attempt, retried with backoff for about a day."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.applications import events as application_events
from jobboard.integrations.webhooks import service
from jobboard.jobs import events
from jobboard.models import Application, Company, Job, Webhook, WebhookDelivery
from jobboard.worker import RetryPolicy, TaskContext, defer, task

# 30 s doubling, capped at 4 h: 15 tries span about 24 hours.
DELIVERY_RETRY = RetryPolicy(max_attempts=15, base_seconds=30, factor=2, max_seconds=4 * 3600)


class DeliveryFailed(Exception):
    """The endpoint did not answer 2xx; the queue tries again later."""


@task("webhooks.deliver", retry=DELIVERY_RETRY)
async def deliver(context: TaskContext, *, delivery_id: int) -> None:
    """Send a pending delivery once and log the attempt (at least once: receivers dedupe on
    `webhook-id`)."""
    async with context.database.unit_of_work() as session:
        prepared = await service.prepare(session, delivery_id=delivery_id)
    if prepared is None:
        return
    outcome = await service.send(prepared)
    final = DELIVERY_RETRY.delay_after(context.attempt) is None
    async with context.database.unit_of_work() as session:
        await service.record_attempt(session, delivery_id=delivery_id, outcome=outcome, final=final)
    if not outcome.succeeded and not final:
        raise DeliveryFailed(outcome.error or "delivery failed")


async def fan_out(session: AsyncSession, job: Job, event: events.JobEvent) -> None:
    """Queue a delivery to every endpoint that wants this job change."""
    for delivery in await service.create_deliveries(session, job=job, event=event):
        await defer(session, deliver, delivery_id=delivery.id)


async def fan_out_application(
    session: AsyncSession,
    application: Application,
    event: application_events.ApplicationEvent,
    previous_stage: str | None,
) -> None:
    """Queue a delivery to every endpoint that wants this application change."""
    for delivery in await service.create_application_deliveries(
        session, application=application, event=event, previous_stage=previous_stage
    ):
        await defer(session, deliver, delivery_id=delivery.id)


async def redeliver(session: AsyncSession, *, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again, whatever became of it; same `webhook-id`."""
    await service.reopen(session, delivery=delivery)
    await defer(session, deliver, delivery_id=delivery.id)
    return delivery


async def send_test_event(
    session: AsyncSession, *, webhook: Webhook, company: Company
) -> WebhookDelivery:
    """Queue a ``webhook.test`` delivery to one endpoint; it is sent after the commit."""
    delivery = await service.create_test_delivery(session, webhook=webhook, company=company)
    await defer(session, deliver, delivery_id=delivery.id)
    return delivery
