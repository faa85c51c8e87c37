"""The seeker's area, ``/me``: the overview, applications (each with its timeline and
withdrawing), saved jobs and notifications. Saved searches, the profile, the résumé and
personal data are in ``me_searches``, ``me_profile`` and ``me_data``.

Every page here is the signed-in person's own; ``area_page`` renders them inside the
area's layout with its navigation (and the unread count it shows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from jobboard.alerts import repository as saved_searches
from jobboard.applications import service as applications
from jobboard.applications.schemas import WithdrawCreate
from jobboard.dependencies import DbSession
from jobboard.jobs.readers import job_read
from jobboard.kit.clock import utcnow
from jobboard.kit.ids import Id
from jobboard.models import (
    Application,
    ApplicationEvent,
    Company,
    Job,
    Notification,
    Resume,
    SavedJob,
)
from jobboard.notifications import service as notifications
from jobboard.pagination import PageParams, keyset_page
from jobboard.seekers import documents
from jobboard.seekers import service as seekers
from jobboard.web.rendering import page
from jobboard.web.routing import PageRoute
from jobboard.web.session import SignedInViewer, Viewer

router = APIRouter(route_class=PageRoute, include_in_schema=False)

PER_PAGE = 20
OVERVIEW_ITEMS = 5
RECOMMENDED = 5
Cursor = Annotated[str | None, Query(max_length=1000)]

# An application's stage as the candidate reads it. An open stage a company added or
# renamed keeps the company's name for it.
STAGE_WORDS = {
    "applied": "Sent, waiting for the company",
    "screening": "Being reviewed",
    "interview": "Interviewing",
    "offer": "Offer made",
    "hired": "Hired",
    "rejected": "Not selected",
    "withdrawn": "Withdrawn by you",
}
# Why the platform closed an application, as the candidate reads it.
CLOSED_WORDS = {
    "job_closed": "Closed: the job was closed",
    "job_expired": "Closed: the job expired",
    "no_response": "Closed: the company did not answer in time",
    "account_erased": "Closed",
}

_DEFAULT_NAMES = dict(applications.DEFAULT_PIPELINE)
RESUME_KINDS = {
    documents.PDF: "PDF",
    documents.DOCX: "Word (DOCX)",
    documents.MARKDOWN: "Markdown",
    documents.TEXT: "plain text",
}


def user_id_of(viewer: Viewer) -> int:
    assert viewer.user_id is not None
    return viewer.user_id


async def area_page(
    request: Request,
    session: DbSession,
    viewer: Viewer,
    name: str,
    *,
    section: str,
    title: str,
    status: int = 200,
    **context: Any,
) -> Response:
    """A page of the area: the layout's navigation marks ``section`` as current."""
    unread = await notifications.unread_count(session, user_id=user_id_of(viewer))
    return page(
        request, name, status=status, title=title, section=section, unread=unread, **context
    )


def seeker_stage(stage: applications.Stage, closed_reason: str | None) -> str:
    if closed_reason is not None:
        return CLOSED_WORDS.get(closed_reason, "Closed")
    return stage_words(stage)


def stage_words(stage: applications.Stage) -> str:
    fixed = stage.key == applications.FIRST_STAGE or stage.terminal
    if fixed or stage.name == _DEFAULT_NAMES.get(stage.key):
        return STAGE_WORDS.get(stage.key, stage.name)
    return stage.name


@dataclass(frozen=True, slots=True)
class ApplicationLine:
    id: int
    job_id: int
    job_title: str
    company_name: str
    company_slug: str
    stage: str
    is_open: bool
    applied_at: datetime
    updated_at: datetime


async def _lines(session: DbSession, rows: list[Application]) -> list[ApplicationLine]:
    jobs, companies = await applications.jobs_and_companies(session, rows)
    pipelines: dict[int, list[applications.Stage]] = {}
    lines = []
    for row in rows:
        if row.company_id not in pipelines:
            pipelines[row.company_id] = await applications.pipeline(
                session, company_id=row.company_id
            )
        stage = applications.stage_named(pipelines[row.company_id], row.stage)
        job, company = jobs[row.job_id], companies[row.company_id]
        lines.append(
            ApplicationLine(
                id=row.id,
                job_id=job.id,
                job_title=job.title,
                company_name=company.name,
                company_slug=company.slug,
                stage=seeker_stage(stage, row.closed_reason),
                is_open=row.is_open,
                applied_at=row.applied_at,
                updated_at=row.updated_at,
            )
        )
    return lines


