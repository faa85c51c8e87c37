"""The index's generation as searches read it: once per transaction, with the settings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from jobboard.db import Database
from jobboard.search.indexing import bump_generation, generation, prepare_search


async def test_generation_is_read_once_per_transaction_and_follows_changes(
    database: Database,
) -> None:
    """A search request asks for the generation three times; the database answers once,
    in the statement that prepares the transaction. A bump in the same transaction, or a
    new transaction after another's bump, reads it again."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "search_state" in statement:  # not the fixture's savepoints
            statements.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", count)
    try:
        async with database.sessionmaker() as session:
            backend, first = await prepare_search(session)
            assert len(statements) == 1
            assert await generation(session) == first
            again, same = await prepare_search(session)
            assert (again, same) == (backend, first)
            assert len(statements) == 1

            await bump_generation(session)
            assert await generation(session) == first + 1
            assert (await prepare_search(session))[1] == first + 1
            await session.commit()

            async with database.sessionmaker() as other:
                await bump_generation(other)
                await other.commit()
            # A new transaction: the other session's bump is seen.
            _, latest = await prepare_search(session)
            assert latest == first + 2
            assert await generation(session) == first + 2
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", count)
