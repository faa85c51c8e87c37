"""Registration, the OAuth 2.0 token endpoint, access-token verification and the current user."""

from __future__ import annotations

import base64
import json
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest

from conftest import (
    PASSWORD,
    AccountFactory,
    assert_problem,
    current_signing_key,
    problem_fields,
    register,
    sign_in,
)
from jobboard.config import get_settings
from jobboard.db import Database


def _email(prefix: str = "user") -> str:
    return f"{prefix}-{secrets.token_hex(4)}@example.com"


def _registration(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "email": _email(),
        "password": PASSWORD,
        "display_name": "Ada",
        "role": "seeker",
    }
    body.update(overrides)
    return body


async def _token(client: httpx.AsyncClient, **form: str) -> httpx.Response:
    return await client.post("/api/v1/auth/token", data=form)


async def _access_token(client: httpx.AsyncClient, email: str) -> str:
    headers = await sign_in(client, email)
    return headers["Authorization"].removeprefix("Bearer ")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    return header, claims


async def _forge(database: Database, claims: dict[str, Any]) -> str:
    """Sign ``claims`` with the service's real key, as only the service could."""
    key = await current_signing_key(database)
    return jwt.encode(
        claims, key.private_key, algorithm="EdDSA", headers={"kid": key.kid, "typ": "at+jwt"}
    )


def _valid_claims(user_id: int) -> dict[str, Any]:
    settings = get_settings()
    now = datetime.now(UTC)
    return {
        "iss": settings.token_issuer,
        "aud": settings.jwt_audience,
        "sub": f"user:{user_id}",
        # Precise, like the service's own: the account was created within this second.
        "iat": now.timestamp(),
        "nbf": now,
        "exp": now + timedelta(minutes=10),
        "jti": secrets.token_urlsafe(16),
        "scope": "jobs:read profile",
        "role": "seeker",
    }


async def _assert_invalid_token(client: httpx.AsyncClient, token: str) -> dict[str, Any]:
    response = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    problem = assert_problem(response, 401, "/problems/invalid-token")
    assert response.headers["www-authenticate"].startswith("Bearer ")
    assert 'error="invalid_token"' in response.headers["www-authenticate"]
    return problem


# Registration


async def test_register_creates_an_account_without_exposing_the_password_hash(
    client: httpx.AsyncClient,
) -> None:
    """Registering answers 201 with the account (e-mail lower-cased) and never its password hash."""
    body = _registration(email=f"ADA-{secrets.token_hex(4)}@Example.COM", role="employer")
    response = await client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 201, response.text
    account = response.json()
    assert account["email"] == body["email"].lower()
    assert account["role"] == "employer"
    assert account["display_name"] == "Ada"
    assert isinstance(account["id"], int)
    assert not any("password" in name or "hash" in name for name in account)
    assert "$argon2" not in response.text
    assert PASSWORD not in response.text


async def test_register_refuses_a_taken_email_in_any_case(client: httpx.AsyncClient) -> None:
    """A second account for the same e-mail, whatever its case, is a 409 email-taken problem."""
    email = _email()
    first = await client.post("/api/v1/auth/register", json=_registration(email=email))
    assert first.status_code == 201
    again = await client.post("/api/v1/auth/register", json=_registration(email=email.upper()))
    assert_problem(again, 409, "/problems/email-taken")


@pytest.mark.parametrize("password", ["", "short", "x" * 11])
async def test_register_refuses_a_short_password(client: httpx.AsyncClient, password: str) -> None:
    """A password under 12 characters is a 422 naming body.password."""
    response = await client.post("/api/v1/auth/register", json=_registration(password=password))
    assert_problem(response, 422, "/problems/validation-error")
    assert problem_fields(response.json()) == ["body.password"]


async def test_register_refuses_a_password_containing_the_email(
    client: httpx.AsyncClient,
) -> None:
    """A password that contains the e-mail's local part is a 422 naming body.password."""
    local = f"margaret{secrets.token_hex(2)}"
    response = await client.post(
        "/api/v1/auth/register",
        json=_registration(email=f"{local}@example.com", password=f"I am {local.upper()} 2024!"),
    )
    assert_problem(response, 422, "/problems/validation-error")
    assert problem_fields(response.json()) == ["body.password"]
    signed_in = await _token(
        client,
        grant_type="password",
        username=f"{local}@example.com",
        password=f"I am {local.upper()} 2024!",
    )
    assert signed_in.json()["error"] == "invalid_grant"


async def test_register_refuses_unknown_fields(client: httpx.AsyncClient) -> None:
    """An unknown field is a 422 naming it, so typos are not silently dropped."""
    response = await client.post("/api/v1/auth/register", json=_registration(is_verified=True))
    assert response.status_code == 422
    assert problem_fields(response.json()) == ["body.is_verified"]


