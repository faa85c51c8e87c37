"""Matching a seeker to a job: the score, each part, the reasons and the weights."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobboard.analysis.matching import (
    JobProfile,
    JobRequirement,
    Pay,
    Place,
    SeekerProfile,
    SeekerSkill,
    Weights,
    expand_skills,
    region_holds,
    score_match,
)

BERLIN = Place(latitude=52.52, longitude=13.405, country_code="DE", name="Berlin")
POTSDAM = Place(latitude=52.39, longitude=13.065, country_code="DE", name="Potsdam")
MUNICH = Place(latitude=48.137, longitude=11.575, country_code="DE", name="Munich")
JOB = JobProfile(
    skills=(
        JobRequirement("go", min_years=3),
        JobRequirement("postgresql"),
        JobRequirement("apache-kafka"),
        JobRequirement("docker"),
        JobRequirement("kubernetes"),
        JobRequirement("terraform", required=False),
        JobRequirement("grpc", required=False),
    ),
    min_years=5,
    workplace="hybrid",
    places=(BERLIN,),
    annual_pay_usd=(10_000_000, 13_000_000),
)
SEEKER = SeekerProfile(
    skills=(
        SeekerSkill("go", 6),
        SeekerSkill("postgresql"),
        SeekerSkill("apache-kafka"),
        SeekerSkill("docker"),
        SeekerSkill("grpc"),
    ),
    years_experience=7,
    pay=Pay(minimum=10_000_000, maximum=None, currency="USD"),
    workplaces=frozenset({"hybrid", "remote"}),
    place=POTSDAM,
)


def part(match_parts: object, name: str) -> tuple[float | None, str]:
    for item in match_parts:  # type: ignore[attr-defined]
        if item.name == name:
            return item.score, item.reason
    raise AssertionError(name)


def test_each_part_is_scored_and_explained() -> None:
    """4 of 5 required skills, 1 of 2 nice, enough years, pay, workplace and place."""
    match = score_match(SEEKER, JOB)
    assert part(match.parts, "required_skills") == (
        0.8,
        "4 of 5 required skills; missing Kubernetes",
    )
    assert part(match.parts, "nice_skills") == (0.75, "1 of 2 nice-to-have skills (gRPC)")
    assert part(match.parts, "experience") == (1.0, "7 years of experience; the job asks 5+")
    assert part(match.parts, "pay") == (1.0, "pay overlaps your range")
    assert part(match.parts, "workplace") == (1.0, "hybrid, as you prefer")
    score, reason = part(match.parts, "location")
    assert score == 1.0
    assert reason.startswith("Berlin is 2")
    assert reason.endswith("km from you")
    # (4 * 0.8 + 1 * 0.75 + 1.5 + 1.5 + 1 + 2 * 1) / 11
    assert match.score == pytest.approx(9.95 / 11, abs=1e-4)
    assert match.summary.startswith("4 of 5 required skills; missing Kubernetes; 1 of 2")


def test_a_perfect_fit_scores_one() -> None:
    """Every skill, years, pay, workplace and place met: 1.0."""
    seeker = SeekerProfile(
        skills=(*SEEKER.skills, SeekerSkill("kubernetes"), SeekerSkill("terraform")),
        years_experience=9,
        pay=Pay(minimum=9_000_000, maximum=12_000_000, currency="USD"),
        workplaces=frozenset({"hybrid"}),
        place=BERLIN,
    )
    assert score_match(seeker, JOB).score == 1.0


def test_too_few_years_of_a_skill_give_partial_credit() -> None:
    """Go for 1 of the 3 years asked counts a third, and the reason says so."""
    seeker = SeekerProfile(skills=(SeekerSkill("go", 1),))
    score, reason = part(score_match(seeker, JOB).parts, "required_skills")
    assert score == pytest.approx((1 / 3) / 5)
    assert reason.endswith("Go: 1 of the 3 years asked")


def test_implied_skills_count() -> None:
    """Knowing TypeScript means knowing JavaScript."""
    job = JobProfile(skills=(JobRequirement("javascript"),))
    seeker = SeekerProfile(skills=(SeekerSkill("typescript", 4),))
    assert expand_skills(seeker.skills) == {"typescript": 4, "javascript": 4}
    assert part(score_match(seeker, job).parts, "required_skills") == (1.0, "the required skill")


def test_pay_below_the_floor_loses_in_proportion() -> None:
    """A job paying 10% under the seeker's floor scores 0.8 on pay, 50% under scores 0."""
    job = JobProfile(annual_pay_usd=(8_000_000, 9_000_000))
    ten_below = SeekerProfile(pay=Pay(minimum=10_000_000, maximum=None, currency="USD"))
    assert part(score_match(ten_below, job).parts, "pay") == (
        pytest.approx(0.8),
        "pays up to 10% below your floor",
    )
    far_below = SeekerProfile(pay=Pay(minimum=18_000_000, maximum=None, currency="USD"))
    assert part(score_match(far_below, job).parts, "pay")[0] == 0.0


def test_pay_is_compared_annualized_and_in_one_currency() -> None:
    """A monthly euro floor is converted before it meets a job's yearly dollars."""
    seeker = SeekerProfile(pay=Pay(minimum=700_000, maximum=None, currency="EUR", period="monthly"))
    job = JobProfile(annual_pay_usd=(9_000_000, 11_000_000))
    assert part(score_match(seeker, job).parts, "pay") == (1.0, "pay overlaps your range")


