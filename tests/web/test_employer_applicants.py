"""Applicants in the workspace: the pipeline board with its counts, the candidate's page
(résumé preview, answers, match, timeline, notes), moving with the message the candidate
reads, and rejecting many at once so that each gets a final answer."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import Account, AccountFactory, Team
from jobboard.web.employer import applicants as applicants_pages
from support_hiring import GO_PROFILE, apply, move, pdf, upload
from support_web import another_browser, submit, web_sign_in


async def _browser(client: httpx.AsyncClient, account: Account) -> httpx.AsyncClient:
    browser = another_browser(client)
    await web_sign_in(browser, account.email)
    return browser


async def _applicants(
    client: httpx.AsyncClient, accounts: AccountFactory, job_id: int, count: int
) -> list[tuple[Account, int]]:
    made = []
    for _ in range(count):
        seeker = await accounts("seeker")
        response = await apply(client, seeker, job_id, cover_letter="I build payment APIs.")
        assert response.status_code == 201, response.text
        made.append((seeker, response.json()["id"]))
    return made


async def test_the_board_has_a_column_per_stage_with_its_count(
    client: httpx.AsyncClient, team: Team, opening: dict[str, Any], accounts: AccountFactory
) -> None:
    """Three applicants, one moved to screening: the columns say 2 and 1 and link each
    candidate; a viewer sees the board without the tick boxes to reject."""
    made = await _applicants(client, accounts, opening["id"], 3)
    moved = await move(client, team.owner, made[0][1], "screening")
    assert moved.status_code == 200
    browser = await _browser(client, team.recruiter)
    board = await browser.get(f"/employer/jobs/{opening['id']}/applicants")
    assert board.status_code == 200
    counts = dict(
        re.findall(
            r'<h2 id="stage-([a-z_]+)">[^<]+<span class="count-badge">(\d+)</span>', board.text
        )
    )
    assert counts == {
        "applied": "2",
        "screening": "1",
        "interview": "0",
        "offer": "0",
        "hired": "0",
        "rejected": "0",
        "withdrawn": "0",
    }
    for _, application_id in made:
        assert f'href="/employer/applications/{application_id}"' in board.text
    assert board.text.count('name="application"') == 3
    viewer = await _browser(client, team.viewer)
    seen = await viewer.get(f"/employer/jobs/{opening['id']}/applicants")
    assert seen.status_code == 200
    assert 'name="application"' not in seen.text


async def test_a_long_column_shows_its_newest_cards_and_loads_more_on_request(
    client: httpx.AsyncClient,
    team: Team,
    opening: dict[str, Any],
    accounts: AccountFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With one card a column and one more a page, three applicants are one card and a
    "show more" link; following the links (as htmx fragments, or pages without JavaScript)
    gives the others newest first, each once, and then no link."""
    monkeypatch.setattr(applicants_pages, "CARDS_PER_STAGE", 1)
    monkeypatch.setattr(applicants_pages, "STAGE_PAGE", 1)
    made = await _applicants(client, accounts, opening["id"], 3)
    newest_first = [application_id for _, application_id in reversed(made)]
    browser = await _browser(client, team.recruiter)
    board = await browser.get(f"/employer/jobs/{opening['id']}/applicants")
    assert board.text.count('class="board-card"') == 1
    assert f'href="/employer/applications/{newest_first[0]}"' in board.text
    seen = [newest_first[0]]
    link = re.search(r'<li class="board-more"><a href="([^"]+)"', board.text)
    while link is not None:
        fragment = await browser.get(html.unescape(link.group(1)), headers={"HX-Request": "true"})
        assert fragment.status_code == 200
        assert "<html" not in fragment.text
        seen += [
            int(found)
            for found in re.findall(r'href="/employer/applications/(\d+)"', fragment.text)
        ]
        link = re.search(r'<li class="board-more"><a href="([^"]+)"', fragment.text)
    assert seen == newest_first
    page = await browser.get(
        f"/employer/jobs/{opening['id']}/applicants/stages/applied?before={newest_first[0]}"
    )
    assert page.status_code == 200
    assert "<html" in page.text
    assert f'href="/employer/applications/{newest_first[1]}"' in page.text
    missing = await browser.get(f"/employer/jobs/{opening['id']}/applicants/stages/nowhere")
    assert missing.status_code == 404


