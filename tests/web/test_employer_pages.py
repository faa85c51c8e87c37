"""The employer's workspace in a browser: the companies one works for, a company's jobs,
the profile editor and the logo, each through the pages' own forms."""

from __future__ import annotations

import html
import io
import re
import struct
import zlib
from pathlib import Path
from typing import Any

import httpx
from PIL import Image

from conftest import Account, AccountFactory, Team, make_admin
from jobboard.db import Database
from support_web import another_browser, submit, web_sign_in


async def _browser(client: httpx.AsyncClient, account: Account) -> httpx.AsyncClient:
    browser = another_browser(client)
    await web_sign_in(browser, account.email)
    return browser


async def _follow(browser: httpx.AsyncClient, response: httpx.Response) -> httpx.Response:
    assert response.status_code == 303, response.text
    page = await browser.get(response.headers["location"])
    assert page.status_code == 200, page.text
    return page


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _png(width: int, height: int, color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (width, height), color).save(output, format="PNG")
    return output.getvalue()


def _bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def _stored(folder: Path) -> list[Path]:
    return [item for item in folder.rglob("*") if item.is_file()]


async def test_the_workspace_lists_the_companies_and_each_company_its_jobs_by_state(
    client: httpx.AsyncClient, team: Team, make_job: Any
) -> None:
    """/employer lists one's companies; a company's overview groups its jobs by state with
    their applicant counts, and a viewer is not offered to post."""
    draft = await make_job(title="Draft Platform Engineer")
    published = await make_job(status="published", title="Open Backend Engineer")
    owner = await _browser(client, team.owner)
    listing = await owner.get("/employer")
    assert listing.status_code == 200
    assert f'href="/employer/{team.slug}"' in listing.text

    overview = await owner.get(f"/employer/{team.slug}")
    assert overview.status_code == 200
    text = _text(overview.text)
    assert text.index("Drafts (1)") < text.index(draft["title"]) < text.index("Open (1)")
    assert text.index("Open (1)") < text.index(published["title"])
    assert f'href="/employer/{team.slug}/jobs/new"' in overview.text
    assert 'aria-current="page">Jobs</a>' in overview.text

    viewer = await _browser(client, team.viewer)
    seen = await viewer.get(f"/employer/{team.slug}")
    assert seen.status_code == 200
    assert draft["title"] in seen.text
    assert f'href="/employer/{team.slug}/jobs/new"' not in seen.text


