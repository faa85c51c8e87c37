"""A server killed with SIGKILL in the middle of writes loses none it acknowledged, leaves
its database intact (SQLite's file passes its integrity check) and serves again on restart."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, text

from conftest import PASSWORD
from jobboard.db import Database
from jobboard.models import User

DEADLINE_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    """`uvicorn jobboard.main:create_app` in a process of its own, on the test's database."""

    def __init__(self, database_url: str, log: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._log = log.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own command
            [
                sys.executable,
                "-m",
                "uvicorn",
                "jobboard.main:create_app",
                "--factory",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            env={
                **os.environ,
                "JOBBOARD_DATABASE_URL": database_url,
                "JOBBOARD_PUBLIC_URL": self.base,
                "JOBBOARD_EMBEDDED_WORKER": "false",
            },
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    async def ready(self) -> None:
        async with httpx.AsyncClient(base_url=self.base) as client:
            for _ in range(DEADLINE_SECONDS * 10):
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError("the server did not become ready")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        self._log.close()


@pytest.fixture
def serve(committed_database: Database, tmp_path: Path) -> Iterator[Callable[[], Served]]:
    """Start servers on the test's committed database; all are killed afterwards."""
    started: list[Served] = []
    url = committed_database.engine.url.render_as_string(hide_password=False)

    def start() -> Served:
        server = Served(url, tmp_path / "server.log")
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


async def test_a_killed_server_loses_no_acknowledged_write(
    committed_database: Database, serve: Callable[[], Served]
) -> None:
    """Eight clients register accounts as fast as they can; the server is killed with
    SIGKILL after 40 acknowledgements. Every account answered 201 is in the database, the
    database is intact, and a new server process serves at once."""
    server = serve()
    await server.ready()
    acknowledged: list[str] = []
    enough = asyncio.Event()

    async def register_forever(client: httpx.AsyncClient, number: int) -> None:
        for attempt in range(10_000):
            email = f"crash-{number}-{attempt}@example.com"
            try:
                response = await client.post(
                    "/api/v1/auth/register",
                    json={"email": email, "password": PASSWORD, "display_name": "Crash"},
                )
            except httpx.TransportError:
                return
            if response.status_code == 201:
                acknowledged.append(email)
                if len(acknowledged) >= 40:
                    enough.set()

    async with httpx.AsyncClient(base_url=server.base, timeout=30) as client:
        clients = [asyncio.create_task(register_forever(client, n)) for n in range(8)]
        await asyncio.wait_for(enough.wait(), DEADLINE_SECONDS)
        server.process.send_signal(signal.SIGKILL)
        await asyncio.wait_for(asyncio.gather(*clients), DEADLINE_SECONDS)
    assert server.process.wait(10) == -signal.SIGKILL
    async with committed_database.engine.connect() as connection:
        stored = await connection.scalar(
            select(func.count()).select_from(User).where(User.email.in_(acknowledged))
        )
        if committed_database.dialect == "sqlite":
            assert (await connection.execute(text("PRAGMA integrity_check"))).scalar() == "ok"
    assert stored == len(acknowledged)
    again = serve()
    await again.ready()
