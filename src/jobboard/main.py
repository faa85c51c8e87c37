"""The application: middleware, routers and error handlers, assembled by ``create_app()``."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jobboard import __version__, apidocs, hardening, kept, problems, wiring
from jobboard.alerts.router import router as alerts_router
from jobboard.analysis.router import router as analysis_router
from jobboard.analysis.snapshot import get_snapshot
from jobboard.applications.router import router as applications_router
from jobboard.audit.router import router as audit_router
from jobboard.auth.dependencies import get_principal
from jobboard.auth.keys import KeyRing
from jobboard.auth.router import router as auth_router
from jobboard.auth.router import well_known
from jobboard.cache import Cache, cache_from_settings
from jobboard.categories.router import router as categories_router
from jobboard.clients.router import router as clients_router
from jobboard.companies.router import router as companies_router
from jobboard.config import Settings, get_settings
from jobboard.db import Database
from jobboard.errors import PayloadTooLarge
from jobboard.graphql import app as graphql
from jobboard.integrations.feeds.router import router as feeds_router
from jobboard.integrations.webhooks.router import router as webhooks_router
from jobboard.jobs.router import router as jobs_router
from jobboard.kit.dispatch import gate
from jobboard.kit.request_context import RequestContext, current_request
from jobboard.moderation.router import router as moderation_router
from jobboard.notifications.router import router as notifications_router
from jobboard.observability import MetricsMiddleware, configure_logging, metrics_endpoint
from jobboard.places.gazetteer import get_gazetteer
from jobboard.privacy.router import router as privacy_router
from jobboard.recommendations.router import router as recommendations_router
from jobboard.search.analyzer import get_analyzer
from jobboard.search.router import router as search_router
from jobboard.seekers.router import router as seekers_router
from jobboard.taxonomy.router import router as taxonomy_router
from jobboard.taxonomy.service import loaded_version
from jobboard.web import app as web
from jobboard.worker.runner import embedded_runner

logger = logging.getLogger("jobboard")

MAX_BODY_BYTES = 16 * 1024 * 1024
READINESS_TIMEOUT_SECONDS = 0.8
API_PREFIX = "/api/v1"

DESCRIPTION = """
Jobboard is an open-source job search and hiring platform for software-engineering roles.

* Errors are RFC 9457 `application/problem+json` with a stable `type` per error.
* Lists use opaque cursor pagination: pass `next_cursor` back as `cursor`; `limit` <= 100.
* Updates honour `If-Match` with the `ETag` you read (412 when stale).
* Creating POSTs accept `Idempotency-Key`.
* Money is integer minor units plus an ISO 4217 currency; times are UTC ISO 8601.
* Sign in with `POST /api/v1/auth/token` (OAuth 2.0: password, refresh_token and
  client_credentials grants) and send `Authorization: Bearer <access_token>`.
* Costly endpoints are rate-limited: 429 `/problems/rate-limited` with `Retry-After`.
"""


class RequestContextMiddleware:
    """Give every request an id (echoed as X-Request-ID) and refuse oversized bodies early."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        request_id = headers.get(b"x-request-id", b"").decode("latin-1")[:64] or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        client = scope.get("client")
        current_request.set(
            RequestContext(request_id=request_id, client_address=client[0] if client else None)
        )
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > MAX_BODY_BYTES:
            error = PayloadTooLarge(f"Send at most {MAX_BODY_BYTES // (1024 * 1024)} MiB.")
            response = problems.ProblemResponse(error.to_problem(), status_code=error.status)
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY_BYTES:
                    raise PayloadTooLarge(f"Send at most {MAX_BODY_BYTES // (1024 * 1024)} MiB.")
            return message

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append(
                    (b"x-request-id", request_id.encode("latin-1"))
                )
            await send(message)

        await self.app(scope, limited_receive, send_with_id)


_frozen = False
# Containers allocated between young-generation collections (CPython's default is 700).
_GC_YOUNG_THRESHOLD = 10_000


def _freeze_startup_objects() -> None:
    """Move what startup built (gazetteer, taxonomy, analyzer: a quarter of a million
    objects) out of the garbage collector's sight, once per process. They live as long as
    the process, yet every full collection walked them: 175 ms, about once in 30 search
    requests, which set the 99th percentile of the search benchmark.

    Collections also run less often: at the default threshold a search request (a few
    thousand rows and models) triggered several young collections, and every few dozen
    requests a full one over what was built after startup (the search vocabulary, 64,000
    objects: 25-50 ms). At 10,000 the benchmark's 450 requests saw none."""
    global _frozen
    if not _frozen:
        gc.collect()
        gc.freeze()
        _, middle, oldest = gc.get_threshold()
        gc.set_threshold(_GC_YOUNG_THRESHOLD, middle, oldest)
        _frozen = True


