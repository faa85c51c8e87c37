"""The team in a browser: an owner invites by e-mail, the link is accepted once by the
account with the invited address (signed in, or right after signing up), roles change, and a
removed member loses the workspace at the next request."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select, update

from conftest import PASSWORD, AccountFactory, Team
from jobboard.cache import MemoryCache
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.kit.clock import utcnow
from jobboard.main import create_app
from jobboard.models import AuditEvent, CompanyInvitation
from support_mail import Inbox, text_of
from support_queue import run_queued
from support_web import another_browser, submit, web_sign_in


async def _browser(client: httpx.AsyncClient, email: str) -> httpx.AsyncClient:
    browser = another_browser(client)
    await web_sign_in(browser, email)
    return browser


async def _invite(
    owner: httpx.AsyncClient, slug: str, email: str, role: str = "recruiter"
) -> httpx.Response:
    return await submit(
        owner,
        f"/employer/{slug}/team",
        f"/employer/{slug}/team/invitations",
        {"email": email, "role": role},
    )


async def _link(database: Database, inbox: Inbox, address: str) -> str:
    """The path of the invitation link in the newest mail to ``address``."""
    ran = await run_queued(database)
    assert ran.failures == []
    bodies = [text_of(message) for message in inbox.to(address)]
    assert bodies, f"no mail to {address}"
    match = re.search(r"https?://[^/\s]+(/employer/invitations/\S+)", bodies[-1])
    assert match is not None, bodies[-1]
    return match.group(1)


async def test_an_invited_person_signs_up_accepts_and_is_removed_again(
    client: httpx.AsyncClient,
    database: Database,
    inbox: Inbox,
    team: Team,
    opening: dict[str, Any],
) -> None:
    """The journey of a new recruiter: the owner invites an address, its mail links the
    invitation; signed out, the page offers sign-up that comes back to it; accepting makes a
    recruiter who opens the pipeline; the link then works no more; removed, the next request
    is refused."""
    owner = await _browser(client, team.owner.email)
    address = "new.recruiter@example.com"
    sent = await _invite(owner, team.slug, address)
    assert sent.status_code == 303, sent.text
    listing = await owner.get(f"/employer/{team.slug}/team")
    assert "Invitation sent." in listing.text
    assert address in listing.text

    link = await _link(database, inbox, address)
    stranger = another_browser(client)
    offer = await stranger.get(link)
    assert offer.status_code == 200
    assert offer.headers["referrer-policy"] == "no-referrer"
    assert "/account/signup?role=employer&amp;next=" in offer.text

    signed_up = await submit(
        stranger,
        f"/account/signup?next={link}",
        "/account/signup",
        {
            "display_name": "Rita Recruiter",
            "email": address,
            "password": PASSWORD,
            "role": "seeker",
            "next": link,
        },
    )
    assert signed_up.status_code == 303, signed_up.text
    assert signed_up.headers["location"] == link
    accepted = await submit(stranger, link, link)
    assert accepted.status_code == 303, accepted.text
    assert accepted.headers["location"] == f"/employer/{team.slug}"
    assert "Welcome to the team." in (await stranger.get(accepted.headers["location"])).text
    board = await stranger.get(f"/employer/jobs/{opening['id']}/applicants")
    assert board.status_code == 200

    again = await stranger.get(link)
    assert again.status_code == 410
    assert "already been accepted" in again.text

    members = await client.get(f"/api/v1/companies/{team.slug}/members", headers=team.owner.headers)
    joined = next(member for member in members.json() if member["email"] == address)
    assert joined["role"] == "recruiter"
    removed = await submit(
        owner,
        f"/employer/{team.slug}/team",
        f"/employer/{team.slug}/team/{joined['user_id']}/remove",
    )
    assert removed.status_code == 303
    assert (await stranger.get(f"/employer/jobs/{opening['id']}/applicants")).status_code == 403
    assert (await stranger.get(f"/employer/{team.slug}")).status_code == 403


async def test_a_signed_in_account_accepts_only_an_invitation_to_its_own_address(
    client: httpx.AsyncClient,
    database: Database,
    inbox: Inbox,
    team: Team,
    accounts: AccountFactory,
) -> None:
    """Someone else who holds the link is refused (403); the invited account joins in the
    invited role, and the audit log says who added whom."""
    invited = await accounts("employer")
    other = await accounts("employer")
    owner = await _browser(client, team.owner.email)
    assert (await _invite(owner, team.slug, invited.email, "viewer")).status_code == 303
    link = await _link(database, inbox, invited.email)

    intruder = await _browser(client, other.email)
    page = await intruder.get(link)
    assert page.status_code == 200
    assert "this invitation is for another address" in page.text
    refused = await intruder.post(
        link, data={"csrf_token": _token(page.text)}, headers={"Origin": "http://testserver"}
    )
    assert refused.status_code == 403

    browser = await _browser(client, invited.email)
    assert (await submit(browser, link, link)).status_code == 303
    team_page = await browser.get(f"/employer/{team.slug}/team")
    assert team_page.status_code == 200
    assert "Send the invitation" not in team_page.text  # a viewer does not invite
    async with database.sessionmaker() as session:
        actions = list(
            await session.scalars(
                select(AuditEvent.action).where(AuditEvent.target_id == str(invited.id))
            )
        )
    assert "company.member_added" in actions


def _token(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match is not None
    return match.group(1)


async def test_expired_withdrawn_replaced_and_forged_links_do_not_work(
    client: httpx.AsyncClient, database: Database, inbox: Inbox, team: Team
) -> None:
    """A link works until it expires, not after the owner withdraws it or invites the same
    address again, and never when forged."""
    owner = await _browser(client, team.owner.email)
    assert (await _invite(owner, team.slug, "late@example.com")).status_code == 303
    expired = await _link(database, inbox, "late@example.com")
    async with database.sessionmaker() as session:
        await session.execute(
            update(CompanyInvitation)
            .where(CompanyInvitation.email == "late@example.com")
            .values(expires_at=utcnow() - timedelta(minutes=1))
        )
        await session.commit()
    page = await another_browser(client).get(expired)
    assert page.status_code == 410
    assert "expired" in page.text

    assert (await _invite(owner, team.slug, "twice@example.com")).status_code == 303
    first = await _link(database, inbox, "twice@example.com")
    assert (await _invite(owner, team.slug, "twice@example.com", "viewer")).status_code == 303
    second = await _link(database, inbox, "twice@example.com")
    assert first != second
    assert (await another_browser(client).get(first)).status_code == 410
    assert (await another_browser(client).get(second)).status_code == 200

    async with database.sessionmaker() as session:
        waiting = await session.scalar(
            select(CompanyInvitation.id).where(
                CompanyInvitation.email == "twice@example.com",
                CompanyInvitation.revoked_at.is_(None),
            )
        )
    withdrawn = await submit(
        owner,
        f"/employer/{team.slug}/team",
        f"/employer/{team.slug}/team/invitations/{waiting}/withdraw",
    )
    assert withdrawn.status_code == 303
    assert (await another_browser(client).get(second)).status_code == 410

    identifier = second.rsplit("/", 1)[1].split(".")[0]
    for forged in (f"{identifier}.AAAAAAAAAAAAAAAAAAAAAAAA", "nonsense", f"{identifier}."):
        assert (
            await another_browser(client).get(f"/employer/invitations/{forged}")
        ).status_code == 410


async def test_the_invitation_form_shows_its_problems(
    client: httpx.AsyncClient, team: Team
) -> None:
    """A bad address, a role that does not exist and someone already in the team are
    shown at their fields; nothing is sent."""
    owner = await _browser(client, team.owner.email)
    bad = await _invite(owner, team.slug, "not-an-address")
    assert bad.status_code == 422
    assert 'id="email-error"' in bad.text
    role = await _invite(owner, team.slug, "someone@example.com", "boss")
    assert role.status_code == 422
    assert 'id="role-error"' in role.text
    member = await _invite(owner, team.slug, team.recruiter.email)
    assert member.status_code == 422
    assert "already a member" in member.text


async def test_owners_change_roles_but_not_the_last_owner(
    client: httpx.AsyncClient, team: Team
) -> None:
    """An owner makes the viewer a recruiter; demoting the only owner is refused."""
    owner = await _browser(client, team.owner.email)
    changed = await submit(
        owner,
        f"/employer/{team.slug}/team",
        f"/employer/{team.slug}/team/{team.viewer.id}/role",
        {"role": "recruiter"},
    )
    assert changed.status_code == 303
    members = await client.get(f"/api/v1/companies/{team.slug}/members", headers=team.owner.headers)
    roles = {member["user_id"]: member["role"] for member in members.json()}
    assert roles[team.viewer.id] == "recruiter"
    last = await submit(
        owner,
        f"/employer/{team.slug}/team",
        f"/employer/{team.slug}/team/{team.owner.id}/role",
        {"role": "viewer"},
    )
    assert last.status_code == 409


async def test_an_invitation_withdrawn_before_its_mail_is_written_sends_nothing(
    client: httpx.AsyncClient, database: Database, inbox: Inbox, team: Team
) -> None:
    """The mail is written when the queued task runs: a withdrawn invitation by then sends
    no link at all."""
    owner = await _browser(client, team.owner.email)
    assert (await _invite(owner, team.slug, "changed.mind@example.com")).status_code == 303
    async with database.sessionmaker() as session:
        waiting = await session.scalar(
            select(CompanyInvitation.id).where(
                CompanyInvitation.email == "changed.mind@example.com"
            )
        )
    withdrawn = await submit(
        owner,
        f"/employer/{team.slug}/team",
        f"/employer/{team.slug}/team/invitations/{waiting}/withdraw",
    )
    assert withdrawn.status_code == 303
    ran = await run_queued(database)
    assert ran.failures == []
    assert inbox.to("changed.mind@example.com") == []


async def test_a_company_sends_a_limited_number_of_invitations_an_hour(
    database: Database, team: Team
) -> None:
    """Invitation e-mails go to unconfirmed addresses: past the company's hourly budget the
    form says when to try again (429) and sends nothing."""
    settings = get_settings().model_copy(update={"rate_limits": {"invitation": "1/hour"}})
    app = create_app(settings, database, MemoryCache())
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as strict:
        owner = await _browser(strict, team.owner.email)
        assert (await _invite(owner, team.slug, "one@example.com")).status_code == 303
        refused = await _invite(owner, team.slug, "two@example.com")
        assert refused.status_code == 429
        assert "try again in" in refused.text
    async with database.sessionmaker() as session:
        sent = await session.scalar(
            select(CompanyInvitation.id).where(CompanyInvitation.email == "two@example.com")
        )
    assert sent is None
