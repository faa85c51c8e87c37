"""Every way a description is written stores its HTML once (creating, editing, batches,
feed imports, demo data); `jobboard migrate` renders the rows that have none; readers render
a missing one on the fly. On both engines."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from conftest import Account, job_payload
from jobboard.db import Database
from jobboard.demo.generator import generate
from jobboard.demo.loader import load_demo
from jobboard.jobs import descriptions
from jobboard.jobs.descriptions import render_missing
from jobboard.kit.clock import utcnow
from jobboard.kit.markdown import render_description
from jobboard.models import Job
from jobboard.taxonomy.catalog import load_catalog
from support_http import LocalServer
from support_queue import run_queued

MakeJob = Callable[..., Awaitable[dict[str, Any]]]
FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
MARKDOWN = "## About us\n\nWe **ship** weekly.\n\n- Python\n- PostgreSQL"
RENDERED = (
    "<h2>About us</h2>\n<p>We <strong>ship</strong> weekly.</p>\n"
    "<ul>\n<li>Python</li>\n<li>PostgreSQL</li>\n</ul>"
)


async def _stored(database: Database, job_id: int) -> str | None:
    async with database.sessionmaker() as session:
        return await session.scalar(select(Job.description_html).where(Job.id == job_id))


async def _stored_matches_description(database: Database, job_ids: list[int]) -> None:
    async with database.sessionmaker() as session:
        rows = (
            await session.execute(
                select(Job.description, Job.description_format, Job.description_html).where(
                    Job.id.in_(job_ids)
                )
            )
        ).all()
    assert len(rows) == len(job_ids)
    for description, description_format, stored in rows:
        assert stored is not None
        assert stored == render_description(description, description_format)


async def test_creating_a_job_stores_its_rendered_description(
    client: httpx.AsyncClient, database: Database, make_job: MakeJob
) -> None:
    """POST /jobs stores the HTML, and the API returns it beside the Markdown."""
    job = await make_job(description=MARKDOWN)
    assert await _stored(database, job["id"]) == RENDERED
    assert job["description"] == MARKDOWN
    assert job["description_html"] == RENDERED


async def test_editing_the_description_renders_it_again_and_nothing_else_does(
    client: httpx.AsyncClient, database: Database, employer: Account, make_job: MakeJob
) -> None:
    """A new description is rendered again; an edit that leaves the description alone keeps
    what is stored (shown by a marker only a new rendering would replace)."""
    job = await make_job(description="First version.")
    edited = await client.patch(
        f"/api/v1/jobs/{job['id']}", json={"description": MARKDOWN}, headers=employer.headers
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["description_html"] == RENDERED
    assert await _stored(database, job["id"]) == RENDERED

    async with database.unit_of_work() as session:
        await session.execute(
            update(Job).where(Job.id == job["id"]).values(description_html="<p>marker</p>")
        )
    retitled = await client.patch(
        f"/api/v1/jobs/{job['id']}", json={"title": "Staff Engineer"}, headers=employer.headers
    )
    assert retitled.status_code == 200, retitled.text
    assert await _stored(database, job["id"]) == "<p>marker</p>"


async def test_a_batch_stores_every_rendered_description(
    client: httpx.AsyncClient, database: Database, employer: Account, company: dict[str, Any]
) -> None:
    """POST /jobs/batch renders each job it creates."""
    answer = await client.post(
        "/api/v1/jobs/batch",
        json={
            "jobs": [
                job_payload(company["slug"], description=MARKDOWN),
                job_payload(company["slug"], description="Plain *text* job."),
            ]
        },
        headers=employer.headers,
    )
    assert answer.status_code == 200, answer.text
    ids = [result["job"]["id"] for result in answer.json()["results"]]
    assert await _stored(database, ids[0]) == RENDERED
    assert await _stored(database, ids[1]) == "<p>Plain <em>text</em> job.</p>"


async def test_feed_imports_store_cleaned_html_and_render_updates(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    server: LocalServer,
) -> None:
    """Imported jobs store their cleaned HTML and its page rendering (headings moved below
    the page title, a link without an allowed address reduced to its text); a changed item
    renders its job again."""
    board = json.loads((FEEDS / "workable.json").read_bytes())
    board["jobs"][0]["full_description"] = (
        '<h3>Platform</h3><p onclick="x()">Run <strong>Kubernetes</strong>.</p>'
        '<script>steal()</script><a href="javascript:alert(1)">apply</a>'
    )
    server.serve("/feed", json.dumps(board).encode())
    feed = await client.post(
        f"/api/v1/companies/{company['slug']}/feeds",
        json={"kind": "workable", "url": server.url("/feed"), "sync_interval_minutes": None},
        headers=employer.headers,
    )
    assert feed.status_code == 201, feed.text
    sync_path = f"/api/v1/companies/{company['slug']}/feeds/{feed.json()['id']}/sync"

    async def sync() -> list[int]:
        assert (await client.post(sync_path, headers=employer.headers)).status_code == 202
        ran = await run_queued(database)
        assert ran.failures == []
        async with database.sessionmaker() as session:
            return list(
                await session.scalars(
                    select(Job.id).where(Job.source_id.is_not(None)).order_by(Job.source_id)
                )
            )

    ids = await sync()
    assert len(ids) == 2
    await _stored_matches_description(database, ids)
    async with database.sessionmaker() as session:
        platform = await session.scalar(
            select(Job.description_html).where(Job.title == "Staff Platform Engineer")
        )
    assert platform == "<h2>Platform</h2><p>Run <strong>Kubernetes</strong>.</p>apply"

    board["jobs"][0]["full_description"] = "<p>Now with <em>Go</em>.</p>"
    server.serve("/feed", json.dumps(board).encode())
    await sync()
    async with database.sessionmaker() as session:
        platform = await session.scalar(
            select(Job.description_html).where(Job.title == "Staff Platform Engineer")
        )
    assert platform == "<p>Now with <em>Go</em>.</p>"


async def test_demo_jobs_are_loaded_with_their_rendering(
    session: AsyncSession, database: Database
) -> None:
    """The demo loader's Core inserts, which pass no ORM events, store the rendering too."""
    data = generate(load_catalog(), now=utcnow(), companies=10, jobs=40)
    await load_demo(session, data=data)
    await session.commit()
    ids = list(await session.scalars(select(Job.id)))
    assert len(ids) == 40
    await _stored_matches_description(database, ids)
    missing = await session.scalar(
        select(func.count()).select_from(Job).where(Job.description_html.is_(None))
    )
    assert missing == 0


