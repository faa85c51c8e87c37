"""Finding people for a job: the profiles their owners made `searchable`, ranked by how well
they fit the job, and inviting one of them to apply.

Only `searchable` profiles are found; people who already applied to the job are in its
applicant list instead. The list shows what the profile shows (never the e-mail address):
a company reaches a person it found by inviting them, which becomes a notification in the
app and by e-mail, once per job and person.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.analysis.matching import Match, score_match
from jobboard.applications.service import require_reader
from jobboard.auth.principal import Principal, require_scope
from jobboard.companies import service as company_service
from jobboard.companies.repository import EDITOR_ROLES
from jobboard.errors import Conflict, NotFound
from jobboard.jobs import service as job_service
from jobboard.kit.clock import utcnow
from jobboard.models import (
    Application,
    CandidateProfile,
    CandidateSkill,
    Job,
    Notification,
    User,
)
from jobboard.models.job import open_job_clause
from jobboard.notifications.service import notify
from jobboard.pagination import PageParams, ranked_page
from jobboard.recommendations.service import job_profile
from jobboard.seekers import service as seeker_service
from jobboard.taxonomy import service as taxonomy_service

INVITATION = "invitation"


class AlreadyInvited(Conflict):
    slug = "already-invited"
    title = "This person was already invited to this job"


@dataclass(frozen=True, slots=True)
class Found:
    user: User
    profile: CandidateProfile
    match: Match


async def candidates(
    session: AsyncSession,
    *,
    principal: Principal,
    job_id: int,
    page: PageParams,
    skills: list[str],
    min_score: float,
) -> tuple[list[Found], str | None]:
    """Searchable profiles that did not apply, with every skill asked for, best fit first."""
    job = await job_service.get_readable(session, principal=principal, job_id=job_id)
    await require_reader(session, principal=principal, company=job.company)
    statement = select(CandidateProfile.user_id).where(
        CandidateProfile.visibility == "searchable",
        ~exists().where(
            Application.job_id == job.id, Application.candidate_id == CandidateProfile.user_id
        ),
        ~exists().where(User.id == CandidateProfile.user_id, User.disabled_at.is_not(None)),
    )
    if skills:
        found = await taxonomy_service.skills_by_alias(session, skills)
        missing = [name for name in skills if name not in found]
        if missing:
            raise NotFound(f"No skill is called {missing[0]!r}; GET /api/v1/skills finds names.")
        for name in skills:
            statement = statement.where(
                exists().where(
                    CandidateSkill.user_id == CandidateProfile.user_id,
                    CandidateSkill.skill_id == found[name].id,
                )
            )
    now = utcnow()
    profiles = await seeker_service.visible_matching_profiles(session, user_ids=statement, now=now)
    wanted = job_profile(job)
    matches = {user_id: score_match(profile, wanted) for user_id, profile in profiles.items()}
    ranked = [
        (round(match.score * 10_000), user_id)
        for user_id, match in matches.items()
        if match.score >= min_score
    ]
    scope = f"candidates:{job.id}:{','.join(sorted(skills))}:{min_score}"
    chosen, next_cursor = ranked_page(ranked, params=page, scope=scope)
    ids = [user_id for _, user_id in chosen]
    users = {user.id: user for user in await session.scalars(select(User).where(User.id.in_(ids)))}
    loaded = {
        profile.user_id: profile
        for profile in await session.scalars(
            seeker_service.profiles_with_skills().where(CandidateProfile.user_id.in_(ids))
        )
    }
    return [
        Found(users[user_id], loaded[user_id], matches[user_id]) for user_id in ids
    ], next_cursor


async def invite(
    session: AsyncSession,
    *,
    principal: Principal,
    job_id: int,
    user_id: int,
    message: str | None,
) -> Notification:
    """Tell a person with a searchable profile about an open job (owners, recruiters, the
    company's client with `applications:write`); once per job and person."""
    require_scope(principal, "applications:write")
    job = await job_service.get_readable(session, principal=principal, job_id=job_id)
    await company_service.require_role(
        session, company=job.company, principal=principal, roles=EDITOR_ROLES
    )
    # The profile row is locked until commit, so two invitations racing for the same person
    # take turns: the second finds the first.
    profile = await session.scalar(
        select(CandidateProfile)
        .where(CandidateProfile.user_id == user_id, CandidateProfile.visibility == "searchable")
        .with_for_update()
    )
    user = await session.get(User, user_id) if profile is not None else None
    if profile is None or user is None or user.disabled_at is not None:
        raise NotFound(f"No searchable profile has the id {user_id}.")
    is_open = await session.scalar(select(open_job_clause(utcnow())).where(Job.id == job.id))
    if not is_open:
        raise Conflict("Only open jobs can be offered; publish the job first.")
    already = await session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(
            Notification.user_id == user_id,
            Notification.job_id == job.id,
            Notification.kind == INVITATION,
        )
    )
    if already:
        raise AlreadyInvited(f"{user.display_name} was already invited to this job.")
    note = f"\n\nTheir message: {message}" if message else ""
    return await notify(
        session,
        user_id=user_id,
        kind=INVITATION,
        title=f"{job.company.name} invites you to apply: {job.title}",
        body=(
            f"{job.company.name} found your profile and thinks you may fit “{job.title}”."
            f"{note}\n\nRead the job and apply from its page. To stop being found, make your "
            "profile private (its visibility)."
        ),
        job_id=job.id,
    )
