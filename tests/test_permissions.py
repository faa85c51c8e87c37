"""Who may call what: every route of the app against every kind of caller, exact statuses.

The routes come from ``app.routes``; a route without a row in ``TABLE`` fails
``test_every_route_has_a_row``, so a new endpoint must say who may call it. Each call runs in
a savepoint that is rolled back, with a fresh cache, so calls never see each other's effects.

To add an endpoint: add a ``Row`` with its method, path (as routed), how to build the URL and
body from the ``World``, the scope an API client needs for it (if any), and the status for
each caller (``expect(default, caller=status, ...)``).
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from re import compile as re_compile
from typing import Any

import httpx
import pytest
from fastapi.routing import iter_route_contexts
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker

from conftest import PASSWORD, job_payload
from jobboard import apidocs
from jobboard.alerts import service as alerts_service
from jobboard.auth import service as auth_service
from jobboard.auth.openapi import SIGNED_IN, TOKEN_IGNORED
from jobboard.auth.scopes import CLIENT_SCOPES
from jobboard.cache import MemoryCache
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.graphql import app as graphql_app
from jobboard.kit.urls import job_path
from jobboard.main import create_app
from jobboard.models import Company, SavedSearch, User
from jobboard.web.assets import asset_url
from jobboard.web.discovery import SITEMAP_CHUNK

CALLERS = (
    "anonymous",
    "seeker",
    "other_seeker",
    "owner",
    "recruiter",
    "viewer",
    "other_member",
    "admin",
    "client",
    "client_without_scope",
)
PEOPLE = ("seeker", "other_seeker", "owner", "recruiter", "viewer", "other_member", "admin")


def expect(default: int, **statuses: int) -> dict[str, int]:
    unknown = set(statuses) - set(CALLERS)
    assert not unknown, unknown
    return {caller: statuses.get(caller, default) for caller in CALLERS}


def everyone(status: int) -> dict[str, int]:
    return expect(status)


def people_only(status: int) -> dict[str, int]:
    """Endpoints about one's own account: any person, never an API client."""
    return expect(status, anonymous=401, client=403, client_without_scope=403)


def admins_only(status: int) -> dict[str, int]:
    return expect(403, anonymous=401, admin=status)


def company_owners(status: int) -> dict[str, int]:
    return expect(403, anonymous=401, owner=status, admin=status)


@dataclass
class World:
    """What the rows refer to, made once per engine."""

    acme: str = ""
    other: str = ""
    draft_id: int = 0
    published_id: int = 0
    client_id: str = ""
    client_secret: str = ""
    feed_id: int = 0
    webhook_id: int = 0
    delivery_id: int = 0
    seeker_id: int = 0
    viewer_id: int = 0
    seeker_email: str = ""
    other_seeker_email: str = ""
    reset_token: str = ""
    verification_token: str = ""
    application_id: int = 0
    notification_id: int = 0
    saved_search_id: int = 0
    other_seeker_id: int = 0
    feed_token: str = ""
    acme_id: int = 0
    unsubscribe_token: str = ""
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    client_tokens: dict[frozenset[str], str] = field(default_factory=dict)


Build = Callable[[World], Any]


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expected: dict[str, int]
    url: Build | None = None
    json: Build | None = None
    data: Build | None = None
    files: Build | None = None
    scope: str | None = None

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


def _job(world: World) -> dict[str, Any]:
    return job_payload(world.acme)


def own_only(status: int) -> dict[str, int]:
    """Something of the seeker's own: others find none (404); API clients are not people."""
    return expect(404, anonymous=401, seeker=status, client=403, client_without_scope=403)


def _stages(world: World) -> dict[str, Any]:
    keys = ("applied", "screening", "interview", "offer", "hired", "rejected", "withdrawn")
    return {"stages": [{"key": key, "name": key.title()} for key in keys]}


RESUME = {"file": ("cv.md", b"# Ada\n\n- Go\n- PostgreSQL\n", "text/markdown")}
# The application of `seeker` to the published job, in `screening`; visible to the candidate,
# the company's members and its client with applications:read, and admins.
APPLICATION_READERS = {
    "seeker": 200,
    "owner": 200,
    "recruiter": 200,
    "viewer": 200,
    "admin": 200,
    "client": 200,
}


