"""Atom 1.0 and JSON Feed 1.1 documents from one description of a feed.

Every feed Jobboard serves (a category's, a search's, a saved search's private one) is
described as a ``Feed`` of ``FeedEntry`` values and written here, so the two formats say
the same things the same way: absolute links, RFC 3339 times, plain-text summaries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from xml.etree import ElementTree

import orjson

from jobboard.kit.clock import as_utc

FeedFormat = Literal["atom", "json"]
MEDIA_TYPES: dict[FeedFormat, str] = {
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
ATOM = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# Characters XML 1.0 cannot carry (C0 controls but tab and newlines, surrogates, FFFE/FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters an XML document cannot hold."""
    return _NOT_XML.sub("", text)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    url: str
    """The item's absolute address."""
    title: str
    summary: str
    """Plain text."""
    published: datetime
    updated: datetime
    author: str | None = None
    tags: Sequence[str] = ()
    extension: Mapping[str, Any] | None = None
    """Structured fields for JSON Feed readers, written as ``_jobboard``."""
    id: str | None = None
    """What names the item for good (the address when None): readers take an item whose
    id changed for a new one, so it should not change with the item's title."""


@dataclass(frozen=True, slots=True)
class Feed:
    id: str
    """A permanent absolute URL naming the feed (Atom's ``id``)."""
    title: str
    description: str
    home_page_url: str
    atom_url: str
    json_url: str
    updated: datetime
    """When the feed changed; its newest entry's time when it has entries."""
    entries: Sequence[FeedEntry] = field(default_factory=tuple)


def _time(value: datetime) -> str:
    return as_utc(value).isoformat()


def json_feed(feed: Feed) -> bytes:
    items = []
    for entry in feed.entries:
        item: dict[str, Any] = {
            "id": entry.id or entry.url,
            "url": entry.url,
            "title": entry.title,
            "content_text": entry.summary,
            "date_published": _time(entry.published),
            "date_modified": _time(entry.updated),
            "tags": list(entry.tags),
        }
        if entry.author:
            item["authors"] = [{"name": entry.author}]
        if entry.extension is not None:
            item["_jobboard"] = dict(entry.extension)
        items.append(item)
    return orjson.dumps(
        {
            "version": JSON_FEED_VERSION,
            "title": feed.title,
            "home_page_url": feed.home_page_url,
            "feed_url": feed.json_url,
            "description": feed.description,
            "items": items,
        }
    )


def atom(feed: Feed) -> bytes:
    def add(
        parent: ElementTree.Element, name: str, text: str | None = None, **attributes: str
    ) -> ElementTree.Element:
        element = ElementTree.SubElement(
            parent, f"{{{ATOM}}}{name}", {key: xml_text(value) for key, value in attributes.items()}
        )
        element.text = None if text is None else xml_text(text)
        return element

    ElementTree.register_namespace("", ATOM)
    root = ElementTree.Element(f"{{{ATOM}}}feed")
    add(root, "id", feed.id)
    add(root, "title", feed.title)
    add(root, "subtitle", feed.description)
    add(root, "updated", _time(feed.updated))
    add(root, "link", rel="self", type=MEDIA_TYPES["atom"], href=feed.atom_url)
    add(root, "link", rel="alternate", type="text/html", href=feed.home_page_url)
    add(add(root, "author"), "name", "Jobboard")
    for entry in feed.entries:
        element = add(root, "entry")
        add(element, "id", entry.id or entry.url)
        add(element, "title", entry.title)
        add(element, "link", rel="alternate", type="text/html", href=entry.url)
        add(element, "published", _time(entry.published))
        add(element, "updated", _time(entry.updated))
        if entry.author:
            add(add(element, "author"), "name", entry.author)
        add(element, "summary", entry.summary)
        for tag in entry.tags:
            add(element, "category", term=tag)
    document: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return document


def render(feed: Feed, kind: FeedFormat) -> bytes:
    """The feed as a document of this format (its media type is ``MEDIA_TYPES[kind]``)."""
    return atom(feed) if kind == "atom" else json_feed(feed)
