"""Creating and editing a job fills what the employer left empty from the description."""

from __future__ import annotations

from typing import Any

import httpx

from conftest import Account

DESCRIPTION = (
    "## Requirements\n- 5+ years of experience, at least 3 years of Go\n- PostgreSQL\n"
    "## Nice to have\n- Kubernetes\n"
    "Salary: €70.000 – €90.000 per year. Fully remote within Europe. This is a contract role."
)


async def _create(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any], **fields: Any
) -> httpx.Response:
    body = {"company": company["slug"], "title": "Senior Go Engineer", **fields}
    body.setdefault("description", DESCRIPTION)
    return await client.post("/api/v1/jobs", json=body, headers=employer.headers)


async def test_empty_fields_are_filled_from_the_description(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """Skills, seniority, years, workplace, regions, pay and type come from the text."""
    response = await _create(client, employer, company)
    assert response.status_code == 201, response.text
    job = response.json()
    assert [(s["slug"], s["required"], s["min_years"]) for s in job["skills"]] == [
        ("go", True, 3),
        ("postgresql", True, None),
        ("kubernetes", False, None),
    ]
    assert job["seniority"] == "senior"
    assert job["min_years_experience"] == 5
    assert job["workplace"] == "remote"
    assert job["remote_regions"] == ["europe"]
    assert job["salary"]["min"] == 7_000_000
    assert job["salary"]["currency"] == "EUR"
    assert job["employment_type"] == "contractor"
    assert job["derived_fields"] == [
        "employment_type",
        "min_years_experience",
        "remote_regions",
        "salary",
        "seniority",
        "skills",
        "workplace",
    ]


async def test_what_the_employer_states_always_wins(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """Stated values stay, even the defaults when sent on purpose, and are not derived."""
    response = await _create(
        client,
        employer,
        company,
        seniority="staff",
        workplace="onsite",
        employment_type="full_time",
        locations=[{"name": "Berlin"}],
        skills=[{"skill": "rust"}],
        salary={"min": 10_000_000, "max": 12_000_000, "currency": "EUR"},
    )
    assert response.status_code == 201, response.text
    job = response.json()
    assert job["seniority"] == "staff"
    assert job["workplace"] == "onsite"
    assert job["employment_type"] == "full_time"
    assert [skill["slug"] for skill in job["skills"]] == ["rust"]
    assert job["salary"]["min"] == 10_000_000
    assert job["derived_fields"] == ["min_years_experience"]


async def test_nothing_is_derived_when_the_employer_says_so(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """With `derive: false` the job holds exactly what was sent, defaults included."""
    response = await _create(client, employer, company, derive=False)
    assert response.status_code == 201, response.text
    job = response.json()
    assert job["derived_fields"] == []
    assert job["skills"] == []
    assert job["seniority"] is None
    assert job["workplace"] == "onsite"
    assert job["employment_type"] == "full_time"
    assert job["salary"] is None


async def test_a_text_that_states_nothing_derives_nothing(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """Defaults stay defaults, and are not reported as derived."""
    response = await _create(
        client, employer, company, title="Engineer", description="Build things with us."
    )
    job = response.json()
    assert job["derived_fields"] == []
    assert (job["workplace"], job["employment_type"]) == ("onsite", "full_time")


async def test_impossible_years_are_dropped_rather_than_refused(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """Derived years beyond a technology's age are left out; the job is still created."""
    response = await _create(
        client,
        employer,
        company,
        title="TypeScript Developer",
        description="You have 15 years of TypeScript experience.",
    )
    assert response.status_code == 201, response.text
    (skill,) = response.json()["skills"]
    assert (skill["slug"], skill["min_years"]) == ("typescript", None)


async def test_editing_the_description_derives_again(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """A new text replaces derived values, clears those it no longer supports, keeps stated."""
    created = (await _create(client, employer, company, seniority="staff")).json()
    response = await client.patch(
        f"/api/v1/jobs/{created['id']}",
        json={"description": "We need 2+ years of Python. On-site in our Berlin office."},
        headers={**employer.headers, "If-Match": f'"job-{created["id"]}-1-draft"'},
    )
    assert response.status_code == 200, response.text
    job = response.json()
    # The title still names Go.
    assert [skill["slug"] for skill in job["skills"]] == ["go", "python"]
    assert job["min_years_experience"] == 2
    assert job["seniority"] == "staff"
    assert job["workplace"] == "onsite"
    assert job["remote_regions"] == []
    assert job["salary"] is None
    assert job["employment_type"] == "full_time"
    assert job["derived_fields"] == ["min_years_experience", "skills", "workplace"]


async def test_a_field_the_employer_edits_is_no_longer_derived(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """Sending a derived field makes it the employer's own."""
    created = (await _create(client, employer, company)).json()
    response = await client.patch(
        f"/api/v1/jobs/{created['id']}",
        json={"employment_type": "full_time", "salary": None},
        headers={**employer.headers, "If-Match": f'"job-{created["id"]}-1-draft"'},
    )
    job = response.json()
    assert job["employment_type"] == "full_time"
    assert job["salary"] is None
    assert "employment_type" not in job["derived_fields"]
    assert "salary" not in job["derived_fields"]
    assert "skills" in job["derived_fields"]


async def test_batch_creation_derives_each_job(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """Every job of a batch goes through the same derivation."""
    response = await client.post(
        "/api/v1/jobs/batch",
        json={
            "jobs": [
                {
                    "company": company["slug"],
                    "title": "Junior Java Developer",
                    "description": "Java.",
                },
                {"company": company["slug"], "title": "Go Engineer", "description": DESCRIPTION},
            ]
        },
        headers=employer.headers,
    )
    assert response.status_code == 200, response.text
    first, second = (result["job"] for result in response.json()["results"])
    assert (first["seniority"], [s["slug"] for s in first["skills"]]) == ("junior", ["java"])
    assert second["workplace"] == "remote"
