"""Job queries scoped to the caller: the one place that decides who sees and edits which job.

Anyone reads jobs that were ever published; a company's members also read its drafts, and so
does its API client when it holds ``jobs:read``; admins read all. Who may change a job is
decided by ``jobs.service.authorize_company``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import selectinload

from jobboard.auth.principal import Principal
from jobboard.companies.repository import ALL_MEMBER_ROLES, companies_where_member
from jobboard.models import Job, JobSkill
from jobboard.models.job import open_job_clause


def with_details(statement: Select[Job]) -> Select[Job]:
    """Load everything a JobRead shows, in a fixed number of queries."""
    return statement.options(
        selectinload(Job.company),
        selectinload(Job.category),
        selectinload(Job.locations),
        selectinload(Job.skills).selectinload(JobSkill.skill),
    )


def readable_jobs(principal: Principal) -> Select[Job]:
    statement = select(Job)
    if principal.is_admin:
        return statement
    if principal.is_anonymous:
        return statement.where(Job.status != "draft")
    if principal.is_client:
        if principal.company_id is None or not principal.has_scope("jobs:read"):
            return statement.where(Job.status != "draft")
        return statement.where(or_(Job.status != "draft", Job.company_id == principal.company_id))
    return statement.where(
        or_(
            Job.status != "draft",
            Job.company_id.in_(companies_where_member(principal, ALL_MEMBER_ROLES)),
        )
    )


def open_jobs(now: datetime) -> Select[Job]:
    """Jobs anyone can find in lists: published and not expired."""
    return select(Job).where(open_job_clause(now))


def jobs_in_status(status: str, now: datetime) -> Select[Job]:
    """Jobs whose effective status (expiry applied) is ``status``."""
    clause: ColumnElement[bool]
    if status == "published":
        clause = open_job_clause(now)
    elif status == "expired":
        clause = or_(
            Job.status == "expired", and_(Job.status == "published", Job.expires_at <= now)
        )
    else:
        clause = Job.status == status
    return select(Job).where(clause)
