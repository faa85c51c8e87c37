"""Where each kind of feed lives, and fetching it (over checked outbound HTTP, or a local file
for the CLI)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from jobboard.integrations import outbound
from jobboard.integrations.feeds.formats import PARSERS, with_workday_detail, workday_job_paths
from jobboard.integrations.feeds.items import FeedError, FeedItem, ParsedFeed

BOARD_URLS = {
    "greenhouse": "https://boards-api.greenhouse.io/v1/boards/{token}/jobs?content=true",
    "lever": "https://api.lever.co/v0/postings/{token}?mode=json",
    "ashby": "https://api.ashbyhq.com/posting-api/job-board/{token}?includeCompensation=true",
    "smartrecruiters": "https://api.smartrecruiters.com/v1/companies/{token}/postings",
    "workable": "https://apply.workable.com/api/v1/widget/accounts/{token}?details=true",
    "remotive": "https://remotive.com/api/remote-jobs?company_name={token}",
}
# Feeds fetched with a credential, and the headers it is sent in: USAJOBS wants the key in
# `Authorization-Key` and the e-mail it was issued to as `User-Agent`.
CREDENTIAL_KINDS = frozenset(("usajobs",))
SMARTRECRUITERS_PAGE = 100
SMARTRECRUITERS_MAX_PAGES = 50
# A Workday career site's search answers 20 jobs per POST.
WORKDAY_PAGE = 20
WORKDAY_MAX_PAGES = 50
# Job pages fetched at once: a search lists no description, each job's page has it.
WORKDAY_DETAIL_CONCURRENCY = 4


def feed_url(kind: str, *, url: str | None, board_token: str | None) -> str:
    if url:
        return url
    if board_token and kind in BOARD_URLS:
        return BOARD_URLS[kind].format(token=quote(board_token, safe=""))
    raise FeedError(f"a {kind} feed needs a URL")


def credential_headers(kind: str, *, api_key: str, account: str) -> dict[str, str]:
    """The headers a feed of this kind sends its credential in."""
    if kind == "usajobs":
        return {"Authorization-Key": api_key, "User-Agent": account}
    raise FeedError(f"a {kind} feed takes no credential")


async def _get(
    url: str,
    *,
    json_body: dict[str, object] | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> bytes:
    """GET the URL, or POST ``json_body`` to it."""
    headers = {"Accept": "application/json, application/xml, text/html;q=0.9, */*;q=0.5"}
    headers.update(extra_headers or {})
    if json_body is not None:
        headers["Content-Type"] = "application/json"
    try:
        answer = await outbound.request(
            "GET" if json_body is None else "POST",
            url,
            content=None if json_body is None else json.dumps(json_body).encode(),
            headers=headers,
            follow_redirects=outbound.MAX_REDIRECTS,
        )
    except outbound.OutboundError as error:
        raise FeedError(str(error)) from error
    if not 200 <= answer.status_code < 300:
        raise FeedError(f"{urlsplit(url).hostname} answered HTTP {answer.status_code}")
    return answer.body


def _with_query(url: str, **params: int) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update({key: str(value) for key, value in params.items()})
    return urlunsplit(parts._replace(query=urlencode(query)))


async def fetch(kind: str, url: str, *, headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """Fetch and parse a feed (sending ``headers``, a credential's, with each request); raise
    FeedError when it cannot be read as a whole."""
    parse = PARSERS[kind]
    if kind == "workday" and urlsplit(url).path.rstrip("/").endswith("/jobs"):
        return await _fetch_workday_search(url)
    if kind != "smartrecruiters":
        return parse(await _get(url, extra_headers=headers))
    # SmartRecruiters pages through offset/limit (at most 100 per page).
    combined = ParsedFeed()
    for page in range(SMARTRECRUITERS_MAX_PAGES):
        offset = page * SMARTRECRUITERS_PAGE
        body = await _get(_with_query(url, offset=offset, limit=SMARTRECRUITERS_PAGE))
        parsed = parse(body)
        combined.items.extend(parsed.items)
        combined.problems.extend(parsed.problems)
        total = json.loads(body).get("totalFound")
        if not isinstance(total, int) or offset + SMARTRECRUITERS_PAGE >= total:
            break
    return combined


async def _fetch_workday_search(url: str) -> ParsedFeed:
    """Page through a Workday career site's search (POST .../wday/cxs/{tenant}/{site}/jobs),
    then read each job's page (GET .../wday/cxs/{tenant}/{site}/job/...) for its description."""
    combined = ParsedFeed()
    paths: dict[str, str] = {}
    for page in range(WORKDAY_MAX_PAGES):
        offset = page * WORKDAY_PAGE
        body = await _get(
            url,
            json_body={
                "appliedFacets": {},
                "limit": WORKDAY_PAGE,
                "offset": offset,
                "searchText": "",
            },
        )
        parsed = PARSERS["workday"](body)
        combined.items.extend(parsed.items)
        combined.problems.extend(parsed.problems)
        paths.update(workday_job_paths(body))
        total = json.loads(body).get("total")
        if not isinstance(total, int) or offset + WORKDAY_PAGE >= total or not parsed.items:
            break
    site = url.rstrip("/").removesuffix("/jobs")
    turns = asyncio.Semaphore(WORKDAY_DETAIL_CONCURRENCY)

    async def completed(item: FeedItem) -> FeedItem:
        path = paths.get(item.source_id)
        if path is None:
            return item
        async with turns:
            try:
                page = PARSERS["workday"](await _get(site + path))
            except FeedError:
                # The job is still listed: it imports with what the search gave.
                return item
        return with_workday_detail(item, page.items[0]) if page.items else item

    combined.items = list(await asyncio.gather(*map(completed, combined.items)))
    return combined


def read_file(kind: str, path: Path) -> ParsedFeed:
    """Parse a feed saved to disk (the CLI's `jobboard import KIND FILE`)."""
    try:
        body = path.read_bytes()
    except OSError as error:
        raise FeedError(f"cannot read {path}: {error}") from error
    return PARSERS[kind](body)
