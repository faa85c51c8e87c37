"""Companies: creating, listing and editing them, and managing who belongs to them."""

from __future__ import annotations

import secrets
from typing import Any

import httpx
import pytest

from conftest import Account, AccountFactory, assert_problem, problem_fields, sign_in


async def _create_company(
    client: httpx.AsyncClient, owner: Account, **fields: Any
) -> dict[str, Any]:
    body = {"name": f"Company {secrets.token_hex(3)}", **fields}
    response = await client.post("/api/v1/companies", json=body, headers=owner.headers)
    assert response.status_code == 201, response.text
    company: dict[str, Any] = response.json()
    return company


async def _add_member(
    client: httpx.AsyncClient, company: dict[str, Any], owner: Account, member: Account, role: str
) -> httpx.Response:
    return await client.post(
        f"/api/v1/companies/{company['slug']}/members",
        json={"email": member.email, "role": role},
        headers=owner.headers,
    )


async def _member(
    client: httpx.AsyncClient,
    accounts: AccountFactory,
    company: dict[str, Any],
    owner: Account,
    role: str,
) -> Account:
    account = await accounts("employer")
    response = await _add_member(client, company, owner, account, role)
    assert response.status_code == 201, response.text
    return account


async def _members(
    client: httpx.AsyncClient, company: dict[str, Any], caller: Account
) -> dict[int, str]:
    response = await client.get(
        f"/api/v1/companies/{company['slug']}/members", headers=caller.headers
    )
    assert response.status_code == 200, response.text
    return {member["user_id"]: member["role"] for member in response.json()}


# Creating


async def test_employer_creates_a_company_and_becomes_its_owner(
    client: httpx.AsyncClient, employer: Account
) -> None:
    """Creating a company derives its slug from the name and makes the creator its owner."""
    suffix = secrets.token_hex(3)
    response = await client.post(
        "/api/v1/companies",
        json={"name": f"Zürich Labs! {suffix}", "headquarters": "Berlin", "size": "1-49"},
        headers=employer.headers,
    )
    assert response.status_code == 201, response.text
    company = response.json()
    assert company["slug"] == f"zurich-labs-{suffix}"
    assert company["name"] == f"Zürich Labs! {suffix}"
    assert company["headquarters"]["city"] == "Berlin"
    assert company["headquarters"]["country_code"] == "DE"
    assert company["open_jobs"] == 0
    assert response.headers["location"] == f"/api/v1/companies/{company['slug']}"
    etag = response.headers["etag"]
    read = await client.get(response.headers["location"])
    assert read.status_code == 200
    assert read.headers["etag"] == etag
    assert read.json() == company
    assert await _members(client, company, employer) == {employer.id: "owner"}


async def test_an_explicit_slug_is_used(client: httpx.AsyncClient, employer: Account) -> None:
    """A company created with a slug keeps exactly that slug."""
    slug = f"handmade-{secrets.token_hex(3)}"
    company = await _create_company(client, employer, slug=slug)
    assert company["slug"] == slug


