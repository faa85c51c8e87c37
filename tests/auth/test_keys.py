"""Signing keys: encrypted at rest, rotated with overlap, picked by kid, published as a JWKS."""

from __future__ import annotations

from datetime import timedelta

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from sqlalchemy import select, update

from conftest import AccountFactory
from jobboard.auth import keys
from jobboard.auth.keys import KeyRing
from jobboard.config import SettingsError, get_settings
from jobboard.db import Database
from jobboard.kit.clock import utcnow
from jobboard.models import SigningKeyRecord


def _ring(refresh_seconds: int = 0) -> KeyRing:
    return KeyRing(
        get_settings().model_copy(update={"signing_keys_refresh_seconds": refresh_seconds})
    )


async def _rotate(database: Database, *, immediately: bool) -> SigningKeyRecord:
    async with database.unit_of_work() as session:
        return await keys.rotate(session, settings=get_settings(), immediately=immediately)


async def test_private_keys_are_stored_encrypted(database: Database) -> None:
    """The stored private half is AES-GCM ciphertext bound to its kid, not the key itself."""
    key = await _ring().signing_key(database)
    async with database.sessionmaker() as session:
        record = await session.get(SigningKeyRecord, key.kid)
    assert record is not None
    raw = key.private_key.private_bytes(
        encoding=serialization.Encoding.Raw,
        format=serialization.PrivateFormat.Raw,
        encryption_algorithm=serialization.NoEncryption(),
    )
    assert raw not in record.private_key_ciphertext
    assert len(record.private_key_ciphertext) == 12 + len(raw) + 16
    assert record.kid == keys.thumbprint(key.public_key)


async def test_a_wrong_key_encryption_key_is_an_error(database: Database) -> None:
    """Keys made under one key-encryption key do not open under another."""
    await _ring().signing_key(database)
    other = get_settings().model_copy(
        update={"key_encryption_key": keys.generate_key_encryption_key()}
    )
    with pytest.raises(SettingsError, match="does not decrypt"):
        await KeyRing(other).signing_key(database)


@pytest.mark.parametrize("value", ["not base64 !!", "c2hvcnQ"])
def test_a_malformed_key_encryption_key_is_refused(value: str) -> None:
    """A key-encryption key that is not 32 bytes of base64url is a settings error."""
    settings = get_settings().model_copy(update={"key_encryption_key": value})
    with pytest.raises(SettingsError):
        keys.load_key_encryption_key(settings)


async def test_a_rotation_publishes_the_next_key_before_it_signs(
    client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """After `rotate`, a replica's JWKS lists the next key first while the current one still
    signs (the app's own ring, caching for a minute, is checked in test_real_clients)."""
    seeker = await accounts()
    current = await _ring().signing_key(database)
    upcoming = await _rotate(database, immediately=False)
    client_ring = _ring()
    assert (await client_ring.signing_key(database)).kid == current.kid
    published = [key["kid"] for key in (await client_ring.jwks(database))["keys"]]
    assert published == [upcoming.kid, current.kid]
    response = await client.get("/api/v1/me", headers=seeker.headers)
    assert response.status_code == 200


async def test_tokens_of_the_previous_key_verify_until_they_expire(
    client: httpx.AsyncClient, accounts: AccountFactory, database: Database
) -> None:
    """An immediate rotation signs new tokens with the new kid; the old key's tokens keep
    working until the longest of them has expired, then the old key leaves the JWKS."""
    seeker = await accounts()
    old_kid = jwt.get_unverified_header(seeker.headers["Authorization"][7:])["kid"]
    new = await _rotate(database, immediately=True)
    ring = _ring()
    assert (await ring.signing_key(database)).kid == new.kid
    assert await ring.verification_key(database, old_kid) is not None
    assert (await client.get("/api/v1/me", headers=seeker.headers)).status_code == 200
    window = keys.verification_window(get_settings())
    async with database.unit_of_work() as session:
        await session.execute(
            update(SigningKeyRecord)
            .where(SigningKeyRecord.kid == old_kid)
            .values(retired_at=utcnow() - window - timedelta(seconds=1))
        )
    assert await _ring().verification_key(database, old_kid) is None
    jwks = await _ring().jwks(database)
    assert [key["kid"] for key in jwks["keys"]] == [new.kid]


async def test_rotation_prunes_keys_no_token_can_need(database: Database) -> None:
    """Rotating deletes keys retired longer ago than the longest token lifetime."""
    first = await _ring().signing_key(database)
    await _rotate(database, immediately=True)
    window = keys.verification_window(get_settings())
    async with database.unit_of_work() as session:
        await session.execute(
            update(SigningKeyRecord)
            .where(SigningKeyRecord.kid == first.kid)
            .values(retired_at=utcnow() - window - timedelta(seconds=5))
        )
    await _rotate(database, immediately=True)
    async with database.sessionmaker() as session:
        kids = set((await session.scalars(select(SigningKeyRecord.kid))).all())
    assert first.kid not in kids
    assert len(kids) == 2


async def test_a_replica_picks_up_a_rotation_within_its_refresh_interval(
    database: Database,
) -> None:
    """A ring caches keys for signing_keys_refresh_seconds; an unknown kid makes it look again
    (at most every few seconds; here at once)."""
    ring = KeyRing(
        get_settings().model_copy(update={"signing_keys_refresh_seconds": 3600}),
        unknown_kid_reload_seconds=0,
    )
    before = await ring.signing_key(database)
    new = await _rotate(database, immediately=True)
    assert (await ring.signing_key(database)).kid == before.kid
    assert await ring.verification_key(database, new.kid) is not None
    assert (await ring.signing_key(database)).kid == new.kid
