"""The header line of a posting: fields in the style of hiring threads and job boards.

"Acme | Senior Backend Engineer | Berlin or REMOTE | Full-time | $120k" states the role, the
place, the workplace, the employment type and the pay in fields separated by pipes, dashes,
bullets or slashes. A posting without a title often starts this way; one with a title may
repeat it. The first short lines of the description are read as fields (a parenthesis and a
comma list inside a field are fields too), and each field is classified on its own, so that
"ONSITE (3 days/week in office)" is one statement and "REMOTE (North America preferred) /
Vancouver" another.

Role phrases are read here too: a header field, a short line listing a role ("★ iOS Lead --
...", "Senior Rails Engineer, Senior Android Engineer") or a phrase that hires one ("we're
looking for a Senior Ruby Developer"). The first role a posting names gives its level when the
title gives none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobboard.analysis.text import Document

Workplace = str  # "onsite" | "hybrid" | "remote"

# The first lines at most this long can be a header; the first longer line ends the header.
_HEADER_LINES = 3
_HEADER_WORDS = 40
_FIELD_WORDS = 10
_SEPARATORS = re.compile(r"\s*[|•·]\s*|\s+[-–—]{1,3}\s+|\s+/\s+|\s*;\s+|\s+::?\s+|\s+\+\s+")
_INNER = re.compile(r"\s*[(),]\s*|\s+or\s+|\s*/\s*")
_ROLE_NOUN = (
    r"engineers?|developers?|devs|designers?|scientists?|architects?|programmers?|managers?|"
    r"leads?|heads? of \w+|directors?|vp|cto|interns?|internships?|consultants?|analysts?|"
    r"administrators?|sysadmins?|specialists?|testers?|sres?|swes?|hackers?|evangelists?|"
    r"wranglers?|researchers?|generalists?|founders?"
)
_ROLE = re.compile(rf"\b(?:{_ROLE_NOUN})\b", re.I)
# A header field may name the department instead: "Engineering & Product".
_HEADER_ROLE = re.compile(rf"\b(?:{_ROLE_NOUN}|engineering)\b", re.I)
# "We're looking for a talented full-stack lead developer", "hiring senior engineers".
_HIRING_PHRASE = re.compile(
    r"\b(?:looking for|looking to hire|hiring|seeking|searching for|in need of|"
    r"join (?:us|our team) as|is hiring|are hiring)\b:?\s+"
    rf"(?P<role>(?:an?\s+|our\s+|two\s+|several\s+|more\s+|the\s+)?(?:[\w.+#/-]+,?\s+){{0,5}}?"
    rf"(?:{_ROLE_NOUN}))\b",
    re.I,
)
_BULLET_LEAD = re.compile(r"^[\s★☆•·*+±>\-–—=:#\d.)]*")
_ROLE_LINE_CUT = re.compile(r"\s*[-–—]{1,3}\s+|\s*:\s+|:$|\s+\(|\s+-\s*$|\s{2,}")
# A line about the writer or a person ("I'm a Managing Director at Labs", "Me, Co-Founder/CTO")
# names their role, not the job's.
_PERSONAL = re.compile(
    r"^(?:(?:hi|hello|hey)\b\W*)?(?:i|i'm|i’m|im|me|my|we|we're|we’re|our)\b", re.I
)
_ROLE_LINE_WORDS = 8
_ROLE_LINES = 40


@dataclass(frozen=True, slots=True)
class Header:
    fields: tuple[str, ...]  # every field and sub-field, in order
    line_count: int  # how many of the document's first lines the header spans


def read_header(document: Document) -> Header:
    """The fields of the header line(s) at the start of the description, if it has any."""
    fields: list[str] = []
    count = 0
    for line in document.lines[:_HEADER_LINES]:
        if line.kind == "title":
            continue
        words = line.text.split()
        parts = [part for part in _SEPARATORS.split(line.text) if part.strip(" .")]
        # A pipe or a bullet marks fields; dashes and slashes do when there are two of them
        # ("Playboy - Beverly Hills, CA - Onsite"), not one ("Postgres - we use it").
        marked = any(mark in line.text for mark in "|•·")
        if len(words) > _HEADER_WORDS or len(parts) < (2 if marked else 3):
            break
        count += 1
        for part in parts:
            fields.append(part.strip(" ."))
            inner = [piece.strip(" .") for piece in _INNER.split(part) if piece.strip(" .")]
            if len(inner) > 1:
                fields.extend(inner)
    return Header(fields=tuple(fields), line_count=count)


_REMOTE_FIELD = re.compile(r"\bremote(?:ly)?\b(?!\.\w)|\bwfh\b|\bwork from home\b", re.I)
_NO_REMOTE_FIELD = re.compile(r"\b(?:no|not|non)[- ]remote\b", re.I)
_HYBRID_FIELD = re.compile(
    r"\bhybrid\b|\bin[- ]office\s*:?\s*\(?\s*[1-4](?:\s*(?:-|–|to|or)\s*[2-4])?\s+days\b|"
    r"\b[1-4](?:\s*(?:-|–|to|or)\s*[2-4])?\s+days?\s*(?:/|a|per|each)\s*week\b|"
    r"\b(?:on[- ]?site|onsite|in[- ]office)\b[^|]{0,4}\(?\s*mostly\b",
    re.I,
)
_ONSITE_FIELD = re.compile(
    r"\bon[- ]?site\b|\bonsite\b|\bin[- ]office\b|\bin[- ]person\b|\boffice[- ]based\b|"
    r"^\s*local(?: only)?\s*$|\blocal only\b",
    re.I,
)


def header_workplace(header: Header) -> tuple[Workplace, str] | None:
    """The workplace the header states, with the field that says it.

    Remote is an option when any field offers it ("SF or REMOTE", "Toronto (Hybrid) +
    Remote"); else office days make it hybrid ("ONSITE (3 days/week in office)"); else an
    onsite field makes it onsite.
    """
    remote = hybrid = onsite = None
    for field in header.fields:
        if remote is None and _REMOTE_FIELD.search(field) and not _NO_REMOTE_FIELD.search(field):
            remote = field
        if hybrid is None and _HYBRID_FIELD.search(field):
            hybrid = field
        if onsite is None and _ONSITE_FIELD.search(field):
            onsite = field
    if remote is not None:
        return "remote", remote
    if hybrid is not None:
        return "hybrid", hybrid
    if onsite is not None:
        return "onsite", onsite
    return None


def _role_part(text: str) -> str | None:
    """The role a short line names, before its link or its description ("iOS Lead -- ..."),
    or after its label ("Job Titles: Senior Product Manager, ...")."""
    text = _BULLET_LEAD.sub("", text)
    if _PERSONAL.match(text):
        return None
    parts = _ROLE_LINE_CUT.split(text, maxsplit=2)
    for position, part in enumerate(parts[:2]):
        if position and ":" not in text:
            break
        piece = _first_role_piece(part.strip(" .,"))
        if piece is not None:
            return piece
    return None


_ROLE_PIECES = re.compile(r"\s*(?:,|/|&|\band\b|\bor\b)\s*", re.I)
# Areas before a role noun share it: "frontend, backend, iOS and data engineers".
_AREA_WORDS = 2
_AREA_LIST_WORDS = 16


def _first_role_piece(text: str) -> str | None:
    """The first role of a list of roles: "Front-end developer" of "Front-end developer,
    Senior software engineer"; the areas that share a role noun with it are kept ("frontend,
    backend, full stack and data engineers"), for the classifier to read them all."""
    pieces = [piece.strip(" .,") for piece in _ROLE_PIECES.split(text) if piece.strip(" .,")]
    for index, piece in enumerate(pieces):
        if not _ROLE.search(piece):
            continue
        if len(piece.split()) > _ROLE_LINE_WORDS:
            return None
        if index and all(len(area.split()) <= _AREA_WORDS for area in pieces[:index]):
            listed = ", ".join(pieces[: index + 1])
            if len(listed.split()) <= _AREA_LIST_WORDS:
                return listed
        return piece if index == 0 else None
    return None


def header_role(header: Header) -> str | None:
    """The first role a header field names: "Front-end developer" of "Front-end developer,
    Senior software engineer", "{UI/Frontend, Backend, Full-stack} Engineering" whole. A lone
    upper-case tag ("INTERNS", "VISA") welcomes a kind of applicant and names no role."""
    for field in header.fields:
        if len(field.split()) > _FIELD_WORDS or (field.isupper() and " " not in field):
            continue
        pieces = [piece for piece in _ROLE_PIECES.split(field) if piece.strip()]
        for index, piece in enumerate(pieces):
            if _HEADER_ROLE.search(piece) and not (piece.isupper() and " " not in piece.strip()):
                if index and all(len(area.split()) <= _AREA_WORDS for area in pieces[:index]):
                    return ", ".join(pieces[: index + 1])
                return piece
    return None


def role_phrases(document: Document, header: Header) -> list[str]:
    """The roles the body names, first named first: role lines and hiring phrases.

    Only for a posting without a title; the words are returned as written, for the level words
    in them to be read like a title's.
    """
    found: list[tuple[int, int, str]] = []  # (line, offset, words)
    for index, line in enumerate(document.lines[:_ROLE_LINES]):
        if index < header.line_count or line.kind == "title":
            continue
        part = _role_part(line.text)
        if part is not None:
            found.append((index, 0, part))
            continue
        for match in _HIRING_PHRASE.finditer(line.text):
            found.append((index, match.start(), match.group("role")))
    found.sort(key=lambda item: (item[0], item[1]))
    return [words for _, _, words in found]
