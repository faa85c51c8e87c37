"""REST: export everything held about me, and erase my account."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse

from jobboard.auth.dependencies import SignedInPerson
from jobboard.dependencies import AppCache, AppSettings, DbSession
from jobboard.privacy import service
from jobboard.ratelimit import spend_for_request
from jobboard.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["account"])


@router.get(
    "/me/export",
    responses={200: {"description": "Every record about the account, as JSON"}},
)
async def export_my_data(principal: SignedInPerson, request: Request, session: DbSession) -> Any:
    """Everything Jobboard holds about you, in one JSON document (a few times an hour)."""
    usage = await spend_for_request(request, "export", principal.owner_key)
    document = await service.export(session, principal=principal)
    return JSONResponse(
        document,
        headers={
            "Cache-Control": "no-store",
            "Content-Disposition": 'attachment; filename="jobboard-personal-data.json"',
            **usage.headers(),
        },
    )


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
async def erase_me(
    principal: SignedInPerson,
    request: Request,
    session: DbSession,
    settings: AppSettings,
    cache: AppCache,
) -> Response:
    """Erase your account: memberships and sign-ins go, every token stops working, jobs you
    created stay with their company without your name. The last owner of a company gets 409."""
    await spend_for_request(request, "erase", principal.owner_key)
    await service.erase(session, cache=cache, settings=settings, principal=principal)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
