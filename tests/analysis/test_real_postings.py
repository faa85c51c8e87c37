"""The failure classes seen on real postings (issue 17), each read the way a person reads it."""

from __future__ import annotations

import pytest

from jobboard.analysis.engine import Analysis, analyze


def run(description: str, title: str = "") -> Analysis:
    return analyze(title, description, this_year=2026)


def workplace(description: str, title: str = "") -> str | None:
    found = run(description, title).workplace
    return found.workplace if found else None


def seniority(description: str, title: str = "") -> str | None:
    found = run(description, title).seniority
    return found.seniority if found else None


def slugs(description: str, title: str = "Backend Engineer") -> set[str]:
    return {skill.slug for skill in run(description, title).skills}


# --- header lines ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Acme | Senior Backend Engineer | Remote | Full-time | $150k-$180k", "remote"),
        ("Acme - Full-time Remote | Product Manager", "remote"),
        ("Acme | Backend Engineer | Paris | ONSITE", "onsite"),
        ("Acme | Staff Engineer | REMOTE (North America preferred) / Vancouver", "remote"),
        ("Acme | Platform Engineer | Toronto (Hybrid) + Remote", "remote"),
        ("Acme | Senior Engineer | NYC (In-Office 3-4 days) | $200k", "hybrid"),
        ("Acme | Engineer | ONSITE (3 days/week in office)", "hybrid"),
        ("Acme | Data Engineer | NYC | Full-Time | ONSITE (mostly)", "hybrid"),
        ("Acme | Backend Engineer | Berlin | Local only", "onsite"),
    ],
)
def test_the_workplace_of_a_header_field(header: str, expected: str) -> None:
    """Each field of a header line is read on its own; remote is an option when offered."""
    assert workplace(header + "\nWe build payments for small shops.") == expected


def test_a_product_that_reaches_anywhere_is_no_remote_job() -> None:
    """ "Send messages anywhere in the world" speaks of the product, not where people work."""
    text = "Our app lets you send messages anywhere in the world. The role is in our Berlin office."
    assert workplace(text, "Backend Engineer") == "onsite"
    assert workplace("You can work from anywhere in the world.", "Backend Engineer") == "remote"


def test_a_workplace_that_depends_on_the_role_is_not_stated() -> None:
    """A posting for several roles that says "it depends on the role" states no workplace."""
    text = (
        "Acme is hiring engineers and designers.\n"
        "(Remote work depends on the role -- some are onsite only, others may be remote.)"
    )
    assert workplace(text) is None
    assert workplace(text + "\nThis role is fully remote.", "Backend Engineer") == "remote"


def test_the_header_states_the_employment_type() -> None:
    """ "Full-time Contract" in a field is a contract; "Full-time" full time."""
    contract = run("Klara | OpenZFS Developer | REMOTE | Full-time Contract\nC and ZFS.")
    assert contract.employment_type is not None
    assert contract.employment_type.employment_type == "contractor"
    full = run("Acme | Engineer | Berlin | Full Time | ONSITE\nWe build things.")
    assert full.employment_type is not None
    assert full.employment_type.employment_type == "full_time"


# --- seniority ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (
            "",
            "Neon | Founding Sr Backend Engineer | SF | Full-time\nWe sell to hospitals.",
            "senior",
        ),
        ("", "Acme | Principal Software Engineer | Remote US\nNode.js and React.", "principal"),
        ("", "Acme | Remote\nWe're looking for a Senior Ruby Developer to join us.", "senior"),
        ("", "Acme - Boston\n★ iOS Lead -- someone who knows iOS well.", "senior"),
        ("", "Acme | NYC | ONSITE\n• Director of Engineering: apply online", "director"),
        ("", "Acme | Engineering Manager, Senior Engineers | ONSITE\nJoin us.", "manager"),
        ("Head of Engineering", "Lead the team.", "director"),
        ("Founding Engineer", "Join us.", "senior"),
        ("Co-Founder & CTO", "Join us.", "director"),
        ("Software Engineering Intern", "Summer 2027.", "intern"),
        ("Staff+ Software Engineer", "Join us.", "staff"),
        ("Backend Engineer", "You would be part of our founding team.", "senior"),
    ],
)
def test_the_level_of_the_role(title: str, text: str, expected: str) -> None:
    """The title's level, else the role the header or the first role line names."""
    assert seniority(text, title) == expected


