"""Personal data held by hiring: exported with the rest, erased without erasing the history
the companies keep."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from conftest import Account, Team
from jobboard.db import Database
from jobboard.models import CandidateProfile, Notification, Resume, SavedJob
from support_hiring import GO_PROFILE, apply, move, pdf, upload
from support_queue import run_queued


async def test_export_and_erasure_of_a_candidate(
    storage: Path,
    client: httpx.AsyncClient,
    team: Team,
    opening: dict[str, Any],
    seeker: Account,
    database: Database,
) -> None:
    """The export holds profile, résumé, saved jobs, applications (no notes) and
    notifications. Erasure deletes profile, résumé files, saved jobs and notifications; the
    company keeps the application's stages and dates without name, letter or notes."""
    await client.put("/api/v1/me/profile", json=GO_PROFILE, headers=seeker.headers)
    await upload(client, seeker, pdf(["Ada, Go engineer"]))
    await client.post(
        "/api/v1/me/saved-jobs", json={"job_id": opening["id"]}, headers=seeker.headers
    )
    application_id = (
        await apply(client, seeker, opening["id"], cover_letter="Dear Acme, I am Ada.")
    ).json()["id"]
    await client.post(
        f"/api/v1/applications/{application_id}/notes",
        json={"body": "Ada seems great"},
        headers=team.recruiter.headers,
    )
    await move(client, team.recruiter, application_id, "screening", message="Hi Ada!")

    document = (await client.get("/api/v1/me/export", headers=seeker.headers)).json()
    assert document["profile"]["headline"] == GO_PROFILE["headline"]
    assert [resume["media_type"] for resume in document["resumes"]] == ["application/pdf"]
    assert [saved["job_id"] for saved in document["saved_jobs"]] == [opening["id"]]
    [exported] = document["applications"]
    assert exported["cover_letter"] == "Dear Acme, I am Ada."
    assert [step["to_stage"] for step in exported["history"]] == ["applied", "screening"]
    assert [notice["kind"] for notice in document["notifications"]] == ["application.stage_changed"]
    assert "Ada seems great" not in str(document)

    assert (await client.delete("/api/v1/me", headers=seeker.headers)).status_code == 204
    await run_queued(database)
    assert list((storage / "resumes").rglob("*")) == [storage / "resumes" / str(seeker.id)]
    async with database.sessionmaker() as session:
        for model in (CandidateProfile, Resume, SavedJob):
            count = await session.scalar(select(func.count()).select_from(model))
            assert count == 0, model
        # The company's own notifications of the application name no one and stay.
        theirs = await session.scalar(select(func.count()).where(Notification.user_id == seeker.id))
        assert theirs == 0
        named = await session.scalar(
            select(func.count()).where(Notification.title.contains("Seeker"))
        )
        assert named == 0
    held = await client.get(f"/api/v1/applications/{application_id}", headers=team.owner.headers)
    assert held.status_code == 200, held.text
    kept = held.json()
    assert kept["candidate"] == {"user_id": None, "name": None, "email": None, "profile": None}
    assert kept["cover_letter"] is None
    assert kept["resume"] is None
    assert kept["notes"] == []
    assert (kept["stage"]["key"], kept["closed_reason"]) == ("withdrawn", "account_erased")
    assert [event["to_stage"] for event in kept["events"]] == ["applied", "screening", "withdrawn"]
    assert all(event["message"] is None for event in kept["events"])
    assert {event["actor"] for event in kept["events"]} == {
        "candidate",
        f"user:{team.recruiter.id}",
        "system",
    }
    assert "Ada" not in held.text
