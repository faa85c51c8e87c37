"""Job descriptions as HTML: the safe subset they keep, and plain text turned into paragraphs."""

from __future__ import annotations

import html
import re

import nh3

# The subset of HTML a job description keeps: structure and emphasis, links without scripts.
ALLOWED_TAGS = frozenset(
    {
        "a", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "i", "li", "ol",
        "p", "pre", "strong", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def sanitize_html(raw: str) -> str:
    """Keep a safe subset of HTML (no scripts, styles, event handlers or foreign URLs)."""
    cleaned = nh3.clean(
        raw,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )
    return cleaned.strip()


def text_to_html(text: str) -> str:
    """Plain text as escaped paragraphs (blank lines separate them, newlines become <br>)."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "".join("<p>" + html.escape(part).replace("\n", "<br>") + "</p>" for part in paragraphs)