TABLE: list[Row] = [
    # Search and autocomplete: public, over open jobs only.
    Row("GET", "/api/v1/jobs/search", everyone(200), url=lambda w: "/api/v1/jobs/search?q=backend"),
    Row("GET", "/api/v1/autocomplete", everyone(200), url=lambda w: "/api/v1/autocomplete?q=py"),
    # Integrations: members read; owners and recruiters manage feeds (companies:write) and
    # webhooks (webhooks:manage, which the company's API clients may hold too).
    Row(
        "GET",
        "/api/v1/companies/{slug}/feeds",
        expect(200, anonymous=401, seeker=403, other_seeker=403, other_member=403),
        url=lambda w: f"/api/v1/companies/{w.acme}/feeds",
    ),
    Row(
        "POST",
        "/api/v1/companies/{slug}/feeds",
        expect(403, anonymous=401, owner=201, recruiter=201, admin=201),
        url=lambda w: f"/api/v1/companies/{w.acme}/feeds",
        json=lambda w: {"kind": "lever", "board_token": "acme-new"},
    ),
    Row(
        "GET",
        "/api/v1/companies/{slug}/feeds/{feed_id}",
        expect(200, anonymous=401, seeker=403, other_seeker=403, other_member=403),
        url=lambda w: f"/api/v1/companies/{w.acme}/feeds/{w.feed_id}",
    ),
    Row(
        "PATCH",
        "/api/v1/companies/{slug}/feeds/{feed_id}",
        expect(403, anonymous=401, owner=200, recruiter=200, admin=200),
        url=lambda w: f"/api/v1/companies/{w.acme}/feeds/{w.feed_id}",
        json=lambda w: {"enabled": False},
    ),
    Row(
        "DELETE",
        "/api/v1/companies/{slug}/feeds/{feed_id}",
        expect(403, anonymous=401, owner=204, recruiter=204, admin=204),
        url=lambda w: f"/api/v1/companies/{w.acme}/feeds/{w.feed_id}",
    ),
    Row(
        "POST",
        "/api/v1/companies/{slug}/feeds/{feed_id}/sync",
        expect(403, anonymous=401, owner=202, recruiter=202, admin=202),
        url=lambda w: f"/api/v1/companies/{w.acme}/feeds/{w.feed_id}/sync",
    ),
    Row(
        "GET",
        "/api/v1/companies/{slug}/webhooks",
        expect(200, anonymous=401, seeker=403, other_seeker=403, other_member=403),
        url=lambda w: f"/api/v1/companies/{w.acme}/webhooks",
    ),
    Row(
        "POST",
        "/api/v1/companies/{slug}/webhooks",
        expect(403, anonymous=401, owner=201, recruiter=201, admin=201, client=201),
        url=lambda w: f"/api/v1/companies/{w.acme}/webhooks",
        json=lambda w: {"url": "http://127.0.0.1:9/other", "events": ["job.closed"]},
        scope="webhooks:manage",
    ),
    Row(
        "GET",
        "/api/v1/companies/{slug}/webhooks/{webhook_id}",
        expect(200, anonymous=401, seeker=403, other_seeker=403, other_member=403),
        url=lambda w: f"/api/v1/companies/{w.acme}/webhooks/{w.webhook_id}",
    ),
    Row(
        "PATCH",
        "/api/v1/companies/{slug}/webhooks/{webhook_id}",
        expect(403, anonymous=401, owner=200, recruiter=200, admin=200, client=200),
        url=lambda w: f"/api/v1/companies/{w.acme}/webhooks/{w.webhook_id}",
        json=lambda w: {"description": "renamed"},
        scope="webhooks:manage",
    ),
    Row(
        "DELETE",
        "/api/v1/companies/{slug}/webhooks/{webhook_id}",
        expect(403, anonymous=401, owner=204, recruiter=204, admin=204, client=204),
        url=lambda w: f"/api/v1/companies/{w.acme}/webhooks/{w.webhook_id}",
        scope="webhooks:manage",
    ),
    Row(
        "GET",
        "/api/v1/companies/{slug}/webhooks/{webhook_id}/deliveries",
        expect(200, anonymous=401, seeker=403, other_seeker=403, other_member=403),
        url=lambda w: f"/api/v1/companies/{w.acme}/webhooks/{w.webhook_id}/deliveries",
    ),
    Row(
        "GET",
        "/api/v1/companies/{slug}/webhooks/{webhook_id}/deliveries/{delivery_id}",
        expect(200, anonymous=401, seeker=403, other_seeker=403, other_member=403),
        url=lambda w: (
            f"/api/v1/companies/{w.acme}/webhooks/{w.webhook_id}/deliveries/{w.delivery_id}"
        ),
    ),
    Row(
        "POST",
        "/api/v1/companies/{slug}/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver",
        expect(403, anonymous=401, owner=202, recruiter=202, admin=202, client=202),
        url=lambda w: (
            f"/api/v1/companies/{w.acme}/webhooks/{w.webhook_id}/deliveries/"
            f"{w.delivery_id}/redeliver"
        ),
        scope="webhooks:manage",
    ),
    # Web pages (outside the API) answer people by their session cookie, never a bearer
    # token: every caller here is anonymous to them. Public pages answer 200; pages of one's
    # own redirect to sign in (303); a POST without the page's CSRF token is refused (403).
    Row("GET", "/", everyone(200)),
    Row("GET", "/categories", everyone(200)),
    Row(
        "GET",
        "/categories/{slug}",
        everyone(200),
        url=lambda w: "/categories/senior-back-end-developer",
    ),
    Row("GET", "/jobs", everyone(200), url=lambda w: "/jobs?q=backend&workplace=hybrid"),
    Row("GET", "/search/suggestions", everyone(200), url=lambda w: "/search/suggestions?q=ber"),
    Row("GET", "/static/{name:path}", everyone(200), url=lambda w: asset_url("app.css")),
    Row("GET", "/jobs/{job_id:int}", everyone(301), url=lambda w: f"/jobs/{w.published_id}"),
    Row(
        "GET",
        "/jobs/{job_id:int}-{slug}",
        everyone(200),
        url=lambda w: job_path(w.published_id, "Senior Backend Engineer"),
    ),
    Row(
        "GET",
        "/jobs/{job_id:int}.jsonld",
        everyone(200),
        url=lambda w: f"/jobs/{w.published_id}.jsonld",
    ),
    Row(
        "POST",
        "/jobs/{job_id:int}/save",
        everyone(403),
        url=lambda w: f"/jobs/{w.published_id}/save",
    ),
    Row(
        "POST",
        "/jobs/{job_id:int}/unsave",
        everyone(403),
        url=lambda w: f"/jobs/{w.published_id}/unsave",
    ),
    Row(
        "GET",
        "/jobs/{job_id:int}/apply",
        everyone(303),
        url=lambda w: f"/jobs/{w.published_id}/apply",
    ),
    Row(
        "POST",
        "/jobs/{job_id:int}/apply",
        everyone(403),
        url=lambda w: f"/jobs/{w.published_id}/apply",
    ),
    Row(
        "GET",
        "/jobs/{job_id:int}/similar",
        everyone(200),
        url=lambda w: f"/jobs/{w.published_id}/similar",
    ),
    Row(
        "GET",
        "/jobs/{job_id:int}/report",
        everyone(303),
        url=lambda w: f"/jobs/{w.published_id}/report",
    ),
    Row(
        "POST",
        "/jobs/{job_id:int}/report",
        everyone(403),
        url=lambda w: f"/jobs/{w.published_id}/report",
    ),
    Row("GET", "/companies/{slug}", everyone(200), url=lambda w: f"/companies/{w.acme}"),
    Row("GET", "/skills/{slug}", everyone(200), url=lambda w: "/skills/python"),
    Row("GET", "/account/signin", everyone(200)),
    Row("POST", "/account/signin", everyone(403)),
    Row("POST", "/account/signout", everyone(403)),
    Row("POST", "/account/signout-everywhere", everyone(403)),
    Row("GET", "/account/signup", everyone(200)),
    Row("POST", "/account/signup", everyone(403)),
    Row(
        "GET",
        "/account/verify-email",
        everyone(303),
        url=lambda w: f"/account/verify-email?token={w.verification_token}",
    ),
    Row("POST", "/account/verify-email/resend", everyone(403)),
    Row("GET", "/account/forgot-password", everyone(200)),
    Row("POST", "/account/forgot-password", everyone(403)),
    Row(
        "GET",
        "/account/reset-password",
        everyone(200),
        url=lambda w: f"/account/reset-password?token={w.reset_token}",
    ),
    Row("POST", "/account/reset-password", everyone(403)),
    Row("GET", "/account/password", everyone(303)),
    Row("POST", "/account/password", everyone(403)),
    Row("GET", "/account/security", everyone(303)),
    # The employer's workspace: the same, and every caller is checked by session in
    # PAGE_TABLE below. A company without a logo has none to serve.
    Row("GET", "/employer", everyone(303)),
    Row("POST", "/employer/companies", everyone(403)),
    Row("GET", "/employer/{slug}", everyone(303), url=lambda w: f"/employer/{w.acme}"),
    Row(
        "GET",
        "/employer/{slug}/profile",
        everyone(303),
        url=lambda w: f"/employer/{w.acme}/profile",
    ),
    Row(
        "POST",
        "/employer/{slug}/profile",
        everyone(403),
        url=lambda w: f"/employer/{w.acme}/profile",
    ),
    Row("POST", "/employer/{slug}/logo", everyone(403), url=lambda w: f"/employer/{w.acme}/logo"),
    Row(
        "POST",
        "/employer/{slug}/logo/delete",
        everyone(403),
        url=lambda w: f"/employer/{w.acme}/logo/delete",
    ),
    Row("GET", "/companies/{slug}/logo", everyone(404), url=lambda w: f"/companies/{w.acme}/logo"),
    Row(
        "GET",
        "/employer/{slug}/jobs/new",
        everyone(303),
        url=lambda w: f"/employer/{w.acme}/jobs/new",
    ),
    Row(
        "POST",
        "/employer/{slug}/jobs/new",
        everyone(403),
        url=lambda w: f"/employer/{w.acme}/jobs/new",
    ),
    Row(
        "GET",
        "/employer/jobs/{job_id}",
        everyone(303),
        url=lambda w: f"/employer/jobs/{w.published_id}",
    ),
    Row(
        "GET",
        "/employer/jobs/{job_id}/edit",
        everyone(303),
        url=lambda w: f"/employer/jobs/{w.published_id}/edit",
    ),
    Row(
        "POST",
        "/employer/jobs/{job_id}/edit",
        everyone(403),
        url=lambda w: f"/employer/jobs/{w.published_id}/edit",
    ),
    Row(
        "GET",
        "/employer/jobs/{job_id}/preview",
        everyone(303),
        url=lambda w: f"/employer/jobs/{w.draft_id}/preview",
    ),
    *(
        Row(
            "POST",
            f"/employer/jobs/{{job_id}}/{action}",
            everyone(403),
            url=lambda w, action=action: f"/employer/jobs/{w.published_id}/{action}",
        )
        for action in ("publish", "close", "duplicate")
    ),
    Row("POST", "/employer/lint", everyone(403)),
    Row("GET", "/employer/notifications", everyone(303)),
    Row(
        "GET",
        "/employer/{slug}/activity",
        everyone(303),
        url=lambda w: f"/employer/{w.acme}/activity",
    ),
    Row("GET", "/admin/reports", everyone(303)),
    Row("POST", "/admin/reports/{report_id}", everyone(403), url=lambda w: "/admin/reports/1"),
    Row("GET", "/admin/audit", everyone(303)),
    Row("POST", "/employer/notifications", everyone(403)),
    Row(
        "GET",
        "/employer/jobs/{job_id}/applicants",
        everyone(303),
        url=lambda w: f"/employer/jobs/{w.published_id}/applicants",
    ),
    Row(
        "GET",
        "/employer/jobs/{job_id}/applicants/stages/{stage}",
        everyone(303),
        url=lambda w: f"/employer/jobs/{w.published_id}/applicants/stages/applied",
    ),
    Row(
        "POST",
        "/employer/jobs/{job_id}/applicants/reject",
        everyone(403),
        url=lambda w: f"/employer/jobs/{w.published_id}/applicants/reject",
    ),
    Row(
        "GET",
        "/employer/applications/{application_id}",
        everyone(303),
        url=lambda w: f"/employer/applications/{w.application_id}",
    ),
    Row(
        "GET",
        "/employer/applications/{application_id}/resume",
        everyone(303),
        url=lambda w: f"/employer/applications/{w.application_id}/resume",
    ),
    *(
        Row(
            "POST",
            f"/employer/applications/{{application_id}}/{action}",
            everyone(403),
            url=lambda w, action=action: f"/employer/applications/{w.application_id}/{action}",
        )
        for action in ("move", "notes")
    ),
    # The team, invitations and integrations pages: the same.
    *(
        Row(
            "GET",
            f"/employer/{{slug}}/{page}",
            everyone(303),
            url=lambda w, p=page: f"/employer/{w.acme}/{p}",
        )
        for page in ("team", "feeds", "webhooks", "clients")
    ),
    *(
        Row(
            "POST",
            f"/employer/{{slug}}/{action}",
            everyone(403),
            url=lambda w, a=action: f"/employer/{w.acme}/{a}",
        )
        for action in ("team/invitations", "feeds", "webhooks", "clients")
    ),
    Row(
        "POST",
        "/employer/{slug}/team/invitations/{invitation_id}/withdraw",
        everyone(403),
        url=lambda w: f"/employer/{w.acme}/team/invitations/1/withdraw",
    ),
    *(
        Row(
            "POST",
            f"/employer/{{slug}}/team/{{user_id}}/{action}",
            everyone(403),
            url=lambda w, a=action: f"/employer/{w.acme}/team/{w.viewer_id}/{a}",
        )
        for action in ("role", "remove")
    ),
    Row(
        "GET",
        "/employer/invitations/{token}",
        everyone(410),
        url=lambda w: "/employer/invitations/1.x",
    ),
    Row(
        "POST",
        "/employer/invitations/{token}",
        everyone(403),
        url=lambda w: "/employer/invitations/1.x",
    ),
    Row(
        "POST",
        "/employer/{slug}/feeds/{feed_id}/sync",
        everyone(403),
        url=lambda w: f"/employer/{w.acme}/feeds/{w.feed_id}/sync",
    ),
    Row(
        "GET",
        "/employer/{slug}/webhooks/{webhook_id}",
        everyone(303),
        url=lambda w: f"/employer/{w.acme}/webhooks/{w.webhook_id}",
    ),
    Row(
        "POST",
        "/employer/{slug}/webhooks/{webhook_id}/test",
        everyone(403),
        url=lambda w: f"/employer/{w.acme}/webhooks/{w.webhook_id}/test",
    ),
    Row(
        "POST",
        "/employer/{slug}/clients/{client_id}/revoke",
        everyone(403),
        url=lambda w: f"/employer/{w.acme}/clients/{w.client_id}/revoke",
    ),
    Row("GET", "/me", everyone(303)),
    Row("GET", "/me/applications", everyone(303)),
    Row(
        "GET",
        "/me/applications/{application_id:int}",
        everyone(303),
        url=lambda w: f"/me/applications/{w.application_id}",
    ),
    Row(
        "POST",
        "/me/applications/{application_id:int}/withdraw",
        everyone(403),
        url=lambda w: f"/me/applications/{w.application_id}/withdraw",
    ),
    Row("GET", "/me/saved-jobs", everyone(303)),
    Row("GET", "/me/saved-searches", everyone(303)),
    Row(
        "POST",
        "/me/saved-searches",
        everyone(403),
        data=lambda w: {"q": "go", "workplace": "remote"},
    ),
    Row(
        "GET",
        "/me/saved-searches/{saved_search_id:int}",
        everyone(303),
        url=lambda w: f"/me/saved-searches/{w.saved_search_id}",
    ),
    Row(
        "POST",
        "/me/saved-searches/{saved_search_id:int}",
        everyone(403),
        url=lambda w: f"/me/saved-searches/{w.saved_search_id}",
        data=lambda w: {"name": "Mine now", "frequency": "weekly"},
    ),
    Row(
        "POST",
        "/me/saved-searches/{saved_search_id:int}/pause",
        everyone(403),
        url=lambda w: f"/me/saved-searches/{w.saved_search_id}/pause",
    ),
    Row(
        "POST",
        "/me/saved-searches/{saved_search_id:int}/resume",
        everyone(403),
        url=lambda w: f"/me/saved-searches/{w.saved_search_id}/resume",
    ),
    Row(
        "POST",
        "/me/saved-searches/{saved_search_id:int}/delete",
        everyone(403),
        url=lambda w: f"/me/saved-searches/{w.saved_search_id}/delete",
    ),
    Row("GET", "/me/notifications", everyone(303)),
    Row(
        "POST",
        "/me/notifications/{notification_id:int}/read",
        everyone(403),
        url=lambda w: f"/me/notifications/{w.notification_id}/read",
    ),
    Row("POST", "/me/notifications/read-all", everyone(403)),
    Row("GET", "/me/profile", everyone(303)),
    Row("POST", "/me/profile", everyone(403), data=lambda w: {"headline": "Taken over"}),
    Row("GET", "/me/resume", everyone(303)),
    Row("POST", "/me/resume", everyone(403), files=lambda w: RESUME),
    Row("GET", "/me/resume/file", everyone(303)),
    Row("POST", "/me/resume/skills", everyone(403), data=lambda w: {"skill": "go"}),
    Row("POST", "/me/resume/delete", everyone(403)),
    Row("GET", "/me/data", everyone(303)),
    Row("GET", "/me/data/export.json", everyone(303)),
    Row("POST", "/me/data/delete", everyone(403), data=lambda w: {"password": PASSWORD}),
    # Discovery for crawlers and feed readers, and unsubscribing from alert e-mails by the
    # link they carry: the same for everyone. The one-click POST is refused a forged token.
    Row("GET", "/robots.txt", everyone(200)),
    Row("GET", "/sitemap.xml", everyone(200)),
    Row("GET", "/sitemaps/pages.xml", everyone(200)),
    Row(
        "GET",
        "/sitemaps/companies-{number:int}.xml",
        everyone(200),
        url=lambda w: f"/sitemaps/companies-{w.acme_id // SITEMAP_CHUNK}.xml",
    ),
    Row(
        "GET",
        "/sitemaps/jobs-{number:int}.xml",
        everyone(200),
        url=lambda w: f"/sitemaps/jobs-{w.published_id // SITEMAP_CHUNK}.xml",
    ),
    Row(
        "GET",
        "/categories/{slug}/feed.atom",
        everyone(200),
        url=lambda w: "/categories/senior-back-end-developer/feed.atom",
    ),
    Row(
        "GET",
        "/categories/{slug}/feed.json",
        everyone(200),
        url=lambda w: "/categories/senior-back-end-developer/feed.json",
    ),
    Row("GET", "/jobs/feed.atom", everyone(200), url=lambda w: "/jobs/feed.atom?q=backend"),
    Row("GET", "/jobs/feed.json", everyone(200), url=lambda w: "/jobs/feed.json?q=backend"),
    Row(
        "GET",
        "/unsubscribe/{token}",
        everyone(200),
        url=lambda w: f"/unsubscribe/{w.unsubscribe_token}",
    ),
    Row(
        "POST",
        "/unsubscribe/{token}",
        everyone(404),
        url=lambda w: f"/unsubscribe/{w.saved_search_id}.forged",
        data=lambda w: {"List-Unsubscribe": "One-Click"},
    ),
    # Discovery, documentation and health: public.
    Row("GET", "/openapi.json", everyone(200)),
    Row("GET", "/docs", everyone(200)),
    Row("GET", "/docs/oauth2-redirect", everyone(200)),
    Row("GET", "/redoc", everyone(200)),
    Row(
        "GET",
        "/api-docs/assets/{name}",
        everyone(200),
        url=lambda w: apidocs.asset_url("swagger-ui-init.js"),
    ),
    Row("GET", "/healthz", everyone(200)),
    Row("GET", "/readyz", everyone(200)),
    # GraphQL: anyone may send operations; who may read which field is GRAPHQL below.
    Row("GET", "/graphql", everyone(200), url=lambda w: "/graphql?query={categories{slug}}"),
    Row("POST", "/graphql", everyone(200), json=lambda w: {"query": "{ categories { slug } }"}),
    Row(
        "GET",
        "/graphql/assets/{name}",
        everyone(200),
        url=lambda w: graphql_app.asset_url("graphiql-init.js"),
    ),
    Row("GET", "/metrics", everyone(200)),
    Row("GET", "/.well-known/jwks.json", everyone(200)),
    Row("GET", "/.well-known/oauth-authorization-server", everyone(200)),
    # Accounts and tokens.
    Row(
        "POST",
        "/api/v1/auth/register",
        everyone(201),
        json=lambda w: {
            "email": "new-person@example.com",
            "password": PASSWORD,
            "display_name": "N",
        },
    ),
    Row(
        "POST",
        "/api/v1/auth/token",
        everyone(200),
        data=lambda w: {"grant_type": "password", "username": w.seeker_email, "password": PASSWORD},
    ),
    Row("POST", "/api/v1/auth/revoke", everyone(200), data=lambda w: {"token": "unknown"}),
    Row(
        "POST",
        "/api/v1/auth/password-reset",
        everyone(202),
        json=lambda w: {"email": w.seeker_email},
    ),
    Row(
        "POST",
        "/api/v1/auth/password-reset/confirm",
        everyone(204),
        json=lambda w: {"token": w.reset_token, "new_password": "a new long passphrase"},
    ),
    Row(
        "POST",
        "/api/v1/auth/verify-email",
        everyone(204),
        json=lambda w: {"token": w.verification_token},
    ),
    Row("POST", "/api/v1/auth/verify-email/resend", people_only(202)),
    Row("GET", "/api/v1/me", people_only(200)),
    Row(
        "POST",
        "/api/v1/me/password",
        people_only(204),
        json=lambda w: {"current_password": PASSWORD, "new_password": "a new long passphrase"},
    ),
    Row("POST", "/api/v1/me/sign-out-everywhere", people_only(204)),
    Row("GET", "/api/v1/me/export", people_only(200)),
    # The only owner of a company must hand it over before erasing the account.
    Row("DELETE", "/api/v1/me", people_only(204) | {"owner": 409, "other_member": 409}),
    # Platform administration.
    Row(
        "POST",
        "/api/v1/admin/users/{user_id}/disable",
        admins_only(200),
        url=lambda w: f"/api/v1/admin/users/{w.seeker_id}/disable",
    ),
    Row(
        "POST",
        "/api/v1/admin/users/{user_id}/enable",
        admins_only(200),
        url=lambda w: f"/api/v1/admin/users/{w.seeker_id}/enable",
    ),
    Row("GET", "/api/v1/admin/audit-events", admins_only(200)),
    # Companies and members.
    Row("GET", "/api/v1/companies", everyone(200)),
    Row(
        "POST",
        "/api/v1/companies",
        expect(
            201, anonymous=401, seeker=403, other_seeker=403, client=403, client_without_scope=403
        ),
        json=lambda w: {"name": "Fresh Company"},
    ),
    Row(
        "GET",
        "/api/v1/companies/{slug}",
        everyone(200),
        url=lambda w: f"/api/v1/companies/{w.acme}",
    ),
    Row(
        "PATCH",
        "/api/v1/companies/{slug}",
        expect(403, anonymous=401, owner=200, recruiter=200, admin=200),
        url=lambda w: f"/api/v1/companies/{w.acme}",
        json=lambda w: {"description": "Edited."},
    ),
    Row(
        "GET",
        "/api/v1/companies/{slug}/members",
        # An API client counts as a recruiter of its own company.
        expect(200, anonymous=401, seeker=403, other_seeker=403, other_member=403),
        url=lambda w: f"/api/v1/companies/{w.acme}/members",
    ),
    Row(
        "POST",
        "/api/v1/companies/{slug}/members",
        company_owners(201),
        url=lambda w: f"/api/v1/companies/{w.acme}/members",
        json=lambda w: {"email": w.other_seeker_email, "role": "viewer"},
    ),
    Row(
        "PATCH",
        "/api/v1/companies/{slug}/members/{user_id}",
        company_owners(200),
        url=lambda w: f"/api/v1/companies/{w.acme}/members/{w.viewer_id}",
        json=lambda w: {"role": "recruiter"},
    ),
    Row(
        "DELETE",
        "/api/v1/companies/{slug}/members/{user_id}",
        company_owners(204),
        url=lambda w: f"/api/v1/companies/{w.acme}/members/{w.viewer_id}",
    ),
    # API clients: owners only (companies:write), never another client.
    Row(
        "GET",
        "/api/v1/companies/{slug}/clients",
        company_owners(200),
        url=lambda w: f"/api/v1/companies/{w.acme}/clients",
    ),
    Row(
        "POST",
        "/api/v1/companies/{slug}/clients",
        company_owners(201),
        url=lambda w: f"/api/v1/companies/{w.acme}/clients",
        json=lambda w: {"name": "Another sync", "scopes": ["jobs:read"]},
    ),
    Row(
        "GET",
        "/api/v1/companies/{slug}/clients/{client_id}",
        company_owners(200),
        url=lambda w: f"/api/v1/companies/{w.acme}/clients/{w.client_id}",
    ),
    Row(
        "PATCH",
        "/api/v1/companies/{slug}/clients/{client_id}",
        company_owners(200),
        url=lambda w: f"/api/v1/companies/{w.acme}/clients/{w.client_id}",
        json=lambda w: {"name": "Renamed sync"},
    ),
    Row(
        "POST",
        "/api/v1/companies/{slug}/clients/{client_id}/disable",
        company_owners(200),
        url=lambda w: f"/api/v1/companies/{w.acme}/clients/{w.client_id}/disable",
    ),
    Row(
        "POST",
        "/api/v1/companies/{slug}/clients/{client_id}/enable",
        company_owners(200),
        url=lambda w: f"/api/v1/companies/{w.acme}/clients/{w.client_id}/enable",
    ),
    Row(
        "POST",
        "/api/v1/companies/{slug}/clients/{client_id}/rotate-secret",
        company_owners(200),
        url=lambda w: f"/api/v1/companies/{w.acme}/clients/{w.client_id}/rotate-secret",
    ),
    # Jobs.
    Row("GET", "/api/v1/jobs", everyone(200)),
    Row(
        "POST",
        "/api/v1/jobs",
        expect(
            403,
            anonymous=401,
            owner=201,
            recruiter=201,
            admin=201,
            client=201,
        ),
        json=_job,
        scope="jobs:write",
    ),
    Row(
        "POST",
        "/api/v1/jobs/batch",
        # Past the scope check each item answers for itself (a viewer's items fail inside).
        expect(200, anonymous=401, seeker=403, other_seeker=403, client_without_scope=403),
        json=lambda w: {"jobs": [_job(w)]},
        scope="jobs:write",
    ),
    Row(
        "GET",
        "/api/v1/jobs/{job_id}",
        # A draft: invisible (404) to all but the company, its client with jobs:read, admins.
        expect(404, owner=200, recruiter=200, viewer=200, admin=200, client=200),
        url=lambda w: f"/api/v1/jobs/{w.draft_id}",
        scope="jobs:read",
    ),
    Row(
        "POST",
        "/api/v1/jobs/{job_id}/reports",
        # Any person who can see the job may report it; API clients are not people.
        expect(201, anonymous=401, client=403, client_without_scope=403),
        url=lambda w: f"/api/v1/jobs/{w.published_id}/reports",
        json=lambda w: {"reason": "scam", "details": "asks for a fee"},
    ),
    Row(
        "GET",
        "/api/v1/jobs/{job_id}/similar",
        # Like reading the job itself: a draft's neighbours are the company's business.
        expect(404, owner=200, recruiter=200, viewer=200, admin=200, client=200),
        url=lambda w: f"/api/v1/jobs/{w.draft_id}/similar",
        scope="jobs:read",
    ),
    Row(
        "POST",
        "/api/v1/analyze",
        expect(200, anonymous=401),
        json=lambda w: {"title": "Senior Go Engineer", "description": "5+ years of Go."},
    ),
    Row(
        "PATCH",
        "/api/v1/jobs/{job_id}",
        expect(
            404,
            owner=200,
            recruiter=200,
            viewer=403,
            admin=200,
            client=200,
            client_without_scope=403,
        ),
        url=lambda w: f"/api/v1/jobs/{w.draft_id}",
        json=lambda w: {"title": "Staff Backend Engineer"},
        scope="jobs:write",
    ),
    Row(
        "DELETE",
        "/api/v1/jobs/{job_id}",
        expect(
            404,
            owner=204,
            recruiter=204,
            viewer=403,
            admin=204,
            client=204,
            client_without_scope=403,
        ),
        url=lambda w: f"/api/v1/jobs/{w.draft_id}",
        scope="jobs:write",
    ),
    Row(
        "POST",
        "/api/v1/jobs/{job_id}/publish",
        expect(
            404,
            owner=200,
            recruiter=200,
            viewer=403,
            admin=200,
            client=200,
            client_without_scope=403,
        ),
        url=lambda w: f"/api/v1/jobs/{w.draft_id}/publish",
        scope="jobs:write",
    ),
    Row(
        "POST",
        "/api/v1/jobs/{job_id}/close",
        # A published job: everyone sees it, only the company's editors close it.
        expect(403, anonymous=401, owner=200, recruiter=200, admin=200, client=200),
        url=lambda w: f"/api/v1/jobs/{w.published_id}/close",
        json=lambda w: {"reason": "filled"},
        scope="jobs:write",
    ),
    Row(
        "GET",
        "/api/v1/companies/{slug}/jobs",
        # Listing drafts is for the company's members and its client with jobs:read.
        expect(
            403,
            anonymous=401,
            owner=200,
            recruiter=200,
            viewer=200,
            admin=200,
            client=200,
        ),
        url=lambda w: f"/api/v1/companies/{w.acme}/jobs?status=draft",
        scope="jobs:read",
    ),
    # Seekers: one's own profile, résumé, saved jobs, recommendations, notifications.
    Row("GET", "/api/v1/me/profile", people_only(200)),
    Row("PUT", "/api/v1/me/profile", people_only(200), json=lambda w: {"headline": "Go dev"}),
    Row("POST", "/api/v1/me/resume", people_only(201), files=lambda w: RESUME),
    Row("GET", "/api/v1/me/resume", own_only(200)),
    Row("DELETE", "/api/v1/me/resume", own_only(204)),
    Row("GET", "/api/v1/me/resume/file", own_only(200)),
    Row("GET", "/api/v1/me/saved-jobs", people_only(200)),
    # Saved searches: the seeker's own; others find none. The feeds take their token as the
    # credential, so anyone holding the URL may read them.
    Row("GET", "/api/v1/me/saved-searches", people_only(200)),
    Row(
        "POST",
        "/api/v1/me/saved-searches",
        people_only(201),
        json=lambda w: {
            "name": "Remote Python",
            "search": {"q": "python", "workplace": ["remote"]},
        },
    ),
    Row(
        "GET",
        "/api/v1/me/saved-searches/{saved_search_id}",
        own_only(200),
        url=lambda w: f"/api/v1/me/saved-searches/{w.saved_search_id}",
    ),
    Row(
        "PATCH",
        "/api/v1/me/saved-searches/{saved_search_id}",
        own_only(200),
        url=lambda w: f"/api/v1/me/saved-searches/{w.saved_search_id}",
        json=lambda w: {"frequency": "weekly"},
    ),
    Row(
        "DELETE",
        "/api/v1/me/saved-searches/{saved_search_id}",
        own_only(204),
        url=lambda w: f"/api/v1/me/saved-searches/{w.saved_search_id}",
    ),
    Row(
        "POST",
        "/api/v1/me/saved-searches/{saved_search_id}/feed-token",
        own_only(200),
        url=lambda w: f"/api/v1/me/saved-searches/{w.saved_search_id}/feed-token",
    ),
    Row(
        "GET",
        "/api/v1/me/saved-searches/{saved_search_id}/matches",
        own_only(200),
        url=lambda w: f"/api/v1/me/saved-searches/{w.saved_search_id}/matches",
    ),
    Row(
        "GET",
        "/api/v1/alerts/{token}.json",
        everyone(200),
        url=lambda w: f"/api/v1/alerts/{w.feed_token}.json",
    ),
    Row(
        "GET",
        "/api/v1/alerts/{token}.atom",
        everyone(200),
        url=lambda w: f"/api/v1/alerts/{w.feed_token}.atom",
    ),
    Row(
        "POST",
        "/api/v1/me/saved-jobs",
        # The seeker saved it already: 200, nothing new.
        people_only(201) | {"seeker": 200},
        json=lambda w: {"job_id": w.published_id},
    ),
    Row(
        "DELETE",
        "/api/v1/me/saved-jobs/{job_id}",
        own_only(204),
        url=lambda w: f"/api/v1/me/saved-jobs/{w.published_id}",
    ),
    Row("GET", "/api/v1/me/recommendations", people_only(200)),
    Row("GET", "/api/v1/me/notifications", people_only(200)),
    Row(
        "POST",
        "/api/v1/me/notifications/{notification_id}/read",
        own_only(200),
        url=lambda w: f"/api/v1/me/notifications/{w.notification_id}/read",
    ),
    Row("POST", "/api/v1/me/notifications/read-all", people_only(200)),
    Row("GET", "/api/v1/me/applications", people_only(200)),
    # Hiring. Any person applies, once (the seeker did), never to their own company's job.
    Row(
        "POST",
        "/api/v1/jobs/{job_id}/applications",
        people_only(201) | {"seeker": 409, "owner": 403, "recruiter": 403, "viewer": 403},
        url=lambda w: f"/api/v1/jobs/{w.published_id}/applications",
        json=lambda w: {"cover_letter": "Hello"},
    ),
    Row(
        "GET",
        "/api/v1/jobs/{job_id}/applications",
        expect(403, anonymous=401, owner=200, recruiter=200, viewer=200, admin=200, client=200),
        url=lambda w: f"/api/v1/jobs/{w.published_id}/applications",
        scope="applications:read",
    ),
    # Candidates: searchable profiles found for a job by its company; invitations are acts.
    Row(
        "GET",
        "/api/v1/jobs/{job_id}/candidates",
        expect(403, anonymous=401, owner=200, recruiter=200, viewer=200, admin=200, client=200),
        url=lambda w: f"/api/v1/jobs/{w.published_id}/candidates",
        scope="applications:read",
    ),
    Row(
        "POST",
        "/api/v1/jobs/{job_id}/candidates/{user_id}/invitation",
        expect(403, anonymous=401, owner=201, recruiter=201, admin=201, client=201),
        url=lambda w: f"/api/v1/jobs/{w.published_id}/candidates/{w.other_seeker_id}/invitation",
        json=lambda w: {"message": "We would like to hear from you."},
        scope="applications:write",
    ),
    Row(
        "GET",
        "/api/v1/jobs/{job_id}/questions",
        everyone(200),
        url=lambda w: f"/api/v1/jobs/{w.published_id}/questions",
    ),
    Row(
        "PUT",
        "/api/v1/jobs/{job_id}/questions",
        expect(403, anonymous=401, owner=200, recruiter=200, admin=200, client=200),
        url=lambda w: f"/api/v1/jobs/{w.published_id}/questions",
        json=lambda w: {"questions": [{"id": "permit", "kind": "yes_no", "prompt": "Permit?"}]},
        scope="jobs:write",
    ),
    Row(
        "GET",
        "/api/v1/applications/{application_id}",
        expect(404, **APPLICATION_READERS),
        url=lambda w: f"/api/v1/applications/{w.application_id}",
        scope="applications:read",
    ),
    Row(
        "GET",
        "/api/v1/applications/{application_id}/resume",
        expect(404, **APPLICATION_READERS),
        url=lambda w: f"/api/v1/applications/{w.application_id}/resume",
        scope="applications:read",
    ),
    Row(
        "POST",
        "/api/v1/applications/{application_id}/transitions",
        # Readers who may not act get 403: the candidate, viewers, a client without the scope.
        expect(
            404,
            seeker=403,
            owner=200,
            recruiter=200,
            viewer=403,
            admin=200,
            client=200,
            client_without_scope=403,
        ),
        url=lambda w: f"/api/v1/applications/{w.application_id}/transitions",
        json=lambda w: {"to": "interview", "message": "See you soon."},
        scope="applications:write",
    ),
    Row(
        "POST",
        "/api/v1/applications/{application_id}/notes",
        expect(
            404,
            seeker=403,
            owner=201,
            recruiter=201,
            viewer=403,
            admin=201,
            client=201,
            client_without_scope=403,
        ),
        url=lambda w: f"/api/v1/applications/{w.application_id}/notes",
        json=lambda w: {"body": "Good call."},
        scope="applications:write",
    ),
    Row(
        "POST",
        "/api/v1/applications/{application_id}/withdraw",
        # Only the candidate withdraws; the company's readers see it but get 403.
        expect(404, **{**dict.fromkeys(APPLICATION_READERS, 403), "seeker": 200}),
        url=lambda w: f"/api/v1/applications/{w.application_id}/withdraw",
    ),
    Row(
        "GET",
        "/api/v1/companies/{slug}/pipeline",
        expect(
            200,
            anonymous=401,
            seeker=403,
            other_seeker=403,
            other_member=403,
            client_without_scope=403,
        ),
        url=lambda w: f"/api/v1/companies/{w.acme}/pipeline",
        scope="applications:read",
    ),
    Row(
        "PUT",
        "/api/v1/companies/{slug}/pipeline",
        company_owners(200),
        url=lambda w: f"/api/v1/companies/{w.acme}/pipeline",
        json=_stages,
    ),
    # The taxonomy: public.
    Row("GET", "/api/v1/categories", everyone(200)),
    Row(
        "GET",
        "/api/v1/categories/{slug}",
        everyone(200),
        url=lambda w: "/api/v1/categories/senior-back-end-developer",
    ),
    Row("GET", "/api/v1/skills", everyone(200)),
    Row("GET", "/api/v1/skills/{slug}", everyone(200), url=lambda w: "/api/v1/skills/golang"),
]


