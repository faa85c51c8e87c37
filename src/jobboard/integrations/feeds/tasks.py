"""Feed tasks: sync one feed, and (every minute) queue the syncs that are due."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.integrations.feeds import service
from jobboard.kit.clock import utcnow
from jobboard.models import FeedSource
from jobboard.worker import RetryPolicy, TaskContext, defer, periodic, task


@task("feeds.sync", retry=RetryPolicy(max_attempts=3, base_seconds=60))
async def sync_feed(context: TaskContext, *, feed_id: int) -> None:
    """Fetch the feed and import it. A feed that cannot be read is recorded, not retried:
    its schedule tries again."""
    await service.sync(context.database, feed_id=feed_id)


async def request_sync(session: AsyncSession, *, feed: FeedSource) -> None:
    """Queue a sync of the feed, unless one is already waiting."""
    await defer(session, sync_feed, feed_id=feed.id, queueing_lock=f"feed-sync:{feed.id}")


@periodic(timedelta(minutes=1))
@task("feeds.schedule")
async def schedule_syncs(context: TaskContext) -> None:
    """Queue a sync for every enabled feed whose interval has passed."""
    async with context.database.unit_of_work() as session:
        for feed in await service.due_feeds(session, now=utcnow()):
            await request_sync(session, feed=feed)
