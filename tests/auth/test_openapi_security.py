"""The OpenAPI document declares how to authenticate (OAuth 2.0 password and client credentials
flows, a JWT bearer scheme) and, from each route's dependencies, whether an operation needs a
token, takes one, or ignores it; Swagger UI's Authorize button signs in against a real server.
"""

from __future__ import annotations

import base64
from typing import Annotated, Any
from urllib.parse import parse_qs

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI
from playwright.async_api import Browser, Request

from conftest import PASSWORD, Account, AccountFactory
from jobboard.auth import openapi as openapi_security
from jobboard.auth.dependencies import CurrentPrincipal, SignedIn, SignedInPerson, require_user
from jobboard.auth.openapi import BEARER, OAUTH2, SIGNED_IN, TOKEN_IGNORED, TOKEN_OPTIONAL
from jobboard.auth.principal import Principal
from jobboard.auth.scopes import CLIENT_SCOPES, SCOPES
from jobboard.cache import MemoryCache
from jobboard.config import get_settings
from jobboard.main import create_app
from support_browser import LiveSite, watch

TOKEN_PATH = "/api/v1/auth/token"
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    schema: dict[str, Any] = create_app(get_settings(), cache=MemoryCache()).openapi()
    return schema


async def _a_person(principal: SignedInPerson) -> Principal:
    return principal


ThroughAnother = Annotated[Principal, Depends(_a_person)]


def _operations(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        f"{method.upper()} {path}": operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }


def test_the_document_declares_oauth2_and_a_bearer_jwt(document: dict[str, Any]) -> None:
    """OAuth 2.0 with the password flow (token and refresh at the token endpoint, every scope
    described) and the client credentials flow (the scopes a client may hold), and HTTP bearer
    for a JWT already in hand."""
    schemes = document["components"]["securitySchemes"]
    assert set(schemes) == {OAUTH2, BEARER}
    flows = schemes[OAUTH2]["flows"]
    assert schemes[OAUTH2]["type"] == "oauth2"
    assert flows["password"] == {"tokenUrl": TOKEN_PATH, "refreshUrl": TOKEN_PATH, "scopes": SCOPES}
    assert flows["clientCredentials"]["tokenUrl"] == TOKEN_PATH
    assert flows["clientCredentials"]["scopes"] == {name: SCOPES[name] for name in CLIENT_SCOPES}
    assert set(flows) == {"password", "clientCredentials"}
    assert schemes[BEARER] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": f"An access token from `POST {TOKEN_PATH}`.",
    }
    assert "post" in document["paths"][TOKEN_PATH]


def test_every_operation_states_requirements_the_document_defines(
    document: dict[str, Any],
) -> None:
    """Each operation has a `security` list whose requirements name only declared schemes,
    with OAuth scopes the flows declare and none for HTTP bearer, each alternative once."""
    schemes = document["components"]["securitySchemes"]
    oauth_scopes = {scope for flow in schemes[OAUTH2]["flows"].values() for scope in flow["scopes"]}
    operations = _operations(document)
    assert len(operations) > 50
    for key, operation in operations.items():
        security = operation.get("security")
        assert isinstance(security, list), key
        assert len({tuple(sorted(r)) for r in security}) == len(security), key
        for requirement in security:
            assert set(requirement) <= set(schemes), key
            for name, scopes in requirement.items():
                allowed = oauth_scopes if schemes[name]["type"] == "oauth2" else set()
                assert set(scopes) <= allowed, key


def test_the_token_endpoint_and_public_reads_serve_anonymous_callers(
    document: dict[str, Any],
) -> None:
    """Signing in needs no token; public reads take one when sent, and need none."""
    operations = _operations(document)
    assert operations[f"POST {TOKEN_PATH}"]["security"] == TOKEN_IGNORED
    assert operations["POST /api/v1/auth/register"]["security"] == TOKEN_OPTIONAL
    for key in (
        "GET /api/v1/jobs/search",
        "GET /api/v1/jobs/{job_id}",
        "GET /api/v1/categories",
        "GET /api/v1/companies/{slug}",
    ):
        assert {} in operations[key]["security"], key
        assert {OAUTH2: []} in operations[key]["security"], key


def test_the_account_endpoints_require_a_token(document: dict[str, Any]) -> None:
    """/me and the other signed-in-only operations list the schemes and no anonymous option."""
    operations = _operations(document)
    for key in (
        "GET /api/v1/me",
        "GET /api/v1/me/export",
        "DELETE /api/v1/me",
        "POST /api/v1/analyze",
    ):
        assert operations[key]["security"] == SIGNED_IN, key


