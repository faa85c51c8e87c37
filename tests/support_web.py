"""Helpers for page tests over HTTP: separate browsers (cookie jars) on one app, the CSRF
token of a page, forms sent the way a browser sends them, and signing in through the form."""

from __future__ import annotations

import html
import re
from typing import Any

import httpx

from conftest import PASSWORD

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def another_browser(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """A client with its own cookies on the same app (a second person, or a second tab
    of nobody's)."""
    return httpx.AsyncClient(transport=client._transport, base_url=str(client.base_url))


def csrf_of(page: str) -> str:
    match = _CSRF.search(page)
    assert match is not None, "the page has no form with a CSRF token"
    return html.unescape(match.group(1))


async def submit(
    client: httpx.AsyncClient,
    page_url: str,
    action: str,
    data: dict[str, Any] | list[tuple[str, str]] | None = None,
    *,
    files: dict[str, Any] | None = None,
) -> httpx.Response:
    """Open ``page_url`` and post ``data`` to ``action`` with the page's CSRF token, as a
    browser submitting that page's form does (redirects are not followed)."""
    opened = await client.get(page_url)
    assert opened.status_code == 200, (page_url, opened.status_code)
    token = csrf_of(opened.text)
    pairs: list[tuple[str, str]] = (
        list(data.items()) if isinstance(data, dict) else list(data or [])
    )
    pairs.append(("csrf_token", token))
    form: dict[str, list[str]] = {}
    for name, value in pairs:
        form.setdefault(name, []).append(value)
    return await client.post(action, data=form, files=files, headers={"Origin": origin(client)})


def origin(client: httpx.AsyncClient) -> str:
    base = client.base_url
    return f"{base.scheme}://{base.netloc.decode()}"


async def web_sign_in(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD
) -> httpx.Response:
    response = await submit(
        client, "/account/signin", "/account/signin", {"email": email, "password": password}
    )
    assert response.status_code == 303, response.text
    return response
