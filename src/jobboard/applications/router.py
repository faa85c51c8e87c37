"""REST: applying, a job's applicants and screening questions, one application (moving it,
notes, withdrawing, its résumé), my applications, and a company's pipeline."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response, status

from jobboard.applications import candidates as candidate_search
from jobboard.applications import readers, service
from jobboard.applications.schemas import (
    ApplicantRead,
    ApplicationCreate,
    ApplicationRead,
    FoundCandidate,
    InvitationCreate,
    InvitationRead,
    MyApplicationRead,
    NoteCreate,
    NoteRead,
    PipelineRead,
    PipelineUpdate,
    QuestionRead,
    Questions,
    QuestionsUpdate,
    TransitionCreate,
    WithdrawCreate,
)
from jobboard.auth.dependencies import CurrentPrincipal, IdempotencyKey
from jobboard.auth.principal import Principal
from jobboard.companies.dependencies import ValidCompany
from jobboard.conditional import check_if_match, make_etag
from jobboard.dependencies import AppSettings, DbSession, Pagination
from jobboard.errors import NotFound
from jobboard.jobs import service as job_service
from jobboard.kit.ids import Id
from jobboard.kit.schemas import Page
from jobboard.models import (
    Application,
    Resume,
    ScreeningQuestion,
)
from jobboard.recommendations.schemas import match_read
from jobboard.routing import UnitOfWorkRoute
from jobboard.seekers.readers import profile_read, resume_file

router = APIRouter(route_class=UnitOfWorkRoute, tags=["hiring"])


def application_etag(application: Application) -> str:
    return make_etag("application", application.id, application.version)


async def _answer(
    session: DbSession, principal: Principal, application: Application, response: Response
) -> ApplicationRead:
    response.headers["ETag"] = application_etag(application)
    return await readers.application_read(session, principal, application)


@router.post(
    "/jobs/{job_id}/applications",
    status_code=status.HTTP_201_CREATED,
    response_model=ApplicationRead,
    responses={
        409: {
            "description": "`/problems/already-applied`, `/problems/job-not-open`, or "
            "`/problems/external-application` (the job takes applications at `apply_url`)"
        }
    },
)
async def apply(
    job_id: Id,
    body: ApplicationCreate,
    principal: CurrentPrincipal,
    session: DbSession,
    response: Response,
    _key: IdempotencyKey,
) -> ApplicationRead:
    """Apply to an open job, once, answering its screening questions; your current résumé
    goes with it unless `include_resume` is false."""
    application = await service.apply(session, principal=principal, job_id=job_id, data=body)
    response.headers["Location"] = f"/api/v1/applications/{application.id}"
    return await _answer(session, principal, application, response)


@router.get("/jobs/{job_id}/applications", response_model=Page[ApplicantRead])
async def list_applicants(
    job_id: Id,
    principal: CurrentPrincipal,
    session: DbSession,
    page: Pagination,
    stage: Annotated[str | None, Query(max_length=40, description="A stage key.")] = None,
    skill: Annotated[
        str | None, Query(max_length=80, description="Candidates whose profile lists it.")
    ] = None,
    q: Annotated[
        str | None,
        Query(
            min_length=2,
            max_length=200,
            description="Text in the name, headline, cover letter or résumé.",
        ),
    ] = None,
    sort: Annotated[
        Literal["newest", "oldest", "match"],
        Query(description="`match`: best fit of the candidate's profile first."),
    ] = "newest",
) -> Page[ApplicantRead]:
    """A job's applicants (company members and its API client, `applications:read`)."""
    return await readers.applicants_page(
        session,
        principal=principal,
        job_id=job_id,
        page=page,
        stage=stage,
        skill=skill,
        text=q,
        sort=sort,
    )


@router.get("/jobs/{job_id}/candidates", response_model=Page[FoundCandidate])
async def list_candidates(
    job_id: Id,
    principal: CurrentPrincipal,
    session: DbSession,
    page: Pagination,
    skill: Annotated[
        list[str],
        Query(max_length=10, description="Profiles listing every one of these skills."),
    ] = [],  # noqa: B006 - FastAPI's way of a repeated parameter
    min_score: Annotated[
        float, Query(ge=0, le=1, description="Only people fitting at least this well.")
    ] = 0.0,
) -> Page[FoundCandidate]:
    """People who made their profile searchable and have not applied, best fit for the job
    first, each with the reasons (company members and its API client, `applications:read`).
    No e-mail addresses: invite someone to let them know."""
    found, next_cursor = await candidate_search.candidates(
        session,
        principal=principal,
        job_id=job_id,
        page=page,
        skills=[name.strip() for name in skill if name.strip()],
        min_score=min_score,
    )
    return Page(
        items=[
            FoundCandidate(
                user_id=item.user.id,
                name=item.user.display_name,
                profile=profile_read(item.profile),
                match=match_read(item.match),
            )
            for item in found
        ],
        next_cursor=next_cursor,
    )


@router.post(
    "/jobs/{job_id}/candidates/{user_id}/invitation",
    status_code=status.HTTP_201_CREATED,
    response_model=InvitationRead,
)
async def invite_candidate(
    job_id: Id,
    user_id: Id,
    body: InvitationCreate,
    principal: CurrentPrincipal,
    session: DbSession,
) -> InvitationRead:
    """Invite a person found through the job's candidates to apply: they are told in the app
    and by e-mail (owners, recruiters, the company's client with `applications:write`). Once
    per job and person (409 already-invited)."""
    notification = await candidate_search.invite(
        session, principal=principal, job_id=job_id, user_id=user_id, message=body.message
    )
    return InvitationRead(job_id=job_id, user_id=user_id, invited_at=notification.created_at)