async def test_a_seeker_cannot_create_a_company(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """A job seeker's token lacks companies:write: 403 with a problem body."""
    seeker = await accounts("seeker")
    response = await client.post(
        "/api/v1/companies", json={"name": "Seeker Inc"}, headers=seeker.headers
    )
    problem = assert_problem(response, 403, "/problems/forbidden")
    assert "companies:write" in problem["detail"]


async def test_anonymous_callers_cannot_create_a_company(client: httpx.AsyncClient) -> None:
    """Without a token, creating a company is 401 with a Bearer challenge."""
    response = await client.post("/api/v1/companies", json={"name": "Nobody Inc"})
    assert_problem(response, 401, "/problems/not-authenticated")
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_a_taken_slug_is_a_conflict(client: httpx.AsyncClient, employer: Account) -> None:
    """A second company with the same slug, explicit or derived, is 409 company-slug-taken."""
    name = f"Twin Corp {secrets.token_hex(3)}"
    first = await _create_company(client, employer, name=name)
    derived = await client.post("/api/v1/companies", json={"name": name}, headers=employer.headers)
    assert_problem(derived, 409, "/problems/company-slug-taken")
    explicit = await client.post(
        "/api/v1/companies",
        json={"name": "Another name", "slug": first["slug"]},
        headers=employer.headers,
    )
    assert_problem(explicit, 409, "/problems/company-slug-taken")


async def test_an_unknown_headquarters_is_refused(
    client: httpx.AsyncClient, employer: Account
) -> None:
    """A headquarters no city matches is 422 naming body.headquarters, and nothing is created."""
    slug = f"nowhere-{secrets.token_hex(3)}"
    response = await client.post(
        "/api/v1/companies",
        json={"name": "Nowhere Ltd", "slug": slug, "headquarters": "Qwxzzyville Atlantis"},
        headers=employer.headers,
    )
    problem = assert_problem(response, 422, "/problems/validation-error")
    assert problem_fields(problem) == ["body.headquarters"]
    assert (await client.get(f"/api/v1/companies/{slug}")).status_code == 404


async def test_invalid_company_fields_are_named(
    client: httpx.AsyncClient, employer: Account
) -> None:
    """Bad slug, size, year and unknown fields are one 422 naming each of them."""
    response = await client.post(
        "/api/v1/companies",
        json={
            "name": "Bad Fields",
            "slug": "Not A Slug",
            "size": "huge",
            "founded_year": 1200,
            "ceo": "me",
        },
        headers=employer.headers,
    )
    problem = assert_problem(response, 422, "/problems/validation-error")
    assert set(problem_fields(problem)) == {
        "body.slug",
        "body.size",
        "body.founded_year",
        "body.ceo",
    }


# Listing


async def test_list_walks_every_company_once_with_a_cursor(
    client: httpx.AsyncClient, employer: Account
) -> None:
    """Pages of two, ordered by slug, cover every company once and end with next_cursor null."""
    prefix = f"paged-{secrets.token_hex(3)}"
    slugs = sorted(
        [
            (await _create_company(client, employer, slug=f"{prefix}-{name}"))["slug"]
            for name in ("echo", "alpha", "delta", "bravo", "charlie")
        ]
    )
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        params = {"limit": 2, "prefix": prefix, **({"cursor": cursor} if cursor else {})}
        response = await client.get("/api/v1/companies", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        pages += 1
        assert len(page["items"]) <= 2
        seen.extend(item["slug"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
        assert pages < 10
    assert seen == slugs
    assert pages == 3


async def test_list_ends_without_a_cursor_when_everything_fits(
    client: httpx.AsyncClient, employer: Account
) -> None:
    """A page holding exactly the remaining companies has next_cursor null."""
    prefix = f"exact-{secrets.token_hex(3)}"
    for name in ("one", "two"):
        await _create_company(client, employer, slug=f"{prefix}-{name}")
    response = await client.get("/api/v1/companies", params={"limit": 2, "prefix": prefix})
    assert [item["slug"] for item in response.json()["items"]] == [
        f"{prefix}-one",
        f"{prefix}-two",
    ]
    assert response.json()["next_cursor"] is None


# Editing


async def test_owner_and_recruiter_can_edit_the_profile(
    client: httpx.AsyncClient,
    accounts: AccountFactory,
    employer: Account,
    company: dict[str, Any],
) -> None:
    """Owners and recruiters PATCH the profile; fields not sent keep their values."""
    recruiter = await _member(client, accounts, company, employer, "recruiter")
    by_owner = await client.patch(
        f"/api/v1/companies/{company['slug']}",
        json={"description": "We build things.", "industry": "Software"},
        headers=employer.headers,
    )
    assert by_owner.status_code == 200, by_owner.text
    assert by_owner.json()["description"] == "We build things."
    assert by_owner.json()["version"] == company["version"] + 1
    by_recruiter = await client.patch(
        f"/api/v1/companies/{company['slug']}",
        json={"headquarters": "Austin, TX", "website": "https://example.com/"},
        headers=recruiter.headers,
    )
    assert by_recruiter.status_code == 200, by_recruiter.text
    updated = by_recruiter.json()
    assert updated["headquarters"]["city"] == "Austin"
    assert updated["headquarters"]["country_code"] == "US"
    assert updated["website"] == "https://example.com/"
    assert updated["description"] == "We build things."
    assert updated["industry"] == "Software"
    assert updated["name"] == company["name"]
    assert updated["size"] == company["size"]


async def test_clearing_the_name_is_refused(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """PATCH name: null is a 422 naming body.name; the name stays."""
    response = await client.patch(
        f"/api/v1/companies/{company['slug']}", json={"name": None}, headers=employer.headers
    )
    problem = assert_problem(response, 422, "/problems/validation-error")
    assert problem_fields(problem) == ["body.name"]
    assert (await client.get(f"/api/v1/companies/{company['slug']}")).json()["name"] == company[
        "name"
    ]


async def test_a_viewer_cannot_edit_the_profile(
    client: httpx.AsyncClient,
    accounts: AccountFactory,
    employer: Account,
    company: dict[str, Any],
) -> None:
    """A viewer's PATCH is 403 and changes nothing."""
    viewer = await _member(client, accounts, company, employer, "viewer")
    response = await client.patch(
        f"/api/v1/companies/{company['slug']}",
        json={"description": "Hijacked"},
        headers=viewer.headers,
    )
    assert_problem(response, 403, "/problems/forbidden")
    assert (await client.get(f"/api/v1/companies/{company['slug']}")).json()["description"] == ""


async def test_a_member_of_another_company_cannot_edit_the_profile(
    client: httpx.AsyncClient, accounts: AccountFactory, company: dict[str, Any]
) -> None:
    """Owning one company gives no right over another: 403."""
    stranger = await accounts("employer")
    await _create_company(client, stranger)
    response = await client.patch(
        f"/api/v1/companies/{company['slug']}",
        json={"description": "Hijacked"},
        headers=stranger.headers,
    )
    assert_problem(response, 403, "/problems/forbidden")


async def test_anonymous_callers_cannot_edit_the_profile(
    client: httpx.AsyncClient, company: dict[str, Any]
) -> None:
    """An anonymous PATCH is 401."""
    response = await client.patch(
        f"/api/v1/companies/{company['slug']}", json={"description": "Hijacked"}
    )
    assert_problem(response, 401, "/problems/not-authenticated")


async def test_unknown_company_is_not_found(client: httpx.AsyncClient) -> None:
    """GET of a slug nobody uses is a 404 problem."""
    response = await client.get(f"/api/v1/companies/missing-{secrets.token_hex(3)}")
    assert_problem(response, 404, "/problems/not-found")


async def test_if_match_guards_edits(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """PATCH with the current ETag succeeds; with an older one it is 412 and changes nothing."""
    path = f"/api/v1/companies/{company['slug']}"
    first_etag = (await client.get(path)).headers["etag"]
    current = await client.patch(
        path,
        json={"description": "First"},
        headers={**employer.headers, "If-Match": first_etag},
    )
    assert current.status_code == 200, current.text
    second_etag = current.headers["etag"]
    assert second_etag != first_etag
    stale = await client.patch(
        path,
        json={"description": "Second"},
        headers={**employer.headers, "If-Match": first_etag},
    )
    problem = assert_problem(stale, 412, "/problems/precondition-failed")
    assert problem["current_etag"] == second_etag
    assert (await client.get(path)).json()["description"] == "First"


async def test_if_none_match_answers_not_modified(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """GET with the current ETag in If-None-Match is 304; after a change it is 200 again."""
    path = f"/api/v1/companies/{company['slug']}"
    etag = (await client.get(path)).headers["etag"]
    cached = await client.get(path, headers={"If-None-Match": etag})
    assert cached.status_code == 304
    assert cached.headers["etag"] == etag
    assert cached.content == b""
    await client.patch(path, json={"industry": "Robots"}, headers=employer.headers)
    fresh = await client.get(path, headers={"If-None-Match": etag})
    assert fresh.status_code == 200
    assert fresh.json()["industry"] == "Robots"
    assert fresh.headers["etag"] != etag


# Members


async def test_owner_adds_a_member_by_email(
    client: httpx.AsyncClient,
    accounts: AccountFactory,
    employer: Account,
    company: dict[str, Any],
) -> None:
    """An owner adds a registered user by e-mail with a role: 201 and the member is listed."""
    colleague = await accounts("employer")
    response = await _add_member(client, company, employer, colleague, "recruiter")
    assert response.status_code == 201, response.text
    assert response.json()["user_id"] == colleague.id
    assert response.json()["email"] == colleague.email
    assert response.json()["role"] == "recruiter"
    assert await _members(client, company, colleague) == {
        employer.id: "owner",
        colleague.id: "recruiter",
    }
    again = await _add_member(client, company, employer, colleague, "viewer")
    assert_problem(again, 409, "/problems/conflict")


async def test_adding_a_seeker_makes_them_an_employer(
    client: httpx.AsyncClient,
    accounts: AccountFactory,
    employer: Account,
    company: dict[str, Any],
) -> None:
    """A job seeker added to a company becomes an employer and, once signed in again, edits."""
    seeker = await accounts("seeker")
    response = await _add_member(client, company, employer, seeker, "recruiter")
    assert response.status_code == 201, response.text
    headers = await sign_in(client, seeker.email)
    me = await client.get("/api/v1/me", headers=headers)
    assert me.json()["role"] == "employer"
    assert me.json()["memberships"] == [
        {"company_slug": company["slug"], "company_name": company["name"], "role": "recruiter"}
    ]
    edit = await client.patch(
        f"/api/v1/companies/{company['slug']}", json={"industry": "Retail"}, headers=headers
    )
    assert edit.status_code == 200, edit.text


async def test_adding_an_unknown_email_is_not_found(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """Adding an e-mail no account uses is a 404 problem."""
    response = await client.post(
        f"/api/v1/companies/{company['slug']}/members",
        json={"email": f"ghost-{secrets.token_hex(4)}@example.com", "role": "viewer"},
        headers=employer.headers,
    )
    assert_problem(response, 404, "/problems/not-found")
    assert await _members(client, company, employer) == {employer.id: "owner"}


@pytest.mark.parametrize("role", ["viewer", "recruiter"])
async def test_only_owners_add_members(
    client: httpx.AsyncClient,
    accounts: AccountFactory,
    employer: Account,
    company: dict[str, Any],
    role: str,
) -> None:
    """Viewers and recruiters cannot add members: 403."""
    member = await _member(client, accounts, company, employer, role)
    newcomer = await accounts("employer")
    response = await _add_member(client, company, member, newcomer, "owner")
    assert_problem(response, 403, "/problems/forbidden")
    assert newcomer.id not in await _members(client, company, employer)


async def test_owner_changes_a_member_role(
    client: httpx.AsyncClient,
    accounts: AccountFactory,
    employer: Account,
    company: dict[str, Any],
) -> None:
    """An owner changes a viewer into a recruiter, who may then edit the profile."""
    member = await _member(client, accounts, company, employer, "viewer")
    path = f"/api/v1/companies/{company['slug']}"
    assert (
        await client.patch(path, json={"industry": "Games"}, headers=member.headers)
    ).status_code == 403
    response = await client.patch(
        f"{path}/members/{member.id}", json={"role": "recruiter"}, headers=employer.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["role"] == "recruiter"
    assert (await _members(client, company, employer))[member.id] == "recruiter"
    edit = await client.patch(path, json={"industry": "Games"}, headers=member.headers)
    assert edit.status_code == 200, edit.text


async def test_changing_the_role_of_a_non_member_is_not_found(
    client: httpx.AsyncClient,
    accounts: AccountFactory,
    employer: Account,
    company: dict[str, Any],
) -> None:
    """Changing the role of someone outside the company is a 404 problem."""
    outsider = await accounts("employer")
    response = await client.patch(
        f"/api/v1/companies/{company['slug']}/members/{outsider.id}",
        json={"role": "viewer"},
        headers=employer.headers,
    )
    assert_problem(response, 404, "/problems/not-found")


async def test_the_last_owner_cannot_be_demoted_or_removed(
    client: httpx.AsyncClient, employer: Account, company: dict[str, Any]
) -> None:
    """The only owner stepping down or being removed is 409 last-owner."""
    path = f"/api/v1/companies/{company['slug']}/members/{employer.id}"
    demote = await client.patch(path, json={"role": "viewer"}, headers=employer.headers)
    assert_problem(demote, 409, "/problems/last-owner")
    remove = await client.delete(path, headers=employer.headers)
    assert_problem(remove, 409, "/problems/last-owner")
    assert await _members(client, company, employer) == {employer.id: "owner"}


async def test_an_owner_can_step_down_once_another_owner_exists(
    client: httpx.AsyncClient,
    accounts: AccountFactory,
    employer: Account,
    company: dict[str, Any],
) -> None:
    """With a second owner, the first may leave; then the second is the last owner."""
    second = await _member(client, accounts, company, employer, "owner")
    path = f"/api/v1/companies/{company['slug']}/members"
    removed = await client.delete(f"{path}/{employer.id}", headers=employer.headers)
    assert removed.status_code == 204
    assert await _members(client, company, second) == {second.id: "owner"}
    demote = await client.patch(
        f"{path}/{second.id}", json={"role": "viewer"}, headers=second.headers
    )
    assert_problem(demote, 409, "/problems/last-owner")


async def test_non_members_cannot_list_members(
    client: httpx.AsyncClient, accounts: AccountFactory, company: dict[str, Any]
) -> None:
    """Only members list the members: others get 403, anonymous callers 401."""
    stranger = await accounts("employer")
    path = f"/api/v1/companies/{company['slug']}/members"
    assert_problem(await client.get(path, headers=stranger.headers), 403, "/problems/forbidden")
    assert_problem(await client.get(path), 401, "/problems/not-authenticated")


async def test_a_viewer_can_list_members(
    client: httpx.AsyncClient,
    accounts: AccountFactory,
    employer: Account,
    company: dict[str, Any],
) -> None:
    """Every member, viewers included, can see who belongs to the company."""
    viewer = await _member(client, accounts, company, employer, "viewer")
    assert await _members(client, company, viewer) == {employer.id: "owner", viewer.id: "viewer"}
