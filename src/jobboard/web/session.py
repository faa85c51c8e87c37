"""Who is looking at a page: the browser's session cookie turned into a ``Viewer``.

The session cookie is HttpOnly, SameSite=Lax and, when Jobboard is served over https,
Secure with the ``__Host-`` prefix (no subdomain can set or read it). Pages get the viewer
through ``CurrentViewer``; pages that need a signed-in person through ``SignedInViewer``,
which sends anyone else to the sign-in page and back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request, Response

from jobboard.auth import web_sessions
from jobboard.auth.principal import ANONYMOUS, Principal
from jobboard.auth.web_sessions import SessionClaims
from jobboard.config import Settings
from jobboard.web import csrf

FLASH_COOKIE = "jb_flash"
# What a page may say after a redirect; the cookie names one, so it carries no free text.
FLASH_MESSAGES = {
    "signed-in": "You are signed in.",
    "signed-out": "You are signed out.",
    "signed-out-everywhere": "You are signed out on every device.",
    "registered": "Welcome! We sent you an e-mail to confirm your address.",
    "verified": "Your e-mail address is confirmed.",
    "verification-sent": "A new confirmation e-mail is on its way.",
    "reset-sent": "If an account uses this address, a link to reset its password is on its way.",
    "password-reset": "Your password is changed and you are signed out everywhere; sign in.",
    "job-saved": "Job saved. Find it under Saved.",
    "job-unsaved": "Job removed from your saved jobs.",
    "search-saved": "Search saved. We will tell you about new jobs it finds.",
    "search-updated": "Saved search updated.",
    "search-deleted": "Saved search deleted.",
    "applied": "Application sent. Follow it under Applications.",
    "withdrawn": "Application withdrawn.",
    "profile-saved": "Profile saved.",
    "resume-uploaded": "Résumé uploaded. Confirm the skills we found below.",
    "resume-deleted": "Résumé deleted.",
    "skills-added": "Skills added to your profile.",
    "notifications-read": "All notifications marked as read.",
    "unsubscribed": "You will get no more alerts for that search.",
    "account-deleted": "Your account and its data are deleted.",
    "reported": "Thank you. The report is with the moderators.",
    "password-changed": "Your password is changed. You stay signed in here and are signed out "
    "everywhere else.",
    "search-paused": "Alerts for this search are paused; its feeds keep working.",
    "search-resumed": "Alerts for this search are on again.",
    "notification-read": "Notification marked as read.",
    "company-created": "Company created. Complete its profile, then post a job.",
    "company-saved": "Company profile saved.",
    "logo-saved": "Logo saved.",
    "logo-removed": "Logo removed.",
    "invitation-sent": "Invitation sent. Its link works once, until it expires.",
    "invitation-withdrawn": "Invitation withdrawn: its link no longer works.",
    "invitation-accepted": "Welcome to the team.",
    "role-changed": "Role changed.",
    "member-removed": "Member removed: they lost access at once.",
    "feed-created": "Feed added. It is read within a few minutes.",
    "feed-sync-requested": "The feed will be read again within a minute.",
    "webhook-created": "Webhook added.",
    "webhook-test-sent": "A test event is on its way; its delivery appears below.",
    "client-revoked": "API client revoked: its tokens stopped working at once.",
    "job-drafted": "Draft saved. Preview it, then publish it when it is ready.",
    "job-updated": "Job saved.",
    "job-published": "Job published. Seekers can find it and apply.",
    "job-renewed": "Job renewed and published again.",
    "job-closed": "Job closed. Its open applications are closed with a message to each candidate.",
    "job-duplicated": "A copy of the job is saved as a draft. Change what differs.",
    "candidate-moved": "Candidate moved. They have your message.",
    "applicants-rejected": "The ticked applicants are rejected, each with your message.",
    "nothing-rejected": "None of the ticked applications was open; nothing changed.",
    "note-added": "Note added. Only your company sees it.",
    "notifications-saved": "Saved: this is how you hear of new applications.",
    "report-resolved": "Decided. Everyone who reported the job is told the outcome.",
}


def session_cookie_name(settings: Settings) -> str:
    return "__Host-jb_session" if settings.uses_https else "jb_session"


@dataclass
class Viewer:
    """The principal behind a page request, and the cookies its answer must set or clear."""

    principal: Principal
    claims: SessionClaims | None
    secret: str
    csrf_cookie: str | None = None
    flash_code: str | None = None
    set_cookies: dict[str, tuple[str, int]] = field(default_factory=dict)
    clear_cookies: set[str] = field(default_factory=set)

    @property
    def signed_in(self) -> bool:
        return self.claims is not None

    @property
    def user_id(self) -> int | None:
        return self.principal.user_id

    @property
    def csrf_binding(self) -> str | None:
        return self.claims.session_id if self.claims is not None else self.csrf_cookie

    def flash(self, code: str) -> None:
        """Show a message (one of ``FLASH_MESSAGES``) on the next page this browser opens."""
        self.set_cookies[FLASH_COOKIE] = (code, 60)

    def take_flash(self) -> str | None:
        """The message to show on this page, once."""
        if self.flash_code is None:
            return None
        self.clear_cookies.add(FLASH_COOKIE)
        return FLASH_MESSAGES.get(self.flash_code)

    def csrf_token(self) -> str:
        """The token for this page's forms; before sign-in it binds a new cookie if needed."""
        binding = self.csrf_binding
        if binding is None:
            binding = self.csrf_cookie = csrf.new_binding()
            self.set_cookies[csrf.ANONYMOUS_COOKIE] = (binding, 0)
        return csrf.token_for(binding, secret=self.secret)