def _routes() -> set[str]:
    app = create_app(get_settings(), cache=MemoryCache())
    keys = set()
    for route in iter_route_contexts(app.routes):
        for method in (getattr(route, "methods", None) or set()) - {"HEAD"}:
            keys.add(f"{method} {route.path}")
    return keys


def test_every_route_has_a_row() -> None:
    """The table names every route of the app, and nothing that is not a route."""
    rows = [row.key for row in TABLE]
    assert len(rows) == len(set(rows)), "a route has two rows"
    assert _routes() - set(rows) == set(), "these routes need a row in TABLE"
    assert set(rows) - _routes() == set(), "these rows name no route"
    assert len(TABLE) * len(CALLERS) >= 500


def test_the_openapi_document_agrees_with_the_table() -> None:
    """An operation the OpenAPI document says needs a token refuses anonymous callers with 401;
    one it says ignores tokens refuses nobody with 401."""
    document = create_app(get_settings(), cache=MemoryCache()).openapi()
    checked = 0
    for row in TABLE:
        operation = document["paths"].get(row.path, {}).get(row.method.lower())
        if operation is None:
            continue
        checked += 1
        if operation["security"] == SIGNED_IN:
            assert row.expected["anonymous"] == 401, row.key
        if operation["security"] == TOKEN_IGNORED:
            assert 401 not in row.expected.values(), row.key
    assert checked > 50


