"""The company profile editor, ``/employer/{slug}/profile``: the fields of
``PATCH /api/v1/companies/{slug}`` as one form, and the logo. Owners and recruiters edit;
viewers read.

A logo is read from its bytes, checked and drawn again as a PNG by ``companies.logos``;
``/companies/{slug}/logo`` serves that drawing, never the upload.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from jobboard.companies import logos
from jobboard.companies import repository as companies_repository
from jobboard.companies import service as companies
from jobboard.companies.repository import EDITOR_ROLES
from jobboard.companies.schemas import CompanyUpdate
from jobboard.dependencies import AppSettings, DbSession
from jobboard.errors import JobboardError, NotFound, ValidationFailed
from jobboard.models import Company
from jobboard.models.user import COMPANY_SIZES
from jobboard.storage import storage_from_settings
from jobboard.web.employer.workspace import Workspace, workspace, workspace_page
from jobboard.web.routing import PageRoute
from jobboard.web.session import SignedInViewer

router = APIRouter(route_class=PageRoute, include_in_schema=False)

FIELDS = ("name", "website", "description", "industry", "size", "founded_year", "headquarters")
MESSAGES = {
    "name": "Enter the company's name, up to 200 characters",
    "website": "Enter a web address starting with https://",
    "description": "Keep the description to 20,000 characters",
    "industry": "Keep the industry to 80 characters",
    "size": "Choose a size from the list",
    "founded_year": "Enter a year such as 2012",
    "headquarters": "Enter a city, such as Berlin or Austin, TX",
    "version": "Someone else saved the profile while you edited it, so your changes were "
    "not saved. Check the form and save again.",
}


def _values_of(company: Company) -> dict[str, str]:
    place = ", ".join(
        dict.fromkeys(
            part
            for part in (
                company.headquarters_city,
                company.headquarters_region,
                company.headquarters_country_code,
            )
            if part
        )
    )
    return {
        "name": company.name,
        "website": company.website or "",
        "description": company.description,
        "industry": company.industry or "",
        "size": company.size or "",
        "founded_year": "" if company.founded_year is None else str(company.founded_year),
        "headquarters": place,
        "headquarters_shown": place,
        "version": str(company.version),
    }


def _profile_page(
    request: Request,
    here: Workspace,
    values: dict[str, str],
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    return workspace_page(
        request,
        here,
        "employer/profile.html",
        section="profile",
        title="Company profile",
        status=status,
        values=values,
        errors=errors or {},
        sizes=COMPANY_SIZES,
        logo_url=logo_path(here.company),
        max_megabytes=logos.MAX_BYTES // (1024 * 1024),
    )


def logo_path(company: Company) -> str | None:
    """Where pages find the company's logo; the stored key makes a new logo a new address."""
    if company.logo_key is None:
        return None
    return f"/companies/{company.slug}/logo?v={company.logo_key.rsplit('/', 1)[-1]}"


@router.get("/employer/{slug}/profile")
async def profile_form(
    slug: str, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    here = await workspace(session, viewer, slug)
    return _profile_page(request, here, _values_of(here.company))


def _body(values: dict[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {name: values[name] or None for name in FIELDS}
    body["description"] = values["description"]
    if values["headquarters"] == values["headquarters_shown"]:
        # Unchanged: not resolved again (a name may be read as another town of that name).
        del body["headquarters"]
    return body


@router.post("/employer/{slug}/profile")
async def save_profile(
    slug: str, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    here = await workspace(session, viewer, slug, roles=EDITOR_ROLES)
    form = await request.form()
    values = {
        name: value.strip() if isinstance(value := form.get(name), str) else ""
        for name in (*FIELDS, "headquarters_shown", "version")
    }
    errors: dict[str, str] = {}
    if values["version"] != str(here.company.version):
        errors["version"] = MESSAGES["version"]
        fresh = _values_of(here.company)
        values["version"] = fresh["version"]
        return _profile_page(request, here, values, errors=errors, status=409)
    try:
        data = CompanyUpdate.model_validate(_body(values))
        await companies.update_company(
            session, company=here.company, data=data, actor=viewer.principal
        )
    except ValidationError as invalid:
        for item in invalid.errors():
            field = str(item["loc"][0]) if item["loc"] else "name"
            errors.setdefault(field, MESSAGES.get(field, "Check this field"))
    except ValidationFailed as failed:
        for item in failed.extensions.get("errors", []):
            field = str(item.get("field", "")).removeprefix("body.")
            errors.setdefault(field, MESSAGES.get(field, failed.detail))
        errors = errors or {"name": failed.detail}
    if errors:
        return _profile_page(request, here, values, errors=errors, status=422)
    viewer.flash("company-saved")
    return RedirectResponse(f"/employer/{here.company.slug}/profile", status_code=303)


@router.post("/employer/{slug}/logo")
async def upload_logo(
    slug: str,
    request: Request,
    session: DbSession,
    settings: AppSettings,
    viewer: SignedInViewer,
) -> Response:
    here = await workspace(session, viewer, slug, roles=EDITOR_ROLES)
    upload = (await request.form()).get("logo")
    data = await upload.read(logos.MAX_BYTES + 1) if isinstance(upload, UploadFile) else b""
    problem: JobboardError | None = None
    if not data:
        problem = ValidationFailed("Choose an image to upload")
    else:
        try:
            await companies.set_logo(
                session,
                storage=storage_from_settings(settings),
                actor=viewer.principal,
                company=here.company,
                data=data,
            )
        except (logos.LogoTooLarge, logos.UnsupportedLogo) as refused:
            problem = refused
    if problem is not None:
        return _profile_page(
            request,
            here,
            _values_of(here.company),
            errors={"logo": problem.detail},
            status=problem.status,
        )
    viewer.flash("logo-saved")
    return RedirectResponse(f"/employer/{here.company.slug}/profile", status_code=303)


@router.post("/employer/{slug}/logo/delete")
async def delete_logo(slug: str, session: DbSession, viewer: SignedInViewer) -> Response:
    here = await workspace(session, viewer, slug, roles=EDITOR_ROLES)
    await companies.remove_logo(session, actor=viewer.principal, company=here.company)
    viewer.flash("logo-removed")
    return RedirectResponse(f"/employer/{here.company.slug}/profile", status_code=303)


@router.get("/companies/{slug}/logo")
async def logo(slug: str, session: DbSession, settings: AppSettings) -> Response:
    """The PNG Jobboard drew from the company's upload. Its address changes with each new
    logo (``?v=``), so it may be cached for a day."""
    company = await companies_repository.get_by_slug(session, slug)
    if company is None or company.logo_key is None:
        raise NotFound("This company has no logo.")
    try:
        data = await storage_from_settings(settings).get(company.logo_key)
    except FileNotFoundError:
        raise NotFound("This company's logo is missing.") from None
    return Response(
        data,
        media_type=logos.MEDIA_TYPE,
        headers={
            "Cache-Control": "public, max-age=86400",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )
