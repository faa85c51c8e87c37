"""Account pages under ``/account/``: signing up, in and out (a web session bound to the same
users, lockout and rate limits as the token endpoint), confirming the e-mail address, the
forgotten and the changed password, and the sign-in and security page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from jobboard.auth import password_policy, web_sessions
from jobboard.auth import service as auth
from jobboard.auth.schemas import PasswordResetRequest, UserCreate
from jobboard.config import Settings
from jobboard.dependencies import AppCache, AppSettings, DbSession
from jobboard.errors import ValidationFailed
from jobboard.models import User
from jobboard.ratelimit import RateLimited, client_address, spend_for_request
from jobboard.web.rendering import page
from jobboard.web.routing import PageRoute
from jobboard.web.session import (
    CurrentViewer,
    SignedInViewer,
    Viewer,
    begin_session,
    end_session,
    safe_next,
)

router = APIRouter(route_class=PageRoute, include_in_schema=False)

_Text = Annotated[str, Form(max_length=320)]
_Password = Annotated[str, Form(max_length=256)]
_Next = Annotated[str | None, Form(max_length=2000)]
_Token = Annotated[str, Form(max_length=1000)]

ROLE_CHOICES = (("seeker", "I am looking for a job"), ("employer", "I am hiring"))
ROLE_NAMES = {"seeker": "a job seeker's", "employer": "an employer's", "admin": "an admin's"}
_WRONG_EMAIL = "Enter an e-mail address in the correct format, like name@example.com"
# What a sign-up field says when the account's schema refuses it.
_SIGN_UP_MESSAGES = {
    "display_name": "Enter your name in at most 120 characters",
    "email": _WRONG_EMAIL,
    "password": "Choose another password",
    "role": "Choose whether you are looking for a job or hiring",
}


async def _start_session(
    request: Request,
    session: DbSession,
    settings: Settings,
    cache: AppCache,
    viewer: Viewer,
    user: User,
) -> None:
    """Sign this browser in as ``user``: a stored session and its cookie."""
    claims = await web_sessions.start(
        session,
        cache=cache,
        settings=settings,
        user=user,
        client_address=client_address(request),
        user_agent=request.headers.get("user-agent"),
    )
    begin_session(viewer, claims, settings)


def _in_order(errors: dict[str, str], fields: tuple[str, ...]) -> dict[str, str]:
    """Errors in the order of the form's fields, as the error summary lists them."""
    return {name: errors[name] for name in fields if name in errors}


def _refusal(error: ValidationFailed, fields: dict[str, str]) -> dict[str, str]:
    """A service's refusal on the form field it names (``body.new_password`` is
    ``fields["new_password"]``), in the service's words."""
    for item in error.extensions.get("errors", []):
        name = fields.get(str(item.get("field", "")).removeprefix("body."))
        if name is not None:
            return {name: error.detail}
    return {next(iter(fields.values())): error.detail}


def _too_often(refused: RateLimited, doing: str) -> str:
    """A rate limit in words: "You have asked for this too often; try again in 12 minutes."""
    seconds = int(refused.headers.get("Retry-After", "60"))
    wait = f"{seconds} seconds" if seconds < 120 else f"{(seconds + 59) // 60} minutes"
    return f"You have {doing} too often; try again in {wait}"


def _password_problem(password: str, email: str) -> str | None:
    """Why the policy refuses this password, in the service's words; None when it passes."""
    try:
        auth.check_password(password, email=email)
    except ValidationFailed as weak:
        return weak.detail
    return None


# Signing in and out --------------------------------------------------------------------------


@router.get("/account/signin")
async def sign_in_form(
    request: Request,
    viewer: CurrentViewer,
    next: Annotated[str | None, Query(max_length=2000)] = None,
) -> Response:
    target = safe_next(next)
    if viewer.signed_in:
        return RedirectResponse(target, status_code=303)
    return page(
        request,
        "account/signin.html",
        title="Sign in",
        next_url=target,
        email="",
        errors={},
    )


