"""Outbound HTTP for feeds and webhooks: timeouts, a size cap, a User-Agent, and no way in
to private networks.

Every request resolves its host first and refuses private, loopback, link-local, multicast,
reserved and unspecified addresses (IPv4 and IPv6, including IPv4-mapped ones) unless
``outbound_allow_private_addresses`` is set; it then connects to the address it checked, so a
second DNS answer cannot swap in another. Redirects are never followed automatically: a feed
fetch follows at most a few, checking each target the same way; webhooks follow none.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from jobboard import __version__
from jobboard.config import get_settings

MAX_REDIRECTS = 3


class OutboundError(Exception):
    """The request could not be made or its answer could not be read; the message says why."""


class BlockedAddress(OutboundError):
    pass


class TooLarge(OutboundError):
    pass


@dataclass(frozen=True, slots=True)
class Answer:
    url: str
    status_code: int
    headers: httpx.Headers
    body: bytes
    duration_ms: int


def user_agent() -> str:
    return f"Jobboard/{__version__} (+{get_settings().public_url})"


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def check_url(url: str) -> tuple[str, int]:
    """Return (host, port) of an http(s) URL, or raise OutboundError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OutboundError(f"only http and https URLs can be fetched, not {url[:100]!r}")
    if parts.username or parts.password:
        raise OutboundError("URLs with credentials are refused")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise OutboundError(f"bad port in {url[:100]!r}") from error
    return parts.hostname, port


def check_target(url: str) -> None:
    """Refuse a URL that can never be fetched: not http(s), credentials, a literal private
    address (unless allowed). Host names are checked again, resolved, at every request."""
    host, _ = check_url(url)
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return
    if not get_settings().outbound_allow_private_addresses and not _is_public(address):
        raise BlockedAddress(
            f"{address} is a private or reserved address; such targets are refused"
        )


async def resolve_checked(host: str, port: int, *, allow_private: bool) -> str:
    """Resolve ``host`` and return an address that may be reached, or raise BlockedAddress."""
    try:
        literal = ipaddress.ip_address(host)
        candidates = [literal]
    except ValueError:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except OSError as error:
            raise OutboundError(f"cannot resolve {host!r}: {error}") from error
        candidates = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not candidates:
        raise OutboundError(f"{host!r} has no address")
    if not allow_private:
        # Refuse when any answer is private: a host must not straddle both worlds.
        blocked = [str(address) for address in candidates if not _is_public(address)]
        if blocked:
            raise BlockedAddress(
                f"{host!r} resolves to a private or reserved address ({blocked[0]}); "
                "such targets are refused"
            )
    return str(candidates[0])


async def request(
    method: str,
    url: str,
    *,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
    follow_redirects: int = 0,
    max_bytes: int | None = None,
    timeout_seconds: float | None = None,
    allow_private: bool | None = None,
    truncate: bool = False,
) -> Answer:
    """Make one request (following up to ``follow_redirects`` checked redirects).

    An answer over ``max_bytes`` raises TooLarge, or with ``truncate`` is cut there."""
    settings = get_settings()
    max_bytes = max_bytes or settings.outbound_max_bytes
    timeout = timeout_seconds or settings.outbound_timeout_seconds
    if allow_private is None:
        allow_private = settings.outbound_allow_private_addresses
    started = time.perf_counter()
    async with httpx.AsyncClient(
        timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False
    ) as client:
        for _ in range(follow_redirects + 1):
            host, port = check_url(url)
            address = await resolve_checked(host, port, allow_private=allow_private)
            parts = urlsplit(url)
            netloc = f"[{address}]" if ":" in address else address
            pinned = parts._replace(netloc=f"{netloc}:{port}").geturl()
            request_headers = {"User-Agent": user_agent(), **(headers or {})}
            request_headers["Host"] = parts.netloc.rsplit("@", 1)[-1]
            extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
            try:
                async with asyncio.timeout(timeout * 3):
                    answer = await _exchange(
                        client,
                        client.build_request(
                            method,
                            pinned,
                            content=content,
                            headers=request_headers,
                            extensions=extensions,
                        ),
                        max_bytes,
                        truncate,
                    )
            except TimeoutError as error:
                raise OutboundError(f"{host} did not answer within {timeout:.0f} s") from error
            except httpx.TimeoutException as error:
                raise OutboundError(f"{host} did not answer within {timeout:.0f} s") from error
            except httpx.HTTPError as error:
                raise OutboundError(f"request to {host} failed: {error}") from error
            status, answer_headers, body = answer
            location = answer_headers.get("location")
            if status in (301, 302, 303, 307, 308) and location and follow_redirects:
                url = urljoin(url, location)
                continue
            return Answer(
                url=url,
                status_code=status,
                headers=answer_headers,
                body=body,
                duration_ms=int((time.perf_counter() - started) * 1000),
            )
    raise OutboundError(f"more than {follow_redirects} redirects")


async def _exchange(
    client: httpx.AsyncClient, built: httpx.Request, max_bytes: int, truncate: bool
) -> tuple[int, httpx.Headers, bytes]:
    response = await client.send(built, stream=True)
    try:
        declared = response.headers.get("content-length")
        if (
            not truncate
            and declared is not None
            and declared.isdigit()
            and int(declared) > max_bytes
        ):
            raise TooLarge(f"the answer is {int(declared)} bytes; the limit is {max_bytes}")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                if truncate:
                    chunks.append(chunk[: max_bytes - size + len(chunk)])
                    break
                raise TooLarge(f"the answer exceeds the limit of {max_bytes} bytes")
            chunks.append(chunk)
        return response.status_code, response.headers, b"".join(chunks)
    finally:
        await response.aclose()
