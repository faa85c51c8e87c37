"""GraphiQL in real Chromium: it starts, reads the schema and runs a query, loading nothing
from another origin and logging no error."""

from __future__ import annotations

from playwright.async_api import Browser

from support_browser import LiveSite, watch


async def test_graphiql_runs_a_query_offline(browser: Browser, live_site: LiveSite) -> None:
    page = await browser.new_page()
    watched = watch(page)
    await page.goto(f"{live_site.url}/graphql")
    await page.wait_for_selector(".graphiql-container")
    answer = await page.evaluate(
        """async () => {
            const response = await fetch("/graphql", {
                method: "POST",
                headers: {"Content-Type": "application/json"},
                body: JSON.stringify({query: "{ __schema { queryType { name } } }"}),
            });
            return await response.json();
        }"""
    )
    assert answer["data"]["__schema"]["queryType"]["name"] == "Query"
    await page.click(".graphiql-execute-button")
    await page.wait_for_timeout(500)
    assert watched.hosts() == {"127.0.0.1"}
    assert watched.errors() == []
    await page.close()