@dataclass
class Harness:
    client: httpx.AsyncClient
    connection: AsyncConnection
    app: Any
    world: World


async def _call(harness: Harness, row: Row, headers: dict[str, str]) -> httpx.Response:
    world = harness.world
    harness.app.state.cache = MemoryCache()
    savepoint = await harness.connection.begin_nested()
    try:
        return await harness.client.request(
            row.method,
            row.url(world) if row.url else row.path,
            json=row.json(world) if row.json else None,
            data=row.data(world) if row.data else None,
            files=row.files(world) if row.files else None,
            headers=headers,
        )
    finally:
        await savepoint.rollback()


async def _ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def _build_world(client: httpx.AsyncClient, database: Database) -> World:
    world = World()
    suffix = secrets.token_hex(3)
    emails = {name: f"perm-{name}-{suffix}@example.com" for name in PEOPLE}
    ids: dict[str, int] = {}
    for name in PEOPLE:
        role = "seeker" if name in ("seeker", "other_seeker", "admin") else "employer"
        body = await _ok(
            await client.post(
                "/api/v1/auth/register",
                json={
                    "email": emails[name],
                    "password": PASSWORD,
                    "display_name": name,
                    "role": role,
                },
            ),
            201,
        )
        ids[name] = body["id"]
    async with database.sessionmaker() as session:
        await session.execute(
            text("UPDATE user_account SET role = 'admin' WHERE id = :id"), {"id": ids["admin"]}
        )
        await session.commit()

    async def sign_in(name: str) -> dict[str, str]:
        body = await _ok(
            await client.post(
                "/api/v1/auth/token",
                data={"grant_type": "password", "username": emails[name], "password": PASSWORD},
            )
        )
        return {"Authorization": f"Bearer {body['access_token']}"}

    owner = await sign_in("owner")
    acme = await _ok(
        await client.post("/api/v1/companies", json={"name": f"Acme {suffix}"}, headers=owner), 201
    )
    world.acme = acme["slug"]
    for name, role in (("recruiter", "recruiter"), ("viewer", "viewer")):
        await _ok(
            await client.post(
                f"/api/v1/companies/{world.acme}/members",
                json={"email": emails[name], "role": role},
                headers=owner,
            ),
            201,
        )
    other_owner = await sign_in("other_member")
    other = await _ok(
        await client.post(
            "/api/v1/companies", json={"name": f"Other {suffix}"}, headers=other_owner
        ),
        201,
    )
    world.other = other["slug"]
    draft = await _ok(
        await client.post("/api/v1/jobs", json=job_payload(world.acme), headers=owner), 201
    )
    published = await _ok(
        await client.post(
            "/api/v1/jobs", json=job_payload(world.acme, status="published"), headers=owner
        ),
        201,
    )
    world.draft_id, world.published_id = draft["id"], published["id"]
    feed = await _ok(
        await client.post(
            f"/api/v1/companies/{world.acme}/feeds",
            json={"kind": "greenhouse", "board_token": f"acme{suffix}"},
            headers=owner,
        ),
        201,
    )
    world.feed_id = feed["id"]
    webhook = await _ok(
        await client.post(
            f"/api/v1/companies/{world.acme}/webhooks",
            json={"url": "http://127.0.0.1:9/hook", "events": ["job.published"]},
            headers=owner,
        ),
        201,
    )
    world.webhook_id = webhook["id"]
    await _ok(await client.post(f"/api/v1/jobs/{world.draft_id}/publish", headers=owner))
    deliveries = await _ok(
        await client.get(
            f"/api/v1/companies/{world.acme}/webhooks/{world.webhook_id}/deliveries",
            headers=owner,
        )
    )
    world.delivery_id = deliveries["items"][0]["id"]
    # The draft row cases need a draft: make a second one now that the first is published.
    second = await _ok(
        await client.post("/api/v1/jobs", json=job_payload(world.acme), headers=owner), 201
    )
    world.draft_id = second["id"]
    created = await _ok(
        await client.post(
            f"/api/v1/companies/{world.acme}/clients",
            json={"name": "Sync", "scopes": sorted(CLIENT_SCOPES)},
            headers=owner,
        ),
        201,
    )
    world.client_id, world.client_secret = created["client_id"], created["client_secret"]
    world.headers = {name: await sign_in(name) for name in PEOPLE}
    seeker = world.headers["seeker"]
    await _ok(await client.post("/api/v1/me/resume", files=RESUME, headers=seeker), 201)
    application = await _ok(
        await client.post(
            f"/api/v1/jobs/{world.published_id}/applications", json={}, headers=seeker
        ),
        201,
    )
    world.application_id = application["id"]
    await _ok(
        await client.post(
            f"/api/v1/applications/{world.application_id}/transitions",
            json={"to": "screening"},
            headers=owner,
        )
    )
    await _ok(
        await client.post(
            "/api/v1/me/saved-jobs", json={"job_id": world.published_id}, headers=seeker
        ),
        201,
    )
    notifications = await _ok(await client.get("/api/v1/me/notifications", headers=seeker))
    world.notification_id = notifications["items"][0]["id"]
    saved_search = await _ok(
        await client.post(
            "/api/v1/me/saved-searches",
            json={"name": "Go jobs", "search": {"q": "go"}, "webhook_url": None},
            headers=seeker,
        ),
        201,
    )
    world.saved_search_id = saved_search["id"]
    world.feed_token = saved_search["feeds"]["json_feed"].rsplit("/", 1)[1].removesuffix(".json")
    world.seeker_id, world.viewer_id = ids["seeker"], ids["viewer"]
    world.other_seeker_id = ids["other_seeker"]
    await _ok(
        await client.put(
            "/api/v1/me/profile",
            json={"headline": "Go developer", "visibility": "searchable"},
            headers=world.headers["other_seeker"],
        )
    )
    world.seeker_email, world.other_seeker_email = emails["seeker"], emails["other_seeker"]
    settings = get_settings()
    async with database.sessionmaker() as session:
        seeker = await session.get(User, ids["seeker"])
        assert seeker is not None
        world.reset_token = auth_service.action_token(
            seeker, purpose=auth_service.PASSWORD_RESET, settings=settings
        )
        world.verification_token = auth_service.action_token(
            seeker, purpose=auth_service.EMAIL_VERIFICATION, settings=settings
        )
        saved = await session.get(SavedSearch, world.saved_search_id)
        assert saved is not None
        acme_id = await session.scalar(select(Company.id).where(Company.slug == world.acme))
        assert acme_id is not None
        world.acme_id = acme_id
        world.unsubscribe_token = alerts_service.unsubscribe_token(
            saved, secret_key=settings.secret_key
        )
    return world


