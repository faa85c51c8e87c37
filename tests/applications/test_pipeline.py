"""Moving applications through a company's pipeline: the rules, who may, who sees what."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select

from conftest import Account, AccountFactory, Team, assert_problem, make_admin, problem_fields
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.models import ApplicationEvent, Notification, WebhookDelivery
from support_hiring import apply, move
from support_mail import Inbox, text_of
from support_queue import queued, run_queued


async def test_a_move_reaches_the_candidate_and_notes_stay_with_the_company(
    client: httpx.AsyncClient,
    team: Team,
    opening: dict[str, Any],
    seeker: Account,
    database: Database,
    inbox: Inbox,
) -> None:
    """A recruiter's move with a message is kept as an event, notifies the candidate in the app
    and by e-mail after commit, and fires the company's webhooks; the candidate sees stage and
    message, never the private note."""
    hook = await client.post(
        f"/api/v1/companies/{team.slug}/webhooks",
        json={
            "url": "http://127.0.0.1:9/hook",
            "events": ["application.created", "application.stage_changed"],
        },
        headers=team.owner.headers,
    )
    assert hook.status_code == 201, hook.text
    applied = await apply(client, seeker, opening["id"], cover_letter="Hello")
    application_id = applied.json()["id"]
    note = await client.post(
        f"/api/v1/applications/{application_id}/notes",
        json={"body": "Strong Go background."},
        headers=team.recruiter.headers,
    )
    assert note.status_code == 201, note.text
    viewer_note = await client.post(
        f"/api/v1/applications/{application_id}/notes",
        json={"body": "me too"},
        headers=team.viewer.headers,
    )
    assert_problem(viewer_note, 403, "/problems/forbidden")
    moved = await move(
        client, team.recruiter, application_id, "screening", message="Let us talk on Monday."
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["stage"]["key"] == "screening"
    assert [item["body"] for item in moved.json()["notes"]] == ["Strong Go background."]
    assert moved.json()["events"][-1]["actor"] == f"user:{team.recruiter.id}"

    mine = await client.get(f"/api/v1/applications/{application_id}", headers=seeker.headers)
    seen = mine.json()
    assert seen["stage"]["name"] == "Screening"
    assert seen["events"][-1]["message"] == "Let us talk on Monday."
    assert seen["events"][-1]["by"] == "company"
    assert seen["events"][-1]["actor"] is None
    assert seen["notes"] is None
    assert "Strong Go background" not in mine.text

    company_view = await client.get(
        f"/api/v1/applications/{application_id}", headers=team.viewer.headers
    )
    assert company_view.json()["candidate"]["email"] == seeker.email
    async with database.sessionmaker() as session:
        kinds = list(
            await session.scalars(select(WebhookDelivery.event_type).order_by(WebhookDelivery.id))
        )
        notified = list(
            await session.scalars(
                select(Notification.title).where(Notification.user_id == seeker.id)
            )
        )
    assert kinds == ["application.created", "application.stage_changed"]
    assert notified == [f"{opening['title']} at {opening['company']['name']}: Screening"]
    assert inbox.to(seeker.email) == []
    assert "mail.send" in [name for name, _ in await queued(database)]
    await run_queued(database)
    [message] = [m for m in inbox.to(seeker.email) if "Screening" in m["Subject"]]
    assert "Let us talk on Monday." in text_of(message)
    base = get_settings().public_url.rstrip("/")
    assert f"See it at {base}/me/applications/{application_id}" in text_of(message).splitlines()
    assert f"{base}/me/notifications" in text_of(message)
    assert "/api/v1/" not in text_of(message), "e-mails link to pages"


async def test_moves_that_break_the_rules_are_refused_and_change_nothing(
    client: httpx.AsyncClient,
    team: Team,
    opening: dict[str, Any],
    seeker: Account,
    accounts: AccountFactory,
    database: Database,
) -> None:
    """Unknown stages are 422; hiring before the offer, going back to applied, staying put,
    withdrawing for the candidate and moving a final application are 409; a viewer is 403, a
    recruiter of another company 404, a stale If-Match 412; the history holds only real moves."""
    application = (await apply(client, seeker, opening["id"])).json()
    application_id = application["id"]
    unknown = await move(client, team.recruiter, application_id, "lunch")
    assert problem_fields(assert_problem(unknown, 422, "/problems/validation-error")) == ["body.to"]
    for target in ("hired", "applied", "withdrawn"):
        refused = await move(client, team.recruiter, application_id, target)
        assert_problem(refused, 409, "/problems/invalid-state-transition")
    assert_problem(
        await move(client, team.viewer, application_id, "screening"), 403, "/problems/forbidden"
    )
    outsider = await accounts("employer")
    other = await client.post(
        "/api/v1/companies", json={"name": "Elsewhere Inc"}, headers=outsider.headers
    )
    assert other.status_code == 201
    assert_problem(
        await move(client, outsider, application_id, "screening"), 404, "/problems/not-found"
    )
    assert_problem(
        await move(client, seeker, application_id, "screening"), 403, "/problems/forbidden"
    )
    stale = await client.post(
        f"/api/v1/applications/{application_id}/transitions",
        json={"to": "screening"},
        headers={**team.recruiter.headers, "If-Match": '"application-0-0"'},
    )
    assert_problem(stale, 412, "/problems/precondition-failed")
    for stage in ("interview", "offer", "hired"):
        assert (await move(client, team.recruiter, application_id, stage)).status_code == 200
    final = await move(client, team.recruiter, application_id, "rejected")
    assert_problem(final, 409, "/problems/invalid-state-transition")
    withdrawn = await client.post(
        f"/api/v1/applications/{application_id}/withdraw", headers=seeker.headers
    )
    assert_problem(withdrawn, 409, "/problems/invalid-state-transition")
    async with database.sessionmaker() as session:
        moves = list(await session.scalars(select(ApplicationEvent.to_stage)))
    assert moves == ["applied", "interview", "offer", "hired"]


async def test_the_candidate_withdraws_and_the_company_cannot(
    client: httpx.AsyncClient, team: Team, opening: dict[str, Any], seeker: Account
) -> None:
    """Withdrawing closes the application with the candidate's reason; only they may."""
    application_id = (await apply(client, seeker, opening["id"])).json()["id"]
    path = f"/api/v1/applications/{application_id}/withdraw"
    assert_problem(await client.post(path, headers=team.owner.headers), 403, "/problems/forbidden")
    done = await client.post(path, json={"reason": "I took another offer."}, headers=seeker.headers)
    assert done.status_code == 200, done.text
    assert done.json()["stage"]["key"] == "withdrawn"
    assert done.json()["status"] == "closed"
    company_view = await client.get(
        f"/api/v1/applications/{application_id}", headers=team.owner.headers
    )
    assert company_view.json()["events"][-1]["message"] == "I took another offer."


