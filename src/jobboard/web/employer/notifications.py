"""How a company's people hear of new applications, ``/employer/notifications``: per
company, an e-mail each, a daily digest, or the app only (``notifications.employers``)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from jobboard.companies import repository as companies_repository
from jobboard.dependencies import DbSession
from jobboard.errors import Forbidden
from jobboard.notifications import employers
from jobboard.web.rendering import page
from jobboard.web.routing import PageRoute
from jobboard.web.session import SignedInViewer

router = APIRouter(route_class=PageRoute, include_in_schema=False)

CHOICES = (
    ("instant", "An e-mail for each application"),
    ("daily", "One e-mail a day listing them"),
    ("off", "No e-mail; only in Notifications"),
)


@router.get("/employer/notifications")
async def preferences(request: Request, session: DbSession, viewer: SignedInViewer) -> Response:
    assert viewer.user_id is not None
    memberships = await companies_repository.member_rows(session, user_id=viewer.user_id)
    if not memberships:
        raise Forbidden("You belong to no company, so there are no applications to hear of.")
    return page(
        request,
        "employer/notifications.html",
        title="New applications: how you hear of them",
        memberships=memberships,
        choices=CHOICES,
    )


@router.post("/employer/notifications")
async def save_preferences(
    request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    assert viewer.user_id is not None
    form = await request.form()
    memberships = await companies_repository.member_rows(session, user_id=viewer.user_id)
    if not memberships:
        raise Forbidden("You belong to no company, so there are no applications to hear of.")
    for company, _member in memberships:
        choice = form.get(f"mail-{company.slug}")
        if isinstance(choice, str):
            await employers.set_preference(
                session, user_id=viewer.user_id, company_id=company.id, choice=choice
            )
    viewer.flash("notifications-saved")
    return RedirectResponse("/employer/notifications", status_code=303)