def test_security_follows_the_dependencies_a_route_runs() -> None:
    """The same path gets the requirement its dependencies imply, wherever they are declared:
    a parameter, a nested dependency or the router's own dependencies."""

    app = FastAPI()
    router = APIRouter(dependencies=[Depends(require_user)])

    @app.get("/optional")
    async def optional(principal: CurrentPrincipal) -> None: ...

    @app.get("/required")
    async def required(principal: SignedIn) -> None: ...

    @app.get("/nested")
    async def nested(person: ThroughAnother) -> None: ...

    @app.get("/ignored")
    async def ignored() -> None: ...

    @router.get("/by-router")
    async def by_router() -> None: ...

    app.include_router(router)
    openapi_security.install(app)
    paths = app.openapi()["paths"]
    assert paths["/optional"]["get"]["security"] == TOKEN_OPTIONAL
    assert paths["/required"]["get"]["security"] == SIGNED_IN
    assert paths["/nested"]["get"]["security"] == SIGNED_IN
    assert paths["/ignored"]["get"]["security"] == TOKEN_IGNORED
    assert paths["/by-router"]["get"]["security"] == SIGNED_IN

    @app.get("/added-later")
    async def added_later(principal: SignedIn) -> None: ...

    assert app.openapi()["paths"]["/added-later"]["get"]["security"] == SIGNED_IN


def _basic(client_id: str, secret: str) -> str:
    """Swagger UI's `Authorization: Basic btoa(client_id + ":" + client_secret)`."""
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


async def test_the_token_endpoint_accepts_what_swagger_ui_sends(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """Swagger UI's password flow posts the form with an empty client in HTTP Basic (its
    default) or a client_id in the body, with the chosen scopes or an empty scope; each gets a
    token that works."""
    seeker = await accounts()
    form = {"grant_type": "password", "username": seeker.email, "password": PASSWORD}
    attempts = [
        ({"Authorization": _basic("", "")}, form),
        ({"Authorization": _basic("", "")}, {**form, "scope": ""}),
        ({}, {**form, "client_id": "swagger-ui", "scope": "jobs:read"}),
    ]
    for headers, body in attempts:
        response = await client.post(TOKEN_PATH, data=body, headers=headers)
        assert response.status_code == 200, (body, response.text)
        token = response.json()
        assert token["scope"] == (body.get("scope") or "jobs:read profile")
        me = await client.get(
            "/api/v1/me", headers={"Authorization": f"Bearer {token['access_token']}"}
        )
        assert me.status_code == 200


async def test_the_client_credentials_flow_works_as_swagger_ui_sends_it(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """Swagger UI's client credentials flow: the client in HTTP Basic, the scopes (maybe none)
    in the form."""
    created = await client.post(
        f"/api/v1/companies/{company['slug']}/clients",
        json={"name": "Swagger", "scopes": ["jobs:read", "jobs:write"]},
        headers=employer.headers,
    )
    assert created.status_code == 201, created.text
    credentials = created.json()
    basic = _basic(credentials["client_id"], credentials["client_secret"])
    for scope, granted in (("", "jobs:read jobs:write"), ("jobs:read", "jobs:read")):
        response = await client.post(
            TOKEN_PATH,
            data={"grant_type": "client_credentials", "scope": scope},
            headers={"Authorization": basic},
        )
        assert response.status_code == 200, response.text
        assert response.json()["scope"] == granted


async def test_swagger_ui_authorize_signs_in_with_a_password(
    browser: Browser, live_site: LiveSite
) -> None:
    """In /docs, Authorize with the password flow gets a token from the running server, and
    "Try it out" on GET /api/v1/me then answers 200 with the signed-in account."""
    email = "swagger-user@example.com"
    async with httpx.AsyncClient(base_url=live_site.url) as http:
        registered = await http.post(
            "/api/v1/auth/register",
            json={"email": email, "password": PASSWORD, "display_name": "Swag", "role": "seeker"},
        )
        assert registered.status_code == 201, registered.text
    page = await browser.new_page()
    watched = watch(page)
    token_requests: list[Request] = []
    page.on("request", lambda r: token_requests.append(r) if r.url.endswith(TOKEN_PATH) else None)
    try:
        await page.goto(f"{live_site.url}/docs")
        await page.locator("button.authorize").click()
        flow = page.locator(".auth-container", has_text="(OAuth2, password)")
        await flow.locator("#oauth_username").fill(email)
        await flow.locator("#oauth_password").fill(PASSWORD)
        await flow.get_by_role("button", name="Apply given OAuth2 credentials").click()
        await flow.get_by_role("button", name="Remove authorization").wait_for()
        [sent] = token_requests
        assert parse_qs(sent.post_data or "") == {
            "grant_type": ["password"],
            "username": [email],
            "password": [PASSWORD],
        }
        assert (await sent.response() or pytest.fail("no answer")).status == 200
        await page.locator(".modal-ux .btn-done").first.click()

        operation = page.locator("#operations-auth-me_api_v1_me_get")
        await operation.locator(".opblock-summary").click()
        await operation.get_by_role("button", name="Try it out").click()
        await operation.get_by_role("button", name="Execute").click()
        status = operation.locator(".live-responses-table .response-col_status:not(.col_header)")
        await status.wait_for()
        assert (await status.inner_text()).strip() == "200"
        assert email in await operation.locator(".live-responses-table").inner_text()
        assert watched.hosts() == {"127.0.0.1"}
    finally:
        await page.close()
