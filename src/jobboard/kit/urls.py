"""Paths of the public pages that other parts link to (e-mails, feeds, JSON-LD, sitemaps)."""

from __future__ import annotations

from jobboard.kit.text import slugify

JOB_SLUG_LENGTH = 60


def job_path(job_id: int, title: str) -> str:
    """The canonical page of a job: ``/jobs/42-senior-back-end-developer``."""
    slug = slugify(title, max_length=JOB_SLUG_LENGTH)
    return f"/jobs/{job_id}-{slug}" if slug else f"/jobs/{job_id}"
