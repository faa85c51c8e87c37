"""The two search engines behind one interface: SQLite FTS5 and PostgreSQL full-text search.

Both index the same terms (``analyzer``) in three fields, title > skills > body (description,
company, places), and both match the same parsed query (``query``); what differs is how each
stores the index and scores a match:

- SQLite: an FTS5 table ``search_document(title, skills, body)`` keyed by job id, matched
  with ``MATCH`` and scored with ``bm25`` (column weights 10, 4, 1).
- PostgreSQL: ``search_document(job_id, document tsvector)`` with a GIN index; the tsvector
  is built term by term in Python with weights A (title), B (skills), C (body) and matched
  with ``@@``; scored with ``ts_rank_cd`` (weights 1.0, 0.4, 0.1). Fields are separated by a
  gap in positions so a phrase never spans two fields, as in FTS5.

Everything else (filters, sorting, facets) is the same SQL on both, written in ``service``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import orjson
from sqlalchemy import (
    ARRAY,
    BigInteger,
    ColumnElement,
    Select,
    String,
    any_,
    bindparam,
    cast,
    column,
    delete,
    exists,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY, TSVECTOR
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.models import Job
from jobboard.models.job import open_job_clause
from jobboard.models.search import SEARCH_INDEX_TABLE
from jobboard.search.query import Clause, Phrase, SearchQuery, to_fts5, to_tsquery

# Field weights: title > skills > body, on both engines.
FTS5_WEIGHTS = (10.0, 4.0, 1.0)
TSVECTOR_WEIGHTS = "{0.0, 0.1, 0.4, 1.0}"  # D, C, B, A
_FIELD_GAP = 2
# Up to this many expected matches, PostgreSQL hands the matching ids over as a list.
FEW_MATCHES = 25_000
# A newest-first read needs only the newest matches. PostgreSQL's documents carry terms for
# the hour and the day each job was published, so the GIN index alone can list the matches
# published since a recent moment: the newest jobs expected to hold RECENT_MARGIN times the
# matches wanted. Skipped when that would be more than RECENT_MAX_SHARE of all jobs or
# RECENT_MAX_NEWEST jobs (finding the span's start reads that many index entries), or more
# than RECENT_MAX_DAYS of publication days, and for words in more than
# RECENT_MAX_SELECTIVITY of the jobs: walking jobs newest first finds their matches after
# testing little more than a thousand, for less than listing even the recent ones (measured:
# `engineer`, in 99% of the jobs, 18 ms walked and 28 ms listed at a million; `python`, 46%,
# and `developer`, 33%, were faster listed at 100,000 and the same or faster at a million).
RECENT_MARGIN = 1.5
RECENT_MAX_SHARE = 0.5
RECENT_MAX_NEWEST = 50_000
RECENT_MAX_SELECTIVITY = 0.6
RECENT_MAX_DAYS = 120
_HOURS_AS_HOURS = 6
_GENERATION = "SELECT generation FROM search_state WHERE id = 1"
# Documents name their job id's remainder by this (see sample_term).
SAMPLE_MODULUS = 64
# bm25() with the weights of FTS5_WEIGHTS (title, skills, body), for the matches in a range
# of ids: FTS5 seeks its doclists to a rowid range, while `rowid IN (...)` would run the
# whole query once per id.
_FTS5_RANKS = (
    "SELECT rowid, -bm25(search_document, 10.0, 4.0, 1.0) FROM search_document "
    "WHERE search_document MATCH :fts AND rowid BETWEEN :low AND :high"
)


@dataclass(frozen=True, slots=True)
class Document:
    """What the index holds for one job: the terms of each field, in order."""

    job_id: int
    title: Sequence[str]
    skills: Sequence[str]
    body: Sequence[str]
    published_at: datetime | None = None


class SearchBackend(Protocol):
    name: str

    async def prepare(self, session: AsyncSession) -> int:
        """Tune the transaction for search statements and return the index's generation
        (``search_state.generation``), read in the same statement."""
        ...

    async def write(self, session: AsyncSession, documents: Sequence[Document]) -> None:
        """Add or replace the documents of these jobs."""
        ...

    async def remove(self, session: AsyncSession, job_ids: Sequence[int]) -> None: ...

    async def clear(self, session: AsyncSession) -> None: ...

    def restrict(
        self, statement: Select[Any], query: SearchQuery, *, sample: int = 1
    ) -> Select[Any]:
        """``statement`` (over ``job``) limited to jobs matching the query's required clauses
        and none of its excluded phrases; ``query.required`` must not be empty. With
        ``sample``, only jobs whose id is a multiple of it, taken from the index's matches
        before any job is read."""
        ...

    def matching(self, phrases: Sequence[Phrase]) -> Select[Any]:
        """Ids of jobs containing any of these phrases."""
        ...

    async def few_matches(self, session: AsyncSession, query: SearchQuery) -> list[int] | None:
        """The ids of the jobs matching the query when they are few enough to hand to
        the database as a list, else None (match with ``restrict``)."""
        ...

    async def estimate(self, session: AsyncSession, query: SearchQuery) -> float | None:
        """How many jobs the engine expects the query's keywords to match (filters aside),
        None when it cannot tell cheaply."""
        ...

    async def recent_matches(
        self,
        session: AsyncSession,
        query: SearchQuery,
        *,
        as_of: datetime,
        wanted: int,
        not_before: datetime | None = None,
    ) -> list[int] | None:
        """The ids of the jobs matching the query that were published from some moment up
        to ``as_of``: every match published in that span, which is expected to hold about
        ``wanted`` open matches (a newest-first read that ends within it needs no other
        match). None when the engine cannot tell, when the span would not be much smaller
        than every match, or when it would start before ``not_before`` (the search lists
        nothing older, so the span would hold every match it lists: no smaller)."""
        ...

    async def ranks(
        self, session: AsyncSession, query: SearchQuery, job_ids: Sequence[int]
    ) -> dict[int, float]:
        """How well each of these matching jobs fits the query (higher is better)."""
        ...

    def ranked(self, rows: Select[Any], query: SearchQuery) -> Select[Any] | None:
        """``rows`` (with a ``job_id`` column) and, as ``rank``, what ``ranks`` gives each,
        in one statement, in no particular order; None when the engine ranks apart."""
        ...

    def id_in(self, column: ColumnElement[int], ids: Sequence[int]) -> ColumnElement[bool]:
        """``column`` is one of many ids from Python (thousands: no IN list of parameters)."""
        ...

    def remote_regions_overlap(self, regions: Sequence[str]) -> ColumnElement[bool]:
        """Jobs whose ``remote_regions`` include any of ``regions``."""
        ...

    def collect_ids(self, column: ColumnElement[int]) -> ColumnElement[Any]:
        """An aggregate of ``column``'s ids over a group, read back with ``collected``."""
        ...

    def collected(self, value: Any) -> list[int]:
        """The ids of a ``collect_ids`` value."""
        ...


