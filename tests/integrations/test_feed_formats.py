"""Each feed format parses into FeedItems: recorded real feeds and the project's own
fixtures, including broken input (missing fields, wrong types, truncated XML, scripts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobboard.integrations.feeds import fields
from jobboard.integrations.feeds.formats import PARSERS
from jobboard.integrations.feeds.items import FeedError, ParsedFeed

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "feeds"
OWN = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def _parse(kind: str, path: Path) -> ParsedFeed:
    return PARSERS[kind](path.read_bytes())


def _assert_safe(parsed: ParsedFeed) -> None:
    for item in parsed.items:
        assert item.title
        lowered = item.description_html.lower()
        for forbidden in ("<script", "onerror", "javascript:", "<iframe", "<img", "style="):
            assert forbidden not in lowered, (item.source_id, forbidden)
        assert "&lt;p&gt;" not in item.description_html


@pytest.mark.shared_fixtures
@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("greenhouse", "lubobali_greenhouse_jobs.json"),
        ("lever", "lubobali_lever_postings.json"),
        ("ashby", "lubobali_ashby_jobs.json"),
    ],
)
def test_recorded_feeds_parse_completely_and_safely(kind: str, name: str) -> None:
    """Every job of the recorded Greenhouse, Lever and Ashby boards parses, sanitized."""
    parsed = _parse(kind, SHARED / name)
    assert parsed.problems == []
    assert len(parsed.items) == 4
    assert len({item.source_id for item in parsed.items}) == 4
    _assert_safe(parsed)
    assert all(item.published_at is not None for item in parsed.items)
    assert all(item.apply_url and item.apply_url.startswith("https://") for item in parsed.items)


@pytest.mark.shared_fixtures
def test_recorded_greenhouse_fields() -> None:
    """Greenhouse: entity-escaped content is unescaped, the location and then the offices
    give places, metadata the workplace."""
    items = {
        item.source_id: item
        for item in _parse("greenhouse", SHARED / "lubobali_greenhouse_jobs.json").items
    }
    first = items["5311686008"]
    assert first.title == "Country Lead, Data Center Security"
    assert first.locations == ["Sydney, Australia", "Sydney, New South Wales, Australia"]
    assert first.workplace == "remote"
    assert (
        first.description_html.startswith("<h2><strong>About Anthrop")
        or "<p>" in first.description_html
    )


@pytest.mark.shared_fixtures
def test_recorded_lever_and_ashby_fields() -> None:
    """Lever: `text` is the title, allLocations the places; Ashby: Salary components give pay."""
    lever = _parse("lever", SHARED / "lubobali_lever_postings.json").items[0]
    assert lever.title == "Android Engineer I - Subscriptions"
    assert lever.locations == ["London", "Stockholm"]
    assert lever.workplace == "remote"
    assert lever.employment_type == "full_time"
    assert lever.remote_regions == ["GB"]
    ashby = _parse("ashby", SHARED / "lubobali_ashby_jobs.json").items[0]
    assert ashby.workplace == "remote"
    assert ashby.remote_regions == ["US"]
    assert ashby.salary is not None
    assert (ashby.salary.min, ashby.salary.max, ashby.salary.currency, ashby.salary.period) == (
        15_100_000,
        23_100_000,
        "USD",
        "yearly",
    )


def test_smartrecruiters_postings() -> None:
    """SmartRecruiters: name, location, remote flag, typeOfEmployment and jobAd sections."""
    parsed = _parse("smartrecruiters", OWN / "smartrecruiters.json")
    _assert_safe(parsed)
    first, second = parsed.items
    assert (first.source_id, first.title, first.locations) == (
        "744000011223344",
        "Senior Backend Engineer (Go)",
        ["Berlin, Berlin, de"],
    )
    assert "<b>Go</b>" in first.description_html
    assert second.workplace == "remote"
    assert second.remote_regions == ["US"]
    assert second.employment_type == "contractor"
    assert second.locations == []


def test_workable_account() -> None:
    """Workable: the shortcode is the id, telecommuting marks remote jobs."""
    parsed = _parse("workable", OWN / "workable.json")
    first, second = parsed.items
    assert first.source_id == "ABC123DEF4"
    assert first.locations == ["Amsterdam, North Holland, Netherlands"]
    assert first.workplace is None
    assert second.workplace == "remote"
    assert second.remote_regions == ["DE"]
    assert second.employment_type == "part_time"


def test_jsonld_job_postings_in_a_page() -> None:
    """Every JobPosting in the page's JSON-LD (in @graph or a list) is read; one without a
    title is reported; scripts and event handlers are stripped from descriptions."""
    parsed = _parse("jsonld", OWN / "jobposting.html")
    _assert_safe(parsed)
    assert [item.title for item in parsed.items] == [
        "Senior Python Developer",
        "Remote Data Engineer",
    ]
    python, data = parsed.items
    assert python.source_id == "PY-42"
    assert python.locations == ["Munich, Bavaria, DE"]
    assert python.salary is not None
    assert python.salary.min == 8_000_000
    assert python.expires_at is not None
    assert python.expires_at.year == 2027
    assert data.workplace == "remote"
    assert data.remote_regions == ["DE", "NL"]
    assert data.salary is not None
    assert (data.salary.min, data.salary.period) == (4500, "hourly")
    assert [problem.message for problem in parsed.problems] == ["title is missing"]


def test_rss_and_atom() -> None:
    """RSS items and Atom entries: ids from guid/id, content:encoded preferred, remote from
    categories; dangerous links are dropped."""
    rss = _parse("rss", OWN / "rss.xml")
    _assert_safe(rss)
    backend, frontend = rss.items
    assert backend.source_id == "acme-1"
    assert backend.locations == ["Lisbon, Portugal"]
    assert 'href="https://acme.example"' in backend.description_html
    assert backend.published_at is not None
    assert backend.published_at.day == 20
    assert frontend.workplace == "remote"
    assert frontend.remote_regions == ["DE"]
    assert [problem.source_id for problem in rss.problems] == ["acme-3"]
    atom = _parse("rss", OWN / "atom.xml")
    _assert_safe(atom)
    assert [item.source_id for item in atom.items] == ["urn:acme:job:go", "urn:acme:job:office"]
    assert atom.items[0].workplace == "remote"


def test_indeed_xml() -> None:
    """Indeed: referencenumber is the id, salary text becomes pay, remotetype the workplace."""
    parsed = _parse("indeed", OWN / "indeed.xml")
    _assert_safe(parsed)
    backend, support = parsed.items
    assert backend.locations == ["Austin, TX, US"]
    assert backend.salary is not None
    assert (backend.salary.min, backend.salary.max, backend.salary.period) == (
        15_000_000,
        18_000_000,
        "yearly",
    )
    assert support.workplace == "remote"
    assert support.salary is not None
    assert (support.salary.min, support.salary.period) == (
        3000,
        "hourly",
    )
    assert support.employment_type == "part_time"
    assert [problem.message for problem in parsed.problems] == ["referencenumber is missing"]


def test_broken_items_are_reported_one_by_one() -> None:
    """Missing titles, mistyped fields, missing ids and non-objects are problems; the good
    items still parse."""
    parsed = _parse("greenhouse", OWN / "greenhouse_broken.json")
    assert [item.source_id for item in parsed.items] == ["1001", "1005"]
    messages = {problem.index: problem.message for problem in parsed.problems}
    assert messages == {
        1: "title is missing",
        2: "title is not text",
        3: "id is missing",
        5: "the item is not an object",
        6: "id is missing",
    }


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        ("indeed", (OWN / "truncated.xml").read_bytes()),
        ("rss", b"<rss><channel><item><title>x</title>"),
        ("rss", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><rss><channel>&a;</channel></rss>'),
        ("greenhouse", b'{"jobs": [{"id": 1,'),
        ("greenhouse", b'{"postings": []}'),
        ("lever", b'{"jobs": []}'),
        ("ashby", b"<html>not json</html>"),
        ("workable", b"[]"),
        ("smartrecruiters", b'{"content": {}}'),
        ("jsonld", b"<html><body>no structured data</body></html>"),
        ("indeed", b"<rss><channel/></rss>"),
    ],
)
def test_a_malformed_feed_is_refused_as_a_whole(kind: str, body: bytes) -> None:
    """Truncated or foreign bodies (and XML entity tricks) raise FeedError."""
    with pytest.raises(FeedError):
        PARSERS[kind](body)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$70K per year", (7_000_000, None, "USD", "yearly")),
        ("€50,000 – €60,000 a year", (5_000_000, 6_000_000, "EUR", "yearly")),
        ("USD 40-50/hour", (4000, 5000, "USD", "hourly")),
        ("£400 per day", (40000, None, "GBP", "daily")),
        ("competitive", None),
    ],
)
def test_salary_text(text: str, expected: tuple[int, int | None, str, str] | None) -> None:
    """Pay written as text becomes minor units, a currency and a period."""
    salary = fields.salary_from_text(text)
    if expected is None:
        assert salary is None
    else:
        assert salary is not None
        assert (salary.min, salary.max, salary.currency, salary.period) == expected
