"""The account pages a person uses in a browser: signing up, the e-mailed confirmation and
reset links, changing the password, signing out everywhere and resending the confirmation,
with the errors each form shows and the sessions each change ends or keeps."""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select

from conftest import PASSWORD, AccountFactory, sign_in
from jobboard.cache import MemoryCache
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.main import create_app
from jobboard.models import User
from support_mail import Inbox, text_of
from support_queue import run_queued
from support_web import another_browser, csrf_of, origin, submit, web_sign_in

NEW_PASSWORD = "a brand new passphrase 2"


def _email() -> str:
    return f"page-{secrets.token_hex(4)}@example.com"


def _sign_up_form(email: str, **changes: str) -> dict[str, str]:
    return {
        "display_name": "Ada Lovelace",
        "email": email,
        "password": PASSWORD,
        "role": "seeker",
        **changes,
    }


async def _mail_to(database: Database, inbox: Inbox, address: str) -> list[str]:
    """Run the queued tasks (mail.send among them); the bodies that reached ``address``."""
    ran = await run_queued(database)
    assert ran.failures == []
    return [text_of(message) for message in inbox.to(address)]


def _link(body: str, path: str) -> str:
    """The path and query of the link to ``path`` in a mail, as a browser opens it."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path)}\?token=\S+)", body)
    assert match is not None, body
    return match.group(1)


async def _signed_in(browser: httpx.AsyncClient) -> bool:
    """Whether the browser's session still stands: a page for signed-in people opens."""
    response = await browser.get("/account/security")
    if response.status_code == 303:
        assert response.headers["location"].startswith("/account/signin?next=")
        return False
    assert response.status_code == 200, response.text
    return True


