"""What the query fields do: each calls the service (or the REST endpoint's own function,
where the answer is assembled there) with the caller's principal, and maps the answer to
the GraphQL types. No rule lives here."""

from __future__ import annotations

from typing import Any, Literal, TypeVar, cast

from fastapi import Request
from pydantic import BaseModel, ValidationError
from strawberry.types import Info

from jobboard.alerts import readers as alert_readers
from jobboard.alerts import service as alerts_service
from jobboard.applications import readers as application_readers
from jobboard.applications import service as application_service
from jobboard.auth.principal import require_person
from jobboard.categories import readers as category_readers
from jobboard.companies import repository as company_repository
from jobboard.config import Settings
from jobboard.errors import NotFound, ValidationFailed
from jobboard.graphql import types
from jobboard.graphql.context import GraphQLContext, context_of
from jobboard.graphql.errors import validation_failed
from jobboard.graphql.limits import MAX_PAGE_SIZE
from jobboard.jobs import readers as job_readers
from jobboard.jobs import service as job_service
from jobboard.jobs.readers import job_read
from jobboard.kept import keeping_for
from jobboard.kit.clock import utcnow
from jobboard.models.job import JobStatus
from jobboard.notifications import readers as notification_readers
from jobboard.pagination import PageParams
from jobboard.search.dependencies import RESULT_KEEP_SECONDS, run_search, snapshot_for
from jobboard.search.schemas import FACET_NAMES, SUGGESTION_KINDS, SearchFilters
from jobboard.seekers import readers as seeker_readers
from jobboard.seekers.service import require_seeker
from jobboard.taxonomy import readers as taxonomy_readers
from jobboard.taxonomy.schemas import CategoryDetail

ModelT = TypeVar("ModelT", bound=BaseModel)
ApplicantOrder = Literal["newest", "oldest", "match"]


