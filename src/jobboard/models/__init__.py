"""Every ORM model; importing this package registers all tables on ``Base.metadata``."""

from jobboard.models.alerts import AlertMatch, AlertPending, SavedSearch, SavedSearchKey
from jobboard.models.audit import AuditEvent
from jobboard.models.base import Base
from jobboard.models.hiring import (
    Application,
    ApplicationEvent,
    ApplicationNote,
    CompanyHiringStats,
    Notification,
    PipelineStage,
    ScreeningQuestion,
)
from jobboard.models.idempotency import IdempotencyRecord
from jobboard.models.identity import ApiClient, RefreshToken, SigningKeyRecord, WebSession
from jobboard.models.integrations import FeedSource, Webhook, WebhookAttempt, WebhookDelivery
from jobboard.models.job import Job, JobExpiryNotice, JobLocation, JobSkill
from jobboard.models.moderation import JobReport
from jobboard.models.queue import QueuedTask
from jobboard.models.search import SearchState
from jobboard.models.seeker import CandidateProfile, CandidateSkill, Resume, SavedJob
from jobboard.models.taxonomy import Category, Skill, SkillAlias, TaxonomyRelease
from jobboard.models.user import Company, CompanyInvitation, CompanyMember, User

__all__ = [
    "AlertMatch",
    "AlertPending",
    "ApiClient",
    "Application",
    "ApplicationEvent",
    "ApplicationNote",
    "AuditEvent",
    "Base",
    "CandidateProfile",
    "CandidateSkill",
    "Category",
    "Company",
    "CompanyHiringStats",
    "CompanyInvitation",
    "CompanyMember",
    "FeedSource",
    "IdempotencyRecord",
    "Job",
    "JobExpiryNotice",
    "JobLocation",
    "JobReport",
    "JobSkill",
    "Notification",
    "PipelineStage",
    "QueuedTask",
    "RefreshToken",
    "Resume",
    "SavedJob",
    "SavedSearch",
    "SavedSearchKey",
    "ScreeningQuestion",
    "SearchState",
    "SigningKeyRecord",
    "Skill",
    "SkillAlias",
    "TaxonomyRelease",
    "User",
    "WebSession",
    "Webhook",
    "WebhookAttempt",
    "WebhookDelivery",
]
