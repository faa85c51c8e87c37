"""A job's page, ``/jobs/{id}-{title}``, its JSON-LD (``/jobs/{id}.jsonld``), and what a
seeker does from it: save it, apply (the job's questions, in Jobboard) or follow the
employer's link.

``/jobs/{id}`` and a stale title slug redirect (301) to the canonical address. Closed and
expired jobs answer 410 Gone with their summary and similar open jobs, as Google for Jobs
asks; drafts and unknown ids 404.
"""

from __future__ import annotations

import contextlib
import json
import math
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from markupsafe import Markup
from pydantic import ValidationError
from sqlalchemy import select
from starlette.datastructures import FormData

from jobboard.applications import service as applications
from jobboard.applications.schemas import ApplicationCreate
from jobboard.auth.principal import ANONYMOUS
from jobboard.companies import repository as companies
from jobboard.companies.readers import hiring_read
from jobboard.dependencies import DbSession
from jobboard.errors import Gone, JobboardError, NotFound, ValidationFailed
from jobboard.jobs import service
from jobboard.jobs.readers import job_read
from jobboard.kit.clock import utcnow
from jobboard.kit.ids import Id
from jobboard.kit.urls import job_path
from jobboard.models import Application, Job, SavedJob, ScreeningQuestion
from jobboard.moderation import service as moderation
from jobboard.moderation.schemas import ReportCreate
from jobboard.problems import validation_problem
from jobboard.ratelimit import spend_for_request
from jobboard.recommendations import service as recommendations
from jobboard.seekers import service as seekers
from jobboard.web.rendering import page, place_text
from jobboard.web.routing import PageRoute
from jobboard.web.session import CurrentViewer, SignedInViewer, Viewer, safe_next
from jobboard.web.structured_data import description_html, job_posting

router = APIRouter(route_class=PageRoute, include_in_schema=False)

GONE_STATES = ("expired", "closed")
SIMILAR_JOBS = 5


