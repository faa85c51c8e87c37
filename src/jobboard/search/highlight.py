"""Highlighted snippets, computed in Python over the page of results.

Highlighting runs the same analyzer over the job's text, so a word is marked exactly when it
produced a term the query matched ("Back-End" is marked for ``backend``, "k8s" for
``kubernetes``), whichever engine found the job.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence

from jobboard.search.analyzer import Analyzer, Token

SNIPPET_CHARS = 240
SCAN_CHARS = 6000
_MARKDOWN_LINE = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)")
_MARKDOWN_INLINE = re.compile(r"\*\*|__|`|!?\[([^\]]*)\]\([^)]*\)")


def _plain_lines(markdown: str) -> Iterator[str]:
    """The description's non-empty lines without Markdown."""
    for line in markdown[:SCAN_CHARS].splitlines():
        text = _MARKDOWN_LINE.sub("", line)
        if "*" in text or "_" in text or "`" in text or "[" in text:
            text = _MARKDOWN_INLINE.sub(lambda match: match.group(1) or "", text)
        text = text.strip()
        if text:
            yield text


def mark(text: str, tokens: Sequence[Token], terms: frozenset[str]) -> str:
    """``text`` HTML-escaped, with the tokens whose term is in ``terms`` in ``<mark>``."""
    pieces = []
    position = 0
    for token in tokens:
        if token.term not in terms or token.start < position:
            continue
        pieces.append(html.escape(text[position : token.start]))
        pieces.append("<mark>" + html.escape(text[token.start : token.end]) + "</mark>")
        position = token.end
    pieces.append(html.escape(text[position:]))
    return "".join(pieces)


def _window(text: str, start: int) -> tuple[int, int]:
    """About SNIPPET_CHARS of ``text`` around ``start``, cut at spaces."""
    begin = max(0, start - SNIPPET_CHARS // 3)
    if begin > 0:
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < start else begin
    end = min(len(text), begin + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > start else end
    return begin, end


def description_snippet(description: str, analyzer: Analyzer, terms: frozenset[str]) -> str:
    """The first line holding a query term, marked and cut to about SNIPPET_CHARS around
    the first term; else the description's opening. Lines are read one at a time and the
    reading stops at the first match: most descriptions of a page name a query word early."""
    may_yield = analyzer.may_yield(terms) if terms else None
    opening = ""
    for line in _plain_lines(description):
        if may_yield is not None and may_yield(line):
            marked = _marked_line(line, analyzer, terms)
            if marked is not None:
                return marked
        if len(opening) <= SNIPPET_CHARS:
            opening = f"{opening} {line}" if opening else line
        elif may_yield is None:
            break
    if len(opening) <= SNIPPET_CHARS:
        return html.escape(opening)
    cut = opening.rfind(" ", 0, SNIPPET_CHARS)
    return html.escape(opening[: cut if cut > 0 else SNIPPET_CHARS]) + "…"


def _marked_line(line: str, analyzer: Analyzer, terms: frozenset[str]) -> str | None:
    """About SNIPPET_CHARS of ``line`` around its first query term, terms marked, or None
    when the line holds none; the line is analysed once, no further than the snippet's
    end."""
    window: tuple[int, int] | None = None
    inside: list[Token] = []
    for token in analyzer.iter_tokens(line):
        if window is None:
            if token.term not in terms:
                continue
            window = _window(line, token.start)
        begin, end = window
        if token.start >= end:
            break
        if token.term in terms and begin <= token.start and token.end <= end:
            inside.append(Token(token.term, token.start - begin, token.end - begin))
    if window is None:
        return None
    begin, end = window
    snippet = mark(line[begin:end], inside, terms)
    return ("…" if begin > 0 else "") + snippet + ("…" if end < len(line) else "")
