"""The pages' static files, served by the app under content-hashed names.

Every file in ``static/`` is read once per process, hashed, and kept in memory with its gzip
form. Pages link ``/static/app.3f2a9c1b04.css``: a new version of a file is a new URL, so the
answer can be cached for a year (``immutable``) and no browser ever mixes an old stylesheet
with a new page. Nothing is fetched from anywhere else.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request, Response

STATIC_DIR = Path(__file__).parent / "static"
URL_PREFIX = "/static/"
IMMUTABLE = "public, max-age=31536000, immutable"
_COMPRESSIBLE = (".css", ".js", ".svg", ".txt", ".json", ".map")
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@dataclass(frozen=True, slots=True)
class Asset:
    name: str
    hashed_name: str
    content_type: str
    body: bytes
    gzipped: bytes | None

    @property
    def url(self) -> str:
        return URL_PREFIX + self.hashed_name


def _hashed(name: str, body: bytes) -> str:
    digest = hashlib.sha256(body).hexdigest()[:10]
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"


@cache
def catalog() -> dict[str, Asset]:
    """Every asset by its plain name (``vendor/htmx.min.js``) and by its hashed name."""
    assets: dict[str, Asset] = {}
    for path in sorted(STATIC_DIR.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(STATIC_DIR).as_posix()
        body = path.read_bytes()
        content_type = _TYPES.get(path.suffix) or (
            mimetypes.guess_type(name)[0] or "application/octet-stream"
        )
        gzipped = (
            gzip.compress(body, compresslevel=9, mtime=0) if path.suffix in _COMPRESSIBLE else None
        )
        asset = Asset(name, _hashed(name, body), content_type, body, gzipped)
        assets[name] = asset
        assets[asset.hashed_name] = asset
    return assets


def asset_url(name: str) -> str:
    """The URL of a static file, e.g. ``asset_url("app.css")``; unknown names raise KeyError."""
    return catalog()[name].url


def accepts_gzip(request: Request) -> bool:
    return "gzip" in request.headers.get("accept-encoding", "")


router = APIRouter(include_in_schema=False)


@router.get(URL_PREFIX + "{name:path}")
async def static_file(name: str, request: Request) -> Response:
    asset = catalog().get(name)
    if asset is None or name != asset.hashed_name:
        # Only hashed names are served: a plain name would be cached under a URL whose
        # content changes with the next release.
        return Response("Not found", status_code=404, media_type="text/plain")
    headers = {"Cache-Control": IMMUTABLE, "Vary": "Accept-Encoding"}
    if asset.gzipped is not None and accepts_gzip(request):
        headers["Content-Encoding"] = "gzip"
        return Response(asset.gzipped, media_type=asset.content_type, headers=headers)
    return Response(asset.body, media_type=asset.content_type, headers=headers)
