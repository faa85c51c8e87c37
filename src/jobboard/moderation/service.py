"""Reporting a job: one open report per person and job, automatic flags from the posting's
risk signals, and the moderators' queue and decisions (dismiss, take the job down, warn or
disable the company), of which every reporter is told."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.audit import service as audit
from jobboard.auth.principal import Principal, require_person
from jobboard.companies.repository import active_members
from jobboard.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from jobboard.jobs import events as job_events
from jobboard.jobs import repository as job_repository
from jobboard.jobs import service as job_service
from jobboard.jobs.schemas import JobClose
from jobboard.kit.clock import utcnow
from jobboard.models import Company, Job, JobReport
from jobboard.moderation import signals
from jobboard.notifications import service as notifications

REASON_WORDS = {
    "scam": "It looks like a scam",
    "discriminatory": "It discriminates against applicants",
    "misleading": "It is misleading (pay, place, role or company)",
    "expired": "It is no longer open",
    "other": "Something else",
}


class AlreadyReported(Conflict):
    slug = "already-reported"
    title = "You have reported this job already"


async def report_job(
    session: AsyncSession, *, principal: Principal, job_id: int, reason: str, details: str
) -> JobReport:
    """Record a report of a job the caller can see; a second open one is refused."""
    require_person(principal)
    job = await job_service.get_readable(session, principal=principal, job_id=job_id)
    earlier = await session.scalar(
        select(JobReport.id).where(
            JobReport.job_id == job.id,
            JobReport.reporter_id == principal.user_id,
            JobReport.status == "open",
        )
    )
    if earlier is not None:
        raise AlreadyReported("Your report of this job is with the moderators already.")
    report = JobReport(
        job_id=job.id,
        reporter_id=principal.user_id,
        reason=reason,
        details=details.strip(),
        status="open",
        created_at=utcnow(),
    )
    try:
        async with session.begin_nested():
            session.add(report)
            await session.flush()
    except IntegrityError as error:
        # A concurrent request of the same person won the race.
        raise AlreadyReported("Your report of this job is with the moderators already.") from error
    await audit.record(
        session,
        actor=principal,
        action="job.reported",
        target_type="job",
        target_id=job.id,
        company_id=job.company_id,
        details={"reason": reason, "report_id": report.id},
    )
    return report


# Automatic flags ------------------------------------------------------------------------------


async def flag_if_risky(session: AsyncSession, *, job: Job) -> JobReport | None:
    """Put a published job in the queue when its text or pay carries risk signals, unless
    an automatic flag of it is open already. The evidence is the matched phrases."""
    found = signals.text_signals(job.title, job.description) + signals.pay_signals(
        annual_min_usd=job.salary_annual_min_usd,
        annual_max_usd=job.salary_annual_max_usd,
        employment_type=job.employment_type,
    )
    if not found:
        return None
    open_flag = await session.scalar(
        select(JobReport.id).where(
            JobReport.job_id == job.id,
            JobReport.source == "automatic",
            JobReport.status == "open",
        )
    )
    if open_flag is not None:
        return None
    report = JobReport(
        job_id=job.id,
        reporter_id=None,
        reason="scam",
        details="; ".join(signal.reason for signal in found),
        status="open",
        source="automatic",
        evidence=[signal.as_json() for signal in found],
        created_at=utcnow(),
    )
    session.add(report)
    await session.flush()
    await audit.record(
        session,
        actor=audit.SYSTEM_ACTOR,
        action="job.flagged",
        target_type="job",
        target_id=job.id,
        company_id=job.company_id,
        details={"report_id": report.id, "signals": [signal.code for signal in found]},
    )
    return report


async def on_job_change(session: AsyncSession, job: Job, event: job_events.JobEvent) -> None:
    if event in ("job.published", "job.updated"):
        await flag_if_risky(session, job=job)


# The queue ------------------------------------------------------------------------------------

Action = Literal["dismiss", "close_job", "warn_company", "disable_company"]
ACTIONS: tuple[Action, ...] = ("dismiss", "close_job", "warn_company", "disable_company")
OUTCOMES: dict[str, str] = {
    "dismiss": "dismissed",
    "close_job": "job_closed",
    "warn_company": "company_warned",
    "disable_company": "company_disabled",
}
# What a reporter is told, by outcome.
OUTCOME_WORDS = {
    "dismissed": "The moderators looked at the job and found that it keeps to the rules, so "
    "it stays up. Thank you for telling us.",
    "job_closed": "The moderators took the job down. Thank you for telling us.",
    "company_warned": "The moderators warned the company about the job. Thank you for telling us.",
    "company_disabled": "The moderators disabled the company and took its jobs down. Thank "
    "you for telling us.",
}


def open_reports(*, limit: int = 100) -> Select[JobReport, Job, Company]:
    """The queue: open reports, oldest first, with their job and company."""
    return (
        select(JobReport, Job, Company)
        .join(Job, Job.id == JobReport.job_id)
        .join(Company, Company.id == Job.company_id)
        .where(JobReport.status == "open")
        .order_by(JobReport.created_at, JobReport.id)
        .limit(limit)
    )


def require_moderator(principal: Principal) -> None:
    if not principal.is_admin:
        raise Forbidden("Only platform admins moderate.")


async def resolve(
    session: AsyncSession, *, principal: Principal, report_id: int, action: str, note: str
) -> list[JobReport]:
    """Act on a report; every open report of the same job is resolved with it and each
    person who reported the job is told the outcome."""
    require_moderator(principal)
    if action not in ACTIONS:
        raise ValidationFailed(
            "Choose dismiss, close_job, warn_company or disable_company.",
            errors=[{"field": "action", "message": "unknown action"}],
        )
    report = await session.get(JobReport, report_id)
    if report is None:
        raise NotFound(f"There is no report {report_id}.")
    if report.status != "open":
        raise InvalidTransition("This report is resolved already.")
    job = await job_service.get_readable(session, principal=principal, job_id=report.job_id)
    company = job.company
    now = utcnow()
    if action == "close_job":
        await _take_down(session, principal=principal, job=job, note=note)
    elif action == "warn_company":
        company.warned_at = now
        await _tell_owners(
            session,
            company=company,
            title=f"A warning about {job.title}",
            body=f"The moderators found that the job {job.title} breaks Jobboard's rules"
            + (f": {note}" if note else ".")
            + " Change or close it; a company that goes on may be disabled.",
            job_id=job.id,
        )
    elif action == "disable_company":
        company.disabled_at = now
        jobs = await session.scalars(
            job_repository.with_details(
                job_repository.jobs_in_status("published", now).where(Job.company_id == company.id)
            )
        )
        for open_job in list(jobs):
            await _take_down(session, principal=principal, job=open_job, note=note)
    outcome = OUTCOMES[action]
    resolved = list(
        await session.scalars(
            select(JobReport).where(JobReport.job_id == job.id, JobReport.status == "open")
        )
    )
    for item in resolved:
        item.status = "dismissed" if action == "dismiss" else "actioned"
        item.outcome = outcome
        item.resolved_at = now
        item.resolved_by = principal.owner_key
    await session.flush()
    for item in resolved:
        if item.reporter_id is not None:
            await notifications.notify(
                session,
                user_id=item.reporter_id,
                kind="report.resolved",
                title=f"Your report of {job.title}",
                body=OUTCOME_WORDS[outcome],
                job_id=job.id,
            )
    await audit.record(
        session,
        actor=principal,
        action=f"moderation.{outcome}",
        target_type="job",
        target_id=job.id,
        company_id=company.id,
        details={"report_ids": [item.id for item in resolved], "note": note[:500]},
    )
    return resolved


async def _take_down(session: AsyncSession, *, principal: Principal, job: Job, note: str) -> None:
    if job_service.effective_status(job, utcnow()) in ("published", "expired"):
        await job_service.close_job(
            session,
            job=job,
            data=JobClose(reason="moderated", note=note[:1000] or None),
            actor=principal,
        )


async def _tell_owners(
    session: AsyncSession, *, company: Company, title: str, body: str, job_id: int
) -> None:
    owners = await session.scalars(active_members(company.id, ("owner",)))
    for owner in list(owners):
        await notifications.notify(
            session, user_id=owner.id, kind="company.warned", title=title, body=body, job_id=job_id
        )