async def _client_token(harness: Harness, scopes: frozenset[str]) -> str:
    world = harness.world
    if scopes not in world.client_tokens:
        body = await _ok(
            await harness.client.post(
                "/api/v1/auth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": world.client_id,
                    "client_secret": world.client_secret,
                    "scope": " ".join(sorted(scopes)),
                },
            )
        )
        world.client_tokens[scopes] = body["access_token"]
    return world.client_tokens[scopes]


async def _headers(harness: Harness, row: Row, caller: str) -> dict[str, str]:
    if caller == "anonymous":
        return {}
    if caller == "client":
        return {"Authorization": f"Bearer {await _client_token(harness, CLIENT_SCOPES)}"}
    if caller == "client_without_scope":
        scopes = CLIENT_SCOPES - {row.scope} if row.scope else frozenset({"webhooks:manage"})
        return {"Authorization": f"Bearer {await _client_token(harness, frozenset(scopes))}"}
    return harness.world.headers[caller]


@pytest.fixture(scope="module")
async def harness(engine: AsyncEngine) -> AsyncIterator[Harness]:
    """The world, built once per engine inside a transaction rolled back at the end."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        sessionmaker = async_sessionmaker(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        database = Database(engine, sessionmaker=sessionmaker)
        app = create_app(get_settings(), database, MemoryCache())
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client:
            world = await _build_world(client, database)
            yield Harness(client=client, connection=connection, app=app, world=world)
        await transaction.rollback()


@pytest.mark.parametrize("row", TABLE, ids=[row.key for row in TABLE])
async def test_who_may_call_it(harness: Harness, row: Row) -> None:
    """Each kind of caller gets exactly the status the table expects for this route."""
    actual = {}
    for caller in CALLERS:
        response = await _call(harness, row, await _headers(harness, row, caller))
        actual[caller] = response.status_code
        if (
            response.status_code >= 400
            and response.headers.get("content-type", "").startswith("application/")
            and row.path != "/api/v1/auth/token"
        ):
            assert response.headers["content-type"] == "application/problem+json", response.text
    assert actual == row.expected


# Pages by session --------------------------------------------------------------------------
# The employer's and the admin's pages, called by people signed in through the sign-in form
# (a session cookie, the page's CSRF token): the workspace refuses members of other
# companies, a member removed from the company, seekers and anonymous visitors (sent to sign
# in); viewers read but do not change. Every POST carries a valid CSRF token, so what is
# refused is refused by the page's own check.
PAGE_CALLERS = (
    "anonymous",
    "seeker",
    "owner",
    "recruiter",
    "viewer",
    "other_member",
    "removed_member",
    "admin",
)


def pages(default: int, **statuses: int) -> dict[str, int]:
    unknown = set(statuses) - set(PAGE_CALLERS)
    assert not unknown, unknown
    return {caller: statuses.get(caller, default) for caller in PAGE_CALLERS}


def members_read(status: int = 200) -> dict[str, int]:
    """A workspace page any member (and an admin) opens."""
    return pages(403, anonymous=303, owner=status, recruiter=status, viewer=status, admin=status)


def editors(status: int = 303) -> dict[str, int]:
    """A workspace action of owners and recruiters (and admins)."""
    return pages(403, anonymous=303, owner=status, recruiter=status, admin=status)


def company_page_owners(status: int) -> dict[str, int]:
    """A workspace action of the company's owners (and admins)."""
    return pages(403, anonymous=303, owner=status, admin=status)


