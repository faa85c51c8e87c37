"""Token signing keys: stored encrypted in the database, rotated, published as a JWKS.

Every replica reads the same ``signing_key`` rows, so the database is the keys' one shared
home. Private halves are sealed with AES-256-GCM under the key-encryption key
(``JOBBOARD_KEY_ENCRYPTION_KEY[_FILE]``; development generates one under ``data_dir/keys``).

A rotation adds a key that activates after ``signing_key_activation_delay_seconds``, long
enough for every replica to have loaded it (they reload every
``signing_keys_refresh_seconds``), so no replica ever meets a token signed with a key it does
not know yet. The old key retires when the new one activates and stays published until every
token it signed has expired.
"""

from __future__ import annotations

import asyncio
import binascii
import hashlib
import os
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Select, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.config import Settings, SettingsError
from jobboard.db import Database
from jobboard.kit import base64url
from jobboard.kit.clock import as_utc, utcnow
from jobboard.models import SigningKeyRecord

ALGORITHM = "EdDSA"
# How far token lifetimes may be stretched by clock skew between replicas and verifiers.
LEEWAY_SECONDS = 30
# An unknown kid may mean a rotation this replica has not loaded yet; look again at most
# this often.
UNKNOWN_KID_RELOAD_SECONDS = 5


def generate_key_encryption_key() -> str:
    return base64url.encode(secrets.token_bytes(32))


def _decode_kek(text: str) -> bytes:
    try:
        raw = base64url.decode(text.strip())
    except (binascii.Error, ValueError) as error:
        raise SettingsError("the key-encryption key is not base64url") from error
    if len(raw) != 32:
        raise SettingsError("the key-encryption key must be 32 bytes (base64url, 43 characters)")
    return raw


def _development_kek_file(settings: Settings) -> Path:
    path = settings.data_dir / "keys" / "key-encryption-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path
        with os.fdopen(fd, "w") as handle:
            handle.write(generate_key_encryption_key())
    return path


def load_key_encryption_key(settings: Settings) -> bytes:
    if settings.key_encryption_key:
        return _decode_kek(settings.key_encryption_key)
    path = settings.key_encryption_key_file or _development_kek_file(settings)
    return _decode_kek(path.read_text())


def seal_secret(settings: Settings, plaintext: bytes, *, purpose: str) -> bytes:
    """Seal a secret the platform must use again (a feed's API key) under the key-encryption
    key; ``purpose`` binds it to its use, so a sealed value cannot be moved to another."""
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(load_key_encryption_key(settings)).encrypt(
        nonce, plaintext, purpose.encode()
    )


def open_secret(settings: Settings, sealed: bytes, *, purpose: str) -> bytes:
    """The secret ``seal_secret`` sealed for ``purpose``; SettingsError when the configured
    key-encryption key is not the one it was sealed with."""
    try:
        return AESGCM(load_key_encryption_key(settings)).decrypt(
            sealed[:12], sealed[12:], purpose.encode()
        )
    except InvalidTag as error:
        raise SettingsError(
            "a stored secret does not decrypt with the configured key-encryption key"
        ) from error


def thumbprint(public_key: Ed25519PublicKey) -> str:
    """RFC 7638 JWK thumbprint, used as the key id."""
    canonical = orjson.dumps(
        {"crv": "Ed25519", "kty": "OKP", "x": base64url.encode(_raw(public_key))}
    )
    return base64url.encode(hashlib.sha256(canonical).digest())


def _raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(
        encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw
    )


@dataclass(frozen=True, slots=True)
class SigningKey:
    kid: str
    private_key: Ed25519PrivateKey
    activates_at: datetime
    retired_at: datetime | None

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    def public_jwk(self) -> dict[str, Any]:
        return {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": base64url.encode(_raw(self.public_key)),
            "kid": self.kid,
            "use": "sig",
            "alg": ALGORITHM,
        }


def _seal(kek: bytes, kid: str, private_key: Ed25519PrivateKey) -> bytes:
    raw = private_key.private_bytes(
        encoding=serialization.Encoding.Raw,
        format=serialization.PrivateFormat.Raw,
        encryption_algorithm=serialization.NoEncryption(),
    )
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(kek).encrypt(nonce, raw, kid.encode())


def _open(kek: bytes, record: SigningKeyRecord) -> SigningKey:
    nonce, sealed = record.private_key_ciphertext[:12], record.private_key_ciphertext[12:]
    try:
        raw = AESGCM(kek).decrypt(nonce, sealed, record.kid.encode())
    except InvalidTag as error:
        raise SettingsError(
            f"signing key {record.kid} does not decrypt with the configured key-encryption "
            "key; JOBBOARD_KEY_ENCRYPTION_KEY must be the one the keys were made with"
        ) from error
    private_key = Ed25519PrivateKey.from_private_bytes(raw)
    return SigningKey(
        kid=record.kid,
        private_key=private_key,
        activates_at=as_utc(record.activates_at),
        retired_at=as_utc(record.retired_at) if record.retired_at else None,
    )


def verification_window(settings: Settings) -> timedelta:
    """How long after retiring a key still verifies: the longest token it signed, plus skew."""
    return timedelta(seconds=settings.access_token_ttl_seconds + LEEWAY_SECONDS)


