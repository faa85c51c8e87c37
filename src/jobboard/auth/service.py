"""Accounts and tokens: registration, the OAuth 2.0 grants, revocation, passwords, e-mail.

Grant functions raise ``OAuthError`` (RFC 6749 section 5.2), which the token endpoint renders
in OAuth's own format; everything else raises JobboardError problems.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.audit import service as audit
from jobboard.auth import action_tokens, password_policy, standing, throttle, web_sessions
from jobboard.auth.keys import SigningKey
from jobboard.auth.passwords import hash_password, needs_rehash, verify_password
from jobboard.auth.principal import Principal
from jobboard.auth.scopes import CLIENT_SCOPES, ROLE_SCOPES
from jobboard.auth.tokens import issue_access_token
from jobboard.cache import Cache
from jobboard.config import Settings
from jobboard.db import side_read
from jobboard.errors import Conflict, JobboardError, NotFound, ValidationFailed
from jobboard.kit.clock import as_utc, utcnow
from jobboard.mail import send_later
from jobboard.models import ApiClient, RefreshToken, User

PASSWORD_RESET = "password-reset"  # noqa: S105 - the name of a purpose
EMAIL_VERIFICATION = "email-verification"
# The messages of auth.emails, queued by the flows below.
VERIFICATION_MAIL = "auth.email_verification"
PASSWORD_RESET_MAIL = "auth.password_reset"  # noqa: S105 - the name of a message
# Compared against when the client id is unknown, so both paths cost the same.
_DUMMY_SECRET_HASH = hashlib.sha256(b"no client has this secret").hexdigest()


class EmailTaken(Conflict):
    slug = "email-taken"
    title = "An account with this e-mail already exists"


class InvalidActionToken(ValidationFailed):
    slug = "invalid-action-token"
    title = "The link is invalid, used or expired"


class WrongCredentials(JobboardError):
    status = 400
    slug = "wrong-credentials"
    title = "The e-mail address or password is wrong"


class SignInLocked(JobboardError):
    status = 429
    slug = "sign-in-locked"
    title = "Too many failed sign-ins for this account"

    def __init__(self, detail: str, *, headers: dict[str, str], retry_after: int) -> None:
        super().__init__(detail, headers=headers)
        self.retry_after = retry_after


class WrongPassword(ValidationFailed):
    slug = "wrong-password"
    title = "The password is wrong"


@dataclass
class OAuthError(Exception):
    """An RFC 6749 error answer: ``invalid_grant``, ``invalid_client``, ``invalid_scope``..."""

    error: str
    description: str
    status: int = 400
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    access_token: str
    expires_in: int
    scope: str
    refresh_token: str | None = None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_password(password: str, *, email: str, field: str = "body.password") -> None:
    found = password_policy.problems(password, email=email)
    if found:
        raise ValidationFailed(
            "Choose another password: it " + "; it ".join(found) + ".",
            errors=[{"field": field, "message": message} for message in found],
        )


async def get_by_email(session: AsyncSession, *, email: str) -> User | None:
    return await session.scalar(select(User).where(func.lower(User.email) == email.lower()))


async def register(
    session: AsyncSession, *, email: str, password: str, display_name: str, role: str
) -> User:
    check_password(password, email=email)
    # Hashed before the first statement: on SQLite that begins the write transaction.
    password_hash = await hash_password(password)
    if await get_by_email(session, email=email) is not None:
        raise EmailTaken("Sign in instead, or register with another e-mail address.")
    user = User(
        email=email.lower(),
        password_hash=password_hash,
        role=role,
        display_name=display_name,
        # No token issued before the account existed may ever count for it.
        tokens_valid_after=standing.precise_now(),
    )
    session.add(user)
    await session.flush()
    return user


async def sign_up(
    session: AsyncSession,
    *,
    cache: Cache,
    settings: Settings,
    email: str,
    password: str,
    display_name: str,
    role: str,
) -> User:
    """Someone registering themselves (the API or the sign-up page): the account, its
    standing on every replica, and the e-mail that verifies its address once this commits."""
    user = await register(
        session, email=email, password=password, display_name=display_name, role=role
    )
    await standing.publish_user(
        cache, user_id=user.id, user=user, ttl=settings.principal_cache_seconds
    )
    await send_later(session, VERIFICATION_MAIL, user_id=user.id)
    return user


async def _stored_hash(session: AsyncSession, *, condition: ColumnElement[bool]) -> str | None:
    """The password hash of the account matching ``condition``, read beside the request's
    transaction so that checking it (slow by design) never holds SQLite's write lock."""
    async with side_read(session) as side:
        return await side.scalar(select(User.password_hash).where(condition))


