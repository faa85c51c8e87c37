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

from jobboard.taxonomy.catalog import load_catalog, read_data

# How sure each way of reading is; a job shows its category's confidence.
EXACT_TITLE = 0.95
ROLE_IN_TITLE = 0.85
LEVEL_OF_GENERIC_TITLE = 0.75
SKILLS_OF_GENERIC_TITLE = 0.6
SKILLS_WITHOUT_TITLE = 0.5

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
# The noun of an engineering role; with none of the fields below, a title made of it and
# words that name no family ("Founding Engineer", "Polymath Engineer", "Software Engineers")
# is a software role whose skills say which.
_ROLE_NOUNS = frozenset(("engineer", "developer", "programmer", "engineering"))
_OTHER_ENGINEERING = frozenset(
    (
        "general", "civil", "mechanical", "electrical", "electronics", "chemical", "hardware",
        "sales", "support", "field", "process", "manufacturing", "structural", "industrial",
        "aerospace", "biomedical", "environmental", "petroleum", "nuclear", "materials",
        "quality", "validation", "network", "solutions", "customer", "systems", "rf", "analog",
        "asic", "fpga", "optical", "mining", "project", "construction", "hvac", "facilities",
        "maintenance", "service", "audio", "sound", "inspector", "partner", "presales",
        "business", "marketing", "content",
    )
)  # fmt: skip
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
_NOT_ENGINEERING_MANAGER = frozenset(
    ("business", "sales", "marketing", "account", "partner", "partnerships", "customer")
)
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
_WEB_FAMILIES = frozenset(("back-end-developer", "front-end-developer", "full-stack-developer"))
# Roles the title variants leave implicit.
_EXTRA_ROLES = {
    # A role named by a back-end language is back end, like "Python Developer".
    "back-end-developer": (
        "backend",
        "back end",
        "server side engineer",
        "server engineer",
        "golang developer",
        "ruby developer",
        "ruby engineer",
        "rails developer",
        "rails engineer",
        "php developer",
        "php engineer",
        "scala developer",
        "scala engineer",
        "elixir developer",
        "elixir engineer",
        "clojure developer",
        "clojure engineer",
        "haskell developer",
        "haskell engineer",
        "erlang developer",
        "erlang engineer",
        "perl developer",
        "csharp developer",
        "dotnet developer",
        "java engineer",
        "python engineer",
        "node js engineer",
    ),
    "front-end-developer": ("frontend", "front end", "ui developer", "ux engineer"),
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
    plain = plain.replace("c#", "csharp").replace(".net", "dotnet").replace("nodejs", "node js")
    return _WORD.findall(plain)


# Plural and short forms of roles, as postings hiring several people write them ("Senior
# Software Engineers", "Python devs", "SWEs").
_ROLE_FORMS = {
    "engineers": ("engineer",),
    "developers": ("developer",),
    "programmers": ("programmer",),
    "scientists": ("scientist",),
    "architects": ("architect",),
    "testers": ("tester",),
    "dev": ("developer",),
    "devs": ("developer",),
    "hacker": ("developer",),
    "hackers": ("developer",),
    "sw": ("software",),
    "swe": ("software", "engineer"),
    "swes": ("software", "engineer"),
}
# "Front and back end engineers" is one role: both ends.
_BOTH_ENDS = re.compile(r"\b(?:front and back|back and front) end\b")


def _normalize(words: Iterable[str]) -> list[str]:
    plain = [form for word in words for form in _ROLE_FORMS.get(word, (word,))]
    joined = " ".join(plain)
    if _BOTH_ENDS.search(joined):
        return _BOTH_ENDS.sub("full stack", joined).split()
    return plain


@dataclass(frozen=True, slots=True)
class _Evidence:
    front: frozenset[str]
    back: frozenset[str]
    # (family, its skills), in the order of the data file: the first wins a tie.
    specialised: tuple[tuple[str, frozenset[str]], ...]


@dataclass(frozen=True, slots=True)
class _Rules:
    exact: dict[tuple[str, ...], str]
    # role words -> family, and the length of the longest role phrase.
    roles: dict[tuple[str, ...], str]
    longest_role: int
    evidence: _Evidence
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


def _read_evidence(known: frozenset[str]) -> _Evidence:
    data = read_data("category_evidence.toml")
    web = {family: frozenset(skills) for family, skills in data["web"].items()}
    specialised = tuple(
        (family, frozenset(skills))
        for family, skills in data["specialised"].items()
        if family in known
    )
    return _Evidence(
        front=web["front-end-developer"], back=web["back-end-developer"], specialised=specialised
    )


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
    known = frozenset(category.slug for category in catalog.categories)
    return _Rules(
        exact=exact,
        roles=roles,
        longest_role=max(len(phrase) for phrase in roles),
        evidence=_read_evidence(known),
        known=known,
    )


_GENERIC_SET = frozenset(tuple(fold_title(role)) for role in _GENERIC_ROLES) | {("engineer",)}


def _contains(words: Sequence[str], phrase: Sequence[str]) -> bool:
    size = len(phrase)
    return any(tuple(words[start : start + size]) == tuple(phrase) for start in range(len(words)))


def _first_role(rules: _Rules, role: Sequence[str]) -> str | None:
    """The family of the first role phrase of a title, the longest where several start at the
    same word: "Full-Stack Node.js Developers" is full stack, "Backend Engineer, Payments"
    back end, "Frontend, iOS, Android" front end. A list of web roles that names full stack is
    full stack ("front-end and full stack engineers"): that role covers the others."""
    first = None
    for start in range(len(role)):
        for size in range(min(rules.longest_role, len(role) - start), 0, -1):
            family = rules.roles.get(tuple(role[start : start + size]))
            if family is None:
                continue
            if first is None:
                first = family
                if first not in _WEB_FAMILIES:
                    return first
            elif family == "full-stack-developer":
                return family
            break
    return first


def _is_engineering_role(words: Sequence[str]) -> bool:
    """Whether a title without a family is a software role: "Software Engineer", "Developer",
    "Founding Engineer", but not "General Engineer" or "Sales Engineer"."""
    if any(_contains(words, generic) for generic in _GENERIC_SET - {("engineer",)}):
        return True
    return bool(_ROLE_NOUNS.intersection(words)) and not _OTHER_ENGINEERING.intersection(words)


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


def _by_skills(rules: _Rules, skills: Sequence[str], least: int) -> str | None:
    """The family the skills of a job without a family in its title point to, when at least
    ``least`` of them are evidence (``category_evidence.toml``): a specialised family when its
    evidence outweighs the web's, else full stack when the front end's evidence is at least
    half the back end's, else the end asked for most."""
    held = set(skills)
    evidence = rules.evidence
    front, back = len(held & evidence.front), len(held & evidence.back)
    best, best_count = None, 0
    for family, family_skills in evidence.specialised:
        count = len(held & family_skills)
        if count > best_count:
            best, best_count = family, count
    if best is not None and best_count > front + back and best_count >= least:
        return best
    if front + back < least:
        return None
    if front and back and 2 * front >= back:
        return "full-stack-developer"
    return "back-end-developer" if back >= front else "front-end-developer"


def categorize(
    title: str, skills: Sequence[str] = (), seniority: str | None = None
) -> tuple[str | None, float]:
    """The category slug a job with this title, these skill slugs and this seniority belongs
    to, and how sure that is (0 to 1); (None, 0.0) when it is no software role.

    An empty title is a posting that names no role (a hiring-thread comment): its skills
    decide when two or more of them say which family.
    """
    rules = _rules()
    words = _normalize(fold_title(title[:300]))
    level = _level(words, seniority)
    if not words:
        by_skills = _by_skills(rules, skills, 2) if title == "" else None
        if by_skills is None:
            return None, 0.0
        return _at_level(by_skills, level), SKILLS_WITHOUT_TITLE
    exact = rules.exact.get(tuple(words))
    if exact is not None:
        if exact in _LEVEL_CATEGORIES or any(word in _LEVEL_WORDS for word in words):
            return exact, EXACT_TITLE
        # "Backend Engineer" of a senior job is a senior back end developer.
        return _at_level(_family(exact), level), EXACT_TITLE
    family = _first_role(rules, _role_words(words))
    if family is not None:
        return _at_level(family, level), ROLE_IN_TITLE
    if level == "manager":
        # "Business Development Manager" manages no engineers.
        if _ENGINEERING_WORDS & set(words) and not _NOT_ENGINEERING_MANAGER & set(words):
            return _MANAGER, ROLE_IN_TITLE
        return None, 0.0
    if not _is_engineering_role(words):
        return None, 0.0
    by_skills = _by_skills(rules, skills, 1)
    if by_skills is not None:
        return _at_level(by_skills, level), SKILLS_OF_GENERIC_TITLE
    if level == "junior":
        return _JUNIOR, LEVEL_OF_GENERIC_TITLE
    if level == "staff":
        return _STAFF, LEVEL_OF_GENERIC_TITLE
    if level == "principal":
        return _PRINCIPAL, LEVEL_OF_GENERIC_TITLE
    return None, 0.0


def categorize_posting(
    roles: Sequence[str], skills: Sequence[str] = (), seniority: str | None = None
) -> tuple[str | None, float]:
    """The category of a posting that names its roles in its text rather than in a title (a
    hiring-thread comment): that of the first engineering role it names ("Product Manager" is
    none, the "mobile engineers" named next are), sorted by the skills when that role is
    generic ("engineers"); a posting that names no role at all is sorted by its skills. The
    posting's seniority is its first role's: a later role has only its own level words."""
    for index, role in enumerate(roles):
        found = categorize(role, skills, seniority if index == 0 else None)
        if found[0] is not None or _is_engineering_role(_normalize(fold_title(role))):
            return found
    if roles:
        return None, 0.0
    return categorize("", skills, seniority)
