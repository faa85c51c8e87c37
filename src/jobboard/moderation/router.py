"""REST: report a job to the moderators."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from jobboard.auth.dependencies import SignedInPerson
from jobboard.dependencies import DbSession
from jobboard.kit.ids import Id
from jobboard.moderation import service
from jobboard.moderation.schemas import ReportCreate, ReportRead
from jobboard.ratelimit import spend_for_request
from jobboard.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["moderation"])


@router.post(
    "/jobs/{job_id}/reports",
    status_code=status.HTTP_201_CREATED,
    response_model=ReportRead,
    responses={409: {"description": "`/problems/already-reported`"}},
)
async def report_job(
    job_id: Id,
    body: ReportCreate,
    principal: SignedInPerson,
    request: Request,
    response: Response,
    session: DbSession,
) -> ReportRead:
    """Report a job as a scam, discriminatory, misleading or expired (signed-in people; one
    open report per person and job; 10 an hour)."""
    await spend_for_request(request, "report", principal.owner_key, response)
    report = await service.report_job(
        session, principal=principal, job_id=job_id, reason=body.reason, details=body.details
    )
    return ReportRead.model_validate(report)
