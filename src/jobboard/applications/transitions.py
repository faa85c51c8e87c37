"""Moving applications through the stages: transitions, withdrawing, notes, and closing by
the platform (a job closed or expired, no answer in time, an account erased).

    applied --> (open stages in the company's order) --> hired
       \\                 \\--> rejected (from any open stage)
        \\--> withdrawn (the candidate, from any open stage)

Terminal stages (hired, rejected, withdrawn) are final. ``hired`` is reached only from the
last open stage (by default ``offer``); nobody moves an application back to ``applied``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.applications import events
from jobboard.applications.access import SYSTEM_ACTOR, authorize_action, is_candidate
from jobboard.applications.pipeline import FIRST_STAGE, Stage, pipeline, stage_named
from jobboard.audit import service as audit
from jobboard.auth.principal import Principal
from jobboard.errors import (
    Forbidden,
    InvalidTransition,
    ValidationFailed,
)
from jobboard.kit.clock import as_utc, utcnow
from jobboard.models import (
    Application,
    ApplicationEvent,
    ApplicationNote,
    Company,
    Job,
)
from jobboard.models.hiring import TERMINAL_STAGES
from jobboard.notifications import service as notifications


def check_move(stages: Sequence[Stage], current: str, target: str) -> None:
    keys = [stage.key for stage in stages]
    if target not in keys:
        raise ValidationFailed(
            f"There is no stage {target!r}; the stages are " + ", ".join(keys) + ".",
            errors=[{"field": "body.to", "message": "unknown stage"}],
        )
    if current in TERMINAL_STAGES:
        raise InvalidTransition(f"The application is {current}; that is final.")
    if target == current:
        raise InvalidTransition(f"The application is in {current} already.")
    if target == "withdrawn":
        raise InvalidTransition("Only the candidate withdraws an application.")
    if target == FIRST_STAGE:
        raise InvalidTransition("An application never goes back to `applied`.")
    last_open = keys[-4]
    if target == "hired" and current != last_open:
        raise InvalidTransition(f"Hire from `{last_open}`; move the application there first.")


async def _job_and_company(session: AsyncSession, application: Application) -> tuple[Job, Company]:
    job = await session.get(Job, application.job_id)
    company = await session.get(Company, application.company_id)
    assert job is not None
    assert company is not None
    return job, company


def _candidate_text(stage: Stage, job: Job, company: Company, message: str | None) -> str:
    if stage.key == "hired":
        text = f"Congratulations: {company.name} hired you as {job.title}."
    elif stage.key == "rejected":
        text = f"{company.name} decided not to go on with your application for {job.title}."
    else:
        text = f"Your application for {job.title} at {company.name} moved to {stage.name}."
    return text + (f"\n\nTheir message:\n\n{message}" if message else "")


async def _answered(application: Application, now: datetime) -> None:
    if application.first_response_at is None:
        application.first_response_at = now
        application.response_seconds = max(
            0, int((now - as_utc(application.applied_at)).total_seconds())
        )


async def transition(
    session: AsyncSession,
    *,
    principal: Principal,
    application: Application,
    to: str,
    message: str | None,
) -> Application:
    """Move an application to another stage, optionally with a message to the candidate."""
    company = await authorize_action(session, principal=principal, application=application)
    stages = await pipeline(session, company_id=company.id)
    check_move(stages, application.stage, to)
    now = utcnow()
    previous = application.stage
    application.stage = to
    application.stage_entered_at = now
    application.reminded_at = None
    application.updated_at = now
    if to in TERMINAL_STAGES:
        application.closed_at = now
    await _answered(application, now)
    session.add(
        ApplicationEvent(
            application_id=application.id,
            kind="moved",
            from_stage=previous,
            to_stage=to,
            message=message,
            actor=principal.owner_key,
            occurred_at=now,
        )
    )
    await session.flush()
    if principal.is_admin:
        await audit.record(
            session,
            actor=principal,
            action="application.moved_by_admin",
            target_type="application",
            target_id=application.id,
            company_id=company.id,
            details={"from": previous, "to": to},
        )
    job, company = await _job_and_company(session, application)
    stage = stage_named(stages, to)
    if application.candidate_id is not None:
        await notifications.notify(
            session,
            user_id=application.candidate_id,
            kind="application.stage_changed",
            title=f"{job.title} at {company.name}: {stage.name}",
            body=_candidate_text(stage, job, company, message),
            application_id=application.id,
            job_id=job.id,
        )
    await events.application_changed(
        session, application=application, event="application.stage_changed", previous_stage=previous
    )
    return application


async def withdraw(
    session: AsyncSession, *, principal: Principal, application: Application, reason: str | None
) -> Application:
    """The candidate withdraws an open application; the company sees the reason."""
    if not is_candidate(principal, application):
        raise Forbidden("Only the candidate withdraws an application.")
    if not application.is_open:
        raise InvalidTransition(f"The application is {application.stage}; that is final.")
    now = utcnow()
    previous = application.stage
    application.stage = "withdrawn"
    application.stage_entered_at = now
    application.updated_at = now
    application.closed_at = now
    session.add(
        ApplicationEvent(
            application_id=application.id,
            kind="withdrawn",
            from_stage=previous,
            to_stage="withdrawn",
            message=reason,
            actor=principal.owner_key,
            occurred_at=now,
        )
    )
    await session.flush()
    await events.application_changed(
        session, application=application, event="application.stage_changed", previous_stage=previous
    )
    return application


async def add_note(
    session: AsyncSession, *, principal: Principal, application: Application, body: str
) -> ApplicationNote:
    await authorize_action(session, principal=principal, application=application)
    note = ApplicationNote(
        application_id=application.id, author=principal.owner_key, body=body, created_at=utcnow()
    )
    session.add(note)
    await session.flush()
    return note


async def close_by_platform(
    session: AsyncSession,
    *,
    application: Application,
    reason: str,
    message: str,
    company_answered: bool,
    notify: bool = True,
    to: str = "rejected",
) -> None:
    """Close an open application for the platform (to `rejected` unless ``to`` says else): the
    job closed or expired, nobody answered in time. The candidate is told why."""
    now = utcnow()
    previous = application.stage
    application.stage = to
    application.stage_entered_at = now
    application.updated_at = now
    application.closed_at = now
    application.closed_reason = reason
    if company_answered:
        await _answered(application, now)
    session.add(
        ApplicationEvent(
            application_id=application.id,
            kind="closed",
            from_stage=previous,
            to_stage=to,
            message=message,
            actor=SYSTEM_ACTOR,
            occurred_at=now,
        )
    )
    await session.flush()
    if notify and application.candidate_id is not None:
        job, company = await _job_and_company(session, application)
        await notifications.notify(
            session,
            user_id=application.candidate_id,
            kind="application.closed",
            title=f"{job.title} at {company.name}: your application is closed",
            body=message,
            application_id=application.id,
            job_id=job.id,
        )
    await events.application_changed(
        session, application=application, event="application.stage_changed", previous_stage=previous
    )
