"""Job search: resolve filters, match and rank, facet, page, highlight.

The statement is the same SQL on both engines except for what ``backends`` supplies (the
full-text match and its score, a few engine-specific expressions). Its shape:

    matched   open jobs passing every filter and the keyword query (a materialised CTE)
    scored    + sort keys; for relevance, the score of the newest RANK_WINDOW matches
    capped    at most N per company when asked (a window function)
    page      keyset condition from the cursor, ordered, LIMIT n + 1, with the total

Relevance is the engine's text score (bm25 / ts_rank_cd, title > skills > body) times a
freshness factor between 2 (published now) and 1 (long ago). Only the newest RANK_WINDOW
(500) matches are scored; older matches follow them, newest first. Ranking costs time per ranked
row, so this keeps broad queries ("engineer") fast while narrow ones are ranked in full.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    true,
    tuple_,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.cache import Cache
from jobboard.config import get_settings
from jobboard.errors import InvalidCursor
from jobboard.kit.cursor import decode_cursor, encode_cursor
from jobboard.models import Category, Job, JobLocation, JobSkill, Skill
from jobboard.models.job import open_job_clause
from jobboard.places.gazetteer import get_gazetteer, haversine_km
from jobboard.search import backends, highlight
from jobboard.search.analyzer import Analyzer, get_analyzer
from jobboard.search.backends import SearchBackend
from jobboard.search.filters import clauses as filter_clauses
from jobboard.search.filters import problem, resolve_filters
from jobboard.search.hits import load_hits
from jobboard.search.indexing import generation, prepare_search
from jobboard.search.query import Phrase, SearchQuery, parse, with_alternatives
from jobboard.search.schemas import (
    Correction,
    FacetValue,
    QueryInfo,
    ResolvedLocation,
    SearchHit,
    SearchRequest,
)
from jobboard.search.suggest import Vocabulary

RANK_WINDOW = 500
TOTAL_CAP = 1_000
FACET_CACHE_SECONDS = 300
# Facets of a search matching more than TOTAL_CAP jobs are counted over one job in 64 (by id),
# or one in 8, whichever first gives at least FACET_MIN_SAMPLE jobs, and multiplied up:
# counting every match reads each one's skills and places, hundreds of ms for a word found
# in half the jobs. Fewer matches are counted in full. Rates beyond the sample terms of
# PostgreSQL's documents (backends.SAMPLE_MODULUS: 128 to 512 here) are tried only when the
# planner expects their sample to hold FACET_TARGET_SAMPLE jobs, so the sample stays near
# 300 to 600 jobs whatever the size (at a million jobs, one in 64 of a common word's
# matches is 7,000 jobs; at 100,000, 730).
FACET_SAMPLE_RATES = (512, 256, 128, 64, 8)
FACET_MIN_SAMPLE = 200
FACET_TARGET_SAMPLE = 300
FRESHNESS_DAYS = 7.0
# Sorted by distance, the jobs within the radius are checked against the other filters this
# many at a time, nearest first (then twice as many each time).
DISTANCE_CHUNK = 1_500
_KM_PER_DEGREE = 111.195
# Annual pay bands in USD (cents) for the salary facet; the last is open-ended.
SALARY_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 5_000_000),
    (5_000_000, 10_000_000),
    (10_000_000, 15_000_000),
    (15_000_000, 20_000_000),
    (20_000_000, None),
)


_problem = problem


@dataclass(frozen=True, slots=True)
class _Position:
    """Where a page ends: the first page's time (``as_of``), the relevance window's lower
    bound, the sort key of the last job shown, and the total the first page counted (later
    pages show it again rather than count once more)."""

    as_of: datetime
    boundary: tuple[datetime, int] | None
    key: tuple[Any, ...]
    total: tuple[int, bool] | None = None


_KEY_TYPES: dict[str, tuple[type, ...]] = {
    "relevance": (int, float, datetime, int),
    "newest": (datetime, int),
    "salary": (int, int),
    "distance": (float, int),
}


def _scope(request: SearchRequest) -> str:
    """Cursors are valid only for the request that issued them (limit and facets aside)."""
    fields = {
        name: getattr(request, name)
        for name in request.__dataclass_fields__
        if name not in ("cursor", "limit", "facets", "spell_check")
    }
    digest = hashlib.sha256(orjson.dumps(fields, default=str, option=orjson.OPT_SORT_KEYS))
    return "search:" + digest.hexdigest()[:32]


def _encode(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _decode(value: Any, kind: type) -> Any:
    if kind is datetime and isinstance(value, str):
        return datetime.fromisoformat(value)
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind is int and type(value) is int:
        return value
    raise ValueError(value)


def _read_cursor(request: SearchRequest, sort: str) -> _Position | None:
    if request.cursor is None:
        return None
    raw = decode_cursor(request.cursor, scope=_scope(request), secret=get_settings().secret_key)
    try:
        as_of_raw, boundary_raw, key_raw, *rest = raw
        as_of = _decode(as_of_raw, datetime)
        boundary = None
        if boundary_raw is not None:
            boundary = (_decode(boundary_raw[0], datetime), _decode(boundary_raw[1], int))
        kinds = _KEY_TYPES[sort]
        if len(key_raw) != len(kinds):
            raise ValueError(key_raw)
        key = tuple(_decode(value, kind) for value, kind in zip(key_raw, kinds, strict=True))
        total = None
        if rest:
            (total_raw,) = rest
            total = (_decode(total_raw[0], int), bool(total_raw[1]))
    except (ValueError, TypeError, IndexError) as error:
        raise InvalidCursor(
            "The cursor does not fit this search; start from the first page."
        ) from error
    if as_of.tzinfo is None:
        raise InvalidCursor("The cursor does not fit this search; start from the first page.")
    return _Position(as_of=as_of, boundary=boundary, key=key, total=total)


def _write_cursor(request: SearchRequest, position: _Position) -> str:
    boundary = (
        None if position.boundary is None else [_encode(position.boundary[0]), position.boundary[1]]
    )
    payload: list[Any] = [
        _encode(position.as_of),
        boundary,
        [_encode(value) for value in position.key],
    ]
    if position.total is not None:
        payload.append([position.total[0], position.total[1]])
    return encode_cursor(payload, scope=_scope(request), secret=get_settings().secret_key)


# -- resolving the request -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Resolved:
    query: SearchQuery
    clauses: list[ColumnElement[bool]]
    nearby: dict[int, float] | None
    location: ResolvedLocation | None
    # The ids matching the keywords, when the engine found them few enough to list.
    few_matches: list[int] | None = None
    # Whether few_matches has been decided: not yet when `recent` may make it unneeded.
    listed: bool = True
    # The ids of the matches published in a recent span expected to hold TOTAL_CAP + 1
    # of them (see _Sources); None when the engine or the request does not allow it.
    recent: list[int] | None = None


async def _nearby_jobs(
    session: AsyncSession,
    backend: SearchBackend,
    latitude: float,
    longitude: float,
    radius_km: float,
) -> dict[int, float]:
    """Jobs with a location within the radius and their distance to the nearest one.

    A bounding box on the (latitude, longitude) index finds the candidates, grouped by
    point: jobs are placed at gazetteer cities, so a big city's box holds thousands of job
    locations but a handful of points. The exact great-circle distance of each point is
    computed here (``haversine_km``), so both engines agree on every border case.
    """
    degrees_latitude = radius_km / _KM_PER_DEGREE
    widest = min(89.9, abs(latitude) + degrees_latitude)
    degrees_longitude = min(180.0, degrees_latitude / math.cos(math.radians(widest)))
    clauses = [
        JobLocation.latitude >= latitude - degrees_latitude,
        JobLocation.latitude <= latitude + degrees_latitude,
    ]
    if degrees_longitude < 180:
        west, east = longitude - degrees_longitude, longitude + degrees_longitude
        ranges = [(max(west, -180.0), min(east, 180.0))]
        if west < -180:
            ranges.append((west + 360, 180.0))
        if east > 180:
            ranges.append((-180.0, east - 360))
        clauses.append(or_(*(JobLocation.longitude.between(low, high) for low, high in ranges)))
    points = []
    for point_latitude, point_longitude, ids in await session.execute(
        select(
            JobLocation.latitude,
            JobLocation.longitude,
            backend.collect_ids(JobLocation.__table__.c.job_id),
        )
        .where(*clauses)
        .group_by(JobLocation.latitude, JobLocation.longitude)
    ):
        distance = haversine_km(latitude, longitude, point_latitude, point_longitude)
        if distance <= radius_km:
            points.append((round(distance, 3), ids))
    # Farthest first, so a job placed at several points keeps its nearest.
    nearest: dict[int, float] = {}
    for distance, ids in sorted(points, key=lambda point: point[0], reverse=True):
        nearest.update(dict.fromkeys(backend.collected(ids), distance))
    return nearest


async def _resolve(
    session: AsyncSession,
    request: SearchRequest,
    *,
    backend: SearchBackend,
    analyzer: Analyzer,
    vocabulary: Vocabulary | None,
    now: datetime,
    as_of: datetime,
    newest_first: bool = False,
) -> _Resolved:
    filters = await resolve_filters(session, request)
    query = interpret(request.text, vocabulary, spell_check=request.spell_check)
    narrowing = filter_clauses(filters, backend)
    clauses = [open_job_clause(now), Job.published_at <= as_of, *narrowing]
    if request.posted_within_days is not None:
        clauses.append(Job.published_at >= now - timedelta(days=request.posted_within_days))
    nearby = None
    location = filters.location
    if location is not None:
        nearby = await _nearby_jobs(
            session, backend, location.latitude, location.longitude, location.radius_km
        )
    elif request.sort == "distance":
        raise _problem("query.sort", "sorting by distance needs a `location`")

    if not query.required and query.excluded:
        clauses.append(Job.id.not_in(backend.matching(query.excluded)))
    recent = None
    if newest_first and query.required and not narrowing and location is None:
        # Only the keywords narrow the list: how many of the newest jobs hold a page and
        # the count depends on them alone. (With filters too, a span chosen for the
        # keywords would often hold too few, and every read would be done twice.) A time
        # limit only cuts the list's end: the span is taken when it starts after it.
        # A cap per company drops some of the newest matches: ask for twice as many.
        wanted = (TOTAL_CAP + 1) * (1 if request.per_company is None else 2)
        not_before = None
        if request.posted_within_days is not None:
            not_before = now - timedelta(days=request.posted_within_days)
        recent = await backend.recent_matches(
            session, query, as_of=as_of, wanted=wanted, not_before=not_before
        )
    if recent is not None:
        return _Resolved(
            query=query,
            clauses=clauses,
            nearby=nearby,
            location=location,
            listed=False,
            recent=recent,
        )
    few = await backend.few_matches(session, query) if query.required else None
    return _Resolved(
        query=query, clauses=clauses, nearby=nearby, location=location, few_matches=few
    )


class _Sources:
    """The statement of every match, and, when the engine listed the matches of a recent
    span (``_Resolved.recent``), one over those to read first.

    The recent matches are every match published since some moment, so a newest-first read
    of them is the start of the same read over every match: when it returns all the rows
    it asked for, they are the rows the full read would return; when it returns fewer, the
    read is done again over every match. Broad keyword searches then read a few thousand
    listed ids instead of walking jobs and testing each one's text."""

    def __init__(self, session: AsyncSession, resolved: _Resolved, backend: SearchBackend):
        self._session = session
        self._backend = backend
        self.resolved = resolved
        self.recent = None if resolved.recent is None else _matched(resolved, backend, recent=True)
        self._all = _matched(resolved, backend) if resolved.listed else None

    async def all(self) -> Select[Any]:
        """Every match (asking the engine for the few matching ids first, if not yet)."""
        if self._all is None:
            resolved = self.resolved
            few = await self._backend.few_matches(self._session, resolved.query)
            self.resolved = replace(resolved, few_matches=few, listed=True)
            self._all = _matched(self.resolved, self._backend)
        return self._all

    async def settled(self) -> _Resolved:
        """The request with every match decided (facets count over every match)."""
        await self.all()
        return self.resolved

    async def rows(
        self,
        build: Callable[[Select[Any]], Select[Any]],
        wanted: int,
        *,
        read: Callable[[list[Any]], int] = len,
    ) -> list[Any]:
        """The rows of a newest-first read of ``wanted`` rows (``build`` makes it from the
        matches; ``read`` says how many it read): from the recent matches if they hold
        that many."""
        if self.recent is not None:
            rows = list((await self._session.execute(build(self.recent))).all())
            if read(rows) >= wanted:
                return rows
        return list((await self._session.execute(build(await self.all()))).all())


