"""The seeker's area under /me in a browser: saved jobs and searches, applications followed to
an answer and withdrawn, notifications, the profile editor, the résumé, the data export and
deleting the account, each through the pages' own forms."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from conftest import PASSWORD, Account
from jobboard.kit.urls import job_path
from support_web import another_browser, submit, web_sign_in

MakeJob = Callable[..., Awaitable[dict[str, Any]]]
Accounts = Callable[..., Awaitable[Account]]
RESUME = (
    b"# Ada Lovelace\n\nBackend engineer.\n\n"
    b"- 6 years of experience with Go\n- PostgreSQL and Kubernetes in production\n"
)


async def _browser(client: httpx.AsyncClient, account: Account) -> httpx.AsyncClient:
    browser = another_browser(client)
    await web_sign_in(browser, account.email)
    return browser


async def _follow(browser: httpx.AsyncClient, response: httpx.Response) -> httpx.Response:
    """The page a 303 leads to, as the browser opens it next."""
    assert response.status_code == 303, response.text
    page = await browser.get(response.headers["location"])
    assert page.status_code == 200, page.text
    return page


def _hidden_fields(page: str, action: str) -> list[tuple[str, str]]:
    """The hidden inputs of the page's form that posts to ``action`` (less its token)."""
    form = re.search(
        rf'<form action="{re.escape(action)}" method="post"[^>]*>(.*?)</form>', page, re.S
    )
    assert form is not None, f"no form posts to {action}"
    return [
        (html.unescape(name), html.unescape(value))
        for name, value in re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(1)
        )
        if name != "csrf_token"
    ]


