"""JSON-LD for Google for Jobs: the rendered description, where remote applicants may live,
whether they apply here, and the canonical address; checked on demo jobs and on jobs posted
through the API, on both engines."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.db import Database
from jobboard.demo.generator import generate
from jobboard.demo.loader import load_demo
from jobboard.jobs import repository
from jobboard.kit.clock import utcnow
from jobboard.kit.markdown import render_description
from jobboard.models import Company, Job
from jobboard.places.regions import AMERICAS, EUROPE
from jobboard.taxonomy.catalog import load_catalog
from jobboard.web.structured_data import applicant_location_requirements, job_posting

MakeJob = Callable[..., Awaitable[dict[str, Any]]]
WORLDWIDE = [{"@type": "AdministrativeArea", "name": "Worldwide"}]
# Markdown left in HTML: a heading or list marker at a line start, or strong emphasis.
RAW_MARKDOWN = re.compile(r"(?m)^(#{1,6} |[-*+] |\d+\. )|\*\*|__")


def _countries(codes: frozenset[str] | list[str]) -> list[dict[str, str]]:
    return [{"@type": "Country", "name": code} for code in sorted(codes)]


@pytest.mark.parametrize(
    ("regions", "expected"),
    [
        (["DE", "NL"], _countries(["DE", "NL"])),
        (["europe"], _countries(EUROPE)),
        (["americas", "DE", "US"], _countries(AMERICAS | {"DE"})),
        (["worldwide"], WORLDWIDE),
        (["DE", "worldwide"], WORLDWIDE),
        ([], WORLDWIDE),
        (
            ["California", "US"],
            [*_countries(["US"]), {"@type": "AdministrativeArea", "name": "California"}],
        ),
    ],
)
def test_remote_regions_become_countries_or_areas(
    regions: list[str], expected: list[dict[str, str]]
) -> None:
    """Codes are countries, region words the countries Jobboard's search opens them to,
    other names areas as named; "worldwide" and no regions at all are the world."""
    assert applicant_location_requirements(regions) == expected


async def _load_demo_jobs(session: AsyncSession, count: int) -> list[Job]:
    data = generate(load_catalog(), now=utcnow(), companies=30, jobs=count, seed=7)
    await load_demo(session, data=data)
    await session.commit()
    return list(await session.scalars(repository.with_details(select(Job).order_by(Job.id))))


async def test_every_demo_job_posting_has_rendered_html_and_remote_ones_say_where(
    session: AsyncSession,
) -> None:
    """Over a few hundred demo jobs: every remote one is TELECOMMUTE with a non-empty
    applicantLocationRequirements, others are neither; every description is the stored
    rendering, HTML with no Markdown left in it; every job applies here."""
    jobs = await _load_demo_jobs(session, 400)
    remote = [job for job in jobs if job.workplace == "remote"]
    assert len(remote) >= 40, "enough remote jobs to mean something"
    assert {region for job in remote for region in job.remote_regions} >= {"worldwide", "europe"}
    for job in jobs:
        posting = job_posting(job)
        if job.workplace == "remote":
            assert posting["jobLocationType"] == "TELECOMMUTE", job.id
            places = posting["applicantLocationRequirements"]
            assert places, job.id
            assert all(place["@type"] in ("Country", "AdministrativeArea") for place in places)
        else:
            assert "jobLocationType" not in posting
            assert "applicantLocationRequirements" not in posting
            assert posting["jobLocation"], job.id
        description = posting["description"]
        assert description == job.description_html
        assert "<p>" in description
        assert "<h2>" in description
        assert "<li>" in description
        assert RAW_MARKDOWN.search(description) is None, description
        assert posting["directApply"] is True


async def test_a_posting_from_a_markdown_job_over_http(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """The page and its JSON-LD show the Markdown rendered (headings below the title,
    lists, links with rel) and the page itself shows no Markdown markers."""
    job = await make_job(
        status="published",
        description=(
            "# About us\n\nWe build **payments**.\n\n## You will\n\n- Ship\n- Review\n\n"
            "1. Call\n2. Offer\n\nSee [our blog](https://example.com/blog)."
        ),
    )
    data = (await client.get(f"/jobs/{job['id']}.jsonld")).json()
    assert data["description"] == (
        "<h2>About us</h2>\n<p>We build <strong>payments</strong>.</p>\n<h3>You will</h3>\n"
        "<ul>\n<li>Ship</li>\n<li>Review</li>\n</ul>\n<ol>\n<li>Call</li>\n<li>Offer</li>\n"
        '</ol>\n<p>See <a href="https://example.com/blog" rel="nofollow noopener ugc">our '
        "blog</a>.</p>"
    )
    page = await client.get(f"/jobs/{job['id']}", follow_redirects=True)
    assert data["description"] in page.text
    assert "**" not in page.text
    assert "# About us" not in page.text


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "[click](javascript:alert(1))",
        '<a href="JaVaScRiPt:alert(1)">click</a>',
        "<javascript:alert(1)>",
    ],
)
async def test_no_script_reaches_the_page_or_the_posting(
    client: httpx.AsyncClient, make_job: MakeJob, attack: str
) -> None:
    """What an employer types never becomes a tag or a script address on the page or in
    the JSON-LD."""
    job = await make_job(status="published", description=f"Hello.\n\n{attack}\n\nBye.")
    page = (await client.get(f"/jobs/{job['id']}", follow_redirects=True)).text
    article = page[page.index("<article>") : page.index("</article>")]
    assert not re.search(r"<(script|img|svg)\b", article, re.IGNORECASE)
    assert not re.search(r"<a\b[^>]*javascript", page, re.IGNORECASE)
    description = (await client.get(f"/jobs/{job['id']}.jsonld")).json()["description"]
    assert not re.search(r"<(script|img|svg)\b", description, re.IGNORECASE)
    assert not re.search(r"<a\b", description)


async def test_remote_jobs_name_regions_and_hybrid_ones_do_not(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """A remote job open to Europe lists Europe's countries; one without regions is open
    worldwide; a hybrid job keeps its places and is no TELECOMMUTE job."""
    europe = await make_job(
        status="published", workplace="remote", locations=[], remote_regions=["europe"]
    )
    anywhere = await make_job(status="published", workplace="remote", locations=[])
    hybrid = await make_job(status="published", remote_regions=["DE"])
    europe_data = (await client.get(f"/jobs/{europe['id']}.jsonld")).json()
    assert europe_data["jobLocationType"] == "TELECOMMUTE"
    assert europe_data["applicantLocationRequirements"] == _countries(EUROPE)
    assert "jobLocation" not in europe_data
    anywhere_data = (await client.get(f"/jobs/{anywhere['id']}.jsonld")).json()
    assert anywhere_data["applicantLocationRequirements"] == WORLDWIDE
    hybrid_data = (await client.get(f"/jobs/{hybrid['id']}.jsonld")).json()
    assert "jobLocationType" not in hybrid_data
    assert "applicantLocationRequirements" not in hybrid_data
    assert hybrid_data["jobLocation"][0]["address"]["addressCountry"] == "DE"


async def test_direct_apply_follows_where_people_apply(
    client: httpx.AsyncClient, make_job: MakeJob
) -> None:
    """directApply is true for jobs taking applications here, false for those that send
    applicants to the employer's site."""
    here = await make_job(status="published")
    elsewhere = await make_job(status="published", apply_url="https://careers.example.com/1")
    assert (await client.get(f"/jobs/{here['id']}.jsonld")).json()["directApply"] is True
    assert (await client.get(f"/jobs/{elsewhere['id']}.jsonld")).json()["directApply"] is False