def interpret(text: str, vocabulary: Vocabulary | None, *, spell_check: bool) -> SearchQuery:
    """The query as the engines will match it: parsed, and with typo tolerance applied."""
    analyzer = get_analyzer()
    query = parse(text, analyzer)
    if vocabulary is not None and spell_check:
        query = _tolerate_typos(query, analyzer, vocabulary)
    return query


def _tolerate_typos(query: SearchQuery, analyzer: Analyzer, vocabulary: Vocabulary) -> SearchQuery:
    """Let a word that is no known title word or skill also match its nearest known one."""
    extra: dict[int, tuple[str, Phrase]] = {}
    for index, clause in enumerate(query.required):
        if clause.word is None or len(clause.alternatives) != 1:
            continue
        if all(vocabulary.knows(term) for term in clause.alternatives[0].terms):
            continue
        words = analyzer.words(clause.word)
        if len(words) != 1:
            continue
        correction = vocabulary.correct(words[0])
        if correction is None:
            continue
        terms = tuple(analyzer.terms(correction))
        if terms:
            extra[index] = (correction, Phrase(terms))
    return with_alternatives(query, extra) if extra else query


# -- the statement ---------------------------------------------------------------------------


def _matched(
    resolved: _Resolved, backend: SearchBackend, *, sample: int = 1, recent: bool = False
) -> Select[Any]:
    """Open jobs passing every filter and the keyword query, with what sorting and facets
    read; a statement each query below wraps as a subquery, so the engine can stop early
    where the ordering allows it. With ``recent``, only the recent matches (see
    ``_Sources``)."""
    columns: list[Any] = [
        Job.id.label("job_id"),
        Job.company_id.label("company_id"),
        Job.published_at.label("published_at"),
        Job.category_id.label("category_id"),
        Job.seniority.label("seniority"),
        Job.employment_type.label("employment_type"),
        Job.workplace.label("workplace"),
        Job.salary_annual_min_usd.label("salary_min_usd"),
        Job.salary_annual_max_usd.label("salary_usd"),
        null().label("distance_km"),
    ]
    statement = select(*columns).where(*resolved.clauses)
    if recent:
        assert resolved.recent is not None
        statement = statement.where(backend.id_in(Job.__table__.c.id, resolved.recent))
    elif resolved.few_matches is not None:
        statement = statement.where(backend.id_in(Job.__table__.c.id, resolved.few_matches))
    elif resolved.query.required:
        statement = backend.restrict(statement, resolved.query, sample=sample)
    if sample > 1:
        statement = statement.where(Job.__table__.c.id % sample == 0)
    if resolved.nearby is not None:
        # Distances are known here; the database only looks the jobs up by id.
        statement = statement.where(backend.id_in(Job.__table__.c.id, list(resolved.nearby)))
    return statement


