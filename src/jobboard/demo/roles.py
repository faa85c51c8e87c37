"""Jobs' roles for the demo: how often each category is hired for, at which seniority, with
which skills, under which title.

Everything is read from the taxonomy catalog, so the generator works with whatever categories
and skills it holds; the tables here only tune known slugs.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jobboard.demo.text import CATEGORY_FAMILIES, FAMILY_KEYWORDS
from jobboard.taxonomy.catalog import Catalog, CategoryData, SkillData

# Relative hiring volume per category; unknown categories get DEFAULT_CATEGORY_WEIGHT.
CATEGORY_WEIGHTS: Mapping[str, float] = {
    "junior-software-engineer": 3.5,
    "back-end-developer": 9.0,
    "senior-back-end-developer": 7.0,
    "front-end-developer": 6.0,
    "senior-front-end-developer": 4.0,
    "full-stack-developer": 8.0,
    "senior-full-stack-developer": 5.0,
    "ios-developer": 2.0,
    "android-developer": 2.0,
    "cross-platform-mobile-developer": 1.5,
    "devops-engineer": 5.0,
    "site-reliability-engineer": 3.5,
    "platform-engineer": 3.0,
    "staff-platform-engineer": 0.8,
    "cloud-architect": 1.5,
    "data-engineer": 4.5,
    "senior-data-engineer": 3.0,
    "machine-learning-engineer": 3.5,
    "data-scientist": 3.0,
    "mlops-engineer": 1.2,
    "security-engineer": 2.0,
    "application-security-engineer": 1.0,
    "qa-automation-engineer": 2.5,
    "embedded-software-engineer": 1.8,
    "game-developer": 0.6,
    "database-reliability-engineer": 0.6,
    "software-architect": 1.2,
    "staff-software-engineer": 1.5,
    "principal-engineer": 0.8,
    "engineering-manager": 2.0,
    "developer-relations-engineer": 0.5,
}
DEFAULT_CATEGORY_WEIGHT = 1.5

# Typical years of experience for each seniority (inclusive), before the category narrows it.
SENIORITY_YEARS: Mapping[str, tuple[int, int]] = {
    "intern": (0, 0),
    "junior": (0, 2),
    "mid": (2, 5),
    "senior": (5, 8),
    "staff": (8, 12),
    "principal": (10, 15),
    "manager": (5, 10),
    "director": (10, 15),
}
# Seniority mix for categories that span levels ("Back End Developer").
SPANNING_LEVELS: Mapping[str, float] = {
    "intern": 0.03,
    "junior": 0.17,
    "mid": 0.42,
    "senior": 0.30,
    "staff": 0.08,
}
_LEVEL_WORDS: Mapping[str, frozenset[str]] = {
    "intern": frozenset({"intern", "internship"}),
    "junior": frozenset({"junior", "jr", "graduate", "entry", "associate"}),
    "senior": frozenset({"senior", "sr", "lead"}),
    "staff": frozenset({"staff", "lead"}),
    "principal": frozenset({"principal"}),
    "manager": frozenset({"manager", "head"}),
    "director": frozenset({"director", "vp"}),
}
_ALL_LEVEL_WORDS = frozenset().union(*_LEVEL_WORDS.values())
_WORDS = re.compile(r"[a-z]+")
_TITLE_PREFIXES: Mapping[str, tuple[str, ...]] = {
    "junior": ("Junior ", "Junior ", "Associate "),
    "mid": ("",),
    "senior": ("Senior ",),
    "staff": ("Staff ",),
    "principal": ("Principal ",),
    "manager": ("",),
    "director": ("",),
}
# Kinds of skill that can specialise a title: "Senior Backend Engineer (Go)".
_TITLE_SKILL_KINDS = ("language", "framework")
_NOT_IN_TITLES = frozenset(
    ("bash", "powershell", "sql", "t-sql", "pl-sql", "html", "css", "sass", "hcl", "assembly")
)


@dataclass(frozen=True, slots=True)
class Role:
    """A category prepared for generating jobs."""

    category: CategoryData
    family: str
    weight: float
    levels: tuple[str, ...]  # seniorities to draw from; one when the category fixes it
    level_weights: tuple[float, ...]
    skills: tuple[SkillData, ...]  # typical skills, most common first
    skill_weights: tuple[float, ...]
    skill_patterns: tuple[tuple[re.Pattern[str], SkillData], ...]  # finds skills in titles


def family_of(category_slug: str) -> str:
    """Return the role family that supplies a category's text."""
    family = CATEGORY_FAMILIES.get(category_slug)
    if family is not None:
        return family
    for keyword, keyword_family in FAMILY_KEYWORDS:
        if keyword in category_slug:
            return keyword_family
    return "generalist"


