"""Personal-data rights: export everything held about me, erase my account."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select, text

from conftest import PASSWORD, Account, AccountFactory, assert_problem, make_admin, register
from jobboard.db import Database
from jobboard.models import CompanyMember, Job, RefreshToken, User


async def test_the_export_holds_the_account_and_what_it_did(
    client: httpx.AsyncClient,
    employer: Account,
    company: dict[str, Any],
    make_job: Any,
    database: Database,
) -> None:
    """The export names the account, its memberships, sign-ins, jobs and audit trail, never a
    password hash or token, and the export itself is audited."""
    job = await make_job()
    response = await client.get("/api/v1/me/export", headers=employer.headers)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    assert "attachment" in response.headers["content-disposition"]
    document = response.json()
    assert document["format"] == "jobboard-personal-data/1"
    assert document["account"]["email"] == employer.email
    assert document["memberships"] == [
        {
            "company": company["slug"],
            "company_name": company["name"],
            "role": "owner",
            "since": document["memberships"][0]["since"],
        }
    ]
    assert [item["id"] for item in document["jobs_created"]] == [job["id"]]
    assert len(document["sign_ins"]) == 1
    assert document["sign_ins"][0]["started_from"] == "127.0.0.1"
    assert "$argon2" not in response.text
    assert "jbr_" not in response.text
    assert "hash" not in response.text
    admin = await make_admin(database, client)
    events = await client.get(
        "/api/v1/admin/audit-events",
        params={"action": "user.data_exported", "target_id": str(employer.id)},
        headers=admin.headers,
    )
    assert len(events.json()["items"]) == 1


async def test_erasing_removes_the_person_but_keeps_the_companys_jobs(
    client: httpx.AsyncClient,
    employer: Account,
    company: dict[str, Any],
    accounts: AccountFactory,
    database: Database,
) -> None:
    """After DELETE /me (by a co-owner): the account, memberships and sign-ins are gone, jobs
    stay without created_by, every token fails, and the address can register again."""
    co_owner = await accounts("employer")
    await client.post(
        f"/api/v1/companies/{company['slug']}/members",
        json={"email": co_owner.email, "role": "owner"},
        headers=employer.headers,
    )
    created = await client.post(
        "/api/v1/jobs",
        json={
            "company": company["slug"],
            "title": "Platform Engineer",
            "description": "Keep the platform running.",
            "workplace": "remote",
        },
        headers=co_owner.headers,
    )
    assert created.status_code == 201, created.text
    erased = await client.delete("/api/v1/me", headers=co_owner.headers)
    assert erased.status_code == 204
    assert (await client.get("/api/v1/me", headers=co_owner.headers)).status_code == 401
    async with database.sessionmaker() as session:
        assert await session.get(User, co_owner.id) is None
        memberships = await session.scalar(
            select(func.count())
            .select_from(CompanyMember)
            .where(CompanyMember.user_id == co_owner.id)
        )
        tokens = await session.scalar(
            select(func.count())
            .select_from(RefreshToken)
            .where(RefreshToken.user_id == co_owner.id)
        )
        job = await session.get(Job, created.json()["id"])
    assert memberships == 0
    assert tokens == 0
    assert job is not None
    assert job.created_by_id is None
    again = await register(client, role="seeker", email=co_owner.email)
    assert again.id != co_owner.id


async def test_the_last_owner_cannot_erase_their_account(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any], database: Database
) -> None:
    """The only owner of a company gets 409 last-owner naming it, and nothing changes."""
    response = await client.delete("/api/v1/me", headers=employer.headers)
    assert_problem(response, 409, "/problems/last-owner")
    assert response.json()["companies"] == [company["slug"]]
    assert (await client.get("/api/v1/me", headers=employer.headers)).status_code == 200
    async with database.sessionmaker() as session:
        count = await session.scalar(
            text("SELECT count(*) FROM company_member WHERE user_id = :id"), {"id": employer.id}
        )
    assert count == 1


async def test_an_erased_seeker_leaves_an_audit_trail_without_their_address(
    client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """The erasure is audited by account id; the log holds no e-mail address."""
    seeker = await accounts()
    assert (await client.delete("/api/v1/me", headers=seeker.headers)).status_code == 204
    admin = await make_admin(database, client)
    events = await client.get(
        "/api/v1/admin/audit-events",
        params={"target_type": "user", "target_id": str(seeker.id)},
        headers=admin.headers,
    )
    assert [event["action"] for event in events.json()["items"]] == ["user.erased"]
    assert seeker.email not in events.text
    signed_in = await client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": seeker.email, "password": PASSWORD},
    )
    assert signed_in.json()["error"] == "invalid_grant"
