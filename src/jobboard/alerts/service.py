"""Saved searches: keeping them (each compiled to a rule filed under its keys), matching
newly published jobs against them, and deciding which alerts are due.

Flow: publishing a job writes an ``alert_pending`` row in the same transaction and queues
``alerts.match``. That task turns pending jobs into ``alert_match`` rows (``match_pending``)
and queues ``alerts.send`` for instant searches; an hourly task sends daily and weekly
digests. Sending marks the matches sent in the transaction that queues the e-mail and the
webhook, so each match is announced once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Table,
    bindparam,
    delete,
    exists,
    func,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.alerts import repository
from jobboard.alerts.rules import RULE_FORMAT, Facts, Place, Rule, matches, rule_keys
from jobboard.alerts.schemas import SavedSearchCreate, SavedSearchUpdate
from jobboard.errors import JobboardError, NotFound, ValidationFailed
from jobboard.integrations import outbound
from jobboard.integrations.webhooks.signing import new_secret
from jobboard.kit.clock import as_utc, utcnow
from jobboard.kit.urls import job_path
from jobboard.models import (
    AlertMatch,
    AlertPending,
    Job,
    JobLocation,
    JobSkill,
    SavedSearch,
    SavedSearchKey,
)
from jobboard.models.job import open_job_clause
from jobboard.search import service as search_service
from jobboard.search.analyzer import get_analyzer
from jobboard.search.filters import resolve_filters
from jobboard.search.indexing import documents_for
from jobboard.search.query import Clause, Phrase, SearchQuery
from jobboard.search.schemas import SearchFilters
from jobboard.search.suggest import Vocabulary

MAX_SAVED_SEARCHES = 50
# The table itself: an insert from a select bypasses the ORM's bulk insert.
_ALERT_MATCH = cast(Table, AlertMatch.__table__)
# Key frequencies come from this many of the newest open jobs, refreshed this often. Reading
# them costs a save request about 0.2 s once an hour per process: enough to tell common
# keys from rare ones, which is all the choice needs.
STATS_SAMPLE = 200
STATS_SECONDS = 3600.0
# Jobs a new saved search starts its feed with (the newest matching ones, not announced).
SEED_JOBS = 20
MATCH_BATCH = 500
# At most this many keys per statement (SQLite's limit on variables is far above).
_KEY_CHUNK = 900
PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
# A digest hour may start a little early; the period is "about a day".
_SLACK = timedelta(minutes=10)


class TooManySavedSearches(JobboardError):
    status = 409
    slug = "too-many-saved-searches"
    title = "Too many saved searches"


# -- keeping saved searches --------------------------------------------------------------


async def get_owned(session: AsyncSession, *, user_id: int, saved_search_id: int) -> SavedSearch:
    saved = await session.scalar(repository.owned(user_id).where(SavedSearch.id == saved_search_id))
    if saved is None:
        raise NotFound(f"You have no saved search {saved_search_id}.")
    return saved


def default_name(search: SearchFilters) -> str:
    """A name for a search saved without one, from what it looks for:
    ``golang jobs, remote, near Berlin``; ``All jobs`` when it has no filters."""
    what = search.q.strip() or " and ".join(
        name.replace("-", " ") for name in [*search.skills, *search.category]
    )
    details = [
        *(value.replace("_", " ") for value in search.seniority),
        *search.workplace,
        *(value.replace("_", " ") for value in search.employment_type),
        *([f"near {search.location}"] if search.location else []),
        *search.country,
        *search.company,
    ]
    if not what and not details:
        return "All jobs"
    name = ", ".join([f"{what} jobs" if what else "Jobs", *details])
    return name if len(name) <= 200 else name[:199] + "…"


def rule_version() -> str:
    """What compiled a rule: the rule format and the analyzer (with its taxonomy); a rule
    compiled by another is compiled again by ``jobboard migrate``."""
    return f"{RULE_FORMAT}/{get_analyzer().version}"


@dataclass(frozen=True, slots=True)
class Compiled:
    rule: Rule
    keys: tuple[str, ...]
    interpreted: str


@dataclass(frozen=True, slots=True)
class KeyStats:
    """How often each key occurs among the newest open jobs, to file rules under rare keys."""

    counts: Counter[str]
    jobs: int
    taken_at: float

    def frequency(self, key: str) -> float:
        return self.counts.get(key, 0) / max(1, self.jobs)


_stats: KeyStats | None = None


async def key_stats(session: AsyncSession, *, now: datetime) -> KeyStats:
    """Key frequencies over the newest ``STATS_SAMPLE`` open jobs, kept for a while."""
    global _stats
    if _stats is not None and time.monotonic() - _stats.taken_at < STATS_SECONDS:
        return _stats
    job_ids = list(
        await session.scalars(
            select(Job.id)
            .where(open_job_clause(now))
            .order_by(Job.published_at.desc(), Job.id.desc())
            .limit(STATS_SAMPLE)
        )
    )
    counts: Counter[str] = Counter()
    for fact in await facts_for(session, job_ids):
        counts.update(fact.index_keys())
    _stats = KeyStats(counts=counts, jobs=len(job_ids), taken_at=time.monotonic())
    return _stats


async def compile_search(
    session: AsyncSession, search: SearchFilters, *, vocabulary: Vocabulary | None
) -> Compiled:
    """Resolve and parse a search the way ``/jobs/search`` does; 422 names the body field."""
    request = search.to_request()
    try:
        filters = await resolve_filters(session, request)
    except ValidationFailed as error:
        raise _in_body(error) from error
    query = search_service.interpret(request.text, vocabulary, spell_check=True)
    rule = Rule.build(query, filters)
    stats = await key_stats(session, now=utcnow())
    return Compiled(rule=rule, keys=rule_keys(rule, stats.frequency), interpreted=query.describe())


def _in_body(error: ValidationFailed) -> ValidationFailed:
    errors = [
        {**item, "field": "body.search." + item["field"].removeprefix("query.")}
        for item in error.extensions.get("errors", [])
    ]
    field = errors[0]["field"] if errors else "body.search"
    message = errors[0]["message"] if errors else error.detail
    return ValidationFailed(f"Check the field {field}: {message}.", errors=errors)


def _check_webhook(url: str | None) -> None:
    if url is None:
        return
    try:
        outbound.check_target(url)
    except outbound.OutboundError as error:
        raise ValidationFailed(
            f"The webhook URL cannot be used: {error}.",
            errors=[{"field": "body.webhook_url", "message": str(error)}],
        ) from error


async def _file(session: AsyncSession, saved: SavedSearch, keys: Sequence[str]) -> None:
    """(Re)file the search under these keys."""
    await session.execute(delete(SavedSearchKey).where(SavedSearchKey.saved_search_id == saved.id))
    session.add_all(SavedSearchKey(key=key, saved_search_id=saved.id) for key in keys)
    await session.flush()


async def create(
    session: AsyncSession,
    *,
    user_id: int,
    body: SavedSearchCreate,
    vocabulary: Vocabulary | None,
    now: datetime,
) -> SavedSearch:
    """Save a search; its feed starts with the newest jobs it finds today."""
    if await repository.count_owned(session, user_id=user_id) >= MAX_SAVED_SEARCHES:
        raise TooManySavedSearches(
            f"You have {MAX_SAVED_SEARCHES} saved searches, the most one account may keep; "
            "delete one first."
        )
    compiled = await compile_search(session, body.search, vocabulary=vocabulary)
    _check_webhook(body.webhook_url)
    saved = SavedSearch(
        user_id=user_id,
        name=body.name,
        search=body.search.model_dump(mode="json"),
        rule=compiled.rule.to_json(),
        rule_version=rule_version(),
        frequency=body.frequency,
        email=body.email,
        webhook_url=body.webhook_url,
        webhook_secret=new_secret() if body.webhook_url else None,
        feed_salt=secrets.token_hex(8),
        active=body.active,
        created_at=now,
        updated_at=now,
    )
    session.add(saved)
    await session.flush()
    await _file(session, saved, compiled.keys)
    await _seed(session, saved, body.search, vocabulary=vocabulary, now=now)
    return saved


async def _seed(
    session: AsyncSession,
    saved: SavedSearch,
    search: SearchFilters,
    *,
    vocabulary: Vocabulary | None,
    now: datetime,
) -> None:
    found = await search_service.search(
        session,
        request=search.to_request(sort="newest", limit=SEED_JOBS),
        vocabulary=vocabulary,
        now=now,
    )
    await insert_matches(
        session, [(saved.id, hit.id) for hit in found.hits], matched_at=now, sent_at=now
    )


async def update_saved(
    session: AsyncSession,
    *,
    saved: SavedSearch,
    body: SavedSearchUpdate,
    vocabulary: Vocabulary | None,
    now: datetime,
) -> str | None:
    """Apply the fields sent; return the new webhook secret when the webhook URL changed."""
    sent = body.model_fields_set
    secret = None
    if "search" in sent and body.search is not None:
        compiled = await compile_search(session, body.search, vocabulary=vocabulary)
        saved.search = body.search.model_dump(mode="json")
        saved.rule = compiled.rule.to_json()
        saved.rule_version = rule_version()
        await _file(session, saved, compiled.keys)
    if "webhook_url" in sent and body.webhook_url != saved.webhook_url:
        _check_webhook(body.webhook_url)
        saved.webhook_url = body.webhook_url
        saved.webhook_secret = new_secret() if body.webhook_url else None
        secret = saved.webhook_secret
    for name in ("name", "frequency", "email", "active"):
        value = getattr(body, name)
        if name in sent and value is not None:
            setattr(saved, name, value)
    saved.updated_at = now
    saved.version += 1
    await session.flush()
    return secret


async def delete_saved(session: AsyncSession, *, saved: SavedSearch) -> None:
    await session.delete(saved)
    await session.flush()


async def rotate_feed_token(session: AsyncSession, *, saved: SavedSearch, now: datetime) -> None:
    saved.feed_salt = secrets.token_hex(8)
    saved.updated_at = now
    saved.version += 1
    await session.flush()


def feed_token(saved: SavedSearch, *, secret_key: str) -> str:
    """``<id>.<mac>``: unguessable, shown again whenever asked, retired by a new salt."""
    message = f"saved-search-feed:{saved.id}:{saved.feed_salt}".encode()
    mac = hmac.new(secret_key.encode(), message, hashlib.sha256).digest()[:18]
    return f"{saved.id}.{base64.urlsafe_b64encode(mac).decode()}"


async def by_feed_token(session: AsyncSession, *, token: str, secret_key: str) -> SavedSearch:
    head, _, _ = token.partition(".")
    saved = await session.get(SavedSearch, int(head)) if head.isdigit() and len(head) < 19 else None
    if saved is None or not hmac.compare_digest(
        feed_token(saved, secret_key=secret_key).encode(), token.encode()
    ):
        raise NotFound("No feed has this address; the saved search may have a new one.")
    return saved


def unsubscribe_token(saved: SavedSearch, *, secret_key: str) -> str:
    """``<id>.<mac>`` for the one-click unsubscribe link of the search's e-mails.

    The MAC covers the search's id, owner and creation time under a key of its own, so the
    token does nothing but turn this search's e-mail off, and stops working when the search
    is deleted (or the secret key changes). It has no expiry: an alert read months later
    must still unsubscribe, and all the token can do is what the owner can undo.
    """
    created = int(as_utc(saved.created_at).timestamp())
    message = f"saved-search-unsubscribe:{saved.id}:{saved.user_id}:{created}".encode()
    key = hashlib.sha256(f"unsubscribe:{secret_key}".encode()).digest()
    mac = hmac.new(key, message, hashlib.sha256).digest()[:18]
    return f"{saved.id}.{base64.urlsafe_b64encode(mac).decode()}"


async def by_unsubscribe_token(
    session: AsyncSession, *, token: str, secret_key: str
) -> SavedSearch:
    head, _, _ = token.partition(".")
    saved = await session.get(SavedSearch, int(head)) if head.isdigit() and len(head) < 19 else None
    if saved is None or not hmac.compare_digest(
        unsubscribe_token(saved, secret_key=secret_key).encode(), token.encode()
    ):
        raise NotFound(
            "This unsubscribe link names no saved search: the search may have been deleted "
            "(then it sends nothing more), or the link was cut short; copy the whole link "
            "from the e-mail."
        )
    return saved


async def stop_email(session: AsyncSession, *, saved: SavedSearch, now: datetime) -> bool:
    """Turn the search's e-mail off (its feeds and webhook go on; the owner can turn it
    back on). Return whether it was on."""
    if not saved.email:
        return False
    saved.email = False
    saved.updated_at = now
    saved.version += 1
    await session.flush()
    return True


def describe(saved: SavedSearch) -> str:
    """The keywords as they are matched, in the query language."""
    rule = Rule.from_json(saved.rule)
    query = SearchQuery(
        required=tuple(
            Clause(tuple(Phrase(terms) for terms in clause)) for clause in rule.required
        ),
        excluded=tuple(Phrase(terms) for terms in rule.excluded),
    )
    return query.describe()


async def recompile_outdated(session: AsyncSession) -> int:
    """Compile again the searches compiled by another rule format or analyzer (``jobboard
    migrate``)."""
    version = rule_version()
    outdated = list(
        await session.scalars(select(SavedSearch).where(SavedSearch.rule_version != version))
    )
    for saved in outdated:
        try:
            compiled = await compile_search(
                session, SearchFilters.model_validate(saved.search), vocabulary=None
            )
        except ValidationFailed:
            # A skill or company it named is gone: it can match nothing any more.
            saved.active = False
            continue
        saved.rule = compiled.rule.to_json()
        saved.rule_version = version
        await _file(session, saved, compiled.keys)
    await session.flush()
    return len(outdated)


async def export_part(session: AsyncSession, *, user_id: int) -> list[dict[str, Any]]:
    return [
        {
            "name": saved.name,
            "search": saved.search,
            "frequency": saved.frequency,
            "email": saved.email,
            "webhook_url": saved.webhook_url,
            "active": saved.active,
            "created_at": saved.created_at.isoformat(),
            "last_sent_at": saved.last_sent_at.isoformat() if saved.last_sent_at else None,
        }
        for saved in await session.scalars(repository.owned(user_id).order_by(SavedSearch.id))
    ]


# -- matching new jobs -------------------------------------------------------------------


async def insert_matches(
    session: AsyncSession,
    pairs: Iterable[tuple[int, int]],
    *,
    matched_at: datetime,
    sent_at: datetime | None = None,
) -> None:
    """Record (saved search, job) matches; a pair already recorded is left as it is.

    PostgreSQL gets the pairs as two arrays in one statement per 50,000 (``unnest``), many
    times faster than a row per parameter set; SQLite takes them as an executemany.
    """
    unique = list(dict.fromkeys(pairs))
    if not unique:
        return
    if session.get_bind().dialect.name == "postgresql":
        pairs_of = select(
            func.unnest(bindparam("searches", type_=ARRAY(BigInteger))).label("saved_search_id"),
            func.unnest(bindparam("jobs", type_=ARRAY(BigInteger))).label("job_id"),
        ).subquery()
        statement = (
            postgresql.insert(_ALERT_MATCH)
            .from_select(
                ["saved_search_id", "job_id", "matched_at", "sent_at"],
                select(
                    pairs_of.c.saved_search_id,
                    pairs_of.c.job_id,
                    bindparam("matched_at", type_=AlertMatch.matched_at.type),
                    bindparam("sent_at", type_=AlertMatch.sent_at.type),
                ),
            )
            .on_conflict_do_nothing()
        )
        for start in range(0, len(unique), 50_000):
            chunk = unique[start : start + 50_000]
            await session.execute(
                statement,
                {
                    "searches": [search_id for search_id, _ in chunk],
                    "jobs": [job_id for _, job_id in chunk],
                    "matched_at": matched_at,
                    "sent_at": sent_at,
                },
            )
        return
    rows = [
        {
            "saved_search_id": search_id,
            "job_id": job_id,
            "matched_at": matched_at,
            "sent_at": sent_at,
        }
        for search_id, job_id in unique
    ]
    for start in range(0, len(rows), 1000):
        await session.execute(
            sqlite.insert(AlertMatch).on_conflict_do_nothing(), rows[start : start + 1000]
        )


async def queue_jobs(session: AsyncSession, *, job_ids: Sequence[int], now: datetime) -> int:
    """Note many published jobs for matching at once; jobs no longer published (or rolled
    back meanwhile) and jobs already waiting are left out. Return how many were noted."""
    waiting = select(AlertPending.job_id).where(AlertPending.job_id.in_(list(job_ids)))
    fresh = list(
        await session.scalars(
            select(Job.id).where(
                Job.id.in_(list(job_ids)), Job.status == "published", Job.id.not_in(waiting)
            )
        )
    )
    session.add_all(AlertPending(job_id=job_id, queued_at=now) for job_id in fresh)
    await session.flush()
    return len(fresh)


async def facts_for(session: AsyncSession, job_ids: Sequence[int]) -> list[Facts]:
    """The matcher's view of these jobs: index terms and the fields filters read."""
    if not job_ids:
        return []
    ids = list(job_ids)
    skills: dict[int, set[int]] = defaultdict(set)
    for job_id, skill_id in await session.execute(
        select(JobSkill.job_id, JobSkill.skill_id).where(JobSkill.job_id.in_(ids))
    ):
        skills[job_id].add(skill_id)
    places: dict[int, list[Place]] = defaultdict(list)
    for job_id, latitude, longitude, country, region, area in await session.execute(
        select(
            JobLocation.job_id,
            JobLocation.latitude,
            JobLocation.longitude,
            JobLocation.country_code,
            JobLocation.region,
            JobLocation.area,
        ).where(JobLocation.job_id.in_(ids))
    ):
        places[job_id].append(Place(latitude, longitude, country, region, area))
    documents = {document.job_id: document for document in await documents_for(session, ids)}
    facts = []
    for job in await session.scalars(select(Job).where(Job.id.in_(ids)).order_by(Job.id)):
        document = documents[job.id]
        fields = (tuple(document.title), tuple(document.skills), tuple(document.body))
        facts.append(
            Facts(
                job_id=job.id,
                fields=fields,
                terms=frozenset(term for field in fields for term in field),
                skill_ids=frozenset(skills[job.id]),
                category_id=job.category_id,
                company_id=job.company_id,
                seniority=job.seniority,
                min_years=job.min_years_experience,
                employment_type=job.employment_type,
                workplace=job.workplace,
                remote_regions=frozenset(job.remote_regions or ()),
                places=tuple(places[job.id]),
                salary_max_usd=job.salary_annual_max_usd,
            )
        )
    return facts


