"""Job rules: what a job may contain, its states, and moving between them.

    draft --publish--> published --close--> closed
                         |  ^
                  expires|  |publish (renews)
                         v  |
                        expired --close--> closed

A published job whose ``expires_at`` has passed is expired even before a task stores that
status; ``effective_status`` is the one reading of it.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.analysis.engine import analyze
from jobboard.analysis.fields import LocationIn, SalaryIn
from jobboard.analysis.snapshot import get_snapshot
from jobboard.audit import service as audit
from jobboard.auth.principal import Principal, require_scope
from jobboard.companies import service as company_service
from jobboard.companies.repository import EDITOR_ROLES, active_members
from jobboard.companies.repository import get_by_slug as company_by_slug
from jobboard.config import get_settings
from jobboard.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from jobboard.jobs import events, repository
from jobboard.jobs.schemas import JobClose, JobCreate, JobFields, JobSkillIn, JobUpdate
from jobboard.kit import money
from jobboard.kit.clock import as_utc, utcnow
from jobboard.mail import send_later
from jobboard.models import Company, Job, JobExpiryNotice, JobLocation, JobSkill
from jobboard.places.gazetteer import City, Country, Division, Place, get_gazetteer
from jobboard.taxonomy import service as taxonomy_service
from jobboard.taxonomy.categorize import categorize


class RequisitionTaken(Conflict):
    slug = "requisition-id-taken"
    title = "Another job of this company uses this requisition id"


# The e-mail that tells a job's company it expires soon (composed in jobboard.jobs.emails).
EXPIRY_NOTICE_MESSAGE = "jobs.expiry_notice"


@dataclass(frozen=True, slots=True)
class FieldProblem:
    field: str
    message: str


def effective_status(job: Job, now: datetime) -> str:
    return status_at(job.status, job.expires_at, now)


def status_at(status: str, expires_at: datetime | None, now: datetime) -> str:
    """A job's status with its expiry applied."""
    if status == "published" and expires_at is not None and as_utc(expires_at) <= now:
        return "expired"
    return status


async def get_readable(session: AsyncSession, *, principal: Principal, job_id: int) -> Job:
    job = await session.scalar(
        repository.with_details(repository.readable_jobs(principal).where(Job.id == job_id))
    )
    if job is None:
        raise NotFound(f"There is no job {job_id}, or it is not visible to you.")
    return job


async def get_manageable(session: AsyncSession, *, principal: Principal, job_id: int) -> Job:
    """Return a job the caller may change: 404 if they cannot see it, 403 if they only can."""
    job = await get_readable(session, principal=principal, job_id=job_id)
    await authorize_company(session, principal=principal, company=job.company)
    return job


