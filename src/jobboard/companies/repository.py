"""Company queries, scoped to what the caller may do: the one place company access is decided."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.auth.principal import Principal
from jobboard.kit.clock import utcnow
from jobboard.models import Company, CompanyHiringStats, CompanyMember, Job, User
from jobboard.models.job import open_job_clause

EDITOR_ROLES = ("owner", "recruiter")
ALL_MEMBER_ROLES = ("owner", "recruiter", "viewer")


def companies_where_member(principal: Principal, roles: Iterable[str]) -> Select[int]:
    """Ids of companies in which the caller holds one of ``roles``."""
    return select(CompanyMember.company_id).where(
        CompanyMember.user_id == principal.user_id, CompanyMember.role.in_(tuple(roles))
    )


def active_members(company_id: int, roles: Iterable[str]) -> Select[User]:
    """The company's members in one of ``roles`` whose accounts are not disabled (an erased
    account has no membership left): whom company mail goes to."""
    return (
        select(User)
        .join(CompanyMember, CompanyMember.user_id == User.id)
        .where(
            CompanyMember.company_id == company_id,
            CompanyMember.role.in_(tuple(roles)),
            User.disabled_at.is_(None),
        )
        .order_by(User.id)
    )


async def active_member(
    session: AsyncSession, *, company_id: int, user_id: int, roles: Iterable[str]
) -> User | None:
    """The user, while still an active member in one of ``roles`` (mail checks at sending)."""
    return await session.scalar(active_members(company_id, roles).where(User.id == user_id))


async def memberships(session: AsyncSession, *, user_id: int) -> list[tuple[Company, str]]:
    """The companies the user belongs to, by name, with the user's role in each."""
    rows = await session.execute(
        select(Company, CompanyMember.role)
        .join(CompanyMember, CompanyMember.company_id == Company.id)
        .where(CompanyMember.user_id == user_id)
        .order_by(Company.name, Company.id)
    )
    return [(company, role) for company, role in rows.all()]


async def member_rows(
    session: AsyncSession, *, user_id: int
) -> list[tuple[Company, CompanyMember]]:
    """The companies the user belongs to, by name, with the user's membership in each."""
    rows = await session.execute(
        select(Company, CompanyMember)
        .join(CompanyMember, CompanyMember.company_id == Company.id)
        .where(CompanyMember.user_id == user_id)
        .order_by(Company.name, Company.id)
    )
    return [(company, member) for company, member in rows.all()]


async def get_by_slug(session: AsyncSession, slug: str) -> Company | None:
    return await session.scalar(select(Company).where(Company.slug == slug))


async def member_role(
    session: AsyncSession, *, company_id: int, principal: Principal
) -> str | None:
    if principal.user_id is None:
        return None
    return await session.scalar(
        select(CompanyMember.role).where(
            CompanyMember.company_id == company_id, CompanyMember.user_id == principal.user_id
        )
    )


async def open_job_counts(session: AsyncSession, company_ids: list[int]) -> dict[int, int]:
    if not company_ids:
        return {}
    rows = await session.execute(
        select(Job.company_id, func.count())
        .where(Job.company_id.in_(company_ids), open_job_clause(utcnow()))
        .group_by(Job.company_id)
    )
    return dict(rows.all())


async def hiring_stats(session: AsyncSession, company_id: int) -> CompanyHiringStats | None:
    """The company's answering figures, as the hiring task last computed them."""
    return await session.get(CompanyHiringStats, company_id)


async def hiring_stats_of(
    session: AsyncSession, company_ids: list[int]
) -> dict[int, CompanyHiringStats]:
    """The answering figures of several companies in one statement."""
    if not company_ids:
        return {}
    rows = await session.scalars(
        select(CompanyHiringStats).where(CompanyHiringStats.company_id.in_(company_ids))
    )
    return {row.company_id: row for row in rows}


async def companies_of_member(session: AsyncSession, *, principal: Principal) -> list[Company]:
    """The companies the caller belongs to (any role), by name."""
    return list(
        await session.scalars(
            select(Company)
            .where(Company.id.in_(companies_where_member(principal, ALL_MEMBER_ROLES)))
            .order_by(Company.name, Company.id)
        )
    )
