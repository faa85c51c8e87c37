"""GraphQL on a live server: newJobs over a real WebSocket (graphql-transport-ws), where the saved
search's owner hears of each job the alert matcher files under it; nobody else may listen."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXAsyncTransport
from gql.transport.websockets import WebsocketsTransport
from sqlalchemy.ext.asyncio import AsyncSession

from conftest import PASSWORD, job_payload
from jobboard import migrate
from jobboard.db import create_engine
from jobboard.graphql import subscriptions
from jobboard.taxonomy.catalog import load_catalog
from jobboard.taxonomy.service import sync_taxonomy
from support_browser import LiveSite, serve_jobboard

NEW_JOBS = (
    "subscription($id: ID!) { newJobs(savedSearchId: $id) { databaseId title company { name } } }"
)


@pytest.fixture(scope="module")
async def websocket_site(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[LiveSite]:
    """Jobboard served by uvicorn with WebSockets, on a SQLite file of its own that holds
    the taxonomy."""
    directory = tmp_path_factory.mktemp("ws")
    url = f"sqlite+aiosqlite:///{directory / 'live.db'}"
    await asyncio.to_thread(migrate.upgrade, url)
    engine = create_engine(url)
    async with engine.begin() as connection:
        await sync_taxonomy(AsyncSession(bind=connection), catalog=load_catalog(), force=True)
    await engine.dispose()
    async with serve_jobboard(directory, database_url=url, ws="websockets-sansio") as site:
        yield site


async def _account(http: httpx.AsyncClient, role: str) -> dict[str, str]:
    email = f"{role}-{secrets.token_hex(4)}@example.com"
    registered = await http.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "display_name": role, "role": role},
    )
    assert registered.status_code == 201, registered.text
    token = await http.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": email, "password": PASSWORD},
    )
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def _client(site: LiveSite, headers: dict[str, str] | None) -> Client:
    transport = WebsocketsTransport(
        url=site.url.replace("http://", "ws://") + "/graphql",
        init_payload=headers or {},
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
    )
    return Client(transport=transport, fetch_schema_from_transport=False)


async def _first(site: LiveSite, headers: dict[str, str] | None, saved_id: str) -> Any:
    async with _client(site, headers) as session:
        async for result in session.subscribe(
            GraphQLRequest(NEW_JOBS, variable_values={"id": saved_id})
        ):
            return result
    return None


async def test_the_owner_hears_of_new_matching_jobs(
    websocket_site: LiveSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(subscriptions, "POLL_SECONDS", 0.2)
    async with httpx.AsyncClient(base_url=websocket_site.url) as http:
        seeker = await _account(http, "seeker")
        employer = await _account(http, "employer")
        company = await http.post(
            "/api/v1/companies", json={"name": f"Acme {secrets.token_hex(3)}"}, headers=employer
        )
        slug = company.json()["slug"]
        saved = await http.post(
            "/api/v1/me/saved-searches",
            json={
                "name": "Go",
                "search": {"q": "backend", "skills": ["golang"]},
                "frequency": "instant",
            },
            headers=seeker,
        )
        assert saved.status_code == 201, saved.text
        saved_id = str(saved.json()["id"])
        listening = asyncio.create_task(_first(websocket_site, seeker, saved_id))
        await asyncio.sleep(1.0)
        posted = await http.post(
            "/api/v1/jobs", json=job_payload(slug, status="published"), headers=employer
        )
        assert posted.status_code == 201, posted.text
        heard = await asyncio.wait_for(listening, timeout=60)
    assert heard["newJobs"]["databaseId"] == posted.json()["id"]
    assert heard["newJobs"]["company"]["name"].startswith("Acme")


async def test_only_the_owner_may_listen(websocket_site: LiveSite) -> None:
    """Another seeker is told the search does not exist; an anonymous caller to sign in."""
    async with httpx.AsyncClient(base_url=websocket_site.url) as http:
        owner = await _account(http, "seeker")
        other = await _account(http, "seeker")
        saved = await http.post(
            "/api/v1/me/saved-searches",
            json={"name": "Go", "search": {"q": "go"}},
            headers=owner,
        )
        saved_id = str(saved.json()["id"])
    for headers, code in ((other, "not-found"), (None, "not-authenticated")):
        with pytest.raises(TransportQueryError) as refused:
            await asyncio.wait_for(_first(websocket_site, headers, saved_id), timeout=30)
        assert refused.value.errors
        assert refused.value.errors[0]["extensions"]["code"] == code


async def test_a_bad_token_is_refused_at_connection(websocket_site: LiveSite) -> None:
    with pytest.raises(Exception) as refused:  # noqa: PT011 - closed by the server
        await asyncio.wait_for(
            _first(websocket_site, {"Authorization": "Bearer forged"}, "1"), timeout=30
        )
    assert not isinstance(refused.value, TimeoutError)


async def test_a_live_server_answers_gql_over_http(websocket_site: LiveSite) -> None:
    """The same client over real HTTP: a signed-in employer posts a job with a mutation and
    anyone then finds it with a query."""
    async with httpx.AsyncClient(base_url=websocket_site.url) as http:
        employer = await _account(http, "employer")
        company = await http.post(
            "/api/v1/companies", json={"name": f"Initech {secrets.token_hex(3)}"}, headers=employer
        )
    slug = company.json()["slug"]
    url = websocket_site.url + "/graphql"
    posting = Client(transport=HTTPXAsyncTransport(url=url, headers=employer, timeout=60))
    async with posting as session:
        created = await session.execute(
            GraphQLRequest(
                "mutation($input: JobInput!) { createJob(input: $input) { job { databaseId } } }",
                variable_values={
                    "input": {
                        "company": slug,
                        "title": "Platform Engineer",
                        "description": "Run our Kubernetes clusters on three continents.",
                        "workplace": "remote",
                        "remoteRegions": ["worldwide"],
                        "status": "published",
                    }
                },
            )
        )
    job_id = created["createJob"]["job"]["databaseId"]
    async with Client(transport=HTTPXAsyncTransport(url=url, timeout=60)) as session:
        found = await session.execute(
            GraphQLRequest('{ jobs(search: {q: "platform kubernetes"}) { nodes { databaseId } } }')
        )
    assert {"databaseId": job_id} in found["jobs"]["nodes"]