def _text(page: str) -> str:
    """The page's text without tags, entities decoded and spaces collapsed."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    return re.sub(r" ([,.:;])", r"\1", text)


async def test_every_page_of_the_area_sends_strangers_to_sign_in_and_back(
    client: httpx.AsyncClient, accounts: Accounts
) -> None:
    """Without a session the area redirects to the sign-in page, which leads back after."""
    seeker = await accounts()
    browser = another_browser(client)
    for path in ("/me", "/me/applications", "/me/saved-searches", "/me/profile", "/me/data"):
        refused = await browser.get(path)
        assert refused.status_code == 303
        assert refused.headers["location"] == f"/account/signin?next={path}"
    signed_in = await submit(
        browser,
        "/account/signin?next=/me/saved-jobs",
        "/account/signin",
        {"email": seeker.email, "password": PASSWORD, "next": "/me/saved-jobs"},
    )
    assert signed_in.headers["location"] == "/me/saved-jobs"
    page = await _follow(browser, signed_in)
    assert '<a href="/me/saved-jobs" aria-current="page">Saved jobs</a>' in page.text
    assert page.text.count('aria-current="page"') == 1
    assert '<a href="/account/security"' in page.text


async def test_a_job_saved_from_its_page_is_listed_then_removed(
    client: httpx.AsyncClient, accounts: Accounts, make_job: MakeJob, employer: Account
) -> None:
    """Save on the job page -> listed as a job card (a closed one marked) -> Remove."""
    job = await make_job(status="published", title="Staff Platform Engineer")
    closed = await make_job(status="published", title="Site Reliability Engineer")
    seeker = await accounts()
    browser = await _browser(client, seeker)
    for saved in (job, closed):
        page_url = job_path(saved["id"], saved["title"])
        response = await submit(browser, page_url, f"/jobs/{saved['id']}/save")
        assert response.headers["location"] == page_url
    shut = await client.post(
        f"/api/v1/jobs/{closed['id']}/close", json={"reason": "filled"}, headers=employer.headers
    )
    assert shut.status_code == 200, shut.text

    page = await browser.get("/me/saved-jobs")
    assert page.status_code == 200
    cards = page.text.split('<li class="job-card">')[1:]
    assert len(cards) == 2
    by_title = {
        title: card for card in cards for title in (job["title"], closed["title"]) if title in card
    }
    assert f'href="{job_path(job["id"], job["title"])}"' in by_title[job["title"]]
    assert "no longer takes applications" in by_title[closed["title"]]
    assert "no longer takes applications" not in by_title[job["title"]]

    removed = await submit(
        browser, "/me/saved-jobs", f"/jobs/{job['id']}/unsave", {"next": "/me/saved-jobs"}
    )
    assert removed.headers["location"] == "/me/saved-jobs"
    page = await _follow(browser, removed)
    assert "Job removed from your saved jobs." in page.text
    assert job["title"] not in page.text
    assert closed["title"] in page.text
    left = await client.get("/api/v1/me/saved-jobs", headers=seeker.headers)
    assert [item["job"]["id"] for item in left.json()["items"]] == [closed["id"]]


async def test_a_search_saved_from_the_search_page_is_edited_paused_and_deleted(
    client: httpx.AsyncClient, accounts: Accounts
) -> None:
    """The search page's form saves its two filters; the list describes the search; its page
    changes the frequency, pauses the alerts and deletes it, each with a message."""
    seeker = await accounts()
    browser = await _browser(client, seeker)
    search_page = await browser.get("/jobs?q=golang&workplace=remote")
    fields = _hidden_fields(search_page.text, "/me/saved-searches")
    assert sorted(fields) == [("q", "golang"), ("workplace", "remote")]
    saved = await submit(browser, "/jobs?q=golang&workplace=remote", "/me/saved-searches", fields)
    page = await _follow(browser, saved)
    assert "Search saved." in page.text
    search_id = int(saved.headers["location"].rsplit("/", 1)[1])
    stored = (
        await client.get(f"/api/v1/me/saved-searches/{search_id}", headers=seeker.headers)
    ).json()
    assert stored["search"]["q"] == "golang"
    assert stored["search"]["workplace"] == ["remote"]
    assert stored["frequency"] == "daily"
    assert stored["email"] is True
    assert stored["name"] == "golang jobs, remote"

    listed = await browser.get("/me/saved-searches")
    text = _text(listed.text)
    assert "golang jobs, remote" in text
    assert f"Looks for {stored['interpreted']}, Remote" in text
    assert "Once a day, by e-mail" in text
    assert 'href="/jobs?q=golang&amp;workplace=remote"' in listed.text
    assert stored["feeds"]["atom"] in listed.text
    assert stored["feeds"]["json_feed"] in listed.text

    page_url = f"/me/saved-searches/{search_id}"
    unnamed = await submit(browser, page_url, page_url, {"name": " ", "frequency": "weekly"})
    assert unnamed.status_code == 422
    assert "There is a problem" in unnamed.text
    assert '<a href="#name">Give the search a name</a>' in unnamed.text
    edited = await submit(
        browser, page_url, page_url, {"name": "Remote Go", "frequency": "weekly", "email": "yes"}
    )
    page = await _follow(browser, edited)
    assert "Saved search updated." in page.text
    assert "Once a week, by e-mail" in _text(page.text)
    stored = (
        await client.get(f"/api/v1/me/saved-searches/{search_id}", headers=seeker.headers)
    ).json()
    assert (stored["name"], stored["frequency"], stored["active"]) == ("Remote Go", "weekly", True)

    paused = await submit(browser, page_url, f"{page_url}/pause")
    page = await _follow(browser, paused)
    assert "Alerts for this search are paused" in page.text
    assert 'action="/me/saved-searches/' + str(search_id) + '/resume"' in page.text
    stored = (
        await client.get(f"/api/v1/me/saved-searches/{search_id}", headers=seeker.headers)
    ).json()
    assert stored["active"] is False
    assert "Paused" in _text((await browser.get("/me/saved-searches")).text)

    deleted = await submit(browser, page_url, f"{page_url}/delete")
    assert deleted.headers["location"] == "/me/saved-searches"
    page = await _follow(browser, deleted)
    assert "Saved search deleted." in page.text
    assert "You have no saved searches." in page.text
    gone = await browser.get(page_url)
    assert gone.status_code == 404
    assert gone.headers["content-type"].startswith("text/html")


async def test_the_category_page_saves_an_alert_under_its_own_name(
    client: httpx.AsyncClient, accounts: Accounts
) -> None:
    seeker = await accounts()
    browser = await _browser(client, seeker)
    category = "/categories/senior-back-end-developer"
    fields = _hidden_fields((await browser.get(category)).text, "/me/saved-searches")
    saved = await submit(browser, category, "/me/saved-searches", fields)
    assert saved.status_code == 303
    items = (await client.get("/api/v1/me/saved-searches", headers=seeker.headers)).json()["items"]
    assert [(item["name"], item["search"]["category"]) for item in items] == [
        ("New Senior Back End Developer jobs", ["senior-back-end-developer"])
    ]


async def test_saving_a_search_with_an_unknown_skill_says_why_and_saves_nothing(
    client: httpx.AsyncClient, accounts: Accounts
) -> None:
    seeker = await accounts()
    browser = await _browser(client, seeker)
    refused = await submit(
        browser, "/me/saved-searches", "/me/saved-searches", {"skills": "no-such-skill-xyz"}
    )
    assert refused.status_code == 422
    assert "This search cannot be saved" in refused.text
    items = (await client.get("/api/v1/me/saved-searches", headers=seeker.headers)).json()["items"]
    assert items == []


async def _apply(
    client: httpx.AsyncClient,
    browser: httpx.AsyncClient,
    employer: Account,
    job: dict[str, Any],
    **more: str,
) -> int:
    """Answer the job's screening questions through its apply form; the application's id."""
    questions = await client.put(
        f"/api/v1/jobs/{job['id']}/questions",
        json={
            "questions": [
                {"id": "permit", "kind": "yes_no", "prompt": "May you work in Germany?"},
                {"id": "years-go", "kind": "number", "prompt": "Years of Go?"},
            ]
        },
        headers=employer.headers,
    )
    assert questions.status_code == 200, questions.text
    applied = await submit(
        browser,
        f"/jobs/{job['id']}/apply",
        f"/jobs/{job['id']}/apply",
        {
            "answer-permit": "yes",
            "answer-years-go": "6",
            "cover_letter": "I have run Go services\nfor six years.",
            **more,
        },
    )
    assert applied.status_code == 303, applied.text
    return int(applied.headers["location"].rsplit("/", 1)[1])


async def test_an_application_is_followed_to_a_message_and_withdrawn(
    client: httpx.AsyncClient, accounts: Accounts, make_job: MakeJob, employer: Account
) -> None:
    """Apply with answers -> listed with its stage -> the company moves it with a message ->
    the timeline shows both -> withdrawn with a reason, after which no form is offered."""
    job = await make_job(status="published", title="Senior Go Engineer")
    seeker = await accounts()
    browser = await _browser(client, seeker)
    application_id = await _apply(client, browser, employer, job)

    listed = await browser.get("/me/applications")
    assert listed.status_code == 200
    row = re.search(
        r"<tr>\s*<td><a href=\"(/jobs/[^\"]+)\">Senior Go Engineer</a>.*?</tr>", listed.text, re.S
    )
    assert row is not None
    assert row.group(1) == job_path(job["id"], job["title"])
    assert job["company"]["name"] in row.group(0)
    assert "Sent, waiting for the company" in row.group(0)
    assert f'href="/me/applications/{application_id}"' in row.group(0)

    moved = await client.post(
        f"/api/v1/applications/{application_id}/transitions",
        json={"to": "interview", "message": "Could we talk on Tuesday at 10?"},
        headers=employer.headers,
    )
    assert moved.status_code == 200, moved.text
    page = await browser.get(f"/me/applications/{application_id}")
    text = _text(page.text)
    assert "Where it stands Interviewing" in text
    assert f"{job['company']['name']} moved it on: Interviewing" in text
    assert f"Message from {job['company']['name']} Could we talk on Tuesday at 10?" in text
    assert "May you work in Germany? Yes" in text
    assert "Years of Go? 6" in text
    assert "I have run Go services\nfor six years." in page.text
    assert "The answer" not in text
    assert "Interviewing" in _text((await browser.get("/me/applications")).text)

    withdrawn = await submit(
        browser,
        f"/me/applications/{application_id}",
        f"/me/applications/{application_id}/withdraw",
        {"reason": "I took another offer."},
    )
    page = await _follow(browser, withdrawn)
    text = _text(page.text)
    assert "Application withdrawn." in text
    assert "Where it stands Withdrawn by you" in text
    assert "Your reason I took another offer." in text
    assert "/withdraw" not in page.text
    read = await client.get(f"/api/v1/applications/{application_id}", headers=seeker.headers)
    assert read.json()["stage"]["key"] == "withdrawn"
    again = await browser.post(
        f"/me/applications/{application_id}/withdraw",
        data={"csrf_token": re.findall(r'name="csrf_token" value="([^"]+)"', page.text)[0]},
    )
    assert again.status_code == 409


async def test_the_final_answer_is_shown_with_the_company_message(
    client: httpx.AsyncClient, accounts: Accounts, make_job: MakeJob, employer: Account
) -> None:
    job = await make_job(status="published")
    seeker = await accounts()
    browser = await _browser(client, seeker)
    application_id = await _apply(client, browser, employer, job)
    rejected = await client.post(
        f"/api/v1/applications/{application_id}/transitions",
        json={"to": "rejected", "message": "We chose someone with more Kafka."},
        headers=employer.headers,
    )
    assert rejected.status_code == 200, rejected.text
    page = await browser.get(f"/me/applications/{application_id}")
    answer = re.search(r'<section class="final-answer.*?</section>', page.text, re.S)
    assert answer is not None
    assert "Not selected" in answer.group(0)
    assert "We chose someone with more Kafka." in answer.group(0)
    assert "/withdraw" not in page.text


async def test_an_open_stage_the_company_named_keeps_its_name(
    client: httpx.AsyncClient,
    accounts: Accounts,
    make_job: MakeJob,
    employer: Account,
    company: dict[str, Any],
) -> None:
    """The seeker's words stand for the usual stages; a stage the company added or renamed
    is shown by the company's name."""
    stages = [
        ("applied", "Applied"),
        ("screening", "Screening"),
        ("interview", "Technical interview"),
        ("take-home", "Take-home exercise"),
        ("offer", "Offer"),
        ("hired", "Hired"),
        ("rejected", "Rejected"),
        ("withdrawn", "Withdrawn"),
    ]
    changed = await client.put(
        f"/api/v1/companies/{company['slug']}/pipeline",
        json={"stages": [{"key": key, "name": name} for key, name in stages]},
        headers=employer.headers,
    )
    assert changed.status_code == 200, changed.text
    seeker = await accounts()
    browser = await _browser(client, seeker)
    application_id = await _apply(client, browser, employer, await make_job(status="published"))
    expected = {
        "screening": "Being reviewed",
        "interview": "Technical interview",
        "take-home": "Take-home exercise",
    }
    for key, words in expected.items():
        moved = await client.post(
            f"/api/v1/applications/{application_id}/transitions",
            json={"to": key},
            headers=employer.headers,
        )
        assert moved.status_code == 200, moved.text
        page = await browser.get(f"/me/applications/{application_id}")
        assert f"Where it stands {words}" in _text(page.text)


