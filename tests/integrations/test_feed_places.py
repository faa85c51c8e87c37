"""Imports keep the most specific place an item gives, accept jobs placed only in a country or
a region, and list every refused item with its reason in the feed's last result; every
recorded real feed imports completely."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from conftest import Account
from jobboard.db import Database
from jobboard.models import FeedSource
from support_http import LocalServer, Received, Reply
from support_queue import run_queued

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "feeds"
OWN = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


async def _import(
    client: httpx.AsyncClient,
    database: Database,
    owner: Account,
    company: dict[str, Any],
    server: LocalServer,
    *,
    kind: str,
    body: bytes,
    path: str = "/feed",
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Serve ``body``, sync a feed of ``kind`` from it; the feed's last result and the
    company's published jobs by title."""
    server.serve(path, body, content_type="application/json")
    slug = company["slug"]
    created = await client.post(
        f"/api/v1/companies/{slug}/feeds",
        json={"kind": kind, "url": server.url(path), "sync_interval_minutes": None},
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    feed_id = created.json()["id"]
    synced = await client.post(
        f"/api/v1/companies/{slug}/feeds/{feed_id}/sync", headers=owner.headers
    )
    assert synced.status_code == 202, synced.text
    ran = await run_queued(database)
    assert ran.failures == []
    feed = (
        await client.get(f"/api/v1/companies/{slug}/feeds/{feed_id}", headers=owner.headers)
    ).json()
    assert feed["last_error"] is None, feed["last_error"]
    listed = await client.get(
        f"/api/v1/companies/{slug}/jobs",
        params={"status": "published", "limit": 100},
        headers=owner.headers,
    )
    assert listed.status_code == 200, listed.text
    jobs = {job["title"]: job for job in listed.json()["items"]}
    result: dict[str, Any] = feed["last_result"]
    return result, jobs


def _places(job: dict[str, Any]) -> list[tuple[str, str]]:
    return [(place["kind"], place["name"]) for place in job["locations"]]


async def test_country_and_region_jobs_import_with_their_places(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    server: LocalServer,
) -> None:
    """A job placed only in a country, one only in a region, and one whose office names its
    country while its location names the city import with the right places and remote
    regions; the one that names no place is refused, and says why."""
    result, jobs = await _import(
        client,
        database,
        employer,
        company,
        server,
        kind="greenhouse",
        body=(OWN / "greenhouse_wide_places.json").read_bytes(),
    )
    assert (result["items"], result["created"], result["failed"]) == (5, 4, 1)
    backend = jobs["Backend Engineer (Python)"]
    assert (backend["workplace"], _places(backend)) == ("onsite", [("country", "The Netherlands")])
    assert backend["locations"][0]["country_code"] == "NL"
    sre = jobs["Site Reliability Engineer"]
    assert (sre["workplace"], _places(sre), sre["remote_regions"]) == (
        "remote",
        [("area", "EMEA")],
        ["emea"],
    )
    frontend = jobs["Frontend Engineer"]
    assert (_places(frontend), frontend["remote_regions"]) == ([("area", "LATAM")], ["latam"])
    data = jobs["Data Engineer"]
    assert _places(data) == [("city", "Lisbon")]
    [problem] = result["problems"]
    assert problem["source_id"] == "7005"
    assert "'Flexible'" in problem["message"]
    assert "names a city, state, country or region" in problem["message"]
    remote_from_brazil = await client.get(
        "/api/v1/jobs/search", params={"remote_region": "BR", "limit": 100}
    )
    assert [item["title"] for item in remote_from_brazil.json()["items"]] == ["Frontend Engineer"]


def _workday_pages(request: Received) -> Reply:
    """The recorded first page of a Workday search, then no more jobs."""
    offset = json.loads(request.body or b"{}").get("offset", 0)
    if offset:
        return Reply(200, json.dumps({"total": 4, "jobPostings": []}).encode())
    return Reply(200, (SHARED / "lubobali_workday_search.json").read_bytes())


@pytest.mark.shared_fixtures
@pytest.mark.parametrize(
    ("kind", "name", "places"),
    [
        (
            "greenhouse",
            "lubobali_greenhouse_jobs.json",
            {
                "Country Lead, Data Center Security": [("city", "Sydney")],
                "Amazon GTM Partnership, Startups": [
                    ("city", "San Francisco"),
                    ("city", "New York City"),
                    ("city", "Seattle"),
                ],
                "Anthropic Fellows Program": [
                    ("city", "London"),
                    ("division", "Ontario"),
                    ("city", "San Francisco"),
                    ("division", "British Columbia"),
                ],
                "Account Executive, Public Sector": [("city", "Sydney")],
            },
        ),
        (
            "lever",
            "lubobali_lever_postings.json",
            {
                "Android Engineer I - Subscriptions": [("city", "London"), ("city", "Stockholm")],
                "Analyst, Licensing Finance – FP&A": [("city", "New York City")],
                "Advertiser Solutions Vendor Lead - Programmatic and Direct Support": [
                    ("city", "London")
                ],
                "Analytics Engineer II": [("city", "Stockholm"), ("city", "London")],
            },
        ),
        (
            "ashby",
            "lubobali_ashby_jobs.json",
            {
                "Technical Consultant, Mid-Market": [
                    ("city", "San Francisco"),
                    ("city", "New York City"),
                ],
                "Account Executive": [("city", "London")],
                "Director, Performance Marketing": [("city", "New York City")],
                "Engagement Manager": [("city", "London")],
            },
        ),
        (
            "remotive",
            "lubobali_remotive_jobs.json",
            {
                "Assistant Account Payable": [("country", "United States")],
                "Head of Marketing & Communications": [],
                "Staff Software Engineer, Product (Belo Horizonte)": [("country", "Brazil")],
                "Senior Independent Software Developer": [
                    ("area", "Americas"),
                    ("area", "Europe"),
                    ("country", "Israel"),
                ],
            },
        ),
        (
            "usajobs",
            "lubobali_usajobs_jobs.json",
            {
                "General Engineer (Inspector) (Control Room Management) - DIRECT HIRE": [
                    ("country", "United States")
                ],
                'IT Specialist (APPSW) "Software Engineer", GS-2210-15 FPL GS-15 (Direct Hire) '
                "(Open Continuous)": [("country", "United States")],
                "Public Notice for General Engineer (Direct Hire)": [("country", "United States")],
            },
        ),
        (
            "workday",
            "lubobali_workday_job_detail.json",
            {"Data Engineer": [("city", "Washington")]},
        ),
        (
            "adzuna",
            "lubobali_adzuna_search.json",
            {
                "Senior Software Developer": [("city", "Arlington")],
                "Manager of ETL Development": [("city", "Boston")],
                "Google Cloud Platform Data Engineer": [("city", "Eagan")],
                "Distinguished Technologist, Distributed Systems & Agentic Query Optimization": [
                    ("city", "Bellaire")
                ],
            },
        ),
    ],
)
async def test_every_recorded_feed_imports_completely(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    server: LocalServer,
    kind: str,
    name: str,
    places: dict[str, list[tuple[str, str]]],
) -> None:
    """Each item of each recorded real feed imports, with the places it names."""
    result, jobs = await _import(
        client, database, employer, company, server, kind=kind, body=(SHARED / name).read_bytes()
    )
    assert (result["created"], result["failed"], result["problems"]) == (len(places), 0, [])
    assert {title: _places(job) for title, job in jobs.items()} == places


@pytest.mark.shared_fixtures
async def test_a_workday_search_imports_page_by_page(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    server: LocalServer,
) -> None:
    """A Workday career site's search is read by POSTing for pages until one comes back
    empty, then each job's page for its description; "USA NC Fort Bragg" and "DEU Wiesbaden -
    ..." are read as city, state, country. A job whose page cannot be read keeps what the
    search gave."""
    path = "/wday/cxs/gdit/External_Career_Site/jobs"
    detail = "/wday/cxs/gdit/External_Career_Site/job/USA-DC-Washington/Data-Engineer_RQ216675"
    slug = company["slug"]
    server.routes[path] = _workday_pages
    server.serve(detail, (SHARED / "lubobali_workday_job_detail.json").read_bytes())
    created = await client.post(
        f"/api/v1/companies/{slug}/feeds",
        json={"kind": "workday", "url": server.url(path), "sync_interval_minutes": None},
        headers=employer.headers,
    )
    feed_id = created.json()["id"]
    await client.post(f"/api/v1/companies/{slug}/feeds/{feed_id}/sync", headers=employer.headers)
    assert (await run_queued(database)).failures == []
    feed = (
        await client.get(f"/api/v1/companies/{slug}/feeds/{feed_id}", headers=employer.headers)
    ).json()
    assert (feed["last_result"]["created"], feed["last_result"]["failed"]) == (4, 0)
    assert [request.method for request in server.received] == ["POST", "POST"] + ["GET"] * 4
    assert detail in {request.path for request in server.received}
    listed = await client.get(
        f"/api/v1/companies/{slug}/jobs", params={"status": "published"}, headers=employer.headers
    )
    places = {job["title"]: _places(job) for job in listed.json()["items"]}
    assert places["Cloud Data Engineer"] == [("city", "Wiesbaden")]
    assert places["Data Engineer Senior Principal (Hybrid)"][0][0] == "city"
    hybrid = next(job for job in listed.json()["items"] if "(Hybrid)" in job["title"])
    assert hybrid["workplace"] == "hybrid"
    read = {job["title"]: job for job in listed.json()["items"]}
    assert "Type of Requisition" in read["Data Engineer"]["description"]
    assert "Type of Requisition" not in read["Cloud Data Engineer"]["description"]


def _workday_site(request: Received) -> Reply:
    """A Workday career site of two jobs: the search (no descriptions), then each job's page."""
    if request.method == "POST":
        offset = json.loads(request.body or b"{}").get("offset", 0)
        postings = [
            {"title": "Backend Engineer", "externalPath": "/job/USA-VA-Reston/Backend-Engineer_R1",
             "locationsText": "USA VA Reston", "bulletFields": ["R1"]},
            {"title": "Data Engineer (Hybrid)",
             "externalPath": "/job/USA-CA-San-Diego/Data-Engineer--Hybrid-_R2",
             "locationsText": "USA CA San Diego", "bulletFields": ["R2"]},
        ]  # fmt: skip
        return Reply(
            200, json.dumps({"total": 2, "jobPostings": [] if offset else postings}).encode()
        )
    name = request.path.rsplit("/", 1)[-1]
    title = "Backend Engineer" if name.endswith("_R1") else "Data Engineer (Hybrid)"
    page = {
        "jobPostingInfo": {
            "title": title,
            "jobPostingId": name,
            "jobDescription": f"<p>As our {title} you build services in Python and Go.</p>",
            "location": "USA VA Reston" if name.endswith("_R1") else "USA CA San Diego",
            "timeType": "Full time",
            "startDate": "2026-07-07",
            "externalUrl": f"https://example.wd5.myworkdayjobs.com/Careers/job/{name}",
        }
    }
    return Reply(200, json.dumps(page).encode())


async def test_a_workday_search_is_completed_by_each_jobs_page(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    server: LocalServer,
) -> None:
    """A Workday search lists no descriptions: each job's page is read for its description,
    employment type and apply URL, and the job keeps its search place and workplace."""
    base = "/wday/cxs/acme/Careers"
    server.routes[f"{base}/jobs"] = _workday_site
    for name in ("USA-VA-Reston/Backend-Engineer_R1", "USA-CA-San-Diego/Data-Engineer--Hybrid-_R2"):
        server.routes[f"{base}/job/{name}"] = _workday_site
    slug = company["slug"]
    created = await client.post(
        f"/api/v1/companies/{slug}/feeds",
        json={"kind": "workday", "url": server.url(f"{base}/jobs"), "sync_interval_minutes": None},
        headers=employer.headers,
    )
    feed_id = created.json()["id"]
    await client.post(f"/api/v1/companies/{slug}/feeds/{feed_id}/sync", headers=employer.headers)
    assert (await run_queued(database)).failures == []
    feed = (
        await client.get(f"/api/v1/companies/{slug}/feeds/{feed_id}", headers=employer.headers)
    ).json()
    assert (feed["last_result"]["created"], feed["last_result"]["failed"]) == (2, 0)
    assert sorted(request.path for request in server.received if request.method == "GET") == [
        f"{base}/job/USA-CA-San-Diego/Data-Engineer--Hybrid-_R2",
        f"{base}/job/USA-VA-Reston/Backend-Engineer_R1",
    ]
    listed = await client.get(
        f"/api/v1/companies/{slug}/jobs", params={"status": "published"}, headers=employer.headers
    )
    jobs = {job["title"]: job for job in listed.json()["items"]}
    backend = jobs["Backend Engineer"]
    assert "build services in Python and Go" in backend["description"]
    assert backend["employment_type"] == "full_time"
    assert backend["apply_url"].endswith("/Backend-Engineer_R1")
    assert _places(backend) == [("city", "Reston")]
    assert jobs["Data Engineer (Hybrid)"]["workplace"] == "hybrid"


# A USAJOBS search answer of one item, shaped as the recorded one.
USAJOBS_ANSWER = {
    "SearchResult": {
        "SearchResultCount": 1,
        "SearchResultItems": [
            {
                "MatchedObjectId": "FSA-2026-0118",
                "MatchedObjectDescriptor": {
                    "PositionID": "FSA-2026-0118",
                    "PositionTitle": "IT Specialist (APPSW)",
                    "OrganizationName": "Federal Student Aid",
                    "PositionURI": "https://www.usajobs.gov:443/job/875046600",
                    "PositionLocationDisplay": "Anywhere in the U.S. (remote job)",
                    "PositionRemuneration": [
                        {
                            "MinimumRange": "147945",
                            "MaximumRange": "197200",
                            "RateIntervalCode": "PA",
                            "Description": "Per Year",
                        }
                    ],
                    "PublicationStartDate": "2026-07-01T00:00:00.0000",
                    "UserArea": {
                        "Details": {
                            "JobSummary": "Build and run the student aid systems in Python.",
                            "RemoteIndicator": True,
                        }
                    },
                },
            }
        ],
    }
}


async def test_a_usajobs_feed_is_fetched_with_its_credential_which_is_never_shown(
    client: httpx.AsyncClient,
    database: Database,
    employer: Account,
    company: dict[str, Any],
    server: LocalServer,
) -> None:
    """USAJOBS wants its API key in `Authorization-Key` and the e-mail it was issued to as
    `User-Agent`: the feed sends both, stores the key sealed and never answers it back."""
    key = "usajobs-key-Zq81x"
    server.serve("/api/search", json.dumps(USAJOBS_ANSWER).encode())
    slug = company["slug"]
    created = await client.post(
        f"/api/v1/companies/{slug}/feeds",
        json={
            "kind": "usajobs",
            "url": server.url("/api/search"),
            "sync_interval_minutes": None,
            "credential": {"api_key": key, "account": "jobs@example.com"},
        },
        headers=employer.headers,
    )
    assert created.status_code == 201, created.text
    assert created.json()["has_credential"] is True
    feed_id = created.json()["id"]
    await client.post(f"/api/v1/companies/{slug}/feeds/{feed_id}/sync", headers=employer.headers)
    assert (await run_queued(database)).failures == []
    [request] = server.received
    assert request.headers["authorization-key"] == key
    assert request.headers["user-agent"] == "jobs@example.com"
    read = await client.get(f"/api/v1/companies/{slug}/feeds/{feed_id}", headers=employer.headers)
    assert read.json()["last_result"]["created"] == 1
    listed = await client.get(f"/api/v1/companies/{slug}/feeds", headers=employer.headers)
    for answer in (created, read, listed):
        assert key not in answer.text
        assert "jobs@example.com" not in answer.text
    async with database.sessionmaker() as session:
        sealed = await session.scalar(
            select(FeedSource.credential_ciphertext).where(FeedSource.id == feed_id)
        )
    assert sealed is not None
    assert key.encode() not in sealed

    cleared = await client.patch(
        f"/api/v1/companies/{slug}/feeds/{feed_id}",
        json={"credential": None},
        headers=employer.headers,
    )
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["has_credential"] is False


async def test_a_feed_that_takes_no_credential_refuses_one(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    response = await client.post(
        f"/api/v1/companies/{company['slug']}/feeds",
        json={
            "kind": "greenhouse",
            "board_token": "acme",
            "credential": {"api_key": "secret-key", "account": "me@example.com"},
        },
        headers=employer.headers,
    )
    assert response.status_code == 422
    assert "secret-key" not in response.text
