"""Finding people for a job among searchable profiles, and inviting one of them to apply."""

from __future__ import annotations

import secrets
from typing import Any

import httpx
from sqlalchemy import func, select

from conftest import Account, AccountFactory, Team, assert_problem, job_payload, register
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.kit.urls import job_path
from jobboard.main import create_app
from jobboard.models import Notification
from support_hiring import GO_PROFILE, apply
from support_mail import Inbox, text_of
from support_queue import run_queued
from support_race import race


async def _profile(client: httpx.AsyncClient, account: Account, **profile: Any) -> None:
    saved = await client.put("/api/v1/me/profile", json=profile, headers=account.headers)
    assert saved.status_code == 200, saved.text


async def _people(client: httpx.AsyncClient, accounts: AccountFactory) -> dict[str, Account]:
    """Searchable strong and weak fits, a strong fit who keeps the profile to applications,
    and a strong fit who already applied."""
    people = {name: await accounts() for name in ("strong", "weak", "hidden", "applied")}
    await _profile(client, people["strong"], **{**GO_PROFILE, "visibility": "searchable"})
    await _profile(
        client,
        people["weak"],
        headline="Frontend developer",
        skills=[{"skill": "react", "years": 2}],
        location={"name": "Sydney"},
        workplaces=["onsite"],
        visibility="searchable",
    )
    await _profile(client, people["hidden"], **{**GO_PROFILE, "visibility": "applied"})
    await _profile(client, people["applied"], **{**GO_PROFILE, "visibility": "searchable"})
    return people


async def test_candidates_are_searchable_profiles_best_fit_first(
    client: httpx.AsyncClient, team: Team, opening: dict[str, Any], accounts: AccountFactory
) -> None:
    """Only searchable profiles of people who did not apply, ranked by fit with reasons and
    without e-mail addresses; `skill` and `min_score` narrow them; pages follow the cursor."""
    people = await _people(client, accounts)
    assert (await apply(client, people["applied"], opening["id"])).status_code == 201
    path = f"/api/v1/jobs/{opening['id']}/candidates"
    found = await client.get(path, headers=team.viewer.headers)
    assert found.status_code == 200, found.text
    items = found.json()["items"]
    ids = [item["user_id"] for item in items]
    assert ids.index(people["strong"].id) < ids.index(people["weak"].id)
    assert people["hidden"].id not in ids
    assert people["applied"].id not in ids
    strong = items[ids.index(people["strong"].id)]
    assert strong["profile"]["headline"] == GO_PROFILE["headline"]
    assert "all 2 required skills" in strong["match"]["reasons"]
    assert "email" not in strong

    only_go = await client.get(path, params={"skill": "golang"}, headers=team.owner.headers)
    assert people["weak"].id not in [item["user_id"] for item in only_go.json()["items"]]
    good = await client.get(
        path, params={"min_score": strong["match"]["score"]}, headers=team.owner.headers
    )
    assert people["strong"].id in [item["user_id"] for item in good.json()["items"]]
    assert people["weak"].id not in [item["user_id"] for item in good.json()["items"]]

    first = await client.get(path, params={"limit": 1}, headers=team.owner.headers)
    second = await client.get(
        path,
        params={"limit": 1, "cursor": first.json()["next_cursor"]},
        headers=team.owner.headers,
    )
    assert [item["user_id"] for item in first.json()["items"] + second.json()["items"]] == ids[:2]
    forged = await client.get(path, params={"cursor": "nonsense"}, headers=team.owner.headers)
    assert_problem(forged, 400, "/problems/invalid-cursor")
    unknown = await client.get(
        path, params={"skill": "cobol-on-wheels"}, headers=team.owner.headers
    )
    assert_problem(unknown, 404, "/problems/not-found")


async def test_an_invitation_reaches_the_person_once(
    client: httpx.AsyncClient,
    database: Database,
    team: Team,
    opening: dict[str, Any],
    accounts: AccountFactory,
    inbox: Inbox,
) -> None:
    """The person is told in the app and by e-mail, with the message; a second invitation to
    the same job is 409; a profile that is not searchable cannot be invited (404); a viewer
    may look but not invite (403)."""
    people = await _people(client, accounts)
    await run_queued(database)
    inbox.messages.clear()
    url = f"/api/v1/jobs/{opening['id']}/candidates/{people['strong'].id}/invitation"
    sent = await client.post(
        url, json={"message": "Your Go work caught our eye."}, headers=team.recruiter.headers
    )
    assert sent.status_code == 201, sent.text
    again = await client.post(url, json={}, headers=team.owner.headers)
    assert_problem(again, 409, "/problems/already-invited")
    hidden = f"/api/v1/jobs/{opening['id']}/candidates/{people['hidden'].id}/invitation"
    assert_problem(
        await client.post(hidden, json={}, headers=team.owner.headers), 404, "/problems/not-found"
    )
    viewer = await client.post(
        f"/api/v1/jobs/{opening['id']}/candidates/{people['weak'].id}/invitation",
        json={},
        headers=team.viewer.headers,
    )
    assert_problem(viewer, 403, "/problems/forbidden")

    notifications = await client.get("/api/v1/me/notifications", headers=people["strong"].headers)
    [invitation] = [item for item in notifications.json()["items"] if item["kind"] == "invitation"]
    assert invitation["job_id"] == opening["id"]
    assert "Your Go work caught our eye." in invitation["body"]
    await run_queued(database)
    [mail] = inbox.to(people["strong"].email)
    assert "Your Go work caught our eye." in text_of(mail)
    page = get_settings().public_url.rstrip("/") + job_path(opening["id"], opening["title"])
    assert f"See the job at {page}" in text_of(mail).splitlines()
    assert "/api/v1/" not in text_of(mail), "e-mails link to pages"


async def test_two_invitations_racing_make_one(committed_database: Database) -> None:
    """Sent at once (on PostgreSQL both requests are held on the profile row until both wait
    for it), one invitation is made and the other is told it exists."""
    app = create_app(get_settings(), committed_database)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        owner = await register(client, role="employer")
        company = await client.post(
            "/api/v1/companies",
            json={"name": f"Invites {secrets.token_hex(4)}"},
            headers=owner.headers,
        )
        job = await client.post(
            "/api/v1/jobs",
            json=job_payload(company.json()["slug"], status="published"),
            headers=owner.headers,
        )
        person = await register(client, role="seeker")
        await _profile(client, person, **{**GO_PROFILE, "visibility": "searchable"})
        url = f"/api/v1/jobs/{job.json()['id']}/candidates/{person.id}/invitation"
        answers = await race(
            committed_database,
            "SELECT user_id FROM candidate_profile WHERE user_id = :id FOR UPDATE",
            {"id": person.id},
            client.post(url, json={}, headers=owner.headers),
            client.post(url, json={}, headers=owner.headers),
        )
    assert sorted(answer.status_code for answer in answers) == [201, 409]
    async with committed_database.sessionmaker() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == person.id, Notification.kind == "invitation")
        )
    assert count == 1
