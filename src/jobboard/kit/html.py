"""Job descriptions as HTML: the safe subset they keep, and plain text turned into paragraphs.

The subset is what a job page shows under its title: paragraphs, headings from ``<h2>`` down
(the page's ``<h1>`` is the job title), lists, emphasis, code, quotes and links that cannot
run scripts. Images and tables are not kept: images would load from anywhere, and tables
neither fit a phone's width nor help Google for Jobs, which reads paragraphs and lists.
"""

from __future__ import annotations

import html
import re

import nh3

# The subset of HTML a job description keeps.
ALLOWED_TAGS = frozenset(
    {
        "a", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i",
        "li", "ol", "p", "pre", "strong", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Links in descriptions are the employer's, not the site's: search engines should not read
# them as endorsements, and the opened page gets no handle on ours.
LINK_REL = "nofollow noopener ugc"

_HEADING = re.compile(r"<(/?)h([1-6])>")
# A link whose address the cleaner removed: its text stays, the empty link goes.
_LINK_WITHOUT_ADDRESS = re.compile(rf'<a rel="{LINK_REL}">(.*?)</a>', re.DOTALL)


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "ol" and attribute == "start":
        return value if value.isdigit() and len(value) <= 9 else None
    return value


def _cleaner(tags: frozenset[str]) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(tags),
        # "*" empty: none of the cleaner's default attributes for every tag (title, lang).
        attributes={"*": set(), **{tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}},
        attribute_filter=_keep_attribute,
        url_schemes=set(LINK_SCHEMES),
        # Relative addresses would point into this site; a description has no business there.
        url_relative="deny",
        link_rel=LINK_REL,
    )


_CLEANER = _cleaner(ALLOWED_TAGS)
# For pages: <h1> is let in only to be moved below the page's own (see _shift_headings).
_PAGE_CLEANER = _cleaner(ALLOWED_TAGS | {"h1"})


def _shift_headings(cleaned: str) -> str:
    """Move the headings so the highest one used is ``<h2>``, keeping their distances and
    going no deeper than ``<h6>``.

    Runs on the cleaner's output, where a heading tag never has attributes and a ``<`` in
    text is always ``&lt;``, so the pattern only ever meets real tags.
    """
    levels = [int(level) for _, level in _HEADING.findall(cleaned)]
    if not levels or min(levels) == 2:
        return cleaned
    shift = 2 - min(levels)
    return _HEADING.sub(
        lambda match: f"<{match.group(1)}h{min(int(match.group(2)) + shift, 6)}>", cleaned
    )


def sanitize_html(raw: str) -> str:
    """Keep the safe subset of HTML: no scripts, styles, event handlers, images or addresses
    other than http, https and mailto.

    Imports store what this makes of a feed's HTML, and decide from it whether a job
    changed, so it changes as little as the allowlist allows; ``page_html`` arranges it for
    a page.
    """
    return _CLEANER.clean(raw).strip()


def page_html(raw: str) -> str:
    """The safe subset of HTML as a job page shows it: headings start at ``<h2>``, and a link
    that lost its address is only its text. Doing this to its own output changes nothing."""
    cleaned = _shift_headings(_PAGE_CLEANER.clean(raw))
    return _LINK_WITHOUT_ADDRESS.sub(r"\1", cleaned).strip()


def text_to_html(text: str) -> str:
    """Plain text as escaped paragraphs (blank lines separate them, newlines become <br>)."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "".join("<p>" + html.escape(part).replace("\n", "<br>") + "</p>" for part in paragraphs)
