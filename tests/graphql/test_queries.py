"""Every query through a real GraphQL client, against the same data REST serves."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from conftest import Account
from support_graphql import Callers, codes

MakeJob = Callable[..., Awaitable[dict[str, Any]]]

JOB_FIELDS = """
    id databaseId title status description descriptionHtml version
    company { slug name openJobCount }
    category { slug name }
    skills { slug required minYears }
    locations { city countryCode }
    salary { min max currency period annualMin }
"""


async def test_a_job_reads_as_rest_reads_it(
    client: httpx.AsyncClient, opening: dict[str, Any]
) -> None:
    """job(id) answers the fields GET /api/v1/jobs/{id} answers, by REST id or global id."""
    graphql = Callers(client)
    data = await graphql()(
        f"query($id: ID!) {{ job(id: $id) {{ {JOB_FIELDS} }} }}", id=str(opening["id"])
    )
    job = data["job"]
    assert job["databaseId"] == opening["id"]
    assert job["title"] == opening["title"]
    assert job["status"] == "published"
    assert job["company"]["slug"] == opening["company"]["slug"]
    assert job["company"]["openJobCount"] == 1
    assert job["category"]["slug"] == "senior-back-end-developer"
    assert {skill["slug"] for skill in job["skills"]} == {
        skill["slug"] for skill in opening["skills"]
    }
    assert job["locations"][0]["city"] == "Berlin"
    assert job["salary"]["min"] == 7_000_000
    again = await graphql()("query($id: ID!) { job(id: $id) { databaseId } }", id=job["id"])
    assert again["job"]["databaseId"] == opening["id"]
    node = await graphql()(
        "query($id: ID!) { node(id: $id) { id ... on Job { title } } }", id=job["id"]
    )
    assert node["node"]["title"] == opening["title"]


async def test_a_draft_is_the_company_s_own(
    client: httpx.AsyncClient, make_job: MakeJob, employer: Account, seeker: Account
) -> None:
    graphql = Callers(client)
    """Anyone else asking for a draft is told it does not exist (not-found), as over REST."""
    draft = await make_job()
    query = "query($id: ID!) { job(id: $id) { title status } }"
    own = await graphql(employer.headers)(query, id=str(draft["id"]))
    assert own["job"]["status"] == "draft"
    for caller in (graphql(), graphql(seeker.headers)):
        errors = await caller.errors(query, id=str(draft["id"]))
        assert codes(errors) == ["not-found"]
        assert errors[0]["path"] == ["job"]
