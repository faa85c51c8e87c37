"""How search engines and feed readers find the jobs: ``/robots.txt``, the sitemaps
(``/sitemap.xml`` and its chunks under ``/sitemaps/``), and Atom and JSON feeds of the
newest jobs per category (``/categories/{slug}/feed.atom``) and per search
(``/jobs/feed.json?<the search page's query>``).

These are documents for machines, not pages: nobody's session is read, errors are
problem+json, and every answer carries an ETag (304 when unchanged) and public caching.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response

from jobboard.conditional import is_not_modified, make_etag
from jobboard.config import Settings
from jobboard.dependencies import AppCache, AppSettings, DbSession
from jobboard.discovery import service as discovery
from jobboard.discovery.service import IndexState
from jobboard.errors import NotFound
from jobboard.kit import feeds, sitemaps
from jobboard.kit.clock import utcnow
from jobboard.kit.feeds import Feed, FeedEntry, FeedFormat
from jobboard.kit.sitemaps import SitemapUrl
from jobboard.kit.urls import job_path
from jobboard.routing import UnitOfWorkRoute
from jobboard.search.dependencies import RESULT_KEEP_SECONDS, run_search
from jobboard.search.schemas import SearchHit, SearchParams, SearchRequest
from jobboard.taxonomy.service import category_by_slug
from jobboard.web.rendering import base_url, compressed_response, pay_text, where_text
from jobboard.web.search import SearchLinks, active_filters

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)

# Addresses per sitemap chunk (the protocol's limit; tests make it small).
SITEMAP_CHUNK = sitemaps.MAX_URLS
FEED_ITEMS = 50
SITEMAP_CACHE = "public, max-age=3600"
FEED_CACHE = "public, max-age=300"
XML = "application/xml"
_TAG = re.compile(r"<[^>]*>")
# The feed time of a board with no change recorded yet.
_BEGINNING = datetime(2026, 1, 1, tzinfo=UTC)

ROBOTS = """\
User-agent: *
Allow: /
Disallow: /me/
Disallow: /account/
Disallow: /employer/
Disallow: /admin/
Disallow: /api/
Disallow: /unsubscribe/
Disallow: /search/
Disallow: /jobs/*/apply
Disallow: /jobs/feed.
Disallow: /*cursor=

Sitemap: {base}/sitemap.xml
"""


@router.get("/robots.txt")
async def robots(settings: AppSettings) -> Response:
    """Crawl the public pages, not the private ones, the API, search paging or the search
    feeds (endless variations of the search pages); the sitemap lists what to crawl."""
    return Response(
        ROBOTS.format(base=base_url(settings)),
        media_type="text/plain",
        headers={"Cache-Control": "public, max-age=86400"},
    )


# -- sitemaps ------------------------------------------------------------------------------

# A sitemap's document, from the site's address, the time and the search index's state.
Builder = Callable[[str, datetime, IndexState], Awaitable[bytes]]
_EMPTY_CHUNK = "This sitemap lists nothing now; /sitemap.xml names the current ones."


async def _sitemap_answer(
    request: Request, session: DbSession, name: str, build: Builder
) -> Response:
    """The sitemap ``name``, or 304: every sitemap changes only with the search index."""
    state = await discovery.index_state(session)
    etag = make_etag("sitemap", name, SITEMAP_CHUNK, state.generation)
    headers = {"ETag": etag, "Cache-Control": SITEMAP_CACHE}
    if is_not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    body = await build(base_url(request.app.state.settings), utcnow(), state)
    return compressed_response(request, body, media_type=XML, headers=headers)


@router.get("/sitemap.xml")
async def sitemap_index(request: Request, session: DbSession) -> Response:
    """The sitemap index: the other pages, then companies and jobs in chunks of id ranges
    (a chunk is listed only while it holds something)."""

    async def build(base: str, now: datetime, state: IndexState) -> bytes:
        companies = await discovery.company_chunks(session, size=SITEMAP_CHUNK)
        jobs = await discovery.job_chunks(session, now=now, size=SITEMAP_CHUNK)
        return sitemaps.sitemap_index(
            [
                SitemapUrl(f"{base}/sitemaps/pages.xml", state.changed_at),
                *(SitemapUrl(f"{base}/sitemaps/companies-{number}.xml") for number in companies),
                *(SitemapUrl(f"{base}/sitemaps/jobs-{number}.xml") for number in jobs),
            ]
        )

    return await _sitemap_answer(request, session, "index", build)


@router.get("/sitemaps/pages.xml")
async def pages_sitemap(request: Request, session: DbSession) -> Response:
    """Home, the category directory and every category page, and the skills published jobs
    ask for."""

    async def build(base: str, now: datetime, state: IndexState) -> bytes:
        pages = await discovery.other_pages(session)
        return sitemaps.urlset(
            [
                SitemapUrl(f"{base}/", state.changed_at),
                SitemapUrl(f"{base}/categories", state.changed_at),
                *(
                    SitemapUrl(f"{base}/categories/{slug}", state.changed_at)
                    for slug in pages.categories
                ),
                *(
                    SitemapUrl(f"{base}/skills/{entry.slug}", entry.changed_at)
                    for entry in pages.skills
                ),
            ]
        )

    return await _sitemap_answer(request, session, "pages", build)


@router.get("/sitemaps/companies-{number:int}.xml")
async def companies_sitemap(number: int, request: Request, session: DbSession) -> Response:
    """The pages of companies with published jobs, in chunk ``number`` of company ids."""

    async def build(base: str, now: datetime, state: IndexState) -> bytes:
        entries = await discovery.companies_in_chunk(session, number=number, size=SITEMAP_CHUNK)
        if not entries:
            raise NotFound(_EMPTY_CHUNK)
        return sitemaps.urlset(
            SitemapUrl(f"{base}/companies/{entry.slug}", entry.changed_at) for entry in entries
        )

    return await _sitemap_answer(request, session, f"companies-{number}", build)


@router.get("/sitemaps/jobs-{number:int}.xml")
async def jobs_sitemap(number: int, request: Request, session: DbSession) -> Response:
    """The open jobs of chunk ``number`` of job ids, at their canonical addresses."""

    async def build(base: str, now: datetime, state: IndexState) -> bytes:
        entries = await discovery.jobs_in_chunk(session, number=number, size=SITEMAP_CHUNK, now=now)
        if not entries:
            raise NotFound(_EMPTY_CHUNK)
        return sitemaps.urlset(
            SitemapUrl(base + job_path(entry.id, entry.title), entry.updated_at)
            for entry in entries
        )

    return await _sitemap_answer(request, session, f"jobs-{number}", build)


# -- feeds ---------------------------------------------------------------------------------


def plain_text(snippet: str) -> str:
    """A search snippet (HTML-escaped text with ``<mark>`` around the matched words) as
    plain text."""
    return html.unescape(_TAG.sub("", snippet)).strip()


def _entry(hit: SearchHit, updated: datetime | None, base: str) -> FeedEntry:
    url = base + job_path(hit.id, hit.title)
    where = where_text(hit)
    pay = pay_text(hit.salary)
    facts = " · ".join(part for part in (hit.company.name, where, pay) if part)
    snippet = plain_text(hit.description_snippet)
    published = hit.published_at or updated or _BEGINNING
    return FeedEntry(
        url=url,
        id=f"{base}/jobs/{hit.id}",
        title=f"{hit.title} at {hit.company.name}",
        summary=f"{facts}\n\n{snippet}" if snippet else facts,
        published=published,
        updated=updated or published,
        author=hit.company.name,
        tags=[skill.name for skill in hit.skills],
        extension={
            "id": hit.id,
            "company": {"slug": hit.company.slug, "name": hit.company.name},
            "workplace": hit.workplace,
            "where": where,
            "pay": pay or None,
            "salary": hit.salary.model_dump(mode="json") if hit.salary else None,
        },
    )


async def _feed_answer(
    request: Request,
    session: DbSession,
    cache: AppCache,
    *,
    kind: FeedFormat,
    search: SearchRequest,
    title: str,
    description: str,
    page_url: str,
    feed_path: str,
    query: str = "",
) -> Response:
    """The newest jobs ``search`` finds as a feed of format ``kind``; 304 when unchanged."""
    settings: Settings = request.app.state.settings
    base = base_url(settings)
    result = await run_search(request, session, cache, search, keep_seconds=RESULT_KEEP_SECONDS)
    updated = await discovery.updated_times(session, [hit.id for hit in result.hits])
    entries = [_entry(hit, updated.get(hit.id), base) for hit in result.hits]
    suffix = f"?{query}" if query else ""
    document = Feed(
        id=f"{base}{feed_path}.atom{suffix}",
        title=title,
        description=description,
        home_page_url=page_url,
        atom_url=f"{base}{feed_path}.atom{suffix}",
        json_url=f"{base}{feed_path}.json{suffix}",
        updated=max((entry.updated for entry in entries), default=None)
        or (await discovery.index_state(session)).changed_at
        or _BEGINNING,
        entries=entries,
    )
    body = feeds.render(document, kind)
    etag = make_etag("feed", hashlib.sha256(body).hexdigest()[:24])
    headers = {"ETag": etag, "Cache-Control": FEED_CACHE}
    if is_not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    return compressed_response(request, body, media_type=feeds.MEDIA_TYPES[kind], headers=headers)


async def _category_feed(
    slug: str, kind: FeedFormat, request: Request, session: DbSession, cache: AppCache
) -> Response:
    category = await category_by_slug(session, slug)
    if category is None:
        raise NotFound(f"There is no category “{slug}”; /categories lists them all.")
    page = f"{base_url(request.app.state.settings)}/categories/{category.slug}"
    return await _feed_answer(
        request,
        session,
        cache,
        kind=kind,
        search=SearchRequest(
            categories=(category.slug,), sort="newest", limit=FEED_ITEMS, spell_check=False
        ),
        title=f"{category.name} jobs on Jobboard",
        description=f"The newest {category.name} jobs. {category.summary}",
        page_url=page,
        feed_path=f"/categories/{category.slug}/feed",
    )


@router.get("/categories/{slug}/feed.atom")
async def category_atom(
    slug: str, request: Request, session: DbSession, cache: AppCache
) -> Response:
    """The newest jobs of a category, Atom 1.0."""
    return await _category_feed(slug, "atom", request, session, cache)


@router.get("/categories/{slug}/feed.json")
async def category_json(
    slug: str, request: Request, session: DbSession, cache: AppCache
) -> Response:
    """The newest jobs of a category, JSON Feed 1.1."""
    return await _category_feed(slug, "json", request, session, cache)


async def _search_feed(
    params: SearchParams, kind: FeedFormat, request: Request, session: DbSession, cache: AppCache
) -> Response:
    links = SearchLinks(params)
    filters = [text for text, _ in active_filters(params, links)]
    title = f"{params.q} jobs" if params.q else "Software engineering jobs"
    if filters:
        title += " (" + ", ".join(filters) + ")"
    return await _feed_answer(
        request,
        session,
        cache,
        kind=kind,
        search=params.to_request(
            posted_within_days=params.posted_within_days, sort="newest", limit=FEED_ITEMS
        ),
        title=f"{title} on Jobboard",
        description="The newest jobs this search finds on Jobboard.",
        page_url=base_url(request.app.state.settings) + links.replace("sort", "newest"),
        feed_path="/jobs/feed",
        query=urlencode([pair for pair in links.pairs if pair[0] != "sort"]),
    )


@router.get("/jobs/feed.atom")
async def search_atom(
    request: Request,
    session: DbSession,
    cache: AppCache,
    params: Annotated[SearchParams, Query()],
) -> Response:
    """The newest jobs of a search (the search page's query), Atom 1.0."""
    return await _search_feed(params, "atom", request, session, cache)


@router.get("/jobs/feed.json")
async def search_json(
    request: Request,
    session: DbSession,
    cache: AppCache,
    params: Annotated[SearchParams, Query()],
) -> Response:
    """The newest jobs of a search (the search page's query), JSON Feed 1.1."""
    return await _search_feed(params, "json", request, session, cache)
