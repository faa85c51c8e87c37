"""Where each kind of feed lives, and fetching it (over checked outbound HTTP, or a local file
for the CLI)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from jobboard.integrations import outbound
from jobboard.integrations.feeds.formats import PARSERS
from jobboard.integrations.feeds.items import FeedError, ParsedFeed

BOARD_URLS = {
    "greenhouse": "https://boards-api.greenhouse.io/v1/boards/{token}/jobs?content=true",
    "lever": "https://api.lever.co/v0/postings/{token}?mode=json",
    "ashby": "https://api.ashbyhq.com/posting-api/job-board/{token}?includeCompensation=true",
    "smartrecruiters": "https://api.smartrecruiters.com/v1/companies/{token}/postings",
    "workable": "https://apply.workable.com/api/v1/widget/accounts/{token}?details=true",
}
SMARTRECRUITERS_PAGE = 100
SMARTRECRUITERS_MAX_PAGES = 50


def feed_url(kind: str, *, url: str | None, board_token: str | None) -> str:
    if url:
        return url
    if board_token and kind in BOARD_URLS:
        return BOARD_URLS[kind].format(token=quote(board_token, safe=""))
    raise FeedError(f"a {kind} feed needs a URL")


async def _get(url: str) -> bytes:
    try:
        answer = await outbound.request(
            "GET",
            url,
            headers={"Accept": "application/json, application/xml, text/html;q=0.9, */*;q=0.5"},
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


async def fetch(kind: str, url: str) -> ParsedFeed:
    """Fetch and parse a feed; raise FeedError when it cannot be read as a whole."""
    parse = PARSERS[kind]
    if kind != "smartrecruiters":
        return parse(await _get(url))
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


def read_file(kind: str, path: Path) -> ParsedFeed:
    """Parse a feed saved to disk (the CLI's `jobboard import KIND FILE`)."""
    try:
        body = path.read_bytes()
    except OSError as error:
        raise FeedError(f"cannot read {path}: {error}") from error
    return PARSERS[kind](body)
