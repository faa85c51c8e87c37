"""What a person does in a real browser (headless Chromium), on each engine: explore a
category, search with filters and come back to them, apply, with JavaScript on and off and
with the keyboard alone; and no WCAG 2.2 A/AA violation axe-core can find on any page type.

Jobboard is served by uvicorn on the test database of each engine (committed for real and
wiped afterwards); the tests seed it through the REST API as an employer would.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, BrowserContext, Page, expect
from sqlalchemy.ext.asyncio import AsyncEngine

from conftest import PASSWORD, job_payload, wipe_committed
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.kit.urls import job_path
from support_browser import LiveSite, serve_jobboard, watch
from support_mail import Inbox, text_of
from support_queue import run_queued

CATEGORY = "senior-back-end-developer"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@dataclass
class World:
    site: LiveSite
    database: Database
    company: str
    employer: dict[str, str]
    remote_senior: dict[str, Any]
    questions_job: dict[str, Any]


async def _register(api: httpx.AsyncClient, role: str) -> tuple[str, dict[str, str]]:
    email = f"{role}-{secrets.token_hex(4)}@example.com"
    created = await api.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "display_name": role.title(), "role": role},
    )
    assert created.status_code == 201, created.text
    token = await api.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": email, "password": PASSWORD},
    )
    return email, {"Authorization": f"Bearer {token.json()['access_token']}"}


async def _seed(site: LiveSite, database: Database) -> World:
    async with httpx.AsyncClient(base_url=site.url, timeout=30) as api:
        _, employer = await _register(api, "employer")
        company = await api.post(
            "/api/v1/companies",
            json={"name": f"Lakeside {secrets.token_hex(3)}", "headquarters": "Berlin"},
            headers=employer,
        )
        assert company.status_code == 201, company.text
        slug = company.json()["slug"]
        made = []
        for title, workplace, seniority in (
            ("Senior Backend Engineer, Payments", "remote", "senior"),
            ("Senior Backend Engineer, Ledger", "hybrid", "senior"),
            ("Backend Engineer, Search", "remote", "mid"),
            ("Senior Go Engineer, Platform", "onsite", "senior"),
        ):
            extra: dict[str, Any] = {"workplace": workplace, "seniority": seniority}
            if workplace == "remote":
                extra |= {"locations": [], "remote_regions": ["europe"]}
            response = await api.post(
                "/api/v1/jobs",
                json=job_payload(slug, title=title, status="published", category=CATEGORY, **extra),
                headers=employer,
            )
            assert response.status_code == 201, response.text
            made.append(response.json())
        questions = await api.put(
            f"/api/v1/jobs/{made[1]['id']}/questions",
            json={
                "questions": [
                    {"id": "permit", "kind": "yes_no", "prompt": "Can you work in the EU?"},
                    {"id": "years", "kind": "number", "prompt": "Years with Go?"},
                ]
            },
            headers=employer,
        )
        assert questions.status_code == 200, questions.text
    return World(
        site=site,
        database=database,
        company=slug,
        employer=employer,
        remote_senior=made[0],
        questions_job=made[1],
    )


_MAIL_SETTINGS = ("JOBBOARD_PUBLIC_URL", "JOBBOARD_SMTP_URL")


@pytest.fixture(scope="module")
async def world(
    engine: AsyncEngine, tmp_path_factory: pytest.TempPathFactory, smtp_inbox: Inbox
) -> AsyncIterator[World]:
    """Jobboard served on this engine's test database, seeded; wiped afterwards. Its queued
    tasks run in the test (support_queue.run_queued), their mail going to ``smtp_inbox``."""
    previous = {name: os.environ.get(name) for name in _MAIL_SETTINGS}

    def public_url(url: str) -> None:
        # Links in e-mails written by this process's task runs lead to the served site.
        os.environ["JOBBOARD_PUBLIC_URL"] = url
        os.environ["JOBBOARD_SMTP_URL"] = f"smtp://127.0.0.1:{smtp_inbox.port}"
        get_settings.cache_clear()

    try:
        async with serve_jobboard(
            tmp_path_factory.mktemp("journeys"),
            database_url=engine.url.render_as_string(hide_password=False),
            on_address=public_url,
            embedded_worker=False,
            # The test process's key-encryption key: the signing keys in this database are
            # shared with the other tests.
            data_dir=get_settings().data_dir,
        ) as site:
            yield await _seed(site, Database(engine))
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        get_settings.cache_clear()
        await wipe_committed(engine)


@pytest.fixture
async def context(browser: Browser) -> AsyncIterator[BrowserContext]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    await context.close()


@pytest.fixture
async def no_script(browser: Browser) -> AsyncIterator[BrowserContext]:
    context = await browser.new_context(java_script_enabled=False)
    yield context
    await context.close()


async def _new_seeker(world: World) -> str:
    async with httpx.AsyncClient(base_url=world.site.url, timeout=30) as api:
        email, _ = await _register(api, "seeker")
    return email


async def _sign_in(page: Page, email: str) -> None:
    await page.get_by_label("E-mail address").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()


async def test_explore_a_category_filter_open_a_job_and_come_back(
    world: World, context: BrowserContext
) -> None:
    """Home → category → its search → two filters (htmx, the address following) → a job →
    back: the filters are still in the address and still checked."""
    page = await context.new_page()
    watched = watch(page)
    await page.goto(world.site.url + "/")
    await page.get_by_role("link", name="Senior Back End Developer", exact=True).first.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Senior Back End Developer jobs"
    )
    await page.get_by_role(
        "link", name=re.compile(r"^Search .* Senior Back End Developer job")
    ).click()
    await expect(page).to_have_url(re.compile(rf"/jobs\?category={CATEGORY}$"))
    await page.get_by_role("checkbox", name=re.compile("^Remote")).click()
    await expect(page).to_have_url(re.compile("workplace=remote"))
    await page.get_by_role("checkbox", name=re.compile("^Senior")).first.click()
    await expect(page).to_have_url(re.compile("seniority=senior"))
    await expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^1 job"))
    filtered_url = page.url
    await page.get_by_role("link", name=world.remote_senior["title"], exact=True).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(world.remote_senior["title"])
    await page.go_back()
    await expect(page).to_have_url(filtered_url)
    await expect(page.get_by_role("checkbox", name=re.compile("^Remote"))).to_have_attribute(
        "aria-checked", "true"
    )
    await expect(page.get_by_role("checkbox", name=re.compile("^Senior")).first).to_have_attribute(
        "aria-checked", "true"
    )
    assert watched.hosts() == {"127.0.0.1"}
    assert watched.errors() == []


async def test_search_and_apply_without_javascript(world: World, no_script: BrowserContext) -> None:
    """Every step works as plain links and forms: the search box, a filter link, the job,
    signing in on the way to apply, and the application form with its questions."""
    page = await no_script.new_page()
    await page.goto(world.site.url + "/")
    await page.get_by_label("What").fill("ledger")
    await page.get_by_role("button", name="Search jobs").click()
    await expect(page).to_have_url(re.compile(r"/jobs\?q=ledger"))
    await page.get_by_role("checkbox", name=re.compile("^Hybrid")).click()
    await expect(page).to_have_url(re.compile("workplace=hybrid"))
    job = world.questions_job
    await page.get_by_role("link", name=job["title"], exact=True).click()
    await expect(page).to_have_url(world.site.url + job_path(job["id"], job["title"]))
    await page.get_by_role("link", name="Apply now").click()
    await _sign_in(page, await _new_seeker(world))
    await expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Apply to"))
    await page.get_by_role("button", name="Send application").click()
    await expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    await page.get_by_role("radio", name="Yes").check()
    await page.get_by_label("Years with Go?").fill("3")
    await page.get_by_role("button", name="Send application").click()
    await expect(page).to_have_url(re.compile(r"/me/applications/\d+$"))


async def _tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector``."""
    await page.wait_for_load_state()
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if await page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


