"""GraphQL errors that say what REST problems say: ``extensions.code`` is the problem type's
slug (``not-found``, ``already-applied``, ``precondition-failed``), ``extensions.fields``
names each bad input field, and anything unexpected is logged and masked."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from graphql import GraphQLError
from jobboard.errors import Conflict, InvalidCursor, JobboardError, PreconditionFailed
from jobboard.kit.cursor import CursorError
from jobboard.kit.request_context import current_request
from jobboard.problems import validation_problem

logger = logging.getLogger(__name__)

# graphql-core's own checks (syntax, unknown fields, wrong argument types) have no original
# error: they are the caller's.
INVALID_DOCUMENT = "graphql-validation-failed"
INTERNAL = "internal-error"


class GraphQLProblem(JobboardError):
    """A problem found before any resolver runs (cost, depth, a malformed operation)."""

    slug = INVALID_DOCUMENT
    title = "The GraphQL operation was refused"


def validation_failed(error: ValidationError, *, prefix: str) -> JobboardError:
    """Pydantic's verdict on an input, as the REST API words it, fields named from the
    argument (``input.salary.currency``)."""
    return validation_problem(
        [{**item, "loc": (prefix, *item["loc"])} for item in error.errors(include_url=False)]
    )


def as_problem(error: BaseException) -> JobboardError | None:
    """The problem a resolver's exception stands for; None for a bug."""
    if isinstance(error, JobboardError):
        return error
    if isinstance(error, CursorError):
        return InvalidCursor.from_error(error)
    if isinstance(error, StaleDataError):
        return PreconditionFailed("Someone changed this object meanwhile; read it again and retry.")
    if isinstance(error, IntegrityError):
        return Conflict(
            "The change conflicts with existing data (a duplicate or a stale reference)."
        )
    return None


def _to_graphql_names(path: str) -> str:
    """``body.min_years_experience`` -> ``input.minYearsExperience``."""
    head, _, rest = path.partition(".")
    if head in ("body", "query"):
        path = "input." + rest if rest else "input"
    parts = []
    for part in path.split("."):
        first, *others = part.split("_")
        parts.append(first + "".join(word[:1].upper() + word[1:] for word in others))
    return ".".join(parts)


def extensions_for(problem: JobboardError) -> dict[str, Any]:
    body = problem.to_problem()
    extensions: dict[str, Any] = {"code": problem.slug, "status": problem.status}
    errors = body.get("errors")
    if isinstance(errors, list):
        extensions["fields"] = [
            {**item, "field": _to_graphql_names(str(item.get("field", "")))} for item in errors
        ]
    for name, value in body.items():
        if name not in ("type", "title", "status", "detail", "errors", "instance"):
            extensions[name] = value
    return extensions


def describe(error: GraphQLError) -> None:
    """Fill in the error's message and extensions from the problem behind it."""
    original = error.original_error
    context = current_request.get(None)
    request_id = context.request_id if context else None
    if original is None:
        error.extensions = {"code": INVALID_DOCUMENT, "status": 400, **(error.extensions or {})}
    else:
        problem = as_problem(original)
        if problem is None and isinstance(original, ValidationError):
            problem = validation_failed(original, prefix="input")
        if problem is None:
            logger.error(
                "GraphQL resolver failed at %s", error.path, exc_info=original, stack_info=False
            )
            error.message = "Something went wrong on our side; the request id says where."
            error.extensions = {"code": INTERNAL, "status": 500}
        else:
            error.message = problem.detail
            error.extensions = extensions_for(problem)
    if request_id:
        error.extensions["requestId"] = request_id