def create_app(
    settings: Settings | None = None,
    database: Database | None = None,
    cache: Cache | None = None,
) -> FastAPI:
    settings = settings or get_settings()
    registry = wiring.start(settings.worker_task_modules)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Configured here rather than in the CLI so every uvicorn worker process gets it.
        configure_logging(level=settings.log_level, json_lines=settings.log_json)
        owned = database is None
        app.state.database = database or Database.from_settings(settings, serving=True)
        # Build the gazetteer's indexes (about a second) before the first request needs them.
        await asyncio.to_thread(get_gazetteer)
        await asyncio.to_thread(get_snapshot)
        await asyncio.to_thread(get_analyzer)
        _freeze_startup_objects()
        # Embedded mode: queued tasks run in this process, from the queue in the SQLite file.
        runner = None
        if app.state.database.dialect == "sqlite" and settings.embedded_worker:
            runner = embedded_runner(app.state.database, settings, registry)
            runner_task = asyncio.create_task(runner.run(), name="embedded task runner")
        warming = None
        if settings.warm_figures_on_start:
            warming = asyncio.create_task(
                web.warm_figures(app.state.database, app.state.cache), name="warm figures"
            )
        try:
            yield
        finally:
            if warming is not None:
                warming.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await warming
            if runner is not None:
                runner.stop()
                await runner_task
            # Figures being computed again in the background finish before their database
            # closes.
            await kept.settle()
            if owned:
                await app.state.database.dispose()
            if cache is None:
                await app.state.cache.close()

    app = FastAPI(
        title="Jobboard",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/openapi.json",
        # Served offline by jobboard.apidocs instead of from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    if database is not None:
        app.state.database = database
    app.state.settings = settings
    app.state.cache = cache or cache_from_settings(settings)
    app.state.keyring = KeyRing(settings)
    problems.install(app)
    app.add_middleware(MetricsMiddleware)
    app.add_middleware(RequestContextMiddleware)
    hardening.install(app, settings)
    app.add_route("/metrics", metrics_endpoint, include_in_schema=False)

    # The probes first: orchestrators call them every few seconds, and each router they
    # would otherwise pass costs a little.
    @app.get("/healthz", tags=["operations"])
    async def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["operations"])
    async def readyz() -> Any:
        """The database answers and holds the taxonomy: ready for traffic."""
        db: Database = app.state.database
        try:
            # An answer within a second whatever the database does: a probe that hangs
            # is worse than one that says "not ready".
            async with asyncio.timeout(READINESS_TIMEOUT_SECONDS):
                async with db.sessionmaker() as session:
                    await session.execute(text("SELECT 1"))
                    version = await loaded_version(session)
        except Exception as error:
            logger.warning("readiness check failed: %s", repr(error)[:300])
            return JSONResponse(
                {"status": "unavailable", "database": "unreachable"},
                503,
                headers={"Retry-After": "5"},
            )
        if version is None:
            return JSONResponse({"status": "unavailable", "taxonomy": "not loaded"}, 503)
        return {"status": "ok", "database": db.dialect, "taxonomy": version}

    api = APIRouter(prefix=API_PREFIX)
    api.include_router(gate(auth_router, API_PREFIX))
    # A presented bearer token is verified even where it is optional: a revoked or forged token
    # is refused everywhere rather than silently treated as anonymous.
    verified = [Depends(get_principal)]
    api.include_router(gate(companies_router, API_PREFIX), dependencies=verified)
    # Before the jobs router, so /jobs/search is not taken for /jobs/{job_id}.
    api.include_router(gate(search_router, API_PREFIX), dependencies=verified)
    api.include_router(gate(jobs_router, API_PREFIX), dependencies=verified)
    api.include_router(gate(categories_router, API_PREFIX), dependencies=verified)
    api.include_router(gate(taxonomy_router, API_PREFIX), dependencies=verified)
    api.include_router(gate(clients_router, API_PREFIX), dependencies=verified)
    api.include_router(gate(privacy_router, API_PREFIX), dependencies=verified)
    api.include_router(gate(audit_router, API_PREFIX), dependencies=verified)
    api.include_router(gate(analysis_router, API_PREFIX), dependencies=verified)
    api.include_router(gate(recommendations_router, API_PREFIX), dependencies=verified)
    api.include_router(gate(feeds_router, API_PREFIX), dependencies=verified)
    api.include_router(gate(webhooks_router, API_PREFIX), dependencies=verified)
    api.include_router(gate(seekers_router, API_PREFIX), dependencies=verified)
    api.include_router(gate(alerts_router, API_PREFIX), dependencies=verified)
    api.include_router(gate(applications_router, API_PREFIX), dependencies=verified)
    api.include_router(gate(notifications_router, API_PREFIX), dependencies=verified)
    api.include_router(gate(moderation_router, API_PREFIX), dependencies=verified)
    app.include_router(gate(api))
    graphql.install(app)
    web.install(app)
    app.include_router(well_known)
    apidocs.install(app)
    problems.install_openapi(app)

    return app
