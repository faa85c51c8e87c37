"""The interactive API documentation, served offline: Swagger UI at ``/docs``, ReDoc at
``/redoc``, and their files under ``/api-docs/assets/`` with content-hashed names.

Swagger UI and ReDoc come from the installed ``fastapi-offline`` package, so the pages work
without the internet and load nothing from another origin. Each file's name carries a hash of
its bytes: browsers may keep it for a year, and a new version is a new URL.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib.resources import files
from importlib.resources.abc import Traversable

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import HTMLResponse

from jobboard.auth import openapi as openapi_security
from jobboard.errors import NotFound

ASSETS_PATH = "/api-docs/assets"
SWAGGER_PATH = "/docs"
REDOC_PATH = "/redoc"
OAUTH2_REDIRECT_PATH = "/docs/oauth2-redirect"
IMMUTABLE = "public, max-age=31536000, immutable"

_OFFLINE = files("fastapi_offline").joinpath("static")
_OWN = files(__name__).joinpath("assets")
_SOURCES: dict[str, Traversable] = {
    "swagger-ui-bundle.js": _OFFLINE.joinpath("swagger-ui-bundle.js"),
    "swagger-ui.css": _OFFLINE.joinpath("swagger-ui.css"),
    "redoc.standalone.js": _OFFLINE.joinpath("redoc.standalone.js"),
    "favicon.png": _OFFLINE.joinpath("favicon.png"),
    "swagger-ui-init.js": _OWN.joinpath("swagger-ui-init.js"),
    "oauth2-redirect.js": _OWN.joinpath("oauth2-redirect.js"),
}
# ReDoc's side menu shows Redocly's logo from their CDN; an empty image keeps the page to
# this origin (the "API docs by Redocly" link stays).
_REDOCLY_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
_EMPTY_IMAGE = b"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"
_MEDIA_TYPES = {
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "png": "image/png",
}


@dataclass(frozen=True, slots=True)
class Asset:
    name: str
    """The served file name: ``swagger-ui-bundle.<hash>.js``."""
    media_type: str
    content: bytes


@cache
def assets() -> dict[str, Asset]:
    """Every asset by its plain name (``swagger-ui.css``), read and hashed once per process."""
    found = {}
    for plain, source in _SOURCES.items():
        content = source.read_bytes().replace(_REDOCLY_LOGO, _EMPTY_IMAGE)
        stem, _, extension = plain.rpartition(".")
        digest = hashlib.sha256(content).hexdigest()[:16]
        found[plain] = Asset(
            name=f"{stem}.{digest}.{extension}",
            media_type=_MEDIA_TYPES[extension],
            content=content,
        )
    return found


@cache
def _by_served_name() -> dict[str, Asset]:
    return {asset.name: asset for asset in assets().values()}


def asset_url(plain_name: str, root_path: str = "") -> str:
    """Where an asset is served, e.g. ``/api-docs/assets/swagger-ui.1f2e3d4c5b6a7980.css``."""
    return f"{root_path}{ASSETS_PATH}/{assets()[plain_name].name}"


router = APIRouter(include_in_schema=False)


def _page(title: str, head: str, body: str) -> HTMLResponse:
    html = (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n{head}</head>\n<body>\n{body}</body>\n</html>\n"
    )
    # The page names the current asset hashes, so it is checked again on every visit.
    return HTMLResponse(html, headers={"Cache-Control": "no-cache"})


def _root(request: Request) -> str:
    root: str = request.scope.get("root_path", "")
    return root.rstrip("/")


def _openapi_url(request: Request) -> str:
    return _root(request) + (request.app.openapi_url or "/openapi.json")


@router.get(SWAGGER_PATH)
async def swagger_ui(request: Request) -> HTMLResponse:
    root = _root(request)
    head = (
        f'<link rel="icon" type="image/png" href="{asset_url("favicon.png", root)}">\n'
        f'<link rel="stylesheet" href="{asset_url("swagger-ui.css", root)}">\n'
    )
    body = (
        f'<div id="swagger-ui" data-openapi-url="{escape(_openapi_url(request))}" '
        f'data-oauth2-redirect-url="{escape(root + OAUTH2_REDIRECT_PATH)}"></div>\n'
        f'<script src="{asset_url("swagger-ui-bundle.js", root)}"></script>\n'
        f'<script src="{asset_url("swagger-ui-init.js", root)}"></script>\n'
    )
    return _page(f"{request.app.title} API - Swagger UI", head, body)


@router.get(OAUTH2_REDIRECT_PATH)
async def swagger_ui_oauth2_redirect(request: Request) -> HTMLResponse:
    body = f'<script src="{asset_url("oauth2-redirect.js", _root(request))}"></script>\n'
    return _page("Swagger UI: OAuth2 Redirect", "", body)


@router.get(REDOC_PATH)
async def redoc(request: Request) -> HTMLResponse:
    root = _root(request)
    head = f'<link rel="icon" type="image/png" href="{asset_url("favicon.png", root)}">\n'
    # ReDoc starts itself on a <redoc spec-url> element: no set-up script is needed.
    body = (
        f'<redoc spec-url="{escape(_openapi_url(request))}"></redoc>\n'
        f'<script src="{asset_url("redoc.standalone.js", root)}"></script>\n'
    )
    return _page(f"{request.app.title} API - ReDoc", head, body)


@router.get(ASSETS_PATH + "/{name}")
async def asset(name: str) -> Response:
    found = _by_served_name().get(name)
    if found is None:
        raise NotFound(
            f"No documentation asset is named {name!r}; reload /docs for the current names."
        )
    return Response(
        found.content, media_type=found.media_type, headers={"Cache-Control": IMMUTABLE}
    )


def install(app: FastAPI) -> None:
    """Serve the documentation pages and their assets, and have the OpenAPI document say how
    to authenticate (what Swagger UI's Authorize button offers). Create the app with
    ``docs_url=None, redoc_url=None``."""
    assets()  # Fail at start-up, not on the first visit, if a file is missing.
    app.include_router(router)
    openapi_security.install(app)
