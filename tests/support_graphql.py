"""A real GraphQL client for tests: gql over HTTP, on the app a test's REST client talks to."""

from __future__ import annotations

from typing import Any

import httpx
import httpx2
import pytest
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXAsyncTransport


class Caller:
    """Sends operations as one caller (its Authorization header, or none)."""

    def __init__(self, client: httpx.AsyncClient, headers: dict[str, str] | None) -> None:
        # gql speaks through httpx2; the app is the one behind the test's httpx client.
        app = client._transport.app  # type: ignore[attr-defined]
        transport = HTTPXAsyncTransport(
            url="http://testserver/graphql",
            transport=httpx2.ASGITransport(app=app),
            headers=headers or {},
            # The machine is shared: a slow answer is not a failure, a hang still is.
            timeout=60,
        )
        self.client = Client(transport=transport, fetch_schema_from_transport=False)

    async def __call__(self, document: str, **variables: Any) -> dict[str, Any]:
        """The data of a successful operation (a failed one raises TransportQueryError)."""
        async with self.client as session:
            result: dict[str, Any] = await session.execute(
                GraphQLRequest(document, variable_values=variables or None)
            )
            return result

    async def errors(self, document: str, **variables: Any) -> list[dict[str, Any]]:
        """The errors of an operation expected to fail."""
        with pytest.raises(TransportQueryError) as failed:
            await self(document, **variables)
        errors: list[dict[str, Any]] = failed.value.errors or []
        assert errors, "the operation failed without errors"
        return errors


def codes(errors: list[dict[str, Any]]) -> list[str]:
    return [error.get("extensions", {}).get("code") for error in errors]


class Callers:
    """``callers(account.headers)`` speaks as that account; ``callers()`` as nobody."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    def __call__(self, headers: dict[str, str] | None = None) -> Caller:
        return Caller(self.client, headers)