async def test_an_employer_creates_a_company_and_a_seeker_may_not(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """The form creates the company with the person as owner; a name already taken as a
    slug is shown at its field; a seeker's account gets no workspace."""
    employer = await accounts("employer")
    browser = await _browser(client, employer)
    empty = await browser.get("/employer")
    assert "You do not belong to a company yet" in empty.text
    created = await submit(
        browser, "/employer", "/employer/companies", {"name": "Zeta Works", "headquarters": ""}
    )
    page = await _follow(browser, created)
    assert "Company created." in page.text
    slug = created.headers["location"].removeprefix("/employer/")
    members = await client.get(f"/api/v1/companies/{slug}/members", headers=employer.headers)
    assert [member["role"] for member in members.json()] == ["owner"]

    again = await submit(
        browser, "/employer", "/employer/companies", {"name": "Zeta Works", "headquarters": ""}
    )
    assert again.status_code == 422
    assert 'id="name-error"' in again.text
    nowhere = await submit(
        browser, "/employer", "/employer/companies", {"name": "Eta", "headquarters": "Nowhereville"}
    )
    assert nowhere.status_code == 422
    assert 'id="headquarters-error"' in nowhere.text

    seeker = await _browser(client, await accounts("seeker"))
    assert (await seeker.get("/employer")).status_code == 403


async def test_the_profile_editor_saves_every_field_and_shows_problems_at_their_field(
    client: httpx.AsyncClient, team: Team, database: Database
) -> None:
    """Saving changes the public profile and audits before and after; a bad website and an
    unknown city are shown at their fields and change nothing; a viewer reads only."""
    owner = await _browser(client, team.owner)
    path = f"/employer/{team.slug}/profile"
    page = await owner.get(path)
    version = re.search(r'name="version" value="(\d+)"', page.text)
    assert version is not None
    fields = {
        "name": "Acme Payments",
        "website": "https://acme.example",
        "description": "We move **money**.",
        "industry": "Payments",
        "size": "100-499",
        "founded_year": "2012",
        "headquarters": "Berlin, BE, DE",
        "headquarters_shown": "Berlin, BE, DE",
        "version": version.group(1),
    }
    saved = await submit(owner, path, path, fields)
    after = await _follow(owner, saved)
    assert "Company profile saved." in after.text
    public = (await client.get(f"/api/v1/companies/{team.slug}")).json()
    assert (public["name"], public["website"], public["size"], public["founded_year"]) == (
        "Acme Payments",
        "https://acme.example/",
        "100-499",
        2012,
    )
    admin = await make_admin(database, client)
    audit = await client.get(
        "/api/v1/admin/audit-events",
        params={"action": "company.updated"},
        headers=admin.headers,
    )
    changed = audit.json()["items"][0]["details"]["changed"]
    assert changed["size"] == ["50-99", "100-499"]
    assert changed["description"] == ["0 characters", "18 characters"]

    for change, field in (
        ({"website": "not a site"}, "website"),
        ({"headquarters": "Nowhereville"}, "headquarters"),
        ({"size": "a few"}, "size"),
    ):
        bad = await submit(
            owner, path, path, {**fields, **change, "version": str(public["version"])}
        )
        assert bad.status_code == 422
        assert f'id="{field}-error"' in bad.text
    assert (await client.get(f"/api/v1/companies/{team.slug}")).json()["website"] == (
        "https://acme.example/"
    )

    stale = await submit(owner, path, path, {**fields, "name": "Lost Update", "version": "1"})
    assert stale.status_code == 409
    assert (await client.get(f"/api/v1/companies/{team.slug}")).json()["name"] == "Acme Payments"

    viewer = await _browser(client, team.viewer)
    read = await viewer.get(path)
    assert read.status_code == 200
    assert "Only the company's owners and recruiters change the profile." in read.text
    refused = await submit(viewer, path, path, {**fields, "name": "Viewer Was Here"})
    assert refused.status_code == 403


async def test_a_logo_is_redrawn_resized_and_never_served_as_uploaded(
    storage: Path, client: httpx.AsyncClient, team: Team
) -> None:
    """A large PNG is stored as a PNG of at most 256 pixels a side, served with its own
    headers; other files, oversized files and decompression bombs are refused with nothing
    stored; removing the logo removes it from the page."""
    owner = await _browser(client, team.owner)
    path = f"/employer/{team.slug}/profile"
    action = f"/employer/{team.slug}/logo"
    original = _png(1200, 600)
    uploaded = await submit(
        owner, path, action, files={"logo": ("logo.png", original, "image/png")}
    )
    page = await _follow(owner, uploaded)
    assert "Logo saved." in page.text
    address = re.search(r'<img class="company-logo" src="([^"]+)"', page.text)
    assert address is not None
    served = await client.get(html.unescape(address.group(1)))
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.content != original
    assert Image.open(io.BytesIO(served.content)).size == (256, 128)
    stored = _stored(storage)
    assert len(stored) == 1
    assert stored[0].read_bytes() == served.content

    for name, data, status in (
        ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script>x</script></svg>", 415),
        ("logo.png", b"MZ\x90\x00" + b"\0" * 200, 415),
        ("logo.png", _bomb_png(60_000, 60_000), 415),
        ("logo.png", b"\x89PNG" + b"\0" * (2 * 1024 * 1024 + 10), 413),
    ):
        refused = await submit(owner, path, action, files={"logo": (name, data, "image/png")})
        assert refused.status_code == status, (data[:10], refused.status_code)
        assert 'id="logo-error"' in refused.text
    assert _stored(storage) == stored

    removed = await submit(owner, path, f"/employer/{team.slug}/logo/delete")
    page = await _follow(owner, removed)
    assert "No logo yet." in page.text
    assert (await client.get(f"/companies/{team.slug}/logo")).status_code == 404


async def test_other_companies_seekers_and_removed_members_are_refused(
    client: httpx.AsyncClient, team: Team, accounts: AccountFactory
) -> None:
    """A member of another company and a seeker are refused the workspace (403); a removed
    recruiter loses it at the next request, in the browser session they already had."""
    other = await accounts("employer")
    made = await client.post("/api/v1/companies", json={"name": "Rival"}, headers=other.headers)
    assert made.status_code == 201
    seeker = await accounts("seeker")
    for account in (other, seeker):
        browser = await _browser(client, account)
        for path in (f"/employer/{team.slug}", f"/employer/{team.slug}/profile"):
            assert (await browser.get(path)).status_code == 403, (account.role, path)

    recruiter = await _browser(client, team.recruiter)
    assert (await recruiter.get(f"/employer/{team.slug}")).status_code == 200
    page = f"/employer/{team.slug}/profile"
    opened = await recruiter.get(page)
    removed = await client.delete(
        f"/api/v1/companies/{team.slug}/members/{team.recruiter.id}", headers=team.owner.headers
    )
    assert removed.status_code == 204
    assert (await recruiter.get(f"/employer/{team.slug}")).status_code == 403
    token = re.search(r'name="csrf_token" value="([^"]+)"', opened.text)
    assert token is not None
    late = await recruiter.post(
        page,
        data={"csrf_token": html.unescape(token.group(1)), "name": "Taken"},
        headers={"Origin": "http://testserver"},
    )
    assert late.status_code == 403
