"""The route class of every page: its transaction, who is looking, CSRF, and errors as pages.

A page request runs in one transaction like an API request (``routing.UnitOfWorkRoute``).
Around it, this route reads the viewer's session, refuses a state-changing request without
its CSRF token, and turns what a visitor can cause (a ``JobboardError``, bad query values, a
page that needs a signed-in person) into an HTML answer instead of problem+json.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse

from jobboard import problems
from jobboard.config import Settings
from jobboard.errors import JobboardError, NotFound, ValidationFailed
from jobboard.routing import UnitOfWorkRoute
from jobboard.web import csrf
from jobboard.web.rendering import page
from jobboard.web.session import SignInRequired, Viewer, apply_cookies, resolve_viewer, sign_in_url

logger = logging.getLogger(__name__)

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_exempt(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a page endpoint whose POST is authorised by a signed link instead (one-click
    unsubscribe: mail providers post it without any page of ours in between)."""
    endpoint.csrf_exempt = True  # type: ignore[attr-defined]
    return endpoint


async def _check_csrf(request: Request, viewer: Viewer, settings: Settings) -> None:
    submitted = request.headers.get(csrf.HEADER)
    if submitted is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(csrf.FIELD)
            submitted = value if isinstance(value, str) else None
    csrf.verify(
        request, binding=viewer.csrf_binding, submitted=submitted, secret=settings.secret_key
    )


def error_page(request: Request, error: JobboardError) -> Response:
    titles = {
        404: "Page not found",
        403: "Not allowed",
        410: "Gone",
        429: "Too many requests",
        503: "Temporarily unavailable",
    }
    return page(
        request,
        "error.html",
        status=error.status,
        headers=error.headers,
        title=titles.get(error.status, error.title),
        message=error.detail,
    )


# Addresses of the page family that answer data, not a page: their errors are problems.
_DATA_SUFFIXES = (".json", ".jsonld")


def _invalid_address(request: Request, invalid: RequestValidationError) -> JobboardError:
    """A value in the path that cannot name anything (an id past 64 bits) is an address
    with no page; a bad query or form value is the visitor's to fix."""
    if all(error.get("loc", ("",))[0] == "path" for error in invalid.errors()):
        return NotFound("There is no page at this address. It may have moved or expired.")
    fields = ", ".join(str(error.get("loc", ("",))[-1]) for error in invalid.errors()[:5])
    return ValidationFailed(f"This address has values the page cannot use: {fields}.")


def _error_answer(request: Request, error: JobboardError) -> Response:
    if request.url.path.endswith(_DATA_SUFFIXES):
        return problems.problem(error, request)
    return error_page(request, error)


class PageRoute(UnitOfWorkRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        exempt = bool(getattr(self.endpoint, "csrf_exempt", False))

        async def serve_page(request: Request) -> Response:
            settings: Settings = request.app.state.settings
            try:
                viewer = await resolve_viewer(request)
            except problems.DATABASE_UNAVAILABLE as error:
                return _error_answer(request, problems.unavailable(error))
            try:
                if request.method not in _SAFE_METHODS and not exempt:
                    await _check_csrf(request, viewer, settings)
                response = await handler(request)
            except SignInRequired as required:
                response = RedirectResponse(sign_in_url(required.next_url), status_code=303)
            except RequestValidationError as invalid:
                response = _error_answer(request, _invalid_address(request, invalid))
            except JobboardError as error:
                response = _error_answer(request, error)
            finally:
                # A form read here or by the page (an upload) holds temporary files.
                await request.close()
            apply_cookies(response, viewer, settings)
            return response

        return serve_page
