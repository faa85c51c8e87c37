"""Malformed requests to the hiring endpoints: each a 422 naming the field, nothing written."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select

from conftest import Account, Team, assert_problem, problem_fields
from jobboard.db import Database
from jobboard.models import (
    ApplicationEvent,
    ApplicationNote,
    PipelineStage,
    SavedJob,
    ScreeningQuestion,
)
from support_hiring import apply


async def test_malformed_bodies_are_refused_field_by_field(
    client: httpx.AsyncClient,
    team: Team,
    opening: dict[str, Any],
    seeker: Account,
    database: Database,
) -> None:
    """Empty notes, unknown fields, bad stage keys, duplicate keys, a missing file, a
    non-positive job id and over-long texts are 422 problems naming each field."""
    application_id = (await apply(client, seeker, opening["id"])).json()["id"]
    base = f"/api/v1/applications/{application_id}"
    cases: list[tuple[str, str, Account, dict[str, Any], list[str]]] = [
        ("POST", f"{base}/notes", team.recruiter, {"json": {"body": ""}}, ["body.body"]),
        (
            "POST",
            f"{base}/transitions",
            team.recruiter,
            {"json": {"to": "Not A Key!", "note": "x"}},
            ["body.to", "body.note"],
        ),
        (
            "POST",
            f"{base}/withdraw",
            seeker,
            {"json": {"reason": "x" * 1001}},
            ["body.reason"],
        ),
        (
            "PUT",
            f"/api/v1/companies/{team.slug}/pipeline",
            team.owner,
            {"json": {"stages": [{"key": "applied", "name": "A"}] * 5}},
            ["body.stages"],
        ),
        (
            "PUT",
            f"/api/v1/jobs/{opening['id']}/questions",
            team.owner,
            {
                "json": {
                    "questions": [
                        {"id": "q", "kind": "essay", "prompt": "Why?"},
                        {"id": "r", "kind": "yes_no", "prompt": ""},
                    ]
                }
            },
            ["body.questions[0].kind", "body.questions[1].prompt"],
        ),
        (
            "POST",
            f"/api/v1/jobs/{opening['id']}/applications",
            seeker,
            {"json": {"cover_letter": "", "answers": {"Bad Key": True}}},
            ["body.cover_letter", "body.answers.Bad Key.[key]"],
        ),
        ("POST", "/api/v1/me/saved-jobs", seeker, {"json": {"job_id": 0}}, ["body.job_id"]),
        ("POST", "/api/v1/me/resume", seeker, {"data": {"nofile": "x"}}, ["body.file"]),
    ]
    for method, path, account, body, fields in cases:
        response = await client.request(method, path, headers=account.headers, **body)
        problem = assert_problem(response, 422, "/problems/validation-error")
        assert problem_fields(problem) == fields, (path, problem)
    async with database.sessionmaker() as session:
        for model in (ApplicationNote, PipelineStage, SavedJob, ScreeningQuestion):
            assert await session.scalar(select(func.count()).select_from(model)) == 0, model
        events = await session.scalar(select(func.count()).select_from(ApplicationEvent))
    assert events == 1
