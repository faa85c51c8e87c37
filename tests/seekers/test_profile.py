"""The seeker profile, saved jobs and recommendations from the stored profile."""

from __future__ import annotations

from typing import Any

import httpx

from conftest import Account, assert_problem, problem_fields
from support_hiring import GO_PROFILE, apply


async def test_a_profile_is_saved_whole_and_read_back(
    client: httpx.AsyncClient, seeker: Account
) -> None:
    """Skills take aliases, the place is resolved, pay and links are kept; If-Match guards it.
    Bad fields are one 422 naming each, and nothing changes."""
    empty = await client.get("/api/v1/me/profile", headers=seeker.headers)
    assert empty.json()["updated_at"] is None
    body = {
        **GO_PROFILE,
        "time_zone": "Europe/Berlin",
        "links": {"github": "https://github.com/ada", "portfolio": "https://ada.dev"},
        "match_weights": {"pay": 0, "location": 3},
    }
    saved = await client.put(
        "/api/v1/me/profile",
        json=body,
        headers={**seeker.headers, "If-Match": empty.headers["etag"]},
    )
    assert saved.status_code == 200, saved.text
    profile = saved.json()
    assert [(skill["slug"], skill["years"]) for skill in profile["skills"]] == [
        ("go", 6),
        ("postgresql", 5),
    ]
    assert profile["location"]["city"] == "Berlin"
    assert profile["location"]["country_code"] == "DE"
    assert profile["desired_pay"] == {
        "min": 6_500_000,
        "max": None,
        "currency": "EUR",
        "period": "yearly",
    }
    assert profile["links"]["github"] == "https://github.com/ada"
    assert profile["visibility"] == "applied"
    assert profile["match_weights"] == {"pay": 0, "location": 3}
    stale = await client.put(
        "/api/v1/me/profile",
        json=body,
        headers={**seeker.headers, "If-Match": empty.headers["etag"]},
    )
    assert_problem(stale, 412, "/problems/precondition-failed")

    bad = await client.put(
        "/api/v1/me/profile",
        json={
            "skills": [{"skill": "cobolt"}, {"skill": "rust", "years": 40}],
            "location": {"name": "Nowhere-upon-Nothing"},
            "time_zone": "Mars/Olympus",
            "links": {"github": "https://gitlab.com/ada"},
            "desired_pay": {"min": 10, "currency": "XYZ"},
            "visibility": "everyone",
        },
        headers=seeker.headers,
    )
    fields = problem_fields(assert_problem(bad, 422, "/problems/validation-error"))
    assert {
        "body.time_zone",
        "body.links.github",
        "body.desired_pay.currency",
        "body.visibility",
    } <= set(fields)
    semantic = await client.put(
        "/api/v1/me/profile",
        json={
            "skills": [{"skill": "cobolt"}, {"skill": "rust", "years": 40}],
            "location": {"name": "Nowhere-upon-Nothing"},
        },
        headers=seeker.headers,
    )
    assert problem_fields(assert_problem(semantic, 422, "/problems/validation-error")) == [
        "body.skills[0].skill",
        "body.skills[1].years",
        "body.location",
    ]
    again = await client.get("/api/v1/me/profile", headers=seeker.headers)
    assert again.json() == profile


async def test_saved_jobs(
    client: httpx.AsyncClient, seeker: Account, make_job: Any, opening: dict[str, Any]
) -> None:
    """Saving is 201 then 200 (once); the list is newest first; a draft is 404; unsaving twice
    is 404 the second time."""
    other = await make_job(status="published", title="Staff Platform Engineer")
    draft = await make_job()
    for job in (opening, other):
        saved = await client.post(
            "/api/v1/me/saved-jobs", json={"job_id": job["id"]}, headers=seeker.headers
        )
        assert saved.status_code == 201, saved.text
    again = await client.post(
        "/api/v1/me/saved-jobs", json={"job_id": other["id"]}, headers=seeker.headers
    )
    assert again.status_code == 200
    hidden = await client.post(
        "/api/v1/me/saved-jobs", json={"job_id": draft["id"]}, headers=seeker.headers
    )
    assert_problem(hidden, 404, "/problems/not-found")
    listed = await client.get("/api/v1/me/saved-jobs", headers=seeker.headers)
    assert [item["job"]["id"] for item in listed.json()["items"]] == [other["id"], opening["id"]]
    path = f"/api/v1/me/saved-jobs/{opening['id']}"
    assert (await client.delete(path, headers=seeker.headers)).status_code == 204
    assert_problem(await client.delete(path, headers=seeker.headers), 404, "/problems/not-found")


async def test_recommendations_follow_the_stored_profile_and_skip_applied_jobs(
    client: httpx.AsyncClient, seeker: Account, make_job: Any
) -> None:
    """The Go job fits the Go profile best, with reasons; once applied to, it is left out."""
    go_job = await make_job(status="published")
    react_job = await make_job(
        status="published",
        title="Frontend Engineer",
        skills=[{"skill": "react"}, {"skill": "typescript"}],
        locations=[{"name": "Sydney"}],
    )
    await client.put("/api/v1/me/profile", json=GO_PROFILE, headers=seeker.headers)
    found = await client.get("/api/v1/me/recommendations", headers=seeker.headers)
    assert found.status_code == 200, found.text
    items = found.json()["items"]
    ids = [item["job"]["id"] for item in items]
    assert ids.index(go_job["id"]) < ids.index(react_job["id"])
    assert "all 2 required skills" in items[0]["match"]["reasons"]
    await apply(client, seeker, go_job["id"])
    after = await client.get("/api/v1/me/recommendations", headers=seeker.headers)
    assert go_job["id"] not in [item["job"]["id"] for item in after.json()["items"]]
