"""Feed sources and syncing them: map items into jobs through the jobs service, dedupe on
(source, source_id), update on a changed content hash, close what vanished.

A sync reads the feed first; when the feed cannot be read as a whole it records the error on
the feed source and touches no job. Items are imported in chunks, each item in a savepoint,
so one bad item is reported and skipped. Every step is idempotent: a sync interrupted
anywhere can simply run again.
"""

from __future__ import annotations

import hashlib
import html
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import orjson
from pydantic import ValidationError
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.analysis.fields import LocationIn
from jobboard.auth.keys import open_secret, seal_secret
from jobboard.auth.principal import Principal
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.errors import JobboardError, NotFound, ValidationFailed
from jobboard.integrations import outbound
from jobboard.integrations.feeds import fetch
from jobboard.integrations.feeds.items import FeedError, FeedItem, ItemError, ParsedFeed
from jobboard.integrations.feeds.schemas import FeedCreate, FeedCredential, FeedUpdate
from jobboard.jobs import events as job_events
from jobboard.jobs import repository as job_repository
from jobboard.jobs import service as job_service
from jobboard.jobs.schemas import JobClose, JobCreate, JobUpdate
from jobboard.kit.clock import as_utc, utcnow
from jobboard.models import Company, FeedSource, Job
from jobboard.places.gazetteer import Area, City, Country, Division, Place, get_gazetteer
from jobboard.places.regions import REGION_ALIASES

logger = logging.getLogger(__name__)

CHUNK = 200
MAX_TITLE = 200
MAX_DESCRIPTION = 100_000
# The fields of an imported job that the feed owns; the hash covers exactly these.
IMPORTED_FIELDS = (
    "title",
    "description",
    "employment_type",
    "workplace",
    "remote_regions",
    "locations",
    "salary",
    "apply_url",
    "expires_at",
)


def company_feeds(company: Company) -> Select[FeedSource]:
    return select(FeedSource).where(FeedSource.company_id == company.id)


async def get_feed(session: AsyncSession, *, company: Company, feed_id: int) -> FeedSource:
    feed = await session.scalar(company_feeds(company).where(FeedSource.id == feed_id))
    if feed is None:
        raise NotFound(f"{company.slug!r} has no feed {feed_id}.")
    return feed


def _check_url(url: str | None) -> str | None:
    if url is None:
        return None
    try:
        outbound.check_target(url)
    except outbound.OutboundError as error:
        raise ValidationFailed(
            f"The feed URL cannot be used: {error}.",
            errors=[{"field": "body.url", "message": str(error)}],
        ) from error
    return url


# What a feed's sealed credential is bound to: it opens for nothing else.
_CREDENTIAL_PURPOSE = "feed-credential"


def _sealed(credential: FeedCredential | None) -> bytes | None:
    if credential is None:
        return None
    plain = orjson.dumps(
        {"api_key": credential.api_key.get_secret_value(), "account": credential.account}
    )
    return seal_secret(get_settings(), plain, purpose=_CREDENTIAL_PURPOSE)


def _credential_headers(kind: str, sealed: bytes | None) -> dict[str, str] | None:
    """The headers the feed's credential goes in, None when it has none."""
    if sealed is None:
        return None
    values = orjson.loads(open_secret(get_settings(), sealed, purpose=_CREDENTIAL_PURPOSE))
    return fetch.credential_headers(kind, api_key=values["api_key"], account=values["account"])


def _schedule(feed: FeedSource, now: datetime) -> None:
    feed.next_sync_at = now if feed.enabled and feed.sync_interval_minutes else None


async def create_feed(
    session: AsyncSession, *, company: Company, principal: Principal, data: FeedCreate
) -> FeedSource:
    now = utcnow()
    feed = FeedSource(
        company_id=company.id,
        kind=data.kind,
        url=_check_url(str(data.url) if data.url else None),
        board_token=data.board_token,
        credential_ciphertext=_sealed(data.credential),
        sync_interval_minutes=data.sync_interval_minutes,
        enabled=data.enabled,
        created_by_id=principal.user_id,
        created_at=now,
        updated_at=now,
    )
    _schedule(feed, now)
    session.add(feed)
    await session.flush()
    return feed


