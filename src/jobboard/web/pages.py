"""Public job pages: ``/jobs/{id}`` (HTML with embedded JSON-LD) and ``/jobs/{id}.jsonld``.

Expired and closed jobs answer 410 Gone, drafts and unknown ids 404, as Google for Jobs asks
of jobs no longer open.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from jobboard.auth.principal import ANONYMOUS
from jobboard.db import DbSession
from jobboard.errors import NotFound
from jobboard.jobs import service
from jobboard.kit.clock import utcnow
from jobboard.models import Job
from jobboard.routing import UnitOfWorkRoute
from jobboard.web.structured_data import description_html, job_posting

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)
templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}
GONE_STATES = ("expired", "closed")


def _script_json(data: dict[str, Any]) -> Markup:
    """JSON safe inside <script>: no '<', '>' or '&' that could end the element."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 - escaped above for a script element


async def _public_job(session: DbSession, job_id: int) -> tuple[Job | None, str]:
    try:
        job = await service.get_readable(session, principal=ANONYMOUS, job_id=job_id)
    except NotFound:
        return None, "missing"
    return job, service.effective_status(job, utcnow())


def _html(name: str, status: int, **context: Any) -> HTMLResponse:
    body = templates.get_template(name).render(**context)
    return HTMLResponse(body, status_code=status, headers=PAGE_HEADERS)


@router.get("/jobs/{job_id:int}.jsonld")
async def job_json_ld(job_id: int, session: DbSession) -> Response:
    job, status = await _public_job(session, job_id)
    if job is None:
        return JSONResponse({"error": "not found"}, status_code=404)
    if status in GONE_STATES:
        return JSONResponse({"error": f"this job is {status}"}, status_code=410)
    return JSONResponse(job_posting(job), media_type="application/ld+json")


@router.get("/jobs/{job_id:int}")
async def job_page(job_id: int, session: DbSession, request: Request) -> Response:
    job, status = await _public_job(session, job_id)
    if job is None:
        return _html("gone.html", 404, title="No such job", message="This job does not exist.")
    if status in GONE_STATES:
        return _html(
            "gone.html",
            410,
            title=job.title,
            message=f"This job is {status} and no longer takes applications.",
        )
    return _html(
        "job.html",
        200,
        job=job,
        description=Markup(description_html(job)),  # noqa: S704 - sanitized or escaped
        json_ld=_script_json(job_posting(job)),
    )
