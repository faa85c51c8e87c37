"""A page of jobs with their company, skills, category and places costs the same number of
SQL statements whatever its size: what a page fans out to is loaded in batches."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from conftest import Account, job_payload
from support_graphql import Callers

PAGE = """
query($first: Int!) {
  jobs(first: $first, sort: NEWEST) {
    totalCount
    edges {
      node {
        title description status
        company { name website openJobCount }
        skills { slug required }
        category { slug name }
        locations { city countryCode }
      }
    }
  }
}"""


@contextmanager
def counting(engine: AsyncEngine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def test_fifty_jobs_cost_what_five_cost(
    client: httpx.AsyncClient, engine: AsyncEngine, employer: Account, company: dict[str, Any]
) -> None:
    """The statements of a page of 50 jobs (with companies, skills, categories and places)
    are as many as those of a page of 5."""
    jobs = [
        job_payload(company["slug"], title=f"Backend Engineer {number}", status="published")
        for number in range(55)
    ]
    created = await client.post("/api/v1/jobs/batch", json={"jobs": jobs}, headers=employer.headers)
    assert created.json()["created"] == 55
    graphql = Callers(client)()
    await graphql(PAGE, first=1)
    counts = {}
    # Each page size once (a page asked again would be read from the result cache).
    for first in (5, 50, 4):
        with counting(engine) as statements:
            page = (await graphql(PAGE, first=first))["jobs"]
        assert len(page["edges"]) == first
        assert page["edges"][0]["node"]["company"]["openJobCount"] == 55
        counts[first] = len(statements)
    assert counts[50] == counts[5] == counts[4]
    assert counts[50] <= 20