async def test_nobody_else_opens_or_withdraws_an_application(
    client: httpx.AsyncClient, accounts: Accounts, make_job: MakeJob, employer: Account
) -> None:
    """Another seeker, and the company's own member (who reads it through the API), get the
    HTML 404 page; a withdrawal they send changes nothing."""
    job = await make_job(status="published")
    seeker = await accounts()
    browser = await _browser(client, seeker)
    application_id = await _apply(client, browser, employer, job)
    for other in (await accounts(), employer):
        stranger = await _browser(client, other)
        page = await stranger.get(f"/me/applications/{application_id}")
        assert page.status_code == 404
        assert page.headers["content-type"].startswith("text/html")
        assert "Page not found" in page.text
        assert "May you work in Germany?" not in page.text
        refused = await submit(stranger, "/me", f"/me/applications/{application_id}/withdraw")
        assert refused.status_code == 404
    read = await client.get(f"/api/v1/applications/{application_id}", headers=seeker.headers)
    assert read.json()["stage"]["key"] == "applied"


async def test_notifications_are_listed_and_marked_read(
    client: httpx.AsyncClient, accounts: Accounts, make_job: MakeJob, employer: Account
) -> None:
    seeker = await accounts()
    browser = await _browser(client, seeker)
    first = await _apply(client, browser, employer, await make_job(status="published"))
    second = await _apply(client, browser, employer, await make_job(status="published"))
    for application_id in (first, second):
        moved = await client.post(
            f"/api/v1/applications/{application_id}/transitions",
            json={"to": "screening"},
            headers=employer.headers,
        )
        assert moved.status_code == 200
    page = await browser.get("/me/notifications")
    assert page.text.count('class="notice notice-unread"') == 2
    assert '<span class="count">2<span class="visually-hidden"> unread</span></span>' in page.text
    items = (await client.get("/api/v1/me/notifications", headers=seeker.headers)).json()["items"]
    newest = items[0]["id"]
    one = await submit(browser, "/me/notifications", f"/me/notifications/{newest}/read")
    page = await _follow(browser, one)
    assert "Notification marked as read." in page.text
    assert page.text.count('class="notice notice-unread"') == 1
    unread = await client.get("/api/v1/me/notifications?unread=true", headers=seeker.headers)
    assert [item["id"] for item in unread.json()["items"]] == [items[1]["id"]]
    every = await submit(browser, "/me/notifications", "/me/notifications/read-all")
    page = await _follow(browser, every)
    assert "All notifications marked as read." in page.text
    assert "notice-unread" not in page.text
    counted = await client.get("/api/v1/me/notifications", headers=seeker.headers)
    assert counted.json()["unread"] == 0


