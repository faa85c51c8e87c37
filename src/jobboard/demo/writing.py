"""Markdown for demo companies and jobs, assembled from the phrase banks in ``text``.

Every slot draws from several alternatives and most sections shuffle and subsample their
bullets, so two jobs of the same family rarely share more than a sentence or two.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from jobboard.demo import text
from jobboard.demo.pay import Pay, format_pay
from jobboard.taxonomy.catalog import SkillData

_ACRONYM_VOWEL_SOUNDS = frozenset("AEFHILMNORSX")
_Fill = Callable[[str], str]
_ONE_YEARS = re.compile(r"\b1 years\b")
_SENIOR_LEVELS = frozenset(("senior", "staff", "principal", "manager", "director"))
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six")


@dataclass(frozen=True, slots=True)
class CompanyProfile:
    """What the job writer needs to know about a company."""

    name: str
    description: str
    industry: str
    product_noun: str
    users: str
    domains: tuple[str, ...]
    is_startup: bool


@dataclass(frozen=True, slots=True)
class JobFacts:
    """Everything decided about a job before its description is written."""

    title: str
    family: str
    seniority: str
    employment_type: str
    workplace: str
    team: str
    team_is_discipline: bool  # "Platform" rather than a part of the product ("Checkout")
    city: str | None  # first place, for onsite and hybrid jobs
    regions: str | None  # remote regions in words
    timezone: str | None  # where the team works, for remote jobs
    benefits: str  # key into text.BENEFITS
    min_years_experience: int | None
    required: tuple[tuple[SkillData, int | None], ...]  # skill and the years asked for
    nice_to_have: tuple[SkillData, ...]
    pay: Pay | None


def with_article(noun_phrase: str) -> str:
    """Return "a Backend Engineer", "an iOS Engineer", "an ML Engineer"."""
    first_word = noun_phrase.split(" ", 1)[0]
    if len(first_word) > 1 and first_word.isupper():
        vowel_sound = first_word[0] in _ACRONYM_VOWEL_SOUNDS
    else:
        vowel_sound = first_word[:1].lower() in "aeiou"
    return ("an " if vowel_sound else "a ") + noun_phrase


def company_description(
    rng: random.Random,
    *,
    name: str,
    product: text.Product,
    users: str,
    size: str,
    people: int,
    city: str,
    founded_year: int,
    funding_year: int,
    policy: str,
) -> str:
    """Return one to three Markdown paragraphs about a company."""
    stage = _stage(size)
    fields = {
        "company": name,
        "product": product.pitch,
        "city": city,
        "year": founded_year,
        "users": users,
        "people_phrase": rng.choice(text.SIZE_PHRASES[size]).format(people=_round_people(people)),
        "funding_year": funding_year,
    }
    opening_template = rng.choice(text.COMPANY_OPENINGS)
    opening = opening_template.format(**fields)
    if rng.random() < 0.5:
        opening += " " + rng.choice(text.COMPANY_VALUES_LINES)
    paragraphs = [opening]
    stage_lines = text.COMPANY_STAGE_LINES[stage]
    if "{people_phrase}" in opening_template:
        # Say how many people work there once.
        stage_lines = tuple(line for line in stage_lines if "{people_phrase}" not in line)
    if rng.random() < 0.85 and stage_lines:
        paragraphs.append(rng.choice(stage_lines).format(**fields))
    if rng.random() < 0.65:
        paragraphs.append(rng.choice(text.COMPANY_CULTURE_LINES[policy]).format(**fields))
    return "\n\n".join(paragraphs)


def _stage(size: str) -> str:
    if size in ("1-49", "50-99"):
        return "startup"
    if size in ("100-499", "500-999"):
        return "scaleup"
    return "enterprise"


def _round_people(people: int) -> str:
    if people < 20:
        return str(people)
    if people < 100:
        return str(people // 5 * 5)
    if people < 1000:
        return f"{people // 10 * 10:,}"
    return f"{people // 100 * 100:,}"


def job_description(rng: random.Random, *, company: CompanyProfile, job: JobFacts) -> str:
    """Return a Markdown job description of roughly 250 to 600 words."""
    family = text.FAMILIES[job.family]
    # Running text uses the title without its specialisation: "As a Backend Engineer,
    # Payments (Go) on the Payments team" reads badly.
    title = job.title.removesuffix(f", {job.team}").split(" (", 1)[0]
    fields = {
        "company": company.name,
        "team": job.team,
        "users": company.users,
        "domain": rng.choice(company.domains),
        "product_noun": company.product_noun,
        "title": title,
        "a_title": with_article(title),
        "city": job.city or "",
        **_skill_fields(job),
    }

    def fill(template: str) -> str:
        return template.format(**fields)

    def usable(templates: Sequence[str]) -> list[str]:
        return [template for template in templates if _fields_of(template) <= fields.keys()]

    def heading(key: str) -> str:
        return "## " + fill(rng.choice(text.SECTION_HEADINGS[key]))

    intro_lines = (
        fill(rng.choice(usable(family.intros))),
        _workplace_line(rng, job),
        _employment_line(rng, job),
    )
    intro = " ".join(line for line in intro_lines if line)
    about = _about_company(rng, company)
    team = _team_section(rng, company, job, fields)
    responsibilities = _bullets(_responsibilities(rng, usable(family.responsibilities), job), fill)
    requirements = _bullets(_requirements(rng, family, job), fill)
    nice = _bullets(_nice_to_have(rng, family, job), fill)
    pay = _pay_section(rng, company, job)
    hiring = _hiring_section(
        rng, usable(family.technical_interview), job, fill, is_startup=company.is_startup
    )
    closing = fill(rng.choice(text.EQUAL_OPPORTUNITY_LINES))

    sections: list[str]
    layout = rng.random()
    if layout < 0.45:
        sections = [intro, heading("about"), about, heading("team"), team]
        sections += [heading("responsibilities"), responsibilities]
        sections += [heading("requirements"), requirements]
        if nice:
            sections += [heading("nice"), nice]
        sections += [heading("pay"), pay, heading("hiring"), hiring]
    elif layout < 0.8:
        sections = [heading("team"), intro, team]
        sections += [heading("responsibilities"), responsibilities]
        sections += [heading("requirements"), requirements]
        if nice:
            sections += [heading("nice"), nice]
        sections += [heading("pay"), pay, heading("about"), about, heading("hiring"), hiring]
    else:
        sections = [intro + " " + team, heading("responsibilities"), responsibilities]
        sections += [heading("requirements"), requirements + ("\n" + nice if nice else "")]
        sections += [heading("about"), about, heading("pay"), pay, heading("hiring"), hiring]
    if closing:
        sections.append(closing)
    return "\n\n".join(section for section in sections if section)


def _skill_fields(job: JobFacts) -> dict[str, str]:
    """Return the skill names templates may use; a kind the job lacks stays absent."""
    fields: dict[str, str] = {}
    for skill, _ in job.required:
        fields.setdefault(skill.kind, skill.name)
        if skill.kind in ("language", "framework"):
            fields.setdefault("skill", skill.name)
    nice = next((skill for skill in job.nice_to_have if skill.kind != "practice"), None)
    if nice is not None:
        fields["nice"] = nice.name
    return fields


@cache
def _fields_of(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _workplace_line(rng: random.Random, job: JobFacts) -> str:
    if job.workplace == "remote":
        if job.regions is None:
            return rng.choice(text.WORKPLACE_LINES["remote-worldwide"])
        line = rng.choice(text.WORKPLACE_LINES["remote"]).format(regions=job.regions)
        if job.timezone is not None and rng.random() < 0.4:
            zone = job.timezone.rsplit("/", 1)[-1].replace("_", " ")
            line += " " + rng.choice(text.OVERLAP_LINES).format(timezone=zone)
        return line
    return rng.choice(text.WORKPLACE_LINES[job.workplace]).format(city=job.city)


def _employment_line(rng: random.Random, job: JobFacts) -> str:
    lines = text.EMPLOYMENT_LINES.get(job.employment_type)
    return rng.choice(lines) if lines else ""


def _about_company(rng: random.Random, company: CompanyProfile) -> str:
    # Long descriptions are cut to their first paragraph half the time, as job ads often do.
    if "\n\n" in company.description and rng.random() < 0.5:
        return company.description.split("\n\n", 1)[0]
    return company.description


def _team_section(
    rng: random.Random, company: CompanyProfile, job: JobFacts, fields: Mapping[str, str]
) -> str:
    missions: Sequence[str]
    if job.team_is_discipline:
        missions = text.DISCIPLINE_MISSIONS
    else:
        missions = text.INDUSTRIES[company.industry].missions
    lines = [rng.choice(missions).format(**fields)]
    if rng.random() < 0.7:
        team_size = str(rng.randint(3, 9))
        lines.append(rng.choice(text.TEAM_SIZE_LINES).format(team_size=team_size))
    # Practices ("Code Review") are not part of a stack.
    stack = [
        skill.name
        for skill in (*(skill for skill, _ in job.required), *job.nice_to_have)
        if skill.kind != "practice"
    ]
    if len(stack) >= 3 and rng.random() < 0.6:
        listed = ", ".join(stack[:-1]) + " and " + stack[-1]
        lines.append(rng.choice(text.STACK_LINES).format(skills=listed))
    return " ".join(lines)


def _responsibilities(rng: random.Random, templates: Sequence[str], job: JobFacts) -> list[str]:
    chosen = rng.sample(templates, min(rng.randint(4, 6), len(templates)))
    own_level = text.SENIORITY_RESPONSIBILITIES.get(job.seniority, ())
    if own_level and rng.random() < 0.8:
        chosen.insert(rng.randint(1, len(chosen)), rng.choice(own_level))
    return chosen


def _requirements(rng: random.Random, family: text.FamilyText, job: JobFacts) -> list[str]:
    lines: list[str] = []
    if job.min_years_experience and rng.random() < 0.85:
        lines.append(_with_years(rng.choice(text.YEARS_LINES), job.min_years_experience))
    waiting: SkillData | None = None
    for skill, years in job.required[:6]:
        if years is not None:
            template = rng.choice(text.SKILL_REQUIREMENTS_WITH_YEARS[skill.kind])
            lines.append(_with_years(template, years, skill=skill.name))
        elif waiting is not None:
            pair = rng.choice(text.SKILL_PAIR_REQUIREMENTS)
            lines.append(pair.format(first=waiting.name, second=skill.name))
            waiting = None
        elif rng.random() < 0.35:
            waiting = skill
        else:
            lines.append(rng.choice(text.SKILL_REQUIREMENTS[skill.kind]).format(skill=skill.name))
    if waiting is not None:
        lines.append(rng.choice(text.SKILL_REQUIREMENTS[waiting.kind]).format(skill=waiting.name))
    lines += rng.sample(family.requirements, rng.randint(2, 3))
    own_level = text.SENIORITY_REQUIREMENTS.get(job.seniority, ())
    if own_level and rng.random() < 0.7:
        lines.append(rng.choice(own_level))
    return lines


def _with_years(template: str, years: int, **fields: str) -> str:
    line = template.format(years=years, **fields)
    return _ONE_YEARS.sub("1 year", line) if years == 1 else line


def _nice_to_have(rng: random.Random, family: text.FamilyText, job: JobFacts) -> list[str]:
    lines = [
        rng.choice(text.SKILL_NICE_TO_HAVE).format(skill=skill.name) for skill in job.nice_to_have
    ]
    lines += rng.sample(family.nice_to_have, rng.randint(0 if lines else 1, 2))
    return lines


def _pay_section(rng: random.Random, company: CompanyProfile, job: JobFacts) -> str:
    if job.pay is not None:
        amount, period = format_pay(job.pay)
        contract = job.employment_type in ("contractor", "contract_to_hire")
        lines = text.PAY_LINES_CONTRACT if contract else text.PAY_LINES
        pay_line = rng.choice(lines).format(range=amount, period=period)
        if company.is_startup and not contract and rng.random() < 0.6:
            pay_line += " " + rng.choice(text.EQUITY_LINES)
    else:
        pay_line = rng.choice(text.NO_PAY_LINES)
    if job.employment_type in ("contractor", "internship"):
        return pay_line or rng.choice(text.NO_PAY_LINES[:-1])
    benefits = rng.sample(text.BENEFITS[job.benefits], rng.randint(2, 4))
    benefits += rng.sample(text.GENERIC_BENEFITS, rng.randint(1, 3))
    if job.workplace == "remote" and rng.random() < 0.7:
        benefits.append(rng.choice(text.REMOTE_BENEFITS))
    bullets = _bullets(benefits, str)
    return f"{pay_line}\n\n{bullets}" if pay_line else bullets


def _hiring_section(
    rng: random.Random,
    technical_interviews: Sequence[str],
    job: JobFacts,
    fill: _Fill,
    *,
    is_startup: bool,
) -> str:
    first = rng.choice(text.HIRING_FIRST_STEPS).format(
        minutes=rng.choice(text.HIRING_MINUTES),
        screener=rng.choice(text.HIRING_SCREENERS),
        first_topic=fill(rng.choice(text.HIRING_FIRST_TOPICS)),
    )
    steps = [first]
    technical = rng.sample(technical_interviews, 2)
    for position, interview in enumerate(technical):
        if position == 1 and job.seniority not in _SENIOR_LEVELS:
            break
        step = _capitalised(fill(interview))
        if rng.random() < 0.5 and "(" not in step:
            step += f" ({rng.choice(text.HIRING_DURATIONS)})"
        steps.append(step)
    last_people: tuple[str, ...] = text.HIRING_LAST_PEOPLE
    if is_startup:
        last_people += text.HIRING_LAST_PEOPLE_STARTUP
    steps.append(rng.choice(text.HIRING_LAST_KINDS).format(last_people=rng.choice(last_people)))
    if rng.random() < 0.4:
        offer_days = rng.choice(text.HIRING_OFFER_DAYS)
        steps.append(rng.choice(text.HIRING_OFFER_STEPS).format(offer_days=offer_days))
    numbered = "\n".join(f"{number}. {step}" for number, step in enumerate(steps, start=1))
    intro = rng.choice(text.HIRING_STEPS_INTRO).format(
        weeks=rng.choice(text.HIRING_WEEKS), step_count=_NUMBER_WORDS[len(steps)]
    )
    parts = [intro, numbered, rng.choice(text.HIRING_CLOSINGS)]
    return "\n\n".join(part for part in parts if part)


def _capitalised(line: str) -> str:
    return line[:1].upper() + line[1:]


def _bullets(lines: Sequence[str], fill: _Fill) -> str:
    return "\n".join(f"- {fill(line)}" for line in lines)
