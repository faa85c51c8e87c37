"""The demo data generator: deterministic, complete and realistic companies and jobs."""

from __future__ import annotations

import dataclasses
import random
import re
import statistics
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from jobboard.demo.generator import generate
from jobboard.demo.geography import region_allows
from jobboard.demo.model import DemoData, DemoJob
from jobboard.demo.pay import MARKETS
from jobboard.demo.roles import prepare_roles, skills_named_in
from jobboard.kit.money import CURRENCY_EXPONENT, annualize, convert
from jobboard.places.gazetteer import get_gazetteer
from jobboard.taxonomy.catalog import Catalog, load_catalog

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SIZES = {"1-49", "50-99", "100-499", "500-999", "1000-4999", "5000-9999", "10000+"}
EMPLOYMENT_TYPES = {"full_time", "part_time", "contractor", "contract_to_hire", "temporary",
                    "internship"}  # fmt: skip
PERIODS = {"hourly", "daily", "weekly", "monthly", "yearly"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LEVEL_WORDS = {
    "junior": {"junior", "associate", "graduate", "entry", "i", "grad", "intern"},
    "senior": {"senior", "lead"},
    "staff": {"staff", "lead"},
    "principal": {"principal"},
    "intern": {"intern"},
}
OTHER_LEVEL_WORDS = {"junior", "associate", "graduate", "senior", "lead", "staff", "principal"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def small(catalog: Catalog) -> DemoData:
    return generate(catalog, now=NOW, companies=40, jobs=400)


@pytest.fixture(scope="module")
def full_run(catalog: Catalog) -> tuple[DemoData, float]:
    get_gazetteer()  # measure the generator, not the one-off gazetteer load
    started = time.perf_counter()
    data = generate(catalog, now=NOW)
    return data, time.perf_counter() - started


@pytest.fixture(scope="module")
def full(full_run: tuple[DemoData, float]) -> DemoData:
    return full_run[0]


def _pay_anchor(job: DemoJob, data: DemoData) -> str:
    """Return the country a job's pay follows: its first place, else the headquarters."""
    if job.places:
        return job.places[0].country_code
    company = next(company for company in data.companies if company.slug == job.company_slug)
    return company.headquarters.country_code


def test_same_inputs_give_identical_data(catalog: Catalog, small: DemoData) -> None:
    """Generating twice with the same catalog, seed and time gives equal data."""
    assert generate(catalog, now=NOW, companies=40, jobs=400) == small


def test_another_seed_gives_other_data(catalog: Catalog, small: DemoData) -> None:
    """The seed drives every choice."""
    other = generate(catalog, now=NOW, seed=7, companies=40, jobs=400)
    assert [company.name for company in other.companies] != [
        company.name for company in small.companies
    ]
    assert [job.title for job in other.jobs] != [job.title for job in small.jobs]


def test_now_only_shifts_dates(catalog: Catalog, small: DemoData) -> None:
    """A week later, every job is the same and published exactly a week later."""
    later = generate(catalog, now=NOW + timedelta(days=7), companies=40, jobs=400)
    assert later.companies == small.companies
    assert [
        dataclasses.replace(job, published_at=job.published_at - timedelta(days=7))
        for job in later.jobs
    ] == list(small.jobs)


def test_now_must_be_timezone_aware(catalog: Catalog) -> None:
    """A naive datetime is ambiguous and refused."""
    with pytest.raises(ValueError, match="timezone-aware"):
        generate(catalog, now=datetime(2026, 11, 28, 12, 0), companies=5, jobs=5)


def test_counts_follow_the_arguments(small: DemoData, catalog: Catalog) -> None:
    """Exactly the requested numbers of companies and jobs come out."""
    assert len(small.companies) == 40
    assert len(small.jobs) == 400
    assert generate(catalog, now=NOW, companies=3, jobs=0).jobs == ()


def test_every_category_and_every_company_gets_jobs(small: DemoData, catalog: Catalog) -> None:
    """No category and no company is left without a job."""
    assert {job.category_slug for job in small.jobs} == {
        category.slug for category in catalog.categories
    }
    assert {job.company_slug for job in small.jobs} == {company.slug for company in small.companies}


def test_companies_are_unique_and_complete(full: DemoData) -> None:
    """Names and slugs are unique, slugs are lowercase-hyphen, websites use the slug."""
    companies = full.companies
    assert len(companies) == 300
    assert len({company.slug for company in companies}) == len(companies)
    assert len({company.name for company in companies}) == len(companies)
    gazetteer = get_gazetteer()
    for company in companies:
        assert SLUG.match(company.slug)
        assert company.website == f"https://{company.slug}.example"
        assert company.size in SIZES
        assert 1950 <= company.founded_year < NOW.year
        assert company.industry
        assert 1 <= len(company.description.split("\n\n")) <= 3
        assert company.name in company.description
        city = gazetteer.get(company.headquarters.geoname_id)
        assert city is not None
        assert (city.name, city.country_code) == (
            company.headquarters.city,
            company.headquarters.country_code,
        )


def test_companies_vary_in_industry_and_size(full: DemoData) -> None:
    """The demo spans many industries, every size band and several countries."""
    assert len({company.industry for company in full.companies}) >= 10
    assert {company.size for company in full.companies} == SIZES
    assert len({company.headquarters.country_code for company in full.companies}) >= 10


def test_salaries_are_ordered_and_in_the_local_currency(full: DemoData) -> None:
    """Pay is all or nothing, min <= max, in the currency of the country it is anchored in."""
    for job in full.jobs:
        pay = (job.salary_min, job.salary_max, job.salary_currency, job.salary_period)
        if job.salary_min is None:
            assert pay == (None, None, None, None)
            continue
        assert job.salary_max is not None
        assert 0 < job.salary_min <= job.salary_max
        assert job.salary_period in PERIODS
        assert job.salary_currency == MARKETS[_pay_anchor(job, full)].currency


def test_salaries_are_plausible_once_annualised(full: DemoData) -> None:
    """Minor units are right for every currency, including zero-decimal yen: a yearly
    equivalent lies between 5,000 and 1,000,000 US dollars."""
    currencies = set()
    for job in full.jobs:
        if job.salary_min is None or job.salary_max is None:
            continue
        assert job.salary_currency is not None
        assert job.salary_period is not None
        currencies.add(job.salary_currency)
        for amount in (job.salary_min, job.salary_max):
            usd_cents = convert(
                annualize(amount, job.salary_period),
                from_currency=job.salary_currency,
                to_currency="USD",
            )
            assert usd_cents is not None
            assert 5_000_00 <= usd_cents <= 1_000_000_00, job
    assert {"USD", "EUR", "GBP", "INR", "JPY"} <= currencies
    assert CURRENCY_EXPONENT["JPY"] == 0


def test_pay_matches_2026_markets(full: DemoData) -> None:
    """Senior back-end engineers earn around 150k-210k USD in the US, 70k-100k EUR in
    Germany and 25-45 lakh INR in India (yearly midpoints, medians over many jobs)."""
    expected = {"US": (150_000, 215_000), "DE": (70_000, 100_000), "IN": (2_500_000, 4_500_000)}
    midpoints: dict[str, list[float]] = {country: [] for country in expected}
    for job in full.jobs:
        if job.category_slug != "senior-back-end-developer" or job.salary_period != "yearly":
            continue
        assert job.salary_min is not None
        assert job.salary_max is not None
        country = _pay_anchor(job, full)
        if country in midpoints and job.employment_type == "full_time":
            midpoints[country].append((job.salary_min + job.salary_max) / 2 / 100)
    for country, (low, high) in expected.items():
        if midpoints[country]:
            assert low <= statistics.median(midpoints[country]) <= high, country


def test_about_one_job_in_seven_hides_its_pay(full: DemoData) -> None:
    """Most jobs state pay, mostly yearly; some do not state it at all."""
    hidden = sum(job.salary_min is None for job in full.jobs) / len(full.jobs)
    assert 0.08 <= hidden <= 0.25
    periods = Counter(job.salary_period for job in full.jobs if job.salary_period)
    assert periods.most_common(1)[0][0] == "yearly"
    assert {"hourly", "daily", "monthly"} <= set(periods)


def test_published_at_lies_in_the_28_days_before_now(small: DemoData) -> None:
    """Every job is published in UTC within the window, oldest first."""
    for job in small.jobs:
        assert job.published_at.utcoffset() == timedelta(0)
        assert NOW - timedelta(days=28) < job.published_at <= NOW
    published = [job.published_at for job in small.jobs]
    assert published == sorted(published)


def test_recent_days_hold_more_jobs(full: DemoData) -> None:
    """The last week before now holds more jobs than the oldest week of the window."""
    newest = sum(job.published_at > NOW - timedelta(days=7) for job in full.jobs)
    oldest = sum(job.published_at <= NOW - timedelta(days=21) for job in full.jobs)
    assert newest > 2 * oldest > 0


def test_skills_come_from_the_category(small: DemoData, catalog: Catalog) -> None:
    """Skills exist, belong to the category's typical skills, appear once, number four to
    ten, and at least one is required."""
    skills = {skill.slug: skill for skill in catalog.skills}
    for job in small.jobs:
        typical = catalog.category(job.category_slug).typical_skills
        slugs = [item.skill_slug for item in job.skills]
        assert set(slugs) <= set(typical)
        assert len(set(slugs)) == len(slugs)
        assert min(4, len(typical)) <= len(slugs) <= 10
        assert any(item.required for item in job.skills)
        for item in job.skills:
            assert item.skill_slug in skills
            if item.min_years is None:
                continue
            assert item.required
            released = skills[item.skill_slug].first_release_year
            assert released is None or item.min_years <= NOW.year - released
            if job.min_years_experience is not None:
                assert item.min_years <= job.min_years_experience


def test_skills_named_in_a_title_are_required(full: DemoData, catalog: Catalog) -> None:
    """A "Senior Python Developer" requires Python."""
    roles = {role.category.slug: role for role in prepare_roles(catalog)}
    checked = 0
    for job in full.jobs:
        named = skills_named_in(job.title, roles[job.category_slug])
        required = {item.skill_slug for item in job.skills if item.required}
        assert {skill.slug for skill in named} <= required, job.title
        checked += bool(named)
    assert checked > 100


def test_experience_and_seniority_agree_with_the_category(
    small: DemoData, catalog: Catalog
) -> None:
    """Years asked for stay within the category's range; a category's fixed seniority is
    kept; internships are for junior people only."""
    for job in small.jobs:
        category = catalog.category(job.category_slug)
        if job.min_years_experience is not None:
            assert category.min_years <= job.min_years_experience <= category.max_years
        if category.seniority is not None:
            assert job.seniority == category.seniority
        assert job.employment_type in EMPLOYMENT_TYPES
        if job.employment_type == "internship":
            assert job.seniority in ("intern", "junior")


def test_titles_agree_with_seniority(full: DemoData, catalog: Catalog) -> None:
    """For categories spanning levels, the title says the level; mid-level titles name none."""
    for job in full.jobs:
        if catalog.category(job.category_slug).seniority is not None:
            continue
        words = set(re.findall(r"[a-z]+", job.title.lower()))
        if job.seniority == "mid":
            assert not words & OTHER_LEVEL_WORDS, job.title
        else:
            assert words & LEVEL_WORDS[job.seniority], job.title


def test_remote_jobs_have_regions_and_onsite_jobs_have_places(small: DemoData) -> None:
    """Remote jobs say where applicants may live and list a place only as an anchor inside
    those regions; onsite and hybrid jobs list one to three places."""
    workplaces = Counter(job.workplace for job in small.jobs)
    assert set(workplaces) == {"remote", "hybrid", "onsite"}
    for job in small.jobs:
        if job.workplace == "remote":
            assert job.remote_regions
            if job.remote_regions == ("worldwide",):
                assert job.places == ()
            else:
                assert len(job.places) == 1
                assert region_allows(job.remote_regions, job.places[0].country_code)
        else:
            assert job.remote_regions == ()
            assert 1 <= len(job.places) <= 3
            assert len({place.geoname_id for place in job.places}) == len(job.places)


def test_common_roles_outnumber_rare_ones(full: DemoData) -> None:
    """Back end and full stack are hired for far more often than developer relations."""
    categories = Counter(job.category_slug for job in full.jobs)
    common = categories["back-end-developer"] + categories["full-stack-developer"]
    rare = categories["developer-relations-engineer"] + categories["game-developer"]
    assert common > 5 * rare > 0


def test_bigger_companies_post_more_jobs(full: DemoData) -> None:
    """On average a company of a thousand or more posts several times what a startup does."""
    jobs_per_company = Counter(job.company_slug for job in full.jobs)
    small_sizes = [jobs_per_company[c.slug] for c in full.companies if c.size == "1-49"]
    large_sizes = [
        jobs_per_company[c.slug]
        for c in full.companies
        if c.size in ("1000-4999", "5000-9999", "10000+")
    ]
    assert statistics.mean(large_sizes) > 3 * statistics.mean(small_sizes)


def test_workplace_mix_is_balanced(full: DemoData) -> None:
    """Remote, hybrid and onsite each account for a fifth to a half of the jobs."""
    shares = Counter(job.workplace for job in full.jobs)
    for workplace in ("remote", "hybrid", "onsite"):
        assert 0.2 <= shares[workplace] / len(full.jobs) <= 0.5


def test_jobs_are_placed_in_tech_hubs_and_beyond(full: DemoData) -> None:
    """San Francisco, New York, London, Berlin and Bengaluru all see jobs, among many others."""
    cities = Counter(place.city for job in full.jobs for place in job.places)
    assert {"San Francisco", "New York City", "London", "Berlin", "Bengaluru"} <= set(cities)
    assert len(cities) >= 80


def test_descriptions_read_like_distinct_postings(small: DemoData) -> None:
    """Markdown with sections, no placeholder text or leftover template fields, and two
    random jobs never share a description."""
    rng = random.Random(3)
    for _ in range(50):
        first, second = rng.sample(small.jobs, 2)
        assert first.description != second.description
    for job in small.jobs:
        text = job.description
        assert "lorem" not in text.lower()
        assert "{" not in text
        assert "}" not in text
        assert text.count("\n## ") >= 4
        assert job.title.split(" (")[0].split(",")[0] in text


def test_descriptions_are_250_to_600_words(full: DemoData) -> None:
    """Every description is the length of a real job ad."""
    lengths = [len(job.description.split()) for job in full.jobs]
    assert min(lengths) >= 250
    assert max(lengths) <= 600


def test_descriptions_share_little_text(full: DemoData) -> None:
    """Two jobs from different companies share one or two sentences on average."""
    rng = random.Random(5)
    shared: list[int] = []
    while len(shared) < 500:
        first, second = rng.sample(full.jobs, 2)
        if first.company_slug != second.company_slug:
            shared.append(len(_sentences(first.description) & _sentences(second.description)))
    assert statistics.mean(shared) < 2.5


def _sentences(markdown: str) -> set[str]:
    sentences = set()
    for line in markdown.splitlines():
        if line.startswith("#"):
            continue
        for sentence in re.split(r"(?<=[.!?:])\s+", line.lstrip("-0123456789. ")):
            if len(sentence.split()) >= 4:
                sentences.add(sentence)
    return sentences


def test_full_size_generation_is_fast(full_run: tuple[DemoData, float]) -> None:
    """300 companies and 10,000 jobs take seconds, not minutes (budget: about 10 s)."""
    data, seconds = full_run
    assert len(data.jobs) == 10_000
    assert seconds < 30
