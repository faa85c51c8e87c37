"""Engine, sessions and the one place transactions begin and end.

A request's transaction is owned by ``routing.UnitOfWorkRoute``; a CLI command's or a task's
by ``Database.unit_of_work()``. Services only ``flush()``.
"""

from __future__ import annotations

import asyncio
import contextvars
import sqlite3
import struct
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg.adapt import Dumper
from psycopg.pq import Format
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, PendingRollbackError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.util import await_only

from jobboard.config import Settings

# Set while a request that may write is being handled; SQLite then takes the write lock at
# BEGIN, so concurrent writers queue up on busy_timeout instead of failing to upgrade a
# read lock mid-transaction.
write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=False)


# SQLite's busy timeout: how long a writer waits for the write lock before giving up.
_SQLITE_BUSY_SECONDS = 10


class _WriterQueue:
    """The writers of one SQLite engine wait their turn here, first come first served,
    before BEGIN IMMEDIATE.

    SQLite's own busy handler polls with growing sleeps, so under a steady stream of
    writers a newcomer often takes the lock ahead of one that has waited for seconds; past
    the busy timeout the loser failed with "database is locked" (a 503 under 32 clients,
    and the embedded task runner claimed nothing for 15 s). Within the process writers now
    queue on a lock instead; SQLite's busy timeout still arbitrates between processes.
    One lock per event loop (tests run several loops over one engine).
    """

    def __init__(self) -> None:
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    def _lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            lock = self._locks[loop] = asyncio.Lock()
        return lock

    async def enter(self) -> asyncio.Lock:
        lock = self._lock()
        try:
            await asyncio.wait_for(lock.acquire(), _SQLITE_BUSY_SECONDS)
        except TimeoutError:
            raise OperationalError(
                "BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked")
            ) from None
        return lock


def _configure_sqlite(engine: AsyncEngine) -> None:
    writers = _WriterQueue()

    def _release(connection: Any) -> None:
        try:
            info = connection.info
        except PendingRollbackError:
            # Invalidated mid-transaction (a cancelled request): the pool's invalidate
            # event below gave its turn back already.
            return
        lock = info.pop("writer_lock", None)
        if lock is not None:
            lock.release()

    # Released as the transaction ends; the next writer's BEGIN IMMEDIATE may meet the
    # COMMIT still finishing, which SQLite's busy timeout absorbs.
    event.listen(engine.sync_engine, "commit", _release)
    event.listen(engine.sync_engine, "rollback", _release)

    def _release_entry(_dbapi_connection: Any, entry: ConnectionPoolEntry, *_: Any) -> None:
        # A connection that leaves service mid-transaction (closed, invalidated) must not
        # keep the turn of every writer after it.
        lock = entry.info.pop("writer_lock", None)
        if lock is not None:
            lock.release()

    for pool_event in ("checkin", "invalidate", "soft_invalidate"):
        event.listen(engine.sync_engine.pool, pool_event, _release_entry)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Take over transaction control from the driver so BEGIN and SAVEPOINT behave as
        # SQLAlchemy expects.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        if not write_intent.get():
            connection.exec_driver_sql("BEGIN")
            return
        # Runs inside SQLAlchemy's greenlet: await_only waits on the event loop.
        connection.info["writer_lock"] = await_only(writers.enter())
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(connection)
            raise


# Id lists handed to PostgreSQL as one array parameter (search sends thousands) travel in
# binary: in text the server parses every number, which costs more than the query using it.
_BINARY_ARRAY_FROM = 64
_INT8_OID = 20
_INT8_ARRAY_OID = 1016
_ARRAY_HEADER = struct.Struct("!iiIii")


class _Ids:
    """A long list of ids on its way to PostgreSQL as ``bigint[]``."""

    __slots__ = ("ids",)

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids


class _IdsBinaryDumper(Dumper):
    """PostgreSQL's binary array format in two C calls. psycopg's own list dumper looks at
    every element in Python to choose a type, then packs each one: for the few thousand
    ids of a search, more time than the statement that reads them."""

    format = Format.BINARY
    oid = _INT8_ARRAY_OID

    def dump(self, obj: _Ids) -> bytes:
        ids = obj.ids
        count = len(ids)
        # Each element: its length (8) and its value.
        flat = [8] * (2 * count)
        flat[1::2] = ids
        header = _ARRAY_HEADER.pack(1, 0, _INT8_OID, count, 1)
        return header + struct.pack("!" + "iq" * count, *flat)