async def update_feed(session: AsyncSession, *, feed: FeedSource, data: FeedUpdate) -> FeedSource:
    changes = data.model_dump(exclude_unset=True)
    if "url" in changes:
        feed.url = _check_url(str(data.url) if data.url else None)
    for name in ("board_token", "sync_interval_minutes", "enabled"):
        if name in changes:
            setattr(feed, name, changes[name])
    if "credential" in changes:
        if data.credential is not None and feed.kind not in fetch.CREDENTIAL_KINDS:
            raise ValidationFailed(
                f"A {feed.kind} feed takes no credential.",
                errors=[{"field": "body.credential", "message": "not for this kind"}],
            )
        feed.credential_ciphertext = _sealed(data.credential)
    if feed.url is None and feed.board_token is None:
        raise ValidationFailed(
            "A feed needs a URL or a board token.",
            errors=[{"field": "body.url", "message": "give url or board_token"}],
        )
    if feed.board_token is not None and feed.url is None and feed.kind not in fetch.BOARD_URLS:
        raise ValidationFailed(
            f"A {feed.kind} feed is located by url.",
            errors=[{"field": "body.url", "message": "required for this kind"}],
        )
    now = utcnow()
    if {"sync_interval_minutes", "enabled"} & changes.keys():
        _schedule(feed, now)
    feed.updated_at = now
    await session.flush()
    return feed


async def delete_feed(session: AsyncSession, *, feed: FeedSource) -> None:
    """Forget the feed; the jobs it imported stay as they are."""
    await session.delete(feed)
    await session.flush()


async def due_feeds(session: AsyncSession, *, now: datetime, limit: int = 100) -> list[FeedSource]:
    """Feeds whose next sync is due, moved on to their following slot."""
    feeds = list(
        await session.scalars(
            select(FeedSource)
            .where(FeedSource.enabled, FeedSource.next_sync_at <= now)
            .order_by(FeedSource.next_sync_at, FeedSource.id)
            .limit(limit)
        )
    )
    for feed in feeds:
        feed.next_sync_at = now + timedelta(minutes=feed.sync_interval_minutes or 60)
    await session.flush()
    return feeds


# Mapping


def most_specific_places(names: Sequence[str]) -> list[Place]:
    """The places an item names, each as specific as the item gives it: a wider place is
    left out when a more specific one lies within it ("Portugal" beside "Lisbon, Portugal",
    "United States" beside "San Francisco, CA")."""
    gazetteer = get_gazetteer()
    found: list[Place] = []
    for name in names:
        place = gazetteer.resolve_place(name[:200])
        if place is not None and place not in found:
            found.append(place)
    kept = [place for place in found if not any(_within(other, place) for other in found)]
    return kept[:50]


def _within(inner: Place, outer: Place) -> bool:
    """Whether ``inner`` is a more specific place inside ``outer``."""
    if inner == outer:
        return False
    inner_country = (
        inner.code if isinstance(inner, Country) else getattr(inner, "country_code", None)
    )
    if isinstance(outer, Area):
        return not isinstance(inner, Area) and inner_country in outer.countries
    if isinstance(outer, Country):
        return isinstance(inner, City | Division) and inner_country == outer.code
    if isinstance(outer, Division):
        return (
            isinstance(inner, City)
            and inner.country_code == outer.country_code
            and inner.region == outer.name
        )
    return False


def _location_in(place: Place) -> LocationIn:
    """A place as the jobs service takes it back: by id where it has one, else by a name that
    resolves to it again."""
    if isinstance(place, City | Country):
        return LocationIn(geoname_id=place.geoname_id)
    if isinstance(place, Division):
        country = get_gazetteer().country_name(place.country_code) or place.country_code
        return LocationIn(name=f"{place.name}, {country}")
    return LocationIn(name=REGION_ALIASES[place.code][0])


