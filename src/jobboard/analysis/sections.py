"""Which part of a description each line belongs to: requirements, nice-to-haves, duties...

Headings are recognised by their markup (Markdown `#`, HTML `<h2>`, a bold-only line), by a
trailing colon on a short line, or by being a short line that is a known heading phrase
("What you'll do"). The phrases live in ``data/sections.toml``. An inline label ("Nice to have:
Kafka, Redis") sets the section of its own line only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, cast, get_args

from jobboard.analysis.snapshot import TaxonomySnapshot
from jobboard.analysis.text import Document, Line

SectionKind = Literal[
    "title",
    "intro",
    "requirements",
    "nice",
    "responsibilities",
    "benefits",
    "about",
    "stack",
    "location",
    "legal",
    "process",
    "other",
]
# Sections whose skill mentions are not about the job (perks, legal notices, the process).
IGNORED_SECTIONS = frozenset({"benefits", "legal", "process"})
_KINDS = frozenset(get_args(SectionKind))
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_LABEL = re.compile(r"^([^:]{2,60}):\s*(\S.*)?$")
_HEADING_WORDS = 12
_SUBHEADING_WORDS = 3
_HAS_SUBHEADINGS = frozenset({"benefits", "legal", "process"})
_LIST_SECTIONS = frozenset({"requirements", "nice", "responsibilities", "stack"})
_BARE_HEADING_WORDS = 6


@dataclass(frozen=True, slots=True)
class Section:
    kind: SectionKind
    heading: str | None


def _words(text: str) -> tuple[str, ...]:
    folded = text.casefold().replace("'", "").replace("’", "").replace('"', "")
    return tuple(word for word in _NOT_WORD.split(folded) if word)


def classify_heading(text: str, snapshot: TaxonomySnapshot) -> tuple[SectionKind, float]:
    """Return the kind a heading names and how much of the heading the phrase covers."""
    words = _words(text)
    if not words:
        return "other", 0.0
    phrases = snapshot.section_phrases
    for size in range(min(snapshot.longest_section_phrase, len(words)), 0, -1):
        found = [
            phrases[window]
            for start in range(len(words) - size + 1)
            if (window := words[start : start + size]) in phrases
        ]
        if found:
            kind = min(found, key=lambda item: item[1])[0]
            return (cast(SectionKind, kind) if kind in _KINDS else "other"), size / len(words)
    return "other", 0.0


def _heading_text(line: Line) -> str | None:
    """The heading this line is, if it is one."""
    text = line.text.strip()
    words = text.split()
    if text.endswith((".", "!", "?")) and not text.endswith("..."):
        return None
    if line.kind == "heading" and len(words) <= _HEADING_WORDS:
        return text.rstrip(":")
    if line.kind not in ("text", "heading"):
        return None
    if text.endswith(":") and len(words) <= _HEADING_WORDS:
        return text[:-1]
    if len(words) <= _HEADING_WORDS and text.isupper() and any(c.isalpha() for c in text):
        return text
    return None


def assign_sections(document: Document, snapshot: TaxonomySnapshot) -> list[Section]:
    """Return the section of every line of the document, in order."""
    sections: list[Section] = []
    current = Section(kind="intro", heading=None)
    bullets_seen = False
    for line in document.lines:
        if line.kind == "text" and bullets_seen and current.kind in _LIST_SECTIONS:
            # A paragraph after a section's bullet list has left the list.
            current = Section(kind="other", heading=None)
        bullets_seen = (bullets_seen or line.kind == "bullet") and line.kind != "heading"
        if line.kind == "title":
            sections.append(Section(kind="title", heading=None))
            continue
        heading = _heading_text(line)
        if heading is not None:
            kind, _ = classify_heading(heading, snapshot)
            if (
                kind == "other"
                and current.kind in _HAS_SUBHEADINGS
                and len(heading.split()) <= _SUBHEADING_WORDS
            ):
                # "United States" under "Benefits": a subheading of the same section.
                kind = current.kind
            current = Section(kind=kind, heading=heading)
            sections.append(current)
            continue
        words = line.text.split()
        if (
            line.kind == "text"
            and len(words) <= _BARE_HEADING_WORDS
            and line.text[-1:] not in ".!?,;"
        ):
            kind, coverage = classify_heading(line.text, snapshot)
            if kind != "other" and coverage >= 0.6:
                current = Section(kind=kind, heading=line.text)
                sections.append(current)
                continue
        label = _LABEL.match(line.text)
        if label and label.group(2) and len(label.group(1).split()) <= _BARE_HEADING_WORDS:
            kind, coverage = classify_heading(label.group(1), snapshot)
            if kind != "other" and coverage >= 0.5:
                sections.append(Section(kind=kind, heading=label.group(1)))
                continue
        sections.append(current)
    return sections
