"""`jobboard import KIND URL_OR_FILE --company SLUG`: sync a feed now, from the command line."""

from __future__ import annotations

from pathlib import Path

import orjson

from jobboard.companies.repository import get_by_slug
from jobboard.config import Settings
from jobboard.db import Database
from jobboard.integrations.feeds import fetch, service
from jobboard.integrations.feeds.items import FeedError
from jobboard.models import FeedSource
from jobboard.models.integrations import FEED_KINDS
from jobboard.wiring import load_tasks


async def run_import(settings: Settings, *, kind: str, source: str, company: str) -> str:
    if kind not in FEED_KINDS:
        raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(FEED_KINDS)}")
    load_tasks(settings.worker_task_modules)
    is_url = source.startswith(("http://", "https://"))
    path = None if is_url else Path(source).resolve()  # noqa: ASYNC240 - once, at start
    if path is not None and not path.is_file():
        raise ValueError(f"{source} is neither an http(s) URL nor a readable file")
    location = source if is_url else f"file:{path}"
    database = Database.from_settings(settings)
    try:
        async with database.unit_of_work() as session:
            found = await get_by_slug(session, company)
            if found is None:
                raise ValueError(f"there is no company {company!r}")
            feed: FeedSource = await service.find_or_create_for_import(
                session, company=found, kind=kind, location=location, created_by_id=None
            )
            feed_id = feed.id
        parsed = None
        if path is not None:
            try:
                parsed = fetch.read_file(kind, path)
            except FeedError as error:
                await service.record_failure(database, feed_id=feed_id, error=str(error))
                raise ValueError(str(error)) from error
        report = await service.sync(database, feed_id=feed_id, parsed=parsed)
        if report is None:
            async with database.unit_of_work() as session:
                failed = await session.get(FeedSource, feed_id)
                raise ValueError(failed.last_error if failed else "the feed is gone")
        return orjson.dumps(
            {"feed_id": feed_id, **report.as_dict()}, option=orjson.OPT_INDENT_2
        ).decode()
    finally:
        await database.dispose()
