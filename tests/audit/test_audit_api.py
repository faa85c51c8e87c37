"""The audit log: written with the action, append-only, read by admins with filters."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from conftest import Account, AccountFactory, make_admin
from jobboard.db import Database

AUDIT = "/api/v1/admin/audit-events"


async def _member_changes(
    client: httpx.AsyncClient, owner: Account, company: dict[str, Any], other: Account
) -> None:
    members = f"/api/v1/companies/{company['slug']}/members"
    added = await client.post(
        members,
        json={"email": other.email, "role": "viewer"},
        headers={**owner.headers, "X-Request-ID": "req-add-member"},
    )
    assert added.status_code == 201
    changed = await client.patch(
        f"{members}/{other.id}", json={"role": "recruiter"}, headers=owner.headers
    )
    assert changed.status_code == 200
    removed = await client.delete(f"{members}/{other.id}", headers=owner.headers)
    assert removed.status_code == 204


async def test_member_changes_are_audited_with_actor_address_and_request_id(
    client: httpx.AsyncClient,
    employer: Account,
    company: dict[str, Any],
    accounts: AccountFactory,
    database: Database,
) -> None:
    """Adding, re-roling and removing a member each leave an event an admin can read."""
    other = await accounts()
    await _member_changes(client, employer, company, other)
    admin = await make_admin(database, client)
    # By actor too: on SQLite a company's id is handed out again after committed tests are
    # wiped, and the append-only log keeps their events; user ids are never reused.
    response = await client.get(
        AUDIT,
        params={"company": company["slug"], "actor": f"user:{employer.id}"},
        headers=admin.headers,
    )
    assert response.status_code == 200
    events = response.json()["items"]
    assert [event["action"] for event in events] == [
        "company.member_removed",
        "company.member_role_changed",
        "company.member_added",
    ]
    added = events[-1]
    assert added["actor"] == f"user:{employer.id}"
    assert added["target_type"] == "user"
    assert added["target_id"] == str(other.id)
    assert added["request_id"] == "req-add-member"
    assert added["client_address"] == "127.0.0.1"
    assert added["details"] == {"role": "viewer"}
    assert events[1]["details"] == {"from": "viewer", "to": "recruiter"}
    assert other.email not in response.text


async def test_filters_and_cursor_pagination(
    client: httpx.AsyncClient,
    employer: Account,
    company: dict[str, Any],
    accounts: AccountFactory,
    database: Database,
) -> None:
    """Filters combine; pages of one follow each other newest first without overlap."""
    other = await accounts()
    await _member_changes(client, employer, company, other)
    admin = await make_admin(database, client)
    by_action = await client.get(
        AUDIT,
        params={"action": "company.member_added", "actor": f"user:{employer.id}"},
        headers=admin.headers,
    )
    assert [event["target_id"] for event in by_action.json()["items"]] == [str(other.id)]
    seen: list[int] = []
    cursor = None
    for _ in range(4):
        params: dict[str, Any] = {
            "limit": 1,
            "company": company["slug"],
            "actor": f"user:{employer.id}",
        }
        if cursor:
            params["cursor"] = cursor
        page = (await client.get(AUDIT, params=params, headers=admin.headers)).json()
        seen += [event["id"] for event in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 3
    assert seen == sorted(seen, reverse=True)
    later = await client.get(AUDIT, params={"since": "2999-01-01T00:00:00Z"}, headers=admin.headers)
    assert later.json()["items"] == []
    naive = await client.get(AUDIT, params={"since": "2026-01-01T00:00:00"}, headers=admin.headers)
    assert naive.status_code == 422
    bad_cursor = await client.get(AUDIT, params={"cursor": "forged"}, headers=admin.headers)
    assert bad_cursor.status_code == 400


async def test_only_admins_read_the_audit_log(
    client: httpx.AsyncClient, employer: Account, database: Database
) -> None:
    """Anonymous callers get 401, everyone else without the admin role 403."""
    assert (await client.get(AUDIT)).status_code == 401
    assert (await client.get(AUDIT, headers=employer.headers)).status_code == 403


async def test_moderating_a_job_is_admin_only_and_audited(
    client: httpx.AsyncClient,
    employer: Account,
    make_job: Any,
    database: Database,
) -> None:
    """Owners cannot close as `moderated` (403); an admin can, and it is an audit event."""
    job = await make_job(status="published")
    refused = await client.post(
        f"/api/v1/jobs/{job['id']}/close", json={"reason": "moderated"}, headers=employer.headers
    )
    assert refused.status_code == 403
    admin = await make_admin(database, client)
    closed = await client.post(
        f"/api/v1/jobs/{job['id']}/close",
        json={"reason": "moderated", "note": "spam"},
        headers=admin.headers,
    )
    assert closed.status_code == 200, closed.text

    def about_the_job(actor: int) -> dict[str, str]:
        # By actor too: job ids are handed out again on SQLite after committed tests.
        return {"target_type": "job", "target_id": str(job["id"]), "actor": f"user:{actor}"}

    events = await client.get(AUDIT, params=about_the_job(admin.id), headers=admin.headers)
    [event] = events.json()["items"]
    assert event["action"] == "job.moderated"
    assert event["details"] == {"reason": "moderated", "status": ["published", "closed"]}
    posted = await client.get(AUDIT, params=about_the_job(employer.id), headers=admin.headers)
    assert [item["action"] for item in posted.json()["items"]] == ["job.created"]


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_event SET action = 'forged'", "DELETE FROM audit_event"],
)
async def test_audit_events_cannot_be_changed_or_deleted(
    client: httpx.AsyncClient,
    employer: Account,
    company: dict[str, Any],
    accounts: AccountFactory,
    database: Database,
    statement: str,
) -> None:
    """The database itself refuses to update or delete audit rows, on both engines."""
    other = await accounts()
    await _member_changes(client, employer, company, other)
    async with database.sessionmaker() as session:
        with pytest.raises(DBAPIError, match="append-only"):
            await session.execute(text(statement))
        await session.rollback()
