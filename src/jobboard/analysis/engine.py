"""`analyze()`: everything analysis reads from a title and a description, and the lint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from jobboard.analysis import cues, lint
from jobboard.analysis.asking import asked_mentions, company_of
from jobboard.analysis.employment import EmploymentFinding, find_employment_type
from jobboard.analysis.experience import (
    YearsMention,
    find_years,
    minimum_years,
    years_per_skill,
)
from jobboard.analysis.header import header_role, header_workplace, read_header, role_phrases
from jobboard.analysis.locations import PlaceFinding, find_places
from jobboard.analysis.salary import SalaryFinding, find_salary
from jobboard.analysis.sections import IGNORED_SECTIONS, Section, assign_sections
from jobboard.analysis.seniority import SeniorityFinding, find_seniority
from jobboard.analysis.skills import Mention, find_mentions
from jobboard.analysis.snapshot import TaxonomySnapshot, get_snapshot
from jobboard.analysis.text import Document, TextFormat, normalize
from jobboard.analysis.workplace import WorkplaceFinding, find_workplace
from jobboard.kit.clock import utcnow

Strength = Literal["required", "nice", "neutral"]
# Sections that describe the company rather than the job: they only decide the workplace
# when nothing else does, and never the seniority.
_BACKGROUND_SECTIONS = frozenset({"about", "legal", "process", "benefits"})
_PAY_HEADINGS = ("salary", "compensation", "pay", "benefits", "package", "rewards")
_SKILL_LIST_SECTIONS = frozenset({"requirements", "nice", "stack"})
_LIST_LINE_WORDS = 8


@dataclass(frozen=True, slots=True)
class FoundSkill:
    slug: str
    name: str
    kind: str
    required: bool
    min_years: int | None
    matched: tuple[str, ...]  # the words that named it, as written


@dataclass(frozen=True, slots=True)
class SectionSummary:
    heading: str
    kind: str


@dataclass(frozen=True, slots=True)
class StatedSalary:
    min: int | None
    max: int | None
    currency: str
    period: str


@dataclass(frozen=True, slots=True)
class StatedFields:
    """What the employer already put in the job's fields; the lint reads these first."""

    workplace: str | None = None
    employment_type: str | None = None
    salary: StatedSalary | None = None
    has_locations: bool = False
    remote_regions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Analysis:
    source_format: TextFormat
    truncated: bool
    skills: tuple[FoundSkill, ...]
    seniority: SeniorityFinding | None
    min_years_experience: int | None
    years: tuple[YearsMention, ...]
    workplace: WorkplaceFinding | None
    salary: SalaryFinding | None
    employment_type: EmploymentFinding | None
    locations: tuple[PlaceFinding, ...]
    sections: tuple[SectionSummary, ...]
    warnings: tuple[lint.LintWarning, ...]
    # The role the posting is for: its title, else the role its header or body names first.
    role: str | None = None
    # Every role the posting names, first named first: its title alone when it has one.
    roles: tuple[str, ...] = ()


def _strengths(
    document: Document, sections: list[Section], mentions: list[Mention]
) -> list[tuple[Mention, Strength]]:
    optional: dict[int, list[tuple[int, int]]] = {}
    required: dict[int, list[tuple[int, int]]] = {}
    found: list[tuple[Mention, Strength]] = []
    for mention in mentions:
        section = sections[mention.line]
        if section.kind in IGNORED_SECTIONS:
            continue
        line = document.lines[mention.line]
        if mention.line not in optional:
            optional[mention.line] = cues.optional_ranges(line.text)
            required[mention.line] = cues.required_ranges(line.text)
        position = mention.start - line.start
        strength: Strength
        if section.kind == "nice" or cues.is_optional(position, optional[mention.line]):
            strength = "nice"
        elif section.kind == "requirements" or cues.is_optional(position, required[mention.line]):
            strength = "required"
        else:
            strength = "neutral"
        found.append((mention, strength))
    return found


def _skills(
    document: Document,
    sections: list[Section],
    mentions: list[Mention],
    years: dict[str, int],
    snapshot: TaxonomySnapshot,
) -> tuple[FoundSkill, ...]:
    order: list[str] = []
    strengths: dict[str, set[Strength]] = {}
    matched: dict[str, list[str]] = {}
    for mention, strength in _strengths(document, sections, mentions):
        if mention.slug not in strengths:
            order.append(mention.slug)
            strengths[mention.slug] = set()
            matched[mention.slug] = []
        strengths[mention.slug].add(strength)
        if mention.surface not in matched[mention.slug]:
            matched[mention.slug].append(mention.surface)
    skills = []
    for slug in order:
        facts = snapshot.skills[slug]
        seen = strengths[slug]
        skills.append(
            FoundSkill(
                slug=slug,
                name=facts.name,
                kind=facts.kind,
                required="required" in seen or "nice" not in seen,
                min_years=years.get(slug),
                matched=tuple(matched[slug]),
            )
        )
    return tuple(skills)


