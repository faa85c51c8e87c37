"""The public pages over HTTP: home, categories, search, jobs, companies and skills, and what
a seeker does from a job page (save, apply with the job's questions, report)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from conftest import Account, assert_problem
from jobboard.kit.urls import job_path
from support_web import another_browser, csrf_of, origin, submit, web_sign_in

MakeJob = Callable[..., Awaitable[dict[str, Any]]]
Accounts = Callable[..., Awaitable[Account]]


def _links(page: str) -> list[str]:
    return [match.replace("&amp;", "&") for match in re.findall(r'href="([^"]+)"', page)]


async def test_home_lists_categories_newest_jobs_and_a_search_box(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    job = await make_job(status="published", title="Staff Rust Engineer")
    page = await client.get("/")
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert 'role="search"' in page.text
    assert 'href="/categories/senior-back-end-developer"' in page.text
    assert job_path(job["id"], "Staff Rust Engineer") in page.text
    assert '<link rel="canonical" href="http' in page.text


async def test_a_category_page_shows_its_figures_chart_and_jobs(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """Open jobs, pay by seniority as a chart with its numbers as text, the skills asked,
    and the newest jobs of the category."""
    for index in range(6):
        await make_job(
            status="published",
            title=f"Senior Backend Engineer {index}",
            salary={"min": 7_000_000, "max": 9_000_000, "currency": "EUR", "period": "yearly"},
        )
    page = await client.get("/categories/senior-back-end-developer", params={"currency": "EUR"})
    assert page.status_code == 200
    text = page.text
    assert "<h1>Senior Back End Developer jobs</h1>" in text
    assert '<svg class="chart"' in text
    assert '<th scope="row">Senior</th>' in text
    assert "€80,000" in text or "€80k" in text  # the median of identical ranges
    assert "Senior Backend Engineer 5" in text
    assert 'rel="alternate" type="application/atom+xml"' in text
    missing = await client.get("/categories/no-such-thing", headers={"Accept": "text/html"})
    assert missing.status_code == 404
    assert "text/html" in missing.headers["content-type"]


async def test_search_filters_are_links_that_toggle_themselves(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """Each facet value links to the same search with that value added; a value in force
    links to the search without it, and shows as a removable chip."""
    await make_job(status="published", workplace="remote", locations=[], remote_regions=["DE"])
    await make_job(status="published", workplace="hybrid")
    page = await client.get("/jobs", params={"q": "backend"})
    assert page.status_code == 200
    remote = next(link for link in _links(page.text) if "workplace=remote" in link)
    assert dict(parse_qsl(urlsplit(remote).query)) == {"q": "backend", "workplace": "remote"}
    filtered = await client.get(remote)
    assert filtered.status_code == 200
    assert 'aria-checked="true"' in filtered.text
    assert "1 job for “backend”" in filtered.text
    off = next(
        link
        for link in _links(filtered.text)
        if link.startswith("/jobs") and "workplace" not in link and "q=backend" in link
    )
    assert (await client.get(off)).status_code == 200


async def test_the_search_region_alone_answers_htmx(client: httpx.AsyncClient) -> None:
    """An htmx request for the results region gets the region (and the title), not the page;
    a history restore gets the whole page."""
    partial = await client.get(
        "/jobs?q=go", headers={"HX-Request": "true", "HX-Target": "search-results"}
    )
    assert partial.status_code == 200
    assert partial.text.lstrip().startswith("<title>")
    assert "<html" not in partial.text
    assert 'id="search-results"' in partial.text
    restore = await client.get(
        "/jobs?q=go",
        headers={
            "HX-Request": "true",
            "HX-Target": "search-results",
            "HX-History-Restore-Request": "true",
        },
    )
    assert "<html" in restore.text


async def test_search_explains_what_it_cannot_use(client: httpx.AsyncClient) -> None:
    """An unknown place is explained on the page; values of the wrong kind get a 422 page;
    parameters it does not know are ignored."""
    unknown = await client.get("/jobs", params={"location": "Atlantis of the Deep"})
    assert unknown.status_code == 200
    assert "We do not know the place" in unknown.text
    wrong = await client.get("/jobs", params={"workplace": "moon"}, headers={"Accept": "text/html"})
    assert wrong.status_code == 422
    assert "text/html" in wrong.headers["content-type"]
    tracked = await client.get("/jobs", params={"q": "go", "utm_source": "newsletter"})
    assert tracked.status_code == 200
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', tracked.text)
    assert canonical is not None
    assert canonical.group(1).endswith("/jobs?q=go")


async def test_an_empty_search_helps(client: httpx.AsyncClient, make_job: MakeJob) -> None:
    await make_job(status="published")
    page = await client.get("/jobs", params={"q": "backnd", "workplace": "onsite"})
    assert page.status_code == 200
    assert "No jobs match this search" in page.text or "Also showing jobs for" in page.text
    nothing = await client.get("/jobs", params={"q": "zzzxqv", "workplace": "onsite"})
    assert "No jobs match this search" in nothing.text
    assert any("workplace" not in link and "q=zzzxqv" in link for link in _links(nothing.text))


async def test_old_and_stale_job_addresses_redirect_to_the_canonical_one(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    job = await make_job(status="published", title="Platform Engineer, Payments")
    canonical = job_path(job["id"], "Platform Engineer, Payments")
    assert canonical == f"/jobs/{job['id']}-platform-engineer-payments"
    for old in (f"/jobs/{job['id']}", f"/jobs/{job['id']}-old-title"):
        response = await client.get(old)
        assert response.status_code == 301
        assert response.headers["location"] == canonical
    page = await client.get(canonical)
    assert page.status_code == 200
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{canonical}">' in page.text or (
        f'{canonical}">' in page.text
    )


async def test_a_job_page_shows_pay_skills_and_how_to_apply(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """Pay with currency and period, skills linking to their searches, and Apply: the
    in-platform form, or the employer's link."""
    job = await make_job(status="published")
    page = await client.get(job_path(job["id"], job["title"]))
    assert "€70,000–€90,000 a year" in page.text
    assert 'href="/jobs?skills=go"' in page.text
    assert f'href="/jobs/{job["id"]}/apply"' in page.text
    assert f'href="/jobs/{job["id"]}/report"' in page.text
    external = await make_job(status="published", apply_url="https://careers.example.com/1")
    page = await client.get(job_path(external["id"], external["title"]))
    assert 'href="https://careers.example.com/1"' in page.text
    assert f'href="/jobs/{external["id"]}/apply"' not in page.text