def _fail(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationFailed(
            "Check these fields: " + ", ".join(problem.field for problem in problems) + ".",
            errors=[{"field": problem.field, "message": problem.message} for problem in problems],
        )


def salary_columns(salary: SalaryIn | None) -> dict[str, Any]:
    if salary is None:
        return dict.fromkeys(
            (
                "salary_min",
                "salary_max",
                "salary_currency",
                "salary_period",
                "salary_annual_min",
                "salary_annual_max",
                "salary_annual_min_usd",
                "salary_annual_max_usd",
            )
        )
    annual_min = money.annualize(salary.min, salary.period) if salary.min is not None else None
    annual_max = money.annualize(salary.max, salary.period) if salary.max is not None else None

    def usd(amount: int | None) -> int | None:
        if amount is None:
            return None
        return money.convert(amount, from_currency=salary.currency, to_currency="USD")

    return {
        "salary_min": salary.min,
        "salary_max": salary.max,
        "salary_currency": salary.currency,
        "salary_period": salary.period,
        "salary_annual_min": annual_min,
        "salary_annual_max": annual_max,
        "salary_annual_min_usd": usd(annual_min if annual_min is not None else annual_max),
        "salary_annual_max_usd": usd(annual_max if annual_max is not None else annual_min),
    }


def location_for(place: Place, position: int) -> JobLocation:
    """The stored form of a place from the gazetteer."""
    if isinstance(place, City):
        return JobLocation(
            position=position,
            kind="city",
            geoname_id=place.geoname_id,
            city=place.name,
            region=place.region,
            country_code=place.country_code,
            latitude=place.latitude,
            longitude=place.longitude,
        )
    if isinstance(place, Division):
        return JobLocation(
            position=position, kind="division", region=place.name, country_code=place.country_code
        )
    if isinstance(place, Country):
        return JobLocation(
            position=position,
            kind="country",
            geoname_id=place.geoname_id or None,
            country_code=place.code,
        )
    return JobLocation(position=position, kind="area", area=place.code)


def _resolve_locations(
    locations: list[LocationIn], problems: list[FieldProblem]
) -> list[JobLocation]:
    gazetteer = get_gazetteer()
    resolved: list[JobLocation] = []
    for index, location in enumerate(locations):
        place: Place | None
        if location.geoname_id is not None:
            place = gazetteer.get(location.geoname_id) or gazetteer.country_by_id(
                location.geoname_id
            )
        else:
            place = gazetteer.resolve_place(location.name or "")
        if place is None:
            problems.append(
                FieldProblem(
                    f"body.locations[{index}]",
                    "no known place matches; try a city ('Berlin', 'Austin, TX'), a country "
                    "('Netherlands'), a region ('EMEA') or a geoname_id",
                )
            )
            continue
        resolved.append(location_for(place, len(resolved)))
    return resolved


async def _resolve_skills(
    session: AsyncSession, skills: list[JobSkillIn], problems: list[FieldProblem]
) -> list[JobSkill]:
    found = await taxonomy_service.skills_by_alias(session, [item.skill for item in skills])
    resolved: dict[int, JobSkill] = {}
    this_year = utcnow().year
    for index, item in enumerate(skills):
        skill = found.get(item.skill)
        if skill is None:
            problems.append(
                FieldProblem(
                    f"body.skills[{index}].skill",
                    f"unknown skill {item.skill!r}; GET /api/v1/skills?prefix= finds names",
                )
            )
            continue
        if skill.id in resolved:
            problems.append(
                FieldProblem(f"body.skills[{index}].skill", f"{skill.name} is listed twice")
            )
            continue
        if (
            item.min_years is not None
            and skill.first_release_year is not None
            and item.min_years > this_year - skill.first_release_year
        ):
            problems.append(
                FieldProblem(
                    f"body.skills[{index}].min_years",
                    f"{skill.name} was first released in {skill.first_release_year}; nobody "
                    f"has {item.min_years} years of it",
                )
            )
            continue
        resolved[skill.id] = JobSkill(
            skill_id=skill.id, skill=skill, required=item.required, min_years=item.min_years
        )
    return list(resolved.values())


def _check_expiry(expires_at: datetime | None, problems: list[FieldProblem]) -> None:
    if expires_at is None:
        return
    now = utcnow()
    if expires_at <= now:
        problems.append(FieldProblem("body.expires_at", "must be in the future"))
    elif expires_at > now + timedelta(days=get_settings().max_job_ttl_days):
        problems.append(
            FieldProblem(
                "body.expires_at",
                f"must be within {get_settings().max_job_ttl_days} days from now",
            )
        )


async def _apply_fields(
    session: AsyncSession, job: Job, data: JobFields | JobUpdate, fields: set[str]
) -> None:
    """Copy the given fields onto the job, resolving names; raise one 422 for all problems."""
    problems: list[FieldProblem] = []
    values = {name: getattr(data, name) for name in fields}
    if "category" in values:
        slug = values.pop("category")
        category = None
        if slug is not None:
            category = await taxonomy_service.category_by_slug(session, slug)
            if category is None:
                problems.append(
                    FieldProblem("body.category", f"unknown category {slug!r}; see /categories")
                )
        job.category = category
        job.category_confidence = None
    if "locations" in values:
        job.locations = _resolve_locations(values.pop("locations") or [], problems)
    if "skills" in values:
        job.skills = await _resolve_skills(session, values.pop("skills") or [], problems)
    if "salary" in values:
        for column, value in salary_columns(values.pop("salary")).items():
            setattr(job, column, value)
    if "expires_at" in values:
        _check_expiry(values["expires_at"], problems)
    if "remote_regions" in values:
        values["remote_regions"] = sorted(
            {
                region.lower() if len(region) > 2 else region.upper()
                for region in values["remote_regions"] or []
            }
        )
    if "apply_url" in values and values["apply_url"] is not None:
        values["apply_url"] = str(values["apply_url"])
    _fail(problems)
    for name, value in values.items():
        setattr(job, name, value)


# Fields analysis may fill from the description when the employer leaves them empty.
DERIVABLE_FIELDS = (
    "skills",
    "seniority",
    "min_years_experience",
    "workplace",
    "remote_regions",
    "salary",
    "employment_type",
)
# What a derived category is read from: a change to any of them reads it again.
_CATEGORY_INPUTS = frozenset({"title", "description", "skills", "seniority"})
# What a derivable field goes back to when the text no longer supports its derived value.
_UNDERIVED: dict[str, Any] = {
    "skills": [],
    "seniority": None,
    "min_years_experience": None,
    "workplace": "onsite",
    "remote_regions": [],
    "salary": None,
    "employment_type": "full_time",
}


def derive_fields(
    title: str, description: str, wanted: set[str], *, stated_workplace: str | None = None
) -> dict[str, Any]:
    """Read the wanted fields from the description; leave out those it does not state.

    The one place where analysis fills a job: creating, importing and editing all come here.
    Remote regions are only read for a remote job (``stated_workplace`` when the workplace is
    not derived).
    """
    this_year = utcnow().year
    analysis = analyze(title, description, this_year=this_year)
    values: dict[str, Any] = {}
    if "skills" in wanted and analysis.skills:
        values["skills"] = [
            JobSkillIn(
                skill=skill.slug,
                required=skill.required,
                min_years=_possible_years(skill.slug, skill.min_years, this_year),
            )
            for skill in analysis.skills[:50]
        ]
    if "seniority" in wanted and analysis.seniority is not None:
        values["seniority"] = analysis.seniority.seniority
    if "min_years_experience" in wanted and analysis.min_years_experience is not None:
        values["min_years_experience"] = min(analysis.min_years_experience, 50)
    workplace = analysis.workplace
    if "workplace" in wanted and workplace is not None:
        values["workplace"] = workplace.workplace
    remote = values.get("workplace", stated_workplace) == "remote"
    if "remote_regions" in wanted and remote and workplace is not None and workplace.remote_regions:
        values["remote_regions"] = list(workplace.remote_regions[:30])
    if "salary" in wanted and analysis.salary is not None:
        salary = analysis.salary
        # Amounts a job cannot hold (beyond the field's bounds) are not derived.
        with suppress(PydanticValidationError):
            values["salary"] = SalaryIn(
                min=salary.min, max=salary.max, currency=salary.currency, period=salary.period
            )
    if "employment_type" in wanted and analysis.employment_type is not None:
        values["employment_type"] = analysis.employment_type.employment_type
    return values


async def derive_category(session: AsyncSession, job: Job) -> None:
    """Give the job the category its title, skills and seniority point to, with the
    classifier's confidence (0 and no category when none fits). Only for a job whose
    employer chose none: the caller decides that."""
    slug, confidence = categorize(
        job.title, [item.skill.slug for item in job.skills], job.seniority
    )
    category = await taxonomy_service.category_by_slug(session, slug) if slug else None
    job.category = category
    job.category_confidence = confidence if category is not None else 0.0


def _possible_years(slug: str, years: int | None, this_year: int) -> int | None:
    """Years of a skill as a job may hold them: more than the skill's age is lint, not data."""
    if years is None or years > 50:
        return None
    released = get_snapshot().skills[slug].first_release_year
    return None if released is not None and years > this_year - released else years


def _empty_in_request(data: JobCreate) -> set[str]:
    """Derivable fields the request leaves out, null or empty (defaults are not statements)."""
    return {
        name
        for name in DERIVABLE_FIELDS
        if name not in data.model_fields_set or getattr(data, name) in (None, [])
    }


def _empty_on_job(job: Job) -> set[str]:
    empty = {name for name in ("seniority", "min_years_experience") if getattr(job, name) is None}
    if not job.skills:
        empty.add("skills")
    if job.salary_currency is None:
        empty.add("salary")
    if job.workplace == "remote" and not job.remote_regions:
        empty.add("remote_regions")
    return empty


async def _check_requisition(session: AsyncSession, job: Job) -> None:
    if job.requisition_id is None:
        return
    statement = select(Job).where(
        Job.company_id == job.company_id, Job.requisition_id == job.requisition_id
    )
    if job.id is not None:
        statement = statement.where(Job.id != job.id)
    clash = await session.scalar(statement.limit(1))
    if clash is not None:
        raise RequisitionTaken(
            f"Job {clash.id} already uses requisition id {job.requisition_id!r}.",
            job_id=clash.id,
            errors=[{"field": "body.requisition_id", "message": "already used by this company"}],
        )


def _check_publishable(job: Job) -> None:
    if job.workplace != "remote" and not job.locations:
        raise ValidationFailed(
            "An onsite or hybrid job needs at least one location before it is published.",
            errors=[{"field": "body.locations", "message": "required to publish"}],
        )


async def authorize_company(
    session: AsyncSession, *, principal: Principal, company: Company
) -> None:
    """Raise unless the caller may post and manage jobs for the company (a company the
    moderators disabled posts nothing; admins still may)."""
    require_scope(principal, "jobs:write")
    await company_service.require_role(
        session, company=company, principal=principal, roles=EDITOR_ROLES
    )
    if company.disabled_at is not None and not principal.is_admin:
        raise Forbidden(
            "The moderators disabled this company: it cannot post or change jobs. "
            "Write to the platform's admins."
        )


async def create_job(
    session: AsyncSession, *, principal: Principal, data: JobCreate, source: str | None = None
) -> Job:
    company = await company_by_slug(session, data.company)
    if company is None:
        raise ValidationFailed(
            f"There is no company {data.company!r}.",
            errors=[{"field": "body.company", "message": "unknown company"}],
        )
    await authorize_company(session, principal=principal, company=company)
    job = await create_company_job(
        session, company=company, data=data, created_by_id=principal.user_id, source=source
    )
    await audit.record(
        session,
        actor=principal,
        action="job.created",
        target_type="job",
        target_id=job.id,
        company_id=company.id,
        details={"status": job.status, "title": job.title},
    )
    return job


def audited_fields(job: Job) -> dict[str, Any]:
    """A job's fields as the audit log compares them before and after a change: plain
    values, the description by its length, skills and places by their slugs and ids."""
    return {
        "title": job.title,
        "description": f"{len(job.description)} characters",
        "category_id": job.category_id,
        "seniority": job.seniority,
        "min_years_experience": job.min_years_experience,
        "employment_type": job.employment_type,
        "workplace": job.workplace,
        "remote_regions": list(job.remote_regions),
        "locations": sorted(place.geoname_id or 0 for place in job.locations),
        "salary": [job.salary_min, job.salary_max, job.salary_currency, job.salary_period],
        "skills": sorted(
            f"{item.skill_id}:{'required' if item.required else 'nice'}:{item.min_years}"
            for item in job.skills
        ),
        "apply_url": job.apply_url,
        "requisition_id": job.requisition_id,
        "expires_at": job.expires_at.isoformat() if job.expires_at else None,
    }


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: [value, after[name]] for name, value in before.items() if after.get(name) != value
    }


