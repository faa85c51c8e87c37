"""Templates and how a page answer is made: Jinja2 with autoescape, the filters pages share,
security headers, and gzip.

Templates only present what the page handler gave them: no queries and no rules. The words
for money, dates and counts live in the filters here, so every page says them the same way.
"""

from __future__ import annotations

import gzip
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from jobboard.config import Settings
from jobboard.jobs.schemas import location_name
from jobboard.kit import money
from jobboard.kit.clock import as_utc, utcnow
from jobboard.kit.urls import job_path
from jobboard.places.gazetteer import get_gazetteer
from jobboard.places.regions import REGION_NAMES, WORLDWIDE
from jobboard.web.assets import accepts_gzip, asset_url
from jobboard.web.session import Viewer

TEMPLATES_DIR = Path(__file__).parent / "templates"
# Scripts and styles come from this origin only: no inline script can run, whatever a
# description or a search term smuggles into a page.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)
_GZIP_FROM_BYTES = 1400
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
_PERIOD_WORDS = {
    "hourly": "an hour",
    "daily": "a day",
    "weekly": "a week",
    "monthly": "a month",
    "yearly": "a year",
}
WORKPLACE_WORDS = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "On-site"}
EMPLOYMENT_WORDS = {
    "full_time": "Full-time",
    "part_time": "Part-time",
    "contractor": "Contract",
    "contract_to_hire": "Contract to hire",
    "temporary": "Temporary",
    "internship": "Internship",
    "volunteer": "Volunteer",
    "per_diem": "Per diem",
    "other": "Other",
}
SENIORITY_WORDS = {
    "intern": "Intern",
    "junior": "Junior",
    "mid": "Mid-level",
    "senior": "Senior",
    "staff": "Staff",
    "principal": "Principal",
    "manager": "Manager",
    "director": "Director",
    "unspecified": "Not stated",
}


def money_text(amount: int | None, currency: str, *, compact: bool = False) -> str:
    """Minor units as people write them: ``$120,000``, ``CHF 95,000``, ``€45.50``."""
    if amount is None:
        return ""
    major = Decimal(amount) / (10 ** money.CURRENCY_EXPONENT.get(currency, 2))
    if compact and major >= 10_000:
        number = f"{(major / 1000).quantize(Decimal('1'))}k"
    elif major == major.to_integral_value():
        number = f"{int(major):,}"
    else:
        number = f"{major:,.2f}"
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{currency} {number}"


def pay_text(salary: Any, *, compact: bool = False) -> str:
    """A pay range with its period: ``$120,000–$150,000 a year``; empty when unstated.

    ``salary`` is anything with ``min``, ``max``, ``currency`` and ``period``.
    """
    if salary is None or not salary.currency:
        return ""
    low = money_text(salary.min, salary.currency, compact=compact)
    high = money_text(salary.max, salary.currency, compact=compact)
    if low and high and low != high:
        # The code is said once: "CAD 95,000–115,000", but "$95,000–$115,000".
        code = salary.currency + " "
        amount = f"{low}–{high.removeprefix(code)}"
    elif low and not high:
        amount = f"from {low}"
    elif high and not low:
        amount = f"up to {high}"
    else:
        amount = low or high
    return f"{amount} {_PERIOD_WORDS.get(salary.period or 'yearly', '')}".strip()


def ago(value: datetime | None, now: datetime | None = None) -> str:
    """How long ago, in the words job boards use: today, yesterday, 3 days ago, 2 weeks ago."""
    if value is None:
        return ""
    days = ((now or utcnow()) - as_utc(value)).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    return f"{days // 30} months ago"


def day(value: datetime | None) -> str:
    return as_utc(value).strftime("%-d %B %Y") if value is not None else ""


def count(value: int | None) -> str:
    return f"{value or 0:,}"


def plural(number: int, singular: str, many: str | None = None) -> str:
    return f"{number:,} {singular if number == 1 else (many or singular + 's')}"


def country(code: str) -> str:
    name = get_gazetteer().country_name(code.upper())
    return str(name) if name else code


