"""Categories for the jobs written before categories were derived: ``jobboard migrate``
reads each job never categorized (neither chosen by its employer nor derived) and stores
what ``taxonomy.categorize`` makes of its title, skills and seniority, a batch per
transaction."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import cast

from sqlalchemy import Table, bindparam, select, update

from jobboard.db import Database
from jobboard.models import Category, Job, JobSkill, Skill
from jobboard.taxonomy.categorize import categorize

BATCH_SIZE = 500
_JOB = cast(Table, Job.__table__)


def _categorize_all(
    jobs: list[tuple[str, list[str], str | None]],
) -> list[tuple[str | None, float]]:
    return [categorize(title, skills, seniority) for title, skills, seniority in jobs]


async def categorize_missing(database: Database, *, batch_size: int = BATCH_SIZE) -> int:
    """Derive and store the category of every job that has none and was never read; return
    how many got one. A job no category fits is marked read (confidence 0).

    Each batch commits on its own, so an interrupted run keeps what it did. A category is
    stored only while the job still has none and was not read meanwhile: an edit in between
    keeps what it stored.
    """
    categorized = 0
    after_id = 0
    while True:
        async with database.unit_of_work() as session:
            rows = (
                await session.execute(
                    select(_JOB.c.id, _JOB.c.title, _JOB.c.seniority)
                    .where(
                        _JOB.c.category_id.is_(None),
                        _JOB.c.category_confidence.is_(None),
                        _JOB.c.id > after_id,
                    )
                    .order_by(_JOB.c.id)
                    .limit(batch_size)
                )
            ).all()
            if not rows:
                return categorized
            skills: dict[int, list[str]] = defaultdict(list)
            for job_id, slug in await session.execute(
                select(JobSkill.job_id, Skill.slug)
                .join(Skill, Skill.id == JobSkill.skill_id)
                .where(JobSkill.job_id.in_([row.id for row in rows]))
                .order_by(JobSkill.job_id, Skill.slug)
            ):
                skills[job_id].append(slug)
            found = await asyncio.to_thread(
                _categorize_all, [(row.title, skills[row.id], row.seniority) for row in rows]
            )
            category_ids = dict(
                (
                    await session.execute(
                        select(Category.slug, Category.id).where(
                            Category.slug.in_({slug for slug, _ in found if slug})
                        )
                    )
                ).all()
            )
            changes = []
            for row, (found_slug, confidence) in zip(rows, found, strict=True):
                category_id = category_ids.get(found_slug) if found_slug else None
                changes.append(
                    {
                        "job_id": row.id,
                        "category": category_id,
                        "confidence": confidence if category_id is not None else 0.0,
                    }
                )
                categorized += category_id is not None
            await session.execute(
                update(_JOB)
                .where(
                    _JOB.c.id == bindparam("job_id"),
                    _JOB.c.category_id.is_(None),
                    _JOB.c.category_confidence.is_(None),
                )
                # Filling in a category is no edit: updated_at (an onupdate column) stays.
                .values(
                    category_id=bindparam("category"),
                    category_confidence=bindparam("confidence"),
                    updated_at=_JOB.c.updated_at,
                ),
                changes,
            )
        after_id = rows[-1].id
