"""What the OpenAPI document says about authentication: the security schemes (OAuth 2.0 and
a JWT bearer token) and, for each operation, whether it needs a token, takes one or ignores it.

The answer for an operation comes from the dependencies its route really runs, so the document
cannot drift from the code: a route that depends on ``require_user`` or
``require_person_dependency`` (``SignedIn``, ``SignedInPerson``) needs a token; one that depends
only on ``get_principal`` (``CurrentPrincipal``) verifies a token when one is sent and serves
anonymous callers too; any other route never reads the Authorization header.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import BaseRoute

from jobboard.auth.dependencies import get_principal, require_person_dependency, require_user
from jobboard.auth.scopes import CLIENT_SCOPES, SCOPES

OAUTH2 = "OAuth2"
BEARER = "BearerJWT"
TOKEN_URL = "/api/v1/auth/token"  # noqa: S105 - a path, not a secret

SecurityRequirements = list[dict[str, list[str]]]
SIGNED_IN: SecurityRequirements = [{OAUTH2: []}, {BEARER: []}]
# `{}` is the alternative of sending no credentials at all.
TOKEN_OPTIONAL: SecurityRequirements = [*SIGNED_IN, {}]
TOKEN_IGNORED: SecurityRequirements = []

_REQUIRES_TOKEN: frozenset[Callable[..., Any]] = frozenset(
    {require_user, require_person_dependency}
)
_READS_TOKEN: frozenset[Callable[..., Any]] = frozenset({get_principal})


def security_schemes() -> dict[str, Any]:
    """``components.securitySchemes``: OAuth 2.0 (password and client credentials) and the
    bearer JWT it issues, for clients that already hold a token."""
    return {
        OAUTH2: {
            "type": "oauth2",
            "description": (
                "People sign in with the password flow (a refresh token comes too); a "
                "company's API client uses the client credentials flow. Both answer a JWT "
                "access token, sent as `Authorization: Bearer <token>`."
            ),
            "flows": {
                "password": {
                    "tokenUrl": TOKEN_URL,
                    "refreshUrl": TOKEN_URL,
                    "scopes": dict(SCOPES),
                },
                "clientCredentials": {
                    "tokenUrl": TOKEN_URL,
                    "scopes": {name: SCOPES[name] for name in sorted(CLIENT_SCOPES)},
                },
            },
        },
        BEARER: {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": f"An access token from `POST {TOKEN_URL}`.",
        },
    }


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    if dependant.call is not None:
        yield dependant.call
    for dependency in dependant.dependencies:
        yield from _calls(dependency)


def requirements_for(dependant: Dependant) -> SecurityRequirements:
    """The security requirements of an operation whose route resolves ``dependant``."""
    calls = set(_calls(dependant))
    if calls & _REQUIRES_TOKEN:
        return SIGNED_IN
    if calls & _READS_TOKEN:
        return TOKEN_OPTIONAL
    return TOKEN_IGNORED


def describe_security(schema: dict[str, Any], routes: Sequence[BaseRoute]) -> None:
    """Add the security schemes to ``schema`` and state each operation's ``security``."""
    schema.setdefault("components", {})["securitySchemes"] = security_schemes()
    paths: dict[str, dict[str, Any]] = schema.get("paths", {})
    for route in iter_route_contexts(routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        operations = paths.get(route.path_format or "", {})
        requirements = requirements_for(route.dependant)
        for method in route.methods or ():
            operation = operations.get(method.lower())
            if operation is not None:
                operation["security"] = [
                    {name: list(scopes) for name, scopes in requirement.items()}
                    for requirement in requirements
                ]


def install(app: FastAPI) -> None:
    """Have ``app.openapi()`` (and so ``/openapi.json``) describe authentication."""
    generate = app.openapi
    described: dict[str, Any] | None = None

    def openapi() -> dict[str, Any]:
        nonlocal described
        schema = generate()
        # FastAPI builds the document again when routes change; describe each build once.
        if schema is not described:
            describe_security(schema, app.routes)
            described = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