async def create_company_job(
    session: AsyncSession,
    *,
    company: Company,
    data: JobCreate,
    created_by_id: int | None,
    source: str | None = None,
    source_id: str | None = None,
    source_hash: str | None = None,
    description_format: str = "text",
) -> Job:
    """Create a job for a company the caller was already authorized for (or an import)."""
    now = utcnow()
    derived: dict[str, Any] = {}
    if data.derive:
        derived = await asyncio.to_thread(
            partial(derive_fields, stated_workplace=data.workplace),
            data.title,
            data.description,
            _empty_in_request(data),
        )
        data = data.model_copy(update=derived)
    job = Job(
        company_id=company.id,
        status="draft",
        created_by_id=created_by_id,
        remote_regions=[],
        derived_fields=sorted(derived),
        locations=[],
        skills=[],
        source=source,
        source_id=source_id,
        source_hash=source_hash,
        last_verified_at=now if source is not None else None,
        description_format=description_format,
    )
    with session.no_autoflush:
        await _apply_fields(session, job, data, set(JobFields.model_fields))
        await _check_requisition(session, job)
        if data.category is None:
            await derive_category(session, job)
    if data.status == "published":
        _check_publishable(job)
        _mark_published(job, now)
    session.add(job)
    job.company = company
    await session.flush()
    if data.status == "published":
        await events.job_changed(session, job=job, event="job.published")
    return job