async def test_saving_a_job_with_htmx_swaps_the_button(
    client: httpx.AsyncClient, accounts: Accounts, make_job: MakeJob
) -> None:
    job = await make_job(status="published")
    seeker = await accounts()
    browser = another_browser(client)
    await web_sign_in(browser, seeker.email)
    page = await browser.get(job_path(job["id"], job["title"]))
    token = csrf_of(page.text)
    saved = await browser.post(
        f"/jobs/{job['id']}/save",
        headers={"HX-Request": "true", "X-CSRF-Token": token, "Origin": origin(browser)},
    )
    assert saved.status_code == 200
    assert "<html" not in saved.text
    assert 'aria-pressed="true"' in saved.text
    assert f'hx-post="/jobs/{job["id"]}/unsave"' in saved.text
    again = await browser.post(
        f"/jobs/{job['id']}/unsave",
        headers={"HX-Request": "true", "X-CSRF-Token": token, "Origin": origin(browser)},
    )
    assert 'aria-pressed="false"' in again.text


async def test_applying_answers_the_jobs_questions(
    client: httpx.AsyncClient, accounts: Accounts, employer: Account, make_job: MakeJob
) -> None:
    """Missing answers come back as field errors with the values kept; a complete form
    applies once and leads to the application; applying again leads to the same one."""
    job = await make_job(status="published")
    questions = await client.put(
        f"/api/v1/jobs/{job['id']}/questions",
        json={
            "questions": [
                {"id": "permit", "kind": "yes_no", "prompt": "Can you work in the EU?"},
                {"id": "years", "kind": "number", "prompt": "Years with Go?"},
                {
                    "id": "start",
                    "kind": "single_choice",
                    "prompt": "When could you start?",
                    "options": ["Now", "In a month"],
                },
            ]
        },
        headers=employer.headers,
    )
    assert questions.status_code == 200, questions.text
    seeker = await accounts()
    browser = another_browser(client)
    await web_sign_in(browser, seeker.email)
    apply_url = f"/jobs/{job['id']}/apply"
    incomplete = await submit(
        browser, apply_url, apply_url, {"answer-permit": "yes", "cover_letter": "Hello there"}
    )
    assert incomplete.status_code == 422
    assert 'href="#answer-years"' in incomplete.text
    assert "Hello there" in incomplete.text
    done = await submit(
        browser,
        apply_url,
        apply_url,
        {"answer-permit": "yes", "answer-years": "4", "answer-start": "Now"},
    )
    assert done.status_code == 303
    assert re.fullmatch(r"/me/applications/\d+", done.headers["location"])
    mine = await client.get("/api/v1/me/applications", headers=seeker.headers)
    [application] = mine.json()["items"]
    detail = await client.get(f"/api/v1/applications/{application['id']}", headers=seeker.headers)
    answers = {answer["id"]: answer["value"] for answer in detail.json()["answers"]}
    assert answers == {"permit": True, "years": 4, "start": "Now"}
    again = await browser.get(apply_url)
    assert again.status_code == 303
    assert again.headers["location"] == done.headers["location"]