def _regions_of(places: Sequence[Place]) -> list[str]:
    """Where applicants to a remote job may live, from its places wider than a city."""
    regions: list[str] = []
    for place in places:
        if isinstance(place, (Area, Country)):
            regions.append(place.code)
        elif isinstance(place, Division):
            regions.append(place.country_code)
    return sorted(set(regions))


def job_fields(item: FeedItem) -> dict[str, Any]:
    """The job fields an item maps to, validated later by JobCreate/JobUpdate.

    An item is refused only when it names no place a job can have and does not say it is
    remote; every other shortcoming (an unusable URL, an expiry in the past) is left out."""
    places = most_specific_places(item.locations)
    workplace = item.workplace
    if workplace is None:
        workplace = "onsite" if places else None
    if workplace is None:
        raise ItemError(
            "no known place: "
            + (
                "none of " + ", ".join(repr(name) for name in item.locations[:3])
                if item.locations
                else "the item gives no location"
            )
            + " names a city, state, country or region, and the job does not say it is remote"
        )
    if workplace != "remote" and not places:
        raise ItemError(
            f"a {workplace} job needs a place, and none of "
            + (", ".join(repr(name) for name in item.locations[:3]) or "(no location given)")
            + " names a city, state, country or region"
        )
    description = item.description_html or f"<p>{html.escape(item.title)}</p>"
    if len(description) > MAX_DESCRIPTION:
        description = description[:MAX_DESCRIPTION]
    regions = sorted({region for region in item.remote_regions if 2 <= len(region) <= 40})
    if workplace == "remote" and not regions:
        regions = _regions_of(places)
    now = utcnow()
    expires_at = None
    if item.expires_at is not None and now < item.expires_at <= now + timedelta(
        days=get_settings().max_job_ttl_days
    ):
        expires_at = item.expires_at
    return {
        "title": item.title[:MAX_TITLE],
        "description": description,
        "employment_type": item.employment_type or "full_time",
        "workplace": workplace,
        "remote_regions": regions[:30] if workplace == "remote" else [],
        "locations": [_location_in(place).model_dump() for place in places],
        "salary": item.salary.model_dump() if item.salary else None,
        "apply_url": item.apply_url if item.apply_url and len(item.apply_url) <= 2000 else None,
        "expires_at": expires_at,
    }


def content_hash(values: dict[str, Any]) -> str:
    stable = {key: values[key] for key in IMPORTED_FIELDS}
    return hashlib.sha256(orjson.dumps(stable, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _validated_update(values: dict[str, Any]) -> JobUpdate:
    try:
        return JobUpdate.model_validate(values)
    except ValidationError as error:
        if "apply_url" in str(error) and values.get("apply_url"):
            return _validated_update({**values, "apply_url": None})
        raise ItemError(_pydantic_message(error)) from error


def _pydantic_message(error: ValidationError) -> str:
    first = error.errors()[0]
    place = ".".join(str(part) for part in first.get("loc", ()))
    return f"{place}: {first.get('msg', 'invalid')}"


# Syncing


@dataclass(slots=True)
class SyncReport:
    items: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    renewed: int = 0
    closed: int = 0
    failed: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)

    def problem(self, *, index: int, source_id: str | None, message: str) -> None:
        """Count a refused item and keep why: the last result lists every one."""
        self.failed += 1
        self.problems.append({"index": index, "source_id": source_id, "message": message})

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "renewed": self.renewed,
            "closed": self.closed,
            "failed": self.failed,
            "problems": self.problems,
        }


