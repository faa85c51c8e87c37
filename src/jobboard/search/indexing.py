"""Keeping the search index in step with jobs, inside the transaction that changes them.

``jobs_changed`` is the one hook: ``reindex_changed_job`` calls it for every job change the
jobs service announces (``jobs.events``: publish, edit, close, expiry; drafts, which are
deleted, are never indexed), and the demo loader after each batch it inserts. A published
job is (re)indexed, any other is removed; expiry needs no write because every search filters
on ``expires_at``. Each call also bumps ``search_state.generation``, which retires figures
cached from search (category pages, facets, the autocomplete snapshot).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.companies import events as company_events
from jobboard.jobs import events
from jobboard.kit.clock import as_utc, utcnow
from jobboard.models import Company, Job, JobLocation, JobSkill, SearchState, Skill
from jobboard.places.gazetteer import get_gazetteer
from jobboard.places.regions import REGION_ALIASES
from jobboard.search.analyzer import get_analyzer
from jobboard.search.backends import Document, SearchBackend, backend_for

logger = logging.getLogger(__name__)

_BATCH = 1000


def backend_of(session: AsyncSession) -> SearchBackend:
    return backend_for(session.get_bind().dialect.name)


async def documents_for(session: AsyncSession, job_ids: Sequence[int]) -> list[Document]:
    """Build the index documents of these jobs from their rows."""
    if not job_ids:
        return []
    analyzer = get_analyzer()
    gazetteer = get_gazetteer()
    ids = list(job_ids)
    skills: dict[int, list[str]] = {}
    for job_id, slug in await session.execute(
        select(JobSkill.job_id, Skill.slug)
        .join(Skill, Skill.id == JobSkill.skill_id)
        .where(JobSkill.job_id.in_(ids))
        .order_by(JobSkill.job_id, JobSkill.required.desc(), Skill.slug)
    ):
        skills.setdefault(job_id, []).append(analyzer.skill_term(slug))
    places: dict[int, list[str]] = {}
    for job_id, city, region, country_code, area in await session.execute(
        select(
            JobLocation.job_id,
            JobLocation.city,
            JobLocation.region,
            JobLocation.country_code,
            JobLocation.area,
        )
        .where(JobLocation.job_id.in_(ids))
        .order_by(JobLocation.job_id, JobLocation.position)
    ):
        country = (gazetteer.country_name(country_code) or country_code) if country_code else None
        area_name = REGION_ALIASES.get(area, (area,))[0] if area else None
        places.setdefault(job_id, []).extend(
            part for part in (city, region, country, area_name) if part
        )
    documents = []
    for job_id, title, description, published_at, company in await session.execute(
        select(Job.id, Job.title, Job.description, Job.published_at, Company.name)
        .join(Company, Company.id == Job.company_id)
        .where(Job.id.in_(ids))
        .order_by(Job.id)
    ):
        body = analyzer.terms(description)
        body += analyzer.terms(" ".join([company, *places.get(job_id, ())]))
        documents.append(
            Document(
                job_id=job_id,
                title=analyzer.terms(title),
                skills=skills.get(job_id, []),
                body=body,
                published_at=published_at,
            )
        )
    return documents


async def bump_generation(session: AsyncSession) -> None:
    session.info.pop(_PREPARED, None)
    await session.execute(
        update(SearchState)
        .where(SearchState.id == 1)
        .values(generation=SearchState.generation + 1, changed_at=utcnow())
    )


# session.info key: (transaction, backend, generation) of the last prepare_search.
_PREPARED = "jobboard.search.prepared"


async def prepare_search(session: AsyncSession) -> tuple[SearchBackend, int]:
    """The engine's backend, with the transaction tuned for search statements, and the
    index's generation, read in the same statement; done once per transaction (a search
    request asks for the generation three times: autocomplete snapshot, search, facets)."""
    known = _prepared(session)
    if known is not None:
        return known
    backend = backend_of(session)
    value = await backend.prepare(session)
    session.info[_PREPARED] = (session.sync_session.get_transaction(), backend, value)
    return backend, value


def _prepared(session: AsyncSession) -> tuple[SearchBackend, int] | None:
    known = session.info.get(_PREPARED)
    # Only within the transaction that read it: a later one may see a newer generation.
    if known is None or known[0] is not session.sync_session.get_transaction():
        return None
    return known[1], known[2]


async def generation(session: AsyncSession) -> int:
    known = _prepared(session)
    if known is not None:
        return known[1]
    value = await session.scalar(select(SearchState.generation).where(SearchState.id == 1))
    return int(value or 0)


async def next_unwritten_change(session: AsyncSession, now: datetime) -> datetime | None:
    """The next moment the open jobs change with no write: a published job expires or
    reaches its publication time. Until then, and while the generation holds, every search
    answers as it does now. Two probes of the (status, expires_at) and (status,
    published_at) indexes."""
    expiry = (
        select(func.min(Job.expires_at))
        .where(Job.status == "published", Job.expires_at > now)
        .scalar_subquery()
    )
    publication = (
        select(func.min(Job.published_at))
        .where(Job.status == "published", Job.published_at > now)
        .scalar_subquery()
    )
    row = (await session.execute(select(expiry, publication))).one()
    moments = [as_utc(value) for value in row if value is not None]
    return min(moments) if moments else None


async def jobs_changed(session: AsyncSession, job_ids: Sequence[int]) -> None:
    """Index the published jobs among ``job_ids`` and drop the others from the index."""
    if not job_ids:
        return
    backend = backend_of(session)
    for start in range(0, len(job_ids), _BATCH):
        batch = list(job_ids[start : start + _BATCH])
        published = set(
            await session.scalars(
                select(Job.id).where(Job.id.in_(batch), Job.status == "published")
            )
        )
        await backend.remove(session, [job_id for job_id in batch if job_id not in published])
        await backend.write(session, await documents_for(session, sorted(published)))
    await bump_generation(session)


async def rebuild(session: AsyncSession) -> int:
    """Index every published job afresh; return how many were indexed."""
    backend = backend_of(session)
    await backend.clear(session)
    job_ids = list(
        await session.scalars(select(Job.id).where(Job.status == "published").order_by(Job.id))
    )
    for start in range(0, len(job_ids), _BATCH):
        await backend.write(session, await documents_for(session, job_ids[start : start + _BATCH]))
    await session.execute(
        update(SearchState)
        .where(SearchState.id == 1)
        .values(analyzer_version=get_analyzer().version)
    )
    await bump_generation(session)
    logger.info("search index rebuilt: %d jobs", len(job_ids))
    return len(job_ids)


async def rebuild_if_outdated(session: AsyncSession) -> bool:
    """Rebuild when the index was built by another analyzer (or never); return whether."""
    version = await session.scalar(select(SearchState.analyzer_version).where(SearchState.id == 1))
    if version == get_analyzer().version:
        return False
    if version is None and not await session.scalar(select(func.count()).select_from(Job)):
        # An empty database: nothing to index, only record the analyzer.
        await session.execute(
            update(SearchState)
            .where(SearchState.id == 1)
            .values(analyzer_version=get_analyzer().version)
        )
        return True
    await rebuild(session)
    return True


async def reindex_changed_job(session: AsyncSession, job: Job, event: events.JobEvent) -> None:
    """Every job state change (publish, edit, close, expiry) reaches the index in its own
    transaction."""
    await jobs_changed(session, [job.id])


async def reindex_changed_jobs(
    session: AsyncSession, changes: Sequence[tuple[int, events.JobEvent]]
) -> None:
    """The same for a batch of changes (an import): one pass, one generation bump."""
    await jobs_changed(session, sorted({job_id for job_id, _ in changes}))


async def reindex_company_jobs(
    session: AsyncSession, company: Company, event: company_events.CompanyEvent
) -> None:
    """Jobs are found by their company's name too: a renamed company's published jobs are
    indexed again."""
    published = await session.scalars(
        select(Job.id).where(Job.company_id == company.id, Job.status == "published")
    )
    await jobs_changed(session, list(published))
