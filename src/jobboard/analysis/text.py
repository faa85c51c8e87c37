"""Turn a description (plain text, Markdown or HTML) into lines of plain text.

HTML goes through the standard library's tokenizer: tags are dropped, nothing is fetched or
executed, and the content of scripts, styles and similar elements is discarded. Markdown keeps
its structure (headings, bullets) and loses its markup. Input beyond ``MAX_CHARACTERS`` is not
read, which bounds the work on hostile input.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

MAX_CHARACTERS = 60_000
MAX_LINE_CHARACTERS = 1_000

LineKind = Literal["title", "heading", "bullet", "text"]
TextFormat = Literal["html", "markdown", "text"]

_HTML_HINT = re.compile(
    r"<(?:p|div|br|li|ul|ol|h[1-6]|strong|b|em|i|span|table|section|article)\b[^>]*>", re.I
)
_ESCAPED_HTML_HINT = re.compile(r"&lt;(?:p|div|br|li|ul|ol|h[1-6]|strong|b|span)\b", re.I)
_MARKDOWN_HINT = re.compile(r"^\s{0,3}(?:#{1,6}\s|[-*+]\s|\d+[.)]\s)|\*\*[^*\n]+\*\*", re.M)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^\s*(?:[-*+•·▪◦‣●○■□➢➤►✓✔–—]|\d{1,2}[.)])\s+(.*)$")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`+|~~)(?=\S)(.{1,200}?)(?<=\S)\1")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_MD_WHOLE_BOLD = re.compile(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*$")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr "
    "ul".split()
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BOLD_TAGS = frozenset({"b", "strong"})
_SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg"}
)


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    kind: LineKind
    start: int  # offset of the line in Document.text


@dataclass(frozen=True, slots=True)
class Document:
    """A description as lines of plain text; ``text`` joins them with newlines."""

    lines: tuple[Line, ...]
    text: str
    source_format: TextFormat
    truncated: bool


def _clean(text: str) -> str:
    if not text.isascii():
        text = _ZERO_WIDTH.sub("", text)
    if "://" in text or "www." in text or "@" in text:
        text = _URL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _split_long(text: str) -> list[str]:
    """Cut an over-long line into pieces at sentence ends (or hard, failing that)."""
    if len(text) <= MAX_LINE_CHARACTERS:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        while len(sentence) > MAX_LINE_CHARACTERS:
            pieces.append(sentence[:MAX_LINE_CHARACTERS])
            sentence = sentence[MAX_LINE_CHARACTERS:]
        if current and len(current) + len(sentence) + 1 > MAX_LINE_CHARACTERS:
            pieces.append(current)
            current = ""
        current = f"{current} {sentence}" if current else sentence
    if current:
        pieces.append(current)
    return pieces


class _HtmlToLines(HTMLParser):
    """Collect text per block element; headings, list items and bold-only lines are marked."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[str, LineKind]] = []
        self._parts: list[str] = []
        self._kind: LineKind = "text"
        self._skip_depth = 0
        self._bold_depth = 0
        self._bold_chars = 0
        self._all_chars = 0
        self._list_depth = 0

    def _flush(self) -> None:
        text = "".join(self._parts)
        self._parts = []
        kind = self._kind
        self._kind = "text"
        visible = text.strip()
        bold_only = self._all_chars > 0 and self._bold_chars >= self._all_chars - 1
        self._bold_chars = self._all_chars = 0
        if not visible:
            return
        if kind == "text" and bold_only:
            kind = "heading"
        self.lines.append((text, kind))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
            return
        if tag in _BLOCK_TAGS:
            self._flush()
            if tag == "li":
                self._list_depth += 1
            if self._list_depth:
                # Headings inside list items are list items (some ATS wrap every line so).
                self._kind = "bullet"
            elif tag in _HEADING_TAGS:
                self._kind = "heading"
        elif tag in _BOLD_TAGS:
            self._bold_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag in _BLOCK_TAGS:
            self._flush()
            if tag == "li":
                self._list_depth = max(0, self._list_depth - 1)
        elif tag in _BOLD_TAGS:
            self._bold_depth = max(0, self._bold_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        self._parts.append(data)
        visible = len(data.strip())
        self._all_chars += visible
        if self._bold_depth:
            self._bold_chars += visible

    def close(self) -> None:
        super().close()
        self._flush()


def _html_lines(text: str) -> list[tuple[str, LineKind]]:
    parser = _HtmlToLines()
    try:
        parser.feed(text)
        parser.close()
    except Exception:
        # The tokenizer is lenient, but fall back to dropping anything tag-shaped.
        return _markdown_lines(html.unescape(re.sub(r"<[^>]*>", "\n", text)))
    lines: list[tuple[str, LineKind]] = []
    for raw, kind in parser.lines:
        # Text inside one block may still hold newlines (pre, sloppy markup).
        for part in raw.splitlines():
            for piece in _split_long(part):
                if piece.strip():
                    lines.append((piece, kind))
    return lines


def _markdown_inline(text: str) -> str:
    if "](" in text:
        text = _MD_IMAGE.sub(r"\1", text)
        text = _MD_LINK.sub(r"\1", text)
    if "*" in text or "`" in text or "~~" in text or "__" in text:
        for _ in range(2):
            text = _MD_EMPHASIS.sub(r"\2", text)
    return text


def _markdown_lines(text: str) -> list[tuple[str, LineKind]]:
    lines: list[tuple[str, LineKind]] = []
    for long_line in text.splitlines():
        for raw in _split_long(long_line):
            _markdown_line(raw, lines)
    return lines


def _markdown_line(raw: str, lines: list[tuple[str, LineKind]]) -> None:
    if not raw.strip() or _MD_RULE.match(raw):
        return
    heading = _MD_HEADING.match(raw)
    if heading:
        lines.append((_markdown_inline(heading.group(1)), "heading"))
        return
    bullet = _MD_BULLET.match(raw)
    if bullet:
        lines.append((_markdown_inline(bullet.group(1)), "bullet"))
        return
    bold = _MD_WHOLE_BOLD.match(raw)
    if bold and len(bold.group(1)) <= 80:
        lines.append((_markdown_inline(bold.group(1)), "heading"))
        return
    lines.append((_markdown_inline(raw), "text"))


def lines_containing(lines: list[str], keywords: tuple[str, ...]) -> list[bool]:
    """For each line, whether it holds one of the lower-case ``keywords`` (any case).

    One `str.find` per keyword over the whole text: far cheaper than a pattern of many
    alternatives run on every line, which cannot start from a literal prefix.
    """
    joined = "\n".join(lines).lower()
    starts = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    hits = [False] * len(lines)
    for keyword in keywords:
        position = joined.find(keyword)
        while position != -1:
            index = bisect_right(starts, position) - 1
            hits[index] = True
            # Skip to the next line: one hit per line is enough.
            following = starts[index + 1] if index + 1 < len(starts) else len(joined)
            position = joined.find(keyword, following)
    return hits


def detect_format(text: str) -> TextFormat:
    if _HTML_HINT.search(text) or _ESCAPED_HTML_HINT.search(text):
        return "html"
    if _MARKDOWN_HINT.search(text):
        return "markdown"
    return "text"


def normalize(description: str, *, title: str | None = None) -> Document:
    """Read a description into lines; ``title``, when given, becomes the first line."""
    truncated = len(description) > MAX_CHARACTERS
    raw = description[:MAX_CHARACTERS]
    source_format = detect_format(raw)
    if source_format == "html":
        if "<" not in raw and _ESCAPED_HTML_HINT.search(raw):
            # Some feeds escape their HTML once more (Greenhouse's `content`).
            raw = html.unescape(raw)
        # A tag cut off by truncation would otherwise come out as text.
        raw = re.sub(r"<[^>]*$", "", raw)
        parsed = _html_lines(raw)
    else:
        parsed = _markdown_lines(raw)
    lines: list[Line] = []
    parts: list[str] = []
    offset = 0
    if title is not None and title.strip():
        parsed.insert(0, (title[:MAX_LINE_CHARACTERS], "title"))
    for text, kind in parsed:
        cleaned = _clean(text)
        if not cleaned:
            continue
        lines.append(Line(text=cleaned, kind=kind, start=offset))
        parts.append(cleaned)
        offset += len(cleaned) + 1
    return Document(
        lines=tuple(lines), text="\n".join(parts), source_format=source_format, truncated=truncated
    )
