"""Years of experience: "5+ years", "five years", "3-5 years", "at least 4 years of Go".

A statement tied to skills ("4+ years of Go", "Python (5+ years)") counts for those skills;
otherwise it counts for the job overall. Statements in optional context ("ideally 8+ years")
and in sections about the company, perks or the process are left out of the minimum.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobboard.analysis import cues
from jobboard.analysis.sections import IGNORED_SECTIONS, Section
from jobboard.analysis.skills import Mention
from jobboard.analysis.text import Document

MAX_YEARS = 40
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
_NUMBER = r"(?:\d{1,2}(?:[.,]5)?|" + "|".join(_NUMBER_WORDS) + r")"
_YEARS = re.compile(
    r"(?:\b(?P<lead>at least|minimum(?: of)?|min\.?|over|more than|upwards of|in excess of|"
    r"no less than|a minimum of)\s+)?"
    rf"\b(?P<low>{_NUMBER})(?:\s*\+|\s*plus|\s+or\s+more)?\s*"
    rf"(?:(?:-|–|—|to|and)\s*(?P<high>{_NUMBER})\s*\+?\s*)?"
    r"(?P<unit>years?|yrs?|months?)\b(?:['’])?(?:\s*\+)?",
    re.I,
)
# After "5 years", what makes it a statement about experience.
_EXPERIENCE_AFTER = re.compile(
    r"^\s*(?:['’]\s*)?(?:of|in|with|as|using|working|building|developing|writing|designing|"
    r"applying|operating|maintaining|production|"
    r"running|leading|managing|shipping|delivering|doing|programming|coding|experience|"
    r"professional|relevant|related|industry|hands|commercial|practical|post|full|software|"
    r"engineering|development|at|on|\(|\)|,|$)",
    re.I,
)
_NOT_EXPERIENCE_AFTER = re.compile(
    r"^\s*(?:old|ago|of age|in business|warranty|in a row|running|and counting|anniversary|"
    r"history|of operation|in the market|contract|fixed|term|vesting|cliff|visa|"
    r"of (?:funding|growth|runway|history)|later|from now|on the team|"
    r"at (?:our|the) company)\b",
    re.I,
)
_NOT_EXPERIENCE_BEFORE = re.compile(
    r"\b(?:last|past|next|within|first|every|each|per|after|for the|in|in the|warranty|"
    r"founded|since|over the|during the|up to|less than|fewer than|under|no more than|"
    r"maximum(?: of)?|max\.?|for|in only|in just|only)\s*$",
    re.I,
)
# "5+ years." ends its sentence: a floor stated on its own is a requirement of experience.
_FLOOR_ALONE = re.compile(r"^\s*(?:[.!;]|$)")
_EXPERIENCE_BEFORE = re.compile(r"\bexperience\b[^.;]{0,40}$", re.I)
_CONNECTORS = frozenset(
    "of with in using experience professional hands-on hands on commercial production "
    "practical industry relevant programming developing writing building working coding the a "
    "an modern strong solid deep proven demonstrable at least and or developer engineer "
    "including applying operating maintaining running shipping".split()
)
_LINK_WINDOW = 60
_MONTHS_OF_EXPERIENCE = re.compile(r"^[^.;]{0,30}\bexperience\b", re.I)
_ALTERNATIVE = re.compile(r"\bor\s+(?:[\w']+\s+){0,3}$", re.I)
_MAY_STATE_YEARS = re.compile(r"\b(?:years?|yrs?|months?)\b", re.I)
_SKILL_BEFORE = re.compile(r"^[\s(:\-–—]*$")


@dataclass(frozen=True, slots=True)
class YearsMention:
    years: int
    skills: tuple[str, ...]  # the skills it is about; empty for the job overall
    text: str
    start: int  # offset in Document.text
    optional: bool
    sentence: int  # an id shared by statements of one sentence
    alternative: bool  # joined to the previous statement of its sentence by "or"


def _number(raw: str) -> int:
    raw = raw.lower().replace(",", ".")
    if raw in _NUMBER_WORDS:
        return _NUMBER_WORDS[raw]
    return int(float(raw))


def _linked_after(
    line_text: str, line_start: int, end: int, mentions: list[Mention]
) -> tuple[str, ...]:
    """Skills a years statement is about when they follow it ("4 years of Go and Rust")."""
    linked: list[str] = []
    cursor = end
    for mention in mentions:
        local = mention.start - line_start
        if local < cursor:
            continue
        if local - end > _LINK_WINDOW:
            break
        between = line_text[cursor:local]
        words = re.findall(r"[\w'-]+", between.lower())
        if any(mark in between for mark in ".;") or any(word not in _CONNECTORS for word in words):
            break
        linked.append(mention.slug)
        cursor = mention.end - line_start
    return tuple(dict.fromkeys(linked))


def _linked_before(
    line_text: str, line_start: int, start: int, mentions: list[Mention]
) -> tuple[str, ...]:
    """Skills named just before it ("Python (5+ years)", "Go: 3 years")."""
    for mention in reversed(mentions):
        local_end = mention.end - line_start
        if local_end <= start and _SKILL_BEFORE.match(line_text[local_end:start]):
            return (mention.slug,)
        if local_end <= start:
            break
    return ()


def find_years(
    document: Document, sections: list[Section], mentions: list[Mention]
) -> list[YearsMention]:
    """Return every statement of years of experience, with the skills it is about."""
    by_line: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_line.setdefault(mention.line, []).append(mention)
    found: list[YearsMention] = []
    for index, line in enumerate(document.lines):
        section = sections[index]
        if section.kind in IGNORED_SECTIONS or section.kind == "about":
            continue
        text = line.text
        if not _MAY_STATE_YEARS.search(text):
            continue
        optional = cues.optional_ranges(text)
        spans = cues.sentence_spans(text)
        line_mentions = sorted(by_line.get(index, []), key=lambda item: item.start)
        previous_end: dict[int, int] = {}
        for match in _YEARS.finditer(text):
            skill_follows = any(
                0 <= mention.start - line.start - match.end() <= 2 for mention in line_mentions
            )
            if not (skill_follows or _is_experience(text, match)):
                continue
            years = _number(match.group("low"))
            if match.group("unit").lower().startswith("month"):
                # "4 months of full-time research" is a duration, not experience.
                if not _MONTHS_OF_EXPERIENCE.match(text[match.end() :]):
                    continue
                years //= 12
            if years > MAX_YEARS:
                continue
            sentence = next(
                (
                    number
                    for number, (start, end) in enumerate(spans)
                    if start <= match.start() < end
                ),
                0,
            )
            skills = _linked_after(text, line.start, match.end(), line_mentions) or (
                _linked_before(text, line.start, match.start(), line_mentions)
            )
            key = sentence
            # "8 years of experience or 6 years with a Master's": the second is an alternative.
            alternative = key in previous_end and bool(
                _ALTERNATIVE.search(text[previous_end[key] : match.start()])
            )
            previous_end[key] = match.end()
            found.append(
                YearsMention(
                    years=years,
                    skills=skills,
                    text=match.group().strip(),
                    start=line.start + match.start(),
                    optional=section.kind == "nice" or cues.is_optional(match.start(), optional),
                    sentence=index * 1000 + sentence,
                    alternative=alternative,
                )
            )
    return found


def _is_experience(text: str, match: re.Match[str]) -> bool:
    before = text[: match.start()]
    after = text[match.end() :]
    if _NOT_EXPERIENCE_AFTER.match(after) or _NOT_EXPERIENCE_BEFORE.search(before):
        return False
    if match.group("lead") or _EXPERIENCE_AFTER.match(after):
        return True
    if _FLOOR_ALONE.match(after) and re.search(r"\+|plus|or more", match.group(), re.I):
        return True
    return bool(_EXPERIENCE_BEFORE.search(before))


def minimum_years(mentions: list[YearsMention]) -> int | None:
    """The job's minimum: the largest requirement, overall or for a skill (alternatives joined
    by "or" take their smallest); optional statements do not count."""
    by_sentence: dict[int, int] = {}
    for mention in mentions:
        if mention.optional:
            continue
        if mention.sentence in by_sentence and mention.alternative:
            by_sentence[mention.sentence] = min(by_sentence[mention.sentence], mention.years)
        else:
            by_sentence[mention.sentence] = max(by_sentence.get(mention.sentence, 0), mention.years)
    return max(by_sentence.values()) if by_sentence else None


def years_per_skill(mentions: list[YearsMention]) -> dict[str, int]:
    years: dict[str, int] = {}
    for mention in mentions:
        for slug in mention.skills:
            years[slug] = max(years.get(slug, 0), mention.years)
    return years