async def test_a_candidate_is_read_and_moved_with_the_message_they_see(
    storage: Path,
    client: httpx.AsyncClient,
    team: Team,
    opening: dict[str, Any],
    accounts: AccountFactory,
) -> None:
    """The page shows the match and its reasons, the cover letter and the PDF in a frame of
    its own; moving without a message is refused; with one, the candidate's application
    page shows the stage and the message; notes stay private."""
    seeker = await accounts("seeker")
    assert (
        await client.put("/api/v1/me/profile", json=GO_PROFILE, headers=seeker.headers)
    ).status_code == 200
    assert (
        await upload(client, seeker, pdf(["Ada Lovelace", "Go, PostgreSQL"]))
    ).status_code == 201
    applied = await apply(client, seeker, opening["id"], cover_letter="I build payment APIs.")
    application_id = applied.json()["id"]
    recruiter = await _browser(client, team.recruiter)
    page = f"/employer/applications/{application_id}"
    opened = await recruiter.get(page)
    assert opened.status_code == 200
    assert re.search(r"<strong>\d+%</strong> match", opened.text)
    assert "all 2 required skills" in opened.text
    assert "I build payment APIs." in opened.text
    assert f'src="{page}/resume?view=inline"' in opened.text
    inline = await recruiter.get(f"{page}/resume?view=inline")
    assert inline.headers["content-type"] == "application/pdf"
    assert inline.headers["content-disposition"].startswith("inline;")
    assert "frame-ancestors 'self'" in inline.headers["content-security-policy"]
    download = await recruiter.get(f"{page}/resume")
    assert download.headers["content-disposition"].startswith("attachment;")

    silent = await submit(recruiter, page, f"{page}/move", {"to": "rejected", "message": ""})
    assert silent.status_code == 422
    assert 'id="message-error"' in silent.text
    note = await submit(recruiter, page, f"{page}/notes", {"message": "Strong on Go."})
    assert note.status_code == 303
    moved = await submit(
        recruiter,
        page,
        f"{page}/move",
        {"to": "rejected", "message": "Thank you; we chose someone closer to the role."},
    )
    assert moved.status_code == 303
    after = await recruiter.get(page)
    assert "Strong on Go." in after.text
    assert 'id="move-heading"' not in after.text

    candidate = await _browser(client, seeker)
    theirs = await candidate.get(f"/me/applications/{application_id}")
    assert "Not selected" in theirs.text
    assert "we chose someone closer to the role" in theirs.text
    assert "Strong on Go." not in theirs.text
    assert (await candidate.get(page)).status_code == 403


async def test_bulk_rejection_answers_every_ticked_applicant(
    client: httpx.AsyncClient, team: Team, opening: dict[str, Any], accounts: AccountFactory
) -> None:
    """The ticked open applications are rejected with the edited message; the others stay
    where they were; a viewer may not reject."""
    made = await _applicants(client, accounts, opening["id"], 3)
    board = f"/employer/jobs/{opening['id']}/applicants"
    viewer = await _browser(client, team.viewer)
    refused = await submit(
        viewer, board, f"{board}/reject", [("application", str(made[0][1])), ("message", "No.")]
    )
    assert refused.status_code == 403
    owner = await _browser(client, team.owner)
    rejected = await submit(
        owner,
        board,
        f"{board}/reject",
        [
            ("application", str(made[0][1])),
            ("application", str(made[1][1])),
            ("message", "Thank you for applying; we went on with others."),
        ],
    )
    assert rejected.status_code == 303
    stages = []
    for seeker, application_id in made:
        body = (
            await client.get(f"/api/v1/applications/{application_id}", headers=seeker.headers)
        ).json()
        stages.append(body["stage"]["key"])
        if body["stage"]["key"] == "rejected":
            assert (
                body["events"][-1]["message"] == "Thank you for applying; we went on with others."
            )
    assert stages == ["rejected", "rejected", "applied"]
    empty = await submit(owner, board, f"{board}/reject", [("message", "x")])
    assert empty.status_code == 422
