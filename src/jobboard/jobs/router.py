"""REST: jobs — create (one or a batch), read, edit, publish, close, delete, list."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import TypeAdapter, ValidationError

from jobboard.auth.dependencies import CurrentPrincipal, IdempotencyKey
from jobboard.auth.principal import require_scope
from jobboard.companies.dependencies import ValidCompany
from jobboard.conditional import check_if_match, is_not_modified, make_etag
from jobboard.dependencies import DbSession, Pagination
from jobboard.errors import JobboardError
from jobboard.jobs import readers, repository, service
from jobboard.jobs.readers import job_read, read_job
from jobboard.jobs.schemas import (
    BatchCreate,
    BatchItemResult,
    BatchResult,
    JobClose,
    JobCreate,
    JobRead,
    JobUpdate,
)
from jobboard.kit.clock import utcnow
from jobboard.kit.ids import Id
from jobboard.kit.schemas import Page
from jobboard.models import Category, Company, Job
from jobboard.models.job import JobStatus, Workplace
from jobboard.problems import validation_problem
from jobboard.ratelimit import spend_for_request
from jobboard.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["jobs"])
_job_create = TypeAdapter(JobCreate)


def job_etag(job: Job, now: datetime) -> str:
    # The effective status can change without a write (expiry), so it is part of the tag.
    return make_etag("job", job.id, job.version, service.effective_status(job, now))


def _answer(job: Job, response: Response) -> JobRead:
    now = utcnow()
    response.headers["ETag"] = job_etag(job, now)
    return job_read(job, now)


@router.get("/jobs", response_model=Page[JobRead])
async def list_jobs(
    session: DbSession,
    page: Pagination,
    category: Annotated[str | None, Query(max_length=80)] = None,
    company: Annotated[str | None, Query(max_length=80)] = None,
    workplace: Workplace | None = None,
) -> Page[JobRead]:
    """Open jobs, newest first. Full-text search with facets is `/jobs/search`."""
    statement = repository.open_jobs(utcnow())
    if category is not None:
        statement = statement.join(Category, Category.id == Job.category_id).where(
            Category.slug == category
        )
    if company is not None:
        statement = statement.join(Company, Company.id == Job.company_id).where(
            Company.slug == company
        )
    if workplace is not None:
        statement = statement.where(Job.workplace == workplace)
    return await readers.jobs_page(
        session,
        statement,
        page,
        f"jobs:{category}:{company}:{workplace}",
        newest_published=True,
    )


@router.post("/jobs", status_code=status.HTTP_201_CREATED, response_model=JobRead)
async def create_job(
    body: JobCreate,
    principal: CurrentPrincipal,
    session: DbSession,
    response: Response,
    _key: IdempotencyKey,
) -> JobRead:
    """Post a job as a draft (default) or published. Owners and recruiters, `jobs:write`."""
    job = await service.create_job(session, principal=principal, data=body)
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return _answer(job, response)


def _in_batch(problem: JobboardError, index: int) -> dict[str, Any]:
    body = problem.to_problem()
    for error in body.get("errors", []):
        field = str(error.get("field", ""))
        error["field"] = f"body.jobs[{index}]" + field.removeprefix("body")
    return body


@router.post("/jobs/batch", response_model=BatchResult)
async def create_jobs_batch(
    body: BatchCreate,
    principal: CurrentPrincipal,
    session: DbSession,
    request: Request,
    response: Response,
    _key: IdempotencyKey,
) -> BatchResult:
    """Create up to 200 jobs; each item succeeds or fails on its own (see `results`)."""
    require_scope(principal, "jobs:write")
    await spend_for_request(request, "jobs_batch", principal.owner_key, response)
    now = utcnow()
    results: list[BatchItemResult] = []
    for index, raw in enumerate(body.jobs):
        try:
            data = _job_create.validate_python(raw)
        except ValidationError as error:
            problem = validation_problem(
                [{**item, "loc": ("body", *item["loc"])} for item in error.errors()]
            )
            results.append(
                BatchItemResult(
                    index=index, status=problem.status, problem=_in_batch(problem, index)
                )
            )
            continue
        try:
            async with session.begin_nested():
                job = await service.create_job(session, principal=principal, data=data)
        except JobboardError as problem:
            results.append(
                BatchItemResult(
                    index=index, status=problem.status, problem=_in_batch(problem, index)
                )
            )
            continue
        results.append(BatchItemResult(index=index, status=201, job=job_read(job, now)))
    created = sum(1 for result in results if result.job is not None)
    return BatchResult(created=created, failed=len(results) - created, results=results)


@router.get("/jobs/{job_id}", response_model=JobRead)
async def get_job(
    job_id: Id,
    principal: CurrentPrincipal,
    session: DbSession,
    request: Request,
    response: Response,
) -> JobRead | Response:
    """One job. Drafts are visible to the company's members only."""
    job = await read_job(session, principal=principal, job_id=job_id, now=utcnow())
    etag = make_etag("job", job.id, job.version, job.status)
    if is_not_modified(request, etag):
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return job


@router.patch("/jobs/{job_id}", response_model=JobRead)
async def update_job(
    job_id: Id,
    body: JobUpdate,
    principal: CurrentPrincipal,
    session: DbSession,
    request: Request,
    response: Response,
) -> JobRead:
    """Change some fields. Send `If-Match` with the ETag you read to avoid lost updates."""
    job = await service.get_manageable(session, principal=principal, job_id=job_id)
    check_if_match(request, job_etag(job, utcnow()))
    job = await service.update_job(session, job=job, data=body, actor=principal)
    return _answer(job, response)


@router.delete("/jobs/{job_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_job(
    job_id: Id, principal: CurrentPrincipal, session: DbSession, request: Request
) -> Response:
    """Delete a draft. Published jobs are closed instead."""
    job = await service.get_manageable(session, principal=principal, job_id=job_id)
    check_if_match(request, job_etag(job, utcnow()))
    await service.delete_job(session, job=job)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/jobs/{job_id}/publish", response_model=JobRead)
async def publish_job(
    job_id: Id,
    principal: CurrentPrincipal,
    session: DbSession,
    request: Request,
    response: Response,
) -> JobRead:
    """Publish a draft, or renew an expired job, for 30 days unless `expires_at` says else."""
    job = await service.get_manageable(session, principal=principal, job_id=job_id)
    check_if_match(request, job_etag(job, utcnow()))
    job = await service.publish_job(session, job=job, actor=principal)
    return _answer(job, response)


@router.post("/jobs/{job_id}/close", response_model=JobRead)
async def close_job(
    job_id: Id,
    body: JobClose,
    principal: CurrentPrincipal,
    session: DbSession,
    request: Request,
    response: Response,
) -> JobRead:
    """Close a published or expired job, with a reason."""
    job = await service.get_manageable(session, principal=principal, job_id=job_id)
    check_if_match(request, job_etag(job, utcnow()))
    job = await service.close_job(session, job=job, data=body, actor=principal)
    return _answer(job, response)


@router.get("/companies/{slug}/jobs", response_model=Page[JobRead])
async def list_company_jobs(
    company: ValidCompany,
    principal: CurrentPrincipal,
    session: DbSession,
    page: Pagination,
    status_filter: Annotated[
        JobStatus | None,
        Query(
            alias="status",
            description="Members only: list jobs in this state (default: open jobs).",
        ),
    ] = None,
) -> Page[JobRead]:
    """A company's open jobs; its members may list drafts, closed and expired ones."""
    return await readers.company_jobs_page(
        session, company=company, principal=principal, page=page, status=status_filter
    )
