"""`GET /api/v1/autocomplete`: titles, skills, companies and places as you type."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

MakeJob = Callable[..., Awaitable[dict[str, Any]]]
AUTOCOMPLETE = "/api/v1/autocomplete"


async def suggestions(client: httpx.AsyncClient, **params: Any) -> list[tuple[str, str]]:
    response = await client.get(AUTOCOMPLETE, params=params)
    assert response.status_code == 200, response.text
    return [(item["kind"], item["text"]) for item in response.json()["suggestions"]]


async def test_prefixes_of_any_word_suggest_titles_skills_companies_and_places(
    client: httpx.AsyncClient, company: dict[str, Any], make_job: MakeJob
) -> None:
    """Open jobs' titles match from any word; skills, companies and places too."""
    await make_job(status="published", title="Senior Platform Engineer")
    assert ("title", "Senior Platform Engineer") in await suggestions(client, q="platf")
    assert ("title", "Senior Platform Engineer") in await suggestions(client, q="senior pla")
    assert ("skill", "Kubernetes") in await suggestions(client, q="kube")
    assert ("company", company["name"]) in await suggestions(client, q=company["name"][:6])
    assert ("place", "Berlin, DE") in await suggestions(client, q="berl", kinds="place")


async def test_typos_are_forgiven(client: httpx.AsyncClient, make_job: MakeJob) -> None:
    """A misspelt word still finds the title; so does a slip in the word being typed."""
    await make_job(status="published", title="Python Developer")
    assert ("title", "Python Developer") in await suggestions(client, q="pyhton dev")
    assert ("skill", "Kubernetes") in await suggestions(client, q="kuber")
    assert ("skill", "Kubernetes") in await suggestions(client, q="kubr")


async def test_drafts_are_not_suggested(client: httpx.AsyncClient, make_job: MakeJob) -> None:
    """Only open jobs feed title suggestions."""
    await make_job(title="Quantum Firmware Wrangler")
    assert await suggestions(client, q="quantum firm", kinds="title") == []


async def test_at_most_ten_and_the_kinds_asked_for(client: httpx.AsyncClient) -> None:
    """limit caps the list at 10 or fewer; kinds filters."""
    every = await suggestions(client, q="a")
    assert 0 < len(every) <= 10
    assert {kind for kind, _ in await suggestions(client, q="s", kinds="skill")} == {"skill"}
    assert len(await suggestions(client, q="s", limit=3)) == 3


async def test_bad_input_is_a_problem(client: httpx.AsyncClient) -> None:
    """Missing, empty, over-long or NUL queries and limits above 10 are 422 problems."""
    for params in (
        {},
        {"q": ""},
        {"q": "x" * 101},
        {"q": "py\x00"},
        {"q": "py", "limit": 11},
        {"q": "py", "kinds": "colour"},
    ):
        response = await client.get(AUTOCOMPLETE, params=params)
        assert response.status_code == 422, params
        assert response.json()["type"] == "/problems/validation-error"


async def test_odd_input_answers_without_error(client: httpx.AsyncClient) -> None:
    """Punctuation, emoji and operators only give an empty or a normal list."""
    for text in ('"', "-", "🙂", "OR", "c++", "  ", "ß"):
        response = await client.get(AUTOCOMPLETE, params={"q": text})
        assert response.status_code == 200, text
        assert len(response.json()["suggestions"]) <= 10
