"""Every mutation through a real GraphQL client: the same rules, problems and replays as
the REST endpoints."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from conftest import Account, Team
from support_graphql import Callers, codes

MakeJob = Callable[..., Awaitable[dict[str, Any]]]

CREATE_JOB = """
mutation($input: JobInput!, $key: String) {
  createJob(input: $input, idempotencyKey: $key, clientMutationId: "c1") {
    replayed clientMutationId
    job { id databaseId title status version salary { min currency } skills { slug } }
  }
}"""


def job_input(company: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "company": company,
        "title": "Senior Backend Engineer",
        "description": "Design and run the APIs behind our payments product.",
        "category": "senior-back-end-developer",
        "workplace": "hybrid",
        "locations": [{"name": "Berlin"}],
        "salary": {"min": 7_000_000, "max": 9_000_000, "currency": "EUR"},
        "skills": [{"skill": "golang"}, {"skill": "postgres", "required": False}],
    }
    data.update(overrides)
    return data


async def test_an_employer_runs_a_job_from_draft_to_closed(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """createJob, updateJob (with expectedVersion), publishJob and closeJob; a stale version
    is precondition-failed and changes nothing."""
    graphql = Callers(client)(employer.headers)
    created = (await graphql(CREATE_JOB, input=job_input(company["slug"])))["createJob"]
    job = created["job"]
    assert job["status"] == "draft"
    assert created["clientMutationId"] == "c1"
    assert {skill["slug"] for skill in job["skills"]} == {"go", "postgresql"}
    update = """
    mutation($id: ID!, $version: Int) {
      updateJob(id: $id, input: {title: "Principal Backend Engineer", seniority: null},
                expectedVersion: $version) { job { title version } }
    }"""
    updated = (await graphql(update, id=job["id"], version=job["version"]))["updateJob"]["job"]
    assert updated["title"] == "Principal Backend Engineer"
    stale = await graphql.errors(update, id=job["id"], version=job["version"])
    assert codes(stale) == ["precondition-failed"]
    published = await graphql(
        "mutation($id: ID!) { publishJob(id: $id) { job { status } } }", id=job["id"]
    )
    assert published["publishJob"]["job"]["status"] == "published"
    closed = await graphql(
        'mutation($id: ID!) { closeJob(id: $id, reason: FILLED, note: "Hired") '
        "{ job { status closingReason } } }",
        id=job["id"],
    )
    assert closed["closeJob"]["job"] == {"status": "closed", "closingReason": "filled"}
    again = await graphql.errors(
        "mutation($id: ID!) { publishJob(id: $id) { job { status } } }", id=job["id"]
    )
    assert codes(again) == ["invalid-state-transition"]
    rest = await client.get(f"/api/v1/jobs/{job['databaseId']}")
    assert rest.json()["status"] == "closed"
    assert rest.json()["title"] == "Principal Backend Engineer"


async def test_create_job_input_is_checked_by_the_rest_rules(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any], seeker: Account
) -> None:
    """Bad fields come back as validation-error naming each of them; a seeker may not post."""
    graphql = Callers(client)
    bad = job_input(
        company["slug"],
        title="",
        salary={"min": 9, "max": 1, "currency": "ZZZ"},
        locations=[{"name": "Berlin", "geonameId": 2950159}],
    )
    errors = await graphql(employer.headers).errors(CREATE_JOB, input=bad)
    assert codes(errors) == ["validation-error"]
    fields = {item["field"] for item in errors[0]["extensions"]["fields"]}
    assert "input.title" in fields
    assert "input.salary.currency" in fields
    assert "input.locations[0]" in fields
    refused = await graphql(seeker.headers).errors(CREATE_JOB, input=job_input(company["slug"]))
    assert codes(refused) == ["forbidden"]
    anonymous = await graphql().errors(CREATE_JOB, input=job_input(company["slug"]))
    assert codes(anonymous) == ["not-authenticated"]
    listed = await client.get(
        f"/api/v1/companies/{company['slug']}/jobs?status=draft", headers=employer.headers
    )
    assert listed.json()["items"] == []


async def test_an_idempotency_key_replays_the_first_creation(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """The same key and input answer the job created first; another input is refused."""
    graphql = Callers(client)(employer.headers)
    data = job_input(company["slug"])
    first = (await graphql(CREATE_JOB, input=data, key="job-key-1"))["createJob"]
    second = (await graphql(CREATE_JOB, input=data, key="job-key-1"))["createJob"]
    assert first["replayed"] is False
    assert second["replayed"] is True
    assert second["job"]["databaseId"] == first["job"]["databaseId"]
    reused = await graphql.errors(
        CREATE_JOB, input=job_input(company["slug"], title="Other"), key="job-key-1"
    )
    assert codes(reused) == ["idempotency-key-reused"]
    listed = await client.get(
        f"/api/v1/companies/{company['slug']}/jobs?status=draft", headers=employer.headers
    )
    assert len(listed.json()["items"]) == 1


async def test_a_seeker_saves_searches_and_jobs_and_applies(
    client: httpx.AsyncClient, seeker: Account, opening: dict[str, Any]
) -> None:
    """saveJob, unsaveJob, the saved-search mutations, apply and withdraw, read back
    through `me`."""
    graphql = Callers(client)(seeker.headers)
    saved = await graphql(
        "mutation($id: ID!) { saveJob(jobId: $id) { created savedJob { job { title } } } }",
        id=str(opening["id"]),
    )
    assert saved["saveJob"]["created"] is True
    create = """
    mutation($key: String) {
      createSavedSearch(input: {name: "Go jobs", search: {q: "backend", skills: ["golang"]},
                                frequency: "weekly"}, idempotencyKey: $key) {
        replayed savedSearch { id name frequency interpreted search }
      }
    }"""
    made = (await graphql(create, key="search-1"))["createSavedSearch"]
    replay = (await graphql(create, key="search-1"))["createSavedSearch"]
    assert replay["replayed"] is True
    assert replay["savedSearch"]["id"] == made["savedSearch"]["id"]
    assert made["savedSearch"]["search"]["skills"] == ["golang"]
    search_id = made["savedSearch"]["id"]
    renamed = await graphql(
        'mutation($id: ID!) { updateSavedSearch(id: $id, input: {name: "Go"}) '
        "{ savedSearch { name frequency } } }",
        id=search_id,
    )
    assert renamed["updateSavedSearch"]["savedSearch"] == {"name": "Go", "frequency": "weekly"}
    bad = await graphql.errors(
        'mutation($id: ID!) { updateSavedSearch(id: $id, input: {frequency: "hourly"}) '
        "{ savedSearch { name } } }",
        id=search_id,
    )
    assert codes(bad) == ["validation-error"]
    assert bad[0]["extensions"]["fields"][0]["field"] == "input.frequency"
    apply = """
    mutation($id: ID!) {
      apply(jobId: $id, input: {coverLetter: "I build payment APIs."}) {
        application { id status stage { key } job { title } coverLetter candidate { name } }
      }
    }"""
    applied = (await graphql(apply, id=str(opening["id"])))["apply"]["application"]
    assert applied["status"] == "open"
    assert applied["job"]["title"] == opening["title"]
    assert applied["candidate"] is None
    twice = await graphql.errors(apply, id=str(opening["id"]))
    assert codes(twice) == ["already-applied"]
    me = (
        await graphql(
            "{ me { profile { headline } savedJobs { edges { node { job { databaseId } } } } "
            "savedSearches { nodes { name } } applications { nodes { status job { title } } } "
            "notifications { unreadCount nodes { title } } recommendations(limit: 5) "
            "{ job { title } match { score } } } }"
        )
    )["me"]
    assert me["savedJobs"]["edges"][0]["node"]["job"]["databaseId"] == opening["id"]
    assert me["savedSearches"]["nodes"] == [{"name": "Go"}]
    assert me["applications"]["nodes"][0]["job"]["title"] == opening["title"]
    withdrawn = await graphql(
        'mutation($id: ID!) { withdrawApplication(id: $id, reason: "Took another offer") '
        "{ application { status } } }",
        id=applied["id"],
    )
    assert withdrawn["withdrawApplication"]["application"]["status"] == "closed"
    await graphql("mutation($id: ID!) { deleteSavedSearch(id: $id) { deletedId } }", id=search_id)
    await graphql(
        "mutation($id: ID!) { unsaveJob(jobId: $id) { deletedId } }", id=str(opening["id"])
    )
    after = (
        await graphql("{ me { savedJobs { nodes { savedAt } } savedSearches { nodes { name } } } }")
    )["me"]
    assert after == {"savedJobs": {"nodes": []}, "savedSearches": {"nodes": []}}


async def test_the_company_moves_applications_and_keeps_notes(
    client: httpx.AsyncClient, team: Team, seeker: Account, opening: dict[str, Any]
) -> None:
    """moveApplication with a message reaches the candidate; addNote stays the company's;
    a viewer may read applicants but not act."""
    graphql = Callers(client)
    applied = (
        await graphql(seeker.headers)(
            "mutation($id: ID!) { apply(jobId: $id) { application { id version } } }",
            id=str(opening["id"]),
        )
    )["apply"]["application"]
    recruiter = graphql(team.recruiter.headers)
    applicants = (
        await recruiter(
            "query($id: ID!) { job(id: $id) { applicants(sort: MATCH) { nodes { id "
            "candidate { userId } stage { key } } } } }",
            id=str(opening["id"]),
        )
    )["job"]["applicants"]["nodes"]
    assert [item["id"] for item in applicants] == [applied["id"]]
    assert applicants[0]["candidate"]["userId"] == seeker.id
    moved = (
        await recruiter(
            'mutation($id: ID!, $v: Int) { moveApplication(id: $id, to: "screening", '
            'message: "Let us talk", expectedVersion: $v) { application { stage { key } '
            "events { toStage message } } } }",
            id=applied["id"],
            v=applied["version"],
        )
    )["moveApplication"]["application"]
    assert moved["stage"]["key"] == "screening"
    assert moved["events"][-1]["message"] == "Let us talk"
    note = await recruiter(
        'mutation($id: ID!) { addNote(applicationId: $id, body: "Strong Go") { note { body } } }',
        id=applied["id"],
    )
    assert note["addNote"]["note"]["body"] == "Strong Go"
    viewer = graphql(team.viewer.headers)
    refused = await viewer.errors(
        'mutation($id: ID!) { addNote(applicationId: $id, body: "x") { note { body } } }',
        id=applied["id"],
    )
    assert codes(refused) == ["forbidden"]
    seen = (
        await graphql(seeker.headers)(
            "query($id: ID!) { application(id: $id) { stage { key } notes { body } "
            "events { message } } }",
            id=applied["id"],
        )
    )["application"]
    assert seen["stage"]["key"] == "screening"
    assert seen["notes"] is None
    assert "Let us talk" in [event["message"] for event in seen["events"]]
    company = (
        await graphql(team.viewer.headers)(
            "query($id: ID!) { application(id: $id) { notes { body } } }", id=applied["id"]
        )
    )["application"]
    assert company["notes"] == [{"body": "Strong Go"}]