def test_parts_that_cannot_be_judged_are_left_out() -> None:
    """No pay on the job: the pay part is null and the score is the mean of the rest."""
    job = JobProfile(skills=(JobRequirement("python"),), workplace="remote")
    seeker = SeekerProfile(
        skills=(SeekerSkill("python"),),
        pay=Pay(minimum=10_000_000, maximum=None, currency="USD"),
        workplaces=frozenset({"remote"}),
    )
    match = score_match(seeker, job)
    assert part(match.parts, "pay") == (None, "no pay stated")
    assert match.score == 1.0


def test_remote_regions_and_time_zones() -> None:
    """A remote job open to Europe fits a seeker in Germany; its hours fit a seeker at UTC+1."""
    job = JobProfile(workplace="remote", remote_regions=("europe",))
    assert part(score_match(SeekerProfile(place=BERLIN), job).parts, "location") == (
        1.0,
        "remote from DE is allowed",
    )
    us_only = JobProfile(workplace="remote", remote_regions=("US",))
    assert part(score_match(SeekerProfile(place=BERLIN), us_only).parts, "location") == (
        0.0,
        "remote only from US",
    )
    hours = JobProfile(workplace="remote", time_zones=((-300, 60),))
    assert (
        part(score_match(SeekerProfile(utc_offset_minutes=60), hours).parts, "location")[0] == 1.0
    )
    assert (
        part(score_match(SeekerProfile(utc_offset_minutes=540), hours).parts, "location")[0] == 0.0
    )


@pytest.mark.parametrize(
    ("region", "country", "holds"),
    [
        ("worldwide", "BR", True),
        ("DE", "DE", True),
        ("europe", "FR", True),
        ("europe", "US", False),
        ("emea", "AE", True),
        ("emea", "NG", True),
        ("latam", "MX", True),
        ("north-america", "BR", False),
        ("apac", "AU", True),
    ],
)
def test_macro_regions_take_in_their_countries(region: str, country: str, holds: bool) -> None:
    """Macro regions of remote_regions cover countries by continent and by list."""
    assert region_holds(region, country) is holds


def test_a_far_place_scores_low() -> None:
    """Munich is 500 km from Berlin: no fit for a seeker who stays within 50 km."""
    score, reason = part(
        score_match(SeekerProfile(place=BERLIN), JobProfile(places=(MUNICH,))).parts, "location"
    )
    assert score == 0.2
    assert reason.startswith("Munich is 50")


def test_workplace_preference() -> None:
    """An onsite job for a seeker who wants remote scores 0 on workplace."""
    seeker = SeekerProfile(workplaces=frozenset({"remote"}))
    assert part(score_match(seeker, JobProfile(workplace="onsite")).parts, "workplace") == (
        0.0,
        "onsite, but you want remote",
    )


def test_the_seeker_weights_the_parts() -> None:
    """Weighting pay alone makes the score the pay part; a zero weight turns a part off."""
    pay_only = Weights(
        required_skills=0, nice_skills=0, experience=0, pay=1, workplace=0, location=0
    )
    seeker = SeekerProfile(
        skills=(SeekerSkill("go"),),
        pay=Pay(minimum=11_000_000, maximum=None, currency="USD"),
        weights=pay_only,
    )
    job = JobProfile(skills=(JobRequirement("rust"),), annual_pay_usd=(10_000_000, 12_000_000))
    match = score_match(seeker, job)
    assert match.score == 1.0
    assert match.reasons == ("pay overlaps your range",)


def test_weights_cannot_be_negative() -> None:
    """A negative or infinite weight is refused."""
    with pytest.raises(ValueError, match="not negative"):
        Weights(pay=-1)
    with pytest.raises(ValueError, match="finite"):
        Weights(pay=float("inf"))


def test_reasons_for_another_job_speak_of_jobs() -> None:
    """Seen from a job (similar jobs), reasons name what the jobs share."""
    reference = SeekerProfile(skills=(SeekerSkill("go"), SeekerSkill("postgresql")))
    match = score_match(reference, JOB, perspective="job")
    assert part(match.parts, "required_skills")[1] == (
        "shares 2 of its 5 required skills; also asks for Apache Kafka, Docker and Kubernetes"
    )


_SLUGS = st.sampled_from(["python", "go", "rust", "typescript", "javascript", "docker", "sql"])


@settings(max_examples=200, deadline=None)
@given(
    have=st.lists(st.tuples(_SLUGS, st.none() | st.integers(0, 20)), max_size=6),
    want=st.lists(st.tuples(_SLUGS, st.booleans(), st.none() | st.integers(0, 20)), max_size=6),
    years=st.none() | st.integers(0, 30),
    job_years=st.none() | st.integers(0, 30),
    floor=st.none() | st.integers(0, 10**8),
    pay=st.none() | st.tuples(st.integers(0, 10**8), st.integers(0, 10**8)),
    workplace=st.sampled_from(["onsite", "hybrid", "remote"]),
)
def test_the_score_is_always_between_zero_and_one(
    have: list[tuple[str, int | None]],
    want: list[tuple[str, bool, int | None]],
    years: int | None,
    job_years: int | None,
    floor: int | None,
    pay: tuple[int, int] | None,
    workplace: str,
) -> None:
    """Any profile against any job scores in [0, 1], the same way every time."""
    seeker = SeekerProfile(
        skills=tuple(SeekerSkill(slug, value) for slug, value in have),
        years_experience=years,
        pay=None if floor is None else Pay(minimum=floor, maximum=None, currency="USD"),
    )
    job = JobProfile(
        skills=tuple(JobRequirement(slug, required, value) for slug, required, value in want),
        min_years=job_years,
        workplace=workplace,
        annual_pay_usd=None if pay is None else (min(pay), max(pay)),
    )
    match = score_match(seeker, job)
    assert 0.0 <= match.score <= 1.0
    assert match == score_match(seeker, job)
