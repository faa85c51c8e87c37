"""A company's integrations in a browser: feeds with their last result item by item and
"sync now", webhooks with their delivery log and a test event, API clients whose secret is
shown once and who can be revoked."""

from __future__ import annotations

import html
import re
from typing import Any

import httpx
from sqlalchemy import update

from conftest import Team
from jobboard.db import Database
from jobboard.models import FeedSource
from support_queue import queued
from support_web import another_browser, submit, web_sign_in


async def _browser(client: httpx.AsyncClient, email: str) -> httpx.AsyncClient:
    browser = another_browser(client)
    await web_sign_in(browser, email)
    return browser


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


async def test_a_feed_shows_its_last_result_item_by_item_and_syncs_on_request(
    client: httpx.AsyncClient, database: Database, team: Team
) -> None:
    """Connecting a feed through the form, its last result with every refused item and why,
    and "sync now" queueing a sync; a viewer reads but is offered no button."""
    recruiter = await _browser(client, team.recruiter.email)
    bad = await submit(
        recruiter,
        f"/employer/{team.slug}/feeds",
        f"/employer/{team.slug}/feeds",
        {"kind": "rss", "url": "", "board_token": "", "sync_interval_minutes": "5"},
    )
    assert bad.status_code == 422
    assert "field-error" in bad.text
    made = await submit(
        recruiter,
        f"/employer/{team.slug}/feeds",
        f"/employer/{team.slug}/feeds",
        {"kind": "greenhouse", "board_token": "acmeboard", "sync_interval_minutes": "60"},
    )
    assert made.status_code == 303, made.text
    feeds = await client.get(f"/api/v1/companies/{team.slug}/feeds", headers=team.owner.headers)
    feed_id = feeds.json()["items"][0]["id"]
    async with database.sessionmaker() as session:
        await session.execute(
            update(FeedSource)
            .where(FeedSource.id == feed_id)
            .values(
                last_result={
                    "items": 3,
                    "created": 1,
                    "updated": 1,
                    "unchanged": 0,
                    "renewed": 0,
                    "closed": 0,
                    "failed": 1,
                    "problems": [
                        {"index": 2, "source_id": "gh-77", "message": "the title is missing"}
                    ],
                }
            )
        )
        await session.commit()
    page = await recruiter.get(f"/employer/{team.slug}/feeds")
    text = _text(page.text)
    assert "greenhouse: acmeboard" in text
    assert "3 gh-77 the title is missing" in text

    before = len(await queued(database))
    synced = await submit(
        recruiter, f"/employer/{team.slug}/feeds", f"/employer/{team.slug}/feeds/{feed_id}/sync"
    )
    assert synced.status_code == 303
    assert [name for name, _ in (await queued(database))[before:]] == ["feeds.sync"]

    viewer = await _browser(client, team.viewer.email)
    read = await viewer.get(f"/employer/{team.slug}/feeds")
    assert read.status_code == 200
    assert "Sync now" not in read.text


async def test_a_webhook_is_added_its_secret_shown_once_and_a_test_event_logged(
    client: httpx.AsyncClient, database: Database, team: Team
) -> None:
    """The form's answer holds the signing secret (not stored by the browser); the list
    never shows it; a test event is queued and appears in the delivery log."""
    owner = await _browser(client, team.owner.email)
    created = await submit(
        owner,
        f"/employer/{team.slug}/webhooks",
        f"/employer/{team.slug}/webhooks",
        [("url", "http://127.0.0.1:9/hook"), ("events", "job.published"), ("events", "job.closed")],
    )
    assert created.status_code == 200, created.text
    assert created.headers["cache-control"] == "no-store"
    secret = re.search(r'<code class="secret">([^<]+)</code>', created.text)
    assert secret is not None
    listing = await owner.get(f"/employer/{team.slug}/webhooks")
    assert secret.group(1) not in listing.text
    assert "job.closed, job.published" in _text(listing.text)
    hooks = await client.get(f"/api/v1/companies/{team.slug}/webhooks", headers=team.owner.headers)
    webhook_id = hooks.json()["items"][0]["id"]

    before = len(await queued(database))
    sent = await submit(
        owner,
        f"/employer/{team.slug}/webhooks/{webhook_id}",
        f"/employer/{team.slug}/webhooks/{webhook_id}/test",
    )
    assert sent.status_code == 303
    assert [name for name, _ in (await queued(database))[before:]] == ["webhooks.deliver"]
    log = _text((await owner.get(sent.headers["location"])).text)
    assert "webhook.test Waiting 0 not tried yet" in log

    refused = await submit(
        owner,
        f"/employer/{team.slug}/webhooks",
        f"/employer/{team.slug}/webhooks",
        {"url": "not a url"},
    )
    assert refused.status_code == 422
    assert 'id="url-error"' in refused.text
    assert 'id="events-error"' in refused.text


async def test_an_api_client_secret_is_shown_once_and_a_revoked_client_gets_no_token(
    client: httpx.AsyncClient, team: Team
) -> None:
    """Creating a client shows its secret in that answer only; the secret works until the
    client is revoked from the page; recruiters do not manage clients."""
    owner = await _browser(client, team.owner.email)
    created = await submit(
        owner,
        f"/employer/{team.slug}/clients",
        f"/employer/{team.slug}/clients",
        [("name", "Our ATS"), ("scopes", "jobs:read"), ("scopes", "jobs:write")],
    )
    assert created.status_code == 200, created.text
    assert created.headers["cache-control"] == "no-store"
    client_id = re.search(r"Client id: <code>([^<]+)</code>", created.text)
    secret = re.search(r'<code class="secret">([^<]+)</code>', created.text)
    assert client_id is not None
    assert secret is not None
    listing = await owner.get(f"/employer/{team.slug}/clients")
    assert secret.group(1) not in listing.text
    assert client_id.group(1) in listing.text

    def token() -> Any:
        return client.post(
            "/api/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id.group(1),
                "client_secret": secret.group(1),
            },
        )

    assert (await token()).status_code == 200
    revoked = await submit(
        owner,
        f"/employer/{team.slug}/clients",
        f"/employer/{team.slug}/clients/{client_id.group(1)}/revoke",
    )
    assert revoked.status_code == 303
    assert (await token()).status_code in (400, 401)
    assert "Revoked" in (await owner.get(f"/employer/{team.slug}/clients")).text

    recruiter = await _browser(client, team.recruiter.email)
    assert (await recruiter.get(f"/employer/{team.slug}/clients")).status_code == 403