@router.post("/account/signin")
async def sign_in(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    cache: AppCache,
    viewer: CurrentViewer,
    email: _Text = "",
    password: _Password = "",
    next: _Next = None,
) -> Response:
    target = safe_next(next)
    errors: dict[str, str] = {}
    if not email.strip():
        errors["email"] = "Enter your e-mail address"
    if not password:
        errors["password"] = "Enter your password"  # noqa: S105 - a message
    status = 422
    headers: dict[str, str] = {}
    if not errors:
        try:
            await spend_for_request(request, "token", client_address(request))
            user = await auth.sign_in(
                session, cache=cache, settings=settings, email=email.strip(), password=password
            )
        except (auth.WrongCredentials, auth.SignInLocked, RateLimited) as refused:
            errors["email"] = refused.detail
            status, headers = refused.status, refused.headers
        else:
            await _start_session(request, session, settings, cache, viewer, user)
            viewer.flash("signed-in")
            return RedirectResponse(target, status_code=303)
    return page(
        request,
        "account/signin.html",
        status=status,
        headers=headers,
        title="Sign in",
        next_url=target,
        email=email,
        errors=errors,
    )


@router.post("/account/signout")
async def sign_out(
    session: DbSession, settings: AppSettings, cache: AppCache, viewer: CurrentViewer
) -> Response:
    if viewer.claims is not None:
        await web_sessions.end(session, cache=cache, settings=settings, claims=viewer.claims)
    end_session(viewer, settings)
    viewer.flash("signed-out")
    return RedirectResponse("/", status_code=303)


@router.post("/account/signout-everywhere")
async def sign_out_everywhere(
    session: DbSession, settings: AppSettings, cache: AppCache, viewer: SignedInViewer
) -> Response:
    await auth.sign_out_everywhere(
        session, cache=cache, settings=settings, principal=viewer.principal
    )
    end_session(viewer, settings)
    viewer.flash("signed-out-everywhere")
    return RedirectResponse("/", status_code=303)


# Signing up ----------------------------------------------------------------------------------