async def _distance_rows(
    session: AsyncSession,
    sources: _Sources,
    backend: SearchBackend,
    position: _Position | None,
    per_company: int | None,
    limit: int,
) -> tuple[list[_Row], tuple[int, bool] | None]:
    """Nearest first: the distances of the jobs within the radius are known here, so they
    are ordered here and the database is asked which of them pass the other filters, the
    nearest DISTANCE_CHUNK first, then twice as many at a time, until the page is full and
    the count (with the cap per company) has passed TOTAL_CAP or the cursor carries it.
    A big city holds tens of thousands of jobs at a million; a page needs the nearest few.
    Return the rows and the (capped) total, None when it was not counted."""
    resolved = await sources.settled()
    assert resolved.nearby is not None
    nearby = resolved.nearby
    # By (distance, id): by id, then stably by distance, both sorts keyed in C (a tuple key
    # per job was half the request at a million jobs).
    ordered = sorted(sorted(nearby), key=nearby.__getitem__)
    counting = position is None or position.total is None
    kept: dict[int, int] = {}
    rows: list[_Row] = []
    accepted = 0
    start, size = 0, DISTANCE_CHUNK
    while start < len(ordered):
        part = ordered[start : start + size]
        start, size = start + size, size * 2
        chunk = {job_id: nearby[job_id] for job_id in part}
        matched = _matched(replace(resolved, nearby=chunk), backend).subquery("matched")
        rows_found = await session.execute(select(matched.c.job_id, matched.c.company_id))
        companies: dict[int, int] = {row.job_id: row.company_id for row in rows_found}
        for job_id, distance in chunk.items():
            company_id = companies.get(job_id)
            if company_id is None:
                continue
            kept[company_id] = kept.get(company_id, 0) + 1
            if per_company is not None and kept[company_id] > per_company:
                continue
            accepted += 1
            if len(rows) > limit or (position is not None and (distance, job_id) <= position.key):
                continue
            rows.append(_Row(job_id, distance, 0, 0.0, distance, job_id))
        if len(rows) > limit and (accepted > TOTAL_CAP or not counting):
            break
    total = (min(accepted, TOTAL_CAP), accepted <= TOTAL_CAP)
    return rows, total if counting else None


