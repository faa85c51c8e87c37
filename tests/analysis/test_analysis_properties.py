"""Analysis never raises, always gives the same answer, and bounds its work on hostile input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobboard.analysis.engine import analyze
from jobboard.analysis.text import MAX_CHARACTERS

# Time is no test criterion here: the deadline is off, the bounds are on the input.
PROPERTIES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_FRAGMENTS = st.sampled_from(
    [
        "<p>", "</p>", "<li>", "<ul>", "</ul>", "<h2>", "<b>", "<script>", "&lt;", "&amp;",
        "## ", "- ", "**", "*", "`", "[x](y)", "\n", " ", ":", ",", "$", "€", "£", "k", "K",
        "120", "1,000", "3-5", "5+", " years of ", "Go", "go", "React", "R", "C", "C++",
        "remote", "hybrid", "UTC-5", "to", "UTC+3", "Senior", "Python", "per hour", "LPA",
        "Berlin", "based in ", "Nice to have", "Requirements", "ideally", "is a plus",
    ]
)  # fmt: skip
_POSTING_LIKE = st.lists(_FRAGMENTS, max_size=80).map("".join)


@PROPERTIES
@given(title=st.text(max_size=200), description=st.text(max_size=3000))
def test_analysis_never_raises_on_any_text(title: str, description: str) -> None:
    """Any unicode title and description give an analysis whose figures are sane."""
    analysis = analyze(title, description, this_year=2026)
    if analysis.min_years_experience is not None:
        assert 0 <= analysis.min_years_experience <= 40
    if analysis.salary is not None:
        amounts = [value for value in (analysis.salary.min, analysis.salary.max) if value]
        assert all(value > 0 for value in amounts)


@PROPERTIES
@given(title=_POSTING_LIKE, description=_POSTING_LIKE)
def test_analysis_is_deterministic(title: str, description: str) -> None:
    """The same text always gives the same analysis, warnings included."""
    first = analyze(title, description, this_year=2026)
    second = analyze(title, description, this_year=2026)
    assert first == second


def test_a_hundred_thousand_characters_are_read_up_to_the_limit() -> None:
    """Text beyond MAX_CHARACTERS is not read, and the analysis says so."""
    description = ("Python and Go, 5+ years. " * 5_000)[:100_000]
    analysis = analyze("Engineer", description, this_year=2026)
    assert analysis.truncated
    assert {skill.slug for skill in analysis.skills} == {"python", "go"}
    assert len(description) > MAX_CHARACTERS


def test_deeply_nested_html_is_read_without_recursion() -> None:
    """Ten thousand nested elements are read like any other; deeper input is cut."""
    description = "<div>" * 10_000 + "<p>We use Rust.</p>" + "</div>" * 10_000
    analysis = analyze("Engineer", description, this_year=2026)
    assert [skill.slug for skill in analysis.skills] == ["rust"]
    deeper = analyze("Engineer", "<div><span>" * 50_000, this_year=2026)
    assert deeper.truncated
    assert deeper.skills == ()


def test_pathological_runs_of_markup_and_digits_finish() -> None:
    """Long runs that could make patterns backtrack are cut into bounded pieces."""
    for description in (
        "*" * 100_000,
        "1" * 100_000,
        "$1,000 - " * 10_000,
        "a" * 100_000,
        "<" * 100_000,
        "5 years " * 12_000,
        "Go, " * 25_000,
    ):
        analysis = analyze("Engineer", description, this_year=2026)
        assert analysis.source_format in ("html", "markdown", "text")
