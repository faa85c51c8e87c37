"""Which category a job belongs to, read from its title, skills and seniority.

``categorize`` is a pure function of those three, over the bundled categories: their title
variants (data in ``categories.toml``) name the roles, the words of seniority in a title or
the job's seniority pick the level, and the job's skills decide between the families when the
title only says "Software Engineer". A title that names no software role ("Account
Executive", "General Engineer") gets no category.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from jobboard.taxonomy.catalog import load_catalog

# How sure each way of reading is; a job shows its category's confidence.
EXACT_TITLE = 0.95
ROLE_IN_TITLE = 0.85
LEVEL_OF_GENERIC_TITLE = 0.75
SKILLS_OF_GENERIC_TITLE = 0.6

_WORD = re.compile(r"[a-z0-9+#]+")
# Words of level in a title, and the level each means.
_LEVEL_WORDS = {
    "intern": "junior",
    "internship": "junior",
    "junior": "junior",
    "jr": "junior",
    "graduate": "junior",
    "entry": "junior",
    "trainee": "junior",
    "apprentice": "junior",
    "senior": "senior",
    "sr": "senior",
    "lead": "senior",
    "staff": "staff",
    "principal": "principal",
    "distinguished": "principal",
    "fellow": "principal",
    "manager": "manager",
    "head": "manager",
    "director": "manager",
    "vp": "manager",
}
# Level words that say nothing of the role: dropped before role phrases are compared.
_NOISE_WORDS = {"i", "ii", "iii", "iv", "1", "2", "3", "new", "grad", "level", "mid", "of", "the"}
# Words that make a title a software role even without a family ("Software Engineer").
_GENERIC_ROLES = (
    "software engineer",
    "software developer",
    "software development engineer",
    "software programmer",
    "programmer",
    "developer",
    "technologist",
    "member of technical staff",
    "application developer",
    "applications developer",
)
# What a manager's title must also say to be an engineering manager.
_ENGINEERING_WORDS = {
    "engineering",
    "engineer",
    "engineers",
    "developer",
    "software",
    "development",
    "developers",
    "etl",
    "data",
    "platform",
    "infrastructure",
    "devops",
    "technology",
    "backend",
    "frontend",
    "mobile",
    "qa",
}
# Categories that are a level of the generic software role.
_JUNIOR = "junior-software-engineer"
_STAFF = "staff-software-engineer"
_PRINCIPAL = "principal-engineer"
_MANAGER = "engineering-manager"
_LEVEL_CATEGORIES = frozenset((_JUNIOR, _STAFF, _PRINCIPAL, _MANAGER))
# Families whose senior and staff jobs have categories of their own.
_SENIOR_OF = {
    "back-end-developer": "senior-back-end-developer",
    "front-end-developer": "senior-front-end-developer",
    "full-stack-developer": "senior-full-stack-developer",
    "data-engineer": "senior-data-engineer",
}
_STAFF_OF = {"platform-engineer": "staff-platform-engineer"}
# Families a generic title is sorted into by its skills.
_SKILL_FAMILIES = (
    "back-end-developer",
    "front-end-developer",
    "full-stack-developer",
    "ios-developer",
    "android-developer",
    "cross-platform-mobile-developer",
    "devops-engineer",
    "data-engineer",
    "machine-learning-engineer",
    "embedded-software-engineer",
    "game-developer",
)
# Roles the title variants leave implicit.
_EXTRA_ROLES = {
    "back-end-developer": ("backend", "back end", "server side engineer", "golang developer"),
    "front-end-developer": ("frontend", "front end", "ui developer"),
    "full-stack-developer": ("full stack", "fullstack"),
    "ios-developer": ("ios",),
    "android-developer": ("android",),
    "cross-platform-mobile-developer": ("mobile developer", "react native", "flutter"),
    "devops-engineer": ("devops", "devsecops", "infrastructure engineer", "release engineer"),
    "site-reliability-engineer": ("site reliability", "sre"),
    "data-engineer": ("data engineer", "etl", "data engineering", "analytics engineer"),
    "machine-learning-engineer": ("machine learning", "ml engineer", "ai engineer", "llm"),
    "data-scientist": ("data scientist", "data science"),
    "mlops-engineer": ("mlops", "ml platform", "ml infrastructure", "ml ops"),
    "security-engineer": ("security engineer", "cybersecurity engineer", "penetration tester"),
    "application-security-engineer": ("appsec", "application security", "product security"),
    "qa-automation-engineer": (
        "qa engineer",
        "test engineer",
        "sdet",
        "quality assurance engineer",
    ),
    "embedded-software-engineer": ("embedded", "firmware"),
    "game-developer": ("gameplay", "game engineer", "game programmer"),
    "database-reliability-engineer": ("dba", "database administrator", "database engineer"),
    "cloud-architect": ("cloud architect",),
    "software-architect": ("architect",),
    "developer-relations-engineer": ("developer relations", "developer advocate", "devrel"),
}


def fold_title(text: str) -> list[str]:
    """The words of a title, lower-case and without accents ("Sr. Back-End Dev" -> sr back end
    dev)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _WORD.findall(plain.replace("c#", "csharp").replace(".net", "dotnet"))


@dataclass(frozen=True, slots=True)
class _Rules:
    exact: dict[tuple[str, ...], str]
    # (role words, family): longest first.
    roles: tuple[tuple[tuple[str, ...], str], ...]
    typical_skills: dict[str, frozenset[str]]
    known: frozenset[str]