def _mark_published(job: Job, now: datetime) -> None:
    ttl = timedelta(days=get_settings().job_ttl_days)
    if job.expires_at is None or as_utc(job.expires_at) <= now:
        job.expires_at = now + ttl
    job.status = "published"
    if job.published_at is None:
        job.published_at = now
    job.updated_at = now


async def update_job(
    session: AsyncSession,
    *,
    job: Job,
    data: JobUpdate,
    description_format: str = "text",
    actor: Principal | None = None,
) -> Job:
    """Change the fields ``data`` sets. A new description is ``description_format`` (text from
    the API, sanitized HTML from imports). With an ``actor``, the before and after of every
    changed field go to the audit log."""
    now = utcnow()
    if effective_status(job, now) == "closed":
        raise InvalidTransition("A closed job cannot be edited; post a new one instead.")
    before = audited_fields(job) if actor is not None else {}
    fields = set(data.model_fields_set)
    # A derived category carries its confidence; one the employer chose carries none.
    category_was_derived = job.category is None or job.category_confidence is not None
    await _apply_fields(session, job, data, fields)
    # What the employer states now is no longer derived; a new text re-derives the rest.
    derived = set(job.derived_fields) - fields
    if fields & {"title", "description"}:
        wanted = (derived | _empty_on_job(job)) - fields
        values = await asyncio.to_thread(
            partial(derive_fields, stated_workplace=job.workplace),
            job.title,
            job.description,
            wanted,
        )
        found = set(values)
        # A derived value the new text no longer supports goes back to its default.
        for name in derived - found:
            values[name] = _UNDERIVED[name]
        await _apply_fields(session, job, data.model_copy(update=values), set(values))
        derived = found
    # A category the employer did not choose (or cleared) follows title, skills and seniority.
    if "category" in fields:
        rederive = job.category is None
    else:
        rederive = category_was_derived and bool(fields & _CATEGORY_INPUTS)
    if rederive:
        await derive_category(session, job)
    if set(job.derived_fields) != derived:
        job.derived_fields = sorted(derived)
    if "description" in fields:
        job.description_format = description_format
    if "requisition_id" in fields:
        await _check_requisition(session, job)
    if job.status == "published":
        _check_publishable(job)
    job.updated_at = now
    await session.flush()
    if actor is not None:
        changed = changed_fields(before, audited_fields(job))
        if changed:
            await audit.record(
                session,
                actor=actor,
                action="job.updated",
                target_type="job",
                target_id=job.id,
                company_id=job.company_id,
                details={"changed": changed},
            )
    if effective_status(job, now) == "published":
        await events.job_changed(session, job=job, event="job.updated")
    return job


