"""Applicants: a job's pipeline board (a column per stage with its count), a candidate's
page (résumé, answers, match, timeline, private notes) and moving candidates, one at a
time or rejected together, each move with the message the candidate will read.

Reading is for every member of the company (``applications.service.require_reader``);
moving and notes for owners and recruiters (``authorize_action``), like the REST API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from jobboard.applications import board
from jobboard.applications import service as applications
from jobboard.auth.principal import require_scope
from jobboard.companies.repository import ALL_MEMBER_ROLES
from jobboard.dependencies import AppSettings, DbSession
from jobboard.errors import JobboardError, NotFound, ValidationFailed
from jobboard.jobs import repository as jobs_repository
from jobboard.jobs import service as jobs
from jobboard.kit.clock import utcnow
from jobboard.kit.ids import Id
from jobboard.models import Application, CandidateProfile, CandidateSkill, Job, Resume, User
from jobboard.seekers import documents
from jobboard.storage import storage_from_settings
from jobboard.web.employer.workspace import Workspace, workspace_of, workspace_page
from jobboard.web.rendering import page
from jobboard.web.routing import PageRoute
from jobboard.web.session import SignedInViewer, Viewer

router = APIRouter(route_class=PageRoute, include_in_schema=False)

# The board shows the newest few of each stage with the stage's count; "show more" loads the
# next page of a stage (htmx, or a page of its own without JavaScript). Drawing every card of
# a job with thousands of applicants was most of the board's time.
CARDS_PER_STAGE = 20
STAGE_PAGE = 50
BULK_LIMIT = 200
MESSAGE_LIMIT = 5000
# The answer a rejection starts from; the employer edits it before it is sent.
REJECTION_TEMPLATE = (
    "Thank you for applying to {job} at {company}. We have decided to go on with other "
    "candidates whose experience is closer to what this role needs. We wish you the best "
    "with your search."
)
RESUME_KINDS = {
    documents.PDF: "PDF",
    documents.DOCX: "Word (DOCX)",
    documents.MARKDOWN: "Markdown",
    documents.TEXT: "plain text",
}


async def _job_board(
    session: DbSession, viewer: Viewer, job_id: int, *, details: bool = True
) -> tuple[Job, Workspace]:
    """The job (404 unless the viewer may see it) and its workspace, for readers of its
    applications: ``applications.service.require_reader``'s scope and roles. The board
    needs the job without its skills and places (``details=False``): fewer queries."""
    if details:
        job = await jobs.get_readable(session, principal=viewer.principal, job_id=job_id)
    else:
        found = await session.scalar(
            jobs_repository.readable_jobs(viewer.principal)
            .where(Job.id == job_id)
            .options(joinedload(Job.company))
        )
        if found is None:
            raise NotFound(f"There is no job {job_id}, or it is not visible to you.")
        job = found
    require_scope(viewer.principal, "applications:read")
    here = await workspace_of(session, viewer, job.company, roles=ALL_MEMBER_ROLES)
    return job, here


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    name: str
    count: int
    cards: list[board.Card]
    terminal: bool


@router.get("/employer/jobs/{job_id}/applicants")
async def pipeline_board(
    job_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    job, here = await _job_board(session, viewer, job_id, details=False)
    stages = await applications.pipeline(session, company_id=job.company_id)
    cards, counts = await board.cards(session, job_id=job.id, per_stage=CARDS_PER_STAGE)
    columns = [
        Column(
            key=stage.key,
            name=stage.name,
            count=counts.get(stage.key, 0),
            cards=cards.get(stage.key, []),
            terminal=stage.terminal,
        )
        for stage in stages
    ]
    return workspace_page(
        request,
        here,
        "employer/board.html",
        section="jobs",
        title=f"Applicants: {job.title}",
        job=job,
        columns=columns,
        total=sum(counts.values()),
        per_stage=CARDS_PER_STAGE,
        rejection=REJECTION_TEMPLATE.format(job=job.title, company=job.company.name),
        errors={},
    )


@router.get("/employer/jobs/{job_id}/applicants/stages/{stage}")
async def stage_more(
    job_id: Id,
    stage: Annotated[str, Path(max_length=40)],
    request: Request,
    session: DbSession,
    viewer: SignedInViewer,
    before: Id | None = None,
) -> Response:
    """More cards of one stage after ``before``: the next items of the board's column for
    htmx, or a page of the stage's applicants without JavaScript."""
    job, here = await _job_board(session, viewer, job_id, details=False)
    stages = {
        item.key: item for item in await applications.pipeline(session, company_id=job.company_id)
    }
    if stage not in stages:
        raise NotFound(f"The pipeline has no stage “{stage}”.")
    found = await board.stage_cards(
        session, job_id=job.id, stage=stage, before=before, limit=STAGE_PAGE + 1
    )
    cards, more = found[:STAGE_PAGE], len(found) > STAGE_PAGE
    values: dict[str, Any] = {
        "job": job,
        "stage": stages[stage],
        "cards": cards,
        "next_before": cards[-1].id if more else None,
        "here_can_edit": here.can_edit,
    }
    if request.headers.get("hx-request") == "true":
        return page(request, "employer/_board_cards.html", title=stages[stage].name, **values)
    return workspace_page(
        request,
        here,
        "employer/board_stage.html",
        section="jobs",
        title=f"{stages[stage].name}: {job.title}",
        rejection=REJECTION_TEMPLATE.format(job=job.title, company=job.company.name),
        **values,
    )


