"""The caller of a request, as every permission check sees it."""

from __future__ import annotations

from dataclasses import dataclass, field

from jobboard.errors import Forbidden, NotAuthenticated

BEARER_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="jobboard"'}


@dataclass(frozen=True, slots=True)
class Principal:
    """Anonymous when ``user_id`` is None; otherwise a signed-in user and their scopes."""

    user_id: int | None = None
    role: str | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin" and "admin" in self.scopes

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    @property
    def owner_key(self) -> str:
        """A stable string naming the caller, for per-caller records such as idempotency."""
        return "anonymous" if self.user_id is None else f"user:{self.user_id}"


ANONYMOUS = Principal()


def require_scope(principal: Principal, scope: str) -> None:
    """Raise 401 for anonymous callers and 403 when the token lacks the scope."""
    if principal.is_anonymous:
        raise NotAuthenticated("Sign in first: POST /api/v1/auth/token.", headers=BEARER_CHALLENGE)
    if not principal.has_scope(scope):
        raise Forbidden(f"This needs the `{scope}` scope, which your token does not carry.")