async def test_register_refuses_the_admin_role(client: httpx.AsyncClient) -> None:
    """Nobody can register as an administrator."""
    email = _email()
    response = await client.post(
        "/api/v1/auth/register", json=_registration(email=email, role="admin")
    )
    assert response.status_code == 422
    assert problem_fields(response.json()) == ["body.role"]
    signed_in = await _token(client, grant_type="password", username=email, password=PASSWORD)
    assert signed_in.json() == {
        "error": "invalid_grant",
        "error_description": "the e-mail address or password is wrong",
    }


# The token endpoint


async def test_password_grant_issues_a_bearer_token(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """The password grant answers a Bearer token, its lifetime and the role's scopes."""
    employer = await accounts("employer")
    response = await _token(
        client, grant_type="password", username=employer.email, password=PASSWORD
    )
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == get_settings().access_token_ttl_seconds
    assert body["scope"].split() == [
        "applications:read",
        "applications:write",
        "companies:write",
        "jobs:read",
        "jobs:write",
        "profile",
        "webhooks:manage",
    ]
    assert body["access_token"].count(".") == 2


async def test_password_grant_accepts_a_narrower_scope(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """Asking for fewer scopes than the role holds issues a token with just those."""
    employer = await accounts("employer")
    response = await _token(
        client,
        grant_type="password",
        username=employer.email,
        password=PASSWORD,
        scope="jobs:read",
    )
    assert response.status_code == 200
    assert response.json()["scope"] == "jobs:read"
    _, claims = _unverified(response.json()["access_token"])
    assert claims["scope"] == "jobs:read"


async def test_wrong_password_and_unknown_user_answer_alike(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """A wrong password and an unknown e-mail get the same invalid_grant answer."""
    seeker = await accounts()
    wrong_password = await _token(
        client, grant_type="password", username=seeker.email, password="not the password 1"
    )
    unknown_user = await _token(
        client, grant_type="password", username=_email("nobody"), password=PASSWORD
    )
    assert wrong_password.status_code == unknown_user.status_code == 400
    assert wrong_password.json()["error"] == "invalid_grant"
    assert wrong_password.content == unknown_user.content
    assert wrong_password.headers["cache-control"] == unknown_user.headers["cache-control"]


@pytest.mark.parametrize("grant_type", ["authorization_code", "implicit", "PASSWORD"])
async def test_unsupported_grant_type(client: httpx.AsyncClient, grant_type: str) -> None:
    """A grant the endpoint does not implement is unsupported_grant_type."""
    response = await _token(client, grant_type=grant_type, username="a@b.co", password=PASSWORD)
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"
    assert "access_token" not in response.json()


@pytest.mark.parametrize(
    "form",
    [
        {"grant_type": "password", "username": "someone@example.com"},
        {"grant_type": "password", "password": PASSWORD},
        {"grant_type": "password"},
        {"username": "someone@example.com", "password": PASSWORD},
        {"grant_type": "", "username": "someone@example.com", "password": PASSWORD},
        {},
    ],
    ids=["no-password", "no-username", "no-credentials", "no-grant-type", "empty-grant", "empty"],
)
async def test_missing_parameters_are_invalid_request(
    client: httpx.AsyncClient, form: dict[str, str]
) -> None:
    """A token request missing a required parameter is RFC 6749's invalid_request."""
    response = await _token(client, **form)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"] == "invalid_request"
    assert response.headers["cache-control"] == "no-store"


async def test_a_scope_the_role_lacks_is_invalid_scope(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """A seeker asking for jobs:write (or an unknown scope) gets invalid_scope."""
    seeker = await accounts()
    for scope in ("jobs:read jobs:write", "admin", "everything"):
        response = await _token(
            client, grant_type="password", username=seeker.email, password=PASSWORD, scope=scope
        )
        assert response.status_code == 400
        assert response.json()["error"] == "invalid_scope"
        assert "access_token" not in response.json()


# Verifying access tokens


async def test_access_token_verifies_against_the_published_jwks(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """The access token is an EdDSA JWT that verifies with the key at /.well-known/jwks.json."""
    seeker = await accounts()
    token = await _access_token(client, seeker.email)
    response = await client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    published = response.json()["keys"]
    assert len(published) == 1
    assert "d" not in published[0]
    key = jwt.PyJWK(published[0])
    assert key.algorithm_name == "EdDSA"
    assert jwt.get_unverified_header(token)["kid"] == key.key_id
    settings = get_settings()
    claims = jwt.decode(
        token,
        key,
        algorithms=["EdDSA"],
        audience=settings.jwt_audience,
        issuer=settings.token_issuer,
    )
    assert {"iss", "aud", "exp", "sub", "jti"} <= claims.keys()
    assert claims["sub"] == f"user:{seeker.id}"
    assert claims["exp"] > datetime.now(UTC).timestamp()
    other = await _access_token(client, seeker.email)
    assert _unverified(other)[1]["jti"] != claims["jti"]


async def test_a_tampered_token_is_refused(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """Changing a token's claims without re-signing it gives 401 invalid-token."""
    seeker = await accounts()
    token = await _access_token(client, seeker.email)
    header, _, signature = token.split(".")
    claims = _unverified(token)[1]
    claims.update(role="admin", scope="admin jobs:read jobs:write profile")
    forged_payload = _b64(json.dumps(claims).encode())
    await _assert_invalid_token(client, f"{header}.{forged_payload}.{signature}")


async def test_an_unsigned_alg_none_token_is_refused(
    client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """A token with `alg: none` and no signature gives 401 invalid-token."""
    seeker = await accounts()
    header = {"alg": "none", "typ": "at+jwt", "kid": (await current_signing_key(database)).kid}
    claims = _valid_claims(seeker.id)
    payload = {
        name: int(value.timestamp()) if isinstance(value, datetime) else value
        for name, value in claims.items()
    }
    token = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(payload).encode())}."
    await _assert_invalid_token(client, token)


async def test_an_expired_token_is_refused(
    client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """A correctly signed token whose exp has passed gives 401 invalid-token."""
    seeker = await accounts()
    claims = _valid_claims(seeker.id)
    accepted = await client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {await _forge(database, claims)}"}
    )
    assert accepted.status_code == 200, accepted.text
    now = datetime.now(UTC)
    claims.update(iat=now - timedelta(hours=2), nbf=now - timedelta(hours=2))
    claims["exp"] = now - timedelta(hours=1)
    problem = await _assert_invalid_token(client, await _forge(database, claims))
    assert "expired" in problem["detail"]


async def test_a_token_for_another_audience_is_refused(
    client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """A correctly signed token meant for another audience gives 401 invalid-token."""
    seeker = await accounts()
    claims = _valid_claims(seeker.id)
    claims["aud"] = "some-other-api"
    await _assert_invalid_token(client, await _forge(database, claims))


async def test_a_token_from_another_issuer_is_refused(
    client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """A correctly signed token naming another issuer gives 401 invalid-token."""
    seeker = await accounts()
    claims = _valid_claims(seeker.id)
    claims["iss"] = "https://evil.example"
    await _assert_invalid_token(client, await _forge(database, claims))


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer not-a-jwt"])
async def test_a_malformed_authorization_header_is_refused(
    client: httpx.AsyncClient, header: str
) -> None:
    """An Authorization header that is not a Bearer JWT gives 401 with a Bearer challenge."""
    response = await client.get("/api/v1/me", headers={"Authorization": header})
    assert_problem(response, 401, "/problems/invalid-token")
    assert response.headers["www-authenticate"].startswith("Bearer ")


async def test_me_needs_a_token(client: httpx.AsyncClient) -> None:
    """GET /me without a token is 401 not-authenticated with a Bearer challenge."""
    response = await client.get("/api/v1/me")
    assert_problem(response, 401, "/problems/not-authenticated")
    assert response.headers["www-authenticate"].startswith("Bearer ")


# The current user and discovery


async def test_me_lists_memberships(client: httpx.AsyncClient, accounts: AccountFactory) -> None:
    """GET /me shows the account and each company it belongs to with its role."""
    employer = await accounts("employer")
    empty = await client.get("/api/v1/me", headers=employer.headers)
    assert empty.status_code == 200
    assert empty.json()["memberships"] == []
    created = []
    for name in ("Zeta Systems", "Alpha Works"):
        response = await client.post(
            "/api/v1/companies",
            json={"name": f"{name} {secrets.token_hex(3)}"},
            headers=employer.headers,
        )
        assert response.status_code == 201, response.text
        created.append(response.json())
    response = await client.get("/api/v1/me", headers=employer.headers)
    me = response.json()
    assert me["id"] == employer.id
    assert me["email"] == employer.email
    assert me["memberships"] == [
        {"company_slug": company["slug"], "company_name": company["name"], "role": "owner"}
        for company in sorted(created, key=lambda company: company["name"])
    ]


async def test_authorization_server_metadata_lists_the_token_endpoint(
    client: httpx.AsyncClient,
) -> None:
    """RFC 8414 metadata names the token endpoint, the JWKS and the password grant."""
    response = await client.get("/.well-known/oauth-authorization-server")
    assert response.status_code == 200
    metadata = response.json()
    assert metadata["issuer"] == get_settings().token_issuer
    assert metadata["token_endpoint"].endswith("/api/v1/auth/token")
    assert metadata["jwks_uri"].endswith("/.well-known/jwks.json")
    assert "password" in metadata["grant_types_supported"]
    assert {"jobs:read", "jobs:write", "companies:write", "profile"} <= set(
        metadata["scopes_supported"]
    )


async def test_registered_account_can_sign_in_and_read_itself(client: httpx.AsyncClient) -> None:
    """A new account signs in with its password and GET /me names it."""
    account = await register(client, role="seeker")
    response = await client.get("/api/v1/me", headers=account.headers)
    assert response.status_code == 200
    assert response.json()["email"] == account.email
    assert response.json()["role"] == "seeker"
