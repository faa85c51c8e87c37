"""Sitemap documents (sitemaps.org protocol 0.9): a ``urlset`` of pages and a
``sitemapindex`` of sitemaps, each address with the time it last changed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from jobboard.kit.clock import as_utc
from jobboard.kit.feeds import xml_text

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
# The protocol's limits per file: 50,000 addresses and 50 MB uncompressed.
MAX_URLS = 50_000
_ENTITIES = {'"': "&quot;", "'": "&apos;"}
# What needs escaping or removing in an address; most have none, and are written as they are.
_SPECIAL = re.compile("[&<>\"'\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class SitemapUrl:
    loc: str
    """Absolute."""
    lastmod: datetime | None = None


def _loc(address: str) -> str:
    if _SPECIAL.search(address) is None:
        return address
    return escape(xml_text(address), _ENTITIES)


def _lastmod(value: datetime | None) -> str:
    if value is None:
        return ""
    stamp = value if value.tzinfo is UTC else as_utc(value)
    return f"<lastmod>{stamp.isoformat(timespec='seconds')}</lastmod>"


def _entries(tag: str, urls: Iterable[SitemapUrl]) -> Iterable[str]:
    for url in urls:
        yield f"<{tag}><loc>{_loc(url.loc)}</loc>{_lastmod(url.lastmod)}</{tag}>\n"


def _document(root: str, tag: str, urls: Iterable[SitemapUrl]) -> bytes:
    # Written as text: a 50,000-address chunk is about 5 MB, and building an element tree for
    # it costs several times the string joins.
    return "".join(
        (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{NAMESPACE}">\n',
            *_entries(tag, urls),
            f"</{root}>\n",
        )
    ).encode()


def urlset(urls: Iterable[SitemapUrl]) -> bytes:
    return _document("urlset", "url", urls)


def sitemap_index(sitemaps: Iterable[SitemapUrl]) -> bytes:
    return _document("sitemapindex", "sitemap", sitemaps)
