"""What every feed format is parsed into: items in one shape, and problems with single items."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from jobboard.analysis.fields import SalaryIn


class FeedError(Exception):
    """The feed as a whole cannot be read (unreachable, not the expected format, truncated)."""


class ItemError(ValueError):
    """One item cannot be imported; the message says which field and why."""


@dataclass(slots=True)
class FeedItem:
    source_id: str
    title: str
    description_html: str
    locations: list[str] = field(default_factory=list)
    workplace: str | None = None
    remote_regions: list[str] = field(default_factory=list)
    employment_type: str | None = None
    salary: SalaryIn | None = None
    apply_url: str | None = None
    published_at: datetime | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ItemProblem:
    index: int
    source_id: str | None
    message: str


@dataclass(slots=True)
class ParsedFeed:
    items: list[FeedItem] = field(default_factory=list)
    problems: list[ItemProblem] = field(default_factory=list)