async def test_search_and_apply_with_the_keyboard_alone(
    world: World, context: BrowserContext
) -> None:
    """No mouse: Tab, type, Enter, Space and the arrow keys reach every step."""
    page = await context.new_page()
    await page.goto(world.site.url + "/")
    await _tab_to(page, "#q")
    await page.keyboard.type("ledger")
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(re.compile(r"/jobs\?q=ledger"))
    job = world.questions_job
    await _tab_to(page, f'.job-list a[href="{job_path(job["id"], job["title"])}"]')
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", level=1)).to_have_text(job["title"])
    await _tab_to(page, f'a[href="/jobs/{job["id"]}/apply"]')
    await page.keyboard.press("Enter")
    await page.wait_for_url(re.compile(r"/account/signin\?next="))
    await _tab_to(page, "#email")
    await page.keyboard.type(await _new_seeker(world))
    await page.keyboard.press("Tab")
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Apply to"))
    await _tab_to(page, 'input[name="answer-permit"]')
    await page.keyboard.press("Space")
    await _tab_to(page, "#answer-years")
    await page.keyboard.type("5")
    await _tab_to(page, 'form[action$="/apply"] button[type="submit"]')
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(re.compile(r"/me/applications/\d+$"))


async def test_the_search_box_suggests_and_the_arrow_keys_choose(
    world: World, context: BrowserContext
) -> None:
    """Typing shows suggestions in a listbox; ArrowDown and Enter open the chosen one."""
    page = await context.new_page()
    await page.goto(world.site.url + "/")
    box = page.get_by_role("combobox", name="What")
    await box.press_sequentially("ledg", delay=40)
    listbox = page.get_by_role("listbox")
    await expect(listbox).to_be_visible()
    await expect(box).to_have_attribute("aria-expanded", "true")
    await box.press("ArrowDown")
    await expect(box).to_have_attribute("aria-activedescendant", "suggestion-1")
    await box.press("Enter")
    await expect(page).to_have_url(re.compile(r"/jobs\?"))


