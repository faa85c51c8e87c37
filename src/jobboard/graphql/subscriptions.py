"""Subscriptions over WebSocket (graphql-transport-ws): ``newJobs`` tells a saved search's
owner of each job the alert matcher files under it, as it files it.

The matcher writes its matches to the database (``alert_match``) on whichever worker runs
it, so every API replica can serve a subscriber: each subscription reads the matches after
the last one it sent, every ``POLL_SECONDS``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any

import strawberry
from strawberry.types import Info

from jobboard.alerts import service as alerts_service
from jobboard.graphql import types
from jobboard.graphql.context import context_of
from jobboard.jobs.readers import job_read
from jobboard.kit.clock import utcnow
from jobboard.seekers import service as seeker_service
from jobboard.seekers.service import require_seeker

POLL_SECONDS = 1.0


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Jobs as the alert matcher finds them for one of your saved searches, "
        "from the moment you subscribe (the search's owner only)."
    )
    async def new_jobs(
        self, info: Info[Any, Any], saved_search_id: strawberry.ID
    ) -> AsyncGenerator[types.Job, None]:
        context = context_of(info)
        number = types.database_id(saved_search_id, "SavedSearch")
        user_id = require_seeker(context.principal)
        database = context.database
        async with database.read_session() as session:
            await alerts_service.get_owned(session, user_id=user_id, saved_search_id=number)
        position = (utcnow(), 0)
        while True:
            async with database.read_session() as session:
                # Owned still: a deleted search ends the subscription with not-found.
                await alerts_service.get_owned(session, user_id=user_id, saved_search_id=number)
                matches = await alerts_service.matches_after(
                    session, saved_search_id=number, after=position
                )
                jobs = await seeker_service.jobs_by_id(session, [item.job_id for item in matches])
            now = utcnow()
            for match in matches:
                position = (match.matched_at, match.job_id)
                if match.job_id in jobs:
                    yield types.Job.of(job_read(jobs[match.job_id], now))
            if not matches:
                await asyncio.sleep(POLL_SECONDS)
