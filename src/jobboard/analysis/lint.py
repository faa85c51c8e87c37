"""Advice for employers: each warning has a stable code, a severity and what to do about it.

| code | severity | when |
|---|---|---|
| `pay.missing` | warning | no pay range, stated or in the text |
| `pay.range_too_wide` | warning | the top of the range is more than 60% above the bottom |
| `pay.open_ended` | info | only a floor or only a ceiling |
| `experience.beyond_technology_age` | error | more years of a skill than it has existed |
| `skills.too_many_required` | warning | more than 10 required skills |
| `workplace.remote_with_office` | warning | called remote but asks for office presence |
| `wording.exclusionary` | warning | a phrase from data/wording.toml that shuts people out |
| `wording.vague` | info | a phrase from data/wording.toml that says nothing concrete |
| `google.title_not_a_title` | warning | the title holds pay, a code, a date or shouting |
| `google.description_too_short` | warning | fewer than 80 words |
| `google.location_missing` | error | not remote and no place to put in `jobLocation` |
| `google.remote_regions_missing` | warning | remote but no country or region applicants may be in |
| `google.employment_type_missing` | info | no employment type |
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Severity = Literal["error", "warning", "info"]

MAX_REQUIRED_SKILLS = 10
MAX_RANGE_RATIO = 1.6
MIN_DESCRIPTION_WORDS = 80
_TITLE_EXTRAS = re.compile(
    r"[$€£¥₹]\s?\d|\b\d{2,3}\s?k\b|\b(?:req|job|ref|id)[\s#:-]*\d{3,}|#\d{3,}|"
    r"\b20\d\d\b|!{2,}|\b(?:urgent|urgently|immediate start|hiring now|apply now)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class LintWarning:
    code: str
    severity: Severity
    message: str
    field: str | None = None
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class WordingRule:
    text: str
    kind: Literal["exclusionary", "vague"]
    suggest: str


@cache
def _wording() -> tuple[WordingRule, ...]:
    raw = tomllib.loads(
        resources.files("jobboard.analysis").joinpath("data", "wording.toml").read_text("utf-8")
    )
    rules = (
        WordingRule(text=item["text"].lower(), kind=item["kind"], suggest=item["suggest"])
        for item in raw["phrase"]
    )
    # Longest first, so "young and energetic" is reported rather than a shorter phrase in it.
    return tuple(sorted(rules, key=lambda rule: len(rule.text), reverse=True))


def _whole_words(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "-" or after.isalnum() or after == "-")


def _warning(rule: WordingRule, written: str) -> LintWarning:
    if rule.kind == "exclusionary":
        return LintWarning(
            code="wording.exclusionary",
            severity="warning",
            message=f'"{written}" can put off people the job is open to; {rule.suggest}.',
            field="description",
            evidence=written,
        )
    return LintWarning(
        code="wording.vague",
        severity="info",
        message=f'"{written}" says little about the job; {rule.suggest}.',
        field="description",
        evidence=written,
    )


def wording_warnings(text: str) -> list[LintWarning]:
    """One warning per listed phrase the text holds, in the order they appear."""
    lowered = text.lower()
    aligned = len(lowered) == len(text)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, LintWarning]] = []
    for rule in _wording():
        # One `find` per phrase over the whole text, kept when it stands as whole words.
        position = lowered.find(rule.text)
        while position != -1:
            end = position + len(rule.text)
            inside = any(start <= position < stop for start, stop in taken)
            if not inside and _whole_words(lowered, position, end):
                taken.append((position, end))
                written = text[position:end] if aligned else rule.text
                found.append((position, _warning(rule, written)))
                break
            position = lowered.find(rule.text, position + 1)
    return [warning for _, warning in sorted(found, key=lambda item: item[0])]


def pay_warnings(
    minimum: int | None, maximum: int | None, *, currency: str | None
) -> list[LintWarning]:
    if currency is None or (minimum is None and maximum is None):
        return [
            LintWarning(
                code="pay.missing",
                severity="warning",
                message='State a pay range (for example "$120,000 - $150,000 per year"): '
                "postings with pay get more applicants, pay-transparency laws in many US states "
                "and the EU require it, and Google for Jobs shows it as baseSalary.",
                field="salary",
            )
        ]
    if minimum is None or maximum is None:
        return [
            LintWarning(
                code="pay.open_ended",
                severity="info",
                message="Give both ends of the pay range; a lone floor or ceiling tells "
                "candidates little about what you will offer.",
                field="salary",
            )
        ]
    if minimum > 0 and maximum / minimum > MAX_RANGE_RATIO:
        percent = round((maximum / minimum - 1) * 100)
        return [
            LintWarning(
                code="pay.range_too_wide",
                severity="warning",
                message=f"The top of the pay range is {percent}% above the bottom; narrow it to "
                "what you would really offer for this role (several pay-transparency laws ask "
                "for a good-faith range), or post one job per level.",
                field="salary",
            )
        ]
    return []


def years_beyond_age(
    skill_years: dict[str, int], *, first_release: dict[str, tuple[str, int]], this_year: int
) -> list[LintWarning]:
    """``first_release`` maps a slug to (skill name, year of first release)."""
    warnings: list[LintWarning] = []
    for slug, years in sorted(skill_years.items()):
        if slug not in first_release:
            continue
        name, released = first_release[slug]
        age = this_year - released
        if years > age:
            warnings.append(
                LintWarning(
                    code="experience.beyond_technology_age",
                    severity="error",
                    message=f"You ask for {years} years of {name}, but it first came out in "
                    f"{released}: nobody has more than {max(age, 0)}. Ask for what the work "
                    "needs, or for related experience.",
                    field="description",
                    evidence=f"{years} years of {name}",
                )
            )
    return warnings


def too_many_required(required: list[str]) -> list[LintWarning]:
    if len(required) <= MAX_REQUIRED_SKILLS:
        return []
    return [
        LintWarning(
            code="skills.too_many_required",
            severity="warning",
            message=f"The job requires {len(required)} skills; long must-have lists put off "
            f"good candidates, especially those who apply only when they meet every one. Keep "
            f"the {MAX_REQUIRED_SKILLS} or fewer that matter most and mark the rest nice to have.",
            field="skills",
        )
    ]


def remote_with_office(evidence: str | None) -> list[LintWarning]:
    return [
        LintWarning(
            code="workplace.remote_with_office",
            severity="warning",
            message="The job is called remote but the text asks for office presence"
            + (f' ("{evidence}")' if evidence else "")
            + ". Call it hybrid or onsite, or drop the office requirement: Google for Jobs "
            "only accepts TELECOMMUTE for fully remote jobs.",
            field="workplace",
            evidence=evidence,
        )
    ]


def title_warnings(title: str) -> list[LintWarning]:
    match = _TITLE_EXTRAS.search(title)
    if match is None and not (len(title) > 10 and title.isupper()):
        return []
    return [
        LintWarning(
            code="google.title_not_a_title",
            severity="warning",
            message='Keep the title to the job\'s name ("Senior Backend Engineer"): Google for '
            "Jobs rejects titles with pay, codes, dates or shouting; put those in the fields "
            "or the description.",
            field="title",
            evidence=match.group() if match else title,
        )
    ]


def google_warnings(
    *,
    word_count: int,
    workplace: str | None,
    has_location: bool,
    has_regions: bool,
    has_employment_type: bool,
) -> list[LintWarning]:
    warnings: list[LintWarning] = []
    if word_count < MIN_DESCRIPTION_WORDS:
        warnings.append(
            LintWarning(
                code="google.description_too_short",
                severity="warning",
                message=f"The description has {word_count} words; describe the work, the team "
                "and what you ask for (Google for Jobs wants a complete description, and "
                "candidates skip thin ones).",
                field="description",
            )
        )
    if workplace != "remote" and not has_location:
        warnings.append(
            LintWarning(
                code="google.location_missing",
                severity="error",
                message="Add where the job is (a city in `locations`): Google for Jobs requires "
                "jobLocation unless the job is fully remote.",
                field="locations",
            )
        )
    if workplace == "remote" and not has_regions:
        warnings.append(
            LintWarning(
                code="google.remote_regions_missing",
                severity="warning",
                message="Say where remote applicants may live (countries or regions in "
                "`remote_regions`): Google for Jobs needs applicantLocationRequirements for "
                "remote jobs, and candidates want to know whether they qualify.",
                field="remote_regions",
            )
        )
    if not has_employment_type:
        warnings.append(
            LintWarning(
                code="google.employment_type_missing",
                severity="info",
                message="State the employment type (full time, part time, contract...): "
                "Google for Jobs uses it as employmentType and candidates filter by it.",
                field="employment_type",
            )
        )
    return warnings