def _keyset(columns: Sequence[Any], values: Sequence[Any], descending: bool) -> Any:
    literals = [literal(value, column.type) for value, column in zip(values, columns, strict=True)]
    row, position = tuple_(*columns), tuple_(*literals)
    return row < position if descending else row > position


async def _count(
    session: AsyncSession, sources: _Sources, per_company: int | None
) -> tuple[int, bool]:
    """How many jobs the list holds, counted up to TOTAL_CAP so broad searches stop early
    (when the recent matches alone pass it, so do all)."""

    def counting(matched: Select[Any]) -> Select[Any]:
        if per_company is None:
            rows = matched.with_only_columns(Job.id)
        else:
            source = matched.subquery("matched")
            numbered = select(
                func.row_number()
                .over(partition_by=source.c.company_id, order_by=source.c.job_id)
                .label("company_rank")
            ).subquery("numbered")
            rows = select(numbered.c.company_rank).where(numbered.c.company_rank <= per_company)
        capped = rows.limit(TOTAL_CAP + 1).subquery("capped")
        return select(func.count()).select_from(capped)

    count = 0
    if sources.recent is not None:
        count = int(await session.scalar(counting(sources.recent)) or 0)
    if count <= TOTAL_CAP:
        count = int(await session.scalar(counting(await sources.all())) or 0)
    return min(count, TOTAL_CAP), count <= TOTAL_CAP


@dataclass(frozen=True, slots=True)
class _Row:
    job_id: int
    distance_km: float | None
    tier: int
    score: float
    key_published_at: Any
    key_id: int

    @property
    def key_distance(self) -> Any:
        return self.key_published_at


def freshness(published_at: datetime, as_of: datetime) -> float:
    """2 for a job published at ``as_of``, 1.5 a week earlier, towards 1 for old ones."""
    age_days = max(0.0, (as_of - published_at).total_seconds() / 86400)
    return 1.0 + FRESHNESS_DAYS / (FRESHNESS_DAYS + age_days)


