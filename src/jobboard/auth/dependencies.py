"""FastAPI dependencies that turn the Authorization header into a Principal."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import Depends, Header, Request

from jobboard.auth import standing as standings
from jobboard.auth.keys import KeyRing
from jobboard.auth.principal import ANONYMOUS, BEARER_CHALLENGE, Principal, require_person
from jobboard.auth.tokens import decode_access_token
from jobboard.cache import Cache
from jobboard.config import Settings
from jobboard.db import Database
from jobboard.dependencies import DbSession
from jobboard.errors import BadRequest, InvalidToken, NotAuthenticated
from jobboard.idempotency import PendingKey, Replay, check_record, find_record, hash_body

_INVALID_TOKEN_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="jobboard", error="invalid_token"'}


def _invalid(detail: str) -> InvalidToken:
    return InvalidToken(detail, headers=dict(_INVALID_TOKEN_CHALLENGE))


async def principal_from_token(
    token: str, *, keyring: KeyRing, database: Database, cache: Cache, settings: Settings
) -> Principal:
    """Verify an access token and check that its subject still stands."""
    try:
        claims = await decode_access_token(
            token, keyring=keyring, database=database, settings=settings
        )
    except InvalidToken as error:
        raise _invalid(error.detail) from error
    subject = str(claims["sub"])
    kind, _, name = subject.partition(":")
    issued_at = float(claims["iat"])
    token_scopes = frozenset(str(claims.get("scope", "")).split())
    ttl = settings.principal_cache_seconds
    if kind == "user" and name.isdigit():
        standing = await standings.user_standing(cache, database, user_id=int(name), ttl=ttl)
        if not standing.admits(issued_at):
            raise _invalid("The token was revoked, or its account is disabled; sign in again.")
        # Role and scopes are those the token was issued with: a role change shows in the
        # next token (sign-in or refresh), within the access token's lifetime.
        return Principal(user_id=int(name), role=str(claims.get("role", "")), scopes=token_scopes)
    if kind == "client" and name:
        standing = await standings.client_standing(cache, database, client_id=name, ttl=ttl)
        if not standing.admits(issued_at):
            raise _invalid("The token was revoked, or its client is disabled.")
        return Principal(
            client_id=name,
            role="client",
            scopes=token_scopes & standing.scopes,
            company_id=standing.company_id,
        )
    raise _invalid("The token's subject is neither a user nor an API client.")


async def get_principal(request: Request) -> Principal:
    """Anonymous without an Authorization header; 401 for a header that does not verify."""
    header = request.headers.get("authorization")
    if header is None:
        return ANONYMOUS
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken(
            "Send the access token as `Authorization: Bearer <token>`.", headers=BEARER_CHALLENGE
        )
    state = request.app.state
    principal = await principal_from_token(
        token.strip(),
        keyring=state.keyring,
        database=state.database,
        cache=state.cache,
        settings=state.settings,
    )
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


async def require_user(principal: CurrentPrincipal) -> Principal:
    if principal.is_anonymous:
        raise NotAuthenticated("Sign in first: POST /api/v1/auth/token.", headers=BEARER_CHALLENGE)
    return principal


SignedIn = Annotated[Principal, Depends(require_user)]


async def require_person_dependency(principal: CurrentPrincipal) -> Principal:
    require_person(principal)
    return principal


SignedInPerson = Annotated[Principal, Depends(require_person_dependency)]
"""A signed-in user, never an API client: for endpoints about one's own account."""


async def idempotency_key(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            description="Any unique string (a UUID is best); retries with the same key and "
            "body replay the first answer for 24 hours.",
        ),
    ] = None,
) -> PendingKey | None:
    if key is None:
        return None
    if not 1 <= len(key) <= 255 or not key.isascii() or not key.isprintable():
        raise BadRequest(
            "Idempotency-Key must be 1 to 255 printable ASCII characters.",
            idempotency_key=key[:255],
        )
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.url.path.encode(), request.url.query.encode()):
        digest.update(part + b"\x00")
    await hash_body(request, digest)
    # Anonymous callers (registration) share no key space with each other: scope by address.
    owner = principal.owner_key
    if principal.is_anonymous and request.client is not None:
        owner = f"anonymous:{request.client.host}"
    pending = PendingKey(
        owner=owner[:64],
        key=key,
        method=request.method,
        path=request.url.path,
        request_hash=digest.hexdigest(),
    )
    record = await find_record(session, owner=pending.owner, key=key)
    if record is not None:
        raise Replay(check_record(record, pending))
    request.state.idempotency = pending
    return pending


IdempotencyKey = Annotated[PendingKey | None, Depends(idempotency_key)]
