"""The workspace shell: which companies the signed-in person works for (``/employer``),
creating one, a company's overview of its jobs (``/employer/{slug}``), and what every page
of the workspace shares: the company and the viewer's role in it, checked on every request
through ``companies.service.require_role``, and the layout with its navigation.

A removed member loses the workspace at once: the role is read from the membership row on
every request, never remembered in the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from jobboard.applications import board
from jobboard.audit import service as audit
from jobboard.companies import repository as companies_repository
from jobboard.companies import service as companies
from jobboard.companies.repository import ALL_MEMBER_ROLES, EDITOR_ROLES
from jobboard.companies.schemas import CompanyCreate
from jobboard.dependencies import DbSession
from jobboard.errors import Conflict, Forbidden, NotFound, ValidationFailed
from jobboard.jobs import repository as jobs_repository
from jobboard.jobs import service as jobs
from jobboard.kit.clock import utcnow
from jobboard.models import AuditEvent, Company, Job
from jobboard.models.hiring import TERMINAL_STAGES
from jobboard.web.rendering import page
from jobboard.web.routing import PageRoute
from jobboard.web.session import SignedInViewer, Viewer

router = APIRouter(route_class=PageRoute, include_in_schema=False)

# The workspace's navigation: (section, path under /employer/{slug}, label, roles that see it).
SECTIONS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("jobs", "", "Jobs", ALL_MEMBER_ROLES),
    ("new-job", "/jobs/new", "Post a job", EDITOR_ROLES),
    ("profile", "/profile", "Company profile", ALL_MEMBER_ROLES),
    ("team", "/team", "Team", ALL_MEMBER_ROLES),
    ("feeds", "/feeds", "Job feeds", ALL_MEMBER_ROLES),
    ("webhooks", "/webhooks", "Webhooks", ALL_MEMBER_ROLES),
    ("clients", "/clients", "API clients", ("owner",)),
    ("activity", "/activity", "Activity", ("owner",)),
)
STATUS_ORDER = ("draft", "published", "expired", "closed")
STATUS_WORDS = {
    "draft": "Drafts",
    "published": "Open",
    "expired": "Expired",
    "closed": "Closed",
}
CLOSING_WORDS = {
    "filled": "Filled",
    "cancelled": "Cancelled",
    "on_hold": "On hold",
    "duplicate": "A duplicate",
    "removed_from_source": "Removed from the company's system",
    "moderated": "Closed by the moderators",
    "other": "Other",
}
JOBS_SHOWN = 200


@dataclass(frozen=True, slots=True)
class Workspace:
    """A company as one of its members (or an admin) works on it."""

    company: Company
    role: str

    @property
    def can_edit(self) -> bool:
        return self.role in EDITOR_ROLES

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"


async def workspace(
    session: DbSession, viewer: Viewer, slug: str, *, roles: tuple[str, ...] = ALL_MEMBER_ROLES
) -> Workspace:
    """The company and the viewer's role in it; 404 for an unknown company, 403 for anyone
    who does not hold one of ``roles`` (admins hold every role)."""
    company = await companies_repository.get_by_slug(session, slug)
    if company is None:
        raise NotFound(f"There is no company “{slug}”.")
    return await workspace_of(session, viewer, company, roles=roles)


async def workspace_of(
    session: DbSession,
    viewer: Viewer,
    company: Company,
    *,
    roles: tuple[str, ...] = ALL_MEMBER_ROLES,
) -> Workspace:
    """``workspace`` for a company already read (a job's), without reading it again."""
    role = await companies.require_role(
        session, company=company, principal=viewer.principal, roles=roles
    )
    return Workspace(company=company, role=role)


def workspace_page(
    request: Request,
    here: Workspace,
    name: str,
    *,
    section: str,
    title: str,
    status: int = 200,
    **context: Any,
) -> Response:
    """A page of a company's workspace; the navigation marks ``section`` as current."""
    slug = here.company.slug
    sections = [
        (key, f"/employer/{slug}{path}", label)
        for key, path, label, roles in SECTIONS
        if here.role in roles
    ]
    return page(
        request,
        name,
        status=status,
        title=f"{title} · {here.company.name}",
        heading=title,
        here=here,
        section=section,
        sections=sections,
        **context,
    )


@router.get("/employer")
async def companies_page(request: Request, session: DbSession, viewer: SignedInViewer) -> Response:
    assert viewer.user_id is not None
    memberships = await companies_repository.memberships(session, user_id=viewer.user_id)
    may_create = viewer.principal.has_scope("companies:write")
    if not memberships and not may_create:
        raise Forbidden(
            "The employer workspace is for people who hire. Your account is for finding a job."
        )
    return page(
        request,
        "employer/companies.html",
        title="Your companies",
        memberships=memberships,
        may_create=may_create,
        values={},
        errors={},
    )


@router.post("/employer/companies")
async def create_company(request: Request, session: DbSession, viewer: SignedInViewer) -> Response:
    assert viewer.user_id is not None
    if not viewer.principal.has_scope("companies:write"):
        raise Forbidden("Only employer accounts create companies.")
    form = await request.form()
    values = {
        name: value.strip() if isinstance(value := form.get(name), str) else ""
        for name in ("name", "headquarters")
    }
    errors: dict[str, str] = {}
    try:
        data = CompanyCreate.model_validate(
            {"name": values["name"], "headquarters": values["headquarters"] or None}
        )
        company = await companies.create_company(session, principal=viewer.principal, data=data)
    except ValidationError as invalid:
        for item in invalid.errors():
            field = str(item["loc"][0]) if item["loc"] else "name"
            errors.setdefault(
                field,
                "Enter the company's name" if field == "name" else "Enter a city, such as Berlin",
            )
    except ValidationFailed as failed:
        for item in failed.extensions.get("errors", []):
            field = str(item.get("field", "")).removeprefix("body.")
            errors.setdefault(
                "headquarters" if field == "headquarters" else "name",
                "Enter a city, such as Berlin or Austin, TX"
                if field == "headquarters"
                else "Give the company a name with a few letters",
            )
        errors = errors or {"name": failed.detail}
    except Conflict as taken:
        errors = {"name": f"{taken.detail} Add a word to the name to tell them apart."}
    if errors:
        memberships = await companies_repository.memberships(session, user_id=viewer.user_id)
        return page(
            request,
            "employer/companies.html",
            status=422,
            title="Your companies",
            memberships=memberships,
            may_create=True,
            values=values,
            errors=errors,
        )
    viewer.flash("company-created")
    return RedirectResponse(f"/employer/{company.slug}", status_code=303)


ACTIVITY_SHOWN = 100


@router.get("/employer/{slug}/activity")
async def activity(
    slug: str, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    """The company's audit log, for its owners."""
    here = await workspace(session, viewer, slug, roles=("owner",))
    events = list(
        await session.scalars(
            audit.events(company_id=here.company.id)
            .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
            .limit(ACTIVITY_SHOWN)
        )
    )
    return workspace_page(
        request,
        here,
        "employer/activity.html",
        section="activity",
        title="Activity",
        events=events,
        shown=ACTIVITY_SHOWN,
    )


@dataclass(frozen=True, slots=True)
class JobLine:
    id: int
    title: str
    status: str
    updated_at: Any
    published_at: Any
    expires_at: Any
    closing_reason: str | None
    applications: int
    open_applications: int


@router.get("/employer/{slug}")
async def overview(
    slug: str, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    here = await workspace(session, viewer, slug)
    now = utcnow()
    rows = list(
        await session.scalars(
            jobs_repository.readable_jobs(viewer.principal)
            .where(Job.company_id == here.company.id)
            .order_by(Job.updated_at.desc(), Job.id.desc())
            .limit(JOBS_SHOWN)
        )
    )
    counts = await board.counts_by_job(session, [job.id for job in rows])
    groups: dict[str, list[JobLine]] = {status: [] for status in STATUS_ORDER}
    for job in rows:
        per_stage = counts.get(job.id, {})
        closed = sum(per_stage.get(key, 0) for key in TERMINAL_STAGES)
        status = jobs.effective_status(job, now)
        groups[status].append(
            JobLine(
                id=job.id,
                title=job.title,
                status=status,
                updated_at=job.updated_at,
                published_at=job.published_at,
                expires_at=job.expires_at,
                closing_reason=job.closing_reason,
                applications=sum(per_stage.values()),
                open_applications=sum(per_stage.values()) - closed,
            )
        )
    return workspace_page(
        request,
        here,
        "employer/overview.html",
        section="jobs",
        title="Jobs",
        groups=[(status, STATUS_WORDS[status], groups[status]) for status in STATUS_ORDER],
        shown=JOBS_SHOWN,
        total=len(rows),
        closing_words=CLOSING_WORDS,
    )
