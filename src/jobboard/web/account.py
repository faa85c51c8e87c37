"""Account pages under ``/account/``: sign in and out (a web session bound to the same users,
lockout and rate limits as the token endpoint)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from jobboard.auth import service as auth
from jobboard.auth import web_sessions
from jobboard.cache import AppCache
from jobboard.config import AppSettings
from jobboard.db import DbSession
from jobboard.ratelimit import RateLimited, client_address, spend_for_request
from jobboard.web.rendering import page
from jobboard.web.routing import PageRoute
from jobboard.web.session import (
    CurrentViewer,
    begin_session,
    end_session,
    safe_next,
)

router = APIRouter(route_class=PageRoute, include_in_schema=False)

_Text = Annotated[str, Form(max_length=320)]
_Password = Annotated[str, Form(max_length=256)]


@router.get("/account/signin")
async def sign_in_form(
    request: Request,
    viewer: CurrentViewer,
    next: Annotated[str | None, Query(max_length=2000)] = None,
) -> Response:
    target = safe_next(next)
    if viewer.signed_in:
        return RedirectResponse(target, status_code=303)
    return page(
        request,
        "account/signin.html",
        title="Sign in",
        next_url=target,
        email="",
        errors={},
    )


@router.post("/account/signin")
async def sign_in(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    cache: AppCache,
    viewer: CurrentViewer,
    email: _Text = "",
    password: _Password = "",
    next: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    target = safe_next(next)
    errors: dict[str, str] = {}
    if not email.strip():
        errors["email"] = "Enter your e-mail address"
    if not password:
        errors["password"] = "Enter your password"  # noqa: S105 - a message
    status = 422
    headers: dict[str, str] = {}
    if not errors:
        try:
            await spend_for_request(request, "token", client_address(request))
            user = await auth.sign_in(
                session, cache=cache, settings=settings, email=email.strip(), password=password
            )
        except (auth.WrongCredentials, auth.SignInLocked, RateLimited) as refused:
            errors["email"] = refused.detail
            status, headers = refused.status, refused.headers
        else:
            claims = await web_sessions.start(
                session,
                cache=cache,
                settings=settings,
                user=user,
                client_address=client_address(request),
                user_agent=request.headers.get("user-agent"),
            )
            begin_session(viewer, claims, settings)
            viewer.flash("signed-in")
            return RedirectResponse(target, status_code=303)
    return page(
        request,
        "account/signin.html",
        status=status,
        headers=headers,
        title="Sign in",
        next_url=target,
        email=email,
        errors=errors,
    )


@router.post("/account/signout")
async def sign_out(
    session: DbSession, settings: AppSettings, cache: AppCache, viewer: CurrentViewer
) -> Response:
    if viewer.claims is not None:
        await web_sessions.end(session, cache=cache, settings=settings, claims=viewer.claims)
    end_session(viewer, settings)
    viewer.flash("signed-out")
    return RedirectResponse("/", status_code=303)
