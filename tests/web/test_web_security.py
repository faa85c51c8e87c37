"""What keeps the pages safe: the session cookie, CSRF on every state-changing form, `next=`
kept on this site, the Content-Security-Policy, and hostile text rendered inert."""

from __future__ import annotations

import gc
import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from conftest import Account
from support_web import another_browser, csrf_of, origin, submit, web_sign_in

MakeJob = Callable[..., Awaitable[dict[str, Any]]]


async def test_signing_in_sets_a_hardened_session_cookie(
    client: httpx.AsyncClient, accounts: Callable[..., Awaitable[Account]]
) -> None:
    """The session cookie is HttpOnly and SameSite=Lax; signing out ends it on the server,
    so a copy of the cookie kept from before no longer signs anyone in."""
    seeker = await accounts()
    browser = another_browser(client)
    response = await web_sign_in(browser, seeker.email)
    cookie = next(
        value
        for name, value in response.headers.multi_items()
        if name == "set-cookie" and value.startswith("jb_session=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie.replace("Lax", "lax")
    assert "Path=/" in cookie
    stolen = browser.cookies.get("jb_session")
    assert stolen
    assert "Sign out" in (await browser.get("/")).text
    signed_out = await submit(browser, "/", "/account/signout")
    assert signed_out.status_code == 303
    thief = another_browser(client)
    thief.cookies.set("jb_session", stolen)
    page = await thief.get("/")
    assert "Sign out" not in page.text
    assert "Sign in" in page.text


async def test_a_forged_or_altered_session_cookie_signs_nobody_in(
    client: httpx.AsyncClient, accounts: Callable[..., Awaitable[Account]]
) -> None:
    """A cookie whose signature does not match is ignored and cleared."""
    seeker = await accounts()
    browser = another_browser(client)
    await web_sign_in(browser, seeker.email)
    genuine = browser.cookies.get("jb_session")
    assert genuine is not None
    payload, _, mac = genuine.partition(".")
    forged = another_browser(client)
    forged.cookies.set("jb_session", payload + "." + ("A" if mac[0] != "A" else "B") + mac[1:])
    page = await forged.get("/")
    assert "Sign in" in page.text
    assert "Sign out" not in page.text
    assert 'jb_session=""' in page.headers.get("set-cookie", "")


async def test_a_cross_site_post_without_the_token_is_refused(
    client: httpx.AsyncClient, accounts: Callable[..., Awaitable[Account]], make_job: MakeJob
) -> None:
    """A signed-in browser tricked into posting from another site, or without the page's
    token, saves nothing; with the token from our page it does."""
    job = await make_job(status="published")
    seeker = await accounts()
    browser = another_browser(client)
    await web_sign_in(browser, seeker.email)
    refused = await browser.post(
        f"/jobs/{job['id']}/save", headers={"Origin": "https://evil.example"}
    )
    assert refused.status_code == 403
    no_token = await browser.post(f"/jobs/{job['id']}/save", headers={"Origin": origin(browser)})
    assert no_token.status_code == 403
    wrong = await browser.post(
        f"/jobs/{job['id']}/save",
        data={"csrf_token": "0" * 40},
        headers={"Origin": origin(browser)},
    )
    assert wrong.status_code == 403
    saved = await browser.get("/api/v1/me/saved-jobs", headers=seeker.headers)
    assert saved.json()["items"] == []
    page = await browser.get(f"/jobs/{job['id']}", follow_redirects=True)
    accepted = await browser.post(
        f"/jobs/{job['id']}/save",
        data={"csrf_token": csrf_of(page.text)},
        headers={"Origin": origin(browser)},
    )
    assert accepted.status_code == 303
    saved = await browser.get("/api/v1/me/saved-jobs", headers=seeker.headers)
    assert [item["job"]["id"] for item in saved.json()["items"]] == [job["id"]]


async def test_a_refused_upload_leaves_no_temporary_file_open(
    client: httpx.AsyncClient, accounts: Callable[..., Awaitable[Account]], make_job: MakeJob
) -> None:
    """A multipart form without its token is read for the token, refused, and its spooled
    file closed (an unclosed one is a ResourceWarning, an error under this suite)."""
    job = await make_job(status="published")
    browser = another_browser(client)
    await web_sign_in(browser, (await accounts()).email)
    refused = await browser.post(
        f"/jobs/{job['id']}/save",
        files={"file": ("cv.txt", b"x" * 2_000_000, "text/plain")},
        headers={"Origin": origin(browser)},
    )
    assert refused.status_code == 403
    gc.collect()


async def test_the_sign_in_form_needs_its_token_too(
    client: httpx.AsyncClient, accounts: Callable[..., Awaitable[Account]]
) -> None:
    """Login CSRF: another site cannot sign a visitor in to an account of its choosing."""
    seeker = await accounts()
    browser = another_browser(client)
    response = await browser.post(
        "/account/signin",
        data={"email": seeker.email, "password": "a long test password 1"},
        headers={"Origin": origin(browser)},
    )
    assert response.status_code == 403
    assert "jb_session" not in browser.cookies


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "https:/evil.example",
        "javascript:alert(1)",
        "/ok\r\nSet-Cookie: x=1",
    ],
)
async def test_next_leads_only_to_this_site(
    client: httpx.AsyncClient, accounts: Callable[..., Awaitable[Account]], target: str
) -> None:
    """After signing in, a foreign or malformed `next=` goes to the home page instead."""
    seeker = await accounts()
    browser = another_browser(client)
    response = await submit(
        browser,
        "/account/signin",
        "/account/signin",
        {"email": seeker.email, "password": "a long test password 1", "next": target},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"


async def test_next_keeps_a_path_of_this_site(
    client: httpx.AsyncClient, accounts: Callable[..., Awaitable[Account]]
) -> None:
    seeker = await accounts()
    browser = another_browser(client)
    response = await submit(
        browser,
        "/account/signin?next=/jobs%3Fq%3Dgo",
        "/account/signin",
        {"email": seeker.email, "password": "a long test password 1", "next": "/jobs?q=go"},
    )
    assert response.headers["location"] == "/jobs?q=go"


async def test_wrong_passwords_lock_the_web_sign_in_like_the_token_endpoint(
    client: httpx.AsyncClient, accounts: Callable[..., Awaitable[Account]]
) -> None:
    """Failures through the form count toward the same lockout: after enough of them the
    right password is refused too, with Retry-After."""
    seeker = await accounts()
    browser = another_browser(client)
    for _ in range(10):
        wrong = await submit(
            browser,
            "/account/signin",
            "/account/signin",
            {"email": seeker.email, "password": "not the password at all"},
        )
        assert wrong.status_code in (400, 429)
    locked = await submit(
        browser,
        "/account/signin",
        "/account/signin",
        {"email": seeker.email, "password": "a long test password 1"},
    )
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0
    token = await client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "password",
            "username": seeker.email,
            "password": "a long test password 1",
        },
    )
    assert token.status_code == 400
    assert "too many failed sign-ins" in token.json()["error_description"]


