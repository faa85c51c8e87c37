"""Routers that say "not mine" in one string comparison.

FastAPI finds a request's route by asking every included router, in order, to match the path,
and each router asks each of its routes (a regular expression and some bookkeeping per route).
With some 250 routes in 40 routers, that walk was most of the time of a small request: 60% of
``/healthz``, and as much again for a page whose router comes late.

A route's regular expression starts with the literal text of its path up to the first
``{parameter}``, so a path that starts with none of a router's literal prefixes cannot match
any of its routes, not even partly (the 405 case) nor with a slash added or removed (the
redirect case, which matches a changed path through the same method). ``gate`` wraps a router
so that such a path is refused by one ``str.startswith`` call, and the routes behave exactly
as before for every other path.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette._utils import get_route_path
from starlette.routing import Match
from starlette.types import Scope


class _Gate(APIRouter):
    def __init__(self, prefixes: tuple[str, ...]) -> None:
        super().__init__()
        self._prefixes = prefixes

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if not get_route_path(scope).startswith(self._prefixes):
            return Match.NONE, {}
        return super().matches(scope)


def literal_prefixes(router: APIRouter, mounted_at: str = "") -> tuple[str, ...]:
    """The literal start of each route's path under ``mounted_at`` (where its router is
    included), shortest distinct ones only. A router included in ``router`` lists no paths
    here: it counts as ``router``'s own prefix, which starts every path below it."""
    found = set()
    for route in router.routes:
        path = getattr(route, "path", None)
        literal = path.split("{", 1)[0] if isinstance(path, str) else router.prefix
        found.add(mounted_at + literal)
    # "/jobs" covers "/jobs/": keep only prefixes no shorter one already covers.
    kept: list[str] = []
    for prefix in sorted(found):
        if not kept or not prefix.startswith(kept[-1]):
            kept.append(prefix)
    return tuple(kept)


def gate(router: APIRouter, mounted_at: str = "") -> APIRouter:
    """``router`` behind a gate for paths outside its routes; include the gate where the
    router would be included, with the same arguments. ``mounted_at`` is the prefix of the
    routers it will be included under (``/api/v1``)."""
    outer = _Gate(literal_prefixes(router, mounted_at))
    outer.include_router(router)
    return outer
