"""REST: skills, by prefix or by name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from jobboard.dependencies import DbSession, Pagination
from jobboard.kit.schemas import Page
from jobboard.routing import UnitOfWorkRoute
from jobboard.taxonomy import readers
from jobboard.taxonomy.catalog import SkillKind
from jobboard.taxonomy.schemas import SkillRead

router = APIRouter(route_class=UnitOfWorkRoute, tags=["catalog"])


@router.get("/skills", response_model=Page[SkillRead])
async def list_skills(
    session: DbSession,
    page: Pagination,
    prefix: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=60,
            description="Match skills whose name or any alias starts with this (any case).",
        ),
    ] = None,
    kind: SkillKind | None = None,
) -> Page[SkillRead]:
    """Skills ordered by slug; `prefix` looks them up by name or alias (`k8`, `golang`)."""
    return await readers.list_skills(session, page=page, prefix=prefix, kind=kind)


@router.get("/skills/{slug}", response_model=SkillRead)
async def get_skill(slug: str, session: DbSession) -> SkillRead:
    """One skill by slug or by any of its aliases."""
    return await readers.get_skill(session, slug=slug)
