"""Your data, ``/me/data``: download everything Jobboard holds about you (as
``GET /api/v1/me/export``), and delete the account (as ``DELETE /api/v1/me``) after
confirming the password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from jobboard.auth import service as auth
from jobboard.auth import web_sessions
from jobboard.companies.service import LastOwner
from jobboard.dependencies import AppCache, AppSettings, DbSession
from jobboard.privacy import service as privacy
from jobboard.ratelimit import RateLimited, spend_for_request
from jobboard.web.me import area_page
from jobboard.web.routing import PageRoute
from jobboard.web.session import SignedInViewer, Viewer, end_session

router = APIRouter(route_class=PageRoute, include_in_schema=False)


async def _data_page(
    request: Request,
    session: DbSession,
    viewer: Viewer,
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    return await area_page(
        request,
        session,
        viewer,
        "me/data.html",
        section="data",
        status=status,
        headers=headers or {},
        title="Your data",
        errors=errors or {},
    )


@router.get("/me/data")
async def data_page(request: Request, session: DbSession, viewer: SignedInViewer) -> Response:
    return await _data_page(request, session, viewer)


@router.get("/me/data/export.json")
async def export(request: Request, session: DbSession, viewer: SignedInViewer) -> Response:
    usage = await spend_for_request(request, "export", viewer.principal.owner_key)
    document = await privacy.export(session, principal=viewer.principal)
    return JSONResponse(
        document,
        headers={
            "Cache-Control": "no-store",
            "Content-Disposition": 'attachment; filename="jobboard-personal-data.json"',
            **usage.headers(),
        },
    )


@router.post("/me/data/delete")
async def delete_account(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    cache: AppCache,
    viewer: SignedInViewer,
    password: Annotated[str, Form(max_length=256)] = "",
) -> Response:
    if not password:
        return await _data_page(
            request, session, viewer, errors={"password": "Enter your password"}, status=422
        )
    try:
        await spend_for_request(request, "erase", viewer.principal.owner_key)
        await auth.confirm_password(
            session, cache=cache, settings=settings, principal=viewer.principal, password=password
        )
        await privacy.erase(session, cache=cache, settings=settings, principal=viewer.principal)
    except (auth.WrongPassword, auth.SignInLocked, RateLimited) as refused:
        message = "The password is wrong" if isinstance(refused, auth.WrongPassword) else None
        return await _data_page(
            request,
            session,
            viewer,
            errors={"password": message or refused.detail},
            status=refused.status,
            headers=refused.headers,
        )
    except LastOwner as refused:
        return await _data_page(
            request, session, viewer, errors={"delete-account": refused.detail}, status=409
        )
    if viewer.claims is not None:
        await web_sessions.end(session, cache=cache, settings=settings, claims=viewer.claims)
    end_session(viewer, settings)
    viewer.flash("account-deleted")
    return RedirectResponse("/", status_code=303)