async def publish_job(session: AsyncSession, *, job: Job, actor: Principal | None = None) -> Job:
    now = utcnow()
    status = effective_status(job, now)
    if status not in ("draft", "expired"):
        raise InvalidTransition(
            f"Only drafts and expired jobs can be published; this one is {status}."
        )
    _check_publishable(job)
    _mark_published(job, now)
    await session.flush()
    if actor is not None:
        await audit.record(
            session,
            actor=actor,
            action="job.renewed" if status == "expired" else "job.published",
            target_type="job",
            target_id=job.id,
            company_id=job.company_id,
            details={"status": [status, "published"], "expires_at": str(job.expires_at)},
        )
    await events.job_changed(session, job=job, event="job.published")
    return job


async def close_job(
    session: AsyncSession, *, job: Job, data: JobClose, actor: Principal | None = None
) -> Job:
    """Close a job. Only platform admins close with reason ``moderated``; that is audited."""
    now = utcnow()
    if data.reason == "moderated" and (actor is None or not actor.is_admin):
        raise Forbidden("Only platform admins close jobs as `moderated`; pick another reason.")
    status = effective_status(job, now)
    if status not in ("published", "expired"):
        raise InvalidTransition(
            f"Only published or expired jobs can be closed; this one is {status}."
        )
    job.status = "closed"
    job.closing_reason = data.reason
    job.closing_note = data.note
    job.closed_at = now
    job.updated_at = now
    await session.flush()
    if actor is not None:
        if data.reason == "moderated":
            action = "job.moderated"
        elif actor.is_admin:
            action = "job.closed_by_admin"
        else:
            action = "job.closed"
        await audit.record(
            session,
            actor=actor,
            action=action,
            target_type="job",
            target_id=job.id,
            company_id=job.company_id,
            details={"reason": data.reason, "status": [status, "closed"]},
        )
    await events.job_changed(session, job=job, event="job.closed")
    return job


