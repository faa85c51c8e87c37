"""Bad input to the jobs API: each is a problem+json naming what is wrong, and writes nothing."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from conftest import Account, assert_problem, job_payload

VALIDATION = "/problems/validation-error"


@dataclass(frozen=True)
class BadInput:
    """One bad request to POST /api/v1/jobs and the answer it must get."""

    name: str
    overrides: dict[str, Any] = field(default_factory=dict)
    raw: bytes | None = None
    content_type: str = "application/json"
    status: int = 422
    problem_type: str = VALIDATION
    field: str = ""
    detail: str = ""
    setup: dict[str, Any] | None = None


def _in(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


CASES = [
    BadInput(
        "malformed-json",
        raw=b'{"title": "Backend", ',
        status=400,
        problem_type="/problems/malformed-body",
        detail="not valid JSON",
    ),
    BadInput("json-array", raw=b'[{"title": "Backend"}]', field="body"),
    BadInput("empty-body", raw=b"", field="body"),
    BadInput("unknown-field", {"salary_secret": True}, field="body.salary_secret"),
    BadInput("title-number", {"title": 42}, field="body.title"),
    BadInput("skills-string", {"skills": "python"}, field="body.skills"),
    BadInput("years-in-words", {"min_years_experience": "five"}, field="body.min_years_experience"),
    BadInput("title-too-long", {"title": "x" * 201}, field="body.title"),
    BadInput("description-too-long", {"description": "x" * 100_001}, field="body.description"),
    BadInput("empty-title", {"title": ""}, field="body.title"),
    BadInput("blank-title", {"title": "   "}, field="body.title"),
    BadInput("unknown-seniority", {"seniority": "wizard"}, field="body.seniority"),
    BadInput("unknown-workplace", {"workplace": "moon"}, field="body.workplace"),
    BadInput("bad-apply-url", {"apply_url": "not a url"}, field="body.apply_url"),
    BadInput(
        "negative-salary",
        {"salary": {"min": -1, "max": 100, "currency": "EUR"}},
        field="body.salary.min",
    ),
    BadInput(
        "huge-salary",
        {"salary": {"min": 1, "max": 10**14, "currency": "EUR"}},
        field="body.salary.max",
    ),
    BadInput(
        "inverted-salary",
        {"salary": {"min": 9_000_000, "max": 7_000_000, "currency": "EUR"}},
        field="body.salary",
    ),
    BadInput(
        "unknown-currency",
        {"salary": {"min": 1, "max": 2, "currency": "XYZ"}},
        field="body.salary.currency",
    ),
    BadInput("salary-without-amounts", {"salary": {"currency": "EUR"}}, field="body.salary"),
    BadInput(
        "unknown-pay-period",
        {"salary": {"min": 1, "currency": "EUR", "period": "fortnightly"}},
        field="body.salary.period",
    ),
    BadInput("past-expiry", {"expires_at": _in(-1)}, field="body.expires_at"),
    BadInput("naive-expiry", {"expires_at": "2030-01-01T00:00:00"}, field="body.expires_at"),
    BadInput("expiry-too-far", {"expires_at": _in(181)}, field="body.expires_at"),
    BadInput("nul-in-title", {"title": "Backend\x00Engineer"}, field="body.title"),
    BadInput("nul-in-description", {"description": "Hello\x00"}, field="body.description"),
    BadInput("nul-in-skill", {"skills": [{"skill": "pyt\x00hon"}]}, field="body.skills"),
    BadInput("unknown-skill", {"skills": [{"skill": "cobolscript"}]}, field="body.skills[0].skill"),
    BadInput("unknown-category", {"category": "astronaut"}, field="body.category"),
    BadInput(
        "skill-older-than-itself",
        {"skills": [{"skill": "kubernetes", "min_years": 20}]},
        field="body.skills[0].min_years",
    ),
    BadInput(
        "same-skill-twice",
        {"skills": [{"skill": "postgres"}, {"skill": "postgresql"}]},
        field="body.skills[1].skill",
    ),
    BadInput(
        "same-alias-twice",
        {"skills": [{"skill": "k8s"}, {"skill": "K8S"}]},
        field="body.skills",
    ),
    BadInput(
        "location-two-ways",
        {"locations": [{"geoname_id": 2950159, "name": "Berlin"}]},
        field="body.locations[0]",
    ),
    BadInput(
        "unknown-city",
        {"locations": [{"name": "Berlin"}, {"name": "Qwxzzyville Atlantis"}]},
        field="body.locations[1]",
    ),
    BadInput(
        "too-many-remote-regions",
        {"workplace": "remote", "remote_regions": [f"r{number:02}" for number in range(31)]},
        field="body.remote_regions",
    ),
    BadInput(
        "too-many-skills",
        {"skills": [{"skill": f"skill-{number}"} for number in range(51)]},
        field="body.skills",
    ),
    BadInput(
        "requisition-id-reused",
        {"requisition_id": "REQ-42"},
        status=409,
        problem_type="/problems/requisition-id-taken",
        detail="requisition id 'REQ-42'",
        setup={"requisition_id": "REQ-42"},
    ),
    BadInput("unknown-company", {"company": "no-such-company"}, field="body.company"),
    BadInput("unknown-status", {"status": "closed"}, field="body.status"),
    BadInput(
        "text-plain",
        content_type="text/plain",
        status=415,
        problem_type="/problems/unsupported-media-type",
        detail="Content-Type: application/json",
    ),
    BadInput(
        "form-encoded",
        raw=b"title=Backend&company=acme",
        content_type="application/x-www-form-urlencoded",
        status=415,
        problem_type="/problems/unsupported-media-type",
        detail="Content-Type: application/json",
    ),
]


async def _job_rows(session: AsyncSession) -> int:
    count = await session.scalar(text("SELECT count(*) FROM job"))
    assert count is not None
    return int(count)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
async def test_bad_job_input_is_refused_and_writes_nothing(
    client: httpx.AsyncClient,
    session: AsyncSession,
    employer: Account,
    company: dict[str, Any],
    case: BadInput,
) -> None:
    """Each bad input gets a stable problem type naming the field, and no job is written."""
    if case.setup is not None:
        first = await client.post(
            "/api/v1/jobs",
            json=job_payload(company["slug"], **case.setup),
            headers=employer.headers,
        )
        assert first.status_code == 201, first.text
    before = await _job_rows(session)
    content = case.raw
    if content is None:
        content = json.dumps(job_payload(company["slug"], **case.overrides)).encode()
    response = await client.post(
        "/api/v1/jobs",
        content=content,
        headers={**employer.headers, "Content-Type": case.content_type},
    )
    problem = assert_problem(response, case.status, case.problem_type)
    if case.field:
        assert case.field in [error["field"] for error in problem["errors"]], problem
    if case.detail:
        assert case.detail in problem["detail"], problem
    assert await _job_rows(session) == before


async def test_a_lower_case_currency_is_accepted_in_upper_case(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """The currency code is case-insensitive on input and stored upper-case."""
    response = await client.post(
        "/api/v1/jobs",
        json=job_payload(company["slug"], salary={"min": 100, "max": 200, "currency": "eur"}),
        headers=employer.headers,
    )
    assert response.status_code == 201, response.text
    assert response.json()["salary"]["currency"] == "EUR"


async def test_one_problem_names_every_bad_field(
    client: httpx.AsyncClient, session: AsyncSession, employer: Account, company: dict[str, Any]
) -> None:
    """Several bad fields in one body are all named in one answer."""
    response = await client.post(
        "/api/v1/jobs",
        json=job_payload(company["slug"], title="", min_years_experience=99, workplace="moon"),
        headers=employer.headers,
    )
    problem = assert_problem(response, 422, VALIDATION)
    assert {error["field"] for error in problem["errors"]} == {
        "body.title",
        "body.min_years_experience",
        "body.workplace",
    }
    assert await _job_rows(session) == 0


# Lists, ids and routes


@pytest.mark.parametrize("limit", ["0", "101", "-1", "ten"])
async def test_an_out_of_range_limit_is_refused(client: httpx.AsyncClient, limit: str) -> None:
    """limit must be 1 to 100: anything else is a 422 naming query.limit."""
    response = await client.get("/api/v1/jobs", params={"limit": limit})
    problem = assert_problem(response, 422, VALIDATION)
    assert [error["field"] for error in problem["errors"]] == ["query.limit"]


@pytest.mark.parametrize("cursor", ["abc", "", "!!!", "x" * 64, "A" * 28, "é"])
async def test_a_forged_cursor_is_refused(client: httpx.AsyncClient, cursor: str) -> None:
    """A cursor the API did not issue (an empty one included) is a 400 invalid-cursor."""
    response = await client.get("/api/v1/jobs", params={"cursor": cursor})
    assert_problem(response, 400, "/problems/invalid-cursor")


async def test_a_cursor_from_another_list_is_refused(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """A cursor issued for one list (or one filter) does not work on another."""
    for number in range(3):
        response = await client.post(
            "/api/v1/jobs",
            json=job_payload(company["slug"], title=f"Role {number}", status="published"),
            headers=employer.headers,
        )
        assert response.status_code == 201, response.text
        await client.post(
            "/api/v1/companies",
            json={"name": f"Cursor Co {secrets.token_hex(3)}"},
            headers=employer.headers,
        )
    filtered = await client.get("/api/v1/jobs", params={"limit": 1, "company": company["slug"]})
    job_cursor = filtered.json()["next_cursor"]
    assert job_cursor is not None
    companies = await client.get("/api/v1/companies", params={"limit": 1})
    company_cursor = companies.json()["next_cursor"]
    assert company_cursor is not None

    works = await client.get(
        "/api/v1/jobs", params={"limit": 1, "company": company["slug"], "cursor": job_cursor}
    )
    assert works.status_code == 200
    for path, params in [
        ("/api/v1/jobs", {"limit": 1, "cursor": job_cursor}),
        ("/api/v1/jobs", {"limit": 1, "cursor": company_cursor}),
        ("/api/v1/companies", {"limit": 1, "cursor": job_cursor}),
        (f"/api/v1/companies/{company['slug']}/jobs", {"cursor": job_cursor}),
    ]:
        response = await client.get(path, params=params)
        assert_problem(response, 400, "/problems/invalid-cursor")


async def test_a_non_numeric_job_id_is_refused(client: httpx.AsyncClient) -> None:
    """GET /jobs/not-a-number is a 422 naming path.job_id."""
    response = await client.get("/api/v1/jobs/not-a-number")
    problem = assert_problem(response, 422, VALIDATION)
    assert [error["field"] for error in problem["errors"]] == ["path.job_id"]


async def test_an_unknown_job_is_not_found(client: httpx.AsyncClient) -> None:
    """GET of a job id nobody has is a 404 problem."""
    response = await client.get("/api/v1/jobs/999999")
    assert_problem(response, 404, "/problems/not-found")


async def test_an_unknown_route_is_a_problem(client: httpx.AsyncClient) -> None:
    """A path the API does not have is a 404 problem+json, not an HTML page."""
    response = await client.get("/api/v1/no-such-thing")
    assert_problem(response, 404, "/problems/not-found")


async def test_a_wrong_method_is_a_problem(client: httpx.AsyncClient) -> None:
    """A method no route supports at the path is a 405 problem with every allowed method."""
    response = await client.put("/api/v1/jobs", json={})
    assert_problem(response, 405, "/problems/method-not-allowed")
    assert response.headers["allow"] == "GET, POST"
    response = await client.post("/api/v1/jobs/1", json={})
    assert_problem(response, 405, "/problems/method-not-allowed")
    assert response.headers["allow"] == "DELETE, GET, PATCH"
