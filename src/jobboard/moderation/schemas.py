"""Bodies of the job report endpoint."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from jobboard.kit.schemas import InputModel, OutputModel
from jobboard.models.moderation import ReportReason


class ReportCreate(InputModel):
    reason: ReportReason = Field(description="scam, discriminatory, misleading, expired or other.")
    details: str = Field(default="", max_length=2000, description="What is wrong, in words.")


class ReportRead(OutputModel):
    id: int
    job_id: int
    reason: str
    details: str
    status: str
    created_at: datetime
