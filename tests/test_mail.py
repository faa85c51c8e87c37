"""The mail module: .eml files by default, SMTP URLs parsed into their parts."""

from __future__ import annotations

import email
from pathlib import Path

import pytest

from jobboard.config import Settings
from jobboard.mail import (
    FileMailer,
    OutgoingMail,
    SmtpMailer,
    SmtpTarget,
    compose,
    mailer_from_settings,
)


async def test_the_embedded_default_writes_eml_files(tmp_path: Path) -> None:
    """Without JOBBOARD_SMTP_URL each message lands as an .eml file under data_dir/mail."""
    mailer = mailer_from_settings(Settings(data_dir=tmp_path))
    assert isinstance(mailer, FileMailer)
    await mailer.send(
        OutgoingMail(to="ada@example.com", subject="Hi", text="plain", html="<p>rich</p>")
    )
    [written] = list((tmp_path / "mail").glob("*.eml"))
    message = email.message_from_bytes(written.read_bytes())
    assert message["To"] == "ada@example.com"
    assert message["Subject"] == "Hi"
    assert message["Message-ID"]
    assert message.is_multipart()
    assert [part.get_content_type() for part in message.get_payload()] == [
        "text/plain",
        "text/html",
    ]


def test_list_headers_keep_their_url_whole_and_refuse_line_breaks() -> None:
    """A List-Unsubscribe URL longer than a folded line stays one readable URL (not RFC 2047
    encoded words); a header value with a line break is refused (no header injection)."""
    url = "<https://jobs.a-long-company-name.example.com/unsubscribe/123456.D5lLFbXpl-m9inty>"
    mail = OutgoingMail(
        to="ada@example.com",
        subject="Alerts",
        text="plain",
        headers={"List-Unsubscribe": url, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    data = bytes(compose(mail, sender="Jobboard <jobs@example.com>"))
    assert f"\nList-Unsubscribe: {url}\n".encode() in data
    message = email.message_from_bytes(data)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    injected = OutgoingMail(
        to="ada@example.com", subject="x", text="y", headers={"List-Unsubscribe": "<a>\nBcc: b@c"}
    )
    with pytest.raises(ValueError, match="linefeed"):
        compose(injected, sender="jobs@example.com")


def test_an_smtp_url_selects_smtp() -> None:
    """JOBBOARD_SMTP_URL switches to SMTP; user, password, port and TLS come from the URL."""
    mailer = mailer_from_settings(
        Settings(smtp_url="smtp://mailer:p%40ss@mail.example:587?starttls=true")
    )
    assert isinstance(mailer, SmtpMailer)
    assert mailer.target == SmtpTarget(
        host="mail.example",
        port=587,
        implicit_tls=False,
        starttls=True,
        username="mailer",
        password="p@ss",
    )
    assert SmtpTarget.parse("smtps://mail.example").port == 465
    assert SmtpTarget.parse("smtp://mail.example").port == 25


@pytest.mark.parametrize("url", ["http://mail.example", "smtp://", "mail.example:25"])
def test_a_bad_smtp_url_is_refused(url: str) -> None:
    """Only smtp:// and smtps:// URLs with a host are accepted."""
    with pytest.raises(ValueError, match="smtp"):
        SmtpTarget.parse(url)