async def _axe(page: Page) -> list[str]:
    results = await Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
    )
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])}) "
        f"{violation['nodes'][0]['target']}"
        for violation in results.response["violations"]
    ]


@pytest.mark.parametrize(
    "address",
    [
        "/",
        "/categories",
        f"/categories/{CATEGORY}",
        f"/jobs?category={CATEGORY}&workplace=remote",
        "/jobs?q=nothing+matches+zzzq",
        "job",
        "company",
        "/skills/go",
        "/account/signin",
        "/no/such/page",
    ],
)
async def test_no_wcag_violation_axe_can_find(
    world: World, context: BrowserContext, address: str
) -> None:
    if address == "job":
        job = world.remote_senior
        address = job_path(job["id"], job["title"])
    elif address == "company":
        address = f"/companies/{world.company}"
    page = await context.new_page()
    watched = watch(page)
    response = await page.goto(world.site.url + address)
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy
    assert await _axe(page) == []
    # Chromium reports the 404 page's own status as a console error; nothing else may fail.
    assert [error for error in watched.errors() if "status of 404" not in error] == []


async def test_no_wcag_violation_on_the_apply_form_with_errors(
    world: World, context: BrowserContext
) -> None:
    page = await context.new_page()
    job = world.questions_job
    await page.goto(world.site.url + f"/jobs/{job['id']}/apply")
    await _sign_in(page, await _new_seeker(world))
    await page.get_by_role("button", name="Send application").click()
    await expect(page.get_by_role("alert")).to_be_visible()
    assert await _axe(page) == []


