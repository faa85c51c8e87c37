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


async def test_search_pages_with_counts_facets_and_snippets(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """jobs(search:) finds what /jobs/search finds: pages by `after`, counts, facets and
    highlighted snippets."""
    graphql = Callers(client)
    for title in ("Senior Backend Engineer", "Staff Backend Engineer", "Senior Data Engineer"):
        await make_job(title=title, status="published")
    query = """
    query($after: String) {
      jobs(search: {q: "backend", skills: ["golang"]}, first: 1, after: $after,
           facets: ["skills", "workplace"], sort: NEWEST) {
        totalCount totalIsExact didYouMean
        pageInfo { hasNextPage endCursor }
        edges { cursor titleSnippet descriptionSnippet node { title company { name } } }
        facets { name values { value count } }
      }
    }"""
    first = (await graphql()(query))["jobs"]
    assert first["totalCount"] == 2
    assert first["totalIsExact"] is True
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["edges"][0]["cursor"] == first["pageInfo"]["endCursor"]
    assert "<mark>Backend</mark>" in first["edges"][0]["titleSnippet"]
    facets = {facet["name"]: facet["values"] for facet in first["facets"]}
    assert {"value": "hybrid", "count": 2} in facets["workplace"]
    second = (await graphql()(query, after=first["pageInfo"]["endCursor"]))["jobs"]
    assert second["pageInfo"]["hasNextPage"] is False
    titles = {first["edges"][0]["node"]["title"], second["edges"][0]["node"]["title"]}
    assert titles == {"Senior Backend Engineer", "Staff Backend Engineer"}
    respelled = await graphql()('{ jobs(search: {q: "bakend"}) { totalCount didYouMean } }')
    assert respelled["jobs"]["totalCount"] == 2 or respelled["jobs"]["didYouMean"]


async def test_search_input_is_checked_by_the_rest_rules(client: httpx.AsyncClient) -> None:
    """Bad filters are validation-error naming each field, as /jobs/search names them."""
    errors = await Callers(client)().errors(
        '{ jobs(search: {yearsExperience: 99, workplace: ["moon"]}, first: 500) { totalCount } }'
    )
    assert codes(errors) == ["validation-error"]
    errors = await Callers(client)().errors(
        '{ jobs(search: {yearsExperience: 99, workplace: ["moon"]}) { totalCount } }'
    )
    assert codes(errors) == ["validation-error"]
    fields = {item["field"] for item in errors[0]["extensions"]["fields"]}
    assert fields == {"search.yearsExperience", "search.workplace[0]"}


async def test_autocomplete_categories_company_and_skill(
    client: httpx.AsyncClient, opening: dict[str, Any]
) -> None:
    """The catalog reads: suggestions, categories with figures, a company, a skill."""
    graphql = Callers(client)()
    suggestions = (await graphql('{ autocomplete(prefix: "postg") { text kind value } }'))[
        "autocomplete"
    ]
    assert {"text": "PostgreSQL", "kind": "skill", "value": "postgresql"} in suggestions
    categories = (await graphql("{ categories { slug openJobCount } }"))["categories"]
    counts = {item["slug"]: item["openJobCount"] for item in categories}
    assert counts["senior-back-end-developer"] == 1
    category = (
        await graphql(
            '{ category(slug: "senior-back-end-developer") { name typicalSkills { slug } '
            'figures { openJobs topSkills { slug jobs } } eur: figures(currency: "EUR") '
            "{ pay { currency p50 } } } }"
        )
    )["category"]
    assert category["figures"]["openJobs"] == 1
    assert category["eur"]["pay"]["currency"] == "EUR"
    assert category["eur"]["pay"]["p50"] == 8_000_000
    slug = opening["company"]["slug"]
    company = (
        await graphql(
            "query($slug: String!) { company(slug: $slug) { name openJobCount "
            "jobs { edges { node { databaseId } } } } }",
            slug=slug,
        )
    )["company"]
    assert company["openJobCount"] == 1
    assert company["jobs"]["edges"][0]["node"]["databaseId"] == opening["id"]
    skill = (await graphql('{ skill(slug: "k8s") { slug name aliases } }'))["skill"]
    assert skill["slug"] == "kubernetes"
    errors = await graphql.errors('{ category(slug: "astronaut") { name } }')
    assert codes(errors) == ["not-found"]
    errors = await graphql.errors(
        '{ category(slug: "senior-back-end-developer") { figures(currency: "XXX") { openJobs } } }'
    )
    assert codes(errors) == ["validation-error"]
