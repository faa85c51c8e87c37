"""Security headers on every response, HSTS behind TLS, CORS only for configured origins."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from jobboard.cache import MemoryCache
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.main import create_app


@pytest.fixture
async def https_client(database: Database) -> AsyncIterator[httpx.AsyncClient]:
    settings = get_settings().model_copy(
        update={
            "public_url": "https://jobs.example.com",
            "cors_origins": ["https://app.example.com"],
        }
    )
    app = create_app(settings, database, MemoryCache())
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield client


@pytest.mark.parametrize("path", ["/api/v1/jobs", "/api/v1/no-such-thing", "/healthz"])
async def test_every_response_carries_the_security_headers(
    client: httpx.AsyncClient, path: str
) -> None:
    """Answers (errors included) forbid framing, sniffing and referrers, with a strict CSP."""
    response = await client.get(path)
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert "strict-transport-security" not in headers


async def test_an_oversized_body_is_refused_with_the_headers(client: httpx.AsyncClient) -> None:
    """The 413 for a body over the limit carries the security headers too."""
    response = await client.post(
        "/api/v1/jobs", content=b"{}", headers={"content-length": str(17 * 1024 * 1024)}
    )
    assert response.status_code == 413
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_the_docs_get_a_csp_that_lets_them_load(client: httpx.AsyncClient) -> None:
    """/docs may run its own script files (no inline ones, no other origin) and still may not
    be framed; the details are in tests/test_apidocs.py."""
    response = await client.get("/docs")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp
    assert "frame-ancestors 'none'" in csp


async def test_hsts_is_sent_when_the_public_url_is_https(https_client: httpx.AsyncClient) -> None:
    """Behind TLS (an https public URL) responses ask browsers to keep to HTTPS."""
    response = await https_client.get("/healthz")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")


async def test_cors_allows_only_the_configured_origins(https_client: httpx.AsyncClient) -> None:
    """A configured origin gets CORS headers (preflight included); any other gets none."""
    allowed = await https_client.get("/api/v1/jobs", headers={"Origin": "https://app.example.com"})
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.com"
    assert "ratelimit-remaining" in allowed.headers["access-control-expose-headers"].lower()
    preflight = await https_client.options(
        "/api/v1/jobs",
        headers={
            "Origin": "https://app.example.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, idempotency-key",
        },
    )
    assert preflight.status_code == 200
    assert "idempotency-key" in preflight.headers["access-control-allow-headers"].lower()
    other = await https_client.get("/api/v1/jobs", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


async def test_without_configured_origins_there_is_no_cors(client: httpx.AsyncClient) -> None:
    """By default no origin is allowed to read answers from a browser."""
    response = await client.get("/api/v1/jobs", headers={"Origin": "https://app.example.com"})
    assert "access-control-allow-origin" not in response.headers
