"""Answers built from a seeker's records, shared by the REST API, the pages and GraphQL."""

from __future__ import annotations

from datetime import datetime

from fastapi import Response
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.auth.principal import Principal
from jobboard.config import Settings
from jobboard.jobs.readers import job_read
from jobboard.jobs.schemas import LocationRead
from jobboard.kit.clock import utcnow
from jobboard.kit.schemas import Page
from jobboard.models import CandidateProfile, Resume, SavedJob
from jobboard.pagination import PageParams, keyset_page
from jobboard.recommendations.schemas import MatchedJob, match_read
from jobboard.seekers import documents, service
from jobboard.seekers.schemas import (
    LinksRead,
    PayRead,
    ProfileRead,
    ProfileSkillRead,
    Recommendations,
    SavedJobRead,
)
from jobboard.storage import storage_from_settings

EXTENSIONS = {
    documents.PDF: "pdf",
    documents.DOCX: "docx",
    documents.MARKDOWN: "md",
    documents.TEXT: "txt",
}


def profile_read(profile: CandidateProfile | None) -> ProfileRead:
    """A stored profile, or the defaults when there is none yet."""
    if profile is None:
        return ProfileRead(
            headline="",
            summary="",
            skills=[],
            total_years=None,
            location=None,
            max_distance_km=50,
            time_zone=None,
            desired_pay=None,
            workplaces=["hybrid", "onsite", "remote"],
            links=LinksRead(github=None, portfolio=None),
            visibility="applied",
            match_weights={},
            updated_at=None,
            version=0,
        )
    return ProfileRead(
        headline=profile.headline,
        summary=profile.summary,
        skills=sorted(
            (
                ProfileSkillRead(slug=item.skill.slug, name=item.skill.name, years=item.years)
                for item in profile.skills
            ),
            key=lambda skill: skill.slug,
        ),
        total_years=profile.total_years,
        location=LocationRead(
            geoname_id=profile.geoname_id,
            city=profile.city,
            region=profile.region,
            country_code=profile.country_code or "",
            latitude=profile.latitude or 0.0,
            longitude=profile.longitude or 0.0,
        )
        if profile.city
        else None,
        max_distance_km=profile.max_distance_km,
        time_zone=profile.time_zone,
        desired_pay=PayRead(
            min=profile.pay_min,
            max=profile.pay_max,
            currency=profile.pay_currency,
            period=profile.pay_period or "yearly",
        )
        if profile.pay_currency
        else None,
        workplaces=profile.workplaces,
        links=LinksRead(github=profile.github_url, portfolio=profile.portfolio_url),
        visibility=profile.visibility,
        match_weights=profile.weights,
        updated_at=profile.updated_at,
        version=profile.version,
    )


async def resume_file(resume: Resume, settings: Settings) -> Response:
    data = await storage_from_settings(settings).get(resume.storage_key)
    media_type = resume.media_type + (
        "; charset=utf-8" if resume.media_type.startswith("text/") else ""
    )
    return Response(
        content=data,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="resume-{resume.id}.'
            f'{EXTENSIONS.get(resume.media_type, "bin")}"',
            "Cache-Control": "private, no-store",
        },
    )


async def my_profile(session: AsyncSession, *, principal: Principal) -> ProfileRead:
    """The seeker's profile (the defaults until they first save it)."""
    return profile_read(
        await service.get_profile(session, user_id=service.require_seeker(principal))
    )


async def saved_jobs_page(
    session: AsyncSession, *, principal: Principal, page: PageParams
) -> Page[SavedJobRead]:
    """The jobs the seeker saved, most recently saved first (closed ones too)."""
    user_id = service.require_seeker(principal)
    saved, next_cursor = await keyset_page(
        session,
        service.saved_jobs(user_id),
        params=page,
        scope=f"saved-jobs:{user_id}",
        keys=[
            (SavedJob.created_at, datetime, lambda item: item.created_at),
            (SavedJob.job_id, int, lambda item: item.job_id),
        ],
        descending=True,
    )
    jobs = await service.jobs_by_id(session, [item.job_id for item in saved])
    now = utcnow()
    return Page(
        items=[
            SavedJobRead(job=job_read(jobs[item.job_id], now), saved_at=item.created_at)
            for item in saved
        ],
        next_cursor=next_cursor,
    )


async def recommendations_for(
    session: AsyncSession, *, principal: Principal, limit: int
) -> Recommendations:
    """Open jobs for the seeker's profile, best first, each with its reasons."""
    user_id = service.require_seeker(principal)
    now = utcnow()
    found = await service.recommendations(session, user_id=user_id, now=now, limit=limit)
    return Recommendations(
        items=[
            MatchedJob(job=job_read(job, now), match=match_read(entry.match))
            for job, entry in found
        ]
    )
