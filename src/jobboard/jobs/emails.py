"""The expiry notice: a job's owners and recruiters hear, ``expiry_notice_days`` ahead, that it
is about to expire and how to keep it open. Written when the ``mail.send`` task runs."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.companies.repository import EDITOR_ROLES, active_member
from jobboard.config import Settings
from jobboard.jobs.service import EXPIRY_NOTICE_MESSAGE, effective_status
from jobboard.kit.clock import as_utc, utcnow
from jobboard.kit.urls import job_path
from jobboard.mail import OutgoingMail, message
from jobboard.models import Company, Job, JobExpiryNotice


@message(EXPIRY_NOTICE_MESSAGE)
async def expiry_notice(
    session: AsyncSession, settings: Settings, /, *, notice_id: int, user_id: int
) -> OutgoingMail | None:
    """Nothing is sent once the job was extended, renewed, closed or has expired, nor to a
    member who left the company, lost the role or the account."""
    notice = await session.get(JobExpiryNotice, notice_id)
    if notice is None:
        return None
    job = await session.get(Job, notice.job_id)
    if (
        job is None
        or job.expires_at is None
        or effective_status(job, utcnow()) != "published"
        or as_utc(job.expires_at) != as_utc(notice.expires_at)
    ):
        return None
    user = await active_member(
        session, company_id=job.company_id, user_id=user_id, roles=EDITOR_ROLES
    )
    company = await session.get(Company, job.company_id)
    if user is None or company is None:
        return None
    base = settings.public_url.rstrip("/")
    expires_at = as_utc(job.expires_at)
    # API calls are named, not linked: an e-mail's links lead to pages.
    api = f"/api/v1/jobs/{job.id}"
    return OutgoingMail(
        to=user.email,
        subject=f"{job.title} expires on {expires_at:%d %B %Y}",
        text=(
            f"Hello {user.display_name},\n\n"
            f"the job {job.title} (job {job.id}) at {company.name} expires on "
            f"{expires_at:%A %d %B %Y at %H:%M} UTC. Then it leaves search, and its page "
            "tells visitors the job is gone.\n\n"
            f"  {base}{job_path(job.id, job.title)}\n\n"
            "To keep it open longer, give it a later expiry (at most "
            f"{settings.max_job_ttl_days} days from now) through the API:\n\n"
            f"  PATCH {api}\n"
            '  {"expires_at": "<date and time, ISO 8601>"}\n\n'
            f"Once it has expired, POST {api}/publish renews it for "
            f"{settings.job_ttl_days} days. If the job is filled, close it instead: "
            f"POST {api}/close.\n\n"
            f"You get this as an owner or recruiter of {company.name} on {base}.\n"
        ),
    )