async def test_the_organization_links_its_website_and_the_job_its_canonical_page(
    client: httpx.AsyncClient, database: Database, company: dict[str, Any], make_job: MakeJob
) -> None:
    """hiringOrganization carries sameAs when the company has a website; the identifier is
    the requisition id when there is one; url is the canonical page."""
    async with database.unit_of_work() as session:
        await session.execute(
            update(Company)
            .where(Company.slug == company["slug"])
            .values(website="https://acme.example")
        )
    job = await make_job(status="published", title="Go Engineer", requisition_id="REQ-7")
    data = (await client.get(f"/jobs/{job['id']}.jsonld")).json()
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": company["name"],
        "sameAs": "https://acme.example",
    }
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "name": company["name"],
        "value": "REQ-7",
    }
    assert data["url"].endswith(f"/jobs/{job['id']}-go-engineer")
    assert data["validThrough"] == job["expires_at"].replace("Z", "+00:00")


async def test_a_job_without_stored_html_is_rendered_for_the_posting(
    client: httpx.AsyncClient, database: Database, make_job: MakeJob
) -> None:
    """Until `jobboard migrate` fills it in, a NULL rendering is made on the fly."""
    job = await make_job(status="published", description="## Hi\n\n- one")
    async with database.unit_of_work() as session:
        await session.execute(update(Job).where(Job.id == job["id"]).values(description_html=None))
    data = (await client.get(f"/jobs/{job['id']}.jsonld")).json()
    assert data["description"] == render_description("## Hi\n\n- one", "text")
    assert data["description"] == "<h2>Hi</h2>\n<ul>\n<li>one</li>\n</ul>"