class SignInRequired(Exception):
    """Raised by pages that need a signed-in person; answered with a redirect to sign in."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


async def resolve_viewer(request: Request) -> Viewer:
    """Read the cookies once per request (``request.state.viewer`` afterwards)."""
    known: Viewer | None = getattr(request.state, "viewer", None)
    if known is not None:
        return known
    state = request.app.state
    settings: Settings = state.settings
    cookie_name = session_cookie_name(settings)
    viewer = Viewer(
        principal=ANONYMOUS,
        claims=None,
        secret=settings.secret_key,
        csrf_cookie=request.cookies.get(csrf.ANONYMOUS_COOKIE) or None,
        flash_code=request.cookies.get(FLASH_COOKIE) or None,
    )
    raw = request.cookies.get(cookie_name)
    if raw:
        claims = web_sessions.decode(
            raw, secret=settings.secret_key, ttl_seconds=settings.web_session_ttl_days * 86400
        )
        principal = (
            await web_sessions.principal_for(
                claims, cache=state.cache, database=state.database, settings=settings
            )
            if claims is not None
            else None
        )
        if principal is None:
            viewer.clear_cookies.add(cookie_name)
        else:
            viewer.principal, viewer.claims = principal, claims
    request.state.viewer = viewer
    return viewer


CurrentViewer = Annotated[Viewer, Depends(resolve_viewer)]


def here(request: Request) -> str:
    """This page's path and query, as a ``next=`` target."""
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


async def require_signed_in(request: Request) -> Viewer:
    viewer = await resolve_viewer(request)
    if not viewer.signed_in:
        raise SignInRequired(here(request))
    return viewer


SignedInViewer = Annotated[Viewer, Depends(require_signed_in)]


def sign_in_url(next_url: str) -> str:
    return "/account/signin?next=" + quote(next_url, safe="/")


def safe_next(target: str | None, default: str = "/") -> str:
    """``next=`` only ever leads to a page of this site: a path, never a scheme, another
    host (``//evil.example``), a backslash trick (``/\\evil.example``) or a control char."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    if any(character in target for character in "\\\r\n\t") or len(target) > 2000:
        return default
    return target


def apply_cookies(response: Response, viewer: Viewer, settings: Settings) -> None:
    """Write what this request decided about cookies onto its answer."""
    secure = settings.uses_https
    for name in viewer.clear_cookies:
        response.delete_cookie(name, path="/", secure=secure, httponly=True, samesite="lax")
    for name, (value, max_age) in viewer.set_cookies.items():
        response.set_cookie(
            name,
            value,
            max_age=max_age or None,
            path="/",
            secure=secure,
            httponly=True,
            samesite="lax",
        )


def begin_session(viewer: Viewer, claims: SessionClaims, settings: Settings) -> None:
    """Have the answer set the cookie of a session that has just started."""
    name = session_cookie_name(settings)
    viewer.clear_cookies.discard(name)
    viewer.set_cookies[name] = (
        web_sessions.encode(claims, secret=settings.secret_key),
        settings.web_session_ttl_days * 86400,
    )
    viewer.claims = claims


def end_session(viewer: Viewer, settings: Settings) -> None:
    name = session_cookie_name(settings)
    viewer.set_cookies.pop(name, None)
    viewer.clear_cookies.add(name)
    viewer.claims = None
    viewer.principal = ANONYMOUS
