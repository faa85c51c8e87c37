"""Start-up wiring, in one place: the modules that define tasks and e-mail messages, and the
listeners that hear of job, application and company changes.

Every process entry calls ``start`` before serving: ``create_app``, ``jobboard worker``, the
CLI commands that change data. Nothing subscribes as a side effect of being imported, so what
runs after a change reads here, the same in every process whatever its settings.
"""

from __future__ import annotations

from collections.abc import Sequence

from jobboard.alerts import tasks as alert_tasks
from jobboard.applications import events as application_events
from jobboard.applications import tasks as application_tasks
from jobboard.companies import events as company_events
from jobboard.integrations.webhooks import tasks as webhook_tasks
from jobboard.jobs import events as job_events
from jobboard.moderation import service as moderation
from jobboard.notifications import employers as employer_notifications
from jobboard.search import indexing as search_indexing
from jobboard.worker.registry import TaskRegistry, import_task_modules

TASK_MODULES = (
    "jobboard.worker.maintenance",
    "jobboard.mail",
    "jobboard.storage",
    "jobboard.auth.emails",
    "jobboard.companies.emails",
    "jobboard.jobs.tasks",
    "jobboard.jobs.emails",
    "jobboard.integrations.feeds.tasks",
    "jobboard.integrations.webhooks.tasks",
    "jobboard.integrations.webhooks.emails",
    "jobboard.seekers.tasks",
    "jobboard.applications.tasks",
    "jobboard.notifications.emails",
    "jobboard.notifications.employers",
    "jobboard.moderation.service",
    "jobboard.search.indexing",
    "jobboard.alerts.tasks",
)


def register_listeners() -> None:
    """Subscribe every change listener, in the order they run; idempotent."""
    # The index first: listeners after it (alerts) may read what it now holds.
    job_events.subscribe(search_indexing.reindex_changed_job)
    job_events.batch_form(search_indexing.reindex_changed_job, search_indexing.reindex_changed_jobs)
    job_events.subscribe(webhook_tasks.fan_out)
    job_events.subscribe(application_tasks.on_job_change)
    job_events.subscribe(moderation.on_job_change)
    job_events.subscribe(alert_tasks.note_published_job)
    job_events.batch_form(alert_tasks.note_published_job, alert_tasks.note_published_jobs)
    application_events.subscribe(webhook_tasks.fan_out_application)
    application_events.subscribe(employer_notifications.on_application)
    company_events.subscribe(search_indexing.reindex_company_jobs)


def start(extra_task_modules: Sequence[str] = ()) -> TaskRegistry:
    """Register the listeners and load the tasks (with ``JOBBOARD_WORKER_TASK_MODULES``'
    extra modules); idempotent. Returns the task registry."""
    register_listeners()
    return import_task_modules((*TASK_MODULES, *extra_task_modules))


def load_tasks(extra_task_modules: Sequence[str] = ()) -> TaskRegistry:
    """``start`` under the name callers that want the task registry use."""
    return start(extra_task_modules)
