"""The API documentation works offline: /docs (Swagger UI) and /redoc load only this origin's
files, under content-hashed names cached for a year, with no inline script; in headless
Chromium they render the operations without a request to another host or a CSP complaint."""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from playwright.async_api import Browser, Page

from conftest import assert_problem
from jobboard import apidocs
from jobboard.cache import MemoryCache
from jobboard.config import get_settings
from jobboard.hardening import DOCS_CSP, REDOC_CSP
from jobboard.main import create_app
from support_browser import LiveSite, PageWatch, watch

SEARCH = "/api/v1/jobs/search"
# Recorded in the page before any of its scripts runs; Playwright's init scripts are exempt.
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    """The app without a database: the documentation reads none."""
    app = create_app(get_settings(), cache=MemoryCache())
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield client


def _directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        parsed[name] = values
    return parsed


def _scripts(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>.*?</script>", html, re.S)


@pytest.mark.parametrize(
    ("path", "policy"),
    [("/docs", DOCS_CSP), ("/docs/oauth2-redirect", DOCS_CSP), ("/redoc", REDOC_CSP)],
)
async def test_the_pages_use_only_script_files_from_this_origin(
    client: httpx.AsyncClient, path: str, policy: str
) -> None:
    """Each page's scripts are files under /api-docs/assets/ (none inline), and its CSP allows
    scripts from this origin only and nothing from another origin."""
    response = await client.get(path)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"
    scripts = _scripts(response.text)
    assert scripts
    assert all(re.fullmatch(r'<script src="/api-docs/assets/[^"]+"></script>', s) for s in scripts)
    assert "http" not in response.text
    csp = response.headers["content-security-policy"]
    assert csp == policy
    directives = _directives(csp)
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert not any("http" in value for values in directives.values() for value in values)


def test_only_redoc_may_use_inline_styles_and_a_blob_worker() -> None:
    """Swagger UI needs no inline style; ReDoc's policy adds exactly inline styles and blob:
    workers."""
    swagger, redoc = _directives(DOCS_CSP), _directives(REDOC_CSP)
    assert swagger["style-src"] == ["'self'"]
    assert "worker-src" not in swagger
    assert redoc["style-src"] == ["'self'", "'unsafe-inline'"]
    assert redoc["worker-src"] == ["blob:"]
    assert {name: values for name, values in redoc.items() if name not in swagger} == {
        "worker-src": ["blob:"]
    }


async def test_assets_are_served_under_their_content_hash_for_a_year(
    client: httpx.AsyncClient,
) -> None:
    """Every asset's name carries a hash of the bytes served, which browsers keep a year."""
    for plain_name, asset in apidocs.assets().items():
        response = await client.get(apidocs.asset_url(plain_name))
        assert response.status_code == 200, plain_name
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert response.headers["content-type"] == asset.media_type
        digest = hashlib.sha256(response.content).hexdigest()[:16]
        stem, _, extension = plain_name.rpartition(".")
        assert asset.name == f"{stem}.{digest}.{extension}"


async def test_an_asset_name_without_the_current_hash_is_not_found(
    client: httpx.AsyncClient,
) -> None:
    """Plain names and stale hashes answer 404, never another version's bytes."""
    for name in ("swagger-ui-bundle.js", "swagger-ui-bundle.0000000000000000.js"):
        response = await client.get(f"/api-docs/assets/{name}")
        assert_problem(response, 404, "/problems/not-found")


async def test_redoc_is_served_without_its_cdn_logo(client: httpx.AsyncClient) -> None:
    """The bundled ReDoc would fetch Redocly's logo from their CDN; the served copy does not."""
    response = await client.get(apidocs.asset_url("redoc.standalone.js"))
    assert b"cdn.redoc.ly" not in response.content


async def _open(browser: Browser, url: str) -> tuple[Page, PageWatch]:
    page = await browser.new_page()
    await page.add_init_script(RECORD_CSP_VIOLATIONS)
    watched = watch(page)
    await page.goto(url)
    return page, watched


async def _assert_stayed_home(page: Page, watched: PageWatch) -> None:
    assert watched.hosts() == {"127.0.0.1"}, watched.requested
    assert await page.evaluate("window.cspViolations") == []
    assert [text for text in watched.errors() if "Content Security Policy" in text] == []


async def test_swagger_ui_renders_the_operations_offline(
    browser: Browser, live_site: LiveSite
) -> None:
    """/docs shows the search operation, with every request to 127.0.0.1 and no CSP error."""
    page, watched = await _open(browser, f"{live_site.url}/docs")
    try:
        operation = page.locator(f'.opblock-summary-path[data-path="{SEARCH}"]')
        await operation.wait_for()
        assert await page.locator(".opblock").count() > 50
        await _assert_stayed_home(page, watched)
    finally:
        await page.close()


async def test_redoc_renders_the_operations_offline(browser: Browser, live_site: LiveSite) -> None:
    """/redoc shows the search operation, with every request to 127.0.0.1 and no CSP error."""
    page, watched = await _open(browser, f"{live_site.url}/redoc")
    try:
        await page.get_by_text(SEARCH, exact=True).first.wait_for()
        # The search box works only once ReDoc's blob: worker has indexed the document.
        await page.get_by_placeholder("Search...").fill("search")
        await page.locator("[data-role='search:results']").wait_for()
        await _assert_stayed_home(page, watched)
    finally:
        await page.close()