def regions_text(regions: list[str]) -> str:
    """Where a remote job's applicants may live: ``Europe``, ``Germany or Austria``,
    ``anywhere``."""
    if not regions or WORLDWIDE in regions:
        return "anywhere"
    names = [REGION_NAMES.get(region, "") or country(region) for region in regions]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def place_text(location: Any) -> str:
    """``Berlin, Germany``, ``Ontario, Canada``, ``Netherlands`` or ``EMEA`` from a job
    location (anything with ``kind``, ``city``, ``region``, ``country_code`` and ``area``)."""
    kind = getattr(location, "kind", "city")
    if kind == "area":
        return location_name(
            kind=kind, city=None, region=None, country_code=None, area=location.area
        )
    if kind == "country" or not location.country_code:
        return country(location.country_code) if location.country_code else ""
    first = location.region if kind == "division" else location.city
    return f"{first}, {country(location.country_code)}"


def where_text(job: Any) -> str:
    """Where a job is, in one phrase: ``Remote (Europe)``, ``Berlin, Germany (hybrid)``,
    ``London, United Kingdom +2 more``."""
    places = list(job.locations)
    if job.workplace == "remote":
        return f"Remote ({regions_text(list(job.remote_regions))})"
    if not places:
        return str(WORKPLACE_WORDS.get(job.workplace, job.workplace))
    first = place_text(places[0])
    more = f" +{len(places) - 1} more" if len(places) > 1 else ""
    hybrid = " (hybrid)" if job.workplace == "hybrid" else ""
    return first + more + hybrid


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "xml", "svg"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        money=money_text,
        pay=pay_text,
        ago=ago,
        day=day,
        count=count,
        percent=percent,
        country=country,
        regions=regions_text,
        place=place_text,
        where=where_text,
        pairs=lambda values: [(value, value) for value in values],
        workplace=lambda value: WORKPLACE_WORDS.get(value, value),
        employment=lambda value: EMPLOYMENT_WORDS.get(value, value),
        seniority=lambda value: SENIORITY_WORDS.get(value or "unspecified", value),
    )
    environment.globals.update(asset=asset_url, job_path=job_path, plural=plural)
    return environment


templates = _environment()


def base_url(settings: Settings) -> str:
    return settings.public_url.rstrip("/")


def render_text(name: str, **context: Any) -> str:
    return templates.get_template(name).render(**context)


def page(
    request: Request,
    name: str,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> Response:
    """Render template ``name`` as the answer to ``request``."""
    settings: Settings = request.app.state.settings
    viewer: Viewer | None = getattr(request.state, "viewer", None)
    base = base_url(settings)
    body = render_text(
        name,
        request=request,
        viewer=viewer,
        base_url=base,
        canonical=context.pop("canonical", None) or base + request.url.path,
        htmx=request.headers.get("hx-request") == "true",
        flash=viewer.take_flash() if viewer is not None else None,
        **context,
    ).encode()
    return html_response(request, body, status=status, headers=headers)


def html_response(
    request: Request, body: bytes, *, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """An HTML answer with the page headers, gzipped when the browser takes it."""
    return compressed_response(
        request,
        body,
        media_type=HTMLResponse.media_type,
        status=status,
        headers={
            "Content-Security-Policy": PAGE_CSP,
            "Cache-Control": "no-cache, private",
            "Vary": "Accept-Encoding, Cookie, HX-Request",
            **(headers or {}),
        },
    )


def compressed_response(
    request: Request,
    body: bytes,
    *,
    media_type: str,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """An answer gzipped when the client takes it and it is worth it."""
    all_headers = {"Vary": "Accept-Encoding", **(headers or {})}
    if len(body) >= _GZIP_FROM_BYTES and accepts_gzip(request):
        body = gzip.compress(body, compresslevel=5, mtime=0)
        all_headers["Content-Encoding"] = "gzip"
    return Response(body, status_code=status, media_type=media_type, headers=all_headers)