async def test_an_invitation_links_to_its_job(
    client: httpx.AsyncClient, accounts: Accounts, make_job: MakeJob, employer: Account
) -> None:
    job = await make_job(status="published")
    seeker = await accounts()
    await client.put(
        "/api/v1/me/profile",
        json={"skills": [{"skill": "go"}], "visibility": "searchable"},
        headers=seeker.headers,
    )
    invited = await client.post(
        f"/api/v1/jobs/{job['id']}/candidates/{seeker.id}/invitation",
        json={"message": "Have a look?"},
        headers=employer.headers,
    )
    assert invited.status_code == 201, invited.text
    browser = await _browser(client, seeker)
    page = await browser.get("/me/notifications")
    assert f'<a href="/jobs/{job["id"]}">' in page.text
    assert "Have a look?" in page.text


async def test_the_overview_gathers_the_area(
    client: httpx.AsyncClient, accounts: Accounts, make_job: MakeJob, employer: Account
) -> None:
    """Unread notifications, the latest applications with their stage, counts of saved jobs
    and searches, and jobs for the profile with the reasons they fit."""
    applied_to = await make_job(status="published", title="Backend Engineer, Payments")
    suggested = await make_job(status="published", title="Go Developer, Search")
    seeker = await accounts()
    await client.put(
        "/api/v1/me/profile",
        json={"skills": [{"skill": "go", "years": 6}, {"skill": "postgresql"}]},
        headers=seeker.headers,
    )
    browser = await _browser(client, seeker)
    application_id = await _apply(client, browser, employer, applied_to)
    await client.post(
        f"/api/v1/applications/{application_id}/transitions",
        json={"to": "screening"},
        headers=employer.headers,
    )
    await client.post(
        "/api/v1/me/saved-jobs", json={"job_id": suggested["id"]}, headers=seeker.headers
    )
    for name in ("Go", "Rust"):
        await client.post(
            "/api/v1/me/saved-searches",
            json={"name": name, "search": {"q": name.lower()}},
            headers=seeker.headers,
        )
    page = await browser.get("/me")
    assert page.status_code == 200
    text = _text(page.text)
    assert '<a href="/me" aria-current="page">Overview</a>' in page.text
    assert "1 Saved job" in text
    assert "2 Saved searches" in text
    assert f"Backend Engineer, Payments at {applied_to['company']['name']}: Being reviewed" in text
    assert "Unread notifications" in text
    assert f"Backend Engineer, Payments at {applied_to['company']['name']}: Screening" in text
    recommended = page.text.split('id="recommended-heading"')[1]
    assert job_path(suggested["id"], suggested["title"]) in recommended
    assert job_path(applied_to["id"], applied_to["title"]) not in recommended
    assert "Why it fits you:" in recommended


