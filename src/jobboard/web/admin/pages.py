"""``/admin/reports``: the moderation queue, oldest first, each report with its evidence
and the decisions (``moderation.service.resolve``); ``/admin/audit``: the audit log of
every company. Platform admins only: anyone else signed in gets 403."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse

from jobboard.audit import service as audit
from jobboard.companies import repository as companies_repository
from jobboard.dependencies import DbSession
from jobboard.errors import NotFound
from jobboard.kit.ids import Id
from jobboard.kit.urls import job_path
from jobboard.models import AuditEvent
from jobboard.moderation import service as moderation
from jobboard.moderation.service import REASON_WORDS
from jobboard.web.rendering import page
from jobboard.web.routing import PageRoute
from jobboard.web.session import SignedInViewer

router = APIRouter(route_class=PageRoute, include_in_schema=False)

AUDIT_SHOWN = 100
ACTION_WORDS = {
    "dismiss": "Dismiss: the job keeps to the rules",
    "close_job": "Take the job down",
    "warn_company": "Warn the company",
    "disable_company": "Disable the company and take its jobs down",
}


@router.get("/admin/reports")
async def queue(request: Request, session: DbSession, viewer: SignedInViewer) -> Response:
    moderation.require_moderator(viewer.principal)
    rows = (await session.execute(moderation.open_reports())).all()
    return page(
        request,
        "admin/reports.html",
        title="Reports to moderate",
        reports=[
            (report, job, company, job_path(job.id, job.title)) for report, job, company in rows
        ],
        reasons=REASON_WORDS,
        actions=list(ACTION_WORDS.items()),
    )


@router.post("/admin/reports/{report_id}")
async def decide(
    report_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    form = await request.form()
    action, note = form.get("action"), form.get("note")
    await moderation.resolve(
        session,
        principal=viewer.principal,
        report_id=report_id,
        action=action if isinstance(action, str) else "",
        note=note.strip() if isinstance(note, str) else "",
    )
    viewer.flash("report-resolved")
    return RedirectResponse("/admin/reports", status_code=303)


@router.get("/admin/audit")
async def audit_log(
    request: Request,
    session: DbSession,
    viewer: SignedInViewer,
    company: Annotated[str | None, Query(max_length=80)] = None,
    action: Annotated[str | None, Query(max_length=80)] = None,
) -> Response:
    moderation.require_moderator(viewer.principal)
    company_id = None
    if company:
        found = await companies_repository.get_by_slug(session, company)
        if found is None:
            raise NotFound(f"There is no company “{company}”.")
        company_id = found.id
    events = list(
        await session.scalars(
            audit.events(company_id=company_id, action=action or None)
            .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
            .limit(AUDIT_SHOWN)
        )
    )
    return page(
        request,
        "admin/audit.html",
        title="Audit log",
        events=events,
        company=company or "",
        action=action or "",
        shown=AUDIT_SHOWN,
    )
