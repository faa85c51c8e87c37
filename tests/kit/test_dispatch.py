"""Gated routers answer every path exactly as the plain routers do, and refuse the rest early."""

from __future__ import annotations

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Request
from starlette.routing import Match

from jobboard.kit.dispatch import gate, literal_prefixes


def _routers() -> tuple[APIRouter, APIRouter]:
    jobs = APIRouter(prefix="/jobs")

    @jobs.get("/{job_id}")
    async def job(job_id: int) -> dict[str, int]:
        return {"job": job_id}

    @jobs.post("/")
    async def post_job() -> dict[str, str]:
        return {"posted": "yes"}

    @jobs.get("/search/now")
    async def search_now() -> dict[str, str]:
        return {"search": "now"}

    pages = APIRouter()

    @pages.get("/about")
    async def about() -> dict[str, str]:
        return {"page": "about"}

    @pages.get("/{slug}.txt")
    async def text(slug: str) -> dict[str, str]:
        return {"text": slug}

    return jobs, pages


def _app(*, gated: bool) -> FastAPI:
    jobs, pages = _routers()
    seen: list[str] = []

    async def record(request: Request) -> None:
        seen.append(request.url.path)

    api = APIRouter(prefix="/api/v1")
    api.include_router(gate(jobs, "/api/v1") if gated else jobs, dependencies=[Depends(record)])
    app = FastAPI()
    app.state.seen = seen
    app.include_router(gate(api) if gated else api)
    app.include_router(gate(pages) if gated else pages)
    return app


PATHS = [
    ("GET", "/api/v1/jobs/7"),
    ("GET", "/api/v1/jobs/x"),  # 422 from the parameter, not 404
    ("GET", "/api/v1/jobs/search/now"),
    ("DELETE", "/api/v1/jobs/7"),  # 405: matched by path, not by method
    ("POST", "/api/v1/jobs"),  # redirected to the slash
    ("GET", "/api/v1/jobs"),
    ("GET", "/api/v1/nope"),
    ("GET", "/about"),
    ("GET", "/about/"),  # redirected without the slash
    ("GET", "/notes.txt"),
    ("GET", "/healthz"),
    ("GET", "/"),
]


@pytest.mark.parametrize(("method", "path"), PATHS)
async def test_a_gated_app_answers_like_the_plain_one(method: str, path: str) -> None:
    answers = []
    for gated in (False, True):
        app = _app(gated=gated)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.request(method, path, follow_redirects=False)
        answers.append(
            (response.status_code, response.headers.get("location"), response.text, app.state.seen)
        )
    assert answers[0] == answers[1]


async def test_router_dependencies_still_run_behind_the_gate() -> None:
    app = _app(gated=True)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        assert (await client.get("/api/v1/jobs/7")).json() == {"job": 7}
    assert app.state.seen == ["/api/v1/jobs/7"]


def test_prefixes_are_the_literal_starts_shortest_first() -> None:
    jobs, pages = _routers()
    assert literal_prefixes(jobs, "/api/v1") == ("/api/v1/jobs/",)
    assert literal_prefixes(pages) == ("/",)
    nested = APIRouter(prefix="/api/v1")
    nested.include_router(jobs)
    assert literal_prefixes(nested) == ("/api/v1",)


def test_a_path_outside_every_prefix_is_refused_without_asking_the_routes() -> None:
    jobs, _ = _routers()
    gated = gate(jobs, "/api/v1")
    scope = {"type": "http", "path": "/elsewhere", "root_path": "", "method": "GET"}
    assert gated.matches(scope) == (Match.NONE, {})
