"""Seeker rules: the profile (and how matching sees it), résumés, saved jobs and
recommendations. Every function acts for the signed-in person only."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import zoneinfo
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from jobboard import storage as stored_files
from jobboard.analysis.engine import analyze
from jobboard.analysis.fields import LocationIn
from jobboard.analysis.matching import Pay, Place, SeekerProfile, SeekerSkill, Weights
from jobboard.auth.principal import Principal, require_person, require_scope
from jobboard.errors import JobboardError, NotFound, ValidationFailed
from jobboard.jobs import repository as job_repository
from jobboard.jobs import service as job_service
from jobboard.kit.clock import utcnow
from jobboard.models import (
    Application,
    CandidateProfile,
    CandidateSkill,
    Job,
    Resume,
    SavedJob,
    Skill,
)
from jobboard.models.job import WORKPLACES
from jobboard.places.gazetteer import get_gazetteer
from jobboard.recommendations import service as recommendation_service
from jobboard.seekers import documents
from jobboard.seekers.schemas import ProfileUpdate
from jobboard.storage import FileStorage
from jobboard.taxonomy import service as taxonomy_service


class UnsupportedResumeType(JobboardError):
    status = 415
    slug = "unsupported-resume-type"
    title = "This kind of file is not accepted as a résumé"


class ResumeUnreadable(JobboardError):
    status = 422
    slug = "resume-unreadable"
    title = "The résumé could not be read"


def require_seeker(principal: Principal) -> int:
    """The caller's user id: a person (not an API client) with the `profile` scope."""
    require_person(principal)
    require_scope(principal, "profile")
    assert principal.user_id is not None
    return principal.user_id


# Profile ------------------------------------------------------------------------------------


def profiles_with_skills() -> Select[CandidateProfile]:
    """Profiles with their skills loaded, as ``profile_read`` shows them."""
    return select(CandidateProfile).options(
        selectinload(CandidateProfile.skills).selectinload(CandidateSkill.skill)
    )


async def get_profile(session: AsyncSession, *, user_id: int) -> CandidateProfile | None:
    return await session.scalar(profiles_with_skills().where(CandidateProfile.user_id == user_id))


def _problem(field: str, message: str) -> dict[str, str]:
    return {"field": field, "message": message}


async def save_profile(
    session: AsyncSession, *, user_id: int, data: ProfileUpdate
) -> CandidateProfile:
    """Replace the profile with ``data``; unknown skills and places are one 422."""
    problems: list[dict[str, str]] = []
    found = await taxonomy_service.skills_by_alias(session, [item.skill for item in data.skills])
    this_year = utcnow().year
    skills: dict[int, CandidateSkill] = {}
    for index, item in enumerate(data.skills):
        skill = found.get(item.skill)
        field = f"body.skills[{index}]"
        if skill is None:
            problems.append(
                _problem(f"{field}.skill", f"unknown skill {item.skill!r}; see /api/v1/skills")
            )
        elif skill.id in skills:
            problems.append(_problem(f"{field}.skill", f"{skill.name} is listed twice"))
        elif not _possible_years(skill, item.years, this_year):
            problems.append(
                _problem(
                    f"{field}.years",
                    f"{skill.name} was first released in {skill.first_release_year}",
                )
            )
        else:
            skills[skill.id] = CandidateSkill(skill_id=skill.id, skill=skill, years=item.years)
    place = _resolve_place(data.location, problems)
    if problems:
        raise ValidationFailed(
            "Check these fields: " + ", ".join(item["field"] for item in problems) + ".",
            errors=problems,
        )
    profile = await get_profile(session, user_id=user_id)
    if profile is None:
        profile = CandidateProfile(user_id=user_id, skills=[])
        session.add(profile)
    pay = data.desired_pay
    values: dict[str, Any] = {
        "headline": data.headline,
        "summary": data.summary,
        "total_years": data.total_years,
        "max_distance_km": data.max_distance_km,
        "time_zone": data.time_zone,
        "pay_min": pay.min if pay else None,
        "pay_max": pay.max if pay else None,
        "pay_currency": pay.currency if pay else None,
        "pay_period": pay.period if pay else None,
        "workplaces": list(data.workplaces),
        "github_url": str(data.links.github) if data.links.github else None,
        "portfolio_url": str(data.links.portfolio) if data.links.portfolio else None,
        "visibility": data.visibility,
        "weights": dict(data.match_weights),
        **place,
    }
    for name, value in values.items():
        setattr(profile, name, value)
    profile.skills = list(skills.values())
    profile.updated_at = utcnow()
    await session.flush()
    return profile


def _possible_years(skill: Skill, years: int | None, this_year: int) -> bool:
    """Nobody has used a skill for longer than it has existed."""
    return (
        years is None
        or skill.first_release_year is None
        or years <= this_year - skill.first_release_year
    )


def _resolve_place(location: LocationIn | None, problems: list[dict[str, str]]) -> dict[str, Any]:
    names = ("geoname_id", "city", "region", "country_code", "latitude", "longitude")
    if location is None:
        return dict.fromkeys(names)
    gazetteer = get_gazetteer()
    city = (
        gazetteer.get(location.geoname_id)
        if location.geoname_id is not None
        else gazetteer.resolve(location.name or "")
    )
    if city is None:
        problems.append(_problem("body.location", "no known city matches; try 'Berlin'"))
        return dict.fromkeys(names)
    return {
        "geoname_id": city.geoname_id,
        "city": city.name,
        "region": city.region,
        "country_code": city.country_code,
        "latitude": city.latitude,
        "longitude": city.longitude,
    }


def matching_profile(profile: CandidateProfile | None, now: datetime) -> SeekerProfile:
    """The stored profile (skills loaded) as matching reads it; no profile matches as empty."""
    if profile is None:
        return SeekerProfile()
    skills = tuple(SeekerSkill(slug=item.skill.slug, years=item.years) for item in profile.skills)
    return _as_seeker(profile, skills, now)


