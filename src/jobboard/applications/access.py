"""Who reads and acts on an application, and what its history and notes say."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.applications.repository import own_applications, readable_applications
from jobboard.applications.schemas import (
    EventBy,
)
from jobboard.auth.principal import Principal, require_scope
from jobboard.companies import service as company_service
from jobboard.companies.repository import EDITOR_ROLES
from jobboard.errors import (
    NotFound,
)
from jobboard.models import (
    Application,
    ApplicationEvent,
    ApplicationNote,
    CandidateProfile,
    Company,
)
from jobboard.seekers import service as seeker_service

SYSTEM_ACTOR = "system"
CANDIDATE_ACTOR = "candidate"


async def get_readable(
    session: AsyncSession, *, principal: Principal, application_id: int
) -> Application:
    application = await session.scalar(
        readable_applications(principal).where(Application.id == application_id)
    )
    if application is None:
        raise NotFound(f"There is no application {application_id}, or it is not visible to you.")
    return application


async def get_own(
    session: AsyncSession, *, principal: Principal, application_id: int
) -> Application:
    """One of the caller's own applications; anyone else's is 404, also to the company's
    members who read it through the company's pipeline."""
    application = await session.scalar(
        own_applications(principal).where(Application.id == application_id)
    )
    if application is None:
        raise NotFound(f"You have no application {application_id}.")
    return application


def final_answer(
    application: Application, events: Sequence[ApplicationEvent]
) -> ApplicationEvent | None:
    """The step that gave the candidate their answer: the company's move to a terminal stage
    (hired, rejected) or the platform's closing. None while the application is open, and
    when the candidate withdrew it."""
    if application.is_open:
        return None
    closing = next(
        (event for event in reversed(events) if event.to_stage == application.stage), None
    )
    if closing is None or closing.kind not in ("moved", "closed"):
        return None
    return closing


def is_candidate(principal: Principal, application: Application) -> bool:
    return principal.user_id is not None and principal.user_id == application.candidate_id


async def company_of(session: AsyncSession, application: Application) -> Company:
    company = await session.get(Company, application.company_id)
    assert company is not None
    return company


async def authorize_action(
    session: AsyncSession, *, principal: Principal, application: Application
) -> Company:
    """Raise unless the caller may act for the company: owners, recruiters, its API client,
    with `applications:write`."""
    require_scope(principal, "applications:write")
    company = await company_of(session, application)
    await company_service.require_role(
        session, company=company, principal=principal, roles=EDITOR_ROLES
    )
    return company


async def history(session: AsyncSession, *, application_id: int) -> list[ApplicationEvent]:
    return list(
        await session.scalars(
            select(ApplicationEvent)
            .where(ApplicationEvent.application_id == application_id)
            .order_by(ApplicationEvent.id)
        )
    )


async def notes(session: AsyncSession, *, application_id: int) -> list[ApplicationNote]:
    return list(
        await session.scalars(
            select(ApplicationNote)
            .where(ApplicationNote.application_id == application_id)
            .order_by(ApplicationNote.id)
        )
    )


def event_by(actor: str, candidate_id: int | None) -> EventBy:
    if actor in (CANDIDATE_ACTOR, f"user:{candidate_id}"):
        return "candidate"
    return "platform" if actor == SYSTEM_ACTOR else "company"


async def visible_profile(session: AsyncSession, *, user_id: int | None) -> CandidateProfile | None:
    """A candidate's profile as a company they applied to may see it (not when private)."""
    if user_id is None:
        return None
    profile = await seeker_service.get_profile(session, user_id=user_id)
    return profile if profile is not None and profile.visibility != "private" else None