async def _run_tasks(world: World) -> None:
    ran = await run_queued(world.database)
    assert ran.failures == []


async def test_a_seeker_from_sign_up_to_an_answer_and_an_alert_they_stop(
    world: World, context: BrowserContext, smtp_inbox: Inbox
) -> None:
    """Sign up → confirm the address from the e-mail → sign in → save a job → save a search
    → apply with the job's questions → the company moves the application and the new
    stage shows with its message → an alert for the search arrives, and its one-click
    unsubscribe (a mail provider's cookie-less POST) turns that search's e-mail off."""
    page = await context.new_page()
    site = world.site.url
    email = f"journey-{secrets.token_hex(4)}@example.com"
    await page.goto(site + "/account/signup")
    await page.get_by_label("Your name").fill("Ada Journey")
    await page.get_by_label("E-mail address").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Create account").click()
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    await _run_tasks(world)
    [verification] = smtp_inbox.to(email)
    link = re.search(r"https?://\S+/account/verify-email\?token=\S+", text_of(verification))
    assert link is not None
    assert link.group(0).startswith(site)
    await page.goto(link.group(0))
    await expect(page.get_by_role("status")).to_contain_text("confirmed")
    await page.get_by_role("button", name="Sign out").click()
    await page.get_by_role("link", name="Sign in").first.click()
    await page.get_by_label("E-mail address").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    await page.goto(site + "/account/security")
    await expect(page.get_by_text("Confirmed", exact=True)).to_be_visible()

    saved_job = world.remote_senior
    await page.goto(site + job_path(saved_job["id"], saved_job["title"]))
    await page.get_by_role("button", name="Save job").click()
    await expect(page.get_by_role("button", name="Saved ✓")).to_be_visible()
    await page.goto(site + "/me/saved-jobs")
    await expect(page.get_by_role("link", name=saved_job["title"], exact=True)).to_be_visible()

    await page.goto(site + "/jobs?q=quasar&workplace=remote")
    await page.get_by_role("button", name="Save this search").click()
    await expect(page).to_have_url(re.compile(r"/me/saved-searches/\d+$"))
    saved_search_url = page.url
    await page.get_by_label("As soon as a job matches").check()
    await page.get_by_role("button", name="Save changes").click()
    await expect(page.get_by_label("As soon as a job matches")).to_be_checked()

    job = world.questions_job
    await page.goto(site + f"/jobs/{job['id']}/apply")
    await page.get_by_role("radio", name="Yes").check()
    await page.get_by_label("Years with Go?").fill("6")
    await page.get_by_role("button", name="Send application").click()
    await expect(page).to_have_url(re.compile(r"/me/applications/\d+$"))
    application_id = int(page.url.rsplit("/", 1)[1])
    async with httpx.AsyncClient(base_url=site, timeout=30) as api:
        moved = await api.post(
            f"/api/v1/applications/{application_id}/transitions",
            json={"to": "screening", "message": "Thanks! Could we talk on Thursday?"},
            headers=world.employer,
        )
        assert moved.status_code == 200, moved.text
        await page.reload()
        await expect(page.get_by_text("Thanks! Could we talk on Thursday?")).to_be_visible()
        await page.goto(site + "/me/applications")
        await expect(page.locator("main")).to_contain_text(job["title"])

        await _run_tasks(world)
        smtp_inbox.messages.clear()
        published = await api.post(
            "/api/v1/jobs",
            json=job_payload(
                world.company,
                title="Quasar Platform Engineer",
                status="published",
                workplace="remote",
                locations=[],
                remote_regions=["europe"],
            ),
            headers=world.employer,
        )
        assert published.status_code == 201, published.text
        await _run_tasks(world)
        alerts = [
            message
            for message in smtp_inbox.to(email)
            if message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        ]
        assert len(alerts) == 1
        unsubscribe = re.fullmatch(r"<(https?://[^>]+)>", alerts[0]["List-Unsubscribe"])
        assert unsubscribe is not None
        async with httpx.AsyncClient(timeout=30) as mail_provider:
            answer = await mail_provider.post(
                unsubscribe.group(1), data={"List-Unsubscribe": "One-Click"}
            )
        assert answer.status_code == 200
    await page.goto(saved_search_url)
    await expect(page.get_by_label("Send the alerts to my e-mail address")).not_to_be_checked()


