"""FastAPI dependencies that turn the Authorization header into a Principal."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from jobboard.auth.keys import get_signing_key
from jobboard.auth.principal import ANONYMOUS, BEARER_CHALLENGE, Principal
from jobboard.auth.tokens import decode_access_token
from jobboard.config import get_settings
from jobboard.errors import InvalidToken, NotAuthenticated


def get_principal(request: Request) -> Principal:
    """Anonymous without an Authorization header; 401 for a header that does not verify."""
    header = request.headers.get("authorization")
    if header is None:
        return ANONYMOUS
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken(
            "Send the access token as `Authorization: Bearer <token>`.", headers=BEARER_CHALLENGE
        )
    try:
        claims = decode_access_token(token.strip(), key=get_signing_key(), settings=get_settings())
    except InvalidToken as error:
        error.headers = {"WWW-Authenticate": 'Bearer realm="jobboard", error="invalid_token"'}
        raise
    subject = str(claims["sub"])
    if not subject.startswith("user:") or not subject[5:].isdigit():
        raise InvalidToken("The token's subject is not a user.", headers=BEARER_CHALLENGE)
    principal = Principal(
        user_id=int(subject[5:]),
        role=str(claims.get("role", "")),
        scopes=frozenset(str(claims.get("scope", "")).split()),
    )
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def require_user(principal: CurrentPrincipal) -> Principal:
    if principal.is_anonymous:
        raise NotAuthenticated("Sign in first: POST /api/v1/auth/token.", headers=BEARER_CHALLENGE)
    return principal


SignedIn = Annotated[Principal, Depends(require_user)]