async def delete_job(session: AsyncSession, *, job: Job) -> None:
    if job.status != "draft":
        raise InvalidTransition(
            "Only drafts can be deleted; close a published job instead "
            "(POST /api/v1/jobs/{id}/close)."
        )
    await session.delete(job)
    await session.flush()


async def expire_due_jobs(session: AsyncSession, *, now: datetime, limit: int = 500) -> int:
    """Store ``expired`` on published jobs past their expiry (reads already treat them so)."""
    jobs = list(
        await session.scalars(
            select(Job)
            .where(Job.status == "published", Job.expires_at <= now)
            .order_by(Job.expires_at, Job.id)
            .limit(limit)
        )
    )
    for job in jobs:
        job.status = "expired"
        job.updated_at = now
    await session.flush()
    for job in jobs:
        await events.job_changed(session, job=job, event="job.expired")
    return len(jobs)


async def record_expiry_notices(
    session: AsyncSession, *, now: datetime, within: timedelta
) -> list[JobExpiryNotice]:
    """Record, once per job and expiry date, that its employer is due a notice."""
    already = select(JobExpiryNotice.id).where(
        JobExpiryNotice.job_id == Job.id, JobExpiryNotice.expires_at == Job.expires_at
    )
    due = await session.execute(
        select(Job.id, Job.expires_at).where(
            Job.status == "published",
            Job.expires_at > now,
            Job.expires_at <= now + within,
            ~already.exists(),
        )
    )
    notices = [
        JobExpiryNotice(job_id=job_id, expires_at=expires_at, created_at=now)
        for job_id, expires_at in due.all()
    ]
    session.add_all(notices)
    await session.flush()
    return notices


async def send_expiry_notices(session: AsyncSession, *, now: datetime, within: timedelta) -> int:
    """Queue the e-mail of every unsent notice whose job is still published and still expires
    at that time, one to each owner and recruiter (they may extend it), and mark the notice
    sent; how many e-mails were queued.

    The notices are claimed by one UPDATE that sets ``sent_at``, so a second run, even a
    concurrent one, finds nothing left to send.
    """
    # From the jobs expiring soon (an index) to their notices (the unique index).
    expiring = select(Job.id, Job.expires_at).where(
        Job.status == "published", Job.expires_at > now, Job.expires_at <= now + within
    )
    claimed = await session.execute(
        update(JobExpiryNotice)
        .where(
            JobExpiryNotice.sent_at.is_(None),
            tuple_(JobExpiryNotice.job_id, JobExpiryNotice.expires_at).in_(expiring),
        )
        .values(sent_at=now)
        .returning(JobExpiryNotice.id, JobExpiryNotice.job_id)
    )
    notices = claimed.all()
    if not notices:
        return 0
    companies = dict(
        (
            await session.execute(
                select(Job.id, Job.company_id).where(Job.id.in_([job_id for _, job_id in notices]))
            )
        ).all()
    )
    queued = 0
    for notice_id, job_id in sorted(notices):
        for user in await session.scalars(active_members(companies[job_id], EDITOR_ROLES)):
            await send_later(session, EXPIRY_NOTICE_MESSAGE, notice_id=notice_id, user_id=user.id)
            queued += 1
    return queued


def should_keep_open(expires_at: datetime | None, now: datetime) -> bool:
    """Whether a job its source still lists is due to have its expiry pushed out (less than
    half of ``job_ttl_days`` left)."""
    ttl = timedelta(days=get_settings().job_ttl_days)
    return expires_at is None or as_utc(expires_at) < now + ttl / 2


async def record_verified(
    session: AsyncSession, *, job: Job, now: datetime, keep_open: bool = True
) -> None:
    """An import saw the job at its source: note it and (``keep_open``) push its expiry
    out while the source keeps listing it."""
    job.last_verified_at = now
    if keep_open and job.status == "published" and should_keep_open(job.expires_at, now):
        job.expires_at = now + timedelta(days=get_settings().job_ttl_days)
    await session.flush()


async def record_verified_unchanged(
    session: AsyncSession, *, job_ids: list[int], now: datetime
) -> None:
    """Note in one statement that the source still lists these jobs, unchanged (their
    representation does not change, so neither does their version)."""
    if job_ids:
        await session.execute(update(Job).where(Job.id.in_(job_ids)).values(last_verified_at=now))
