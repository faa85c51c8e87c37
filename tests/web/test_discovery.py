"""How crawlers and feed readers find jobs: robots.txt, the sitemap index and its chunks
(open jobs only, at canonical addresses, each with its last change), and the public Atom and
JSON feeds of categories and searches."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from defusedxml import ElementTree
from sqlalchemy import select, update

from conftest import Account, assert_problem, job_payload
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.kit.clock import utcnow
from jobboard.kit.sitemaps import SitemapUrl, sitemap_index, urlset
from jobboard.kit.urls import job_path
from jobboard.models import Category, Job
from jobboard.web import discovery

MakeJob = Callable[..., Awaitable[dict[str, Any]]]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def _base() -> str:
    return get_settings().public_url.rstrip("/")


def _local(url: str) -> str:
    """The path of one of our absolute URLs, to ask the test client for it."""
    assert url.startswith(_base() + "/"), url
    return url.removeprefix(_base())


async def _xml(client: httpx.AsyncClient, path: str) -> Any:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/xml"
    assert "max-age" in response.headers["cache-control"]
    return ElementTree.fromstring(response.content)


def _entries(root: Any, tag: str) -> list[tuple[str, str | None]]:
    """(loc, lastmod) of each <url> or <sitemap> element."""
    return [
        (element.findtext(f"{SITEMAP}loc"), element.findtext(f"{SITEMAP}lastmod"))
        for element in root.findall(f"{SITEMAP}{tag}")
    ]


async def _listed_jobs(client: httpx.AsyncClient) -> tuple[list[str], list[str]]:
    """The job sitemaps the index names, and every address they list."""
    index = await _xml(client, "/sitemap.xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    chunks = [loc for loc, _ in _entries(index, "sitemap") if "/sitemaps/jobs-" in loc]
    listed: list[str] = []
    for chunk in chunks:
        root = await _xml(client, _local(chunk))
        assert root.tag == f"{SITEMAP}urlset"
        entries = _entries(root, "url")
        assert 0 < len(entries) <= discovery.SITEMAP_CHUNK
        for loc, lastmod in entries:
            assert lastmod is not None
            datetime.fromisoformat(lastmod)
            listed.append(loc)
    return chunks, listed


async def _change(database: Database, job_id: int, **values: Any) -> None:
    """Write columns of a job directly (what time would do to it)."""
    async with database.unit_of_work() as session:
        await session.execute(update(Job).where(Job.id == job_id).values(**values))


async def _publish(make_job: MakeJob, count: int, **fields: Any) -> list[dict[str, Any]]:
    return [
        await make_job(status="published", title=f"Platform Engineer {number}", **fields)
        for number in range(count)
    ]


async def test_robots_allow_public_pages_and_point_to_the_sitemap(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    for private in ("/me/", "/account/", "/api/", "/unsubscribe/", "/jobs/feed.", "/*cursor="):
        assert f"Disallow: {private}" in lines
    assert "Allow: /" in lines
    assert f"Sitemap: {_base()}/sitemap.xml" in lines


async def test_the_sitemap_lists_open_jobs_in_chunks_of_at_most_the_limit(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    make_job: MakeJob,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With chunks of two job ids, every open job is listed once at its canonical address
    with its last change; drafts, closed and expired jobs are not; a chunk that lists
    nothing is 404."""
    monkeypatch.setattr(discovery, "SITEMAP_CHUNK", 2)
    open_jobs = await _publish(make_job, 5)
    draft = await make_job(title="Draft Engineer")
    closed = await make_job(status="published", title="Closed Engineer")
    closing = await client.post(
        f"/api/v1/jobs/{closed['id']}/close", json={"reason": "filled"}, headers=employer.headers
    )
    assert closing.status_code == 200, closing.text
    expired = await make_job(status="published", title="Expired Engineer")
    await _change(database, expired["id"], expires_at=utcnow() - timedelta(minutes=1))

    chunks, listed = await _listed_jobs(client)
    expected = {_base() + job_path(job["id"], job["title"]) for job in open_jobs}
    assert sorted(listed) == sorted(expected)
    assert len(chunks) == len({job["id"] // 2 for job in open_jobs})
    for gone in (draft, closed, expired):
        assert not any(f"/jobs/{gone['id']}-" in loc for loc in listed)
    async with database.sessionmaker() as session:
        changed = await session.scalar(select(Job.updated_at).where(Job.id == open_jobs[0]["id"]))
    assert changed is not None
    first = await _xml(client, _local(chunks[0]))
    lastmods = dict(_entries(first, "url"))
    assert lastmods[_base() + job_path(open_jobs[0]["id"], open_jobs[0]["title"])] == (
        changed.replace(microsecond=0).isoformat()
    )

    empty = draft["id"] // 2 + 1000
    assert_problem(await client.get(f"/sitemaps/jobs-{empty}.xml"), 404, "/problems/not-found")
    assert (await client.get(f"/sitemaps/jobs-{10**30}.xml")).status_code == 404


async def test_the_other_pages_are_every_category_and_the_skills_and_companies_hiring(
    client: httpx.AsyncClient,
    database: Database,
    accounts: Callable[..., Awaitable[Account]],
    make_job: MakeJob,
) -> None:
    """Home and the directory, every category page, the skills open jobs ask for, and the
    companies with open jobs (not one with only a draft), all with a last change."""
    job = await make_job(status="published")
    other = await accounts("employer")
    quiet = await client.post(
        "/api/v1/companies", json={"name": "Quiet Company"}, headers=other.headers
    )
    assert quiet.status_code == 201, quiet.text
    drafted = await client.post(
        "/api/v1/jobs", json=job_payload(quiet.json()["slug"]), headers=other.headers
    )
    assert drafted.status_code == 201, drafted.text

    index = _entries(await _xml(client, "/sitemap.xml"), "sitemap")
    assert index[0][0] == f"{_base()}/sitemaps/pages.xml"
    assert index[0][1] is not None
    pages = dict(_entries(await _xml(client, "/sitemaps/pages.xml"), "url"))
    assert all(lastmod is not None for lastmod in pages.values())
    async with database.sessionmaker() as session:
        categories = list(await session.scalars(select(Category.slug)))
    expected = {f"{_base()}/", f"{_base()}/categories"} | {
        f"{_base()}/categories/{slug}" for slug in categories
    }
    assert expected <= set(pages)
    skills = {loc.rsplit("/", 1)[1] for loc in pages if "/skills/" in loc}
    assert skills == {skill["slug"] for skill in job["skills"]}

    companies: set[str] = set()
    for loc, _ in index:
        if "/sitemaps/companies-" in loc:
            entries = _entries(await _xml(client, _local(loc)), "url")
            assert all(lastmod is not None for _, lastmod in entries)
            companies |= {loc.rsplit("/", 1)[1] for loc, _ in entries}
    assert companies == {job["company"]["slug"]}


async def test_sitemaps_answer_304_until_a_job_changes(
    client: httpx.AsyncClient, employer: Account, make_job: MakeJob
) -> None:
    job = await make_job(status="published")
    first = await client.get("/sitemap.xml")
    tag = first.headers["etag"]
    assert (await client.get("/sitemap.xml", headers={"If-None-Match": tag})).status_code == 304
    closed = await client.post(
        f"/api/v1/jobs/{job['id']}/close", json={"reason": "filled"}, headers=employer.headers
    )
    assert closed.status_code == 200
    assert (await client.get("/sitemap.xml", headers={"If-None-Match": tag})).status_code == 200


def test_sitemap_documents_escape_addresses() -> None:
    """Ampersands, quotes and angle brackets are entity-escaped; characters XML cannot hold
    are dropped; the documents parse back to the same addresses."""
    address = "https://jobs.example.com/jobs?q=c%2B%2B&a='b'&c=\"d\"<e>\x01"
    document = urlset([SitemapUrl(address, utcnow())])
    assert b"&amp;a=&apos;b&apos;&amp;c=&quot;d&quot;&lt;e&gt;" in document
    parsed = ElementTree.fromstring(document)
    assert parsed.findtext(f"{SITEMAP}url/{SITEMAP}loc") == address.replace("\x01", "")
    index = ElementTree.fromstring(sitemap_index([SitemapUrl(address)]))
    assert index.find(f"{SITEMAP}sitemap/{SITEMAP}lastmod") is None


# -- feeds ---------------------------------------------------------------------------------


async def test_a_category_feed_lists_its_newest_jobs_in_both_formats(
    client: httpx.AsyncClient, database: Database, make_job: MakeJob
) -> None:
    """Atom and JSON Feed agree, newest first; entries link to the canonical job page
    (absolute), name the company, place and pay, carry both dates, and summarise in plain
    text, never Markdown; other categories' jobs are not listed."""
    older = await make_job(status="published", title="Go Engineer")
    newer = await make_job(
        status="published",
        title="Payments Engineer",
        description="We build **payment APIs** in [Go](https://go.dev).\n\n- one\n- two",
    )
    elsewhere = await make_job(status="published", category="front-end-developer")
    await _change(database, older["id"], published_at=utcnow() - timedelta(hours=1))
    path = "/categories/senior-back-end-developer/feed"

    answer = await client.get(path + ".json")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/feed+json")
    assert "max-age" in answer.headers["cache-control"]
    feed = json.loads(answer.text)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == _base() + path + ".json"
    assert feed["home_page_url"] == f"{_base()}/categories/senior-back-end-developer"
    items = feed["items"]
    assert [item["url"] for item in items] == [
        _base() + job_path(job["id"], job["title"]) for job in (newer, older)
    ]
    assert elsewhere["id"] not in {item["_jobboard"]["id"] for item in items}
    first = items[0]
    # The id stays when the title (and so the address's slug) changes.
    assert first["id"] == f"{_base()}/jobs/{newer['id']}"
    assert first["title"] == f"Payments Engineer at {newer['company']['name']}"
    assert first["authors"] == [{"name": newer["company"]["name"]}]
    assert {"date_published", "date_modified", "content_text"} <= set(first)
    text = first["content_text"]
    assert "Berlin, Germany (hybrid)" in text
    assert "€70,000–€90,000 a year" in text
    assert "payment APIs" in text
    assert "**" not in text
    assert "](" not in text

    atom = await client.get(path + ".atom")
    assert atom.status_code == 200
    assert atom.headers["content-type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(atom.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == _base() + path + ".atom"
    entries = root.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}link").get("href") for entry in entries] == [
        item["url"] for item in items
    ]
    entry = entries[0]
    assert entry.findtext(f"{ATOM}id") == items[0]["id"]
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == newer["company"]["name"]
    assert entry.findtext(f"{ATOM}summary") == text
    for name in ("published", "updated"):
        datetime.fromisoformat(entry.findtext(f"{ATOM}{name}"))

    again = await client.get(path + ".atom", headers={"If-None-Match": atom.headers["etag"]})
    assert again.status_code == 304
    assert_problem(await client.get("/categories/astronaut/feed.atom"), 404, "/problems/not-found")


async def test_a_search_feed_honours_the_search_pages_filters(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """The feed of a search page's query lists what that search finds, newest first, and
    links back to the search page; a search the page cannot run is a 422."""
    remote = await make_job(
        status="published",
        title="Remote Go Engineer",
        workplace="remote",
        locations=[],
        remote_regions=["DE"],
    )
    await make_job(status="published", title="Office Go Engineer")
    query = "q=golang&workplace=remote&sort=relevance&utm_source=mail"
    feed = json.loads((await client.get(f"/jobs/feed.json?{query}")).text)
    assert [item["_jobboard"]["id"] for item in feed["items"]] == [remote["id"]]
    assert feed["items"][0]["_jobboard"]["where"] == "Remote (Germany)"
    assert feed["feed_url"] == f"{_base()}/jobs/feed.json?q=golang&workplace=remote"
    assert feed["home_page_url"] == f"{_base()}/jobs?q=golang&workplace=remote&sort=newest"
    assert "golang jobs" in feed["title"]
    assert "Remote" in feed["title"]

    atom = ElementTree.fromstring((await client.get(f"/jobs/feed.atom?{query}")).content)
    links = [entry.find(f"{ATOM}link").get("href") for entry in atom.iter(f"{ATOM}entry")]
    assert links == [item["url"] for item in feed["items"]]

    everything = json.loads((await client.get("/jobs/feed.json")).text)
    assert len(everything["items"]) == 2
    published = [item["date_published"] for item in everything["items"]]
    assert published == sorted(published, reverse=True)
    assert (await client.get("/jobs/feed.json?location=Qwxzvbnk")).status_code == 422
    assert (await client.get("/jobs/feed.json?salary_min=-5")).status_code == 422


async def test_category_and_search_pages_point_to_their_feeds(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """The <link rel="alternate"> of the pages lead to feeds that answer."""
    await make_job(status="published")
    for page in ("/categories/senior-back-end-developer", "/jobs?q=golang&workplace=hybrid"):
        text = (await client.get(page)).text
        for kind in ("atom+xml", "feed+json"):
            marker = f'rel="alternate" type="application/{kind}"'
            assert marker in text
            href = text.split(marker, 1)[1].split('href="', 1)[1].split('"', 1)[0]
            answer = await client.get(href.replace("&amp;", "&"))
            assert answer.status_code == 200, href
