"""Recommending jobs for a profile, and finding jobs like a job, with the reasons why."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.analysis.matching import (
    WORKPLACES,
    JobProfile,
    JobRequirement,
    Match,
    Pay,
    Perspective,
    Place,
    SeekerProfile,
    SeekerSkill,
    expand_skills,
    score_match,
)
from jobboard.analysis.snapshot import get_snapshot
from jobboard.auth.principal import Principal
from jobboard.jobs import repository as job_repository
from jobboard.jobs import service as job_service
from jobboard.models import Job, JobLocation
from jobboard.recommendations import repository

# Candidates scored per request: enough to find good matches beyond the crude SQL order,
# few enough to load and score in a few milliseconds.
CANDIDATES = 150


@dataclass(frozen=True, slots=True)
class Recommendation:
    job_id: int
    match: Match


async def recommend(
    session: AsyncSession,
    *,
    profile: SeekerProfile,
    now: datetime,
    limit: int = 20,
    exclude: Collection[int] = (),
    perspective: Perspective = "seeker",
) -> list[Recommendation]:
    """The open jobs that fit ``profile`` best, best first, each with its score and reasons."""
    snapshot = get_snapshot()
    have = expand_skills(profile.skills, snapshot)
    ids = await repository.skill_ids(session, have.keys())
    workplaces = None if profile.workplaces >= WORKPLACES else profile.workplaces
    job_ids = await repository.candidate_ids(
        session,
        skills=ids,
        now=now,
        workplaces=workplaces if profile.weights.workplace > 0 else None,
        exclude=set(exclude),
        limit=max(CANDIDATES, limit),
    )
    scored = [
        (
            score_match(
                profile,
                candidate.profile,
                perspective=perspective,
                snapshot=snapshot,
                expanded=have,
            ),
            candidate,
        )
        for candidate in await repository.candidates(session, job_ids)
    ]
    scored.sort(
        key=lambda item: (
            -item[0].score,
            -(item[1].published_at.timestamp() if item[1].published_at else 0),
            -item[1].job_id,
        )
    )
    return [
        Recommendation(job_id=candidate.job_id, match=match) for match, candidate in scored[:limit]
    ]


def _matching_place(location: JobLocation) -> Place | None:
    """A job's city as matching measures distances from; places without a point have none."""
    if (
        location.latitude is None
        or location.longitude is None
        or location.country_code is None
        or location.city is None
    ):
        return None
    return Place(
        latitude=location.latitude,
        longitude=location.longitude,
        country_code=location.country_code,
        name=location.city,
    )


def job_profile(job: Job) -> JobProfile:
    """A loaded job (skills and locations included) as matching sees it."""
    return JobProfile(
        skills=tuple(
            JobRequirement(slug=item.skill.slug, required=item.required, min_years=item.min_years)
            for item in job.skills
        ),
        min_years=job.min_years_experience,
        workplace=job.workplace,
        remote_regions=tuple(job.remote_regions),
        places=tuple(
            place for location in job.locations if (place := _matching_place(location)) is not None
        ),
        annual_pay_usd=(job.salary_annual_min_usd, job.salary_annual_max_usd)
        if job.salary_currency
        else None,
    )


def profile_of_job(job: Job) -> SeekerProfile:
    """A job's own requirements as a profile: what a job like it would ask and offer."""
    pay = (
        Pay(
            minimum=job.salary_annual_min_usd,
            maximum=job.salary_annual_max_usd,
            currency="USD",
            period="yearly",
        )
        if job.salary_annual_min_usd is not None or job.salary_annual_max_usd is not None
        else None
    )
    first = next(
        (place for location in job.locations if (place := _matching_place(location)) is not None),
        None,
    )
    return SeekerProfile(
        skills=tuple(
            SeekerSkill(slug=item.skill.slug, years=item.min_years) for item in job.skills
        ),
        years_experience=job.min_years_experience,
        pay=pay,
        workplaces=frozenset({job.workplace}),
        place=first,
    )


async def similar_jobs(
    session: AsyncSession, *, principal: Principal, job_id: int, now: datetime, limit: int
) -> tuple[Job, list[tuple[Job, Match]]]:
    """Open jobs most like a job the caller may read, with reasons in the job's terms."""
    job = await job_service.get_readable(session, principal=principal, job_id=job_id)
    found = await recommend(
        session,
        profile=profile_of_job(job),
        now=now,
        limit=limit,
        exclude={job.id},
        perspective="job",
    )
    jobs = {
        item.id: item
        for item in await session.scalars(
            job_repository.with_details(
                select(Job).where(Job.id.in_([entry.job_id for entry in found]))
            )
        )
    }
    return job, [(jobs[entry.job_id], entry.match) for entry in found if entry.job_id in jobs]
