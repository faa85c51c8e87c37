"""The public pages a sitemap lists, and when each last changed.

Open jobs are listed in chunks of job-id ranges ``[n * size, (n + 1) * size)``, companies
with published jobs in chunks of company-id ranges the same way: a chunk reads at most
``size`` jobs or companies whatever the number of jobs, and the index finds the ranges that
hold anything with one index probe per range ("the first open job from this id on"), so it
stays a few milliseconds at a million jobs. The other pages (home, categories, skills) are
bounded by the taxonomy and fit one sitemap.

Companies and skills count as hiring while they have a *published* job: the expiry sweep
stores ``expired`` within five minutes of ``expires_at``, and that status is what the
indexes hold. Jobs themselves drop out the moment they expire.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, ScalarSelect, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from jobboard.models import Category, Company, Job, JobSkill, SearchState, Skill
from jobboard.models.job import open_job_clause

# Ids stay below this (a bigint holds up to 2**63 - 1): a chunk past it names nothing.
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
    session: AsyncSession,
    column: InstrumentedAttribute[int],
    condition: ColumnElement[bool],
    *,
    size: int,
) -> list[int]:
    """The numbers of the ranges of ``column`` that hold a job meeting ``condition``, one
    probe each."""
    numbers: list[int] = []
    start = 0
    while start < _MAX_ID:
        found = await session.scalar(
            select(column).where(condition, column >= start).order_by(column).limit(1)
        )
        if found is None:
            break
        numbers.append(found // size)
        start = (found // size + 1) * size
    return numbers


async def job_chunks(session: AsyncSession, *, now: datetime, size: int) -> list[int]:
    return await _chunk_numbers(session, Job.id, open_job_clause(now), size=size)


async def company_chunks(session: AsyncSession, *, size: int) -> list[int]:
    return await _chunk_numbers(session, Job.company_id, Job.status == "published", size=size)


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


def _newest_published(*conditions: ColumnElement[bool]) -> ScalarSelect[int]:
    return select(func.max(Job.id)).where(Job.status == "published", *conditions).scalar_subquery()


async def companies_in_chunk(session: AsyncSession, *, number: int, size: int) -> list[PageEntry]:
    """The companies of chunk ``number`` with published jobs, each changed when it or its
    newest job last did (one index probe per company)."""
    if number * size >= _MAX_ID:
        return []
    newest = aliased(Job)
    rows = await session.execute(
        select(Company.slug, Company.updated_at, newest.updated_at)
        .join(newest, newest.id == _newest_published(Job.company_id == Company.id))
        .where(_in_chunk(Company.id, number, size))
        .order_by(Company.id)
    )
    return [PageEntry(slug, max(own, job)) for slug, own, job in rows]


@dataclass(frozen=True, slots=True)
class OtherPages:
    changed_at: datetime | None
    """When an open job last changed: the home page, the directory and the category pages
    show live counts and figures of them all."""
    categories: list[str]
    skills: list[PageEntry]
    """The skills published jobs ask for, changed when the newest of them was published."""


async def other_pages(session: AsyncSession) -> OtherPages:
    categories = list(await session.scalars(select(Category.slug).order_by(Category.position)))
    newest = aliased(Job)
    skill_newest = (
        select(JobSkill.job_id)
        .join(newest, newest.id == JobSkill.job_id)
        .where(JobSkill.skill_id == Skill.id, newest.status == "published")
        .order_by(JobSkill.job_id.desc())
        .limit(1)
        .scalar_subquery()
    )
    skills = [
        PageEntry(slug, published_at)
        for slug, published_at in await session.execute(
            select(Skill.slug, Job.published_at)
            .join(Job, Job.id == skill_newest)
            .order_by(Skill.slug)
        )
    ]
    state = await index_state(session)
    return OtherPages(changed_at=state.changed_at, categories=categories, skills=skills)


async def updated_times(session: AsyncSession, job_ids: Sequence[int]) -> dict[int, datetime]:
    """When each of these jobs last changed (feeds give it beside the publication)."""
    if not job_ids:
        return {}
    rows = await session.execute(select(Job.id, Job.updated_at).where(Job.id.in_(list(job_ids))))
    return dict(rows.all())
