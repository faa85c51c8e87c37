"""Application queries scoped to the caller: the one place that decides who sees which
application.

A candidate sees their own applications (``own_applications``: only those); a company's
members (and its API client) holding `applications:read` see the applications to the
company's jobs; admins see all. Who may act on them is decided by
``applications.service.authorize_action``.
"""

from __future__ import annotations

from sqlalchemy import Select, false, or_, select

from jobboard.auth.principal import Principal
from jobboard.companies.repository import ALL_MEMBER_ROLES, companies_where_member
from jobboard.models import Application


def readable_applications(principal: Principal) -> Select[Application]:
    statement = select(Application)
    if principal.is_admin:
        return statement
    if principal.is_client:
        if principal.company_id is None or not principal.has_scope("applications:read"):
            return statement.where(false())
        return statement.where(Application.company_id == principal.company_id)
    if principal.user_id is None:
        return statement.where(false())
    own = Application.candidate_id == principal.user_id
    if not principal.has_scope("applications:read"):
        return statement.where(own)
    return statement.where(
        or_(own, Application.company_id.in_(companies_where_member(principal, ALL_MEMBER_ROLES)))
    )


def own_applications(principal: Principal) -> Select[Application]:
    """The caller's applications as their candidate: what the seeker's own pages show. A
    company member who may read an application elsewhere does not see it here."""
    if principal.user_id is None:
        return select(Application).where(false())
    return readable_applications(principal).where(Application.candidate_id == principal.user_id)
