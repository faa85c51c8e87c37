"""REST: my saved searches (`/me/saved-searches`) and their private feeds (`/alerts/...`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, status

from jobboard.alerts import readers, repository, service
from jobboard.alerts.readers import saved_read
from jobboard.alerts.schemas import (
    AlertMatchRead,
    SavedSearchCreate,
    SavedSearchRead,
    SavedSearchUpdate,
    SavedSearchWithSecret,
)
from jobboard.alerts.tasks import job_summary, search_url
from jobboard.auth.dependencies import CurrentPrincipal, IdempotencyKey
from jobboard.conditional import check_if_match, is_not_modified, make_etag
from jobboard.config import Settings
from jobboard.dependencies import AppSettings, DbSession, Pagination
from jobboard.jobs.readers import job_read
from jobboard.kit import feeds
from jobboard.kit.clock import utcnow
from jobboard.kit.feeds import Feed, FeedEntry, FeedFormat
from jobboard.kit.ids import Id
from jobboard.kit.schemas import Page
from jobboard.models import AlertMatch, Job, SavedSearch
from jobboard.pagination import keyset_page
from jobboard.routing import UnitOfWorkRoute
from jobboard.search.dependencies import vocabulary_for
from jobboard.seekers.service import require_seeker

router = APIRouter(route_class=UnitOfWorkRoute, tags=["saved searches"])

FEED_ITEMS = 50
Token = Annotated[str, Path(max_length=100)]


def _etag(saved: SavedSearch) -> str:
    return make_etag("saved-search", saved.id, saved.version)


@router.get("/me/saved-searches", response_model=Page[SavedSearchRead])
async def list_saved_searches(
    principal: CurrentPrincipal, session: DbSession, settings: AppSettings, page: Pagination
) -> Page[SavedSearchRead]:
    """Your saved searches, oldest first."""
    return await readers.saved_searches_page(
        session, principal=principal, settings=settings, page=page
    )


@router.post(
    "/me/saved-searches",
    status_code=status.HTTP_201_CREATED,
    response_model=SavedSearchWithSecret,
)
async def create_saved_search(
    body: SavedSearchCreate,
    principal: CurrentPrincipal,
    session: DbSession,
    settings: AppSettings,
    request: Request,
    response: Response,
    _key: IdempotencyKey,
) -> SavedSearchWithSecret:
    """Save a search and choose how to hear about new jobs it finds: instantly, or in a
    daily or weekly digest, by e-mail, webhook or the private feeds. The feeds start with
    the newest jobs the search finds now; alerts are about jobs published from now on.
    Honours Idempotency-Key. At most 50 per account (409 too-many-saved-searches)."""
    user_id = require_seeker(principal)
    saved = await service.create(
        session,
        user_id=user_id,
        body=body,
        vocabulary=await vocabulary_for(request, session, body.search.q if body.search else ""),
        now=utcnow(),
    )
    response.headers["Location"] = f"/api/v1/me/saved-searches/{saved.id}"
    response.headers["ETag"] = _etag(saved)
    return SavedSearchWithSecret(
        **saved_read(saved, settings).model_dump(), webhook_secret=saved.webhook_secret
    )


@router.get("/me/saved-searches/{saved_search_id}", response_model=SavedSearchRead)
async def get_saved_search(
    saved_search_id: Id,
    principal: CurrentPrincipal,
    session: DbSession,
    settings: AppSettings,
    request: Request,
    response: Response,
) -> SavedSearchRead | Response:
    """One of your saved searches, with its feed URLs."""
    user_id = require_seeker(principal)
    saved = await service.get_owned(session, user_id=user_id, saved_search_id=saved_search_id)
    etag = _etag(saved)
    if is_not_modified(request, etag):
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return saved_read(saved, settings)


@router.patch("/me/saved-searches/{saved_search_id}", response_model=SavedSearchWithSecret)
async def update_saved_search(
    saved_search_id: Id,
    body: SavedSearchUpdate,
    principal: CurrentPrincipal,
    session: DbSession,
    settings: AppSettings,
    request: Request,
    response: Response,
) -> SavedSearchWithSecret:
    """Change the search, its name, frequency or channels, or pause it (`active: false`).
    A new `webhook_url` gets a new signing secret, shown in this answer only. Honours
    If-Match."""
    user_id = require_seeker(principal)
    saved = await service.get_owned(session, user_id=user_id, saved_search_id=saved_search_id)
    check_if_match(request, _etag(saved))
    secret = await service.update_saved(
        session,
        saved=saved,
        body=body,
        vocabulary=await vocabulary_for(request, session, body.search.q if body.search else ""),
        now=utcnow(),
    )
    response.headers["ETag"] = _etag(saved)
    return SavedSearchWithSecret(**saved_read(saved, settings).model_dump(), webhook_secret=secret)


@router.delete("/me/saved-searches/{saved_search_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_saved_search(
    saved_search_id: Id, principal: CurrentPrincipal, session: DbSession
) -> Response:
    """Forget a saved search: no more alerts, and its feeds answer 404."""
    user_id = require_seeker(principal)
    saved = await service.get_owned(session, user_id=user_id, saved_search_id=saved_search_id)
    await service.delete_saved(session, saved=saved)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/me/saved-searches/{saved_search_id}/feed-token", response_model=SavedSearchRead)
async def rotate_feed_token(
    saved_search_id: Id,
    principal: CurrentPrincipal,
    session: DbSession,
    settings: AppSettings,
    response: Response,
) -> SavedSearchRead:
    """Give the feeds new URLs; the old ones answer 404 from now on."""
    user_id = require_seeker(principal)
    saved = await service.get_owned(session, user_id=user_id, saved_search_id=saved_search_id)
    await service.rotate_feed_token(session, saved=saved, now=utcnow())
    response.headers["ETag"] = _etag(saved)
    return saved_read(saved, settings)


@router.get("/me/saved-searches/{saved_search_id}/matches", response_model=Page[AlertMatchRead])
async def list_matches(
    saved_search_id: Id, principal: CurrentPrincipal, session: DbSession, page: Pagination
) -> Page[AlertMatchRead]:
    """The jobs this search matched, newest first (closed ones too, with their status)."""
    user_id = require_seeker(principal)
    saved = await service.get_owned(session, user_id=user_id, saved_search_id=saved_search_id)
    found, next_cursor = await keyset_page(
        session,
        repository.matched(saved.id),
        params=page,
        scope=f"saved-search-matches:{saved.id}",
        keys=[
            (AlertMatch.matched_at, datetime, lambda item: item.matched_at),
            (AlertMatch.job_id, int, lambda item: item.job_id),
        ],
        descending=True,
    )
    jobs = await repository.jobs_by_id(session, [item.job_id for item in found])
    now = utcnow()
    return Page(
        items=[
            AlertMatchRead(
                job=job_read(jobs[item.job_id], now),
                matched_at=item.matched_at,
                sent_at=item.sent_at,
            )
            for item in found
        ],
        next_cursor=next_cursor,
    )


# -- feeds -------------------------------------------------------------------------------


async def _feed_jobs(session: DbSession, saved: SavedSearch) -> list[tuple[Job, datetime]]:
    matched_at = await repository.open_matches(
        session, saved_search_id=saved.id, now=utcnow(), limit=FEED_ITEMS
    )
    jobs = await repository.jobs_by_id(session, list(matched_at))
    return sorted(
        ((job, matched_at[job.id]) for job in jobs.values()),
        key=lambda pair: (pair[1], pair[0].id),
        reverse=True,
    )


def _feed_etag(saved: SavedSearch, items: list[tuple[Job, datetime]]) -> str:
    newest = items[0][1].timestamp() if items else 0
    return make_etag("alerts", saved.id, saved.version, len(items), int(newest * 1000))


async def _feed(
    token: str, session: DbSession, settings: Settings, request: Request
) -> tuple[SavedSearch, list[tuple[Job, datetime]], str] | Response:
    """The search a feed token names, its jobs and their ETag; or 304 when unchanged."""
    saved = await service.by_feed_token(session, token=token, secret_key=settings.secret_key)
    items = await _feed_jobs(session, saved)
    etag = _feed_etag(saved, items)
    if is_not_modified(request, etag):
        return Response(status_code=304, headers={"ETag": etag})
    return saved, items, etag


def _text(job: Job, settings: Settings) -> str:
    summary = job_summary(job, settings)
    skills = ", ".join(skill.skill.name for skill in job.skills[:8])
    parts = [f"{job.company.name} · {summary['where']}"]
    if skills:
        parts.append(f"Skills: {skills}")
    return "\n".join(parts)


async def _feed_answer(
    token: str, kind: FeedFormat, session: DbSession, settings: Settings, request: Request
) -> Response:
    feed = await _feed(token, session, settings, request)
    if isinstance(feed, Response):
        return feed
    saved, items, etag = feed
    base = settings.public_url.rstrip("/")
    entries = []
    for job, matched in items:
        entries.append(
            FeedEntry(
                url=service.public_job_url(settings.public_url, job.id, job.title),
                id=service.feed_item_id(settings.public_url, job.id),
                title=f"{job.title} at {job.company.name}",
                summary=_text(job, settings),
                published=job.published_at or matched,
                updated=job.updated_at or matched,
                author=job.company.name,
                tags=[skill.skill.name for skill in job.skills],
                extension=job_summary(job, settings),
            )
        )
    document = Feed(
        id=f"{base}/api/v1/alerts/{saved.id}",
        title=f"Jobboard: {saved.name}",
        description=f"New jobs matching the saved search “{saved.name}”.",
        home_page_url=search_url(settings, saved),
        atom_url=f"{base}/api/v1/alerts/{token}.atom",
        json_url=f"{base}/api/v1/alerts/{token}.json",
        updated=items[0][1] if items else saved.updated_at,
        entries=entries,
    )
    return Response(
        feeds.render(document, kind),
        media_type=feeds.MEDIA_TYPES[kind],
        headers={"ETag": etag, "Cache-Control": "private, max-age=300"},
    )


@router.get(
    "/alerts/{token}.json",
    responses={200: {"content": {feeds.MEDIA_TYPES["json"]: {}}}},
    response_class=Response,
)
async def json_feed(
    token: Token, session: DbSession, settings: AppSettings, request: Request
) -> Response:
    """The saved search's jobs as a JSON Feed 1.1 (the address is the credential)."""
    return await _feed_answer(token, "json", session, settings, request)


@router.get(
    "/alerts/{token}.atom",
    responses={200: {"content": {feeds.MEDIA_TYPES["atom"]: {}}}},
    response_class=Response,
)
async def atom_feed(
    token: Token, session: DbSession, settings: AppSettings, request: Request
) -> Response:
    """The saved search's jobs as an Atom feed (the address is the credential)."""
    return await _feed_answer(token, "atom", session, settings, request)
