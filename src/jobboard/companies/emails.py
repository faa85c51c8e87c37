"""The invitation to join a company, written when the ``mail.send`` task runs: the link's
token is made then, and an invitation accepted, withdrawn or expired meanwhile sends
nothing."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.companies.invitations import INVITATION_MAIL, state, token_for
from jobboard.config import Settings
from jobboard.kit.clock import as_utc
from jobboard.mail import OutgoingMail, message
from jobboard.models import Company, CompanyInvitation, User

ROLE_WORDS = {
    "owner": "an owner (everything, including the team and API clients)",
    "recruiter": "a recruiter (jobs and applicants)",
    "viewer": "a viewer (reads jobs and applicants)",
}


@message(INVITATION_MAIL)
async def invitation(
    session: AsyncSession, settings: Settings, /, *, invitation_id: int
) -> OutgoingMail | None:
    found = await session.get(CompanyInvitation, invitation_id)
    if found is None or state(found) != "open":
        return None
    company = await session.get(Company, found.company_id)
    if company is None or company.disabled_at is not None:
        return None
    inviter = None if found.invited_by_id is None else await session.get(User, found.invited_by_id)
    who = inviter.display_name if inviter is not None else f"Someone at {company.name}"
    link = (
        f"{settings.public_url.rstrip('/')}/employer/invitations/"
        f"{token_for(found, secret=settings.secret_key)}"
    )
    expires = as_utc(found.expires_at).strftime("%d %B %Y, %H:%M UTC")
    return OutgoingMail(
        to=found.email,
        subject=f"Join {company.name} on Jobboard",
        text=(
            f"Hello,\n\n{who} invites you to join {company.name} on Jobboard as "
            f"{ROLE_WORDS.get(found.role, found.role)}.\n\n"
            f"To accept, open\n\n  {link}\n\n"
            f"and sign in, or create an account, with this address ({found.email}). "
            f"The link works once, until {expires}. If you did not expect this, ignore "
            "this message.\n"
        ),
    )
