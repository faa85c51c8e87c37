"""In-app notifications: newest first, with read state; people read only their own."""

from __future__ import annotations

from typing import Any

import httpx

from conftest import Account, Team, assert_problem
from support_hiring import apply, move


async def test_notifications_are_read_one_by_one_or_all_at_once(
    client: httpx.AsyncClient, team: Team, opening: dict[str, Any], seeker: Account
) -> None:
    """Each move is a notification; marking one read lowers the unread count, marking all
    empties it; another person's notification is 404 and stays unread."""
    application_id = (await apply(client, seeker, opening["id"])).json()["id"]
    for stage in ("screening", "interview", "offer"):
        await move(client, team.recruiter, application_id, stage)
    listed = await client.get("/api/v1/me/notifications", headers=seeker.headers)
    body = listed.json()
    assert body["unread"] == 3
    assert [item["title"].rsplit(": ", 1)[1] for item in body["items"]] == [
        "Offer",
        "Interview",
        "Screening",
    ]
    newest = body["items"][0]
    assert newest["application_id"] == application_id
    stranger = await client.post(
        f"/api/v1/me/notifications/{newest['id']}/read", headers=team.recruiter.headers
    )
    assert_problem(stranger, 404, "/problems/not-found")
    read = await client.post(
        f"/api/v1/me/notifications/{newest['id']}/read", headers=seeker.headers
    )
    assert read.json()["read_at"] is not None
    unread = await client.get(
        "/api/v1/me/notifications", params={"unread": "true"}, headers=seeker.headers
    )
    assert [item["id"] for item in unread.json()["items"]] == [
        item["id"] for item in body["items"][1:]
    ]
    assert unread.json()["unread"] == 2
    marked = await client.post("/api/v1/me/notifications/read-all", headers=seeker.headers)
    assert marked.json() == {"marked": 2}
    after = await client.get("/api/v1/me/notifications", headers=seeker.headers)
    assert after.json()["unread"] == 0
