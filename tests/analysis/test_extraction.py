"""What the analyzer reads from a posting: one behaviour per test, on small texts."""

from __future__ import annotations

import pytest

from jobboard.analysis.engine import Analysis, StatedFields, StatedSalary, analyze
from jobboard.analysis.text import normalize


def run(description: str, title: str = "Software Engineer") -> Analysis:
    return analyze(title, description, this_year=2026)


def skills(description: str, title: str = "Software Engineer") -> dict[str, bool]:
    """Slug -> required, for the skills found."""
    return {skill.slug: skill.required for skill in run(description, title).skills}


def codes(analysis: Analysis) -> set[str]:
    return {warning.code for warning in analysis.warnings}


# --- reading the text -------------------------------------------------------------------


def test_html_becomes_lines_with_headings_and_bullets() -> None:
    """Block elements become lines; headings and list items keep their role."""
    document = normalize("<h2>Requirements</h2><ul><li>Python</li><li>SQL &amp; dbt</li></ul>")
    assert [(line.text, line.kind) for line in document.lines] == [
        ("Requirements", "heading"),
        ("Python", "bullet"),
        ("SQL & dbt", "bullet"),
    ]
    assert document.source_format == "html"


def test_scripts_styles_and_links_are_dropped_never_followed() -> None:
    """Script and style content disappears; URLs and e-mail addresses are not text."""
    document = normalize(
        "<p>Go developer</p><script>alert('React')</script><style>.x{}</style>"
        "<p>Apply at https://example.com/jobs or jobs@example.com</p>"
    )
    assert document.text == "Go developer\nApply at or"


def test_html_escaped_twice_is_read_as_html() -> None:
    """Feeds that escape their HTML once more (Greenhouse) are unescaped first."""
    document = normalize("&lt;h2&gt;About&lt;/h2&gt;&lt;p&gt;We use Rust.&lt;/p&gt;")
    assert [line.text for line in document.lines] == ["About", "We use Rust."]


def test_markdown_markup_is_removed() -> None:
    """Headings, bullets, emphasis and links lose their markup."""
    document = normalize("## What you'll do\n- Build **fast** APIs in [Go](https://go.dev)\n")
    assert [(line.text, line.kind) for line in document.lines] == [
        ("What you'll do", "heading"),
        ("Build fast APIs in Go", "bullet"),
    ]


def test_input_beyond_the_limit_is_not_read() -> None:
    """A description longer than the limit is cut, and the analysis says so."""
    analysis = run("Python. " * 20_000)
    assert analysis.truncated
    assert [skill.slug for skill in analysis.skills] == ["python"]


# --- skills ---------------------------------------------------------------------------


def test_aliases_resolve_to_canonical_skills() -> None:
    """Any alias names its skill: golang, k8s, Postgres, CI/CD, A/B tests."""
    found = skills("Golang services on k8s with Postgres, CI/CD and A/B tests.")
    assert set(found) == {
        "go",
        "kubernetes",
        "postgresql",
        "continuous-delivery",
        "ab-testing",
    }


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("We help companies go to market faster.", "go"),
        ("You are a go-getter who can go far.", "go"),
        ("React quickly to incidents and react calmly to feedback.", "react"),
        ("Please express your interest by e-mail.", "express"),
        ("Our spring semester starts in March; spring cleaning is on us.", "spring"),
        ("Swift feedback and a ruby anniversary bonus.", "swift"),
        ("Offices in the Rust Belt city of Pittsburgh.", "rust"),
        ("Our R&D team closed a Series C round.", "r"),
        ("Our Series C round closed; C-level buy-in is strong.", "c"),
        ("Make sure the rest of the team can rest easy.", "make"),
        ("Make sure the rest of the team can rest easy.", "rest"),
        ("We host networking events for students.", "networking"),
        ("The unity of our team matters; we spark curiosity.", "unity"),
        ("Based in Phoenix, AZ.", "phoenix"),
    ],
)
def test_everyday_words_are_not_skills(text: str, slug: str) -> None:
    """A skill name used in its everyday sense is not taken for the skill."""
    assert slug not in skills(text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Experience with Python, Go and Rust.", "go"),
        ("Our services are written in Go.", "go"),
        ("We migrated the monolith to Go last year.", "go"),
        ("Build React components with TypeScript.", "react"),
        ("Java and Spring are our stack.", "spring"),
        ("Node and Express on the backend.", "express"),
        ("C/C++ on embedded Linux.", "c"),
        ("Statistics in R and SQL.", "r"),
        ("Tooling: Make, Docker and Bash.", "make"),
        ("Design REST APIs.", "rest"),
        ("Gameplay in Unity and C#.", "unity"),
    ],
)
def test_everyday_words_used_for_technology_are_skills(text: str, slug: str) -> None:
    """With evidence (a list of skills, a trigger word, a capitalised name) they count."""
    assert slug in skills(text)


