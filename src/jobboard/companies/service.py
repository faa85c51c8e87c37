"""Company rules: who may edit a company, membership changes, and the company profile."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.audit import service as audit
from jobboard.auth import service as auth_service
from jobboard.auth.principal import BEARER_CHALLENGE, Principal
from jobboard.companies import events, logos, repository
from jobboard.companies.schemas import CompanyCreate, CompanyUpdate
from jobboard.errors import Conflict, Forbidden, NotAuthenticated, NotFound, ValidationFailed
from jobboard.kit.text import slugify
from jobboard.models import Company, CompanyMember, User
from jobboard.places.gazetteer import get_gazetteer
from jobboard.storage import FileStorage, delete_later

CLIENT_ROLE = "recruiter"


class SlugTaken(Conflict):
    slug = "company-slug-taken"
    title = "Another company already uses this slug"


class LastOwner(Conflict):
    slug = "last-owner"
    title = "A company must keep at least one owner"


async def require_role(
    session: AsyncSession, *, company: Company, principal: Principal, roles: tuple[str, ...]
) -> str:
    """Return the caller's role in the company, or raise 403 unless it is one of ``roles``.

    Admins pass every check and are reported as ``owner``. A company's API client counts as
    a ``recruiter`` of that company (its scopes narrow it further) and of no other.
    """
    if principal.is_admin:
        return "owner"
    if principal.is_anonymous:
        raise NotAuthenticated("Sign in first: POST /api/v1/auth/token.", headers=BEARER_CHALLENGE)
    if principal.is_client:
        if principal.acts_for_company(company.id) and CLIENT_ROLE in roles:
            return CLIENT_ROLE
        raise Forbidden(
            f"This API client may not do this for {company.slug!r}; "
            f"only a company {' or '.join(roles)} may."
        )
    role = await repository.member_role(session, company_id=company.id, principal=principal)
    if role not in roles:
        raise Forbidden(
            f"Only a company {' or '.join(roles)} may do this; "
            f"your role in {company.slug!r} is {role or 'none'}."
        )
    assert role is not None
    return role


def _headquarters(text: str | None, field: str) -> dict[str, Any]:
    if text is None:
        return {
            "headquarters_geoname_id": None,
            "headquarters_city": None,
            "headquarters_region": None,
            "headquarters_country_code": None,
        }
    city = get_gazetteer().resolve(text)
    if city is None:
        raise ValidationFailed(
            f"No city matches {text!r}; try a form like 'Berlin' or 'Austin, TX'.",
            errors=[{"field": field, "message": "unknown place"}],
        )
    return {
        "headquarters_geoname_id": city.geoname_id,
        "headquarters_city": city.name,
        "headquarters_region": city.region,
        "headquarters_country_code": city.country_code,
    }


async def create_company(
    session: AsyncSession, *, principal: Principal, data: CompanyCreate
) -> Company:
    slug = data.slug or slugify(data.name)
    if len(slug) < 2:
        raise ValidationFailed(
            "Give the company a slug: its name has too few letters to make one.",
            errors=[{"field": "body.slug", "message": "required for this name"}],
        )
    if await repository.get_by_slug(session, slug) is not None:
        raise SlugTaken(f"The slug {slug!r} is taken; choose another with `slug`.")
    company = Company(
        slug=slug,
        name=data.name,
        website=str(data.website) if data.website else None,
        description=data.description,
        industry=data.industry,
        size=data.size,
        founded_year=data.founded_year,
        **_headquarters(data.headquarters, "body.headquarters"),
    )
    session.add(company)
    await session.flush()
    session.add(CompanyMember(company_id=company.id, user_id=principal.user_id, role="owner"))
    await session.flush()
    return company


_AUDITED_COLUMNS = (
    "name",
    "website",
    "description",
    "industry",
    "size",
    "founded_year",
    "headquarters_geoname_id",
)


async def update_company(
    session: AsyncSession,
    *,
    company: Company,
    data: CompanyUpdate,
    actor: Principal | str | None = None,
) -> Company:
    """Change the fields ``data`` sets; with an ``actor``, audit the before and after of
    each changed field (a long description is summed up by its length)."""
    before = {column: getattr(company, column) for column in _AUDITED_COLUMNS}
    changes = data.model_dump(exclude_unset=True)
    if "name" in changes and changes["name"] is None:
        raise ValidationFailed(
            "A company needs a name.", errors=[{"field": "body.name", "message": "required"}]
        )
    if "description" in changes and changes["description"] is None:
        changes["description"] = ""
    if "headquarters" in changes:
        for column, value in _headquarters(
            changes.pop("headquarters"), "body.headquarters"
        ).items():
            setattr(company, column, value)
    if "website" in changes:
        changes["website"] = str(changes["website"]) if changes["website"] else None
    for field, value in changes.items():
        setattr(company, field, value)
    await session.flush()
    changed = {
        column: [_audited(column, value), _audited(column, getattr(company, column))]
        for column, value in before.items()
        if getattr(company, column) != value
    }
    if actor is not None and changed:
        await audit.record(
            session,
            actor=actor,
            action="company.updated",
            target_type="company",
            target_id=company.id,
            company_id=company.id,
            details={"changed": changed},
        )
    if "name" in changes:
        await events.company_changed(session, company=company, event="company.renamed")
    return company


def _audited(column: str, value: Any) -> Any:
    if column == "description" and isinstance(value, str):
        return f"{len(value)} characters"
    return value


async def set_logo(
    session: AsyncSession, *, storage: FileStorage, actor: Principal, company: Company, data: bytes
) -> Company:
    """Store the logo Jobboard draws from ``data`` (see ``companies.logos``) in place of the
    company's current one, which is deleted once this commits."""
    drawn = await asyncio.to_thread(logos.redraw, data)
    key = f"logos/{company.id}/{secrets.token_hex(12)}"
    await storage.put(key, drawn)
    previous = company.logo_key
    company.logo_key = key
    await session.flush()
    if previous:
        await delete_later(session, [previous])
    await audit.record(
        session,
        actor=actor,
        action="company.logo_changed",
        target_type="company",
        target_id=company.id,
        company_id=company.id,
        details={"bytes": len(drawn)},
    )
    return company


