"""The job editor: create, edit, preview as the public page, publish, close with a reason,
renew and duplicate, each through ``jobs.service`` like ``/api/v1/jobs``.

The posting linter runs beside the text: with JavaScript, htmx posts the form to
``/employer/lint`` as the employer types (debounced) and swaps the findings in; without it,
"Check the text" posts the form and the page comes back with them. What the text states is
offered for confirmation ("Use what is ticked"), never applied on its own.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from pydantic import ValidationError
from sqlalchemy import select

from jobboard.companies.repository import ALL_MEMBER_ROLES, EDITOR_ROLES
from jobboard.dependencies import DbSession
from jobboard.errors import Forbidden, InvalidTransition, ValidationFailed
from jobboard.jobs import service as jobs
from jobboard.jobs.readers import job_read
from jobboard.jobs.schemas import JobClose, JobCreate, JobUpdate
from jobboard.kit.clock import utcnow
from jobboard.kit.ids import Id
from jobboard.kit.urls import job_path
from jobboard.models import Category, Job
from jobboard.web.employer import job_form
from jobboard.web.employer.workspace import (
    CLOSING_WORDS,
    Workspace,
    workspace,
    workspace_of,
    workspace_page,
)
from jobboard.web.rendering import page
from jobboard.web.routing import PageRoute
from jobboard.web.session import SignedInViewer, Viewer
from jobboard.web.structured_data import description_html

router = APIRouter(route_class=PageRoute, include_in_schema=False)

# Why an employer closes a job; the moderators' and the feeds' reasons are not theirs.
EMPLOYER_CLOSING_REASONS = ("filled", "cancelled", "on_hold", "duplicate", "other")
STATUS_WORDS = {
    "draft": "Draft: only your company sees it",
    "published": "Open: published and taking applications",
    "expired": "Expired: no longer listed; renew it to publish it again",
    "closed": "Closed",
}


async def _job_workspace(
    session: DbSession, viewer: Viewer, job_id: int, *, roles: tuple[str, ...]
) -> tuple[Job, Workspace]:
    """The job and its company's workspace: 404 when the viewer cannot see the job, 403
    unless they hold one of ``roles`` in its company."""
    job = await jobs.get_readable(session, principal=viewer.principal, job_id=job_id)
    here = await workspace_of(session, viewer, job.company, roles=roles)
    if roles == EDITOR_ROLES:
        await jobs.authorize_company(session, principal=viewer.principal, company=job.company)
    return job, here


async def _categories(session: DbSession) -> list[tuple[str, str]]:
    rows = await session.execute(select(Category.slug, Category.name).order_by(Category.position))
    return [(slug, name) for slug, name in rows.all()]


async def _form_page(
    request: Request,
    session: DbSession,
    here: Workspace,
    values: dict[str, Any],
    *,
    action: str,
    job: Job | None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    analysis = await asyncio.to_thread(job_form.analysis_of, values)
    return workspace_page(
        request,
        here,
        "employer/job_form.html",
        section="new-job" if job is None else "jobs",
        title="Post a job" if job is None else f"Edit {job.title}",
        status=status,
        values=values,
        errors=errors or {},
        action=action,
        job=job,
        lint=job_form.lint(analysis),
        categories=await _categories(session),
        **job_form.choices(),
    )


def _intent(form: Any) -> str:
    value = form.get("intent")
    return value if value in ("check", "take", "save") else "save"


def _chosen(form: Any) -> set[str]:
    return {value for value in form.getlist("take") if value in job_form.DERIVABLE}


@router.get("/employer/{slug}/jobs/new")
async def new_job(
    slug: str, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    here = await workspace(session, viewer, slug, roles=EDITOR_ROLES)
    return await _form_page(
        request,
        session,
        here,
        job_form.blank_values(),
        action=f"/employer/{here.company.slug}/jobs/new",
        job=None,
    )


@router.post("/employer/{slug}/jobs/new")
async def create_job(
    slug: str, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    here = await workspace(session, viewer, slug, roles=EDITOR_ROLES)
    form = await request.form()
    values = job_form.values_from(form)
    action = f"/employer/{here.company.slug}/jobs/new"
    intent = _intent(form)
    if intent != "save":
        if intent == "take":
            analysis = await asyncio.to_thread(job_form.analysis_of, values)
            job_form.take_findings(values, _chosen(form), analysis)
        return await _form_page(request, session, here, values, action=action, job=None)
    payload, rows = job_form.body(values)
    try:
        data = JobCreate.model_validate(
            {**payload, "company": here.company.slug, "status": "draft", "derive": False}
        )
    except ValidationError as invalid:
        errors = job_form.validation_errors(invalid, rows)
        return await _form_page(
            request, session, here, values, action=action, job=None, errors=errors, status=422
        )
    try:
        job = await jobs.create_job(session, principal=viewer.principal, data=data)
    except ValidationFailed as failed:
        errors = job_form.service_errors(failed, rows)
        return await _form_page(
            request, session, here, values, action=action, job=None, errors=errors, status=422
        )
    viewer.flash("job-drafted")
    return RedirectResponse(f"/employer/jobs/{job.id}", status_code=303)


@dataclass(frozen=True, slots=True)
class Action:
    """What the job page offers, by the job's state and the viewer's role."""

    publish: bool
    renew: bool
    close: bool
    edit: bool


@router.get("/employer/jobs/{job_id}")
async def job_page(
    job_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    job, here = await _job_workspace(session, viewer, job_id, roles=ALL_MEMBER_ROLES)
    status = jobs.effective_status(job, utcnow())
    values = job_form.values_of(job)
    analysis = await asyncio.to_thread(job_form.analysis_of, values)
    editor = here.can_edit
    return workspace_page(
        request,
        here,
        "employer/job.html",
        section="jobs",
        title=job.title,
        job=job_read(job, utcnow()),
        state=status,
        status_words=STATUS_WORDS[status],
        closing_words=CLOSING_WORDS,
        closing_reasons=[(key, CLOSING_WORDS[key]) for key in EMPLOYER_CLOSING_REASONS],
        actions=Action(
            publish=editor and status == "draft",
            renew=editor and status == "expired",
            close=editor and status in ("published", "expired"),
            edit=editor and status != "closed",
        ),
        lint=job_form.lint(analysis),
        public_path=job_path(job.id, job.title),
        errors={},
    )


@router.get("/employer/jobs/{job_id}/edit")
async def edit_job(
    job_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    job, here = await _job_workspace(session, viewer, job_id, roles=EDITOR_ROLES)
    if job.status == "closed":
        raise InvalidTransition("A closed job cannot be edited; duplicate it to post it again.")
    return await _form_page(
        request,
        session,
        here,
        job_form.values_of(job),
        action=f"/employer/jobs/{job.id}/edit",
        job=job,
    )


@router.post("/employer/jobs/{job_id}/edit")
async def save_job(
    job_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    job, here = await _job_workspace(session, viewer, job_id, roles=EDITOR_ROLES)
    form = await request.form()
    values = job_form.values_from(form)
    action = f"/employer/jobs/{job.id}/edit"
    intent = _intent(form)
    if intent != "save":
        if intent == "take":
            analysis = await asyncio.to_thread(job_form.analysis_of, values)
            job_form.take_findings(values, _chosen(form), analysis)
        return await _form_page(request, session, here, values, action=action, job=job)
    if values["version"] != str(job.version):
        values["version"] = str(job.version)
        errors = {
            "version": "Someone else saved this job while you edited it, so your changes were "
            "not saved. Check the form and save again."
        }
        return await _form_page(
            request, session, here, values, action=action, job=job, errors=errors, status=409
        )
    payload, rows = job_form.body(values)
    try:
        data = JobUpdate.model_validate(payload)
    except ValidationError as invalid:
        errors = job_form.validation_errors(invalid, rows)
        return await _form_page(
            request, session, here, values, action=action, job=job, errors=errors, status=422
        )
    try:
        await jobs.update_job(session, job=job, data=data, actor=viewer.principal)
    except ValidationFailed as failed:
        errors = job_form.service_errors(failed, rows)
        return await _form_page(
            request, session, here, values, action=action, job=job, errors=errors, status=422
        )
    viewer.flash("job-updated")
    return RedirectResponse(f"/employer/jobs/{job.id}", status_code=303)


@router.get("/employer/jobs/{job_id}/preview")
async def preview(
    job_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    """The job as its public page shows it, whatever its state, marked as a preview."""
    job, _ = await _job_workspace(session, viewer, job_id, roles=ALL_MEMBER_ROLES)
    read = job_read(job, utcnow())
    return page(
        request,
        "employer/preview.html",
        title=f"Preview: {job.title}",
        job=read,
        company=job.company,
        company_open_jobs=0,
        hiring=None,
        description_html=Markup(description_html(job)),  # noqa: S704 - sanitized or escaped
        json_ld="",
        in_platform=job.apply_url is None,
        saved=False,
        application_id=None,
        preview=True,
        headers={"X-Robots-Tag": "noindex"},
    )


@router.post("/employer/jobs/{job_id}/publish")
async def publish(job_id: Id, session: DbSession, viewer: SignedInViewer) -> Response:
    """Publish a draft, or renew an expired job, for the usual 30 days."""
    job, _ = await _job_workspace(session, viewer, job_id, roles=EDITOR_ROLES)
    renewing = jobs.effective_status(job, utcnow()) == "expired"
    try:
        await jobs.publish_job(session, job=job, actor=viewer.principal)
    except ValidationFailed as failed:
        raise Unpublishable(failed.detail + " Edit the job to add it, then publish.") from failed
    viewer.flash("job-renewed" if renewing else "job-published")
    return RedirectResponse(f"/employer/jobs/{job.id}", status_code=303)


class Unpublishable(ValidationFailed):
    title = "The job cannot be published yet"


@router.post("/employer/jobs/{job_id}/close")
async def close(
    job_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    job, _ = await _job_workspace(session, viewer, job_id, roles=EDITOR_ROLES)
    form = await request.form()
    reason, note = form.get("reason"), form.get("note")
    if reason not in EMPLOYER_CLOSING_REASONS:
        raise ValidationFailed("Choose why the job closes.")
    data = JobClose(
        reason=reason,
        note=note.strip()[:1000] or None if isinstance(note, str) else None,
    )
    await jobs.close_job(session, job=job, data=data, actor=viewer.principal)
    viewer.flash("job-closed")
    return RedirectResponse(f"/employer/jobs/{job.id}", status_code=303)


@router.post("/employer/jobs/{job_id}/duplicate")
async def duplicate(job_id: Id, session: DbSession, viewer: SignedInViewer) -> Response:
    """A new draft with the job's fields (not its requisition id, which is one job's)."""
    job, here = await _job_workspace(session, viewer, job_id, roles=EDITOR_ROLES)
    values = job_form.values_of(job)
    values["requisition_id"] = ""
    payload, _ = job_form.body(values)
    data = JobCreate.model_validate(
        {**payload, "company": here.company.slug, "status": "draft", "derive": False}
    )
    copy = await jobs.create_job(session, principal=viewer.principal, data=data)
    viewer.flash("job-duplicated")
    return RedirectResponse(f"/employer/jobs/{copy.id}/edit", status_code=303)


@router.post("/employer/lint")
async def lint(request: Request, viewer: SignedInViewer) -> Response:
    """The linter's findings for the posted form, as the region beside the text (htmx)."""
    if not viewer.principal.has_scope("jobs:write"):
        raise Forbidden("Only employer accounts check job postings.")
    values = job_form.values_from(await request.form())
    analysis = await asyncio.to_thread(job_form.analysis_of, values)
    return page(
        request,
        "employer/_lint.html",
        title="Findings",
        lint=job_form.lint(analysis),
        values=values,
        headers={"X-Robots-Tag": "noindex"},
    )