async def _relevance_rows(
    session: AsyncSession,
    sources: _Sources,
    *,
    backend: SearchBackend,
    query: SearchQuery,
    position: _Position | None,
    boundary: tuple[datetime, int] | None,
    as_of: datetime,
    limit: int,
) -> tuple[list[Any], tuple[datetime, int] | None, tuple[int, bool] | None]:
    """Tier 1: the newest RANK_WINDOW matches by score; tier 2: older matches, newest first.
    Return the rows of the page, the window's lower bound (None when every match is in
    the window) and, on the first page, the total.

    The window is read newest first and stops after RANK_WINDOW matches; only its jobs are
    scored (the engine's text score for exactly those ids, times freshness, here). On the
    first page the same read goes on to TOTAL_CAP + 1 matches, which is the count. Tier 2 is
    one more statement that stops after the page. Neither touches every match.
    """
    rows: list[Any] = []
    counted = None
    in_tier_two = position is not None and position.key[0] == 0
    if not in_tier_two:
        wanted = RANK_WINDOW if position is not None else TOTAL_CAP + 1

        def window_query(matched: Select[Any]) -> Select[Any]:
            newest = matched.subquery("matched")
            listing = select(newest.c.job_id, newest.c.published_at, newest.c.distance_km)
            if boundary is not None:
                listing = listing.where(
                    tuple_(newest.c.published_at, newest.c.job_id)
                    >= tuple_(
                        literal(boundary[0], newest.c.published_at.type), literal(boundary[1])
                    )
                )
            listing = listing.order_by(newest.c.published_at.desc(), newest.c.job_id.desc())
            if position is not None:
                listing = listing.limit(wanted)
            else:
                # The first TOTAL_CAP + 1 are counted where they are read; only the window
                # comes back.
                first = listing.limit(wanted).subquery("first")
                listing = (
                    select(
                        first.c.job_id,
                        first.c.published_at,
                        first.c.distance_km,
                        func.count().over().label("matches"),
                    )
                    .order_by(first.c.published_at.desc(), first.c.job_id.desc())
                    .limit(RANK_WINDOW)
                )
            ranked = backend.ranked(listing, query)
            return listing if ranked is None else ranked

        def read(rows: list[Any]) -> int:
            if position is not None or not rows:
                return len(rows)
            return int(rows[0].matches)

        window = await sources.rows(window_query, wanted, read=read)
        if position is None:
            matches = read(window)
            counted = (min(matches, TOTAL_CAP), matches <= TOTAL_CAP)
            if matches >= RANK_WINDOW:
                oldest = min(window, key=lambda row: (row.published_at, row.job_id))
                boundary = (_aware(oldest.published_at), int(oldest.job_id))
        if window and "rank" in window[0]._fields:
            ranks = {row.job_id: float(row.rank) for row in window}
        else:
            ranks = await backend.ranks(session, query, [row.job_id for row in window])
        scored = []
        for row in window:
            published_at = _aware(row.published_at)
            score = ranks.get(row.job_id, 0.0) * freshness(published_at, as_of)
            if position is None or (1, score, published_at, row.job_id) < position.key:
                scored.append((score, published_at, row.job_id, row.distance_km))
        rows = [
            _Row(job_id, distance_km, 1, score, published_at, job_id)
            for score, published_at, job_id, distance_km in heapq.nlargest(
                limit + 1, scored, key=lambda item: item[:3]
            )
        ]
    if len(rows) <= limit and boundary is not None:
        older_boundary = boundary
        wanted = limit + 1 - len(rows)

        def page_query(matched: Select[Any]) -> Select[Any]:
            older = matched.subquery("matched")
            keys = [older.c.published_at, older.c.job_id]
            page = select(
                older.c.job_id,
                older.c.distance_km,
                literal(0).label("tier"),
                literal(0.0).label("score"),
                older.c.published_at.label("key_published_at"),
                older.c.job_id.label("key_id"),
            ).where(_keyset(keys, older_boundary, descending=True))
            if in_tier_two and position is not None:
                page = page.where(_keyset(keys, position.key[2:], descending=True))
            return page.order_by(*(key.desc() for key in keys)).limit(wanted)

        rows += await sources.rows(page_query, wanted)
    return rows, boundary, counted


def _sort_keys(source: Any, sort: str) -> list[Any]:
    if sort == "newest":
        return [source.c.published_at.label("key_published_at"), source.c.job_id.label("key_id")]
    return [
        func.coalesce(source.c.salary_usd, literal_column("-1")).label("key_salary"),
        source.c.job_id.label("key_id"),
    ]


def _sorted_page(
    matched: Select[Any], sort: str, position: _Position | None, limit: int
) -> Select[Any]:
    """A page by newest or salary (both descending)."""
    source = matched.subquery("matched")
    keys = _sort_keys(source, sort)
    page = select(source.c.job_id, *keys)
    if position is not None:
        page = page.where(_keyset(keys, position.key, descending=True))
    return page.order_by(*(key.desc() for key in keys)).limit(limit + 1)


def _key_names(sort: str) -> list[str]:
    return ["key_published_at", "key_id"] if sort == "newest" else ["key_salary", "key_id"]


async def _capped_rows(
    session: AsyncSession,
    sources: _Sources,
    sort: str,
    position: _Position | None,
    per_company: int,
    limit: int,
) -> tuple[list[Any], list[str], tuple[int, bool] | None]:
    """At most ``per_company`` jobs of each company, in sort order: read the matches in
    order, a chunk at a time, counting per company, until the page is full and (unless the
    cursor carries it) the total has reached its cap. Return the rows, their key names and
    the (capped) total, None when it was not counted. By newest, the recent matches are
    read first and every match from where they end."""
    names = _key_names(sort)
    recent = sources.recent if sort == "newest" else None
    matched = recent if recent is not None else await sources.all()
    counting = position is None or position.total is None
    # Larger chunks were tried: they read further than the page and count need, and their
    # plans (a parallel sort of every match) cost more than a third statement.
    chunk_size = 500
    kept: dict[int, int] = {}
    accepted = 0
    rows: list[Any] = []
    after: tuple[Any, ...] | None = None
    while True:
        source = matched.subquery("matched")
        keys = _sort_keys(source, sort)
        chunk_query = select(source.c.job_id, source.c.company_id, *keys)
        if after is not None:
            chunk_query = chunk_query.where(_keyset(keys, after, descending=True))
        chunk_query = chunk_query.order_by(*(key.desc() for key in keys)).limit(chunk_size)
        chunk = (await session.execute(chunk_query)).all()
        for row in chunk:
            kept[row.company_id] = kept.get(row.company_id, 0) + 1
            if kept[row.company_id] > per_company:
                continue
            accepted += 1
            if len(rows) <= limit and (
                position is None
                or tuple(_aware(getattr(row, name)) for name in names) < position.key
            ):
                rows.append(row)
        exhausted = len(chunk) < chunk_size
        done = len(rows) > limit and (not counting or accepted > TOTAL_CAP)
        if exhausted and not done and recent is not None:
            # The recent matches end here; every older match follows them.
            recent, matched, exhausted = None, await sources.all(), False
        elif exhausted or done:
            total = (min(accepted, TOTAL_CAP), exhausted and accepted <= TOTAL_CAP)
            return rows, names, total if counting else None
        if chunk:
            after = tuple(getattr(chunk[-1], name) for name in names)


