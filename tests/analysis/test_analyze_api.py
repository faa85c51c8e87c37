"""POST /api/v1/analyze: who may call it, what it answers, and how it refuses bad input."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from conftest import AccountFactory, assert_problem

PROBLEM = "application/problem+json"
POSTING = {
    "title": "Senior Go Engineer",
    "description": (
        "<h2>Requirements</h2><ul><li>5+ years of experience, at least 3 years of Go</li>"
        "<li>PostgreSQL and Kafka</li></ul><h2>Nice to have</h2><ul><li>Kubernetes</li></ul>"
        "<p>Salary: €70.000 – €90.000 per year plus equity. Fully remote within Europe. "
        "This is a full-time role.</p>"
    ),
}


async def test_an_employer_gets_the_analysis_of_a_posting(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """Skills with their strength and years, level, years, workplace, pay and type come back."""
    employer = await accounts("employer")
    response = await client.post("/api/v1/analyze", json=POSTING, headers=employer.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert [(skill["slug"], skill["required"], skill["min_years"]) for skill in body["skills"]] == [
        ("go", True, 3),
        ("postgresql", True, None),
        ("apache-kafka", True, None),
        ("kubernetes", False, None),
    ]
    assert body["seniority"] == {"value": "senior", "source": "title", "evidence": "Senior"}
    assert body["min_years_experience"] == 5
    assert body["workplace"]["value"] == "remote"
    assert body["workplace"]["remote_regions"] == ["europe"]
    assert body["salary"] == {
        "min": 7_000_000,
        "max": 9_000_000,
        "currency": "EUR",
        "period": "yearly",
        "annual_min": 7_000_000,
        "annual_max": 9_000_000,
        "equity": True,
        "text": "€70.000 – €90.000",
    }
    assert body["employment_type"]["value"] == "full_time"
    assert body["source_format"] == "html"
    assert body["taxonomy_version"]
    assert {section["kind"] for section in body["sections"]} == {"requirements", "nice"}


async def test_lint_warnings_have_codes_severities_and_advice(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """Each warning names a stable code, a severity, the field and what to do."""
    seeker = await accounts("seeker")
    response = await client.post(
        "/api/v1/analyze",
        json={"title": "Rockstar Developer", "description": "Young and energetic ninjas wanted."},
        headers=seeker.headers,
    )
    assert response.status_code == 200
    warnings = {warning["code"]: warning for warning in response.json()["warnings"]}
    assert {"pay.missing", "wording.exclusionary", "wording.vague"} <= warnings.keys()
    assert warnings["pay.missing"]["severity"] == "warning"
    assert warnings["pay.missing"]["field"] == "salary"
    assert warnings["wording.exclusionary"]["evidence"] == "Young and energetic"


async def test_stated_fields_are_read_before_the_text(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """Pay and places given with the request silence the warnings about them."""
    employer = await accounts("employer")
    response = await client.post(
        "/api/v1/analyze",
        json={
            "title": "Backend Engineer",
            "description": "Build services in Python.",
            "salary": {"min": 9_000_000, "max": 11_000_000, "currency": "usd"},
            "locations": [{"name": "Berlin"}],
            "employment_type": "full_time",
        },
        headers=employer.headers,
    )
    assert response.status_code == 200
    codes = {warning["code"] for warning in response.json()["warnings"]}
    assert not codes & {"pay.missing", "google.location_missing", "google.employment_type_missing"}


async def test_anonymous_callers_must_sign_in(client: httpx.AsyncClient) -> None:
    """Analysis is for signed-in users: 401 with a bearer challenge."""
    response = await client.post("/api/v1/analyze", json=POSTING)
    assert response.headers["content-type"] == PROBLEM
    assert_problem(response, 401, "/problems/not-authenticated")
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Engineer"}, "body.description"),
        ({**POSTING, "title": ""}, "body.title"),
        ({**POSTING, "description": "x" * 100_001}, "body.description"),
        ({**POSTING, "workplace": "moon"}, "body.workplace"),
        ({**POSTING, "salary": {"min": 5, "currency": "XXQ"}}, "body.salary.currency"),
        ({**POSTING, "salary": {"min": 9, "max": 5, "currency": "USD"}}, "body.salary"),
        ({**POSTING, "locations": [{}]}, "body.locations[0]"),
        ({**POSTING, "secret": True}, "body.secret"),
        ({**POSTING, "description": "nul\x00byte"}, "body.description"),
    ],
)
async def test_bad_input_is_a_validation_problem_naming_the_field(
    client: httpx.AsyncClient, accounts: AccountFactory, body: dict[str, Any], field: str
) -> None:
    """Missing, over-long, unknown or malformed fields answer 422 naming each field."""
    employer = await accounts("employer")
    response = await client.post("/api/v1/analyze", json=body, headers=employer.headers)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["type"] == "/problems/validation-error"
    assert field in [error["field"] for error in problem["errors"]]


async def test_a_body_that_is_not_json_is_refused(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """Malformed JSON is a 400 problem; another content type a 415."""
    employer = await accounts("employer")
    malformed = await client.post(
        "/api/v1/analyze",
        content=b'{"title": ',
        headers={**employer.headers, "content-type": "application/json"},
    )
    assert_problem(malformed, 400, "/problems/malformed-body")
    form = await client.post(
        "/api/v1/analyze", data={"title": "x", "description": "y"}, headers=employer.headers
    )
    assert_problem(form, 415, "/problems/unsupported-media-type")


async def test_only_post_is_served(client: httpx.AsyncClient) -> None:
    """GET is not a method of /analyze."""
    response = await client.get("/api/v1/analyze")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