async def test_a_signed_out_visitor_is_sent_to_sign_in_and_back(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    job = await make_job(status="published")
    response = await client.get(f"/jobs/{job['id']}/apply")
    assert response.status_code == 303
    assert response.headers["location"] == f"/account/signin?next=/jobs/{job['id']}/apply"


async def test_reporting_a_job_once(
    client: httpx.AsyncClient, accounts: Accounts, make_job: MakeJob
) -> None:
    """A report needs a reason; it is stored once per person while open; the API says
    so with a stable problem type."""
    job = await make_job(status="published")
    seeker = await accounts()
    browser = another_browser(client)
    await web_sign_in(browser, seeker.email)
    report_url = f"/jobs/{job['id']}/report"
    missing = await submit(browser, report_url, report_url, {"details": "odd"})
    assert missing.status_code == 422
    assert 'href="#reason"' in missing.text
    sent = await submit(browser, report_url, report_url, {"reason": "scam", "details": "fee"})
    assert sent.status_code == 303
    again = await client.post(
        f"/api/v1/jobs/{job['id']}/reports", json={"reason": "misleading"}, headers=seeker.headers
    )
    assert_problem(again, 409, "/problems/already-reported")


async def test_company_and_skill_pages(
    client: httpx.AsyncClient, company: dict[str, Any], make_job: MakeJob
) -> None:
    await make_job(status="published", title="Go Developer")
    page = await client.get(f"/companies/{company['slug']}")
    assert page.status_code == 200
    assert company["name"] in page.text
    assert "Go Developer" in page.text
    skill = await client.get("/skills/go")
    assert skill.status_code == 200
    assert "<h1>Go jobs</h1>" in skill.text
    assert "a programming language" in skill.text
    alias = await client.get("/skills/golang")
    assert alias.status_code == 301
    assert alias.headers["location"] == "/skills/go"
    unknown = await client.get("/skills/not-a-skill-at-all", headers={"Accept": "text/html"})
    assert unknown.status_code == 404


@pytest.mark.parametrize("path", ["/no/such/page", "/jobs/99999999999-x"])
async def test_browsers_get_a_page_for_unknown_addresses(
    client: httpx.AsyncClient, path: str
) -> None:
    page = await client.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    api = await client.get("/api/v1/no/such", headers={"Accept": "text/html"})
    assert api.headers["content-type"] == "application/problem+json"


async def test_jobs_like_this_load_beside_the_page(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """The job page links to its similar jobs (htmx loads them when scrolled to); the
    region alone answers htmx, a page answers everyone else."""
    job = await make_job(status="published", title="Backend Engineer, Payments")
    other = await make_job(status="published", title="Backend Engineer, Billing")
    page = await client.get(job_path(job["id"], job["title"]))
    assert f'hx-get="/jobs/{job["id"]}/similar"' in page.text
    assert f'href="/jobs/{job["id"]}/similar"' in page.text
    region = await client.get(f"/jobs/{job['id']}/similar", headers={"HX-Request": "true"})
    assert "<html" not in region.text
    assert job_path(other["id"], other["title"]) in region.text
    assert "Why it is like this job:" in region.text
    full = await client.get(f"/jobs/{job['id']}/similar")
    assert "<html" in full.text
    assert job_path(other["id"], other["title"]) in full.text


async def test_empty_form_fields_mean_not_given(client: httpx.AsyncClient) -> None:
    """The search form sends its empty boxes (`location=`): the page treats them as absent."""
    page = await client.get("/jobs?q=go&location=&sort=relevance&skills=")
    assert page.status_code == 200
    assert "for “go”" in page.text


async def test_a_search_page_is_served_again_from_the_cache_until_the_jobs_change(
    client: httpx.AsyncClient, make_job: MakeJob, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same page again costs a cache read, not a search; a job change retires it."""
    from jobboard.search import service

    first = await client.get("/jobs", params={"q": "quokka"})
    assert "0 jobs for “quokka”" in first.text

    async def no_search(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the search ran again")

    with monkeypatch.context() as patched:
        patched.setattr(service, "search", no_search)
        again = await client.get("/jobs", params={"q": "quokka"})
        assert "0 jobs for “quokka”" in again.text
    await make_job(status="published", title="Quokka Platform Engineer")
    changed = await client.get("/jobs", params={"q": "quokka"})
    assert "1 job for “quokka”" in changed.text
