"""Dependencies the company-scoped routers share: the company named in the path."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from jobboard.companies import repository
from jobboard.dependencies import DbSession
from jobboard.errors import NotFound
from jobboard.models import Company


async def valid_company(slug: str, session: DbSession) -> Company:
    company = await repository.get_by_slug(session, slug)
    if company is None:
        raise NotFound(f"There is no company {slug!r}.")
    return company


ValidCompany = Annotated[Company, Depends(valid_company)]
