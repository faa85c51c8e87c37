"""One error hierarchy for everything a caller can cause, rendered as RFC 9457 problems.

Each error carries its HTTP status and a stable problem ``type`` (``/problems/<slug>``) so
clients can branch on it; the ``title`` is fixed per type and the ``detail`` says what to do.
"""

from __future__ import annotations

from typing import Any, ClassVar

from jobboard.kit.cursor import CursorError

PROBLEM_BASE = "/problems/"


class JobboardError(Exception):
    status: ClassVar[int] = 400
    slug: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"

    def __init__(
        self,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}
        self.extensions = extensions

    @property
    def type(self) -> str:
        return PROBLEM_BASE + self.slug

    def to_problem(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": self.type,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        body.update(self.extensions)
        return body


class BadRequest(JobboardError):
    pass


class MalformedBody(JobboardError):
    slug = "malformed-body"
    title = "The request body could not be parsed"


class ValidationFailed(JobboardError):
    status = 422
    slug = "validation-error"
    title = "The request has invalid fields"


class InvalidCursor(JobboardError):
    slug = "invalid-cursor"
    title = "The pagination cursor is not valid"

    @classmethod
    def from_error(cls, error: CursorError) -> InvalidCursor:
        """The problem a rejected cursor (``jobboard.kit.cursor``) is answered with."""
        return cls(str(error))


class NotAuthenticated(JobboardError):
    status = 401
    slug = "not-authenticated"
    title = "Authentication required"


class InvalidToken(JobboardError):
    status = 401
    slug = "invalid-token"
    title = "The access token is not valid"


class Forbidden(JobboardError):
    status = 403
    slug = "forbidden"
    title = "Not allowed"


class NotFound(JobboardError):
    status = 404
    slug = "not-found"
    title = "Not found"


class Conflict(JobboardError):
    status = 409
    slug = "conflict"
    title = "Conflict with the current state"


class InvalidTransition(JobboardError):
    status = 409
    slug = "invalid-state-transition"
    title = "The object is not in a state that allows this"


class Gone(JobboardError):
    status = 410
    slug = "gone"
    title = "No longer available"


class PreconditionFailed(JobboardError):
    status = 412
    slug = "precondition-failed"
    title = "The object changed since you read it"


class PayloadTooLarge(JobboardError):
    status = 413
    slug = "payload-too-large"
    title = "The request body is too large"


class UnsupportedMediaType(JobboardError):
    status = 415
    slug = "unsupported-media-type"
    title = "Unsupported content type"


class IdempotencyKeyReused(JobboardError):
    status = 422
    slug = "idempotency-key-reused"
    title = "The Idempotency-Key was already used for a different request"


class ServiceUnavailable(JobboardError):
    status = 503
    slug = "service-unavailable"
    title = "Temporarily unavailable"