def _message(form: Any) -> str:
    value = form.get("message")
    return value.strip() if isinstance(value, str) else ""


@router.post("/employer/jobs/{job_id}/applicants/reject")
async def reject_many(
    job_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    """Reject the ticked applications with one message, so each gets a final answer."""
    job, _ = await _job_board(session, viewer, job_id, details=False)
    form = await request.form()
    message = _message(form)
    ids = [
        int(value)
        for value in form.getlist("application")
        if isinstance(value, str) and value.isdigit()
    ]
    if not ids:
        raise ValidationFailed("Tick the applicants to reject first.")
    if len(ids) > BULK_LIMIT:
        raise ValidationFailed(f"Reject at most {BULK_LIMIT} applicants at a time.")
    if not message or len(message) > MESSAGE_LIMIT:
        raise ValidationFailed(
            f"Write the message the candidates will read, up to {MESSAGE_LIMIT:,} characters."
        )
    rows = list(
        await session.scalars(
            select(Application)
            .where(Application.job_id == job.id, Application.id.in_(ids))
            .order_by(Application.id)
        )
    )
    moved = 0
    for application in rows:
        if application.is_open:
            await applications.transition(
                session,
                principal=viewer.principal,
                application=application,
                to="rejected",
                message=message,
            )
            moved += 1
    viewer.flash("applicants-rejected" if moved else "nothing-rejected")
    return RedirectResponse(f"/employer/jobs/{job.id}/applicants", status_code=303)


async def _candidate(
    session: DbSession, viewer: Viewer, application_id: int
) -> tuple[Application, Job, Workspace]:
    application = await applications.get_readable(
        session, principal=viewer.principal, application_id=application_id
    )
    job, here = await _job_board(session, viewer, application.job_id)
    return application, job, here


async def _candidate_page(
    request: Request,
    session: DbSession,
    viewer: Viewer,
    application: Application,
    job: Job,
    here: Workspace,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    stages = await applications.pipeline(session, company_id=job.company_id)
    user = await session.get(User, application.candidate_id) if application.candidate_id else None
    profile = None
    if application.candidate_id is not None:
        visible = await applications.visible_profile(session, user_id=application.candidate_id)
        if visible is not None:
            profile = await session.scalar(
                select(CandidateProfile)
                .where(CandidateProfile.user_id == visible.user_id)
                .options(selectinload(CandidateProfile.skills).selectinload(CandidateSkill.skill))
            )
    match = applications.score(profile, job, utcnow())
    resume = await session.get(Resume, application.resume_id) if application.resume_id else None
    events = await applications.history(session, application_id=application.id)
    current = applications.stage_named(stages, application.stage)
    targets = [
        stage
        for stage in stages
        if stage.key not in (application.stage, applications.FIRST_STAGE, "withdrawn")
        and _allowed(stages, application.stage, stage.key)
    ]
    return workspace_page(
        request,
        here,
        "employer/candidate.html",
        section="jobs",
        title=f"{user.display_name if user else 'Former candidate'} for {job.title}",
        status=status,
        application=application,
        job=job,
        candidate=user,
        profile=profile,
        match=match,
        resume=resume,
        resume_kind=RESUME_KINDS.get(resume.media_type, "") if resume else "",
        inline_pdf=resume is not None and resume.media_type == documents.PDF,
        events=events,
        stage_names={stage.key: stage.name for stage in stages},
        by=lambda event: applications.event_by(event.actor, application.candidate_id),
        current=current,
        targets=targets,
        notes=await applications.notes(session, application_id=application.id),
        rejection=REJECTION_TEMPLATE.format(job=job.title, company=job.company.name),
        errors=errors or {},
        values=values or {},
    )


def _allowed(stages: list[applications.Stage], current: str, target: str) -> bool:
    try:
        applications.check_move(stages, current, target)
    except JobboardError:
        return False
    return True


@router.get("/employer/applications/{application_id}")
async def candidate_page(
    application_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    application, job, here = await _candidate(session, viewer, application_id)
    return await _candidate_page(request, session, viewer, application, job, here)


@router.post("/employer/applications/{application_id}/move")
async def move(
    application_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    """Move the candidate; the message is what they read, so it is asked for every time."""
    application, job, here = await _candidate(session, viewer, application_id)
    form = await request.form()
    target = form.get("to")
    message = _message(form)
    errors: dict[str, str] = {}
    if not isinstance(target, str) or not target:
        errors["to"] = "Choose the stage to move the candidate to"
    if not message:
        errors["message"] = "Write the message the candidate will read"
    elif len(message) > MESSAGE_LIMIT:
        errors["message"] = f"Keep the message to {MESSAGE_LIMIT:,} characters"
    if not errors:
        assert isinstance(target, str)
        try:
            await applications.transition(
                session,
                principal=viewer.principal,
                application=application,
                to=target,
                message=message,
            )
        except ValidationFailed:
            errors["to"] = "Choose a stage of the pipeline"
    if errors:
        return await _candidate_page(
            request,
            session,
            viewer,
            application,
            job,
            here,
            errors=errors,
            values={"to": target if isinstance(target, str) else "", "message": message},
            status=422,
        )
    viewer.flash("candidate-moved")
    return RedirectResponse(f"/employer/applications/{application.id}", status_code=303)


@router.post("/employer/applications/{application_id}/notes")
async def add_note(
    application_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    application, job, here = await _candidate(session, viewer, application_id)
    body = _message(await request.form())
    if not body or len(body) > MESSAGE_LIMIT:
        return await _candidate_page(
            request,
            session,
            viewer,
            application,
            job,
            here,
            errors={"note": f"Write the note, up to {MESSAGE_LIMIT:,} characters"},
            status=422,
        )
    await applications.add_note(
        session, principal=viewer.principal, application=application, body=body
    )
    viewer.flash("note-added")
    return RedirectResponse(f"/employer/applications/{application.id}#notes", status_code=303)


@router.get("/employer/applications/{application_id}/resume")
async def resume(
    application_id: Id,
    session: DbSession,
    settings: AppSettings,
    viewer: SignedInViewer,
    view: str | None = None,
) -> Response:
    """The résumé sent: a download, or with ``?view=inline`` a PDF the page shows in a
    frame of its own (PDF only; other kinds are always downloads)."""
    application, _, _ = await _candidate(session, viewer, application_id)
    stored = await session.get(Resume, application.resume_id) if application.resume_id else None
    if stored is None:
        raise NotFound("This application came without a résumé.")
    data = await storage_from_settings(settings).get(stored.storage_key)
    inline = view == "inline" and stored.media_type == documents.PDF
    extension = {documents.PDF: "pdf", documents.DOCX: "docx", documents.MARKDOWN: "md"}.get(
        stored.media_type, "txt"
    )
    media_type = stored.media_type + (
        "; charset=utf-8" if stored.media_type.startswith("text/") else ""
    )
    disposition = "inline" if inline else "attachment"
    return Response(
        data,
        media_type=media_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="resume-{application.id}.{extension}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; frame-ancestors 'self'",
            "X-Frame-Options": "SAMEORIGIN",
        },
    )
