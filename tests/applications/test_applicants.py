"""The employer's applicant list: filters, sorting by date or by match, cursor pages."""

from __future__ import annotations

from typing import Any

import httpx

from conftest import Account, AccountFactory, Team, assert_problem, problem_fields
from support_hiring import GO_PROFILE, apply, move


async def _profile(client: httpx.AsyncClient, account: Account, **profile: Any) -> None:
    saved = await client.put("/api/v1/me/profile", json=profile, headers=account.headers)
    assert saved.status_code == 200, saved.text


async def test_applicants_filtered_and_sorted_by_match(
    client: httpx.AsyncClient, team: Team, opening: dict[str, Any], accounts: AccountFactory
) -> None:
    """Sorted by match the best profile comes first and a private one last (without a score);
    stage, skill and text filters narrow the list; pages follow the cursor."""
    strong, weak, private = [await accounts() for _ in range(3)]
    await _profile(client, strong, **GO_PROFILE)
    await _profile(
        client,
        weak,
        headline="Frontend developer",
        skills=[{"skill": "react", "years": 2}],
        location={"name": "Sydney"},
        workplaces=["onsite"],
    )
    await _profile(client, private, **{**GO_PROFILE, "visibility": "private"})
    ids = {}
    for name, account in (("weak", weak), ("private", private), ("strong", strong)):
        letter = "Kubernetes operator at heart" if name == "weak" else "Hello"
        response = await apply(client, account, opening["id"], cover_letter=letter)
        ids[name] = response.json()["id"]
    await move(client, team.recruiter, ids["weak"], "screening")
    path = f"/api/v1/jobs/{opening['id']}/applications"

    ranked = await client.get(path, params={"sort": "match"}, headers=team.viewer.headers)
    assert ranked.status_code == 200, ranked.text
    items = ranked.json()["items"]
    assert [item["id"] for item in items] == [ids["strong"], ids["weak"], ids["private"]]
    assert items[0]["match"]["score"] > items[1]["match"]["score"]
    assert "all 2 required skills" in items[0]["match"]["reasons"]
    assert items[2]["match"] is None
    assert items[2]["candidate"]["profile"] is None
    assert items[0]["candidate"]["profile"]["headline"] == GO_PROFILE["headline"]

    first = await client.get(path, params={"sort": "match", "limit": 2}, headers=team.owner.headers)
    rest = await client.get(
        path,
        params={"sort": "match", "limit": 2, "cursor": first.json()["next_cursor"]},
        headers=team.owner.headers,
    )
    assert [item["id"] for item in first.json()["items"] + rest.json()["items"]] == [
        ids["strong"],
        ids["weak"],
        ids["private"],
    ]
    assert rest.json()["next_cursor"] is None
    newest = await client.get(path, params={"limit": 2}, headers=team.owner.headers)
    older = await client.get(
        path,
        params={"limit": 2, "cursor": newest.json()["next_cursor"]},
        headers=team.owner.headers,
    )
    assert [item["id"] for item in newest.json()["items"] + older.json()["items"]] == [
        ids["strong"],
        ids["private"],
        ids["weak"],
    ]

    async def only(**params: str) -> list[int]:
        response = await client.get(path, params=params, headers=team.recruiter.headers)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert await only(stage="screening") == [ids["weak"]]
    # A private profile's skills do not count: only the visible Go profile matches.
    assert await only(skill="go") == [ids["strong"]]
    assert await only(q="kubernetes") == [ids["weak"]]
    assert await only(q="backend engineer") == [ids["strong"]]

    unknown = await client.get(path, params={"skill": "cobolt"}, headers=team.owner.headers)
    assert problem_fields(assert_problem(unknown, 422, "/problems/validation-error")) == [
        "query.skill"
    ]
    wrong_cursor = await client.get(
        path,
        params={"sort": "match", "cursor": newest.json()["next_cursor"]},
        headers=team.owner.headers,
    )
    assert_problem(wrong_cursor, 400, "/problems/invalid-cursor")
    assert_problem(await client.get(path, headers=strong.headers), 403, "/problems/forbidden")
