"""Résumé uploads: the type read from the bytes, the text read within bounds, suggestions,
and every refusal a clear problem with nothing stored."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import Account, Team, assert_problem
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.errors import ValidationFailed
from jobboard.seekers import service
from jobboard.seekers.tasks import sweep_files
from jobboard.worker.registry import TaskContext
from support_hiring import apply, docx, pdf, upload
from support_queue import run_queued

RESUME_LINES = [
    "Ada Lovelace - Backend engineer",
    "Skills: Go, PostgreSQL, Kubernetes, Terraform",
    "6 years of experience with Go.",
]


def _files(user_id: int) -> list[Path]:
    folder = get_settings().storage_dir or get_settings().data_dir / "files"
    user_folder = folder / "resumes" / str(user_id)
    return sorted(user_folder.iterdir()) if user_folder.is_dir() else []


@pytest.mark.parametrize(
    ("data", "name", "media_type"),
    [
        (pdf(RESUME_LINES), "resume.txt", "application/pdf"),
        (
            docx(RESUME_LINES),
            "resume.pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (("# Ada\n\n- " + "\n- ".join(RESUME_LINES)).encode(), "cv.pdf", "text/markdown"),
        ("\n".join(RESUME_LINES).encode("utf-8-sig"), "cv.docx", "text/plain"),
    ],
    ids=["pdf", "docx", "markdown", "text"],
)
async def test_a_resume_is_read_from_its_bytes_and_suggests_skills(
    client: httpx.AsyncClient, seeker: Account, data: bytes, name: str, media_type: str
) -> None:
    """Whatever the file is called, its bytes decide its type; the skills it names (with years
    where stated) are offered, minus those the profile lists; the file downloads unchanged."""
    await client.put(
        "/api/v1/me/profile", json={"skills": [{"skill": "postgres"}]}, headers=seeker.headers
    )
    uploaded = await upload(client, seeker, data, name)
    assert uploaded.status_code == 201, uploaded.text
    body = uploaded.json()
    assert body["media_type"] == media_type
    suggested = {item["slug"]: item["years"] for item in body["suggested_skills"]}
    assert {"go", "kubernetes", "terraform"} <= set(suggested)
    assert "postgresql" not in suggested
    assert suggested["go"] == 6
    assert body["text_characters"] > 60
    file = await client.get("/api/v1/me/resume/file", headers=seeker.headers)
    assert file.content == data
    assert file.headers["content-type"].startswith(media_type)
    assert file.headers["cache-control"] == "private, no-store"


@pytest.mark.parametrize(
    ("data", "status", "problem"),
    [
        (b"MZ\x90\x00" + b"\x00" * 2000, 415, "/problems/unsupported-resume-type"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 2000, 415, "/problems/unsupported-resume-type"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00\xff" * 500, 415, "/problems/unsupported-resume-type"),
        (docx(["Ada"], padding=60 * 1024 * 1024), 422, "/problems/resume-unreadable"),
        (b"%PDF-1.7\n" + b"garbage " * 100, 422, "/problems/resume-unreadable"),
        (b"x" * (6 * 1024 * 1024), 413, "/problems/payload-too-large"),
    ],
    ids=["windows-exe-as-pdf", "elf-as-pdf", "png", "zip-bomb-docx", "broken-pdf", "6-mb"],
)
async def test_refused_uploads_store_nothing(
    storage: Path,
    client: httpx.AsyncClient,
    seeker: Account,
    data: bytes,
    status: int,
    problem: str,
) -> None:
    """Programs renamed .pdf, other binaries, zip bombs, broken PDFs and files over 5 MB are
    each refused with their problem; no row and no file is written."""
    refused = await upload(client, seeker, data, "resume.pdf")
    assert_problem(refused, status, problem)
    assert_problem(
        await client.get("/api/v1/me/resume", headers=seeker.headers), 404, "/problems/not-found"
    )
    assert _files(seeker.id) == []


async def test_a_new_resume_replaces_the_old_one_unless_an_application_holds_it(
    storage: Path,
    client: httpx.AsyncClient,
    seeker: Account,
    team: Team,
    opening: dict[str, Any],
    database: Database,
) -> None:
    """The résumé sent with an application stays for the company after a new upload or a
    removal; one no application holds is deleted, its file once the change commits."""
    first = (await upload(client, seeker, pdf(RESUME_LINES))).json()
    application = (await apply(client, seeker, opening["id"])).json()
    assert application["resume"]["id"] == first["id"]
    await upload(client, seeker, b"Ada, Go developer, plain text.")
    third = (await upload(client, seeker, b"Ada, Go and Rust developer.")).json()
    await run_queued(database)
    assert len(_files(seeker.id)) == 2  # the first (held) and the third (current)
    current = await client.get("/api/v1/me/resume", headers=seeker.headers)
    assert current.json()["sha256"] == third["sha256"]
    sent = await client.get(
        f"/api/v1/applications/{application['id']}/resume", headers=team.viewer.headers
    )
    assert sent.content == pdf(RESUME_LINES)
    assert (await client.delete("/api/v1/me/resume", headers=seeker.headers)).status_code == 204
    await run_queued(database)
    assert len(_files(seeker.id)) == 1
    assert_problem(
        await client.get("/api/v1/me/resume", headers=seeker.headers), 404, "/problems/not-found"
    )
    kept = await client.get(
        f"/api/v1/applications/{application['id']}/resume", headers=team.owner.headers
    )
    assert kept.status_code == 200


async def test_the_sweep_deletes_files_no_row_names(
    storage: Path, client: httpx.AsyncClient, seeker: Account, database: Database
) -> None:
    """A file left by a failed upload (older than an hour, named by no row) is deleted; the
    current résumé's file and a file too young to judge stay."""
    await upload(client, seeker, b"Ada, Go developer.")
    [kept] = _files(seeker.id)
    orphan = kept.with_name("0" * 32)
    young = kept.with_name("1" * 32)
    orphan.write_bytes(b"left behind")
    young.write_bytes(b"still uploading")
    hours_ago = time.time() - 2 * 3600
    for path in (kept, orphan):
        os.utime(path, (hours_ago, hours_ago))
    await sweep_files.run(TaskContext(database=database, task_name=sweep_files.name), {})
    assert _files(seeker.id) == sorted([kept, young])


