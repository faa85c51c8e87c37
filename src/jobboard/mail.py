"""Outgoing e-mail for every feature: queued with the change, written and sent by a task.

Mail leaves the system one way. A feature registers how to write a kind of message from ids
(``@message("auth.email_verification")``), and queues one inside the transaction of the change
that causes it::

    await send_later(session, "auth.email_verification", user_id=user.id)

The ``mail.send`` task runs after the transaction commits (a rolled-back change sends
nothing), writes the message from what the database holds then (so no secret or personal
text sits in the queue, and an account erased meanwhile gets nothing), and hands it to the
mailer from the settings: SMTP when JOBBOARD_SMTP_URL is set, otherwise an .eml file under
``data_dir/mail/`` so that a laptop needs no mail server. A failed delivery is retried with
backoff. Delivery is at least once: a worker that dies right after sending sends again.
"""

from __future__ import annotations

import asyncio
import secrets
import smtplib
import ssl
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.config import Settings, get_settings
from jobboard.worker import RetryPolicy, TaskContext, defer, task


@dataclass(frozen=True, slots=True)
class OutgoingMail:
    to: str
    subject: str
    text: str
    html: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    """More header fields, such as ``List-Unsubscribe`` (RFC 2369) on alerts."""


# Headers that hold <URL> lists (RFC 2369): mail providers read the URL as it stands.
_URL_LIST_HEADERS = frozenset({"list-unsubscribe", "list-help", "list-subscribe"})


class _MailPolicy(EmailPolicy):
    """The standard policy, except that a URL-list header too long for one line is written
    on one line (up to RFC 5322's 998 characters) instead of as RFC 2047 encoded words,
    which no provider would take for a URL."""

    def fold(self, name: str, value: str) -> str:
        if name.lower() in _URL_LIST_HEADERS and str(value).isascii():
            return f"{name}: {value}{self.linesep}"
        folded: str = super().fold(name, value)
        return folded

    def fold_binary(self, name: str, value: str) -> bytes:
        if name.lower() in _URL_LIST_HEADERS and str(value).isascii():
            return f"{name}: {value}{self.linesep}".encode("ascii")
        folded: bytes = super().fold_binary(name, value)
        return folded


MAIL_POLICY = _MailPolicy()


def compose(mail: OutgoingMail, *, sender: str) -> EmailMessage:
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].rstrip(">") or None)
    for name, value in mail.headers.items():
        message[name] = value
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


# Writes one kind of message, at sending time, from a session, the settings and the ids it was
# queued with (keyword arguments); None when the message is no longer due.
Composer = Callable[..., Awaitable["OutgoingMail | None"]]


_composers: dict[str, Composer] = {}


def message(name: str) -> Callable[[Composer], Composer]:
    """Register a composer under a message name: ``@message("auth.password_reset")``."""

    def register(composer: Composer) -> Composer:
        if _composers.get(name, composer) is not composer:
            raise ValueError(f"message {name!r} is registered twice")
        _composers[name] = composer
        return composer

    return register


# 30 s doubling, capped at an hour: 8 tries span about two hours.
MAIL_RETRY = RetryPolicy(max_attempts=8, base_seconds=30, factor=2, max_seconds=3600)


@task("mail.send", retry=MAIL_RETRY)
async def send_mail(context: TaskContext, *, message: str, params: dict[str, Any]) -> None:
    """Write the message from the database as it is now and deliver it."""
    composer = _composers.get(message)
    if composer is None:
        raise LookupError(f"no message is registered as {message!r}")
    settings = get_settings()
    async with context.database.read_session() as session:
        mail = await composer(session, settings, **params)
    if mail is not None:
        await mailer_from_settings(settings).send(mail)


async def send_later(session: AsyncSession, message: str, **params: Any) -> None:
    """Queue a message in the session's transaction; it is sent only if that commits.

    ``params`` are plain JSON values (ids), handed to the message's composer.
    """
    if message not in _composers:
        raise LookupError(f"no message is registered as {message!r}")
    await defer(session, send_mail, message=message, params=params)
