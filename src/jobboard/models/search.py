"""The search index's bookkeeping; the index itself is engine-specific (see search.backends)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from jobboard.kit.clock import utcnow
from jobboard.models.base import Base

# The physical index: an FTS5 virtual table (and its shadow tables) on SQLite, a table with a
# tsvector and a GIN index on PostgreSQL. Neither is an ORM model; migrations create them.
SEARCH_INDEX_TABLE = "search_document"


class SearchState(Base):
    """One row: a counter bumped by every change to the index, and the analyzer it was built
    with. Cached figures computed from search carry the counter, so a change retires them."""

    __tablename__ = "search_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(BigInteger, default=0)
    analyzer_version: Mapped[str | None] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


def is_search_index_table(name: str) -> bool:
    """Whether a table belongs to the engine-specific index (FTS5 makes shadow tables)."""
    return name == SEARCH_INDEX_TABLE or name.startswith(SEARCH_INDEX_TABLE + "_")