def _sign_up_page(
    request: Request,
    *,
    next_url: str,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    return page(
        request,
        "account/signup.html",
        status=status,
        headers=headers,
        title="Create an account",
        description=(
            "Create a free Jobboard account to save jobs and searches, get alerts and apply "
            "to software engineering jobs, or to post jobs and follow applicants."
        ),
        next_url=next_url,
        values=values,
        errors=errors,
        roles=ROLE_CHOICES,
        password_hint=password_policy.hint(),
    )


@router.get("/account/signup")
async def sign_up_form(
    request: Request,
    viewer: CurrentViewer,
    next: Annotated[str | None, Query(max_length=2000)] = None,
    role: Annotated[str | None, Query(max_length=16)] = None,
) -> Response:
    target = safe_next(next)
    if viewer.signed_in:
        return RedirectResponse(target, status_code=303)
    chosen = role if role in dict(ROLE_CHOICES) else "seeker"
    return _sign_up_page(
        request,
        next_url=target,
        values={"display_name": "", "email": "", "role": chosen},
        errors={},
    )


@router.post("/account/signup")
async def sign_up(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    cache: AppCache,
    viewer: CurrentViewer,
    display_name: _Text = "",
    email: _Text = "",
    password: _Password = "",
    role: Annotated[str, Form(max_length=16)] = "seeker",
    next: _Next = None,
) -> Response:
    target = safe_next(next)
    values = {"display_name": display_name, "email": email, "role": role}
    errors: dict[str, str] = {}
    if not display_name.strip():
        errors["display_name"] = "Enter your name"
    if not email.strip():
        errors["email"] = "Enter your e-mail address"
    if not password:
        errors["password"] = "Enter a password"  # noqa: S105 - a message
    elif weak := _password_problem(password, email.strip()):
        errors["password"] = weak
    form: UserCreate | None = None
    try:
        form = UserCreate(email=email, password=password, display_name=display_name, role=role)
    except ValidationError as invalid:
        for item in invalid.errors():
            name = str(item["loc"][0]) if item["loc"] else "email"
            errors.setdefault(name, _SIGN_UP_MESSAGES.get(name, "Check this answer"))
    status, headers = 422, {}
    if form is not None and not errors:
        try:
            await spend_for_request(request, "register", client_address(request))
            user = await auth.sign_up(
                session,
                cache=cache,
                settings=settings,
                email=form.email,
                password=form.password,
                display_name=form.display_name,
                role=form.role,
            )
        except RateLimited as refused:
            errors["email"] = _too_often(refused, "tried to create accounts from this network")
            status, headers = refused.status, refused.headers
        except auth.EmailTaken:
            errors["email"] = (
                "An account already uses this e-mail address: sign in, or reset its "
                "password if you have forgotten it"
            )
            status = auth.EmailTaken.status
        except ValidationFailed as refused:
            errors = _refusal(refused, {"password": "password", "email": "email"})
        else:
            await _start_session(request, session, settings, cache, viewer, user)
            viewer.flash("registered")
            return RedirectResponse(target, status_code=303)
    return _sign_up_page(
        request,
        next_url=target,
        values=values,
        errors=_in_order(errors, ("display_name", "email", "password", "role")),
        status=status,
        headers=headers,
    )


# Confirming the e-mail address ---------------------------------------------------------------


@router.get("/account/verify-email")
async def verify_email(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    viewer: CurrentViewer,
    token: Annotated[str | None, Query(max_length=1000)] = None,
) -> Response:
    """The link in the verification e-mail. It works once: a used, expired or mangled link
    gets a page that says so and offers a new one."""
    if token:
        try:
            await auth.verify_email(session, settings=settings, token=token)
        except auth.InvalidActionToken:
            pass
        else:
            viewer.flash("verified")
            return RedirectResponse("/", status_code=303)
    account = (
        await auth.get_active_user(session, principal=viewer.principal)
        if viewer.signed_in
        else None
    )
    return page(
        request,
        "account/verify_email_failed.html",
        status=auth.InvalidActionToken.status,
        title="This confirmation link does not work",
        account=account,
        ttl_hours=settings.email_verification_ttl_hours,
    )


@router.post("/account/verify-email/resend")
async def resend_verification(
    request: Request, session: DbSession, viewer: SignedInViewer, next: _Next = None
) -> Response:
    try:
        await spend_for_request(request, "verification_resend", viewer.principal.owner_key)
    except RateLimited as refused:
        return await _security_page(
            request,
            session,
            viewer,
            errors={"resend": _too_often(refused, "asked for confirmation e-mails")},
            status=refused.status,
            headers=refused.headers,
        )
    sent = await auth.resend_verification(session, principal=viewer.principal)
    viewer.flash("verification-sent" if sent else "verified")
    return RedirectResponse(safe_next(next, "/account/security"), status_code=303)


# A forgotten password ------------------------------------------------------------------------


def _forgot_page(
    request: Request,
    *,
    email: str,
    errors: dict[str, str],
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    return page(
        request,
        "account/forgot_password.html",
        status=status,
        headers=headers,
        title="Reset your password",
        description="Forgotten your Jobboard password? Get a link to choose a new one.",
        email=email,
        errors=errors,
        ttl_minutes=request.app.state.settings.password_reset_ttl_minutes,
    )


@router.get("/account/forgot-password")
async def forgot_password_form(request: Request, viewer: CurrentViewer) -> Response:
    return _forgot_page(request, email="", errors={})


@router.post("/account/forgot-password")
async def forgot_password(
    request: Request, session: DbSession, viewer: CurrentViewer, email: _Text = ""
) -> Response:
    """The answer is the same whether or not an account uses the address."""
    if not email.strip():
        return _forgot_page(
            request, email=email, errors={"email": "Enter your e-mail address"}, status=422
        )
    try:
        form = PasswordResetRequest(email=email)
    except ValidationError:
        return _forgot_page(request, email=email, errors={"email": _WRONG_EMAIL}, status=422)
    try:
        await spend_for_request(request, "password_reset", client_address(request))
        await spend_for_request(request, "password_reset_account", form.email.casefold())
    except RateLimited as refused:
        return _forgot_page(
            request,
            email=email,
            errors={"email": _too_often(refused, "asked for reset links")},
            status=refused.status,
            headers=refused.headers,
        )
    await auth.request_password_reset(session, email=form.email)
    viewer.flash("reset-sent")
    return RedirectResponse("/account/signin", status_code=303)


def _reset_link_failed(request: Request) -> Response:
    return page(
        request,
        "account/reset_link_failed.html",
        status=auth.InvalidActionToken.status,
        title="This reset link does not work",
        ttl_minutes=request.app.state.settings.password_reset_ttl_minutes,
    )


def _reset_page(
    request: Request, *, token: str, account: User, errors: dict[str, str], status: int = 200
) -> Response:
    return page(
        request,
        "account/reset_password.html",
        status=status,
        title="Choose a new password",
        token=token,
        email=account.email,
        errors=errors,
        password_hint=password_policy.hint(),
    )


@router.get("/account/reset-password")
async def reset_password_form(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    viewer: CurrentViewer,
    token: Annotated[str | None, Query(max_length=1000)] = None,
) -> Response:
    """The link in the reset e-mail: checked (not used) before asking for the password."""
    try:
        account = await auth.reset_link_account(session, settings=settings, token=token or "")
    except auth.InvalidActionToken:
        return _reset_link_failed(request)
    return _reset_page(request, token=token or "", account=account, errors={})


@router.post("/account/reset-password")
async def reset_password(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    cache: AppCache,
    viewer: CurrentViewer,
    token: _Token = "",
    password: _Password = "",
    password_confirm: _Password = "",
) -> Response:
    try:
        account = await auth.reset_link_account(session, settings=settings, token=token)
    except auth.InvalidActionToken:
        return _reset_link_failed(request)
    errors: dict[str, str] = {}
    if not password:
        errors["password"] = "Enter a new password"  # noqa: S105 - a message
    if not password_confirm:
        errors["password_confirm"] = "Enter the new password again"  # noqa: S105
    elif password and password != password_confirm:
        errors["password_confirm"] = "The two passwords are not the same"  # noqa: S105
    if not errors:
        try:
            await auth.reset_password(
                session, cache=cache, settings=settings, token=token, new_password=password
            )
        except auth.InvalidActionToken:
            return _reset_link_failed(request)
        except ValidationFailed as refused:
            errors = _refusal(refused, {"new_password": "password"})
        else:
            # The reset signed the account out everywhere; this browser too.
            end_session(viewer, settings)
            viewer.flash("password-reset")
            return RedirectResponse("/account/signin", status_code=303)
    return _reset_page(request, token=token, account=account, errors=errors, status=422)


# Changing the password -----------------------------------------------------------------------


def _password_page(
    request: Request,
    account: User,
    *,
    errors: dict[str, str],
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    return page(
        request,
        "account/password.html",
        status=status,
        headers=headers,
        title="Change your password",
        email=account.email,
        errors=errors,
        password_hint=password_policy.hint(),
    )


@router.get("/account/password")
async def change_password_form(
    request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    account = await auth.get_active_user(session, principal=viewer.principal)
    return _password_page(request, account, errors={})


@router.post("/account/password")
async def change_password(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    cache: AppCache,
    viewer: SignedInViewer,
    current_password: _Password = "",
    new_password: _Password = "",
) -> Response:
    """A new password signs the account out everywhere; this browser gets a new session."""
    account = await auth.get_active_user(session, principal=viewer.principal)
    errors: dict[str, str] = {}
    if not current_password:
        errors["current_password"] = "Enter your current password"  # noqa: S105 - a message
    if not new_password:
        errors["new_password"] = "Enter a new password"  # noqa: S105 - a message
    status, headers = 422, {}
    if not errors:
        try:
            await spend_for_request(request, "password_change", viewer.principal.owner_key)
            await auth.change_password(
                session,
                cache=cache,
                settings=settings,
                principal=viewer.principal,
                current_password=current_password,
                new_password=new_password,
            )
        except RateLimited as refused:
            errors["current_password"] = _too_often(refused, "tried to change the password")
            status, headers = refused.status, refused.headers
        except ValidationFailed as refused:
            errors = _refusal(
                refused, {"current_password": "current_password", "new_password": "new_password"}
            )
        else:
            await _start_session(request, session, settings, cache, viewer, account)
            viewer.flash("password-changed")
            return RedirectResponse("/account/security", status_code=303)
    return _password_page(request, account, errors=errors, status=status, headers=headers)


# Sign-in and security ------------------------------------------------------------------------


async def _security_page(
    request: Request,
    session: DbSession,
    viewer: Viewer,
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    account = await auth.get_active_user(session, principal=viewer.principal)
    return page(
        request,
        "account/security.html",
        status=status,
        headers=headers,
        title="Sign-in and security",
        account=account,
        role_name=ROLE_NAMES.get(account.role, account.role),
        errors=errors or {},
    )


@router.get("/account/security")
async def security(request: Request, session: DbSession, viewer: SignedInViewer) -> Response:
    return await _security_page(request, session, viewer)