def analyze(
    title: str,
    description: str,
    *,
    stated: StatedFields | None = None,
    this_year: int | None = None,
    snapshot: TaxonomySnapshot | None = None,
) -> Analysis:
    """Read a job's title and description (plain text, Markdown or HTML).

    Deterministic for the same arguments; ``this_year`` (default: the current year) is what
    "years of a technology" are checked against.
    """
    snapshot = snapshot or get_snapshot()
    stated = stated or StatedFields()
    year = this_year if this_year is not None else utcnow().year
    document = normalize(description, title=title)
    sections = assign_sections(document, snapshot)
    mentions = find_mentions(
        document,
        snapshot,
        list_lines=frozenset(
            index
            for index, (line, section) in enumerate(zip(document.lines, sections, strict=True))
            if section.kind in _SKILL_LIST_SECTIONS and len(line.text.split()) <= _LIST_LINE_WORDS
        ),
    )
    header = read_header(document)
    mentions = asked_mentions(
        document,
        sections,
        mentions,
        snapshot,
        header_lines=header.line_count,
        company=company_of(header.fields),
    )
    years = find_years(document, sections, mentions)
    minimum = minimum_years(years)
    per_skill = years_per_skill(years)
    skills = _skills(document, sections, mentions, per_skill, snapshot)
    found_slugs = {skill.slug for skill in skills}
    per_skill = {slug: value for slug, value in per_skill.items() if slug in found_slugs}

    lines = document.lines
    # Without a title the first line is the description's own (often a header line).
    body_start = 1 if lines and lines[0].kind == "title" else 0
    job_lines = [
        line.text
        for line, section in zip(lines, sections, strict=True)
        if section.kind not in _BACKGROUND_SECTIONS
    ]
    workplace = find_workplace(
        [
            (line.text, section.kind not in _BACKGROUND_SECTIONS)
            for line, section in zip(lines, sections, strict=True)
            if section.kind not in ("legal", "process")
        ],
        header=header_workplace(header),
    )
    places = find_places(
        title,
        [
            line.text
            for line, section in zip(lines[body_start:], sections[body_start:], strict=True)
            if section.kind not in ("legal", "process")
        ],
        header.fields,
    )
    country = places[0].city.country_code if places else None
    salary = find_salary(
        [
            (
                line.text,
                section.kind == "benefits"
                or any(word in (section.heading or "").lower() for word in _PAY_HEADINGS),
            )
            for line, section in zip(lines, sections, strict=True)
        ],
        full_text=document.text,
        country=country,
    )
    body = "\n".join(job_lines[body_start:])
    employment = find_employment_type(
        title,
        "\n".join(
            line.text
            for line, section in zip(lines[body_start:], sections[body_start:], strict=True)
            if section.kind not in ("legal", "process")
        ),
        header.fields,
    )
    untitled = not title.strip()
    phrases = role_phrases(document, header) if untitled else None
    named_role = header_role(header) if untitled else None
    seniority = find_seniority(title, body, minimum, phrases, named_role)
    roles = (
        (title.strip(),)
        if not untitled
        else tuple(dict.fromkeys([*([named_role] if named_role else []), *(phrases or [])]))
    )
    role = roles[0] if roles else None
    warnings = _lint(
        title=title,
        document=document,
        skills=skills,
        per_skill=per_skill,
        workplace=workplace,
        salary=salary,
        employment=employment,
        places=places,
        stated=stated,
        this_year=year,
        snapshot=snapshot,
    )
    return Analysis(
        source_format=document.source_format,
        truncated=document.truncated,
        skills=skills,
        seniority=seniority,
        min_years_experience=minimum,
        years=tuple(years),
        workplace=workplace,
        salary=salary,
        employment_type=employment,
        locations=tuple(places),
        sections=tuple(
            SectionSummary(heading=section.heading, kind=section.kind)
            for line, section in zip(lines, sections, strict=True)
            if section.heading is not None and section.heading == _heading_of(line.text)
        ),
        warnings=tuple(warnings),
        role=role,
        roles=roles,
    )


def _heading_of(text: str) -> str:
    return text.strip().rstrip(":")


def _lint(
    *,
    title: str,
    document: Document,
    skills: tuple[FoundSkill, ...],
    per_skill: dict[str, int],
    workplace: WorkplaceFinding | None,
    salary: SalaryFinding | None,
    employment: EmploymentFinding | None,
    places: list[PlaceFinding],
    stated: StatedFields,
    this_year: int,
    snapshot: TaxonomySnapshot,
) -> list[lint.LintWarning]:
    warnings: list[lint.LintWarning] = []
    warnings += lint.title_warnings(title)
    if stated.salary is not None:
        warnings += lint.pay_warnings(
            stated.salary.min, stated.salary.max, currency=stated.salary.currency
        )
    elif salary is not None:
        warnings += lint.pay_warnings(salary.min, salary.max, currency=salary.currency)
    else:
        warnings += lint.pay_warnings(None, None, currency=None)
    releases = {
        slug: (facts.name, facts.first_release_year)
        for slug in per_skill
        if (facts := snapshot.skills[slug]).first_release_year is not None
    }
    warnings += lint.years_beyond_age(per_skill, first_release=releases, this_year=this_year)
    warnings += lint.too_many_required([skill.slug for skill in skills if skill.required])
    effective_workplace = stated.workplace or (workplace.workplace if workplace else None)
    if effective_workplace == "remote" and workplace is not None and workplace.office_evidence:
        warnings += lint.remote_with_office(workplace.office_evidence)
    warnings += lint.wording_warnings(document.text)
    body_words = len(document.text.split()) - len(title.split())
    warnings += lint.google_warnings(
        word_count=max(0, body_words),
        workplace=effective_workplace,
        has_location=stated.has_locations or bool(places),
        has_regions=bool(stated.remote_regions)
        or bool(workplace is not None and workplace.remote_regions),
        has_employment_type=stated.employment_type is not None or employment is not None,
    )
    return warnings
