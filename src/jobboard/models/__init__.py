"""Every ORM model; importing this package registers all tables on ``Base.metadata``."""

from jobboard.models.audit import AuditEvent
from jobboard.models.base import Base
from jobboard.models.idempotency import IdempotencyRecord
from jobboard.models.identity import ApiClient, RefreshToken, SigningKeyRecord
from jobboard.models.job import Job, JobLocation, JobSkill
from jobboard.models.taxonomy import Category, Skill, SkillAlias, TaxonomyRelease
from jobboard.models.user import Company, CompanyMember, User

__all__ = [
    "ApiClient",
    "AuditEvent",
    "Base",
    "Category",
    "Company",
    "CompanyMember",
    "IdempotencyRecord",
    "Job",
    "JobLocation",
    "JobSkill",
    "RefreshToken",
    "SigningKeyRecord",
    "Skill",
    "SkillAlias",
    "TaxonomyRelease",
    "User",
]