def prepare_roles(catalog: Catalog) -> tuple[Role, ...]:
    """Return one Role per catalog category, in catalog order."""
    skills_by_slug = {skill.slug: skill for skill in catalog.skills}
    slugs = {category.slug for category in catalog.categories}
    roles = []
    for category in catalog.categories:
        levels, level_weights = _levels(category, slugs)
        skills = tuple(
            skills_by_slug[slug] for slug in category.typical_skills if slug in skills_by_slug
        )
        roles.append(
            Role(
                category=category,
                family=family_of(category.slug),
                weight=CATEGORY_WEIGHTS.get(category.slug, DEFAULT_CATEGORY_WEIGHT),
                levels=levels,
                level_weights=level_weights,
                skills=skills,
                # Decreasing along the list, but gently: the tenth skill still turns up.
                skill_weights=tuple(1 / (position + 2) ** 0.8 for position in range(len(skills))),
                skill_patterns=tuple((_skill_pattern(skill), skill) for skill in skills),
            )
        )
    return tuple(roles)


def _skill_pattern(skill: SkillData) -> re.Pattern[str]:
    terms = [skill.name, *(alias for alias in skill.aliases if len(alias) > 1)]
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    # "C" must not match inside "C++" or "C#", nor "Java" inside "JavaScript".
    return re.compile(rf"(?<![\w+#.])(?:{alternatives})(?![\w+#])", re.IGNORECASE)


