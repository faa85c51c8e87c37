"""The fan-out point after a company changes in a way others must follow.

``company_changed`` is awaited inside the transaction that made the change, so whatever a
listener records (the search index finds jobs by their company's name) commits or rolls back
with it. Listeners are registered at start-up by ``jobboard.wiring``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.models import Company

CompanyEvent = Literal["company.renamed"]
Listener = Callable[[AsyncSession, Company, CompanyEvent], Awaitable[None]]

_listeners: list[Listener] = []


def subscribe(listener: Listener) -> Listener:
    """Call ``listener(session, company, event)`` after every such change."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


async def company_changed(session: AsyncSession, *, company: Company, event: CompanyEvent) -> None:
    for listener in _listeners:
        await listener(session, company, event)
