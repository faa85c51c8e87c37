"""Applying: once per person and open job, answering the job's screening questions."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select

from conftest import Account, Team, assert_problem, problem_fields
from jobboard.db import Database
from jobboard.models import Application, ApplicationEvent
from support_hiring import apply


async def _count(database: Database) -> int:
    async with database.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Application)) or 0)


async def test_applying_once_and_a_second_time(
    client: httpx.AsyncClient, team: Team, opening: dict[str, Any], seeker: Account
) -> None:
    """The first application is 201 in the candidate's view; a second is 409 already-applied,
    and a retry with the same Idempotency-Key replays the first answer."""
    headers = {**seeker.headers, "Idempotency-Key": "apply-once"}
    path = f"/api/v1/jobs/{opening['id']}/applications"
    first = await client.post(path, json={"cover_letter": "I like Go."}, headers=headers)
    assert first.status_code == 201, first.text
    body = first.json()
    assert first.headers["location"] == f"/api/v1/applications/{body['id']}"
    assert body["stage"] == {"key": "applied", "name": "Applied", "terminal": False}
    assert body["status"] == "open"
    assert body["job"]["id"] == opening["id"]
    assert [event["kind"] for event in body["events"]] == ["applied"]
    assert body["events"][0]["by"] == "candidate"
    assert body["events"][0]["actor"] is None
    assert body["notes"] is None
    assert body["candidate"] is None
    assert body["match"] is None
    replay = await client.post(path, json={"cover_letter": "I like Go."}, headers=headers)
    assert replay.status_code == 201
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.json()["id"] == body["id"]
    again = await apply(client, seeker, opening["id"], cover_letter="Me again.")
    problem = assert_problem(again, 409, "/problems/already-applied")
    assert problem["application_id"] == body["id"]
    mine = await client.get("/api/v1/me/applications", headers=seeker.headers)
    assert [item["id"] for item in mine.json()["items"]] == [body["id"]]


async def test_only_open_jobs_of_other_companies_take_applications(
    client: httpx.AsyncClient,
    team: Team,
    make_job: Any,
    seeker: Account,
    database: Database,
) -> None:
    """Closed jobs are 409 job-not-open, drafts 404, a job with an external apply URL answers
    409 external-application with that URL, the company's own members 403; nothing written."""
    closed = await make_job(status="published")
    await client.post(
        f"/api/v1/jobs/{closed['id']}/close", json={"reason": "filled"}, headers=team.owner.headers
    )
    draft = await make_job()
    external = await make_job(status="published", apply_url="https://careers.example.com/42")
    open_job = await make_job(status="published")

    assert_problem(await apply(client, seeker, closed["id"]), 409, "/problems/job-not-open")
    assert_problem(await apply(client, seeker, draft["id"]), 404, "/problems/not-found")
    outside = assert_problem(
        await apply(client, seeker, external["id"]), 409, "/problems/external-application"
    )
    assert outside["apply_url"] == "https://careers.example.com/42"
    assert_problem(await apply(client, team.recruiter, open_job["id"]), 403, "/problems/forbidden")
    anonymous = await client.post(f"/api/v1/jobs/{open_job['id']}/applications", json={})
    assert_problem(anonymous, 401, "/problems/not-authenticated")
    assert await _count(database) == 0


async def test_screening_answers_are_checked_against_the_questions(
    client: httpx.AsyncClient,
    team: Team,
    opening: dict[str, Any],
    seeker: Account,
    database: Database,
) -> None:
    """Answers of the wrong type, unknown questions and missing required answers are one 422
    naming each; good answers are kept with their questions."""
    path = f"/api/v1/jobs/{opening['id']}/questions"
    bad = await client.put(
        path,
        json={"questions": [{"id": "level", "kind": "single_choice", "prompt": "Level?"}]},
        headers=team.recruiter.headers,
    )
    assert_problem(bad, 422, "/problems/validation-error")
    questions = [
        {"id": "permit", "kind": "yes_no", "prompt": "May you work in Germany?"},
        {"id": "years-go", "kind": "number", "prompt": "Years of Go?"},
        {
            "id": "notice",
            "kind": "single_choice",
            "prompt": "Notice period?",
            "options": ["none", "1 month", "3 months"],
        },
        {"id": "why", "kind": "short_text", "prompt": "Why us?", "required": False},
    ]
    saved = await client.put(path, json={"questions": questions}, headers=team.recruiter.headers)
    assert saved.status_code == 200, saved.text
    viewer = await client.put(path, json={"questions": []}, headers=team.viewer.headers)
    assert_problem(viewer, 403, "/problems/forbidden")
    listed = await client.get(path)
    assert [item["id"] for item in listed.json()["questions"]] == [
        "permit",
        "years-go",
        "notice",
        "why",
    ]

    wrong = await apply(
        client,
        seeker,
        opening["id"],
        answers={"permit": "yes", "years-go": True, "notice": "2 weeks", "salary": 5},
    )
    problem = assert_problem(wrong, 422, "/problems/validation-error")
    assert sorted(problem_fields(problem)) == [
        "body.answers.notice",
        "body.answers.permit",
        "body.answers.salary",
        "body.answers.years-go",
    ]
    missing = await apply(client, seeker, opening["id"], answers={"permit": True})
    assert sorted(problem_fields(assert_problem(missing, 422, "/problems/validation-error"))) == [
        "body.answers.notice",
        "body.answers.years-go",
    ]
    assert await _count(database) == 0

    good = await apply(
        client, seeker, opening["id"], answers={"permit": True, "years-go": 4.5, "notice": "none"}
    )
    assert good.status_code == 201, good.text
    assert [(item["id"], item["value"]) for item in good.json()["answers"]] == [
        ("permit", True),
        ("years-go", 4.5),
        ("notice", "none"),
    ]
    async with database.sessionmaker() as session:
        kinds = list(await session.scalars(select(ApplicationEvent.kind)))
    assert kinds == ["applied"]