async def _checked_hash(
    session: AsyncSession, *, condition: ColumnElement[bool], password: str
) -> tuple[str, str | None] | None:
    """Check ``password`` against the account's stored hash before any write lock is taken:
    (the stored hash, its replacement when the parameters changed), or None when it does
    not match. Unknown accounts cost the same time."""
    stored = await _stored_hash(session, condition=condition)
    if not await verify_password(password, stored):
        return None
    assert stored is not None
    return stored, await hash_password(password) if needs_rehash(stored) else None


async def authenticate(session: AsyncSession, *, email: str, password: str) -> User | None:
    """Return the user whose credentials these are; unknown e-mails cost the same time."""
    checked = await _checked_hash(
        session, condition=func.lower(User.email) == email.lower(), password=password
    )
    if checked is None:
        return None
    stored, replacement = checked
    user = await get_by_email(session, email=email)
    # The password may have changed since it was checked.
    if user is None or user.password_hash != stored or user.disabled_at is not None:
        return None
    if replacement is not None:
        user.password_hash = replacement
    return user


def _requested_scopes(scope: str | None, allowed: frozenset[str]) -> frozenset[str]:
    requested = frozenset(scope.split()) if scope else allowed
    if not requested <= allowed:
        raise OAuthError(
            "invalid_scope", f"not granted here: {' '.join(sorted(requested - allowed))}"
        )
    if not requested:
        raise OAuthError("invalid_scope", "ask for at least one scope")
    return requested


async def _new_refresh_token(
    session: AsyncSession,
    *,
    user_id: int,
    scope: str,
    settings: Settings,
    family_id: str | None = None,
    client_address: str | None = None,
) -> str:
    token = "jbr_" + secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        RefreshToken(
            token_hash=_hash(token),
            family_id=family_id or secrets.token_hex(16),
            user_id=user_id,
            scope=scope,
            created_at=now,
            expires_at=now + timedelta(days=settings.refresh_token_ttl_days),
            client_address=client_address,
        )
    )
    await session.flush()
    return token


def _user_access_token(
    user: User, scopes: frozenset[str], *, key: SigningKey, settings: Settings
) -> tuple[str, int]:
    return issue_access_token(
        key=key,
        settings=settings,
        subject=f"user:{user.id}",
        scopes=scopes,
        extra_claims={"role": user.role},
    )


async def sign_in(
    session: AsyncSession, *, cache: Cache, settings: Settings, email: str, password: str
) -> User:
    """The account these credentials open, under the growing delay and lockout of failed
    sign-ins. The token endpoint and the web sign-in form both come through here."""
    wait = await throttle.take_guess(cache, email, settings)
    if wait is not None:
        raise SignInLocked(
            f"Too many failed sign-ins for this account; try again in {wait} s.",
            headers={"Retry-After": str(wait)},
            retry_after=wait,
        )
    user = await authenticate(session, email=email, password=password)
    if user is None:
        await throttle.record_failure(cache, email, settings)
        raise WrongCredentials("The e-mail address or password is wrong.")
    await throttle.record_success(cache, email)
    return user


