"""Employment type, in Google Cloud Talent Solution's vocabulary (full_time, contractor...)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobboard.analysis.text import lines_containing

# Checked in this order; the first kind found wins, so "full-time contract" is a contract and
# "paid internship, full-time" an internship.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "contract_to_hire",
        re.compile(
            r"\bcontract[- ]to[- ](?:hire|perm(?:anent)?)\b|\btemp[- ]to[- ]perm(?:anent)?\b|"
            r"\bc2h\b|\bright[- ]to[- ]hire\b|\bwith (?:the )?(?:possibility|option) of "
            r"(?:conversion|converting|becoming permanent|a permanent)",
            re.I,
        ),
    ),
    (
        "internship",
        re.compile(
            r"\binternships?\b|\bintern\b(?![- ]?(?:al|et))|\bworking student\b|\bwerkstudent\b|"
            r"\bco-op (?:student|program|programme|position|term|placement|role)\b|\bpraktikum\b|"
            r"\bplacement year\b",
            re.I,
        ),
    ),
    ("volunteer", re.compile(r"\bvolunteer (?:role|position|basis|opportunity)\b", re.I)),
    (
        "temporary",
        re.compile(
            r"\btemporary (?:role|position|job|contract|assignment|employee)\b|\bfixed[- ]term\b|"
            r"\b(?:maternity|paternity|parental leave) cover\b|\bseasonal (?:role|position|job)\b|"
            r"\bthis is a temporary\b|\bbefristet\b",
            re.I,
        ),
    ),
    (
        "contractor",
        re.compile(
            r"\bindependent contractors?\b|\b(?:as an?|hire an?|hiring an?|looking for an?|"
            r"seeking an?) (?:\w+ ){0,3}contractor\b|\bcontractor (?:role|position|basis|"
            r"agreement|rate)\b|\bfreelance (?:role|position|basis|contract|engagement|developer|"
            r"engineer|designer|work|project|opportunity)\b|\bas an? freelancer\b|"
            r"\b(?:a|this|our|the) freelance\b|"
            r"\bb2b (?:contract|basis|agreement)\b|\b1099\b|\b(?:inside|outside) ir35\b|\bir35\b|"
            r"\bcorp[- ]to[- ]corp\b|\bc2c\b|\bself[- ]employed\b|\bday rate\b|"
            r"\b(?:an?|this) (?:[\w]+[- ](?:month|week|year)s? |short[- ]term |long[- ]term |"
            r"hourly |"
            r"remote |paid |full[- ]time |part[- ]time )?contract\b(?! (?:management|law|review|"
            r"negotiation|terms|manufacturer))|"
            r"\bcontract (?:role|position|job|opportunity|engagement|basis|assignment|developer|"
            r"engineer|work|length|duration|period|of \d+)\b|"
            r"\b\w+[- ](?:month|week)s? (?:contract|engagement)\b|"
            r"\bon a contract\b|\bper contract\b",
            re.I,
        ),
    ),
    ("per_diem", re.compile(r"\bper diem (?:basis|role|position)\b", re.I)),
    (
        "part_time",
        re.compile(
            r"\bpart[- ]time\b(?! (?:students?|mba))(?!\s*(?:possible|option|available|also|"
            r"welcome|or full|is possible))|\b(?:1\d|2\d|3[0-2]) hours (?:a|per) week\b|"
            r"\bteilzeit\b(?! möglich)",
            re.I,
        ),
    ),
    (
        "full_time",
        re.compile(
            r"\bfull[- ]time\b|\bpermanent (?:role|position|job|contract|employment|hire|"
            r"full[- ]time)\b|\bpermanent\s*$|\bvollzeit\b|\bfte\b|\b40 hours (?:a|per) week\b|"
            r"\bweekly hours\s*:?\s*(?:3[5-9]|40)\b",
            re.I | re.M,
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class EmploymentFinding:
    employment_type: str
    evidence: str


_TITLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("contract_to_hire", re.compile(r"\bcontract[- ]to[- ]hire\b|\bc2h\b", re.I)),
    ("internship", re.compile(r"\bintern(?:ship)?s?\b|\bworking student\b|\bco-op\b", re.I)),
    ("temporary", re.compile(r"\btemporary\b|\bfixed[- ]term\b|\btemp\b", re.I)),
    ("contractor", re.compile(r"\bcontract(?:or)?\b|\bfreelance(?:r)?\b|\bindependent\b", re.I)),
    ("part_time", re.compile(r"\bpart[- ]time\b", re.I)),
    ("full_time", re.compile(r"\bfull[- ]time\b", re.I)),
)


# Every pattern above needs one of these; lines without any are skipped (a large saving on
# long descriptions, since the patterns cannot start from a literal prefix).
_KEYWORDS = (
    "intern", "contract", "freelance", "temp", "fixed", "part", "full", "permanent", "c2h",
    "co-op", "student", "1099", "ir35", "day rate", "employed", "hours", "volunteer", "diem",
    "b2b", "c2c", "corp", "cover", "seasonal", "befrist", "teilzeit", "vollzeit", "praktikum",
    "placement", "hire", "fte", "conver", "weekly hours",
)  # fmt: skip


def _relevant(text: str) -> str:
    """The lines that hold a keyword, and the line after each ("Weekly hours:" / "40")."""
    lines = text.splitlines()
    keep = [index for index, hit in enumerate(lines_containing(lines, _KEYWORDS)) if hit]
    wanted = sorted({*keep, *(index + 1 for index in keep if index + 1 < len(lines))})
    return "\n".join(lines[index] for index in wanted)


# A header field ("| Full-time |", "(Full Time, Local, VISA)", "Full-time Contract") states the
# type on its own; "INTERNS" there says interns are welcome too, not what this job is.
_FIELD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("contract_to_hire", re.compile(r"\bcontract[- ]to[- ]hire\b|\bc2h\b", re.I)),
    ("contractor", re.compile(r"\bcontract(?:or)?\b|\bfreelance(?:r)?\b", re.I)),
    ("part_time", re.compile(r"\bpart[- ]?time\b", re.I)),
    ("full_time", re.compile(r"\bfull[- ]?time\b|\bpermanent\b", re.I)),
)


def find_employment_type(
    title: str, text: str, header_fields: tuple[str, ...] = ()
) -> EmploymentFinding | None:
    """Return the kind of employment the title, else a header field, else the text, states
    (first by precedence)."""
    fields = "\n".join(field for field in header_fields if len(field.split()) <= 4)
    for patterns, source in (
        (_TITLE_PATTERNS, title),
        (_FIELD_PATTERNS, fields),
        (_PATTERNS, _relevant(text)),
    ):
        for kind, pattern in patterns:
            match = pattern.search(source)
            if match:
                return EmploymentFinding(employment_type=kind, evidence=match.group())
    return None
