"""REST: job search (`/jobs/search`) and autocomplete (`/autocomplete`). Anyone may call both."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import AfterValidator

from jobboard.dependencies import AppCache, DbSession
from jobboard.errors import ValidationFailed
from jobboard.kit.money import PayPeriod
from jobboard.models.job import EmploymentType, Workplace
from jobboard.routing import UnitOfWorkRoute
from jobboard.search.dependencies import RESULT_KEEP_SECONDS, run_search, snapshot_for
from jobboard.search.schemas import (
    FACET_NAMES,
    SUGGESTION_KINDS,
    FacetName,
    SearchPage,
    SearchRequest,
    SortOrder,
    SuggestionKind,
    SuggestionList,
)
from jobboard.taxonomy.catalog import Seniority

router = APIRouter(route_class=UnitOfWorkRoute, tags=["search"])

MAX_LIST_ITEMS = 20


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain a NUL character")
    return value


def _names(values: list[str]) -> list[str]:
    if len(values) > MAX_LIST_ITEMS:
        raise ValueError(f"give at most {MAX_LIST_ITEMS} values")
    for value in values:
        if "\x00" in value or len(value) > 100:
            raise ValueError("each value must be at most 100 characters, without NUL")
    return values


Text = Annotated[str, AfterValidator(_no_nul)]
Names = Annotated[list[str], AfterValidator(_names)]


@router.get("/jobs/search", response_model=SearchPage)
async def search_jobs(
    request: Request,
    session: DbSession,
    cache: AppCache,
    q: Annotated[
        Text,
        Query(
            max_length=500,
            description='Keywords: words (all must match), "exact phrases", -exclusions, '
            "OR between alternatives. Skill aliases and title spellings count as the same "
            "word (k8s = Kubernetes, back-end = backend).",
        ),
    ] = "",
    skills: Annotated[Names, Query(description="Jobs asking for all of these skills.")] = [],  # noqa: B006
    skills_any: Annotated[Names, Query(description="... for at least one of these.")] = [],  # noqa: B006
    skills_none: Annotated[Names, Query(description="... for none of these.")] = [],  # noqa: B006
    category: Annotated[Names, Query(description="Category slugs (any of).")] = [],  # noqa: B006
    seniority: Annotated[list[Seniority], Query()] = [],  # noqa: B006
    years_experience: Annotated[
        int | None,
        Query(ge=0, le=50, description="Your years: jobs asking for at most this many."),
    ] = None,
    employment_type: Annotated[list[EmploymentType], Query()] = [],  # noqa: B006
    workplace: Annotated[list[Workplace], Query()] = [],  # noqa: B006
    remote_region: Annotated[
        Names,
        Query(description='Remote jobs open to people in this country ("DE") or region.'),
    ] = [],  # noqa: B006
    location: Annotated[
        Text | None,
        Query(
            max_length=200,
            description='A city ("Berlin", "Austin, TX"), a GeoNames id or "lat,lon".',
        ),
    ] = None,
    radius_km: Annotated[float, Query(ge=1, le=1000)] = 50.0,
    country: Annotated[Names, Query(description="ISO country codes of job locations.")] = [],  # noqa: B006
    company: Annotated[Names, Query(description="Company slugs (any of).")] = [],  # noqa: B006
    salary_min: Annotated[
        int | None,
        Query(
            ge=0,
            le=10**13,
            description="Pay floor in minor units of `salary_currency` per `salary_period`; "
            "jobs whose range reaches it (annualized and converted at bundled rates).",
        ),
    ] = None,
    salary_currency: Annotated[Text, Query(min_length=3, max_length=3)] = "USD",
    salary_period: PayPeriod = "yearly",
    include_unspecified_pay: bool = False,
    posted_within_days: Annotated[int | None, Query(ge=1, le=365)] = None,
    sort: SortOrder = "relevance",
    per_company: Annotated[
        int | None, Query(ge=1, le=10, description="At most this many jobs per company.")
    ] = None,
    facets: Annotated[
        list[FacetName | str],
        Query(description=f"Facets to count: {', '.join(FACET_NAMES)}, or all."),
    ] = [],  # noqa: B006
    spell_check: bool = True,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> SearchPage:
    """Search open jobs: keywords, filters, facets, sorting and cursor pagination."""
    wanted = {name for value in facets for name in value.split(",") if name}
    if "all" in wanted:
        wanted = set(FACET_NAMES)
    unknown = wanted - set(FACET_NAMES)
    if unknown:
        raise ValidationFailed(
            f"Unknown facet {sorted(unknown)[0]!r}; use {', '.join(FACET_NAMES)} or all.",
            errors=[{"field": "query.facets", "message": "unknown facet"}],
        )
    search = SearchRequest(
        text=q,
        skills_all=tuple(skills),
        skills_any=tuple(skills_any),
        skills_none=tuple(skills_none),
        categories=tuple(category),
        seniorities=tuple(seniority),
        years_experience=years_experience,
        employment_types=tuple(employment_type),
        workplaces=tuple(workplace),
        remote_regions=tuple(remote_region),
        location=location,
        radius_km=radius_km,
        countries=tuple(country),
        companies=tuple(company),
        salary_min=salary_min,
        salary_currency=salary_currency,
        salary_period=salary_period,
        include_unspecified_pay=include_unspecified_pay,
        posted_within_days=posted_within_days,
        sort=sort,
        per_company=per_company,
        facets=frozenset(name for name in FACET_NAMES if name in wanted),
        limit=limit,
        cursor=cursor,
        spell_check=spell_check,
    )
    result = await run_search(request, session, cache, search, keep_seconds=RESULT_KEEP_SECONDS)
    return SearchPage(
        items=result.hits,
        next_cursor=result.next_cursor,
        total=result.total,
        total_is_exact=result.total_is_exact,
        query=result.query,
        did_you_mean=result.did_you_mean,
        location=result.location,
        facets=result.facets,
        facets_are_exact=None
        if result.facets_sample_rate is None
        else result.facets_sample_rate == 1,
        facets_sample_rate=result.facets_sample_rate,
    )


@router.get("/autocomplete", response_model=SuggestionList)
async def autocomplete(
    request: Request,
    session: DbSession,
    q: Annotated[Text, Query(min_length=1, max_length=100, description="What was typed.")],
    kinds: Annotated[
        list[SuggestionKind],
        Query(description="Which suggestions: title, skill, company, place (default all)."),
    ] = [],  # noqa: B006
    limit: Annotated[int, Query(ge=1, le=10)] = 10,
) -> SuggestionList:
    """Titles, skills, companies and places for what was typed so far, typos forgiven."""
    snapshot = await snapshot_for(request, session)
    return SuggestionList(
        query=q,
        suggestions=snapshot.suggest(q, kinds=kinds or SUGGESTION_KINDS, limit=limit),
    )