async def password_grant(
    session: AsyncSession,
    *,
    cache: Cache,
    key: SigningKey,
    settings: Settings,
    username: str,
    password: str,
    scope: str | None,
    client_address: str | None,
) -> IssuedTokens:
    try:
        user = await sign_in(
            session, cache=cache, settings=settings, email=username, password=password
        )
    except SignInLocked as error:
        raise OAuthError(
            "invalid_grant",
            f"too many failed sign-ins for this account; try again in {error.retry_after} s",
            headers=error.headers,
        ) from error
    except WrongCredentials as error:
        raise OAuthError("invalid_grant", "the e-mail address or password is wrong") from error
    scopes = _requested_scopes(scope, ROLE_SCOPES[user.role])
    access_token, expires_in = _user_access_token(user, scopes, key=key, settings=settings)
    refresh_token = await _new_refresh_token(
        session,
        user_id=user.id,
        scope=" ".join(sorted(scopes)),
        settings=settings,
        client_address=client_address,
    )
    return IssuedTokens(access_token, expires_in, " ".join(sorted(scopes)), refresh_token)


async def _revoke_family(session: AsyncSession, family_id: str) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


async def refresh_grant(
    session: AsyncSession,
    *,
    key: SigningKey,
    settings: Settings,
    refresh_token: str,
    scope: str | None,
    client_address: str | None,
) -> IssuedTokens:
    """Spend a refresh token for new tokens; a spent token presented again kills its family."""
    invalid = OAuthError("invalid_grant", "the refresh token is invalid, expired or revoked")
    record = await session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == _hash(refresh_token))
    )
    now = utcnow()
    if record is None or record.revoked_at is not None or as_utc(record.expires_at) <= now:
        raise invalid
    if record.used_at is not None:
        await _revoke_family(session, record.family_id)
        await audit.record(
            session,
            actor=f"user:{record.user_id}",
            action="refresh_token.reuse_detected",
            target_type="user",
            target_id=record.user_id,
            details={"family_id": record.family_id},
        )
        raise invalid
    user = await session.get(User, record.user_id)
    if user is None or user.disabled_at is not None:
        raise invalid
    granted = frozenset(record.scope.split()) & ROLE_SCOPES[user.role]
    # Checked before spending, so that a mistaken scope does not cost the sign-in.
    scopes = _requested_scopes(scope, granted)
    # Spend it atomically: of two concurrent uses exactly one wins; the other is a reuse.
    spent = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == record.id, RefreshToken.used_at.is_(None))
        .values(used_at=now)
    )
    if getattr(spent, "rowcount", 0) != 1:
        await _revoke_family(session, record.family_id)
        raise invalid
    access_token, expires_in = _user_access_token(user, scopes, key=key, settings=settings)
    new_refresh = await _new_refresh_token(
        session,
        user_id=user.id,
        scope=" ".join(sorted(granted)),
        settings=settings,
        family_id=record.family_id,
        client_address=client_address,
    )
    return IssuedTokens(access_token, expires_in, " ".join(sorted(scopes)), new_refresh)


def hash_client_secret(secret: str) -> str:
    """Client secrets are 256 random bits, so a plain SHA-256 is a sound stored form."""
    return _hash(secret)


async def authenticate_client(
    session: AsyncSession, *, client_id: str, client_secret: str
) -> ApiClient | None:
    client = await session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))
    stored = client.secret_hash if client is not None else _DUMMY_SECRET_HASH
    if not hmac.compare_digest(stored, hash_client_secret(client_secret)) or client is None:
        return None
    if client.disabled_at is not None:
        return None
    return client


async def client_credentials_grant(
    session: AsyncSession,
    *,
    key: SigningKey,
    settings: Settings,
    client_id: str,
    client_secret: str,
    scope: str | None,
    basic_auth: bool,
) -> IssuedTokens:
    client = await authenticate_client(session, client_id=client_id, client_secret=client_secret)
    if client is None:
        raise OAuthError(
            "invalid_client",
            "client authentication failed",
            status=401,
            headers={"WWW-Authenticate": 'Basic realm="jobboard"'} if basic_auth else {},
        )
    scopes = _requested_scopes(scope, frozenset(client.scopes) & CLIENT_SCOPES)
    client.last_used_at = utcnow()
    access_token, expires_in = issue_access_token(
        key=key,
        settings=settings,
        subject=f"client:{client.client_id}",
        scopes=scopes,
        extra_claims={"client_id": client.client_id},
    )
    return IssuedTokens(access_token, expires_in, " ".join(sorted(scopes)))