async def test_no_wcag_violation_on_the_account_pages_and_the_seekers_area(
    world: World, context: BrowserContext
) -> None:
    """The sign-up and password pages, then, signed in, every page of one's own."""
    page = await context.new_page()
    for address in ("/account/signup", "/account/forgot-password"):
        await page.goto(world.site.url + address)
        assert await _axe(page) == [], address
    await page.goto(world.site.url + "/account/signin")
    await _sign_in(page, await _new_seeker(world))
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    for address in (
        "/me",
        "/me/applications",
        "/me/saved-jobs",
        "/me/saved-searches",
        "/me/notifications",
        "/me/profile",
        "/me/resume",
        "/me/data",
        "/account/security",
        "/account/password",
    ):
        await page.goto(world.site.url + address)
        assert await _axe(page) == [], address


async def test_an_employer_posts_with_the_linter_then_reads_and_answers_an_applicant(
    world: World, context: BrowserContext
) -> None:
    """The linter's findings change as the employer types (htmx): missing pay goes once pay
    is filled; the draft is published and found in search; a seeker applies; the employer
    rejects them with a message from the candidate's page. axe-core finds no WCAG 2.2 A/AA
    violation on any page type of the workspace on the way."""
    async with httpx.AsyncClient(base_url=world.site.url, timeout=30) as api:
        email, employer = await _register(api, "employer")
        company = await api.post(
            "/api/v1/companies", json={"name": f"Harbor {secrets.token_hex(3)}"}, headers=employer
        )
        assert company.status_code == 201, company.text
        slug = company.json()["slug"]
    site = world.site.url
    page = await context.new_page()
    await page.goto(site + "/account/signin")
    await _sign_in(page, email)
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    await page.goto(site + f"/employer/{slug}/jobs/new")
    assert await _axe(page) == [], "new job"
    title = f"Senior Quokka Backend Engineer {secrets.token_hex(2)}"
    await page.get_by_label("Title", exact=True).fill(title)
    await page.get_by_label("Description").fill(
        "## About the role\n\nBuild the Go and PostgreSQL services behind our payments. "
        "You will own APIs end to end and work with product engineers every day.\n\n"
        "## What you bring\n\n- 5+ years building backend services\n- Go and PostgreSQL\n"
    )
    lint = page.locator("#lint")
    await expect(lint.locator('[data-code="pay.missing"]')).to_be_visible()
    await page.get_by_label("From").fill("80000")
    await page.get_by_label("To", exact=True).fill("100000")
    await page.get_by_label("Currency").fill("EUR")
    await expect(lint.locator('[data-code="pay.missing"]')).to_have_count(0)
    await page.get_by_label("Category").select_option(CATEGORY)
    await page.get_by_label("Workplace").select_option("remote")
    await page.get_by_label("Where remote applicants may live").fill("europe")
    await page.get_by_role("button", name="Save as a draft").click()
    await expect(page).to_have_url(re.compile(r"/employer/jobs/\d+$"))
    job_id = int(page.url.rsplit("/", 1)[1])
    assert await _axe(page) == [], "job"
    await page.get_by_role("button", name="Publish the job").click()
    await expect(page.get_by_text("Job published.")).to_be_visible()
    await page.goto(site + "/jobs?q=quokka")
    await expect(page.locator("main")).to_contain_text(title)

    async with httpx.AsyncClient(base_url=site, timeout=30) as api:
        seeker_email, seeker = await _register(api, "seeker")
        applied = await api.post(f"/api/v1/jobs/{job_id}/applications", json={}, headers=seeker)
        assert applied.status_code == 201, applied.text
        application_id = applied.json()["id"]
    for address in (
        "/employer",
        f"/employer/{slug}",
        f"/employer/{slug}/profile",
        f"/employer/jobs/{job_id}/applicants",
        f"/employer/jobs/{job_id}/edit",
        "/employer/notifications",
        f"/employer/{slug}/activity",
        f"/employer/{slug}/team",
        f"/employer/{slug}/feeds",
        f"/employer/{slug}/webhooks",
        f"/employer/{slug}/clients",
        f"/employer/applications/{application_id}",
    ):
        await page.goto(site + address)
        assert await _axe(page) == [], address
    await page.get_by_label("To", exact=True).select_option("rejected")
    await page.get_by_label("Message to the candidate").fill("Thank you; we chose another.")
    await page.get_by_role("button", name="Move and send the message").click()
    await expect(page.get_by_text("Candidate moved.")).to_be_visible()

    candidate = await context.browser.new_context() if context.browser else None
    assert candidate is not None
    seeker_page = await candidate.new_page()
    await seeker_page.goto(site + "/account/signin")
    await _sign_in(seeker_page, seeker_email)
    await seeker_page.goto(site + f"/me/applications/{application_id}")
    await expect(seeker_page.get_by_text("Thank you; we chose another.").first).to_be_visible()
    await expect(seeker_page.locator("main")).to_contain_text("Not selected")
    await candidate.close()


