"""Hostile operations get GraphQL errors (or a 4xx), never a 500 and never a hang: deep
nesting, alias fan-out, cost bombs, fragment bombs, oversized batches, malformed documents,
a spent per-minute budget, and fuzzed public queries."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, queries

import graphql as graphql_core
from conftest import _client, assert_problem
from jobboard.db import Database
from jobboard.graphql.limits import MAX_ALIASES, MAX_BATCH, MAX_COST, MAX_DEPTH
from jobboard.graphql.schema import schema
from support_graphql import Callers, codes
from support_settings import override_settings

PUBLIC_FIELDS = (
    "job",
    "jobs",
    "autocomplete",
    "categories",
    "category",
    "company",
    "skill",
    "node",
)


async def _post(client: httpx.AsyncClient, body: Any, **headers: str) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    response = await client.post(
        "/graphql", content=content, headers={"Content-Type": "application/json", **headers}
    )
    assert response.status_code < 500, response.text
    return response


def _nested(depth: int) -> str:
    inner = "name"
    for _ in range(depth):
        inner = f"company {{ jobs {{ nodes {{ {inner} }} }} }}"
    return f'{{ company(slug: "acme") {{ jobs {{ nodes {{ {inner} }} }} }} }}'


async def test_deep_nesting_is_refused(client: httpx.AsyncClient) -> None:
    """Past the maximum depth the operation is refused before anything runs."""
    errors = await Callers(client)().errors(_nested(MAX_DEPTH))
    assert set(codes(errors)) == {"graphql-validation-failed"}
    assert "depth" in errors[0]["message"]


async def test_alias_fan_out_is_refused(client: httpx.AsyncClient) -> None:
    aliases = " ".join(f"a{number}: categories {{ slug }}" for number in range(MAX_ALIASES + 1))
    errors = await Callers(client)().errors(f"{{ {aliases} }}")
    assert codes(errors) == ["graphql-validation-failed"]


async def test_a_cost_bomb_is_refused_before_it_runs(client: httpx.AsyncClient) -> None:
    """100 jobs, each with 100 of its company's jobs, each with skills: refused by cost,
    with the cost and the budget in the error."""
    document = (
        "{ jobs(first: 100) { edges { node { company { jobs(first: 100) { edges { node "
        "{ title skills { slug } } } } } } } } }"
    )
    errors = await Callers(client)().errors(document)
    assert codes(errors) == ["graphql-validation-failed"]
    assert errors[0]["extensions"]["cost"] > MAX_COST
    assert errors[0]["extensions"]["maxCost"] == MAX_COST


async def test_a_fragment_bomb_is_counted_quickly(client: httpx.AsyncClient) -> None:
    """Fragments spreading each other ten times over describe 10^8 fields; counting them
    takes one pass per fragment, and the operation is refused."""
    fragments = ["fragment F0 on Job { title }"]
    for level in range(1, 9):
        spreads = " ".join(f"...F{level - 1}" for _ in range(10))
        fragments.append(f"fragment F{level} on Job {{ {spreads} }}")
    document = "{ jobs(first: 100) { nodes { ...F8 } } } " + " ".join(fragments)
    response = await _post(client, {"query": document})
    assert codes(response.json()["errors"])[0] == "graphql-validation-failed"


async def test_batches_are_bounded(client: httpx.AsyncClient) -> None:
    """Up to MAX_BATCH operations in one request; more is a 400, nothing run."""
    operation = {"query": "{ categories { slug } }"}
    answered = await _post(client, [operation] * MAX_BATCH)
    assert [item["data"]["categories"] != [] for item in answered.json()] == [True] * MAX_BATCH
    refused = await _post(client, [operation] * (MAX_BATCH + 1))
    assert refused.status_code == 400


@pytest.mark.parametrize(
    "document",
    [
        "{",
        "query {{{",
        "}",
        "{ jobs(first: ) { totalCount } }",
        "{ nope }",
        "mutation",
        "{ jobs { nodes { ...A } } } fragment A on Job { ...B } fragment B on Job { ...A }",
        "query A { categories { slug } } query A { categories { name } }",
        '{ job(id: "1") { title } } { categories { slug } }',
    ],
)
async def test_malformed_documents_get_graphql_errors(
    client: httpx.AsyncClient, document: str
) -> None:
    response = await _post(client, {"query": document})
    body = response.json()
    assert body["errors"]
    assert codes(body["errors"]) == ["graphql-validation-failed"] * len(body["errors"])


@pytest.mark.parametrize(
    "body", [b"not json", b'{"query": 42}', b'{"variables": {}}', b"\x00\xff", b"{}"]
)
async def test_malformed_requests_are_problems(client: httpx.AsyncClient, body: bytes) -> None:
    """A body that is not a GraphQL request at all is a 400 problem, as REST answers."""
    response = await _post(client, body)
    assert response.headers["content-type"] == "application/problem+json"
    assert_problem(response, 400, "/problems/bad-request")


async def test_huge_documents_are_refused(client: httpx.AsyncClient) -> None:
    document = "{ categories { " + "slug " * 5000 + "} }"
    errors = await Callers(client)().errors(document)
    assert codes(errors) == ["graphql-validation-failed"]


async def test_the_per_minute_budget_is_shared_by_a_caller(
    settings_env: dict[str, str], database: Database
) -> None:
    """Once a caller has spent its budget, operations are rate-limited with Retry-After."""
    override_settings(settings_env, rate_limits=json.dumps({"graphql_cost": "30/minute"}))
    async with _client(database) as client:
        first = await _post(client, {"query": "{ categories { slug name summary } }"})
        assert first.json()["data"]["categories"]
        spent = None
        for _ in range(30):
            spent = await _post(client, {"query": "{ categories { slug name summary } }"})
            if "errors" in spent.json():
                break
        assert spent is not None
        assert codes(spent.json()["errors"]) == ["rate-limited"]
        assert int(spent.headers["retry-after"]) >= 1


def _big_ints() -> st.SearchStrategy[graphql_core.IntValueNode]:
    return st.integers(min_value=-(2**63), max_value=2**63).map(
        lambda number: graphql_core.IntValueNode(value=str(number))
    )


def _json_values() -> st.SearchStrategy[graphql_core.ValueNode]:
    return st.just(graphql_core.StringValueNode(value="x"))


CUSTOM_SCALARS = {"BigInt": _big_ints(), "JSON": _json_values()}


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    document=st.one_of(
        queries(schema.as_str(), fields=PUBLIC_FIELDS, custom_scalars=CUSTOM_SCALARS),
        queries(
            schema.as_str(),
            fields=PUBLIC_FIELDS,
            custom_scalars=CUSTOM_SCALARS,
            mode=Mode.NEGATIVE,
        ),
    )
)
async def test_fuzzed_public_queries_never_fail_on_our_side(
    client: httpx.AsyncClient, document: str
) -> None:
    """Any query of the public fields, valid or not, gets data or problem-coded errors."""
    response = await _post(client, {"query": document})
    body = response.json()
    for error in body.get("errors") or []:
        assert error["extensions"]["code"] != "internal-error", (document, error)
