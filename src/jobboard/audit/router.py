"""REST: the audit log, for platform admins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime

from jobboard.audit import service
from jobboard.audit.schemas import AuditEventRead
from jobboard.auth.dependencies import CurrentPrincipal
from jobboard.auth.principal import require_scope
from jobboard.companies.repository import get_by_slug as company_by_slug
from jobboard.dependencies import DbSession, Pagination
from jobboard.errors import Forbidden
from jobboard.kit.schemas import Page
from jobboard.models import AuditEvent
from jobboard.pagination import keyset_page
from jobboard.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["admin"])

_Filter = Annotated[str | None, Query(min_length=1, max_length=80)]


@router.get("/admin/audit-events", response_model=Page[AuditEventRead])
async def list_audit_events(
    principal: CurrentPrincipal,
    session: DbSession,
    page: Pagination,
    action: _Filter = None,
    actor: Annotated[
        str | None,
        Query(min_length=1, max_length=80, description="e.g. `user:12`, `client:jbc_...`, `cli`"),
    ] = None,
    target_type: _Filter = None,
    target_id: _Filter = None,
    company: Annotated[str | None, Query(min_length=1, max_length=80)] = None,
    since: Annotated[AwareDatetime | None, Query(description="ISO 8601 with a zone")] = None,
    until: Annotated[AwareDatetime | None, Query(description="ISO 8601 with a zone")] = None,
) -> Page[AuditEventRead]:
    """Audit events, newest first (admins only). Filters combine with AND."""
    require_scope(principal, "admin")
    if not principal.is_admin:
        raise Forbidden("Only platform admins read the audit log.")
    company_id = None
    if company is not None:
        found = await company_by_slug(session, company)
        company_id = found.id if found is not None else -1
    statement = service.events(
        action=action,
        actor=actor,
        target_type=target_type,
        target_id=target_id,
        company_id=company_id,
        since=since,
        until=until,
    )
    rows, next_cursor = await keyset_page(
        session,
        statement,
        params=page,
        scope=f"audit:{action}:{actor}:{target_type}:{target_id}:{company}:{since}:{until}",
        keys=[(AuditEvent.id, int, lambda event: event.id)],
        descending=True,
    )
    return Page(
        items=[AuditEventRead.model_validate(event) for event in rows], next_cursor=next_cursor
    )
