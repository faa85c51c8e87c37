"""Hiring rules: a company's pipeline, screening questions, applying, moving applications
through the stages, notes, withdrawing, and the employer's applicant list.

    applied --> (open stages in the company's order) --> hired
       \\                 \\--> rejected (from any open stage)
        \\--> withdrawn (the candidate, from any open stage)

Terminal stages (hired, rejected, withdrawn) are final. ``hired`` is reached only from the
last open stage (by default ``offer``); nobody moves an application back to ``applied``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from jobboard.analysis.matching import Match, score_match
from jobboard.applications import events
from jobboard.applications.repository import own_applications, readable_applications
from jobboard.applications.schemas import (
    ApplicationCreate,
    EventBy,
    PipelineUpdate,
    QuestionsUpdate,
)
from jobboard.audit import service as audit
from jobboard.auth.principal import Principal, require_scope
from jobboard.companies import repository as company_repository
from jobboard.companies import service as company_service
from jobboard.companies.repository import ALL_MEMBER_ROLES, EDITOR_ROLES
from jobboard.errors import (
    Conflict,
    Forbidden,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from jobboard.jobs import service as job_service
from jobboard.kit.clock import as_utc, utcnow
from jobboard.models import (
    Application,
    ApplicationEvent,
    ApplicationNote,
    CandidateProfile,
    CandidateSkill,
    Company,
    Job,
    PipelineStage,
    Resume,
    ScreeningQuestion,
    User,
)
from jobboard.models.hiring import TERMINAL_STAGES
from jobboard.notifications import service as notifications
from jobboard.pagination import PageParams, keyset_page, ranked_page
from jobboard.recommendations.service import job_profile
from jobboard.seekers import service as seeker_service
from jobboard.taxonomy import service as taxonomy_service

DEFAULT_PIPELINE = (
    ("applied", "Applied"),
    ("screening", "Screening"),
    ("interview", "Interview"),
    ("offer", "Offer"),
    ("hired", "Hired"),
    ("rejected", "Rejected"),
    ("withdrawn", "Withdrawn"),
)
FIRST_STAGE = "applied"
SYSTEM_ACTOR = "system"
CANDIDATE_ACTOR = "candidate"


class AlreadyApplied(Conflict):
    slug = "already-applied"
    title = "You have already applied to this job"


class JobNotOpen(Conflict):
    slug = "job-not-open"
    title = "The job does not take applications"


class ExternalApplication(Conflict):
    slug = "external-application"
    title = "This job takes applications on the employer's own site"


class StageInUse(Conflict):
    slug = "stage-in-use"
    title = "Open applications are in a stage you removed"


@dataclass(frozen=True, slots=True)
class Stage:
    key: str
    name: str

    @property
    def terminal(self) -> bool:
        return self.key in TERMINAL_STAGES


# Pipeline -----------------------------------------------------------------------------------


async def pipeline(session: AsyncSession, *, company_id: int) -> list[Stage]:
    """The company's stages in order; the default pipeline until its owners change it."""
    rows = await session.scalars(
        select(PipelineStage)
        .where(PipelineStage.company_id == company_id)
        .order_by(PipelineStage.position)
    )
    stages = [Stage(key=row.key, name=row.name) for row in rows]
    return stages or [Stage(key=key, name=name) for key, name in DEFAULT_PIPELINE]


def stage_named(stages: Sequence[Stage], key: str) -> Stage:
    """A stage by key; a key no longer in the pipeline (history) keeps its key as its name."""
    return next((stage for stage in stages if stage.key == key), Stage(key=key, name=key))


async def require_reader(session: AsyncSession, *, principal: Principal, company: Company) -> None:
    """Company members (any role) and the company's API client, with `applications:read`."""
    require_scope(principal, "applications:read")
    await company_service.require_role(
        session, company=company, principal=principal, roles=ALL_MEMBER_ROLES
    )


