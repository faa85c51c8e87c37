"""The taxonomy as shipped in the package's data files, parsed and validated.

The files under ``taxonomy/data`` are the source of truth; ``service.sync_taxonomy`` copies
them into the database when their ``version`` changes.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

SkillKind = Literal["language", "framework", "database", "cloud", "tool", "practice"]
SKILL_KINDS: tuple[SkillKind, ...] = (
    "language",
    "framework",
    "database",
    "cloud",
    "tool",
    "practice",
)
Seniority = Literal[
    "intern", "junior", "mid", "senior", "staff", "principal", "manager", "director"
]
SENIORITIES: tuple[Seniority, ...] = (
    "intern",
    "junior",
    "mid",
    "senior",
    "staff",
    "principal",
    "manager",
    "director",
)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class TaxonomyError(ValueError):
    """The bundled taxonomy files are inconsistent."""


@dataclass(frozen=True, slots=True)
class SkillData:
    slug: str
    name: str
    kind: SkillKind
    aliases: tuple[str, ...]
    first_release_year: int | None
    ambiguous: bool
    implies: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CategoryData:
    slug: str
    name: str
    seniority: Seniority | None
    summary: str
    description: str
    typical_skills: tuple[str, ...]
    title_variants: tuple[str, ...]
    min_years: int
    max_years: int


@dataclass(frozen=True, slots=True)
class Catalog:
    version: str
    categories: tuple[CategoryData, ...]
    skills: tuple[SkillData, ...]

    def skill(self, slug: str) -> SkillData:
        for skill in self.skills:
            if skill.slug == slug:
                return skill
        raise KeyError(slug)

    def category(self, slug: str) -> CategoryData:
        for category in self.categories:
            if category.slug == slug:
                return category
        raise KeyError(slug)


def normalize_alias(text: str) -> str:
    """Return the form under which a skill name or alias is looked up."""
    return " ".join(text.casefold().split())


def read_data(name: str) -> dict[str, Any]:
    """A TOML file of the bundled taxonomy data, parsed."""
    data = resources.files("jobboard.taxonomy").joinpath("data", name).read_text("utf-8")
    return tomllib.loads(data)


def _parse_skill(raw: dict[str, Any]) -> SkillData:
    kind = raw["kind"]
    if kind not in SKILL_KINDS:
        raise TaxonomyError(f"skill {raw['slug']!r}: unknown kind {kind!r}")
    return SkillData(
        slug=raw["slug"],
        name=raw["name"],
        kind=kind,
        aliases=tuple(raw.get("aliases", ())),
        first_release_year=raw.get("first_release_year"),
        ambiguous=bool(raw.get("ambiguous", False)),
        implies=tuple(raw.get("implies", ())),
    )


def _parse_category(raw: dict[str, Any]) -> CategoryData:
    seniority = raw.get("seniority")
    if seniority is not None and seniority not in SENIORITIES:
        raise TaxonomyError(f"category {raw['slug']!r}: unknown seniority {seniority!r}")
    return CategoryData(
        slug=raw["slug"],
        name=raw["name"],
        seniority=seniority,
        summary=raw["summary"].strip(),
        description=raw["description"].strip(),
        typical_skills=tuple(raw["typical_skills"]),
        title_variants=tuple(raw.get("title_variants", ())),
        min_years=int(raw["min_years"]),
        max_years=int(raw["max_years"]),
    )


def validate(catalog: Catalog) -> None:
    """Raise TaxonomyError unless slugs, aliases and references are consistent."""
    skill_slugs: set[str] = set()
    lookup: dict[str, str] = {}
    for skill in catalog.skills:
        if not _SLUG.match(skill.slug) or skill.slug in skill_slugs:
            raise TaxonomyError(f"skill slug {skill.slug!r} is malformed or repeated")
        skill_slugs.add(skill.slug)
        for term in (skill.name, skill.slug, *skill.aliases):
            key = normalize_alias(term)
            owner = lookup.setdefault(key, skill.slug)
            if owner != skill.slug:
                raise TaxonomyError(f"{term!r} names both {owner!r} and {skill.slug!r}")
    for skill in catalog.skills:
        for implied in skill.implies:
            if implied not in skill_slugs:
                raise TaxonomyError(f"skill {skill.slug!r} implies unknown {implied!r}")
    category_slugs: set[str] = set()
    for category in catalog.categories:
        if not _SLUG.match(category.slug) or category.slug in category_slugs:
            raise TaxonomyError(f"category slug {category.slug!r} is malformed or repeated")
        category_slugs.add(category.slug)
        missing = [slug for slug in category.typical_skills if slug not in skill_slugs]
        if missing:
            raise TaxonomyError(f"category {category.slug!r} names unknown skills {missing}")
        if not 0 <= category.min_years <= category.max_years:
            raise TaxonomyError(f"category {category.slug!r} has an inverted year range")


@cache
def load_catalog() -> Catalog:
    """Parse and validate the bundled taxonomy (cached for the life of the process)."""
    skills_file = read_data("skills.toml")
    categories_file = read_data("categories.toml")
    if skills_file["version"] != categories_file["version"]:
        raise TaxonomyError("skills.toml and categories.toml carry different versions")
    catalog = Catalog(
        version=str(skills_file["version"]),
        categories=tuple(_parse_category(raw) for raw in categories_file["category"]),
        skills=tuple(_parse_skill(raw) for raw in skills_file["skill"]),
    )
    validate(catalog)
    return catalog
