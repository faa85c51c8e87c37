"""REST: companies and their members."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from sqlalchemy import select

from jobboard.auth.dependencies import CurrentPrincipal, IdempotencyKey, SignedIn
from jobboard.auth.principal import require_scope
from jobboard.companies import repository, service
from jobboard.companies.dependencies import ValidCompany
from jobboard.companies.readers import company_read
from jobboard.companies.repository import ALL_MEMBER_ROLES, EDITOR_ROLES
from jobboard.companies.schemas import (
    CompanyCreate,
    CompanyRead,
    CompanyUpdate,
    MemberAdd,
    MemberRead,
    MemberUpdate,
)
from jobboard.conditional import check_if_match, is_not_modified, make_etag
from jobboard.dependencies import DbSession, Pagination
from jobboard.kit.ids import Id
from jobboard.kit.schemas import Page
from jobboard.models import Company, CompanyHiringStats, CompanyMember, User
from jobboard.pagination import keyset_page
from jobboard.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["companies"])


def company_etag(company: Company, stats: CompanyHiringStats | None) -> str:
    # The hiring figures change without a write to the company: their revision is in the tag.
    return make_etag("company", company.id, company.version, stats.revision if stats else 0)


async def _company_response(
    session: DbSession, company: Company, response: Response
) -> CompanyRead:
    counts = await repository.open_job_counts(session, [company.id])
    stats = await repository.hiring_stats(session, company.id)
    response.headers["ETag"] = company_etag(company, stats)
    return company_read(company, counts.get(company.id, 0), stats)


def _member_read(member: CompanyMember, user: User) -> MemberRead:
    return MemberRead(
        user_id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=member.role,
        created_at=member.created_at,
    )


@router.get("/companies", response_model=Page[CompanyRead])
async def list_companies(
    session: DbSession,
    page: Pagination,
    prefix: Annotated[
        str | None,
        Query(min_length=1, max_length=80, description="Companies whose slug starts with this."),
    ] = None,
) -> Page[CompanyRead]:
    """Companies ordered by slug."""
    statement = select(Company)
    if prefix is not None:
        escaped = prefix.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(Company.slug.like(escaped + "%", escape="\\"))
    companies, next_cursor = await keyset_page(
        session,
        statement,
        params=page,
        scope=f"companies:{prefix}",
        keys=[(Company.slug, str, lambda company: company.slug)],
    )
    counts = await repository.open_job_counts(session, [company.id for company in companies])
    return Page(
        items=[company_read(company, counts.get(company.id, 0)) for company in companies],
        next_cursor=next_cursor,
    )


@router.post("/companies", status_code=status.HTTP_201_CREATED, response_model=CompanyRead)
async def create_company(
    body: CompanyCreate,
    principal: CurrentPrincipal,
    session: DbSession,
    response: Response,
    _key: IdempotencyKey,
) -> CompanyRead:
    """Create a company; the caller becomes its owner. Needs `companies:write`."""
    require_scope(principal, "companies:write")
    company = await service.create_company(session, principal=principal, data=body)
    response.headers["Location"] = f"/api/v1/companies/{company.slug}"
    return await _company_response(session, company, response)


@router.get("/companies/{slug}", response_model=CompanyRead)
async def get_company(
    company: ValidCompany, session: DbSession, request: Request, response: Response
) -> CompanyRead | Response:
    """A company's public profile, with how it answers applicants."""
    etag = company_etag(company, await repository.hiring_stats(session, company.id))
    if is_not_modified(request, etag):
        return Response(status_code=304, headers={"ETag": etag})
    return await _company_response(session, company, response)


@router.patch("/companies/{slug}", response_model=CompanyRead)
async def update_company(
    body: CompanyUpdate,
    company: ValidCompany,
    principal: CurrentPrincipal,
    session: DbSession,
    request: Request,
    response: Response,
) -> CompanyRead:
    """Edit the profile (owners and recruiters). Honours If-Match."""
    require_scope(principal, "companies:write")
    await service.require_role(session, company=company, principal=principal, roles=EDITOR_ROLES)
    check_if_match(
        request, company_etag(company, await repository.hiring_stats(session, company.id))
    )
    company = await service.update_company(session, company=company, data=body, actor=principal)
    return await _company_response(session, company, response)


@router.get("/companies/{slug}/members", response_model=list[MemberRead])
async def list_members(
    company: ValidCompany, principal: SignedIn, session: DbSession
) -> list[MemberRead]:
    """Everyone who belongs to the company (members only)."""
    await service.require_role(
        session, company=company, principal=principal, roles=ALL_MEMBER_ROLES
    )
    return [
        _member_read(member, user)
        for member, user in await service.list_members(session, company=company)
    ]


@router.post(
    "/companies/{slug}/members", status_code=status.HTTP_201_CREATED, response_model=MemberRead
)
async def add_member(
    body: MemberAdd,
    company: ValidCompany,
    principal: SignedIn,
    session: DbSession,
    _key: IdempotencyKey,
) -> MemberRead:
    """Add a registered user to the company (owners only)."""
    await service.require_role(session, company=company, principal=principal, roles=("owner",))
    member, user = await service.add_member(
        session, actor=principal, company=company, email=body.email, role=body.role
    )
    return _member_read(member, user)


@router.patch("/companies/{slug}/members/{user_id}", response_model=MemberRead)
async def change_member(
    user_id: Id,
    body: MemberUpdate,
    company: ValidCompany,
    principal: SignedIn,
    session: DbSession,
) -> MemberRead:
    """Change a member's role (owners only); the last owner cannot step down."""
    await service.require_role(session, company=company, principal=principal, roles=("owner",))
    member = await service.change_member_role(
        session, actor=principal, company=company, user_id=user_id, role=body.role
    )
    user = await session.get(User, member.user_id)
    assert user is not None
    return _member_read(member, user)


@router.delete("/companies/{slug}/members/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_member(
    user_id: Id, company: ValidCompany, principal: SignedIn, session: DbSession
) -> Response:
    """Remove a member (owners only); the last owner cannot be removed."""
    await service.require_role(session, company=company, principal=principal, roles=("owner",))
    await service.remove_member(session, actor=principal, company=company, user_id=user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