@pytest.mark.parametrize("path", ["/", "/jobs", "/categories", "/account/signin"])
async def test_every_page_sends_a_script_safe_policy(client: httpx.AsyncClient, path: str) -> None:
    """No page allows inline scripts or scripts from anywhere but this origin."""
    page = await client.get(path)
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    directives = dict(
        [*part.strip().split(" ", 1), ""][:2] for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert page.headers["x-content-type-options"] == "nosniff"
    for script in re.findall(r"<script([^>]*)>(.*?)</script>", page.text, re.S):
        attributes, body = script
        assert 'type="application/ld+json"' in attributes or (
            "src=" in attributes and not body.strip()
        ), script


async def test_hostile_descriptions_and_titles_render_inert(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """Scripts, event handlers and javascript: links in a job's text never reach the page
    as markup, on the job page and in search results."""
    job = await make_job(
        status="published",
        title="Engineer <script>alert('t')</script>",
        description=(
            "Hello <script>alert('d')</script>\n\n"
            '<img src=x onerror="alert(1)">\n\n'
            '[click me](javascript:alert(2)) and <a href="javascript:alert(3)">x</a>'
        ),
    )
    page = await client.get(f"/jobs/{job['id']}", follow_redirects=True)
    assert page.status_code == 200
    # The JSON-LD block is data (its '<' are escaped as \u003c): markup is what is outside it.
    markup = re.sub(r'<script type="application/ld\+json">.*?</script>', "", page.text, flags=re.S)
    assert "\u003cscript" in page.text or "<script>alert" not in page.text
    assert "<script>alert" not in markup
    assert re.search(r"<[^>]+\sonerror=", markup) is None
    assert re.search(r"<a\b[^>]*href=\"\s*javascript:", markup, re.I) is None
    results = await client.get("/jobs", params={"q": "engineer alert"})
    assert "<script>alert" not in results.text
    assert "&lt;script&gt;" in results.text or "alert" not in results.text
