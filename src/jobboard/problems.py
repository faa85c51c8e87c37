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
    InvalidCursor,
    JobboardError,
    MalformedBody,
    PreconditionFailed,
    ServiceUnavailable,
    ValidationFailed,
)
from jobboard.kit.cursor import CursorError

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


async def _cursor_error(request: Request, error: Exception) -> ProblemResponse:
    assert isinstance(error, CursorError)
    return problem(InvalidCursor.from_error(error), request)


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


def _body_error(error: HTTPException) -> JobboardError | None:
    """What FastAPI's "There was an error parsing the body" (a 400) was: a body past the
    size limit (the limit raised while FastAPI read it), or one that is not JSON at all
    (invalid UTF-8, nested too deep to parse)."""
    cause = error.__cause__
    if error.status_code != 400 or cause is None:
        return None
    if isinstance(cause, JobboardError):
        return cause
    if isinstance(cause, UnicodeDecodeError):
        return MalformedBody("The body is not valid UTF-8; send JSON encoded as UTF-8.")
    if isinstance(cause, RecursionError):
        return MalformedBody("The body's JSON is nested too deep to read.")
    return MalformedBody(f"The body could not be read: {cause.__class__.__name__}.")


async def http_exception(request: Request, error: Exception) -> ProblemResponse:
    assert isinstance(error, HTTPException)
    body_error = _body_error(error)
    if body_error is not None:
        return problem(body_error, request)
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
    app.add_exception_handler(CursorError, _cursor_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(HTTPException, http_exception)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(StaleDataError, _stale_data)
    for kind in DATABASE_UNAVAILABLE:
        app.add_exception_handler(kind, _database_unavailable)


# --- The OpenAPI document: every operation's error answers -------------------------------

PROBLEM_SCHEMA = "Problem"
VALIDATION_PROBLEM_SCHEMA = "ValidationProblem"
OAUTH_ERROR_SCHEMA = "OAuthError"
# Endpoints that answer errors in RFC 6749's format (application/json), as OAuth clients
# expect; every other error is a problem.
OAUTH_PATHS = frozenset({"/api/v1/auth/token", "/api/v1/auth/revoke"})

_ERROR_DESCRIPTIONS = {
    400: "A malformed request: a body that is not JSON, a bad cursor or header.",
    401: "No token, or one that does not verify or has expired.",
    403: "Signed in, but not allowed (role or scope).",
    404: "No such object, or not visible to you.",
    409: "The change conflicts with the current state or existing data.",
    412: "`If-Match` names an older version.",
    413: "The body is larger than allowed.",
    415: "The body is not of a type this operation reads.",
    422: "Fields are missing, of the wrong type or out of range; `errors` names each.",
    429: "Too many requests of this kind; retry after `Retry-After` seconds.",
    503: "The database is busy or unreachable; retry after `Retry-After` seconds.",
}
_WRITES = frozenset({"post", "put", "patch", "delete"})


def _problem_schemas() -> dict[str, Any]:
    problem = {
        "title": PROBLEM_SCHEMA,
        "description": "An RFC 9457 problem: `type` is stable, branch on it.",
        "type": "object",
        "properties": {
            "type": {"type": "string", "description": "`/problems/<slug>`"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
        },
        "required": ["type", "title", "status", "detail"],
        "additionalProperties": True,
    }
    field_error = {
        "type": "object",
        "properties": {
            "field": {"type": "string", "description": "e.g. `body.salary.currency`"},
            "message": {"type": "string"},
            "code": {"type": ["string", "null"]},
        },
        "required": ["field", "message"],
    }
    validation = {
        "title": VALIDATION_PROBLEM_SCHEMA,
        "description": "A problem naming every offending field (422).",
        "allOf": [
            {"$ref": f"#/components/schemas/{PROBLEM_SCHEMA}"},
            {
                "type": "object",
                "properties": {"errors": {"type": "array", "items": field_error}},
            },
        ],
    }
    oauth = {
        "title": OAUTH_ERROR_SCHEMA,
        "description": "An RFC 6749 error answer.",
        "type": "object",
        "properties": {
            "error": {"type": "string"},
            "error_description": {"type": "string"},
        },
        "required": ["error"],
    }
    return {
        PROBLEM_SCHEMA: problem,
        VALIDATION_PROBLEM_SCHEMA: validation,
        OAUTH_ERROR_SCHEMA: oauth,
    }


def _error_statuses(method: str, operation: dict[str, Any]) -> list[int]:
    statuses = [400, 422, 429, 503]
    if operation.get("security"):
        statuses += [401, 403]
    parameters = operation.get("parameters", [])
    if any(parameter.get("in") == "path" for parameter in parameters):
        statuses.append(404)
    if "requestBody" in operation:
        statuses += [413, 415]
    if method in _WRITES:
        statuses += [404, 409, 412]
    return sorted(set(statuses))


def _content(path: str, status: int) -> dict[str, Any]:
    if path in OAUTH_PATHS and status in (400, 401):
        return {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{OAUTH_ERROR_SCHEMA}"}}
        }
    name = VALIDATION_PROBLEM_SCHEMA if status == 422 else PROBLEM_SCHEMA
    return {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def describe_problems(schema: dict[str, Any]) -> None:
    """State every operation's error answers in ``schema``: the statuses it can answer, each
    as ``application/problem+json`` with the shared Problem schema (422: ValidationProblem),
    in place of FastAPI's ``HTTPValidationError`` in ``application/json``."""
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(_problem_schemas())
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses: dict[str, Any] = operation.setdefault("responses", {})
            for status in _error_statuses(method, operation):
                responses.setdefault(str(status), {})
            for code, response in responses.items():
                if not code.isdigit() or int(code) < 400:
                    continue
                status = int(code)
                if response.get("description") in (None, "Validation Error"):
                    response["description"] = _ERROR_DESCRIPTIONS.get(status, "An error.")
                response["content"] = _content(path, status)
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)


def install_openapi(app: FastAPI) -> None:
    """Have ``app.openapi()`` (and so ``/openapi.json``) state every error answer."""
    generate = app.openapi
    described: dict[str, Any] | None = None

    def openapi() -> dict[str, Any]:
        nonlocal described
        schema = generate()
        if schema is not described:
            describe_problems(schema)
            described = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
