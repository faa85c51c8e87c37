"""The seeker's résumé, ``/me/resume``: upload one (the service checks its size and reads
its type from the bytes), download it, confirm the skills it names into the profile, and
delete it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from starlette.datastructures import UploadFile

from jobboard.dependencies import AppSettings, DbSession
from jobboard.errors import JobboardError, ValidationFailed
from jobboard.seekers import documents
from jobboard.seekers import service as seekers
from jobboard.seekers.readers import resume_file
from jobboard.storage import storage_from_settings
from jobboard.web.me import RESUME_KINDS, area_page, user_id_of
from jobboard.web.routing import PageRoute
from jobboard.web.session import SignedInViewer, Viewer

router = APIRouter(route_class=PageRoute, include_in_schema=False)


async def _resume_page(
    request: Request,
    session: DbSession,
    viewer: Viewer,
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    user_id = user_id_of(viewer)
    resume = await seekers.current_resume(session, user_id=user_id)
    suggestions: list[Any] = []
    if resume is not None:
        known = await seekers.known_skills(session, user_id=user_id)
        suggestions = seekers.suggest_skills(resume.text, known=known)
    return await area_page(
        request,
        session,
        viewer,
        "me/resume.html",
        section="resume",
        status=status,
        title="Your résumé",
        resume=resume,
        kind=RESUME_KINDS.get(resume.media_type, resume.media_type) if resume else "",
        suggestions=suggestions,
        errors=errors or {},
        max_megabytes=documents.MAX_BYTES // (1024 * 1024),
    )


@router.get("/me/resume")
async def resume_page(request: Request, session: DbSession, viewer: SignedInViewer) -> Response:
    return await _resume_page(request, session, viewer)


@router.post("/me/resume")
async def upload(
    request: Request, session: DbSession, settings: AppSettings, viewer: SignedInViewer
) -> Response:
    upload = (await request.form()).get("file")
    data = await upload.read(documents.MAX_BYTES + 1) if isinstance(upload, UploadFile) else b""
    problem: JobboardError | None = None
    if not data:
        problem = ValidationFailed("Choose a file to upload")
    elif len(data) > documents.MAX_BYTES:
        problem = ResumeTooLarge(
            f"The file is larger than {documents.MAX_BYTES // (1024 * 1024)} MB; "
            "upload a smaller one"
        )
    else:
        try:
            await seekers.upload_resume(
                session,
                storage=storage_from_settings(settings),
                user_id=user_id_of(viewer),
                data=data,
            )
        except (seekers.UnsupportedResumeType, seekers.ResumeUnreadable) as refused:
            problem = refused
    if problem is not None:
        return await _resume_page(
            request, session, viewer, errors={"file": problem.detail}, status=problem.status
        )
    viewer.flash("resume-uploaded")
    return RedirectResponse("/me/resume", status_code=303)


class ResumeTooLarge(JobboardError):
    status = 413
    slug = "payload-too-large"
    title = "The résumé is too large"


@router.get("/me/resume/file")
async def download(session: DbSession, settings: AppSettings, viewer: SignedInViewer) -> Response:
    resume = await seekers.get_current_resume(session, user_id=user_id_of(viewer))
    return await resume_file(resume, settings)


@router.post("/me/resume/skills")
async def confirm_skills(request: Request, session: DbSession, viewer: SignedInViewer) -> Response:
    chosen = [value for value in (await request.form()).getlist("skill") if isinstance(value, str)]
    try:
        await seekers.add_suggested_skills(session, user_id=user_id_of(viewer), slugs=chosen)
    except ValidationFailed as failed:
        return await _resume_page(
            request, session, viewer, errors={"skills": failed.detail}, status=failed.status
        )
    viewer.flash("skills-added")
    return RedirectResponse("/me/profile", status_code=303)


@router.post("/me/resume/delete")
async def delete(session: DbSession, viewer: SignedInViewer) -> Response:
    await seekers.remove_resume(session, user_id=user_id_of(viewer))
    viewer.flash("resume-deleted")
    return RedirectResponse("/me/resume", status_code=303)