# Registered before any engine exists: SQLAlchemy's dialect copies the global adapters.
psycopg.adapters.register_dumper(_Ids, _IdsBinaryDumper)


def _configure_postgresql(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "before_cursor_execute", retval=True)
    def _binary_arrays(
        _connection: Any,
        _cursor: Any,
        statement: str,
        parameters: Any,
        _context: Any,
        executemany: bool,
    ) -> tuple[str, Any]:
        if executemany or not isinstance(parameters, dict):
            return statement, parameters
        arrays = {
            name: _Ids(value)
            for name, value in parameters.items()
            if isinstance(value, list)
            and len(value) >= _BINARY_ARRAY_FROM
            and type(value[0]) is int
        }
        if not arrays:
            return statement, parameters
        for name in arrays:
            statement = statement.replace(f"%({name})s", f"%({name})b")
        return statement, {**parameters, **arrays}


def create_engine(
    url: str,
    *,
    pool_size: int = 10,
    echo: bool = False,
    connect_timeout: float = 5,
    statement_timeout: float = 30,
    pool_timeout: float = 5,
) -> AsyncEngine:
    """An engine that never waits without end: for a connection (``connect_timeout``), for
    a statement (``statement_timeout``, PostgreSQL; 0 is none) or for a free connection of
    the pool (``pool_timeout``). What it gives up on is an OperationalError or a pool
    TimeoutError, which requests answer as 503 (``problems.DATABASE_UNAVAILABLE``)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(
            url,
            echo=echo,
            connect_args={"timeout": 10},
            pool_size=pool_size,
            pool_timeout=pool_timeout,
        )
        _configure_sqlite(engine)
        return engine
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        # libpq counts whole seconds; at least 1 (0 would mean wait forever).
        connect_args["connect_timeout"] = max(1, round(connect_timeout))
        if statement_timeout:
            connect_args["options"] = f"-c statement_timeout={round(statement_timeout * 1000)}"
    engine = create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=pool_timeout,
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args=connect_args,
    )
    if parsed.get_backend_name() == "postgresql":
        _configure_postgresql(engine)
    return engine


class Database:
    """An engine and its session factory; one per process (tests swap in their own)."""

    def __init__(
        self, engine: AsyncEngine, *, sessionmaker: async_sessionmaker[AsyncSession] | None = None
    ) -> None:
        self.engine = engine
        self.sessionmaker = sessionmaker or async_sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def from_settings(cls, settings: Settings, *, serving: bool = False) -> Database:
        """The process's database. ``serving``: an API process, whose statements are cut
        at the statement timeout; commands and tasks (a demo load, a reindex) are not."""
        return cls(
            create_engine(
                settings.resolved_database_url,
                pool_size=settings.database_pool_size,
                echo=settings.database_echo,
                connect_timeout=settings.database_connect_timeout_seconds,
                statement_timeout=settings.database_statement_timeout_seconds if serving else 0,
                pool_timeout=settings.database_pool_timeout_seconds,
            )
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[AsyncSession]:
        """Yield a session whose work is committed on success and rolled back on error."""
        token = write_intent.set(True)
        try:
            async with self.sessionmaker() as session:
                try:
                    yield session
                except BaseException:
                    await session.rollback()
                    raise
                await session.commit()
        finally:
            write_intent.reset(token)

    @asynccontextmanager
    async def read_session(self) -> AsyncIterator[AsyncSession]:
        """A session for a side lookup that only reads, even in the middle of a write request.

        On SQLite it begins a plain (deferred) transaction: under WAL it never waits for the
        write lock that the request around it may hold.
        """
        token = write_intent.set(False)
        try:
            async with self.sessionmaker() as session:
                yield session
        finally:
            write_intent.reset(token)

    async def dispose(self) -> None:
        await self.engine.dispose()


@asynccontextmanager
async def side_read(session: AsyncSession) -> AsyncIterator[AsyncSession]:
    """A short session beside ``session`` (same engine) for a read that must not wait on, or
    begin, the write transaction of the request: on SQLite a plain BEGIN, which under WAL
    takes no lock. Used to read what a slow check needs (a password hash) before the
    request's own transaction takes the write lock."""
    token = write_intent.set(False)
    try:
        async with AsyncSession(bind=session.bind, expire_on_commit=False) as side:
            yield side
    finally:
        write_intent.reset(token)