@dataclass(frozen=True)
class PageRow:
    method: str
    path: str
    expected: dict[str, int]
    url: Build
    data: Build | None = None
    files: Build | None = None

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


PAGE_TABLE: list[PageRow] = [
    PageRow(
        "GET",
        "/employer",
        pages(200, anonymous=303, seeker=403, removed_member=200),
        url=lambda w: "/employer",
    ),
    PageRow(
        "POST",
        "/employer/companies",
        pages(303, anonymous=303, seeker=403),
        url=lambda w: "/employer/companies",
        data=lambda w: {"name": f"Made {secrets.token_hex(3)}"},
    ),
    PageRow("GET", "/employer/{slug}", members_read(), url=lambda w: f"/employer/{w.acme}"),
    PageRow(
        "GET",
        "/employer/{slug}/profile",
        members_read(),
        url=lambda w: f"/employer/{w.acme}/profile",
    ),
    PageRow(
        "POST",
        "/employer/{slug}/profile",
        editors(409),
        url=lambda w: f"/employer/{w.acme}/profile",
        data=lambda w: {"name": "", "version": "0"},
    ),
    PageRow(
        "POST",
        "/employer/{slug}/logo",
        editors(303),
        url=lambda w: f"/employer/{w.acme}/logo",
        files=lambda w: {"logo": ("logo.png", _PNG, "image/png")},
    ),
    PageRow(
        "POST",
        "/employer/{slug}/logo/delete",
        editors(303),
        url=lambda w: f"/employer/{w.acme}/logo/delete",
    ),
    # The job editor. A draft is no one's business outside its company (404); a published
    # job is public, but its workspace pages are the company's (403).
    PageRow(
        "GET",
        "/employer/{slug}/jobs/new",
        editors(200),
        url=lambda w: f"/employer/{w.acme}/jobs/new",
    ),
    PageRow(
        "POST",
        "/employer/{slug}/jobs/new",
        editors(200),
        url=lambda w: f"/employer/{w.acme}/jobs/new",
        data=lambda w: {"title": "Backend Engineer", "description": "Go.", "intent": "check"},
    ),
    PageRow(
        "GET",
        "/employer/jobs/{job_id}",
        members_read(),
        url=lambda w: f"/employer/jobs/{w.published_id}",
    ),
    PageRow(
        "GET",
        "/employer/jobs/{job_id}/edit",
        editors(200),
        url=lambda w: f"/employer/jobs/{w.published_id}/edit",
    ),
    PageRow(
        "POST",
        "/employer/jobs/{job_id}/edit",
        editors(200),
        url=lambda w: f"/employer/jobs/{w.published_id}/edit",
        data=lambda w: {"title": "Backend Engineer", "description": "Go.", "intent": "check"},
    ),
    PageRow(
        "GET",
        "/employer/jobs/{job_id}/preview",
        {**members_read(), "seeker": 404, "other_member": 404, "removed_member": 404},
        url=lambda w: f"/employer/jobs/{w.draft_id}/preview",
    ),
    PageRow(
        "POST",
        "/employer/jobs/{job_id}/publish",
        {**editors(303), "seeker": 404, "other_member": 404, "removed_member": 404},
        url=lambda w: f"/employer/jobs/{w.draft_id}/publish",
    ),
    PageRow(
        "POST",
        "/employer/jobs/{job_id}/close",
        editors(303),
        url=lambda w: f"/employer/jobs/{w.published_id}/close",
        data=lambda w: {"reason": "filled"},
    ),
    PageRow(
        "POST",
        "/employer/jobs/{job_id}/duplicate",
        editors(303),
        url=lambda w: f"/employer/jobs/{w.published_id}/duplicate",
    ),
    # Applicants: members read, owners and recruiters act. The application (of `seeker`, in
    # screening) is hidden from other companies (404); its candidate sees it but not here.
    PageRow(
        "GET",
        "/employer/jobs/{job_id}/applicants",
        members_read(),
        url=lambda w: f"/employer/jobs/{w.published_id}/applicants",
    ),
    PageRow(
        "GET",
        "/employer/jobs/{job_id}/applicants/stages/{stage}",
        members_read(),
        url=lambda w: f"/employer/jobs/{w.published_id}/applicants/stages/screening",
    ),
    PageRow(
        "POST",
        "/employer/jobs/{job_id}/applicants/reject",
        {**editors(303), "viewer": 403},
        url=lambda w: f"/employer/jobs/{w.published_id}/applicants/reject",
        data=lambda w: {"application": str(w.application_id), "message": "Thank you."},
    ),
    PageRow(
        "GET",
        "/employer/applications/{application_id}",
        {**members_read(), "other_member": 404, "removed_member": 404},
        url=lambda w: f"/employer/applications/{w.application_id}",
    ),
    PageRow(
        "GET",
        "/employer/applications/{application_id}/resume",
        {**members_read(), "other_member": 404, "removed_member": 404},
        url=lambda w: f"/employer/applications/{w.application_id}/resume",
    ),
    PageRow(
        "POST",
        "/employer/applications/{application_id}/move",
        {**editors(303), "other_member": 404, "removed_member": 404},
        url=lambda w: f"/employer/applications/{w.application_id}/move",
        data=lambda w: {"to": "interview", "message": "See you soon."},
    ),
    PageRow(
        "POST",
        "/employer/applications/{application_id}/notes",
        {**editors(303), "other_member": 404, "removed_member": 404},
        url=lambda w: f"/employer/applications/{w.application_id}/notes",
        data=lambda w: {"message": "Strong."},
    ),
    # The company's audit log is its owners'; moderation and the whole log are admins'.
    PageRow(
        "GET",
        "/employer/{slug}/activity",
        pages(403, anonymous=303, owner=200, admin=200),
        url=lambda w: f"/employer/{w.acme}/activity",
    ),
    PageRow(
        "GET",
        "/admin/reports",
        pages(403, anonymous=303, admin=200),
        url=lambda w: "/admin/reports",
    ),
    PageRow(
        "POST",
        "/admin/reports/{report_id}",
        pages(403, anonymous=303, admin=404),
        url=lambda w: "/admin/reports/999999",
        data=lambda w: {"action": "dismiss"},
    ),
    PageRow(
        "GET", "/admin/audit", pages(403, anonymous=303, admin=200), url=lambda w: "/admin/audit"
    ),
    # Hearing of applications: one's own choice per company one belongs to.
    PageRow(
        "GET",
        "/employer/notifications",
        pages(200, anonymous=303, seeker=403, removed_member=403, admin=403),
        url=lambda w: "/employer/notifications",
    ),
    PageRow(
        "POST",
        "/employer/notifications",
        pages(303, anonymous=303, seeker=403, removed_member=403, admin=403),
        url=lambda w: "/employer/notifications",
        data=lambda w: {f"mail-{w.acme}": "daily"},
    ),
    # The team: members read it; owners invite, change roles and remove. The link from an
    # invitation e-mail is checked before anyone's role: a forged one is 410 for all.
    PageRow(
        "GET", "/employer/{slug}/team", members_read(), url=lambda w: f"/employer/{w.acme}/team"
    ),
    PageRow(
        "POST",
        "/employer/{slug}/team/invitations",
        company_page_owners(303),
        url=lambda w: f"/employer/{w.acme}/team/invitations",
        data=lambda w: {
            "email": f"invited-{secrets.token_hex(3)}@example.com",
            "role": "recruiter",
        },
    ),
    PageRow(
        "POST",
        "/employer/{slug}/team/invitations/{invitation_id}/withdraw",
        company_page_owners(404),
        url=lambda w: f"/employer/{w.acme}/team/invitations/999999/withdraw",
    ),
    PageRow(
        "POST",
        "/employer/{slug}/team/{user_id}/role",
        company_page_owners(303),
        url=lambda w: f"/employer/{w.acme}/team/{w.viewer_id}/role",
        data=lambda w: {"role": "recruiter"},
    ),
    PageRow(
        "POST",
        "/employer/{slug}/team/{user_id}/remove",
        company_page_owners(303),
        url=lambda w: f"/employer/{w.acme}/team/{w.viewer_id}/remove",
    ),
    PageRow(
        "GET",
        "/employer/invitations/{token}",
        pages(410),
        url=lambda w: "/employer/invitations/1.AAAAAAAAAAAAAAAAAAAAAAAA",
    ),
    PageRow(
        "POST",
        "/employer/invitations/{token}",
        pages(410, anonymous=303),
        url=lambda w: "/employer/invitations/1.AAAAAAAAAAAAAAAAAAAAAAAA",
    ),
    # Integrations: members read feeds and webhooks, owners and recruiters change them; API
    # clients are the owners'.
    PageRow(
        "GET", "/employer/{slug}/feeds", members_read(), url=lambda w: f"/employer/{w.acme}/feeds"
    ),
    PageRow(
        "POST",
        "/employer/{slug}/feeds",
        editors(303),
        url=lambda w: f"/employer/{w.acme}/feeds",
        data=lambda w: {"kind": "lever", "board_token": f"made{secrets.token_hex(3)}"},
    ),
    PageRow(
        "POST",
        "/employer/{slug}/feeds/{feed_id}/sync",
        editors(303),
        url=lambda w: f"/employer/{w.acme}/feeds/{w.feed_id}/sync",
    ),
    PageRow(
        "GET",
        "/employer/{slug}/webhooks",
        members_read(),
        url=lambda w: f"/employer/{w.acme}/webhooks",
    ),
    PageRow(
        "POST",
        "/employer/{slug}/webhooks",
        editors(200),
        url=lambda w: f"/employer/{w.acme}/webhooks",
        data=lambda w: {"url": "http://127.0.0.1:9/other", "events": "job.closed"},
    ),
    PageRow(
        "GET",
        "/employer/{slug}/webhooks/{webhook_id}",
        members_read(),
        url=lambda w: f"/employer/{w.acme}/webhooks/{w.webhook_id}",
    ),
    PageRow(
        "POST",
        "/employer/{slug}/webhooks/{webhook_id}/test",
        editors(303),
        url=lambda w: f"/employer/{w.acme}/webhooks/{w.webhook_id}/test",
    ),
    PageRow(
        "GET",
        "/employer/{slug}/clients",
        company_page_owners(200),
        url=lambda w: f"/employer/{w.acme}/clients",
    ),
    PageRow(
        "POST",
        "/employer/{slug}/clients",
        company_page_owners(200),
        url=lambda w: f"/employer/{w.acme}/clients",
        data=lambda w: {"name": "Made here", "scopes": "jobs:read"},
    ),
    PageRow(
        "POST",
        "/employer/{slug}/clients/{client_id}/revoke",
        company_page_owners(303),
        url=lambda w: f"/employer/{w.acme}/clients/{w.client_id}/revoke",
    ),
    PageRow(
        "POST",
        "/employer/lint",
        pages(200, anonymous=303, seeker=403),
        url=lambda w: "/employer/lint",
        data=lambda w: {"title": "Backend Engineer", "description": "Go and PostgreSQL."},
    ),
]

