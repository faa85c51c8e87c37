"""Applying: once per person and open job, answering the job's screening questions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from conftest import Account, AccountFactory, Team, assert_problem, problem_fields
from jobboard.applications import service
from jobboard.auth.principal import ANONYMOUS, Principal
from jobboard.auth.scopes import ROLE_SCOPES
from jobboard.db import Database
from jobboard.errors import NotFound
from jobboard.models import Application, ApplicationEvent
from support_hiring import apply, move


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


def _person(account: Account) -> Principal:
    return Principal(user_id=account.id, role=account.role, scopes=ROLE_SCOPES[account.role])


async def test_own_applications_are_the_candidates_alone(
    client: httpx.AsyncClient,
    database: Database,
    team: Team,
    opening: dict[str, Any],
    seeker: Account,
    accounts: AccountFactory,
) -> None:
    """`get_own` finds the candidate's application; the company's owner, who reads it
    through `get_readable`, and another seeker find none."""
    applied = await apply(client, seeker, opening["id"])
    application_id = applied.json()["id"]
    other = await accounts()
    async with database.sessionmaker() as session:
        own = await service.get_own(
            session, principal=_person(seeker), application_id=application_id
        )
        assert own.candidate_id == seeker.id
        readable = await service.get_readable(
            session, principal=_person(team.owner), application_id=application_id
        )
        assert readable.id == application_id
        for stranger in (team.owner, other):
            with pytest.raises(NotFound):
                await service.get_own(
                    session, principal=_person(stranger), application_id=application_id
                )
        with pytest.raises(NotFound):
            await service.get_own(session, principal=ANONYMOUS, application_id=application_id)


async def test_the_final_answer_is_the_companys_closing_step(
    client: httpx.AsyncClient,
    database: Database,
    team: Team,
    make_job: Callable[..., Awaitable[dict[str, Any]]],
    seeker: Account,
) -> None:
    """None while open and after the candidate withdraws; the company's move to a terminal
    stage, with its message, once it decides."""
    decided = await make_job(status="published")
    withdrawn = await make_job(status="published")
    decided_id = (await apply(client, seeker, decided["id"])).json()["id"]
    withdrawn_id = (await apply(client, seeker, withdrawn["id"])).json()["id"]

    async def answer(application_id: int) -> ApplicationEvent | None:
        async with database.sessionmaker() as session:
            application = await service.get_own(
                session, principal=_person(seeker), application_id=application_id
            )
            events = await service.history(session, application_id=application_id)
            return service.final_answer(application, events)

    assert await answer(decided_id) is None
    assert (await move(client, team.owner, decided_id, "screening")).status_code == 200
    assert await answer(decided_id) is None
    moved = await move(client, team.owner, decided_id, "rejected", message="Not this time.")
    assert moved.status_code == 200
    final = await answer(decided_id)
    assert final is not None
    assert (final.kind, final.to_stage, final.message) == ("moved", "rejected", "Not this time.")
    pulled = await client.post(
        f"/api/v1/applications/{withdrawn_id}/withdraw",
        json={"reason": "Found another job."},
        headers=seeker.headers,
    )
    assert pulled.status_code == 200
    assert await answer(withdrawn_id) is None