def script_json(data: dict[str, Any]) -> Markup:
    """JSON safe inside <script>: no '<', '>' or '&' that could end the element."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 - escaped above for a script element


async def _public_job(session: DbSession, job_id: int) -> tuple[Job, str]:
    """A job anyone may read, with its effective status; 404 for drafts and unknown ids."""
    try:
        job = await service.get_readable(session, principal=ANONYMOUS, job_id=job_id)
    except NotFound:
        raise NotFound(
            "There is no such job. It may have been removed; search for similar ones."
        ) from None
    return job, service.effective_status(job, utcnow())


async def _similar(session: DbSession, job_id: int) -> list[tuple[Any, Any]]:
    now = utcnow()
    _, found = await recommendations.similar_jobs(
        session, principal=ANONYMOUS, job_id=job_id, now=now, limit=SIMILAR_JOBS
    )
    return [(job_read(other, now), match) for other, match in found]


@router.get("/jobs/{job_id:int}.jsonld")
async def job_json_ld(job_id: Id, session: DbSession) -> Response:
    job, status = await _public_job(session, job_id)
    if status in GONE_STATES:
        raise Gone(f"This job is {status}; search for similar open ones.")
    return JSONResponse(job_posting(job), media_type="application/ld+json")


@router.get("/jobs/{job_id:int}")
async def job_redirect(job_id: Id, session: DbSession) -> Response:
    job, _ = await _public_job(session, job_id)
    return RedirectResponse(job_path(job.id, job.title), status_code=301)


async def _seeker_state(session: DbSession, viewer: Viewer, job_id: int) -> tuple[bool, int | None]:
    """Whether the viewer saved the job, and their application to it (its id)."""
    if viewer.user_id is None:
        return False, None
    saved = await session.get(SavedJob, (viewer.user_id, job_id)) is not None
    application_id = await session.scalar(
        select(Application.id).where(
            Application.job_id == job_id, Application.candidate_id == viewer.user_id
        )
    )
    return saved, application_id


@router.get("/jobs/{job_id:int}-{slug}")
async def job_page(
    job_id: Id, slug: str, request: Request, session: DbSession, viewer: CurrentViewer
) -> Response:
    job, status = await _public_job(session, job_id)
    canonical = job_path(job.id, job.title)
    if request.url.path != canonical:
        return RedirectResponse(canonical, status_code=301)
    now = utcnow()
    read = job_read(job, now)
    if status in GONE_STATES:
        similar = await _similar(session, job.id)
        return page(
            request,
            "job_gone.html",
            status=410,
            title=f"{job.title} at {job.company.name} ({status})",
            job=read,
            status_word=status,
            similar=similar,
        )
    saved, application_id = await _seeker_state(session, viewer, job.id)
    open_jobs = await companies.open_job_counts(session, [job.company_id])
    return page(
        request,
        "job.html",
        title=f"{job.title} at {job.company.name}",
        description=_summary(read),
        job=read,
        company=job.company,
        company_open_jobs=open_jobs.get(job.company_id, 0),
        hiring=hiring_read(await companies.hiring_stats(session, job.company_id)),
        description_html=Markup(description_html(job)),  # noqa: S704 - sanitized or escaped
        json_ld=script_json(job_posting(job)),
        in_platform=job.apply_url is None,
        saved=saved,
        application_id=application_id,
    )


@router.get("/jobs/{job_id:int}/similar")
async def similar_jobs(job_id: Id, request: Request, session: DbSession) -> Response:
    """Jobs like this one, with the reasons: the job page loads this region when it scrolls
    into view (htmx), and links here for browsers without JavaScript."""
    job, _ = await _public_job(session, job_id)
    fragment = request.headers.get("hx-request") == "true"
    return page(
        request,
        "partials/similar.html" if fragment else "similar.html",
        title=f"Jobs like {job.title} at {job.company.name}",
        job=job_read(job, utcnow()),
        similar=await _similar(session, job.id),
        headers={"X-Robots-Tag": "noindex"},
    )


def _summary(job: Any) -> str:
    parts = [f"{job.title} at {job.company.name}"]
    if job.workplace == "remote":
        parts.append("remote")
    elif job.locations:
        parts.append(f"in {place_text(job.locations[0])}")
    if job.skills:
        parts.append("skills: " + ", ".join(skill.name for skill in job.skills[:5]))
    return ", ".join(parts) + "."


# Saving -------------------------------------------------------------------------------------


@router.post("/jobs/{job_id:int}/save")
async def save(
    job_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    _, job, _ = await seekers.save_job(session, principal=viewer.principal, job_id=job_id)
    return await _saved_answer(request, viewer, job, saved=True)


@router.post("/jobs/{job_id:int}/unsave")
async def unsave(
    job_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    assert viewer.user_id is not None
    job = await session.get(Job, job_id)
    with contextlib.suppress(NotFound):  # Unsaving twice leaves it unsaved.
        await seekers.unsave_job(session, user_id=viewer.user_id, job_id=job_id)
    if job is None:
        raise NotFound("There is no such job.")
    return await _saved_answer(request, viewer, job, saved=False)


async def _saved_answer(request: Request, viewer: Viewer, job: Job, *, saved: bool) -> Response:
    """htmx swaps in the new button; without JavaScript, back to where the form was."""
    if request.headers.get("hx-request") == "true":
        return page(request, "partials/save_button.html", job=job, saved=saved)
    form = await request.form()
    viewer.flash("job-saved" if saved else "job-unsaved")
    target = form.get("next")
    return RedirectResponse(
        safe_next(target if isinstance(target, str) else None, job_path(job.id, job.title)),
        status_code=303,
    )


# Applying -----------------------------------------------------------------------------------


def _answer_value(question: ScreeningQuestion, form: FormData) -> Any:
    """A form field as the answer type the question takes; None when left empty."""
    raw = form.get(f"answer-{question.key}")
    if not isinstance(raw, str) or not raw.strip():
        return None
    value = raw.strip()
    if question.kind == "yes_no":
        return {"yes": True, "no": False}.get(value, value)
    if question.kind == "number":
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            return value
        if not math.isfinite(number):
            return value
        return int(number) if number.is_integer() else number
    return value


def _field_errors(error: JobboardError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for item in error.extensions.get("errors", []):
        field = str(item.get("field", ""))
        message = str(item.get("message", "check this answer"))
        if field.startswith("body.answers."):
            errors["answer-" + field.removeprefix("body.answers.")] = message.capitalize()
        elif field.startswith("body."):
            errors[field.removeprefix("body.")] = message.capitalize()
    return errors or {"cover_letter": error.detail}


async def _apply_context(session: DbSession, viewer: Viewer, job: Job) -> dict[str, Any]:
    assert viewer.user_id is not None
    resume = await seekers.current_resume(session, user_id=viewer.user_id)
    return {
        "job": job_read(job, utcnow()),
        "questions": await applications.questions(session, job_id=job.id),
        "resume": resume,
    }


@router.get("/jobs/{job_id:int}/apply")
async def apply_form(
    job_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    job, status = await _public_job(session, job_id)
    if status in GONE_STATES:
        raise JobNotOpenPage(f"This job is {status} and takes no more applications.")
    if job.apply_url:
        return RedirectResponse(job.apply_url, status_code=303)
    _, application_id = await _seeker_state(session, viewer, job.id)
    if application_id is not None:
        return RedirectResponse(f"/me/applications/{application_id}", status_code=303)
    return page(
        request,
        "apply.html",
        title=f"Apply: {job.title} at {job.company.name}",
        errors={},
        values={},
        **await _apply_context(session, viewer, job),
    )


class JobNotOpenPage(JobboardError):
    status = 410
    slug = "job-not-open"
    title = "This job is no longer open"


@router.post("/jobs/{job_id:int}/apply")
async def apply(
    job_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    job, _ = await _public_job(session, job_id)
    form = await request.form()
    asked = await applications.questions(session, job_id=job.id)
    answers = {
        question.key: value
        for question in asked
        if (value := _answer_value(question, form)) is not None
    }
    cover_letter = form.get("cover_letter")
    try:
        try:
            data = ApplicationCreate(
                cover_letter=cover_letter.strip() or None
                if isinstance(cover_letter, str)
                else None,
                answers=answers,
                include_resume=form.get("include_resume") == "yes",
            )
        except ValidationError as invalid:
            raise validation_problem([dict(item) for item in invalid.errors()]) from invalid
        application = await applications.apply(
            session, principal=viewer.principal, job_id=job.id, data=data
        )
    except applications.AlreadyApplied as error:
        earlier = error.extensions.get("application_id")
        return RedirectResponse(
            f"/me/applications/{earlier}" if earlier else "/me/applications", status_code=303
        )
    except ValidationFailed as error:
        return page(
            request,
            "apply.html",
            status=422,
            title=f"Apply: {job.title} at {job.company.name}",
            errors=_field_errors(error),
            values={key: value for key, value in form.items() if isinstance(value, str)},
            **await _apply_context(session, viewer, job),
        )
    viewer.flash("applied")
    return RedirectResponse(f"/me/applications/{application.id}", status_code=303)


# Reporting ----------------------------------------------------------------------------------


# What the report form says of a field the report's schema refused.
_REPORT_PROBLEMS = {
    "reason": "Choose what is wrong with this job",
    "details": "Say it in at most 2,000 characters",
}


def _report_page(
    request: Request,
    job: Job,
    *,
    errors: dict[str, str],
    values: dict[str, str],
    status: int = 200,
) -> Response:
    return page(
        request,
        "report.html",
        status=status,
        title=f"Report {job.title}",
        job=job_read(job, utcnow()),
        reasons=moderation.REASON_WORDS,
        errors=errors,
        values=values,
    )


@router.get("/jobs/{job_id:int}/report")
async def report_form(
    job_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    job, _ = await _public_job(session, job_id)
    return _report_page(request, job, errors={}, values={})


@router.post("/jobs/{job_id:int}/report")
async def report(
    job_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    job, _ = await _public_job(session, job_id)
    form = await request.form()
    values = {key: value for key, value in form.items() if isinstance(value, str)}
    try:
        body = ReportCreate(reason=values.get("reason", ""), details=values.get("details", ""))
    except ValidationError as invalid:
        fields = {str(error["loc"][0]) for error in invalid.errors() if error["loc"]}
        errors = {name: message for name, message in _REPORT_PROBLEMS.items() if name in fields}
        return _report_page(request, job, errors=errors, values=values, status=422)
    await spend_for_request(request, "report", viewer.principal.owner_key)
    # Reported before: the same thanks, nothing new to store.
    with contextlib.suppress(moderation.AlreadyReported):
        await moderation.report_job(
            session,
            principal=viewer.principal,
            job_id=job.id,
            reason=body.reason,
            details=body.details,
        )
    viewer.flash("reported")
    return RedirectResponse(job_path(job.id, job.title), status_code=303)