async def _import_item(
    session: AsyncSession,
    *,
    feed: FeedSource,
    company: Company,
    item: FeedItem,
    existing: Job | None,
    report: SyncReport,
    now: datetime,
) -> None:
    values = job_fields(item)
    digest = content_hash(values)
    if existing is None:
        update = _validated_update(values)
        data = JobCreate.model_validate(
            {
                **update.model_dump(exclude_unset=True, mode="json"),
                "company": company.slug,
                "status": "published",
            }
        )
        await job_service.create_company_job(
            session,
            company=company,
            data=data,
            created_by_id=feed.created_by_id,
            source=feed.source_key,
            source_id=item.source_id,
            source_hash=digest,
            description_format="html",
        )
        report.created += 1
        return
    status = job_service.effective_status(existing, now)
    if status in ("closed", "draft"):
        # Closed here (by a member, or an earlier disappearance): a closed job stays closed.
        await job_service.record_verified(session, job=existing, now=now, keep_open=False)
        report.unchanged += 1
        return
    if existing.source_hash != digest:
        update = _validated_update(values)
        if status == "expired":
            update = update.model_copy(update={"expires_at": None})
        existing.source_hash = digest
        await job_service.update_job(session, job=existing, data=update, description_format="html")
        report.updated += 1
    else:
        report.unchanged += 1
    if status == "expired":
        await job_service.publish_job(session, job=existing)
        report.renewed += 1
    await job_service.record_verified(
        session, job=existing, now=now, keep_open=values["expires_at"] is None
    )


async def _import_chunk(
    database: Database, *, feed_id: int, items: list[tuple[int, FeedItem]], report: SyncReport
) -> None:
    now = utcnow()
    async with database.unit_of_work() as session:
        feed = await session.get(FeedSource, feed_id)
        if feed is None:
            return
        company = await session.get(Company, feed.company_id)
        assert company is not None
        known = {
            row.source_id: row
            for row in await session.execute(
                select(Job.id, Job.source_id, Job.source_hash, Job.status, Job.expires_at).where(
                    Job.source == feed.source_key,
                    Job.source_id.in_([item.source_id for _, item in items]),
                )
            )
        }
        # Unchanged, open jobs need no more than a note that the source still lists them.
        unchanged: list[int] = []
        changing: list[tuple[int, FeedItem]] = []
        for index, item in items:
            row = known.get(item.source_id)
            if (
                row is not None
                and row.status == "published"
                and row.expires_at is not None
                and as_utc(row.expires_at) > now
            ):
                try:
                    values = job_fields(item)
                except ItemError as error:
                    report.problem(index=index, source_id=item.source_id, message=str(error))
                    continue
                if row.source_hash == content_hash(values) and not (
                    values["expires_at"] is None
                    and job_service.should_keep_open(row.expires_at, now)
                ):
                    unchanged.append(row.id)
                    continue
            changing.append((index, item))
        await job_service.record_verified_unchanged(session, job_ids=unchanged, now=now)
        report.unchanged += len(unchanged)
        existing = {
            job.source_id: job
            for job in await session.scalars(
                job_repository.with_details(
                    select(Job).where(
                        Job.id.in_(
                            [
                                known[item.source_id].id
                                for _, item in changing
                                if item.source_id in known
                            ]
                        )
                    )
                )
            )
        }
        # Indexing and alert matching hear of the chunk's jobs once, at its end.
        async with job_events.batched(session):
            await _import_changing(
                session,
                feed=feed,
                company=company,
                changing=changing,
                existing=existing,
                report=report,
                now=now,
            )


async def _import_changing(
    session: AsyncSession,
    *,
    feed: FeedSource,
    company: Company,
    changing: list[tuple[int, FeedItem]],
    existing: dict[str | None, Job],
    report: SyncReport,
    now: datetime,
) -> None:
    for index, item in changing:
        try:
            async with session.begin_nested():
                await _import_item(
                    session,
                    feed=feed,
                    company=company,
                    item=item,
                    existing=existing.get(item.source_id),
                    report=report,
                    now=now,
                )
        except (ItemError, JobboardError, ValidationError) as error:
            message = (
                _pydantic_message(error)
                if isinstance(error, ValidationError)
                else getattr(error, "detail", None) or str(error)
            )
            report.problem(index=index, source_id=item.source_id, message=message)


