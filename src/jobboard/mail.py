"""Outgoing e-mail for every feature: SMTP when JOBBOARD_SMTP_URL is set, .eml files otherwise.

Build an ``OutgoingMail`` and hand it to the app's mailer (``request.app.state.mailer``, the
``AppMailer`` dependency, or ``mailer_from_settings``)::

    await mailer.send(OutgoingMail(to="ada@example.com", subject="Hello", text="..."))

The embedded default writes each message to ``data_dir/mail/`` so that a laptop needs no mail
server and a developer can open what would have been sent.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Annotated, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from fastapi import Depends, Request

from jobboard.config import Settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OutgoingMail:
    to: str
    subject: str
    text: str
    html: str | None = None


def compose(mail: OutgoingMail, *, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].rstrip(">") or None)
    message.set_content(mail.text)
    if mail.html is not None:
        message.add_alternative(mail.html, subtype="html")
    return message


class Mailer(Protocol):
    async def send(self, mail: OutgoingMail) -> None: ...


class FileMailer:
    """Writes each message as an .eml file (the embedded default and a developer's outbox)."""

    def __init__(self, directory: Path, *, sender: str) -> None:
        self.directory = directory
        self.sender = sender

    async def send(self, mail: OutgoingMail) -> None:
        message = compose(mail, sender=self.sender)
        name = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}.eml"
        await asyncio.to_thread(self._write, self.directory / name, bytes(message))

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@dataclass(frozen=True, slots=True)
class SmtpTarget:
    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    username: str | None
    password: str | None

    @classmethod
    def parse(cls, url: str) -> SmtpTarget:
        """Read ``smtp://user:pass@host:587?starttls=true`` or ``smtps://host:465``."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError(f"{url!r} is not an smtp:// or smtps:// URL")
        query = parse_qs(parts.query)
        implicit_tls = parts.scheme == "smtps"
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if implicit_tls else 25),
            implicit_tls=implicit_tls,
            starttls=query.get("starttls", ["false"])[0].lower() in ("1", "true", "yes"),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )


class SmtpMailer:
    """Delivers through an SMTP server; the blocking client runs in a worker thread."""

    def __init__(self, url: str, *, sender: str, timeout: float = 10.0) -> None:
        self.target = SmtpTarget.parse(url)
        self.sender = sender
        self.timeout = timeout

    async def send(self, mail: OutgoingMail) -> None:
        await asyncio.to_thread(self._deliver, compose(mail, sender=self.sender))

    def _deliver(self, message: EmailMessage) -> None:
        target = self.target
        context = ssl.create_default_context()
        client: smtplib.SMTP
        if target.implicit_tls:
            client = smtplib.SMTP_SSL(
                target.host, target.port, timeout=self.timeout, context=context
            )
        else:
            client = smtplib.SMTP(target.host, target.port, timeout=self.timeout)
        with client:
            if target.starttls:
                client.starttls(context=context)
            if target.username is not None:
                client.login(target.username, target.password or "")
            client.send_message(message)


def mailer_from_settings(settings: Settings) -> Mailer:
    if settings.smtp_url:
        return SmtpMailer(settings.smtp_url, sender=settings.mail_from)
    return FileMailer(settings.data_dir / "mail", sender=settings.mail_from)


async def send_quietly(mailer: Mailer, mail: OutgoingMail) -> None:
    """Send after the response; a failure is logged, never shown to the caller."""
    try:
        await mailer.send(mail)
    except Exception:
        logger.exception("could not send %r to a recipient", mail.subject)


def get_mailer(request: Request) -> Mailer:
    mailer: Mailer = request.app.state.mailer
    return mailer


AppMailer = Annotated[Mailer, Depends(get_mailer)]