async def facet_rows(
    session: AsyncSession, matched: Any, wanted: frozenset[str], *, with_total: bool = False
) -> list[Any]:
    """Counts per value over every matching job, in one statement: rows of (facet, value,
    city, region, country, jobs); city rows carry the place, the others only a value. With
    ``with_total``, a row of facet "total" counts the jobs themselves."""
    parts: list[Any] = []

    def grouped(name: str, value: Any) -> Any:
        return select(
            literal(name).label("facet"),
            cast(value, String()).label("value"),
            null().label("city"),
            null().label("region"),
            null().label("country"),
            func.count().label("jobs"),
        ).group_by(value)

    for name, column in (
        ("category", matched.c.category_id),
        ("seniority", matched.c.seniority),
        ("employment_type", matched.c.employment_type),
        ("workplace", matched.c.workplace),
    ):
        if name in wanted:
            parts.append(grouped(name, column).select_from(matched))
    if "salary" in wanted:
        band = case(
            *(
                (
                    matched.c.salary_usd < high if high is not None else true(),
                    literal(f"{low // 100}-{high // 100 if high is not None else 'MAX'}"),
                )
                for low, high in SALARY_BANDS
            ),
            else_=literal("unspecified"),
        )
        band = case((matched.c.salary_usd.is_(None), literal("unspecified")), else_=band)
        parts.append(grouped("salary", band).select_from(matched))
    if "skills" in wanted:
        parts.append(
            grouped("skills", JobSkill.skill_id)
            .select_from(JobSkill)
            .join(matched, matched.c.job_id == JobSkill.job_id)
        )
    if "city" in wanted or "country" in wanted:
        places = (
            select(
                JobLocation.job_id,
                JobLocation.geoname_id,
                JobLocation.city,
                JobLocation.region,
                JobLocation.country_code,
            )
            .join(matched, matched.c.job_id == JobLocation.job_id)
            .distinct()
            .cte("places")
        )
        if "city" in wanted:
            parts.append(
                select(
                    literal("city").label("facet"),
                    cast(places.c.geoname_id, String()).label("value"),
                    places.c.city,
                    places.c.region,
                    places.c.country_code.label("country"),
                    # One row per job and place already: no DISTINCT needed.
                    func.count().label("jobs"),
                )
                # Countries, divisions and areas are no cities.
                .where(places.c.city.is_not(None))
                .group_by(
                    places.c.geoname_id, places.c.city, places.c.region, places.c.country_code
                )
            )
        if "country" in wanted:
            parts.append(
                select(
                    literal("country").label("facet"),
                    places.c.country_code.label("value"),
                    null().label("city"),
                    null().label("region"),
                    null().label("country"),
                    func.count(func.distinct(places.c.job_id)).label("jobs"),
                )
                .where(places.c.country_code.is_not(None))
                .group_by(places.c.country_code)
            )
    if with_total:
        parts.append(
            select(
                literal("total").label("facet"),
                cast(null(), String()).label("value"),
                null().label("city"),
                null().label("region"),
                null().label("country"),
                func.count().label("jobs"),
            ).select_from(matched)
        )
    if not parts:
        return []
    return list((await session.execute(union_all(*parts))).all())


@dataclass(frozen=True, slots=True)
class _Facets:
    values: dict[str, list[FacetValue]]
    sample_rate: int


async def _cached_facets(
    session: AsyncSession,
    cache: Cache | None,
    request: SearchRequest,
    sources: _Sources,
    backend: SearchBackend,
    *,
    many: bool,
) -> _Facets:
    """Facet counts cost time per matching job, so they are kept until the index changes:
    paging through a search, or the next visitor asking the same, reads them back."""
    key = f"{_scope(request)}:facets:{','.join(sorted(request.facets))}:{await generation(session)}"
    if cache is not None:
        cached = await cache.get(key)
        if cached is not None:
            payload = orjson.loads(cached)
            return _Facets(
                values={
                    name: [FacetValue.model_validate(value) for value in values]
                    for name, values in payload["values"].items()
                },
                sample_rate=int(payload["sample_rate"]),
            )
    facets = await _count_facets(session, request, await sources.settled(), backend, many=many)
    if cache is not None:
        payload = {
            "values": {
                name: [value.model_dump() for value in values]
                for name, values in facets.values.items()
            },
            "sample_rate": facets.sample_rate,
        }
        await cache.set(key, orjson.dumps(payload), ttl_seconds=FACET_CACHE_SECONDS)
    return facets


