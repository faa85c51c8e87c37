"""REST: `POST /analyze`, posting analysis and lint for a title and a description."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter

from jobboard.analysis.engine import StatedFields, StatedSalary, analyze
from jobboard.analysis.schemas import AnalysisRead, AnalyzeRequest, analysis_read
from jobboard.analysis.snapshot import get_snapshot
from jobboard.auth.dependencies import SignedIn
from jobboard.kit.clock import utcnow
from jobboard.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["analysis"])


@router.post("/analyze", response_model=AnalysisRead)
async def analyze_posting(body: AnalyzeRequest, _principal: SignedIn) -> AnalysisRead:
    """Read a posting: skills (required or nice to have), seniority, years, workplace, pay,
    employment type and places, with lint warnings for the employer. Signed-in callers.

    Fields the job already states (`workplace`, `salary`...) are read before the text.
    """
    stated = StatedFields(
        workplace=body.workplace,
        employment_type=body.employment_type,
        salary=StatedSalary(
            min=body.salary.min,
            max=body.salary.max,
            currency=body.salary.currency,
            period=body.salary.period,
        )
        if body.salary
        else None,
        has_locations=bool(body.locations),
        remote_regions=tuple(body.remote_regions),
    )
    # Pure CPU work: run it beside the event loop so other requests keep moving.
    analysis = await asyncio.to_thread(
        analyze, body.title, body.description, stated=stated, this_year=utcnow().year
    )
    return analysis_read(analysis, taxonomy_version=get_snapshot().version)
