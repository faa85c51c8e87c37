"""REST: a company's webhooks, their deliveries, and redelivery."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from sqlalchemy import select

from jobboard.auth.dependencies import CurrentPrincipal, IdempotencyKey
from jobboard.companies.dependencies import ValidCompany
from jobboard.dependencies import DbSession, Pagination
from jobboard.integrations import access
from jobboard.integrations.webhooks import service, tasks
from jobboard.integrations.webhooks.schemas import (
    AttemptRead,
    DeliveryDetail,
    DeliveryRead,
    WebhookCreate,
    WebhookCreated,
    WebhookRead,
    WebhookUpdate,
)
from jobboard.kit.ids import Id
from jobboard.kit.schemas import Page
from jobboard.models import Webhook, WebhookAttempt, WebhookDelivery
from jobboard.pagination import keyset_page
from jobboard.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["webhooks"])


def webhook_read(webhook: Webhook) -> WebhookRead:
    return WebhookRead.model_validate(webhook)


@router.get("/companies/{slug}/webhooks", response_model=Page[WebhookRead])
async def list_webhooks(
    company: ValidCompany, principal: CurrentPrincipal, session: DbSession, page: Pagination
) -> Page[WebhookRead]:
    """The company's endpoints (members)."""
    await access.require_reader(session, company=company, principal=principal)
    webhooks, next_cursor = await keyset_page(
        session,
        service.company_webhooks(company),
        params=page,
        scope=f"webhooks:{company.id}",
        keys=[(Webhook.id, int, lambda webhook: webhook.id)],
    )
    return Page(items=[webhook_read(webhook) for webhook in webhooks], next_cursor=next_cursor)


@router.post(
    "/companies/{slug}/webhooks",
    status_code=status.HTTP_201_CREATED,
    response_model=WebhookCreated,
)
async def create_webhook(
    body: WebhookCreate,
    company: ValidCompany,
    principal: CurrentPrincipal,
    session: DbSession,
    response: Response,
    _key: IdempotencyKey,
) -> WebhookCreated:
    """Register an endpoint (owners and recruiters). The signing secret is shown only here."""
    await access.require_manager(
        session, company=company, principal=principal, scope="webhooks:manage"
    )
    webhook = await service.create_webhook(session, company=company, principal=principal, data=body)
    response.headers["Location"] = f"/api/v1/companies/{company.slug}/webhooks/{webhook.id}"
    return WebhookCreated(**webhook_read(webhook).model_dump(), secret=webhook.secret)


@router.get("/companies/{slug}/webhooks/{webhook_id}", response_model=WebhookRead)
async def get_webhook(
    webhook_id: Id, company: ValidCompany, principal: CurrentPrincipal, session: DbSession
) -> WebhookRead:
    """One endpoint, with why it was disabled if it was (members)."""
    await access.require_reader(session, company=company, principal=principal)
    return webhook_read(await service.get_webhook(session, company=company, webhook_id=webhook_id))


@router.patch("/companies/{slug}/webhooks/{webhook_id}", response_model=WebhookRead)
async def update_webhook(
    webhook_id: Id,
    body: WebhookUpdate,
    company: ValidCompany,
    principal: CurrentPrincipal,
    session: DbSession,
) -> WebhookRead:
    """Change the URL, events or description; `enabled` turns it off or back on."""
    await access.require_manager(
        session, company=company, principal=principal, scope="webhooks:manage"
    )
    webhook = await service.get_webhook(session, company=company, webhook_id=webhook_id)
    return webhook_read(await service.update_webhook(session, webhook=webhook, data=body))


@router.delete("/companies/{slug}/webhooks/{webhook_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_webhook(
    webhook_id: Id, company: ValidCompany, principal: CurrentPrincipal, session: DbSession
) -> Response:
    """Remove an endpoint and its delivery log."""
    await access.require_manager(
        session, company=company, principal=principal, scope="webhooks:manage"
    )
    webhook = await service.get_webhook(session, company=company, webhook_id=webhook_id)
    await service.delete_webhook(session, webhook=webhook)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/companies/{slug}/webhooks/{webhook_id}/deliveries", response_model=Page[DeliveryRead])
async def list_deliveries(
    webhook_id: Id,
    company: ValidCompany,
    principal: CurrentPrincipal,
    session: DbSession,
    page: Pagination,
) -> Page[DeliveryRead]:
    """Deliveries to one endpoint, newest first (members)."""
    await access.require_reader(session, company=company, principal=principal)
    webhook = await service.get_webhook(session, company=company, webhook_id=webhook_id)
    deliveries, next_cursor = await keyset_page(
        session,
        select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook.id),
        params=page,
        scope=f"deliveries:{webhook.id}",
        keys=[(WebhookDelivery.id, int, lambda delivery: delivery.id)],
        descending=True,
    )
    return Page(
        items=[DeliveryRead.model_validate(delivery) for delivery in deliveries],
        next_cursor=next_cursor,
    )


async def _detail(session: DbSession, delivery: WebhookDelivery) -> DeliveryDetail:
    attempts = await session.scalars(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id == delivery.id)
        .order_by(WebhookAttempt.id)
    )
    return DeliveryDetail(
        **DeliveryRead.model_validate(delivery).model_dump(),
        payload=delivery.payload,
        attempt_log=[AttemptRead.model_validate(attempt) for attempt in attempts],
    )


@router.get(
    "/companies/{slug}/webhooks/{webhook_id}/deliveries/{delivery_id}",
    response_model=DeliveryDetail,
)
async def get_delivery(
    webhook_id: Id,
    delivery_id: Id,
    company: ValidCompany,
    principal: CurrentPrincipal,
    session: DbSession,
) -> DeliveryDetail:
    """One delivery with its payload and every attempt: status, answer excerpt, duration."""
    await access.require_reader(session, company=company, principal=principal)
    webhook = await service.get_webhook(session, company=company, webhook_id=webhook_id)
    delivery = await service.get_delivery(session, webhook=webhook, delivery_id=delivery_id)
    return await _detail(session, delivery)


@router.post(
    "/companies/{slug}/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeliveryRead,
)
async def redeliver(
    webhook_id: Id,
    delivery_id: Id,
    company: ValidCompany,
    principal: CurrentPrincipal,
    session: DbSession,
) -> DeliveryRead:
    """Queue the delivery again, with the same `webhook-id` (owners and recruiters)."""
    await access.require_manager(
        session, company=company, principal=principal, scope="webhooks:manage"
    )
    webhook = await service.get_webhook(session, company=company, webhook_id=webhook_id)
    delivery = await service.get_delivery(session, webhook=webhook, delivery_id=delivery_id)
    return DeliveryRead.model_validate(await tasks.redeliver(session, delivery=delivery))