async def _count_facets(
    session: AsyncSession,
    request: SearchRequest,
    resolved: _Resolved,
    backend: SearchBackend,
    *,
    many: bool,
) -> _Facets:
    """Count over a sample of the matches when there are ``many`` (more than TOTAL_CAP),
    the sparsest that still holds FACET_MIN_SAMPLE jobs; else, or failing that, over all."""
    rates: tuple[int, ...] = ()
    if many:
        estimate = (
            await backend.estimate(session, resolved.query) if resolved.query.required else None
        )
        rates = tuple(
            rate
            for rate in FACET_SAMPLE_RATES
            if rate <= backends.SAMPLE_MODULUS
            or (estimate is not None and estimate >= rate * FACET_TARGET_SAMPLE)
        )
    for rate in (*rates, 1):
        matched = _matched(_sample(resolved, rate), backend, sample=rate)
        rows = await facet_rows(session, matched.cte("matched"), request.facets, with_total=True)
        jobs = sum(int(row.jobs) for row in rows if row.facet == "total")
        if rate == 1 or jobs >= FACET_MIN_SAMPLE:
            counted = [row for row in rows if row.facet != "total"]
            values = await _label_facets(session, counted, request.facets, scale=rate)
            return _Facets(values=values, sample_rate=rate)
    raise AssertionError("the last rate is 1")  # pragma: no cover


def _sample(resolved: _Resolved, rate: int) -> _Resolved:
    """``resolved`` with its id lists cut to the jobs a sample at ``rate`` keeps, so the
    database is not handed ids it would drop."""
    if rate == 1:
        return resolved
    few = resolved.few_matches
    nearby = resolved.nearby
    return replace(
        resolved,
        few_matches=None if few is None else [job_id for job_id in few if job_id % rate == 0],
        nearby=None
        if nearby is None
        else {job_id: km for job_id, km in nearby.items() if job_id % rate == 0},
    )


# Facets with many values show only the most frequent.
_FACET_TOP = {"skills": 30, "city": 30}


async def _label_facets(
    session: AsyncSession, rows: Sequence[Any], wanted: frozenset[str], *, scale: int = 1
) -> dict[str, list[FacetValue]]:
    """Name each counted value (slugs and labels for ids), most frequent first. Only the
    values shown are looked up: a broad search counts hundreds of skills and cities."""
    by_facet: dict[str, list[Any]] = {name: [] for name in wanted}
    for row in rows:
        by_facet[row.facet].append(row)
    for name, found in by_facet.items():
        found.sort(key=lambda row: (-int(row.jobs), row.value or ""))
        if name in _FACET_TOP:
            del found[_FACET_TOP[name] :]
    category_ids = [int(row.value) for row in by_facet.get("category", ()) if row.value]
    skill_ids = [int(row.value) for row in by_facet.get("skills", ())]
    categories: dict[str, tuple[str, str]] = {}
    skills: dict[str, tuple[str, str]] = {}
    if category_ids or skill_ids:
        # Both lookups in one statement: part 0 names categories, part 1 skills.
        named = union_all(
            select(literal(0).label("part"), Category.id, Category.slug, Category.name).where(
                Category.id.in_(category_ids)
            ),
            select(literal(1), Skill.id, Skill.slug, Skill.name).where(Skill.id.in_(skill_ids)),
        )
        for part, named_id, slug, name in await session.execute(named):
            (skills if part else categories)[str(named_id)] = (slug, name)
    gazetteer = get_gazetteer()
    facets: dict[str, list[FacetValue]] = {name: [] for name in wanted}
    for facet, found in by_facet.items():
        values = facets[facet]
        for row in found:
            value, jobs = row.value, int(row.jobs) * scale
            if facet == "category":
                if value is None or value not in categories:
                    continue
                slug, label = categories[value]
                values.append(FacetValue(value=slug, label=label, count=jobs))
            elif facet == "skills":
                slug, label = skills[value]
                values.append(FacetValue(value=slug, label=label, count=jobs))
            elif facet == "city":
                region = row.region if row.region != row.city else None
                label = ", ".join(part for part in (row.city, region, row.country) if part)
                values.append(FacetValue(value=value or label, label=label, count=jobs))
            elif facet == "country":
                label = gazetteer.country_name(value) or value
                values.append(FacetValue(value=value, label=label, count=jobs))
            else:
                values.append(
                    FacetValue(
                        value=value or "unspecified", label=value or "unspecified", count=jobs
                    )
                )
        # Ties in order of the value shown (a slug, not an id).
        values.sort(key=lambda item: (-item.count, item.value))
    return facets


# -- the search ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: list[SearchHit]
    next_cursor: str | None
    total: int
    total_is_exact: bool
    query: QueryInfo | None
    did_you_mean: str | None
    location: ResolvedLocation | None
    facets: dict[str, list[FacetValue]] | None
    facets_sample_rate: int | None = None