def _as_seeker(profile: Any, skills: tuple[SeekerSkill, ...], now: datetime) -> SeekerProfile:
    """A profile's columns (an ORM object or a row of the table) as matching reads them."""
    pay = (
        Pay(
            minimum=profile.pay_min,
            maximum=profile.pay_max,
            currency=profile.pay_currency,
            period=profile.pay_period or "yearly",
        )
        if profile.pay_currency
        else None
    )
    place = (
        Place(
            latitude=profile.latitude,
            longitude=profile.longitude,
            country_code=profile.country_code or "",
            name=profile.city or "",
        )
        if profile.latitude is not None and profile.longitude is not None
        else None
    )
    offset = None
    if profile.time_zone:
        delta = zoneinfo.ZoneInfo(profile.time_zone).utcoffset(now.replace(tzinfo=None))
        offset = int(delta.total_seconds() // 60) if delta is not None else None
    return SeekerProfile(
        skills=skills,
        years_experience=profile.total_years,
        pay=pay,
        workplaces=frozenset(profile.workplaces),
        place=place,
        utc_offset_minutes=offset,
        max_distance_km=float(profile.max_distance_km),
        weights=Weights(**{str(name): float(value) for name, value in profile.weights.items()}),
    )


async def visible_matching_profiles(
    session: AsyncSession, *, user_ids: Select[Any], now: datetime
) -> dict[int, SeekerProfile]:
    """The matching profiles of these users whose profile is not private, read as plain rows
    (two Core queries, no ORM objects: many profiles are scored at once)."""
    visible = (
        CandidateProfile.user_id.in_(user_ids.scalar_subquery()),
        CandidateProfile.visibility != "private",
    )
    connection = await session.connection()
    skills: dict[int, list[SeekerSkill]] = {}
    for user_id, slug, years in await connection.execute(
        select(CandidateSkill.user_id, Skill.slug, CandidateSkill.years)
        .join(Skill, Skill.id == CandidateSkill.skill_id)
        .join(CandidateProfile, CandidateProfile.user_id == CandidateSkill.user_id)
        .where(*visible)
    ):
        skills.setdefault(user_id, []).append(SeekerSkill(slug=slug, years=years))
    profiles = await connection.execute(select(CandidateProfile.__table__).where(*visible))
    return {
        row.user_id: _as_seeker(row, tuple(skills.get(row.user_id, ())), now) for row in profiles
    }


# Résumés ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Suggestion:
    slug: str
    name: str
    years: int | None
    matched: tuple[str, ...]


def suggest_skills(text: str, *, known: set[str]) -> list[Suggestion]:
    """Skills the text names (with years where it states them) that ``known`` lacks."""
    found = analyze("", text)
    return [
        Suggestion(slug=skill.slug, name=skill.name, years=skill.min_years, matched=skill.matched)
        for skill in found.skills
        if skill.slug not in known
    ]


async def known_skills(session: AsyncSession, *, user_id: int) -> set[str]:
    profile = await get_profile(session, user_id=user_id)
    return {item.skill.slug for item in profile.skills} if profile else set()


async def current_resume(session: AsyncSession, *, user_id: int) -> Resume | None:
    return await session.scalar(
        select(Resume).where(Resume.user_id == user_id, Resume.is_current).limit(1)
    )


async def get_current_resume(session: AsyncSession, *, user_id: int) -> Resume:
    resume = await current_resume(session, user_id=user_id)
    if resume is None:
        raise NotFound("You have no résumé; upload one with POST /api/v1/me/resume.")
    return resume


async def add_suggested_skills(
    session: AsyncSession, *, user_id: int, slugs: Collection[str]
) -> list[Suggestion]:
    """Add to the profile the chosen skills the current résumé suggests, with the years the
    résumé states (left out when more than the skill has existed); the rest of the profile
    stays as it is. Skills the profile lists already are skipped, so sending the choice twice
    adds nothing; a skill the résumé does not suggest is a 422."""
    resume = await get_current_resume(session, user_id=user_id)
    profile = await get_profile(session, user_id=user_id)
    known = {item.skill.slug for item in profile.skills} if profile else set()
    suggested = {found.slug: found for found in suggest_skills(resume.text, known=known)}
    wanted = [slug for slug in dict.fromkeys(slugs) if slug not in known]
    strangers = [slug for slug in wanted if slug not in suggested]
    if strangers or not slugs:
        raise ValidationFailed(
            "Choose among the skills your résumé suggests."
            if slugs
            else "Choose at least one of the skills your résumé suggests.",
            errors=[{"field": "body.skills", "message": "choose suggested skills"}],
        )
    if not wanted:
        return []
    skills = await taxonomy_service.skills_by_alias(session, wanted)
    if profile is None:
        profile = CandidateProfile(user_id=user_id, workplaces=sorted(WORKPLACES), skills=[])
        session.add(profile)
    this_year = utcnow().year
    added = [suggested[slug] for slug in wanted]
    for found in added:
        skill = skills[found.slug]
        years = found.years if _possible_years(skill, found.years, this_year) else None
        profile.skills.append(CandidateSkill(skill_id=skill.id, skill=skill, years=years))
    profile.updated_at = utcnow()
    await session.flush()
    return added


def read_upload(data: bytes) -> documents.ReadDocument:
    """Read an uploaded file, or raise the problem that says why it is refused."""
    try:
        return documents.read_document(data)
    except documents.DocumentRefused as refused:
        if refused.unsupported:
            raise UnsupportedResumeType(
                f"Refused: {refused.reason}. Upload a PDF, a DOCX, Markdown or plain text "
                "(UTF-8); the type is read from the file's contents, not its name."
            ) from refused
        raise ResumeUnreadable(f"Refused: {refused.reason}.") from refused


async def upload_resume(
    session: AsyncSession, *, storage: FileStorage, user_id: int, data: bytes
) -> Resume:
    """Check and read the file, store it, and make it the current résumé.

    The bytes are written before the row: a transaction that fails later leaves a file no
    row names (swept daily), never a row without its file.
    """
    document = await asyncio.to_thread(read_upload, data)
    key = f"resumes/{user_id}/{secrets.token_hex(16)}"
    await storage.put(key, data)
    await _retire_current(session, user_id=user_id)
    resume = Resume(
        user_id=user_id,
        storage_key=key,
        media_type=document.media_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=document.text,
        is_current=True,
        uploaded_at=utcnow(),
    )
    session.add(resume)
    await session.flush()
    return resume


async def _retire_current(session: AsyncSession, *, user_id: int) -> None:
    """The current résumé stops being current; résumés no application holds are deleted."""
    await session.execute(
        update(Resume).where(Resume.user_id == user_id, Resume.is_current).values(is_current=False)
    )
    held = exists().where(Application.resume_id == Resume.id)
    unused = list(
        (
            await session.execute(
                select(Resume.id, Resume.storage_key).where(Resume.user_id == user_id, ~held)
            )
        ).all()
    )
    if unused:
        await session.execute(delete(Resume).where(Resume.id.in_([row.id for row in unused])))
        await stored_files.delete_later(session, [row.storage_key for row in unused])


async def remove_resume(session: AsyncSession, *, user_id: int) -> None:
    """Stop offering a résumé; companies keep the one they were sent with an application."""
    await get_current_resume(session, user_id=user_id)
    await _retire_current(session, user_id=user_id)
    await session.flush()


# Saved jobs ---------------------------------------------------------------------------------


async def save_job(
    session: AsyncSession, *, principal: Principal, job_id: int
) -> tuple[SavedJob, Job, bool]:
    """Save a job the caller can see; saving it again changes nothing (created is False)."""
    user_id = require_seeker(principal)
    job = await job_service.get_readable(session, principal=principal, job_id=job_id)
    saved = await session.get(SavedJob, (user_id, job.id))
    if saved is not None:
        return saved, job, False
    saved = SavedJob(user_id=user_id, job_id=job.id, created_at=utcnow())
    try:
        async with session.begin_nested():
            session.add(saved)
            await session.flush()
    except IntegrityError:
        # A concurrent request of the same person saved it first: saved, as asked.
        earlier = await session.get(SavedJob, (user_id, job.id), populate_existing=True)
        if earlier is None:
            raise
        return earlier, job, False
    return saved, job, True


async def unsave_job(session: AsyncSession, *, user_id: int, job_id: int) -> None:
    saved = await session.get(SavedJob, (user_id, job_id))
    if saved is None:
        raise NotFound(f"Job {job_id} is not among your saved jobs.")
    await session.delete(saved)
    await session.flush()


def saved_jobs(user_id: int) -> Select[SavedJob]:
    return select(SavedJob).where(SavedJob.user_id == user_id)


async def saved_job_count(session: AsyncSession, *, user_id: int) -> int:
    count = await session.scalar(
        select(func.count()).select_from(SavedJob).where(SavedJob.user_id == user_id)
    )
    return int(count or 0)


async def jobs_by_id(session: AsyncSession, job_ids: list[int]) -> dict[int, Job]:
    if not job_ids:
        return {}
    jobs = await session.scalars(
        job_repository.with_details(select(Job).where(Job.id.in_(job_ids)))
    )
    return {job.id: job for job in jobs}


# Recommendations ----------------------------------------------------------------------------


async def recommendations(
    session: AsyncSession, *, user_id: int, now: datetime, limit: int
) -> list[tuple[Job, recommendation_service.Recommendation]]:
    """Open jobs for the stored profile, with the seeker's weights; applied-to jobs left out."""
    profile = matching_profile(await get_profile(session, user_id=user_id), now)
    applied = await session.scalars(
        select(Application.job_id).where(Application.candidate_id == user_id)
    )
    found = await recommendation_service.recommend(
        session, profile=profile, now=now, limit=limit, exclude=set(applied)
    )
    jobs = await jobs_by_id(session, [entry.job_id for entry in found])
    return [(jobs[entry.job_id], entry) for entry in found if entry.job_id in jobs]


# Personal data ------------------------------------------------------------------------------


async def export_part(session: AsyncSession, *, user_id: int) -> dict[str, Any]:
    """The profile, résumé metadata and saved jobs, for the personal-data export."""
    profile = await get_profile(session, user_id=user_id)
    resumes = await session.scalars(
        select(Resume).where(Resume.user_id == user_id).order_by(Resume.id)
    )
    saved = await session.execute(
        select(SavedJob.job_id, SavedJob.created_at, Job.title)
        .join(Job, Job.id == SavedJob.job_id)
        .where(SavedJob.user_id == user_id)
        .order_by(SavedJob.created_at)
    )
    return {
        "profile": None
        if profile is None
        else {
            "headline": profile.headline,
            "summary": profile.summary,
            "skills": [{"skill": item.skill.slug, "years": item.years} for item in profile.skills],
            "total_years": profile.total_years,
            "location": profile.city,
            "country_code": profile.country_code,
            "time_zone": profile.time_zone,
            "desired_pay": {
                "min": profile.pay_min,
                "max": profile.pay_max,
                "currency": profile.pay_currency,
                "period": profile.pay_period,
            }
            if profile.pay_currency
            else None,
            "workplaces": profile.workplaces,
            "links": {"github": profile.github_url, "portfolio": profile.portfolio_url},
            "visibility": profile.visibility,
            "match_weights": profile.weights,
            "updated_at": profile.updated_at.isoformat(),
        },
        "resumes": [
            {
                "id": resume.id,
                "media_type": resume.media_type,
                "size_bytes": resume.size_bytes,
                "sha256": resume.sha256,
                "current": resume.is_current,
                "uploaded_at": resume.uploaded_at.isoformat(),
                "text": resume.text,
            }
            for resume in resumes
        ],
        "saved_jobs": [
            {"job_id": job_id, "title": title, "saved_at": at.isoformat()}
            for job_id, at, title in saved
        ],
    }


async def erase_part(session: AsyncSession, *, user_id: int) -> None:
    """Delete the résumés (their files after commit); profile and saved jobs go with the
    account row."""
    keys = list(await session.scalars(select(Resume.storage_key).where(Resume.user_id == user_id)))
    await session.execute(delete(Resume).where(Resume.user_id == user_id))
    await stored_files.delete_later(session, keys)
