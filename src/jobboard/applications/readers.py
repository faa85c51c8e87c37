"""Applications as the API answers them: the candidate's view or the company's, applicant lists
and the seeker's own list. Shared by REST and GraphQL."""

from __future__ import annotations

from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.applications import service
from jobboard.applications.schemas import (
    AnswerRead,
    ApplicantRead,
    ApplicationRead,
    CandidateRead,
    EventRead,
    JobBrief,
    MyApplicationRead,
    NoteRead,
    ResumeBrief,
    StageRead,
)
from jobboard.auth.principal import Principal
from jobboard.jobs import service as job_service
from jobboard.kit.clock import utcnow
from jobboard.kit.schemas import Page
from jobboard.models import (
    Application,
    CandidateProfile,
    Company,
    Job,
    Resume,
    User,
)
from jobboard.pagination import PageParams, keyset_page
from jobboard.recommendations.schemas import match_read
from jobboard.seekers import service as seeker_service
from jobboard.seekers.readers import profile_read


def stage_read(stage: service.Stage) -> StageRead:
    return StageRead(key=stage.key, name=stage.name, terminal=stage.terminal)


def status_of(application: Application) -> Literal["open", "closed"]:
    return "open" if application.is_open else "closed"


def job_brief(job: Job, company: Company) -> JobBrief:
    return JobBrief(
        id=job.id,
        title=job.title,
        company=company.slug,
        company_name=company.name,
        status=job_service.effective_status(job, utcnow()),
    )


def candidate_read(user: User | None, profile: CandidateProfile | None) -> CandidateRead:
    return CandidateRead(
        user_id=user.id if user else None,
        name=user.display_name if user else None,
        email=user.email if user else None,
        profile=profile_read(profile) if profile else None,
    )


async def application_read(
    session: AsyncSession, principal: Principal, application: Application
) -> ApplicationRead:
    """The candidate's view, or the company's (candidate, match and private notes too)."""
    job = await job_service.get_readable(session, principal=principal, job_id=application.job_id)
    company = job.company
    stages = await service.pipeline(session, company_id=company.id)
    candidate_view = service.is_candidate(principal, application)
    resume = await session.get(Resume, application.resume_id) if application.resume_id else None
    read = ApplicationRead(
        id=application.id,
        job=job_brief(job, company),
        stage=stage_read(service.stage_named(stages, application.stage)),
        status=status_of(application),
        closed_reason=application.closed_reason,
        applied_at=application.applied_at,
        updated_at=application.updated_at,
        closed_at=application.closed_at,
        cover_letter=application.cover_letter,
        answers=[AnswerRead(**answer) for answer in application.answers],
        resume=ResumeBrief(
            id=resume.id,
            media_type=resume.media_type,
            size_bytes=resume.size_bytes,
            uploaded_at=resume.uploaded_at,
            url=f"/api/v1/applications/{application.id}/resume",
        )
        if resume
        else None,
        events=[
            EventRead(
                kind=event.kind,
                from_stage=event.from_stage,
                to_stage=event.to_stage,
                message=event.message,
                by=service.event_by(event.actor, application.candidate_id),
                actor=None if candidate_view else event.actor,
                occurred_at=event.occurred_at,
            )
            for event in await service.history(session, application_id=application.id)
        ],
        version=application.version,
    )
    if candidate_view:
        return read
    user = await session.get(User, application.candidate_id) if application.candidate_id else None
    profile = await service.visible_profile(session, user_id=application.candidate_id)
    match = service.score(profile, job, utcnow())
    read.candidate = candidate_read(user, profile)
    read.match = match_read(match) if match else None
    read.notes = [
        NoteRead(id=note.id, author=note.author, body=note.body, created_at=note.created_at)
        for note in await service.notes(session, application_id=application.id)
    ]
    return read


async def applicants_page(
    session: AsyncSession,
    *,
    principal: Principal,
    job_id: int,
    page: PageParams,
    stage: str | None,
    skill: str | None,
    text: str | None,
    sort: str,
) -> Page[ApplicantRead]:
    """A job's applicants, as the company sees them."""
    found, next_cursor = await service.applicants(
        session,
        principal=principal,
        job_id=job_id,
        page=page,
        stage=stage,
        skill=skill,
        text=text,
        sort=sort,
    )
    if not found:
        return Page(items=[], next_cursor=next_cursor)
    stages = await service.pipeline(session, company_id=found[0].application.company_id)
    return Page(
        items=[
            ApplicantRead(
                id=item.application.id,
                stage=stage_read(service.stage_named(stages, item.application.stage)),
                status=status_of(item.application),
                applied_at=item.application.applied_at,
                updated_at=item.application.updated_at,
                candidate=candidate_read(item.user, item.profile),
                match=match_read(item.match) if item.match else None,
            )
            for item in found
        ],
        next_cursor=next_cursor,
    )


async def my_applications_page(
    session: AsyncSession, *, principal: Principal, page: PageParams
) -> Page[MyApplicationRead]:
    """The seeker's own applications, newest first, each with its stage."""
    user_id = seeker_service.require_seeker(principal)
    rows, next_cursor = await keyset_page(
        session,
        service.my_applications(user_id),
        params=page,
        scope=f"my-applications:{user_id}",
        keys=[(Application.id, int, lambda row: row.id)],
        descending=True,
    )
    jobs, companies = await service.jobs_and_companies(session, rows)
    pipelines: dict[int, list[service.Stage]] = {}
    items = []
    for row in rows:
        if row.company_id not in pipelines:
            pipelines[row.company_id] = await service.pipeline(session, company_id=row.company_id)
        items.append(
            MyApplicationRead(
                id=row.id,
                job=job_brief(jobs[row.job_id], companies[row.company_id]),
                stage=stage_read(service.stage_named(pipelines[row.company_id], row.stage)),
                status=status_of(row),
                closed_reason=row.closed_reason,
                applied_at=row.applied_at,
                updated_at=row.updated_at,
            )
        )
    return Page(items=items, next_cursor=next_cursor)
