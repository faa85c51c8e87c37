"""Who may see and change a company's integrations: its members read; owners and recruiters
manage feeds (with `companies:write`) and webhooks (with `webhooks:manage`, which the company's
API clients may also hold)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.auth.principal import Principal, require_scope
from jobboard.companies import service as company_service
from jobboard.companies.repository import ALL_MEMBER_ROLES, EDITOR_ROLES
from jobboard.models import Company


async def require_reader(session: AsyncSession, *, company: Company, principal: Principal) -> None:
    await company_service.require_role(
        session, company=company, principal=principal, roles=ALL_MEMBER_ROLES
    )


async def require_manager(
    session: AsyncSession, *, company: Company, principal: Principal, scope: str = "companies:write"
) -> None:
    require_scope(principal, scope)
    await company_service.require_role(
        session, company=company, principal=principal, roles=EDITOR_ROLES
    )