def _levels(category: CategoryData, slugs: set[str]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    if category.seniority is not None:
        return (category.seniority,), (1.0,)
    weights = dict(SPANNING_LEVELS)
    # A dedicated senior or staff category takes most of those jobs.
    if f"senior-{category.slug}" in slugs:
        weights["senior"] *= 0.35
        weights["staff"] *= 0.3
    if f"staff-{category.slug}" in slugs:
        weights["staff"] *= 0.2
    allowed = {
        level: weight
        for level, weight in weights.items()
        if SENIORITY_YEARS[level][0] <= category.max_years
        and SENIORITY_YEARS[level][1] >= category.min_years
    }
    if not allowed:
        return ("mid",), (1.0,)
    return tuple(allowed), tuple(allowed.values())


def years_of_experience(
    rng: random.Random, *, category: CategoryData, seniority: str
) -> int | None:
    """Return the minimum years a job asks for, within both the seniority's usual band and
    the category's range; None for internships and for some jobs that do not say."""
    low, high = SENIORITY_YEARS.get(seniority, (category.min_years, category.max_years))
    low, high = max(low, category.min_years), min(high, category.max_years)
    if low > high:
        low, high = category.min_years, category.max_years
    # Ads name the low end of a band more often than the high end.
    years = low + int((high - low + 1) * rng.random() ** 1.6)
    if seniority == "intern" or rng.random() < 0.1:
        return None
    return min(years, high)


def pick_skills(
    rng: random.Random, role: Role, *, count: int, named: Sequence[SkillData]
) -> tuple[list[SkillData], list[SkillData]]:
    """Return (required, nice to have) skills: the ``named`` skills (those in the title) and
    more of the role's typical skills, drawn with weights falling along the list, up to
    ``count``; the least common of the drawn ones are nice to have."""
    drawn_count = max(0, min(count, len(role.skills)) - len(named))
    # Weighted sampling without replacement (Efraimidis–Spirakis): keep the largest keys.
    keys = [
        -1.0 if skill in named else rng.random() ** (1 / weight)
        for skill, weight in zip(role.skills, role.skill_weights, strict=True)
    ]
    chosen = sorted(sorted(range(len(keys)), key=keys.__getitem__, reverse=True)[:drawn_count])
    drawn = [role.skills[position] for position in chosen]
    optional = 0 if len(drawn) < 4 else min(len(drawn) - 2, rng.choice((1, 1, 2, 2, 3)))
    required = [*named, *drawn[: len(drawn) - optional]]
    return required, drawn[len(drawn) - optional :]


def skills_named_in(title: str, role: Role) -> list[SkillData]:
    """Return the role's skills a title names ("Senior Python Developer"), longest name
    first when names overlap ("React Native" rather than "React")."""
    matches = [
        (match.end() - match.start(), match.start(), match.end(), skill)
        for pattern, skill in role.skill_patterns
        for match in pattern.finditer(title)
    ]
    taken: list[tuple[int, int]] = []
    named: list[SkillData] = []
    for _, start, end, skill in sorted(matches, key=lambda match: (-match[0], match[1])):
        if skill not in named and all(end <= other[0] or start >= other[1] for other in taken):
            taken.append((start, end))
            named.append(skill)
    return named


def skill_years(
    rng: random.Random, skill: SkillData, *, experience: int | None, year: int
) -> int | None:
    """Return the years of ``skill`` a job asks for, if any: never more than the job's overall
    experience, nor than the skill has existed."""
    wanted = rng.randint(1, 6)
    asks = rng.random() < 0.45
    ceiling = experience if experience is not None else 5
    if skill.first_release_year is not None:
        ceiling = min(ceiling, year - skill.first_release_year)
    if not asks or ceiling < 1:
        return None
    return min(wanted, ceiling)


def base_title(rng: random.Random, role: Role, *, seniority: str, employment_type: str) -> str:
    """Return a title from the category's variants that agrees with the seniority."""
    variants = role.category.title_variants or (role.category.name,)
    if role.category.seniority is not None:
        title = rng.choice(variants)
    else:
        title = _leveled_title(rng, variants, seniority=seniority)
    if employment_type == "internship" and "intern" not in _words(title):
        title = f"{_without_level(title)} Intern"
    return title


def specialise_title(
    rng: random.Random, title: str, *, role: Role, required: Sequence[SkillData], team: str
) -> str:
    """Sometimes name the main skill or the team in the title: "Senior Backend Engineer
    (Go)", "Software Engineer II, Payments"."""
    named_kinds = {skill.kind for skill in skills_named_in(title, role)}
    # Only the job's most prominent skill, and only a headline one: "(Go)", never "(Bash)".
    main_skill = required[0] if required else None
    if main_skill is not None and (
        main_skill.kind not in _TITLE_SKILL_KINDS or main_skill.slug in _NOT_IN_TITLES
    ):
        main_skill = None
    draw = rng.random()
    if draw < 0.2 and main_skill is not None and not named_kinds & set(_TITLE_SKILL_KINDS):
        return f"{title} ({main_skill.name})"
    with_team = f"{title}, {team}"
    # A team named like a skill ("Observability") would promise a skill the job lacks.
    if (
        draw < 0.32
        and "," not in title
        and "(" not in title
        and all(skill in required for skill in skills_named_in(with_team, role))
    ):
        return with_team
    return title


def _leveled_title(rng: random.Random, variants: Sequence[str], *, seniority: str) -> str:
    matching = [
        variant
        for variant in variants
        if _words(variant) & _LEVEL_WORDS.get(seniority, frozenset())
    ]
    neutral = [variant for variant in variants if not _words(variant) & _ALL_LEVEL_WORDS]
    if matching and (not neutral or rng.random() < 0.5):
        return rng.choice(matching)
    base = rng.choice(neutral) if neutral else _without_level(rng.choice(variants))
    if seniority == "intern":
        return f"{base} Intern"
    if seniority == "mid" and base.startswith("Software Engineer") and rng.random() < 0.4:
        return base.replace("Software Engineer", "Software Engineer II", 1)
    return rng.choice(_TITLE_PREFIXES.get(seniority, ("",))) + base


def _words(title: str) -> set[str]:
    return set(_WORDS.findall(title.lower()))


def _without_level(title: str) -> str:
    kept = [word for word in title.split() if word.lower().strip(".,") not in _ALL_LEVEL_WORDS]
    return " ".join(kept) or title
