"""Markdown to safe HTML (CommonMark, raw HTML escaped, then the description allowlist)."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt

from jobboard.kit.html import sanitize_html


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def markdown_to_html(text: str) -> str:
    return sanitize_html(_parser().render(text))
