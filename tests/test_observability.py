"""Request ids, metrics per route template, and JSON log lines."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from jobboard.cache import MemoryCache
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.kit.request_context import RequestContext, current_request
from jobboard.main import create_app
from jobboard.observability import JsonFormatter


async def test_request_id_is_echoed_or_assigned(client: httpx.AsyncClient) -> None:
    """A caller's X-Request-ID comes back; without one the service makes one up."""
    given = await client.get("/healthz", headers={"X-Request-ID": "trace-123"})
    assert given.headers["x-request-id"] == "trace-123"
    made = await client.get("/healthz")
    assert len(made.headers["x-request-id"]) == 32


async def test_metrics_count_requests_by_route_template(client: httpx.AsyncClient) -> None:
    """Two reads of different jobs land in one series labelled with the route template."""

    def count(text: str) -> float:
        for line in text.splitlines():
            if (
                line.startswith("jobboard_http_requests_total{")
                and 'route="/api/v1/jobs/{job_id}"' in line
                and 'status="404"' in line
            ):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    before = count((await client.get("/metrics")).text)
    await client.get("/api/v1/jobs/987654")
    await client.get("/api/v1/jobs/987655")
    response = await client.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain")
    assert count(response.text) == before + 2
    assert "jobboard_http_request_duration_seconds_bucket" in response.text


async def test_each_request_is_logged_once_with_its_id(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    """The access log line carries route, status, duration and the request id."""
    with caplog.at_level(logging.INFO, logger="jobboard.access"):
        await client.get("/api/v1/categories/no-such", headers={"X-Request-ID": "abc"})
    lines = [record for record in caplog.records if record.name == "jobboard.access"]
    assert len(lines) == 1
    record = lines[0]
    assert record.__dict__["status"] == 404
    assert record.__dict__["route"] == "/api/v1/categories/{slug}"
    assert record.__dict__["duration_ms"] >= 0
    assert json.loads(JsonFormatter().format(record))["request_id"] == "abc"


def test_json_formatter_writes_one_object_per_record() -> None:
    """Extras become fields; exceptions are included as text."""
    token = current_request.set(RequestContext(request_id="req-9"))
    try:
        try:
            raise ValueError("boom")
        except ValueError:
            record = logging.LogRecord(
                "jobboard.test", logging.ERROR, __file__, 1, "failed %s", ("x",), None
            )
            record.exc_info = __import__("sys").exc_info()
        record.job_id = 42
        line = json.loads(JsonFormatter().format(record))
    finally:
        current_request.reset(token)
    assert line["message"] == "failed x"
    assert line["level"] == "error"
    assert line["request_id"] == "req-9"
    assert line["job_id"] == 42
    assert "ValueError: boom" in line["exception"]


async def test_metrics_can_require_a_token(database: Database) -> None:
    """With JOBBOARD_METRICS_TOKEN set, scrapes without the token are refused."""
    settings = get_settings().model_copy(update={"metrics_token": "scrape-secret"})
    app = create_app(settings, database, MemoryCache())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        assert (await client.get("/metrics")).status_code == 401
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        right = await client.get("/metrics", headers={"Authorization": "Bearer scrape-secret"})
        assert right.status_code == 200
        assert "jobboard_http_requests_total" in right.text
