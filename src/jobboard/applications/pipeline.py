"""A company's hiring pipeline: its stages, in order, and the rules for changing them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.applications.schemas import (
    PipelineUpdate,
)
from jobboard.audit import service as audit
from jobboard.auth.principal import Principal, require_scope
from jobboard.companies import service as company_service
from jobboard.companies.repository import ALL_MEMBER_ROLES
from jobboard.errors import (
    Conflict,
    ValidationFailed,
)
from jobboard.models import (
    Application,
    Company,
    PipelineStage,
)
from jobboard.models.hiring import TERMINAL_STAGES

DEFAULT_PIPELINE = (
    ("applied", "Applied"),
    ("screening", "Screening"),
    ("interview", "Interview"),
    ("offer", "Offer"),
    ("hired", "Hired"),
    ("rejected", "Rejected"),
    ("withdrawn", "Withdrawn"),
)
FIRST_STAGE = "applied"


class StageInUse(Conflict):
    slug = "stage-in-use"
    title = "Open applications are in a stage you removed"


@dataclass(frozen=True, slots=True)
class Stage:
    key: str
    name: str

    @property
    def terminal(self) -> bool:
        return self.key in TERMINAL_STAGES


async def pipeline(session: AsyncSession, *, company_id: int) -> list[Stage]:
    """The company's stages in order; the default pipeline until its owners change it."""
    rows = await session.scalars(
        select(PipelineStage)
        .where(PipelineStage.company_id == company_id)
        .order_by(PipelineStage.position)
    )
    stages = [Stage(key=row.key, name=row.name) for row in rows]
    return stages or [Stage(key=key, name=name) for key, name in DEFAULT_PIPELINE]


def stage_named(stages: Sequence[Stage], key: str) -> Stage:
    """A stage by key; a key no longer in the pipeline (history) keeps its key as its name."""
    return next((stage for stage in stages if stage.key == key), Stage(key=key, name=key))


async def require_reader(session: AsyncSession, *, principal: Principal, company: Company) -> None:
    """Company members (any role) and the company's API client, with `applications:read`."""
    require_scope(principal, "applications:read")
    await company_service.require_role(
        session, company=company, principal=principal, roles=ALL_MEMBER_ROLES
    )


async def set_pipeline(
    session: AsyncSession, *, principal: Principal, company: Company, data: PipelineUpdate
) -> list[Stage]:
    """Replace the company's stages (owners only); audited."""
    require_scope(principal, "companies:write")
    await company_service.require_role(
        session, company=company, principal=principal, roles=("owner",)
    )
    keys = [stage.key for stage in data.stages]
    problems = []
    if keys[0] != FIRST_STAGE:
        problems.append({"field": "body.stages[0].key", "message": "the first stage is `applied`"})
    if tuple(keys[-3:]) != TERMINAL_STAGES:
        problems.append(
            {"field": "body.stages", "message": "end with `hired`, `rejected`, `withdrawn`"}
        )
    misplaced = [key for key in keys[1:-3] if key in (FIRST_STAGE, *TERMINAL_STAGES)]
    if misplaced:
        problems.append(
            {"field": "body.stages", "message": f"{misplaced[0]!r} is not an open stage"}
        )
    if problems:
        raise ValidationFailed(
            "Check the stages: `applied` first, then your open stages, then `hired`, "
            "`rejected`, `withdrawn`.",
            errors=problems,
        )
    removed = {stage.key for stage in await pipeline(session, company_id=company.id)} - set(keys)
    if removed:
        in_use = list(
            await session.scalars(
                select(Application.stage)
                .where(
                    Application.company_id == company.id,
                    Application.stage.in_(sorted(removed)),
                    Application.closed_at.is_(None),
                )
                .distinct()
            )
        )
        if in_use:
            raise StageInUse(
                "Move the open applications out of " + ", ".join(sorted(in_use)) + " first.",
                stages=sorted(in_use),
            )
    await session.execute(delete(PipelineStage).where(PipelineStage.company_id == company.id))
    session.add_all(
        PipelineStage(company_id=company.id, key=stage.key, name=stage.name, position=index)
        for index, stage in enumerate(data.stages)
    )
    await session.flush()
    await audit.record(
        session,
        actor=principal,
        action="company.pipeline_changed",
        target_type="company",
        target_id=company.id,
        company_id=company.id,
        details={"stages": keys, "removed": sorted(removed)},
    )
    return [Stage(key=stage.key, name=stage.name) for stage in data.stages]
