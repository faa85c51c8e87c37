"""ETags and conditional requests: If-Match guards writes, If-None-Match saves reads."""

from __future__ import annotations

from fastapi import Request

from jobboard.errors import PreconditionFailed


def make_etag(*parts: object) -> str:
    return '"' + "-".join(str(part) for part in parts) + '"'


def _listed(header: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def check_if_match(request: Request, current: str) -> None:
    """Raise 412 when the client sent If-Match and it names another version."""
    header = request.headers.get("if-match")
    if header is None or header.strip() == "*":
        return
    if current not in _listed(header):
        raise PreconditionFailed(
            "The object changed since you read it (its ETag is now "
            f"{current}); GET it again, reapply your change and retry.",
            current_etag=current,
        )


def is_not_modified(request: Request, current: str) -> bool:
    header = request.headers.get("if-none-match")
    if header is None:
        return False
    return header.strip() == "*" or current in _listed(header)