async def _applications_page(
    session: DbSession, user_id: int, params: PageParams
) -> tuple[list[ApplicationLine], str | None]:
    rows, next_cursor = await keyset_page(
        session,
        applications.my_applications(user_id),
        params=params,
        scope=f"my-applications:{user_id}",
        keys=[(Application.id, int, lambda row: row.id)],
        descending=True,
    )
    return await _lines(session, rows), next_cursor


async def _notifications_page(
    session: DbSession, user_id: int, params: PageParams, *, unread: bool = False
) -> tuple[list[Notification], str | None]:
    return await keyset_page(
        session,
        notifications.notifications_of(user_id, unread=unread),
        params=params,
        scope=f"notifications:{user_id}:{unread}",
        keys=[(Notification.id, int, lambda row: row.id)],
        descending=True,
    )


# Overview -----------------------------------------------------------------------------------


@router.get("/me")
async def overview(request: Request, session: DbSession, viewer: SignedInViewer) -> Response:
    user_id = user_id_of(viewer)
    now = utcnow()
    latest, _ = await _applications_page(session, user_id, PageParams(OVERVIEW_ITEMS, None))
    unread_items, _ = await _notifications_page(
        session, user_id, PageParams(OVERVIEW_ITEMS, None), unread=True
    )
    profile = await seekers.get_profile(session, user_id=user_id)
    has_skills = profile is not None and bool(profile.skills)
    # Without skills every job would "fit" at 0 of N: ask for the profile instead.
    recommended = (
        await seekers.recommendations(session, user_id=user_id, now=now, limit=RECOMMENDED)
        if has_skills
        else []
    )
    return await area_page(
        request,
        session,
        viewer,
        "me/overview.html",
        section="overview",
        title="Your Jobboard",
        applications=latest,
        unread_items=unread_items,
        saved_jobs=await seekers.saved_job_count(session, user_id=user_id),
        saved_searches=await saved_searches.count_owned(session, user_id=user_id),
        recommended=[(job_read(job, now), entry.match.reasons) for job, entry in recommended],
        has_skills=has_skills,
    )


# Applications -------------------------------------------------------------------------------


@router.get("/me/applications")
async def application_list(
    request: Request, session: DbSession, viewer: SignedInViewer, cursor: Cursor = None
) -> Response:
    lines, next_cursor = await _applications_page(
        session, user_id_of(viewer), PageParams(PER_PAGE, cursor)
    )
    return await area_page(
        request,
        session,
        viewer,
        "me/applications.html",
        section="applications",
        title="Your applications",
        lines=lines,
        next_cursor=next_cursor,
        first_page=cursor is None,
    )


@dataclass(frozen=True, slots=True)
class Step:
    """One event of the timeline, in the candidate's words."""

    what: str
    by: str
    message: str | None
    message_label: str
    occurred_at: datetime


def _step(
    event: ApplicationEvent, stages: list[applications.Stage], company: Company, candidate: int
) -> Step:
    by = applications.event_by(event.actor, candidate)
    stage = applications.stage_named(stages, event.to_stage or "")
    if event.kind == "applied":
        what = "You applied"
    elif event.kind == "withdrawn":
        what = "You withdrew the application"
    elif event.kind == "closed":
        what = "Closed by Jobboard"
    else:
        what = f"{company.name} moved it on: {stage_words(stage)}"
    label = {
        "candidate": "Your reason",
        "company": f"Message from {company.name}",
        "platform": "Why",
    }[by]
    return Step(
        what=what,
        by=by,
        message=event.message,
        message_label=label,
        occurred_at=event.occurred_at,
    )


