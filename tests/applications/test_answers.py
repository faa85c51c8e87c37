"""Every applicant gets an answer: closing a job closes its applications, waiting ones remind
the company and are then closed politely, and the company page shows how it answers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import text

from conftest import Account, AccountFactory, Team
from jobboard.applications import tasks
from jobboard.db import Database
from jobboard.kit.clock import utcnow
from jobboard.worker.registry import TaskContext
from support_hiring import apply, move
from support_mail import Inbox, text_of
from support_queue import run_queued


async def _notifications(client: httpx.AsyncClient, account: Account) -> list[dict[str, Any]]:
    response = await client.get("/api/v1/me/notifications", headers=account.headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def _run(database: Database, task: Any) -> None:
    await task.run(TaskContext(database=database, task_name=task.name), {})


async def test_closing_a_job_closes_its_applications_and_tells_each_candidate(
    client: httpx.AsyncClient,
    team: Team,
    opening: dict[str, Any],
    accounts: AccountFactory,
    database: Database,
    inbox: Inbox,
) -> None:
    """After the close commits, a task moves every open application to rejected (job_closed)
    and each candidate gets a notification and an e-mail; closed applications stay as they
    were."""
    first, second, gone = [await accounts() for _ in range(3)]
    ids = [
        (await apply(client, account, opening["id"])).json()["id"]
        for account in (first, second, gone)
    ]
    await client.post(f"/api/v1/applications/{ids[2]}/withdraw", headers=gone.headers)
    closed = await client.post(
        f"/api/v1/jobs/{opening['id']}/close", json={"reason": "filled"}, headers=team.owner.headers
    )
    assert closed.status_code == 200, closed.text
    still = await client.get(f"/api/v1/applications/{ids[0]}", headers=first.headers)
    assert still.json()["status"] == "open"
    ran = await run_queued(database)
    assert ran.failures == []
    assert "applications.close_for_job" in ran.names
    for account, application_id in ((first, ids[0]), (second, ids[1])):
        seen = (
            await client.get(f"/api/v1/applications/{application_id}", headers=account.headers)
        ).json()
        assert (seen["stage"]["key"], seen["closed_reason"]) == ("rejected", "job_closed")
        assert seen["events"][-1]["by"] == "platform"
        [notice] = await _notifications(client, account)
        assert notice["kind"] == "application.closed"
        [message] = [m for m in inbox.to(account.email) if m["Subject"] == notice["title"]]
        assert "has been filled" in text_of(message)
    kept = (await client.get(f"/api/v1/applications/{ids[2]}", headers=gone.headers)).json()
    assert kept["stage"]["key"] == "withdrawn"
    assert await _notifications(client, gone) == []


async def test_waiting_applications_remind_then_close_and_the_company_page_shows_it(
    client: httpx.AsyncClient,
    team: Team,
    opening: dict[str, Any],
    accounts: AccountFactory,
    database: Database,
) -> None:
    """After 14 days in one stage the owner and recruiter (not the viewer) are reminded once;
    30 days later the application is closed with a polite message. The company page then
    shows the share answered and the median time to a first answer, with a new ETag."""
    waiting, answered = [await accounts() for _ in range(2)]
    waiting_id = (await apply(client, waiting, opening["id"])).json()["id"]
    answered_id = (await apply(client, answered, opening["id"])).json()["id"]
    async with database.sessionmaker() as session:
        await session.execute(
            text(
                "UPDATE application SET applied_at = :then, stage_entered_at = :then "
                "WHERE id IN (:a, :b)"
            ),
            {"then": utcnow() - timedelta(days=15), "a": waiting_id, "b": answered_id},
        )
        await session.commit()
    await move(client, team.recruiter, answered_id, "screening")
    company = await client.get(f"/api/v1/companies/{team.slug}")
    assert company.json()["hiring"] is None

    await _run(database, tasks.follow_up)
    await _run(database, tasks.follow_up)
    for member in (team.owner, team.recruiter):
        # Besides one "application.received" per application when it came.
        [reminder] = [
            item
            for item in await _notifications(client, member)
            if item["kind"] != "application.received"
        ]
        assert reminder["kind"] == "application.reminder"
        assert str(waiting_id) in reminder["body"]
    assert await _notifications(client, team.viewer) == []
    assert (await client.get(f"/api/v1/applications/{waiting_id}", headers=waiting.headers)).json()[
        "status"
    ] == "open"

    async with database.sessionmaker() as session:
        await session.execute(
            text("UPDATE application SET reminded_at = :then WHERE id = :id"),
            {"then": utcnow() - timedelta(days=31), "id": waiting_id},
        )
        await session.commit()
    await _run(database, tasks.follow_up)
    seen = (await client.get(f"/api/v1/applications/{waiting_id}", headers=waiting.headers)).json()
    assert (seen["stage"]["key"], seen["closed_reason"]) == ("rejected", "no_response")
    assert "Thank you for applying" in seen["events"][-1]["message"]
    [closed_notice] = await _notifications(client, waiting)
    assert closed_notice["kind"] == "application.closed"

    await _run(database, tasks.refresh_stats)
    page = await client.get(f"/api/v1/companies/{team.slug}")
    hiring = page.json()["hiring"]
    assert hiring["applications"] == 2
    assert hiring["answered_share"] == 0.5
    assert 359 <= hiring["median_hours_to_first_response"] <= 361
    assert page.headers["etag"] != company.headers["etag"]
    unchanged = await client.get(
        f"/api/v1/companies/{team.slug}", headers={"If-None-Match": page.headers["etag"]}
    )
    assert unchanged.status_code == 304
