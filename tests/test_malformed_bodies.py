"""Bodies that cannot be read get the problems the documentation promises: 413 for one past
the size limit however it is sent, /problems/malformed-body for one that is not JSON."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from conftest import Account, assert_problem
from jobboard.main import MAX_BODY_BYTES


async def test_an_oversized_chunked_body_is_a_413(
    client: httpx.AsyncClient, seeker: Account
) -> None:
    """Sent without Content-Length (chunked), a body is cut at the limit while it is read."""

    async def chunks() -> AsyncIterator[bytes]:
        sent = 0
        while sent <= MAX_BODY_BYTES:
            yield b" " * 1024 * 1024
            sent += 1024 * 1024

    response = await client.put(
        "/api/v1/me/profile",
        content=chunks(),
        headers={**seeker.headers, "Content-Type": "application/json"},
    )
    assert_problem(response, 413, "/problems/payload-too-large")


async def test_json_nested_too_deep_is_a_malformed_body(
    client: httpx.AsyncClient, seeker: Account
) -> None:
    body = "[" * 5000 + "]" * 5000
    response = await client.put(
        "/api/v1/me/profile",
        content=body,
        headers={**seeker.headers, "Content-Type": "application/json"},
    )
    assert_problem(response, 400, "/problems/malformed-body")


async def test_invalid_utf8_is_a_malformed_body(client: httpx.AsyncClient, seeker: Account) -> None:
    response = await client.put(
        "/api/v1/me/profile",
        content=b'{"headline": "\xff\xfe"}',
        headers={**seeker.headers, "Content-Type": "application/json"},
    )
    assert_problem(response, 400, "/problems/malformed-body")


async def test_a_syntax_error_is_a_malformed_body(
    client: httpx.AsyncClient, seeker: Account
) -> None:
    response = await client.put(
        "/api/v1/me/profile",
        content=b'{"headline": ',
        headers={**seeker.headers, "Content-Type": "application/json"},
    )
    assert_problem(response, 400, "/problems/malformed-body")
