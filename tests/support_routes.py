"""Every route of the app with its full path, for tests that probe all of them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

_PARAMETER = re.compile(r"{(\w+)(?::\w+)?}")


def api_routes(app: FastAPI) -> Iterator[tuple[str, APIRoute]]:
    """(full path template, route) for every route, through included routers."""

    def walk(routes: list[Any], prefix: str) -> Iterator[tuple[str, APIRoute]]:
        for route in routes:
            if isinstance(route, APIRoute):
                yield prefix + route.path, route
            elif hasattr(route, "original_router"):  # an included router
                yield from walk(route.original_router.routes, prefix + route.include_context.prefix)

    yield from walk(app.routes, "")


def path_parameters(path: str) -> list[str]:
    return _PARAMETER.findall(path)


def fill(path: str, values: dict[str, str]) -> str:
    """The path with each {name} or {name:type} replaced by values[name]."""
    return _PARAMETER.sub(lambda match: values[match.group(1)], path)
