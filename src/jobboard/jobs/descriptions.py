"""Descriptions as HTML: the stored rendering (or one made now while none is stored), and
filling in the renderings missing from rows written before the column or before a renderer
change, a batch per transaction."""

from __future__ import annotations

import asyncio
from typing import cast

from sqlalchemy import Table, bindparam, select, update

from jobboard.db import Database
from jobboard.kit.markdown import render_description
from jobboard.models import Job

BATCH_SIZE = 500
_JOB = cast(Table, Job.__table__)


def description_html(job: Job) -> str:
    """The description as safe HTML: the one stored with the job, or, for a job whose
    rendering is not stored yet, rendered now."""
    if job.description_html is not None:
        return job.description_html
    return render_description(job.description, job.description_format)


def _render(descriptions: list[tuple[str, str]]) -> list[str]:
    return [render_description(text, text_format) for text, text_format in descriptions]


async def render_missing(database: Database, *, batch_size: int = BATCH_SIZE) -> int:
    """Render and store every missing description HTML; return how many it rendered.

    Each batch commits on its own, so an interrupted run keeps what it did and the next one
    goes on from there. A rendering is stored only while the row still holds the description
    it was made from and no HTML: a job edited meanwhile keeps what its edit stored, and a
    description rewritten by a statement that left the HTML NULL waits for the next run.
    """
    rendered_count = 0
    after_id = 0
    while True:
        async with database.unit_of_work() as session:
            rows = (
                await session.execute(
                    select(_JOB.c.id, _JOB.c.description, _JOB.c.description_format)
                    .where(_JOB.c.description_html.is_(None), _JOB.c.id > after_id)
                    .order_by(_JOB.c.id)
                    .limit(batch_size)
                )
            ).all()
            if not rows:
                return rendered_count
            rendered = await asyncio.to_thread(
                _render, [(row.description, row.description_format) for row in rows]
            )
            await session.execute(
                update(_JOB)
                .where(
                    _JOB.c.id == bindparam("job_id"),
                    _JOB.c.description_html.is_(None),
                    _JOB.c.description == bindparam("read_description"),
                    _JOB.c.description_format == bindparam("read_format"),
                )
                # Filling in a rendering is no edit: updated_at (an onupdate column) stays.
                .values(description_html=bindparam("rendered"), updated_at=_JOB.c.updated_at),
                [
                    {
                        "job_id": row.id,
                        "read_description": row.description,
                        "read_format": row.description_format,
                        "rendered": html,
                    }
                    for row, html in zip(rows, rendered, strict=True)
                ],
            )
        rendered_count += len(rows)
        after_id = rows[-1].id
