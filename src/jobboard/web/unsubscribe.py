"""One-click unsubscribe from a saved search's e-mails (RFC 8058), at the address in the
e-mail's ``List-Unsubscribe`` header and its footer.

``GET /unsubscribe/{token}`` only shows what the link does, with a button: link scanners and
previews open links, and must not unsubscribe anyone. ``POST`` unsubscribes: a mail
provider's one-click button sends ``List-Unsubscribe=One-Click`` with no cookie and no CSRF
token (the signed link authorises it) and gets 200; the page's form gets a redirect back to
the page. Nobody needs to sign in.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import RedirectResponse

from jobboard.alerts import service as alerts
from jobboard.dependencies import AppSettings, DbSession
from jobboard.kit.clock import utcnow
from jobboard.models import SavedSearch
from jobboard.web.rendering import page
from jobboard.web.routing import PageRoute, csrf_exempt
from jobboard.web.session import CurrentViewer

router = APIRouter(route_class=PageRoute, include_in_schema=False)

Token = Annotated[str, Path(max_length=200)]
ONE_CLICK = ("List-Unsubscribe", "One-Click")
HOW_OFTEN = {
    "instant": "as soon as new jobs match it",
    "daily": "at most once a day",
    "weekly": "at most once a week",
}


def _page(request: Request, saved: SavedSearch, token: str) -> Response:
    return page(
        request,
        "unsubscribe.html",
        title=f"E-mails for “{saved.name}”",
        saved=saved,
        token=token,
        how_often=HOW_OFTEN.get(saved.frequency, ""),
    )


@router.get("/unsubscribe/{token}")
async def unsubscribe_page(
    token: Token, request: Request, session: DbSession, settings: AppSettings
) -> Response:
    saved = await alerts.by_unsubscribe_token(session, token=token, secret_key=settings.secret_key)
    return _page(request, saved, token)


@router.post("/unsubscribe/{token}")
@csrf_exempt
async def unsubscribe(
    token: Token,
    request: Request,
    session: DbSession,
    settings: AppSettings,
    viewer: CurrentViewer,
) -> Response:
    saved = await alerts.by_unsubscribe_token(session, token=token, secret_key=settings.secret_key)
    await alerts.stop_email(session, saved=saved, now=utcnow())
    form = await request.form()
    if form.get(ONE_CLICK[0]) == ONE_CLICK[1]:
        return _page(request, saved, token)
    viewer.flash("unsubscribed")
    return RedirectResponse(f"/unsubscribe/{token}", status_code=303)
