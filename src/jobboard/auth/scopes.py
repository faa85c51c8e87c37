"""OAuth scopes and which of them each kind of user holds."""

from __future__ import annotations

SCOPES: dict[str, str] = {
    "jobs:read": "Read jobs, including a company's drafts when a member",
    "jobs:write": "Create, edit, publish and close a company's jobs",
    "companies:write": "Create companies and edit the ones you belong to",
    "profile": "Read and change your own account",
    "admin": "Platform administration",
    "applications:read": "Read the applications to a company's jobs",
    "applications:write": "Move a company's applications through the hiring pipeline",
    "webhooks:manage": "Register and manage a company's webhooks",
}

ROLE_SCOPES: dict[str, frozenset[str]] = {
    "seeker": frozenset({"jobs:read", "profile"}),
    "employer": frozenset(
        {
            "jobs:read",
            "jobs:write",
            "companies:write",
            "profile",
            "applications:read",
            "applications:write",
            "webhooks:manage",
        }
    ),
    "admin": frozenset(SCOPES),
}

# What a company's API client may be granted: acting on the company's data, never on people.
CLIENT_SCOPES: frozenset[str] = frozenset(
    {"jobs:read", "jobs:write", "applications:read", "applications:write", "webhooks:manage"}
)