def validated(model: type[ModelT], data: dict[str, Any], *, argument: str = "input") -> ModelT:
    """The input checked by the REST API's own Pydantic model; bad fields are named from the
    argument (``input.salary.currency``)."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise validation_failed(error, prefix=argument) from error


def page(first: int, after: str | None) -> PageParams:
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise ValidationFailed(
            f"`first` must be between 1 and {MAX_PAGE_SIZE}.",
            errors=[{"field": "first", "message": f"between 1 and {MAX_PAGE_SIZE}"}],
        )
    if after is not None and len(after) > 2000:
        raise ValidationFailed(
            "`after` is not a cursor this API gave out.",
            errors=[{"field": "after", "message": "too long"}],
        )
    return PageParams(limit=first, cursor=after)


def settings_of(context: GraphQLContext) -> Settings:
    settings: Settings = http_request(context).app.state.settings
    return settings


def http_request(context: GraphQLContext) -> Request:
    request = context.request
    if not isinstance(request, Request):
        raise RuntimeError("this field needs the HTTP request")
    return request


async def job(info: Info[Any, Any], *, job_id: int) -> types.Job:
    context = context_of(info)
    async with context.db() as session:
        found = await job_service.get_readable(session, principal=context.principal, job_id=job_id)
        return types.Job.of(job_read(found, utcnow()))


async def search(
    info: Info[Any, Any],
    *,
    filters: dict[str, Any],
    sort: str,
    facets: list[str],
    first: int,
    after: str | None,
    per_company: int | None,
    posted_within_days: int | None,
    spell_check: bool,
) -> types.JobSearchConnection:
    context = context_of(info)
    params = page(first, after)
    checked = validated(SearchFilters, filters, argument="search")
    unknown = sorted(set(facets) - set(FACET_NAMES))
    if unknown:
        raise ValidationFailed(
            f"Unknown facet {unknown[0]!r}; use {', '.join(FACET_NAMES)}.",
            errors=[{"field": "facets", "message": "unknown facet"}],
        )
    if per_company is not None and not 1 <= per_company <= 10:
        raise ValidationFailed(
            "`perCompany` must be between 1 and 10.",
            errors=[{"field": "perCompany", "message": "between 1 and 10"}],
        )
    if posted_within_days is not None and not 1 <= posted_within_days <= 365:
        raise ValidationFailed(
            "`postedWithinDays` must be between 1 and 365.",
            errors=[{"field": "postedWithinDays", "message": "between 1 and 365"}],
        )
    request = checked.to_request(
        sort=sort,
        facets=frozenset(name for name in FACET_NAMES if name in facets),
        limit=params.limit,
        cursor=params.cursor,
        per_company=per_company,
        posted_within_days=posted_within_days,
        spell_check=spell_check,
    )
    async with context.db() as session:
        result = await run_search(
            http_request(context),
            session,
            context.cache,
            request,
            keep_seconds=RESULT_KEEP_SECONDS,
        )
    hits = result.hits
    return types.JobSearchConnection(
        edges=[
            types.JobHit(
                node=types.Job.of_hit(hit),
                cursor=result.next_cursor if index == len(hits) - 1 else None,
                title_snippet=hit.title_snippet,
                description_snippet=hit.description_snippet,
                distance_km=hit.distance_km,
                score=hit.score,
            )
            for index, hit in enumerate(hits)
        ],
        page_info=types.PageInfo(
            has_next_page=result.next_cursor is not None, end_cursor=result.next_cursor
        ),
        total_count=result.total,
        total_is_exact=result.total_is_exact,
        did_you_mean=result.did_you_mean,
        query=types.as_type(result.query),
        location=types.as_type(result.location),
        facets=None
        if result.facets is None
        else [
            types.Facet(name=name, values=types.as_type(values))
            for name, values in result.facets.items()
        ],
        facets_are_exact=None
        if result.facets_sample_rate is None
        else result.facets_sample_rate == 1,
    )


async def autocomplete(
    info: Info[Any, Any], *, prefix: str, kinds: list[str], limit: int
) -> list[types.Suggestion]:
    context = context_of(info)
    if not 1 <= len(prefix) <= 100 or "\x00" in prefix:
        raise ValidationFailed(
            "`prefix` must be 1 to 100 characters.",
            errors=[{"field": "prefix", "message": "1 to 100 characters"}],
        )
    unknown = sorted(set(kinds) - set(SUGGESTION_KINDS))
    if unknown:
        raise ValidationFailed(
            f"Unknown kind {unknown[0]!r}; use {', '.join(SUGGESTION_KINDS)}.",
            errors=[{"field": "kinds", "message": "unknown kind"}],
        )
    if not 1 <= limit <= 10:
        raise ValidationFailed(
            "`limit` must be between 1 and 10.",
            errors=[{"field": "limit", "message": "between 1 and 10"}],
        )
    async with context.db() as session:
        snapshot = await snapshot_for(http_request(context), session)
    chosen = [kind for kind in SUGGESTION_KINDS if kind in kinds] or list(SUGGESTION_KINDS)
    return types.as_type(snapshot.suggest(prefix, kinds=chosen, limit=limit))  # type: ignore[no-any-return]


async def categories(info: Info[Any, Any]) -> list[types.Category]:
    context = context_of(info)
    found: list[types.Category] = []
    cursor: str | None = None
    async with context.db() as session:
        while True:
            listed = await category_readers.list_categories(
                session,
                context.cache,
                page=PageParams(limit=MAX_PAGE_SIZE, cursor=cursor),
                keeping=keeping_for(http_request(context)),
            )
            found += [types.Category.of_summary(item) for item in listed.items]
            cursor = listed.next_cursor
            if cursor is None:
                return found


async def category_detail(info: Info[Any, Any], *, slug: str, currency: str) -> CategoryDetail:
    context = context_of(info)
    async with context.db() as session:
        try:
            return await category_readers.get_category(
                session,
                context.cache,
                slug=slug,
                currency=currency,
                keeping=keeping_for(http_request(context)),
            )
        except ValidationFailed as error:
            for item in error.extensions.get("errors", []):
                item["field"] = "currency"
            raise


async def skill(info: Info[Any, Any], *, slug: str) -> types.Skill:
    context = context_of(info)
    async with context.db() as session:
        return types.Skill.of(await taxonomy_readers.get_skill(session, slug=slug))


async def company(info: Info[Any, Any], *, slug: str) -> types.Company:
    found = await context_of(info).loaders.company.load(slug)
    if found is None:
        raise NotFound(f"There is no company {slug!r}.")
    return types.Company.of(found)


async def company_jobs(
    info: Info[Any, Any], *, slug: str, first: int, after: str | None, status: str | None
) -> types.Connection[types.Job]:
    context = context_of(info)
    params = page(first, after)
    async with context.db() as session:
        found = await company_repository.get_by_slug(session, slug)
        if found is None:
            raise NotFound(f"There is no company {slug!r}.")
        listed = await job_readers.company_jobs_page(
            session,
            company=found,
            principal=context.principal,
            page=params,
            status=cast("JobStatus | None", status),
        )
    return types.connection([types.Job.of(item) for item in listed.items], listed.next_cursor)


async def application(info: Info[Any, Any], *, application_id: int) -> types.Application:
    context = context_of(info)
    async with context.db() as session:
        found = await application_service.get_readable(
            session, principal=context.principal, application_id=application_id
        )
        read = await application_readers.application_read(session, context.principal, found)
    return types.Application.of(read)


async def applicants(
    info: Info[Any, Any],
    *,
    job_id: int,
    first: int,
    after: str | None,
    stage: str | None,
    skill: str | None,
    text: str | None,
    sort: str,
) -> types.Connection[types.Applicant]:
    context = context_of(info)
    params = page(first, after)
    for name, value, low, high in (
        ("stage", stage, 1, 40),
        ("skill", skill, 1, 80),
        ("text", text, 2, 200),
    ):
        if value is not None and not low <= len(value) <= high:
            raise ValidationFailed(
                f"`{name}` must be {low} to {high} characters.",
                errors=[{"field": name, "message": f"{low} to {high} characters"}],
            )
    async with context.db() as session:
        listed = await application_readers.applicants_page(
            session,
            principal=context.principal,
            job_id=job_id,
            page=params,
            stage=stage,
            skill=skill,
            text=text,
            sort=cast("ApplicantOrder", sort),
        )
    return types.connection(
        [types.Applicant(database_id=item.id, read=item) for item in listed.items],
        listed.next_cursor,
    )


async def node(info: Info[Any, Any], *, node_id: str) -> types.Node:
    kind, key = types.parse_global_id(node_id)
    if kind == "Job":
        return await job(info, job_id=types.database_id(node_id, "Job"))
    if kind == "Company":
        return await company(info, slug=key)
    if kind == "Category":
        return types.Category.of_detail(await category_detail(info, slug=key, currency="USD"))
    if kind == "Skill":
        return await skill(info, slug=key)
    if kind == "Application":
        return await application(info, application_id=types.database_id(node_id, "Application"))
    if kind == "SavedSearch":
        return await saved_search(info, saved_search_id=types.database_id(node_id, "SavedSearch"))
    raise NotFound(f"{node_id!r} is not an id this API gave out.")


# The signed-in caller's own things.


async def profile(info: Info[Any, Any]) -> types.Profile:
    context = context_of(info)
    async with context.db() as session:
        read = await seeker_readers.my_profile(session, principal=context.principal)
    return types.profile(read)


async def saved_jobs(
    info: Info[Any, Any], *, first: int, after: str | None
) -> types.Connection[types.SavedJob]:
    context = context_of(info)
    params = page(first, after)
    async with context.db() as session:
        listed = await seeker_readers.saved_jobs_page(
            session, principal=context.principal, page=params
        )
    return types.connection(
        [
            types.SavedJob(job=types.Job.of(item.job), saved_at=item.saved_at)
            for item in listed.items
        ],
        listed.next_cursor,
    )


async def saved_searches(
    info: Info[Any, Any], *, first: int, after: str | None
) -> types.Connection[types.SavedSearch]:
    context = context_of(info)
    params = page(first, after)
    async with context.db() as session:
        listed = await alert_readers.saved_searches_page(
            session, principal=context.principal, settings=settings_of(context), page=params
        )
    return types.connection(
        [types.SavedSearch.of(item) for item in listed.items], listed.next_cursor
    )


async def saved_search(info: Info[Any, Any], *, saved_search_id: int) -> types.SavedSearch:
    context = context_of(info)
    user_id = require_seeker(context.principal)
    async with context.db() as session:
        saved = await alerts_service.get_owned(
            session, user_id=user_id, saved_search_id=saved_search_id
        )
        return types.SavedSearch.of(alert_readers.saved_read(saved, settings_of(context)))


async def my_applications(
    info: Info[Any, Any], *, first: int, after: str | None
) -> types.Connection[types.MyApplication]:
    context = context_of(info)
    params = page(first, after)
    async with context.db() as session:
        listed = await application_readers.my_applications_page(
            session, principal=context.principal, page=params
        )
    return types.connection(
        [types.MyApplication(database_id=item.id, read=item) for item in listed.items],
        listed.next_cursor,
    )


async def recommendations(info: Info[Any, Any], *, limit: int) -> list[types.MatchedJob]:
    context = context_of(info)
    if not 1 <= limit <= 50:
        raise ValidationFailed(
            "`limit` must be between 1 and 50.",
            errors=[{"field": "limit", "message": "between 1 and 50"}],
        )
    async with context.db() as session:
        found = await seeker_readers.recommendations_for(
            session, principal=context.principal, limit=limit
        )
    return [types.MatchedJob.of(item.job, item.match) for item in found.items]


async def notifications(
    info: Info[Any, Any], *, first: int, after: str | None, unread: bool
) -> types.NotificationConnection:
    context = context_of(info)
    params = page(first, after)
    async with context.db() as session:
        listed = await notification_readers.notifications_page(
            session, principal=context.principal, page=params, unread=unread
        )
    base = types.connection([types.notification(item) for item in listed.items], listed.next_cursor)
    return types.NotificationConnection(
        edges=base.edges, page_info=base.page_info, unread_count=listed.unread
    )


async def my_companies(info: Info[Any, Any]) -> list[types.Company]:
    context = context_of(info)
    require_person(context.principal)
    async with context.db() as session:
        found = await company_repository.companies_of_member(session, principal=context.principal)
    return [types.Company.ref(item.slug, item.name) for item in found]
