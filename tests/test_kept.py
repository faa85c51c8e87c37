"""Kept values: served while their version holds; after it moved, served a while longer while
one background task computes the new value (at most once an interval); computed in the request
when too old or absent."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard import kept as kept_module
from jobboard.cache import MemoryCache
from jobboard.db import Database
from jobboard.kept import Compute, Keeping, kept, settle


class Counter:
    """A computation that says how often it ran, and what version it ran at."""

    def __init__(self) -> None:
        self.runs = 0
        self.version = 1

    async def compute(self, session: AsyncSession) -> bytes:
        self.runs += 1
        return f"value at {self.version}".encode()

    async def read_version(self, session: AsyncSession) -> int:
        return self.version


async def test_a_kept_value_is_served_until_its_version_moves(
    committed_database: Database,
) -> None:
    cache, counter = MemoryCache(), Counter()
    async with committed_database.read_session() as session:
        for _ in range(3):
            value = await kept(
                cache,
                "k",
                session=session,
                version=1,
                compute=counter.compute,
                keep_seconds=60,
                read_version=counter.read_version,
            )
            assert value == b"value at 1"
        assert counter.runs == 1
        counter.version = 2
        # Without keeping, a new version is computed in the request.
        assert (
            await kept(
                cache,
                "k",
                session=session,
                version=2,
                compute=counter.compute,
                keep_seconds=60,
                read_version=counter.read_version,
            )
            == b"value at 2"
        )
        assert counter.runs == 2


async def test_an_outdated_value_is_served_while_one_background_task_computes_the_new(
    committed_database: Database,
) -> None:
    """Readers of the outdated value get it at once; only the first starts a computation,
    which stores the value at the version it read; later readers get the new value."""
    cache, counter = MemoryCache(), Counter()
    keeping = Keeping(database=committed_database, stale_seconds=60)
    async with committed_database.read_session() as session:

        async def read(version: int) -> bytes:
            return await kept(
                cache,
                "k",
                session=session,
                version=version,
                compute=counter.compute,
                keep_seconds=60,
                read_version=counter.read_version,
                keeping=keeping,
            )

        assert await read(1) == b"value at 1"
        counter.version = 2
        assert [await read(2) for _ in range(3)] == [b"value at 1"] * 3
        await settle()
        assert counter.runs == 2
        assert await read(2) == b"value at 2"
        assert counter.runs == 2
        # The next change within the interval is served outdated, and not computed yet.
        counter.version = 3
        assert await read(3) == b"value at 2"
        await settle()
        assert counter.runs == 2


async def test_a_value_outdated_long_ago_is_served_once_more_while_it_is_computed_again(
    committed_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quiet board: the version moves an hour after the value was stored. The first
    reader still gets the outdated value at once (its stale seconds count from when it was
    found outdated, not from when it was stored) while the background computes it."""
    cache, counter = MemoryCache(), Counter()
    keeping = Keeping(database=committed_database, stale_seconds=60)
    clock = [1_000_000.0]
    monkeypatch.setattr(kept_module.time, "time", lambda: clock[0])
    async with committed_database.read_session() as session:

        async def read(version: int) -> bytes:
            return await kept(
                cache,
                "k",
                session=session,
                version=version,
                compute=counter.compute,
                keep_seconds=7200,
                read_version=counter.read_version,
                keeping=keeping,
            )

        await read(1)
        counter.version = 2
        clock[0] += 3600
        assert await read(2) == b"value at 1"
        await settle()
        assert counter.runs == 2
        assert await read(2) == b"value at 2"


async def test_a_value_older_than_its_keep_seconds_is_outdated_at_the_same_version(
    committed_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jobs expire without a write: past ``keep_seconds`` a value is computed again even
    though the version did not move (served meanwhile, as any outdated value)."""
    cache, counter = MemoryCache(), Counter()
    keeping = Keeping(database=committed_database, stale_seconds=60)
    clock = [1_000_000.0]
    monkeypatch.setattr(kept_module.time, "time", lambda: clock[0])
    async with committed_database.read_session() as session:

        async def read() -> bytes:
            return await kept(
                cache,
                "k",
                session=session,
                version=1,
                compute=counter.compute,
                keep_seconds=600,
                read_version=counter.read_version,
                keeping=keeping,
            )

        await read()
        clock[0] += 599
        await read()
        assert counter.runs == 1
        clock[0] += 2
        await read()
        await settle()
        assert counter.runs == 2


async def test_a_value_outdated_longer_than_its_stale_seconds_is_computed_in_the_request(
    committed_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the background computations keep failing, the outdated value is served for its
    stale seconds from when it was found outdated, and then computed in the request."""
    cache, counter = MemoryCache(), Counter()
    keeping = Keeping(database=committed_database, stale_seconds=60)
    clock = [1_000_000.0]
    monkeypatch.setattr(kept_module.time, "time", lambda: clock[0])

    async def broken(session: AsyncSession) -> bytes:
        raise RuntimeError("the database went away")

    async with committed_database.read_session() as session:

        async def read(version: int, compute: Compute) -> bytes:
            return await kept(
                cache,
                "k",
                session=session,
                version=version,
                compute=compute,
                keep_seconds=600,
                read_version=counter.read_version,
                keeping=keeping,
            )

        await read(1, counter.compute)
        counter.version = 2
        clock[0] += 1000
        assert await read(2, broken) == b"value at 1"
        await settle()
        clock[0] += 59
        assert await read(2, broken) == b"value at 1"
        await settle()
        clock[0] += 2
        assert await read(2, counter.compute) == b"value at 2"
        assert counter.runs == 2


async def test_a_failed_background_computation_leaves_the_outdated_value(
    committed_database: Database,
) -> None:
    cache, counter = MemoryCache(), Counter()
    keeping = Keeping(database=committed_database, stale_seconds=60)

    async def broken(session: AsyncSession) -> bytes:
        raise RuntimeError("the database went away")

    async with committed_database.read_session() as session:
        await kept(
            cache,
            "k",
            session=session,
            version=1,
            compute=counter.compute,
            keep_seconds=60,
            read_version=counter.read_version,
        )
        counter.version = 2
        served = await kept(
            cache,
            "k",
            session=session,
            version=2,
            compute=broken,
            keep_seconds=60,
            read_version=counter.read_version,
            keeping=keeping,
        )
        await settle()
    assert served == b"value at 1"
