"""Phrase banks for the demo generator: company names, industries, role families, benefits
and hiring processes, all written for Jobboard. The text lives in ``data/text.json``; this
module reads it once and gives it its types.

Templates use ``str.format`` fields. Company templates may use {company}, {city}, {year},
{product}, {users}, {people_phrase} and {funding_year}. Job templates may use {company},
{team}, {users}, {domain}, {product_noun}, {title}, {a_title} (the title with "a" or "an"),
{city}, and the job's skills: {skill} (its main language or framework), {language},
{framework}, {database}, {cloud}, {tool}, {practice} (its first required skill of that kind)
and {nice} (a nice-to-have tool); a template naming a skill the job lacks is not used.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Product:
    """What a company sells: a predicate for its description and a noun for job ads."""

    pitch: str  # follows the company name: "builds ..."
    noun: str  # "our {noun}"


@dataclass(frozen=True, slots=True)
class IndustryText:
    name_words: tuple[str, ...]
    products: tuple[Product, ...]
    users: tuple[str, ...]  # plural nouns: who the product serves
    domains: tuple[str, ...]  # plural noun phrases: what the software handles
    teams: tuple[str, ...]
    missions: tuple[str, ...]
    family_affinity: Mapping[str, float]  # role family -> how much more this trade hires it


@dataclass(frozen=True, slots=True)
class FamilyText:
    """Text for a family of related categories (back end, data, mobile...)."""

    teams: tuple[str, ...]
    intros: tuple[str, ...]
    responsibilities: tuple[str, ...]
    requirements: tuple[str, ...]
    nice_to_have: tuple[str, ...]
    technical_interview: tuple[str, ...]


def _frozen(value: Any) -> Any:
    """JSON arrays as tuples, all the way down, as the generator's choices expect."""
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


def _industry(fields: dict[str, Any]) -> IndustryText:
    products = tuple(Product(**product) for product in fields.pop("products"))
    return IndustryText(products=products, **fields)


_DATA: dict[str, Any] = _frozen(
    json.loads(resources.files(__package__).joinpath("data/text.json").read_text("utf-8"))
)

