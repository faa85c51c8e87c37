"""Skills asked of the candidate versus skills the posting only mentions.

A posting names technologies for many reasons: the stack the job uses and the skills it asks
for, but also what the company does ("we use machine learning to draw insights"), the names of
other roles ("DevOps Engineer", "iOS, Android and data engineers"), the company itself (a
header's first field, "Swift Systems") and other companies ("makers of WordPress.com",
"backed by Spark Capital"). The rules are data (``data/asking.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jobboard.analysis.sections import Section
from jobboard.analysis.skills import Mention
from jobboard.analysis.snapshot import AskingRules, TaxonomySnapshot
from jobboard.analysis.text import Document

# Sections whose lines speak of the job itself.
_JOB_SECTIONS = frozenset({"requirements", "nice", "stack", "responsibilities"})
_SHORT_LINE_WORDS = 8
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[a-z][a-z0-9'’+#/-]*")
_LIST_SPLIT = re.compile(r"\s*(?:,|/|&|\+|\band\b|\bor\b|\(|\)|;)\s*", re.I)
_COMPANY_FIELD_END = re.compile(r"\s*[(\[]")


def _sentence(text: str, offset: int) -> str:
    """The sentence of ``text`` holding ``offset``."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() >= offset:
            return text[start : match.start()]
        start = match.end()
    return text[start:]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


_FOLLOWING_WORDS = re.compile(r"^[ \t]+([\w'’-]+)(?:[ \t]+([\w'’-]+))?")


def _names_a_role(rules: AskingRules, following: str) -> bool:
    """Whether the words right after a mention make it a role's name ("DevOps Engineer",
    "Linux Systems Administrator"); a comma or a full stop in between ends the name."""
    match = _FOLLOWING_WORDS.match(following)
    if match is None:
        return False
    first, second = (word.lower() if word else "" for word in match.groups())
    return first in rules.role_nouns or (
        first in rules.role_qualifiers and second in rules.role_nouns
    )


def _in_role_list(rules: AskingRules, line: str, mention: Mention, line_start: int) -> bool:
    """Whether the mention is one area of a list of roles or teams ("iOS, Android, devops")."""
    sentence_start = line_start
    sentence = _sentence(line, mention.start - line_start)
    position = line.find(sentence)
    if position >= 0:
        sentence_start += position
    items = [item.strip(" .:!*-").lower() for item in _LIST_SPLIT.split(sentence)]
    surface = mention.surface.lower()
    # Two other areas make it a list of roles ("iOS, Android, devops"); "mobile engineers
    # (iOS and Android)" names platforms.
    areas = sum(1 for item in items if item in rules.role_areas and item != surface)
    if areas < 2:
        return False
    # The mention must itself be a short item of that list.
    return any(surface in item and len(item.split()) <= 3 for item in items)


# Between "startups like" and the mention: other names of the list, no end of sentence.
_LIST_GAP = re.compile(r"^[\w+#/ -]*(?:(?:,|\.(?=\w)|\band\b|\bor\b)[\w+#/ -]*){0,8}$")


def _about_elsewhere(rules: AskingRules, before: str) -> bool:
    """Whether the mention belongs to a list that starts with "makers of", "startups like"..."""
    tail = before[-120:].lower()
    for phrase in rules.elsewhere:
        position = tail.rfind(phrase)
        if position >= 0 and _LIST_GAP.match(tail[position + len(phrase) :]):
            return True
    return False


def asked_mentions(
    document: Document,
    sections: Sequence[Section],
    mentions: Sequence[Mention],
    snapshot: TaxonomySnapshot,
    *,
    header_lines: int,
    company: str | None,
) -> list[Mention]:
    """The mentions that speak of the job: the others are left out (see the module doc)."""
    rules = snapshot.asking
    lines = document.lines
    first_body = 1 if lines and lines[0].kind == "title" else 0
    company_name = company.lower() if company else None
    lowered = document.text.lower()
    # One pass over the whole text instead of one per mention, as most postings name none.
    elsewhere = any(phrase in lowered for phrase in rules.elsewhere)
    kept: list[Mention] = []
    for mention in mentions:
        line = lines[mention.line]
        if line.kind == "title":
            kept.append(mention)
            continue
        offset = mention.start - line.start
        kind = snapshot.skills[mention.slug].kind
        following = line.text[mention.end - line.start : mention.end - line.start + 40]
        surface = mention.surface.lower()
        if company_name and line.text[offset:].lower().startswith(company_name):
            continue
        if elsewhere and _about_elsewhere(rules, line.text[:offset]):
            continue
        # The job's own title names its skill ("DevOps Engineer"); other roles' names do not.
        in_header = first_body <= mention.line < first_body + header_lines
        # The header's role is the job's own, like a title ("GoPro | DevOps Engineer").
        names_role = (
            (kind in rules.role_kinds or mention.slug in rules.role_skills)
            and not surface.endswith("ing")
            and not in_header
        )
        if names_role and _names_a_role(rules, following):
            continue
        if mention.slug not in rules.concepts:
            kept.append(mention)
            continue
        if _in_role_list(rules, line.text, mention, line.start):
            continue
        if (
            in_header
            or sections[mention.line].kind in _JOB_SECTIONS
            or line.kind == "bullet"
            or len(line.text.split()) <= _SHORT_LINE_WORDS
            or any(word in rules.cues for word in _words(_sentence(line.text, offset)))
        ):
            kept.append(mention)
    return kept


def company_of(header_fields: Sequence[str]) -> str | None:
    """The company a header line names in its first field ("MemSQL (YC11)" -> "MemSQL")."""
    if not header_fields:
        return None
    name = _COMPANY_FIELD_END.split(header_fields[0], maxsplit=1)[0].strip(" .,")
    return name if 0 < len(name.split()) <= 3 else None
