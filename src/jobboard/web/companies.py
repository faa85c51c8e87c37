"""A company's page, ``/companies/{slug}``: its profile, how it answers applicants, and its
open jobs (newest first, paged)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select

from jobboard.companies import repository
from jobboard.companies.readers import company_read
from jobboard.dependencies import AppCache, DbSession
from jobboard.errors import NotFound
from jobboard.kit.markdown import markdown_to_html
from jobboard.models import Company
from jobboard.search.schemas import SearchRequest
from jobboard.web.data import page_search
from jobboard.web.rendering import page
from jobboard.web.routing import PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)

JOBS_PER_PAGE = 20


@router.get("/companies/{slug}")
async def company_page(
    slug: str,
    request: Request,
    session: DbSession,
    cache: AppCache,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> Response:
    company = await session.scalar(select(Company).where(Company.slug == slug))
    if company is None:
        raise NotFound(f"There is no company “{slug}” on Jobboard.")
    counts = await repository.open_job_counts(session, [company.id])
    read = company_read(
        company, counts.get(company.id, 0), await repository.hiring_stats(session, company.id)
    )
    jobs = await page_search(
        request,
        session,
        cache,
        SearchRequest(companies=(company.slug,), sort="newest", limit=JOBS_PER_PAGE, cursor=cursor),
    )
    return page(
        request,
        "company.html",
        title=f"Jobs at {company.name}",
        description=f"{company.name}: {read.open_jobs:,} open software engineering jobs, "
        "and how the company answers applicants.",
        company=read,
        about_html=markdown_to_html(company.description) if company.description else "",
        jobs=jobs.hits,
        next_cursor=jobs.next_cursor,
        first_page=cursor is None,
    )