class SqliteBackend:
    name = "sqlite"

    async def prepare(self, session: AsyncSession) -> int:
        return int(await session.scalar(text(_GENERATION)) or 0)

    async def write(self, session: AsyncSession, documents: Sequence[Document]) -> None:
        if not documents:
            return
        await self.remove(session, [document.job_id for document in documents])
        await session.execute(
            text(
                f"INSERT INTO {SEARCH_INDEX_TABLE} (rowid, title, skills, body) "  # noqa: S608
                "VALUES (:job_id, :title, :skills, :body)"
            ),
            [
                {
                    "job_id": document.job_id,
                    "title": " ".join(document.title),
                    "skills": " ".join(document.skills),
                    "body": " ".join(document.body),
                }
                for document in documents
            ],
        )

    async def remove(self, session: AsyncSession, job_ids: Sequence[int]) -> None:
        if job_ids:
            await session.execute(
                text(
                    "DELETE FROM search_document WHERE rowid IN (SELECT value FROM json_each(:ids))"
                ),
                {"ids": orjson.dumps(list(job_ids)).decode()},
            )

    async def clear(self, session: AsyncSession) -> None:
        await session.execute(text(f"DELETE FROM {SEARCH_INDEX_TABLE}"))  # noqa: S608

    def _matching(self, expression: str) -> Select[Any]:
        index: ColumnElement[Any] = literal_column(SEARCH_INDEX_TABLE)
        return (
            select(literal_column("rowid").label("job_id"))
            .select_from(table(SEARCH_INDEX_TABLE))
            .where(index.op("MATCH")(bindparam("fts", expression, unique=True)))
        )

    def restrict(
        self, statement: Select[Any], query: SearchQuery, *, sample: int = 1
    ) -> Select[Any]:
        # IN, not a join: SQLite runs the full-text query once into a temporary index and
        # can then walk jobs newest first and stop early; joined, it reads every match.
        # `+job.id` keeps it that way once ANALYZE has run: with statistics SQLite would
        # rather look every match up by rowid and sort them all (350 ms for `engineer`).
        matching = self._matching(to_fts5(query.required, query.excluded))
        if sample > 1:
            matching = matching.where(literal_column("rowid") % sample == 0)
        return statement.where(literal_column(f"+{Job.__tablename__}.id").in_(matching))

    def matching(self, phrases: Sequence[Phrase]) -> Select[Any]:
        return self._matching(to_fts5((Clause(tuple(phrases)),)))

    async def few_matches(self, session: AsyncSession, query: SearchQuery) -> list[int] | None:
        return None

    async def recent_matches(
        self,
        session: AsyncSession,
        query: SearchQuery,
        *,
        as_of: datetime,
        wanted: int,
        not_before: datetime | None = None,
    ) -> list[int] | None:
        # FTS5 cannot narrow a match by time; SQLite walks jobs newest first instead.
        return None

    async def ranks(
        self, session: AsyncSession, query: SearchQuery, job_ids: Sequence[int]
    ) -> dict[int, float]:
        if not job_ids:
            return {}
        wanted = set(job_ids)
        rows = await session.execute(
            text(_FTS5_RANKS),
            {
                "fts": to_fts5(query.required, query.excluded),
                "low": min(wanted),
                "high": max(wanted),
            },
        )
        return {int(job_id): float(rank) for job_id, rank in rows if job_id in wanted}

    def ranked(self, rows: Select[Any], query: SearchQuery) -> Select[Any] | None:
        # bm25() is only defined inside a MATCH query over the FTS5 table.
        return None

    def id_in(self, column: ColumnElement[int], ids: Sequence[int]) -> ColumnElement[bool]:
        each = func.json_each(bindparam("ids", orjson.dumps(list(ids)).decode(), unique=True))
        return column.in_(select(each.table_valued("value").c.value))

    def remote_regions_overlap(self, regions: Sequence[str]) -> ColumnElement[bool]:
        each = func.json_each(Job.remote_regions).table_valued("value").alias("region")
        return exists(select(1).select_from(each).where(each.c.value.in_(list(regions))))

    async def estimate(self, session: AsyncSession, query: SearchQuery) -> float | None:
        return None

    def collect_ids(self, column: ColumnElement[int]) -> ColumnElement[Any]:
        return func.json_group_array(column)

    def collected(self, value: Any) -> list[int]:
        return list(orjson.loads(value)) if value else []


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _hours(moment: datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // timedelta(hours=1)


def publication_terms(published_at: datetime) -> tuple[str, str]:
    """The terms of the hour and the day a job was published (hours and days since 1970,
    UTC). The analyzer never makes a term with "~", so no query word can match them."""
    hours = _hours(published_at)
    return f"~h{hours}", f"~d{hours // 24}"


def period_tsquery(since: datetime, until: datetime) -> str | None:
    """A tsquery matching the documents published in a span that covers ``since`` to
    ``until``: its hours when it is short, else its days; None past RECENT_MAX_DAYS."""
    first, last = _hours(since), _hours(until)
    if last - first < _HOURS_AS_HOURS:
        terms = [f"'~h{hour}'" for hour in range(first, last + 1)]
    elif last // 24 - first // 24 < RECENT_MAX_DAYS:
        terms = [f"'~d{day}'" for day in range(first // 24, last // 24 + 1)]
    else:
        return None
    return "(" + " | ".join(terms) + ")"


def sample_term(job_id: int) -> str:
    """The term naming the remainder of the job's id by SAMPLE_MODULUS: facets counted over
    one job in 8 or 64 take their sample from the GIN index with it, without reading the
    document of every match."""
    return f"~s{job_id % SAMPLE_MODULUS}"


def sample_tsquery(rate: int) -> str:
    """A tsquery matching the documents of jobs whose id is a multiple of ``rate`` when it
    divides SAMPLE_MODULUS; of a multiple of SAMPLE_MODULUS, the documents that may hold
    them (``restrict`` then tests the id)."""
    if rate % SAMPLE_MODULUS == 0:
        return "'~s0'"
    if SAMPLE_MODULUS % rate:
        raise ValueError(f"{rate} neither divides nor is a multiple of {SAMPLE_MODULUS}")
    return "(" + " | ".join(f"'~s{rest}'" for rest in range(0, SAMPLE_MODULUS, rate)) + ")"


def _tsvector(document: Document) -> str:
    """The tsvector of a document in PostgreSQL's input syntax, positions as FTS5 counts,
    then the sample and publication terms (without positions: no phrase or rank reads
    them)."""
    positions: dict[str, list[str]] = {}
    position = 1
    for field, weight in ((document.title, "A"), (document.skills, "B"), (document.body, "C")):
        for term in field:
            positions.setdefault(term, []).append(f"{position}{weight}")
            position += 1
        position += _FIELD_GAP
    extra = [sample_term(document.job_id)]
    if document.published_at is not None:
        extra += publication_terms(document.published_at)
    return " ".join(
        [
            *(f"'{term}':{','.join(spots[:256])}" for term, spots in positions.items()),
            *(f"'{term}'" for term in extra),
        ]
    )


class PostgresBackend:
    name = "postgresql"
    _index = table(SEARCH_INDEX_TABLE, column("job_id", BigInteger), column("document", TSVECTOR))

    def __init__(self) -> None:
        # The planner's estimates by tsquery; a backend lives as long as one transaction
        # (indexing.prepare_search).
        self._estimates: dict[str, tuple[float, float]] = {}

    async def prepare(self, session: AsyncSession) -> int:
        # One statement (set_config(..., true) is SET LOCAL) for what each search needs,
        # and the generation:
        # - plan_cache_mode: a prepared statement's generic plan guesses 1000 rows for every
        #   @@ and loses parallel and early-exit plans; always plan with the values;
        # - jit: search statements are estimated expensive enough to be compiled, which
        #   costs far more (hundreds of ms) than it saves on statements that run in ms;
        # - enable_seqscan: evaluating @@ on a row decompresses its whole tsvector, which the
        #   planner prices like a cheap operator; the GIN index answers without reading one;
        # - work_mem: facets and the relevance window sort thousands of rows in memory.
        row = (
            await session.execute(
                text(
                    "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), "
                    "set_config('jit', 'off', true), set_config('enable_seqscan', 'off', true), "
                    f"set_config('work_mem', '32MB', true), ({_GENERATION})"
                )
            )
        ).one()
        return int(row[-1] or 0)

    async def write(self, session: AsyncSession, documents: Sequence[Document]) -> None:
        if not documents:
            return
        await session.execute(
            text(
                f"INSERT INTO {SEARCH_INDEX_TABLE} (job_id, document) "  # noqa: S608
                "VALUES (:job_id, CAST(:document AS tsvector)) "
                "ON CONFLICT (job_id) DO UPDATE SET document = excluded.document"
            ),
            [
                {"job_id": document.job_id, "document": _tsvector(document)}
                for document in documents
            ],
        )

    async def remove(self, session: AsyncSession, job_ids: Sequence[int]) -> None:
        if job_ids:
            await session.execute(
                delete(self._index).where(
                    self._index.c.job_id == any_(bindparam("ids", list(job_ids), ARRAY(BigInteger)))
                )
            )

    async def clear(self, session: AsyncSession) -> None:
        await session.execute(text(f"TRUNCATE {SEARCH_INDEX_TABLE}"))

    def _tsquery(self, expression: str) -> ColumnElement[Any]:
        return cast(bindparam("tsq", expression, unique=True), TSQUERY)

    def restrict(
        self, statement: Select[Any], query: SearchQuery, *, sample: int = 1
    ) -> Select[Any]:
        expression = to_tsquery(query.required, query.excluded)
        if sample > 1:
            expression = f"({expression}) & {sample_tsquery(sample)}"
        tsquery = self._tsquery(expression)
        match = select(self._index.c.job_id).where(self._index.c.document.op("@@")(tsquery))
        if sample > SAMPLE_MODULUS:
            # Before the jobs are joined: the index terms keep one in SAMPLE_MODULUS.
            match = match.where(self._index.c.job_id % sample == 0)
        text_match = match.subquery("text_match")
        return statement.join(text_match, text_match.c.job_id == Job.__table__.c.id)

    def matching(self, phrases: Sequence[Phrase]) -> Select[Any]:
        tsquery = self._tsquery(to_tsquery((Clause(tuple(phrases)),)))
        return select(self._index.c.job_id).where(self._index.c.document.op("@@")(tsquery))

    async def _estimate(self, session: AsyncSession, expression: str) -> tuple[float, float]:
        """The planner's estimates of the documents matching a tsquery and of all documents,
        from one EXPLAIN (asked once per expression and transaction)."""
        known = self._estimates.get(expression)
        if known is not None:
            return known
        plan = await session.execute(
            text(
                "EXPLAIN (FORMAT JSON) SELECT job_id FROM search_document "
                "WHERE document @@ CAST(:tsq AS tsquery) "
                "UNION ALL SELECT job_id FROM search_document"
            ),
            {"tsq": expression},
        )
        matching, every = plan.scalar_one()[0]["Plan"]["Plans"]
        estimate = (float(matching["Plan Rows"]), float(every["Plan Rows"]))
        self._estimates[expression] = estimate
        return estimate

    async def _ids(self, session: AsyncSession, expression: str) -> list[int]:
        # One array rather than a row per id: a third of the time for ten thousand ids.
        ids = await session.scalar(
            select(func.array_agg(self._index.c.job_id)).where(
                self._index.c.document.op("@@")(self._tsquery(expression))
            )
        )
        return list(ids or ())

    async def few_matches(self, session: AsyncSession, query: SearchQuery) -> list[int] | None:
        # Walking jobs newest first and testing @@ on each decompresses every tsvector
        # tested: cheap when most jobs match, slow when few do. When the planner expects
        # few matches, take their ids from the GIN index alone (no tsvector is read).
        expression = to_tsquery(query.required, query.excluded)
        matching, _ = await self._estimate(session, expression)
        if matching > FEW_MATCHES:
            return None
        return await self._ids(session, expression)

    async def estimate(self, session: AsyncSession, query: SearchQuery) -> float | None:
        matching, _ = await self._estimate(session, to_tsquery(query.required, query.excluded))
        return matching

    async def recent_matches(
        self,
        session: AsyncSession,
        query: SearchQuery,
        *,
        as_of: datetime,
        wanted: int,
        not_before: datetime | None = None,
    ) -> list[int] | None:
        expression = to_tsquery(query.required, query.excluded)
        estimate, documents = await self._estimate(session, expression)
        # Fewer expected matches than this cannot fill the span within RECENT_MAX_SHARE.
        if estimate < wanted * RECENT_MARGIN / RECENT_MAX_SHARE or documents <= 0:
            return None
        if estimate > RECENT_MAX_SELECTIVITY * float(documents):
            return None
        # The newest `newest` jobs are expected to hold RECENT_MARGIN * wanted matches.
        newest = math.ceil(wanted * RECENT_MARGIN * float(documents) / estimate)
        if newest > min(RECENT_MAX_SHARE * float(documents), RECENT_MAX_NEWEST):
            return None
        since = await session.scalar(
            select(Job.published_at)
            .where(open_job_clause(as_of), Job.published_at <= as_of)
            .order_by(Job.published_at.desc(), Job.id.desc())
            .offset(newest)
            .limit(1)
        )
        if since is None or (not_before is not None and since <= not_before):
            return None
        period = period_tsquery(since, as_of)
        if period is None:
            return None
        return await self._ids(session, f"({expression}) & {period}")

    def _rank(self, query: SearchQuery) -> ColumnElement[float]:
        return func.ts_rank_cd(
            literal_column(f"'{TSVECTOR_WEIGHTS}'::float4[]"),
            self._index.c.document,
            self._tsquery(to_tsquery(query.required, query.excluded)),
            1,
        )

    def ranked(self, rows: Select[Any], query: SearchQuery) -> Select[Any] | None:
        # Ranked where they are read: no second statement, no list of ids sent back.
        listed = rows.subquery("listed")
        return select(*listed.c, self._rank(query).label("rank")).select_from(
            listed.join(self._index, self._index.c.job_id == listed.c.job_id)
        )

    async def ranks(
        self, session: AsyncSession, query: SearchQuery, job_ids: Sequence[int]
    ) -> dict[int, float]:
        if not job_ids:
            return {}
        rows = await session.execute(
            select(self._index.c.job_id, self._rank(query)).where(
                self._index.c.job_id == any_(bindparam("ids", list(job_ids), ARRAY(BigInteger)))
            )
        )
        return {int(job_id): float(rank) for job_id, rank in rows}

    def id_in(self, column: ColumnElement[int], ids: Sequence[int]) -> ColumnElement[bool]:
        return column == any_(bindparam("ids", list(ids), ARRAY(BigInteger), unique=True))

    def remote_regions_overlap(self, regions: Sequence[str]) -> ColumnElement[bool]:
        return Job.remote_regions.op("?|")(bindparam("regions", list(regions), ARRAY(String)))

    def collect_ids(self, column: ColumnElement[int]) -> ColumnElement[Any]:
        return func.array_agg(column)

    def collected(self, value: Any) -> list[int]:
        return list(value or ())


def backend_for(dialect: str) -> SearchBackend:
    if dialect == "postgresql":
        return PostgresBackend()
    if dialect == "sqlite":
        return SqliteBackend()
    raise ValueError(f"no search backend for {dialect}")
