"""Recording audit events inside the transaction of the action they describe, and reading them.

Call ``record`` from the service that performs the action, after its change, so that both
commit or neither does. The request id and client address come from the request context.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.kit.clock import utcnow
from jobboard.kit.request_context import current_request
from jobboard.models import AuditEvent

CLI_ACTOR = "cli"
SYSTEM_ACTOR = "system"


class Actor(Protocol):
    """Whoever acted: a ``jobboard.auth.principal.Principal``. Named by shape so that
    recording sits below auth, which records its own actions (sign-ins, token grants)."""

    @property
    def owner_key(self) -> str: ...


def actor_name(actor: Actor | str) -> str:
    return actor if isinstance(actor, str) else actor.owner_key


async def record(
    session: AsyncSession,
    *,
    actor: Actor | str,
    action: str,
    target_type: str,
    target_id: str | int,
    company_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the session's transaction. ``details`` holds ids, never PII."""
    context = current_request.get()
    event = AuditEvent(
        occurred_at=utcnow(),
        actor=actor_name(actor)[:80],
        action=action,
        target_type=target_type,
        target_id=str(target_id)[:80],
        company_id=company_id,
        client_address=context.client_address,
        request_id=context.request_id,
        details=details or {},
    )
    session.add(event)
    await session.flush()
    return event


def events(
    *,
    action: str | None = None,
    actor: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    company_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select[AuditEvent]:
    """Audit events matching every given filter."""
    statement = select(AuditEvent)
    if action is not None:
        statement = statement.where(AuditEvent.action == action)
    if actor is not None:
        statement = statement.where(AuditEvent.actor == actor)
    if target_type is not None:
        statement = statement.where(AuditEvent.target_type == target_type)
    if target_id is not None:
        statement = statement.where(AuditEvent.target_id == target_id)
    if company_id is not None:
        statement = statement.where(AuditEvent.company_id == company_id)
    if since is not None:
        statement = statement.where(AuditEvent.occurred_at >= since)
    if until is not None:
        statement = statement.where(AuditEvent.occurred_at < until)
    return statement


def about_user(user_id: int) -> Select[AuditEvent]:
    """Events the user did or that were done to the user's account."""
    return select(AuditEvent).where(
        (AuditEvent.actor == f"user:{user_id}")
        | ((AuditEvent.target_type == "user") & (AuditEvent.target_id == str(user_id)))
    )