def _questions(job_id: int, rows: list[ScreeningQuestion]) -> Questions:
    return Questions(
        job_id=job_id,
        questions=[
            QuestionRead(
                id=row.key,
                kind=row.kind,
                prompt=row.prompt,
                required=row.required,
                options=row.options,
            )
            for row in rows
        ],
    )


@router.get("/jobs/{job_id}/questions", response_model=Questions)
async def get_questions(job_id: Id, principal: CurrentPrincipal, session: DbSession) -> Questions:
    """The screening questions applicants answer (anyone who can read the job)."""
    job = await job_service.get_readable(session, principal=principal, job_id=job_id)
    return _questions(job.id, await service.questions(session, job_id=job.id))


@router.put("/jobs/{job_id}/questions", response_model=Questions)
async def put_questions(
    job_id: Id, body: QuestionsUpdate, principal: CurrentPrincipal, session: DbSession
) -> Questions:
    """Set the job's screening questions (owners, recruiters, `jobs:write`): yes/no, number,
    single choice or short text, each required or not."""
    job = await job_service.get_manageable(session, principal=principal, job_id=job_id)
    return _questions(job.id, await service.set_questions(session, job=job, data=body))


@router.get("/applications/{application_id}", response_model=ApplicationRead)
async def get_application(
    application_id: Id, principal: CurrentPrincipal, session: DbSession, response: Response
) -> ApplicationRead:
    """One application: the candidate sees its stage, history and messages; the company also
    the candidate, the match and its private notes."""
    application = await service.get_readable(
        session, principal=principal, application_id=application_id
    )
    return await _answer(session, principal, application, response)


@router.post("/applications/{application_id}/transitions", response_model=ApplicationRead)
async def move_application(
    application_id: Id,
    body: TransitionCreate,
    principal: CurrentPrincipal,
    session: DbSession,
    request: Request,
    response: Response,
) -> ApplicationRead:
    """Move an application to another stage, with an optional message to the candidate
    (owners, recruiters, the company's API client, `applications:write`). Honours If-Match."""
    application = await service.get_readable(
        session, principal=principal, application_id=application_id
    )
    check_if_match(request, application_etag(application))
    application = await service.transition(
        session, principal=principal, application=application, to=body.to, message=body.message
    )
    return await _answer(session, principal, application, response)


@router.post(
    "/applications/{application_id}/notes",
    status_code=status.HTTP_201_CREATED,
    response_model=NoteRead,
)
async def add_note(
    application_id: Id, body: NoteCreate, principal: CurrentPrincipal, session: DbSession
) -> NoteRead:
    """A private note for the company (owners, recruiters, its API client); never shown to
    the candidate."""
    application = await service.get_readable(
        session, principal=principal, application_id=application_id
    )
    note = await service.add_note(
        session, principal=principal, application=application, body=body.body
    )
    return NoteRead(id=note.id, author=note.author, body=note.body, created_at=note.created_at)


@router.post("/applications/{application_id}/withdraw", response_model=ApplicationRead)
async def withdraw_application(
    application_id: Id,
    principal: CurrentPrincipal,
    session: DbSession,
    request: Request,
    response: Response,
    body: WithdrawCreate | None = None,
) -> ApplicationRead:
    """Withdraw your open application (the candidate only); the company sees your reason."""
    application = await service.get_readable(
        session, principal=principal, application_id=application_id
    )
    check_if_match(request, application_etag(application))
    application = await service.withdraw(
        session,
        principal=principal,
        application=application,
        reason=body.reason if body else None,
    )
    return await _answer(session, principal, application, response)


@router.get(
    "/applications/{application_id}/resume",
    response_class=Response,
    responses={200: {"description": "The résumé sent with the application"}},
)
async def application_resume(
    application_id: Id, principal: CurrentPrincipal, session: DbSession, settings: AppSettings
) -> Response:
    """The résumé sent with the application (the candidate, and the company's readers)."""
    application = await service.get_readable(
        session, principal=principal, application_id=application_id
    )
    resume = await session.get(Resume, application.resume_id) if application.resume_id else None
    if resume is None:
        raise NotFound(f"Application {application.id} came without a résumé.")
    return await resume_file(resume, settings)


@router.get("/me/applications", response_model=Page[MyApplicationRead])
async def my_applications(
    principal: CurrentPrincipal, session: DbSession, page: Pagination
) -> Page[MyApplicationRead]:
    """Your applications, newest first, each with its stage."""
    return await readers.my_applications_page(session, principal=principal, page=page)


@router.get("/companies/{slug}/pipeline", response_model=PipelineRead)
async def get_pipeline(
    company: ValidCompany, principal: CurrentPrincipal, session: DbSession
) -> PipelineRead:
    """The company's stages in order (members and its API client, `applications:read`)."""
    await service.require_reader(session, principal=principal, company=company)
    stages = await service.pipeline(session, company_id=company.id)
    return PipelineRead(
        company=company.slug, stages=[readers.stage_read(stage) for stage in stages]
    )


@router.put("/companies/{slug}/pipeline", response_model=PipelineRead)
async def put_pipeline(
    body: PipelineUpdate, company: ValidCompany, principal: CurrentPrincipal, session: DbSession
) -> PipelineRead:
    """Rename, add, reorder or remove stages (owners, `companies:write`); audited."""
    stages = await service.set_pipeline(session, principal=principal, company=company, data=body)
    return PipelineRead(
        company=company.slug, stages=[readers.stage_read(stage) for stage in stages]
    )