@dataclass(frozen=True, slots=True)
class MatchReport:
    jobs: int
    candidates: int
    """(search, job) pairs tested: what the keys let through."""
    matches: list[tuple[int, int]]
    instant: set[int]
    """Instant searches with new matches."""
    seconds: dict[str, float] = field(default_factory=dict)
    """Time spent finding the candidates, testing them and writing the matches."""


async def match_jobs(
    session: AsyncSession, facts: Sequence[Facts], *, now: datetime
) -> MatchReport:
    """Test these jobs against the active saved searches filed under their keys; record the
    matches."""
    began = time.perf_counter()
    job_keys = [fact.index_keys() for fact in facts]
    by_key: dict[str, set[int]] = defaultdict(set)
    wanted = sorted(set().union(*job_keys)) if job_keys else []
    for start in range(0, len(wanted), _KEY_CHUNK):
        chunk = wanted[start : start + _KEY_CHUNK]
        for key, search_id in await session.execute(
            select(SavedSearchKey.key, SavedSearchKey.saved_search_id).where(
                SavedSearchKey.key.in_(chunk)
            )
        ):
            by_key[key].add(search_id)
    candidate_ids = sorted(set().union(*by_key.values())) if by_key else []
    rules: dict[int, tuple[Rule, str]] = {}
    for start in range(0, len(candidate_ids), _KEY_CHUNK):
        for search_id, rule, frequency in await session.execute(
            select(SavedSearch.id, SavedSearch.rule, SavedSearch.frequency).where(
                SavedSearch.id.in_(candidate_ids[start : start + _KEY_CHUNK]),
                SavedSearch.active.is_(True),
            )
        ):
            rules[search_id] = (Rule.from_json(rule), frequency)
    looked_up = time.perf_counter()
    tested = 0
    found: list[tuple[int, int]] = []
    instant: set[int] = set()
    for fact, keys in zip(facts, job_keys, strict=True):
        searches: set[int] = set()
        for key in keys:
            filed = by_key.get(key)
            if filed:
                searches |= filed
        for search_id in sorted(searches):
            entry = rules.get(search_id)
            if entry is None:
                continue
            tested += 1
            if matches(entry[0], fact):
                found.append((search_id, fact.job_id))
                if entry[1] == "instant":
                    instant.add(search_id)
    matched = time.perf_counter()
    await insert_matches(session, found, matched_at=now)
    return MatchReport(
        jobs=len(facts),
        candidates=tested,
        matches=found,
        instant=instant,
        seconds={
            "lookup": looked_up - began,
            "test": matched - looked_up,
            "write": time.perf_counter() - matched,
        },
    )


