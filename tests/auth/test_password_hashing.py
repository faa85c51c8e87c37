"""Password hashing runs on its own bounded threads, never on the event loop."""

from __future__ import annotations

import asyncio
import threading

from jobboard.auth import passwords
from jobboard.config import get_settings


async def test_hashing_leaves_the_event_loop_free() -> None:
    """While a password is checked the loop runs other work: a task started after the check
    runs before the check finishes. Hashed on the loop, the check would run to its end
    first."""
    stored = await passwords.hash_password("a long test password 1")
    checking = asyncio.create_task(passwords.verify_password("a long test password 1", stored))

    async def other_work() -> bool:
        return checking.done()

    assert await asyncio.create_task(other_work()) is False
    assert await checking is True
    assert await passwords.verify_password("another password 12", stored) is False
    assert await passwords.verify_password("a long test password 1", None) is False


async def test_hashes_run_on_the_pool_of_the_configured_size() -> None:
    """The threads doing the work are the pool's, as many as JOBBOARD_PASSWORD_HASH_THREADS."""
    names: set[str] = set()

    def record() -> None:
        names.add(threading.current_thread().name)

    loop = asyncio.get_running_loop()
    await asyncio.gather(*(loop.run_in_executor(passwords._pool(), record) for _ in range(20)))
    assert all(name.startswith("password-hash") for name in names)
    assert len(names) <= get_settings().password_hash_threads