async def _me(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = await client.get("/api/v1/me", headers=await sign_in(client, email, password))
    assert response.status_code == 200, response.text
    body: dict[str, str] = response.json()
    return body


async def _user_count(database: Database, email: str) -> int:
    async with database.sessionmaker() as session:
        found = await session.scalar(
            select(func.count()).select_from(User).where(User.email == email.lower())
        )
    return int(found or 0)


# Signing up ----------------------------------------------------------------------------------


async def test_signing_up_signs_in_and_the_emailed_link_confirms_the_address(
    inbox: Inbox, client: httpx.AsyncClient, database: Database
) -> None:
    """The sign-up form creates a seeker, signs this browser in and goes to `next`; the
    link in the verification e-mail confirms the address once."""
    email = _email()
    browser = another_browser(client)
    form = await browser.get("/account/signup?next=/jobs%3Fq%3Dgo")
    assert form.status_code == 200
    assert 'autocomplete="new-password"' in form.text
    assert "at least 12 characters" in form.text
    response = await submit(
        browser,
        "/account/signup",
        "/account/signup",
        {**_sign_up_form(email), "next": "/jobs?q=go"},
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/jobs?q=go"
    home = await browser.get("/")
    assert "Welcome! We sent you an e-mail" in home.text
    assert "Sign out" in home.text
    me = await _me(client, email)
    assert me["role"] == "seeker"
    assert me["display_name"] == "Ada Lovelace"
    assert me["email_verified"] is False

    [body] = await _mail_to(database, inbox, email)
    link = _link(body, "/account/verify-email")
    confirmed = await browser.get(link)
    assert confirmed.status_code == 303
    assert confirmed.headers["location"] == "/"
    assert "Your e-mail address is confirmed." in (await browser.get("/")).text
    assert (await _me(client, email))["email_verified"] is True

    again = await browser.get(link)
    assert again.status_code == 422
    assert "This confirmation link does not work" in again.text
    assert "is confirmed already" in again.text
    assert "/account/verify-email/resend" not in again.text


async def test_signing_up_as_an_employer(client: httpx.AsyncClient) -> None:
    """Choosing "I am hiring" makes an employer account; the role can be chosen in the
    address of the form, as a "post a job" link does."""
    email = _email()
    browser = another_browser(client)
    form = await browser.get("/account/signup?role=employer")
    assert re.search(r'value="employer" checked', form.text)
    assert not re.search(r'value="seeker" checked', form.text)
    response = await submit(
        browser, "/account/signup", "/account/signup", _sign_up_form(email, role="employer")
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert (await _me(client, email))["role"] == "employer"
    security = await browser.get("/account/security")
    assert "an employer&#39;s account" in security.text


async def test_a_taken_address_is_refused_and_the_form_keeps_its_values(
    client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """An address in use (in any case) is an error on the e-mail field; the name and address
    stay filled in, the password is never sent back, and nobody is signed in."""
    taken = await accounts()
    browser = another_browser(client)
    secret = "my secret passphrase 77"
    response = await submit(
        browser,
        "/account/signup",
        "/account/signup",
        _sign_up_form(taken.email.upper(), password=secret, display_name="Grace <Hopper>"),
    )
    assert response.status_code == 409
    assert "There is a problem" in response.text
    assert '<a href="#email">An account already uses this e-mail address' in response.text
    assert 'id="email-error"' in response.text
    assert re.search(r'id="email"[^>]*aria-invalid="true"', response.text)
    assert re.search(r'id="email"[^>]*aria-describedby="email-hint email-error"', response.text)
    assert f'value="{taken.email.upper()}"' in response.text
    assert 'value="Grace &lt;Hopper&gt;"' in response.text
    assert secret not in response.text
    assert "jb_session" not in browser.cookies
    assert await _user_count(database, taken.email) == 1


async def test_a_weak_password_is_refused_with_the_policy_reasons(
    client: httpx.AsyncClient, database: Database
) -> None:
    """The password policy's reasons appear on the password field; no account is made."""
    email = _email()
    browser = another_browser(client)
    response = await submit(
        browser, "/account/signup", "/account/signup", _sign_up_form(email, password="qwerty123")
    )
    assert response.status_code == 422
    assert '<a href="#password">Choose another password' in response.text
    assert "must have at least 12 characters" in response.text
    assert "is a common password" in response.text
    assert re.search(r'id="password"[^>]*aria-invalid="true"', response.text)
    assert "qwerty123" not in response.text
    assert f'value="{email}"' in response.text
    assert await _user_count(database, email) == 0


async def test_missing_and_malformed_fields_are_listed_in_form_order(
    client: httpx.AsyncClient,
) -> None:
    """Every missing field gets its own message, in the order of the form, each linked to
    its field; a malformed address and an unknown role are refused too."""
    browser = another_browser(client)
    empty = await submit(
        browser,
        "/account/signup",
        "/account/signup",
        {"display_name": " ", "email": "", "password": "", "role": "seeker"},
    )
    assert empty.status_code == 422
    assert re.findall(r'<li><a href="#([a-z_]+)">', empty.text) == [
        "display_name",
        "email",
        "password",
    ]
    assert "Enter your name" in empty.text
    assert "Enter your e-mail address" in empty.text
    assert "Enter a password" in empty.text
    malformed = await submit(
        browser,
        "/account/signup",
        "/account/signup",
        _sign_up_form("not-an-address", role="admin"),
    )
    assert malformed.status_code == 422
    assert re.findall(r'<li><a href="#([a-z_]+)">', malformed.text) == ["email", "role"]
    assert "in the correct format, like name@example.com" in malformed.text
    assert "Choose whether you are looking for a job or hiring" in malformed.text
    assert "jb_session" not in browser.cookies


async def test_signed_in_people_skip_the_sign_up_form(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    seeker = await accounts()
    browser = another_browser(client)
    await web_sign_in(browser, seeker.email)
    response = await browser.get("/account/signup?next=/jobs")
    assert response.status_code == 303
    assert response.headers["location"] == "/jobs"


@pytest.fixture
async def strict_client(database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """An app whose sign-up and reset budgets are tiny."""
    settings = get_settings().model_copy(
        update={
            "rate_limits": {
                "register": "1/hour",
                "password_reset": "10/hour",
                "password_reset_account": "1/hour",
            }
        }
    )
    app = create_app(settings, database, MemoryCache())
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield client


async def test_signing_up_is_rate_limited_per_address(
    strict_client: httpx.AsyncClient, database: Database
) -> None:
    """The page spends the API's `register` budget of the client address: once spent, the
    form says when to come back (429, Retry-After) and creates nothing."""
    browser = another_browser(strict_client)
    first = await submit(browser, "/account/signup", "/account/signup", _sign_up_form(_email()))
    assert first.status_code == 303
    other = another_browser(strict_client)
    email = _email()
    refused = await submit(other, "/account/signup", "/account/signup", _sign_up_form(email))
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert "tried to create accounts from this network too often; try again in" in refused.text
    assert await _user_count(database, email) == 0


# Confirming the address ----------------------------------------------------------------------


async def test_a_bad_confirmation_link_offers_a_new_one(
    inbox: Inbox, client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """A mangled link explains itself; signed in, the page's button sends a new link that
    works; signed out, it asks to sign in first."""
    seeker = await accounts()
    anonymous = another_browser(client)
    page = await anonymous.get("/account/verify-email?token=not.a-token")
    assert page.status_code == 422
    assert "/account/signin?next=/account/security" in page.text
    assert "/account/verify-email/resend" not in page.text
    assert (await anonymous.get("/account/verify-email")).status_code == 422

    browser = another_browser(client)
    await web_sign_in(browser, seeker.email)
    await _mail_to(database, inbox, seeker.email)
    bad = "/account/verify-email?token=not.a-token"
    page = await browser.get(bad)
    assert page.status_code == 422
    assert 'action="/account/verify-email/resend"' in page.text
    resent = await browser.post(
        "/account/verify-email/resend",
        data={"csrf_token": csrf_of(page.text), "next": "/account/security"},
        headers={"Origin": origin(browser)},
    )
    assert resent.status_code == 303
    assert resent.headers["location"] == "/account/security"
    assert "A new confirmation e-mail is on its way." in (await browser.get("/")).text
    bodies = await _mail_to(database, inbox, seeker.email)
    assert len(bodies) == 2
    assert (await browser.get(_link(bodies[-1], "/account/verify-email"))).status_code == 303
    assert (await _me(client, seeker.email))["email_verified"] is True


async def test_resending_the_confirmation_is_rate_limited(
    inbox: Inbox, client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """Three new e-mails an hour, as through the API; the fourth request shows the security
    page with the error on the button, and sends nothing."""
    seeker = await accounts()
    browser = another_browser(client)
    await web_sign_in(browser, seeker.email)
    security = await browser.get("/account/security")
    assert "Not confirmed" in security.text
    for _ in range(3):
        resent = await submit(browser, "/account/security", "/account/verify-email/resend")
        assert resent.status_code == 303
        assert resent.headers["location"] == "/account/security"
    refused = await submit(browser, "/account/security", "/account/verify-email/resend")
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert '<a href="#resend">You have asked for confirmation e-mails too often' in refused.text
    assert 'aria-describedby="resend-error"' in refused.text
    assert len(await _mail_to(database, inbox, seeker.email)) == 1 + 3


async def test_resending_after_confirming_sends_nothing(
    inbox: Inbox, client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    seeker = await accounts()
    browser = another_browser(client)
    await web_sign_in(browser, seeker.email)
    [body] = await _mail_to(database, inbox, seeker.email)
    assert (await browser.get(_link(body, "/account/verify-email"))).status_code == 303
    security = await browser.get("/account/security")
    assert "Confirmed" in security.text
    assert "/account/verify-email/resend" not in security.text
    token = csrf_of(security.text)
    resent = await browser.post(
        "/account/verify-email/resend",
        data={"csrf_token": token},
        headers={"Origin": origin(browser)},
    )
    assert resent.status_code == 303
    assert len(await _mail_to(database, inbox, seeker.email)) == 1


# A forgotten password ------------------------------------------------------------------------


async def test_a_reset_link_sets_a_new_password_and_ends_every_session(
    inbox: Inbox, client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """Forgot → the e-mailed link → a new password: the old one stops working, the new one
    works, another browser's session ends, and the link works once."""
    seeker = await accounts()
    other_browser = another_browser(client)
    await web_sign_in(other_browser, seeker.email)
    await _mail_to(database, inbox, seeker.email)
    browser = another_browser(client)
    asked = await submit(
        browser, "/account/forgot-password", "/account/forgot-password", {"email": seeker.email}
    )
    assert asked.status_code == 303
    assert asked.headers["location"] == "/account/signin"
    assert "a link to reset its password is on its way" in (await browser.get("/")).text
    verification, body = await _mail_to(database, inbox, seeker.email)
    assert "/account/verify-email?token=" in verification
    link = _link(body, "/account/reset-password")

    form = await browser.get(link)
    assert form.status_code == 200
    assert seeker.email in form.text
    assert 'autocomplete="new-password"' in form.text
    mismatch = await submit(
        browser,
        link,
        "/account/reset-password",
        {"token": _token(link), "password": NEW_PASSWORD, "password_confirm": "something else"},
    )
    assert mismatch.status_code == 422
    assert '<a href="#password_confirm">The two passwords are not the same' in mismatch.text
    assert NEW_PASSWORD not in mismatch.text
    weak = await submit(
        browser,
        link,
        "/account/reset-password",
        {"token": _token(link), "password": "password1234", "password_confirm": "password1234"},
    )
    assert weak.status_code == 422
    assert "is a common password" in weak.text
    done = await submit(
        browser,
        link,
        "/account/reset-password",
        {"token": _token(link), "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/account/signin"
    assert "Your password is changed" in (await browser.get("/account/signin")).text

    assert not await _signed_in(other_browser)
    assert (await client.get("/api/v1/me", headers=seeker.headers)).status_code == 401
    old = await submit(
        another_browser(client),
        "/account/signin",
        "/account/signin",
        {"email": seeker.email, "password": PASSWORD},
    )
    assert old.status_code == 400
    fresh = another_browser(client)
    await web_sign_in(fresh, seeker.email, NEW_PASSWORD)
    assert await _signed_in(fresh)
    used = await browser.get(link)
    assert used.status_code == 422
    assert "This reset link does not work" in used.text
    assert 'href="/account/forgot-password"' in used.text


def _token(link: str) -> str:
    return httpx.URL(link).params["token"]


async def test_asking_for_a_reset_answers_the_same_for_unknown_addresses(
    inbox: Inbox, client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """An address without an account gets the same redirect and message, and no mail; a
    malformed one is an error on the field."""
    seeker = await accounts()
    await _mail_to(database, inbox, seeker.email)
    before = len(inbox.messages)
    browser = another_browser(client)
    known = await submit(
        browser, "/account/forgot-password", "/account/forgot-password", {"email": seeker.email}
    )
    unknown = await submit(
        browser,
        "/account/forgot-password",
        "/account/forgot-password",
        {"email": "nobody-at-all@example.com"},
    )
    assert known.status_code == unknown.status_code == 303
    assert known.headers["location"] == unknown.headers["location"]
    assert await _mail_to(database, inbox, "nobody-at-all@example.com") == []
    assert len(inbox.messages) == before + 1
    malformed = await submit(
        browser, "/account/forgot-password", "/account/forgot-password", {"email": "nobody"}
    )
    assert malformed.status_code == 422
    assert '<a href="#email">Enter an e-mail address in the correct format' in malformed.text


async def test_reset_requests_are_rate_limited_per_address_asked_about(
    strict_client: httpx.AsyncClient,
) -> None:
    email = _email()
    browser = another_browser(strict_client)
    first = await submit(
        browser, "/account/forgot-password", "/account/forgot-password", {"email": email}
    )
    assert first.status_code == 303
    refused = await submit(
        browser, "/account/forgot-password", "/account/forgot-password", {"email": email.upper()}
    )
    assert refused.status_code == 429
    assert "You have asked for reset links too often" in refused.text
    other = await submit(
        browser, "/account/forgot-password", "/account/forgot-password", {"email": _email()}
    )
    assert other.status_code == 303


async def test_a_bad_reset_link_gets_a_page_that_offers_a_new_one(
    client: httpx.AsyncClient,
) -> None:
    """A mangled or missing token is explained before any password is asked for, and a
    form posted with one changes nothing."""
    for address in ("/account/reset-password?token=not.a-token", "/account/reset-password"):
        page = await client.get(address)
        assert page.status_code == 422
        assert "This reset link does not work" in page.text
        assert 'href="/account/forgot-password"' in page.text
        assert 'name="password"' not in page.text
    posted = await submit(
        client,
        "/account/forgot-password",
        "/account/reset-password",
        {"token": "not.a-token", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    assert posted.status_code == 422
    assert "This reset link does not work" in posted.text


# Changing the password and signing out everywhere --------------------------------------------


async def test_changing_the_password_keeps_only_this_browser_signed_in(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """A wrong current password or a weak new one is an error on its field; a good change
    keeps this browser signed in (a new session) and ends every other session and token."""
    seeker = await accounts()
    browser, other_browser = another_browser(client), another_browser(client)
    await web_sign_in(browser, seeker.email)
    await web_sign_in(other_browser, seeker.email)
    form = await browser.get("/account/password")
    assert 'autocomplete="current-password"' in form.text
    assert 'autocomplete="new-password"' in form.text
    wrong = await submit(
        browser,
        "/account/password",
        "/account/password",
        {"current_password": "not my password at all", "new_password": NEW_PASSWORD},
    )
    assert wrong.status_code == 422
    assert '<a href="#current_password">The current password is wrong.' in wrong.text
    weak = await submit(
        browser,
        "/account/password",
        "/account/password",
        {"current_password": PASSWORD, "new_password": seeker.email + "1"},
    )
    assert weak.status_code == 422
    assert '<a href="#new_password">Choose another password' in weak.text
    assert "contains the e-mail address" in weak.text
    assert await _signed_in(other_browser)

    old_cookie = browser.cookies.get("jb_session")
    changed = await submit(
        browser,
        "/account/password",
        "/account/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 303
    assert changed.headers["location"] == "/account/security"
    assert browser.cookies.get("jb_session") not in (None, old_cookie)
    security = await browser.get("/account/security")
    assert security.status_code == 200
    assert "Your password is changed. You stay signed in here" in security.text
    assert not await _signed_in(other_browser)
    assert (await client.get("/api/v1/me", headers=seeker.headers)).status_code == 401
    await _me(client, seeker.email, NEW_PASSWORD)
    thief = another_browser(client)
    assert old_cookie is not None
    thief.cookies.set("jb_session", old_cookie)
    assert not await _signed_in(thief)


async def test_signing_out_everywhere_ends_every_session(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """The button on the security page ends this browser's session, every other one, and
    the account's API tokens."""
    seeker = await accounts()
    browser, other_browser = another_browser(client), another_browser(client)
    await web_sign_in(browser, seeker.email)
    await web_sign_in(other_browser, seeker.email)
    response = await submit(browser, "/account/security", "/account/signout-everywhere")
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    home = await browser.get("/")
    assert "You are signed out on every device." in home.text
    assert "Sign out" not in home.text
    assert not await _signed_in(browser)
    assert not await _signed_in(other_browser)
    assert (await client.get("/api/v1/me", headers=seeker.headers)).status_code == 401
    await web_sign_in(browser, seeker.email)
    assert await _signed_in(browser)


async def test_the_security_page_shows_the_account_and_its_actions(
    client: httpx.AsyncClient, accounts: AccountFactory
) -> None:
    """Signed-in only; it shows the address and its state, the links and buttons, and every
    form carries its token."""
    anonymous = await client.get("/account/security")
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/account/signin?next=/account/security"
    seeker = await accounts()
    browser = another_browser(client)
    await web_sign_in(browser, seeker.email)
    page = await browser.get("/account/security")
    assert seeker.email in page.text
    assert 'href="/account/password"' in page.text
    assert 'href="/me"' in page.text
    assert '<meta name="robots" content="noindex">' in page.text
    forms = re.findall(r'<form action="([^"]+)" method="post">(.*?)</form>', page.text, re.S)
    actions = [action for action, _ in forms]
    assert "/account/verify-email/resend" in actions
    assert "/account/signout-everywhere" in actions
    assert all('name="csrf_token"' in body for _, body in forms)