async def remove_logo(session: AsyncSession, *, actor: Principal, company: Company) -> None:
    if company.logo_key is None:
        return
    await delete_later(session, [company.logo_key])
    company.logo_key = None
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="company.logo_removed",
        target_type="company",
        target_id=company.id,
        company_id=company.id,
    )


async def list_members(
    session: AsyncSession, *, company: Company
) -> list[tuple[CompanyMember, User]]:
    rows = await session.execute(
        select(CompanyMember, User)
        .join(User, User.id == CompanyMember.user_id)
        .where(CompanyMember.company_id == company.id)
        .order_by(CompanyMember.created_at, User.id)
    )
    return list(rows.all())


async def add_member(
    session: AsyncSession, *, actor: Principal, company: Company, email: str, role: str
) -> tuple[CompanyMember, User]:
    user = await auth_service.get_by_email(session, email=email)
    if user is None or user.disabled_at is not None:
        raise NotFound(
            f"No account uses {email!r}; ask them to register first, then add them again."
        )
    existing = await session.get(CompanyMember, (company.id, user.id))
    if existing is not None:
        raise Conflict(f"{email} is already a member ({existing.role}); change the role instead.")
    if user.role == "seeker":
        user.role = "employer"
    member = CompanyMember(company_id=company.id, user_id=user.id, role=role)
    session.add(member)
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="company.member_added",
        target_type="user",
        target_id=user.id,
        company_id=company.id,
        details={"role": role},
    )
    return member, user


async def _owner_count(session: AsyncSession, company: Company) -> int:
    # Lock the company row so two owners demoting each other cannot both pass this check.
    await session.execute(select(Company.id).where(Company.id == company.id).with_for_update())
    count = await session.scalar(
        select(func.count()).where(
            CompanyMember.company_id == company.id, CompanyMember.role == "owner"
        )
    )
    return count or 0


async def _get_member(session: AsyncSession, company: Company, user_id: int) -> CompanyMember:
    member = await session.get(CompanyMember, (company.id, user_id))
    if member is None:
        raise NotFound(f"User {user_id} is not a member of {company.slug!r}.")
    return member


async def change_member_role(
    session: AsyncSession, *, actor: Principal, company: Company, user_id: int, role: str
) -> CompanyMember:
    member = await _get_member(session, company, user_id)
    if member.role == "owner" and role != "owner" and await _owner_count(session, company) <= 1:
        raise LastOwner("Make someone else an owner before changing this role.")
    previous = member.role
    member.role = role
    await session.flush()
    if previous != role:
        await audit.record(
            session,
            actor=actor,
            action="company.member_role_changed",
            target_type="user",
            target_id=user_id,
            company_id=company.id,
            details={"from": previous, "to": role},
        )
    return member


async def remove_member(
    session: AsyncSession, *, actor: Principal, company: Company, user_id: int
) -> None:
    member = await _get_member(session, company, user_id)
    if member.role == "owner" and await _owner_count(session, company) <= 1:
        raise LastOwner("Make someone else an owner before removing this one.")
    role = member.role
    await session.delete(member)
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="company.member_removed",
        target_type="user",
        target_id=user_id,
        company_id=company.id,
        details={"role": role},
    )
