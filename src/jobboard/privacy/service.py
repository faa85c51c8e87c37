"""Export and erasure of a user's personal data, across every domain that holds some.

A domain that starts holding personal data adds its part to ``export`` and, where the data
must outlive the account without identifying it, to ``erase``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from jobboard.alerts import service as alert_service
from jobboard.applications import service as application_service
from jobboard.audit import service as audit
from jobboard.auth import service as auth_service
from jobboard.auth import standing
from jobboard.auth.principal import Principal
from jobboard.cache import Cache
from jobboard.companies.service import LastOwner
from jobboard.config import Settings
from jobboard.kit.clock import utcnow
from jobboard.models import (
    ApiClient,
    AuditEvent,
    Company,
    CompanyMember,
    IdempotencyRecord,
    Job,
    Notification,
    RefreshToken,
    User,
)
from jobboard.seekers import service as seeker_service

EXPORT_FORMAT = "jobboard-personal-data/1"


def _time(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


async def export(session: AsyncSession, *, principal: Principal) -> dict[str, Any]:
    """Everything Jobboard holds about the signed-in user, as one JSON document."""
    user = await auth_service.get_active_user(session, principal=principal)
    memberships = await session.execute(
        select(Company.slug, Company.name, CompanyMember.role, CompanyMember.created_at)
        .join(CompanyMember, CompanyMember.company_id == Company.id)
        .where(CompanyMember.user_id == user.id)
        .order_by(Company.slug)
    )
    sign_ins = await session.scalars(
        select(RefreshToken).where(RefreshToken.user_id == user.id).order_by(RefreshToken.id)
    )
    jobs = await session.execute(
        select(Job.id, Job.title, Company.slug, Job.status, Job.created_at)
        .join(Company, Company.id == Job.company_id)
        .where(Job.created_by_id == user.id)
        .order_by(Job.id)
    )
    clients = await session.execute(
        select(ApiClient.client_id, ApiClient.name, Company.slug, ApiClient.created_at)
        .join(Company, Company.id == ApiClient.company_id)
        .where(ApiClient.created_by_id == user.id)
        .order_by(ApiClient.id)
    )
    events = await session.scalars(audit.about_user(user.id).order_by(AuditEvent.id))
    notifications = await session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    )
    seeker = await seeker_service.export_part(session, user_id=user.id)
    document = {
        "format": EXPORT_FORMAT,
        "exported_at": _time(utcnow()),
        "account": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
            "email_verified_at": _time(user.email_verified_at),
            "created_at": _time(user.created_at),
            "updated_at": _time(user.updated_at),
            "tokens_valid_after": _time(user.tokens_valid_after),
        },
        "memberships": [
            {"company": slug, "company_name": name, "role": role, "since": _time(since)}
            for slug, name, role, since in memberships
        ],
        "sign_ins": [
            {
                "started_from": token.client_address,
                "scope": token.scope,
                "created_at": _time(token.created_at),
                "expires_at": _time(token.expires_at),
                "used_at": _time(token.used_at),
                "revoked_at": _time(token.revoked_at),
            }
            for token in sign_ins
        ],
        "jobs_created": [
            {
                "id": job_id,
                "title": title,
                "company": slug,
                "status": status,
                "created_at": _time(at),
            }
            for job_id, title, slug, status, at in jobs
        ],
        "api_clients_created": [
            {"client_id": client_id, "name": name, "company": slug, "created_at": _time(at)}
            for client_id, name, slug, at in clients
        ],
        **seeker,
        "applications": await application_service.export_part(session, user_id=user.id),
        "saved_searches": await alert_service.export_part(session, user_id=user.id),
        "notifications": [
            {
                "kind": notification.kind,
                "title": notification.title,
                "body": notification.body,
                "created_at": _time(notification.created_at),
                "read_at": _time(notification.read_at),
            }
            for notification in notifications
        ],
        "audit_events": [
            {
                "occurred_at": _time(event.occurred_at),
                "actor": event.actor,
                "action": event.action,
                "target_type": event.target_type,
                "target_id": event.target_id,
                "client_address": event.client_address,
                "details": event.details,
            }
            for event in events
        ],
    }
    await audit.record(
        session,
        actor=principal,
        action="user.data_exported",
        target_type="user",
        target_id=user.id,
    )
    return document


async def _companies_only_owned_by(session: AsyncSession, user_id: int) -> list[str]:
    others = aliased(CompanyMember)
    other_owners = (
        select(func.count())
        .where(
            others.company_id == CompanyMember.company_id,
            others.role == "owner",
            others.user_id != user_id,
        )
        .scalar_subquery()
    )
    rows = await session.scalars(
        select(Company.slug)
        .join(CompanyMember, CompanyMember.company_id == Company.id)
        .where(CompanyMember.user_id == user_id, CompanyMember.role == "owner", other_owners == 0)
        .order_by(Company.slug)
    )
    return list(rows.all())


async def erase(
    session: AsyncSession, *, cache: Cache, settings: Settings, principal: Principal
) -> None:
    """Delete the account and what identifies the person; void every token at once.

    Memberships, sign-ins, stored answers, the seeker profile, saved jobs and notifications go
    with the account; résumé files are deleted after commit. Applications stay with the
    companies without the person (open ones withdrawn; cover letters, answers, messages and
    notes removed). Jobs the person created stay with their company and lose
    ``created_by``; the audit log keeps the bare account id. A company's last owner must hand
    the company over first (409 last-owner).
    """
    user = await auth_service.get_active_user(session, principal=principal)
    sole = await _companies_only_owned_by(session, user.id)
    if sole:
        raise LastOwner(
            "You are the only owner of " + ", ".join(sole) + "; make someone else an owner "
            "there (or remove the company's other members and ask an admin) before erasing "
            "your account.",
            companies=sole,
        )
    user_id = user.id
    await application_service.erase_part(session, user_id=user_id)
    await seeker_service.erase_part(session, user_id=user_id)
    await session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.owner == f"user:{user_id}")
    )
    await session.execute(delete(User).where(User.id == user_id))
    await audit.record(
        session, actor=principal, action="user.erased", target_type="user", target_id=user_id
    )
    await standing.publish_user(
        cache, user_id=user_id, user=None, ttl=settings.principal_cache_seconds
    )
