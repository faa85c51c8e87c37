"""Reporting a job: one open report per person and job, for the moderators to decide."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.audit import service as audit
from jobboard.auth.principal import Principal, require_person
from jobboard.errors import Conflict
from jobboard.jobs import service as job_service
from jobboard.kit.clock import utcnow
from jobboard.models import JobReport

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