async def test_chosen_suggestions_join_the_profile_and_nothing_else_changes(
    storage: Path, client: httpx.AsyncClient, seeker: Account, database: Database
) -> None:
    """Chosen suggestions are added with the years the résumé states (dropped when longer than
    the skill has existed); the rest of the profile stays; a skill the résumé does not
    suggest, or no choice at all, is a 422; choosing again adds nothing."""
    await client.put(
        "/api/v1/me/profile",
        json={"headline": "Ada", "skills": [{"skill": "postgres", "years": 4}]},
        headers=seeker.headers,
    )
    lines = [
        "6 years of experience with Go.",
        "40 years of experience with Kubernetes.",
        "Skills: Terraform",
    ]
    assert (await upload(client, seeker, "\n".join(lines).encode(), "cv.txt")).status_code == 201
    for refused in (["cobol"], ["go", "cobol"], []):
        async with database.sessionmaker() as session:
            with pytest.raises(ValidationFailed):
                await service.add_suggested_skills(session, user_id=seeker.id, slugs=refused)
    async with database.unit_of_work() as session:
        added = await service.add_suggested_skills(
            session, user_id=seeker.id, slugs=["go", "kubernetes"]
        )
    assert [(found.slug, found.years) for found in added] == [("go", 6), ("kubernetes", 40)]
    body = (await client.get("/api/v1/me/profile", headers=seeker.headers)).json()
    assert body["headline"] == "Ada"
    assert [(skill["slug"], skill["years"]) for skill in body["skills"]] == [
        ("go", 6),
        ("kubernetes", None),
        ("postgresql", 4),
    ]
    async with database.unit_of_work() as session:
        assert await service.add_suggested_skills(session, user_id=seeker.id, slugs=["go"]) == []
    suggested = (await client.get("/api/v1/me/resume", headers=seeker.headers)).json()
    assert [item["slug"] for item in suggested["suggested_skills"]] == ["terraform"]


async def test_suggestions_make_a_profile_when_there_is_none(
    storage: Path, client: httpx.AsyncClient, seeker: Account, database: Database
) -> None:
    await upload(client, seeker, b"Go developer", "cv.txt")
    async with database.unit_of_work() as session:
        await service.add_suggested_skills(session, user_id=seeker.id, slugs=["go"])
    body = (await client.get("/api/v1/me/profile", headers=seeker.headers)).json()
    assert [skill["slug"] for skill in body["skills"]] == ["go"]
    assert body["workplaces"] == ["hybrid", "onsite", "remote"]
    assert body["visibility"] == "applied"
