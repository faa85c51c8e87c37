"""Canonical job paths: the id, then a short slug of the title."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from jobboard.kit.urls import JOB_SLUG_LENGTH, job_path


def test_a_job_path_is_its_id_and_the_slug_of_its_title() -> None:
    """Letters are folded to ASCII, everything else becomes single hyphens."""
    assert job_path(42, "Senior Back End Developer") == "/jobs/42-senior-back-end-developer"
    assert job_path(7, "  C++ / Go Engineer (Zürich)!  ") == "/jobs/7-c-go-engineer-zurich"


def test_a_title_without_ascii_letters_or_digits_gives_the_bare_id() -> None:
    """No empty slug and no trailing hyphen."""
    assert job_path(5, "エンジニア") == "/jobs/5"
    assert job_path(5, "!!!") == "/jobs/5"


def test_long_titles_are_cut_after_a_whole_word() -> None:
    """Slugs stop at the last word that fits in 60 characters; one overlong word is cut."""
    title = "Staff Platform Engineer (Kubernetes, Go, PostgreSQL) - Payments Infrastructure"
    assert job_path(1, title) == "/jobs/1-staff-platform-engineer-kubernetes-go-postgresql-payments"
    assert job_path(1, "x" * 100) == "/jobs/1-" + "x" * JOB_SLUG_LENGTH
    exact = "a" * 30 + " " + "b" * 29
    assert job_path(1, exact) == f"/jobs/1-{'a' * 30}-{'b' * 29}"
    assert job_path(1, exact + "b") == f"/jobs/1-{'a' * 30}"


@given(st.integers(min_value=1, max_value=2**53), st.text(max_size=300))
def test_every_path_is_well_formed(job_id: int, title: str) -> None:
    """Any title gives /jobs/{id} or /jobs/{id}-{slug} with a slug of lower-case ASCII words
    of at most 60 characters."""
    path = job_path(job_id, title)
    match = re.fullmatch(rf"/jobs/{job_id}(?:-([a-z0-9]+(?:-[a-z0-9]+)*))?", path)
    assert match is not None, path
    assert len(match.group(1) or "") <= JOB_SLUG_LENGTH
