"""Deriving a job's category from its title, skills and seniority: the rules on typical
titles, and the accuracy on the hand-labelled titles of the recorded real feeds."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from jobboard.taxonomy.catalog import load_catalog, read_data
from jobboard.taxonomy.categorize import categorize, categorize_posting

LABELS = Path(__file__).parent / "data" / "category_labels.toml"
ACCURACY_GOAL = 0.85


@pytest.mark.parametrize(
    ("title", "skills", "seniority", "expected"),
    [
        ("Senior Backend Engineer", [], None, "senior-back-end-developer"),
        ("Backend Engineer", [], "senior", "senior-back-end-developer"),
        ("Sr. Front-End Dev", [], None, "senior-front-end-developer"),
        ("Junior Python Developer", [], None, "junior-software-engineer"),
        ("Staff Platform Engineer", [], None, "staff-platform-engineer"),
        ("Data Engineer Senior Principal (Hybrid)", [], None, "senior-data-engineer"),
        ("Analytics Engineer II", [], None, "data-engineer"),
        ("Android Engineer I - Subscriptions", [], None, "android-developer"),
        ("Senior Engineering Manager, Payments", [], None, "engineering-manager"),
        ("Manager of ETL Development", [], None, "engineering-manager"),
        # A posting hiring several names the role in the plural.
        ("Senior Backend Engineers", [], None, "senior-back-end-developer"),
        ("Data Scientists", [], None, "data-scientist"),
        ("Software Engineers", ["python", "django", "postgresql"], None, "back-end-developer"),
        ("Manager of Engineers", [], None, "engineering-manager"),
        ("Software Engineer", ["react", "typescript", "python", "postgresql"], None,
         "full-stack-developer"),
        ("Software Engineer", ["python", "django", "postgresql"], "senior",
         "senior-back-end-developer"),
        ("Staff Software Engineer, Product", [], None, "staff-software-engineer"),
        ("Distinguished Technologist, Distributed Systems", [], None, "principal-engineer"),
        ("Site Reliability Engineer (SRE)", [], None, "site-reliability-engineer"),
        ("ML Platform Engineer", [], None, "mlops-engineer"),
        # The first role of a title decides; full stack covers the other web roles of a list.
        ("Full-Stack Node.js Developers", [], None, "full-stack-developer"),
        ("Frontend, iOS, Android", [], None, "front-end-developer"),
        ("more front-end and full stack engineers", [], None, "full-stack-developer"),
        ("front and back end engineers", [], None, "full-stack-developer"),
        ("Senior Rails Engineer", [], None, "senior-back-end-developer"),
        ("nodejs developer", [], None, "back-end-developer"),
        ("Python devs", [], None, "back-end-developer"),
        # An engineer of no named family is sorted by the skills the posting asks.
        ("Founding Engineer", ["go", "postgresql"], None, "back-end-developer"),
        ("experienced SWEs", ["python", "django", "react", "javascript"], None,
         "full-stack-developer"),
        ("great hackers", ["swift", "objective-c"], None, "ios-developer"),
        ("Software Engineers", ["scala", "akka", "postgresql", "react"], "senior",
         "senior-back-end-developer"),
        ("Engineering", ["react", "css", "html"], None, "front-end-developer"),
    ],
)  # fmt: skip
def test_titles_skills_and_seniority_give_the_category(
    title: str, skills: list[str], seniority: str | None, expected: str
) -> None:
    """The role in the title picks the family, the level its senior or staff category; a
    generic title is sorted by its skills."""
    slug, confidence = categorize(title, skills, seniority)
    assert slug == expected
    assert 0.5 <= confidence <= 1


@pytest.mark.parametrize(
    "title",
    ["Account Executive", "Head of Marketing & Communications", "General Engineer (Inspector)",
     "Engagement Manager", "Software Engineer", "", "!!!"],
)  # fmt: skip
def test_titles_of_no_software_role_get_no_category(title: str) -> None:
    """No category for sales, marketing or other engineering, nor for a bare "Software
    Engineer" whose skills do not say which kind."""
    assert categorize(title) == (None, 0.0)


@pytest.mark.parametrize(
    ("title", "skills"),
    [("General Engineer", ["python", "django"]), ("Sales Engineers", ["python", "aws", "react"]),
     ("Product Manager", ["python", "react"]), ("", ["python"])],
)  # fmt: skip
def test_other_roles_get_no_category_whatever_their_skills(title: str, skills: list[str]) -> None:
    """Skills sort engineers of no named family, never other roles; a posting that names no
    role needs two skills that agree."""
    assert categorize(title, skills) == (None, 0.0)


def test_a_posting_takes_the_first_engineering_role_it_names() -> None:
    """Roles of no engineering are passed over; the first engineering role decides, even
    when it is generic and its skills do not say which family."""
    assert categorize_posting(["Product Manager", "Mobile Engineers"])[0] == (
        "cross-platform-mobile-developer"
    )
    assert categorize_posting(["Software Engineers", "Data Scientist"]) == (None, 0.0)
    assert categorize_posting(["Account Executive"], ["python", "django"]) == (None, 0.0)


def test_a_posting_without_a_role_is_sorted_by_its_skills() -> None:
    slug, confidence = categorize_posting([], ["ruby-on-rails", "postgresql", "react"])
    assert slug == "full-stack-developer"
    assert 0 < confidence < 0.6


def test_the_evidence_names_known_skills_and_categories() -> None:
    """Every skill and family of category_evidence.toml exists in the taxonomy."""
    catalog = load_catalog()
    skills = {skill.slug for skill in catalog.skills}
    categories = {category.slug for category in catalog.categories}
    evidence = read_data("category_evidence.toml")
    for group in evidence.values():
        for family, slugs in group.items():
            assert family in categories
            assert set(slugs) <= skills, family


def test_every_derived_category_exists() -> None:
    """Whatever the rules derive is a category of the bundled taxonomy."""
    slugs = {category.slug for category in load_catalog().categories}
    for category in load_catalog().categories:
        for variant in category.title_variants:
            slug, _ = categorize(variant)
            assert slug in slugs, variant


def test_accuracy_on_the_labelled_real_titles() -> None:
    """On the hand-labelled titles of the recorded real feeds, the derived category (or
    none) matches the label for at least 85% of jobs."""
    jobs = tomllib.loads(LABELS.read_text("utf-8"))["job"]
    assert len(jobs) >= 25
    misses = []
    for job in jobs:
        slug, _ = categorize(job["title"], job.get("skills", []), job.get("seniority"))
        if (slug or "") != job["category"]:
            misses.append((job["title"], job["category"], slug))
    accuracy = 1 - len(misses) / len(jobs)
    assert accuracy >= ACCURACY_GOAL, misses
