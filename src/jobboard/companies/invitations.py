"""Invitations to join a company: an owner invites an e-mail address in a role, the link in
the e-mail is accepted by whoever signs in with that address, and the membership starts.

The link's token is ``<invitation id>.<MAC>``: an HMAC-SHA256 of the invitation's id,
company, address, role and creation time under a key derived from the application's
secret. Nothing secret is stored, so the e-mail is written when it is sent (no token sits
in the queue), and the row decides the rest: an invitation works until it expires, once,
and not after an owner withdraws it or invites the same address again.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Literal

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.audit import service as audit
from jobboard.auth import standing
from jobboard.auth.principal import Principal
from jobboard.auth.schemas import Email
from jobboard.cache import Cache
from jobboard.config import Settings
from jobboard.errors import Conflict, Forbidden, Gone, NotFound, ValidationFailed
from jobboard.kit import base64url
from jobboard.kit.clock import as_utc, utcnow
from jobboard.mail import send_later
from jobboard.models import Company, CompanyInvitation, CompanyMember, User
from jobboard.models.user import MEMBER_ROLES

INVITATION_MAIL = "companies.invitation"
# Open invitations a company may hold at once: enough for a hiring team, not a mailing list.
MAX_OPEN = 50
_MAC_BYTES = 18
_ADDRESS: TypeAdapter[str] = TypeAdapter(Email)

InvitationState = Literal["open", "accepted", "withdrawn", "expired"]


class InvitationUnusable(Gone):
    slug = "invitation-unusable"
    title = "This invitation cannot be used"


class InvitationForSomeoneElse(Forbidden):
    slug = "invitation-for-another-address"
    title = "This invitation is for another e-mail address"


def _mac(invitation: CompanyInvitation, secret: str) -> bytes:
    key = hashlib.sha256(("company-invitation:" + secret).encode()).digest()
    created = int(as_utc(invitation.created_at).timestamp())
    payload = (
        f"{invitation.id}|{invitation.company_id}|{invitation.email}|{invitation.role}|{created}"
    )
    return hmac.new(key, payload.encode(), hashlib.sha256).digest()[:_MAC_BYTES]


def token_for(invitation: CompanyInvitation, *, secret: str) -> str:
    """The token of the invitation's link (made again whenever it is needed)."""
    return f"{invitation.id}.{base64url.encode(_mac(invitation, secret))}"


async def find(session: AsyncSession, *, token: str, secret: str) -> CompanyInvitation | None:
    """The invitation a genuine token names, whatever its state; None for anything else."""
    identifier, dot, mac = token.partition(".")
    if not dot or not identifier.isdigit() or len(token) > 200:
        return None
    try:
        given = base64url.decode(mac)
    except ValueError:
        return None
    invitation = await session.get(CompanyInvitation, int(identifier))
    if invitation is None or not hmac.compare_digest(given, _mac(invitation, secret)):
        return None
    return invitation


def state(invitation: CompanyInvitation, now: datetime | None = None) -> InvitationState:
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "withdrawn"
    if as_utc(invitation.expires_at) <= (now or utcnow()):
        return "expired"
    return "open"


def _open(company_id: int, now: datetime) -> ColumnElement[bool]:
    return and_(
        CompanyInvitation.company_id == company_id,
        CompanyInvitation.accepted_at.is_(None),
        CompanyInvitation.revoked_at.is_(None),
        CompanyInvitation.expires_at > now,
    )


async def open_invitations(session: AsyncSession, *, company: Company) -> list[CompanyInvitation]:
    """The company's invitations still waiting for an answer, oldest first."""
    rows = await session.scalars(
        select(CompanyInvitation).where(_open(company.id, utcnow())).order_by(CompanyInvitation.id)
    )
    return list(rows.all())


