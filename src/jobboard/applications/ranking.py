"""The employer's applicant list (filtered, ranked by match) and the seeker's own list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from jobboard.analysis.matching import Match, score_match
from jobboard.applications.pipeline import require_reader
from jobboard.auth.principal import Principal
from jobboard.errors import (
    ValidationFailed,
)
from jobboard.jobs import service as job_service
from jobboard.kit.clock import utcnow
from jobboard.models import (
    Application,
    CandidateProfile,
    CandidateSkill,
    Company,
    Job,
    Resume,
    User,
)
from jobboard.pagination import PageParams, keyset_page, ranked_page
from jobboard.recommendations.service import job_profile
from jobboard.seekers import service as seeker_service
from jobboard.taxonomy import service as taxonomy_service


@dataclass(frozen=True, slots=True)
class Applicant:
    application: Application
    user: User | None
    profile: CandidateProfile | None
    match: Match | None


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def _filtered(
    session: AsyncSession, *, job: Job, stage: str | None, skill: str | None, text: str | None
) -> Select[Application]:
    statement = select(Application).where(Application.job_id == job.id)
    if stage is not None:
        statement = statement.where(Application.stage == stage)
    visible = CandidateProfile.visibility != "private"
    if skill is not None:
        found = (await taxonomy_service.skills_by_alias(session, [skill])).get(skill)
        if found is None:
            raise ValidationFailed(
                f"There is no skill {skill!r}; see /api/v1/skills.",
                errors=[{"field": "query.skill", "message": "unknown skill"}],
            )
        statement = statement.where(
            exists()
            .where(
                CandidateSkill.user_id == Application.candidate_id,
                CandidateSkill.skill_id == found.id,
            )
            .where(exists().where(CandidateProfile.user_id == CandidateSkill.user_id, visible))
        )
    if text is not None:
        pattern = _like(text)
        statement = statement.where(
            or_(
                func.lower(Application.cover_letter).like(pattern, escape="\\"),
                exists().where(
                    User.id == Application.candidate_id,
                    func.lower(User.display_name).like(pattern, escape="\\"),
                ),
                exists().where(
                    CandidateProfile.user_id == Application.candidate_id,
                    visible,
                    func.lower(CandidateProfile.headline).like(pattern, escape="\\"),
                ),
                exists().where(
                    Resume.id == Application.resume_id,
                    func.lower(Resume.text).like(pattern, escape="\\"),
                ),
            )
        )
    return statement


async def _people(
    session: AsyncSession, user_ids: set[int]
) -> tuple[dict[int, User], dict[int, CandidateProfile]]:
    if not user_ids:
        return {}, {}
    users = {
        user.id: user for user in await session.scalars(select(User).where(User.id.in_(user_ids)))
    }
    profiles = {
        profile.user_id: profile
        for profile in await session.scalars(
            select(CandidateProfile)
            .where(CandidateProfile.user_id.in_(user_ids), CandidateProfile.visibility != "private")
            .options(selectinload(CandidateProfile.skills).selectinload(CandidateSkill.skill))
        )
    }
    return users, profiles


def score(profile: CandidateProfile | None, job: Job, now: datetime) -> Match | None:
    """How well a visible profile fits a job (skills and places loaded); None without one."""
    if profile is None:
        return None
    return score_match(seeker_service.matching_profile(profile, now), job_profile(job))


async def applicants(
    session: AsyncSession,
    *,
    principal: Principal,
    job_id: int,
    page: PageParams,
    stage: str | None = None,
    skill: str | None = None,
    text: str | None = None,
    sort: str = "newest",
) -> tuple[list[Applicant], str | None]:
    """A job's applicants, filtered, by date or by how well their profile matches the job.

    Sorting by match scores every filtered applicant (the profile is live, so the score is
    too) and pages through them by (score, id); candidates with a private profile have no
    score and come last.
    """
    job = await job_service.get_readable(session, principal=principal, job_id=job_id)
    await require_reader(session, principal=principal, company=job.company)
    statement = await _filtered(session, job=job, stage=stage, skill=skill, text=text)
    now = utcnow()
    scope = f"applicants:{job.id}:{stage}:{skill}:{text}:{sort}"
    if sort == "match":
        return await _ranked_by_match(session, statement, job=job, page=page, scope=scope)
    rows, next_cursor = await keyset_page(
        session,
        statement,
        params=page,
        scope=scope,
        keys=[
            (Application.applied_at, datetime, lambda row: row.applied_at),
            (Application.id, int, lambda row: row.id),
        ],
        descending=sort == "newest",
    )
    users, profiles = await _people(
        session, {row.candidate_id for row in rows if row.candidate_id is not None}
    )
    found = []
    for row in rows:
        profile = profiles.get(row.candidate_id) if row.candidate_id is not None else None
        found.append(
            Applicant(
                application=row,
                user=users.get(row.candidate_id) if row.candidate_id is not None else None,
                profile=profile,
                match=score(profile, job, now),
            )
        )
    return found, next_cursor


async def _ranked_by_match(
    session: AsyncSession,
    statement: Select[Application],
    *,
    job: Job,
    page: PageParams,
    scope: str,
) -> tuple[list[Applicant], str | None]:
    """Score every filtered applicant's visible profile against the job, best first, and
    page by (score, id); only the page's applicants are loaded as objects."""
    now = utcnow()
    connection = await session.connection()
    rows = (
        await connection.execute(
            statement.with_only_columns(Application.id, Application.candidate_id)
        )
    ).all()
    profiles = await seeker_service.visible_matching_profiles(
        session,
        user_ids=statement.with_only_columns(Application.candidate_id),
        now=now,
    )
    wanted = job_profile(job)
    matches: dict[int, Match] = {}
    ranked: list[tuple[int, int]] = []
    for application_id, candidate_id in rows:
        profile = profiles.get(candidate_id) if candidate_id is not None else None
        if profile is None:
            ranked.append((-1, application_id))
            continue
        match = score_match(profile, wanted)
        matches[application_id] = match
        ranked.append((round(match.score * 10_000), application_id))
    chosen, next_cursor = ranked_page(ranked, params=page, scope=scope)
    loaded = {
        row.id: row
        for row in await session.scalars(
            select(Application).where(Application.id.in_([item[1] for item in chosen]))
        )
    }
    users, full_profiles = await _people(
        session, {row.candidate_id for row in loaded.values() if row.candidate_id is not None}
    )
    return [
        Applicant(
            application=loaded[application_id],
            user=users.get(loaded[application_id].candidate_id or 0),
            profile=full_profiles.get(loaded[application_id].candidate_id or 0),
            match=matches.get(application_id),
        )
        for _, application_id in chosen
    ], next_cursor


def my_applications(user_id: int) -> Select[Application]:
    return select(Application).where(Application.candidate_id == user_id)


async def jobs_and_companies(
    session: AsyncSession, applications: Sequence[Application]
) -> tuple[dict[int, Job], dict[int, Company]]:
    job_ids = {application.job_id for application in applications}
    company_ids = {application.company_id for application in applications}
    jobs = (
        {job.id: job for job in await session.scalars(select(Job).where(Job.id.in_(job_ids)))}
        if job_ids
        else {}
    )
    companies = (
        {
            company.id: company
            for company in await session.scalars(select(Company).where(Company.id.in_(company_ids)))
        }
        if company_ids
        else {}
    )
    return jobs, companies