async def test_an_invited_recruiter_accepts_runs_the_pipeline_and_is_removed(
    world: World, context: BrowserContext, smtp_inbox: Inbox
) -> None:
    """The owner invites an address from the team page; the e-mail's link, opened signed
    out, leads to sign-up and back; joining shows the company and its pipeline board; once
    the owner removes the recruiter, the next request is refused (403). axe-core finds no
    WCAG 2.2 A/AA violation on the team and invitation pages."""
    async with httpx.AsyncClient(base_url=world.site.url, timeout=30) as api:
        owner_email, owner = await _register(api, "employer")
        company = await api.post(
            "/api/v1/companies", json={"name": f"Dockside {secrets.token_hex(3)}"}, headers=owner
        )
        assert company.status_code == 201, company.text
        slug, name = company.json()["slug"], company.json()["name"]
        job = await api.post(
            "/api/v1/jobs",
            json=job_payload(slug, title="Platform Engineer", status="published"),
            headers=owner,
        )
        assert job.status_code == 201, job.text
        job_id = job.json()["id"]
    site = world.site.url
    page = await context.new_page()
    await page.goto(site + "/account/signin")
    await _sign_in(page, owner_email)
    await page.goto(site + f"/employer/{slug}/team")
    address = f"recruiter-{secrets.token_hex(4)}@example.com"
    await page.get_by_label("E-mail address").fill(address)
    await page.get_by_label("a recruiter (jobs and applicants)").check()
    await page.get_by_role("button", name="Send the invitation").click()
    await expect(page.get_by_text("Invitation sent.")).to_be_visible()
    await expect(page.locator("main")).to_contain_text(address)
    assert await _axe(page) == [], "team"

    await _run_tasks(world)
    bodies = [text_of(message) for message in smtp_inbox.to(address)]
    assert bodies, "no invitation e-mail"
    link = re.search(r"(https?://\S+/employer/invitations/\S+)", bodies[-1])
    assert link is not None, bodies[-1]

    newcomer = await context.browser.new_context() if context.browser else None
    assert newcomer is not None
    recruiter = await newcomer.new_page()
    await recruiter.goto(link.group(1))
    await expect(recruiter.get_by_role("heading", name=f"Join {name}")).to_be_visible()
    assert await _axe(recruiter) == [], "invitation"
    await recruiter.get_by_role("link", name=f"Create one with {address}").click()
    await recruiter.get_by_label("Your name").fill("Rita Recruiter")
    await recruiter.get_by_label("E-mail address").fill(address)
    await recruiter.get_by_label("Password").fill(PASSWORD)
    await recruiter.get_by_role("button", name="Create account").click()
    await recruiter.get_by_role("button", name=f"Join {name}").click()
    await expect(recruiter.get_by_text("Welcome to the team.")).to_be_visible()
    await recruiter.goto(site + f"/employer/jobs/{job_id}/applicants")
    await expect(
        recruiter.get_by_role("heading", name="Applicants: Platform Engineer")
    ).to_be_visible()

    await page.goto(site + f"/employer/{slug}/team")
    await page.get_by_role("button", name="Remove Rita Recruiter").click()
    await expect(page.get_by_text("Member removed")).to_be_visible()
    refused = await recruiter.goto(site + f"/employer/jobs/{job_id}/applicants")
    assert refused is not None
    assert refused.status == 403
    await newcomer.close()


