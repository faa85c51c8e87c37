"""The key that signs access tokens and the JWKS that publishes it.

Production reads a PEM Ed25519 key from ``JOBBOARD_JWT_PRIVATE_KEY_FILE`` or
``JOBBOARD_JWT_PRIVATE_KEY``; development and tests generate one under ``data_dir/keys``.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import orjson
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from jobboard.config import Settings, get_settings

ALGORITHM = "EdDSA"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@dataclass(frozen=True)
class SigningKey:
    private_key: Ed25519PrivateKey
    kid: str

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    def public_jwk(self) -> dict[str, Any]:
        raw = self.public_key.public_bytes(
            encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw
        )
        return {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": _b64(raw),
            "kid": self.kid,
            "use": "sig",
            "alg": ALGORITHM,
        }


def _thumbprint(public_key: Ed25519PublicKey) -> str:
    """RFC 7638 JWK thumbprint, used as the key id."""
    raw = public_key.public_bytes(
        encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw
    )
    canonical = orjson.dumps({"crv": "Ed25519", "kty": "OKP", "x": _b64(raw)})
    return _b64(hashlib.sha256(canonical).digest())


def generate_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )


def _load_pem(pem: bytes) -> SigningKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("the token signing key must be an Ed25519 private key")
    return SigningKey(private_key=key, kid=_thumbprint(key.public_key()))


def _development_key_file(settings: Settings) -> Path:
    path = settings.data_dir / "keys" / "jwt-ed25519.pem"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(generate_pem())
    return path


def load_signing_key(settings: Settings) -> SigningKey:
    if settings.jwt_private_key:
        return _load_pem(settings.jwt_private_key.encode())
    path = settings.jwt_private_key_file or _development_key_file(settings)
    return _load_pem(path.read_bytes())


@cache
def get_signing_key() -> SigningKey:
    return load_signing_key(get_settings())


def jwks() -> dict[str, Any]:
    return {"keys": [get_signing_key().public_jwk()]}
