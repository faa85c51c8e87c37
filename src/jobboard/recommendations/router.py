"""REST: `GET /jobs/{id}/similar`, open jobs most like a job, with reasons."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from jobboard.auth.dependencies import CurrentPrincipal
from jobboard.dependencies import DbSession
from jobboard.jobs.readers import job_read
from jobboard.kit.clock import utcnow
from jobboard.kit.ids import Id
from jobboard.recommendations import service
from jobboard.recommendations.schemas import MatchedJob, SimilarJobs, match_read
from jobboard.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["jobs"])


@router.get("/jobs/{job_id}/similar", response_model=SimilarJobs)
async def similar_jobs(
    job_id: Id,
    principal: CurrentPrincipal,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=50, description="How many jobs (at most 50).")] = 10,
) -> SimilarJobs:
    """Open jobs most like this one (skills, level, pay, workplace, place), best first.

    Anyone who may read the job may ask; drafts only their company's members.
    """
    now = utcnow()
    job, found = await service.similar_jobs(
        session, principal=principal, job_id=job_id, now=now, limit=limit
    )
    return SimilarJobs(
        job_id=job.id,
        items=[
            MatchedJob(job=job_read(other, now), match=match_read(match)) for other, match in found
        ],
    )
