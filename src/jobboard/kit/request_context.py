"""Where the current request came from, for records written deep inside services."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RequestContext:
    request_id: str | None = None
    client_address: str | None = None


NO_REQUEST = RequestContext()
current_request: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "current_request", default=NO_REQUEST
)
