"""Sitemap documents (sitemaps.org protocol 0.9): a ``urlset`` of pages and a
``sitemapindex`` of sitemaps, each address with the time it last changed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from jobboard.kit.clock import as_utc
from jobboard.kit.feeds import xml_text

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
# The protocol's limits per file: 50,000 addresses and 50 MB uncompressed.
MAX_URLS = 50_000
_ENTITIES = {'"': "&quot;", "'": "&apos;"}


@dataclass(frozen=True, slots=True)
class SitemapUrl:
    loc: str
    """Absolute."""
    lastmod: datetime | None = None


def _entries(tag: str, urls: Iterable[SitemapUrl]) -> Iterable[str]:
    for url in urls:
        lastmod = (
            f"<lastmod>{as_utc(url.lastmod).replace(microsecond=0).isoformat()}</lastmod>"
            if url.lastmod is not None
            else ""
        )
        yield f"<{tag}><loc>{escape(xml_text(url.loc), _ENTITIES)}</loc>{lastmod}</{tag}>\n"


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
