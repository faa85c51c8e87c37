"""The caller of a request, as every permission check sees it."""

from __future__ import annotations

from dataclasses import dataclass, field

from jobboard.errors import Forbidden, NotAuthenticated

BEARER_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="jobboard"'}


@dataclass(frozen=True, slots=True)
class Principal:
    """Who calls: nobody (anonymous), a signed-in user, or a company's API client.

    An API client acts for exactly one company (``company_id``) and only within its scopes;
    it holds no user's rights.
    """

    user_id: int | None = None
    role: str | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    client_id: str | None = None
    company_id: int | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None and self.client_id is None

    @property
    def is_client(self) -> bool:
        return self.client_id is not None

    @property
    def is_admin(self) -> bool:
        return self.user_id is not None and self.role == "admin" and "admin" in self.scopes

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def acts_for_company(self, company_id: int) -> bool:
        """Whether this is an API client of that company."""
        return self.client_id is not None and self.company_id == company_id

    @property
    def owner_key(self) -> str:
        """A stable string naming the caller, for per-caller records such as idempotency."""
        if self.client_id is not None:
            return f"client:{self.client_id}"
        return "anonymous" if self.user_id is None else f"user:{self.user_id}"


ANONYMOUS = Principal()


def require_scope(principal: Principal, scope: str) -> None:
    """Raise 401 for anonymous callers and 403 when the token lacks the scope."""
    if principal.is_anonymous:
        raise NotAuthenticated("Sign in first: POST /api/v1/auth/token.", headers=BEARER_CHALLENGE)
    if not principal.has_scope(scope):
        raise Forbidden(f"This needs the `{scope}` scope, which your token does not carry.")


def require_person(principal: Principal) -> None:
    """Raise unless a person (not an API client) calls: account endpoints are theirs alone."""
    if principal.is_anonymous:
        raise NotAuthenticated("Sign in first: POST /api/v1/auth/token.", headers=BEARER_CHALLENGE)
    if principal.is_client:
        raise Forbidden("API clients act for a company, not a person; sign in as a user.")
