"""Audit events as the admin API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jobboard.kit.schemas import OutputModel


class AuditEventRead(OutputModel):
    id: int
    occurred_at: datetime
    actor: str
    action: str
    target_type: str
    target_id: str
    company_id: int | None
    client_address: str | None
    request_id: str | None
    details: dict[str, Any]
