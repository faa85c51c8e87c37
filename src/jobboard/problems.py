"""Exception handlers that turn every error into an RFC 9457 problem response."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException
from starlette.routing import Match

from jobboard.errors import (
    PROBLEM_BASE,
    Conflict,
    JobboardError,
    MalformedBody,
    PreconditionFailed,
    ServiceUnavailable,
    ValidationFailed,
)

logger = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
_STATUS_SLUGS = {
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    413: ("payload-too-large", "The request body is too large"),
    415: ("unsupported-media-type", "Unsupported content type"),
}
_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE


def problem(error: JobboardError, request: Request) -> ProblemResponse:
    return ProblemResponse(
        error.to_problem(instance=request.url.path), status_code=error.status, headers=error.headers
    )


def _field_path(location: tuple[Any, ...]) -> str:
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path


def validation_problem(errors: list[dict[str, Any]]) -> JobboardError:
    """Turn pydantic errors into one problem naming every offending field."""
    if any(error.get("type") == "json_invalid" for error in errors):
        return MalformedBody(
            "The body is not valid JSON: "
            + "; ".join(str(error.get("ctx", {}).get("error", "")) for error in errors),
        )
    fields = [
        {
            "field": _field_path(tuple(error.get("loc", ()))),
            "message": str(error.get("msg", "")).removeprefix("Value error, "),
            "code": error.get("type"),
        }
        for error in errors
    ]
    names = ", ".join(dict.fromkeys(str(field["field"]) for field in fields))
    return ValidationFailed(f"Check these fields: {names}.", errors=fields)


async def _jobboard_error(request: Request, error: Exception) -> ProblemResponse:
    assert isinstance(error, JobboardError)
    return problem(error, request)


async def _request_validation(request: Request, error: Exception) -> ProblemResponse:
    assert isinstance(error, RequestValidationError)
    return problem(validation_problem(list(error.errors())), request)


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at this path (Starlette names only the first route's)."""
    allowed = []
    for method in _METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.routes):
            allowed.append(method)
    return ", ".join(allowed)


async def http_exception(request: Request, error: Exception) -> ProblemResponse:
    assert isinstance(error, HTTPException)
    slug, title = _STATUS_SLUGS.get(error.status_code, ("http-error", "HTTP error"))
    headers = dict(error.headers or {})
    if error.status_code == 405:
        headers["Allow"] = _allowed_methods(request)
    body = {
        "type": PROBLEM_BASE + slug,
        "title": title,
        "status": error.status_code,
        "detail": str(error.detail),
        "instance": request.url.path,
    }
    return ProblemResponse(body, status_code=error.status_code, headers=headers)


async def _integrity_error(request: Request, error: Exception) -> ProblemResponse:
    logger.info("integrity error answered as 409: %s", error)
    return problem(
        Conflict("The change conflicts with existing data (a duplicate or a stale reference)."),
        request,
    )


async def _stale_data(request: Request, error: Exception) -> ProblemResponse:
    return problem(
        PreconditionFailed("Someone changed this object meanwhile; read it again and retry."),
        request,
    )


# What the database layer raises when it cannot answer now: a connection refused or timed
# out, a statement cancelled at its timeout, SQLite's write lock not granted in time, no free
# connection in the pool. The request did nothing (its transaction rolled back): retrying
# later is the answer.
DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (OperationalError, PoolTimeout)
# Seconds a client should wait: a busy database frees up quickly, an unreachable one not.
_BUSY_RETRY_AFTER = 1
_DOWN_RETRY_AFTER = 5


def unavailable(error: Exception) -> ServiceUnavailable:
    """The 503 for an error of DATABASE_UNAVAILABLE."""
    text = str(error)
    if "locked" in text or "could not obtain lock" in text or isinstance(error, PoolTimeout):
        return ServiceUnavailable(
            "The database is busy; retry shortly.",
            headers={"Retry-After": str(_BUSY_RETRY_AFTER)},
        )
    logger.warning("database unavailable: %s", text.splitlines()[0] if text else error)
    return ServiceUnavailable(
        "The database cannot be reached; retry shortly.",
        headers={"Retry-After": str(_DOWN_RETRY_AFTER)},
    )


async def _database_unavailable(request: Request, error: Exception) -> ProblemResponse:
    return problem(unavailable(error), request)


def install(app: FastAPI) -> None:
    app.add_exception_handler(JobboardError, _jobboard_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(HTTPException, http_exception)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(StaleDataError, _stale_data)
    for kind in DATABASE_UNAVAILABLE:
        app.add_exception_handler(kind, _database_unavailable)