async def test_a_seeker_reports_a_job_and_an_admin_takes_it_down_from_the_queue(
    world: World, context: BrowserContext
) -> None:
    """The report form on the job page, the queue with the report's words, "Take the job
    down": the job page answers 410 and says so, and the reporter is told. axe-core finds
    no WCAG 2.2 A/AA violation on the queue and the audit log."""
    from jobboard.auth.passwords import hash_password
    from jobboard.models import User

    async with httpx.AsyncClient(base_url=world.site.url, timeout=30) as api:
        doomed = await api.post(
            "/api/v1/jobs",
            json=job_payload(world.company, title="Junior Wombat Engineer", status="published"),
            headers=world.employer,
        )
        assert doomed.status_code == 201, doomed.text
        job = doomed.json()
        reporter_email, reporter = await _register(api, "seeker")
    site = world.site.url
    page = await context.new_page()
    await page.goto(site + "/account/signin")
    await _sign_in(page, reporter_email)
    await page.goto(site + f"/jobs/{job['id']}/report")
    await page.get_by_label("It is misleading (pay, place, role or company)").check()
    await page.get_by_label("Details").fill("The pay is invented.")
    await page.get_by_role("button", name="Send report").click()
    await expect(page.get_by_text("The report is with the moderators.")).to_be_visible()

    # An admin made in the database, as `jobboard create-admin` does: no standing cached yet.
    admin_email = f"admin-{secrets.token_hex(4)}@example.com"
    password_hash = await hash_password(PASSWORD)
    async with world.database.unit_of_work() as session:
        session.add(
            User(
                email=admin_email,
                password_hash=password_hash,
                role="admin",
                display_name="Moderator",
            )
        )
    moderator_context = await context.browser.new_context() if context.browser else None
    assert moderator_context is not None
    moderator = await moderator_context.new_page()
    await moderator.goto(site + "/account/signin")
    await _sign_in(moderator, admin_email)
    await moderator.goto(site + "/admin/reports")
    await expect(moderator.locator("main")).to_contain_text("The pay is invented.")
    assert await _axe(moderator) == [], "/admin/reports"
    report = moderator.locator("li.report", has_text="Junior Wombat Engineer")
    await report.get_by_label("Take the job down").check()
    await report.get_by_role("button", name="Decide").click()
    await expect(moderator.get_by_text("Decided.")).to_be_visible()
    await moderator.goto(site + "/admin/audit")
    assert await _axe(moderator) == [], "/admin/audit"
    await moderator_context.close()

    async with httpx.AsyncClient(base_url=site, timeout=30) as api:
        gone = await api.get(job_path(job["id"], job["title"]))
        assert gone.status_code == 410
        assert "The moderators took this job down" in gone.text
        told = await api.get("/api/v1/me/notifications", headers=reporter)
        assert "report.resolved" in [item["kind"] for item in told.json()["items"]]