def _live_records(now: datetime, settings: Settings) -> Select[SigningKeyRecord]:
    return select(SigningKeyRecord).where(
        (SigningKeyRecord.retired_at.is_(None))
        | (SigningKeyRecord.retired_at > now - verification_window(settings))
    )


async def add_key(
    session: AsyncSession, *, settings: Settings, activates_at: datetime
) -> SigningKeyRecord:
    """Create a key that signs from ``activates_at``; the key signing then retires then."""
    private_key = Ed25519PrivateKey.generate()
    kid = thumbprint(private_key.public_key())
    await session.execute(
        update(SigningKeyRecord)
        .where(SigningKeyRecord.retired_at.is_(None) | (SigningKeyRecord.retired_at > activates_at))
        .values(retired_at=activates_at)
    )
    record = SigningKeyRecord(
        kid=kid,
        algorithm=ALGORITHM,
        public_key=_raw(private_key.public_key()),
        private_key_ciphertext=_seal(load_key_encryption_key(settings), kid, private_key),
        created_at=utcnow(),
        activates_at=activates_at,
    )
    session.add(record)
    await session.flush()
    return record


async def rotate(
    session: AsyncSession, *, settings: Settings, immediately: bool = False
) -> SigningKeyRecord:
    """Add the next signing key and drop keys no token can still need."""
    now = utcnow()
    delay = 0 if immediately else settings.signing_key_activation_delay_seconds
    record = await add_key(session, settings=settings, activates_at=now + timedelta(seconds=delay))
    await session.execute(
        delete(SigningKeyRecord).where(
            SigningKeyRecord.retired_at <= now - verification_window(settings)
        )
    )
    await session.flush()
    return record


async def ensure_key(session: AsyncSession, *, settings: Settings) -> SigningKeyRecord | None:
    """Create the first signing key when none signs now; return it, or None if one does."""
    now = utcnow()
    signing = await session.scalar(
        select(SigningKeyRecord.kid).where(
            SigningKeyRecord.activates_at <= now,
            SigningKeyRecord.retired_at.is_(None) | (SigningKeyRecord.retired_at > now),
        )
    )
    if signing is not None:
        return None
    return await add_key(session, settings=settings, activates_at=now)


async def list_keys(session: AsyncSession) -> list[SigningKeyRecord]:
    return list(
        (
            await session.scalars(select(SigningKeyRecord).order_by(SigningKeyRecord.created_at))
        ).all()
    )


class KeyRing:
    """The keys one process signs and verifies with, reloaded from the database periodically."""

    def __init__(
        self, settings: Settings, *, unknown_kid_reload_seconds: float = UNKNOWN_KID_RELOAD_SECONDS
    ) -> None:
        self.settings = settings
        self.unknown_kid_reload_seconds = unknown_kid_reload_seconds
        self._keys: dict[str, SigningKey] = {}
        self._loaded_at = float("-inf")
        self._lock = asyncio.Lock()

    def _stale(self, max_age: float) -> bool:
        return time.monotonic() - self._loaded_at >= max_age

    async def _read(self, database: Database) -> list[SigningKeyRecord]:
        async with database.read_session() as session:
            return list((await session.scalars(_live_records(utcnow(), self.settings))).all())

    async def _load(self, database: Database) -> None:
        kek = load_key_encryption_key(self.settings)
        records = await self._read(database)
        self._keys = {record.kid: _open(kek, record) for record in records}
        self._loaded_at = time.monotonic()

    async def refresh(self, database: Database, *, max_age: float | None = None) -> None:
        age = self.settings.signing_keys_refresh_seconds if max_age is None else max_age
        if not self._stale(age):
            return
        async with self._lock:
            if self._stale(age):
                await self._load(database)

    def _active(self) -> list[SigningKey]:
        now = utcnow()
        return [
            key
            for key in self._keys.values()
            if key.activates_at <= now and (key.retired_at is None or key.retired_at > now)
        ]

    async def signing_key(self, database: Database) -> SigningKey:
        """The newest key that has activated.

        Call it before the request's own transaction starts: on a fresh installation it
        writes the first key (`jobboard migrate` does that in production).
        """
        await self.refresh(database)
        if not self._active():
            await self.refresh(database, max_age=0)
        if not self._active():
            async with database.unit_of_work() as session:
                await ensure_key(session, settings=self.settings)
            await self.refresh(database, max_age=0)
        return max(self._active(), key=lambda key: (key.activates_at, key.kid))

    async def verification_key(self, database: Database, kid: str) -> SigningKey | None:
        """The key named ``kid`` if it may still verify tokens."""
        await self.refresh(database)
        key = self._keys.get(kid)
        if key is None:
            await self.refresh(database, max_age=self.unknown_kid_reload_seconds)
            key = self._keys.get(kid)
        if key is None or key.retired_at is None:
            return key
        if key.retired_at + verification_window(self.settings) <= utcnow():
            return None
        return key

    async def jwks(self, database: Database) -> dict[str, Any]:
        """Every key that signs, will sign, or signed tokens that may still be alive."""
        await self.refresh(database)
        # The key that signs next first, then the current one, then the retired ones.
        keys = sorted(
            self._keys.values(),
            key=lambda key: (key.retired_at is None, key.retired_at or key.activates_at),
            reverse=True,
        )
        return {"keys": [key.public_jwk() for key in keys]}
