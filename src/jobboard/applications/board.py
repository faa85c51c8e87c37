"""The pipeline as a board: how many applications each job has in each stage, and the
applications of a job grouped by stage, read as plain rows so that a job with thousands of
applicants renders in milliseconds.

Reads only; who may read is checked by the caller (``service.require_reader``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.models import Application, User


@dataclass(frozen=True, slots=True)
class Card:
    """One application on the board."""

    id: int
    candidate_name: str
    stage: str
    is_open: bool
    closed_reason: str | None
    applied_at: datetime
    stage_entered_at: datetime | None


async def counts_by_job(session: AsyncSession, job_ids: list[int]) -> dict[int, dict[str, int]]:
    """For each job, its applications per stage (stages without any are left out)."""
    if not job_ids:
        return {}
    rows = await session.execute(
        select(Application.job_id, Application.stage, func.count())
        .where(Application.job_id.in_(job_ids))
        .group_by(Application.job_id, Application.stage)
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for job_id, stage, number in rows.all():
        counts[job_id][stage] = number
    return dict(counts)


async def cards(
    session: AsyncSession, *, job_id: int, per_stage: int
) -> tuple[dict[str, list[Card]], dict[str, int]]:
    """The newest ``per_stage`` applications of each stage of the job, and every stage's
    count: one query whatever the number of applicants, the newest of each stage ranked
    in SQL beside its stage's count."""
    ranked = (
        select(
            Application.id,
            Application.stage,
            Application.closed_at,
            Application.closed_reason,
            Application.applied_at,
            Application.stage_entered_at,
            Application.candidate_id,
            func.row_number()
            .over(
                partition_by=Application.stage,
                order_by=(Application.applied_at.desc(), Application.id.desc()),
            )
            .label("place"),
            func.count().over(partition_by=Application.stage).label("in_stage"),
        )
        .where(Application.job_id == job_id)
        .subquery()
    )
    rows = await session.execute(
        select(
            ranked.c.id,
            ranked.c.stage,
            ranked.c.closed_at,
            ranked.c.closed_reason,
            ranked.c.applied_at,
            ranked.c.stage_entered_at,
            User.display_name,
            ranked.c.in_stage,
        )
        .outerjoin(User, User.id == ranked.c.candidate_id)
        .where(ranked.c.place <= per_stage)
        .order_by(ranked.c.stage, ranked.c.place)
    )
    by_stage: dict[str, list[Card]] = defaultdict(list)
    counts: dict[str, int] = {}
    for row in rows.all():
        identifier, stage, closed_at, closed_reason, applied_at, entered_at, name, total = row
        counts[stage] = total
        by_stage[stage].append(
            Card(
                id=identifier,
                candidate_name=name or "Former candidate",
                stage=stage,
                is_open=closed_at is None,
                closed_reason=closed_reason,
                applied_at=applied_at,
                stage_entered_at=entered_at,
            )
        )
    return dict(by_stage), counts


async def stage_cards(
    session: AsyncSession, *, job_id: int, stage: str, before: int | None, limit: int
) -> list[Card]:
    """The job's applications in one stage, newest first, after the card ``before`` (the
    board's "show more"): a keyset page on ``(applied_at, id)``."""
    statement = (
        select(
            Application.id,
            Application.closed_at,
            Application.closed_reason,
            Application.applied_at,
            Application.stage_entered_at,
            User.display_name,
        )
        .outerjoin(User, User.id == Application.candidate_id)
        .where(Application.job_id == job_id, Application.stage == stage)
        .order_by(Application.applied_at.desc(), Application.id.desc())
        .limit(limit)
    )
    if before is not None:
        applied_at = (
            select(Application.applied_at)
            .where(Application.id == before, Application.job_id == job_id)
            .scalar_subquery()
        )
        statement = statement.where(
            tuple_(Application.applied_at, Application.id) < tuple_(applied_at, before)
        )
    rows = await session.execute(statement)
    return [
        Card(
            id=identifier,
            candidate_name=name or "Former candidate",
            stage=stage,
            is_open=closed_at is None,
            closed_reason=closed_reason,
            applied_at=applied_at_value,
            stage_entered_at=entered_at,
        )
        for identifier, closed_at, closed_reason, applied_at_value, entered_at, name in rows.all()
    ]
