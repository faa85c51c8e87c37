"""An applicant's personal data in applications: the export and the erasure."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.applications.access import CANDIDATE_ACTOR, history
from jobboard.applications.ranking import jobs_and_companies, my_applications
from jobboard.applications.transitions import close_by_platform
from jobboard.models import (
    Application,
    ApplicationEvent,
    ApplicationNote,
)


async def export_part(session: AsyncSession, *, user_id: int) -> list[dict[str, Any]]:
    """The person's applications with what they saw of them (never the company's notes)."""
    applications = list(await session.scalars(my_applications(user_id).order_by(Application.id)))
    jobs, companies = await jobs_and_companies(session, applications)
    exported = []
    for application in applications:
        job = jobs[application.job_id]
        exported.append(
            {
                "id": application.id,
                "job_id": job.id,
                "job_title": job.title,
                "company": companies[application.company_id].slug,
                "stage": application.stage,
                "applied_at": application.applied_at.isoformat(),
                "closed_at": application.closed_at.isoformat() if application.closed_at else None,
                "cover_letter": application.cover_letter,
                "answers": application.answers,
                "history": [
                    {
                        "kind": event.kind,
                        "from_stage": event.from_stage,
                        "to_stage": event.to_stage,
                        "message": event.message,
                        "occurred_at": event.occurred_at.isoformat(),
                    }
                    for event in await history(session, application_id=application.id)
                ],
            }
        )
    return exported


async def erase_part(session: AsyncSession, *, user_id: int) -> None:
    """Keep the applications' history for the companies without the person: open ones are
    withdrawn, and cover letters, answers, messages and notes (free text that may name the
    person) are removed. The account row's deletion then nulls ``candidate_id``."""
    applications = list(await session.scalars(my_applications(user_id)))
    for application in applications:
        if application.is_open:
            await close_by_platform(
                session,
                application=application,
                reason="account_erased",
                message="The candidate erased their account.",
                company_answered=False,
                notify=False,
                to="withdrawn",
            )
    ids = [application.id for application in applications]
    if not ids:
        return
    await session.execute(
        update(Application)
        .where(Application.id.in_(ids))
        .values(cover_letter=None, answers=[], resume_id=None)
    )
    await session.execute(
        update(ApplicationEvent)
        .where(ApplicationEvent.application_id.in_(ids))
        .values(message=None)
    )
    await session.execute(
        update(ApplicationEvent)
        .where(
            ApplicationEvent.application_id.in_(ids),
            ApplicationEvent.actor == f"user:{user_id}",
        )
        .values(actor=CANDIDATE_ACTOR)
    )
    await session.execute(delete(ApplicationNote).where(ApplicationNote.application_id.in_(ids)))
    await session.flush()
