"""NUL characters in a path, a query or a form are refused with a 422 naming where they
were, on every route and both engines: PostgreSQL cannot store them in text (psycopg raised
DataError, a 500) and SQLite cuts strings at them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from conftest import Account, assert_problem, problem_fields
from support_web import csrf_of, origin

API_CASES = [
    ("/api/v1/skills?prefix=k%00", ["query.prefix"]),
    ("/api/v1/companies?prefix=a%00", ["query.prefix"]),
    ("/api/v1/skills/go%00lang", ["path"]),
    ("/api/v1/categories/x%00", ["path"]),
    ("/api/v1/jobs?category=a%00b", ["query.category"]),
    ("/api/v1/jobs/search?q=go%00&skills=a%00", ["query.q", "query.skills"]),
    ("/api/v1/autocomplete?q=k%00", ["query.q"]),
    ("/api/v1/companies/acme%00", ["path"]),
]


@pytest.mark.parametrize(("address", "fields"), API_CASES)
async def test_a_nul_in_a_path_or_query_is_a_validation_problem(
    client: httpx.AsyncClient, address: str, fields: list[str]
) -> None:
    problem = assert_problem(await client.get(address), 422, "/problems/validation-error")
    assert problem_fields(problem) == fields
    assert problem["errors"][0]["code"] == "nul_character"


@pytest.mark.parametrize("field", ["username", "client_id", "password"])
async def test_a_nul_in_the_token_form_is_a_validation_problem(
    client: httpx.AsyncClient, seeker: Account, field: str
) -> None:
    """The token endpoint's form fields (RFC 6749) are refused like any other form."""
    form = {"grant_type": "password", "username": seeker.email, "password": "x", field: "a\x00b"}
    response = await client.post("/api/v1/auth/token", data=form)
    problem = assert_problem(response, 422, "/problems/validation-error")
    assert problem_fields(problem) == [f"body.{field}"]


async def test_a_nul_in_a_json_body_is_a_validation_problem(
    client: httpx.AsyncClient, seeker: Account
) -> None:
    response = await client.put(
        "/api/v1/me/profile", json={"headline": "Go\x00"}, headers=seeker.headers
    )
    assert_problem(response, 422, "/problems/validation-error")


@pytest.mark.parametrize(
    "address",
    [
        "/jobs?q=go%00",
        "/jobs?category=a%00",
        "/categories/x%00",
        "/skills/go%00lang",
        "/companies/a%00",
        "/account/signin?next=/%00",
    ],
)
async def test_a_nul_in_a_page_address_is_a_page_that_says_so(
    client: httpx.AsyncClient, address: str
) -> None:
    response = await client.get(address, headers={"Accept": "text/html"})
    assert response.status_code == 422, address
    assert response.headers["content-type"].startswith("text/html")


async def test_a_nul_in_a_page_form_is_a_page_that_says_so(
    client: httpx.AsyncClient, seeker: Account
) -> None:
    """Signing in with a NUL in the e-mail address answers the form's error page; nothing
    reaches the database."""
    token = csrf_of((await client.get("/account/signin")).text)
    form: dict[str, Any] = {"email": seeker.email + "\x00", "password": "x", "csrf_token": token}
    response = await client.post(
        "/account/signin", data=form, headers={"Origin": origin(client), "Accept": "text/html"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
