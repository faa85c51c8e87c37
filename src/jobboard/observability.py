"""Structured logs with request ids, and Prometheus metrics for every request.

Run one worker process per container when scraping `/metrics`: each process keeps its own
counters (scale out with replicas, not with `--workers`).
"""

from __future__ import annotations

import hmac
import json
import logging
import time
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jobboard.kit.request_context import current_request

access_logger = logging.getLogger("jobboard.access")

REQUESTS = Counter(
    "jobboard_http_requests_total",
    "HTTP requests answered, by route template, method and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "jobboard_http_request_duration_seconds",
    "Time from the request's arrival to its last response byte, by route template.",
    ["method", "route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)


KEPT_READS = Counter(
    "jobboard_kept_reads_total",
    "Reads of kept values (search result pages, facet counts, page figures) by kind and "
    "outcome: fresh (served from the cache), outdated (served while computed again in the "
    "background) or computed (in the request). The hit rate is 1 - computed / all.",
    ["kind", "outcome"],
)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras."""

    _RESERVED = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None)))

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": current_request.get().request_id,
        }
        entry.update(
            (key, value) for key, value in vars(record).items() if key not in self._RESERVED
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(*, level: str, json_lines: bool) -> None:
    handler = logging.StreamHandler()
    if json_lines:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def route_template(scope: Scope) -> str:
    """The matched route's full path template, e.g. /api/v1/jobs/{job_id}.

    Routes of included routers know only their own part of the path, so the prefix is
    recovered from the request path.
    """
    route = scope.get("route")
    local = getattr(route, "path_format", None)
    if not isinstance(local, str):
        return "unmatched"
    try:
        rendered = local.format(**{k: str(v) for k, v in scope.get("path_params", {}).items()})
    except (KeyError, IndexError, ValueError):
        return local
    path: str = scope["path"]
    return path[: len(path) - len(rendered)] + local if path.endswith(rendered) else local


class MetricsMiddleware:
    """Count and time every HTTP request under its route template, and log it once."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            template = route_template(scope)
            elapsed = time.perf_counter() - started
            REQUESTS.labels(scope["method"], template, str(status)).inc()
            LATENCY.labels(scope["method"], template).observe(elapsed)
            access_logger.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "route": template,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )


async def metrics_endpoint(request: Request) -> Response:
    token = request.app.state.settings.metrics_token
    if token and not hmac.compare_digest(
        request.headers.get("authorization", ""), f"Bearer {token}"
    ):
        return Response(status_code=401, headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
