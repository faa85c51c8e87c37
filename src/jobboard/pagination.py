"""Cursor pagination over keyset positions, the same way for every list in the API."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from jobboard.config import get_settings
from jobboard.errors import InvalidCursor
from jobboard.kit.cursor import CursorError, decode_cursor, encode_cursor

RowT = TypeVar("RowT")


@dataclass(frozen=True, slots=True)
class PageParams:
    limit: int
    cursor: str | None


_CODECS: dict[type, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    int: (lambda value: value, lambda raw: raw if type(raw) is int else None),
    str: (lambda value: value, lambda raw: raw if isinstance(raw, str) else None),
    datetime: (
        lambda value: value.isoformat(),
        lambda raw: datetime.fromisoformat(raw) if isinstance(raw, str) else None,
    ),
}


def _decode_position(cursor: str, scope: str, types: Sequence[type]) -> list[Any]:
    try:
        raw = decode_cursor(cursor, scope=scope, secret=get_settings().secret_key)
    except CursorError as error:
        raise InvalidCursor.from_error(error) from error
    if len(raw) != len(types):
        raise InvalidCursor("The cursor does not fit this list; start from the first page.")
    position = []
    for value, kind in zip(raw, types, strict=True):
        try:
            decoded = _CODECS[kind][1](value)
        except ValueError:
            decoded = None
        if decoded is None:
            raise InvalidCursor("The cursor does not fit this list; start from the first page.")
        position.append(decoded)
    return position


async def keyset_page(
    session: AsyncSession,
    statement: Select[RowT],
    *,
    params: PageParams,
    scope: str,
    keys: Sequence[
        tuple[ColumnElement[Any] | QueryableAttribute[Any], type, Callable[[RowT], Any]]
    ],
    descending: bool = False,
) -> tuple[list[RowT], str | None]:
    """Return one page of ``statement`` ordered by ``keys`` and the cursor of the next page.

    Each key is (column, python type, how to read it from a result). The last key must be
    unique so that positions are total and pages never overlap or skip.
    """
    columns = [column for column, _, _ in keys]
    if params.cursor is not None:
        position = _decode_position(params.cursor, scope, [kind for _, kind, _ in keys])
        row_key = tuple_(*columns)
        statement = statement.where(
            row_key < tuple_(*position) if descending else row_key > tuple_(*position)
        )
    ordering = [column.desc() if descending else column.asc() for column in columns]
    rows = list(
        (await session.scalars(statement.order_by(*ordering).limit(params.limit + 1))).all()
    )
    if len(rows) <= params.limit:
        return rows, None
    rows = rows[: params.limit]
    last = rows[-1]
    next_position = [_CODECS[kind][0](read(last)) for _, kind, read in keys]
    return rows, encode_cursor(next_position, scope=scope, secret=get_settings().secret_key)


def ranked_page(
    ranked: Sequence[tuple[int, int]], *, params: PageParams, scope: str
) -> tuple[list[tuple[int, int]], str | None]:
    """One page of a list ranked in memory, best first, by (score, id) (both integers); the
    cursor holds the last pair shown, so a list re-ranked between pages resumes after it."""
    secret = get_settings().secret_key
    ordered = sorted(ranked, reverse=True)
    if params.cursor is not None:
        try:
            raw = decode_cursor(params.cursor, scope=scope, secret=secret)
        except CursorError as error:
            raise InvalidCursor.from_error(error) from error
        if len(raw) != 2 or not all(type(value) is int for value in raw):
            raise InvalidCursor("The cursor does not fit this list; start from the first page.")
        position = (raw[0], raw[1])
        ordered = [item for item in ordered if item < position]
    chosen = ordered[: params.limit]
    next_cursor = (
        encode_cursor(list(chosen[-1]), scope=scope, secret=secret)
        if len(ordered) > params.limit
        else None
    )
    return chosen, next_cursor
