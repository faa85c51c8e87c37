"""The public pages a sitemap lists, and when each last changed.

Open jobs are listed in chunks of job-id ranges ``[n * size, (n + 1) * size)``, companies
with open jobs in chunks of company-id ranges, the same way: a chunk reads at most ``size``
rows whatever the number of jobs, and the index finds the ranges that hold anything with one
index probe per range ("the first open job from this id on"), so it costs a few
milliseconds at a million jobs. The other pages (home, categories, skills) are bounded by
the taxonomy and fit one sitemap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from jobboard.models import Category, Company, Job, JobSkill, SearchState, Skill
from jobboard.models.job import open_job_clause

# The highest chunk number asked for that still makes ids a bigint can hold.
_MAX_ID = 2**62


@dataclass(frozen=True, slots=True)
class IndexState:
    """The search index's generation (bumped by every change to an open job, closing and
    expiry included) and when it last changed."""

    generation: int
    changed_at: datetime | None


async def index_state(session: AsyncSession) -> IndexState:
    row = (
        await session.execute(
            select(SearchState.generation, SearchState.changed_at).where(SearchState.id == 1)
        )
    ).first()
    return IndexState(generation=0, changed_at=None) if row is None else IndexState(*row)


async def _chunk_numbers(
    session: AsyncSession, column: InstrumentedAttribute[int], *, now: datetime, size: int
) -> list[int]:
    """The numbers of the ranges of ``column`` that hold an open job, one probe each."""
    numbers: list[int] = []
    start = 0
    while start < _MAX_ID:
        found = await session.scalar(
            select(column).where(open_job_clause(now), column >= start).order_by(column).limit(1)
        )
        if found is None:
            break
        numbers.append(found // size)
        start = (found // size + 1) * size
    return numbers


async def job_chunks(session: AsyncSession, *, now: datetime, size: int) -> list[int]:
    return await _chunk_numbers(session, Job.id, now=now, size=size)


async def company_chunks(session: AsyncSession, *, now: datetime, size: int) -> list[int]:
    return await _chunk_numbers(session, Job.company_id, now=now, size=size)


def _in_chunk(column: InstrumentedAttribute[int], number: int, size: int) -> ColumnElement[bool]:
    return (column >= number * size) & (column < min((number + 1) * size, _MAX_ID))


@dataclass(frozen=True, slots=True)
class JobEntry:
    id: int
    title: str
    updated_at: datetime


async def jobs_in_chunk(
    session: AsyncSession, *, number: int, size: int, now: datetime
) -> list[JobEntry]:
    """The open jobs of chunk ``number``, by id (at most ``size``)."""
    if number * size >= _MAX_ID:
        return []
    rows = await session.execute(
        select(Job.id, Job.title, Job.updated_at)
        .where(open_job_clause(now), _in_chunk(Job.id, number, size))
        .order_by(Job.id)
    )
    return [JobEntry(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class PageEntry:
    slug: str
    changed_at: datetime | None


async def companies_in_chunk(
    session: AsyncSession, *, number: int, size: int, now: datetime
) -> list[PageEntry]:
    """The companies of chunk ``number`` with open jobs, each changed when it or one of its
    open jobs last did."""
    if number * size >= _MAX_ID:
        return []
    rows = await session.execute(
        select(Company.slug, Company.updated_at, func.max(Job.updated_at))
        .join(Job, Job.company_id == Company.id)
        .where(open_job_clause(now), _in_chunk(Job.company_id, number, size))
        .group_by(Company.id, Company.slug, Company.updated_at)
        .order_by(Company.id)
    )
    return [PageEntry(slug, max(own, newest_job)) for slug, own, newest_job in rows]


@dataclass(frozen=True, slots=True)
class OtherPages:
    newest_job: datetime | None
    """When the newest open job was published: what the home page and directory show."""
    categories: list[PageEntry]
    """Every category, changed when its newest open job was published."""
    skills: list[PageEntry]
    """The skills open jobs ask for, the same way."""


async def newest_publication(session: AsyncSession, *, now: datetime) -> datetime | None:
    return await session.scalar(select(func.max(Job.published_at)).where(open_job_clause(now)))


async def other_pages(session: AsyncSession, *, now: datetime) -> OtherPages:
    newest = await newest_publication(session, now=now)
    by_category = dict(
        (
            await session.execute(
                select(Job.category_id, func.max(Job.published_at))
                .where(open_job_clause(now), Job.category_id.is_not(None))
                .group_by(Job.category_id)
            )
        ).all()
    )
    categories = [
        PageEntry(slug, by_category.get(category_id) or newest)
        for category_id, slug in await session.execute(
            select(Category.id, Category.slug).order_by(Category.position)
        )
    ]
    skills = [
        PageEntry(slug, changed_at)
        for slug, changed_at in await session.execute(
            select(Skill.slug, func.max(Job.published_at))
            .join(JobSkill, JobSkill.skill_id == Skill.id)
            .join(Job, Job.id == JobSkill.job_id)
            .where(open_job_clause(now))
            .group_by(Skill.slug)
            .order_by(Skill.slug)
        )
    ]
    return OtherPages(newest_job=newest, categories=categories, skills=skills)


async def updated_times(session: AsyncSession, job_ids: Sequence[int]) -> dict[int, datetime]:
    """When each of these jobs last changed (feeds give it beside the publication)."""
    if not job_ids:
        return {}
    rows = await session.execute(select(Job.id, Job.updated_at).where(Job.id.in_(list(job_ids))))
    return dict(rows.all())