NAME_ROOTS: tuple[str, ...] = _DATA["NAME_ROOTS"]
NAME_COMPOUND_STARTS: tuple[str, ...] = _DATA["NAME_COMPOUND_STARTS"]
NAME_COMPOUND_ENDS: tuple[str, ...] = _DATA["NAME_COMPOUND_ENDS"]
INDUSTRIES: Mapping[str, IndustryText] = {
    key: _industry(dict(fields)) for key, fields in _DATA["INDUSTRIES"].items()
}
SIZE_PHRASES: Mapping[str, tuple[str, ...]] = _DATA["SIZE_PHRASES"]
COMPANY_OPENINGS: tuple[str, ...] = _DATA["COMPANY_OPENINGS"]
COMPANY_STAGE_LINES: Mapping[str, tuple[str, ...]] = _DATA["COMPANY_STAGE_LINES"]
COMPANY_CULTURE_LINES: Mapping[str, tuple[str, ...]] = _DATA["COMPANY_CULTURE_LINES"]
COMPANY_VALUES_LINES: tuple[str, ...] = _DATA["COMPANY_VALUES_LINES"]
FAMILIES: Mapping[str, FamilyText] = {
    key: FamilyText(**fields) for key, fields in _DATA["FAMILIES"].items()
}
CATEGORY_FAMILIES: Mapping[str, str] = _DATA["CATEGORY_FAMILIES"]
FAMILY_KEYWORDS: tuple[tuple[str, str], ...] = _DATA["FAMILY_KEYWORDS"]
SKILL_REQUIREMENTS_WITH_YEARS: Mapping[str, tuple[str, ...]] = _DATA[
    "SKILL_REQUIREMENTS_WITH_YEARS"
]
SKILL_REQUIREMENTS: Mapping[str, tuple[str, ...]] = _DATA["SKILL_REQUIREMENTS"]
SKILL_PAIR_REQUIREMENTS: tuple[str, ...] = _DATA["SKILL_PAIR_REQUIREMENTS"]
SKILL_NICE_TO_HAVE: tuple[str, ...] = _DATA["SKILL_NICE_TO_HAVE"]
STACK_LINES: tuple[str, ...] = _DATA["STACK_LINES"]
SENIORITY_RESPONSIBILITIES: Mapping[str, tuple[str, ...]] = _DATA["SENIORITY_RESPONSIBILITIES"]
SENIORITY_REQUIREMENTS: Mapping[str, tuple[str, ...]] = _DATA["SENIORITY_REQUIREMENTS"]
YEARS_LINES: tuple[str, ...] = _DATA["YEARS_LINES"]
SECTION_HEADINGS: Mapping[str, tuple[str, ...]] = _DATA["SECTION_HEADINGS"]
DISCIPLINE_MISSIONS: tuple[str, ...] = _DATA["DISCIPLINE_MISSIONS"]
TEAM_SIZE_LINES: tuple[str, ...] = _DATA["TEAM_SIZE_LINES"]
WORKPLACE_LINES: Mapping[str, tuple[str, ...]] = _DATA["WORKPLACE_LINES"]
OVERLAP_LINES: tuple[str, ...] = _DATA["OVERLAP_LINES"]
EMPLOYMENT_LINES: Mapping[str, tuple[str, ...]] = _DATA["EMPLOYMENT_LINES"]
PAY_LINES: tuple[str, ...] = _DATA["PAY_LINES"]
PAY_LINES_CONTRACT: tuple[str, ...] = _DATA["PAY_LINES_CONTRACT"]
EQUITY_LINES: tuple[str, ...] = _DATA["EQUITY_LINES"]
NO_PAY_LINES: tuple[str, ...] = _DATA["NO_PAY_LINES"]
BENEFITS: Mapping[str, tuple[str, ...]] = _DATA["BENEFITS"]
GENERIC_BENEFITS: tuple[str, ...] = _DATA["GENERIC_BENEFITS"]
REMOTE_BENEFITS: tuple[str, ...] = _DATA["REMOTE_BENEFITS"]
HIRING_STEPS_INTRO: tuple[str, ...] = _DATA["HIRING_STEPS_INTRO"]
HIRING_WEEKS: tuple[str, ...] = _DATA["HIRING_WEEKS"]
HIRING_FIRST_STEPS: tuple[str, ...] = _DATA["HIRING_FIRST_STEPS"]
HIRING_MINUTES: tuple[str, ...] = _DATA["HIRING_MINUTES"]
HIRING_SCREENERS: tuple[str, ...] = _DATA["HIRING_SCREENERS"]
HIRING_FIRST_TOPICS: tuple[str, ...] = _DATA["HIRING_FIRST_TOPICS"]
HIRING_DURATIONS: tuple[str, ...] = _DATA["HIRING_DURATIONS"]
HIRING_LAST_KINDS: tuple[str, ...] = _DATA["HIRING_LAST_KINDS"]
HIRING_LAST_PEOPLE: tuple[str, ...] = _DATA["HIRING_LAST_PEOPLE"]
HIRING_LAST_PEOPLE_STARTUP: tuple[str, ...] = _DATA["HIRING_LAST_PEOPLE_STARTUP"]
HIRING_OFFER_STEPS: tuple[str, ...] = _DATA["HIRING_OFFER_STEPS"]
HIRING_OFFER_DAYS: tuple[str, ...] = _DATA["HIRING_OFFER_DAYS"]
HIRING_CLOSINGS: tuple[str, ...] = _DATA["HIRING_CLOSINGS"]
EQUAL_OPPORTUNITY_LINES: tuple[str, ...] = _DATA["EQUAL_OPPORTUNITY_LINES"]
