"""Browser tests: headless Chromium (the Debian `chromium` package, driven by Playwright) and
Jobboard served by a real uvicorn on a free 127.0.0.1 port for it to visit.

``chromium()`` starts a browser; ``serve(make_app)`` serves any ASGI app; ``serve_jobboard``
serves Jobboard on a migrated SQLite file of its own, its public URL the address it is served
at. conftest.py offers them as the ``browser`` and ``live_site`` fixtures.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.async_api import (
    Browser,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    async_playwright,
)
from starlette.types import ASGIApp

from jobboard import migrate
from jobboard.config import Settings, get_settings
from jobboard.main import create_app

# No update checks, field trials or other calls home: a page's requests are its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


async def launch(playwright: Playwright) -> Browser:
    """Headless Chromium from the PATH; skipped where it is missing, unless CI demands it."""
    executable = shutil.which("chromium")
    if executable is None:
        message = "the chromium browser is not installed (apt-get install -y chromium)"
        if os.environ.get("JOBBOARD_TEST_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await launch(playwright)
        try:
            yield browser
        finally:
            await browser.close()


@asynccontextmanager
async def serve(make_app: Callable[[str], ASGIApp], *, ws: str = "none") -> AsyncIterator[str]:
    """Serve ``make_app(base_url)`` with uvicorn in a thread; yield the base URL.

    The socket is bound before the app is made, so the app knows its own address and no
    other process can take the port in between.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    config = uvicorn.Config(make_app(url), log_level="warning", ws=ws, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(1000):
            if server.started or not thread.is_alive():
                break
            await asyncio.sleep(0.01)
        assert server.started, "uvicorn did not start"
        yield url
    finally:
        server.should_exit = True
        await asyncio.to_thread(thread.join, 10)
        sock.close()


@dataclass
class LiveSite:
    url: str
    settings: Settings


@asynccontextmanager
async def serve_jobboard(
    directory: Path,
    *,
    database_url: str | None = None,
    on_address: Callable[[str], None] | None = None,
    ws: str = "none",
    **settings: Any,
) -> AsyncIterator[LiveSite]:
    """Jobboard on a migrated SQLite file in ``directory``, or on ``database_url`` (migrated
    already); ``settings`` override the rest. ``on_address`` hears the served address before
    the app is made (to point e-mail links of the test's own task runs at it)."""
    if database_url is None:
        database_url = f"sqlite+aiosqlite:///{directory / 'live.db'}"
        await asyncio.to_thread(migrate.upgrade, database_url)
    made: list[Settings] = []

    def make_app(url: str) -> ASGIApp:
        if on_address is not None:
            on_address(url)
        values = {"data_dir": directory, "database_url": database_url, "public_url": url}
        made.append(get_settings().model_copy(update={**values, **settings}))
        return create_app(made[0])

    async with serve(make_app, ws=ws) as url:
        yield LiveSite(url=url, settings=made[0])


@dataclass
class PageWatch:
    """What a page did: every URL it requested and the console messages it logged."""

    requested: list[str] = field(default_factory=list)
    console: list[ConsoleMessage] = field(default_factory=list)

    def hosts(self) -> set[str]:
        """The hosts of the http(s) requests (blob: and data: URLs have none)."""
        return {
            urlsplit(url).hostname or ""
            for url in self.requested
            if urlsplit(url).scheme in ("http", "https", "ws", "wss")
        }

    def errors(self) -> list[str]:
        return [message.text for message in self.console if message.type == "error"]


def watch(page: Page) -> PageWatch:
    """Record the page's requests and console messages from now on."""
    watched = PageWatch()

    def on_request(request: Request) -> None:
        watched.requested.append(request.url)

    def on_console(message: ConsoleMessage) -> None:
        watched.console.append(message)

    page.on("request", on_request)
    page.on("console", on_console)
    return watched