async def match_pending(
    session: AsyncSession, *, now: datetime, batch: int | None = None
) -> tuple[MatchReport, bool]:
    """Match up to ``batch`` pending jobs (those still open) and clear them; return the
    report and whether more are pending."""
    pending = list(
        await session.scalars(
            select(AlertPending.job_id)
            .order_by(AlertPending.job_id)
            .limit(batch or MATCH_BATCH)
            .with_for_update(skip_locked=True)
        )
    )
    if not pending:
        return MatchReport(jobs=0, candidates=0, matches=[], instant=set()), False
    open_ids = list(
        await session.scalars(select(Job.id).where(Job.id.in_(pending), open_job_clause(now)))
    )
    report = await match_jobs(session, await facts_for(session, open_ids), now=now)
    await session.execute(delete(AlertPending).where(AlertPending.job_id.in_(pending)))
    more = await session.scalar(select(exists().where(AlertPending.job_id.not_in(pending))))
    return report, bool(more)


# -- sending -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Alert:
    saved_search_id: int
    job_ids: list[int]
    email: bool
    webhook: bool


async def take_unsent(session: AsyncSession, *, saved: SavedSearch, now: datetime) -> Alert | None:
    """Mark the search's unsent matches sent; return what to announce (open jobs only)."""
    rows = list(
        await session.execute(
            select(AlertMatch.job_id, open_job_clause(now))
            .join(Job, Job.id == AlertMatch.job_id)
            .where(AlertMatch.saved_search_id == saved.id, AlertMatch.sent_at.is_(None))
            .order_by(AlertMatch.matched_at.desc(), AlertMatch.job_id.desc())
        )
    )
    if not rows:
        return None
    await session.execute(
        update(AlertMatch)
        .where(AlertMatch.saved_search_id == saved.id, AlertMatch.sent_at.is_(None))
        .values(sent_at=now)
    )
    job_ids = [job_id for job_id, is_open in rows if is_open]
    if not job_ids or not saved.active:
        return None
    saved.last_sent_at = now
    await session.flush()
    return Alert(
        saved_search_id=saved.id,
        job_ids=job_ids,
        email=saved.email,
        webhook=saved.webhook_url is not None,
    )


