"""Stored files (résumés): one small interface, a filesystem backend for now.

Keys are made by Jobboard (``resumes/<user>/<random>``), never from names users send. The
interface is that of an object store (put, get, delete, list by prefix with modification
times), so an S3-compatible backend can implement it without changing its callers; until
then every API and worker process must see the same ``JOBBOARD_STORAGE_DIR`` (a shared
volume when there are several machines).

Files are written before the row that names them commits and deleted by a task after the row
is gone, so a failed transaction can leave a file without a row, never a row without a file;
``seekers.sweep_files`` deletes such leftovers.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.config import Settings, get_settings
from jobboard.worker import TaskContext, defer, task

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$")


@dataclass(frozen=True, slots=True)
class StoredObject:
    key: str
    size: int
    modified_at: datetime


class FileStorage(Protocol):
    async def put(self, key: str, data: bytes) -> None: ...

    async def get(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None:
        """Remove the object; removing one that is not there is not an error."""

    def list(self, prefix: str) -> AsyncIterator[StoredObject]: ...


def _checked(key: str) -> str:
    if not _KEY.match(key) or len(key) > 200:
        raise ValueError(f"{key!r} is not a storage key")
    return key


class FilesystemStorage:
    """Objects as files under a root folder; writes are atomic (a temporary file renamed)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / _checked(key)

    async def put(self, key: str, data: bytes) -> None:
        await asyncio.to_thread(self._write, self._path(key), data)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        partial.write_bytes(data)
        os.replace(partial, path)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._path(key).read_bytes)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, True)

    async def list(self, prefix: str) -> AsyncIterator[StoredObject]:
        base = self.root / _checked(prefix)
        found = await asyncio.to_thread(
            lambda: [path for path in base.rglob("*") if path.is_file()] if base.is_dir() else []
        )
        for path in sorted(found):
            if path.name.startswith("."):
                continue
            stat = path.stat()
            yield StoredObject(
                key=path.relative_to(self.root).as_posix(),
                size=stat.st_size,
                modified_at=datetime.fromtimestamp(stat.st_mtime, UTC),
            )


def storage_from_settings(settings: Settings) -> FileStorage:
    return FilesystemStorage(settings.storage_dir or settings.data_dir / "files")


@task("storage.delete")
async def delete_objects(context: TaskContext, *, keys: list[str]) -> None:
    """Delete stored objects whose rows are gone (idempotent: absent objects are fine)."""
    storage = storage_from_settings(get_settings())
    for key in keys:
        await storage.delete(key)


async def delete_later(session: AsyncSession, keys: list[str]) -> None:
    """Delete these objects once the session's transaction (which drops their rows) commits."""
    if keys:
        await defer(session, delete_objects, keys=keys)
