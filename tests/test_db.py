"""The engine: long id lists reach PostgreSQL intact whichever way they travel."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ARRAY, BigInteger, bindparam, event, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine


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