async def search(
    session: AsyncSession,
    *,
    request: SearchRequest,
    vocabulary: Vocabulary | None,
    now: datetime,
    cache: Cache | None = None,
) -> SearchResult:
    """Run one search and return one page of it; facets come from ``cache`` when the same
    search counted them since the index last changed."""
    backend, _ = await prepare_search(session)
    analyzer = get_analyzer()
    sort = request.sort
    has_text_query = bool(parse(request.text, analyzer).required)
    if sort == "relevance" and (not has_text_query or request.per_company is not None):
        # With a cap per company the list is by newest: which job of a company is kept
        # must not depend on a relevance window.
        sort = "newest"
    position = _read_cursor(request, sort)
    as_of = position.as_of if position is not None else now
    resolved = await _resolve(
        session,
        request,
        backend=backend,
        analyzer=analyzer,
        vocabulary=vocabulary,
        now=now,
        as_of=as_of,
        newest_first=sort in ("relevance", "newest"),
    )
    if resolved.nearby is not None and not resolved.nearby:
        return _empty_page(request, resolved)
    sources = _Sources(session, resolved, backend)
    boundary = position.boundary if position is not None else None
    counted = position.total if position is not None else None
    if sort == "relevance":
        rows, boundary, first_count = await _relevance_rows(
            session,
            sources,
            backend=backend,
            query=resolved.query,
            position=position,
            boundary=boundary,
            as_of=as_of,
            limit=request.limit,
        )
        counted = first_count or counted
        key_names = ["tier", "score", "key_published_at", "key_id"]
    elif sort == "distance" and resolved.nearby is not None:
        rows, within = await _distance_rows(
            session, sources, backend, position, request.per_company, request.limit
        )
        counted = counted or within
        key_names = ["key_distance", "key_id"]
    elif request.per_company is not None:
        rows, key_names, capped_total = await _capped_rows(
            session, sources, sort, position, request.per_company, request.limit
        )
        counted = capped_total or counted
    else:
        key_names = _key_names(sort)
        if sort == "newest":
            rows = await sources.rows(
                lambda matched: _sorted_page(matched, sort, position, request.limit),
                request.limit + 1,
            )
        else:
            statement = _sorted_page(await sources.all(), sort, position, request.limit)
            rows = list((await session.execute(statement)).all())
    if counted is None:
        counted = await _count(session, sources, request.per_company)
    total, total_is_exact = counted
    next_cursor = None
    if len(rows) > request.limit:
        rows = rows[: request.limit]
        last = rows[-1]
        key = tuple(_aware(getattr(last, name)) for name in key_names)
        next_cursor = _write_cursor(
            request, _Position(as_of=as_of, boundary=boundary, key=key, total=counted)
        )
    terms = resolved.query.positive_terms()

    def snippets(title: str, description: str) -> tuple[str, str]:
        return (
            highlight.mark(title, analyzer.tokens(title), terms),
            highlight.description_snippet(description, analyzer, terms),
        )

    scores = {}
    if key_names[0] == "tier":
        scores = {row.job_id: float(row.score) for row in rows if row.tier == 1}
    hits = await load_hits(
        session,
        [row.job_id for row in rows],
        snippets=snippets,
        distances=resolved.nearby,
        scores=scores,
    )
    facets = None
    if request.facets:
        facets = await _cached_facets(
            session, cache, request, sources, backend, many=not total_is_exact
        )
    did_you_mean = None
    if total == 0 and request.text.strip() and vocabulary is not None:
        did_you_mean = await _did_you_mean(
            session, request, resolved, backend, analyzer, vocabulary
        )
    return SearchResult(
        hits=hits,
        next_cursor=next_cursor,
        total=total,
        total_is_exact=total_is_exact,
        query=_query_info(request, resolved.query),
        did_you_mean=did_you_mean,
        location=resolved.location,
        facets=facets.values if facets is not None else None,
        facets_sample_rate=facets.sample_rate if facets is not None else None,
    )


async def matched_jobs(session: AsyncSession, *, request: SearchRequest, now: datetime) -> Any:
    """The CTE of jobs a search matches (keywords, filters; no sorting or paging), for
    figures computed over them; None when a location filter leaves nothing to match."""
    backend, _ = await prepare_search(session)
    resolved = await _resolve(
        session,
        request,
        backend=backend,
        analyzer=get_analyzer(),
        vocabulary=None,
        now=now,
        as_of=now,
    )
    if resolved.nearby is not None and not resolved.nearby:
        return None
    return _matched(resolved, backend).cte("matched")


def _aware(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        return _aware(parsed)
    return value


def _query_info(request: SearchRequest, query: SearchQuery) -> QueryInfo | None:
    if not request.text.strip():
        return None
    return QueryInfo(
        text=request.text,
        interpreted=query.describe(),
        corrections=[Correction(word=word, correction=fix) for word, fix in query.corrections],
    )


def _empty_page(request: SearchRequest, resolved: _Resolved) -> SearchResult:
    return SearchResult(
        hits=[],
        next_cursor=None,
        total=0,
        total_is_exact=True,
        query=_query_info(request, resolved.query),
        did_you_mean=None,
        location=resolved.location,
        facets={name: [] for name in request.facets} if request.facets else None,
        facets_sample_rate=1 if request.facets else None,
    )


async def _did_you_mean(
    session: AsyncSession,
    request: SearchRequest,
    resolved: _Resolved,
    backend: SearchBackend,
    analyzer: Analyzer,
    vocabulary: Vocabulary,
) -> str | None:
    """Respell unknown words (allowing one more typo than matching does) and offer the result
    if it finds jobs under the same filters."""
    respelled = []
    changed = False
    for word in request.text.split():
        plain = analyzer.words(word)
        fix = None
        if len(plain) == 1 and not all(vocabulary.knows(term) for term in analyzer.terms(word)):
            fix = vocabulary.correct(plain[0], extra=1)
        respelled.append(fix or word)
        changed = changed or fix is not None
    if not changed:
        return None
    suggestion = " ".join(respelled)
    query = parse(suggestion, analyzer)
    if not query.required:
        return None
    alternative = _Resolved(
        query=query, clauses=resolved.clauses, nearby=resolved.nearby, location=resolved.location
    )
    matched = _matched(alternative, backend).subquery("matched")
    found = await session.scalar(
        select(func.count()).select_from(select(matched.c.job_id).limit(1).subquery())
    )
    return suggestion if found else None
