"""Third-party clients against a real running server (uvicorn on a free port, its own database).

authlib's OAuth 2.0 client runs the password, refresh_token and client_credentials grants;
PyJWT's PyJWKClient verifies the issued tokens from the served JWKS before and after a key
rotation.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
import uvicorn
from authlib.integrations.httpx_client import AsyncOAuth2Client

from conftest import PASSWORD
from jobboard import migrate
from jobboard.auth import keys
from jobboard.config import Settings, get_settings
from jobboard.db import Database
from jobboard.main import create_app


@dataclass
class LiveServer:
    url: str
    settings: Settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
async def live_server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[LiveServer]:
    """Jobboard served by uvicorn in a background thread, on a SQLite file of its own."""
    directory: Path = tmp_path_factory.mktemp("live")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    settings = get_settings().model_copy(
        update={
            "data_dir": directory,
            "database_url": f"sqlite+aiosqlite:///{directory / 'live.db'}",
            "public_url": url,
            # Reload keys on every use, so a rotation shows at once.
            "signing_keys_refresh_seconds": 0,
        }
    )
    await asyncio.to_thread(migrate.upgrade, settings.resolved_database_url)
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(500):
        if server.started:
            break
        await asyncio.sleep(0.02)
    assert server.started, "the server did not start"
    yield LiveServer(url=url, settings=settings)
    server.should_exit = True
    await asyncio.to_thread(thread.join, 10)


async def _register(server: LiveServer, role: str) -> str:
    email = f"live-{role}-{_free_port()}@example.com"
    async with httpx.AsyncClient(base_url=server.url) as client:
        response = await client.post(
            "/api/v1/auth/register",
            json={"email": email, "password": PASSWORD, "display_name": role, "role": role},
        )
    assert response.status_code == 201, response.text
    return email


def _verify(server: LiveServer, token: str) -> dict[str, Any]:
    """Verify as an outside party would: keys from the served JWKS, pinned EdDSA."""
    jwks_client = jwt.PyJWKClient(f"{server.url}/.well-known/jwks.json", cache_keys=True)
    signing_key = jwks_client.get_signing_key_from_jwt(token)
    claims: dict[str, Any] = jwt.decode(
        token,
        signing_key,
        algorithms=["EdDSA"],
        audience=server.settings.jwt_audience,
        issuer=server.settings.token_issuer,
    )
    return claims


async def test_authlib_runs_the_password_and_refresh_grants(live_server: LiveServer) -> None:
    """authlib signs in with a password, calls the API with the token, and refreshes it."""
    email = await _register(live_server, "seeker")
    token_url = f"{live_server.url}/api/v1/auth/token"
    async with AsyncOAuth2Client(
        client_id="jobboard-docs", token_endpoint_auth_method="none", base_url=live_server.url
    ) as oauth:
        token = await oauth.fetch_token(token_url, username=email, password=PASSWORD)
        assert token["token_type"] == "Bearer"
        assert set(token["scope"].split()) == {"jobs:read", "profile"}
        me = await oauth.get("/api/v1/me")
        assert me.status_code == 200
        assert me.json()["email"] == email
        refreshed = await oauth.refresh_token(token_url, refresh_token=token["refresh_token"])
        assert refreshed["access_token"] != token["access_token"]
        assert refreshed["refresh_token"] != token["refresh_token"]
        assert (await oauth.get("/api/v1/me")).status_code == 200
    claims = await asyncio.to_thread(_verify, live_server, refreshed["access_token"])
    assert claims["sub"] == f"user:{me.json()['id']}"


async def test_authlib_runs_the_client_credentials_grant(live_server: LiveServer) -> None:
    """An integrator's client, created by a company owner, gets a token with authlib (HTTP
    Basic client authentication) and posts a job for its company."""
    email = await _register(live_server, "employer")
    async with AsyncOAuth2Client(
        client_id="jobboard-docs", token_endpoint_auth_method="none", base_url=live_server.url
    ) as owner:
        await owner.fetch_token(
            f"{live_server.url}/api/v1/auth/token", username=email, password=PASSWORD
        )
        company = (await owner.post("/api/v1/companies", json={"name": "Live Co"})).json()
        created = await owner.post(
            f"/api/v1/companies/{company['slug']}/clients",
            json={"name": "ATS", "scopes": ["jobs:read", "jobs:write"]},
        )
        assert created.status_code == 201, created.text
    credentials = created.json()
    async with AsyncOAuth2Client(
        client_id=credentials["client_id"],
        client_secret=credentials["client_secret"],
        scope="jobs:write",
        base_url=live_server.url,
    ) as integration:
        token = await integration.fetch_token(
            f"{live_server.url}/api/v1/auth/token", grant_type="client_credentials"
        )
        assert token["scope"] == "jobs:write"
        posted = await integration.post(
            "/api/v1/jobs",
            json={
                "company": company["slug"],
                "title": "Backend Engineer",
                "description": "Build the APIs.",
                "workplace": "remote",
            },
        )
        assert posted.status_code == 201, posted.text
    claims = await asyncio.to_thread(_verify, live_server, token["access_token"])
    assert claims["client_id"] == credentials["client_id"]


async def test_pyjwkclient_verifies_tokens_across_a_key_rotation(live_server: LiveServer) -> None:
    """Tokens verify from the JWKS before a rotation; after it, new tokens carry the new kid,
    the JWKS serves both keys, and the old token still verifies."""
    email = await _register(live_server, "seeker")
    token_url = f"{live_server.url}/api/v1/auth/token"
    form = {"grant_type": "password", "username": email, "password": PASSWORD}
    async with httpx.AsyncClient() as client:
        before = (await client.post(token_url, data=form)).json()["access_token"]
        await asyncio.to_thread(_verify, live_server, before)
        database = Database.from_settings(live_server.settings)
        try:
            async with database.unit_of_work() as session:
                rotated = await keys.rotate(
                    session, settings=live_server.settings, immediately=True
                )
        finally:
            await database.dispose()
        after = (await client.post(token_url, data=form)).json()["access_token"]
        published = (await client.get(f"{live_server.url}/.well-known/jwks.json")).json()
    old_kid = jwt.get_unverified_header(before)["kid"]
    assert jwt.get_unverified_header(after)["kid"] == rotated.kid != old_kid
    assert [key["kid"] for key in published["keys"]] == [rotated.kid, old_kid]
    assert (await asyncio.to_thread(_verify, live_server, after))["sub"].startswith("user:")
    assert (await asyncio.to_thread(_verify, live_server, before))["sub"].startswith("user:")