async def _application_context(
    session: DbSession, viewer: Viewer, application_id: int
) -> dict[str, Any]:
    application = await applications.get_own(
        session, principal=viewer.principal, application_id=application_id
    )
    job = await session.get(Job, application.job_id)
    company = await applications.company_of(session, application)
    assert job is not None
    stages = await applications.pipeline(session, company_id=company.id)
    events = await applications.history(session, application_id=application.id)
    final = applications.final_answer(application, events)
    candidate = user_id_of(viewer)
    resume = await session.get(Resume, application.resume_id) if application.resume_id else None
    return {
        "application": application,
        "job": job,
        "company": company,
        "stage": seeker_stage(
            applications.stage_named(stages, application.stage), application.closed_reason
        ),
        "steps": [_step(event, stages, company, candidate) for event in events],
        "final": _step(final, stages, company, candidate) if final else None,
        "hired": application.stage == "hired",
        "resume": resume,
        "resume_kind": RESUME_KINDS.get(resume.media_type, resume.media_type) if resume else "",
    }


@router.get("/me/applications/{application_id:int}")
async def application_page(
    application_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    context = await _application_context(session, viewer, application_id)
    return await area_page(
        request,
        session,
        viewer,
        "me/application.html",
        section="applications",
        title=f"Your application: {context['job'].title} at {context['company'].name}",
        errors={},
        reason="",
        **context,
    )


@router.post("/me/applications/{application_id:int}/withdraw")
async def withdraw(
    application_id: Id,
    request: Request,
    session: DbSession,
    viewer: SignedInViewer,
    reason: Annotated[str, Form()] = "",
) -> Response:
    application = await applications.get_own(
        session, principal=viewer.principal, application_id=application_id
    )
    try:
        body = WithdrawCreate(reason=reason.strip() or None)
    except ValidationError:
        context = await _application_context(session, viewer, application_id)
        return await area_page(
            request,
            session,
            viewer,
            "me/application.html",
            section="applications",
            status=422,
            title=f"Your application: {context['job'].title} at {context['company'].name}",
            errors={"reason": "Give your reason in at most 1,000 characters"},
            reason=reason,
            **context,
        )
    await applications.withdraw(
        session, principal=viewer.principal, application=application, reason=body.reason
    )
    viewer.flash("withdrawn")
    return RedirectResponse(f"/me/applications/{application.id}", status_code=303)


# Saved jobs ---------------------------------------------------------------------------------


@router.get("/me/saved-jobs")
async def saved_jobs(
    request: Request, session: DbSession, viewer: SignedInViewer, cursor: Cursor = None
) -> Response:
    user_id = user_id_of(viewer)
    saved, next_cursor = await keyset_page(
        session,
        seekers.saved_jobs(user_id),
        params=PageParams(PER_PAGE, cursor),
        scope=f"saved-jobs:{user_id}",
        keys=[
            (SavedJob.created_at, datetime, lambda item: item.created_at),
            (SavedJob.job_id, int, lambda item: item.job_id),
        ],
        descending=True,
    )
    jobs = await seekers.jobs_by_id(session, [item.job_id for item in saved])
    now = utcnow()
    return await area_page(
        request,
        session,
        viewer,
        "me/saved_jobs.html",
        section="saved-jobs",
        title="Saved jobs",
        saved=[(job_read(jobs[item.job_id], now), item.created_at) for item in saved],
        next_cursor=next_cursor,
        first_page=cursor is None,
    )


# Notifications ------------------------------------------------------------------------------


@router.get("/me/notifications")
async def notification_list(
    request: Request, session: DbSession, viewer: SignedInViewer, cursor: Cursor = None
) -> Response:
    items, next_cursor = await _notifications_page(
        session, user_id_of(viewer), PageParams(PER_PAGE, cursor)
    )
    return await area_page(
        request,
        session,
        viewer,
        "me/notifications.html",
        section="notifications",
        title="Notifications",
        items=items,
        next_cursor=next_cursor,
        first_page=cursor is None,
    )


@router.post("/me/notifications/{notification_id:int}/read")
async def mark_read(notification_id: Id, session: DbSession, viewer: SignedInViewer) -> Response:
    await notifications.mark_read(
        session, user_id=user_id_of(viewer), notification_id=notification_id
    )
    viewer.flash("notification-read")
    return RedirectResponse("/me/notifications", status_code=303)


@router.post("/me/notifications/read-all")
async def mark_all_read(session: DbSession, viewer: SignedInViewer) -> Response:
    await notifications.mark_all_read(session, user_id=user_id_of(viewer))
    viewer.flash("notifications-read")
    return RedirectResponse("/me/notifications", status_code=303)