def test_optional_skills_are_nice_to_have() -> None:
    """Sections and cue words decide required versus nice-to-have."""
    found = skills(
        "## Requirements\n- Python and SQL\n- Experience with Kafka is a plus\n"
        "- Familiarity with REST, and ideally GraphQL\n## Nice to have\n- Kubernetes\n"
    )
    assert found == {
        "python": True,
        "sql": True,
        "apache-kafka": False,
        "rest": True,
        "graphql": False,
        "kubernetes": False,
    }


def test_skills_in_perks_legal_text_and_the_process_are_ignored() -> None:
    """Benefits, equal-opportunity text and the hiring process say nothing of the job."""
    found = skills(
        "We write Python.\n## Benefits\n- AWS certification budget\n"
        "## Our interview process\n- A Kubernetes exercise\n"
    )
    assert found == {"python": True}


def test_each_skill_reports_the_words_that_named_it() -> None:
    """`matched` keeps the spellings found, in order."""
    analysis = run("Postgres experience; you will tune PostgreSQL and postgres queries.")
    (skill,) = analysis.skills
    assert skill.slug == "postgresql"
    assert skill.matched == ("Postgres", "PostgreSQL", "postgres")


# --- years and seniority --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("5+ years of professional experience", 5),
        ("Five years of experience building software", 5),
        ("3-5 years of backend development", 3),
        ("At least 4 years of Go", 4),
        ("Minimum 2 yrs of experience with Python", 2),
        ("8 years of experience or 6 years with a Master's degree", 6),
        ("6+ years in mobile development, including 2+ years leading a team", 6),
        ("We were founded 12 years ago and have grown for the last 5 years.", None),
        ("Up to two years of experience.", None),
        ("Ideally 7+ years of experience.", None),
        ("A 4 months programme of full-time research.", None),
    ],
)
def test_minimum_years(text: str, years: int | None) -> None:
    """The minimum the job requires: ranges take their floor, alternatives their smallest."""
    assert run(text).min_years_experience == years


def test_years_are_tied_to_the_skills_they_name() -> None:
    """'4 years of Go' and 'Python (3+ years)' set years per skill."""
    analysis = run("At least 4 years of Go. Python (3+ years). Docker.")
    years = {skill.slug: skill.min_years for skill in analysis.skills}
    assert years == {"go": 4, "python": 3, "docker": None}


@pytest.mark.parametrize(
    ("title", "text", "seniority"),
    [
        ("Senior Backend Engineer", "", "senior"),
        ("Staff Engineer", "", "staff"),
        ("Senior Staff Engineer", "", "staff"),
        ("Software Engineer II", "", "mid"),
        ("Software Engineer I", "", "junior"),
        ("Senior Engineering Manager", "", "manager"),
        ("VP of Engineering", "", "director"),
        ("Frontend Intern", "", "intern"),
        ("Software Engineer", "This is an entry-level position.", "junior"),
        ("Software Engineer", "You have 6+ years of experience.", "senior"),
        ("Software Engineer", "You have 3 years of experience.", "mid"),
        ("Software Engineer", "We build things.", None),
    ],
)
def test_seniority_from_title_then_text_then_years(
    title: str, text: str, seniority: str | None
) -> None:
    """The title's level word wins; then an explicit level in the text; then the years."""
    found = run(text, title).seniority
    assert (found.seniority if found else None) == seniority


# --- workplace, places, employment ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "workplace"),
    [
        ("This role is fully remote.", "remote"),
        ("Hybrid: two days a week in our Berlin office.", "hybrid"),
        ("We're in the office on Tuesdays and Thursdays.", "hybrid"),
        ("This is an on-site role in Austin.", "onsite"),
        ("Remote work is not possible for this role.", "onsite"),
        ("Remote in the US, or hybrid in New York.", "remote"),
        ("We build hybrid cloud software.", None),
    ],
)
def test_workplace(text: str, workplace: str | None) -> None:
    """Remote, hybrid or onsite as the text states it; 'hybrid cloud' says nothing."""
    found = run(text).workplace
    assert (found.workplace if found else None) == workplace


