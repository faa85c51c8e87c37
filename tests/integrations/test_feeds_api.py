"""Feed sources over REST and syncing them from a real local HTTP server: imports, updates
by content hash, closing vanished jobs, errors recorded without touching jobs, permissions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import Account, AccountFactory
from jobboard.db import Database
from support_http import LocalServer, Reply
from support_queue import run_queued
from support_settings import override_settings

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "feeds"
OWN = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
PROBLEM = "application/problem+json"


async def _feed(
    client: httpx.AsyncClient, owner: Account, company: dict[str, Any], **body: Any
) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/companies/{company['slug']}/feeds",
        json={"sync_interval_minutes": None, **body},
        headers=owner.headers,
    )
    assert response.status_code == 201, response.text
    feed: dict[str, Any] = response.json()
    return feed


async def _sync(
    client: httpx.AsyncClient,
    database: Database,
    owner: Account,
    company: dict[str, Any],
    feed_id: int,
) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/companies/{company['slug']}/feeds/{feed_id}/sync", headers=owner.headers
    )
    assert response.status_code == 202, response.text
    ran = await run_queued(database)
    assert ran.failures == []
    assert "feeds.sync" in ran.names
    found = await client.get(
        f"/api/v1/companies/{company['slug']}/feeds/{feed_id}", headers=owner.headers
    )
    assert found.status_code == 200
    result: dict[str, Any] = found.json()
    return result


async def _jobs(
    client: httpx.AsyncClient, company: dict[str, Any], owner: Account, status: str
) -> list[dict[str, Any]]:
    response = await client.get(
        f"/api/v1/companies/{company['slug']}/jobs",
        params={"status": status, "limit": 100},
        headers=owner.headers,
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


@pytest.mark.shared_fixtures
async def test_greenhouse_board_imports_updates_and_closes(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    server: LocalServer,
) -> None:
    """The recorded board imports 4 published jobs; a resync changes nothing; an edited item
    updates its job; an item that vanished closes its job as removed_from_source."""
    board = json.loads((SHARED / "lubobali_greenhouse_jobs.json").read_bytes())
    server.serve("/v1/boards/acme/jobs", json.dumps(board).encode())
    feed = await _feed(
        client, employer, company, kind="greenhouse", url=server.url("/v1/boards/acme/jobs")
    )
    synced = await _sync(client, database, employer, company, feed["id"])
    assert synced["last_error"] is None
    assert synced["last_result"]["created"] == 4
    published = await _jobs(client, company, employer, "published")
    assert len(published) == 4
    job = next(item for item in published if item["title"] == "Country Lead, Data Center Security")
    assert job["description_format"] == "html"
    assert "&lt;" not in job["description"]
    assert job["workplace"] == "remote"
    assert server.received[0].headers["user-agent"].startswith("Jobboard/")

    again = await _sync(client, database, employer, company, feed["id"])
    assert (again["last_result"]["created"], again["last_result"]["unchanged"]) == (0, 4)

    board["jobs"][0]["title"] = "Country Lead, Data Centre Security"
    removed = board["jobs"].pop()
    server.serve("/v1/boards/acme/jobs", json.dumps(board).encode())
    changed = await _sync(client, database, employer, company, feed["id"])
    assert changed["last_result"]["updated"] == 1
    assert changed["last_result"]["closed"] == 1
    closed = await _jobs(client, company, employer, "closed")
    assert [item["title"] for item in closed] == [removed["title"]]
    assert closed[0]["closing_reason"] == "removed_from_source"
    titles = {item["title"] for item in await _jobs(client, company, employer, "published")}
    assert "Country Lead, Data Centre Security" in titles


async def test_bad_items_are_reported_and_the_rest_import(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    server: LocalServer,
    accounts: AccountFactory,
) -> None:
    """One good item imports; missing fields, wrong types and unknown places are listed. The
    imported job is searchable and reaches a saved search when the import ends, though the
    items refused around it were rolled back."""
    seeker = await accounts("seeker")
    saved = await client.post(
        "/api/v1/me/saved-searches",
        json={"name": "Good", "search": {"q": "good job"}, "frequency": "instant"},
        headers=seeker.headers,
    )
    assert saved.status_code == 201, saved.text
    server.serve("/board", (OWN / "greenhouse_broken.json").read_bytes())
    feed = await _feed(client, employer, company, kind="greenhouse", url=server.url("/board"))
    synced = await _sync(client, database, employer, company, feed["id"])
    result = synced["last_result"]
    assert (result["created"], result["failed"]) == (1, 6)
    messages = [problem["message"] for problem in result["problems"]]
    assert "title is missing" in messages
    assert any("Atlantis" in message for message in messages)
    [job] = await _jobs(client, company, employer, "published")
    assert job["title"] == "Good Job"
    found = await client.get("/api/v1/jobs/search", params={"q": "good job"})
    assert [item["id"] for item in found.json()["items"]] == [job["id"]]
    matches = await client.get(
        f"/api/v1/me/saved-searches/{saved.json()['id']}/matches", headers=seeker.headers
    )
    assert [item["job"]["id"] for item in matches.json()["items"]] == [job["id"]]


@pytest.mark.parametrize(
    ("kind", "fixture", "expected"),
    [
        ("smartrecruiters", "smartrecruiters.json", 2),
        ("workable", "workable.json", 2),
        ("jsonld", "jobposting.html", 2),
        ("rss", "rss.xml", 2),
        ("indeed", "indeed.xml", 2),
    ],
)
async def test_every_format_imports_over_http(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    server: LocalServer,
    kind: str,
    fixture: str,
    expected: int,
) -> None:
    """Each format's fixture, served over HTTP, becomes published jobs."""
    server.serve("/feed", (OWN / fixture).read_bytes(), content_type="application/octet-stream")
    feed = await _feed(client, employer, company, kind=kind, url=server.url("/feed"))
    synced = await _sync(client, database, employer, company, feed["id"])
    assert synced["last_error"] is None
    assert synced["last_result"]["created"] == expected, synced["last_result"]
    assert len(await _jobs(client, company, employer, "published")) == expected


