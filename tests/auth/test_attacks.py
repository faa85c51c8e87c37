"""Attacks on tokens and credentials, each of which must be refused.

With tests/auth/test_auth_api.py (alg none, tampered payload, expired, wrong audience, wrong
issuer) these cover the attack list of the identity work.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from conftest import (
    PASSWORD,
    Account,
    AccountFactory,
    assert_problem,
    current_signing_key,
    make_admin,
)
from jobboard.config import get_settings
from jobboard.db import Database

TOKEN = "/api/v1/auth/token"


def _claims(user_id: int, **overrides: Any) -> dict[str, Any]:
    settings = get_settings()
    now = datetime.now(UTC)
    claims = {
        "iss": settings.token_issuer,
        "aud": settings.jwt_audience,
        "sub": f"user:{user_id}",
        "iat": now.timestamp(),
        "nbf": now,
        "exp": now + timedelta(minutes=10),
        "jti": secrets.token_urlsafe(16),
        "scope": "jobs:read profile",
    }
    claims.update(overrides)
    return claims


async def _refused(client: httpx.AsyncClient, token: str) -> None:
    response = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert_problem(response, 401, "/problems/invalid-token")
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


async def _password_grant(client: httpx.AsyncClient, account: Account) -> dict[str, Any]:
    response = await client.post(
        TOKEN,
        data={"grant_type": "password", "username": account.email, "password": PASSWORD},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_hs256_signed_with_the_public_key_is_refused(
    client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """Algorithm confusion: HMAC over the published public key does not pass for EdDSA."""
    seeker = await accounts()
    key = await current_signing_key(database)
    public_pem = key.public_key.public_bytes(
        encoding=serialization.Encoding.PEM, format=serialization.PublicFormat.SubjectPublicKeyInfo
    )
    raw_x = (await client.get("/.well-known/jwks.json")).json()["keys"][0]["x"].encode()
    for secret in (public_pem, raw_x):
        header = {"alg": "HS256", "typ": "at+jwt", "kid": key.kid}
        segments = [
            base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=")
            for part in (
                header,
                {
                    k: v.timestamp() if isinstance(v, datetime) else v
                    for k, v in _claims(seeker.id).items()
                },
            )
        ]
        signing_input = b".".join(segments)
        signature = base64.urlsafe_b64encode(
            hmac.new(secret, signing_input, hashlib.sha256).digest()
        ).rstrip(b"=")
        await _refused(client, (signing_input + b"." + signature).decode())


async def test_a_not_yet_valid_token_is_refused(
    client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """A correctly signed token whose nbf and iat lie in the future is refused."""
    seeker = await accounts()
    key = await current_signing_key(database)
    later = datetime.now(UTC) + timedelta(hours=1)
    claims = _claims(seeker.id, nbf=later, iat=later, exp=later + timedelta(minutes=10))
    token = jwt.encode(claims, key.private_key, algorithm="EdDSA", headers={"kid": key.kid})
    await _refused(client, token)


async def test_a_token_with_an_unknown_kid_is_refused(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """A token signed by a key the service never had (its own kid, or ours) is refused."""
    seeker = await accounts()
    stranger = Ed25519PrivateKey.generate()
    for kid in ("unknown-kid", "x" * 200):
        token = jwt.encode(_claims(seeker.id), stranger, algorithm="EdDSA", headers={"kid": kid})
        await _refused(client, token)
    jwks = (await client.get("/.well-known/jwks.json")).json()
    ours = jwks["keys"][0]["kid"]
    forged = jwt.encode(_claims(seeker.id), stranger, algorithm="EdDSA", headers={"kid": ours})
    await _refused(client, forged)
    no_kid = jwt.encode(_claims(seeker.id), stranger, algorithm="EdDSA")
    await _refused(client, no_kid)


async def test_a_replayed_refresh_token_kills_its_family(
    client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """Using a spent refresh token again is refused, and the token it was exchanged for dies
    too (the thief and the owner both lose the sign-in); the reuse is audited."""
    seeker = await accounts()
    stolen = (await _password_grant(client, seeker))["refresh_token"]
    rotated = await client.post(
        TOKEN, data={"grant_type": "refresh_token", "refresh_token": stolen}
    )
    assert rotated.status_code == 200
    successor = rotated.json()["refresh_token"]
    replay = await client.post(TOKEN, data={"grant_type": "refresh_token", "refresh_token": stolen})
    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    after = await client.post(
        TOKEN, data={"grant_type": "refresh_token", "refresh_token": successor}
    )
    assert after.status_code == 400
    assert after.json()["error"] == "invalid_grant"
    admin = await make_admin(database, client)
    events = await client.get(
        "/api/v1/admin/audit-events",
        params={"action": "refresh_token.reuse_detected", "target_id": str(seeker.id)},
        headers=admin.headers,
    )
    assert len(events.json()["items"]) == 1


async def test_scope_escalation_through_the_refresh_grant_is_refused(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """A refresh cannot ask for a scope the original sign-in did not grant."""
    employer = await accounts("employer")
    narrow = await client.post(
        TOKEN,
        data={
            "grant_type": "password",
            "username": employer.email,
            "password": PASSWORD,
            "scope": "jobs:read",
        },
    )
    response = await client.post(
        TOKEN,
        data={
            "grant_type": "refresh_token",
            "refresh_token": narrow.json()["refresh_token"],
            "scope": "jobs:read jobs:write",
        },
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"
    for scope in ("admin", "jobs:read admin"):
        seeker_escalation = await client.post(
            TOKEN,
            data={
                "grant_type": "refresh_token",
                "refresh_token": narrow.json()["refresh_token"],
                "scope": scope,
            },
        )
        assert seeker_escalation.json()["error"] == "invalid_scope"


async def test_the_token_of_a_deleted_user_is_refused(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """Once an account is erased, its still-unexpired access and refresh tokens fail."""
    seeker = await accounts()
    tokens = await _password_grant(client, seeker)
    assert (await client.delete("/api/v1/me", headers=seeker.headers)).status_code == 204
    await _refused(client, tokens["access_token"])
    refresh = await client.post(
        TOKEN, data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    )
    assert refresh.json()["error"] == "invalid_grant"


async def test_the_token_of_a_disabled_user_is_refused(
    client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """An access token issued before the account was disabled is refused at once."""
    admin = await make_admin(database, client)
    seeker = await accounts()
    await client.post(f"/api/v1/admin/users/{seeker.id}/disable", headers=admin.headers)
    await _refused(client, seeker.headers["Authorization"].removeprefix("Bearer "))


async def test_the_secret_of_another_client_is_refused(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """Client A's id with client B's secret is invalid_client, even for the same company."""
    owner = await accounts("employer")
    company = await client.post(
        "/api/v1/companies", json={"name": "Two Clients"}, headers=owner.headers
    )
    clients_url = f"/api/v1/companies/{company.json()['slug']}/clients"
    first = (
        await client.post(
            clients_url, json={"name": "A", "scopes": ["jobs:read"]}, headers=owner.headers
        )
    ).json()
    second = (
        await client.post(
            clients_url, json={"name": "B", "scopes": ["jobs:read"]}, headers=owner.headers
        )
    ).json()
    response = await client.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": first["client_id"],
            "client_secret": second["client_secret"],
        },
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


async def test_tokens_of_a_disabled_or_rotated_client_are_refused(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """Rotating a client's secret or disabling the client voids the tokens it already holds."""
    owner = await accounts("employer")
    company = await client.post(
        "/api/v1/companies", json={"name": "Rotating"}, headers=owner.headers
    )
    clients_url = f"/api/v1/companies/{company.json()['slug']}/clients"
    created = (
        await client.post(
            clients_url, json={"name": "A", "scopes": ["jobs:read"]}, headers=owner.headers
        )
    ).json()

    async def token(secret: str) -> str:
        response = await client.post(
            TOKEN,
            data={
                "grant_type": "client_credentials",
                "client_id": created["client_id"],
                "client_secret": secret,
            },
        )
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    before = await token(created["client_secret"])
    jobs = await client.get("/api/v1/jobs", headers={"Authorization": f"Bearer {before}"})
    assert jobs.status_code == 200
    rotated = await client.post(
        f"{clients_url}/{created['client_id']}/rotate-secret", headers=owner.headers
    )
    new_secret = rotated.json()["client_secret"]
    assert new_secret != created["client_secret"]
    refused = await client.get("/api/v1/jobs", headers={"Authorization": f"Bearer {before}"})
    assert refused.status_code == 401
    after = await token(new_secret)
    await client.post(f"{clients_url}/{created['client_id']}/disable", headers=owner.headers)
    gone = await client.get("/api/v1/jobs", headers={"Authorization": f"Bearer {after}"})
    assert gone.status_code == 401
    old_secret = await client.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": created["client_id"],
            "client_secret": new_secret,
        },
    )
    assert old_secret.json()["error"] == "invalid_client"