async def test_migrate_renders_the_missing_descriptions_in_batches(
    client: httpx.AsyncClient, database: Database, make_job: MakeJob
) -> None:
    """Rows without HTML (from before the column or a renderer change) are rendered, batch
    after batch, without counting as edits: updated_at and version stay. Rows that have HTML
    are left alone, and a second run finds nothing to do."""
    jobs = [
        await make_job(status="published", description=f"{MARKDOWN}\n\nJob {number}.")
        for number in range(5)
    ]
    ids = [job["id"] for job in jobs]
    kept = await make_job(description="Already *rendered*.")
    earlier = utcnow() - timedelta(days=3)
    async with database.unit_of_work() as session:
        await session.execute(
            update(Job).where(Job.id.in_(ids)).values(description_html=None, updated_at=earlier)
        )
        await session.execute(
            update(Job).where(Job.id == kept["id"]).values(description_html="<p>kept</p>")
        )
        versions = dict((await session.execute(select(Job.id, Job.version))).all())

    page = await client.get(f"/api/v1/jobs/{ids[0]}")
    assert page.json()["description_html"] == f"{RENDERED}\n<p>Job 0.</p>", "rendered on read"
    assert await _stored(database, ids[0]) is None, "reading stores nothing"

    assert await render_missing(database, batch_size=2) == 5
    await _stored_matches_description(database, ids)
    async with database.sessionmaker() as session:
        statement = select(Job.id, Job.version, Job.updated_at).where(Job.id.in_(ids))
        rows = (await session.execute(statement)).all()
    assert {job_id: version for job_id, version, _ in rows} == {
        job_id: versions[job_id] for job_id in ids
    }
    assert all(abs(updated_at - earlier) < timedelta(seconds=1) for _, _, updated_at in rows)
    assert await _stored(database, kept["id"]) == "<p>kept</p>"
    assert await render_missing(database) == 0


async def test_migrate_never_stores_a_rendering_of_a_description_changed_meanwhile(
    database: Database, make_job: MakeJob, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a batch renders, one job is edited (storing its own rendering) and another's
    description is rewritten by a statement that leaves its HTML NULL: the batch overwrites
    neither, and the next run renders the new description."""
    edited = await make_job(description="Old text of the edited job.")
    rewritten = await make_job(description="Old text of the rewritten job.")
    ids = [edited["id"], rewritten["id"]]
    async with database.unit_of_work() as session:
        await session.execute(update(Job).where(Job.id.in_(ids)).values(description_html=None))

    async def race_then_render(render: Callable[..., list[str]], *args: Any) -> list[str]:
        async with database.unit_of_work() as session:
            job = await session.get_one(Job, edited["id"])
            job.description = "The *edit*."
            await session.execute(
                update(Job)
                .where(Job.id == rewritten["id"])
                .values(description="The rewrite.", description_html=None)
            )
        return render(*args)

    monkeypatch.setattr(descriptions.asyncio, "to_thread", race_then_render)
    assert await render_missing(database) == 2
    assert await _stored(database, edited["id"]) == "<p>The <em>edit</em>.</p>"
    assert await _stored(database, rewritten["id"]) is None
    monkeypatch.undo()
    assert await render_missing(database) == 1
    assert await _stored(database, rewritten["id"]) == "<p>The rewrite.</p>"
