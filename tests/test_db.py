"""The engine: long id lists reach PostgreSQL intact whichever way they travel."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ARRAY, BigInteger, bindparam, event, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from jobboard.db import Database


async def test_long_id_lists_arrive_whole(engine: AsyncEngine) -> None:
    """A list of 64 ids or more is sent to PostgreSQL in binary, a shorter one as text; both
    arrive with every value (numbers beyond 32 bits included). SQLite has no arrays."""
    if engine.dialect.name != "postgresql":
        ids = list(range(100))
        async with engine.connect() as connection:
            found = await connection.scalar(
                text("SELECT count(*) FROM json_each(:ids)"), {"ids": str(ids)}
            )
        assert found == 100
        return
    statements: list[str] = []

    def sent(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "after_cursor_execute", sent)
    try:
        for ids in ([1, 2, 3], [*range(1, 200), 2**40, 0, 2**62]):
            async with engine.connect() as connection:
                count, joined = (
                    await connection.execute(
                        select(
                            func.cardinality(bindparam("ids", ids, ARRAY(BigInteger))),
                            func.array_to_string(bindparam("same", ids, ARRAY(BigInteger)), ","),
                        )
                    )
                ).one()
            assert count == len(ids)
            assert joined == ",".join(map(str, ids))
    finally:
        event.remove(engine.sync_engine, "after_cursor_execute", sent)
    assert "%(ids)s" in statements[0]
    assert "%(ids)b" in statements[1]


async def test_sqlite_writers_of_one_process_take_turns_instead_of_failing(
    committed_database: Database,
) -> None:
    """32 registrations at once on one process all succeed: on SQLite the writers queue in
    the process, first come first served, rather than racing SQLite's busy handler; while
    one holds the write transaction the others wait and then run."""
    import asyncio

    import httpx

    from jobboard.cache import MemoryCache
    from jobboard.config import get_settings
    from jobboard.main import create_app

    app = create_app(get_settings(), committed_database, MemoryCache())
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:

        async def register(number: int) -> int:
            response = await client.post(
                "/api/v1/auth/register",
                json={
                    "email": f"writer-{number}@example.com",
                    "password": "a long test password 1",
                    "display_name": f"Writer {number}",
                },
            )
            return response.status_code

        statuses = await asyncio.gather(*(register(number) for number in range(32)))
    assert statuses == [201] * 32