async def revoke_refresh_token(session: AsyncSession, *, token: str) -> bool:
    """RFC 7009: revoke a refresh token's family. False when the token is not one of ours."""
    record = await session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == _hash(token))
    )
    if record is None:
        return False
    await _revoke_family(session, record.family_id)
    return True


async def revoke_everything(
    session: AsyncSession, *, cache: Cache, settings: Settings, user: User
) -> None:
    """Void every access and refresh token the user holds, on every replica, now."""
    user.tokens_valid_after = standing.precise_now()
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user.id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    await web_sessions.end_all(session, user_id=user.id)
    await session.flush()
    await standing.publish_user(
        cache, user_id=user.id, user=user, ttl=settings.principal_cache_seconds
    )


async def get_active_user(session: AsyncSession, *, principal: Principal) -> User:
    user = await session.get(User, principal.user_id) if principal.user_id is not None else None
    if user is None or user.disabled_at is not None:
        raise NotFound("This account no longer exists.")
    return user


async def confirm_password(
    session: AsyncSession, *, cache: Cache, settings: Settings, principal: Principal, password: str
) -> User:
    """Check the signed-in person's password before a step that cannot be undone. Failures
    count toward the same delay and lockout as signing in, so a session left open cannot be
    used to guess the password."""
    user = await get_active_user(session, principal=principal)
    wait = await throttle.take_guess(cache, user.email, settings)
    if wait is not None:
        raise SignInLocked(
            f"Too many wrong passwords for this account; try again in {wait} s.",
            headers={"Retry-After": str(wait)},
            retry_after=wait,
        )
    checked = await _checked_hash(session, condition=User.id == user.id, password=password)
    if checked is None or checked[0] != user.password_hash:
        await throttle.record_failure(cache, user.email, settings)
        raise WrongPassword(
            "The password is wrong.",
            errors=[{"field": "body.password", "message": "does not match"}],
        )
    await throttle.record_success(cache, user.email)
    return user


async def sign_out_everywhere(
    session: AsyncSession, *, cache: Cache, settings: Settings, principal: Principal
) -> None:
    user = await get_active_user(session, principal=principal)
    await revoke_everything(session, cache=cache, settings=settings, user=user)
    await audit.record(
        session,
        actor=principal,
        action="user.signed_out_everywhere",
        target_type="user",
        target_id=user.id,
    )


async def change_password(
    session: AsyncSession,
    *,
    cache: Cache,
    settings: Settings,
    principal: Principal,
    current_password: str,
    new_password: str,
) -> None:
    checked = await _checked_hash(
        session, condition=User.id == principal.user_id, password=current_password
    )
    new_hash = await hash_password(new_password) if checked is not None else None
    user = await get_active_user(session, principal=principal)
    if checked is None or new_hash is None or checked[0] != user.password_hash:
        raise ValidationFailed(
            "The current password is wrong.",
            errors=[{"field": "body.current_password", "message": "does not match"}],
        )
    check_password(new_password, email=user.email, field="body.new_password")
    user.password_hash = new_hash
    await revoke_everything(session, cache=cache, settings=settings, user=user)
    await audit.record(
        session,
        actor=principal,
        action="user.password_changed",
        target_type="user",
        target_id=user.id,
    )


def action_token(user: User, *, purpose: str, settings: Settings) -> str:
    ttl = (
        settings.password_reset_ttl_minutes * 60
        if purpose == PASSWORD_RESET
        else settings.email_verification_ttl_hours * 3600
    )
    return action_tokens.issue(
        purpose=purpose, user=user, ttl_seconds=ttl, secret=settings.secret_key
    )


