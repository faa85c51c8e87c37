"""A company's integrations in the browser: job feeds from its applicant-tracking system
(``/employer/{slug}/feeds``: the last result of each, item by item, and "sync now"),
webhooks (``.../webhooks``: the endpoints, each one's delivery log, "send a test event")
and API clients (``.../clients``: the secret shown once, revoking).

Who may do what is the REST API's own rule (``integrations.access``,
``clients.service.authorize``); the work is the services' (``integrations.feeds``,
``integrations.webhooks``, ``clients.service``). A secret is shown only in the answer to the
form that made it, sent ``Cache-Control: no-store``, and never again.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from sqlalchemy import func, select
from starlette.datastructures import FormData

from jobboard.clients import service as clients
from jobboard.clients.schemas import ClientCreate, ClientScope
from jobboard.dependencies import AppCache, AppSettings, DbSession
from jobboard.errors import ValidationFailed
from jobboard.integrations import access
from jobboard.integrations.feeds import service as feeds
from jobboard.integrations.feeds import tasks as feed_tasks
from jobboard.integrations.feeds.fetch import BOARD_URLS
from jobboard.integrations.feeds.schemas import FeedCreate
from jobboard.integrations.webhooks import service as webhooks
from jobboard.integrations.webhooks import tasks as webhook_tasks
from jobboard.integrations.webhooks.schemas import WebhookCreate, WebhookEvent
from jobboard.kit.ids import Id
from jobboard.models import FeedSource, Webhook, WebhookDelivery
from jobboard.models.integrations import FEED_KINDS
from jobboard.web.employer.workspace import Workspace, workspace, workspace_page
from jobboard.web.forms import form_text
from jobboard.web.routing import PageRoute
from jobboard.web.session import SignedInViewer

router = APIRouter(route_class=PageRoute, include_in_schema=False)

FEEDS_SHOWN = 100
PROBLEMS_SHOWN = 200
DELIVERIES_SHOWN = 50
WEBHOOK_EVENTS: tuple[str, ...] = WebhookEvent.__args__  # type: ignore[attr-defined]
CLIENT_SCOPES: tuple[str, ...] = ClientScope.__args__  # type: ignore[attr-defined]
NO_STORE = {"Cache-Control": "no-store"}


def _errors(
    invalid: ValidationError, fields: tuple[str, ...], messages: dict[str, str]
) -> dict[str, str]:
    """Each problem at its field (the first named in the location), in the form's words."""
    errors: dict[str, str] = {}
    for item in invalid.errors():
        named = [str(part) for part in item["loc"] if str(part) in fields]
        field = named[0] if named else fields[0]
        errors.setdefault(field, messages.get(field, str(item["msg"])))
    return errors


