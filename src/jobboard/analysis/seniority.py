"""Seniority from the title ("Senior", "Staff", "Engineer II"), else from the text and years."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from jobboard.taxonomy.catalog import Seniority

SenioritySource = Literal["title", "text", "years"]

# In order of precedence: "Senior Engineering Manager" is a manager, "Senior Staff" staff.
_TITLE: tuple[tuple[Seniority, re.Pattern[str]], ...] = (
    ("intern", re.compile(r"\b(?:intern|internship|working student|co-op|werkstudent)\b", re.I)),
    (
        "director",
        re.compile(
            r"\b(?:director|vp|vice president|head of|chief \w+ officer|cto|cio|ciso|svp|evp)\b",
            re.I,
        ),
    ),
    (
        "manager",
        re.compile(
            r"\b(?:engineering|software engineering|software development|development|dev|"
            r"technical|qa|quality|data engineering|data science|machine learning|ml|platform|"
            r"infrastructure|security|sre|reliability|mobile|backend|frontend|it|devops|"
            r"team)\s+manager\b|\bmanager,?\s+(?:of\s+)?(?:software|engineering|data|platform|"
            r"infrastructure|development|technology|qa|sre|security|mobile|machine learning)\b|"
            r"\b(?:engineering|development|dev) team lead\b|\bteam lead\b|\bteam leader\b",
            re.I,
        ),
    ),
    ("principal", re.compile(r"\b(?:principal|distinguished)\b", re.I)),
    ("staff", re.compile(r"\bstaff\b", re.I)),
    ("senior", re.compile(r"\b(?:senior|sr|snr|lead|iii|iv|l5|level 3|founding)\b", re.I)),
    ("mid", re.compile(r"\b(?:mid|mid-level|midlevel|intermediate|ii|l4|level 2)\b", re.I)),
    (
        "junior",
        re.compile(
            r"\b(?:junior|jr|graduate|grad|entry[- ]level|associate|apprentice|trainee|l3|"
            r"level 1)\b|\b(?:engineer|developer|programmer|analyst|scientist)\s+i\b",
            re.I,
        ),
    ),
)
_TEXT: tuple[tuple[Seniority, re.Pattern[str]], ...] = (
    (
        "intern",
        re.compile(
            r"\b(?:this|our) (?:paid |summer )?internship\b|"
            r"\b(?:is|as) an? (?:paid |summer )?internship\b",
            re.I,
        ),
    ),
    ("principal", re.compile(r"\bprincipal[- ]level\b", re.I)),
    ("staff", re.compile(r"\bstaff[- ]level\b|\bas a staff (?:engineer|developer)\b", re.I)),
    (
        "senior",
        re.compile(
            r"\b(?:senior|sr)[- ]level\b|\b(?:this|a|as a|our next) senior (?:role|position|"
            r"engineer|developer|hire|individual contributor)\b|"
            r"(?<!non-)\bfounding (?:engineer|developer|member|hire)\b|"
            r"\b(?:join|part of|be|hiring) (?:an? |our |the )?(?:\w+ )?founding team\b",
            re.I,
        ),
    ),
    ("mid", re.compile(r"\bmid[- ]level\b|\bintermediate[- ]level\b", re.I)),
    (
        "junior",
        re.compile(
            r"\bentry[- ]level\b|\bjunior[- ]level\b|\bnew grads?\b|\brecent graduates?\b|"
            r"\bearly[- ]career\b|\bearly in your career\b|\bgraduate (?:program|programme|scheme|"
            r"role|position)\b|\bfirst (?:engineering|developer|software) (?:job|role)\b|"
            r"\b(?:this|a) junior (?:role|position)\b",
            re.I,
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class SeniorityFinding:
    seniority: Seniority
    source: SenioritySource
    evidence: str


def from_years(years: int) -> Seniority:
    if years < 2:
        return "junior"
    if years < 5:
        return "mid"
    return "senior"


def level_of(words: str) -> tuple[Seniority, str] | None:
    """The level a title (or a role phrase read like one) names, by precedence."""
    for seniority, pattern in _TITLE:
        match = pattern.search(words)
        if match:
            return seniority, match.group()
    return None


def find_seniority(
    title: str,
    text: str,
    min_years: int | None,
    roles: list[str] | None = None,
    header_role: str | None = None,
) -> SeniorityFinding | None:
    """The title's level; for a posting without a title, the level of the role its header
    names ("Acme | Senior Backend Engineer | ..."), else of the first role the text names
    ("we're looking for a Senior Ruby Developer"); else a level the text states; else the
    minimum years."""
    level = level_of(title)
    if level is not None:
        return SeniorityFinding(level[0], "title", level[1])
    if header_role is not None and (level := level_of(header_role)) is not None:
        return SeniorityFinding(level[0], "text", level[1])
    if roles:
        # The first role listed is the job's; a later one ("... and a Lead Designer") is not.
        level = level_of(roles[0])
        if level is not None:
            return SeniorityFinding(level[0], "text", level[1])
    for seniority, pattern in _TEXT:
        match = pattern.search(text)
        if match:
            return SeniorityFinding(seniority, "text", match.group())
    if min_years is not None:
        return SeniorityFinding(from_years(min_years), "years", f"{min_years} years")
    return None