async def test_owners_shape_their_pipeline(
    client: httpx.AsyncClient,
    team: Team,
    opening: dict[str, Any],
    seeker: Account,
    database: Database,
) -> None:
    """Owners rename and add stages (audited); a stage with open applications cannot be
    removed; the order rules and the owner-only rule hold."""
    path = f"/api/v1/companies/{team.slug}/pipeline"
    default = await client.get(path, headers=team.viewer.headers)
    assert [stage["key"] for stage in default.json()["stages"]] == [
        "applied",
        "screening",
        "interview",
        "offer",
        "hired",
        "rejected",
        "withdrawn",
    ]
    application_id = (await apply(client, seeker, opening["id"])).json()["id"]
    await move(client, team.recruiter, application_id, "screening")
    stages = [
        {"key": "applied", "name": "New"},
        {"key": "tech-test", "name": "Take-home test"},
        {"key": "interview", "name": "Interviews"},
        {"key": "offer", "name": "Offer"},
        {"key": "hired", "name": "Hired"},
        {"key": "rejected", "name": "Not this time"},
        {"key": "withdrawn", "name": "Withdrawn"},
    ]
    in_use = await client.put(path, json={"stages": stages}, headers=team.owner.headers)
    assert assert_problem(in_use, 409, "/problems/stage-in-use")["stages"] == ["screening"]
    stages.insert(1, {"key": "screening", "name": "Phone screen"})
    by_recruiter = await client.put(path, json={"stages": stages}, headers=team.recruiter.headers)
    assert_problem(by_recruiter, 403, "/problems/forbidden")
    misordered = [stages[-1], *stages[:-1]]
    assert_problem(
        await client.put(path, json={"stages": misordered}, headers=team.owner.headers),
        422,
        "/problems/validation-error",
    )
    saved = await client.put(path, json={"stages": stages}, headers=team.owner.headers)
    assert saved.status_code == 200, saved.text
    moved = await move(client, team.recruiter, application_id, "tech-test")
    assert moved.json()["stage"] == {
        "key": "tech-test",
        "name": "Take-home test",
        "terminal": False,
    }
    admin = await make_admin(database, client)
    audited = await client.get(
        "/api/v1/admin/audit-events",
        params={"action": "company.pipeline_changed"},
        headers=admin.headers,
    )
    assert [event["actor"] for event in audited.json()["items"]] == [f"user:{team.owner.id}"]
