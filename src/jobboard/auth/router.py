"""REST: registration, the OAuth 2.0 token and revocation endpoints, the current account,
password and e-mail flows, account moderation, and the discovery documents."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any
from urllib.parse import unquote_plus

from fastapi import APIRouter, Depends, Form, Request, Response, status
from fastapi.responses import JSONResponse
from sqlalchemy import select

from jobboard.auth import service
from jobboard.auth.dependencies import CurrentPrincipal, IdempotencyKey, SignedInPerson
from jobboard.auth.principal import require_scope
from jobboard.auth.schemas import (
    AdminUserRead,
    EmailVerification,
    MembershipRead,
    MeRead,
    PasswordChange,
    PasswordResetConfirm,
    PasswordResetRequest,
    TokenResponse,
    UserCreate,
    UserRead,
)
from jobboard.auth.scopes import SCOPES
from jobboard.config import Settings
from jobboard.db import Database
from jobboard.dependencies import AppCache, AppSettings, DbSession
from jobboard.errors import Forbidden
from jobboard.kit.ids import Id
from jobboard.models import Company, CompanyMember, User
from jobboard.ratelimit import client_address, per_address, spend_for_request
from jobboard.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["auth"])
well_known = APIRouter(tags=["auth"])

_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_FormText = Annotated[str | None, Form(max_length=2000)]


def oauth_error(
    error: str, description: str, status_code: int = 400, headers: dict[str, str] | None = None
) -> JSONResponse:
    """An RFC 6749 section 5.2 error answer (the token endpoint's own format)."""
    return JSONResponse(
        {"error": error, "error_description": description},
        status_code=status_code,
        headers={**_NO_STORE, **(headers or {})},
    )


def user_read(user: User) -> UserRead:
    return UserRead(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=user.role,
        email_verified=user.email_verified_at is not None,
        created_at=user.created_at,
    )


@router.post(
    "/auth/register",
    status_code=status.HTTP_201_CREATED,
    response_model=UserRead,
    dependencies=[Depends(per_address("register"))],
)
async def register(
    body: UserCreate,
    session: DbSession,
    settings: AppSettings,
    cache: AppCache,
    _key: IdempotencyKey,
) -> UserRead:
    """Create an account as a job seeker or an employer; a verification e-mail follows."""
    user = await service.sign_up(
        session,
        cache=cache,
        settings=settings,
        email=body.email,
        password=body.password,
        display_name=body.display_name,
        role=body.role,
    )
    return user_read(user)


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    """RFC 6749 section 2.3.1: form-encoded id and secret in HTTP Basic."""
    header = request.headers.get("authorization", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as error:
        raise service.OAuthError(
            "invalid_client", "the Basic credentials are malformed", status=401
        ) from error
    client_id, colon, secret = decoded.partition(":")
    if not colon:
        raise service.OAuthError("invalid_client", "the Basic credentials are malformed", 401)
    return unquote_plus(client_id), unquote_plus(secret)


async def _grant(
    request: Request,
    session: DbSession,
    settings: Settings,
    cache: AppCache,
    form: dict[str, str | None],
) -> service.IssuedTokens:
    grant_type = form["grant_type"]
    if not grant_type:
        # RFC 6749 section 5.2: a missing parameter is invalid_request, not a 422 problem.
        raise service.OAuthError("invalid_request", "the request needs a grant_type")
    if grant_type not in ("password", "refresh_token", "client_credentials"):
        raise service.OAuthError(
            "unsupported_grant_type", f"grant_type {grant_type!r} is not supported here"
        )
    database: Database = request.app.state.database
    key = await request.app.state.keyring.signing_key(database)
    address = client_address(request)
    if grant_type == "password":
        if not form["username"] or not form["password"]:
            raise service.OAuthError(
                "invalid_request", "the password grant needs username and password"
            )
        return await service.password_grant(
            session,
            cache=cache,
            key=key,
            settings=settings,
            username=form["username"],
            password=form["password"],
            scope=form["scope"],
            client_address=address,
        )
    if grant_type == "refresh_token":
        if not form["refresh_token"]:
            raise service.OAuthError("invalid_request", "the refresh grant needs refresh_token")
        return await service.refresh_grant(
            session,
            key=key,
            settings=settings,
            refresh_token=form["refresh_token"],
            scope=form["scope"],
            client_address=address,
        )
    basic = _basic_credentials(request)
    if basic is not None and (form["client_id"] or form["client_secret"]):
        raise service.OAuthError("invalid_request", "authenticate the client one way only")
    client_id, client_secret = basic or (form["client_id"], form["client_secret"])
    if not client_id or not client_secret:
        raise service.OAuthError(
            "invalid_client",
            "client_credentials needs the client's id and secret (HTTP Basic or form)",
            status=401,
            headers={"WWW-Authenticate": 'Basic realm="jobboard"'},
        )
    return await service.client_credentials_grant(
        session,
        key=key,
        settings=settings,
        client_id=client_id,
        client_secret=client_secret,
        scope=form["scope"],
        basic_auth=basic is not None,
    )


@router.post(
    "/auth/token",
    response_model=TokenResponse,
    responses={
        400: {"description": "RFC 6749 error: invalid_request, invalid_grant, invalid_scope..."},
        401: {"description": "RFC 6749 error: invalid_client"},
        429: {"description": "Rate limited (problem+json)"},
    },
)
async def token(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    cache: AppCache,
    grant_type: Annotated[str | None, Form(max_length=64)] = None,
    username: Annotated[str | None, Form(max_length=320)] = None,
    password: Annotated[str | None, Form(max_length=256)] = None,
    refresh_token: _FormText = None,
    client_id: Annotated[str | None, Form(max_length=64)] = None,
    client_secret: Annotated[str | None, Form(max_length=256)] = None,
    scope: Annotated[str | None, Form(max_length=1000)] = None,
) -> Any:
    """OAuth 2.0 token endpoint (RFC 6749), form-encoded.

    Grants: `password` (username + password; answers a refresh token too), `refresh_token`
    (single use: answers a new one; a reused one revokes its whole family) and
    `client_credentials` (an API client, by HTTP Basic or `client_id` + `client_secret`).
    """
    usage = await spend_for_request(request, "token", client_address(request))
    form = {
        "grant_type": grant_type,
        "username": username,
        "password": password,
        "refresh_token": refresh_token,
        "client_id": client_id,
        "client_secret": client_secret,
        "scope": scope,
    }
    try:
        issued = await _grant(request, session, settings, cache, form)
    except service.OAuthError as error:
        # Answered, not raised: what the grant wrote (a revoked family) must commit.
        return oauth_error(
            error.error, error.description, error.status, {**usage.headers(), **error.headers}
        )
    body = TokenResponse(
        access_token=issued.access_token,
        expires_in=issued.expires_in,
        scope=issued.scope,
        refresh_token=issued.refresh_token,
    ).model_dump(exclude_none=True)
    return JSONResponse(body, headers={**_NO_STORE, **usage.headers()})


@router.post(
    "/auth/revoke",
    status_code=status.HTTP_200_OK,
    dependencies=[Depends(per_address("revoke"))],
    response_class=Response,
    responses={
        200: {"description": "Revoked, or not a token this server knows (RFC 7009): no body"},
        400: {"description": "RFC 7009 error: invalid_request, unsupported_token_type"},
    },
)
async def revoke(
    session: DbSession,
    token: Annotated[str | None, Form(max_length=2000)] = None,
    token_type_hint: Annotated[str | None, Form(max_length=64)] = None,
) -> Any:
    """Token revocation (RFC 7009). A refresh token ends its whole sign-in (its family).

    Unknown tokens answer 200, as the RFC asks. Access tokens cannot be revoked one by one:
    they live 15 minutes; use `POST /me/sign-out-everywhere` to void them all.
    """
    if not token:
        return oauth_error("invalid_request", "the request needs a token")
    if await service.revoke_refresh_token(session, token=token):
        return Response(status_code=200, headers=_NO_STORE)
    if token.count(".") == 2 or token_type_hint == "access_token":  # noqa: S105
        return oauth_error(
            "unsupported_token_type",
            "access tokens expire within minutes; revoke the refresh token or sign out everywhere",
        )
    return Response(status_code=200, headers=_NO_STORE)


@router.post(
    "/auth/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[Depends(per_address("password_reset"))],
)
async def request_password_reset(
    body: PasswordResetRequest,
    request: Request,
    session: DbSession,
) -> dict[str, str]:
    """E-mail a single-use reset link. The answer is the same whether the account exists."""
    await spend_for_request(request, "password_reset_account", body.email.casefold())
    await service.request_password_reset(session, email=body.email)
    return {"status": "If an account uses this address, a reset link is on its way."}


@router.post("/auth/password-reset/confirm", status_code=status.HTTP_204_NO_CONTENT)
async def confirm_password_reset(
    body: PasswordResetConfirm, session: DbSession, settings: AppSettings, cache: AppCache
) -> Response:
    """Set a new password with the token from the e-mail; signs the account out everywhere."""
    await service.reset_password(
        session, cache=cache, settings=settings, token=body.token, new_password=body.new_password
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/auth/verify-email", status_code=status.HTTP_204_NO_CONTENT)
async def verify_email(
    body: EmailVerification, session: DbSession, settings: AppSettings
) -> Response:
    """Confirm the e-mail address with the token from the verification e-mail."""
    await service.verify_email(session, settings=settings, token=body.token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/auth/verify-email/resend", status_code=status.HTTP_202_ACCEPTED)
async def resend_verification(
    principal: SignedInPerson,
    request: Request,
    session: DbSession,
    response: Response,
) -> dict[str, str]:
    """Send the verification e-mail again (a few times an hour at most)."""
    await spend_for_request(request, "verification_resend", principal.owner_key, response)
    if not await service.resend_verification(session, principal=principal):
        return {"status": "The address is verified already."}
    return {"status": "A new verification e-mail is on its way."}


@router.get("/me", response_model=MeRead)
async def me(principal: SignedInPerson, session: DbSession) -> MeRead:
    """The signed-in user and the companies they belong to."""
    user = await service.get_active_user(session, principal=principal)
    rows = await session.execute(
        select(Company.slug, Company.name, CompanyMember.role)
        .join(CompanyMember, CompanyMember.company_id == Company.id)
        .where(CompanyMember.user_id == user.id)
        .order_by(Company.name)
    )
    return MeRead(
        **user_read(user).model_dump(),
        memberships=[
            MembershipRead(company_slug=slug, company_name=name, role=role)
            for slug, name, role in rows
        ],
    )


@router.post("/me/password", status_code=status.HTTP_204_NO_CONTENT)
async def change_password(
    body: PasswordChange,
    principal: SignedInPerson,
    request: Request,
    session: DbSession,
    settings: AppSettings,
    cache: AppCache,
) -> Response:
    """Change the password; every token of the account (this one too) stops working."""
    await spend_for_request(request, "password_change", principal.owner_key)
    await service.change_password(
        session,
        cache=cache,
        settings=settings,
        principal=principal,
        current_password=body.current_password,
        new_password=body.new_password,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/me/sign-out-everywhere", status_code=status.HTTP_204_NO_CONTENT)
async def sign_out_everywhere(
    principal: SignedInPerson, session: DbSession, settings: AppSettings, cache: AppCache
) -> Response:
    """Revoke every refresh and access token of the account, on every device."""
    await service.sign_out_everywhere(session, cache=cache, settings=settings, principal=principal)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def _moderate_user(
    user_id: int,
    principal: CurrentPrincipal,
    session: DbSession,
    settings: Settings,
    cache: AppCache,
    *,
    disabled: bool,
) -> AdminUserRead:
    require_scope(principal, "admin")
    if not principal.is_admin:
        raise Forbidden("Only platform admins disable or enable accounts.")
    user = await service.set_disabled(
        session,
        cache=cache,
        settings=settings,
        actor=principal,
        user_id=user_id,
        disabled=disabled,
    )
    return AdminUserRead(**user_read(user).model_dump(), disabled=user.disabled_at is not None)


@router.post("/admin/users/{user_id}/disable", response_model=AdminUserRead, tags=["admin"])
async def disable_user(
    user_id: Id,
    principal: CurrentPrincipal,
    session: DbSession,
    settings: AppSettings,
    cache: AppCache,
) -> AdminUserRead:
    """Disable an account: it cannot sign in and its tokens stop working at once (admins)."""
    return await _moderate_user(user_id, principal, session, settings, cache, disabled=True)


@router.post("/admin/users/{user_id}/enable", response_model=AdminUserRead, tags=["admin"])
async def enable_user(
    user_id: Id,
    principal: CurrentPrincipal,
    session: DbSession,
    settings: AppSettings,
    cache: AppCache,
) -> AdminUserRead:
    """Enable a disabled account again; tokens from before the disabling stay void (admins)."""
    return await _moderate_user(user_id, principal, session, settings, cache, disabled=False)


@well_known.get("/.well-known/jwks.json")
async def get_jwks(request: Request) -> JSONResponse:
    """The public keys that verify Jobboard's access tokens, the next key included."""
    state = request.app.state
    max_age = max(1, state.settings.signing_keys_refresh_seconds)
    return JSONResponse(
        await state.keyring.jwks(state.database),
        headers={"Cache-Control": f"public, max-age={max_age}"},
    )


@well_known.get("/.well-known/oauth-authorization-server")
async def authorization_server_metadata(settings: AppSettings) -> dict[str, Any]:
    """RFC 8414 authorization server metadata."""
    base = settings.public_url.rstrip("/")
    return {
        "issuer": settings.token_issuer,
        "token_endpoint": f"{base}/api/v1/auth/token",
        "revocation_endpoint": f"{base}/api/v1/auth/revoke",
        "jwks_uri": f"{base}/.well-known/jwks.json",
        "grant_types_supported": ["password", "refresh_token", "client_credentials"],
        "token_endpoint_auth_methods_supported": [
            "client_secret_basic",
            "client_secret_post",
            "none",
        ],
        "revocation_endpoint_auth_methods_supported": ["none"],
        "scopes_supported": sorted(SCOPES),
        "code_challenge_methods_supported": [],
        "response_types_supported": [],
        "service_documentation": f"{base}/docs",
    }