# A 1x1 PNG.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763"
    "f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)
_HX_TOKEN = re_compile(r'"X-CSRF-Token": "([^"]+)"')


@dataclass
class Browsers:
    harness: Harness
    clients: dict[str, httpx.AsyncClient]
    tokens: dict[str, str]


@pytest.fixture(scope="module")
async def browsers(harness: Harness) -> AsyncIterator[Browsers]:
    """Each kind of caller signed in to a browser of its own (anonymous: none), with the CSRF
    token of its pages; and a recruiter removed from the company after signing in."""
    from support_web import another_browser, web_sign_in

    client = harness.client
    removed = await _ok(
        await client.post(
            "/api/v1/auth/register",
            json={
                "email": f"perm-removed-{secrets.token_hex(3)}@example.com",
                "password": PASSWORD,
                "display_name": "removed",
                "role": "employer",
            },
        ),
        201,
    )
    owner = harness.world.headers["owner"]
    await _ok(
        await client.post(
            f"/api/v1/companies/{harness.world.acme}/members",
            json={"email": removed["email"], "role": "recruiter"},
            headers=owner,
        ),
        201,
    )
    emails = {"removed_member": removed["email"]}
    for name in PAGE_CALLERS:
        if name not in ("anonymous", "removed_member"):
            me = await _ok(await client.get("/api/v1/me", headers=harness.world.headers[name]))
            emails[name] = me["email"]
    clients: dict[str, httpx.AsyncClient] = {}
    tokens: dict[str, str] = {}
    for name in PAGE_CALLERS:
        browser = another_browser(client)
        if name != "anonymous":
            await web_sign_in(browser, emails[name])
        home = await browser.get("/account/signin" if name == "anonymous" else "/me")
        match = _HX_TOKEN.search(home.text)
        assert match is not None, name
        clients[name], tokens[name] = browser, match.group(1)
    response = await client.delete(
        f"/api/v1/companies/{harness.world.acme}/members/{removed['id']}", headers=owner
    )
    assert response.status_code == 204
    yield Browsers(harness=harness, clients=clients, tokens=tokens)
    for browser in clients.values():
        await browser.aclose()