def test_remote_regions_and_time_zones() -> None:
    """Regions come out as country codes or macro regions, windows as UTC offsets."""
    found = run(
        "Fully remote within Europe or the UK (excluding France); overlap with CET ± 2 hours."
    ).workplace
    assert found is not None
    assert set(found.remote_regions) == {"europe", "GB"}
    assert [(window.earliest, window.latest) for window in found.time_zones] == [(-60, 180)]


def test_a_utc_range_is_one_window() -> None:
    """'between UTC-5 and UTC+1' is the window from -5 to +1 hours."""
    found = run("Remote, anywhere between UTC-5 and UTC+1.").workplace
    assert found is not None
    assert [(window.earliest, window.latest) for window in found.time_zones] == [(-300, 60)]


def test_places_resolve_through_the_gazetteer() -> None:
    """Titles and 'based in' phrases name cities; 'Austin, TX' is Texas, not elsewhere."""
    analysis = analyze(
        "Staff Engineer (Belo Horizonte)",
        "You will be based in Austin, TX and visit our London office.",
        this_year=2026,
    )
    places = [(place.city.name, place.city.country_code) for place in analysis.locations]
    assert places == [("Belo Horizonte", "BR"), ("Austin", "US"), ("London", "GB")]


@pytest.mark.parametrize(
    ("title", "text", "kind"),
    [
        ("Backend Engineer", "This is a full-time position.", "full_time"),
        ("Backend Engineer (Contract)", "", "contractor"),
        ("Backend Engineer", "A 6-month contract, outside IR35.", "contractor"),
        ("Backend Engineer", "Contract-to-hire after six months.", "contract_to_hire"),
        ("Backend Engineer", "Maternity cover, fixed-term for a year.", "temporary"),
        ("Backend Engineer", "Part-time, about 20 hours a week.", "part_time"),
        ("Summer Intern", "", "internship"),
        ("Backend Engineer", "We build invoicing for freelancers.", None),
    ],
)
def test_employment_type(title: str, text: str, kind: str | None) -> None:
    """The title first, then the text, by precedence; the domain is not the job."""
    found = run(text, title).employment_type
    assert (found.employment_type if found else None) == kind


# --- pay ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Salary: $120,000 - $150,000 per year.", (12_000_000, 15_000_000, "USD", "yearly")),
        ("Pay: $120k-150k.", (12_000_000, 15_000_000, "USD", "yearly")),
        ("Salary €70.000 – €90.000 gross.", (7_000_000, 9_000_000, "EUR", "yearly")),
        ("£55,000 to £65,000 per annum", (5_500_000, 6_500_000, "GBP", "yearly")),
        ("Salary: CHF 120'000 - 140'000", (12_000_000, 14_000_000, "CHF", "yearly")),
        ("CTC: ₹18,00,000 - ₹24,00,000 per annum", (180_000_000, 240_000_000, "INR", "yearly")),
        ("CTC: 18-24 LPA", (180_000_000, 240_000_000, "INR", "yearly")),
        ("Rate: $90 - $150 /hour", (9_000, 15_000, "USD", "hourly")),
        ("Day rate: €600/day", (60_000, 60_000, "EUR", "daily")),
        ("Salary 55 000 - 65 000 kr per month", (5_500_000, 6_500_000, "SEK", "monthly")),
        ("Salário: R$ 14.000 – R$ 18.000 por mês", (1_400_000, 1_800_000, "BRL", "monthly")),
        ("Up to £85,000 + benefits.", (None, 8_500_000, "GBP", "yearly")),
        ("Salary from €90,000.", (9_000_000, None, "EUR", "yearly")),
        ("Salary: ¥9,000,000 - ¥13,000,000 per year", (9_000_000, 13_000_000, "JPY", "yearly")),
    ],
)
def test_salary_formats(text: str, expected: tuple[int | None, int | None, str, str]) -> None:
    """Ranges, k, separators of several countries, symbols, codes and periods."""
    found = run(text).salary
    assert found is not None
    assert (found.min, found.max, found.currency, found.period) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We raised $40M in Series B funding and process $2B a year.",
        "A $1,000 yearly learning budget and a $500 home-office stipend.",
        "Sign-on bonus: $25,000.",
        "Fertility benefits (up to $10,000 per year).",
    ],
)
def test_amounts_that_are_not_pay_are_ignored(text: str) -> None:
    """Funding, budgets, stipends for things and bonuses are no salary."""
    assert run(text).salary is None


