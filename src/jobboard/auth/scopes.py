"""OAuth scopes and which of them each kind of user holds."""

from __future__ import annotations

SCOPES: dict[str, str] = {
    "jobs:read": "Read jobs, including a company's drafts when a member",
    "jobs:write": "Create, edit, publish and close a company's jobs",
    "companies:write": "Create companies and edit the ones you belong to",
    "profile": "Read and change your own account",
    "admin": "Platform administration",
}

ROLE_SCOPES: dict[str, frozenset[str]] = {
    "seeker": frozenset({"jobs:read", "profile"}),
    "employer": frozenset({"jobs:read", "jobs:write", "companies:write", "profile"}),
    "admin": frozenset(SCOPES),
}
