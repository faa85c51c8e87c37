"""After a start, the figures the home and category pages show are computed in the
background, so that the first visitors read them from the cache."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select

from jobboard.cache import MemoryCache
from jobboard.db import Database
from jobboard.models import Category
from jobboard.search import figures
from jobboard.web.data import warm_figures


async def test_warming_computes_the_counts_and_every_categorys_figures(
    database: Database,
    make_job: Callable[..., Awaitable[dict[str, Any]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Afterwards reading the pages' figures computes nothing, and they count the jobs."""
    await make_job(status="published")
    cache = MemoryCache()
    await warm_figures(database, cache)

    async def must_not_compute(*args: object, **kwargs: object) -> object:
        raise AssertionError("the figure was computed again")

    for computation in ("_compute", "_count_open", "_count_by_category"):
        monkeypatch.setattr(figures, computation, must_not_compute)
    async with database.sessionmaker() as session:
        assert await figures.open_jobs_count(session, cache) >= 1
        counts = await figures.open_jobs_by_category(session, cache)
        categories = list(await session.scalars(select(Category)))
        backend = next(each for each in categories if each.slug == "senior-back-end-developer")
        assert counts[backend.id] >= 1
        for each in categories:
            stats = await figures.category_stats(session, cache, category=each, currency="USD")
            assert stats.open_jobs == counts.get(each.id, 0)
        for slug in await figures.most_asked_skills(session, limit=10):
            stats = await figures.skill_stats(session, cache, skill_slug=slug, currency="USD")
            assert stats.open_jobs >= 1


async def test_the_most_asked_skills_come_first(
    database: Database, make_job: Callable[..., Awaitable[dict[str, Any]]]
) -> None:
    # Go, PostgreSQL and Kubernetes twice (the default job), Go once more, Rust once.
    await make_job(status="published")
    await make_job(status="published")
    await make_job(
        status="published", skills=[{"skill": "go", "required": True}, {"skill": "rust"}]
    )
    await make_job(status="draft", skills=[{"skill": "rust"}])
    async with database.sessionmaker() as session:
        assert await figures.most_asked_skills(session, limit=1) == ["go"]
        assert await figures.most_asked_skills(session, limit=3) == [
            "go",
            "kubernetes",
            "postgresql",
        ]
        assert (await figures.most_asked_skills(session, limit=10))[-1] == "rust"