async def _imported_then_broken(
    client: httpx.AsyncClient,
    database: Database,
    owner: Account,
    company: dict[str, Any],
    server: LocalServer,
    reply: Reply,
) -> dict[str, Any]:
    server.serve("/feed", (OWN / "indeed.xml").read_bytes(), content_type="application/xml")
    feed = await _feed(client, owner, company, kind="indeed", url=server.url("/feed"))
    await _sync(client, database, owner, company, feed["id"])
    server.routes["/feed"] = lambda _request: reply
    broken = await _sync(client, database, owner, company, feed["id"])
    assert len(await _jobs(client, company, owner, "published")) == 2
    assert broken["last_result"]["created"] == 2, "the last good result is kept"
    return broken


async def test_a_truncated_feed_leaves_jobs_untouched(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    server: LocalServer,
) -> None:
    """Truncated XML records the error on the feed source; no job is closed."""
    broken = await _imported_then_broken(
        client,
        database,
        employer,
        company,
        server,
        Reply(200, (OWN / "truncated.xml").read_bytes()),
    )
    assert "not well-formed XML" in broken["last_error"]
    assert broken["last_error_at"] is not None


async def test_an_unreachable_feed_leaves_jobs_untouched(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    server: LocalServer,
) -> None:
    """A server error is recorded as such; jobs stay published."""
    broken = await _imported_then_broken(
        client, database, employer, company, server, Reply(503, b"down")
    )
    assert "answered HTTP 503" in broken["last_error"]


async def test_a_50_mb_body_is_refused(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    server: LocalServer,
) -> None:
    """A body over the size cap is aborted while streaming (no Content-Length to go by)."""
    chunk = b"<!-- padding -->" * 65536  # 1 MiB

    def huge(_request: object) -> Reply:
        return Reply(200, iter([chunk] * 50), {"content-type": "application/xml"})

    broken = await _imported_then_broken(
        client, database, employer, company, server, Reply(200, b"")
    )
    server.routes["/feed"] = huge
    broken = await _sync(client, database, employer, company, broken["id"])
    assert "exceeds the limit" in broken["last_error"]


async def test_a_declared_oversized_body_is_refused_before_reading(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    server: LocalServer,
) -> None:
    """A Content-Length over the cap is refused from the headers alone."""
    server.routes["/feed"] = lambda _request: Reply(
        200, iter([b"x" * 1024]), {"content-length": str(50 * 1024 * 1024)}
    )
    feed = await _feed(client, employer, company, kind="indeed", url=server.url("/feed"))
    synced = await _sync(client, database, employer, company, feed["id"])
    assert "the limit is" in synced["last_error"]