async def set_pipeline(
    session: AsyncSession, *, principal: Principal, company: Company, data: PipelineUpdate
) -> list[Stage]:
    """Replace the company's stages (owners only); audited."""
    require_scope(principal, "companies:write")
    await company_service.require_role(
        session, company=company, principal=principal, roles=("owner",)
    )
    keys = [stage.key for stage in data.stages]
    problems = []
    if keys[0] != FIRST_STAGE:
        problems.append({"field": "body.stages[0].key", "message": "the first stage is `applied`"})
    if tuple(keys[-3:]) != TERMINAL_STAGES:
        problems.append(
            {"field": "body.stages", "message": "end with `hired`, `rejected`, `withdrawn`"}
        )
    misplaced = [key for key in keys[1:-3] if key in (FIRST_STAGE, *TERMINAL_STAGES)]
    if misplaced:
        problems.append(
            {"field": "body.stages", "message": f"{misplaced[0]!r} is not an open stage"}
        )
    if problems:
        raise ValidationFailed(
            "Check the stages: `applied` first, then your open stages, then `hired`, "
            "`rejected`, `withdrawn`.",
            errors=problems,
        )
    removed = {stage.key for stage in await pipeline(session, company_id=company.id)} - set(keys)
    if removed:
        in_use = list(
            await session.scalars(
                select(Application.stage)
                .where(
                    Application.company_id == company.id,
                    Application.stage.in_(sorted(removed)),
                    Application.closed_at.is_(None),
                )
                .distinct()
            )
        )
        if in_use:
            raise StageInUse(
                "Move the open applications out of " + ", ".join(sorted(in_use)) + " first.",
                stages=sorted(in_use),
            )
    await session.execute(delete(PipelineStage).where(PipelineStage.company_id == company.id))
    session.add_all(
        PipelineStage(company_id=company.id, key=stage.key, name=stage.name, position=index)
        for index, stage in enumerate(data.stages)
    )
    await session.flush()
    await audit.record(
        session,
        actor=principal,
        action="company.pipeline_changed",
        target_type="company",
        target_id=company.id,
        company_id=company.id,
        details={"stages": keys, "removed": sorted(removed)},
    )
    return [Stage(key=stage.key, name=stage.name) for stage in data.stages]


# Screening questions ------------------------------------------------------------------------


async def questions(session: AsyncSession, *, job_id: int) -> list[ScreeningQuestion]:
    return list(
        await session.scalars(
            select(ScreeningQuestion)
            .where(ScreeningQuestion.job_id == job_id)
            .order_by(ScreeningQuestion.position)
        )
    )


async def set_questions(
    session: AsyncSession, *, job: Job, data: QuestionsUpdate
) -> list[ScreeningQuestion]:
    """Replace a job's questions; applications keep the questions they answered."""
    if job_service.effective_status(job, utcnow()) == "closed":
        raise InvalidTransition("A closed job takes no applications; its questions are final.")
    await session.execute(delete(ScreeningQuestion).where(ScreeningQuestion.job_id == job.id))
    rows = [
        ScreeningQuestion(
            job_id=job.id,
            position=index,
            key=question.id,
            kind=question.kind,
            prompt=question.prompt,
            required=question.required,
            options=list(question.options),
        )
        for index, question in enumerate(data.questions)
    ]
    session.add_all(rows)
    await session.flush()
    return rows


def _check_answer(question: ScreeningQuestion, value: Any) -> str | None:
    """What is wrong with an answer, or None."""
    if question.kind == "yes_no":
        return None if isinstance(value, bool) else "answer true or false"
    if question.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "answer with a number"
        return None if math.isfinite(value) and abs(value) <= 1e9 else "the number is too large"
    if question.kind == "single_choice":
        if value not in question.options:
            return "answer with one of: " + ", ".join(repr(option) for option in question.options)
        return None
    if not isinstance(value, str) or not value:
        return "answer with text"
    return None if len(value) <= 500 else "answer in at most 500 characters"


def checked_answers(
    asked: list[ScreeningQuestion], answers: dict[str, Any]
) -> list[dict[str, Any]]:
    """The answers with their questions, or one 422 naming every bad or missing answer."""
    by_key = {question.key: question for question in asked}
    problems = [
        {"field": f"body.answers.{key}", "message": "this job asks no such question"}
        for key in answers
        if key not in by_key
    ]
    kept = []
    for question in asked:
        field = f"body.answers.{question.key}"
        if question.key not in answers:
            if question.required:
                problems.append({"field": field, "message": "this question needs an answer"})
            continue
        trouble = _check_answer(question, answers[question.key])
        if trouble is not None:
            problems.append({"field": field, "message": trouble})
            continue
        kept.append(
            {
                "id": question.key,
                "prompt": question.prompt,
                "kind": question.kind,
                "value": answers[question.key],
            }
        )
    if problems:
        raise ValidationFailed(
            "Check these answers: " + ", ".join(item["field"] for item in problems) + ".",
            errors=problems,
        )
    return kept


# Applying -----------------------------------------------------------------------------------


def takes_applications_here(job: Job) -> bool:
    """Whether people apply to the job on Jobboard (else on the employer's site, its
    ``apply_url``)."""
    return not job.apply_url


