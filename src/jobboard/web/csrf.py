"""Cross-site request forgery: every state-changing form carries a token only this site knows.

The token is an HMAC, under the secret key, of what the browser's request is bound to: the
signed-in session's id, or before sign-in a random value in the ``jb_csrf`` cookie (so that
a foreign site cannot sign a visitor in to its own account either). A forged form from
another origin has the cookies but not the token: the token sits in the page, which the other
origin cannot read. Requests that say they come from another origin are refused outright.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import Request

from jobboard.errors import Forbidden

FIELD = "csrf_token"
HEADER = "x-csrf-token"
ANONYMOUS_COOKIE = "jb_csrf"


class CsrfRefused(Forbidden):
    slug = "csrf-refused"
    title = "The form could not be verified"


def token_for(binding: str, *, secret: str) -> str:
    key = hashlib.sha256(("csrf:" + secret).encode()).digest()
    return hmac.new(key, binding.encode(), hashlib.sha256).hexdigest()[:40]


def new_binding() -> str:
    return secrets.token_urlsafe(18)


def _same_origin(request: Request) -> bool:
    """False only when the browser names another origin (Origin, else Referer)."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source or source == "null":
        # Browsers send Origin on every cross-site POST; "null" comes from sandboxed frames
        # and privacy settings, and is left to the token check.
        return True
    parts = urlsplit(source)
    return f"{parts.scheme}://{parts.netloc}" == f"{request.url.scheme}://{request.url.netloc}"


def verify(request: Request, *, binding: str | None, submitted: str | None, secret: str) -> None:
    """Raise CsrfRefused unless the request carries the token for its binding."""
    if not _same_origin(request):
        raise CsrfRefused("This form was sent from another site; open the page and send it again.")
    if not binding or not submitted:
        raise CsrfRefused("The form has expired or lacks its security token; reload the page.")
    if not hmac.compare_digest(submitted, token_for(binding, secret=secret)):
        raise CsrfRefused("The form has expired or lacks its security token; reload the page.")