async def due_digests(
    session: AsyncSession, *, now: datetime, limit: int = 200
) -> list[SavedSearch]:
    """Daily and weekly searches whose period has passed and that have something to say."""
    unsent = exists().where(
        AlertMatch.saved_search_id == SavedSearch.id, AlertMatch.sent_at.is_(None)
    )
    since = func.coalesce(SavedSearch.last_sent_at, SavedSearch.created_at)
    return list(
        await session.scalars(
            select(SavedSearch)
            .where(
                SavedSearch.active.is_(True),
                or_(
                    *(
                        (SavedSearch.frequency == name) & (since <= now - period + _SLACK)
                        for name, period in PERIODS.items()
                    )
                ),
                unsent,
            )
            .order_by(SavedSearch.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )


def public_job_url(public_url: str, job_id: int, title: str) -> str:
    """The address of the job's canonical page, which every link to a job points to."""
    return public_url.rstrip("/") + job_path(job_id, title)


def feed_item_id(public_url: str, job_id: int) -> str:
    """What names a job in a feed for good: feed readers take an item whose id changed for
    a new one, so the id leaves out the slug that a new title would change."""
    return f"{public_url.rstrip('/')}/jobs/{job_id}"


async def matches_after(
    session: AsyncSession,
    *,
    saved_search_id: int,
    after: tuple[datetime, int],
    limit: int = 100,
) -> list[AlertMatch]:
    """The search's matches after a (matched_at, job id) position, oldest first: what a
    live subscriber has not yet been told of."""
    matched_at, job_id = after
    return list(
        await session.scalars(
            repository.matched(saved_search_id)
            .where(tuple_(AlertMatch.matched_at, AlertMatch.job_id) > tuple_(matched_at, job_id))
            .order_by(AlertMatch.matched_at, AlertMatch.job_id)
            .limit(limit)
        )
    )
