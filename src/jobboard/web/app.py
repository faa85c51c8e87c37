"""Mounts the pages on the application: static files, every page family, and HTML answers
for browsers that ask for a page that does not exist."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from jobboard import problems
from jobboard.errors import NotFound
from jobboard.kit.dispatch import gate
from jobboard.web import (
    account,
    assets,
    categories,
    companies,
    discovery,
    home,
    jobs,
    me,
    me_data,
    me_profile,
    me_resume,
    me_searches,
    search,
    skills,
    unsubscribe,
)
from jobboard.web.admin import pages as admin_pages
from jobboard.web.data import warm_figures
from jobboard.web.employer import applicants as employer_applicants
from jobboard.web.employer import integrations as employer_integrations
from jobboard.web.employer import jobs as employer_jobs
from jobboard.web.employer import notifications as employer_notifications
from jobboard.web.employer import profile as employer_profile
from jobboard.web.employer import team as employer_team
from jobboard.web.employer import workspace as employer_workspace
from jobboard.web.routing import error_page
from jobboard.web.session import resolve_viewer

PAGE_ROUTERS = (
    assets.router,
    home.router,
    categories.router,
    search.router,
    jobs.router,
    companies.router,
    skills.router,
    account.router,
    me.router,
    me_searches.router,
    me_profile.router,
    me_resume.router,
    me_data.router,
    discovery.router,
    unsubscribe.router,
    employer_notifications.router,
    employer_profile.router,
    employer_jobs.router,
    employer_applicants.router,
    employer_team.router,
    employer_integrations.router,
    employer_workspace.router,
    admin_pages.router,
)


def _wants_page(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/.well-known/", "/static/")) or path.endswith(
        (".json", ".jsonld", ".xml", ".atom", ".txt")
    ):
        return False
    return "text/html" in request.headers.get("accept", "")


async def _not_found(request: Request, error: Exception) -> Response:
    """Browsers get a page for an unknown address; API clients keep problem+json."""
    assert isinstance(error, HTTPException)
    if error.status_code == 404 and _wants_page(request):
        await resolve_viewer(request)
        return error_page(
            request, NotFound("There is no page at this address. It may have moved or expired.")
        )
    return await problems.http_exception(request, error)


def install(app: FastAPI) -> None:
    for router in PAGE_ROUTERS:
        app.include_router(gate(router))
    app.add_exception_handler(HTTPException, _not_found)


__all__ = ["install", "warm_figures"]
