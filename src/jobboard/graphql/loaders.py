"""The request's DataLoaders: whatever a page of results fans out to (each job's details,
each company's profile) is read in one batch per kind, however long the page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from jobboard.companies import repository as company_repository
from jobboard.companies.readers import company_read
from jobboard.companies.schemas import CompanyRead
from jobboard.jobs import repository as job_repository
from jobboard.jobs.readers import job_read
from jobboard.jobs.schemas import JobRead
from jobboard.kit.clock import utcnow
from jobboard.models import Company, Job

if TYPE_CHECKING:
    from jobboard.graphql.context import GraphQLContext


class Loaders:
    def __init__(self, context: GraphQLContext) -> None:
        self.context = context
        self.job: DataLoader[int, JobRead | None] = DataLoader(load_fn=self._jobs)
        self.company: DataLoader[str, CompanyRead | None] = DataLoader(load_fn=self._companies)

    async def _jobs(self, ids: Sequence[int]) -> list[JobRead | None]:
        """Jobs the caller may read (drafts for their company's members only), with their
        company, category, places and skills in a fixed number of statements."""
        async with self.context.db() as session:
            statement = job_repository.readable_jobs(self.context.principal).where(
                Job.id.in_(list(ids))
            )
            jobs = {
                job.id: job for job in await session.scalars(job_repository.with_details(statement))
            }
        now = utcnow()
        return [job_read(jobs[job_id], now) if job_id in jobs else None for job_id in ids]

    async def _companies(self, slugs: Sequence[str]) -> list[CompanyRead | None]:
        async with self.context.db() as session:
            companies = {
                company.slug: company
                for company in await session.scalars(
                    select(Company).where(Company.slug.in_(list(slugs)))
                )
            }
            ids = [company.id for company in companies.values()]
            counts = await company_repository.open_job_counts(session, ids)
            stats = await company_repository.hiring_stats_of(session, ids)
        return [
            company_read(company, counts.get(company.id, 0), stats.get(company.id))
            if (company := companies.get(slug)) is not None
            else None
            for slug in slugs
        ]
