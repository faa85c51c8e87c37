"""API client rules: only a company's owners manage its clients; secrets are shown once.

The client's token then acts for that company within its scopes (see
``companies.service.require_role`` and ``jobs.repository.readable_jobs``).
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.audit import service as audit
from jobboard.auth import standing
from jobboard.auth.principal import Principal, require_scope
from jobboard.auth.service import hash_client_secret
from jobboard.cache import Cache
from jobboard.companies import service as company_service
from jobboard.config import Settings
from jobboard.errors import NotFound
from jobboard.kit.clock import utcnow
from jobboard.models import ApiClient, Company


def _new_secret() -> str:
    return "jbs_" + secrets.token_urlsafe(32)


async def authorize(session: AsyncSession, *, principal: Principal, company: Company) -> None:
    """Raise unless the caller may manage the company's API clients: its owners (and admins)."""
    require_scope(principal, "companies:write")
    await company_service.require_role(
        session, company=company, principal=principal, roles=("owner",)
    )


async def list_clients(session: AsyncSession, *, company: Company) -> list[ApiClient]:
    rows = await session.scalars(
        select(ApiClient).where(ApiClient.company_id == company.id).order_by(ApiClient.id)
    )
    return list(rows.all())


async def get_client(session: AsyncSession, *, company: Company, client_id: str) -> ApiClient:
    client = await session.scalar(
        select(ApiClient).where(
            ApiClient.company_id == company.id, ApiClient.client_id == client_id
        )
    )
    if client is None:
        raise NotFound(f"{company.slug!r} has no API client {client_id!r}.")
    return client


async def create_client(
    session: AsyncSession, *, principal: Principal, company: Company, name: str, scopes: list[str]
) -> tuple[ApiClient, str]:
    """Create a client; return it with its secret, which is never shown again."""
    secret = _new_secret()
    client = ApiClient(
        client_id="jbc_" + secrets.token_hex(12),
        company_id=company.id,
        name=name,
        secret_hash=hash_client_secret(secret),
        scopes=sorted(set(scopes)),
        created_by_id=principal.user_id,
        created_at=utcnow(),
        secret_rotated_at=utcnow(),
    )
    session.add(client)
    await session.flush()
    await audit.record(
        session,
        actor=principal,
        action="client.created",
        target_type="api_client",
        target_id=client.client_id,
        company_id=company.id,
        details={"scopes": client.scopes},
    )
    return client, secret


async def set_disabled(
    session: AsyncSession,
    *,
    cache: Cache,
    settings: Settings,
    principal: Principal,
    client: ApiClient,
    disabled: bool,
) -> ApiClient:
    """Disable (its tokens stop working at once) or enable a client."""
    if disabled and client.disabled_at is None:
        client.disabled_at = utcnow()
        client.tokens_valid_after = standing.precise_now()
    elif not disabled:
        client.disabled_at = None
    await session.flush()
    await standing.publish_client(cache, client=client, ttl=settings.principal_cache_seconds)
    await audit.record(
        session,
        actor=principal,
        action="client.disabled" if disabled else "client.enabled",
        target_type="api_client",
        target_id=client.client_id,
        company_id=client.company_id,
    )
    return client


async def rotate_secret(
    session: AsyncSession,
    *,
    cache: Cache,
    settings: Settings,
    principal: Principal,
    client: ApiClient,
) -> tuple[ApiClient, str]:
    """Replace the secret; the old one and every token it got stop working at once."""
    secret = _new_secret()
    client.secret_hash = hash_client_secret(secret)
    client.secret_rotated_at = utcnow()
    client.tokens_valid_after = standing.precise_now()
    await session.flush()
    await standing.publish_client(cache, client=client, ttl=settings.principal_cache_seconds)
    await audit.record(
        session,
        actor=principal,
        action="client.secret_rotated",
        target_type="api_client",
        target_id=client.client_id,
        company_id=client.company_id,
    )
    return client, secret


async def update_client(
    session: AsyncSession,
    *,
    cache: Cache,
    settings: Settings,
    principal: Principal,
    client: ApiClient,
    name: str | None,
    scopes: list[str] | None,
) -> ApiClient:
    """Rename the client or change its scopes. Requests read the client's scopes from its
    standing and use those their token was issued with, so fewer scopes apply to its current
    tokens at once."""
    previous = list(client.scopes)
    if name is not None:
        client.name = name
    if scopes is not None:
        client.scopes = sorted(set(scopes))
    await session.flush()
    if client.scopes != previous:
        await standing.publish_client(cache, client=client, ttl=settings.principal_cache_seconds)
        await audit.record(
            session,
            actor=principal,
            action="client.scopes_changed",
            target_type="api_client",
            target_id=client.client_id,
            company_id=client.company_id,
            details={"from": previous, "to": client.scopes},
        )
    return client