async def test_the_profile_editor_shows_problems_at_their_fields_then_saves(
    client: httpx.AsyncClient, accounts: Accounts
) -> None:
    seeker = await accounts()
    browser = await _browser(client, seeker)
    form = {
        "headline": "Back-end engineer, Go and PostgreSQL",
        "summary": "Payments and search.",
        "total_years": "9",
        "skill-0": "golang",
        "years-0": "40",
        "skill-1": "no-such-skill-xyz",
        "years-1": "",
        "skill-2": "",
        "years-2": "",
        "location": "Berlin",
        "location_shown": "",
        "location_id": "",
        "max_distance_km": "30",
        "time_zone": "Europe/Berlin",
        "pay_min": "85,000",
        "pay_max": "",
        "pay_currency": "EUR",
        "pay_period": "yearly",
        "github": "https://gitlab.com/ada",
        "portfolio": "",
        "visibility": "searchable",
        "weight-pay": "3",
    }
    pairs = [*form.items(), ("workplaces", "remote"), ("workplaces", "hybrid")]
    refused = await submit(browser, "/me/profile", "/me/profile", pairs)
    assert refused.status_code == 422
    assert '<a href="#github">Enter your GitHub address' in refused.text
    assert 'value="Back-end engineer, Go and PostgreSQL"' in refused.text
    assert 'id="github" name="github" type="url" value="https://gitlab.com/ada"' in refused.text

    pairs = [
        (name, "https://github.com/ada" if name == "github" else value) for name, value in pairs
    ]
    refused = await submit(browser, "/me/profile", "/me/profile", pairs)
    assert refused.status_code == 422
    assert '<a href="#years-0">Go was first released in' in refused.text
    assert '<a href="#skill-1">Unknown skill' in refused.text
    assert 'id="skill-1-error"' in refused.text
    profile = await client.get("/api/v1/me/profile", headers=seeker.headers)
    assert profile.json()["updated_at"] is None

    fixed = [
        (name, {"years-0": "6", "skill-1": "postgres"}.get(name, value)) for name, value in pairs
    ]
    saved = await submit(browser, "/me/profile", "/me/profile", fixed)
    page = await _follow(browser, saved)
    assert "Profile saved." in page.text
    body = (await client.get("/api/v1/me/profile", headers=seeker.headers)).json()
    assert body["headline"] == "Back-end engineer, Go and PostgreSQL"
    assert [(skill["slug"], skill["years"]) for skill in body["skills"]] == [
        ("go", 6),
        ("postgresql", None),
    ]
    assert body["total_years"] == 9
    assert body["location"]["city"] == "Berlin"
    assert body["max_distance_km"] == 30
    assert body["desired_pay"] == {
        "min": 8_500_000,
        "max": None,
        "currency": "EUR",
        "period": "yearly",
    }
    assert body["workplaces"] == ["hybrid", "remote"]
    assert body["links"]["github"] == "https://github.com/ada"
    assert body["visibility"] == "searchable"
    assert body["match_weights"] == {"pay": 3.0}
    # The form shows what is on file, ready to save again unchanged.
    assert 'name="skill-0" type="text" maxlength="80" value="Go"' in page.text
    assert 'name="years-0" type="text" inputmode="numeric" class="short" value="6"' in page.text
    assert 'name="pay_min" type="text" value="85000"' in page.text
    again = await submit(browser, "/me/profile", "/me/profile", _form_values(page.text))
    assert again.status_code == 303
    resaved = (await client.get("/api/v1/me/profile", headers=seeker.headers)).json()

    def kept(profile: dict[str, Any]) -> dict[str, Any]:
        return {
            name: value for name, value in profile.items() if name not in ("updated_at", "version")
        }

    assert kept(resaved) == kept(body)


