"""REST: a company's API clients (owners only). Secrets appear once, in the creating answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from jobboard.auth.dependencies import CurrentPrincipal
from jobboard.clients import service
from jobboard.clients.schemas import ClientCreate, ClientRead, ClientUpdate, ClientWithSecret
from jobboard.companies.dependencies import ValidCompany
from jobboard.dependencies import AppCache, AppSettings, DbSession
from jobboard.models import ApiClient, Company
from jobboard.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["api clients"])

ClientId = Annotated[str, Path(min_length=1, max_length=64)]
_NO_STORE = {"Cache-Control": "no-store"}


def client_read(client: ApiClient, company: Company) -> ClientRead:
    return ClientRead(
        client_id=client.client_id,
        name=client.name,
        scopes=client.scopes,
        company_slug=company.slug,
        created_at=client.created_at,
        secret_rotated_at=client.secret_rotated_at,
        disabled=client.disabled_at is not None,
        last_used_at=client.last_used_at,
    )


def _with_secret(client: ApiClient, company: Company, secret: str) -> ClientWithSecret:
    return ClientWithSecret(**client_read(client, company).model_dump(), client_secret=secret)


@router.get("/companies/{slug}/clients", response_model=list[ClientRead])
async def list_clients(
    company: ValidCompany, principal: CurrentPrincipal, session: DbSession
) -> list[ClientRead]:
    """The company's API clients (owners)."""
    await service.authorize(session, principal=principal, company=company)
    return [
        client_read(client, company)
        for client in await service.list_clients(session, company=company)
    ]


@router.post(
    "/companies/{slug}/clients",
    status_code=status.HTTP_201_CREATED,
    response_model=ClientWithSecret,
)
async def create_client(
    body: ClientCreate,
    company: ValidCompany,
    principal: CurrentPrincipal,
    session: DbSession,
    response: Response,
) -> ClientWithSecret:
    """Create a client with the chosen scopes (owners). The answer holds the only copy of the
    secret; Idempotency-Key is not accepted here, since a replay would have to store it."""
    await service.authorize(session, principal=principal, company=company)
    client, secret = await service.create_client(
        session, principal=principal, company=company, name=body.name, scopes=list(body.scopes)
    )
    response.headers.update(_NO_STORE)
    response.headers["Location"] = f"/api/v1/companies/{company.slug}/clients/{client.client_id}"
    return _with_secret(client, company, secret)


@router.get("/companies/{slug}/clients/{client_id}", response_model=ClientRead)
async def get_client(
    client_id: ClientId, company: ValidCompany, principal: CurrentPrincipal, session: DbSession
) -> ClientRead:
    """One API client (owners)."""
    await service.authorize(session, principal=principal, company=company)
    client = await service.get_client(session, company=company, client_id=client_id)
    return client_read(client, company)


@router.patch("/companies/{slug}/clients/{client_id}", response_model=ClientRead)
async def update_client(
    client_id: ClientId,
    body: ClientUpdate,
    company: ValidCompany,
    principal: CurrentPrincipal,
    session: DbSession,
    settings: AppSettings,
    cache: AppCache,
) -> ClientRead:
    """Rename a client or change its scopes (owners). A request may use the scopes its token
    was issued with that the client still has: scopes taken away stop working at once, also
    for tokens already issued; scopes added serve tokens issued with them."""
    await service.authorize(session, principal=principal, company=company)
    client = await service.get_client(session, company=company, client_id=client_id)
    client = await service.update_client(
        session,
        cache=cache,
        settings=settings,
        principal=principal,
        client=client,
        name=body.name,
        scopes=list(body.scopes) if body.scopes is not None else None,
    )
    return client_read(client, company)


async def _toggle(
    client_id: str,
    company: Company,
    principal: CurrentPrincipal,
    session: DbSession,
    settings: AppSettings,
    cache: AppCache,
    *,
    disabled: bool,
) -> ClientRead:
    await service.authorize(session, principal=principal, company=company)
    client = await service.get_client(session, company=company, client_id=client_id)
    client = await service.set_disabled(
        session,
        cache=cache,
        settings=settings,
        principal=principal,
        client=client,
        disabled=disabled,
    )
    return client_read(client, company)


@router.post("/companies/{slug}/clients/{client_id}/disable", response_model=ClientRead)
async def disable_client(
    client_id: ClientId,
    company: ValidCompany,
    principal: CurrentPrincipal,
    session: DbSession,
    settings: AppSettings,
    cache: AppCache,
) -> ClientRead:
    """Disable the client: it cannot get tokens and its tokens stop working at once."""
    return await _toggle(client_id, company, principal, session, settings, cache, disabled=True)


@router.post("/companies/{slug}/clients/{client_id}/enable", response_model=ClientRead)
async def enable_client(
    client_id: ClientId,
    company: ValidCompany,
    principal: CurrentPrincipal,
    session: DbSession,
    settings: AppSettings,
    cache: AppCache,
) -> ClientRead:
    """Enable a disabled client; tokens from before the disabling stay void."""
    return await _toggle(client_id, company, principal, session, settings, cache, disabled=False)


@router.post("/companies/{slug}/clients/{client_id}/rotate-secret", response_model=ClientWithSecret)
async def rotate_secret(
    client_id: ClientId,
    company: ValidCompany,
    principal: CurrentPrincipal,
    session: DbSession,
    settings: AppSettings,
    response: Response,
    cache: AppCache,
) -> ClientWithSecret:
    """Issue a new secret (shown once); the old secret and its tokens stop working at once."""
    await service.authorize(session, principal=principal, company=company)
    client = await service.get_client(session, company=company, client_id=client_id)
    client, secret = await service.rotate_secret(
        session, cache=cache, settings=settings, principal=principal, client=client
    )
    response.headers.update(_NO_STORE)
    return _with_secret(client, company, secret)