async def _page_call(browsers: Browsers, row: PageRow, caller: str) -> httpx.Response:
    harness = browsers.harness
    harness.app.state.cache = MemoryCache()
    savepoint = await harness.connection.begin_nested()
    try:
        browser = browsers.clients[caller]
        headers = {"X-CSRF-Token": browsers.tokens[caller], "Origin": "http://testserver"}
        return await browser.request(
            row.method,
            row.url(harness.world),
            data=row.data(harness.world) if row.data else None,
            files=row.files(harness.world) if row.files else None,
            headers=headers if row.method != "GET" else {},
        )
    finally:
        await savepoint.rollback()


def test_every_workspace_page_has_a_page_row() -> None:
    """Every route under /employer and /admin pages is in PAGE_TABLE."""
    routed = {
        key
        for key in _routes()
        if key.split(" ", 1)[1].startswith(("/employer", "/admin/"))
        and not key.split(" ", 1)[1].startswith("/api/")
    }
    assert routed == {row.key for row in PAGE_TABLE}


@pytest.mark.parametrize("row", PAGE_TABLE, ids=[row.key for row in PAGE_TABLE])
async def test_who_may_open_it_in_a_browser(browsers: Browsers, row: PageRow) -> None:
    """Each kind of signed-in person gets exactly the status the table expects."""
    actual = {}
    for caller in PAGE_CALLERS:
        response = await _page_call(browsers, row, caller)
        actual[caller] = response.status_code
        if response.status_code == 303 and caller == "anonymous":
            assert response.headers["location"].startswith("/account/signin?next=")
    assert actual == row.expected


# GraphQL operations: each answers every caller as its REST twin does (``rest``: that row's
# statuses, as problem codes), or as ``expected`` says. "ok" is data without errors; "null"
# is a field that the caller may not see answered as null (``hidden`` names it).
CODES = {401: "not-authenticated", 403: "forbidden", 404: "not-found"}


@dataclass(frozen=True)
class Operation:
    name: str
    document: str
    variables: Build
    rest: str | None = None
    expected: dict[str, str] = field(default_factory=dict)
    scope: str | None = None
    hidden: tuple[str, ...] = ()
    conflict: str = "conflict"

    def outcomes(self) -> dict[str, str]:
        if self.rest is None:
            return self.expected
        row = next(row for row in TABLE if row.key == self.rest)
        found = {
            caller: "ok" if status < 300 else CODES.get(status, self.conflict)
            for caller, status in row.expected.items()
        }
        return found | self.expected


def _everyone_ok() -> dict[str, str]:
    return dict.fromkeys(CALLERS, "ok")


GRAPHQL: list[Operation] = [
    Operation(
        "published job",
        "query($id: ID!) { job(id: $id) { title company { name } } }",
        lambda w: {"id": str(w.published_id)},
        expected=_everyone_ok(),
    ),
    Operation(
        "draft job",
        "query($id: ID!) { job(id: $id) { title status } }",
        lambda w: {"id": str(w.draft_id)},
        rest="GET /api/v1/jobs/{job_id}",
        scope="jobs:read",
    ),
    Operation(
        "a company's drafts",
        "query($slug: String!) { company(slug: $slug) { jobs(status: DRAFT) { nodes { id } } } }",
        lambda w: {"slug": w.acme},
        rest="GET /api/v1/companies/{slug}/jobs",
        scope="jobs:read",
    ),
    Operation(
        "an application",
        "query($id: ID!) { application(id: $id) { status stage { key } } }",
        lambda w: {"id": str(w.application_id)},
        rest="GET /api/v1/applications/{application_id}",
        scope="applications:read",
    ),
    Operation(
        "an application's private notes",
        "query($id: ID!) { application(id: $id) { notes { body } candidate { email } } }",
        lambda w: {"id": str(w.application_id)},
        rest="GET /api/v1/applications/{application_id}",
        expected={"seeker": "null"},
        scope="applications:read",
        hidden=("application", "notes"),
    ),
    Operation(
        "a job's applicants",
        "query($id: ID!) { job(id: $id) { applicants { nodes { candidate { email } } } } }",
        lambda w: {"id": str(w.published_id)},
        rest="GET /api/v1/jobs/{job_id}/applications",
        scope="applications:read",
    ),
    Operation(
        "my profile and saved things",
        "{ me { profile { headline } savedJobs { nodes { savedAt } } "
        "savedSearches { nodes { name } } applications { nodes { status } } "
        "notifications { unreadCount } } }",
        lambda w: {},
        rest="GET /api/v1/me/profile",
    ),
    Operation(
        "save a job",
        "mutation($id: ID!) { saveJob(jobId: $id) { created } }",
        lambda w: {"id": str(w.published_id)},
        rest="POST /api/v1/me/saved-jobs",
    ),
    Operation(
        "apply",
        "mutation($id: ID!) { apply(jobId: $id) { application { status } } }",
        lambda w: {"id": str(w.published_id)},
        rest="POST /api/v1/jobs/{job_id}/applications",
        conflict="already-applied",
    ),
    Operation(
        "publish a draft",
        "mutation($id: ID!) { publishJob(id: $id) { job { status } } }",
        lambda w: {"id": str(w.draft_id)},
        rest="POST /api/v1/jobs/{job_id}/publish",
        scope="jobs:write",
    ),
    Operation(
        "close a job",
        "mutation($id: ID!) { closeJob(id: $id, reason: FILLED) { job { status } } }",
        lambda w: {"id": str(w.published_id)},
        rest="POST /api/v1/jobs/{job_id}/close",
        scope="jobs:write",
    ),
    Operation(
        "move an application",
        'mutation($id: ID!) { moveApplication(id: $id, to: "interview", message: "Soon") '
        "{ application { stage { key } } } }",
        lambda w: {"id": str(w.application_id)},
        rest="POST /api/v1/applications/{application_id}/transitions",
        scope="applications:write",
    ),
    Operation(
        "add a note",
        'mutation($id: ID!) { addNote(applicationId: $id, body: "Good call.") { note { body } } }',
        lambda w: {"id": str(w.application_id)},
        rest="POST /api/v1/applications/{application_id}/notes",
        scope="applications:write",
    ),
]


def _outcome(body: dict[str, Any], operation: Operation) -> str:
    errors = body.get("errors")
    if errors:
        return str(errors[0]["extensions"]["code"])
    value: Any = body["data"]
    for name in operation.hidden:
        value = value[name]
    return "null" if operation.hidden and value is None else "ok"


@pytest.mark.parametrize("operation", GRAPHQL, ids=[operation.name for operation in GRAPHQL])
async def test_who_may_read_which_field(harness: Harness, operation: Operation) -> None:
    """Each kind of caller gets what its REST twin gets: the data, or the same problem."""
    row = Row("POST", "/graphql", {}, scope=operation.scope)
    actual = {}
    for caller in CALLERS:
        response = await _call(
            harness,
            Row(
                "POST",
                "/graphql",
                {},
                json=lambda w, o=operation: {"query": o.document, "variables": o.variables(w)},
            ),
            await _headers(harness, row, caller),
        )
        assert response.status_code == 200, response.text
        actual[caller] = _outcome(response.json(), operation)
    assert actual == operation.outcomes()