def _form_values(page: str) -> list[tuple[str, str]]:
    """Every value the profile form would send as it stands."""
    form = re.search(r'<form action="/me/profile".*?</form>', page, re.S)
    assert form is not None
    pairs = []
    for tag in re.findall(r"<(?:input|textarea|select)[^>]*>", form.group(0)):
        name = re.search(r'name="([^"]+)"', tag)
        if name is None or name.group(1) == "csrf_token":
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        if kind and kind.group(1) in ("checkbox", "radio") and " checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if tag.startswith("<textarea"):
            content = re.search(
                rf'name="{name.group(1)}"[^>]*>(.*?)</textarea>', form.group(0), re.S
            )
            pairs.append((name.group(1), html.unescape(content.group(1) if content else "")))
        elif tag.startswith("<select"):
            chosen = re.search(
                rf'name="{name.group(1)}">.*?<option value="([^"]+)" selected', form.group(0), re.S
            )
            pairs.append((name.group(1), chosen.group(1) if chosen else ""))
        else:
            pairs.append((name.group(1), html.unescape(value.group(1) if value else "")))
    return pairs


async def test_a_resume_is_uploaded_its_skills_confirmed_downloaded_and_deleted(
    storage: Any, client: httpx.AsyncClient, accounts: Accounts
) -> None:
    seeker = await accounts()
    browser = await _browser(client, seeker)
    refused = await submit(
        browser,
        "/me/resume",
        "/me/resume",
        files={"file": ("cv.pdf", b"MZ\x90\x00\x03 a program", "application/pdf")},
    )
    assert refused.status_code == 415
    assert '<a href="#file">Refused:' in refused.text
    empty = await submit(
        browser, "/me/resume", "/me/resume", files={"file": ("", b"", "application/octet-stream")}
    )
    assert empty.status_code == 422
    assert "Choose a file to upload" in empty.text

    uploaded = await submit(
        browser, "/me/resume", "/me/resume", files={"file": ("cv.md", RESUME, "text/markdown")}
    )
    page = await _follow(browser, uploaded)
    assert "Résumé uploaded." in page.text
    assert "A Markdown file of 1 KB" in _text(page.text)
    offered = re.findall(r'name="skill" value="([^"]+)"', page.text)
    assert {"go", "postgresql", "kubernetes"} <= set(offered)

    confirmed = await submit(
        browser, "/me/resume", "/me/resume/skills", [("skill", "go"), ("skill", "postgresql")]
    )
    assert confirmed.headers["location"] == "/me/profile"
    page = await _follow(browser, confirmed)
    assert "Skills added to your profile." in page.text
    skills = (await client.get("/api/v1/me/profile", headers=seeker.headers)).json()["skills"]
    assert [(skill["slug"], skill["years"]) for skill in skills] == [
        ("go", 6),
        ("postgresql", None),
    ]
    page = await browser.get("/me/resume")
    still = re.findall(r'name="skill" value="([^"]+)"', page.text)
    assert "kubernetes" in still
    assert "go" not in still
    stranger = await submit(browser, "/me/resume", "/me/resume/skills", {"skill": "cobol"})
    assert stranger.status_code == 422

    download = await browser.get("/me/resume/file")
    assert download.status_code == 200
    assert download.content == RESUME
    assert download.headers["content-disposition"].startswith("attachment;")
    other = await _browser(client, await accounts())
    assert (await other.get("/me/resume/file")).status_code == 404

    deleted = await submit(browser, "/me/resume", "/me/resume/delete")
    page = await _follow(browser, deleted)
    assert "Résumé deleted." in page.text
    assert "Upload your résumé" in page.text
    assert (await client.get("/api/v1/me/resume", headers=seeker.headers)).status_code == 404


