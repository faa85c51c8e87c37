"""REST: registration, the OAuth2 token endpoint, the current user, and the JWKS."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, status
from fastapi.responses import JSONResponse
from sqlalchemy import select

from jobboard.auth import service
from jobboard.auth.dependencies import SignedIn
from jobboard.auth.keys import ALGORITHM, get_signing_key, jwks
from jobboard.auth.schemas import MembershipRead, MeRead, TokenResponse, UserCreate, UserRead
from jobboard.auth.scopes import ROLE_SCOPES, SCOPES
from jobboard.auth.tokens import issue_access_token
from jobboard.config import get_settings
from jobboard.db import DbSession
from jobboard.errors import NotFound
from jobboard.idempotency import IdempotencyKey
from jobboard.models import Company, CompanyMember, User
from jobboard.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["auth"])
well_known = APIRouter(tags=["auth"])

_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def oauth_error(error: str, description: str, status_code: int = 400) -> JSONResponse:
    """An RFC 6749 section 5.2 error answer (the token endpoint's own format)."""
    headers = dict(_NO_STORE)
    if status_code == 401:
        headers["WWW-Authenticate"] = 'Basic realm="jobboard"'
    return JSONResponse(
        {"error": error, "error_description": description},
        status_code=status_code,
        headers=headers,
    )


@router.post(
    "/auth/register",
    status_code=status.HTTP_201_CREATED,
    response_model=UserRead,
)
async def register(body: UserCreate, session: DbSession, _key: IdempotencyKey) -> UserRead:
    """Create an account as a job seeker or an employer."""
    user = await service.register(
        session,
        email=body.email,
        password=body.password,
        display_name=body.display_name,
        role=body.role,
    )
    return UserRead.model_validate(user)


@router.post(
    "/auth/token",
    response_model=TokenResponse,
    responses={400: {"description": "RFC 6749 error: invalid_request, invalid_grant, ..."}},
)
async def token(
    session: DbSession,
    grant_type: Annotated[str | None, Form(max_length=64)] = None,
    username: Annotated[str | None, Form(max_length=320)] = None,
    password: Annotated[str | None, Form(max_length=256)] = None,
    scope: Annotated[str | None, Form(max_length=1000)] = None,
) -> Any:
    """OAuth 2.0 token endpoint (RFC 6749), form-encoded. Supports the `password` grant."""
    if not grant_type:
        # RFC 6749 section 5.2: a missing parameter is invalid_request, not a 422 problem.
        return oauth_error("invalid_request", "the request needs a grant_type")
    if grant_type != "password":
        return oauth_error(
            "unsupported_grant_type", f"grant_type {grant_type!r} is not supported here"
        )
    if not username or not password:
        return oauth_error("invalid_request", "the password grant needs username and password")
    user = await service.authenticate(session, email=username, password=password)
    if user is None:
        return oauth_error("invalid_grant", "the e-mail address or password is wrong")
    allowed = ROLE_SCOPES[user.role]
    requested = frozenset(scope.split()) if scope else allowed
    if not requested <= allowed:
        return oauth_error(
            "invalid_scope",
            f"not granted to this account: {' '.join(sorted(requested - allowed))}",
        )
    access_token, expires_in = issue_access_token(
        key=get_signing_key(),
        settings=get_settings(),
        subject=f"user:{user.id}",
        scopes=requested,
        extra_claims={"role": user.role},
    )
    return JSONResponse(
        TokenResponse(
            access_token=access_token, expires_in=expires_in, scope=" ".join(sorted(requested))
        ).model_dump(),
        headers=_NO_STORE,
    )


@router.get("/me", response_model=MeRead)
async def me(principal: SignedIn, session: DbSession) -> MeRead:
    """The signed-in user and the companies they belong to."""
    user = await session.get(User, principal.user_id)
    if user is None or user.disabled_at is not None:
        raise NotFound("This account no longer exists.")
    rows = await session.execute(
        select(Company.slug, Company.name, CompanyMember.role)
        .join(CompanyMember, CompanyMember.company_id == Company.id)
        .where(CompanyMember.user_id == user.id)
        .order_by(Company.name)
    )
    return MeRead(
        **UserRead.model_validate(user).model_dump(),
        memberships=[
            MembershipRead(company_slug=slug, company_name=name, role=role)
            for slug, name, role in rows
        ],
    )


@well_known.get("/.well-known/jwks.json")
async def get_jwks() -> JSONResponse:
    """The public keys that verify Jobboard's access tokens."""
    return JSONResponse(jwks(), headers={"Cache-Control": "public, max-age=300"})


@well_known.get("/.well-known/oauth-authorization-server")
async def authorization_server_metadata(request: Request) -> dict[str, Any]:
    """RFC 8414 authorization server metadata."""
    settings = get_settings()
    base = settings.public_url.rstrip("/")
    return {
        "issuer": settings.token_issuer,
        "token_endpoint": f"{base}/api/v1/auth/token",
        "jwks_uri": f"{base}/.well-known/jwks.json",
        "grant_types_supported": ["password"],
        "token_endpoint_auth_methods_supported": ["none"],
        "scopes_supported": sorted(SCOPES),
        "response_types_supported": [],
        "token_endpoint_auth_signing_alg_values_supported": [ALGORITHM],
        "service_documentation": f"{base}/docs",
    }
