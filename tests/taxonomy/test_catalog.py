"""The bundled taxonomy is complete and consistent."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from jobboard.taxonomy.catalog import (
    SKILL_KINDS,
    Catalog,
    CategoryData,
    SkillData,
    TaxonomyError,
    load_catalog,
    normalize_alias,
    validate,
)


def _lookup(catalog: Catalog) -> dict[str, str]:
    table: dict[str, str] = {}
    for skill in catalog.skills:
        for term in (skill.name, skill.slug, *skill.aliases):
            table[normalize_alias(term)] = skill.slug
    return table


def test_catalog_has_enough_categories_and_skills() -> None:
    """At least 25 categories and 300 skills, every skill kind represented."""
    catalog = load_catalog()
    assert len(catalog.categories) >= 25
    assert len(catalog.skills) >= 300
    kinds = Counter(skill.kind for skill in catalog.skills)
    assert set(kinds) == set(SKILL_KINDS)
    assert all(count >= 15 for count in kinds.values()), kinds


@pytest.mark.parametrize(
    ("alias", "slug"),
    [
        ("k8s", "kubernetes"),
        ("golang", "go"),
        ("postgres", "postgresql"),
        ("Postgres", "postgresql"),
        ("node", "node-js"),
        ("nodejs", "node-js"),
        ("c#", "c-sharp"),
        ("csharp", "c-sharp"),
        (".net", "dotnet"),
        ("aws", "aws"),
        ("c++", "cpp"),
        ("js", "javascript"),
        ("graphql", "graphql"),
        ("grpc", "grpc"),
        ("oauth 2.0", "oauth2"),
        ("jwt", "jwt"),
        ("rest", "rest"),
    ],
)
def test_aliases_that_search_relies_on(alias: str, slug: str) -> None:
    """Common spellings in postings resolve to one canonical skill."""
    assert _lookup(load_catalog()).get(normalize_alias(alias)) == slug


def test_languages_carry_release_years() -> None:
    """Languages, frameworks and databases have a plausible first-release year."""
    catalog = load_catalog()
    dated = [
        skill
        for skill in catalog.skills
        if skill.kind in ("language", "framework", "database") and skill.first_release_year
    ]
    assert len(dated) >= 100
    assert all(1950 <= skill.first_release_year <= 2026 for skill in dated)  # type: ignore[operator]
    assert catalog.skill("go").first_release_year == 2009
    assert catalog.skill("kubernetes").first_release_year == 2014


def test_every_category_has_an_original_structured_description() -> None:
    """Descriptions cover responsibilities, skills and experience, and are not copies."""
    catalog = load_catalog()
    assert "senior-back-end-developer" in {category.slug for category in catalog.categories}
    openings = set()
    for category in catalog.categories:
        words = len(category.description.split())
        assert 200 <= words <= 600, (category.slug, words)
        for heading in ("### Typical responsibilities", "### Typical skills", "### Experience"):
            assert heading in category.description, (category.slug, heading)
        assert len(category.typical_skills) >= 8
        assert len(category.title_variants) >= 4
        opening = re.split(r"[.!?]", category.description)[0]
        assert opening not in openings, category.slug
        openings.add(opening)


def test_validate_rejects_an_alias_claimed_by_two_skills() -> None:
    """Two skills cannot share a lookup form."""
    skills = (
        SkillData("go", "Go", "language", ("golang",), 2009, True, ()),
        SkillData("golang-tools", "Golang tools", "tool", ("golang",), None, False, ()),
    )
    with pytest.raises(TaxonomyError, match="golang"):
        validate(Catalog(version="x", categories=(), skills=skills))


def test_validate_rejects_a_category_naming_an_unknown_skill() -> None:
    """A category's typical skills must exist."""
    category = CategoryData("x", "X", None, "s", "d", ("nope",), (), 0, 1)
    with pytest.raises(TaxonomyError, match="nope"):
        validate(Catalog(version="x", categories=(category,), skills=()))
