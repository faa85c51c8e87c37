"""The job editor in a browser: the linter beside the text (with and without JavaScript),
what the text states offered and taken only when ticked, problems at their fields, preview,
publish, close with a reason, renew, duplicate, and the audit of each."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import update

from conftest import Account, AccountFactory, Team, make_admin
from jobboard.db import Database
from jobboard.kit.clock import utcnow
from jobboard.kit.urls import job_path
from jobboard.models import Job
from support_web import another_browser, submit, web_sign_in

DESCRIPTION = (
    "## About the role\n\nYou will design and run the APIs behind our payments product, "
    "in Go with PostgreSQL on Kubernetes. We want 15 years of experience with Kubernetes.\n\n"
    "## What you bring\n\n- 5+ years building backend services\n- Go and PostgreSQL\n\n"
    "This is a senior, full-time role, remote within Europe.\n"
)


async def _browser(client: httpx.AsyncClient, account: Account) -> httpx.AsyncClient:
    browser = another_browser(client)
    await web_sign_in(browser, account.email)
    return browser


def _form(**overrides: str) -> dict[str, str]:
    fields = {
        "title": "Senior Backend Engineer",
        "description": DESCRIPTION,
        "category": "senior-back-end-developer",
        "seniority": "",
        "min_years_experience": "",
        "employment_type": "full_time",
        "workplace": "onsite",
        "locations": "",
        "locations_shown": "",
        "locations_ids": "",
        "remote_regions": "",
        "pay_min": "",
        "pay_max": "",
        "pay_currency": "",
        "pay_period": "yearly",
        "skill-0": "",
        "years-0": "",
        "required-0": "required",
        "apply_url": "",
        "requisition_id": "",
        "version": "",
    }
    fields.update(overrides)
    return fields


def _codes(page: str) -> set[str]:
    return set(re.findall(r'data-code="([^"]+)"', page))


async def test_the_linter_shows_its_findings_and_takes_only_what_is_ticked(
    client: httpx.AsyncClient, team: Team
) -> None:
    """ "Check the text" shows the warnings without saving; the htmx region says the same;
    ticking skills and workplace fills only those fields; the draft saves what the form
    holds and nothing derived."""
    browser = await _browser(client, team.recruiter)
    new = f"/employer/{team.slug}/jobs/new"
    checked = await submit(browser, new, new, [*_form().items(), ("intent", "check")])
    assert checked.status_code == 200
    codes = _codes(checked.text)
    assert {"pay.missing", "experience.beyond_technology_age"} <= codes
    assert 'name="take" value="skills"' in checked.text
    listed = (
        await client.get(
            f"/api/v1/companies/{team.slug}/jobs?status=draft", headers=team.owner.headers
        )
    ).json()
    assert listed["items"] == []

    region = await submit(browser, new, "/employer/lint", _form())
    assert region.status_code == 200
    assert region.text.lstrip().startswith('<div id="lint"')
    assert _codes(region.text) == codes

    taken = await submit(
        browser,
        new,
        new,
        [*_form().items(), ("take", "skills"), ("take", "workplace"), ("intent", "take")],
    )
    assert taken.status_code == 200
    assert 'name="skill-0" type="text" maxlength="80" value="Go"' in taken.text
    assert re.search(r'<option value="remote" selected>', taken.text)
    seniority = re.search(r'<select id="seniority".*?</select>', taken.text, re.S)
    assert seniority is not None
    assert " selected" not in seniority.group(0)

    saved = await submit(
        browser,
        new,
        new,
        _form(
            workplace="remote",
            remote_regions="europe",
            **{"skill-0": "golang", "years-0": "5"},
            pay_min="90,000",
            pay_max="120000",
            pay_currency="EUR",
        ),
    )
    assert saved.status_code == 303, saved.text
    job_id = int(saved.headers["location"].rsplit("/", 1)[1])
    job = (await client.get(f"/api/v1/jobs/{job_id}", headers=team.owner.headers)).json()
    assert job["status"] == "draft"
    assert job["derived_fields"] == []
    assert job["seniority"] is None
    assert [(skill["slug"], skill["min_years"]) for skill in job["skills"]] == [("go", 5)]
    assert job["salary"]["min"] == 9_000_000
    assert job["remote_regions"] == ["europe"]


async def test_problems_are_shown_at_their_fields_and_nothing_is_saved(
    client: httpx.AsyncClient, team: Team
) -> None:
    """An unknown skill, a city nobody knows, pay inverted and an empty title: 422 with
    each at its field, and no job."""
    browser = await _browser(client, team.owner)
    new = f"/employer/{team.slug}/jobs/new"
    refused = await submit(
        browser, new, new, _form(title="", pay_min="9", pay_max="1", pay_currency="EUR")
    )
    assert refused.status_code == 422
    assert 'id="title-error"' in refused.text
    assert 'id="pay_min-error"' in refused.text
    unknown = await submit(
        browser,
        new,
        new,
        _form(locations="Nowhereville", workplace="hybrid", **{"skill-0": "cobolscript"}),
    )
    assert unknown.status_code == 422
    assert 'id="skill-0-error"' in unknown.text
    assert 'id="locations-error"' in unknown.text
    assert "cobolscript" in unknown.text
    for status in ("draft", "published"):
        listed = await client.get(
            f"/api/v1/companies/{team.slug}/jobs?status={status}", headers=team.owner.headers
        )
        assert listed.json()["items"] == []


async def test_a_job_is_previewed_published_closed_renewed_and_duplicated(
    client: httpx.AsyncClient, team: Team, make_job: Any, database: Database
) -> None:
    """Preview shows the public page marked as a preview; Publish lists it; a job that
    expired is renewed; Close with a reason takes it down (410); Duplicate makes a draft."""
    draft = await make_job(title="Staff Platform Engineer")
    browser = await _browser(client, team.recruiter)
    page = f"/employer/jobs/{draft['id']}"
    preview = await browser.get(f"{page}/preview")
    assert preview.status_code == 200
    assert "Preview: this is how the job" in preview.text
    assert "Staff Platform Engineer" in preview.text
    assert (await client.get(job_path(draft["id"], draft["title"]))).status_code == 404

    published = await submit(browser, page, f"{page}/publish")
    assert published.status_code == 303
    assert (await client.get(job_path(draft["id"], draft["title"]))).status_code == 200

    async with database.sessionmaker() as session:
        await session.execute(
            update(Job).where(Job.id == draft["id"]).values(expires_at=utcnow() - timedelta(days=1))
        )
        await session.commit()
    shown = await browser.get(page)
    assert "Renew for 30 days" in shown.text
    renewed = await submit(browser, page, f"{page}/publish")
    assert renewed.status_code == 303
    assert (await browser.get(page)).text.count("Job renewed") == 1

    closed = await submit(browser, page, f"{page}/close", {"reason": "filled", "note": "Hired"})
    assert closed.status_code == 303
    assert (await client.get(job_path(draft["id"], draft["title"]))).status_code == 410
    again = await submit(browser, page, f"{page}/close", {"reason": "moderated"})
    assert again.status_code == 422

    copy = await submit(browser, page, f"{page}/duplicate")
    assert copy.status_code == 303
    copy_id = int(copy.headers["location"].split("/")[3])
    duplicate = (await client.get(f"/api/v1/jobs/{copy_id}", headers=team.owner.headers)).json()
    assert (duplicate["status"], duplicate["title"]) == ("draft", draft["title"])
    assert duplicate["requisition_id"] is None

    admin = await make_admin(database, client)
    events = await client.get(
        "/api/v1/admin/audit-events",
        params={"target_type": "job", "target_id": str(draft["id"])},
        headers=admin.headers,
    )
    actions = [event["action"] for event in events.json()["items"]]
    assert {"job.created", "job.published", "job.renewed", "job.closed"} <= set(actions)


async def test_an_edit_is_saved_audited_and_a_stale_form_loses(
    client: httpx.AsyncClient, team: Team, make_job: Any, database: Database
) -> None:
    """The edit form holds the job as stored; saving changes the fields and audits their
    before and after; a form opened before another save is refused (409)."""
    job = await make_job(status="published")
    browser = await _browser(client, team.owner)
    edit = f"/employer/jobs/{job['id']}/edit"
    opened = await browser.get(edit)
    assert opened.status_code == 200
    fields = dict(
        re.findall(
            r'<input id="([a-z_0-9-]+)" name="\1" type="(?:text|url)"[^>]*? value="([^"]*)"',
            opened.text,
        )
    )
    assert fields["title"] == "Senior Backend Engineer"
    assert fields["pay_min"] == "70000"
    version = re.search(r'name="version" value="(\d+)"', opened.text)
    shown = re.search(r'name="locations_shown" value="([^"]*)"', opened.text)
    ids = re.search(r'name="locations_ids" value="([^"]*)"', opened.text)
    assert version
    assert shown
    assert ids
    description = html.unescape(
        re.search(r'<textarea id="description"[^>]*>(.*?)</textarea>', opened.text, re.S).group(1)  # type: ignore[union-attr]
    )
    form = {
        **{name: html.unescape(value) for name, value in fields.items()},
        "description": description,
        "category": "senior-back-end-developer",
        "seniority": "senior",
        "employment_type": "full_time",
        "workplace": "hybrid",
        "locations": html.unescape(shown.group(1)),
        "locations_shown": html.unescape(shown.group(1)),
        "locations_ids": ids.group(1),
        "pay_period": "yearly",
        "required-0": "required",
        "required-1": "required",
        "required-2": "nice",
        "version": version.group(1),
        "title": "Principal Backend Engineer",
    }
    saved = await submit(browser, edit, edit, form)
    assert saved.status_code == 303, saved.text
    after = (await client.get(f"/api/v1/jobs/{job['id']}")).json()
    assert after["title"] == "Principal Backend Engineer"
    assert [place["city"] for place in after["locations"]] == ["Berlin"]
    assert after["salary"]["max"] == 9_000_000
    stale = await submit(browser, edit, edit, {**form, "title": "Lost"})
    assert stale.status_code == 409
    assert (await client.get(f"/api/v1/jobs/{job['id']}")).json()["title"] == (
        "Principal Backend Engineer"
    )
    admin = await make_admin(database, client)
    events = await client.get(
        "/api/v1/admin/audit-events",
        params={"action": "job.updated", "target_id": str(job["id"])},
        headers=admin.headers,
    )
    changed = events.json()["items"][0]["details"]["changed"]
    assert changed == {"title": ["Senior Backend Engineer", "Principal Backend Engineer"]}


async def test_viewers_read_the_job_but_do_not_change_it_and_seekers_do_not_lint(
    client: httpx.AsyncClient, team: Team, make_job: Any, accounts: AccountFactory
) -> None:
    job = await make_job()
    viewer = await _browser(client, team.viewer)
    page = f"/employer/jobs/{job['id']}"
    seen = await viewer.get(page)
    assert seen.status_code == 200
    assert f"{page}/edit" not in seen.text
    assert "Publish the job" not in seen.text
    assert (await viewer.get(f"{page}/edit")).status_code == 403
    assert (await submit(viewer, page, f"{page}/publish")).status_code == 403
    seeker = await _browser(client, await accounts("seeker"))
    assert (await seeker.get(page)).status_code == 404
    assert (await submit(seeker, "/me", "/employer/lint", _form())).status_code == 403
