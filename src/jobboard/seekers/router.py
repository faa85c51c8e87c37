"""REST: my profile, my résumé, my saved jobs and my recommendations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, Request, Response, UploadFile, status

from jobboard.auth.dependencies import CurrentPrincipal, IdempotencyKey
from jobboard.conditional import check_if_match, make_etag
from jobboard.dependencies import AppSettings, DbSession, Pagination
from jobboard.errors import PayloadTooLarge
from jobboard.jobs.readers import job_read
from jobboard.kit.clock import utcnow
from jobboard.kit.ids import Id
from jobboard.kit.schemas import Page
from jobboard.models import CandidateProfile, Resume
from jobboard.routing import UnitOfWorkRoute
from jobboard.seekers import documents, readers, service
from jobboard.seekers.readers import profile_read, resume_file
from jobboard.seekers.schemas import (
    ProfileRead,
    ProfileUpdate,
    Recommendations,
    ResumeRead,
    SavedJobCreate,
    SavedJobRead,
    SkillSuggestion,
)
from jobboard.storage import storage_from_settings

router = APIRouter(route_class=UnitOfWorkRoute, tags=["seekers"])

# Multipart framing around a 5 MB file stays well under this.
_UPLOAD_OVERHEAD = 64 * 1024


def _profile_etag(user_id: int, profile: CandidateProfile | None) -> str:
    return make_etag("profile", user_id, profile.version if profile else 0)


@router.get("/me/profile", response_model=ProfileRead)
async def get_profile(
    principal: CurrentPrincipal, session: DbSession, response: Response
) -> ProfileRead:
    """Your seeker profile (the defaults until you first save it)."""
    user_id = service.require_seeker(principal)
    profile = await service.get_profile(session, user_id=user_id)
    response.headers["ETag"] = _profile_etag(user_id, profile)
    return profile_read(profile)


@router.put("/me/profile", response_model=ProfileRead)
async def put_profile(
    body: ProfileUpdate,
    principal: CurrentPrincipal,
    session: DbSession,
    request: Request,
    response: Response,
) -> ProfileRead:
    """Save the whole profile. Skills take any alias; `location` is resolved to a place.
    Send `If-Match` with the ETag you read to avoid lost updates."""
    user_id = service.require_seeker(principal)
    current = await service.get_profile(session, user_id=user_id)
    check_if_match(request, _profile_etag(user_id, current))
    profile = await service.save_profile(session, user_id=user_id, data=body)
    response.headers["ETag"] = _profile_etag(user_id, profile)
    return profile_read(profile)


async def _resume_read(session: DbSession, resume: Resume, user_id: int) -> ResumeRead:
    known = await service.known_skills(session, user_id=user_id)
    return ResumeRead(
        id=resume.id,
        media_type=resume.media_type,
        size_bytes=resume.size_bytes,
        sha256=resume.sha256,
        uploaded_at=resume.uploaded_at,
        text_characters=len(resume.text),
        suggested_skills=[
            SkillSuggestion(
                slug=found.slug, name=found.name, years=found.years, matched=list(found.matched)
            )
            for found in service.suggest_skills(resume.text, known=known)
        ],
    )


@router.post(
    "/me/resume",
    status_code=status.HTTP_201_CREATED,
    response_model=ResumeRead,
    responses={
        413: {"description": "Larger than 5 MB"},
        415: {"description": "Not a PDF, DOCX, Markdown or plain-text file"},
        422: {"description": "Unreadable, encrypted, or expanding beyond bounds (zip bomb)"},
    },
)
async def upload_resume(
    principal: CurrentPrincipal,
    session: DbSession,
    request: Request,
    settings: AppSettings,
    response: Response,
    _key: IdempotencyKey,
    file: Annotated[UploadFile, File(description="PDF, DOCX, Markdown or plain text; 5 MB.")],
) -> ResumeRead:
    """Upload a résumé (multipart field `file`). It becomes your current résumé, sent with
    your next applications; the answer suggests skills it names that your profile lacks."""
    user_id = service.require_seeker(principal)
    limit = documents.MAX_BYTES
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + _UPLOAD_OVERHEAD:
        raise PayloadTooLarge("A résumé may be at most 5 MB.")
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge("A résumé may be at most 5 MB.")
    resume = await service.upload_resume(
        session, storage=storage_from_settings(settings), user_id=user_id, data=data
    )
    response.headers["Location"] = "/api/v1/me/resume"
    return await _resume_read(session, resume, user_id)


@router.get("/me/resume", response_model=ResumeRead)
async def get_resume(principal: CurrentPrincipal, session: DbSession) -> ResumeRead:
    """Your current résumé: what was read from it, and the skills it suggests."""
    user_id = service.require_seeker(principal)
    resume = await service.get_current_resume(session, user_id=user_id)
    return await _resume_read(session, resume, user_id)


@router.delete("/me/resume", status_code=status.HTTP_204_NO_CONTENT)
async def delete_resume(principal: CurrentPrincipal, session: DbSession) -> Response:
    """Stop offering your résumé. Companies keep the copy sent with an application."""
    user_id = service.require_seeker(principal)
    await service.remove_resume(session, user_id=user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/me/resume/file",
    response_class=Response,
    responses={200: {"description": "The file as uploaded"}},
)
async def download_resume(
    principal: CurrentPrincipal, session: DbSession, settings: AppSettings
) -> Response:
    """Your current résumé file, as you uploaded it."""
    user_id = service.require_seeker(principal)
    return await resume_file(await service.get_current_resume(session, user_id=user_id), settings)


@router.get("/me/saved-jobs", response_model=Page[SavedJobRead])
async def list_saved_jobs(
    principal: CurrentPrincipal, session: DbSession, page: Pagination
) -> Page[SavedJobRead]:
    """The jobs you saved, most recently saved first (closed ones too, with their status)."""
    return await readers.saved_jobs_page(session, principal=principal, page=page)


@router.post("/me/saved-jobs", status_code=status.HTTP_201_CREATED, response_model=SavedJobRead)
async def save_job(
    body: SavedJobCreate, principal: CurrentPrincipal, session: DbSession, response: Response
) -> SavedJobRead:
    """Save a job (201); saving a saved job again answers 200 and changes nothing."""
    saved, _, created = await service.save_job(session, principal=principal, job_id=body.job_id)
    if not created:
        response.status_code = status.HTTP_200_OK
    jobs = await service.jobs_by_id(session, [saved.job_id])
    return SavedJobRead(job=job_read(jobs[saved.job_id], utcnow()), saved_at=saved.created_at)


@router.delete("/me/saved-jobs/{job_id}", status_code=status.HTTP_204_NO_CONTENT)
async def unsave_job(job_id: Id, principal: CurrentPrincipal, session: DbSession) -> Response:
    """Forget a saved job."""
    user_id = service.require_seeker(principal)
    await service.unsave_job(session, user_id=user_id, job_id=job_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me/recommendations", response_model=Recommendations)
async def recommendations(
    principal: CurrentPrincipal,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=50, description="How many jobs (at most 50).")] = 20,
) -> Recommendations:
    """Open jobs for your profile (skills, experience, pay, workplace, place) weighted as your
    profile says, best first, each with its reasons; jobs you applied to are left out."""
    return await readers.recommendations_for(session, principal=principal, limit=limit)
