"""A company's people are told of new applications: in the app, and by e-mail as each
chose on /employer/notifications (each application, a daily digest, or none)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from conftest import AccountFactory, Team
from jobboard.db import Database
from jobboard.kit.clock import utcnow
from jobboard.notifications import employers
from support_hiring import apply
from support_mail import Inbox, text_of
from support_queue import run_queued
from support_web import another_browser, submit, web_sign_in


async def test_members_hear_of_new_applications_as_they_chose(
    inbox: Inbox,
    client: httpx.AsyncClient,
    database: Database,
    team: Team,
    opening: dict[str, Any],
    accounts: AccountFactory,
) -> None:
    """The owner (instant) gets an e-mail linking the candidate's page; the recruiter who
    chose the daily digest gets none until the digest, which lists the application once;
    the viewer is not told; all editors see it in the app."""
    browser = another_browser(client)
    await web_sign_in(browser, team.recruiter.email)
    page = await browser.get("/employer/notifications")
    assert page.status_code == 200
    saved = await submit(
        browser,
        "/employer/notifications",
        "/employer/notifications",
        {f"mail-{team.slug}": "daily"},
    )
    assert saved.status_code == 303
    await run_queued(database)
    inbox.messages.clear()

    seeker = await accounts("seeker")
    applied = await apply(client, seeker, opening["id"])
    assert applied.status_code == 201
    application_id = applied.json()["id"]
    await run_queued(database)
    [instant] = inbox.to(team.owner.email)
    assert f"/employer/applications/{application_id}" in text_of(instant)
    assert inbox.to(team.recruiter.email) == []
    assert inbox.to(team.viewer.email) == []
    for account, told in ((team.owner, True), (team.recruiter, True), (team.viewer, False)):
        listed = await client.get("/api/v1/me/notifications", headers=account.headers)
        kinds = [item["kind"] for item in listed.json()["items"]]
        assert (employers.KIND in kinds) is told

    later = utcnow() + timedelta(days=1, minutes=1)
    async with database.unit_of_work() as session:
        assert await employers.send_digests(session, now=later) == 1
    async with database.unit_of_work() as session:
        assert await employers.send_digests(session, now=later) == 0
    await run_queued(database)
    [digest] = inbox.to(team.recruiter.email)
    assert f"/employer/applications/{application_id}" in text_of(digest)
    assert digest["Subject"].startswith("New applications at ")