async def apply(
    session: AsyncSession, *, principal: Principal, job_id: int, data: ApplicationCreate
) -> Application:
    """Apply to an open job: once per person and job, answering its questions."""
    user_id = seeker_service.require_seeker(principal)
    job = await job_service.get_readable(session, principal=principal, job_id=job_id)
    now = utcnow()
    status = job_service.effective_status(job, now)
    if status != "published":
        raise JobNotOpen(f"Job {job.id} is {status}; only open jobs take applications.")
    if not takes_applications_here(job):
        raise ExternalApplication(
            f"Apply on the employer's site: {job.apply_url}", apply_url=job.apply_url
        )
    if await company_repository.member_role(
        session, company_id=job.company_id, principal=principal
    ):
        raise Forbidden("Members of a company cannot apply to its jobs.")
    earlier = await session.scalar(
        select(Application.id).where(
            Application.job_id == job.id, Application.candidate_id == user_id
        )
    )
    if earlier is not None:
        raise AlreadyApplied(
            f"You applied to job {job.id} already (application {earlier}).", application_id=earlier
        )
    answers = checked_answers(await questions(session, job_id=job.id), data.answers)
    resume = (
        await seeker_service.current_resume(session, user_id=user_id)
        if data.include_resume
        else None
    )
    application = Application(
        job_id=job.id,
        company_id=job.company_id,
        candidate_id=user_id,
        stage=FIRST_STAGE,
        cover_letter=data.cover_letter,
        answers=answers,
        resume_id=resume.id if resume else None,
        applied_at=now,
        stage_entered_at=now,
        updated_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(application)
            await session.flush()
    except IntegrityError as error:
        # Another request of the same person won the race for this job.
        winner = await session.scalar(
            select(Application.id).where(
                Application.job_id == job.id, Application.candidate_id == user_id
            )
        )
        if winner is None:
            raise AlreadyApplied(f"You applied to job {job.id} already.") from error
        raise AlreadyApplied(
            f"You applied to job {job.id} already (application {winner}).",
            application_id=winner,
        ) from error
    session.add(
        ApplicationEvent(
            application_id=application.id,
            kind="applied",
            to_stage=FIRST_STAGE,
            actor=principal.owner_key,
            occurred_at=now,
        )
    )
    await session.flush()
    await events.application_changed(session, application=application, event="application.created")
    return application


# Reading ------------------------------------------------------------------------------------


async def get_readable(
    session: AsyncSession, *, principal: Principal, application_id: int
) -> Application:
    application = await session.scalar(
        readable_applications(principal).where(Application.id == application_id)
    )
    if application is None:
        raise NotFound(f"There is no application {application_id}, or it is not visible to you.")
    return application


async def get_own(
    session: AsyncSession, *, principal: Principal, application_id: int
) -> Application:
    """One of the caller's own applications; anyone else's is 404, also to the company's
    members who read it through the company's pipeline."""
    application = await session.scalar(
        own_applications(principal).where(Application.id == application_id)
    )
    if application is None:
        raise NotFound(f"You have no application {application_id}.")
    return application


def final_answer(
    application: Application, events: Sequence[ApplicationEvent]
) -> ApplicationEvent | None:
    """The step that gave the candidate their answer: the company's move to a terminal stage
    (hired, rejected) or the platform's closing. None while the application is open, and
    when the candidate withdrew it."""
    if application.is_open:
        return None
    closing = next(
        (event for event in reversed(events) if event.to_stage == application.stage), None
    )
    if closing is None or closing.kind not in ("moved", "closed"):
        return None
    return closing


def is_candidate(principal: Principal, application: Application) -> bool:
    return principal.user_id is not None and principal.user_id == application.candidate_id


async def company_of(session: AsyncSession, application: Application) -> Company:
    company = await session.get(Company, application.company_id)
    assert company is not None
    return company


async def authorize_action(
    session: AsyncSession, *, principal: Principal, application: Application
) -> Company:
    """Raise unless the caller may act for the company: owners, recruiters, its API client,
    with `applications:write`."""
    require_scope(principal, "applications:write")
    company = await company_of(session, application)
    await company_service.require_role(
        session, company=company, principal=principal, roles=EDITOR_ROLES
    )
    return company


async def history(session: AsyncSession, *, application_id: int) -> list[ApplicationEvent]:
    return list(
        await session.scalars(
            select(ApplicationEvent)
            .where(ApplicationEvent.application_id == application_id)
            .order_by(ApplicationEvent.id)
        )
    )


async def notes(session: AsyncSession, *, application_id: int) -> list[ApplicationNote]:
    return list(
        await session.scalars(
            select(ApplicationNote)
            .where(ApplicationNote.application_id == application_id)
            .order_by(ApplicationNote.id)
        )
    )


def event_by(actor: str, candidate_id: int | None) -> EventBy:
    if actor in (CANDIDATE_ACTOR, f"user:{candidate_id}"):
        return "candidate"
    return "platform" if actor == SYSTEM_ACTOR else "company"


async def visible_profile(session: AsyncSession, *, user_id: int | None) -> CandidateProfile | None:
    """A candidate's profile as a company they applied to may see it (not when private)."""
    if user_id is None:
        return None
    profile = await seeker_service.get_profile(session, user_id=user_id)
    return profile if profile is not None and profile.visibility != "private" else None


# Moving -------------------------------------------------------------------------------------


def check_move(stages: Sequence[Stage], current: str, target: str) -> None:
    keys = [stage.key for stage in stages]
    if target not in keys:
        raise ValidationFailed(
            f"There is no stage {target!r}; the stages are " + ", ".join(keys) + ".",
            errors=[{"field": "body.to", "message": "unknown stage"}],
        )
    if current in TERMINAL_STAGES:
        raise InvalidTransition(f"The application is {current}; that is final.")
    if target == current:
        raise InvalidTransition(f"The application is in {current} already.")
    if target == "withdrawn":
        raise InvalidTransition("Only the candidate withdraws an application.")
    if target == FIRST_STAGE:
        raise InvalidTransition("An application never goes back to `applied`.")
    last_open = keys[-4]
    if target == "hired" and current != last_open:
        raise InvalidTransition(f"Hire from `{last_open}`; move the application there first.")


async def _job_and_company(session: AsyncSession, application: Application) -> tuple[Job, Company]:
    job = await session.get(Job, application.job_id)
    company = await session.get(Company, application.company_id)
    assert job is not None
    assert company is not None
    return job, company


def _candidate_text(stage: Stage, job: Job, company: Company, message: str | None) -> str:
    if stage.key == "hired":
        text = f"Congratulations: {company.name} hired you as {job.title}."
    elif stage.key == "rejected":
        text = f"{company.name} decided not to go on with your application for {job.title}."
    else:
        text = f"Your application for {job.title} at {company.name} moved to {stage.name}."
    return text + (f"\n\nTheir message:\n\n{message}" if message else "")


async def _answered(application: Application, now: datetime) -> None:
    if application.first_response_at is None:
        application.first_response_at = now
        application.response_seconds = max(
            0, int((now - as_utc(application.applied_at)).total_seconds())
        )


async def transition(
    session: AsyncSession,
    *,
    principal: Principal,
    application: Application,
    to: str,
    message: str | None,
) -> Application:
    """Move an application to another stage, optionally with a message to the candidate."""
    company = await authorize_action(session, principal=principal, application=application)
    stages = await pipeline(session, company_id=company.id)
    check_move(stages, application.stage, to)
    now = utcnow()
    previous = application.stage
    application.stage = to
    application.stage_entered_at = now
    application.reminded_at = None
    application.updated_at = now
    if to in TERMINAL_STAGES:
        application.closed_at = now
    await _answered(application, now)
    session.add(
        ApplicationEvent(
            application_id=application.id,
            kind="moved",
            from_stage=previous,
            to_stage=to,
            message=message,
            actor=principal.owner_key,
            occurred_at=now,
        )
    )
    await session.flush()
    if principal.is_admin:
        await audit.record(
            session,
            actor=principal,
            action="application.moved_by_admin",
            target_type="application",
            target_id=application.id,
            company_id=company.id,
            details={"from": previous, "to": to},
        )
    job, company = await _job_and_company(session, application)
    stage = stage_named(stages, to)
    if application.candidate_id is not None:
        await notifications.notify(
            session,
            user_id=application.candidate_id,
            kind="application.stage_changed",
            title=f"{job.title} at {company.name}: {stage.name}",
            body=_candidate_text(stage, job, company, message),
            application_id=application.id,
            job_id=job.id,
        )
    await events.application_changed(
        session, application=application, event="application.stage_changed", previous_stage=previous
    )
    return application


async def withdraw(
    session: AsyncSession, *, principal: Principal, application: Application, reason: str | None
) -> Application:
    """The candidate withdraws an open application; the company sees the reason."""
    if not is_candidate(principal, application):
        raise Forbidden("Only the candidate withdraws an application.")
    if not application.is_open:
        raise InvalidTransition(f"The application is {application.stage}; that is final.")
    now = utcnow()
    previous = application.stage
    application.stage = "withdrawn"
    application.stage_entered_at = now
    application.updated_at = now
    application.closed_at = now
    session.add(
        ApplicationEvent(
            application_id=application.id,
            kind="withdrawn",
            from_stage=previous,
            to_stage="withdrawn",
            message=reason,
            actor=principal.owner_key,
            occurred_at=now,
        )
    )
    await session.flush()
    await events.application_changed(
        session, application=application, event="application.stage_changed", previous_stage=previous
    )
    return application


async def add_note(
    session: AsyncSession, *, principal: Principal, application: Application, body: str
) -> ApplicationNote:
    await authorize_action(session, principal=principal, application=application)
    note = ApplicationNote(
        application_id=application.id, author=principal.owner_key, body=body, created_at=utcnow()
    )
    session.add(note)
    await session.flush()
    return note


async def close_by_platform(
    session: AsyncSession,
    *,
    application: Application,
    reason: str,
    message: str,
    company_answered: bool,
    notify: bool = True,
    to: str = "rejected",
) -> None:
    """Close an open application for the platform (to `rejected` unless ``to`` says else): the
    job closed or expired, nobody answered in time. The candidate is told why."""
    now = utcnow()
    previous = application.stage
    application.stage = to
    application.stage_entered_at = now
    application.updated_at = now
    application.closed_at = now
    application.closed_reason = reason
    if company_answered:
        await _answered(application, now)
    session.add(
        ApplicationEvent(
            application_id=application.id,
            kind="closed",
            from_stage=previous,
            to_stage=to,
            message=message,
            actor=SYSTEM_ACTOR,
            occurred_at=now,
        )
    )
    await session.flush()
    if notify and application.candidate_id is not None:
        job, company = await _job_and_company(session, application)
        await notifications.notify(
            session,
            user_id=application.candidate_id,
            kind="application.closed",
            title=f"{job.title} at {company.name}: your application is closed",
            body=message,
            application_id=application.id,
            job_id=job.id,
        )
    await events.application_changed(
        session, application=application, event="application.stage_changed", previous_stage=previous
    )


# The employer's list ------------------------------------------------------------------------


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


# Personal data ------------------------------------------------------------------------------


async def export_part(session: AsyncSession, *, user_id: int) -> list[dict[str, Any]]:
    """The person's applications with what they saw of them (never the company's notes)."""
    applications = list(await session.scalars(my_applications(user_id).order_by(Application.id)))
    jobs, companies = await jobs_and_companies(session, applications)
    exported = []
    for application in applications:
        job = jobs[application.job_id]
        exported.append(
            {
                "id": application.id,
                "job_id": job.id,
                "job_title": job.title,
                "company": companies[application.company_id].slug,
                "stage": application.stage,
                "applied_at": application.applied_at.isoformat(),
                "closed_at": application.closed_at.isoformat() if application.closed_at else None,
                "cover_letter": application.cover_letter,
                "answers": application.answers,
                "history": [
                    {
                        "kind": event.kind,
                        "from_stage": event.from_stage,
                        "to_stage": event.to_stage,
                        "message": event.message,
                        "occurred_at": event.occurred_at.isoformat(),
                    }
                    for event in await history(session, application_id=application.id)
                ],
            }
        )
    return exported


async def erase_part(session: AsyncSession, *, user_id: int) -> None:
    """Keep the applications' history for the companies without the person: open ones are
    withdrawn, and cover letters, answers, messages and notes (free text that may name the
    person) are removed. The account row's deletion then nulls ``candidate_id``."""
    applications = list(await session.scalars(my_applications(user_id)))
    for application in applications:
        if application.is_open:
            await close_by_platform(
                session,
                application=application,
                reason="account_erased",
                message="The candidate erased their account.",
                company_answered=False,
                notify=False,
                to="withdrawn",
            )
    ids = [application.id for application in applications]
    if not ids:
        return
    await session.execute(
        update(Application)
        .where(Application.id.in_(ids))
        .values(cover_letter=None, answers=[], resume_id=None)
    )
    await session.execute(
        update(ApplicationEvent)
        .where(ApplicationEvent.application_id.in_(ids))
        .values(message=None)
    )
    await session.execute(
        update(ApplicationEvent)
        .where(
            ApplicationEvent.application_id.in_(ids),
            ApplicationEvent.actor == f"user:{user_id}",
        )
        .values(actor=CANDIDATE_ACTOR)
    )
    await session.execute(delete(ApplicationNote).where(ApplicationNote.application_id.in_(ids)))
    await session.flush()