def test_dollars_follow_the_country_of_the_job() -> None:
    """'$' in a Sydney job is Australian dollars."""
    found = run("Based in Sydney. Salary $150,000 - $170,000 + super.").salary
    assert found is not None
    assert found.currency == "AUD"


def test_equity_is_noticed_but_diversity_and_equity_is_not() -> None:
    """'plus equity' and stock options offer equity; 'diversity, equity' does not."""
    assert run("Salary $100k-$120k plus equity.").salary.equity  # type: ignore[union-attr]
    found = run("Salary $100k-$120k. We value diversity, equity and inclusion.").salary
    assert found is not None
    assert not found.equity


# --- lint -----------------------------------------------------------------------------


def test_lint_flags_a_careless_posting() -> None:
    """Vague and exclusionary words, no pay, no location, years beyond a technology's age."""
    analysis = run(
        "We want a rockstar ninja, a native English speaker and a great culture fit "
        "with 15 years of TypeScript experience."
    )
    assert {
        "wording.vague",
        "wording.exclusionary",
        "pay.missing",
        "google.location_missing",
        "google.description_too_short",
        "experience.beyond_technology_age",
        "google.employment_type_missing",
    } <= codes(analysis)
    for warning in analysis.warnings:
        assert warning.message.endswith(".")
        assert warning.severity in ("error", "warning", "info")


def test_lint_a_wide_range_and_too_many_skills() -> None:
    """A range whose top is far above its bottom, and a long list of required skills."""
    analysis = run(
        "Salary $60,000 - $200,000. Requirements: Python, Java, Go, Rust, C++, Kotlin, Scala, "
        "Ruby, PHP, Elixir, Haskell and Clojure."
    )
    assert {"pay.range_too_wide", "skills.too_many_required"} <= codes(analysis)


def test_lint_remote_that_asks_for_the_office() -> None:
    """A remote job that wants people in the office gets a warning naming the words."""
    analysis = analyze(
        "Backend Engineer",
        "Fully remote role. You will be in the office 5 days a week.",
        stated=StatedFields(workplace="remote"),
        this_year=2026,
    )
    (warning,) = [w for w in analysis.warnings if w.code == "workplace.remote_with_office"]
    assert warning.evidence


def test_lint_reads_the_stated_fields_first() -> None:
    """Pay, place and type given in the job's fields silence the warnings about them."""
    analysis = analyze(
        "Backend Engineer",
        "Build services.",
        stated=StatedFields(
            salary=StatedSalary(min=9_000_000, max=11_000_000, currency="USD", period="yearly"),
            has_locations=True,
            employment_type="full_time",
        ),
        this_year=2026,
    )
    assert not codes(analysis) & {
        "pay.missing",
        "google.location_missing",
        "google.employment_type_missing",
    }


def test_lint_a_title_with_pay_and_shouting() -> None:
    """Google for Jobs wants the job's name, not a headline."""
    assert "google.title_not_a_title" in codes(
        analyze("URGENT!!! Senior Engineer $150k", "Build things.", this_year=2026)
    )


def test_a_clean_posting_gets_no_warnings() -> None:
    """A complete posting with pay, place and a fair range is not nagged."""
    description = (
        "## About the role\nYou will design and run the APIs behind our payments product, "
        "working with product managers and designers on features used by thousands of "
        "small businesses every day. You will own services end to end, from design through "
        "deployment and operation, and help the team improve how it tests and ships. You will "
        "review designs with your peers and share what you learn with the wider team.\n"
        "## Requirements\n- 5+ years of experience with Python\n- PostgreSQL\n"
        "## Pay\n$150,000 - $180,000 per year. Full-time, hybrid: two days a week in our "
        "Chicago office."
    )
    assert analyze("Senior Backend Engineer", description, this_year=2026).warnings == ()