async def test_an_application_sent_with_the_resume_on_file_shows_it(
    storage: Any,
    client: httpx.AsyncClient,
    accounts: Accounts,
    make_job: MakeJob,
    employer: Account,
) -> None:
    """The apply form offers the résumé on file (checked); the application page says it
    went with the application."""
    job = await make_job(status="published")
    seeker = await accounts()
    browser = await _browser(client, seeker)
    await submit(
        browser, "/me/resume", "/me/resume", files={"file": ("cv.md", RESUME, "text/markdown")}
    )
    form = await browser.get(f"/jobs/{job['id']}/apply")
    assert form.status_code == 200
    assert re.search(r'name="include_resume" value="yes" checked> Send my résumé', form.text)
    application_id = await _apply(client, browser, employer, job, include_resume="yes")
    page = await browser.get(f"/me/applications/{application_id}")
    assert "A Markdown file of 1 KB, uploaded" in _text(page.text)
    read = await client.get(f"/api/v1/applications/{application_id}", headers=seeker.headers)
    assert read.json()["resume"] is not None


async def test_the_data_export_downloads_as_a_file(
    client: httpx.AsyncClient, accounts: Accounts
) -> None:
    seeker = await accounts()
    browser = await _browser(client, seeker)
    page = await browser.get("/me/data")
    assert 'href="/me/data/export.json"' in page.text
    exported = await browser.get("/me/data/export.json")
    assert exported.status_code == 200
    assert exported.headers["content-disposition"] == (
        'attachment; filename="jobboard-personal-data.json"'
    )
    assert exported.headers["cache-control"] == "no-store"
    assert int(exported.headers["ratelimit-remaining"]) < int(exported.headers["ratelimit-limit"])
    document = json.loads(exported.content)
    assert document["format"] == "jobboard-personal-data/1"
    assert document["account"]["email"] == seeker.email


async def test_deleting_the_account_needs_the_password(
    client: httpx.AsyncClient, accounts: Accounts
) -> None:
    """A wrong password deletes nothing; the right one erases the account, ends the session
    and says so on the home page."""
    seeker = await accounts()
    browser = await _browser(client, seeker)
    wrong = await submit(browser, "/me/data", "/me/data/delete", {"password": "not my password"})
    assert wrong.status_code == 422
    assert '<a href="#password">The password is wrong</a>' in wrong.text
    assert (await client.get("/api/v1/me", headers=seeker.headers)).status_code == 200
    assert (await browser.get("/me")).status_code == 200

    erased = await submit(browser, "/me/data", "/me/data/delete", {"password": PASSWORD})
    assert erased.headers["location"] == "/"
    home = await _follow(browser, erased)
    assert "Your account and its data are deleted." in home.text
    assert "Sign out" not in home.text
    assert (await browser.get("/me")).status_code == 303
    token = await client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": seeker.email, "password": PASSWORD},
    )
    assert token.status_code == 400
