"""The e-mail that tells a company's owners one of its webhooks was disabled for failing, and
how to turn it back on. Written when the ``mail.send`` task runs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.companies.repository import active_member
from jobboard.config import Settings
from jobboard.integrations.webhooks.service import DISABLED_MESSAGE, DISABLED_MESSAGE_ROLES
from jobboard.kit.clock import as_utc
from jobboard.mail import OutgoingMail, message
from jobboard.models import Company, Webhook


@message(DISABLED_MESSAGE)
async def endpoint_disabled(
    session: AsyncSession,
    settings: Settings,
    /,
    *,
    webhook_id: int,
    user_id: int,
    disabled_at: str,
) -> OutgoingMail | None:
    """Nothing is sent once the endpoint was re-enabled, deleted or disabled anew (failing
    again queues its own message), nor to someone no longer an owner or without an account."""
    webhook = await session.get(Webhook, webhook_id)
    if (
        webhook is None
        or webhook.enabled
        or webhook.disabled_at is None
        or as_utc(webhook.disabled_at) != datetime.fromisoformat(disabled_at)
    ):
        return None
    user = await active_member(
        session, company_id=webhook.company_id, user_id=user_id, roles=DISABLED_MESSAGE_ROLES
    )
    company = await session.get(Company, webhook.company_id)
    if user is None or company is None:
        return None
    base = settings.public_url.rstrip("/")
    # API calls are named, not linked: an e-mail's links lead to pages.
    endpoint = f"/api/v1/companies/{company.slug}/webhooks/{webhook.id}"
    return OutgoingMail(
        to=user.email,
        subject=f"Webhook {webhook.id} of {company.name} is disabled",
        text=(
            f"Hello {user.display_name},\n\n"
            f"Jobboard stopped delivering to a webhook of {company.name}:\n\n"
            f"  URL:          {webhook.url}\n"
            f"  Description:  {webhook.description or '(none)'}\n"
            f"  Disabled at:  {as_utc(webhook.disabled_at):%Y-%m-%d %H:%M} UTC\n"
            f"  Why:          {webhook.disabled_reason}\n\n"
            "While it is disabled, job and application changes are not recorded for it, and "
            "its pending and failed deliveries are not sent again by themselves.\n\n"
            "Once the endpoint answers 2xx again, turn it back on through the API:\n\n"
            f"  PATCH {endpoint}\n"
            '  {"enabled": true}\n\n'
            f"then send again what it missed: GET {endpoint}/deliveries lists its "
            f"deliveries, and POST {endpoint}/deliveries/{{delivery_id}}/redeliver sends "
            "one again with the same webhook-id.\n\n"
            f"You get this as an owner of {company.name} on {base}.\n"
        ),
    )
