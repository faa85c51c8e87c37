"""What every resolver of one GraphQL operation shares: the caller, one database session
(used by one resolver at a time), the cache and the request's DataLoaders."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.fastapi import BaseContext
from strawberry.types import Info

from jobboard.auth.principal import ANONYMOUS, Principal
from jobboard.cache import Cache
from jobboard.db import Database

if TYPE_CHECKING:
    from jobboard.graphql.loaders import Loaders


@dataclass
class GraphQLContext(BaseContext):
    database: Database
    cache: Cache
    principal: Principal = ANONYMOUS
    session: AsyncSession | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _loaders: Loaders | None = None

    def __post_init__(self) -> None:
        super().__init__()

    @asynccontextmanager
    async def db(self) -> AsyncIterator[AsyncSession]:
        """The operation's session, for one resolver at a time: sibling fields resolve
        concurrently, and a session runs one statement at a time. Never await a DataLoader
        inside: its batch takes this lock too."""
        async with self._lock:
            if self.session is not None:
                yield self.session
                return
            # An operation sent over WebSocket has no request around it: each use of the
            # database is a transaction of its own.
            async with self.database.unit_of_work() as session:
                yield session

    @property
    def loaders(self) -> Loaders:
        if self._loaders is None:
            from jobboard.graphql.loaders import Loaders

            self._loaders = Loaders(self)
        return self._loaders


def context_of(info: Info[Any, Any]) -> GraphQLContext:
    context: GraphQLContext = info.context
    return context
