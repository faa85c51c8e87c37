"""Expiry notices: `jobs.expire` queues one e-mail per notice to the company's owners and
recruiters, delivered by the mail task to a real local SMTP server, once, and only while the
job still expires when the notice said."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from email.message import Message
from typing import Any

import httpx
from sqlalchemy import select, update

from conftest import AccountFactory, Team
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.kit.clock import utcnow
from jobboard.kit.urls import job_path
from jobboard.models import JobExpiryNotice, User
from jobboard.wiring import load_tasks
from jobboard.worker.registry import TaskContext
from support_mail import Inbox, text_of
from support_queue import queued, run_queued

MakeJob = Callable[..., Awaitable[dict[str, Any]]]


async def _expire_task(database: Database) -> None:
    expire = load_tasks().tasks["jobs.expire"]
    await expire.run(TaskContext(database=database, task_name=expire.name), {})


async def _deliver(database: Database) -> None:
    ran = await run_queued(database)
    assert ran.failures == []


def _notices(inbox: Inbox, address: str, title: str) -> list[Message]:
    return [message for message in inbox.to(address) if message["Subject"].startswith(title)]


async def _queued_notice_mails(database: Database) -> list[dict[str, Any]]:
    return [
        args["params"]
        for name, args in await queued(database)
        if name == "mail.send" and args["message"] == "jobs.expiry_notice"
    ]


async def test_owners_and_recruiters_hear_once_of_a_job_expiring_soon(
    client: httpx.AsyncClient,
    database: Database,
    inbox: Inbox,
    team: Team,
    accounts: AccountFactory,
    make_job: MakeJob,
) -> None:
    """A job expiring within three days brings one e-mail to each owner and recruiter, however
    often the task runs; viewers, disabled members and a job expiring later get none."""
    disabled = await accounts("employer")
    added = await client.post(
        f"/api/v1/companies/{team.slug}/members",
        json={"email": disabled.email, "role": "recruiter"},
        headers=team.owner.headers,
    )
    assert added.status_code == 201, added.text
    async with database.unit_of_work() as session:
        await session.execute(
            update(User).where(User.id == disabled.id).values(disabled_at=utcnow())
        )
    expires_at = (utcnow() + timedelta(days=2)).replace(microsecond=0)
    soon = await make_job(
        status="published", title="Soon Expiring Engineer", expires_at=expires_at.isoformat()
    )
    await make_job(
        status="published",
        title="Later Expiring Engineer",
        expires_at=(utcnow() + timedelta(days=10)).isoformat(),
    )

    await _expire_task(database)
    await _expire_task(database)
    await _deliver(database)
    await _expire_task(database)
    await _deliver(database)

    for member in (team.owner, team.recruiter):
        assert len(_notices(inbox, member.email, "Soon Expiring Engineer")) == 1, member.role
        assert _notices(inbox, member.email, "Later Expiring Engineer") == []
    for member in (team.viewer, disabled):
        assert _notices(inbox, member.email, "Soon Expiring Engineer") == []
    [message] = _notices(inbox, team.owner.email, "Soon Expiring Engineer")
    text = text_of(message).replace("\r\n", "\n")
    api = f"/api/v1/jobs/{soon['id']}"
    assert f"{expires_at:%A %d %B %Y at %H:%M} UTC" in text
    assert f"PATCH {api}\n" in text
    base = get_settings().public_url.rstrip("/")
    assert f"  {base}/jobs/{soon['id']}-soon-expiring-engineer\n" in text, "the canonical page"
    assert '"expires_at"' in text
    assert f"POST {api}/publish" in text
    base = get_settings().public_url.rstrip("/")
    assert f"{base}{job_path(soon['id'], 'Soon Expiring Engineer')}\n" in text
    assert f"{base}/api/v1/" not in text, "links lead to pages, not to the API"
    async with database.sessionmaker() as session:
        sent = list(
            await session.scalars(
                select(JobExpiryNotice.sent_at).where(JobExpiryNotice.job_id == soon["id"])
            )
        )
    assert len(sent) == 1
    assert sent[0] is not None


async def test_no_notice_once_the_job_was_extended_or_closed(
    client: httpx.AsyncClient,
    database: Database,
    inbox: Inbox,
    team: Team,
    make_job: MakeJob,
) -> None:
    """The e-mail is written when it is sent: a job extended or closed after the notice was
    queued gets none."""
    expires_at = (utcnow() + timedelta(days=1)).isoformat()
    extended = await make_job(status="published", title="Extended Engineer", expires_at=expires_at)
    closed = await make_job(status="published", title="Closed Engineer", expires_at=expires_at)
    await _expire_task(database)
    notices = await _queued_notice_mails(database)
    assert {params["user_id"] for params in notices} == {team.owner.id, team.recruiter.id}
    assert len(notices) == 4

    patched = await client.patch(
        f"/api/v1/jobs/{extended['id']}",
        json={"expires_at": (utcnow() + timedelta(days=20)).isoformat()},
        headers=team.recruiter.headers,
    )
    assert patched.status_code == 200, patched.text
    closing = await client.post(
        f"/api/v1/jobs/{closed['id']}/close", json={"reason": "filled"}, headers=team.owner.headers
    )
    assert closing.status_code == 200, closing.text
    await _deliver(database)

    for member in (team.owner, team.recruiter):
        assert _notices(inbox, member.email, "Extended Engineer") == []
        assert _notices(inbox, member.email, "Closed Engineer") == []
