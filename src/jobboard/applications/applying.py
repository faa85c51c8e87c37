"""Applying to a job: once per person and job, with the answers its questions ask for."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.applications import events
from jobboard.applications.pipeline import FIRST_STAGE
from jobboard.applications.schemas import (
    ApplicationCreate,
)
from jobboard.applications.screening import checked_answers, questions
from jobboard.auth.principal import Principal
from jobboard.companies import repository as company_repository
from jobboard.errors import (
    Conflict,
    Forbidden,
)
from jobboard.jobs import service as job_service
from jobboard.kit.clock import utcnow
from jobboard.models import (
    Application,
    ApplicationEvent,
    Job,
)
from jobboard.seekers import service as seeker_service


class AlreadyApplied(Conflict):
    slug = "already-applied"
    title = "You have already applied to this job"


class JobNotOpen(Conflict):
    slug = "job-not-open"
    title = "The job does not take applications"


class ExternalApplication(Conflict):
    slug = "external-application"
    title = "This job takes applications on the employer's own site"


def takes_applications_here(job: Job) -> bool:
    """Whether people apply to the job on Jobboard (else on the employer's site, its
    ``apply_url``)."""
    return not job.apply_url


async def apply(
    session: AsyncSession, *, principal: Principal, job_id: int, data: ApplicationCreate
) -> Application:
    """Apply to an open job: once per person and job, answering its questions."""
    user_id = seeker_service.require_seeker(principal)
    job = await job_service.get_readable(session, principal=principal, job_id=job_id)
    now = utcnow()
    status = job_service.effective_status(job, now)
    if status != "published":
        raise JobNotOpen(f"Job {job.id} is {status}; only open jobs take applications.")
    if not takes_applications_here(job):
        raise ExternalApplication(
            f"Apply on the employer's site: {job.apply_url}", apply_url=job.apply_url
        )
    if await company_repository.member_role(
        session, company_id=job.company_id, principal=principal
    ):
        raise Forbidden("Members of a company cannot apply to its jobs.")
    earlier = await session.scalar(
        select(Application.id).where(
            Application.job_id == job.id, Application.candidate_id == user_id
        )
    )
    if earlier is not None:
        raise AlreadyApplied(
            f"You applied to job {job.id} already (application {earlier}).", application_id=earlier
        )
    answers = checked_answers(await questions(session, job_id=job.id), data.answers)
    resume = (
        await seeker_service.current_resume(session, user_id=user_id)
        if data.include_resume
        else None
    )
    application = Application(
        job_id=job.id,
        company_id=job.company_id,
        candidate_id=user_id,
        stage=FIRST_STAGE,
        cover_letter=data.cover_letter,
        answers=answers,
        resume_id=resume.id if resume else None,
        applied_at=now,
        stage_entered_at=now,
        updated_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(application)
            await session.flush()
    except IntegrityError as error:
        # Another request of the same person won the race for this job.
        winner = await session.scalar(
            select(Application.id).where(
                Application.job_id == job.id, Application.candidate_id == user_id
            )
        )
        if winner is None:
            raise AlreadyApplied(f"You applied to job {job.id} already.") from error
        raise AlreadyApplied(
            f"You applied to job {job.id} already (application {winner}).",
            application_id=winner,
        ) from error
    session.add(
        ApplicationEvent(
            application_id=application.id,
            kind="applied",
            to_stage=FIRST_STAGE,
            actor=principal.owner_key,
            occurred_at=now,
        )
    )
    await session.flush()
    await events.application_changed(session, application=application, event="application.created")
    return application
