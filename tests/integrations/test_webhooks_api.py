"""Webhooks: endpoints over REST, deliveries queued with the job change, received by a real
local server and verified with the Standard Webhooks reference library; failures, logging,
redelivery, disabling (and the owners' e-mail about it), redirects and private addresses."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from standardwebhooks import Webhook as Verifier

from conftest import Account, AccountFactory, Team
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.integrations.webhooks.tasks import DeliveryFailed
from jobboard.kit.clock import utcnow
from jobboard.models import User
from jobboard.wiring import load_tasks
from jobboard.worker.registry import TaskContext
from support_http import LocalServer, Reply
from support_mail import Inbox, text_of
from support_queue import queued, run_queued
from support_settings import override_settings

PROBLEM = "application/problem+json"
MakeJob = Callable[..., Awaitable[dict[str, Any]]]


async def _webhook(
    client: httpx.AsyncClient,
    owner: Account,
    company: dict[str, Any],
    url: str,
    events: list[str] | None = None,
) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/companies/{company['slug']}/webhooks",
        json={"url": url, "events": events or ["job.published", "job.updated", "job.closed"]},
        headers=owner.headers,
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def _deliveries(
    client: httpx.AsyncClient, owner: Account, company: dict[str, Any], webhook_id: int
) -> list[dict[str, Any]]:
    response = await client.get(
        f"/api/v1/companies/{company['slug']}/webhooks/{webhook_id}/deliveries",
        headers=owner.headers,
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def _detail(
    client: httpx.AsyncClient,
    owner: Account,
    company: dict[str, Any],
    webhook_id: int,
    delivery_id: int,
) -> dict[str, Any]:
    response = await client.get(
        f"/api/v1/companies/{company['slug']}/webhooks/{webhook_id}/deliveries/{delivery_id}",
        headers=owner.headers,
    )
    assert response.status_code == 200, response.text
    detail: dict[str, Any] = response.json()
    return detail


async def test_job_changes_are_delivered_signed(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    make_job: MakeJob,
    server: LocalServer,
) -> None:
    """Publishing, editing and closing a job each POST one signed delivery; the reference
    library verifies every signature; each attempt is logged."""
    server.routes["/hook"] = lambda _request: Reply(200, b'{"ok": true}')
    webhook = await _webhook(client, employer, company, server.url("/hook"))
    assert webhook["secret"].startswith("whsec_")
    shown = await client.get(
        f"/api/v1/companies/{company['slug']}/webhooks/{webhook['id']}", headers=employer.headers
    )
    assert "secret" not in shown.json()

    job = await make_job(status="published")
    # Registering the employer queued a verification e-mail too, and publishing queued
    # matching against saved searches.
    assert [
        name for name, _ in await queued(database) if name not in ("mail.send", "alerts.match")
    ] == ["webhooks.deliver"]
    edited = await client.patch(
        f"/api/v1/jobs/{job['id']}",
        json={"title": "Staff Backend Engineer"},
        headers=employer.headers,
    )
    assert edited.status_code == 200
    closed = await client.post(
        f"/api/v1/jobs/{job['id']}/close", json={"reason": "filled"}, headers=employer.headers
    )
    assert closed.status_code == 200
    ran = await run_queued(database)
    assert ran.failures == []

    verifier = Verifier(webhook["secret"])
    events = []
    pages = []
    for request in server.received:
        payload = verifier.verify(request.body, request.headers)
        assert request.headers["webhook-signature"].startswith("v1,")
        assert request.headers["user-agent"].startswith("Jobboard/")
        events.append((payload["type"], payload["data"]["id"], payload["data"]["title"]))
        pages.append(payload["data"]["url"].split("/jobs/", 1)[1])
    assert events == [
        ("job.published", job["id"], "Senior Backend Engineer"),
        ("job.updated", job["id"], "Staff Backend Engineer"),
        ("job.closed", job["id"], "Staff Backend Engineer"),
    ]
    # Each delivery links to the job's canonical page as it was named then.
    assert pages == [
        f"{job['id']}-senior-backend-engineer",
        f"{job['id']}-staff-backend-engineer",
        f"{job['id']}-staff-backend-engineer",
    ]
    deliveries = await _deliveries(client, employer, company, webhook["id"])
    assert [delivery["status"] for delivery in deliveries] == ["succeeded"] * 3
    assert len({delivery["message_id"] for delivery in deliveries}) == 3
    detail = await _detail(client, employer, company, webhook["id"], deliveries[0]["id"])
    assert detail["payload"]["type"] == "job.closed"
    (attempt,) = detail["attempt_log"]
    assert (attempt["status_code"], attempt["response_excerpt"], attempt["succeeded"]) == (
        200,
        '{"ok": true}',
        True,
    )
    assert attempt["duration_ms"] >= 0


async def test_only_subscribed_events_and_committed_changes_are_delivered(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    make_job: MakeJob,
    server: LocalServer,
) -> None:
    """An endpoint gets only its events; a refused change (422) queues nothing."""
    webhook = await _webhook(
        client, employer, company, server.url("/hook"), ["job.closed", "application.created"]
    )
    job = await make_job(status="published")
    refused = await client.post(
        f"/api/v1/jobs/{job['id']}/close", json={"reason": "bored"}, headers=employer.headers
    )
    assert refused.status_code == 422
    assert [name for name, _ in await queued(database) if name == "webhooks.deliver"] == []
    assert await _deliveries(client, employer, company, webhook["id"]) == []


async def test_failures_are_logged_retried_and_redelivered(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    make_job: MakeJob,
    server: LocalServer,
) -> None:
    """A 500 is logged with its answer and the delivery stays pending for a retry; a manual
    redelivery sends the same webhook-id again."""
    answers = iter([Reply(500, b"database on fire"), Reply(204, b"")])
    server.routes["/hook"] = lambda _request: next(answers)
    webhook = await _webhook(client, employer, company, server.url("/hook"))
    await make_job(status="published")
    ran = await run_queued(database)
    if database.dialect == "postgresql":
        assert ran.failures
        assert "answered 500" in ran.failures[0]
    (delivery,) = await _deliveries(client, employer, company, webhook["id"])
    assert (delivery["status"], delivery["attempts"]) == ("pending", 1)
    detail = await _detail(client, employer, company, webhook["id"], delivery["id"])
    assert detail["attempt_log"][0]["status_code"] == 500
    assert detail["attempt_log"][0]["response_excerpt"] == "database on fire"
    assert detail["attempt_log"][0]["succeeded"] is False

    again = await client.post(
        f"/api/v1/companies/{company['slug']}/webhooks/{webhook['id']}/deliveries/{delivery['id']}/redeliver",
        headers=employer.headers,
    )
    assert again.status_code == 202
    await run_queued(database)
    first, second = server.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivery["message_id"]
    (settled,) = await _deliveries(client, employer, company, webhook["id"])
    assert (settled["status"], settled["attempts"]) == ("succeeded", 2)


async def test_an_endpoint_failing_for_too_long_is_disabled(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    make_job: MakeJob,
    server: LocalServer,
    settings_env: dict[str, str],
) -> None:
    """Past webhook_disable_after_hours of failures the endpoint is disabled with the reason;
    it gets nothing more until a member re-enables it."""
    override_settings(settings_env, webhook_disable_after_hours="0")
    server.routes["/hook"] = lambda _request: Reply(410, b"gone")
    webhook = await _webhook(client, employer, company, server.url("/hook"))
    job = await make_job(status="published")
    await run_queued(database)
    shown = (
        await client.get(
            f"/api/v1/companies/{company['slug']}/webhooks/{webhook['id']}",
            headers=employer.headers,
        )
    ).json()
    assert shown["enabled"] is False
    assert "answered 410" in shown["disabled_reason"]
    await client.post(
        f"/api/v1/jobs/{job['id']}/close", json={"reason": "filled"}, headers=employer.headers
    )
    assert len(await _deliveries(client, employer, company, webhook["id"])) == 1
    await run_queued(database)
    assert len(server.received) == 1
    enabled = await client.patch(
        f"/api/v1/companies/{company['slug']}/webhooks/{webhook['id']}",
        json={"enabled": True},
        headers=employer.headers,
    )
    assert enabled.json()["disabled_reason"] is None


async def _add_member(
    client: httpx.AsyncClient, team: Team, accounts: AccountFactory, role: str
) -> Account:
    member = await accounts("employer")
    added = await client.post(
        f"/api/v1/companies/{team.slug}/members",
        json={"email": member.email, "role": role},
        headers=team.owner.headers,
    )
    assert added.status_code == 201, added.text
    return member


def _disabled_mails(inbox: Inbox, address: str) -> list[Any]:
    return [message for message in inbox.to(address) if "is disabled" in message["Subject"]]


async def test_owners_are_told_by_e_mail_when_an_endpoint_is_disabled(
    client: httpx.AsyncClient,
    database: Database,
    inbox: Inbox,
    team: Team,
    accounts: AccountFactory,
    make_job: MakeJob,
    server: LocalServer,
    settings_env: dict[str, str],
) -> None:
    """Each active owner gets one e-mail naming the endpoint, the reason and how to re-enable
    it and redeliver; recruiters, viewers and disabled owners get none."""
    override_settings(settings_env, webhook_disable_after_hours="0")
    other_owner = await _add_member(client, team, accounts, "owner")
    disabled_owner = await _add_member(client, team, accounts, "owner")
    async with database.unit_of_work() as session:
        await session.execute(
            update(User).where(User.id == disabled_owner.id).values(disabled_at=utcnow())
        )
    server.routes["/hook"] = lambda _request: Reply(410, b"gone")
    created = await client.post(
        f"/api/v1/companies/{team.slug}/webhooks",
        json={"url": server.url("/hook"), "events": ["job.published"], "description": "ATS"},
        headers=team.owner.headers,
    )
    assert created.status_code == 201, created.text
    webhook = created.json()
    await make_job(status="published")
    ran = await run_queued(database)
    assert [failure for failure in ran.failures if failure.startswith("mail.send")] == []

    for owner in (team.owner, other_owner):
        assert len(_disabled_mails(inbox, owner.email)) == 1
    for member in (team.recruiter, team.viewer, disabled_owner):
        assert _disabled_mails(inbox, member.email) == []
    [message] = _disabled_mails(inbox, team.owner.email)
    text = text_of(message).replace("\r\n", "\n")
    endpoint = f"/api/v1/companies/{team.slug}/webhooks/{webhook['id']}"
    assert f"URL:          {server.url('/hook')}\n" in text
    assert "Description:  ATS\n" in text
    assert "answered 410" in text
    assert f'PATCH {endpoint}\n  {{"enabled": true}}' in text
    assert f"POST {endpoint}/deliveries/{{delivery_id}}/redeliver" in text
    assert f"{get_settings().public_url.rstrip('/')}/api/v1/" not in text, "no links to the API"


async def test_no_e_mail_when_the_endpoint_was_re_enabled_before_it_went(
    client: httpx.AsyncClient,
    database: Database,
    inbox: Inbox,
    employer: Account,
    company: dict[str, Any],
    make_job: MakeJob,
    server: LocalServer,
    settings_env: dict[str, str],
) -> None:
    """The e-mail is written when it is sent: an endpoint fixed and re-enabled meanwhile gets
    no word of having been disabled."""
    override_settings(settings_env, webhook_disable_after_hours="0")
    server.routes["/hook"] = lambda _request: Reply(410, b"gone")
    webhook = await _webhook(client, employer, company, server.url("/hook"))
    await make_job(status="published")
    [arguments] = [args for name, args in await queued(database) if name == "webhooks.deliver"]
    deliver = load_tasks().tasks["webhooks.deliver"]
    with pytest.raises(DeliveryFailed):
        await deliver.run(TaskContext(database=database, task_name=deliver.name), arguments)
    assert [
        args["params"]["user_id"]
        for name, args in await queued(database)
        if name == "mail.send" and args["message"] == "webhooks.disabled"
    ] == [employer.id]

    server.routes["/hook"] = lambda _request: Reply(200, b"ok")
    enabled = await client.patch(
        f"/api/v1/companies/{company['slug']}/webhooks/{webhook['id']}",
        json={"enabled": True},
        headers=employer.headers,
    )
    assert enabled.status_code == 200, enabled.text
    ran = await run_queued(database)
    assert ran.failures == []

    assert _disabled_mails(inbox, employer.email) == []
    (delivery,) = await _deliveries(client, employer, company, webhook["id"])
    assert (delivery["status"], delivery["attempts"]) == ("succeeded", 2)


async def test_redirects_are_not_followed(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    make_job: MakeJob,
    server: LocalServer,
) -> None:
    """A 3xx answer is a failed attempt; the redirect target is never requested."""
    server.routes["/hook"] = lambda _request: Reply(
        302, b"", {"location": server.url("/elsewhere")}
    )
    webhook = await _webhook(client, employer, company, server.url("/hook"))
    await make_job(status="published")
    await run_queued(database)
    assert [request.path for request in server.received] == ["/hook"]
    (delivery,) = await _deliveries(client, employer, company, webhook["id"])
    detail = await _detail(client, employer, company, webhook["id"], delivery["id"])
    assert detail["attempt_log"][0]["status_code"] == 302


async def test_private_targets_are_refused(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    make_job: MakeJob,
    server: LocalServer,
    settings_env: dict[str, str],
) -> None:
    """Without the setting, private literals are 422 and names resolving to loopback fail
    at delivery without any request."""
    webhook = await _webhook(
        client, employer, company, server.url("/hook").replace("127.0.0.1", "localhost")
    )
    override_settings(settings_env, outbound_allow_private_addresses="false")
    for url in (
        "http://127.0.0.1:9/x",
        "http://192.168.1.10/x",
        "http://[fe80::1]/x",
        "http://[::ffff:10.0.0.1]/x",
        "http://0.0.0.0/x",
    ):
        response = await client.post(
            f"/api/v1/companies/{company['slug']}/webhooks",
            json={"url": url, "events": ["job.published"]},
            headers=employer.headers,
        )
        assert response.status_code == 422, url
    await make_job(status="published")
    await run_queued(database)
    assert server.received == []
    (delivery,) = await _deliveries(client, employer, company, webhook["id"])
    detail = await _detail(client, employer, company, webhook["id"], delivery["id"])
    assert "private or reserved address" in detail["attempt_log"][0]["error"]


async def test_webhook_api_permissions_and_bad_input(
    client: httpx.AsyncClient, accounts: AccountFactory, employer: Account, company: dict[str, Any]
) -> None:
    """Members read; owners and recruiters manage; bad bodies are 422 problems, nothing written."""
    base = f"/api/v1/companies/{company['slug']}/webhooks"
    viewer = await accounts("employer")
    await client.post(
        f"/api/v1/companies/{company['slug']}/members",
        json={"email": viewer.email, "role": "viewer"},
        headers=employer.headers,
    )
    outsider = await accounts("employer")
    body = {
        "url": "https://hooks.example.com/jobs",
        "events": ["job.published", "application.stage_changed"],
    }
    assert (await client.post(base, json=body)).status_code == 401
    assert (await client.post(base, json=body, headers=viewer.headers)).status_code == 403
    assert (await client.post(base, json=body, headers=outsider.headers)).status_code == 403
    for bad in (
        {"url": "https://hooks.example.com", "events": []},
        {"url": "https://hooks.example.com", "events": ["job.deleted"]},
        {"url": "not a url", "events": ["job.published"]},
        {"url": "ftp://hooks.example.com", "events": ["job.published"]},
        {"url": "https://user:pw@hooks.example.com", "events": ["job.published"]},
        {"events": ["job.published"]},
    ):
        response = await client.post(base, json=bad, headers=employer.headers)
        assert response.status_code == 422, bad
        assert response.headers["content-type"] == PROBLEM
    assert (await client.get(base, headers=viewer.headers)).json()["items"] == []
    assert (await client.get(base, headers=outsider.headers)).status_code == 403

    keyed = {**employer.headers, "Idempotency-Key": "hook-1"}
    created = await client.post(base, json=body, headers=keyed)
    assert created.status_code == 201
    hook = created.json()
    replayed = await client.post(base, json=body, headers=keyed)
    assert replayed.headers["idempotent-replayed"] == "true"
    assert replayed.json()["id"] == hook["id"]
    assert hook["events"] == ["application.stage_changed", "job.published"]
    one = f"{base}/{hook['id']}"
    assert (await client.get(one, headers=viewer.headers)).status_code == 200
    assert (await client.get(f"{one}/deliveries", headers=viewer.headers)).json()["items"] == []
    assert (
        await client.patch(one, json={"events": None}, headers=employer.headers)
    ).status_code == 422
    assert (
        await client.patch(one, json={"url": "https://other.example/x"}, headers=viewer.headers)
    ).status_code == 403
    assert (
        await client.get(f"{one}/deliveries/999999", headers=employer.headers)
    ).status_code == 404
    assert (await client.delete(one, headers=employer.headers)).status_code == 204
    assert (await client.get(one, headers=employer.headers)).status_code == 404
    assert json.loads((await client.get(base, headers=employer.headers)).text)["items"] == []


async def test_a_long_answer_is_cut_to_its_excerpt(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    make_job: MakeJob,
    server: LocalServer,
) -> None:
    """A 2xx with a megabyte of body is a success; the log keeps its first 1,000 characters."""
    server.routes["/hook"] = lambda _request: Reply(200, b"x" * 1_000_000)
    webhook = await _webhook(client, employer, company, server.url("/hook"))
    await make_job(status="published")
    await run_queued(database)
    (delivery,) = await _deliveries(client, employer, company, webhook["id"])
    assert delivery["status"] == "succeeded"
    detail = await _detail(client, employer, company, webhook["id"], delivery["id"])
    assert detail["attempt_log"][0]["response_excerpt"] == "x" * 1000
