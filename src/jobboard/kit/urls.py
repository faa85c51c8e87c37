"""Paths of public pages, made one way for every link to them (pages, JSON-LD, e-mails,
feeds, webhooks)."""

from __future__ import annotations

from jobboard.kit.text import slugify

# Long enough to read what the job is, short enough to keep the address shareable.
JOB_SLUG_LENGTH = 60


def job_slug(title: str) -> str:
    """The title as a slug of at most ``JOB_SLUG_LENGTH`` characters, cut after a whole word
    when it is longer (a single overlong word is cut where the length ends)."""
    # One character more than kept: a hyphen there means the cut fell between words.
    slug = slugify(title, max_length=JOB_SLUG_LENGTH + 1)
    if len(slug) <= JOB_SLUG_LENGTH:
        return slug
    return slug[: slug.rindex("-")] if "-" in slug else slug[:JOB_SLUG_LENGTH]


def job_path(job_id: int, title: str) -> str:
    """The canonical page of a job: ``/jobs/42-senior-go-engineer``, or ``/jobs/42`` when the
    title makes no slug (no letters or digits in ASCII)."""
    slug = job_slug(title)
    return f"/jobs/{job_id}-{slug}" if slug else f"/jobs/{job_id}"
