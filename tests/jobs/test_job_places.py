"""Jobs placed in a country, a state or a named region: accepted, published, read back and
found by a search for the country."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from conftest import Account, assert_problem, job_payload, problem_fields

MakeJob = Callable[..., Awaitable[dict[str, Any]]]
SEARCH = "/api/v1/jobs/search"
VALIDATION = "/problems/validation-error"


async def _ids(client: httpx.AsyncClient, **params: Any) -> list[int]:
    response = await client.get(SEARCH, params={"limit": 100, **params})
    assert response.status_code == 200, response.text
    return sorted(item["id"] for item in response.json()["items"])


async def test_an_onsite_job_placed_only_in_a_country_publishes(make_job: MakeJob) -> None:
    """ "Netherlands" is a valid place of its own: kind country, no city and no point."""
    job = await make_job(
        status="published", workplace="onsite", locations=[{"name": "Netherlands"}]
    )
    [place] = job["locations"]
    assert place["kind"] == "country"
    assert (place["name"], place["country_code"], place["city"]) == ("The Netherlands", "NL", None)
    assert place["geoname_id"] == 2750405
    assert (place["latitude"], place["longitude"]) == (None, None)


async def test_divisions_and_areas_are_places(make_job: MakeJob) -> None:
    """A province and a named region are stored as given, and read back by name."""
    job = await make_job(
        status="published",
        workplace="hybrid",
        locations=[{"name": "Ontario, Canada"}, {"name": "EMEA"}, {"geoname_id": 6252001}],
    )
    assert [(place["kind"], place["name"]) for place in job["locations"]] == [
        ("division", "Ontario"),
        ("area", "EMEA"),
        ("country", "United States"),
    ]
    assert job["locations"][1]["area"] == "emea"
    assert job["locations"][0]["country_code"] == "CA"


async def test_an_unknown_place_is_a_field_problem(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """A name that is no city, division, country or region is a 422 on that location."""
    response = await client.post(
        "/api/v1/jobs",
        json=job_payload(company["slug"], locations=[{"name": "Berlin"}, {"name": "Qwxzv"}]),
        headers=employer.headers,
    )
    assert problem_fields(assert_problem(response, 422, VALIDATION)) == ["body.locations[1]"]


async def test_a_country_search_finds_country_and_city_jobs(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """`location=Netherlands` finds jobs in Dutch cities and jobs placed in the country;
    a radius search around Amsterdam finds only the jobs with a city within the radius."""
    country = await make_job(status="published", locations=[{"name": "Netherlands"}])
    city = await make_job(status="published", locations=[{"name": "Amsterdam"}])
    elsewhere = await make_job(status="published", locations=[{"name": "Berlin"}])
    assert await _ids(client, location="Netherlands") == sorted([country["id"], city["id"]])
    assert await _ids(client, location="NL") == sorted([country["id"], city["id"]])
    assert await _ids(client, country="NL") == sorted([country["id"], city["id"]])
    assert await _ids(client, location="Amsterdam", radius_km=50) == [city["id"]]
    assert elsewhere["id"] not in await _ids(client, location="Netherlands")
    response = await client.get(SEARCH, params={"facets": "country,city"})
    facets = response.json()["facets"]
    assert {item["value"]: item["count"] for item in facets["country"]} == {"NL": 2, "DE": 1}
    assert {item["label"].split(",")[0] for item in facets["city"]} == {"Amsterdam", "Berlin"}


async def test_a_keyword_search_finds_a_job_by_its_region(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """The place's words are indexed: a job placed in LATAM is found by "latin america"."""
    job = await make_job(status="published", workplace="onsite", locations=[{"name": "LATAM"}])
    assert await _ids(client, q="LATAM") == [job["id"]]


async def test_a_state_search_finds_its_cities_and_the_state(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """`location=California` finds jobs in Californian cities and jobs placed in the state,
    not jobs elsewhere in the country."""
    state = await make_job(status="published", locations=[{"name": "California"}])
    city = await make_job(status="published", locations=[{"name": "San Francisco, CA"}])
    texas = await make_job(status="published", locations=[{"name": "Austin, TX"}])
    country = await make_job(status="published", locations=[{"name": "United States"}])
    found = await _ids(client, location="California")
    assert found == sorted([state["id"], city["id"]])
    assert texas["id"] not in found
    assert country["id"] not in found


async def test_a_region_search_finds_its_countries_and_smaller_regions(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """`location=Europe` finds jobs in European cities, countries and regions inside Europe
    ("EU"); not a job placed in the wider EMEA, which may be anywhere in it."""
    berlin = await make_job(status="published", locations=[{"name": "Berlin"}])
    netherlands = await make_job(status="published", locations=[{"name": "Netherlands"}])
    eu = await make_job(status="published", locations=[{"name": "EU"}])
    emea = await make_job(status="published", locations=[{"name": "EMEA"}])
    austin = await make_job(status="published", locations=[{"name": "Austin, TX"}])
    assert await _ids(client, location="Europe") == sorted(
        [berlin["id"], netherlands["id"], eu["id"]]
    )
    assert await _ids(client, location="EMEA") == sorted(
        [berlin["id"], netherlands["id"], eu["id"], emea["id"]]
    )
    assert austin["id"] not in await _ids(client, location="EMEA")


async def test_a_place_that_is_none_is_still_a_field_problem(client: httpx.AsyncClient) -> None:
    response = await client.get(SEARCH, params={"location": "Qwxzv"})
    assert problem_fields(assert_problem(response, 422, VALIDATION)) == ["query.location"]