async def test_a_slow_server_times_out(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    server: LocalServer,
    settings_env: dict[str, str],
) -> None:
    """A server that does not answer within the timeout is recorded as a timeout."""
    override_settings(settings_env, outbound_timeout_seconds="0.3")
    server.routes["/feed"] = lambda _request: Reply(200, b"<source/>", delay_seconds=5)
    feed = await _feed(client, employer, company, kind="indeed", url=server.url("/feed"))
    synced = await _sync(client, database, employer, company, feed["id"])
    assert "did not answer within" in synced["last_error"]


async def test_private_addresses_are_refused_unless_allowed(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    server: LocalServer,
    settings_env: dict[str, str],
) -> None:
    """With private targets forbidden: a literal private URL is a 422, and a name that
    resolves to loopback fails at fetch time without a request being made."""
    server.serve("/feed", (OWN / "indeed.xml").read_bytes())
    named = await _feed(
        client,
        employer,
        company,
        kind="indeed",
        url=server.url("/feed").replace("127.0.0.1", "localhost"),
    )
    override_settings(settings_env, outbound_allow_private_addresses="false")
    for url in (
        "http://127.0.0.1/feed",
        "http://10.1.2.3/feed",
        "http://[::1]/feed",
        "http://169.254.169.254/latest",
    ):
        refused = await client.post(
            f"/api/v1/companies/{company['slug']}/feeds",
            json={"kind": "rss", "url": url},
            headers=employer.headers,
        )
        assert refused.status_code == 422, url
        assert refused.json()["errors"][0]["field"] == "body.url"
    synced = await _sync(client, database, employer, company, named["id"])
    assert "private or reserved address" in synced["last_error"]
    assert server.received == []


async def test_feed_api_permissions_and_bad_input(
    client: httpx.AsyncClient, accounts: AccountFactory, employer: Account, company: dict[str, Any]
) -> None:
    """Members read feeds; owners and recruiters manage them; others are refused; bad
    bodies are 422 problems and write nothing."""
    base = f"/api/v1/companies/{company['slug']}/feeds"
    viewer = await accounts("employer")
    added = await client.post(
        f"/api/v1/companies/{company['slug']}/members",
        json={"email": viewer.email, "role": "viewer"},
        headers=employer.headers,
    )
    assert added.status_code == 201
    outsider = await accounts("employer")
    body = {"kind": "lever", "board_token": "acme"}

    assert (await client.post(base, json=body)).status_code == 401
    assert (await client.post(base, json=body, headers=viewer.headers)).status_code == 403
    assert (await client.post(base, json=body, headers=outsider.headers)).status_code == 403
    for bad in (
        {"kind": "myspace", "url": "https://example.com/feed"},
        {"kind": "rss"},
        {"kind": "rss", "board_token": "acme"},
        {"kind": "lever", "board_token": "../etc"},
        {"kind": "rss", "url": "ftp://example.com/feed"},
        {"kind": "rss", "url": "https://example.com/feed", "sync_interval_minutes": 1},
        {"kind": "rss", "url": "https://example.com/feed", "extra": True},
    ):
        response = await client.post(base, json=bad, headers=employer.headers)
        assert response.status_code == 422, bad
        assert response.headers["content-type"] == PROBLEM
    listed = await client.get(base, headers=viewer.headers)
    assert listed.status_code == 200
    assert listed.json()["items"] == []

    keyed = {**employer.headers, "Idempotency-Key": "feed-1"}
    created = await client.post(base, json=body, headers=keyed)
    assert created.status_code == 201
    feed = created.json()
    replayed = await client.post(base, json=body, headers=keyed)
    assert replayed.headers["idempotent-replayed"] == "true"
    assert replayed.json()["id"] == feed["id"]
    assert feed["next_sync_at"] is not None
    one = f"{base}/{feed['id']}"
    assert (await client.get(one, headers=viewer.headers)).json()["board_token"] == "acme"
    assert (await client.get(one, headers=outsider.headers)).status_code == 403
    assert (await client.post(f"{one}/sync", headers=viewer.headers)).status_code == 403
    paused = await client.patch(one, json={"enabled": False}, headers=employer.headers)
    assert paused.status_code == 200
    assert paused.json()["next_sync_at"] is None
    assert (
        await client.patch(one, json={"sync_interval_minutes": 5}, headers=employer.headers)
    ).status_code == 422
    assert (await client.delete(one, headers=viewer.headers)).status_code == 403
    assert (await client.delete(one, headers=employer.headers)).status_code == 204
    assert (await client.get(one, headers=employer.headers)).status_code == 404
