"""schema.org JobPosting for a job, following Google for Jobs' rules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from jobboard.applications.service import takes_applications_here
from jobboard.config import get_settings
from jobboard.jobs.descriptions import description_html as description_html
from jobboard.kit import money
from jobboard.kit.clock import as_utc
from jobboard.kit.urls import job_path
from jobboard.models import Job
from jobboard.places.regions import REGION_WORDS, WORLDWIDE

EMPLOYMENT_TYPES = {
    "full_time": "FULL_TIME",
    "part_time": "PART_TIME",
    "contractor": "CONTRACTOR",
    "contract_to_hire": "CONTRACTOR",
    "temporary": "TEMPORARY",
    "internship": "INTERN",
    "volunteer": "VOLUNTEER",
    "per_diem": "PER_DIEM",
    "other": "OTHER",
}
UNITS = {"hourly": "HOUR", "daily": "DAY", "weekly": "WEEK", "monthly": "MONTH", "yearly": "YEAR"}


# The world, for jobs open to applicants anywhere. Google reads countries and states; a list
# of every country would say the same in some 250 entries on every such page.
WORLDWIDE_AREA = {"@type": "AdministrativeArea", "name": "Worldwide"}


def applicant_location_requirements(remote_regions: Sequence[str]) -> list[dict[str, str]]:
    """Where applicants to a fully remote job may live, as schema.org places.

    A country code is that ``Country``. A region word ("europe", "americas", "apac", "emea")
    is the countries it stands for: those are the countries Jobboard's own remote-region
    search finds the job from, and countries are what Google matches applicants against (a
    continent is no ``AdministrativeArea`` it can place). Any other name is kept as the
    ``AdministrativeArea`` the employer named ("California"). "worldwide", and a job naming
    no region at all, is the world: a fully remote job that sets no bounds has none.
    """
    names = [region.strip() for region in remote_regions if region.strip()]
    if not names or any(name.lower() == WORLDWIDE for name in names):
        return [dict(WORLDWIDE_AREA)]
    countries: set[str] = set()
    areas: list[str] = []
    for name in names:
        if name.lower() in REGION_WORDS:
            countries |= REGION_WORDS[name.lower()]
        elif len(name) == 2 and name.isalpha():
            countries.add(name.upper())
        elif name not in areas:
            areas.append(name)
    return [{"@type": "Country", "name": code} for code in sorted(countries)] + [
        {"@type": "AdministrativeArea", "name": name} for name in areas
    ]


def _major(amount: int, currency: str) -> int | float:
    value = Decimal(amount) / (10 ** money.CURRENCY_EXPONENT.get(currency, 2))
    return int(value) if value == value.to_integral_value() else float(value)


def _iso(value: datetime) -> str:
    return as_utc(value).isoformat()


def job_posting(job: Job) -> dict[str, Any]:
    """The JSON-LD object; ``job.company`` and ``job.locations`` must be loaded."""
    company = job.company
    base = get_settings().public_url.rstrip("/")
    posting: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": description_html(job),
        "identifier": {
            "@type": "PropertyValue",
            "name": company.name,
            "value": job.requisition_id or str(job.id),
        },
        "datePosted": _iso(job.published_at or job.created_at),
        "employmentType": EMPLOYMENT_TYPES.get(job.employment_type, "OTHER"),
        "hiringOrganization": {"@type": "Organization", "name": company.name},
        "url": base + job_path(job.id, job.title),
        "directApply": takes_applications_here(job),
    }
    if company.website:
        posting["hiringOrganization"]["sameAs"] = company.website
    if job.expires_at is not None:
        posting["validThrough"] = _iso(job.expires_at)
    if job.locations:
        # An area of several countries is no postal address.
        places = [
            {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    **({"addressLocality": location.city} if location.city else {}),
                    **({"addressRegion": location.region} if location.region else {}),
                    "addressCountry": location.country_code,
                },
            }
            for location in job.locations
            if location.country_code
        ]
        if places:
            posting["jobLocation"] = places
    if job.workplace == "remote":
        # TELECOMMUTE is for fully remote jobs only; hybrid jobs keep their places.
        posting["jobLocationType"] = "TELECOMMUTE"
        posting["applicantLocationRequirements"] = applicant_location_requirements(
            job.remote_regions
        )
    if job.salary_currency and (job.salary_min is not None or job.salary_max is not None):
        value: dict[str, Any] = {
            "@type": "QuantitativeValue",
            "unitText": UNITS.get(job.salary_period or "yearly", "YEAR"),
        }
        if job.salary_min is not None:
            value["minValue"] = _major(job.salary_min, job.salary_currency)
        if job.salary_max is not None:
            value["maxValue"] = _major(job.salary_max, job.salary_currency)
        posting["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": job.salary_currency,
            "value": value,
        }
    return posting