async def _close_vanished(
    database: Database, *, feed_id: int, listed: set[str], report: SyncReport
) -> None:
    async with database.unit_of_work() as session:
        feed = await session.get(FeedSource, feed_id)
        if feed is None:
            return
        open_jobs = await session.execute(
            select(Job.id, Job.source_id).where(
                Job.source == feed.source_key, Job.status.in_(("published", "expired"))
            )
        )
        gone_ids = [job_id for job_id, source_id in open_jobs if source_id not in listed]
        gone = await session.scalars(
            job_repository.with_details(select(Job).where(Job.id.in_(gone_ids)))
        )
        for job in gone:
            await job_service.close_job(
                session,
                job=job,
                data=JobClose(reason="removed_from_source", note="No longer listed by the feed."),
            )
            report.closed += 1


async def record_failure(database: Database, *, feed_id: int, error: str) -> None:
    async with database.unit_of_work() as session:
        feed = await session.get(FeedSource, feed_id)
        if feed is None:
            return
        feed.last_error = error[:2000]
        feed.last_error_at = utcnow()


async def sync(
    database: Database, *, feed_id: int, parsed: ParsedFeed | None = None
) -> SyncReport | None:
    """Sync one feed (fetching it unless ``parsed`` is given). None when the feed is gone."""
    async with database.unit_of_work() as session:
        feed = await session.get(FeedSource, feed_id)
        if feed is None:
            return None
        feed.last_sync_started_at = utcnow()
        kind, url, token = feed.kind, feed.url, feed.board_token
        sealed = feed.credential_ciphertext
    if parsed is None:
        try:
            parsed = await fetch.fetch(
                kind,
                fetch.feed_url(kind, url=url, board_token=token),
                headers=_credential_headers(kind, sealed),
            )
        except FeedError as error:
            logger.warning("feed %s could not be read: %s", feed_id, error)
            await record_failure(database, feed_id=feed_id, error=str(error))
            return None
    report = SyncReport(items=len(parsed.items) + len(parsed.problems))
    for problem in parsed.problems:
        report.problem(index=problem.index, source_id=problem.source_id, message=problem.message)
    numbered: dict[str, tuple[int, FeedItem]] = {}
    for index, item in enumerate(parsed.items):
        if item.source_id in numbered:
            report.problem(
                index=index, source_id=item.source_id, message="listed twice; the first one counts"
            )
            continue
        numbered[item.source_id] = (index, item)
    entries = list(numbered.values())
    for start in range(0, len(entries), CHUNK):
        await _import_chunk(
            database, feed_id=feed_id, items=entries[start : start + CHUNK], report=report
        )
    listed = set(numbered) | {problem.source_id for problem in parsed.problems if problem.source_id}
    await _close_vanished(database, feed_id=feed_id, listed=listed, report=report)
    async with database.unit_of_work() as session:
        feed = await session.get(FeedSource, feed_id)
        if feed is not None:
            feed.last_synced_at = utcnow()
            feed.last_error = None
            feed.last_error_at = None
            feed.last_result = report.as_dict()
    logger.info(
        "feed %s synced: %s",
        feed_id,
        {k: v for k, v in report.as_dict().items() if k != "problems"},
    )
    return report


async def find_or_create_for_import(
    session: AsyncSession, *, company: Company, kind: str, location: str, created_by_id: int | None
) -> FeedSource:
    """The feed source `jobboard import` syncs into: one per company, kind and location."""
    feed = await session.scalar(
        company_feeds(company).where(FeedSource.kind == kind, FeedSource.url == location)
    )
    if feed is None:
        now = utcnow()
        feed = FeedSource(
            company_id=company.id,
            kind=kind,
            url=location,
            sync_interval_minutes=None,
            enabled=True,
            created_by_id=created_by_id,
            created_at=now,
            updated_at=now,
        )
        session.add(feed)
        await session.flush()
    return feed
