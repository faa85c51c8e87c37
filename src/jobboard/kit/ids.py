"""The type of every id a caller sends, in a path, a query or a body.

Ids are 64-bit integers on both engines (SQLite's rowid, a ``bigint`` identity on
PostgreSQL). A larger number cannot name anything, and handed to a driver it fails in the
driver (an overflow on SQLite, a ``NumericValueOutOfRange`` on PostgreSQL), so it is refused
where the request is read, like any other malformed value.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

MAX_ID = 2**63 - 1

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A positive 64-bit id: what every endpoint takes for ``{job_id}``, ``{user_id}``, ..."""
