"""The service answers its health checks."""

from typing import Any

import httpx


async def test_readyz_reports_database_and_taxonomy(client: httpx.AsyncClient) -> None:
    """Readiness names the engine and the loaded taxonomy version."""
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["taxonomy"]


def test_no_route_waits_for_a_worker_thread() -> None:
    """Every endpoint and dependency is a coroutine function: FastAPI hands a plain `def`
    to a worker thread, which on every request costs a thread handoff (the search
    endpoint's two sync dependencies were 3% of its time)."""
    import inspect

    from fastapi.dependencies.models import Dependant
    from fastapi.routing import APIRoute

    from jobboard.config import get_settings
    from jobboard.main import create_app

    def calls(dependant: Dependant) -> list[object]:
        found = [dependant.call] if dependant.call is not None else []
        for sub in dependant.dependencies:
            found += calls(sub)
        return found

    def api_routes(routes: list[Any]) -> list[APIRoute]:
        found = []
        for route in routes:
            if isinstance(route, APIRoute):
                found.append(route)
            elif hasattr(route, "original_router"):  # an included router
                found += api_routes(route.original_router.routes)
        return found

    def is_coroutine(call: object) -> bool:
        method = vars(type(call)).get("__call__")  # a callable instance
        return inspect.iscoroutinefunction(call) or inspect.iscoroutinefunction(method)

    routes = api_routes(create_app(get_settings()).routes)
    assert len(routes) > 50
    blocking = {
        f"{route.path}: {getattr(call, '__qualname__', call)}"
        for route in routes
        for call in calls(route.dependant)
        if not is_coroutine(call)
    }
    assert not blocking, sorted(blocking)
