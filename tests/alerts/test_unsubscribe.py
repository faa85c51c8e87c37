"""Alert e-mails lead to pages and carry one-click unsubscribe (RFC 2369 and RFC 8058): the
link turns that search's e-mail off, from a mail provider's cookie-less POST or from the
page's form, and nothing else."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

import httpx

from conftest import Account
from jobboard.config import get_settings
from jobboard.db import Database
from support_mail import Inbox, text_of
from support_queue import run_queued
from support_web import another_browser, submit

MakeJob = Callable[..., Awaitable[dict[str, Any]]]
GO_IN_BERLIN = {"q": "golang", "location": "Berlin", "radius_km": 30}
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


async def _save(
    client: httpx.AsyncClient, seeker: Account, name: str, search: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/me/saved-searches",
        json={"name": name, "search": search, "frequency": "instant"},
        headers=seeker.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def _alerts(
    database: Database, inbox: Inbox, seeker: Account, make_job: MakeJob, title: str
) -> dict[str, Message]:
    """Publish a job both searches find, run the queue; the alerts it sent, by search name."""
    inbox.messages.clear()
    await make_job(status="published", title=title)
    ran = await run_queued(database)
    assert ran.failures == []
    return {
        re.sub(r".*“(.*)”.*", r"\1", str(make_header(decode_header(message["Subject"])))): message
        for message in inbox.to(seeker.email)
    }


def _unsubscribe_path(message: Message) -> str:
    header = message["List-Unsubscribe"]
    match = re.fullmatch(r"<(https?://[^>]+)>", header)
    assert match is not None, header
    base = get_settings().public_url.rstrip("/")
    assert match.group(1).startswith(f"{base}/unsubscribe/")
    return match.group(1).removeprefix(base)


async def _email_on(client: httpx.AsyncClient, seeker: Account, saved: dict[str, Any]) -> bool:
    shown = await client.get(f"/api/v1/me/saved-searches/{saved['id']}", headers=seeker.headers)
    return bool(shown.json()["email"])


async def test_an_alert_links_to_pages_and_unsubscribes_in_one_click(
    client: httpx.AsyncClient,
    database: Database,
    seeker: Account,
    make_job: MakeJob,
    inbox: Inbox,
) -> None:
    """The alert's links lead to the search page, the job page and the saved search page,
    never the API; its List-Unsubscribe link, POSTed the way mail providers do (no cookie,
    no CSRF token), turns that search's e-mail off at once. The next matching job is
    announced for the other search only, and the unsubscribed one keeps its feed."""
    go = await _save(client, seeker, "Go in Berlin", GO_IN_BERLIN)
    backend = await _save(client, seeker, "Backend", {"q": "engineer"})
    await run_queued(database)

    sent = await _alerts(database, inbox, seeker, make_job, "Go Engineer")
    assert set(sent) == {"Go in Berlin", "Backend"}
    message = sent["Go in Berlin"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = text_of(message)
    base = get_settings().public_url.rstrip("/")
    links = re.findall(r"https?://\S+", body)
    assert links
    assert not [link for link in links if "/api/" in link], links
    assert f"{base}/jobs?q=golang&location=Berlin&radius_km=30.0&sort=newest" in links
    assert f"{base}/me/saved-searches/{go['id']}" in links
    path = _unsubscribe_path(message)
    assert f"{base}{path}" in links

    mail_provider = another_browser(client)
    answer = await mail_provider.post(path, data=ONE_CLICK)
    assert answer.status_code == 200, answer.text
    assert "set-cookie" not in answer.headers or "jb_session" not in answer.headers["set-cookie"]
    assert not await _email_on(client, seeker, go)
    assert await _email_on(client, seeker, backend)
    again = await mail_provider.post(path, data=ONE_CLICK)
    assert again.status_code == 200

    later = await _alerts(database, inbox, seeker, make_job, "Senior Go Engineer")
    assert set(later) == {"Backend"}
    feed = await client.get(go["feeds"]["json_feed"].removeprefix(base))
    assert feed.status_code == 200
    assert "Senior Go Engineer" in feed.text


async def test_the_unsubscribe_page_shows_the_search_and_its_form_unsubscribes(
    client: httpx.AsyncClient,
    database: Database,
    seeker: Account,
    make_job: MakeJob,
    inbox: Inbox,
) -> None:
    """GET only shows what the link does (link scanners open links); the page's form, sent
    with its CSRF token by someone not signed in, unsubscribes and comes back to the page
    with the message; the owner can turn e-mail back on."""
    go = await _save(client, seeker, "Go <in> Berlin", GO_IN_BERLIN)
    await run_queued(database)
    sent = await _alerts(database, inbox, seeker, make_job, "Go Engineer")
    path = _unsubscribe_path(sent["Go <in> Berlin"])

    visitor = another_browser(client)
    opened = await visitor.get(path)
    assert opened.status_code == 200
    assert "Go &lt;in&gt; Berlin" in opened.text
    assert 'name="robots" content="noindex"' in opened.text
    assert await _email_on(client, seeker, go)

    done = await submit(visitor, path, path)
    assert done.status_code == 303
    assert done.headers["location"] == path
    assert not await _email_on(client, seeker, go)
    after = await visitor.get(path)
    assert "You will get no more alerts for that search." in after.text
    assert "No more e-mails" in after.text
    assert 'action="/unsubscribe/' not in after.text

    turned_on = await client.patch(
        f"/api/v1/me/saved-searches/{go['id']}", json={"email": True}, headers=seeker.headers
    )
    assert turned_on.status_code == 200
    assert await _email_on(client, seeker, go)


async def test_forged_and_stale_unsubscribe_links_are_refused(
    client: httpx.AsyncClient,
    database: Database,
    seeker: Account,
    make_job: MakeJob,
    inbox: Inbox,
) -> None:
    """A token with another signature, another id, no signature or junk is a 404 page,
    never a 500, and changes nothing; so is the link of a deleted search."""
    go = await _save(client, seeker, "Go in Berlin", GO_IN_BERLIN)
    await run_queued(database)
    sent = await _alerts(database, inbox, seeker, make_job, "Go Engineer")
    path = _unsubscribe_path(sent["Go in Berlin"])
    token = path.rsplit("/", 1)[1]
    saved_id, _, mac = token.partition(".")
    forged = [
        f"{saved_id}.{'A' * len(mac)}",
        f"{int(saved_id) + 1}.{mac}",
        saved_id,
        "x.y",
        "99999999999999999999." + mac,
        "%00",
        "a" * 200,
    ]
    for bad in forged:
        for method in ("GET", "POST"):
            answer = await client.request(method, f"/unsubscribe/{bad}", data=ONE_CLICK)
            assert answer.status_code in (404, 422), (bad, method, answer.status_code)
            assert answer.headers["content-type"].startswith("text/html")
    assert await _email_on(client, seeker, go)

    deleted = await client.delete(f"/api/v1/me/saved-searches/{go['id']}", headers=seeker.headers)
    assert deleted.status_code == 204
    assert (await client.post(path, data=ONE_CLICK)).status_code == 404
    assert (await client.get(path)).status_code == 404
