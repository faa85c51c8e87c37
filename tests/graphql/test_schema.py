"""The committed SDL, GraphiQL served offline, and the endpoint's plumbing."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from conftest import assert_problem
from jobboard.graphql.schema import schema
from support_graphql import Callers, codes

SDL = Path(__file__).resolve().parents[2] / "docs" / "schema.graphql"


def test_the_committed_sdl_is_the_schema() -> None:
    """docs/schema.graphql is what the code serves; regenerate it when the schema changes:
    python -c "from jobboard.graphql.schema import schema; print(schema.as_str())" >
    docs/schema.graphql"""
    assert SDL.read_text() == schema.as_str() + "\n"


async def test_graphiql_is_served_from_this_origin(client: httpx.AsyncClient) -> None:
    """A browser at /graphql gets GraphiQL; every script and stylesheet it names is served
    here, with a long cache life, and nothing comes from another origin."""
    page = await client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "GraphiQL" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    urls = re.findall(r'(?:src|rel="stylesheet" href)="([^"]+)"', page.text)
    assert len(urls) == 6
    assert re.findall(r'rel="icon" href="([^"]+)"', page.text) == ["data:,"]
    for url in urls:
        assert url.startswith("/graphql/assets/"), url
        asset = await client.get(url)
        assert asset.status_code == 200, url
        assert "immutable" in asset.headers["cache-control"]
    assert "unpkg" not in page.text
    assert "cdn" not in page.text.lower()
    missing = await client.get("/graphql/assets/nothing.js")
    assert missing.status_code == 404


async def test_answers_carry_the_request_id_and_rate_headers(client: httpx.AsyncClient) -> None:
    """GraphQL answers echo X-Request-ID and say how much of the per-minute budget is left."""
    response = await client.post(
        "/graphql",
        json={"query": "{ categories { slug } }"},
        headers={"X-Request-ID": "graphql-test-1"},
    )
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "graphql-test-1"
    assert int(response.headers["ratelimit-remaining"]) < int(response.headers["ratelimit-limit"])
    assert response.json()["data"]["categories"]


async def test_a_bad_token_is_refused_as_rest_refuses_it(client: httpx.AsyncClient) -> None:
    """A token that does not verify is a 401 problem, never treated as anonymous."""
    response = await client.post(
        "/graphql",
        json={"query": "{ categories { slug } }"},
        headers={"Authorization": "Bearer not-a-token"},
    )
    assert_problem(response, 401, "/problems/invalid-token")


async def test_errors_name_the_problem_type(client: httpx.AsyncClient) -> None:
    """extensions.code is the REST problem slug; the request id is there too."""
    errors = await Callers(client)().errors('{ company(slug: "no-such-company") { name } }')
    assert codes(errors) == ["not-found"]
    assert errors[0]["extensions"]["status"] == 404
    assert errors[0]["extensions"]["requestId"]
