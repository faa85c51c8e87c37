"""The refresh_token and client_credentials grants, revocation, signing out and passwords."""

from __future__ import annotations

import asyncio
import base64
import secrets
from collections import Counter
from typing import Any

import httpx
import jwt
import pytest
from sqlalchemy import text

from conftest import (
    PASSWORD,
    Account,
    AccountFactory,
    assert_problem,
    make_admin,
    register,
    sign_in,
)
from jobboard.cache import MemoryCache
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.main import create_app

TOKEN = "/api/v1/auth/token"


async def _password_grant(
    client: httpx.AsyncClient, account: Account, **extra: str
) -> dict[str, Any]:
    response = await client.post(
        TOKEN,
        data={"grant_type": "password", "username": account.email, "password": PASSWORD, **extra},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _refresh(client: httpx.AsyncClient, refresh_token: str, **extra: str) -> httpx.Response:
    return await client.post(
        TOKEN, data={"grant_type": "refresh_token", "refresh_token": refresh_token, **extra}
    )


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _new_client(
    client: httpx.AsyncClient, owner: Account, company: dict[str, Any], scopes: list[str]
) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/companies/{company['slug']}/clients",
        json={"name": "ATS sync", "scopes": scopes},
        headers=owner.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _basic(client_id: str, secret: str) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


# The refresh_token grant


async def test_the_password_grant_also_answers_a_refresh_token(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """Signing in with a password answers an opaque refresh token besides the access token."""
    seeker = await accounts()
    body = await _password_grant(client, seeker)
    assert body["refresh_token"].startswith("jbr_")
    assert body["refresh_token"].count(".") == 0
    assert len(body["refresh_token"]) > 40


async def test_a_refresh_token_is_rotated_on_every_use(
    client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """Refreshing answers a new access token and a new refresh token; only hashes are stored."""
    seeker = await accounts()
    first = await _password_grant(client, seeker)
    response = await _refresh(client, first["refresh_token"])
    assert response.status_code == 200, response.text
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["scope"] == first["scope"]
    me = await client.get("/api/v1/me", headers=_bearer(second["access_token"]))
    assert me.status_code == 200
    async with database.sessionmaker() as session:
        stored = (
            await session.execute(
                text("SELECT token_hash, family_id FROM refresh_token WHERE user_id = :id"),
                {"id": seeker.id},
            )
        ).all()
    # The sign-in made by `accounts` is one family; this sign-in and its refresh another.
    assert sorted(Counter(family for _, family in stored).values()) == [1, 2]
    assert all(first["refresh_token"] not in token_hash for token_hash, _ in stored)
    third = await _refresh(client, second["refresh_token"])
    assert third.status_code == 200


async def test_a_narrower_scope_can_be_asked_for_on_refresh(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """A refresh may ask for fewer scopes; the next refresh may widen back to the original."""
    employer = await accounts("employer")
    first = await _password_grant(client, employer, scope="jobs:read jobs:write")
    narrowed = await _refresh(client, first["refresh_token"], scope="jobs:read")
    assert narrowed.status_code == 200
    assert narrowed.json()["scope"] == "jobs:read"
    widened = await _refresh(client, narrowed.json()["refresh_token"], scope="jobs:read jobs:write")
    assert widened.status_code == 200
    assert widened.json()["scope"] == "jobs:read jobs:write"


@pytest.mark.parametrize(
    "form",
    [
        {"grant_type": "refresh_token"},
        {"grant_type": "refresh_token", "refresh_token": ""},
    ],
)
async def test_a_refresh_without_a_token_is_invalid_request(
    client: httpx.AsyncClient, form: dict[str, str]
) -> None:
    """The refresh grant without refresh_token is invalid_request."""
    response = await client.post(TOKEN, data=form)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


async def test_an_unknown_refresh_token_is_invalid_grant(client: httpx.AsyncClient) -> None:
    """A refresh token the service never issued is invalid_grant."""
    response = await _refresh(client, "jbr_" + secrets.token_urlsafe(32))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


# Revocation (RFC 7009)


async def test_revoking_a_refresh_token_ends_its_family(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """POST /auth/revoke with a refresh token answers 200; neither it nor its successor works."""
    seeker = await accounts()
    first = await _password_grant(client, seeker)
    second = (await _refresh(client, first["refresh_token"])).json()
    other_sign_in = await _password_grant(client, seeker)
    revoked = await client.post("/api/v1/auth/revoke", data={"token": second["refresh_token"]})
    assert revoked.status_code == 200
    assert revoked.headers["cache-control"] == "no-store"
    assert (await _refresh(client, second["refresh_token"])).json()["error"] == "invalid_grant"
    assert (await _refresh(client, other_sign_in["refresh_token"])).status_code == 200


async def test_revoking_an_unknown_token_answers_200(client: httpx.AsyncClient) -> None:
    """RFC 7009: an invalid or unknown token is not an error."""
    response = await client.post("/api/v1/auth/revoke", data={"token": "never-issued"})
    assert response.status_code == 200


async def test_revoking_an_access_token_is_unsupported(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """Access tokens are short-lived JWTs: revoking one answers unsupported_token_type."""
    seeker = await accounts()
    body = await _password_grant(client, seeker)
    response = await client.post("/api/v1/auth/revoke", data={"token": body["access_token"]})
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_token_type"
    missing = await client.post("/api/v1/auth/revoke", data={})
    assert missing.status_code == 400
    assert missing.json()["error"] == "invalid_request"


# Signing out everywhere and changing the password


async def test_signing_out_everywhere_voids_every_token(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """After sign-out-everywhere, earlier access and refresh tokens fail; a new sign-in works."""
    seeker = await accounts()
    phone = await _password_grant(client, seeker)
    laptop = await _password_grant(client, seeker)
    response = await client.post(
        "/api/v1/me/sign-out-everywhere", headers=_bearer(laptop["access_token"])
    )
    assert response.status_code == 204
    for session in (phone, laptop):
        refused = await client.get("/api/v1/me", headers=_bearer(session["access_token"]))
        assert_problem(refused, 401, "/problems/invalid-token")
        assert (await _refresh(client, session["refresh_token"])).status_code == 400
    fresh = await _password_grant(client, seeker)
    assert (
        await client.get("/api/v1/me", headers=_bearer(fresh["access_token"]))
    ).status_code == 200


async def test_changing_the_password_revokes_tokens_and_needs_the_current_one(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """A password change needs the current password; afterwards old tokens and the old password
    fail and the new password signs in."""
    seeker = await accounts()
    tokens = await _password_grant(client, seeker)
    new_password = "a brand new passphrase 7"
    wrong = await client.post(
        "/api/v1/me/password",
        json={"current_password": "not my password 12", "new_password": new_password},
        headers=seeker.headers,
    )
    assert wrong.status_code == 422
    assert [error["field"] for error in wrong.json()["errors"]] == ["body.current_password"]
    weak = await client.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "password123456"},
        headers=seeker.headers,
    )
    assert weak.status_code == 422
    assert [error["field"] for error in weak.json()["errors"]] == ["body.new_password"]
    changed = await client.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": new_password},
        headers=seeker.headers,
    )
    assert changed.status_code == 204
    assert (await client.get("/api/v1/me", headers=seeker.headers)).status_code == 401
    assert (await _refresh(client, tokens["refresh_token"])).status_code == 400
    old = await client.post(
        TOKEN, data={"grant_type": "password", "username": seeker.email, "password": PASSWORD}
    )
    assert old.json()["error"] == "invalid_grant"
    assert await sign_in(client, seeker.email, new_password)


# Disabled accounts


async def test_disabling_an_account_voids_its_tokens_at_once(
    client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """An admin disables an account: its access and refresh tokens and its password stop
    working at once; enabling it again does not bring the old tokens back."""
    admin = await make_admin(database, client)
    seeker = await accounts()
    tokens = await _password_grant(client, seeker)
    assert (await client.get("/api/v1/me", headers=seeker.headers)).status_code == 200
    disabled = await client.post(f"/api/v1/admin/users/{seeker.id}/disable", headers=admin.headers)
    assert disabled.status_code == 200, disabled.text
    assert disabled.json()["disabled"] is True
    assert (await client.get("/api/v1/me", headers=seeker.headers)).status_code == 401
    assert (await _refresh(client, tokens["refresh_token"])).status_code == 400
    refused = await client.post(
        TOKEN, data={"grant_type": "password", "username": seeker.email, "password": PASSWORD}
    )
    assert refused.json()["error"] == "invalid_grant"
    enabled = await client.post(f"/api/v1/admin/users/{seeker.id}/enable", headers=admin.headers)
    assert enabled.json()["disabled"] is False
    assert (await client.get("/api/v1/me", headers=seeker.headers)).status_code == 401
    assert await sign_in(client, seeker.email)


async def test_only_admins_disable_accounts(
    client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """A non-admin gets 403; an unknown account 404; an admin cannot disable themselves."""
    admin = await make_admin(database, client)
    seeker = await accounts()
    other = await accounts()
    forbidden = await client.post(f"/api/v1/admin/users/{other.id}/disable", headers=seeker.headers)
    assert forbidden.status_code == 403
    missing = await client.post("/api/v1/admin/users/999999999/disable", headers=admin.headers)
    assert missing.status_code == 404
    itself = await client.post(f"/api/v1/admin/users/{admin.id}/disable", headers=admin.headers)
    assert itself.status_code == 409
    assert (await client.get("/api/v1/me", headers=other.headers)).status_code == 200


# The client_credentials grant


async def test_client_credentials_by_basic_and_by_form(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """An API client gets a token by HTTP Basic or form credentials; it carries the client's
    scopes, no refresh token, and the subject names the client."""
    created = await _new_client(client, employer, company, ["jobs:read", "jobs:write"])
    by_basic = await client.post(
        TOKEN,
        data={"grant_type": "client_credentials"},
        headers=_basic(created["client_id"], created["client_secret"]),
    )
    assert by_basic.status_code == 200, by_basic.text
    assert by_basic.json()["scope"] == "jobs:read jobs:write"
    assert "refresh_token" not in by_basic.json()
    claims = jwt.decode(by_basic.json()["access_token"], options={"verify_signature": False})
    assert claims["sub"] == f"client:{created['client_id']}"
    assert claims["client_id"] == created["client_id"]
    by_form = await client.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": created["client_id"],
            "client_secret": created["client_secret"],
            "scope": "jobs:read",
        },
    )
    assert by_form.status_code == 200
    assert by_form.json()["scope"] == "jobs:read"


async def test_client_credentials_refuse_bad_secrets_and_scopes(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """A wrong secret or unknown client is 401 invalid_client (with a Basic challenge for
    Basic); a scope the client lacks is invalid_scope; both ways at once is invalid_request."""
    created = await _new_client(client, employer, company, ["jobs:read"])
    wrong = await client.post(
        TOKEN,
        data={"grant_type": "client_credentials"},
        headers=_basic(created["client_id"], "jbs_wrong"),
    )
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "invalid_client"
    assert wrong.headers["www-authenticate"].startswith("Basic")
    unknown = await client.post(
        TOKEN,
        data={"grant_type": "client_credentials", "client_id": "jbc_nope", "client_secret": "x"},
    )
    assert unknown.status_code == 401
    assert unknown.json() == wrong.json()
    missing = await client.post(TOKEN, data={"grant_type": "client_credentials"})
    assert missing.json()["error"] == "invalid_client"
    escalated = await client.post(
        TOKEN,
        data={"grant_type": "client_credentials", "scope": "jobs:write"},
        headers=_basic(created["client_id"], created["client_secret"]),
    )
    assert escalated.status_code == 400
    assert escalated.json()["error"] == "invalid_scope"
    both = await client.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": created["client_id"],
            "client_secret": created["client_secret"],
        },
        headers=_basic(created["client_id"], created["client_secret"]),
    )
    assert both.json()["error"] == "invalid_request"
    garbled = await client.post(
        TOKEN, data={"grant_type": "client_credentials"}, headers={"Authorization": "Basic %%%"}
    )
    assert garbled.status_code == 401
    assert garbled.json()["error"] == "invalid_client"


async def test_server_metadata_lists_every_grant(client: httpx.AsyncClient) -> None:
    """RFC 8414 metadata names the three grants, the revocation endpoint and client auth."""
    metadata = (await client.get("/.well-known/oauth-authorization-server")).json()
    assert metadata["grant_types_supported"] == [
        "password",
        "refresh_token",
        "client_credentials",
    ]
    assert metadata["revocation_endpoint"].endswith("/api/v1/auth/revoke")
    assert "client_secret_basic" in metadata["token_endpoint_auth_methods_supported"]
    assert {"applications:read", "webhooks:manage"} <= set(metadata["scopes_supported"])


async def test_two_concurrent_refreshes_with_one_token_kill_the_family(
    committed_database: Database,
) -> None:
    """On real, separate connections, two refreshes with the same token: exactly one wins,
    the other counts as a reuse, and the winner's new refresh token dies with the family."""
    app = create_app(get_settings(), committed_database, MemoryCache())
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        seeker = await register(client)
        tokens = await _password_grant(client, seeker)
        first, second = await asyncio.gather(
            _refresh(client, tokens["refresh_token"]), _refresh(client, tokens["refresh_token"])
        )
        assert sorted([first.status_code, second.status_code]) == [200, 400]
        winner = first if first.status_code == 200 else second
        assert (await _refresh(client, winner.json()["refresh_token"])).status_code == 400