def _service_errors(failed: ValidationFailed, fields: tuple[str, ...]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for item in failed.extensions.get("errors", []):
        field = str(item.get("field", "")).removeprefix("body.")
        errors.setdefault(field if field in fields else fields[0], failed.detail)
    return errors or {fields[0]: failed.detail}


# Feeds ---------------------------------------------------------------------------------

FEED_FIELDS = ("url", "kind", "board_token", "sync_interval_minutes")
FEED_MESSAGES = {
    "kind": "Choose where the jobs come from",
    "url": "Enter the feed's address (https://…), or the board name for an ATS that has one",
    "board_token": "Enter the board name as it appears in the ATS's job board address",
    "sync_interval_minutes": "Enter minutes between 15 and 10080, or leave it empty",
}


async def _feeds_page(
    request: Request,
    session: DbSession,
    here: Workspace,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    rows = list(
        await session.scalars(
            feeds.company_feeds(here.company).order_by(FeedSource.id).limit(FEEDS_SHOWN)
        )
    )
    return workspace_page(
        request,
        here,
        "employer/feeds.html",
        section="feeds",
        title="Job feeds",
        status=status,
        feeds=rows,
        problems_shown=PROBLEMS_SHOWN,
        kinds=FEED_KINDS,
        board_kinds=tuple(BOARD_URLS),
        values=values or {"kind": "greenhouse", "sync_interval_minutes": "60"},
        errors=errors or {},
    )


@router.get("/employer/{slug}/feeds")
async def feed_list(
    slug: str, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    here = await workspace(session, viewer, slug)
    return await _feeds_page(request, session, here)


def _feed_body(values: dict[str, str]) -> dict[str, Any]:
    return {
        "kind": values["kind"],
        "url": values["url"] or None,
        "board_token": values["board_token"] or None,
        "sync_interval_minutes": values["sync_interval_minutes"] or None,
    }


@router.post("/employer/{slug}/feeds")
async def create_feed(
    slug: str, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    here = await workspace(session, viewer, slug)
    await access.require_manager(session, company=here.company, principal=viewer.principal)
    form = await request.form()
    values = {name: form_text(form, name) for name in FEED_FIELDS}
    errors: dict[str, str] = {}
    try:
        data = FeedCreate.model_validate(_feed_body(values))
        await feeds.create_feed(
            session, company=here.company, principal=viewer.principal, data=data
        )
    except ValidationError as invalid:
        errors = _errors(invalid, FEED_FIELDS, FEED_MESSAGES)
    except ValidationFailed as failed:
        errors = _service_errors(failed, FEED_FIELDS)
    if errors:
        return await _feeds_page(request, session, here, values=values, errors=errors, status=422)
    viewer.flash("feed-created")
    return RedirectResponse(f"/employer/{here.company.slug}/feeds", status_code=303)


@router.post("/employer/{slug}/feeds/{feed_id}/sync")
async def sync_feed(slug: str, feed_id: Id, session: DbSession, viewer: SignedInViewer) -> Response:
    here = await workspace(session, viewer, slug)
    await access.require_manager(session, company=here.company, principal=viewer.principal)
    feed = await feeds.get_feed(session, company=here.company, feed_id=feed_id)
    await feed_tasks.request_sync(session, feed=feed)
    viewer.flash("feed-sync-requested")
    return RedirectResponse(f"/employer/{here.company.slug}/feeds#feed-{feed.id}", status_code=303)


# Webhooks ------------------------------------------------------------------------------

WEBHOOK_FIELDS = ("url", "events", "description")
WEBHOOK_MESSAGES = {
    "url": "Enter the address deliveries go to, such as https://example.com/hooks/jobboard",
    "events": "Tick at least one event",
    "description": "Keep the description to 200 characters",
}


async def _webhooks_page(
    request: Request,
    session: DbSession,
    here: Workspace,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    created: Webhook | None = None,
    status: int = 200,
) -> Response:
    rows = list(await session.scalars(webhooks.company_webhooks(here.company).order_by(Webhook.id)))
    counts = dict(
        (
            await session.execute(
                select(WebhookDelivery.webhook_id, func.count())
                .where(
                    WebhookDelivery.webhook_id.in_([row.id for row in rows]),
                    WebhookDelivery.status == "failed",
                )
                .group_by(WebhookDelivery.webhook_id)
            )
        ).all()
    )
    return workspace_page(
        request,
        here,
        "employer/webhooks.html",
        section="webhooks",
        title="Webhooks",
        status=status,
        headers=NO_STORE if created is not None else None,
        webhooks=rows,
        failed_counts=counts,
        events=WEBHOOK_EVENTS,
        values=values or {"events": list(WEBHOOK_EVENTS)},
        errors=errors or {},
        created=created,
    )


@router.get("/employer/{slug}/webhooks")
async def webhook_list(
    slug: str, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    here = await workspace(session, viewer, slug)
    return await _webhooks_page(request, session, here)


@router.post("/employer/{slug}/webhooks")
async def create_webhook(
    slug: str, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    """Register an endpoint; the answer shows its signing secret (not a redirect, so that
    the secret is in this one answer only)."""
    here = await workspace(session, viewer, slug)
    await access.require_manager(
        session, company=here.company, principal=viewer.principal, scope="webhooks:manage"
    )
    form = await request.form()
    values: dict[str, Any] = {
        "url": form_text(form, "url"),
        "description": form_text(form, "description"),
        "events": _ticked(form, "events"),
    }
    errors: dict[str, str] = {}
    try:
        data = WebhookCreate.model_validate(
            {
                "url": values["url"],
                "events": values["events"],
                "description": values["description"] or None,
            }
        )
        created = await webhooks.create_webhook(
            session, company=here.company, principal=viewer.principal, data=data
        )
    except ValidationError as invalid:
        errors = _errors(invalid, WEBHOOK_FIELDS, WEBHOOK_MESSAGES)
    except ValidationFailed as failed:
        errors = _service_errors(failed, WEBHOOK_FIELDS)
    if errors:
        return await _webhooks_page(
            request, session, here, values=values, errors=errors, status=422
        )
    return await _webhooks_page(request, session, here, created=created)


def _ticked(form: FormData, name: str) -> list[str]:
    return [value for value in form.getlist(name) if isinstance(value, str)]


@router.get("/employer/{slug}/webhooks/{webhook_id}")
async def webhook_deliveries(
    slug: str, webhook_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    """One endpoint and its newest deliveries, each with its attempts."""
    here = await workspace(session, viewer, slug)
    webhook = await webhooks.get_webhook(session, company=here.company, webhook_id=webhook_id)
    deliveries = list(
        await session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.webhook_id == webhook.id)
            .order_by(WebhookDelivery.id.desc())
            .limit(DELIVERIES_SHOWN)
        )
    )
    attempts = await webhooks.latest_attempts(session, [delivery.id for delivery in deliveries])
    return workspace_page(
        request,
        here,
        "employer/webhook.html",
        section="webhooks",
        title="Webhook deliveries",
        webhook=webhook,
        deliveries=deliveries,
        attempts=attempts,
        shown=DELIVERIES_SHOWN,
    )


@router.post("/employer/{slug}/webhooks/{webhook_id}/test")
async def send_test_event(
    slug: str, webhook_id: Id, session: DbSession, viewer: SignedInViewer
) -> Response:
    here = await workspace(session, viewer, slug)
    await access.require_manager(
        session, company=here.company, principal=viewer.principal, scope="webhooks:manage"
    )
    webhook = await webhooks.get_webhook(session, company=here.company, webhook_id=webhook_id)
    await webhook_tasks.send_test_event(session, webhook=webhook, company=here.company)
    viewer.flash("webhook-test-sent")
    return RedirectResponse(f"/employer/{here.company.slug}/webhooks/{webhook.id}", status_code=303)


# API clients ---------------------------------------------------------------------------

CLIENT_FIELDS = ("name", "scopes")
CLIENT_MESSAGES = {
    "name": "Name the client, up to 120 characters, such as “Our ATS”",
    "scopes": "Tick at least one permission",
}


async def _clients_page(
    request: Request,
    session: DbSession,
    here: Workspace,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    secret: tuple[str, str] | None = None,
    status: int = 200,
) -> Response:
    return workspace_page(
        request,
        here,
        "employer/clients.html",
        section="clients",
        title="API clients",
        status=status,
        headers=NO_STORE if secret is not None else None,
        clients=await clients.list_clients(session, company=here.company),
        scopes=CLIENT_SCOPES,
        values=values or {"name": "", "scopes": ["jobs:read", "jobs:write"]},
        errors=errors or {},
        secret=secret,
    )


@router.get("/employer/{slug}/clients")
async def client_list(
    slug: str, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    here = await workspace(session, viewer, slug, roles=("owner",))
    await clients.authorize(session, principal=viewer.principal, company=here.company)
    return await _clients_page(request, session, here)


@router.post("/employer/{slug}/clients")
async def create_client(
    slug: str, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    """Create a client; the answer shows its secret once (not a redirect)."""
    here = await workspace(session, viewer, slug, roles=("owner",))
    await clients.authorize(session, principal=viewer.principal, company=here.company)
    form = await request.form()
    values: dict[str, Any] = {"name": form_text(form, "name"), "scopes": _ticked(form, "scopes")}
    try:
        data = ClientCreate.model_validate(values)
    except ValidationError as invalid:
        errors = _errors(invalid, CLIENT_FIELDS, CLIENT_MESSAGES)
        return await _clients_page(request, session, here, values=values, errors=errors, status=422)
    client, secret = await clients.create_client(
        session,
        principal=viewer.principal,
        company=here.company,
        name=data.name,
        scopes=[str(scope) for scope in data.scopes],
    )
    return await _clients_page(request, session, here, secret=(client.client_id, secret))


@router.post("/employer/{slug}/clients/{client_id}/revoke")
async def revoke_client(
    slug: str,
    client_id: str,
    session: DbSession,
    cache: AppCache,
    settings: AppSettings,
    viewer: SignedInViewer,
) -> Response:
    """Disable the client: its tokens stop working at once, everywhere."""
    here = await workspace(session, viewer, slug, roles=("owner",))
    await clients.authorize(session, principal=viewer.principal, company=here.company)
    client = await clients.get_client(session, company=here.company, client_id=client_id)
    await clients.set_disabled(
        session,
        cache=cache,
        settings=settings,
        principal=viewer.principal,
        client=client,
        disabled=True,
    )
    viewer.flash("client-revoked")
    return RedirectResponse(f"/employer/{here.company.slug}/clients", status_code=303)