async def _user_for_action(
    session: AsyncSession, *, token: str, purpose: str, settings: Settings
) -> User:
    claims = action_tokens.read(token, purpose=purpose, secret=settings.secret_key)
    user = await session.get(User, claims.user_id) if claims is not None else None
    if (
        claims is None
        or user is None
        or user.disabled_at is not None
        or not action_tokens.matches(claims, user)
    ):
        raise InvalidActionToken(
            "This link is invalid, was used already or has expired; ask for a new one.",
            errors=[{"field": "body.token", "message": "invalid, used or expired"}],
        )
    return user


async def resettable_account(session: AsyncSession, *, email: str) -> User | None:
    """The active account with this address, whose password a reset link may change."""
    user = await get_by_email(session, email=email)
    if user is None or user.disabled_at is not None:
        return None
    return user


async def request_password_reset(session: AsyncSession, *, email: str) -> None:
    """Queue a reset link for the active account with this address, if there is one.
    Callers answer the same either way, so nobody learns which addresses have accounts."""
    user = await resettable_account(session, email=email)
    if user is not None:
        await send_later(session, PASSWORD_RESET_MAIL, user_id=user.id)


async def reset_link_account(session: AsyncSession, *, settings: Settings, token: str) -> User:
    """The account a reset link would change, without using the link; raises
    InvalidActionToken when it is invalid, used or expired (a page says so before asking
    for a new password)."""
    return await _user_for_action(session, token=token, purpose=PASSWORD_RESET, settings=settings)


async def reset_password(
    session: AsyncSession, *, cache: Cache, settings: Settings, token: str, new_password: str
) -> User:
    # Hashed before the first statement: on SQLite that begins the write transaction.
    new_hash = await hash_password(new_password)
    user = await _user_for_action(session, token=token, purpose=PASSWORD_RESET, settings=settings)
    check_password(new_password, email=user.email, field="body.new_password")
    user.password_hash = new_hash
    # Whoever could read the mailbox proved they own the address.
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    await revoke_everything(session, cache=cache, settings=settings, user=user)
    await throttle.record_success(cache, user.email)
    await audit.record(
        session,
        actor=f"user:{user.id}",
        action="user.password_reset",
        target_type="user",
        target_id=user.id,
    )
    return user


async def verify_email(session: AsyncSession, *, settings: Settings, token: str) -> User:
    user = await _user_for_action(
        session, token=token, purpose=EMAIL_VERIFICATION, settings=settings
    )
    user.email_verified_at = utcnow()
    await session.flush()
    return user


async def resend_verification(session: AsyncSession, *, principal: Principal) -> bool:
    """Queue the verification e-mail again; False (and nothing queued) when the address is
    verified already."""
    user = await get_active_user(session, principal=principal)
    if user.email_verified_at is not None:
        return False
    await send_later(session, VERIFICATION_MAIL, user_id=user.id)
    return True


async def set_disabled(
    session: AsyncSession,
    *,
    cache: Cache,
    settings: Settings,
    actor: Principal,
    user_id: int,
    disabled: bool,
) -> User:
    """Disable (voiding every token at once) or re-enable an account. Admins only."""
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    if disabled and user.id == actor.user_id:
        raise Conflict("Admins cannot disable their own account; ask another admin.")
    if disabled and user.disabled_at is None:
        user.disabled_at = utcnow()
        await revoke_everything(session, cache=cache, settings=settings, user=user)
    elif not disabled and user.disabled_at is not None:
        user.disabled_at = None
        await session.flush()
        await standing.publish_user(
            cache, user_id=user.id, user=user, ttl=settings.principal_cache_seconds
        )
    await audit.record(
        session,
        actor=actor,
        action="user.disabled" if disabled else "user.enabled",
        target_type="user",
        target_id=user.id,
    )
    return user
