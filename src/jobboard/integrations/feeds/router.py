"""REST: a company's feed sources and manual syncs."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from jobboard.auth.dependencies import CurrentPrincipal, IdempotencyKey
from jobboard.companies.dependencies import ValidCompany
from jobboard.dependencies import DbSession, Pagination
from jobboard.integrations import access
from jobboard.integrations.feeds import service, tasks
from jobboard.integrations.feeds.schemas import FeedCreate, FeedRead, FeedUpdate
from jobboard.kit.ids import Id
from jobboard.kit.schemas import Page
from jobboard.models import FeedSource
from jobboard.pagination import keyset_page
from jobboard.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["feeds"])


@router.get("/companies/{slug}/feeds", response_model=Page[FeedRead])
async def list_feeds(
    company: ValidCompany, principal: CurrentPrincipal, session: DbSession, page: Pagination
) -> Page[FeedRead]:
    """The company's feed sources with the outcome of their last sync (members)."""
    await access.require_reader(session, company=company, principal=principal)
    feeds, next_cursor = await keyset_page(
        session,
        service.company_feeds(company),
        params=page,
        scope=f"feeds:{company.id}",
        keys=[(FeedSource.id, int, lambda feed: feed.id)],
    )
    return Page(items=[FeedRead.model_validate(feed) for feed in feeds], next_cursor=next_cursor)


@router.post(
    "/companies/{slug}/feeds", status_code=status.HTTP_201_CREATED, response_model=FeedRead
)
async def create_feed(
    body: FeedCreate,
    company: ValidCompany,
    principal: CurrentPrincipal,
    session: DbSession,
    response: Response,
    _key: IdempotencyKey,
) -> FeedRead:
    """Connect a feed (owners and recruiters). Enabled feeds with an interval sync at once,
    then every `sync_interval_minutes`."""
    await access.require_manager(session, company=company, principal=principal)
    feed = await service.create_feed(session, company=company, principal=principal, data=body)
    response.headers["Location"] = f"/api/v1/companies/{company.slug}/feeds/{feed.id}"
    return FeedRead.model_validate(feed)


@router.get("/companies/{slug}/feeds/{feed_id}", response_model=FeedRead)
async def get_feed(
    feed_id: Id, company: ValidCompany, principal: CurrentPrincipal, session: DbSession
) -> FeedRead:
    """One feed source (members)."""
    await access.require_reader(session, company=company, principal=principal)
    return FeedRead.model_validate(
        await service.get_feed(session, company=company, feed_id=feed_id)
    )


@router.patch("/companies/{slug}/feeds/{feed_id}", response_model=FeedRead)
async def update_feed(
    feed_id: Id,
    body: FeedUpdate,
    company: ValidCompany,
    principal: CurrentPrincipal,
    session: DbSession,
) -> FeedRead:
    """Change the location, interval, or pause it with `enabled: false`."""
    await access.require_manager(session, company=company, principal=principal)
    feed = await service.get_feed(session, company=company, feed_id=feed_id)
    return FeedRead.model_validate(await service.update_feed(session, feed=feed, data=body))


@router.delete("/companies/{slug}/feeds/{feed_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_feed(
    feed_id: Id, company: ValidCompany, principal: CurrentPrincipal, session: DbSession
) -> Response:
    """Disconnect a feed; jobs it imported stay as they are."""
    await access.require_manager(session, company=company, principal=principal)
    feed = await service.get_feed(session, company=company, feed_id=feed_id)
    await service.delete_feed(session, feed=feed)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/companies/{slug}/feeds/{feed_id}/sync",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=FeedRead,
)
async def sync_feed(
    feed_id: Id, company: ValidCompany, principal: CurrentPrincipal, session: DbSession
) -> FeedRead:
    """Queue a sync now (owners and recruiters); its outcome shows in `last_result`."""
    await access.require_manager(session, company=company, principal=principal)
    feed = await service.get_feed(session, company=company, feed_id=feed_id)
    await tasks.request_sync(session, feed=feed)
    return FeedRead.model_validate(feed)