async def invite(
    session: AsyncSession,
    *,
    actor: Principal,
    company: Company,
    email: str,
    role: str,
    settings: Settings,
) -> CompanyInvitation:
    """Invite an address to join in ``role`` and queue the e-mail. Inviting an address
    again withdraws its earlier invitation (its link stops working) and sends a new one.
    The caller checks that ``actor`` may manage the company's members."""
    try:
        address = _ADDRESS.validate_python(email.strip())
    except ValidationError:
        raise ValidationFailed(
            "Enter an e-mail address, such as name@example.com.",
            errors=[{"field": "body.email", "message": "is not an e-mail address"}],
        ) from None
    if role not in MEMBER_ROLES:
        raise ValidationFailed(
            f"Choose a role: {', '.join(MEMBER_ROLES)}.",
            errors=[{"field": "body.role", "message": "is not a role"}],
        )
    member = await session.scalar(
        select(CompanyMember.role)
        .join(User, User.id == CompanyMember.user_id)
        .where(CompanyMember.company_id == company.id, User.email == address)
    )
    if member is not None:
        raise Conflict(f"{address} is already a member ({member}); change the role instead.")
    now = utcnow()
    waiting = list(await session.scalars(select(CompanyInvitation).where(_open(company.id, now))))
    for earlier in waiting:
        if earlier.email == address:
            earlier.revoked_at = now
    if sum(earlier.revoked_at is None for earlier in waiting) >= MAX_OPEN:
        raise Conflict(
            f"{company.name} already has {MAX_OPEN} open invitations; withdraw some first."
        )
    invitation = CompanyInvitation(
        company_id=company.id,
        email=address,
        role=role,
        invited_by_id=actor.user_id,
        created_at=now,
        expires_at=now + timedelta(days=settings.invitation_ttl_days),
    )
    session.add(invitation)
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="company.member_invited",
        target_type="company_invitation",
        target_id=invitation.id,
        company_id=company.id,
        details={"role": role},
    )
    await send_later(session, INVITATION_MAIL, invitation_id=invitation.id)
    return invitation


async def withdraw(
    session: AsyncSession, *, actor: Principal, company: Company, invitation_id: int
) -> CompanyInvitation:
    """Withdraw an open invitation: its link stops working at once."""
    invitation = await session.scalar(
        select(CompanyInvitation).where(
            CompanyInvitation.id == invitation_id, CompanyInvitation.company_id == company.id
        )
    )
    if invitation is None:
        raise NotFound(f"{company.slug!r} has no invitation {invitation_id}.")
    if state(invitation) != "open":
        raise Conflict("This invitation is no longer open.")
    invitation.revoked_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="company.invitation_withdrawn",
        target_type="company_invitation",
        target_id=invitation.id,
        company_id=company.id,
    )
    return invitation


_UNUSABLE = {
    "accepted": "This invitation has already been accepted; each link works once.",
    "withdrawn": "This invitation was withdrawn. Ask the company for a new one.",
    "expired": "This invitation has expired. Ask the company for a new one.",
}


def check_usable(invitation: CompanyInvitation | None) -> CompanyInvitation:
    """The invitation if its link still works; 410 saying why not otherwise."""
    if invitation is None:
        raise InvitationUnusable(
            "This invitation link is not valid. Open the link from the e-mail as it was sent."
        )
    current = state(invitation)
    if current != "open":
        raise InvitationUnusable(_UNUSABLE[current])
    return invitation


async def accept(
    session: AsyncSession,
    *,
    cache: Cache,
    settings: Settings,
    actor: Principal,
    user: User,
    token: str,
) -> tuple[Company, CompanyMember]:
    """Accept an invitation as ``user``, who must hold the invited address: the user becomes
    a member in the invitation's role, and the invitation is spent. A seeker's account
    becomes an employer's, and every replica learns it at once (the shared standing)."""
    found = await find(session, token=token, secret=settings.secret_key)
    if found is not None:
        # Lock the row so that two tabs accepting at once make one membership.
        await session.execute(
            select(CompanyInvitation.id).where(CompanyInvitation.id == found.id).with_for_update()
        )
        await session.refresh(found)
    invitation = check_usable(found)
    if user.email.lower() != invitation.email:
        raise InvitationForSomeoneElse(
            "This invitation was sent to another e-mail address. Sign in with the account "
            "that uses the address the invitation was sent to."
        )
    company = await session.get(Company, invitation.company_id)
    assert company is not None
    if await session.get(CompanyMember, (company.id, user.id)) is not None:
        raise Conflict(f"You are already a member of {company.name}.")
    became_employer = user.role == "seeker"
    if became_employer:
        user.role = "employer"
    member = CompanyMember(company_id=company.id, user_id=user.id, role=invitation.role)
    session.add(member)
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    await session.flush()
    if became_employer:
        await standing.publish_user(
            cache, user_id=user.id, user=user, ttl=settings.principal_cache_seconds
        )
    await audit.record(
        session,
        actor=actor,
        action="company.member_added",
        target_type="user",
        target_id=user.id,
        company_id=company.id,
        details={"role": invitation.role, "invitation": invitation.id},
    )
    return company, member