def _role_words(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(word for word in words if word not in _LEVEL_WORDS and word not in _NOISE_WORDS)


def _family(slug: str) -> str:
    """The family a category's variants name: "senior-data-engineer" -> "data-engineer"."""
    for family, senior in _SENIOR_OF.items():
        if slug == senior:
            return family
    for family, staff in _STAFF_OF.items():
        if slug == staff:
            return family
    return slug


@cache
def _rules() -> _Rules:
    """The rules of the bundled catalog, built on first use."""
    catalog = load_catalog()
    exact: dict[tuple[str, ...], str] = {}
    roles: dict[tuple[str, ...], str] = {}
    for category in catalog.categories:
        for variant in (category.name, *category.title_variants):
            words = tuple(fold_title(variant))
            exact.setdefault(words, category.slug)
            role = _role_words(words)
            if role and category.slug not in _LEVEL_CATEGORIES and role not in _GENERIC_SET:
                roles.setdefault(role, _family(category.slug))
    for family, phrases in _EXTRA_ROLES.items():
        for phrase in phrases:
            roles.setdefault(tuple(fold_title(phrase)), family)
    ordered = tuple(sorted(roles.items(), key=lambda entry: (-len(entry[0]), entry[0])))
    return _Rules(
        exact=exact,
        roles=ordered,
        typical_skills={
            category.slug: frozenset(category.typical_skills) for category in catalog.categories
        },
        known=frozenset(category.slug for category in catalog.categories),
    )


_GENERIC_SET = frozenset(tuple(fold_title(role)) for role in _GENERIC_ROLES) | {("engineer",)}


def _contains(words: Sequence[str], phrase: Sequence[str]) -> bool:
    size = len(phrase)
    return any(tuple(words[start : start + size]) == tuple(phrase) for start in range(len(words)))


_LEVEL_ORDER = ("manager", "principal", "staff", "senior", "junior")


def _level(words: Sequence[str], seniority: str | None) -> str | None:
    """The level the title says (the highest, in "Senior Principal" or "Senior Engineering
    Manager"), else the job's seniority."""
    said = {_LEVEL_WORDS[word] for word in words if word in _LEVEL_WORDS}
    for level in _LEVEL_ORDER:
        if level in said:
            return level
    if seniority in ("intern", "junior"):
        return "junior"
    if seniority in ("manager", "director"):
        return "manager"
    return seniority


def _at_level(family: str, level: str | None) -> str:
    if level == "manager":
        return _MANAGER
    if family in _SENIOR_OF:
        if family == "data-engineer" and level in ("senior", "staff", "principal"):
            return _SENIOR_OF[family]
        if level == "senior":
            return _SENIOR_OF[family]
        if level == "staff":
            return _STAFF
        if level == "principal":
            return _PRINCIPAL
        if level == "junior" and family != "data-engineer":
            return _JUNIOR
    if family in _STAFF_OF and level in ("staff", "principal"):
        return _STAFF_OF[family]
    return family


def _by_skills(rules: _Rules, skills: Sequence[str]) -> str | None:
    """The family a generic title's skills point to; front and back end together are full
    stack. None unless two or more skills agree."""
    held = set(skills)
    overlap = {
        family: len(held & rules.typical_skills.get(family, frozenset()))
        for family in _SKILL_FAMILIES
        if family in rules.known
    }
    front, back = overlap.get("front-end-developer", 0), overlap.get("back-end-developer", 0)
    if front >= 2 and back >= 2:
        return "full-stack-developer"
    best = max(overlap, key=lambda family: (overlap[family], -_SKILL_FAMILIES.index(family)))
    return best if overlap[best] >= 2 else None


# Plural roles, as a posting hiring several people names them ("Senior Software Engineers").
_SINGULAR = {
    "engineers": "engineer",
    "developers": "developer",
    "programmers": "programmer",
    "scientists": "scientist",
    "architects": "architect",
    "testers": "tester",
}


def categorize(
    title: str, skills: Sequence[str] = (), seniority: str | None = None
) -> tuple[str | None, float]:
    """The category slug a job with this title, these skill slugs and this seniority belongs
    to, and how sure that is (0 to 1); (None, 0.0) when it is no software role."""
    rules = _rules()
    words = [_SINGULAR.get(word, word) for word in fold_title(title[:300])]
    if not words:
        return None, 0.0
    level = _level(words, seniority)
    exact = rules.exact.get(tuple(words))
    if exact is not None:
        if exact in _LEVEL_CATEGORIES or any(word in _LEVEL_WORDS for word in words):
            return exact, EXACT_TITLE
        # "Backend Engineer" of a senior job is a senior back end developer.
        return _at_level(_family(exact), level), EXACT_TITLE
    role = _role_words(words)
    present = set(role)
    for phrase, family in rules.roles:
        # Most phrases share no word with the title: a set test skips them cheaply.
        if present.issuperset(phrase) and _contains(role, phrase):
            return _at_level(family, level), ROLE_IN_TITLE
    if level == "manager":
        if _ENGINEERING_WORDS & set(words):
            return _MANAGER, ROLE_IN_TITLE
        return None, 0.0
    if not any(_contains(words, generic) for generic in _GENERIC_SET - {("engineer",)}):
        return None, 0.0
    by_skills = _by_skills(rules, skills)
    if by_skills is not None:
        return _at_level(by_skills, level), SKILLS_OF_GENERIC_TITLE
    if level == "junior":
        return _JUNIOR, LEVEL_OF_GENERIC_TITLE
    if level == "staff":
        return _STAFF, LEVEL_OF_GENERIC_TITLE
    if level == "principal":
        return _PRINCIPAL, LEVEL_OF_GENERIC_TITLE
    return None, 0.0
