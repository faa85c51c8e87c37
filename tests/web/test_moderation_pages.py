"""Trust and safety in a browser: a seeker reports a job from its page, risky postings flag
themselves, and an admin decides from /admin/reports (dismiss, take the job down, warn or
disable the company); reporters are told; the audit log has it, for admins and owners."""

from __future__ import annotations

from typing import Any

import httpx

from conftest import Account, AccountFactory, Team, make_admin
from jobboard.auth import standing
from jobboard.db import Database
from jobboard.kit.urls import job_path
from jobboard.models import User
from support_web import another_browser, submit, web_sign_in

SCAM = (
    "Work from home as a backend engineer. To start, pay a small fee for the starter kit and "
    "send us your bank details. Contact us on WhatsApp for the interview. Salary paid in USDT."
)


async def _browser(client: httpx.AsyncClient, account: Account) -> httpx.AsyncClient:
    browser = another_browser(client)
    await web_sign_in(browser, account.email)
    return browser


async def _admin(client: httpx.AsyncClient, database: Database) -> Account:
    """An admin whose new role every process sees at once (as `jobboard create-admin`
    publishes it), not after the cached standing of the seeker it was expires."""
    admin = await make_admin(database, client)
    app = client._transport.app  # type: ignore[attr-defined]
    async with database.sessionmaker() as session:
        user = await session.get(User, admin.id)
        await standing.publish_user(app.state.cache, user_id=admin.id, user=user, ttl=60)
    return admin


async def _kinds(client: httpx.AsyncClient, account: Account) -> list[str]:
    listed = await client.get("/api/v1/me/notifications", headers=account.headers)
    return [item["kind"] for item in listed.json()["items"]]


async def test_a_reported_job_is_taken_down_from_the_queue_and_the_reporter_is_told(
    client: httpx.AsyncClient,
    database: Database,
    team: Team,
    opening: dict[str, Any],
    accounts: AccountFactory,
) -> None:
    """The report is in the queue with its words; "Take the job down" closes it as
    moderated: the page answers 410 and says so, the reporter has a notification with the
    outcome, and the audit log names the admin."""
    seeker = await accounts("seeker")
    reporter = await _browser(client, seeker)
    page = job_path(opening["id"], opening["title"])
    report_form = f"/jobs/{opening['id']}/report"
    sent = await submit(
        reporter, report_form, report_form, {"reason": "misleading", "details": "Pay is fake."}
    )
    assert sent.status_code == 303

    admin = await _admin(client, database)
    moderator = await _browser(client, admin)
    queue = await moderator.get("/admin/reports")
    assert queue.status_code == 200
    assert "Pay is fake." in queue.text
    report_id = int(queue.text.split('id="report-', 1)[1].split('"', 1)[0])
    decided = await submit(
        moderator, "/admin/reports", f"/admin/reports/{report_id}", {"action": "close_job"}
    )
    assert decided.status_code == 303
    gone = await client.get(page)
    assert gone.status_code == 410
    assert "The moderators took this job down" in gone.text
    assert "report.resolved" in await _kinds(client, seeker)
    assert "No open reports" in (await moderator.get("/admin/reports")).text
    log = await moderator.get(f"/admin/audit?company={team.slug}")
    assert "moderation.job_closed" in log.text
    assert f"user:{admin.id}" in log.text


async def test_risky_postings_flag_themselves_with_their_evidence(
    client: httpx.AsyncClient, database: Database, team: Team, make_job: Any
) -> None:
    """Publishing a posting that asks for a fee and bank details, moves to WhatsApp and
    pays in crypto puts it in the queue once, with each signal's words; a plain one does not."""
    await make_job(status="published")
    risky = await make_job(status="published", title="Backend Engineer", description=SCAM)
    edited = await client.patch(
        f"/api/v1/jobs/{risky['id']}",
        json={"description": SCAM + " Start today."},
        headers=team.owner.headers,
    )
    assert edited.status_code == 200
    admin = await _admin(client, database)
    moderator = await _browser(client, admin)
    queue = await moderator.get("/admin/reports")
    assert queue.text.count('class="notice report"') == 1
    assert "Flagged by the risk checks" in queue.text
    for words in ("pay a small fee", "WhatsApp", "USDT"):
        assert words in queue.text, words
    report_id = int(queue.text.split('id="report-', 1)[1].split('"', 1)[0])
    dismissed = await submit(
        moderator, "/admin/reports", f"/admin/reports/{report_id}", {"action": "dismiss"}
    )
    assert dismissed.status_code == 303
    assert (await client.get(job_path(risky["id"], risky["title"]))).status_code == 200


async def test_a_warned_company_is_told_and_a_disabled_one_posts_nothing(
    client: httpx.AsyncClient,
    database: Database,
    team: Team,
    make_job: Any,
    accounts: AccountFactory,
) -> None:
    first = await make_job(status="published", description=SCAM)
    admin = await _admin(client, database)
    moderator = await _browser(client, admin)
    queue = await moderator.get("/admin/reports")
    report_id = int(queue.text.split('id="report-', 1)[1].split('"', 1)[0])
    warned = await submit(
        moderator,
        "/admin/reports",
        f"/admin/reports/{report_id}",
        {"action": "warn_company", "note": "No fees."},
    )
    assert warned.status_code == 303
    assert "company.warned" in await _kinds(client, team.owner)
    assert "company.warned" not in await _kinds(client, team.recruiter)

    edited = await client.patch(
        f"/api/v1/jobs/{first['id']}",
        json={"title": "Backend Engineer II"},
        headers=team.owner.headers,
    )
    assert edited.status_code == 200
    queue = await moderator.get("/admin/reports")
    report_id = int(queue.text.split('id="report-', 1)[1].split('"', 1)[0])
    disabled = await submit(
        moderator, "/admin/reports", f"/admin/reports/{report_id}", {"action": "disable_company"}
    )
    assert disabled.status_code == 303
    assert (await client.get(f"/api/v1/jobs/{first['id']}")).json()["closing_reason"] == (
        "moderated"
    )
    refused = await client.post(
        "/api/v1/jobs",
        json={"company": team.slug, "title": "Another", "description": "Go."},
        headers=team.owner.headers,
    )
    assert refused.status_code == 403

    seeker = await _browser(client, await accounts("seeker"))
    assert (await seeker.get("/admin/reports")).status_code == 403
    assert (await seeker.get("/admin/audit")).status_code == 403


async def test_owners_read_their_company_activity_and_no_one_else_does(
    client: httpx.AsyncClient, team: Team, make_job: Any
) -> None:
    job = await make_job()
    await client.patch(
        f"/api/v1/jobs/{job['id']}", json={"title": "Staff Engineer"}, headers=team.owner.headers
    )
    owner = await _browser(client, team.owner)
    activity = await owner.get(f"/employer/{team.slug}/activity")
    assert activity.status_code == 200
    assert "job.updated" in activity.text
    assert "Senior Backend Engineer → Staff Engineer" in activity.text
    recruiter = await _browser(client, team.recruiter)
    assert (await recruiter.get(f"/employer/{team.slug}/activity")).status_code == 403
