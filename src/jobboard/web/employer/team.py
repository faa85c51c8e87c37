"""The team, ``/employer/{slug}/team``: who works for the company in which role, the
invitations waiting for an answer, and, for owners, inviting by e-mail, changing roles and
removing members; and the link from the invitation e-mail, ``/employer/invitations/{token}``.

The rules are ``companies.service`` (roles, the last owner) and ``companies.invitations``
(the link, its expiry and single use). A removed member loses the workspace at their next
request: every workspace page reads the role from the membership row.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from jobboard.companies import invitations
from jobboard.companies import service as companies
from jobboard.companies.emails import ROLE_WORDS
from jobboard.dependencies import AppCache, AppSettings, DbSession
from jobboard.errors import Conflict, NotFound, ValidationFailed
from jobboard.kit.ids import Id
from jobboard.models import Company, User
from jobboard.models.user import MEMBER_ROLES
from jobboard.ratelimit import RateLimited, spend_for_request
from jobboard.web.employer.workspace import Workspace, workspace, workspace_page
from jobboard.web.forms import form_text
from jobboard.web.rendering import page
from jobboard.web.routing import PageRoute
from jobboard.web.session import CurrentViewer, SignedInViewer

router = APIRouter(route_class=PageRoute, include_in_schema=False)

OWNERS = ("owner",)


async def _team_page(
    request: Request,
    session: DbSession,
    here: Workspace,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    members = await companies.list_members(session, company=here.company)
    waiting = await invitations.open_invitations(session, company=here.company)
    return workspace_page(
        request,
        here,
        "employer/team.html",
        section="team",
        title="Team",
        status=status,
        members=members,
        invitations=waiting,
        roles=MEMBER_ROLES,
        role_words=ROLE_WORDS,
        values=values or {"email": "", "role": "recruiter"},
        errors=errors or {},
    )


@router.get("/employer/{slug}/team")
async def team(slug: str, request: Request, session: DbSession, viewer: SignedInViewer) -> Response:
    here = await workspace(session, viewer, slug)
    return await _team_page(request, session, here)


@router.post("/employer/{slug}/team/invitations")
async def invite(
    slug: str,
    request: Request,
    session: DbSession,
    settings: AppSettings,
    viewer: SignedInViewer,
) -> Response:
    here = await workspace(session, viewer, slug, roles=OWNERS)
    form = await request.form()
    values = {"email": form_text(form, "email"), "role": form_text(form, "role")}
    errors: dict[str, str] = {}
    status = 422
    try:
        await spend_for_request(request, "invitation", f"company:{here.company.id}")
        await invitations.invite(
            session,
            actor=viewer.principal,
            company=here.company,
            email=values["email"],
            role=values["role"],
            settings=settings,
        )
    except ValidationFailed as failed:
        for item in failed.extensions.get("errors", []):
            field = str(item.get("field", "")).removeprefix("body.")
            errors[field if field in values else "email"] = failed.detail
    except Conflict as taken:
        errors["email"] = taken.detail
    except RateLimited as refused:
        wait = int(refused.headers.get("Retry-After", "60"))
        errors["email"] = (
            f"{here.company.name} has sent many invitations in the last hour; "
            f"try again in {max(1, wait // 60)} minutes"
        )
        status = refused.status
    if errors:
        return await _team_page(request, session, here, values=values, errors=errors, status=status)
    viewer.flash("invitation-sent")
    return RedirectResponse(f"/employer/{here.company.slug}/team", status_code=303)


@router.post("/employer/{slug}/team/invitations/{invitation_id}/withdraw")
async def withdraw(
    slug: str, invitation_id: Id, session: DbSession, viewer: SignedInViewer
) -> Response:
    here = await workspace(session, viewer, slug, roles=OWNERS)
    await invitations.withdraw(
        session, actor=viewer.principal, company=here.company, invitation_id=invitation_id
    )
    viewer.flash("invitation-withdrawn")
    return RedirectResponse(f"/employer/{here.company.slug}/team", status_code=303)


@router.post("/employer/{slug}/team/{user_id}/role")
async def change_role(
    slug: str, user_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    here = await workspace(session, viewer, slug, roles=OWNERS)
    role = form_text(await request.form(), "role")
    if role not in MEMBER_ROLES:
        raise ValidationFailed(f"Choose a role: {', '.join(MEMBER_ROLES)}.")
    await companies.change_member_role(
        session, actor=viewer.principal, company=here.company, user_id=user_id, role=role
    )
    viewer.flash("role-changed")
    return RedirectResponse(f"/employer/{here.company.slug}/team", status_code=303)


@router.post("/employer/{slug}/team/{user_id}/remove")
async def remove(slug: str, user_id: Id, session: DbSession, viewer: SignedInViewer) -> Response:
    here = await workspace(session, viewer, slug, roles=OWNERS)
    await companies.remove_member(
        session, actor=viewer.principal, company=here.company, user_id=user_id
    )
    viewer.flash("member-removed")
    return RedirectResponse(f"/employer/{here.company.slug}/team", status_code=303)


@router.get("/employer/invitations/{token}")
async def invitation(
    token: str,
    request: Request,
    session: DbSession,
    settings: AppSettings,
    viewer: CurrentViewer,
) -> Response:
    """What the invitation offers, and how to accept it: signed in with the invited address,
    a button; signed out, links to sign in or create an account that come back here."""
    found = invitations.check_usable(
        await invitations.find(session, token=token, secret=settings.secret_key)
    )
    company = await session.get(Company, found.company_id)
    if company is None:
        raise NotFound("This company no longer exists.")
    user = None if viewer.user_id is None else await session.get(User, viewer.user_id)
    return page(
        request,
        "employer/invitation.html",
        title=f"Join {company.name}",
        company=company,
        invitation=found,
        role_words=ROLE_WORDS,
        user=user,
        for_this_account=user is not None and user.email.lower() == found.email,
        here_path=f"/employer/invitations/{token}",
        headers={"Referrer-Policy": "no-referrer"},
    )


@router.post("/employer/invitations/{token}")
async def accept(
    token: str,
    session: DbSession,
    settings: AppSettings,
    cache: AppCache,
    viewer: SignedInViewer,
) -> Response:
    assert viewer.user_id is not None
    user = await session.get(User, viewer.user_id)
    assert user is not None
    company, _ = await invitations.accept(
        session, cache=cache, settings=settings, actor=viewer.principal, user=user, token=token
    )
    viewer.flash("invitation-accepted")
    return RedirectResponse(f"/employer/{company.slug}", status_code=303)
