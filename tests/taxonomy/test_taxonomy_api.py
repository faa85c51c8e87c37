"""Categories with live figures and skills by prefix, through the REST API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from conftest import assert_problem
from jobboard.models import Category, Skill, SkillAlias, TaxonomyRelease
from jobboard.taxonomy.catalog import load_catalog
from jobboard.taxonomy.service import sync_taxonomy

MakeJob = Callable[..., Awaitable[dict[str, Any]]]


async def test_categories_list_counts_open_jobs(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """The list shows every category in order with its open jobs; drafts do not count."""
    await make_job(status="published")
    await make_job(status="published", title="Senior Go Engineer")
    await make_job()  # a draft
    response = await client.get("/api/v1/categories", params={"limit": 100})
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["slug"] for item in items] == [c.slug for c in load_catalog().categories]
    counts = {item["slug"]: item["open_jobs"] for item in items}
    assert counts["senior-back-end-developer"] == 2
    assert counts["front-end-developer"] == 0


async def test_category_detail_has_description_and_live_stats(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """Pay percentiles, top skills, places and remote share come from open jobs."""
    salaries = [(6_000_000, 8_000_000), (8_000_000, 10_000_000), (10_000_000, 12_000_000)]
    for index, (low, high) in enumerate(salaries):
        await make_job(
            status="published",
            workplace="remote" if index == 0 else "hybrid",
            salary={"min": low, "max": high, "currency": "USD"},
        )
    response = await client.get("/api/v1/categories/senior-back-end-developer")
    assert response.status_code == 200
    body = response.json()
    assert "### Typical responsibilities" in body["description"]
    assert body["typical_skills"][0]["slug"]
    stats = body["stats"]
    assert stats["open_jobs"] == 3
    # Midpoints 70k, 90k, 110k USD: linear percentiles 80k, 90k, 100k.
    assert stats["pay"]["currency"] == "USD"
    assert (stats["pay"]["p25"], stats["pay"]["p50"], stats["pay"]["p75"]) == (
        8_000_000,
        9_000_000,
        10_000_000,
    )
    assert stats["pay"]["sample_size"] == 3
    top = {skill["slug"]: skill for skill in stats["top_skills"]}
    assert top["go"]["jobs"] == 3
    assert top["go"]["share"] == 1.0
    assert stats["top_locations"][0] == {
        "city": "Berlin",
        "region": "Berlin",
        "country_code": "DE",
        "jobs": 3,
    }
    assert stats["remote_share"] == round(1 / 3, 4)
    assert stats["workplace_mix"] == {"remote": 1, "hybrid": 2}


async def test_category_pay_converts_to_the_requested_currency(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """Asking for EUR converts the USD percentiles at the bundled rate."""
    await make_job(
        status="published", salary={"min": 10_000_000, "max": 10_000_000, "currency": "USD"}
    )
    response = await client.get(
        "/api/v1/categories/senior-back-end-developer", params={"currency": "eur"}
    )
    assert response.status_code == 200
    pay = response.json()["stats"]["pay"]
    assert pay["currency"] == "EUR"
    assert pay["p50"] == 8_700_000


async def test_category_errors_are_problems(client: httpx.AsyncClient) -> None:
    """Unknown categories are 404 and unsupported currencies 422, as problems."""
    missing = await client.get("/api/v1/categories/no-such-category")
    assert_problem(missing, 404, "/problems/not-found")
    currency = await client.get(
        "/api/v1/categories/senior-back-end-developer", params={"currency": "XTS"}
    )
    assert currency.status_code == 422
    assert currency.json()["errors"][0]["field"] == "query.currency"


async def test_skills_prefix_matches_names_and_aliases(client: httpx.AsyncClient) -> None:
    """`k8` finds Kubernetes through its alias; `post` finds PostgreSQL and Postman."""
    k8 = await client.get("/api/v1/skills", params={"prefix": "k8"})
    assert [skill["slug"] for skill in k8.json()["items"]] == ["kubernetes"]
    post = await client.get("/api/v1/skills", params={"prefix": "POST", "limit": 100})
    slugs = {skill["slug"] for skill in post.json()["items"]}
    assert "postgresql" in slugs
    languages = await client.get("/api/v1/skills", params={"kind": "language", "limit": 100})
    assert {skill["kind"] for skill in languages.json()["items"]} == {"language"}


async def test_skills_list_pages_through_every_skill(client: httpx.AsyncClient) -> None:
    """Walking the cursor returns each skill exactly once."""
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 100}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get("/api/v1/skills", params=params)).json()
        seen += [skill["slug"] for skill in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == len(load_catalog().skills)
    assert seen == sorted(seen)


async def test_skill_lookup_by_alias(client: httpx.AsyncClient) -> None:
    """`/skills/golang` answers with Go."""
    response = await client.get("/api/v1/skills/golang")
    assert response.status_code == 200
    assert response.json()["slug"] == "go"
    assert "golang" in response.json()["aliases"]
    assert (await client.get("/api/v1/skills/not-a-skill")).status_code == 404


async def test_sync_is_idempotent_and_keeps_ids(session: AsyncSession) -> None:
    """Re-syncing the same version does nothing; forcing it keeps every row's id."""
    catalog = load_catalog()
    before = dict((await session.execute(select(Skill.slug, Skill.id))).all())
    assert await sync_taxonomy(session, catalog=catalog) is False
    assert await sync_taxonomy(session, catalog=catalog, force=True) is True
    after = dict((await session.execute(select(Skill.slug, Skill.id))).all())
    assert before == after
    assert await session.scalar(select(func.count()).select_from(Category)) == len(
        catalog.categories
    )
    aliases = await session.scalar(select(func.count()).select_from(SkillAlias))
    assert aliases is not None
    assert aliases > len(catalog.skills)
    versions = await session.scalar(select(func.count()).select_from(TaxonomyRelease))
    assert versions is not None
    assert versions >= 1
