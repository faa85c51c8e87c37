"""What identity needs stored: refresh tokens, web sessions, API clients and the token signing
keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from jobboard.kit.clock import utcnow
from jobboard.models.base import Base, BigIntegerId, JsonDocument


class RefreshToken(Base):
    """One refresh token of a sign-in; rotating it adds the next token to the same family.

    Only a SHA-256 of the token is kept. A token is spent once (``used_at``); presenting a
    spent token again revokes its whole family.
    """

    __tablename__ = "refresh_token"
    __table_args__ = (
        Index("ix_refresh_token_user_id", "user_id"),
        Index("ix_refresh_token_family_id", "family_id"),
        Index("ix_refresh_token_expires_at", "expires_at"),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    client_address: Mapped[str | None] = mapped_column(String(64))


class WebSession(Base):
    """A browser's sign-in. The cookie carries the session id, signed; only its SHA-256 is
    kept here, so that signing out (or an admin) can end this one session on every replica.
    """

    __tablename__ = "web_session"
    __table_args__ = (
        Index("ix_web_session_user_id", "user_id"),
        Index("ix_web_session_expires_at", "expires_at"),
    )

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    client_address: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))


class ApiClient(Base):
    """An integrator's OAuth client, bound to one company, with the scopes its owner chose."""

    __tablename__ = "api_client"
    __table_args__ = (Index("ix_api_client_company_id", "company_id"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[str]] = mapped_column(JsonDocument)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    secret_rotated_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[datetime | None]
    tokens_valid_after: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class SigningKeyRecord(Base):
    """An Ed25519 token signing key, its private half encrypted with the key-encryption key.

    A key signs from ``activates_at`` until the next key activates (``retired_at``); it stays
    published and accepted until every token it signed has expired.
    """

    __tablename__ = "signing_key"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    algorithm: Mapped[str] = mapped_column(String(16))
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    private_key_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    activates_at: Mapped[datetime]
    retired_at: Mapped[datetime | None]
