"""`GET /api/v1/jobs/search` through the REST API, on every engine."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from conftest import Account, job_payload
from jobboard.db import Database
from jobboard.kit.clock import utcnow

MakeJob = Callable[..., Awaitable[dict[str, Any]]]
SEARCH = "/api/v1/jobs/search"


async def ids(client: httpx.AsyncClient, **params: Any) -> list[int]:
    response = await client.get(SEARCH, params={"limit": 100, **params})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def test_finds_published_jobs_by_keyword_and_not_drafts(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """A published job is found by its title words; a draft with the same title is not."""
    published = await make_job(status="published", title="Senior Rust Engineer")
    await make_job(title="Senior Rust Engineer")
    assert await ids(client, q="rust engineer") == [published["id"]]
    assert await ids(client, q="haskell") == []


async def test_synonyms_and_aliases_match(client: httpx.AsyncClient, make_job: MakeJob) -> None:
    """k8s finds Kubernetes, golang finds Go, postgres PostgreSQL, back-end finds backend."""
    job = await make_job(
        status="published",
        title="Back-End Developer",
        description="You will run services on Kubernetes and write Go against PostgreSQL.",
        skills=[],
    )
    for query in ("k8s", "golang", "postgres", "backend", "back end", '"back-end developer"'):
        assert await ids(client, q=query) == [job["id"]], query


async def test_phrases_exclusions_and_or(client: httpx.AsyncClient, make_job: MakeJob) -> None:
    """Phrases need adjacent words; -word excludes; OR takes either."""
    staff = await make_job(status="published", title="Staff Engineer", skills=[])
    lead = await make_job(status="published", title="Engineer, Staff Tools", skills=[])
    java = await make_job(status="published", title="Java Engineer", skills=[])
    assert await ids(client, q='"staff engineer"') == [staff["id"]]
    assert set(await ids(client, q="engineer -java")) == {staff["id"], lead["id"]}
    assert set(await ids(client, q="java OR tools")) == {java["id"], lead["id"]}
    assert set(await ids(client, q="-java")) >= {staff["id"], lead["id"]}
    assert java["id"] not in await ids(client, q="-java")


async def test_index_follows_edits_closing_and_expiry(
    client: httpx.AsyncClient, database: Database, employer: Account, make_job: MakeJob
) -> None:
    """Within the same request, edits change what matches and closing removes the job;
    a job past its expiry stops matching without any write."""
    job = await make_job(status="published", title="Elixir Engineer", skills=[])
    assert await ids(client, q="elixir") == [job["id"]]
    etag = (await client.get(f"/api/v1/jobs/{job['id']}")).headers["ETag"]
    edited = await client.patch(
        f"/api/v1/jobs/{job['id']}",
        json={"title": "Clojure Engineer"},
        headers={**employer.headers, "If-Match": etag},
    )
    assert edited.status_code == 200
    assert await ids(client, q="elixir") == []
    assert await ids(client, q="clojure") == [job["id"]]
    closed = await client.post(
        f"/api/v1/jobs/{job['id']}/close",
        json={"reason": "filled"},
        headers={**employer.headers, "If-Match": edited.headers["ETag"]},
    )
    assert closed.status_code == 200
    assert await ids(client, q="clojure") == []

    # A job about to expire: found now (and the page kept, but only until that moment),
    # gone once its time has passed, with no write in between.
    other = await make_job(status="published", title="Erlang Engineer", skills=[])
    # Long enough for the two searches below to run before it, on a busy machine too.
    expires_at = utcnow() + timedelta(seconds=6)
    async with database.sessionmaker() as session:
        await session.execute(
            text("UPDATE job SET expires_at = :at WHERE id = :id"),
            {"at": expires_at.replace(tzinfo=None), "id": other["id"]},
        )
        await session.commit()
    assert await ids(client, q="erlang") == [other["id"]]
    assert await ids(client, q="erlang") == [other["id"]]
    await asyncio.sleep((expires_at - utcnow()).total_seconds() + 1.1)
    assert await ids(client, q="erlang") == []


async def test_draft_published_later_becomes_findable(
    client: httpx.AsyncClient, employer: Account, make_job: MakeJob
) -> None:
    """Publishing a draft indexes it."""
    draft = await make_job(title="Scala Engineer", skills=[])
    assert await ids(client, q="scala") == []
    published = await client.post(f"/api/v1/jobs/{draft['id']}/publish", headers=employer.headers)
    assert published.status_code == 200
    assert await ids(client, q="scala") == [draft["id"]]


async def test_filters(client: httpx.AsyncClient, make_job: MakeJob) -> None:
    """Skills, category, seniority, years, employment type, workplace, country, company and
    posting age narrow the results."""
    berlin = await make_job(status="published")
    remote = await make_job(
        status="published",
        title="Python Developer",
        category="back-end-developer",
        seniority="mid",
        min_years_experience=2,
        employment_type="contractor",
        workplace="remote",
        remote_regions=["europe"],
        locations=[],
        skills=[{"skill": "python"}],
    )
    assert await ids(client, skills="golang") == [berlin["id"]]
    assert await ids(client, skills=["golang", "python"]) == []
    assert set(await ids(client, skills_any="golang,python")) == {berlin["id"], remote["id"]}
    assert await ids(client, skills_none="k8s") == [remote["id"]]
    assert await ids(client, category="back-end-developer") == [remote["id"]]
    assert await ids(client, seniority="senior") == [berlin["id"]]
    assert await ids(client, years_experience=3) == [remote["id"]]
    assert await ids(client, employment_type="contractor") == [remote["id"]]
    assert await ids(client, workplace=["hybrid", "onsite"]) == [berlin["id"]]
    assert await ids(client, remote_region="DE") == [remote["id"]]
    assert await ids(client, remote_region="US") == []
    assert await ids(client, country="de") == [berlin["id"]]
    assert set(await ids(client, posted_within_days=1)) == {berlin["id"], remote["id"]}
    assert len(await ids(client, company=berlin["company"]["slug"])) == 2


async def test_radius_and_distance_sort(client: httpx.AsyncClient, make_job: MakeJob) -> None:
    """A city or coordinates with a radius keep nearby jobs, nearest first."""
    berlin = await make_job(status="published", locations=[{"name": "Berlin"}])
    potsdam = await make_job(status="published", locations=[{"name": "Potsdam"}])
    munich = await make_job(status="published", locations=[{"name": "Munich"}])
    # Placed in two cities within the radius: it counts at the nearer one.
    both = await make_job(status="published", locations=[{"name": "Berlin"}, {"name": "Potsdam"}])
    response = await client.get(
        SEARCH, params={"location": "Potsdam", "radius_km": 50, "sort": "distance"}
    )
    body = response.json()
    assert [item["id"] for item in body["items"]] == [potsdam["id"], both["id"], berlin["id"]]
    assert body["items"][0]["distance_km"] == body["items"][1]["distance_km"] == 0.0
    assert 20 < body["items"][2]["distance_km"] < 40
    assert body["location"]["name"].startswith("Potsdam")
    assert munich["id"] in await ids(client, location="48.14,11.58", radius_km=10)
    assert await ids(client, location="48.14,11.58", radius_km=10) == [munich["id"]]


async def test_salary_floor_converts_currencies(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """A floor in any bundled currency and period compares with annualized pay in USD."""
    low = await make_job(
        status="published", salary={"min": 4_000_000, "max": 5_000_000, "currency": "USD"}
    )
    high = await make_job(
        status="published", salary={"min": 9_000_000, "max": 12_000_000, "currency": "EUR"}
    )
    unpaid = await make_job(status="published", salary=None)
    assert await ids(client, salary_min=10_000_000, salary_currency="USD") == [high["id"]]
    # 5,000 EUR a month is 60,000 EUR a year, about 69,000 USD.
    assert await ids(
        client, salary_min=500_000, salary_currency="EUR", salary_period="monthly"
    ) == [high["id"]]
    assert set(await ids(client, salary_min=10_000_000, include_unspecified_pay=True)) == {
        high["id"],
        unpaid["id"],
    }
    by_salary = await ids(client, sort="salary")
    assert by_salary.index(high["id"]) < by_salary.index(low["id"]) < by_salary.index(unpaid["id"])


async def test_facets_count_the_filtered_set(client: httpx.AsyncClient, make_job: MakeJob) -> None:
    """Facets count every matching job per value, after the filters."""
    await make_job(status="published")
    await make_job(status="published", workplace="remote", locations=[], seniority="staff")
    await make_job(status="published", title="Designer", skills=[])
    response = await client.get(SEARCH, params={"q": "backend", "facets": "all"})
    facets = response.json()["facets"]
    assert response.json()["total"] == 2
    assert {item["value"]: item["count"] for item in facets["workplace"]} == {
        "hybrid": 1,
        "remote": 1,
    }
    assert {item["value"]: item["count"] for item in facets["seniority"]} == {
        "senior": 1,
        "staff": 1,
    }
    skills = {item["value"]: item["count"] for item in facets["skills"]}
    assert skills["go"] == 2
    assert facets["category"][0] == {
        "value": "senior-back-end-developer",
        "label": "Senior Back End Developer",
        "count": 2,
    }
    assert facets["country"] == [{"value": "DE", "label": "Germany", "count": 1}]
    assert facets["city"][0]["label"] == "Berlin, DE"
    assert {item["value"] for item in facets["salary"]} == {"100000-150000"}
    assert (response.json()["facets_are_exact"], response.json()["facets_sample_rate"]) == (True, 1)


@pytest.mark.parametrize("few_matches", [25_000, 0], ids=["listed", "from-index"])
async def test_facets_of_a_broad_search_are_estimated_from_a_sample(
    client: httpx.AsyncClient,
    make_job: MakeJob,
    monkeypatch: pytest.MonkeyPatch,
    few_matches: int,
) -> None:
    """Past TOTAL_CAP matches, facets count the jobs whose id is a multiple of the sample
    rate and multiply up, and the answer says so; when that sample is too small, the next
    rate is tried, and at last every match is counted. The thresholds are lowered here so a
    dozen jobs cross them. PostgreSQL takes the sample either from the listed matching ids
    or, for keywords it does not list, from the GIN index (the documents' sample terms)."""
    from jobboard.search import backends, service

    monkeypatch.setattr(backends, "FEW_MATCHES", few_matches)
    monkeypatch.setattr(service, "TOTAL_CAP", 3)
    monkeypatch.setattr(service, "FACET_SAMPLE_RATES", (4, 2))
    monkeypatch.setattr(service, "FACET_MIN_SAMPLE", 3)
    made = [
        await make_job(status="published", workplace="remote" if index % 4 else "onsite")
        for index in range(12)
    ]
    kinds = {job["id"]: job["workplace"] for job in made}

    def expected(rate: int) -> dict[str, int]:
        counts: dict[str, int] = {}
        for job_id, workplace in kinds.items():
            if job_id % rate == 0:
                counts[workplace] = counts.get(workplace, 0) + rate
        return counts

    sampled = [rate for rate in (4, 2) if sum(expected(rate).values()) // rate >= 3]
    rate = sampled[0] if sampled else 1
    assert rate == 4  # twelve consecutive ids hold three multiples of 4
    for query in ({"q": "backend"}, {"workplace": ["remote", "onsite"]}):
        body = (await client.get(SEARCH, params={**query, "facets": "workplace"})).json()
        assert body["total_is_exact"] is False
        assert (body["facets_are_exact"], body["facets_sample_rate"]) == (rate == 1, rate)
        assert {item["value"]: item["count"] for item in body["facets"]["workplace"]} == (
            expected(rate)
        ), query
    # Few matches: counted in full whatever the sample rates.
    narrow = (
        await client.get(SEARCH, params={"q": "backend", "workplace": "onsite", "facets": "all"})
    ).json()
    assert narrow["total_is_exact"] is True
    assert narrow["facets_sample_rate"] == 1
    assert narrow["facets"]["workplace"] == [
        {
            "value": "onsite",
            "label": "onsite",
            "count": sum(1 for k in kinds.values() if k == "onsite"),
        }
    ]


async def test_facets_sample_beyond_the_index_terms_when_many_matches_are_expected(
    client: httpx.AsyncClient,
    database: Database,
    make_job: MakeJob,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rate beyond the documents' sample terms (a multiple of SAMPLE_MODULUS) is taken
    when the planner expects its sample to be large enough: the GIN index keeps one job in
    SAMPLE_MODULUS and the ids are tested before the jobs are read. Here the documents
    carry a term for the id mod 2 and the planner is told to expect a thousand matches, so
    PostgreSQL samples one job in 4; SQLite, which has no estimate, one in 2."""
    from jobboard.search import backends, service

    async def expect_many(*_: Any) -> float:
        return 1_000.0

    monkeypatch.setattr(backends, "SAMPLE_MODULUS", 2)
    monkeypatch.setattr(backends, "FEW_MATCHES", 0)
    monkeypatch.setattr(backends.PostgresBackend, "estimate", expect_many)
    monkeypatch.setattr(service, "TOTAL_CAP", 3)
    monkeypatch.setattr(service, "FACET_SAMPLE_RATES", (4, 2))
    monkeypatch.setattr(service, "FACET_MIN_SAMPLE", 3)
    monkeypatch.setattr(service, "FACET_TARGET_SAMPLE", 3)
    made = [
        await make_job(status="published", workplace="remote" if index % 3 else "onsite")
        for index in range(12)
    ]
    rate = 4 if database.dialect == "postgresql" else 2
    expected: dict[str, int] = {}
    for job in made:
        if job["id"] % rate == 0:
            expected[job["workplace"]] = expected.get(job["workplace"], 0) + rate
    body = (await client.get(SEARCH, params={"q": "backend", "facets": "workplace"})).json()
    assert body["facets_sample_rate"] == rate
    assert {item["value"]: item["count"] for item in body["facets"]["workplace"]} == expected


async def test_per_company_cap(client: httpx.AsyncClient, accounts: Any, make_job: MakeJob) -> None:
    """per_company keeps each company's best N jobs."""
    for _ in range(3):
        await make_job(status="published")
    other = await accounts("employer")
    listed = await client.post(
        "/api/v1/companies",
        json={"name": "Other Co", "headquarters": "Berlin"},
        headers=other.headers,
    )
    assert listed.status_code == 201
    for _ in range(2):
        response = await client.post(
            "/api/v1/jobs",
            json=job_payload(listed.json()["slug"], status="published"),
            headers=other.headers,
        )
        assert response.status_code == 201
    assert len(await ids(client, q="backend")) == 5
    assert len(await ids(client, q="backend", per_company=2)) == 4
    seen: list[int] = []
    body = (await client.get(SEARCH, params={"q": "backend", "per_company": 1, "limit": 1})).json()
    assert (body["total"], body["total_is_exact"]) == (2, True)
    seen += [item["id"] for item in body["items"]]
    while body["next_cursor"]:
        params = {"q": "backend", "per_company": 1, "limit": 1, "cursor": body["next_cursor"]}
        body = (await client.get(SEARCH, params=params)).json()
        seen += [item["id"] for item in body["items"]]
    assert len(seen) == len(set(seen)) == 2


async def test_highlighted_snippets(client: httpx.AsyncClient, make_job: MakeJob) -> None:
    """Matched words are marked in the title and in a passage of the description."""
    await make_job(
        status="published",
        title="Senior Back-End Engineer <Payments>",
        description="## The role\n\nYou will own the **Kubernetes** clusters of our team.",
    )
    item = (await client.get(SEARCH, params={"q": "backend k8s"})).json()["items"][0]
    assert item["title_snippet"] == "Senior <mark>Back-End</mark> Engineer &lt;Payments&gt;"
    assert item["description_snippet"] == (
        "You will own the <mark>Kubernetes</mark> clusters of our team."
    )
    assert item["score"] > 0


async def test_typos_are_tolerated_and_reported(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """A misspelt title word or skill also matches its known spelling, and says so."""
    job = await make_job(status="published", title="Python Developer", skills=[])
    body = (await client.get(SEARCH, params={"q": "pyhton developr"})).json()
    assert [item["id"] for item in body["items"]] == [job["id"]]
    assert {(c["word"], c["correction"]) for c in body["query"]["corrections"]} == {
        ("pyhton", "python"),
        ("developr", "developer"),
    }
    strict = (await client.get(SEARCH, params={"q": "pyhton", "spell_check": False})).json()
    assert strict["items"] == []


async def test_did_you_mean_when_nothing_matches(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """With no result, a respelling that finds jobs is offered."""
    await make_job(status="published", title="Kotlin Developer", skills=[])
    body = (await client.get(SEARCH, params={"q": "kottlni"})).json()
    assert body["total"] == 0
    assert body["did_you_mean"] == "kotlin"
    assert (await client.get(SEARCH, params={"q": "zzzzzzzz"})).json()["did_you_mean"] is None


async def test_cursor_pages_are_stable_while_jobs_arrive(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """Walking the pages yields every job once, even when new ones are published meanwhile."""
    created = [(await make_job(status="published"))["id"] for _ in range(5)]
    for sort in ("relevance", "newest", "salary"):
        seen: list[int] = []
        response = await client.get(SEARCH, params={"q": "backend", "limit": 2, "sort": sort})
        body = response.json()
        seen += [item["id"] for item in body["items"]]
        newcomer = await make_job(status="published")
        while body["next_cursor"]:
            body = (
                await client.get(
                    SEARCH,
                    params={
                        "q": "backend",
                        "limit": 2,
                        "sort": sort,
                        "cursor": body["next_cursor"],
                    },
                )
            ).json()
            seen += [item["id"] for item in body["items"]]
        assert sorted(seen) == sorted(created), sort
        created.append(newcomer["id"])


@pytest.mark.parametrize(
    "params",
    [
        {"q": "backend"},
        {"sort": "newest"},
        {"q": "backend", "sort": "salary"},
        {"location": "Berlin", "sort": "distance"},
        {"location": "Berlin", "sort": "distance", "per_company": 1},
        {"q": "backend", "per_company": 1},
    ],
)
async def test_the_first_page_counts_and_later_pages_carry_its_total(
    client: httpx.AsyncClient, employer: Account, make_job: MakeJob, params: dict[str, Any]
) -> None:
    """The total is what the pages hold, whichever way it was counted (the relevance window,
    the jobs within the radius, the cap per company); later pages show the first page's
    total even when a job closes meanwhile."""
    created = [await make_job(status="published") for _ in range(5)]
    first = (await client.get(SEARCH, params={**params, "limit": 2})).json()
    seen = [item["id"] for item in first["items"]]
    body = first
    while body["next_cursor"]:
        body = (
            await client.get(SEARCH, params={**params, "limit": 2, "cursor": body["next_cursor"]})
        ).json()
        assert (body["total"], body["total_is_exact"]) == (first["total"], True)
        seen += [item["id"] for item in body["items"]]
    assert first["total"] == len(seen) == (1 if "per_company" in params else len(created))
    if first["next_cursor"]:
        closed = await client.post(
            f"/api/v1/jobs/{created[0]['id']}/close",
            json={"reason": "filled"},
            headers=employer.headers,
        )
        assert closed.status_code == 200, closed.text
        again = (
            await client.get(SEARCH, params={**params, "limit": 2, "cursor": first["next_cursor"]})
        ).json()
        assert again["total"] == first["total"]


async def test_anyone_may_search_and_sees_only_open_jobs(
    client: httpx.AsyncClient, employer: Account, make_job: MakeJob
) -> None:
    """Members of a company do not see its drafts in search; nobody needs to sign in."""
    await make_job(title="Hidden Draft Role")
    signed_in = await client.get(SEARCH, params={"q": "hidden"}, headers=employer.headers)
    assert signed_in.status_code == 200
    assert signed_in.json()["items"] == []
    assert (await client.get(SEARCH)).status_code == 200


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "x" * 501}, "query.q"),
        ({"q": "python\x00"}, "query.q"),
        ({"limit": 0}, "query.limit"),
        ({"limit": 101}, "query.limit"),
        ({"skills": "no-such-skill"}, "query.skills"),
        ({"category": "no-such-category"}, "query.category"),
        ({"company": "no-such-company"}, "query.company"),
        ({"location": "Atlantis of Nowhere"}, "query.location"),
        ({"location": "95,200"}, "query.location"),
        ({"salary_min": 100, "salary_currency": "XTS"}, "query.salary_currency"),
        ({"sort": "distance"}, "query.sort"),
        ({"sort": "random"}, "query.sort"),
        ({"facets": "colour"}, "query.facets"),
        ({"radius_km": 0}, "query.radius_km"),
        ({"per_company": 0}, "query.per_company"),
        ({"seniority": "wizard"}, "query.seniority[0]"),
    ],
)
async def test_bad_input_is_a_problem(
    client: httpx.AsyncClient, params: dict[str, Any], field: str
) -> None:
    """Each bad parameter answers 422 naming the field."""
    response = await client.get(SEARCH, params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [error["field"] for error in response.json()["errors"]]


async def test_forged_and_foreign_cursors_are_refused(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """A cursor this API did not sign, or one from another search, is a 400 problem."""
    for _ in range(3):
        await make_job(status="published")
    first = (await client.get(SEARCH, params={"q": "backend", "limit": 1})).json()
    assert first["next_cursor"]
    # The signature's last characters replaced by others (a cursor may already end in AA).
    ending = "BB" if first["next_cursor"].endswith("AA") else "AA"
    for params in (
        {"q": "backend", "cursor": "not-a-cursor"},
        {"q": "backend", "cursor": first["next_cursor"][:-2] + ending},
        {"q": "golang", "cursor": first["next_cursor"]},
        {"q": "backend", "sort": "newest", "cursor": first["next_cursor"]},
    ):
        response = await client.get(SEARCH, params=params)
        assert response.status_code == 400, params
        assert response.json()["type"] == "/problems/invalid-cursor"


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    q=st.one_of(
        st.text(max_size=600),
        st.text(alphabet='"-()|*:^~ ORANDNOT\x00', max_size=40),
        st.just("x" * 10_000),
        st.just("🙂" * 200),
    ),
    limit=st.integers(min_value=-5, max_value=150),
    cursor=st.one_of(st.none(), st.text(max_size=60)),
)
async def test_any_query_is_a_result_or_a_problem(
    client: httpx.AsyncClient, q: str, limit: int, cursor: str | None
) -> None:
    """Generated queries, limits and cursors answer 200, 400 or 422, never a server error."""
    params: dict[str, Any] = {"q": q, "limit": limit}
    if cursor is not None:
        params["cursor"] = cursor
    response = await client.get(SEARCH, params=params)
    assert response.status_code in (200, 400, 422), (params, response.text)
    if response.status_code != 200:
        assert response.headers["content-type"] == "application/problem+json"


async def test_facets_are_recounted_after_a_job_changes(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """Cached facet counts are retired by the next change to the index."""
    await make_job(status="published")
    params = {"q": "backend", "facets": "workplace"}
    first = (await client.get(SEARCH, params=params)).json()["facets"]["workplace"]
    assert first == [{"value": "hybrid", "label": "hybrid", "count": 1}]
    await make_job(status="published", workplace="remote", locations=[])
    second = (await client.get(SEARCH, params=params)).json()["facets"]["workplace"]
    assert {item["value"]: item["count"] for item in second} == {"hybrid": 1, "remote": 1}


async def test_totals_are_counted_up_to_a_cap(
    client: httpx.AsyncClient, make_job: MakeJob, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond the cap, the total says so instead of counting every match."""
    from jobboard.search import service

    monkeypatch.setattr(service, "TOTAL_CAP", 2)
    for _ in range(3):
        await make_job(status="published")
    body = (await client.get(SEARCH, params={"q": "backend"})).json()
    assert (body["total"], body["total_is_exact"]) == (2, False)
    assert len(body["items"]) == 3
    exact = (await client.get(SEARCH, params={"q": "backend", "per_company": 2})).json()
    assert (exact["total"], exact["total_is_exact"]) == (2, True)


async def test_renaming_a_company_reindexes_its_jobs(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any], make_job: MakeJob
) -> None:
    """Jobs are found by their company's name, also after the company renames itself."""
    job = await make_job(status="published")
    etag = (await client.get(f"/api/v1/companies/{company['slug']}")).headers["ETag"]
    renamed = await client.patch(
        f"/api/v1/companies/{company['slug']}",
        json={"name": "Zanzibar Robotics"},
        headers={**employer.headers, "If-Match": etag},
    )
    assert renamed.status_code == 200, renamed.text
    assert await ids(client, q="zanzibar") == [job["id"]]


def _kept_reads(metrics: str, outcome: str) -> float:
    prefix = f'jobboard_kept_reads_total{{kind="search:exact",outcome="{outcome}"}} '
    return sum(float(line.split()[-1]) for line in metrics.splitlines() if line.startswith(prefix))


async def test_a_repeated_search_is_read_from_the_cache_until_a_job_changes(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """The second asking of a search is a cache read (counted in /metrics); a new job
    changes the generation, and the next asking finds it."""
    first = await make_job(status="published", title="Zig Compiler Engineer", skills=[])
    before = (await client.get("/metrics")).text
    assert await ids(client, q="zig compiler") == [first["id"]]
    assert await ids(client, q="zig compiler") == [first["id"]]
    after = (await client.get("/metrics")).text
    assert _kept_reads(after, "computed") - _kept_reads(before, "computed") == 1
    assert _kept_reads(after, "fresh") - _kept_reads(before, "fresh") == 1

    second = await make_job(status="published", title="Zig Compiler Lead", skills=[])
    assert set(await ids(client, q="zig compiler")) == {first["id"], second["id"]}
    assert (
        _kept_reads((await client.get("/metrics")).text, "computed")
        - _kept_reads(after, "computed")
        == 1
    )
