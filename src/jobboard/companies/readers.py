"""A company as answers show it, with its hiring figures: shared by the REST endpoints and
the pages."""

from __future__ import annotations

from jobboard.companies.schemas import CompanyRead, HiringRead, PlaceRead
from jobboard.models import Company, CompanyHiringStats


def hiring_read(stats: CompanyHiringStats | None) -> HiringRead | None:
    if stats is None or stats.applications <= 0:
        return None
    return HiringRead(
        applications=stats.applications,
        answered_share=round(stats.answered / stats.applications, 3),
        median_hours_to_first_response=round(stats.median_response_seconds / 3600, 1)
        if stats.median_response_seconds is not None
        else None,
        computed_at=stats.computed_at,
    )


def company_read(
    company: Company, open_jobs: int, stats: CompanyHiringStats | None = None
) -> CompanyRead:
    headquarters = (
        PlaceRead(
            geoname_id=company.headquarters_geoname_id,
            city=company.headquarters_city,
            region=company.headquarters_region,
            country_code=company.headquarters_country_code or "",
        )
        if company.headquarters_city
        else None
    )
    return CompanyRead(
        slug=company.slug,
        name=company.name,
        website=company.website,
        description=company.description,
        industry=company.industry,
        size=company.size,
        founded_year=company.founded_year,
        headquarters=headquarters,
        open_jobs=open_jobs,
        hiring=hiring_read(stats),
        created_at=company.created_at,
        updated_at=company.updated_at,
        version=company.version,
    )
