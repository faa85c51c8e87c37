"""Queries over saved searches and what they matched, scoped to their owner."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.jobs import repository as job_repository
from jobboard.models import AlertMatch, Job, SavedSearch
from jobboard.models.job import open_job_clause


def owned(user_id: int) -> Select[SavedSearch]:
    return select(SavedSearch).where(SavedSearch.user_id == user_id)


async def count_owned(session: AsyncSession, *, user_id: int) -> int:
    count = await session.scalar(
        select(func.count()).select_from(SavedSearch).where(SavedSearch.user_id == user_id)
    )
    return int(count or 0)


def matched(saved_search_id: int) -> Select[AlertMatch]:
    return select(AlertMatch).where(AlertMatch.saved_search_id == saved_search_id)


async def jobs_by_id(session: AsyncSession, job_ids: Sequence[int]) -> dict[int, Job]:
    """The jobs, with what answers show of them, by id."""
    found = await session.scalars(
        job_repository.with_details(select(Job).where(Job.id.in_(list(job_ids))))
    )
    return {job.id: job for job in found}


async def open_matches(
    session: AsyncSession, *, saved_search_id: int, now: datetime, limit: int
) -> dict[int, datetime]:
    """The open jobs a saved search matched, newest match first: job id -> when."""
    rows = await session.execute(
        select(AlertMatch.job_id, AlertMatch.matched_at)
        .join(Job, Job.id == AlertMatch.job_id)
        .where(AlertMatch.saved_search_id == saved_search_id, open_job_clause(now))
        .order_by(AlertMatch.matched_at.desc(), AlertMatch.job_id.desc())
        .limit(limit)
    )
    return dict(rows.all())