def test_a_later_role_does_not_set_the_level() -> None:
    """The first role listed is the job's; a "Lead Product Designer" further down is not."""
    text = "Lyft | San Francisco\nWe're looking for:\n- Software Engineers\n- Lead Product Designer"
    assert seniority(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme | NYC | {UI/Frontend, Backend, Full-stack} Engineering\nJoin us.",
         "{UI, Frontend, Backend, Full-stack} Engineering"),
        ("Acme | NYC\nExperienced frontend, backend, iOS, and data engineers.\nJoin us.",
         "Experienced frontend, backend, iOS, data engineers"),
        ("Acme | NYC\nFront-end developer, Senior software engineer\nJoin us.",
         "Front-end developer"),
    ],
)  # fmt: skip
def test_areas_that_share_a_role_noun_are_one_role(text: str, expected: str) -> None:
    """A list of areas before a role noun is read whole, for the classifier to see them all."""
    assert analyze("", text).role == expected


def test_a_non_founding_engineer_is_not_a_founder() -> None:
    assert seniority("As our first non-founding engineer you shape the code.", "Engineer") is None


# --- years ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Requirements: 5+ years. Python.", 5),
        ("In only 2.5 years, we've grown to 10,000 customers.", None),
        ("I've been with the company for over a year.", None),
        ("2+ years of applicable experience desired.", None),
    ],
)
def test_years_without_the_word_experience(text: str, years: int | None) -> None:
    assert run(text, "Backend Engineer").min_years_experience == years


# --- skills asked ---------------------------------------------------------------------


def test_what_the_company_does_is_not_asked() -> None:
    """Concepts the company names about itself or its product are not the candidate's."""
    found = slugs(
        "We build LLM tools for lawyers. Our distributed systems handle billions of events "
        "and we use machine learning to rank them. You will write Python services."
    )
    assert found == {"python"}


def test_a_concept_asked_of_the_candidate_counts() -> None:
    found = slugs("You have experience with distributed systems and machine learning.")
    assert {"distributed-systems", "machine-learning"} <= found


def test_other_roles_name_no_skill() -> None:
    """ "DevOps Engineers" and "iOS, Android, devops" are roles the company hires, not skills."""
    found = slugs(
        "We're also hiring:\n- DevOps Engineers\n- Linux Systems Administrator\n"
        "Teams: frontend, backend, iOS, Android, devops and data.\nWe use Go."
    )
    assert found == {"go"}


def test_the_jobs_own_title_names_its_skill() -> None:
    assert "devops" in slugs("Run our CI and deployments.", "Senior DevOps Engineer")


def test_other_companies_and_profile_links_are_no_skills() -> None:
    found = slugs(
        "Automattic (makers of WordPress.com) and startups like Docker, Firebase and Twilio "
        "use us. Send your GitHub profile. We are backed by Spark Capital. You write Ruby."
    )
    assert found == {"ruby"}


def test_products_and_tools_of_the_larger_taxonomy() -> None:
    found = slugs(
        "Stack: Backbone.js, PostGIS, Sidekiq, HubSpot, Hasura, Core ML, ARKit, BigQuery, "
        "Airflow and the OpenAI API."
    )
    assert {
        "backbone-js",
        "postgis",
        "sidekiq",
        "hubspot",
        "hasura",
        "core-ml",
        "arkit",
        "google-bigquery",
        "apache-airflow",
        "openai-api",
    } <= found


def test_the_backbone_of_a_platform_is_no_framework() -> None:
    assert "backbone-js" not in slugs("Payments are the backbone of our platform. You write Go.")
